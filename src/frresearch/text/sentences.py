"""Paragraphs, sentences and the lead: one splitter for frame coding and tone.

Sentences are found in three steps, each keeping character offsets:

1. paragraphs, at blank lines (cleaning keeps paragraph breaks as one blank
   line, see :func:`frresearch.corpus.cleaning.clean_text`);
2. Chinese sentence ends (。！？, with any closing quotes or brackets after
   them), which need no space after them;
3. nltk's Punkt sentence tokenizer (Kiss and Strunk 2006) with parameters
   that ship in this module: no training and no download. Its abbreviation
   list, :data:`ABBREVIATIONS`, keeps "U.S.", "Mr." or "Dept." inside a
   sentence; single-letter initials ("J. Smith") are handled by Punkt itself.

A known limit, shared with Punkt: a sentence that ends in an abbreviation
("... in the U.S. Officials said") is not split there.
"""

from __future__ import annotations

import re
from functools import lru_cache

from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

__all__ = ["ABBREVIATIONS", "LEAD_RULES", "paragraph_spans", "sentence_spans", "split_sentences", "lead"]

# Lower case, without the final period, as Punkt stores them ("u.s" for "U.S.").
ABBREVIATIONS = frozenset({
    # titles and ranks
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "rev", "hon", "gen", "lt", "col", "capt", "cmdr", "sgt",
    "maj", "adm", "gov", "sen", "rep", "pres", "amb", "supt", "insp",
    # organisations and places
    "dept", "corp", "inc", "ltd", "co", "bros", "assn", "univ", "govt", "intl", "natl", "ave", "blvd", "rd", "mt",
    "ft", "u.s", "u.k", "u.n", "e.u", "p.r.c", "d.c", "n.y", "l.a", "s.a",
    # months and days
    "jan", "feb", "apr", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "tue", "tues", "thu", "thur",
    "thurs", "fri",
    # in running text
    "e.g", "i.e", "cf", "vs", "approx", "vol", "fig", "pp", "a.m", "p.m",
})
# Left out because they end sentences as words more often than they abbreviate: no, art, sat, sun, wed, mar.

# Where a lead comes from; recorded per article by frame coding.
LEAD_RULES = ("first paragraph", "first two sentences", "excerpt", "none")

_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
_CHINESE_END = re.compile(r"[。！？]+[”’」』）》〉]*")


@lru_cache(maxsize=1)
def _punkt() -> PunktSentenceTokenizer:
    parameters = PunktParameters()
    parameters.abbrev_types = set(ABBREVIATIONS)
    return PunktSentenceTokenizer(parameters)


def _stripped(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``(start, end)`` narrowed to exclude white space at both ends; ``None`` when nothing is left."""
    piece = text[start:end]
    left = len(piece) - len(piece.lstrip())
    right = len(piece.rstrip())
    return (start + left, start + right) if right > left else None


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Character offsets of the paragraphs of ``text`` (separated by blank lines), white space trimmed.

    >>> paragraph_spans("One.\\n\\nTwo.")
    [(0, 4), (6, 10)]
    """
    spans = []
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [trimmed for s, e in spans if (trimmed := _stripped(text, s, e)) is not None]


def _chinese_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces = []
    for match in _CHINESE_END.finditer(text, start, end):
        pieces.append((start, match.end()))
        start = match.end()
    pieces.append((start, end))
    return pieces


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character offsets ``(start, end)`` of the sentences of ``text``, in order.

    Examples
    --------
    >>> text = "Mr. Li of the U.S. Dept. of Commerce spoke. Rules follow!"
    >>> [text[s:e] for s, e in sentence_spans(text)]
    ['Mr. Li of the U.S. Dept. of Commerce spoke.', 'Rules follow!']
    """
    punkt = _punkt()
    spans = []
    for paragraph_start, paragraph_end in paragraph_spans(text or ""):
        for piece_start, piece_end in _chinese_pieces(text, paragraph_start, paragraph_end):
            piece = text[piece_start:piece_end]
            for start, end in punkt.span_tokenize(piece):
                trimmed = _stripped(text, piece_start + start, piece_start + end)
                if trimmed is not None:
                    spans.append(trimmed)
    return spans


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` (see :func:`sentence_spans`)."""
    return [text[start:end] for start, end in sentence_spans(text)]


def lead(body: str, excerpt: str = "") -> tuple[str, str]:
    """An article's lead and the rule that found it (one of :data:`LEAD_RULES`).

    The lead is the first paragraph of the body when the body marks
    paragraphs (``"first paragraph"``), else the body's first two sentences
    (``"first two sentences"``). Without a body, the excerpt stands in for it
    (``"excerpt"``: publishers' excerpts are usually the lead); with neither,
    the lead is empty (``"none"``).

    >>> lead("First. Second. Third.")
    ('First. Second.', 'first two sentences')
    >>> lead("First. Second.\\n\\nThird.")
    ('First. Second.', 'first paragraph')
    """
    body, excerpt = (body or "").strip(), (excerpt or "").strip()
    if not body:
        return (excerpt, LEAD_RULES[2]) if excerpt else ("", LEAD_RULES[3])
    # The body is stripped, so a paragraph break in it has a paragraph before it and one after it.
    paragraph_break = _PARAGRAPH_BREAK.search(body)
    if paragraph_break:
        return body[: paragraph_break.start()].rstrip(), LEAD_RULES[0]
    sentences = sentence_spans(body)
    return body[sentences[0][0]:sentences[min(2, len(sentences)) - 1][1]], LEAD_RULES[1]
