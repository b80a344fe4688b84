"""Media Cloud story exports: CSV with Media Cloud's own column names."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import ClassVar

from .generic_csv import CsvHandler

__all__ = ["MediaCloudHandler", "MEDIA_CLOUD_COLUMNS"]

MEDIA_CLOUD_COLUMNS = {"title": "title", "url": "url", "published": "publish_date", "outlet": "media_name",
                       "domain": "media_url", "language": "language", "body": "text"}
_REQUIRED = {"id", "indexed_date", "language", "media_name", "media_url", "publish_date", "title", "url"}


class MediaCloudHandler(CsvHandler):
    """A ``.csv`` whose header holds Media Cloud's columns; ``text`` is read as the body when present."""

    name: ClassVar[str] = "mediacloud"
    default_columns: ClassVar[Mapping[str, str] | None] = MEDIA_CLOUD_COLUMNS

    def detect(self, path: Path, header: list[str] | None) -> bool:
        return path.suffix.lower() == ".csv" and header is not None and _REQUIRED <= set(header)
