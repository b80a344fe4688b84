"""CSV files whose columns are named after the fields (or mapped to them with ``columns=``)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import ClassVar

from .._records import Collector
from ._base import ReadContext, check_columns, csv_rows, has_text_column, open_table, read_rows

__all__ = ["CsvHandler"]


class CsvHandler:
    """Any ``.csv`` file not claimed by a more specific handler: one article per row."""

    name: ClassVar[str] = "csv"
    default_columns: ClassVar[Mapping[str, str] | None] = None  # field -> column, when the user maps none

    def detect(self, path: Path, header: list[str] | None) -> bool:
        return path.suffix.lower() == ".csv"

    def read(self, path: Path, source: str, context: ReadContext, collector: Collector) -> None:
        with open_table(path, source, collector) as stream:
            if stream is None:
                return
            header, rows = csv_rows(stream, context.max_bytes)
            mapping = check_columns(context.columns if context.columns is not None else self.default_columns)
            if has_text_column(header, mapping, source, collector):
                read_rows(rows, mapping, source, context, collector)
