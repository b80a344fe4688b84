"""Which language a text is in, as far as the analyses need to know.

The codebook's cue terms are English, so the question that matters is
whether a text is English, Chinese or something else. The check looks at the
writing system and, for Latin script, at the share of English stop words.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

__all__ = ["english_stopwords", "detect_language"]

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_LATIN_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_MIN_LETTERS = 20
_MIN_STOPWORD_SHARE = 0.08


@lru_cache(maxsize=1)
def english_stopwords() -> frozenset[str]:
    """The English stop-word list shipped with the package (lower case)."""
    text = resources.files("frresearch").joinpath("data/stopwords_en.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def detect_language(text: str) -> str:
    """Guess the language of ``text``: ``"en"``, ``"zh"`` or ``"und"`` (undetermined).

    Chinese when Han characters make up at least 30% of the letters; English
    when Latin words dominate and at least 8% of them are English stop
    words; otherwise undetermined, including texts too short to tell.
    """
    sample = text[:20_000]
    letters = len(_LETTER.findall(sample))
    if letters < _MIN_LETTERS:
        return "und"
    if len(_HAN.findall(sample)) >= 0.3 * letters:
        return "zh"
    words = _LATIN_WORD.findall(sample.lower())
    if not words or sum(map(len, words)) < 0.5 * letters:
        return "und"
    stop = english_stopwords()
    share = sum(word in stop for word in words) / len(words)
    return "en" if share >= _MIN_STOPWORD_SHARE else "und"
