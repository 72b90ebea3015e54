"""Small text measures with no model behind them: tokens, syllables, readability, diversity.

Written out rather than imported because each is a few lines, and their exact definitions
belong in the documentation of the features they produce.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})
_NON_WORD = re.compile(r"[^\w'%$-]+")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")
_SENTENCE_END = re.compile(r"[.?!]+[\"')\]]*$")

_SMALL_NUMBERS = 20


def normalise(word: str) -> str:
    """Lower case, straight apostrophes, no surrounding punctuation: 'Um,' -> 'um'."""
    token = _NON_WORD.sub("", word.translate(_APOSTROPHES).lower())
    return token.strip("'-")


def ends_sentence(word: str) -> bool:
    return bool(_SENTENCE_END.search(word.strip()))


def ends_clause(word: str) -> bool:
    """A comma, dash or sentence end after the word: where discourse markers sit."""
    return bool(re.search(r"[,;:.?!\u2014-]+[\"')\]]*$", word.strip()))


def _integer_word_count(value: int) -> int:
    """How many words an integer takes when read aloud: 60000 -> 'sixty thousand' (2)."""
    if value == 0:
        return 1
    count = 0
    for scale in (10**9, 10**6, 10**3):  # billion, million, thousand
        if value >= scale:
            count += _integer_word_count(value // scale) + 1
            value %= scale
    if value >= 100:
        count += 2  # "three hundred"
        value %= 100
    if value >= _SMALL_NUMBERS:
        count += 1 if value % 10 == 0 else 2  # "forty" / "forty two"
    elif value > 0:
        count += 1
    return count


def spoken_word_count(word: str) -> int:
    """Words a transcript token stands for: Whisper writes '$60,000' for three spoken words."""
    token = word.translate(_APOSTROPHES).strip()
    digits = re.sub(r"[^\d.]", "", token)
    if not digits or not any(char.isdigit() for char in digits):
        return 1 if normalise(token) else 0
    whole, _, fraction = digits.partition(".")
    count = _integer_word_count(int(whole)) if whole.isdigit() else 0
    if fraction.isdigit():
        count += 1 + len(fraction)  # "point five"
    count += token.count("%") + token.count("$")  # "percent", "dollars"
    return max(count, 1)


def syllables(word: str) -> int:
    """Vowel-group count with a silent final 'e': the usual Flesch approximation."""
    token = re.sub(r"[^a-z]", "", word.lower())
    if not token:
        return 0
    count = len(_VOWEL_GROUPS.findall(token))
    if token.endswith("e") and not token.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    return max(count, 1)


def flesch_reading_ease(words: Sequence[str], sentence_count: int) -> float | None:
    """Flesch (1948): 206.835 - 1.015 words/sentence - 84.6 syllables/word; 60-70 is plain."""
    tokens = [word for word in words if re.search(r"[a-z]", word.lower())]
    if not tokens or sentence_count <= 0:
        return None
    per_sentence = len(tokens) / sentence_count
    per_word = sum(syllables(token) for token in tokens) / len(tokens)
    return 206.835 - 1.015 * per_sentence - 84.6 * per_word


def mattr(tokens: Sequence[str], window: int = 50) -> float | None:
    """Moving-average type-token ratio (Covington & McFall 2010).

    Plain type-token ratio falls as answers get longer, which would punish thorough answers;
    the moving average over a fixed window does not. Shorter texts get their plain TTR.
    """
    if not tokens:
        return None
    if len(tokens) <= window:
        return len(set(tokens)) / len(tokens)
    counts = Counter(tokens[:window])
    total = len(counts)
    for index in range(window, len(tokens)):
        incoming, outgoing = tokens[index], tokens[index - window]
        counts[incoming] += 1
        counts[outgoing] -= 1
        if counts[outgoing] == 0:
            del counts[outgoing]
        total += len(counts)
    return total / ((len(tokens) - window + 1) * window)


def stem(token: str) -> str:
    """A crude suffix stripper, enough to match 'deadlines' with 'deadline'; irregular forms
    ('led' for 'lead') are left to the embedding match of keyword coverage."""
    for suffix in ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ers", "er",
                   "ed", "es", "ly", "s"):
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            return token[: -len(suffix)]
    return token
