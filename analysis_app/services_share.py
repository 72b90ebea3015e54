"""Making and revoking read-only links to an answer's report (`ReportShare`).

A link's token is a bearer secret: it is made here, returned once to the candidate who made
it, and only its SHA-256 is kept, so the database never holds a working link.
"""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from analysis_app.models import ReportShare
from interview_project.errors import ConflictError
from sessions_app.models import Answer

#: Active links one answer may have at once: enough to give each reader their own (so each
#: can be revoked alone), few enough that a looping client cannot fill the table.
MAX_ACTIVE_SHARES_PER_ANSWER = 20


def share_token_hash(token: str) -> str:
    """What is stored and looked up for a token: its SHA-256, hex."""
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def report_share_create(*, answer: Answer) -> tuple[ReportShare, str]:
    """A new link to `answer`'s report; returns the share and its token (shown only now).

    The caller has checked that the user owns the answer (`answer_owned_get`)."""
    # Locks the answer so two parallel creates cannot both pass the limit.
    Answer.objects.select_for_update().filter(pk=answer.pk).first()
    active = ReportShare.objects.filter(answer=answer, revoked_at__isnull=True).count()
    if active >= MAX_ACTIVE_SHARES_PER_ANSWER:
        raise ConflictError(
            f"This answer already has {MAX_ACTIVE_SHARES_PER_ANSWER} active links; revoke one "
            "first.", code="too_many_shares")
    token = secrets.token_urlsafe(32)
    share = ReportShare.objects.create(answer=answer, token_hash=share_token_hash(token))
    return share, token


def report_share_revoke(*, share: ReportShare) -> ReportShare:
    """Stops the link working at once; revoking a revoked link changes nothing."""
    if share.revoked_at is None:
        share.revoked_at = timezone.now()
        share.save(update_fields=["revoked_at"])
    return share
