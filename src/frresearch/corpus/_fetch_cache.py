"""Raw responses kept on disk, so a rerun fetches nothing it already has and a stopped run resumes.

One entry per requested URL, named by the SHA-256 of the URL: ``<key>.json``
holds what happened (final URL, status, content type, time, or the failure)
and ``<key>.raw`` the page bytes. Both are written to a temporary name and
renamed, the record last, so an entry is either complete or absent.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["CachedPage", "RawCache"]


@dataclass(frozen=True)
class CachedPage:
    """A cached outcome: ``record`` (url, final_url, status, content_type, fetched_at, sha256 or error, kind)."""

    record: dict[str, Any]
    body: bytes

    @property
    def failed(self) -> bool:
        return "error" in self.record


class RawCache:
    """URL -> raw response, in ``folder``."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()
        return self.folder / f"{key}.json", self.folder / f"{key}.raw"

    def get(self, url: str) -> CachedPage | None:
        """The cached outcome for ``url``, or None (also when an entry is unreadable)."""
        record_path, body_path = self._paths(url)
        try:
            record = json.loads(record_path.read_text(encoding="utf-8"))
            body = b"" if "error" in record else body_path.read_bytes()
        except (OSError, ValueError):
            return None
        if not isinstance(record, dict) or record.get("url") != url:
            return None
        return CachedPage(record, body)

    def put(self, url: str, record: dict[str, Any], body: bytes = b"") -> CachedPage:
        """Store an outcome; the page bytes first, then its record."""
        record = {**record, "url": url}
        record_path, body_path = self._paths(url)
        if "error" not in record:
            _write_atomic(body_path, body)
        _write_atomic(record_path, json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8"))
        return CachedPage(record, body)


def _write_atomic(path: Path, data: bytes) -> None:
    temporary = path.with_name(path.name + ".part")
    temporary.write_bytes(data)
    os.replace(temporary, path)
