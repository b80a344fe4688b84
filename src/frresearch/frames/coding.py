"""Dictionary coding of frames, with every hit traceable to the text.

Matching follows quanteda's ``tokens_lookup``: tokens are case-folded, a
term matches whole tokens with glob wildcards (``*`` and ``?`` anywhere, see
:mod:`frresearch.text.patterns`), and within one frame the longest matches
are taken first across the whole text, then shorter ones that do not overlap
a match already counted (quanteda's longest-first rule with
``nested_scope = "key"``); among equally long matches the earlier wins. So
"deep security risks" counts once for data security, not three times, and
with terms "a b", "b c d" and "d e" the text "a b c d e" counts once ("b c d"),
not twice. Frames are counted independently of each other. The matching is
:class:`FrameMatcher`'s, which works out once what each word matches
(:mod:`frresearch.frames._matcher`).

Chinese text is segmented into words first (:mod:`frresearch.text.chinese`),
so the same rules hold with words for tokens. Each word is matched against
the terms in its own script: Chinese words against a frame's ``zh`` terms,
Latin-script tokens against its ``en`` terms (the two cannot match each
other's). A mixed Chinese-English article is therefore coded on both parts.
Whether an article is coded at all follows its ``language``: it must be one
of the codebook's languages, and a frame without terms in that language is
not coded for it (missing, not zero).

Beyond presence, each article and frame records where the frame shows and
how much of the article it takes:

- ``in_headline``: a cue term in the title;
- ``in_lead``: a cue term in the lead, the first paragraph of the body, or
  its first two sentences when the body marks no paragraphs, or the excerpt
  when there is no body (``lead_rule`` records which; see
  :func:`frresearch.text.sentences.lead`);
- ``emphasis``: the frame's hits over all hits of the article's coded frames
  (summing to 1 over the frames of an article with hits, 0 when it has none);
- ``first_hit``: the token position of the frame's first hit in ``text``.

Titles and leads are segmented like the text, so all four hold for Chinese
articles too.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from functools import partial
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from .._parallel import map_in_chunks, resolve_workers, show_progress
from ..corpus.cleaning import PARAGRAPH_BREAK
from ..text.sentences import lead
from ..text.tokens import span_tokens, tokenize
from ._matcher import FrameMatcher
from .codebook import Codebook, load_codebook

__all__ = ["FrameMatcher", "code_frames", "frame_matches", "ARTICLE_KEY_COLUMNS"]

# Article columns carried into coded tables, so results can be grouped by any of them.
ARTICLE_KEY_COLUMNS = ["article_id", "story_id", "role", "title", "outlet", "domain", "ownership", "country",
                       "language", "script", "published", "source",
                       "orientation", "attribution", "credited_outlet", "copy_group"]

def _coded_mask(articles: pd.DataFrame, codebook: Codebook) -> tuple[np.ndarray, np.ndarray]:
    """Articles x frames: whether coded, and the reason when not."""
    languages = articles["language"] if "language" in articles else pd.Series("und", index=articles.index)
    coded = codebook.frame_covers(languages)
    covered = ", ".join(sorted(codebook.languages))
    reasons = np.full(coded.shape, "", dtype=object)
    codes = languages.fillna("und").astype(str).to_numpy()
    for row in np.flatnonzero(~coded.all(axis=1)):
        lang = codes[row]
        for column, frame in enumerate(codebook.frames):
            if coded[row, column]:
                continue
            reason = (f"frame {frame.key!r} has no {lang!r} terms" if lang in codebook.languages
                      else f"language {lang!r} is not covered by the codebook ({covered})")
            reasons[row, column] = sys.intern(reason)
    return coded, reasons


# One article to code: text, title (None when the table has no titles), body, excerpt; or, when the text is
# title, excerpt and body joined as the loader joins them, the text and the three lengths (half the bytes to send).
_Parts = tuple[str, str | None, str, str] | tuple[str, int | None, int, int]


def _packed(text: str, title: str | None, body: str, excerpt: str) -> _Parts:
    """The parts, or the text and their lengths when each part stands where the join puts it (compared in place,
    nothing copied; the separators are in the text sent)."""
    position = 0
    for part in (title or "", excerpt, body):
        if part:
            if not text.startswith(part, position):
                return text, title, body, excerpt
            position += len(part) + len(PARAGRAPH_BREAK)
    if max(position - len(PARAGRAPH_BREAK), 0) != len(text):
        return text, title, body, excerpt
    return text, None if title is None else len(title), len(body), len(excerpt)


def _unpacked(parts: _Parts) -> tuple[str, str | None, str, str]:
    """The text, title, body and excerpt :func:`_packed` was given."""
    text, title, body, excerpt = parts
    if isinstance(body, str) and isinstance(excerpt, str) and not isinstance(title, int):
        return text, title, body, excerpt
    assert isinstance(body, int) and isinstance(excerpt, int) and not isinstance(title, str)
    title_end = title or 0
    excerpt_start = title_end + len(PARAGRAPH_BREAK) if title_end else 0
    body_start = excerpt_start + excerpt + len(PARAGRAPH_BREAK) if excerpt else excerpt_start
    return (text, None if title is None else text[:title_end], text[body_start : body_start + body],
            text[excerpt_start : excerpt_start + excerpt])


class _CodedChunk(NamedTuple):
    """A chunk of coded articles, as arrays (articles x frames where two-dimensional)."""

    hits: np.ndarray
    first: np.ndarray  # token position of the first hit, -1 for none
    tokens: np.ndarray
    has_title: np.ndarray
    in_title: np.ndarray  # False without a title
    in_lead: np.ndarray
    lead_rule: list[str]

    @classmethod
    def joined(cls, parts: Sequence[_CodedChunk], codebook: Codebook) -> _CodedChunk:
        """The chunks one after the other (no chunks: no articles)."""
        parts = list(parts) or _code_chunk([], codebook)

        def stacked(name: str) -> np.ndarray:
            return np.concatenate([getattr(part, name) for part in parts])

        return cls(stacked("hits"), stacked("first"), stacked("tokens"), stacked("has_title"), stacked("in_title"),
                   stacked("in_lead"), [rule for part in parts for rule in part.lead_rule])


def _code_chunk(items: Sequence[_Parts], codebook: Codebook) -> list[_CodedChunk]:
    """The chunk's articles coded, as one :class:`_CodedChunk` (flat lists until then: no object per article)."""
    matcher = FrameMatcher(codebook)
    n_frames = len(codebook.frames)
    hits: list[int] = []
    first: list[int] = []
    tokens: list[int] = []
    has_title: list[bool] = []
    in_title: list[bool] = []
    in_lead: list[bool] = []
    lead_rule: list[str] = []
    absent = [False] * n_frames
    for text, title, body, excerpt in map(_unpacked, items):
        text_tokens = tokenize(text)
        counts, firsts = matcher.tally(text_tokens)
        hits.extend(counts)
        first.extend(firsts)
        tokens.append(len(text_tokens))
        has_title.append(bool(title))
        in_title.extend(matcher.frames_in(tokenize(title)) if title else absent)
        lead_text, rule = lead(body, excerpt)
        in_lead.extend(matcher.frames_in(tokenize(lead_text)))
        lead_rule.append(rule)
    shape = (len(items), n_frames)
    return [_CodedChunk(np.array(hits, dtype=np.int64).reshape(shape), np.array(first, dtype=np.int64).reshape(shape),
                        np.array(tokens, dtype=np.int64), np.array(has_title, dtype=bool),
                        np.array(in_title, dtype=bool).reshape(shape), np.array(in_lead, dtype=bool).reshape(shape),
                        lead_rule)]


