"""The scoring rubric: per dimension, its features, target ranges, curves and weights.

One versioned table, kept as data in ``rubric.toml`` (one row per rule, next to the comment
that names its source) and built here into the typed rubric. Any change to a number there
changes scores that candidates have already seen and that reviewers' ratings were compared
against, so it must bump ``RUBRIC_VERSION`` (a test pins the fingerprint of each version to
enforce that).

Sources. Where a range comes from published work, the comment names it; where no published
norm exists (head-pose steadiness, ASR confidence, embedding similarity) the comment says
"heuristic" and why the numbers are what they are. Norms used throughout:

- [NAIM18] Naim, Tanveer, Gildea & Hoque (2018), "Automated Analysis and Prediction of Job
  Interview Performance", IEEE Trans. Affective Computing 9(2): speaking rate, fewer fillers,
  unique words and smiling predicted interview ratings (MIT Interview Dataset).
- [PROD] Norms collected in docs/product.md: conversational English 110-150 wpm with 140-160 wpm
  rated best; presentation coaches flag more than 4-5 fillers per 100 words.
- [BORT01] Bortfeld, Leon, Bloom, Schober & Brennan (2001), "Disfluency rates in conversation",
  Language and Speech 44(2): about 6 disfluencies per 100 words in ordinary conversation.
- [GE68] Goldman-Eisler (1968), "Psycholinguistics: Experiments in Spontaneous Speech";
  [CV02] Campione & Veronis (2002), "A large-scale multilingual study of silent pause
  duration", Speech Prosody: silent pauses over ~1 s are the long tail of spontaneous speech.
- [HOS89] Hosman (1989), "The evaluative consequences of hedges, hesitations, and
  intensifiers", Human Communication Research 15(3): hedges and hesitations lower perceived
  competence and authority.
- [KS91] Kimble & Seidel (1991), "Vocal signs of confidence", J. Nonverbal Behavior 15(2):
  confident answers come with shorter response latencies.
- [TE95] Traunmueller & Eriksson (1995), "The perceptual evaluation of F0 excursions in speech
  as evidenced in liveliness estimations", JASA 97(3); [HIN05] Hincks (2005), "Measures and
  perceptions of liveliness in student oral presentation speech", System 33(4): wider pitch
  excursions are heard as livelier, narrow ones as monotone.
- [AC76] Argyle & Cook (1976), "Gaze and Mutual Gaze": speakers look at the listener roughly
  40 % and listeners roughly 75 % of the time; [BUR85] Burgoon, Manusov, Mineo & Hale (1985),
  "Effects of gaze on hiring, credibility, attraction and relational message interpretation",
  J. Nonverbal Behavior 9(3): more gaze, better hiring judgements.
- [BEN97] Bentivoglio et al. (1997), "Analysis of blink rate patterns in normal subjects",
  Movement Disorders 12(6): ~17 blinks/min at rest, ~26 in conversation, ~4.5 reading.
- [MEH69] Mehrabian (1969), "Significance of posture and position in the communication of
  attitude and status relationships", Psychological Bulletin 71(5).
- [GIF85] Gifford, Ng & Wilkinson (1985), "Nonverbal cues in the employment interview",
  J. Applied Psychology 70(4): smiling, gesturing and talk time related to interviewer ratings.
- [KRU09] Krumhuber et al. (2009), "Effects of dynamic attributes of smiles in human and
  synthetic faces: a simulated job interview setting", J. Nonverbal Behavior 33(1).
- [VADER] Hutto & Gilbert (2014), "VADER", ICWSM: compound >= 0.05 positive, <= -0.05 negative.
- [SBERT] Reimers & Gurevych (2019), "Sentence-BERT", EMNLP (all-MiniLM-L6-v2 embeddings).
- [JANZ82] Janz (1982), "Initial comparisons of patterned behavior description interviews
  versus unstructured interviews", J. Applied Psychology 67(5): answers describing the
  situation, the action taken and the outcome; STAR is the coaching form of it.
- [HH76] Halliday & Hasan (1976), "Cohesion in English", ch. 5: text is organised by four
  types of conjunction (additive, adversative, causal, temporal); an explanation that uses
  several of them ("first", "because", "for example", "however") leads the listener through
  its reasoning, which is what a technical answer has instead of a story.
- [FLESCH48] Flesch (1948), "A new readability yardstick", J. Applied Psychology 32(3):
  60-70 is plain English; [CUTTS] Cutts, "Oxford Guide to Plain English": average sentence
  length of 15-20 words.
- [MJ10] McCarthy & Jarvis (2010), "MTLD, vocd-D, and HD-D", Behavior Research Methods 42(2):
  plain type-token ratio falls with text length; [CM10] Covington & McFall (2010), "Cutting
  the Gordian knot: the moving-average type-token ratio (MATTR)", J. Quantitative Linguistics
  17(2): the windowed ratio the engine reports instead.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final

from analysis_app.engine.scoring.rubric_types import (
    Curve,
    DimensionRubric,
    Evidence,
    QuestionKind,
    Rule,
    Target,
)

#: 1.1.0: structure is judged per question kind (STAR only for behavioural questions).
RUBRIC_VERSION = "1.1.0"

#: The fingerprint of each released rubric; a test fails when the table changes without a
#: new version, because old scores and reviewer comparisons would silently change meaning.
RUBRIC_FINGERPRINTS: Mapping[str, str] = MappingProxyType({
    "1.0.0": "c4b1318f022febaf",
    "1.1.0": "236f6b41256d3492",
})

#: Below this share of frames with a face, the video "shows no face".
FACE_PRESENT_MIN_RATIO = 0.1
#: Fewer recognised words than this is not an answer that speech dimensions can judge.
MIN_WORDS = 5

#: The table itself: dimensions, rules, curves and the comments that give their sources.
RUBRIC_PATH: Final = Path(__file__).with_name("rubric.toml")

_RULE_KEYS: Final = frozenset({
    "feature", "weight", "curve", "target", "reference", "source", "needs", "required",
    "missing_reason", "if_no_face", "kinds",
})
_DIMENSION_KEYS: Final = frozenset({
    "name", "requires", "overall_weight", "scores_without_face", "rule",
})


def _checked_keys(row: Mapping[str, Any], allowed: frozenset[str], where: str) -> None:
    """A misspelt key would silently fall back to a default and change scores: refuse it."""
    unknown = set(row) - allowed
    if unknown:
        raise ValueError(f"rubric.toml, {where}: unknown keys {sorted(unknown)}")


def _points(points: list[list[float]]) -> Curve:
    return Curve(tuple((x, goodness) for x, goodness in points))


def _curve(spec: str | list[list[float]], shared: Mapping[str, Curve]) -> Curve:
    """A rule's own points, or the name of a curve shared by every rule on that feature."""
    if not isinstance(spec, str):
        return _points(spec)
    if spec not in shared:
        raise ValueError(f"rubric.toml: no shared curve named {spec!r}")
    return shared[spec]


