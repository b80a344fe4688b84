"""Tokenizing with nltk's regular-expression tokenizer (no downloaded data needed)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from nltk.tokenize import RegexpTokenizer

from .language import english_stopwords

__all__ = ["TOKEN_PATTERN", "fold", "tokenize", "token_spans", "span_tokens", "content_tokens", "count_terms"]

# Letters and digits, joined by inner hyphens, apostrophes or dots (e-commerce, china's, u.s).
TOKEN_PATTERN = r"[^\W_]+(?:[-'’.][^\W_]+)*"
_TOKENIZER = RegexpTokenizer(TOKEN_PATTERN)


def fold(text: str) -> str:
    """Case-fold ``text`` and write the typographic apostrophe as ``'`` (China’s = china's)."""
    return text.casefold().replace("\u2019", "'")


def tokenize(text: str) -> list[str]:
    """Split ``text`` into case-folded word tokens.

    Examples
    --------
    >>> tokenize("China's U.S.-style e-commerce rules!")
    ["china's", 'u.s', 'style', 'e-commerce', 'rules']
    """
    return _TOKENIZER.tokenize(fold(text))


def token_spans(text: str) -> list[tuple[int, int]]:
    """Character offsets ``(start, end)`` of the tokens of ``text``, in order."""
    return list(_TOKENIZER.span_tokenize(text))


def span_tokens(text: str) -> tuple[list[tuple[int, int]], list[str]]:
    """Token offsets in ``text`` and the folded tokens found there, for tracing matches back."""
    spans = token_spans(text)
    return spans, [fold(text[start:end]) for start, end in spans]


def content_tokens(tokens: Iterable[str]) -> list[str]:
    """Drop stop words, numbers and one-letter tokens: the vocabulary that distinguishes texts."""
    stop = english_stopwords()
    return [t for t in tokens if len(t) > 1 and t not in stop and not t.replace(".", "").isdigit()]


def count_terms(texts: Iterable[str]) -> Counter[str]:
    """Counts of content tokens over ``texts``."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(content_tokens(tokenize(text)))
    return counts
