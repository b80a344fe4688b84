"""FrameMatcher's fast counting against a plain reading of the tokens_lookup rule, on random token sequences."""

from __future__ import annotations

import random

import pytest

from frresearch import load_codebook
from frresearch.frames.codebook import Codebook, Frame
from frresearch.frames.coding import FrameMatcher
from frresearch.text.patterns import is_glob, matches_at

# Overlapping phrases, phrases inside phrases, globs in first, second and third words, a one-word term
# under a phrase of its own frame and of another frame.
TRICKY = Codebook("tricky", "1", ("en",), (
    Frame("f", "F", "", "other", ("a b", "b c d", "d e", "b", "a b*", "c", "e f g h", "?x")),
    Frame("g", "G", "", "other", ("b*", "b c", "c d e", "x", "a ?x c", "d")),
    Frame("h", "H", "", "other", ("x x", "x x x", "b c d", "e")),
))


def _kind(word: str) -> int:
    """Exact words are tried before trailing-wildcard words, and those before other globs."""
    if not is_glob(word):
        return 0
    return 1 if word.endswith("*") and not is_glob(word[:-1]) else 2


def _reference(codebook: Codebook, tokens: list[str]) -> list[tuple[int, int, int, str]]:
    """Every match of every term; per frame keep the longest, then earliest, then first-tried, if not overlapping."""
    kept = []
    for index, frame in enumerate(codebook.frames):
        found = sorted((-len(pattern), position, _kind(pattern[0]), number, term)
                       for number, (term, pattern) in enumerate(zip(frame.terms, frame.patterns))
                       for position in range(len(tokens)) if matches_at(tokens, position, pattern))
        used: set[int] = set()
        for minus_length, position, _, _, term in found:
            span = set(range(position, position - minus_length))
            if used.isdisjoint(span):
                used |= span
                kept.append((position, index, position - minus_length, term))
    return [(frame, position, end, term) for position, frame, end, term in sorted(kept)]


def _vocabulary(codebook: Codebook) -> list[str]:
    """The words of the codebook's phrases, globs written out a few ways, and words that match nothing.

    Phrase words are often one-word terms too (rights, security, risks for risk*), so phrases and
    one-word matches overlap often in short sequences of them.
    """
    words = {"zz", "the", "of"}
    for frame in codebook.frames:
        for pattern in frame.patterns:
            for word in pattern if len(pattern) > 1 else ():
                for star, mark in (("", "x"), ("s", "q"), ("ing", "x")):
                    words.add(word.replace("*", star).replace("?", mark))
    return sorted(words)


def _english(codebook: Codebook) -> Codebook:
    frames = tuple(frame.without(set(frame.terms_in("zh"))) for frame in codebook.frames)
    return Codebook(codebook.name, codebook.version, ("en",), frames)


@pytest.mark.parametrize("codebook, seed", [(TRICKY, 1), (TRICKY, 2), (_english(load_codebook()), 3)])
def test_fast_counting_agrees_with_the_rule_on_random_sequences(codebook, seed):
    rng = random.Random(seed)
    vocabulary = _vocabulary(codebook)
    matcher = FrameMatcher(codebook)  # one matcher for all sequences: what it remembers must not leak
    checked_overlaps = 0
    for _ in range(400):
        tokens = [rng.choice(vocabulary) for _ in range(rng.randint(0, 30))]
        expected = _reference(codebook, tokens)
        assert matcher.matches(tokens) == expected, tokens
        counts, first = matcher.tally(tokens)
        assert counts == [sum(1 for m in expected if m[0] == frame) for frame in range(len(codebook))], tokens
        assert first == [min((m[1] for m in expected if m[0] == frame), default=-1)
                         for frame in range(len(codebook))], tokens
        assert matcher.frames_in(tokens) == [count > 0 for count in counts], tokens
        checked_overlaps += len(expected) < len(list(_all_matches(codebook, tokens)))
    assert checked_overlaps > 20  # the sequences did exercise the longest-first rule


def _all_matches(codebook: Codebook, tokens: list[str]):
    for frame in codebook.frames:
        for pattern in frame.patterns:
            yield from (position for position in range(len(tokens)) if matches_at(tokens, position, pattern))


def test_a_one_word_match_under_a_kept_phrase_of_its_frame_is_dropped_and_the_first_hit_moves():
    matcher = FrameMatcher(TRICKY)
    tokens = ["zz", "a", "b", "c", "d", "b"]
    # f: "b c d" (longest) swallows "a b" and "b"; the last "b" counts; first hit at the phrase.
    # g: "b c" at 2 swallows "b*" there, then "d" and the last "b*".
    counts, first = matcher.tally(tokens)
    assert counts[:2] == [2, 3] and first[:2] == [2, 2]
    assert [m for m in matcher.matches(tokens) if m[0] == 0] == [(0, 2, 5, "b c d"), (0, 5, 6, "b")]
