"""Merging records of the same article (same canonical URL, or same content without a URL)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ._records import ARTICLE_COLUMNS, CorpusRows, Record, table_time
from .cleaning import article_text

__all__ = ["merge_duplicates"]

_ID, _SOURCE, _ITEM = (ARTICLE_COLUMNS.index(name) for name in ("article_id", "source", "item"))


def _merge(records: list[Record], rows: CorpusRows) -> Record:
    """The kept record of several with one article_id; a warning for each of the others."""
    dicts = [dict(zip(ARTICLE_COLUMNS, record)) for record in records]
    ranked = sorted(dicts, key=lambda r: -len(r["body"]))
    kept = ranked[0]
    for other in ranked[1:]:
        for key in ("title", "excerpt", "body", "provider_name", "period"):
            if not kept[key] and other[key]:
                kept[key] = other[key]
        if pd.isna(kept["published"]) and not pd.isna(other["published"]):
            kept["published"] = other["published"]
        rows.problem(
            other["source"], other["item"], "warning",
            f"same article as {kept['item']} of {kept['source']} ({kept['url'] or 'same content'}); merged",
        )
    kept["text"] = article_text(kept["title"], kept["excerpt"], kept["body"])
    kept["story_ids"] = ";".join(sorted({r["story_id"] for r in dicts}))
    return tuple(kept[name] for name in ARTICLE_COLUMNS)


def merge_duplicates(rows: CorpusRows) -> pd.DataFrame:
    """The articles table: one row per article_id, the record with the longest body winning, then the first read.

    Empty fields of the kept record are filled from its duplicates; each
    duplicate gets a warning row and a ``duplicate`` document row.
    """
    first: dict[str, Record] = {}
    repeated: dict[str, list[Record]] = {}  # only the few articles read more than once
    for record in rows.records:
        kept = first.setdefault(record[_ID], record)
        if kept is not record:
            repeated.setdefault(record[_ID], [kept]).append(record)
    kept_records = []
    for article_id, record in first.items():
        records = repeated.get(article_id, [record])
        kept = _merge(records, rows) if len(records) > 1 else record
        kept_key = (kept[_SOURCE], kept[_ITEM])
        for each in records:
            status = "loaded" if (each[_SOURCE], each[_ITEM]) == kept_key else "duplicate"
            rows.documents.append((each[_SOURCE], each[_ITEM], status, article_id))
        kept_records.append(kept)
    columns: dict[str, Any] = dict(zip(ARTICLE_COLUMNS, zip(*kept_records))) if kept_records else {}
    columns["published"] = list(map(table_time, columns.get("published", ())))
    frame = pd.DataFrame({name: list(columns.get(name, ())) for name in ARTICLE_COLUMNS})
    frame["published"] = pd.to_datetime(frame["published"], utc=True)
    return frame
