"""The documents of a corpus as :func:`~frresearch.corpus.fetch.fetch_corpus` sees them.

Seed-format files keep their front matter as a mapping (the primary and each
``related`` item are documents); table files (CSV, Media Cloud, JSON Lines)
give one document per row, its fields named as in seed-format front matter.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..exceptions import DocumentError
from ._discovery import CorpusSource, find_files
from ._frontmatter import parse_document
from ._reading import read_limited
from ._records import Collector
from .formats import handler_for
from .formats._base import check_columns, csv_rows, fields_from_row, open_table
from .formats.front_matter import FrontMatterHandler
from .formats.generic_csv import CsvHandler
from .formats.json_lines import JsonLinesHandler, json_rows

__all__ = ["InputDocument", "InputFile", "read_inputs", "url_of"]

_URL_KEYS = ("webUrl", "originalUrl", "url")


@dataclass
class InputDocument:
    """One document: its front-matter fields (changed in place when fetched) and its body."""

    source: str
    item: str
    fields: dict[str, Any]
    body: str
    error: str = ""  # why a table row could not be read


@dataclass
class InputFile:
    """One input file: its kind (``frontmatter``, ``table``, ``skipped``, ``error``) and its documents."""

    path: Path
    source: str
    kind: str
    reason: str = ""
    documents: list[InputDocument] = field(default_factory=list)


def url_of(fields: Mapping[str, Any]) -> str:
    """The document's own URL as written (``webUrl``, then ``originalUrl``, then ``url``), or ''."""
    for key in _URL_KEYS:
        value = fields.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def read_inputs(source: CorpusSource, max_bytes: int, columns: Mapping[str, str] | None = None) -> Iterator[InputFile]:
    """Every file of ``source`` with its documents, in the order :func:`load_corpus` reads them."""
    discovery = find_files(source)
    for name, item, severity, reason in discovery.problems:
        if item == "file" and severity == "error":
            yield InputFile(Path(name), name, "error", reason)
    for path, name in discovery.files:
        if path.stem.casefold() == "readme":
            yield InputFile(path, name, "skipped", "README file: documentation of the corpus, not an article")
            continue
        handler = handler_for(path)
        if isinstance(handler, FrontMatterHandler):
            yield _front_matter_file(path, name, max_bytes)
        elif isinstance(handler, (CsvHandler, JsonLinesHandler)):
            yield _table_file(path, name, handler, max_bytes, columns)
        else:
            yield InputFile(path, name, "skipped", "text folder: its documents carry their text; load the folder "
                                                   "beside the fetched documents")


def _front_matter_file(path: Path, name: str, max_bytes: int) -> InputFile:
    try:
        parsed = parse_document(read_limited(path, max_bytes))
    except DocumentError as exc:
        return InputFile(path, name, "error", str(exc))
    front = dict(parsed.front_matter)
    result = InputFile(path, name, "frontmatter", documents=[InputDocument(name, "primary", front, parsed.body)])
    related = front.get("related")
    for index, entry in enumerate(related if isinstance(related, list) else []):
        if isinstance(entry, Mapping):
            fields = {str(k): v for k, v in entry.items()}
            body = fields.get("body")
            result.documents.append(InputDocument(name, f"related[{index}]", fields,
                                                  body if isinstance(body, str) else ""))
    return result


def _table_file(path: Path, name: str, handler: CsvHandler | JsonLinesHandler, max_bytes: int,
                columns: Mapping[str, str] | None) -> InputFile:
    collector = Collector()
    result = InputFile(path, name, "table")
    defaults = handler.default_columns if isinstance(handler, CsvHandler) else None
    mapping = check_columns(columns if columns is not None else defaults)
    with open_table(path, name, collector) as stream:
        if stream is None:
            return InputFile(path, name, "error", collector.problems[-1][3])
        rows = csv_rows(stream, max_bytes)[1] if isinstance(handler, CsvHandler) else json_rows(stream, max_bytes)
        for item, row in rows:
            if isinstance(row, tuple):  # a warning about the whole file
                continue
            if isinstance(row, str):
                result.documents.append(InputDocument(name, item, {}, "", error=row))
                continue
            fields, body = fields_from_row(row, mapping)
            result.documents.append(InputDocument(name, item, fields, str(body)))
    return result
