"""STAR parts found by cue lists and by meaning, measured on the held-out split.

The labelled set (analysis_app/engine/data/star_sentences.jsonl) has a training split the
classifier is fitted on and a test split written separately, as whole answers in other job
domains; every figure here is on the test split. Per part (situation, task, action, result) a
sentence is a positive when it is labelled with that part, and a method finds it when it says
the sentence shows that part (a method may give one sentence two parts; `none` sentences are
negatives for every part). Precision, recall and F1 per part, and their macro average:

* cue lists: `lexicon.STAR_CUES`, what the engine used before;
* meaning only: logistic regression on all-MiniLM-L6-v2 sentence embeddings;
* meaning + wording (shipped): the same with TF-IDF word 1-2-grams learned from the set;
* shipped or cue lists: a part counts when either finds it.

Then the answers: how many of the parts the 24 STAR answers hold each method finds, how many
parts it invents in the non-STAR answers (technical explanations, generic talk), and the same
STAR answers told as one run-on sentence without punctuation or capitals. `--cv` adds the
cross-validation on the training split that chose C, the wording weight and the threshold.

    .venv/bin/python bench/bench_star.py [--cv] [--write docs/performance.md]
"""

from __future__ import annotations

import argparse
import itertools
import os
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from analysis_app.engine import semantic, star  # noqa: E402
from analysis_app.engine.config import EngineConfig  # noqa: E402
from bench.results_block import write_block  # noqa: E402

Finder = Callable[[Sequence[str]], list[set[str]]]


def scores(found: Sequence[set[str]], labels: Sequence[str],
           ) -> dict[str, tuple[float, float, float]]:
    """(precision, recall, F1) per part, one-vs-rest over sentences, and their macro mean."""
    result: dict[str, tuple[float, float, float]] = {}
    pairs = list(zip(found, labels, strict=True))
    for part in star.PARTS:
        tp = sum(part in parts and label == part for parts, label in pairs)
        fp = sum(part in parts and label != part for parts, label in pairs)
        fn = sum(part not in parts and label == part for parts, label in pairs)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        result[part] = (precision, recall, f1)
    result["macro"] = tuple(float(np.mean([result[p][k] for p in star.PARTS]))  # type: ignore[assignment]
                            for k in range(3))
    return result


def _run_on(text: str) -> str:
    """A sentence as an unpunctuated transcript has it: lower case, no punctuation."""
    return re.sub(r"[^\w' ]+", " ", text.lower()).strip()


def answer_figures(finder: Finder, test: Sequence[star.LabelledSentence],
                   ) -> tuple[int, int, int, int]:
    """(parts the STAR answers hold, found, invented in non-STAR answers, found in run-ons).

    Every STAR answer of the split tells all four parts, so a part found in one is never
    invented; the non-STAR answers (technical explanations, generic talk) hold none.
    """
    answers: dict[str, list[star.LabelledSentence]] = defaultdict(list)
    for row in test:
        answers[str(row.answer)].append(row)
    gold_total = found_total = invented = run_on_found = 0
    for rows in answers.values():
        gold = {row.label for row in rows} - {star.NONE}
        found = set().union(*finder([row.text for row in rows]))
        if gold:
            gold_total += len(gold)
            found_total += len(found & gold)
            run_on = set().union(*finder([" ".join(_run_on(row.text) for row in rows)]))
            run_on_found += len(run_on & gold)
        else:
            invented += len(found)
    return gold_total, found_total, invented, run_on_found


