"""Tokenizing: word tokens by one regular expression, case-folded; no downloaded data needed.

The tokens are those of nltk's ``RegexpTokenizer`` with :data:`TOKEN_PATTERN`
(a test checks that they are identical). Since nltk 3.9 that class compiles
every caller-supplied pattern with the third-party ``regex`` engine under a
time-out guard against catastrophic backtracking; this fixed pattern cannot
backtrack (each repetition must start with a separator), and the standard
``re`` engine runs it about four times faster, which matters at 100,000
articles.

A token never holds white space, nor can white space start or end one, so the
tokens of a text are the tokens of its white-space separated chunks, in order.
:func:`tokenize` uses this: it splits the folded text at white space (fast, in
C) and runs the expression once per distinct chunk ("rules," or "law."), whose
tokens it remembers; news text repeats its chunks, so this is about three
times faster than running the expression over the whole text.

Text with Chinese characters takes a second path (see :mod:`.chinese`): it is
brought to its matching form (half-width, Simplified, same length), cut into
words by the segmenter, whose Chinese words are kept, and the rest is
tokenized as above, so mixed Chinese-English text gives Chinese words and
English tokens side by side, each with offsets into the original text.
Whether a segmenter word is Chinese is worked out once per distinct word.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import insort
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import chain, compress
from operator import itemgetter

from .._parallel import map_in_chunks, resolve_workers
from .._remembered import Remembered
from .chinese import HAN_CHARACTERS, chinese_stopwords, has_han, matching_form, segment_words
from .language import english_stopwords

__all__ = ["TOKEN_PATTERN", "fold", "tokenize", "token_spans", "span_tokens", "content_tokens", "count_terms"]

# Letters and digits (with any combining marks), joined by inner hyphens, apostrophes or dots
# (e-commerce, china's, u.s).
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_WORD = rf"[^\W_](?:[^\W_]|[{_MARKS}])*"
TOKEN_PATTERN = rf"{_WORD}(?:[-'’.]{_WORD})*"
_TOKEN = re.compile(TOKEN_PATTERN)
# In text with Chinese: runs of Han characters, and tokens as above made of other letters.
_HAN_RUN = re.compile(f"[{HAN_CHARACTERS}]+")
_OTHER_WORD = rf"[^\W_{HAN_CHARACTERS}](?:[^\W_{HAN_CHARACTERS}]|[{_MARKS}])*"
_OTHER_TOKEN = re.compile(rf"{_OTHER_WORD}(?:[-'’.]{_OTHER_WORD})*")
# The tokens of each folded white-space separated chunk ("rules," gives "rules"), found once.
_CHUNK_TOKENS: Remembered[str, tuple[str, ...]] = Remembered(lambda chunk: tuple(_TOKEN.findall(chunk)))
_FEW = 16  # tokens inserted one by one into a sorted list; more are sorted in


def _all_han(word: str) -> bool | None:
    """Whether a segmenter word is all Chinese (then it is a token), None when part of it is (T恤)."""
    if _HAN_RUN.fullmatch(word):
        return True
    return None if has_han(word) else False


_ALL_HAN: Remembered[str, bool | None] = Remembered(_all_han)


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
    >>> tokenize("國家網信辦就ＡＩ換臉徵求意見")
    ['国家网信办', '就', 'ai', '换脸', '征求意见']
    """
    if not text.isascii() and has_han(text):
        return list(map(itemgetter(0), _mixed_tokens(text)))
    # Per white-space separated chunk, which gives the same tokens (see the module's docstring).
    return list(chain.from_iterable(map(_CHUNK_TOKENS.__getitem__, fold(text).split())))


def _mixed_tokens(text: str) -> list[tuple[str, int, int]]:
    """``(token, start, end)`` of the tokens of a text with Chinese characters, in order."""
    form = matching_form(text)
    # One segmenter call for the whole text; its Chinese words are kept (the Han part of a mixed
    # dictionary word such as T恤 stays one token), everything else is tokenized as English.
    words = segment_words(form)  # (word, start, end)
    all_han = list(map(_ALL_HAN.__getitem__, map(itemgetter(0), words)))
    found = list(compress(words, all_han))
    others: list[tuple[str, int, int]] = []
    if None in all_han:
        for (word, start, _), whole in zip(words, all_han):
            if whole is None:
                others.extend((m.group(), start + m.start(), start + m.end()) for m in _HAN_RUN.finditer(word))
    others.extend((fold(m.group()), m.start(), m.end()) for m in _OTHER_TOKEN.finditer(form))
    by_start = itemgetter(1)
    if len(others) <= _FEW:
        for token in others:
            insort(found, token, key=by_start)
    else:
        found.extend(others)
        found.sort(key=by_start)
    return found


def token_spans(text: str) -> list[tuple[int, int]]:
    """Character offsets ``(start, end)`` of the tokens of ``text``, in order."""
    if has_han(text):
        return list(map(itemgetter(1, 2), _mixed_tokens(text)))
    return [match.span() for match in _TOKEN.finditer(text)]


def span_tokens(text: str) -> tuple[list[tuple[int, int]], list[str]]:
    """Token offsets in ``text`` and the folded tokens found there, for tracing matches back.

    Chinese words are given in matching form (Simplified); ``text[start:end]``
    is the original (e.g. Traditional) spelling.
    """
    if has_han(text):
        found = _mixed_tokens(text)
        return list(map(itemgetter(1, 2), found)), list(map(itemgetter(0), found))
    spans = token_spans(text)
    if text.isascii():  # folding lower-cases it, which moves no token boundary: the tokens are tokenize's
        return spans, tokenize(text)
    return spans, [fold(text[start:end]) for start, end in spans]


def content_tokens(tokens: Iterable[str]) -> list[str]:
    """Drop stop words (English and Chinese), numbers and one-character tokens: the distinguishing vocabulary.

    Single Chinese characters are dropped too: most are function words or
    parts of names the segmenter did not join.
    """
    stop = english_stopwords() | chinese_stopwords()
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
