"""Text folders: a ``metadata.csv`` whose ``file`` column names a plain-text body file per row."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any, ClassVar

from ...exceptions import DocumentError
from .._frontmatter import decode_text
from .._records import Collector
from ._base import ReadContext, check_columns, csv_rows, has_text_column, open_table, read_rows

__all__ = ["TextFolderHandler", "TEXT_FOLDER_METADATA", "text_folder_members"]

TEXT_FOLDER_METADATA = "metadata.csv"


def text_folder_members(metadata: Path, column: str = "file") -> set[Path]:
    """The text files a text folder's ``metadata.csv`` lists (resolved), so they are not read twice."""
    try:
        with metadata.open(encoding="utf-8-sig", errors="replace", newline="") as stream:
            return {(metadata.parent / row[column]).resolve() for row in csv.DictReader(stream) if row.get(column)}
    except (OSError, csv.Error):
        return set()


class TextFolderHandler:
    """A file named ``metadata.csv``; each row's body is read from the text file it names."""

    name: ClassVar[str] = "textfolder"

    def detect(self, path: Path, header: list[str] | None) -> bool:
        return path.name.lower() == TEXT_FOLDER_METADATA

    def read(self, path: Path, source: str, context: ReadContext, collector: Collector) -> None:
        stream = open_table(path, source, collector)
        if stream is None:
            return
        mapping = check_columns(context.columns)

        def body_of(row: dict[str, Any]) -> tuple[str, list[str]]:
            return _text_file_body(path.parent, str(row.get(mapping["file"]) or ""), context.max_bytes)

        with stream:
            header, rows = csv_rows(stream, context.max_bytes)
            if has_text_column(header, mapping, source, collector):
                read_rows(rows, mapping, source, context, collector, body_of=body_of)


def _text_file_body(folder: Path, name: str, max_bytes: int) -> tuple[str, list[str]]:
    """The body held in a text folder's file; raises ValueError with the reason."""
    if not name.strip():
        raise ValueError("no text file named on this row")
    target = (folder / name).resolve()
    if not target.is_relative_to(folder.resolve()):
        raise ValueError(f"text file {name!r} lies outside the corpus folder; not read")
    if not target.is_file():
        raise ValueError(f"text file {name!r} does not exist")
    if target.stat().st_size > max_bytes:
        raise ValueError(f"text file {name!r} is larger than the limit of {max_bytes:,} bytes")
    try:
        body, warnings = decode_text(target.read_bytes())
    except DocumentError as exc:
        raise ValueError(f"text file {name!r}: {exc}") from exc
    return body, [f"text file {name!r}: {reason}" for reason in warnings]
