"""Table formats researchers export: Media Cloud CSV, generic CSV, JSON Lines, text folders.

Each row becomes the same kind of record as a seed-format document, through
:func:`frresearch.records.build_record`, so every format gives the same
columns and the same checks. A bad row is a problems row; it never stops the
rest of the file. ``item`` names the row as a spreadsheet numbers it
(``row 2`` is the first after the header) for CSV, and the line for JSON Lines.

Columns are mapped to these fields (``columns={"field": "column in file"}``):

========== ==============================================================
field      meaning
========== ==============================================================
title      headline
excerpt    lead or summary
body       full text
url        the article's URL (gives ``article_id`` and the outlet's domain)
published  publication time (ISO 8601; UTC when no zone)
outlet     outlet or provider name as written
domain     outlet's domain, when the URL gives none
language   language code
ownership  state, commercial, public, nonprofit or unknown (wins over the registry)
file       (text folders only) the text file holding the body
========== ==============================================================

Columns not mapped to a field are kept in ``Corpus.extras``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from .cleaning import hostname
from .documents import decode_text
from .exceptions import DocumentError
from .outlets import OutletRegistry
from .records import Collector, build_record, kind_of

__all__ = ["FIELDS", "check_columns", "MEDIA_CLOUD_COLUMNS", "TEXT_FOLDER_METADATA", "detect_table_format",
           "read_table_file",
           "text_folder_members"]

FIELDS = ("title", "excerpt", "body", "url", "published", "outlet", "domain", "language", "ownership", "file")
MEDIA_CLOUD_COLUMNS = {"title": "title", "url": "url", "published": "publish_date", "outlet": "media_name",
                       "domain": "media_url", "language": "language", "body": "text"}
_MEDIA_CLOUD_REQUIRED = {"id", "indexed_date", "language", "media_name", "media_url", "publish_date", "title", "url"}
TEXT_FOLDER_METADATA = "metadata.csv"
TABLE_SUFFIXES = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}


def check_columns(columns: Mapping[str, str] | None) -> dict[str, str]:
    """The full field -> column mapping: each field named as itself unless ``columns`` maps it."""
    mapping = {field: field for field in FIELDS}
    for field, column in (columns or {}).items():
        if field not in FIELDS:
            raise ValueError(f"column mapping names the field {field!r}; expected fields from {FIELDS}")
        mapping[field] = column
    return mapping


def detect_table_format(path: Path, header: list[str] | None = None) -> str:
    """``"mediacloud"``, ``"textfolder"``, ``"csv"`` or ``"jsonl"`` for a table file, from its name and header."""
    kind = TABLE_SUFFIXES.get(path.suffix.lower(), "")
    if kind == "csv" and path.name.lower() == TEXT_FOLDER_METADATA:
        return "textfolder"
    if kind == "csv" and header is not None and _MEDIA_CLOUD_REQUIRED <= set(header):
        return "mediacloud"
    return kind


def text_folder_members(metadata: Path, column: str = "file") -> set[Path]:
    """The text files a text folder's ``metadata.csv`` lists (resolved), so they are not read twice."""
    try:
        with metadata.open(encoding="utf-8-sig", errors="replace", newline="") as stream:
            return {(metadata.parent / row[column]).resolve() for row in csv.DictReader(stream) if row.get(column)}
    except (OSError, csv.Error):
        return set()


def _fields_from_row(row: Mapping[str, Any], mapping: dict[str, str]) -> tuple[dict[str, Any], str]:
    """A front-matter-like mapping, and the body, from one table row."""

    def value(field: str) -> Any:
        found = row.get(mapping[field])
        return None if found == "" else found

    domain = value("domain")
    if isinstance(domain, str) and "://" in domain:
        domain = hostname(domain)
    fields: dict[str, Any] = {
        "title": value("title"), "excerpt": value("excerpt"), "webUrl": value("url"),
        "publishedDateTime": value("published"), "language": value("language"), "ownership": value("ownership"),
        "provider": {key: val for key, val in (("name", value("outlet")), ("domain", domain)) if val is not None},
    }
    used = set(mapping.values())
    fields.update({str(k): v for k, v in row.items() if k not in used and v not in ("", None)})
    body = value("body")
    return {k: v for k, v in fields.items() if v is not None}, "" if body is None else body


def _csv_rows(stream: io.TextIOBase, max_bytes: int) -> tuple[list[str], Iterator[tuple[str, dict | str]]]:
    """The header, and each data row with its name as a spreadsheet numbers it (``row 2`` is the first)."""
    csv.field_size_limit(max_bytes)
    reader = csv.reader(stream)
    try:
        header = next(reader, [])
    except csv.Error as exc:
        return [], iter([("row 1", f"header cannot be read as CSV: {exc}")])

    def rows() -> Iterator[tuple[str, dict | str]]:
        number = 1
        while True:
            number += 1
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield f"row {number}", f"row cannot be read as CSV: {exc}"
                continue
            if not any(values):
                continue
            if len(values) != len(header):
                yield f"row {number}", f"row has {len(values)} values, the header has {len(header)} columns"
                continue
            yield f"row {number}", dict(zip(header, values))

    return header, rows()


