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
class FeatureAdvice:
    """What to say when a feature is below (`low`) or above (`high`) its target. How the
    feature is named and its numbers written comes from `labels.FEATURE_LABELS`, the one
    table every screen reads, so advice and the review pages never name a measure apart."""

    low: Text | None = None
    high: Text | None = None


def _speech_rate_low(v: float, t: Target, f: FeatureValues) -> str:
    return (f"You spoke at {v:.0f} words per minute; aim for {_aim(t)}: rehearse the answer "
            "aloud once and keep going between points instead of stopping to search.")


def _speech_rate_high(v: float, t: Target, f: FeatureValues) -> str:
    return (f"You spoke at {v:.0f} words per minute, faster than the {_aim(t)} listeners follow "
            "best: slow down and take a breath after each key point.")


def _fillers_high(v: float, t: Target, f: FeatureValues) -> str:
    said = _times(f, "filler_count", 'said fillers like "um" and "uh"')
    return f"You {said}{v:.1f} per 100 words; aim for {_aim(t)}: pause silently instead."


def _long_pauses_high(v: float, t: Target, f: FeatureValues) -> str:
    paused = _times(f, "long_pause_count", "paused for over a second")
    return (f"You {paused}{v:.1f} per minute; aim for {_aim(t)} per minute: sketch the "
            "answer's two or three main points before you start so the next one is ready.")


def _hedges_high(v: float, t: Target, f: FeatureValues) -> str:
    hedged = _times(f, "hedge_count", 'hedged ("I think", "maybe", "sort of")')
    return (f"You {hedged}{v:.1f} per 100 words; aim for {_aim(t)}: state what you did plainly "
            "(\"I led\", \"I decided\").")


def _restarts_high(v: float, t: Target, f: FeatureValues) -> str:
    # The engine counts repetitions ("I I think"), revisions ("I was - we were") and false
    # starts: all are a sentence begun again, which is what the candidate can act on.
    restarted = _times(f, "restart_count",
                       'repeated or restarted a phrase ("I I think", "I was - we were")')
    return (f"You {restarted}{v:.1f} per 100 words; "
            f"aim for {_aim(t)}: finish each sentence, even imperfectly, instead of starting over.")


def _pitch_low(v: float, t: Target, f: FeatureValues) -> str:
    return (f"Your pitch moved over {v:.1f} semitones, which sounds flat; aim for {_aim(t)}: "
            "lift your voice on the key word of each sentence and let it fall at the end.")


def _pitch_high(v: float, t: Target, f: FeatureValues) -> str:
    return (f"Your pitch swung over {v:.1f} semitones, more than the {_aim(t)} that sounds "
            "natural: keep the emphasis for the words that matter.")


def _pitch_std_low(v: float, t: Target, f: FeatureValues) -> str:
    return (f"Your pitch varied by {v:.1f} semitones (standard deviation); aim for {_aim(t)}: "
            "read a sentence aloud twice, the second time stressing a different word.")


def _loudness_low(v: float, t: Target, f: FeatureValues) -> str:
    return (f"Your loudness varied by only {v:.1f} dB; aim for {_aim(t)} dB: say the result "
            "and the numbers a little louder than the background.")


def _eye_contact_low(v: float, t: Target, f: FeatureValues) -> str:
    face = f.get("face_present_ratio")
    if face is not None and face < FACE_PRESENT_MIN_RATIO:
        return (f"Your face was visible in only {percent(face)} of the video, so no eye contact "
                "could be seen: sit centred in front of the camera, face lit from the front.")
    return (f"You looked at the camera in {percent(v)} of the frames; aim for "
            f"{_aim(t, percent)}: put your notes right under the lens and look into it while "
            "you make each key point.")


def _face_low(v: float, t: Target, f: FeatureValues) -> str:
    return (f"Your face was in frame {percent(v)} of the time; aim for {_aim(t, percent)}: "
            "check the preview before answering and keep your head in the middle of it.")


