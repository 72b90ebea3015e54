"""Language features: fillers, hedges and restarts on word boundaries, pace, content measures."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis_app.engine import semantic
from analysis_app.engine.config import EngineConfig
from analysis_app.engine.language import (
    LanguageAnalysis,
    Marker,
    analyze_language,
    find_fillers,
    find_hedges,
    find_restarts,
)
from analysis_app.engine.media import read_wav
from analysis_app.engine.merge import transcript_markers
from analysis_app.engine.prosody import analyze_audio
from analysis_app.engine.question_kind import classify_question, question_kind_for
from analysis_app.engine.speech import Transcript, Word, transcribe
from analysis_app.engine.textstats import normalise
from analysis_app.engine.typed_json import dump, load
from tests import media_factory
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


def restarts_in(text: str) -> list[str]:
    return [m.text for m in analyze_language(timed(text)).restarts]


@pytest.mark.parametrize(("text", "expected"), [
    # repetitions (Shriberg 1994), a filler or editing term between them does not hide them
    ("I I think we we were ready.", ["i", "we"]),
    ("We fixed the the build.", ["the"]),
    ("I um I think so.", ["i"]),
    ("In the, in the end we won.", ["in the"]),
    ("It, it worked.", ["it"]),
    ("I... I think so.", ["i"]),
    ("I I I think.", ["i", "i"]),
    ("And you, you know, you did it.", ["you"]),
    # revisions and false starts
    ("I was - we were late.", ["i was"]),
    ("We went to, I mean, we drove there.", ["we went to"]),
    ("It's it was fine.", ["it's"]),
    ("I am, I was there.", ["i am"]),
    ("We wa- we were there.", ["we wa"]),
    ("It failed bec- since the build broke.", ["bec"]),
])
def test_restarts_are_repetitions_revisions_and_false_starts(
    text: str, expected: list[str],
) -> None:
    # given / when
    found = restarts_in(text)

    # then: each restart marks the words that were given up
    assert found == expected


@pytest.mark.parametrize("text", [
    "We had had problems before.",  # grammatical double
    "I knew that that was wrong.",  # grammatical double
    "It was very very good.",  # emphatic reduplication (a choice: planned, so fluent)
    "It was really, really good.",
    "We did it. We did it again.",  # across a sentence end
    "We fixed it, it worked.",  # "it" ends one clause and starts the next
    "I told you, you were right.",
    "We fixed it, it's fine now.",
    "I think I can do it.",  # the same subject in a new clause
    "I said that I would.",
    "If I had, I would have.",  # an elliptical clause, not an abandoned one
    "We did, we really did.",
    "I think, um, I should go.",
    "We came, we saw, we conquered.",
    "I was tired, I was hungry.",
    "We tested it in 2020 2020.",
    "So, so we decided to wait.",
])
def test_fluent_repeats_are_not_restarts(text: str) -> None:
    # given / when / then
    assert restarts_in(text) == []


#: What Whisper tiny.en wrote for espeak-ng reading "I I think we we moved the billing service
#: in the spring. It was, it was a long project. We went to, I mean, we drove to the office
#: every day, and it's, it was worth it." (test_restarts_survive_real_transcription): the
#: one-word repetitions are gone, the rest is kept with Whisper's own punctuation and timings.
WHISPER_WORDS = (
    ("I", 0.0, 0.28, 0.8352), ("think", 0.28, 0.62, 0.9782), ("we", 0.62, 0.96, 0.9737),
    ("moved", 0.96, 1.34, 0.9665), ("the", 1.34, 1.56, 0.9618), ("billing", 1.56, 1.88, 0.6524),
    ("service", 1.88, 2.34, 0.9936), ("in", 2.34, 2.48, 0.7767), ("the", 2.48, 2.76, 0.9481),
    ("spring.", 2.76, 3.18, 0.9495), ("It", 3.74, 3.8, 0.9699), ("was,", 3.8, 4.36, 0.9894),
    ("it", 4.4, 4.64, 0.9414), ("was", 4.64, 4.82, 0.8586), ("a", 4.82, 4.92, 0.9761),
    ("long", 4.92, 5.26, 0.9886), ("project.", 5.26, 5.8, 0.9968), ("We", 6.44, 6.52, 0.9745),
    ("went", 6.52, 6.88, 0.998), ("to,", 6.88, 7.36, 0.9775), ("I", 7.36, 7.6, 0.9677),
    ("mean,", 7.6, 8.1, 0.9949), ("we", 8.28, 8.4, 0.9691), ("drove", 8.4, 8.68, 0.9839),
    ("to", 8.68, 8.9, 0.9173), ("the", 8.9, 9.0, 0.9385), ("office", 9.0, 9.36, 0.9975),
    ("every", 9.36, 9.74, 0.932), ("day,", 9.74, 10.32, 0.9474), ("and", 10.46, 10.56, 0.9827),
    ("it", 10.56, 11.22, 0.8251), ("was,", 11.22, 11.52, 0.7011), ("it", 11.64, 11.64, 0.9704),
    ("was", 11.64, 11.64, 0.9725), ("worth", 11.64, 11.9, 0.9851), ("it.", 11.9, 12.26, 0.9981),
)


def test_restarts_in_real_asr_output_keep_their_word_timings() -> None:
    # given: Whisper's transcript of a disfluent answer, uneven timings and all
    words = tuple(Word(*word) for word in WHISPER_WORDS)
    transcript = Transcript(text=" ".join(w.word for w in words), words=words)

    # when
    analysis = analyze_language(transcript)

    # then
    assert [(m.text, m.start, m.end, m.word_index) for m in analysis.restarts] == [
        ("it was", 3.74, 4.36, 10), ("we went to", 6.44, 7.36, 17), ("it was", 10.56, 11.52, 30),
    ]
    assert analysis.features["restart_count"] == 3
    assert [m.text for m in analysis.fillers] == ["i mean"]  # the editing term is a filler too


def test_a_fluent_asr_transcript_has_no_restarts() -> None:
    # given: the same answer said fluently, as Whisper writes it
    words = (
        ("I", 0.0, 0.3, 0.84), ("think", 0.3, 0.62, 0.98), ("we", 0.62, 0.96, 0.97),
        ("moved", 0.96, 1.34, 0.97), ("the", 1.34, 1.56, 0.96), ("billing", 1.56, 1.88, 0.65),
        ("service", 1.88, 2.34, 0.99), ("in", 2.34, 2.48, 0.78), ("the", 2.48, 2.76, 0.95),
        ("spring.", 2.76, 3.18, 0.95), ("It", 3.74, 3.8, 0.97), ("was", 3.8, 4.0, 0.99),
        ("a", 4.0, 4.1, 0.98), ("long", 4.1, 4.4, 0.99), ("project.", 4.4, 4.9, 0.99),
        ("We", 5.4, 5.5, 0.97), ("drove", 5.5, 5.8, 0.98), ("to", 5.8, 5.9, 0.92),
        ("the", 5.9, 6.0, 0.94), ("office,", 6.0, 6.4, 0.99), ("and", 6.5, 6.6, 0.98),
        ("it", 6.6, 6.7, 0.83), ("was", 6.7, 6.9, 0.97), ("worth", 6.9, 7.2, 0.99),
        ("it.", 7.2, 7.5, 0.99),
    )
    transcript = Transcript(text="", words=tuple(Word(*word) for word in words))

    # when
    features = analyze_language(transcript).features

    # then
    assert features["restart_count"] == 0


def test_restarts_are_marked_on_the_transcript_like_fillers() -> None:
    # given
    analysis = analyze_language(timed("So I I think we um we moved it"))

    # when
    markers = dump(transcript_markers(None, analysis))

    # then
    assert markers["restarts"] == [
        {"kind": "restart", "text": "i", "start": 0.4, "end": 0.72, "word_index": 1},
        {"kind": "restart", "text": "we", "start": 1.6, "end": 1.92, "word_index": 4},
    ]
    assert markers["fillers"][0]["text"] == "um"


def test_a_language_analysis_stored_before_restarts_still_loads() -> None:
    # given: a stored text-stage row from before restarts existed
    stored = dump(analyze_language(timed("So, um, I I think we shipped it."), 5.0))
    del stored["restarts"]
    del stored["features"]["restart_count"]

    # when
    restored = load(LanguageAnalysis, stored)

    # then
    assert restored.restarts == ()
    assert "restart_count" not in restored.features
    assert dump(transcript_markers(None, restored))["restarts"] == []


def test_markers_keep_the_word_timings() -> None:
    # given
    transcript = timed("We um moved fast")

    # when
    marker = analyze_language(transcript).fillers[0]

    # then
    assert (marker.start, marker.end, marker.word_index) == (0.4, 0.72, 1)


def test_every_marker_names_the_words_it_covers_by_index() -> None:
    # given: Whisper's timings, with the zero-length "Um," and "Uh," it writes (issue 15)
    timings = [("Um,", 0.0, 0.0), ("I", 0.3, 0.4), ("I", 0.4, 0.5), ("think,", 0.5, 0.8),
               ("you", 0.8, 0.82), ("know,", 0.82, 1.1), ("we,", 1.1, 1.3), ("uh,", 1.3, 1.3),
               ("kind", 1.5, 1.7), ("of", 1.7, 1.8), ("moved", 1.8, 2.1), ("it.", 2.1, 2.3)]
    words = tuple(Word(text, start, end, 0.9) for text, start, end in timings)
    tokens = [normalise(word.word) for word in words]

    # when: the finders alone, so no embedding model loads
    fillers = find_fillers(tokens, words)
    markers = [*fillers, *find_hedges(tokens, words), *find_restarts(tokens, words, fillers)]

    # then: the report marks words[word_index : word_index + len(text.split())], whatever
    # their timings, so each marker's text must be exactly those words
    assert [(m.kind, m.text, m.word_index) for m in markers] == [
        ("filler", "um", 0), ("filler", "you know", 4), ("filler", "uh", 7),
        ("hedge", "i think", 2), ("hedge", "kind of", 8), ("restart", "i", 1),
    ]
    for marker in markers:
        covered = words[marker.word_index: marker.word_index + len(marker.text.split())]
        assert " ".join(normalise(word.word) for word in covered) == marker.text
        assert (marker.start, marker.end) == (covered[0].start, covered[-1].end)
    assert all(load(Marker, dump(m)) == m for m in markers)


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
    analysis = analyze_language(timed("So, um, I I think we shipped it on time."), 5.0)
    assert analysis.restarts

    # when
    restored = load(LanguageAnalysis, dump(analysis))

    # then
    assert restored == analysis


#: Spoken by espeak-ng; `FLUENT_ANSWER` is the same answer without the restarts.
DISFLUENT_ANSWER = (
    "I I think we we moved the billing service in the spring. It was, it was a long project. "
    "We went to, I mean, we drove to the office every day, and it's, it was worth it."
)
FLUENT_ANSWER = (
    "I think we moved the billing service in the spring. It was a long project. "
    "We drove to the office every day, and it was worth it."
)


@pytest.mark.slow
def test_restarts_survive_real_transcription(engine_dir: Path, config: EngineConfig) -> None:
    """Whisper tiny.en drops one-word repetitions: espeak-ng says "I I think we we moved"
    (both "I"s and both "we"s are in its phonemes) and Whisper writes "I think we moved",
    with or without commas between them and even with repetitions in the verbatim prompt. So
    this answer also carries what Whisper keeps: a repeated phrase ("It was, it was"), a
    revision with an editing term ("We went to, I mean, we drove") and a contraction restart
    ("it's, it was", which Whisper writes "it was, it was")."""
    # given
    disfluent = media_factory.speech_wav(DISFLUENT_ANSWER, engine_dir / "restarts.wav")
    fluent = media_factory.speech_wav(FLUENT_ANSWER, engine_dir / "no_restarts.wav")

    # when
    found = {}
    for name, path in (("disfluent", disfluent), ("fluent", fluent)):
        audio = read_wav(path)
        transcript = transcribe(audio, config)
        found[name] = analyze_language(transcript, analyze_audio(audio, config), None, (),
                                       config)

    # then
    restarts = found["disfluent"].restarts
    assert found["disfluent"].features["restart_count"] >= 2
    assert {"it was", "we went to"} <= {m.text for m in restarts}
    seconds = read_wav(disfluent).size / 16_000
    assert all(0.0 <= m.start < m.end <= seconds for m in restarts)
    assert found["fluent"].features["restart_count"] == 0


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
    # and: each covered point keeps the sentence that covers it, for the candidate's report
    evidence = analysis.coverage["evidence"]
    assert set(evidence) == set(key_points[:2])
    assert "response times" in evidence[key_points[0]]
    assert "trained two new colleagues" in evidence[key_points[1]]


@pytest.mark.slow
def test_without_key_points_coverage_is_not_scored(config: EngineConfig) -> None:
    """A question without key points (a custom one) has nothing to cover: the question's own
    keywords are still matched for the report, but the rubric reads no coverage, so the answer
    is not penalised for points nobody asked for."""
    # given
    question = "How did you reduce customer response times?"

    # when
    analysis = analyze_language(timed(RATE_SCRIPT), None, question, (), config)

    # then
    assert analysis.coverage is not None
    assert analysis.coverage["source"] == "question_keywords"
    assert analysis.features["keyword_coverage"] is None


@pytest.mark.parametrize(("question", "kind"), [
    ("Tell me about a time you disagreed with your manager.", "behavioural"),
    ("Describe a situation where a deadline slipped.", "behavioural"),
    ("Give an example of when you led without authority.", "behavioural"),
    ("How do you choose features for a model?", "technical"),
    ("What is the difference between a process and a thread?", "technical"),
    (None, "behavioural"),  # no question: the default, which keeps old scores
])
def test_custom_questions_are_classified_by_their_wording(question: str | None,
                                                          kind: str) -> None:
    # given / when / then
    assert classify_question(question) == kind


def test_the_category_fixes_the_kind_and_custom_questions_use_the_text() -> None:
    # given / when / then
    assert question_kind_for("skill", "Tell me about a time you used SQL.") == "technical"
    assert question_kind_for("behavioural", "How do you handle conflict?") == "behavioural"
    assert question_kind_for("custom", "How do you choose features for a model?") == "technical"


def test_organisation_and_specifics_are_counted_for_an_explanation() -> None:
    # given: an organised, specific technical answer and a vague one
    organised = ("First, I look at the target and the data we have. Because leakage is the "
                 "main risk, I drop anything recorded after the label. For example, in my last "
                 "project we had 40 candidate columns in PostgreSQL. However, mutual information "
                 "alone misses interactions, so I check SHAP values from an XGBoost model.")
    vague = "I just pick the ones that seem good and see what works and keep those ones."
    # when
    good = analyze_language(timed(organised)).features
    poor = analyze_language(timed(vague)).features
    # then
    assert good["organisation_markers"] == 4 and poor["organisation_markers"] == 0
    # 40, PostgreSQL, SHAP, XGBoost: the sentence-initial capitals do not count
    assert good["specific_detail_count"] == 4 and poor["specific_detail_count"] == 0
    assert good["specificity_per_100_words"] > 5


def test_without_key_points_coverage_is_null_and_the_kind_is_recorded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given: a custom question with no key points (the embedder is not needed for this)
    monkeypatch.setattr(semantic, "relevance", lambda question, sentences, config: 0.3)
    # when
    features = analyze_language(timed("I would look at the data first, because it matters."),
                                question="How do you choose features for a model?").features
    # then
    assert features["keyword_coverage"] is None and features["key_points_total"] is None
    assert features["question_kind"] == "technical"
