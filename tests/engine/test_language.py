"""Language features: fillers and hedges on word boundaries, pace, content measures."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis_app.engine.config import EngineConfig
from analysis_app.engine.language import LanguageAnalysis, analyze_language
from analysis_app.engine.media import read_wav
from analysis_app.engine.prosody import analyze_audio
from analysis_app.engine.speech import Transcript, Word, transcribe
from tests.engine.conftest import RATE_SCRIPT, RATE_SPEEDS
from tests.engine.metrics import words_of


def timed(text: str, seconds_per_word: float = 0.4) -> Transcript:
    """A transcript as Whisper writes it, words evenly spread over time."""
    words = tuple(
        Word(word, round(i * seconds_per_word, 3), round((i + 0.8) * seconds_per_word, 3), 0.9)
        for i, word in enumerate(text.split())
    )
    return Transcript(text=text, words=words)


def fillers_in(text: str) -> list[str]:
    return [m.text for m in analyze_language(timed(text)).fillers]


def hedges_in(text: str) -> list[str]:
    return [m.text for m in analyze_language(timed(text)).hedges]


def test_filled_pauses_count_on_word_boundaries_only() -> None:
    # given / when
    found = fillers_in("Um, I took my umbrella. Uh, the hummus was, uhm, good. Er, ah.")

    # then: "umbrella" and "hummus" hold no filler
    assert found == ["um", "uh", "uhm", "er", "ah"]


@pytest.mark.parametrize(("text", "expected"), [
    ("So, like, we shipped it.", ["like"]),
    ("It was like, a huge relief.", ["like"]),
    ("I like working with data.", []),
    ("I would like to lead a team.", []),
    ("It looks like a good plan.", []),
    ("The likely outcome was fine.", []),
    ("We moved fast, you know, because of the deadline.", ["you know"]),
    ("You know that the deadline was fixed.", []),
    ("I mean, the tests were flaky.", ["i mean"]),
    ("I mean it when I say thanks.", []),
])
def test_discourse_fillers_depend_on_their_use(text: str, expected: list[str]) -> None:
    # given / when
    found = fillers_in(text)

    # then
    assert found == expected


def test_hedges_are_found_longest_first_and_kind_of_as_noun_is_not_one() -> None:
    # given
    text = ("I think maybe we could, I'm not sure, sort of rewrite it. "
            "What kind of database? It was kind of slow.")

    # when
    found = hedges_in(text)

    # then
    assert found == ["i think", "maybe", "i'm not sure", "sort of", "kind of"]


def test_markers_keep_the_word_timings() -> None:
    # given
    transcript = timed("We um moved fast")

    # when
    marker = analyze_language(transcript).fillers[0]

    # then
    assert (marker.start, marker.end, marker.word_index) == (0.4, 0.72, 1)


def test_rates_are_per_hundred_words_and_speaking_time_is_used() -> None:
    # given: 20 words, 2 of them fillers, over 10 s of speaking time
    text = "um " + "we shipped the new release on time " * 2 + "and uh the client was very happy"
    transcript = timed(text.strip())

    # when
    features = analyze_language(transcript, 10.0).features

    # then
    assert features["word_count"] == 22
    assert features["filler_count"] == 2
    assert features["filler_rate_per_100_words"] == pytest.approx(100 * 2 / 22, abs=0.01)
    assert features["speech_rate_wpm"] == pytest.approx(22 * 6.0, abs=0.1)


def test_numbers_count_as_the_words_spoken() -> None:
    # given: Whisper writes "sixty thousand dollars" as one token
    transcript = timed("We saved $60,000 and 25% of the time.")

    # when
    features = analyze_language(transcript).features

    # then: we saved sixty thousand dollars and twenty five percent of the time
    assert features["word_count"] == 12


def test_lexical_diversity_is_a_type_token_ratio() -> None:
    # given
    varied = timed("Every answer here uses entirely different words without any repetition")
    repetitive = timed("the team the team the team the team the team the team")

    # when
    high = analyze_language(varied).features["lexical_diversity"]
    low = analyze_language(repetitive).features["lexical_diversity"]

    # then
    assert high == 1.0
    assert low == pytest.approx(2 / 12, abs=1e-4)


def test_sentiment_reads_the_words_not_the_fillers() -> None:
    # given: "like" is positive in VADER's lexicon, but as a filler it says nothing
    positive = timed("I loved the project and the team was great.")
    negative = timed("It was a terrible failure and I hated the stress.")
    neutral_with_fillers = timed("So, like, we moved the server, like, on Tuesday.")

    # when / then
    assert analyze_language(positive).features["sentiment"] > 0.5
    assert analyze_language(negative).features["sentiment"] < -0.5
    assert analyze_language(neutral_with_fillers).features["sentiment"] == pytest.approx(0.0)


def test_star_components_are_recognised() -> None:
    # given
    star = timed(
        "At my previous job our releases kept failing. My task was to make them reliable. "
        "I wrote a checklist and automated the tests. As a result failures dropped by half."
    )
    partial = timed("I like teamwork and I am a hard worker.")

    # when
    full = analyze_language(star)
    little = analyze_language(partial)

    # then
    assert full.features["star_components"] == 4
    assert set(full.star) == {"situation", "task", "action", "result"}
    assert little.features["star_components"] == 0


def test_empty_transcript_has_no_rates() -> None:
    # given / when
    features = analyze_language(Transcript(text="")).features

    # then
    assert features["word_count"] == 0
    assert features["speech_rate_wpm"] is None
    assert features["filler_rate_per_100_words"] is None
    assert features["sentiment"] is None


def test_language_analysis_round_trips_through_json() -> None:
    # given
    analysis = analyze_language(timed("So, um, I think we shipped it on time."), 5.0)

    # when
    restored = LanguageAnalysis.from_dict(analysis.to_dict())

    # then
    assert restored == analysis


@pytest.mark.slow
@pytest.mark.parametrize("wpm", RATE_SPEEDS)
def test_speaking_rate_matches_the_truth_at_three_speeds(
    rate_wavs: dict[int, Path], wpm: int, config: EngineConfig
) -> None:
    # given: the script's words over the recording's length is the true rate
    audio = read_wav(rate_wavs[wpm])
    true_wpm = len(words_of(RATE_SCRIPT)) * 60.0 / (audio.size / 16_000)

    # when
    transcript = transcribe(audio, config)
    features = analyze_language(transcript, analyze_audio(audio, config), None, (),
                                config).features

    # then
    assert features["speech_rate_wpm"] == pytest.approx(true_wpm, rel=0.15)


@pytest.mark.slow
def test_an_answer_on_topic_is_more_relevant_than_one_off_topic(config: EngineConfig) -> None:
    # given
    question = "Tell me about a time you improved customer support response times."
    on_topic = timed(RATE_SCRIPT)
    off_topic = timed("My favourite food is pasta and on weekends I like to go hiking "
                      "in the mountains with my dog.")

    # when
    relevant = analyze_language(on_topic, None, question, (), config).features
    irrelevant = analyze_language(off_topic, None, question, (), config).features

    # then
    assert relevant["relevance_similarity"] > 0.4
    assert relevant["relevance_similarity"] > irrelevant["relevance_similarity"] + 0.2


@pytest.mark.slow
def test_key_points_are_covered_by_words_or_by_meaning(config: EngineConfig) -> None:
    # given
    key_points = (
        "customer response time",  # in the answer's words
        "trained new team members",  # said differently: "trained two new colleagues"
        "the budget and costs",  # not mentioned
    )

    # when
    analysis = analyze_language(timed(RATE_SCRIPT), None, "Tell me about support.", key_points,
                                config)

    # then
    assert analysis.coverage is not None
    assert analysis.coverage["covered"] == list(key_points[:2])
    assert analysis.coverage["missing"] == [key_points[2]]
    assert analysis.features["keyword_coverage"] == pytest.approx(2 / 3, abs=1e-3)


@pytest.mark.slow
def test_without_key_points_the_question_keywords_are_expected(config: EngineConfig) -> None:
    # given
    question = "How did you reduce customer response times?"

    # when
    analysis = analyze_language(timed(RATE_SCRIPT), None, question, (), config)

    # then
    assert analysis.coverage is not None
    assert analysis.coverage["source"] == "question_keywords"
    assert analysis.features["keyword_coverage"] > 0.5
