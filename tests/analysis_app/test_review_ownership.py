"""A rating or comment in the admin is always the logged-in reviewer's own.

Forgery attempts: posting another reviewer's id, editing or deleting another reviewer's
rating (singly and with the bulk action), on the rating and comment pages and on the review
page. Superusers may delete another's rating, never change it.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client

from analysis_app.models import ReviewComment, ReviewerRating
from sessions_app.models import Answer
from tests.factories import AnswerFactory, UserFactory, analysed_answer
from tests.scoring.profiles import answer as answer_features

pytestmark = pytest.mark.django_db

RATINGS = "/admin/analysis_app/reviewerrating/"
COMMENTS = "/admin/analysis_app/reviewcomment/"


def _reviewer(name: str, *extra_permissions: str, superuser: bool = False) -> object:
    user = UserFactory(username=name, is_staff=True, is_superuser=superuser)
    user.groups.add(Group.objects.get(name="reviewers"))
    for codename in extra_permissions:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def answer() -> Answer:
    return analysed_answer(answer_features())


def test_a_new_rating_is_the_logged_in_reviewers_whoever_is_posted(answer: Answer) -> None:
    # given
    ann, bob = _reviewer("ann"), _reviewer("bob")
    client = _client(ann)
    # when
    form = client.get(f"{RATINGS}add/")
    saved = client.post(f"{RATINGS}add/", {"answer": answer.pk, "reviewer": bob.pk,
                                           "dimension": "fluency", "score": "70"})
    # then: no field to pick the author, no list of accounts, and the row is ann's
    assert form.status_code == 200
    assert 'name="reviewer"' not in form.content.decode()
    assert "bob" not in form.content.decode()
    assert saved.status_code == 302
    rating = ReviewerRating.objects.get()
    assert (rating.reviewer, rating.score) == (ann, 70)


def test_a_second_rating_of_the_same_dimension_is_a_form_error(answer: Answer) -> None:
    ann = _reviewer("ann")
    ReviewerRating.objects.create(answer=answer, reviewer=ann, dimension="fluency", score=60)
    refused = _client(ann).post(f"{RATINGS}add/", {"answer": answer.pk,
                                                   "dimension": "fluency", "score": "70"})
    assert refused.status_code == 200
    assert "already reviewed" in refused.content.decode()
    assert list(ReviewerRating.objects.values_list("score", flat=True)) == [60]


def test_an_unanalysed_answer_cannot_be_rated() -> None:
    unanalysed = AnswerFactory()
    refused = _client(_reviewer("ann")).post(f"{RATINGS}add/", {
        "answer": unanalysed.pk, "dimension": "fluency", "score": "70"})
    assert refused.status_code == 200
    assert not ReviewerRating.objects.exists()


def test_a_reviewer_changes_their_own_rating_but_not_its_author_answer_or_dimension(
    answer: Answer,
) -> None:
    # given
    ann, bob = _reviewer("ann"), _reviewer("bob")
    other = analysed_answer(answer_features())
    rating = ReviewerRating.objects.create(answer=answer, reviewer=ann, dimension="fluency",
                                           score=60)
    # when
    saved = _client(ann).post(f"{RATINGS}{rating.pk}/change/", {
        "score": "75", "reviewer": bob.pk, "answer": other.pk, "dimension": "clarity"})
    # then
    assert saved.status_code == 302
    rating.refresh_from_db()
    assert (rating.score, rating.reviewer, rating.answer, rating.dimension) == (
        75, ann, answer, "fluency")


@pytest.mark.parametrize("superuser", [False, True])
def test_nobody_changes_another_reviewers_rating(answer: Answer, superuser: bool) -> None:
    # given
    bob = _reviewer("bob")
    rating = ReviewerRating.objects.create(answer=answer, reviewer=bob, dimension="fluency",
                                           score=60)
    client = _client(_reviewer("ann", superuser=superuser))
    # when
    page = client.get(f"{RATINGS}{rating.pk}/change/")
    forged = client.post(f"{RATINGS}{rating.pk}/change/", {"score": "5"})
    # then: a read-only page, and the post is refused
    assert page.status_code == 200
    assert 'name="score"' not in page.content.decode()
    assert forged.status_code == 403
    rating.refresh_from_db()
    assert (rating.score, rating.reviewer) == (60, bob)


def test_a_reviewer_cannot_delete_another_reviewers_rating_even_with_the_permission(
    answer: Answer,
) -> None:
    # given
    ann = _reviewer("ann", "delete_reviewerrating")
    bob = _reviewer("bob")
    theirs = ReviewerRating.objects.create(answer=answer, reviewer=bob, dimension="fluency",
                                           score=60)
    mine = ReviewerRating.objects.create(answer=answer, reviewer=ann, dimension="fluency",
                                         score=70)
    client = _client(ann)
    # when
    single = client.post(f"{RATINGS}{theirs.pk}/delete/", {"post": "yes"})
    bulk = client.post(RATINGS, {"action": "delete_selected", "post": "yes",
                                 "_selected_action": [theirs.pk, mine.pk]})
    own = client.post(f"{RATINGS}{mine.pk}/delete/", {"post": "yes"})
    # then: bob's rating survives both; ann's own goes
    assert single.status_code == 403
    assert bulk.status_code in (200, 403)
    assert own.status_code == 302
    assert list(ReviewerRating.objects.values_list("reviewer__username", flat=True)) == ["bob"]


def test_a_superuser_may_delete_another_reviewers_rating(answer: Answer) -> None:
    bob = _reviewer("bob")
    rating = ReviewerRating.objects.create(answer=answer, reviewer=bob, dimension="fluency",
                                           score=60)
    deleted = _client(_reviewer("root", superuser=True)).post(
        f"{RATINGS}{rating.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302
    assert not ReviewerRating.objects.exists()


def test_comments_follow_the_same_rules(answer: Answer) -> None:
    # given: ann may manage comments in the admin
    ann = _reviewer("ann", "view_reviewcomment", "add_reviewcomment", "change_reviewcomment",
                    "delete_reviewcomment")
    bob = _reviewer("bob")
    theirs = ReviewComment.objects.create(answer=answer, reviewer=bob, text="Good pace.")
    other = analysed_answer(answer_features())
    client = _client(ann)
    # when
    added = client.post(f"{COMMENTS}add/", {"answer": other.pk, "reviewer": bob.pk,
                                            "text": "Signed as bob?"})
    edited = client.post(f"{COMMENTS}{theirs.pk}/change/", {"text": "Forged."})
    deleted = client.post(f"{COMMENTS}{theirs.pk}/delete/", {"post": "yes"})
    # then
    assert added.status_code == 302
    assert ReviewComment.objects.get(answer=other).reviewer == ann
    assert (edited.status_code, deleted.status_code) == (403, 403)
    theirs.refresh_from_db()
    assert (theirs.text, theirs.reviewer) == ("Good pace.", bob)


def test_the_review_page_saves_ratings_as_the_logged_in_reviewer(answer: Answer) -> None:
    ann, bob = _reviewer("ann"), _reviewer("bob")
    _client(ann).post(f"/admin/analysis_app/answerforreview/{answer.pk}/change/",
                      {"fluency": "72", "reviewer": bob.pk, "comment": "Clear."})
    assert list(ReviewerRating.objects.values_list("reviewer__username", "score")) == [
        ("ann", 72)]
    assert ReviewComment.objects.get().reviewer == ann
