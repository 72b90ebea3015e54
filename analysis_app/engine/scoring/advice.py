"""What to say about each feature: the measured number, the target, and one concrete action.

Advice that names the candidate's own numbers ("9 fillers, 7 per 100 words; aim for under 3")
is checkable and motivating; generic advice ("speak more fluently") is neither. Each entry
says what was measured, what to aim for (the rubric's target) and one thing to do next time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from analysis_app.engine.scoring.features import FeatureValues
from analysis_app.engine.scoring.labels import (
    Formatter,
    feature_entry,
    feature_label,
    feature_phrase,
    format_value,
    percent,
    plain,
    signed,
    topic_percent,
)
from analysis_app.engine.scoring.rubric import FACE_PRESENT_MIN_RATIO
from analysis_app.engine.scoring.rubric_types import Target

Text = Callable[[float, Target, FeatureValues], str]


def _key_points(v: float, f: FeatureValues) -> str:
    """"2 of 3 key points" when the counts are known, else the share as a percentage."""
    covered, total = f.get("key_points_covered"), f.get("key_points_total")
    if covered is not None and total:
        return f"{covered:.0f} of {total:.0f} key points"
    return f"{percent(v)} of the key points"


def _aim(target: Target, fmt: Formatter = plain) -> str:
    if target.low is not None and target.high is not None:
        return f"{fmt(target.low)}-{fmt(target.high)}"
    if target.high is not None:
        return f"under {fmt(target.high)}"
    if target.low is not None:
        return f"at least {fmt(target.low)}"
    return "the target"


def _times(features: FeatureValues, name: str, what: str) -> str:
    """'9 times, ' when the raw count is known; counts read better than rates alone."""
    count = features.get(name)
    if count is None:
        return f"{what} "
    return f"{what} {count:.0f} time{'' if round(count) == 1 else 's'}, "


@dataclass(frozen=True, slots=True)
class Says:
    """One piece of advice as a template, so the advice for every feature is a row of wording
    rather than a function that repeats the same formatting.

    Fields the template can use: ``{v}`` the measured value (with its own format spec),
    ``{shown}`` the value and ``{aim}`` the target written by `numbers` (percentages for
    ratios), and ``{done}`` "what the candidate did N times, " from the `counted` feature,
    where the raw count is known (counts read better than rates alone).
    """

    template: str
    numbers: Formatter = plain
    #: (count feature, what the candidate did), for ``{done}``.
    counted: tuple[str, str] | None = None

    def __call__(self, v: float, t: Target, f: FeatureValues) -> str:
        done = _times(f, *self.counted) if self.counted is not None else ""
        return self.template.format(v=v, shown=self.numbers(v), aim=_aim(t, self.numbers),
                                    done=done)


@dataclass(frozen=True, slots=True)
class FeatureAdvice:
    """What to say when a feature is below (`low`) or above (`high`) its target. How the
    feature is named and its numbers written comes from `labels.FEATURE_LABELS`, the one
    table every screen reads, so advice and the review pages never name a measure apart."""

    low: Text | None = None
    high: Text | None = None


def _head_high(what: str) -> Says:
    return Says(f"Your head {what} a lot " "({v:.0f} degrees of spread); aim for {aim} degrees: "
                "keep your shoulders square to the camera and rest your hands.")


_LOOKED_AWAY = Says("You looked at the camera in {shown} of the frames; aim for {aim}: put your "
                    "notes right under the lens and look into it while you make each key point.",
                    percent)


def _eye_contact_low(v: float, t: Target, f: FeatureValues) -> str:
    face = f.get("face_present_ratio")
    if face is not None and face < FACE_PRESENT_MIN_RATIO:
        return (f"Your face was visible in only {percent(face)} of the video, so no eye contact "
                "could be seen: sit centred in front of the camera, face lit from the front.")
    return _LOOKED_AWAY(v, t, f)


def _animation_low(v: float, t: Target, f: FeatureValues) -> str:
    moved = "stayed still" if v < 0.2 else "moved little"  # the rubric's "still" is < 0.2
    return (f"Your face {moved} (facial animation {percent(v)}); aim for {_aim(t, percent)}: "
            "let your eyebrows and smile follow what you say, especially at the key point.")


def _nods_low(v: float, t: Target, f: FeatureValues) -> str:
    nodded = ("did not nod while answering" if v <= 0
              else f"{_times(f, 'nod_count', 'nodded')}{v:.1f} a minute")
    return (f"You {nodded}; aim for {_aim(t)} a minute: a small nod when you confirm a point "
            "shows you are engaged.")


def _keywords_low(v: float, t: Target, f: FeatureValues) -> str:
    return (f"You covered {_key_points(v, f)} expected for this question; aim for "
            f"{_aim(t, percent)} of them: before answering, note the two or three things the "
            "question asks for and make sure each gets a sentence.")


#: What to say for each rubric feature off its target; its name and numbers: `labels`.
ADVICE: dict[str, FeatureAdvice] = {
    "speech_rate_wpm": FeatureAdvice(
        Says("You spoke at {v:.0f} words per minute; aim for {aim}: rehearse the answer aloud "
             "once and keep going between points instead of stopping to search."),
        Says("You spoke at {v:.0f} words per minute, faster than the {aim} listeners follow "
             "best: slow down and take a breath after each key point.")),
    "filler_rate_per_100_words": FeatureAdvice(high=Says(
        "You {done}{v:.1f} per 100 words; aim for {aim}: pause silently instead.",
        counted=("filler_count", 'said fillers like "um" and "uh"'))),
    "long_pauses_per_min": FeatureAdvice(high=Says(
        "You {done}{v:.1f} per minute; aim for {aim} per minute: sketch the answer's two or "
        "three main points before you start so the next one is ready.",
        counted=("long_pause_count", "paused for over a second"))),
    "hedge_rate_per_100_words": FeatureAdvice(high=Says(
        "You {done}{v:.1f} per 100 words; aim for {aim}: state what you did plainly "
        "(\"I led\", \"I decided\").",
        counted=("hedge_count", 'hedged ("I think", "maybe", "sort of")'))),
    # The engine counts repetitions ("I I think"), revisions ("I was - we were") and false
    # starts: all are a sentence begun again, which is what the candidate can act on.
    "restarts_per_100_words": FeatureAdvice(high=Says(
        "You {done}{v:.1f} per 100 words; aim for {aim}: finish each sentence, even "
        "imperfectly, instead of starting over.",
        counted=("restart_count",
                 'repeated or restarted a phrase ("I I think", "I was - we were")'))),
    "pitch_range_semitones": FeatureAdvice(
        Says("Your pitch moved over {v:.1f} semitones, which sounds flat; aim for {aim}: lift "
             "your voice on the key word of each sentence and let it fall at the end."),
        Says("Your pitch swung over {v:.1f} semitones, more than the {aim} that sounds "
             "natural: keep the emphasis for the words that matter.")),
    "pitch_std_semitones": FeatureAdvice(Says(
        "Your pitch varied by {v:.1f} semitones (standard deviation); aim for {aim}: read a "
        "sentence aloud twice, the second time stressing a different word.")),
    "loudness_std_db": FeatureAdvice(Says(
        "Your loudness varied by only {v:.1f} dB; aim for {aim} dB: say the result and the "
        "numbers a little louder than the background.")),
    "eye_contact_ratio": FeatureAdvice(_eye_contact_low),
    "face_present_ratio": FeatureAdvice(Says(
        "Your face was in frame {shown} of the time; aim for {aim}: check the preview before "
        "answering and keep your head in the middle of it.", percent)),
    "head_yaw_std_deg": FeatureAdvice(high=_head_high("turned from side to side")),
    "head_pitch_std_deg": FeatureAdvice(high=_head_high("tilted up and down")),
    "blink_rate_per_min": FeatureAdvice(
        Says("You blinked only {v:.0f} times a minute (usual: {aim}), which can look like "
             "staring: relax your eyes and glance at your notes between points."),
        Says("You blinked {v:.0f} times a minute, above the {aim} usual in conversation, "
             "often a sign of nerves: take two slow breaths before you start answering.")),
    "posture_upright_ratio": FeatureAdvice(Says(
        "You sat upright {shown} of the time; aim for {aim}: sit back in the chair with both "
        "feet on the floor and the camera at eye height.", percent)),
    "shoulder_tilt_deg": FeatureAdvice(high=Says(
        "Your shoulders tilted by {v:.0f} degrees on average; aim for {aim}: sit centred and "
        "avoid leaning on one elbow.")),
    "smile_ratio": FeatureAdvice(Says(
        "You smiled in {shown} of the frames; aim for {aim}: smile when you greet, and when "
        "you describe a result you are proud of.", percent)),
    "facial_animation": FeatureAdvice(_animation_low),
    "nods_per_min": FeatureAdvice(_nods_low, Says(
        "You {done}{v:.1f} a minute, more than the {aim} that reads as engaged: keep nods for "
        "the points you confirm, and hold your head still in between.",
        counted=("nod_count", "nodded"))),
    "sentiment": FeatureAdvice(Says(
        "Your wording scored {shown} on sentiment (-1 negative to +1 positive); aim for "
        "{aim}: describe the problem briefly, then spend most of the answer on what you did "
        "and what improved.", signed)),
    "relevance_similarity": FeatureAdvice(Says(
        "Your answer's match with the question's topic was {shown}; aim for {aim}: answer "
        "the question in your first sentence, using its key terms, then support it.",
        topic_percent)),
    "keyword_coverage": FeatureAdvice(_keywords_low),
    "star_components": FeatureAdvice(Says(
        "Your answer had {v:.0f} of the 4 STAR parts (situation, task, action, result); aim "
        "for {aim}: end with the result, in numbers if you can.")),
    "organisation_markers": FeatureAdvice(Says(
        "Your answer used {v:.0f} of 4 kinds of linking words (order: \"first\", \"then\"; "
        "reasons: \"because\", \"so\"; examples: \"for example\"; contrast: \"however\"); aim "
        "for {aim}: give your approach in steps, say why each step, and name one trade-off.")),
    "specificity_per_100_words": FeatureAdvice(Says(
        "You {done}{v:.1f} per 100 words; aim for {aim}: name the tool, the method and a "
        "number from a real project instead of speaking in general terms.",
        counted=("specific_detail_count", "gave numbers or named tools"))),
    "answer_length_words": FeatureAdvice(
        Says("Your answer was {v:.0f} words long; aim for {aim} words (1-2 minutes): add a "
             "concrete example and what came of it."),
        Says("Your answer ran to {v:.0f} words; aim for {aim} words (1-2 minutes): cut the "
             "background to one sentence and lead with the result.")),
    "asr_confidence": FeatureAdvice(Says(
        "The transcriber was {shown} sure of your words on average; aim for {aim}: face the "
        "microphone and finish the endings of words.", percent)),
    "lexical_diversity": FeatureAdvice(Says(
        "{shown} of your words were distinct; aim for {aim}: name specific tools, people and "
        "numbers instead of repeating general phrases.", percent)),
    "mean_sentence_words": FeatureAdvice(
        Says("Your sentences averaged only {v:.0f} words; aim for {aim}: join related points "
             "with \"because\" or \"so that\" to show the reasoning."),
        Says("Your sentences averaged {v:.0f} words; aim for {aim}: end the sentence where you "
             "would say \"and\" or \"so\".")),
    "readability_flesch": FeatureAdvice(Says(
        "Your wording scored {v:.0f} on Flesch reading ease; aim for {aim}: prefer short, "
        "everyday words to jargon.")),
}


def _target_numbers(feature: str) -> Formatter:
    entry = feature_entry(feature)
    return entry.number if entry else plain

def improvement_text(feature: str, value: float, target: Target, features: FeatureValues) -> str:
    """One sentence: the measured number, the target, one action."""
    advice = ADVICE.get(feature)
    side = target.side(value)
    text = None if advice is None else advice.low if side == "low" else advice.high
    if text is not None:
        return text(value, target, features)
    return (f"Your {feature_phrase(feature)} was {format_value(feature, value)}; "
            f"aim for {_aim(target, _target_numbers(feature))}.")


def strength_text(feature: str, value: float, target: Target,
                  features: FeatureValues | None = None) -> str:
    shown = format_value(feature, value)
    if feature == "keyword_coverage":  # counts read better than a share: "2 of 3 key points"
        shown = _key_points(value, features or {})
    return (f"{feature_label(feature)}: {shown}, on target "
            f"({_aim(target, _target_numbers(feature))}).")
