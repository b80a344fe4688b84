"""Tokenizing: word tokens by one regular expression, case-folded; no downloaded data needed.

The tokens are those of nltk's ``RegexpTokenizer`` with :data:`TOKEN_PATTERN`
(a test checks that they are identical). Since nltk 3.9 that class compiles
every caller-supplied pattern with the third-party ``regex`` engine under a
time-out guard against catastrophic backtracking; this fixed pattern cannot
backtrack (each repetition must start with a separator), and the standard
``re`` engine runs it about four times faster, which matters at 100,000
articles.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence

from .._parallel import map_in_chunks, resolve_workers
from .language import english_stopwords

__all__ = ["TOKEN_PATTERN", "fold", "tokenize", "token_spans", "span_tokens", "content_tokens", "count_terms"]

# Letters and digits (with any combining marks), joined by inner hyphens, apostrophes or dots
# (e-commerce, china's, u.s).
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_WORD = rf"[^\W_](?:[^\W_]|[{_MARKS}])*"
TOKEN_PATTERN = rf"{_WORD}(?:[-'’.]{_WORD})*"
_TOKEN = re.compile(TOKEN_PATTERN)


def fold(text: str) -> str:
    """Fold ``text`` for matching: Unicode NFKC (full-width ｐｒｉｖａｃｙ = privacy), case-folded, and the
    typographic apostrophe written as ``'`` (China’s = china's). The text itself is kept as it was."""
    return unicodedata.normalize("NFKC", text).casefold().replace("\u2019", "'")


def tokenize(text: str) -> list[str]:
    """Split ``text`` into case-folded word tokens.

    Examples
    --------
    >>> tokenize("China's U.S.-style e-commerce rules!")
    ["china's", 'u.s', 'style', 'e-commerce', 'rules']
    """
    return _TOKEN.findall(fold(text))


def token_spans(text: str) -> list[tuple[int, int]]:
    """Character offsets ``(start, end)`` of the tokens of ``text``, in order."""
    return [match.span() for match in _TOKEN.finditer(text)]


def span_tokens(text: str) -> tuple[list[tuple[int, int]], list[str]]:
    """Token offsets in ``text`` and the folded tokens found there, for tracing matches back."""
    spans = token_spans(text)
    return spans, [fold(text[start:end]) for start, end in spans]


def content_tokens(tokens: Iterable[str]) -> list[str]:
    """Drop stop words, numbers and one-letter tokens: the vocabulary that distinguishes texts."""
    stop = english_stopwords()
    return [t for t in tokens if len(t) > 1 and t not in stop and not t.replace(".", "").isdigit()]


def _count_chunk(texts: Sequence[str]) -> list[Counter[str]]:
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(tokenize(text))
    return [counts]


def count_terms(texts: Iterable[str], *, workers: int | None = None) -> Counter[str]:
    """Counts of content tokens over ``texts`` (all tokens are counted, then the vocabulary filtered once)."""
    texts = list(texts)
    counts: Counter[str] = Counter()
    for part in map_in_chunks(_count_chunk, texts, workers=resolve_workers(workers, len(texts))):
        counts.update(part)
    keep = set(content_tokens(counts))
    return Counter({token: n for token, n in counts.items() if token in keep})