def _head_high(what: str) -> Text:
    def text(v: float, t: Target, f: FeatureValues) -> str:
        return (f"Your head {what} a lot ({v:.0f} degrees of spread); aim for {_aim(t)} "
                "degrees: keep your shoulders square to the camera and rest your hands.")
    return text


def _blink_high(v: float, t: Target, f: FeatureValues) -> str:
    return (f"You blinked {v:.0f} times a minute, above the {_aim(t)} usual in conversation, "
            "often a sign of nerves: take two slow breaths before you start answering.")


def _blink_low(v: float, t: Target, f: FeatureValues) -> str:
    return (f"You blinked only {v:.0f} times a minute (usual: {_aim(t)}), which can look like "
            "staring: relax your eyes and glance at your notes between points.")


def _posture_low(v: float, t: Target, f: FeatureValues) -> str:
    return (f"You sat upright {percent(v)} of the time; aim for {_aim(t, percent)}: sit back in "
            "the chair with both feet on the floor and the camera at eye height.")


def _shoulders_high(v: float, t: Target, f: FeatureValues) -> str:
    return (f"Your shoulders tilted by {v:.0f} degrees on average; aim for {_aim(t)}: sit "
            "centred and avoid leaning on one elbow.")


def _smile_low(v: float, t: Target, f: FeatureValues) -> str:
    return (f"You smiled in {percent(v)} of the frames; aim for {_aim(t, percent)}: smile when you "
            "greet, and when you describe a result you are proud of.")


def _animation_low(v: float, t: Target, f: FeatureValues) -> str:
    moved = "stayed still" if v < 0.2 else "moved little"  # the rubric's "still" is < 0.2
    return (f"Your face {moved} (facial animation {percent(v)}); aim for {_aim(t, percent)}: "
            "let your eyebrows and smile follow what you say, especially at the key point.")


def _nods_low(v: float, t: Target, f: FeatureValues) -> str:
    nodded = ("did not nod while answering" if v <= 0
              else f"{_times(f, 'nod_count', 'nodded')}{v:.1f} a minute")
    return (f"You {nodded}; aim for {_aim(t)} a minute: a small nod when you confirm a point "
            "shows you are engaged.")


def _nods_high(v: float, t: Target, f: FeatureValues) -> str:
    nodded = _times(f, "nod_count", "nodded")
    return (f"You {nodded}{v:.1f} a minute, more than the {_aim(t)} that reads as engaged: "
            "keep nods for the points you confirm, and hold your head still in between.")


def _sentiment_low(v: float, t: Target, f: FeatureValues) -> str:
    return (f"Your wording scored {v:+.2f} on sentiment (-1 negative to +1 positive); aim for "
            f"{_aim(t, signed)}: describe the problem briefly, then spend most "
            "of the answer on what you did and what improved.")


def _relevance_low(v: float, t: Target, f: FeatureValues) -> str:
    return (f"Your answer's match with the question's topic was {topic_percent(v)}; aim for "
            f"{_aim(t, topic_percent)}: answer the question in your first sentence, using its key "
            "terms, then support it.")


def _keywords_low(v: float, t: Target, f: FeatureValues) -> str:
    return (f"You covered {_key_points(v, f)} expected for this question; aim for "
            f"{_aim(t, percent)} of them: before answering, note the two or three things the "
            "question asks for and make sure each gets a sentence.")


def _star_low(v: float, t: Target, f: FeatureValues) -> str:
    return (f"Your answer had {v:.0f} of the 4 STAR parts (situation, task, action, result); "
            f"aim for {_aim(t)}: end with the result, in numbers if you can.")


def _organisation_low(v: float, t: Target, f: FeatureValues) -> str:
    return (f"Your answer used {v:.0f} of 4 kinds of linking words (order: \"first\", "
            "\"then\"; reasons: \"because\", \"so\"; examples: \"for example\"; contrast: "
            f"\"however\"); aim for {_aim(t)}: give your approach in steps, say why each step, "
            "and name one trade-off.")


def _specificity_low(v: float, t: Target, f: FeatureValues) -> str:
    detailed = _times(f, "specific_detail_count", "gave numbers or named tools")
    return (f"You {detailed}{v:.1f} per 100 words; aim for {_aim(t)}: name the tool, "
            "the method and a number from a real project instead of speaking in general terms.")


