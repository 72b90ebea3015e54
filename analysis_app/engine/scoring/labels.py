"""Human words for the engine's names: one label, unit and value formatter per feature, and
one label per dimension.

People never read "pitch_std_semitones = 2.31" or "Eye contact · 1": the feedback text, the
coaches' review pages and the report API all name a measure and show its value from this one
table, so the same measure reads the same everywhere and a new feature cannot reach a screen
without words (a test checks every feature the rubric reads, and every contract feature, has
an entry here). Ratios (0-1) are shown as percentages, because "0.82" leaves a reader guessing
whether it is a share, a score or a probability.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from analysis_app.engine.scoring.features import ALIASES
from analysis_app.engine.scoring.rubric import DIMENSION_RUBRICS, OVERALL

Formatter = Callable[[float], str]


def plain(x: float) -> str:
    """A number as a target is written ("140", "3.5"): no trailing zeros."""
    return f"{x:g}"


def percent(x: float) -> str:
    """A 0-1 ratio as a percentage: 0.82 -> "82%"."""
    return f"{x * 100:.0f}%"


def topic_percent(x: float) -> str:
    """An embedding similarity as a 0-100 % "topic match": a cosine can be negative (an
    answer about something else entirely), which means no match, so it is clipped to 0 %
    rather than shown as a negative number nobody can read."""
    return f"{max(0.0, min(1.0, x)) * 100:.0f}%"


def signed(x: float) -> str:
    """A -1..+1 score with its sign, so "+0.30" and "-0.30" are never confused."""
    return f"{x:+.2f}"


@dataclass(frozen=True, slots=True)
class FeatureLabel:
    """How people read one feature.

    `label` is a noun phrase in sentence case ("Pitch variation"); `unit` what its number
    counts ("semitones", "%", "words per minute"); `show` the value in words with its unit
    ("2.3 semitones", "82% of frames"); `number` the bare number as a target is written in
    running text ("82%" in "aim for at least 60%-100%", "140" in "aim for 140-160").
    """

    label: str
    unit: str
    show: Formatter
    number: Formatter = plain

    @property
    def phrase(self) -> str:
        """The label inside a sentence: "pitch variation", but "STAR structure" stays."""
        if len(self.label) > 1 and self.label[1].isupper():
            return self.label
        return self.label[:1].lower() + self.label[1:]


def _amount(unit: str, digits: int = 0, singular: str | None = None) -> Formatter:
    """`value unit`, with the unit's singular for exactly one ("1 filler")."""
    def show(x: float) -> str:
        text = f"{x:.{digits}f}"
        return f"{text} {singular if singular and text == '1' else unit}"
    return show


def _share(of: str = "") -> Formatter:
    """A ratio as a percentage, with what it is a share of when that helps ("of frames")."""
    return lambda x: f"{percent(x)} {of}".rstrip()


def _ratio(label: str, of: str = "") -> FeatureLabel:
    return FeatureLabel(label, "%", _share(of), percent)


def _count(label: str, unit: str, singular: str) -> FeatureLabel:
    return FeatureLabel(label, unit, _amount(unit, 0, singular))


def _measure(label: str, unit: str, digits: int = 0) -> FeatureLabel:
    return FeatureLabel(label, unit, _amount(unit, digits))


_PER_100 = "per 100 words"
_SPREAD = "degrees of spread"

