"""A cache of parsed corpus files, so that rerunning the analyses does not parse every file again.

Entries are keyed on a file's name in the corpus, its size and its
modification time (nanoseconds), inside a namespace that changes with the
package version, the outlet registry and the loader's limits: a changed file,
registry or version misses. Values are JSON in one SQLite file; nothing in
the cache is executed.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path

__all__ = ["ParseCache"]


class ParseCache:
    """Key -> JSON value store in ``folder/parsed_files.sqlite``."""

    def __init__(self, folder: str | os.PathLike[str], namespace: str) -> None:
        self.path = Path(folder) / "parsed_files.sqlite"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.namespace = namespace
        with self._connect() as db:
            db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value TEXT NOT NULL)")

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=30)

    def _key(self, key: str) -> str:
        return f"{self.namespace}\x00{key}"

    def get_many(self, keys: list[str]) -> dict[str, object]:
        """The cached values of ``keys`` that are present."""
        found: dict[str, object] = {}
        with self._connect() as db:
            for start in range(0, len(keys), 500):
                batch = [self._key(k) for k in keys[start : start + 500]]
                marks = ",".join("?" * len(batch))
                for key, value in db.execute(f"SELECT key, value FROM entries WHERE key IN ({marks})", batch):
                    found[key.split("\x00", 1)[1]] = json.loads(value)
        return found

    def put_many(self, items: Iterable[tuple[str, object]]) -> None:
        with self._connect() as db:
            db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?)",
                           ((self._key(k), json.dumps(v, ensure_ascii=False)) for k, v in items))

    def keep_only(self, keys: Iterable[str]) -> int:
        """Delete every entry but ``keys`` (other namespaces included); returns how many went."""
        wanted = {self._key(k) for k in keys}
        with self._connect() as db:
            stale = [k for (k,) in db.execute("SELECT key FROM entries") if k not in wanted]
            db.executemany("DELETE FROM entries WHERE key = ?", ((k,) for k in stale))
        return len(stale)
