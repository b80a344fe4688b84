"""Seed-format documents: YAML front matter, optional full text after it, related items."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

from ...exceptions import DocumentError
from .._frontmatter import parse_document
from .._reading import FileTooLarge, read_limited
from .._records import Collector, InputItem, build_record, kind_of, story_id_for
from ._base import ReadContext

__all__ = ["FrontMatterHandler"]


def _build(entry: InputItem, context: ReadContext, collector: Collector) -> dict[str, Any] | None:
    """One item's record; an unforeseen error is an error row for that item, and the file's other items load."""
    try:
        return build_record(entry, context.registry, collector)
    except Exception as exc:  # noqa: BLE001 - one bad item must not lose the others
        collector.reject(entry.source, entry.item, f"item could not be read ({type(exc).__name__}: "
                                                   f"{str(exc)[:200]}); this is a bug in frresearch, please report "
                                                   "it with the file")
        return None


class FrontMatterHandler:
    """Any file no other handler claims: one primary article and its ``related`` items."""

    name: ClassVar[str] = "frontmatter"

    def detect(self, path: Path, header: list[str] | None) -> bool:
        return True

    def read(self, path: Path, source: str, context: ReadContext, collector: Collector) -> None:
        try:
            data = read_limited(path, context.max_bytes)
        except FileTooLarge as exc:
            collector.files.append((source, exc.size, ""))
            collector.reject(source, "file", str(exc))
            return
        except DocumentError as exc:
            collector.reject(source, "file", str(exc))
            return
        collector.files.append((source, len(data), hashlib.sha256(data).hexdigest()))
        try:
            parsed = parse_document(data)
        except DocumentError as exc:
            collector.reject(source, "file", str(exc))
            return
        for reason in parsed.warnings:
            collector.problem(source, "file", "warning", reason)
        front = parsed.front_matter
        primary = _build(InputItem(front, parsed.body, "primary", source, "primary"), context, collector)
        batch = [primary] if primary else []
        related = front.get("related")
        if related is not None and not isinstance(related, list):
            collector.reject(source, "related",
                             f"related is {kind_of(related)}, expected a list of articles; not loaded")
            related = []
        for index, entry in enumerate(related or []):
            item = f"related[{index}]"
            if not isinstance(entry, Mapping):
                collector.reject(source, item, f"related item is {kind_of(entry)}, expected a mapping; not loaded")
                continue
            fields = {str(k): v for k, v in entry.items()}
            record = _build(InputItem(fields, "", "related", source, item), context, collector)
            if record:
                batch.append(record)
        story_id = primary["article_id"] if primary else story_id_for(source)
        for record in batch:
            record["story_id"] = story_id
            collector.records.append(record)
