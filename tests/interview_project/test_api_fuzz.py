"""schemathesis fuzzes every operation of the OpenAPI schema (/api/schema/) as a real user.

The WSGI application runs in-process (schemathesis' `from_wsgi`): the whole Django stack
(middleware, DRF, the parsers, the error handler, the services and PostgreSQL) without a
server process, so a run fits CI. Each operation's test signs a user in with a real API token
(`Authorization: Token`) and gives its path parameters the ids of that user's own objects (a
session with a question and an answer, a résumé, a webhook with a delivery, a token): the
random ids a fuzzer would pick only ever reach the 404 path.

Asserted: no 5xx ever (`not_a_server_error`), and every answer is documented (status code,
Content-Type, body schema and headers: the error responses are documented on every
operation, interview_project/api_schema.py). Not asserted: schemathesis' guesses that a
schema-valid request must succeed or a schema-invalid one fail (`positive_data_acceptance`,
`negative_data_rejection`): a wrong password, an unresolvable webhook host or a .png résumé
are schema-valid and rightly refused.

Bounded for CI: FUZZ_MAX_EXAMPLES (default 30) examples per operation, and a deadline per
operation (FUZZ_OPERATION_DEADLINE_S, 4 s) after which its remaining examples are not sent:
about a minute for the 44 operations on 2 cores, three at most. Raise both for a deeper run
(`FUZZ_MAX_EXAMPLES=150 FUZZ_OPERATION_DEADLINE_S=60 pytest tests/interview_project/
test_api_fuzz.py`: 6,600 requests, no server error when it was written).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.files.base import ContentFile
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from analysis_app.webhooks import services as webhook_services
from sessions_app import services
from sessions_app.models import Resume
from tests.factories import AnswerFactory, UserFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "30"))
OPERATION_DEADLINE_S = float(os.environ.get("FUZZ_OPERATION_DEADLINE_S", "4"))
CHECKS_NOT_ASSERTED = ["positive_data_acceptance", "negative_data_rejection"]

schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
schema.config.generation.update(max_examples=MAX_EXAMPLES)
schema.config.checks.update(excluded_check_names=CHECKS_NOT_ASSERTED)


@pytest.fixture(autouse=True)
def connection_kept() -> Iterator[None]:
    """Django closes the database connection when a request ends; in-process, that is the
    test's own connection (with its transaction). Django's test client does the same."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


class Owned:
    """A fuzzing user's token and the ids of objects that user owns."""

    def __init__(self, settings: Any) -> None:
        # The webhook points at a closed port here: a ping fails at once.
        settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True
        settings.WEBHOOK_TIMEOUT_S = 1.0
        user = UserFactory()
        _, self.token = services.api_token_create(user=user, name="fuzz")
        # Revoking "a token of mine" revokes this one, not the one the fuzzer calls with.
        spare, _ = services.api_token_create(user=user, name="spare")
        answer = AnswerFactory(question__session__owner=user)
        resume = Resume(owner=user, original_name="cv.txt", size=20, source_format="txt",
                        text="Python developer", parsed={"skills": ["Python"]})
        resume.file.save("resume.txt", ContentFile(b"Python developer"), save=False)
        resume.save()
        webhook = webhook_services.webhook_create(
            owner=user, url="http://127.0.0.1:9/hooks", events=["answer.completed"])
        delivery = webhook_services.webhook_ping(webhook=webhook)
        self.ids = {
            "session_id": str(answer.session_id), "answer_id": str(answer.pk),
            "resume_id": str(resume.pk), "webhook_id": str(webhook.pk),
            "delivery_id": str(delivery.pk), "token_id": str(spare.pk),
        }
        self.started = time.monotonic()


@pytest.fixture
def owned(settings: Any) -> Owned:
    return Owned(settings)


@schema.parametrize()
@settings(deadline=None, max_examples=MAX_EXAMPLES, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_no_operation_errors_or_answers_outside_its_schema(case: Any, owned: Owned) -> None:
    if time.monotonic() - owned.started > OPERATION_DEADLINE_S:
        return  # this operation's time is up: the remaining examples pass unsent
    if case.path_parameters:
        case.path_parameters = {name: owned.ids.get(name, value)
                                for name, value in case.path_parameters.items()}
    case.call_and_validate(headers={"Authorization": f"Token {owned.token}"})
