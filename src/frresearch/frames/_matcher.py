"""Finding cue-term matches in token sequences fast, with quanteda's ``tokens_lookup`` rules.

The rules are :mod:`frresearch.frames.coding`'s: whole tokens, globs,
longest match first per frame, frames independent. News text repeats its
words, so what a token type matches is worked out once and remembered:

- one-word matches are counted per token type (in C, by :class:`collections.Counter`);
- a phrase (multi-word term) is looked for only where a token that can start
  one stands, and looked up by the pair of tokens there;
- the longest-first rule runs per frame over the phrases found, and only
  where they overlap; a one-word match is the shortest, so it is dropped
  exactly when a kept phrase of its frame covers it.

A test checks the counts, first hits and matches against a plain reading of
the rule on random token sequences.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import compress

import numpy as np

from .._remembered import Remembered
from ..text.patterns import is_glob, matches_at, word_matches
from .codebook import Codebook

__all__ = ["FrameMatcher"]

_Candidate = tuple[int, tuple[str, ...], str]  # (frame index, pattern, term)
# A multi-word candidate, by the pair of tokens its first two words match: (order among the first token's
# candidates, frame index, pattern, term, its words after the second when all are literal (None: some are
# globs), and the one-word matches of its frame under it (None: counted per match, under glob words)).
_Phrase = tuple[int, int, tuple[str, ...], str, tuple[str, ...] | None, int | None]
# A phrase match: (first token, end token, order, term, one-word matches of its frame under it).
_PhraseMatch = tuple[int, int, int, str, int]


class FrameMatcher:
    """Finds cue-term matches of a codebook's frames in token sequences (see the module's docstring).

    Per token type it remembers the one-word matches the token makes (one
    per frame: the first term in candidate order, longer patterns and exact
    words first) and whether it may start a phrase; per pair of token types,
    the phrases whose first two words they match. One matcher serves any
    number of sequences.
    """

    def __init__(self, codebook: Codebook) -> None:
        self.codebook = codebook
        self._exact: dict[str, list[_Candidate]] = {}
        self._prefix: list[tuple[str, _Candidate]] = []
        self._glob: list[tuple[str, _Candidate]] = []
        for index, frame in enumerate(codebook.frames):
            for term, pattern in zip(frame.terms, frame.patterns):
                candidate = (index, pattern, term)
                first = pattern[0]
                if not is_glob(first):
                    self._exact.setdefault(first, []).append(candidate)
                elif first.endswith("*") and not is_glob(first[:-1]):
                    self._prefix.append((first[:-1], candidate))  # the common case, by startswith
                else:
                    self._glob.append((first, candidate))
        self._candidates = Remembered(self._find_candidates)
        self._words = Remembered(self._word_hits)
        self._word_frames: Remembered[str, frozenset[int]] = Remembered(
            lambda token: frozenset(frame for frame, _ in self._words[token]))
        self._starts_phrase: Remembered[str, bool] = Remembered(
            lambda token: any(len(pattern) > 1 for _, pattern, _ in self._candidates[token]))
        self._pair_phrases = Remembered(self._phrases_of_pair)

    def _find_candidates(self, token: str) -> tuple[_Candidate, ...]:
        found = (tuple(self._exact.get(token, ())) + tuple(c for p, c in self._prefix if token.startswith(p))
                 + tuple(c for word, c in self._glob if word_matches(word, token)))
        # Longest patterns first, so the first full match at a position is the longest.
        return tuple(sorted(found, key=lambda c: -len(c[1])))

    def _word_hits(self, token: str) -> tuple[tuple[int, str], ...]:
        """``(frame, term)`` of the one-word terms ``token`` matches: per frame the first in candidate order."""
        hits: dict[int, str] = {}
        for frame, pattern, term in self._candidates[token]:
            if len(pattern) == 1:
                hits.setdefault(frame, term)
        return tuple(hits.items())

    def _words_under(self, tokens: Sequence[str], frame: int) -> int:
        """How many of ``tokens`` make a one-word match for ``frame``."""
        return sum(frame in self._word_frames[token] for token in tokens)

    def _phrases_of_pair(self, pair: tuple[str, str]) -> tuple[_Phrase, ...]:
        """The multi-word candidates whose first two words match ``pair``, with their order among all candidates."""
        phrases = []
        for order, (frame, pattern, term) in enumerate(self._candidates[pair[0]]):
            if len(pattern) == 1 or not word_matches(pattern[1], pair[1]):
                continue
            rest = None if any(map(is_glob, pattern[2:])) else pattern[2:]
            # Literal words match only themselves, so the tokens under such a phrase are known now.
            under = None if rest is None else self._words_under(pair + rest, frame)
            phrases.append((order, frame, pattern, term, rest, under))
        return tuple(phrases)

    def _kept_phrases(self, tokens: Sequence[str]) -> dict[int, list[_PhraseMatch]]:
        """Per frame, the phrase matches kept by the longest-first rule, in text order."""
        pair_phrases = self._pair_phrases
        found: dict[int, list[_PhraseMatch]] = {}
        overlapping: set[int] = set()  # frames with overlapping matches
        # A phrase has two words or more: the last token starts none (compress stops at the shorter range).
        for position in compress(range(len(tokens) - 1), map(self._starts_phrase.__getitem__, tokens)):
            for order, frame, pattern, term, rest, under in pair_phrases[tokens[position], tokens[position + 1]]:
                end = position + len(pattern)
                if rest is None or under is None:  # glob words after the second: matched and counted here
                    if not matches_at(tokens, position, pattern):
                        continue
                    under = self._words_under(tokens[position:end], frame)
                elif rest and tuple(tokens[position + 2 : end]) != rest:
                    continue
                matches = found.get(frame)
                if matches is None:
                    found[frame] = [(position, end, order, term, under)]
                    continue
                if position < matches[-1][1]:
                    overlapping.add(frame)
                matches.append((position, end, order, term, under))
        for frame in overlapping:
            found[frame] = _longest_first(found[frame])
        return found

    def matches(self, tokens: Sequence[str]) -> list[tuple[int, int, int, str]]:
        """``(frame index, first token, end token, term)`` of each counted match, in text order.

        Per frame the longest matches are kept first, and a match overlapping
        one already kept is dropped (see the module's docstring).
        """
        kept = self._kept_phrases(tokens)
        covered = {frame: {p for start, end, *_ in spans for p in range(start, end)} for frame, spans in kept.items()}
        found = [(start, frame, end, term) for frame, spans in kept.items() for start, end, _, term, _ in spans]
        words = self._words
        for position in compress(range(len(tokens)), map(words.__getitem__, tokens)):
            found.extend((position, frame, position + 1, term) for frame, term in words[tokens[position]]
                         if position not in covered.get(frame, ()))
        found.sort()  # one match per token and frame at most
        return [(frame, position, end, term) for position, frame, end, term in found]

    def tally(self, tokens: Sequence[str]) -> tuple[list[int], list[int]]:
        """Hits per frame and the token position of each frame's first hit (-1 for none), as lists."""
        counts = [0] * len(self.codebook.frames)
        first = [-1] * len(counts)
        words = self._words
        # Counter keeps token types in order of first occurrence, so a frame's first type gives its first hit.
        for token, times in Counter(compress(tokens, map(words.__getitem__, tokens))).items():
            position = -1
            for frame, _ in words[token]:
                counts[frame] += times
                if first[frame] < 0:
                    position = tokens.index(token) if position < 0 else position
                    first[frame] = position
        for frame, spans in self._kept_phrases(tokens).items():
            counts[frame] += len(spans) - sum(span[4] for span in spans)
            # A one-word match before the first phrase is not under a phrase; one after it comes later.
            if not 0 <= first[frame] < spans[0][0]:
                first[frame] = spans[0][0]
        return counts, first

    def frames_in(self, tokens: Sequence[str]) -> list[bool]:
        """Per frame, whether it has a hit in ``tokens`` (the longest-first rule keeps at least one match)."""
        present = [False] * len(self.codebook.frames)
        for frame in set().union(*map(self._word_frames.__getitem__, tokens), self._kept_phrases(tokens)):
            present[frame] = True
        return present

    def count(self, tokens: Sequence[str]) -> np.ndarray:
        """Hits per frame for one token sequence."""
        return self.profile(tokens)[0]

    def profile(self, tokens: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Hits per frame and the token position of each frame's first hit (-1 for none)."""
        counts, first = self.tally(tokens)
        return np.array(counts, dtype=np.int64), np.array(first, dtype=np.int64)


def _longest_first(matches: list[_PhraseMatch]) -> list[_PhraseMatch]:
    """One frame's phrase matches kept by quanteda's rule, in text order.

    Longest first, then the earlier, then the term first in candidate order;
    a match overlapping one already kept is dropped.
    """
    occupied: set[int] = set()
    kept = []
    for match in sorted(matches, key=lambda m: (m[0] - m[1], m[0], m[2])):
        span = range(match[0], match[1])
        if occupied.isdisjoint(span):
            occupied.update(span)
            kept.append(match)
    return sorted(kept)
