"""Media Cloud story exports: CSV with Media Cloud's own column names."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from .._records import Collector
from ._base import ReadContext, check_columns, csv_rows, has_text_column, open_table, read_rows

__all__ = ["MediaCloudHandler", "MEDIA_CLOUD_COLUMNS"]

MEDIA_CLOUD_COLUMNS = {"title": "title", "url": "url", "published": "publish_date", "outlet": "media_name",
                       "domain": "media_url", "language": "language", "body": "text"}
_REQUIRED = {"id", "indexed_date", "language", "media_name", "media_url", "publish_date", "title", "url"}


class MediaCloudHandler:
    """A ``.csv`` whose header holds Media Cloud's columns; ``text`` is read as the body when present."""

    name: ClassVar[str] = "mediacloud"

    def detect(self, path: Path, header: list[str] | None) -> bool:
        return path.suffix.lower() == ".csv" and header is not None and _REQUIRED <= set(header)

    def read(self, path: Path, source: str, context: ReadContext, collector: Collector) -> None:
        stream = open_table(path, source, collector)
        if stream is None:
            return
        with stream:
            header, rows = csv_rows(stream, context.max_bytes)
            mapping = check_columns(context.columns if context.columns is not None else MEDIA_CLOUD_COLUMNS)
            if has_text_column(header, mapping, source, collector):
                read_rows(rows, mapping, source, context, collector)