def _jsonl_rows(stream: io.TextIOBase, max_bytes: int) -> Iterator[tuple[str, dict | str]]:
    """Each line as a JSON object; a line longer than ``max_bytes`` is skipped unread, not held in memory."""
    number = 0
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        number += 1
        if len(line) > max_bytes and not line.endswith("\n"):
            while (rest := stream.readline(1 << 20)) and not rest.endswith("\n"):
                pass
            yield f"line {number}", f"line is longer than the limit of {max_bytes:,} characters; not read"
            continue
        if not line.strip():
            continue
        try:
            row = json.loads(line.rstrip("\r\n"))
        except json.JSONDecodeError as exc:
            yield f"line {number}", f"line is not valid JSON: {exc.msg} (column {exc.colno})"
            continue
        except RecursionError:
            yield f"line {number}", "line is nested too deeply to read"
            continue
        if not isinstance(row, dict):
            yield f"line {number}", f"line holds {kind_of(row)}, expected a JSON object"
            continue
        yield f"line {number}", {str(k): v for k, v in row.items()}


def _text_file_body(folder: Path, name: str, max_bytes: int) -> tuple[str, list[str]]:
    """The body held in a text folder's file; raises DocumentError with the reason."""
    if not name.strip():
        raise DocumentError("no text file named on this row")
    target = (folder / name).resolve()
    if not target.is_relative_to(folder.resolve()):
        raise DocumentError(f"text file {name!r} lies outside the corpus folder; not read")
    if not target.is_file():
        raise DocumentError(f"text file {name!r} does not exist")
    if target.stat().st_size > max_bytes:
        raise DocumentError(f"text file {name!r} is larger than the limit of {max_bytes:,} bytes")
    body, warnings = decode_text(target.read_bytes())
    return body, [f"text file {name!r}: {reason}" for reason in warnings]


def read_table_file(path: Path, source: str, registry: OutletRegistry, collector: Collector, *, kind: str,
                    columns: Mapping[str, str] | None, max_bytes: int) -> None:
    """Read every row of a table file into ``collector``, streaming (memory bounded by the longest row).

    ``kind`` is ``"mediacloud"``, ``"csv"``, ``"jsonl"``, ``"textfolder"`` or
    ``"auto"`` (from the file's name and header, see :func:`detect_table_format`).
    """
    try:
        with path.open("rb") as handle:
            decode_text(handle.read(8192))  # refuses binary files
        stream = path.open(encoding="utf-8-sig", errors="replace", newline="")
    except DocumentError as exc:
        collector.reject(source, "file", str(exc))
        return
    except OSError as exc:
        collector.reject(source, "file", f"file cannot be read: {exc.strerror or exc}")
        return
    with stream:
        if kind == "jsonl" or (kind == "auto" and TABLE_SUFFIXES.get(path.suffix.lower()) == "jsonl"):
            kind, header, rows = "jsonl", [], _jsonl_rows(stream, max_bytes)
        else:
            header, rows = _csv_rows(stream, max_bytes)
            kind = detect_table_format(path, header) if kind == "auto" else kind
        mapping = check_columns(MEDIA_CLOUD_COLUMNS if kind == "mediacloud" and columns is None else columns)
        needed = [mapping[f] for f in ("title", "excerpt", "body", "file")]
        if kind != "jsonl" and not set(needed) & set(header):
            collector.reject(source, "file", f"no column for title, excerpt or body among {header[:20]}; name "
                                             "them with columns={'title': ..., 'body': ...}")
            return
        for item, row in rows:
            if isinstance(row, str):
                collector.reject(source, item, row)
                continue
            fields, body = _fields_from_row(row, mapping)
            if any(isinstance(v, str) and "\ufffd" in v for v in row.values()):
                collector.problem(source, item, "warning", "row holds bytes that are not UTF-8 (replaced with U+FFFD)")
            if kind == "textfolder":
                try:
                    body, warnings = _text_file_body(path.parent, str(row.get(mapping["file"]) or ""), max_bytes)
                except DocumentError as exc:
                    collector.reject(source, item, str(exc))
                    continue
                for reason in warnings:
                    collector.problem(source, item, "warning", reason)
            record = build_record(fields, body, "primary", source, item, registry, collector)
            if record:
                record["story_id"] = record["article_id"]
                collector.records.append(record)