def _rule(row: Mapping[str, Any], shared: Mapping[str, Curve], where: str) -> Rule:
    _checked_keys(row, _RULE_KEYS, where)
    target = row.get("target", {})
    _checked_keys(target, frozenset({"low", "high"}), f"{where} target")
    needs, kinds = row.get("needs"), row.get("kinds")
    return Rule(
        row["feature"], row["weight"], _curve(row["curve"], shared),
        Target(target.get("low"), target.get("high")),
        reference=row["reference"],
        source=row["source"],
        needs=None if needs is None else Evidence(needs),
        required=row.get("required", False),
        missing_reason=row.get("missing_reason"),
        if_no_face=row.get("if_no_face"),
        kinds=None if kinds is None else tuple(QuestionKind(kind) for kind in kinds),
    )


def _dimension(row: Mapping[str, Any], shared: Mapping[str, Curve]) -> DimensionRubric:
    name = row["name"]
    _checked_keys(row, _DIMENSION_KEYS, name)
    return DimensionRubric(
        name=name,
        requires=tuple(Evidence(evidence) for evidence in row["requires"]),
        overall_weight=row["overall_weight"],
        scores_without_face=row.get("scores_without_face", False),
        rules=tuple(_rule(rule, shared, f"{name}.{rule.get('feature')}")
                    for rule in row["rule"]),
    )


def load_rubrics(path: Path = RUBRIC_PATH) -> Mapping[str, DimensionRubric]:
    """The rubric table as typed dimensions, in the table's (the API's) order.

    The numbers live in a data file, one row per rule, because they are a table: written as
    code, every dimension repeated the same constructor calls and a reviewer had to read
    Python to check a range against its source.
    """
    with path.open("rb") as file:
        table = tomllib.load(file)
    shared = {name: _points(points) for name, points in table["curves"].items()}
    dimensions = [_dimension(row, shared) for row in table["dimension"]]
    return MappingProxyType({dimension.name: dimension for dimension in dimensions})


DIMENSION_RUBRICS: Mapping[str, DimensionRubric] = load_rubrics()
DIMENSIONS: tuple[str, ...] = tuple(DIMENSION_RUBRICS)
OVERALL = "overall"
#: The overall judges an answer; without its words there is no answer to judge.
OVERALL_REQUIRES: tuple[Evidence, ...] = (Evidence.SPEECH,)


def rubric_table() -> list[dict[str, object]]:
    """The rubric as rows (dimension, feature, weight, target, curve, source) for docs and
    the admin, so what candidates are scored on is never hidden in code."""
    rows: list[dict[str, object]] = []
    for rubric in DIMENSION_RUBRICS.values():
        for rule in rubric.rules:
            rows.append({
                "dimension": rubric.name,
                "overall_weight": rubric.overall_weight,
                "feature": rule.feature,
                "weight": rule.weight,
                "target": [rule.target.low, rule.target.high],
                "curve": [list(point) for point in rule.curve.points],
                "reference": rule.reference,
                "needs": rule.needs.value if rule.needs else None,
                "required": rule.required,
                "if_no_face": rule.if_no_face,
                "source": rule.source,
                "kinds": None if rule.kinds is None else [str(k) for k in rule.kinds],
            })
    return rows


def rubric_fingerprint() -> str:
    """A short hash of every number and requirement in the rubric."""
    payload = {
        "rows": rubric_table(),
        "requires": {name: [e.value for e in r.requires] for name, r in DIMENSION_RUBRICS.items()},
        "scores_without_face": [
            r.name for r in DIMENSION_RUBRICS.values() if r.scores_without_face
        ],
        "overall_requires": [e.value for e in OVERALL_REQUIRES],
        "face_min": FACE_PRESENT_MIN_RATIO,
        "min_words": MIN_WORDS,
    }
    text = json.dumps(payload, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