def _parts(articles: pd.DataFrame, coded: np.ndarray) -> list[_Parts]:
    """Text, title, body and excerpt of each article; empty for articles coded for no frame (``coded``: 1-D)."""
    def column(name: str) -> list[str]:
        if name not in articles.columns:
            return [""] * len(articles)
        return articles[name].fillna("").astype(str).tolist()

    texts, titles, excerpts = column("text"), column("title"), column("excerpt")
    has_titles = "title" in articles.columns
    # Without a body column the body is the text after its title.
    bodies = column("body") if "body" in articles.columns else [
        text[len(title):] if title and text.startswith(title) else text for text, title in zip(texts, titles)]
    return [_packed(text, title if has_titles else None, body, excerpt) if ok else ("", None, "", "")
            for text, title, body, excerpt, ok in zip(texts, titles, bodies, excerpts, coded)]


def _code_all(items: list[_Parts], codebook: Codebook, workers: int | None, progress: bool | None,
              engine: str, scheduler: str | None) -> list[_CodedChunk]:
    return map_in_chunks(partial(_code_chunk, codebook=codebook), items,
                         workers=resolve_workers(workers, len(items)),
                         progress=show_progress(progress, len(items)), description="coding frames",
                         engine=engine, scheduler=scheduler)


def _flag(values: np.ndarray, known: np.ndarray) -> pd.arrays.BooleanArray:
    flags = pd.array(values, dtype="boolean")
    flags[~known] = pd.NA
    return flags


