"""STAR parts by meaning: the real embedding model and the real labelled set, no stand-ins.

Issue 13: a clear, complete STAR answer, transcribed with a few speech-to-text slips, had 1 of 4
parts found by the cue lists and scored 31 on structure.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from analysis_app.engine import star
from analysis_app.engine.config import EngineConfig
from analysis_app.engine.language import analyze_language
from analysis_app.engine.speech import Transcript, Word

#: Situation, task, actions and a result in numbers, as Whisper wrote it: "this situation",
#: "I was task with", "um", and paraphrases no cue list holds ("went through", "we rewrote").
#: Nothing of it is in the labelled set.
ISSUE_ANSWER = (
    "So this situation was, our mobile app kept crashing for about a third of users after "
    "every update. I was task with getting the crash rate down before the big holiday sale. "
    "Um, I went through the crash reports with two other developers and we found most came "
    "from the image cache. We rewrote that part, added tests on older phones and rolled it out "
    "to five percent of users first. We reduced it by twenty percent in the first week, and by "
    "the sale crashes were down to under one percent."
)
TECHNICAL_ANSWER = (
    "A hash join builds a hash table on the smaller input and then probes it with the larger "
    "one. It works well when the smaller table fits in memory. If it does not, the database "
    "spills partitions to disk, which is slower. A merge join is better when both inputs are "
    "already sorted."
)


def timed(text: str, seconds_per_word: float = 0.4) -> Transcript:
    words = tuple(
        Word(word, round(i * seconds_per_word, 3), round((i + 0.8) * seconds_per_word, 3), 0.9)
        for i, word in enumerate(text.split())
    )
    return Transcript(text=text, words=words)


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.?!])\s+", text) if s]


def macro_f1(found: list[set[str]], labels: list[str]) -> float:
    scores = []
    for part in star.PARTS:
        tp = sum(part in f and label == part for f, label in zip(found, labels, strict=True))
        fp = sum(part in f and label != part for f, label in zip(found, labels, strict=True))
        fn = sum(part not in f and label == part for f, label in zip(found, labels, strict=True))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)


def test_the_issues_answer_has_all_four_parts(config: EngineConfig) -> None:
    # given: the answer the cue lists read as one part
    assert len(star.find_star_by_cues(sentences(ISSUE_ANSWER))) <= 1

    # when
    analysis = analyze_language(timed(ISSUE_ANSWER), config=config)

    # then: each part, with the sentence that shows it as evidence
    assert analysis.features["star_components"] == 4
    assert list(analysis.star) == ["situation", "task", "action", "result"]
    assert analysis.star["situation"].startswith("So this situation was")
    assert analysis.star["task"].startswith("I was task with")
    assert analysis.star["result"].startswith("We reduced it")


def test_a_run_on_transcript_without_punctuation_still_shows_the_parts(
        config: EngineConfig) -> None:
    # given: the same story as one lower-case "sentence", as a transcript without punctuation
    run_on = re.sub(r"[^\w' ]+", "", ISSUE_ANSWER.lower())

    # when
    found = star.find_star([run_on], config)

    # then: every part found, and the evidence is the sentence itself
    assert set(found) == set(star.PARTS)
    assert set(found.values()) == {run_on}


def test_a_technical_explanation_shows_few_or_no_parts(config: EngineConfig) -> None:
    # given / when
    analysis = analyze_language(timed(TECHNICAL_ANSWER), config=config)
    generic = star.find_star(["I like teamwork and I am a hard worker.",
                              "I think communication is the key to everything."], config)

    # then
    assert analysis.features["star_components"] <= 1
    assert generic == {}


def test_the_labelled_set_is_large_varied_and_split() -> None:
    # given
    rows = star.load_sentences()

    # then
    assert len(rows) >= 200
    assert {row.label for row in rows} == set(star.LABELS)
    assert {row.source for row in rows} == {"written", "asr"}
    for split in ("train", "test"):
        counts = Counter(row.label for row in rows if row.split == split)
        assert set(counts) == set(star.LABELS), split
        assert min(counts.values()) >= 20, (split, counts)
    train = {row.text.lower() for row in rows if row.split == "train"}
    assert not any(row.text.lower() in train for row in rows if row.split == "test")
    assert all(row.answer for row in rows if row.split == "test")


def test_held_out_the_classifier_beats_the_cue_lists(config: EngineConfig) -> None:
    # given: the test split, never fitted on
    test = star.load_sentences("test")
    texts, labels = [row.text for row in test], [row.label for row in test]

    # when
    by_meaning = macro_f1(star.classifier(config).parts(texts), labels)
    by_cues = macro_f1([star.cue_parts(text) for text in texts], labels)

    # then: a quality bar, measured as in `make bench-star` (0.88 against 0.51 when written)
    assert by_meaning > by_cues + 0.2
    assert by_meaning > 0.75


def test_without_the_embedding_model_the_cue_lists_answer() -> None:
    # given: an embedding model that is not on disk
    missing = EngineConfig(embedding_model="/nonexistent/all-MiniLM-L6-v2")
    text = sentences(ISSUE_ANSWER)

    # when
    found = star.find_star(text, missing)

    # then: no error, and what the cue lists find
    assert found == star.find_star_by_cues(text)


@pytest.mark.parametrize("blank", [[], ["", "  "]])
def test_no_sentences_no_parts(blank: list[str], config: EngineConfig) -> None:
    assert star.find_star(blank, config) == {}
