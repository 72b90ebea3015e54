"""What to say about each feature: the measured number, the target, and one concrete action.

Advice that names the candidate's own numbers ("9 fillers, 7 per 100 words; aim for under 3")
is checkable and motivating; generic advice ("speak more fluently") is neither. Each entry
says what was measured, what to aim for (the rubric's target) and one thing to do next time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from analysis_app.engine.scoring.features import FeatureValues
from analysis_app.engine.scoring.rubric import FACE_PRESENT_MIN_RATIO
from analysis_app.engine.scoring.rubric_types import Target

Text = Callable[[float, Target, FeatureValues], str]


def _g(x: float) -> str:
    return f"{x:g}"


def _pct(x: float) -> str:
    return f"{x * 100:.0f}%"


def _topic_pct(x: float) -> str:
    """An embedding similarity as a 0-100 % "topic match": a cosine can be negative (an
    answer about something else entirely), which means no match, so it is clipped to 0 %
    rather than shown as a negative number nobody can read."""
    return f"{max(0.0, min(1.0, x)) * 100:.0f}%"


def _key_points(v: float, f: FeatureValues) -> str:
    """"2 of 3 key points" when the counts are known, else the share as a percentage."""
    covered, total = f.get("key_points_covered"), f.get("key_points_total")
    if covered is not None and total:
        return f"{covered:.0f} of {total:.0f} key points"
    return f"{_pct(v)} of the key points"


def _aim(target: Target, fmt: Callable[[float], str] = _g) -> str:
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
    label: str
    show: Callable[[float], str]
    low: Text | None = None
    high: Text | None = None
    aim: Callable[[float], str] = _g


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
        return (f"Your face was visible in only {_pct(face)} of the video, so no eye contact "
                "could be seen: sit centred in front of the camera, face lit from the front.")
    return (f"You looked at the camera in {_pct(v)} of the frames; aim for "
            f"{_aim(t, _pct)}: put your notes right under the lens and look into it while "
            "you make each key point.")


def _face_low(v: float, t: Target, f: FeatureValues) -> str:
    return (f"Your face was in frame {_pct(v)} of the time; aim for {_aim(t, _pct)}: check the "
            "preview before answering and keep your head in the middle of it.")


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
    return (f"You sat upright {_pct(v)} of the time; aim for {_aim(t, _pct)}: sit back in the "
            "chair with both feet on the floor and the camera at eye height.")


def _shoulders_high(v: float, t: Target, f: FeatureValues) -> str:
    return (f"Your shoulders tilted by {v:.0f} degrees on average; aim for {_aim(t)}: sit "
            "centred and avoid leaning on one elbow.")


def _smile_low(v: float, t: Target, f: FeatureValues) -> str:
    return (f"You smiled in {_pct(v)} of the frames; aim for {_aim(t, _pct)}: smile when you "
            "greet, and when you describe a result you are proud of.")


def _animation_low(v: float, t: Target, f: FeatureValues) -> str:
    moved = "stayed still" if v < 0.2 else "moved little"  # the rubric's "still" is < 0.2
    return (f"Your face {moved} (facial animation {_pct(v)}); aim for {_aim(t, _pct)}: "
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
            f"{_aim(t, lambda x: f'{x:+.2f}')}: describe the problem briefly, then spend most "
            "of the answer on what you did and what improved.")


def _relevance_low(v: float, t: Target, f: FeatureValues) -> str:
    return (f"Your answer's match with the question's topic was {_topic_pct(v)}; aim for "
            f"{_aim(t, _topic_pct)}: answer the question in your first sentence, using its key "
            "terms, then support it.")


def _keywords_low(v: float, t: Target, f: FeatureValues) -> str:
    return (f"You covered {_key_points(v, f)} expected for this question; aim for "
            f"{_aim(t, _pct)} of them: before answering, note the two or three things the "
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
    return (f"The transcriber was {_pct(v)} sure of your words on average; aim for "
            f"{_aim(t, _pct)}: face the microphone and finish the endings of words.")


def _diversity_low(v: float, t: Target, f: FeatureValues) -> str:
    return (f"{_pct(v)} of your words were distinct; aim for {_aim(t, _pct)}: name specific "
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


def _words(v: float) -> str:
    return f"{v:.0f} words"


ADVICE: dict[str, FeatureAdvice] = {
    "speech_rate_wpm": FeatureAdvice(
        "speaking rate", lambda v: f"{v:.0f} words per minute", _speech_rate_low,
        _speech_rate_high),
    "filler_rate_per_100_words": FeatureAdvice(
        "fillers", lambda v: f"{v:.1f} per 100 words", high=_fillers_high),
    "long_pauses_per_min": FeatureAdvice(
        "long pauses", lambda v: f"{v:.1f} per minute", high=_long_pauses_high),
    "hedge_rate_per_100_words": FeatureAdvice(
        "hedging", lambda v: f"{v:.1f} per 100 words", high=_hedges_high),
    "restarts_per_100_words": FeatureAdvice(
        "restarts", lambda v: f"{v:.1f} per 100 words", high=_restarts_high),
    "pitch_range_semitones": FeatureAdvice(
        "pitch range", lambda v: f"{v:.1f} semitones", _pitch_low, _pitch_high),
    "pitch_std_semitones": FeatureAdvice(
        "pitch variation", lambda v: f"{v:.1f} semitones", _pitch_std_low),
    "loudness_std_db": FeatureAdvice(
        "loudness variation", lambda v: f"{v:.1f} dB", _loudness_low),
    "eye_contact_ratio": FeatureAdvice(
        "eye contact", lambda v: f"{_pct(v)} of frames", _eye_contact_low, aim=_pct),
    "face_present_ratio": FeatureAdvice("face in frame", _pct, _face_low, aim=_pct),
    "head_yaw_std_deg": FeatureAdvice(
        "head steadiness", lambda v: f"{v:.0f} degrees of turning",
        high=_head_high("turned from side to side")),
    "head_pitch_std_deg": FeatureAdvice(
        "head steadiness", lambda v: f"{v:.0f} degrees of tilting",
        high=_head_high("tilted up and down")),
    "blink_rate_per_min": FeatureAdvice(
        "blink rate", lambda v: f"{v:.0f} per minute", _blink_low, _blink_high),
    "posture_upright_ratio": FeatureAdvice(
        "upright posture", lambda v: f"{_pct(v)} of the time", _posture_low, aim=_pct),
    "shoulder_tilt_deg": FeatureAdvice(
        "level shoulders", lambda v: f"{v:.0f} degrees of tilt", high=_shoulders_high),
    "smile_ratio": FeatureAdvice("smiling", lambda v: f"{_pct(v)} of frames", _smile_low, aim=_pct),
    "facial_animation": FeatureAdvice(
        "facial expression", lambda v: f"{_pct(v)} animation", _animation_low, aim=_pct),
    "nods_per_min": FeatureAdvice(
        "nodding", lambda v: f"{v:.1f} per minute", _nods_low, _nods_high),
    "sentiment": FeatureAdvice(
        "positive wording", lambda v: f"{v:+.2f}", _sentiment_low, aim=lambda x: f"{x:+.2f}"),
    "relevance_similarity": FeatureAdvice(
        "relevance to the question", lambda v: f"{_topic_pct(v)} topic match", _relevance_low,
        aim=_topic_pct),
    "keyword_coverage": FeatureAdvice(
        "key points covered", lambda v: f"{_pct(v)} of them", _keywords_low, aim=_pct),
    "star_components": FeatureAdvice(
        "STAR structure", lambda v: f"{v:.0f} of 4 parts", _star_low),
    "organisation_markers": FeatureAdvice(
        "organisation", lambda v: f"{v:.0f} of 4 kinds of linking words", _organisation_low),
    "specificity_per_100_words": FeatureAdvice(
        "specific details", lambda v: f"{v:.1f} numbers or named tools per 100 words",
        _specificity_low),
    "answer_length_words": FeatureAdvice("answer length", _words, _length_low, _length_high),
    "asr_confidence": FeatureAdvice(
        "articulation", lambda v: f"{_pct(v)} transcriber confidence", _asr_low,
        aim=_pct),
    "lexical_diversity": FeatureAdvice(
        "vocabulary", lambda v: f"{_pct(v)} distinct words", _diversity_low, aim=_pct),
    "mean_sentence_words": FeatureAdvice(
        "sentence length", lambda v: f"{v:.0f} words on average", _sentences_low,
        _sentences_high),
    "readability_flesch": FeatureAdvice(
        "plain wording", lambda v: f"Flesch {v:.0f}", _readability_low),
}


def improvement_text(feature: str, value: float, target: Target, features: FeatureValues) -> str:
    """One sentence: the measured number, the target, one action."""
    advice = ADVICE.get(feature)
    side = target.side(value)
    text = None if advice is None else advice.low if side == "low" else advice.high
    if text is not None:
        return text(value, target, features)
    label = advice.label if advice else feature.replace("_", " ")
    shown = advice.show(value) if advice else f"{value:g}"
    aim = _aim(target, advice.aim) if advice else _aim(target)
    return f"Your {label} was {shown}; aim for {aim}."


def strength_text(feature: str, value: float, target: Target,
                  features: FeatureValues | None = None) -> str:
    advice = ADVICE.get(feature)
    if advice is None:
        return f"{feature.replace('_', ' ').capitalize()}: {value:g}, on target."
    label = advice.label[0].upper() + advice.label[1:]
    shown = advice.show(value)
    if feature == "keyword_coverage":  # counts read better than a share: "2 of 3 key points"
        shown = _key_points(value, features or {})
    return f"{label}: {shown}, on target ({_aim(target, advice.aim)})."
