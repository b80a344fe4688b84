"""CSV files whose columns are named after the fields (or mapped to them with ``columns=``)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import ClassVar

from .._records import Collector
from ._base import ReadContext, check_columns, csv_rows, has_text_column, open_table, read_rows

__all__ = ["CsvHandler"]

# Column names other tools use for our fields (Media Cloud's above all): column -> what it holds.
_KNOWN_FIELD_COLUMNS = {"publish_date": "publication date", "media_name": "outlet name", "media_url": "outlet domain",
                        "text": "article text", "headline": "title", "link": "URL", "content": "article text"}


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
            unused = sorted(set(header) & set(_KNOWN_FIELD_COLUMNS) - set(mapping.values()))
            if unused:
                named = ", ".join(f"{column} (the {_KNOWN_FIELD_COLUMNS[column]})" for column in unused)
                collector.problem(source, "file", "warning", f"known column(s) {named} are not read as such, only "
                                                             "kept in extras; map them with columns={...}")
            if has_text_column(header, mapping, source, collector):
                read_rows(rows, mapping, source, context, collector)