#: Every feature a person may see, by the engine's name. The rubric's features come first
#: (their labels are what the feedback text says), then the other measures in the report.
FEATURE_LABELS: Mapping[str, FeatureLabel] = MappingProxyType({
    # Read by the rubric.
    "speech_rate_wpm": _measure("Speaking rate", "words per minute"),
    "filler_rate_per_100_words": _measure("Filler rate", _PER_100, 1),
    "long_pauses_per_min": _measure("Long pauses", "per minute", 1),
    "hedge_rate_per_100_words": _measure("Hedging", _PER_100, 1),
    "restarts_per_100_words": _measure("Restarts", _PER_100, 1),
    "pitch_range_semitones": _measure("Pitch range", "semitones", 1),
    "pitch_std_semitones": _measure("Pitch variation", "semitones", 1),
    "loudness_std_db": _measure("Loudness variation", "dB", 1),
    "eye_contact_ratio": _ratio("Eye contact", "of frames"),
    "face_present_ratio": _ratio("Face in frame", "of frames"),
    "head_yaw_std_deg": _measure("Head turning", _SPREAD),
    "head_pitch_std_deg": _measure("Head tilting", _SPREAD),
    "blink_rate_per_min": _measure("Blink rate", "blinks per minute"),
    "posture_upright_ratio": _ratio("Upright posture", "of the time"),
    "shoulder_tilt_deg": _measure("Level shoulders", "degrees of tilt"),
    "smile_ratio": _ratio("Smiling", "of frames"),
    "facial_animation": FeatureLabel("Facial expression", "%",
                                     lambda x: f"{percent(x)} animation", percent),
    "nods_per_min": _measure("Nodding", "nods per minute", 1),
    "sentiment": FeatureLabel("Positive wording", "from -1 (negative) to +1 (positive)",
                              signed, signed),
    "relevance_similarity": FeatureLabel("Relevance to the question", "% topic match",
                                         lambda x: f"{topic_percent(x)} topic match",
                                         topic_percent),
    "keyword_coverage": _ratio("Key points covered", "of them"),
    "star_components": FeatureLabel("STAR structure", "of 4 parts",
                                    lambda x: f"{x:.0f} of 4 parts"),
    "organisation_markers": FeatureLabel("Organisation", "of 4 kinds of linking words",
                                         lambda x: f"{x:.0f} of 4 kinds of linking words"),
    "specificity_per_100_words": _measure("Specific details",
                                          "numbers or named tools per 100 words", 1),
    "answer_length_words": _count("Answer length", "words", "word"),
    "asr_confidence": FeatureLabel("Articulation", "% transcriber confidence",
                                   lambda x: f"{percent(x)} transcriber confidence", percent),
    "lexical_diversity": _ratio("Vocabulary", "distinct words"),
    "mean_sentence_words": FeatureLabel("Sentence length", "words on average",
                                        lambda x: f"{x:.0f} words on average"),
    "readability_flesch": FeatureLabel("Plain wording", "Flesch reading ease (0-100)",
                                       lambda x: f"Flesch reading ease {x:.0f}"),
    # The rest of the feature contract and what the analyses add to it.
    "duration_s": _measure("Answer duration", "seconds"),
    "speech_duration_s": _measure("Speaking time", "seconds"),
    "speaking_span_s": _measure("First to last word", "seconds"),
    "leading_silence_s": _measure("Silence before the first word", "seconds", 1),
    "speech_ratio": _ratio("Time speaking", "of the recording"),
    "pitch_median_hz": _measure("Typical pitch", "Hz"),
    "loudness_mean_db": _measure("Loudness", "dB", 1),
    "pause_count": _count("Pauses", "pauses", "pause"),
    "long_pause_count": _count("Long pauses (count)", "long pauses", "long pause"),
    "pause_ratio": _ratio("Time pausing", "of the speaking time"),
    "mean_pause_s": _measure("Typical pause", "seconds", 1),
    "longest_pause_s": _measure("Longest pause", "seconds", 1),
    "word_count": _count("Words", "words", "word"),
    "articulation_rate_wpm": _measure("Articulation rate", "words per minute of speech"),
    "filler_count": _count("Fillers", "fillers", "filler"),
    "hedge_count": _count("Hedges", "hedges", "hedge"),
    "restart_count": _count("Restarted phrases", "restarts", "restart"),
    "unique_word_count": _count("Distinct words", "words", "word"),
    "sentence_count": _count("Sentences", "sentences", "sentence"),
    "key_points_covered": _count("Key points covered (count)", "key points", "key point"),
    "key_points_total": _count("Key points asked for", "key points", "key point"),
    "specific_detail_count": _count("Specific details (count)", "numbers or named tools",
                                    "number or named tool"),
    "frames_analyzed": _count("Video frames analysed", "frames", "frame"),
    "head_yaw_mean_deg": _measure("Head turned (average)", "degrees"),
    "head_pitch_mean_deg": _measure("Head tilted (average)", "degrees"),
    "head_roll_mean_deg": _measure("Head leaning (average)", "degrees"),
    "head_motion_deg_per_s": _measure("Head movement", "degrees per second", 1),
    "gaze_yaw_mean_deg": _measure("Gaze sideways (average)", "degrees"),
    "gaze_pitch_mean_deg": _measure("Gaze up or down (average)", "degrees"),
    "smile_intensity_mean": _ratio("Smile intensity"),
    "expression_variability": _ratio("Expression variety"),
    "nod_count": _count("Nods", "nods", "nod"),
    "blink_count": _count("Blinks", "blinks", "blink"),
    "shoulders_visible_ratio": _ratio("Shoulders in frame", "of frames"),
})

