"""The scoring rubric: per dimension, its features, target ranges, curves and weights.

One versioned table. Any change to a number here changes scores that candidates have already
seen and that reviewers' ratings were compared against, so it must bump ``RUBRIC_VERSION``
(a test pins the fingerprint of each version to enforce that).

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
from collections.abc import Mapping
from types import MappingProxyType

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

# Shared curves: the same feature means the same thing in every dimension that uses it.

# [PROD] coaches flag > 4-5 per 100 words; [BORT01] ~6 disfluencies/100 words (all kinds) in
# casual conversation, so under 3 fillers/100 words is a prepared-answer target.
_FILLERS = Curve(((0, 1.0), (1, 1.0), (3, 0.85), (5, 0.5), (8, 0.15), (12, 0.0)))
# [GE68][CV02] pauses over 1 s are "long"; one or two a minute is planning, more is hesitancy.
_LONG_PAUSES = Curve(((0, 1.0), (1, 1.0), (2, 0.85), (4, 0.4), (8, 0.0)))
# [TE95][HIN05] semitone range of F0 (5th-95th percentile): under ~4 st sounds monotone, about
# an octave sounds lively; very wide swings read as theatrical.
_PITCH_RANGE = Curve(((0, 0.0), (2, 0.05), (4, 0.25), (6, 0.55), (8, 0.85), (10, 1.0),
                      (18, 1.0), (26, 0.7)))
# [TE95][HIN05] the same in standard deviation: monotone speech stays under ~1.5 st.
_PITCH_STD = Curve(((0, 0.0), (1, 0.15), (2, 0.6), (2.5, 0.85), (3.5, 1.0), (6, 1.0),
                    (9, 0.7)))
# Heuristic: loudness standard deviation over voiced frames; a flat 1-2 dB is droning, 5-12 dB
# is normal emphasis. Microphone gain cancels out of a deviation, unlike the mean level.
_LOUDNESS_STD = Curve(((0, 0.0), (2, 0.2), (4, 0.65), (5, 0.85), (6, 1.0), (12, 1.0),
                       (18, 0.6)))
# [AC76][BUR85] share of face frames looking at the camera; a speaker's natural ~40 % reads as
# evasive on camera, 60 %+ as attentive.
_EYE_CONTACT = Curve(((0, 0.0), (0.2, 0.15), (0.4, 0.45), (0.6, 0.85), (0.7, 1.0), (1, 1.0)))
# [NAIM18][KRU09][GIF85] smiling some of the time helps; no published optimum, so the curve
# saturates once a candidate smiles in a fifth of the frames.
_SMILE = Curve(((0, 0.1), (0.05, 0.35), (0.15, 0.75), (0.2, 0.85), (0.25, 1.0), (1, 1.0)))

_FILLER_SOURCE = "PROD: coaches flag > 4-5 fillers/100 words; BORT01; NAIM18"
_PAUSE_SOURCE = "GE68, CV02: silent pauses > 1 s are long in spontaneous speech"
_PITCH_SOURCE = "TE95, HIN05: F0 excursions in semitones and perceived liveliness"

FLUENCY = DimensionRubric(
    name="fluency",
    requires=(Evidence.SPEECH,),
    overall_weight=0.11,
    rules=(
        # [PROD] 110-150 wpm conversational, 140-160 rated best; [NAIM18] speaking rate
        # predicted hiring ratings. Clearly lower at 90 (halting) and 260 (rushed).
        Rule("speech_rate_wpm", 0.35,
             Curve(((60, 0.0), (90, 0.3), (120, 0.8), (140, 1.0), (160, 1.0), (185, 0.7),
                    (220, 0.3), (260, 0.0))),
             Target(140, 160), reference=125,
             source="PROD: 110-150 wpm conversational, 140-160 rated best; NAIM18"),
        Rule("filler_rate_per_100_words", 0.30, _FILLERS, Target(None, 3), reference=4,
             source=_FILLER_SOURCE),
        Rule("long_pauses_per_min", 0.20, _LONG_PAUSES, Target(None, 2), reference=2,
             source=_PAUSE_SOURCE),
        # Heuristic: abandoned and restarted sentences ("I was - we were"); no published rate,
        # one per 100 words is unremarkable, several is choppy.
        Rule("restarts_per_100_words", 0.15,
             Curve(((0, 1.0), (1, 0.9), (3, 0.5), (6, 0.0))), Target(None, 1), reference=1.5,
             source="heuristic: sentence restarts per 100 words"),
    ),
)

CONFIDENCE = DimensionRubric(
    name="confidence",
    requires=(Evidence.SPEECH,),
    overall_weight=0.11,
    rules=(
        # [HOS89] hedges ("I think maybe", "sort of") mark powerless speech; heuristic range:
        # one per 100 words passes unnoticed, four or more sounds unsure.
        Rule("hedge_rate_per_100_words", 0.35,
             Curve(((0, 1.0), (1, 0.9), (2, 0.7), (4, 0.3), (7, 0.0))), Target(None, 1),
             reference=1.5, source="HOS89: hedges lower perceived competence"),
        # [HOS89] hesitations ("um", "uh") do the same.
        Rule("filler_rate_per_100_words", 0.25, _FILLERS, Target(None, 3), reference=4,
             source="HOS89: hesitations lower perceived competence; PROD"),
        # [KS91] confident answers come without long hesitations.
        Rule("long_pauses_per_min", 0.20, _LONG_PAUSES, Target(None, 2), reference=2,
             source="KS91: confident speakers answer with shorter latencies; GE68"),
        # [BUR85] steady gaze is read as assurance; only used when a face was seen.
        Rule("eye_contact_ratio", 0.20, _EYE_CONTACT, Target(0.6, None), reference=0.5,
             source="BUR85: gaze and hiring/credibility judgements", needs=Evidence.FACE),
    ),
)

VOCAL_EXPRESSIVENESS = DimensionRubric(
    name="vocal_expressiveness",
    requires=(Evidence.SPEECH, Evidence.VOICE),
    overall_weight=0.08,
    rules=(
        Rule("pitch_range_semitones", 0.5, _PITCH_RANGE, Target(8, 18), reference=7,
             source=_PITCH_SOURCE, required=True,
             missing_reason="no voiced speech to measure pitch on"),
        Rule("pitch_std_semitones", 0.3, _PITCH_STD, Target(2.5, 6), reference=2.2,
             source=_PITCH_SOURCE),
        Rule("loudness_std_db", 0.2, _LOUDNESS_STD, Target(5, 12), reference=4,
             source="heuristic: loudness variation as emphasis (gain-independent)"),
    ),
)

EYE_CONTACT = DimensionRubric(
    name="eye_contact",
    requires=(Evidence.VIDEO,),
    overall_weight=0.09,
    # The camera was on: a candidate who stays out of frame made no eye contact (a low score
    # with a note), which is different from an audio-only recording (null).
    scores_without_face=True,
    rules=(
        Rule("eye_contact_ratio", 0.75, _EYE_CONTACT, Target(0.6, None), reference=0.5,
             source="AC76: speakers ~40 %, listeners ~75 % gaze; BUR85", required=True,
             missing_reason="gaze could not be measured on the visible face", if_no_face=0.0),
        # Heuristic: being in frame is the precondition of being looked at by the viewer.
        Rule("face_present_ratio", 0.25,
             Curve(((0, 0.0), (0.5, 0.3), (0.8, 0.75), (0.9, 1.0), (1, 1.0))),
             Target(0.9, None), reference=0.95,
             source="heuristic: share of frames with the face in view"),
    ),
)

COMPOSURE = DimensionRubric(
    name="composure",
    requires=(Evidence.VIDEO, Evidence.FACE),
    overall_weight=0.08,
    rules=(
        # Heuristic (no published norm for webcam head pose): a few degrees of movement is
        # natural talking, 15+ degrees of spread is turning away and fidgeting.
        Rule("head_yaw_std_deg", 0.25,
             Curve(((0, 1.0), (4, 1.0), (8, 0.85), (15, 0.35), (25, 0.0))), Target(None, 8),
             reference=6, source="heuristic: head-turn steadiness (degrees of spread)"),
        Rule("head_pitch_std_deg", 0.20,
             Curve(((0, 1.0), (4, 1.0), (8, 0.85), (15, 0.3), (25, 0.0))), Target(None, 8),
             reference=6, source="heuristic: head tilt steadiness (degrees of spread)"),
        # [BEN97] ~26 blinks/min in conversation; well above it goes with stress and arousal,
        # far below it with staring.
        Rule("blink_rate_per_min", 0.25,
             Curve(((0, 0.5), (5, 0.8), (10, 1.0), (30, 1.0), (40, 0.7), (60, 0.2),
                    (80, 0.0))),
             Target(10, 30), reference=26,
             source="BEN97: ~17/min at rest, ~26/min in conversation"),
        # [MEH69] an upright, open posture reads as relaxed assurance.
        Rule("posture_upright_ratio", 0.15,
             Curve(((0, 0.0), (0.5, 0.4), (0.8, 0.85), (0.9, 1.0), (1, 1.0))),
             Target(0.8, None), reference=0.75, source="MEH69: posture and status/attitude"),
        # Heuristic: level shoulders; a slump to one side shows as a tilt of several degrees.
        Rule("shoulder_tilt_deg", 0.15,
             Curve(((0, 1.0), (3, 1.0), (4, 0.9), (6, 0.7), (10, 0.3), (15, 0.0))),
             Target(None, 4), reference=4, source="heuristic: shoulders level (degrees)"),
    ),
)

ENGAGEMENT = DimensionRubric(
    name="engagement",
    requires=(Evidence.VIDEO, Evidence.FACE),
    overall_weight=0.08,
    rules=(
        Rule("smile_ratio", 0.30, _SMILE, Target(0.2, None), reference=0.1,
             source="NAIM18: smiling predicted ratings; KRU09; GIF85"),
        # Heuristic: 0-1 facial movement score from the face mesh; a still face under 0.2.
        Rule("facial_animation", 0.20,
             Curve(((0, 0.0), (0.2, 0.4), (0.4, 0.85), (0.5, 1.0), (1, 1.0))),
             Target(0.4, None), reference=0.3, source="heuristic: facial movement 0-1"),
        # [TE95] vocal liveliness is part of visible energy.
        Rule("pitch_range_semitones", 0.20, _PITCH_RANGE, Target(8, 18), reference=7,
             source=_PITCH_SOURCE, needs=Evidence.VOICE),
        # [GIF85] nodding and gesturing went with higher ratings of motivation; heuristic rate.
        Rule("nods_per_min", 0.15,
             Curve(((0, 0.3), (1, 0.7), (2, 1.0), (8, 1.0), (15, 0.6))), Target(2, 8),
             reference=1, source="GIF85: nods and gestures; heuristic rate"),
        Rule("loudness_std_db", 0.15, _LOUDNESS_STD, Target(5, 12), reference=4,
             source="heuristic: loudness variation as vocal energy", needs=Evidence.VOICE),
    ),
)

POSITIVITY = DimensionRubric(
    name="positivity",
    requires=(Evidence.SPEECH,),
    overall_weight=0.09,
    rules=(
        # [VADER] compound >= 0.05 is positive. The engine averages it per sentence; a STAR
        # answer names a problem ("kept failing", "we disagreed"), so five constructive
        # answers measured -0.09 to +0.53 and a complaint about a former employer -0.58. The
        # curve therefore asks for "not negative" rather than cheerfulness (heuristic shape).
        Rule("sentiment", 0.7,
             Curve(((-1, 0.0), (-0.5, 0.1), (-0.3, 0.3), (-0.1, 0.65), (0, 0.78), (0.05, 0.85),
                    (0.2, 1.0), (1, 1.0))),
             Target(0.05, None), reference=0.0, source="VADER: >= 0.05 positive",
             required=True, missing_reason="the transcript's sentiment was not measured"),
        Rule("smile_ratio", 0.3, _SMILE, Target(0.2, None), reference=0.1,
             source="NAIM18; KRU09: smiling and warmth", needs=Evidence.FACE),
    ),
)

RELEVANCE = DimensionRubric(
    name="relevance",
    requires=(Evidence.SPEECH,),
    overall_weight=0.14,
    rules=(
        # [SBERT] no published norm for question-answer cosine; calibrated on the engine's
        # all-MiniLM-L6-v2 (whole answer vs question): five on-topic answers to five
        # interview questions measured 0.21-0.58, off-topic answers -0.06 to 0.09. A question
        # and its answer share a topic, not wording, so 0.25+ is already clearly on topic.
        Rule("relevance_similarity", 0.65,
             Curve(((0, 0.0), (0.05, 0.05), (0.1, 0.2), (0.15, 0.45), (0.2, 0.7), (0.25, 0.85),
                    (0.3, 0.95), (0.35, 1.0), (1, 1.0))),
             Target(0.25, None), reference=0.2,
             source="SBERT cosine answer-question; heuristic calibration", required=True,
             missing_reason="no question text to compare the answer with"),
        # Heuristic: share of the question bank's expected key points the answer mentions.
        # Null when the question has no key points, and then the rule drops out (weights are
        # renormalised): a custom question must not cost points it never asked for.
        Rule("keyword_coverage", 0.35,
             Curve(((0, 0.0), (0.25, 0.35), (0.5, 0.85), (0.75, 1.0), (1, 1.0))),
             Target(0.5, None), reference=0.3,
             source="heuristic: expected key points covered"),
    ),
)

_BEHAVIOURAL = (QuestionKind.BEHAVIOURAL,)
_TECHNICAL = (QuestionKind.TECHNICAL,)

STRUCTURE = DimensionRubric(
    name="structure",
    requires=(Evidence.SPEECH,),
    overall_weight=0.12,
    rules=(
        # [JANZ82] behaviour-description answers name situation, task, action and result.
        # Only asked of behavioural questions: a technical answer has no story to tell.
        Rule("star_components", 0.65,
             Curve(((0, 0.0), (1, 0.25), (2, 0.55), (3, 0.85), (4, 1.0))), Target(3, None),
             reference=2, source="JANZ82: situation-action-outcome answers (STAR)",
             required=True, missing_reason="the answer's structure was not analysed",
             kinds=_BEHAVIOURAL),
        # [HH76] how many of the four conjunction types (sequence, cause, example, contrast)
        # the answer uses; heuristic range: one type is a list of facts, three show reasoning.
        Rule("organisation_markers", 0.35,
             Curve(((0, 0.0), (1, 0.3), (2, 0.65), (3, 0.9), (4, 1.0))), Target(3, None),
             reference=2, source="HH76: conjunction types that organise an explanation",
             required=True, missing_reason="the answer's structure was not analysed",
             kinds=_TECHNICAL),
        # Heuristic from interview coaching ("name the tool, give the number"): numbers and
        # named tools or technologies per 100 words; a generic answer has under 1, a specific
        # one 3 or more.
        Rule("specificity_per_100_words", 0.30,
             Curve(((0, 0.0), (1, 0.3), (2, 0.6), (3, 0.85), (5, 1.0))), Target(3, None),
             reference=1.5,
             source="heuristic: numbers and named tools/technologies per 100 words",
             kinds=_TECHNICAL),
        # Heuristic from interview coaching: 1-2 minutes, i.e. ~120-300 words at 140-160 wpm
        # [PROD]; [GIF85] talk time mattered, but rambling past 3 minutes loses the thread.
        Rule("answer_length_words", 0.35,
             Curve(((0, 0.0), (40, 0.2), (80, 0.6), (120, 1.0), (300, 1.0), (400, 0.75),
                    (600, 0.3), (900, 0.0))),
             Target(120, 300), reference=100,
             source="heuristic: 1-2 minute answers at 140-160 wpm (PROD); GIF85"),
    ),
)

CLARITY = DimensionRubric(
    name="clarity",
    requires=(Evidence.SPEECH,),
    overall_weight=0.10,
    rules=(
        # Heuristic: Whisper's mean word probability; mumbled or clipped words pull it under
        # ~0.8 while clear read speech stays near 0.9.
        Rule("asr_confidence", 0.30,
             Curve(((0.5, 0.0), (0.7, 0.4), (0.8, 0.7), (0.85, 0.85), (0.9, 1.0),
                    (1, 1.0))),
             Target(0.85, None), reference=0.8,
             source="heuristic: ASR (Whisper) word confidence"),
        # [NAIM18] unique words predicted ratings. The engine reports the moving-average TTR
        # over 50-word windows [CM10] (plain TTR falls with length [MJ10]); heuristic range:
        # a repetitive, rambling answer measures ~0.5, a specific one 0.75-0.85.
        Rule("lexical_diversity", 0.25,
             Curve(((0.4, 0.0), (0.5, 0.25), (0.6, 0.55), (0.7, 0.85), (0.75, 1.0), (1, 1.0))),
             Target(0.7, None), reference=0.65,
             source="NAIM18: unique words; CM10 MATTR; heuristic range"),
        # [CUTTS] 15-20 words on average; spoken answers run a little shorter.
        Rule("mean_sentence_words", 0.20,
             Curve(((0, 0.3), (5, 0.6), (10, 1.0), (20, 1.0), (25, 0.8), (30, 0.6),
                    (45, 0.15), (60, 0.0))),
             Target(10, 22), reference=24, source="CUTTS: 15-20 words per sentence"),
        # [FLESCH48] 60-70 is plain English; very high scores are fine for speech.
        Rule("readability_flesch", 0.25,
             Curve(((0, 0.0), (30, 0.3), (50, 0.75), (55, 0.85), (60, 1.0), (100, 1.0))),
             Target(55, None), reference=60, source="FLESCH48: 60-70 plain English"),
    ),
)

DIMENSION_RUBRICS: Mapping[str, DimensionRubric] = MappingProxyType({
    rubric.name: rubric
    for rubric in (CONFIDENCE, FLUENCY, VOCAL_EXPRESSIVENESS, EYE_CONTACT, COMPOSURE,
                   ENGAGEMENT, POSITIVITY, RELEVANCE, STRUCTURE, CLARITY)
})
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
