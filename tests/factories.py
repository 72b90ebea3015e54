"""factory_boy factories for the platform's models."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from analysis_app.engine.typed_json import dump
from sessions_app.models import Answer, InterviewSession, Question

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"candidate{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def persist(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()


class InterviewSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InterviewSession

    owner = factory.SubFactory(UserFactory)
    target_role = "Software engineer"
    difficulty = "medium"


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    session = factory.SubFactory(InterviewSessionFactory)
    order = factory.Sequence(lambda n: n + 1)
    text = "Tell me about a time you resolved a conflict in your team."
    category = "behavioural"
    key_points = factory.LazyFunction(lambda: ["conflict", "listening", "outcome"])


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    question = factory.SubFactory(QuestionFactory)
    session = factory.LazyAttribute(lambda answer: answer.question.session)
    order = factory.Sequence(lambda n: n + 1)


def analysed_answer(features: dict, *, transcript: str = "I led the migration.",
                    **answer_fields: object) -> Answer:
    """An answer with a report scored by the real rubric from the given features
    (`analysis_status` "completed" unless given, e.g. "partial")."""
    from analysis_app.engine.scoring import score_features
    from analysis_app.models import AnswerReport

    answer = AnswerFactory(**{"analysis_status": "completed", **answer_fields})
    scored = dump(score_features(features).record())
    AnswerReport.objects.create(
        answer=answer, features=features, transcript={"text": transcript, "words": []},
        scores=scored["scores"], missing=scored["missing"], explanations=scored["explanations"],
        baselines=scored["baselines"], feedback=scored["feedback"],
        rubric_version=scored["rubric_version"], media={"has_video": True},
        timelines={"t": [0, 1, 2], "pace_wpm": [140.0, None, 150.0]},
        markers={"fillers": [{"kind": "filler", "text": "um", "start": 1.0, "end": 1.2,
                              "word_index": 3}], "hedges": [], "long_pauses": [],
                 "restarts": [{"kind": "restart", "text": "I I", "start": 0.1, "end": 0.4,
                               "word_index": 0}]},
    )
    return answer
