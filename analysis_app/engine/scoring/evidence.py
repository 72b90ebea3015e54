"""Which modalities a recording really has, and in words why one is missing.

The engine signals an absent modality by None features. A score needs the modality it is about:
a made-up eye-contact number for an audio-only file would be worse than no number, so the
dimension is null and the reason travels with it to the report.

None features do not say *why* they are None: an audio-only file and a crashed face model look
alike. Telling a candidate "the recording has no video track" when the camera worked and our
analysis failed is a false statement about their recording, so the caller passes the failed
analyses (`failures`, modality -> reason in words) and a missing piece of evidence whose
analysis failed is blamed on the failure, never on the recording.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from analysis_app.engine.scoring.features import FeatureValues
from analysis_app.engine.scoring.rubric import FACE_PRESENT_MIN_RATIO, MIN_WORDS
from analysis_app.engine.scoring.rubric_types import Evidence

_AUDIO_FEATURES = ("word_count", "speech_duration_s", "pitch_median_hz", "pause_ratio")
_VIDEO_FEATURES = ("face_present_ratio", "eye_contact_ratio", "head_yaw_std_deg", "smile_ratio")


@dataclass(frozen=True, slots=True)
class EvidenceReport:
    present: frozenset[Evidence]
    reasons: Mapping[Evidence, str]

    def has(self, evidence: Evidence) -> bool:
        return evidence in self.present

    def missing_reason(self, requires: Iterable[Evidence]) -> str | None:
        """Why the first absent requirement is absent; None when all are there."""
        for evidence in requires:
            if evidence not in self.present:
                return self.reasons[evidence]
        return None


def _present(values: FeatureValues, names: Iterable[str]) -> bool:
    return any(values.get(name) is not None for name in names)


#: Which analyses each kind of evidence is read from (the pipeline's modality stages), in the
#: order a failure is blamed: the words come from the transcription (speech) through the text
#: analysis, the pitch from the prosody (audio) analysis, the face from the video analysis.
EVIDENCE_SOURCES: Mapping[Evidence, tuple[str, ...]] = MappingProxyType({
    Evidence.SPEECH: ("speech", "text"),
    Evidence.VOICE: ("audio",),
    Evidence.VIDEO: ("video",),
    Evidence.FACE: ("video",),
})


def _failure(evidence: Evidence, failures: Mapping[str, str] | None) -> str | None:
    """Why the analysis this evidence comes from failed, or None if none of them did."""
    for modality in EVIDENCE_SOURCES[evidence]:
        if failures and failures.get(modality):
            return failures[modality]
    return None


def _speech_reason(values: FeatureValues, failures: Mapping[str, str] | None) -> str | None:
    words = values.get("word_count")
    if words is None:
        failed = _failure(Evidence.SPEECH, failures)
        if failed:
            return failed
        if not _present(values, _AUDIO_FEATURES) and not _failure(Evidence.VOICE, failures):
            return "the recording has no audio track"
        if failures is not None:
            # Every analysis is known to have run: with audio but no words, the text analysis
            # declined because the transcription found no speech.
            return "no speech was detected"
        return "the speech was not transcribed"
    if words == 0:
        return "no speech was detected"
    if words < MIN_WORDS:
        return f"only {words:.0f} words were recognised, too few to judge"
    return None


def assess_evidence(
    values: FeatureValues, failures: Mapping[str, str] | None = None
) -> EvidenceReport:
    """What is present, and a reason for each thing that is not.

    `failures` maps a modality ("speech", "audio", "video", "text") whose analysis failed, or
    was skipped because one it needs failed, to the reason in words. None means the analyses'
    states are unknown (features read back from storage, training): the reasons then come
    from the features alone. A mapping, even empty, means every other analysis ran or
    declined on its own, so what is missing is really absent from the recording.
    """
    reasons: dict[Evidence, str] = {}
    speech_reason = _speech_reason(values, failures)
    if speech_reason:
        reasons[Evidence.SPEECH] = speech_reason
        reasons[Evidence.VOICE] = speech_reason
    elif values.get("pitch_range_semitones") is None and values.get("pitch_median_hz") is None:
        reasons[Evidence.VOICE] = (_failure(Evidence.VOICE, failures)
                                   or "no voiced speech to measure pitch on")

    face_ratio = values.get("face_present_ratio")
    if face_ratio is None and not _present(values, _VIDEO_FEATURES):
        reasons[Evidence.VIDEO] = (_failure(Evidence.VIDEO, failures)
                                   or "the recording has no video track")
        reasons[Evidence.FACE] = reasons[Evidence.VIDEO]
    elif face_ratio is None or face_ratio < FACE_PRESENT_MIN_RATIO:
        shown = 0.0 if face_ratio is None else face_ratio
        reasons[Evidence.FACE] = f"no face was visible in the video (face in {shown:.0%} of frames)"
    present = frozenset(evidence for evidence in Evidence if evidence not in reasons)
    return EvidenceReport(present=present, reasons=reasons)
