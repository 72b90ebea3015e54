"""Reference values from the literature that the features are read against.

Kept in one place so the features, the scoring rubric and the reports quote the same numbers.
"""

from __future__ import annotations

from typing import Final

#: Conversational English runs at about 110-150 words per minute; listeners rate 140-160 wpm
#: best for presentations (Tauroza & Allison 1990; Rodero 2012, "A comparative analysis of
#: speech rate and perception in radio bulletins").
CONVERSATIONAL_WPM: Final = (110.0, 150.0)
PREFERRED_WPM: Final = (140.0, 160.0)

#: Presentation coaches flag more than about 4-5 fillers per 100 words as distracting.
FILLER_RATE_FLAG_PER_100_WORDS: Final = 4.5

#: Silent pauses above 1 s are "long" in spontaneous speech (Campione & Véronis 2002 find
#: most pauses below 1 s; longer ones mark hesitation or planning trouble).
LONG_PAUSE_S: Final = 1.0
#: Below 250 ms a silence is part of articulation, not a pause (Goldman-Eisler 1968).
MIN_PAUSE_S: Final = 0.25

#: In the MIT Interview Dataset (Naim et al. 2015, "Automated Analysis and Prediction of Job
#: Interview Performance") speaking rate/fluency, fewer fillers, more unique words and smiling
#: were among the strongest predictors of hiring ratings; these features are therefore kept.
MIT_INTERVIEW_PREDICTORS: Final = (
    "speech_rate_wpm",
    "filler_rate_per_100_words",
    "lexical_diversity",
    "smile_ratio",
)

#: Spontaneous blink rate at rest is about 15-20 per minute (Bentivoglio et al. 1997); it
#: rises with stress and falls with concentrated visual attention.
RESTING_BLINKS_PER_MIN: Final = (15.0, 20.0)

#: The eye-aspect-ratio blink detector (Soukupová & Čech 2016) calls an eye closed when its
#: EAR falls well below that person's open-eye EAR; a fixed 0.2 fails on narrow eyes, so the
#: threshold is relative to the median.
BLINK_EAR_FRACTION_OF_OPEN: Final = 0.7
