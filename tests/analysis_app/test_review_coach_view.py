"""The coach's view in the admin (issue 15): measures in words, the full question, reviews
counted per reviewer, "save and next" in the queue's order, the transcript marked as the
candidate sees it."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from analysis_app.engine.merge import FEATURE_KEYS
from analysis_app.engine.scoring import DIMENSIONS
from analysis_app.engine.scoring.rubric import DIMENSION_RUBRICS
from analysis_app.models import AnswerReport
from sessions_app.models import Answer
from tests.factories import QuestionFactory, UserFactory, analysed_answer
from tests.scoring.profiles import answer as answer_features

pytestmark = pytest.mark.django_db

QUEUE = "/admin/analysis_app/answerforreview/"
#: Every name a feature has in the engine: none of them may reach a coach's screen.
FEATURE_NAMES = sorted(
    {*FEATURE_KEYS, *(f for rubric in DIMENSION_RUBRICS.values() for f in rubric.features)})


def _coach(name: str = "coach") -> Client:
    user = UserFactory(username=name, is_staff=True)
    user.groups.add(Group.objects.get(name="reviewers"))
    client = Client()
    client.force_login(user)
    return client


def _review_url(answer: Answer, **query: str) -> str:
    url = f"{QUEUE}{answer.pk}/change/"
    return f"{url}?{urlencode(query)}" if query else url


def _snake_case_feature_names(html: str) -> list[str]:
    return [name for name in FEATURE_NAMES if re.search(rf"\b{name}\b", html)]


def test_the_queue_and_the_review_page_name_every_measure_in_words() -> None:
    # given: an answer whose eye contact is 100 % and which is read by every dimension
    answer = analysed_answer(answer_features(eye_contact_ratio=1.0, speech_rate_wpm=148.0))
    coach = _coach()
    # when
    queue = coach.get(QUEUE).content.decode()
    page = coach.get(_review_url(answer)).content.decode()
    # then: labels and units, never the engine's names, and a ratio as a percentage
    assert _snake_case_feature_names(queue) == []
    assert _snake_case_feature_names(page) == []
    assert "Speaking rate: 148 words per minute" in page
    assert "Eye contact: 100% of frames" in page
    assert "Eye contact · 1" not in page and "= 1.00" not in page


def test_the_queue_and_the_review_page_show_the_whole_question() -> None:
    # given: a question longer than any cut the list used to make
    text = ("Tell me about a time you had to change a plan that your whole team had agreed "
            "on, and how you brought everyone along with the new plan in the end?")
    answer = analysed_answer(answer_features(), question=QuestionFactory(text=text))
    coach = _coach()
    # when
    queue = coach.get(QUEUE).content.decode()
    page = coach.get(_review_url(answer)).content.decode()
    # then
    assert text in queue
    assert f"<title>Review: {text}" in page


def _reviews_column(html: str) -> list[str]:
    return re.findall(r'<td class="field-review_count">(\d+)</td>', html)


def test_the_queue_counts_reviews_not_the_dimensions_rated() -> None:
    # given: one coach rates all ten dimensions, another only comments
    answer = analysed_answer(answer_features())
    _coach("ann").post(_review_url(answer), {dimension: "70" for dimension in DIMENSIONS})
    _coach("bob").post(_review_url(answer), {"comment": "Lead with the result."})
    # when
    queue = _coach("cat").get(QUEUE).content.decode()
    # then: two reviews, not ten ratings
    assert _reviews_column(queue) == ["2"]


def test_one_reviewer_rating_ten_dimensions_is_one_review() -> None:
    answer = analysed_answer(answer_features())
    coach = _coach()
    coach.post(_review_url(answer), {dimension: "60" for dimension in DIMENSIONS})
    assert _reviews_column(coach.get(QUEUE).content.decode()) == ["1"]


def _three_answers_oldest_first() -> list[Answer]:
    answers = [analysed_answer(answer_features()) for _ in range(3)]
    now = timezone.now()
    for age, answer in zip((3, 2, 1), answers, strict=True):
        Answer.objects.filter(pk=answer.pk).update(created_at=now - timedelta(hours=age))
    return answers


def test_save_and_next_opens_the_next_answer_in_the_queue_not_the_newest() -> None:
    # given: the queue lists the newest first: newest, middle, oldest
    oldest, middle, newest = _three_answers_oldest_first()
    coach = _coach()
    # when: the coach reviews the middle one, then the oldest
    after_middle = coach.post(_review_url(middle), {"fluency": "70"})
    after_oldest = coach.post(_review_url(oldest), {"fluency": "70"})
    # then: the one below the middle, then (nothing below the oldest) back to the top
    assert after_middle["Location"] == _review_url(oldest)
    assert after_oldest["Location"] == _review_url(newest)


def test_save_and_next_follows_the_order_the_coach_sorted_the_queue_by() -> None:
    # given: the coach sorted the queue oldest first, and that sort travels with the page
    oldest, middle, _newest = _three_answers_oldest_first()
    coach = _coach()
    column = coach.get(QUEUE).context["cl"].list_display.index("created_at")
    filters = {"_changelist_filters": urlencode({"o": str(column)})}
    # when
    saved = coach.post(_review_url(oldest, **filters), {"fluency": "70"})
    # then: the next is the one after it in that order, and the sort stays for the page after
    assert saved["Location"] == _review_url(middle, **filters)


def test_save_and_next_skips_what_the_coach_already_reviewed() -> None:
    oldest, middle, newest = _three_answers_oldest_first()
    coach = _coach()
    coach.post(_review_url(oldest), {"fluency": "70"})
    saved = coach.post(_review_url(newest), {"fluency": "70"})
    assert saved["Location"] == _review_url(middle)


def test_save_and_next_returns_to_the_queue_when_nothing_awaits() -> None:
    answer = analysed_answer(answer_features())
    saved = _coach().post(_review_url(answer), {"fluency": "70"})
    assert saved["Location"] == QUEUE


def _word(text: str, start: float) -> dict[str, float | str]:
    return {"word": f" {text}", "start": start, "end": start + 0.3, "probability": 0.9}


def test_the_review_page_marks_fillers_hedges_restarts_and_long_pauses() -> None:
    # given: "I I think um we shipped it" with a long pause before "we"
    answer = analysed_answer(answer_features())
    words = [_word("I", 0.0), _word("I", 0.3), _word("think", 0.6), _word("um,", 0.9),
             _word("we", 2.6), _word("shipped", 2.9), _word("it.", 3.2)]
    words[3]["end"] = words[3]["start"]  # Whisper gives "um," no duration
    AnswerReport.objects.filter(answer=answer).update(
        transcript={"text": "I I think um, we shipped it.", "words": words},
        markers={
            "fillers": [{"kind": "filler", "text": "um", "start": 0.9, "end": 0.9,
                         "word_index": 3}],
            "hedges": [{"kind": "hedge", "text": "i think", "start": 0.3, "end": 0.9,
                        "word_index": 1}],
            "restarts": [{"kind": "restart", "text": "i", "start": 0.0, "end": 0.3,
                          "word_index": 0}],
            "long_pauses": [{"start": 1.0, "end": 2.5, "duration_s": 1.5, "long": True}],
        })
    # when
    page = _coach().get(_review_url(answer)).content.decode()
    # then
    transcript = page[page.index('class="transcript"'):]
    assert re.search(r'<mark class="filler"[^>]*>um,', transcript)
    assert len(re.findall(r'<mark class="hedge"[^>]*>', transcript)) == 2  # "I think"
    assert re.search(r'<mark class="restart"[^>]*>I<', transcript)
    pause = transcript.index("pause 1.5 s")
    assert transcript.index("um,") < pause < transcript.index("we")


def test_a_transcript_without_word_timings_is_still_shown() -> None:
    answer = analysed_answer(answer_features(), transcript="We cut costs by a third.")
    page = _coach().get(_review_url(answer)).content.decode()
    assert "We cut costs by a third." in page


def test_the_coach_pages_carry_no_inline_style_link_the_stylesheet_and_name_the_product(
) -> None:
    """The Content-Security-Policy refuses inline styles: an inline one is an unstyled page."""
    # given
    answer = analysed_answer(answer_features())
    coach = _coach()
    # when
    pages = {name: coach.get(url).content.decode()
             for name, url in (("queue", QUEUE), ("review", _review_url(answer)))}
    # then
    for name, html in pages.items():
        assert "<style" not in html and " style=" not in html, name
        assert "/static/analysis_app/admin.css" in html, name
        assert "Interview coach" in html and "Django administration" not in html, name