def cross_validate(train: Sequence[star.LabelledSentence], vectors: np.ndarray,
                   config: EngineConfig) -> list[tuple[float, float, float, float, float]]:
    """(C, wording weight, threshold, mean macro F1, sd) over 3 x 5 folds of the training split."""
    from sklearn.model_selection import RepeatedStratifiedKFold

    labels = np.array([row.label for row in train])
    folds = RepeatedStratifiedKFold(n_splits=5, n_repeats=3, random_state=0)
    grid_c, grid_wording, grid_threshold = (1.0, 3.0, 10.0, 30.0), (0.0, 0.5, 1.0, 1.5), (
        0.25, 0.3, 0.35, 0.4, 0.5)
    results: dict[tuple[float, float, float], list[float]] = defaultdict(list)
    for fit_on, held in folds.split(vectors, labels):
        fit_rows = [train[i] for i in fit_on]
        held_texts = [train[i].text for i in held]
        for c, wording in itertools.product(grid_c, grid_wording):
            model = star.fit(fit_rows, config, wording_weight=wording, c=c,
                             vectors=vectors[fit_on])
            probabilities = model.probabilities(held_texts, vectors[held])
            for threshold in grid_threshold:
                found = [{part for k, part in enumerate(star.PARTS) if row[k] >= threshold}
                         for row in probabilities]
                results[(c, wording, threshold)].append(
                    scores(found, list(labels[held]))["macro"][2])
    return sorted(((c, w, t, float(np.mean(v)), float(np.std(v)))
                   for (c, w, t), v in results.items()), key=lambda row: -row[3])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cv", action="store_true",
                        help="also cross-validate the settings on the training split (~2 min)")
    parser.add_argument("--write", type=Path, default=None,
                        help="replace the star block of this Markdown file with the report")
    args = parser.parse_args()

    config = EngineConfig()
    train, test = star.load_sentences("train"), star.load_sentences("test")
    semantic.embed(["load the model first"], config)  # so the fit time below is the fit's
    started, cpu_started = time.perf_counter(), time.process_time()
    train_vectors = semantic.embed([row.text for row in train], config)
    shipped = star.fit(train, config, vectors=train_vectors)
    fit_s, fit_cpu_s = time.perf_counter() - started, time.process_time() - cpu_started
    meaning = star.fit(train, config, wording_weight=0.0, vectors=train_vectors)
    test_vectors = semantic.embed([row.text for row in test], config)
    nearest = float((test_vectors @ train_vectors.T).max())

    finders: dict[str, Finder] = {
        "cue lists (before)": lambda texts: [star.cue_parts(text) for text in texts],
        "meaning only": meaning.parts,
        "meaning + wording (shipped)": shipped.parts,
        "shipped or cue lists": lambda texts: [
            parts | star.cue_parts(text)
            for text, parts in zip(texts, shipped.parts(texts), strict=True)],
    }
    labels = [row.label for row in test]
    lines = [
        f"Held-out split: {len(test)} sentences in {len({r.answer for r in test})} answers "
        f"({sum(r.source == 'asr' for r in test)} transcribed-style); fitted on {len(train)} "
        f"training sentences. Closest test-to-train pair: cosine {nearest:.2f} (no near "
        "copies).",
        "",
        "| method | part | precision | recall | F1 |",
        "|---|---|---:|---:|---:|",
    ]
    per_source: dict[str, dict[str, float]] = {}
    answers: dict[str, tuple[int, int, int, int]] = {}
    for name, finder in finders.items():
        found = finder([row.text for row in test])
        for part, (precision, recall, f1) in scores(found, labels).items():
            shown = f"**{part}**" if part == "macro" else part
            lines.append(f"| {name} | {shown} | {precision:.2f} | {recall:.2f} | {f1:.2f} |")
        per_source[name] = {
            source: scores([f for f, r in zip(found, test, strict=True) if r.source == source],
                           [r.label for r in test if r.source == source])["macro"][2]
            for source in ("written", "asr")}
        answers[name] = answer_figures(finder, test)
    lines += ["", "| method | macro F1, written | macro F1, transcribed | parts found in the "
              "STAR answers | parts invented in the non-STAR answers | found, each STAR answer "
              "as one run-on sentence |",
              "|---|---:|---:|---:|---:|---:|"]
    for name, (gold, found_parts, invented, run_on) in answers.items():
        lines.append(f"| {name} | {per_source[name]['written']:.2f} | "
                     f"{per_source[name]['asr']:.2f} | {found_parts} of {gold} | {invented} | "
                     f"{run_on} of {gold} |")
    answer_text = [row.text for row in test if row.answer == "test-airline"]
    shipped.parts(answer_text)
    started, cpu_started = time.perf_counter(), time.process_time()
    for _ in range(5):
        shipped.parts(answer_text)
    classify_ms = (time.perf_counter() - started) / 5 * 1000
    classify_cpu_ms = (time.process_time() - cpu_started) / 5 * 1000
    lines += ["", f"Fitting at first use (embedding {len(train)} sentences + fitting): "
              f"{fit_s:.1f} s wall, {fit_cpu_s:.1f} s CPU; classifying a 5-sentence answer: "
              f"{classify_ms:.0f} ms wall, {classify_cpu_ms:.0f} ms CPU ({os.cpu_count()} "
              f"cores, load average {os.getloadavg()[0]:.1f} while measured: wall times "
              "grow with other work on the machine)."]
    if args.cv:
        grid = cross_validate(train, train_vectors, config)
        lines += ["", "Cross-validation on the training split (3 x 5 folds), best settings "
                  "first; the shipped ones are "
                  f"C={star.REGULARISATION_C:g}, wording weight {star.WORDING_WEIGHT:g}, "
                  f"threshold {star.PART_THRESHOLD:g}:", "",
                  "| C | wording weight | threshold | macro F1 | sd |",
                  "|---:|---:|---:|---:|---:|"]
        shipped_key = (star.REGULARISATION_C, star.WORDING_WEIGHT, star.PART_THRESHOLD)
        best_meaning = next(row for row in grid if row[1] == 0.0)
        shown_rows = [*grid[:6]]
        shown_rows += [row for row in grid if row[:3] == shipped_key and row not in shown_rows]
        shown_rows += [best_meaning] if best_meaning not in shown_rows else []
        for c, wording, threshold, mean, sd in shown_rows:
            lines.append(f"| {c:g} | {wording:g} | {threshold:g} | {mean:.3f} | {sd:.3f} |")
    report = "\n".join(lines)
    print(report)
    if args.write:
        write_block(args.write, "star", report)


if __name__ == "__main__":
    main()
