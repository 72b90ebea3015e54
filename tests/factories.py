"""factory_boy factories for the platform's models."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

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
