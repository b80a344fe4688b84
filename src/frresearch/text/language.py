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
_LATIN_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_MIN_LETTERS = 20  # Han characters or Latin letters needed to tell
_MIN_STOPWORD_SHARE = 0.08


@lru_cache(maxsize=1)
def english_stopwords() -> frozenset[str]:
    """The English stop-word list shipped with the package (lower case)."""
    text = resources.files("frresearch").joinpath("data/stopwords_en.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def detect_language(text: str) -> str:
    """Guess the language of ``text``: ``"en"``, ``"zh"`` or ``"und"`` (undetermined).

    Looks at the first 2,000 characters. Chinese when Han characters make up
    at least 30% of the Han and Latin letters; English when at least 20
    Latin letters are found and at least 8% of the Latin words are English
    stop words; otherwise undetermined (other languages and scripts, and
    texts too short to tell).
    """
    sample = text[:2_000]
    words = _LATIN_WORD.findall(sample.lower())
    latin = sum(map(len, words))
    han = len(_HAN.findall(sample))
    if han >= _MIN_LETTERS and han >= 0.3 * (han + latin):
        return "zh"
    if latin < _MIN_LETTERS:
        return "und"
    share = sum(map(english_stopwords().__contains__, words)) / len(words)
    return "en" if share >= _MIN_STOPWORD_SHARE else "und"
