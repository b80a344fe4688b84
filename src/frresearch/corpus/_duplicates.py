"""Merging records of the same article (same canonical URL, or same content without a URL)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ._records import Collector

__all__ = ["merge_duplicates"]


def merge_duplicates(collector: Collector, columns: list[str]) -> pd.DataFrame:
    """One row per article_id: the record with the longest body wins, then the first one read.

    Empty fields of the kept record are filled from its duplicates; each
    duplicate gets a warning row and a ``duplicate`` document row.
    """
    groups: dict[str, list[dict[str, Any]]] = {}
    for record in collector.records:
        groups.setdefault(record["article_id"], []).append(record)
    rows = []
    for article_id, records in groups.items():
        ranked = sorted(records, key=lambda r: -len(r["body"])) if len(records) > 1 else records
        kept = ranked[0]
        for other in ranked[1:]:
            for key in ("title", "excerpt", "body", "provider_name", "period"):
                if not kept[key] and other[key]:
                    kept[key] = other[key]
            if pd.isna(kept["published"]) and not pd.isna(other["published"]):
                kept["published"] = other["published"]
            collector.problem(
                other["source"], other["item"], "warning",
                f"same article as {kept['item']} of {kept['source']} ({kept['url'] or 'same content'}); merged",
            )
        if len(ranked) > 1:
            kept["text"] = "\n\n".join(kept[k] for k in ("title", "excerpt", "body") if kept[k])
        kept["story_ids"] = ";".join(sorted({r["story_id"] for r in records}))
        kept_key = (kept["source"], kept["item"])
        for record in records:
            status = "loaded" if (record["source"], record["item"]) == kept_key else "duplicate"
            collector.documents.append((record["source"], record["item"], status, article_id))
        rows.append(kept)
    frame = pd.DataFrame(rows, columns=columns)
    frame["published"] = pd.to_datetime(frame["published"], utc=True)
    return frame
