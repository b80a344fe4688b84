"""What every handler shares: the read context, column mapping, and table rows to records."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Protocol

from ...exceptions import DocumentError
from .._frontmatter import decode_text
from .._reading import HashingReader, open_regular
from .._records import Collector, InputItem, build_record
from ..cleaning import hostname
from ..outlets import OutletRegistry

__all__ = ["FormatHandler", "ReadContext", "FIELDS", "check_columns", "read_rows", "csv_rows",
           "open_table", "has_text_column"]

FIELDS = ("title", "excerpt", "body", "url", "published", "period", "outlet", "domain", "language", "ownership",
          "file")

# item name, and the row, the reason it cannot be read, or ("warning", reason) about the file
Row = tuple[str, "dict[str, Any] | str | tuple[str, str]"]


@dataclass(frozen=True)
class ReadContext:
    """What a handler needs besides the file: the registry, the size limit and a column mapping."""

    registry: OutletRegistry
    max_bytes: int
    columns: Mapping[str, str] | None = None


class FormatHandler(Protocol):
    """One input format."""

    name: ClassVar[str]

    def detect(self, path: Path, header: list[str] | None) -> bool:
        """Whether this handler reads ``path`` (``header``: a CSV file's first row, else None)."""

    def read(self, path: Path, source: str, context: ReadContext, collector: Collector) -> None:
        """Read every document of ``path`` into ``collector``; problems become its rows, never exceptions."""


def check_columns(columns: Mapping[str, str] | None) -> dict[str, str]:
    """The full field -> column mapping: each field named as itself unless ``columns`` maps it.

    >>> check_columns({"title": "headline"})["title"]
    'headline'
    """
    mapping = {field: field for field in FIELDS}
    for field, column in (columns or {}).items():
        if field not in FIELDS:
            raise ValueError(f"column mapping names the field {field!r}; expected fields from {FIELDS}")
        mapping[field] = column
    return mapping


def fields_from_row(row: Mapping[str, Any], mapping: dict[str, str]) -> tuple[dict[str, Any], str]:
    """A front-matter-like mapping, and the body, from one table row."""

    def value(field: str) -> Any:
        found = row.get(mapping[field])
        return None if found == "" else found

    domain = value("domain")
    if isinstance(domain, str) and "://" in domain:
        domain = hostname(domain)
    fields: dict[str, Any] = {
        "title": value("title"), "excerpt": value("excerpt"), "webUrl": value("url"),
        "publishedDateTime": value("published"), "period": value("period"),
        "language": value("language"), "ownership": value("ownership"),
        "provider": {key: val for key, val in (("name", value("outlet")), ("domain", domain)) if val is not None},
    }
    used = set(mapping.values())
    fields.update({str(k): v for k, v in row.items() if k not in used and v not in ("", None)})
    body = value("body")
    return {k: v for k, v in fields.items() if v is not None}, "" if body is None else body


def csv_rows(stream: io.TextIOBase, max_bytes: int) -> tuple[list[str], Iterator[Row]]:
    """The header, and each data row with its name as a spreadsheet numbers it (``row 2`` is the first)."""
    previous_limit = csv.field_size_limit(max_bytes)
    try:
        reader = csv.reader(stream)
        try:
            header = next(reader, [])
        except csv.Error as exc:
            return [], iter([("row 1", f"header cannot be read as CSV: {exc}")])
    finally:
        csv.field_size_limit(previous_limit)

    repeated = sorted({name for name in header if header.count(name) > 1})
    first = {name: header.index(name) for name in header}

    def rows() -> Iterator[Row]:
        if repeated:
            yield "row 1", ("warning", f"header names the column(s) {repeated[:10]} more than once; the first "
                                       "of each is read")
        number = 1
        while True:
            number += 1
            previous = csv.field_size_limit(max_bytes)
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield f"row {number}", f"row cannot be read as CSV: {exc}"
                continue
            finally:
                csv.field_size_limit(previous)
            if not any(values):
                continue
            if len(values) != len(header):
                yield f"row {number}", f"row has {len(values)} values, the header has {len(header)} columns"
                continue
            yield f"row {number}", {name: values[index] for name, index in first.items()}

    return header, rows()


def read_rows(rows: Iterator[Row], mapping: dict[str, str], source: str, context: ReadContext,
              collector: Collector, body_of: Any = None) -> None:
    """Turn table rows into records; ``body_of(row)`` (text folders) gives a row's body and warnings."""
    documents = 0
    for item, row in rows:
        documents += not isinstance(row, tuple)
        if isinstance(row, tuple):
            collector.problem(source, item, *row)
        elif isinstance(row, str):
            collector.reject(source, item, row)
        else:
            try:
                _read_row(item, row, mapping, source, context, collector, body_of)
            except Exception as exc:  # noqa: BLE001 - one bad row must not lose the rows after it
                collector.reject(source, item, f"row could not be read ({type(exc).__name__}: {str(exc)[:200]}); "
                                               "this is a bug in frresearch, please report it with the file")
    if not documents:
        collector.problem(source, "file", "warning", "the file holds no rows: no documents in it")


def _read_row(item: str, row: dict[str, Any], mapping: dict[str, str], source: str, context: ReadContext,
              collector: Collector, body_of: Any) -> None:
    fields, body = fields_from_row(row, mapping)
    if any(isinstance(v, str) and "\ufffd" in v for v in row.values()):
        collector.problem(source, item, "warning", "row holds bytes that are not UTF-8 (replaced with U+FFFD)")
    if body_of is not None:
        try:
            body, warnings = body_of(row)
        except ValueError as exc:
            collector.reject(source, item, str(exc))
            return
        for reason in warnings:
            collector.problem(source, item, "warning", reason)
    record = build_record(InputItem(fields, body, "primary", source, item), context.registry, collector)
    if record:
        record["story_id"] = record["article_id"]
        collector.records.append(record)


@contextmanager
def open_table(path: Path, source: str, collector: Collector) -> Iterator[io.TextIOBase | None]:
    """A table file opened as text, or None (and an error row) when it cannot be read.

    The file row (size and SHA-256) is recorded on leaving the block, from the
    bytes the table was read from.
    """
    try:
        handle = open_regular(path)
    except DocumentError as exc:
        collector.reject(source, "file", str(exc))
        yield None
        return
    with handle:
        reader = HashingReader(handle)
        buffered = io.BufferedReader(reader, 1 << 16)
        try:
            try:
                decode_text(buffered.peek(8192)[:8192])  # refuses binary files
            except DocumentError as exc:
                collector.reject(source, "file", str(exc))
                yield None
                return
            yield io.TextIOWrapper(buffered, encoding="utf-8-sig", errors="replace", newline="")
        finally:
            while buffered.read(1 << 20):
                pass
            collector.files.append((source, reader.size, reader.digest.hexdigest()))


def has_text_column(header: list[str], mapping: dict[str, str], source: str, collector: Collector) -> bool:
    """Whether a table names a column for title, excerpt, body or file; an error row when not."""
    if {mapping[f] for f in ("title", "excerpt", "body", "file")} & set(header):
        return True
    collector.reject(source, "file", f"no column for title, excerpt or body among {header[:20]}; name "
                                     "them with columns={'title': ..., 'body': ...}")
    return False
