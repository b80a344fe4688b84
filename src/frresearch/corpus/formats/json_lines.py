"""JSON Lines: one JSON object per line, fields named as in CSV."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from .._records import Collector, kind_of
from ._base import ReadContext, Row, check_columns, open_table, read_rows

__all__ = ["JsonLinesHandler", "json_rows"]


class JsonLinesHandler:
    """``.jsonl`` and ``.ndjson`` files; a bad line is a problem row for that line only."""

    name: ClassVar[str] = "jsonl"

    def detect(self, path: Path, header: list[str] | None) -> bool:
        return path.suffix.lower() in {".jsonl", ".ndjson"}

    def read(self, path: Path, source: str, context: ReadContext, collector: Collector) -> None:
        with open_table(path, source, collector) as stream:
            if stream is None:
                return
            read_rows(json_rows(stream, context.max_bytes), check_columns(context.columns), source, context, collector)


def _int_or_text(digits: str) -> int | str:
    """A JSON integer; one too long for Python to convert (over 4,300 digits) is kept as its text."""
    return int(digits) if len(digits) <= 4300 else digits


def json_rows(stream: io.TextIOBase, max_bytes: int) -> Iterator[Row]:
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
            row = json.loads(line.rstrip("\r\n"), parse_int=_int_or_text)
        except json.JSONDecodeError as exc:
            yield f"line {number}", f"line is not valid JSON: {exc.msg} (column {exc.colno})"
            continue
        except (RecursionError, ValueError) as exc:
            reason = "nested too deeply to read" if isinstance(exc, RecursionError) else f"not readable: {exc}"
            yield f"line {number}", f"line is {reason}"[:200]
            continue
        if not isinstance(row, dict):
            yield f"line {number}", f"line holds {kind_of(row)}, expected a JSON object"
            continue
        yield f"line {number}", {str(k): v for k, v in row.items()}