#: Each dimension's name as people read it; the overall too.
DIMENSION_LABELS: Mapping[str, str] = MappingProxyType({
    **{name: name.replace("_", " ").capitalize() for name in DIMENSION_RUBRICS},
    OVERALL: "Overall",
})


def _canonical(name: str) -> str:
    """The rubric's name for an older spelling of the same measure (`features.ALIASES`), so
    reports stored before a rename still read in words."""
    for canonical, alternatives in ALIASES.items():
        if name in alternatives and name not in FEATURE_LABELS:
            return canonical
    return name


def _humanised(name: str) -> str:
    """Last resort for a name missing from the table: better than the raw name, and the
    table test keeps every known feature from needing it."""
    words = name.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def feature_entry(name: str) -> FeatureLabel | None:
    """The table's entry for a feature (or its older spelling); None when it has none."""
    return FEATURE_LABELS.get(_canonical(name))


def feature_label(name: str) -> str:
    """"Pitch variation" for "pitch_std_semitones"."""
    entry = feature_entry(name)
    return entry.label if entry else _humanised(name)


def feature_phrase(name: str) -> str:
    """The label for use inside a sentence: "pitch variation"."""
    entry = feature_entry(name)
    return entry.phrase if entry else _humanised(name).lower()


def feature_unit(name: str) -> str:
    entry = feature_entry(name)
    return entry.unit if entry else ""


def format_value(name: str, value: float | None) -> str:
    """The value in words with its unit: "82% of frames", "148 words per minute"; "not
    measured" for None, which is what a missing value means to a reader."""
    if value is None:
        return "not measured"
    entry = feature_entry(name)
    return entry.show(float(value)) if entry else f"{float(value):g}"


def format_number(name: str, value: float) -> str:
    """The bare number in the feature's scale, as a target is written: "82%", "140"."""
    entry = feature_entry(name)
    return entry.number(float(value)) if entry else plain(float(value))


def dimension_label(name: str) -> str:
    """"Vocal expressiveness" for "vocal_expressiveness"."""
    return DIMENSION_LABELS.get(name) or _humanised(name)


def dimension_phrase(name: str) -> str:
    """The dimension inside a sentence: "eye contact"."""
    return dimension_label(name).lower()


def labels_for(values: Mapping[str, object]) -> dict[str, dict[str, str]]:
    """{feature: {label, unit, shown}} for the given features' values: what a client needs
    to show them without a table of its own. Non-numbers (a question kind) are left out."""
    table: dict[str, dict[str, str]] = {}
    for name, value in values.items():
        if value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
            table[name] = {"label": feature_label(name), "unit": feature_unit(name),
                           "shown": format_value(name, None if value is None else float(value))}
    return table
