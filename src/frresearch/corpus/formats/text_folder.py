"""Text folders: a ``metadata.csv`` whose ``file`` column names a plain-text body file per row."""

from __future__ import annotations

import csv
import hashlib
import os
import posixpath
from pathlib import Path
from typing import Any, ClassVar

from ...exceptions import DocumentError
from .._frontmatter import decode_text
from .._reading import open_regular, read_limited
from .._records import Collector
from ._base import ReadContext, check_columns, csv_rows, has_text_column, open_table, read_rows

__all__ = ["TextFolderHandler", "TEXT_FOLDER_METADATA", "text_folder_members"]

TEXT_FOLDER_METADATA = "metadata.csv"


def _member_path(folder: Path, name: str) -> Path | None:
    """The real path of a file named on a metadata row, when it lies inside the folder; else None."""
    real_folder = os.path.realpath(folder)
    target = os.path.realpath(folder / name)
    if os.path.commonpath([real_folder, target]) != real_folder or target == real_folder:
        return None
    return Path(target)


def text_folder_members(metadata: Path, column: str = "file") -> set[Path]:
    """The text files inside a text folder that its ``metadata.csv`` lists (real paths), so they are not
    read twice. A row naming a file outside the folder claims nothing: that file is read on its own."""
    try:
        with open_regular(metadata) as handle:
            lines = handle.read().decode("utf-8-sig", errors="replace").splitlines()
        names = [row.get(column) for row in csv.DictReader(lines)]
    except (DocumentError, OSError, csv.Error):
        return set()
    members = (_member_path(metadata.parent, name) for name in names if isinstance(name, str) and name.strip())
    return {member for member in members if member is not None}


class TextFolderHandler:
    """A file named ``metadata.csv``; each row's body is read from the text file it names.

    Every body file read gets its own row in ``Corpus.files`` (named relative
    to the corpus root), so the corpus fingerprint changes when a body changes.
    """

    name: ClassVar[str] = "textfolder"

    def detect(self, path: Path, header: list[str] | None) -> bool:
        return path.name.lower() == TEXT_FOLDER_METADATA

    def read(self, path: Path, source: str, context: ReadContext, collector: Collector) -> None:
        mapping = check_columns(context.columns)
        listed: set[str] = set()

        def body_of(row: dict[str, Any]) -> tuple[str, list[str]]:
            name = str(row.get(mapping["file"]) or "")
            body, warnings, data = _text_file_body(path.parent, name, context.max_bytes)
            member = posixpath.normpath(posixpath.join(posixpath.dirname(source), name.replace(os.sep, "/")))
            if member not in listed:
                listed.add(member)
                collector.files.append((member, len(data), hashlib.sha256(data).hexdigest()))
            return body, warnings

        with open_table(path, source, collector) as stream:
            if stream is None:
                return
            header, rows = csv_rows(stream, context.max_bytes)
            if has_text_column(header, mapping, source, collector):
                read_rows(rows, mapping, source, context, collector, body_of=body_of)


def _text_file_body(folder: Path, name: str, max_bytes: int) -> tuple[str, list[str], bytes]:
    """The body held in a text folder's file, its warnings and its bytes; raises ValueError with the reason."""
    if not name.strip():
        raise ValueError("no text file named on this row")
    target = _member_path(folder, name)
    if target is None:
        raise ValueError(f"text file {name!r} lies outside the text folder; not read (it is read on its own "
                         "if it is in the corpus)")
    if not target.exists():
        raise ValueError(f"text file {name!r} does not exist")
    try:
        data = read_limited(target, max_bytes)
        body, warnings = decode_text(data)
    except DocumentError as exc:
        raise ValueError(f"text file {name!r}: {exc}") from exc
    return body, [f"text file {name!r}: {reason}" for reason in warnings], data
