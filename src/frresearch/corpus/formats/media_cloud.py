"""Media Cloud story exports: CSV with Media Cloud's own column names.

Exports differ between Media Cloud versions (``stories_id`` in older ones,
``id`` in newer) and users often keep only some columns; a file is read as an
export when it has ``title``, ``url`` and at least one column only Media Cloud
uses, and each known column is mapped when it is there.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import ClassVar

from .generic_csv import CsvHandler

__all__ = ["MediaCloudHandler", "MEDIA_CLOUD_COLUMNS"]

MEDIA_CLOUD_COLUMNS = {"title": "title", "url": "url", "published": "publish_date", "outlet": "media_name",
                       "domain": "media_url", "language": "language", "body": "text"}
_DISTINCTIVE = {"stories_id", "indexed_date", "media_name", "media_url", "publish_date", "media_id",
                "collect_date", "processed_stories_id"}


class MediaCloudHandler(CsvHandler):
    """A ``.csv`` whose header holds Media Cloud's columns; ``text`` is read as the body when present.

    A generic CSV that has Media Cloud columns without being recognised gets
    a warning naming them (see :class:`CsvHandler`).
    """

    name: ClassVar[str] = "mediacloud"
    default_columns: ClassVar[Mapping[str, str] | None] = MEDIA_CLOUD_COLUMNS

    def detect(self, path: Path, header: list[str] | None) -> bool:
        return (path.suffix.lower() == ".csv" and header is not None and {"title", "url"} <= set(header)
                and bool(_DISTINCTIVE & set(header)))