def code_frames(articles: pd.DataFrame, codebook: Codebook | None = None, *, workers: int | None = None,
                progress: bool | None = None, engine: str = "local", scheduler: str | None = None) -> pd.DataFrame:
    """Code every article for every frame of the codebook.

    Parameters
    ----------
    articles : DataFrame
        ``Corpus.articles`` or any frame with ``article_id``, ``text`` and
        ``language`` columns.
    codebook : Codebook, optional
        Defaults to :func:`load_codebook` ().
    workers : int or None
        Processes; ``None``: one per core for large corpora. Same result for any number.
    progress : bool or None
        Progress bar; ``None``: for long work in a terminal or notebook, not in CI.
    engine, scheduler
        ``engine="dask"`` codes as Dask tasks (see :func:`frresearch.load_corpus`); same result.

    Returns
    -------
    DataFrame
        One row per article and frame: the article's key columns, ``frame``,
        ``label``, ``tokens``, ``hits``, ``rate`` (hits per 1,000 tokens),
        ``present`` (at least one hit), ``in_headline``, ``in_lead``,
        ``lead_rule``, ``emphasis``, ``first_hit`` (see the module's
        docstring), ``coded`` and ``not_coded_reason``.
        Articles in a language the codebook does not cover have
        ``coded = False`` and missing hits, rate, presence, headline, lead and
        emphasis: they are not scored as zero. ``in_headline`` is missing for
        an article without a title, ``in_lead`` for one without body or excerpt.
    """
    codebook = codebook or load_codebook()
    coded, reasons = _coded_mask(articles, codebook)
    chunks = _code_all(_parts(articles, np.any(coded, axis=1)), codebook, workers, progress, engine, scheduler)
    result = _CodedChunk.joined(chunks, codebook)
    n_frames, n_articles = len(codebook.frames), len(articles)
    # A frame not coded for an article (no terms in its language) counts nothing, not even towards emphasis.
    hits = result.hits * coded
    first, tokens, has_title = result.first, result.tokens, result.has_title
    lead_rule = np.array([sys.intern(rule) for rule in result.lead_rule], dtype=object)
    totals = hits.sum(axis=1, keepdims=True)
    emphasis = np.where(totals > 0, hits / np.maximum(totals, 1), 0.0)

    keys = [c for c in ARTICLE_KEY_COLUMNS if c in articles.columns]
    table = articles[keys].loc[articles.index.repeat(n_frames)].reset_index(drop=True)
    flat_hits = hits.reshape(-1).astype("float64")
    flat_tokens = np.repeat(tokens, n_frames)
    flat_coded = coded.reshape(-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = np.where(flat_tokens > 0, 1000.0 * flat_hits / np.maximum(flat_tokens, 1), 0.0)
    # Object arrays repeat references to the same few strings instead of making new ones per row.
    table["frame"] = np.tile(np.array(codebook.keys(), dtype=object), n_articles)
    table["label"] = np.tile(np.array([f.label for f in codebook.frames], dtype=object), n_articles)
    table["tokens"] = np.where(flat_coded, flat_tokens, 0)
    table["hits"] = pd.array(np.where(flat_coded, flat_hits, np.nan), dtype="Int64")
    table["rate"] = np.where(flat_coded, rate, np.nan)
    table["present"] = _flag(flat_hits > 0, flat_coded)
    table["in_headline"] = _flag(result.in_title.reshape(-1), flat_coded & np.repeat(has_title, n_frames))
    table["in_lead"] = _flag(result.in_lead.reshape(-1), flat_coded & np.repeat(lead_rule != "none", n_frames))
    flat_rule = np.repeat(lead_rule, n_frames)
    flat_rule[~flat_coded] = None
    table["lead_rule"] = flat_rule
    table["emphasis"] = np.where(flat_coded, emphasis.reshape(-1), np.nan)
    flat_first = first.reshape(-1).astype("float64")
    table["first_hit"] = pd.array(np.where(flat_coded & (flat_first >= 0), flat_first, np.nan), dtype="Int64")
    table["coded"] = flat_coded
    table["not_coded_reason"] = reasons.reshape(-1)
    return table


def frame_matches(articles: pd.DataFrame, codebook: Codebook | None = None) -> pd.DataFrame:
    """Every counted match, so a researcher can read what was coded.

    Returns
    -------
    DataFrame
        One row per match: ``article_id``, ``outlet``, ``ownership``,
        ``frame``, ``term`` (the cue term), ``start`` and ``end`` (character
        offsets into the article's ``text``) and ``matched`` (the text there,
        as written: a Traditional article shows Traditional characters).
        Summed per article and frame, the rows give :func:`code_frames`' hits.
    """
    codebook = codebook or load_codebook()
    matcher = FrameMatcher(codebook)
    coded, _ = _coded_mask(articles, codebook)
    keys = codebook.keys()

    def column(name: str) -> list[Any]:
        return articles[name].tolist() if name in articles.columns else [""] * len(articles)

    rows: list[tuple[Any, ...]] = []
    for article_id, outlet, ownership, text, ok in zip(articles["article_id"].tolist(), column("outlet"),
                                                       column("ownership"), articles["text"].tolist(), coded):
        if not ok.any():
            continue
        text = str(text or "")
        spans, tokens = span_tokens(text)
        rows.extend((article_id, outlet, ownership, keys[frame], term, spans[first][0], spans[end - 1][1],
                     text[spans[first][0] : spans[end - 1][1]])
                    for frame, first, end, term in matcher.matches(tokens) if ok[frame])
    columns = ["article_id", "outlet", "ownership", "frame", "term", "start", "end", "matched"]
    return pd.DataFrame(rows, columns=columns)