def _length_low(v: float, t: Target, f: FeatureValues) -> str:
    return (f"Your answer was {v:.0f} words long; aim for {_aim(t)} words (1-2 minutes): add "
            "a concrete example and what came of it.")


def _length_high(v: float, t: Target, f: FeatureValues) -> str:
    return (f"Your answer ran to {v:.0f} words; aim for {_aim(t)} words (1-2 minutes): cut the "
            "background to one sentence and lead with the result.")


def _asr_low(v: float, t: Target, f: FeatureValues) -> str:
    return (f"The transcriber was {percent(v)} sure of your words on average; aim for "
            f"{_aim(t, percent)}: face the microphone and finish the endings of words.")


def _diversity_low(v: float, t: Target, f: FeatureValues) -> str:
    return (f"{percent(v)} of your words were distinct; aim for {_aim(t, percent)}: name specific "
            "tools, people and numbers instead of repeating general phrases.")


def _sentences_high(v: float, t: Target, f: FeatureValues) -> str:
    return (f"Your sentences averaged {v:.0f} words; aim for {_aim(t)}: end the sentence where "
            "you would say \"and\" or \"so\".")


def _sentences_low(v: float, t: Target, f: FeatureValues) -> str:
    return (f"Your sentences averaged only {v:.0f} words; aim for {_aim(t)}: join related "
            "points with \"because\" or \"so that\" to show the reasoning.")


def _readability_low(v: float, t: Target, f: FeatureValues) -> str:
    return (f"Your wording scored {v:.0f} on Flesch reading ease; aim for {_aim(t)}: prefer "
            "short, everyday words to jargon.")


#: What to say for each rubric feature off its target; its name and numbers: `labels`.
ADVICE: dict[str, FeatureAdvice] = {
    "speech_rate_wpm": FeatureAdvice(_speech_rate_low, _speech_rate_high),
    "filler_rate_per_100_words": FeatureAdvice(high=_fillers_high),
    "long_pauses_per_min": FeatureAdvice(high=_long_pauses_high),
    "hedge_rate_per_100_words": FeatureAdvice(high=_hedges_high),
    "restarts_per_100_words": FeatureAdvice(high=_restarts_high),
    "pitch_range_semitones": FeatureAdvice(_pitch_low, _pitch_high),
    "pitch_std_semitones": FeatureAdvice(_pitch_std_low),
    "loudness_std_db": FeatureAdvice(_loudness_low),
    "eye_contact_ratio": FeatureAdvice(_eye_contact_low),
    "face_present_ratio": FeatureAdvice(_face_low),
    "head_yaw_std_deg": FeatureAdvice(high=_head_high("turned from side to side")),
    "head_pitch_std_deg": FeatureAdvice(high=_head_high("tilted up and down")),
    "blink_rate_per_min": FeatureAdvice(_blink_low, _blink_high),
    "posture_upright_ratio": FeatureAdvice(_posture_low),
    "shoulder_tilt_deg": FeatureAdvice(high=_shoulders_high),
    "smile_ratio": FeatureAdvice(_smile_low),
    "facial_animation": FeatureAdvice(_animation_low),
    "nods_per_min": FeatureAdvice(_nods_low, _nods_high),
    "sentiment": FeatureAdvice(_sentiment_low),
    "relevance_similarity": FeatureAdvice(_relevance_low),
    "keyword_coverage": FeatureAdvice(_keywords_low),
    "star_components": FeatureAdvice(_star_low),
    "organisation_markers": FeatureAdvice(_organisation_low),
    "specificity_per_100_words": FeatureAdvice(_specificity_low),
    "answer_length_words": FeatureAdvice(_length_low, _length_high),
    "asr_confidence": FeatureAdvice(_asr_low),
    "lexical_diversity": FeatureAdvice(_diversity_low),
    "mean_sentence_words": FeatureAdvice(_sentences_low, _sentences_high),
    "readability_flesch": FeatureAdvice(_readability_low),
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
