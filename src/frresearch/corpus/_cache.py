"""A cache of parsed corpus files, so that rerunning the analyses does not parse every file again.

Entries are keyed on a file's absolute path, its size and its modification
time (nanoseconds), and a text folder's entry on those of its body files too,
inside a namespace that changes with the package version, the outlet registry
and the loader's limits: a changed file, registry or version misses. Values
are JSON in one SQLite file; nothing in the cache is executed.

The cache is only an optimisation: a damaged, foreign or unwritable cache
gives a :class:`CacheWarning`, is rebuilt when it can be, and otherwise the
corpus is parsed without it.
"""

from __future__ import annotations

import json
import os
import sqlite3
import warnings
from collections.abc import Iterable
from pathlib import Path

__all__ = ["ParseCache", "CacheWarning"]

_FAILURES = (sqlite3.Error, OSError, ValueError)


class CacheWarning(UserWarning):
    """The parse cache could not be used as it was; the load goes on."""


class ParseCache:
    """Key -> JSON value store in ``folder/parsed_files.sqlite``."""

    def __init__(self, folder: str | os.PathLike[str], namespace: str) -> None:
        self.path = Path(folder) / "parsed_files.sqlite"
        self.namespace = namespace
        self.usable = True
        try:
            self._create()
        except _FAILURES as exc:
            self._rebuild(exc)

    def _create(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            db.execute("SELECT key, value FROM entries LIMIT 1").fetchall()  # a foreign table fails here

    def _rebuild(self, exc: BaseException) -> None:
        """Replace a damaged cache file by an empty cache; give up on the cache when even that fails."""
        try:
            if self.path.is_file() or self.path.is_symlink():
                self.path.unlink()
            self._create()
        except _FAILURES as again:
            self.usable = False
            warnings.warn(f"the parse cache {str(self.path)!r} cannot be used ({again}); the corpus is parsed "
                          "without it", CacheWarning, stacklevel=3)
        else:
            warnings.warn(f"the parse cache {str(self.path)!r} was damaged or not a cache ({exc}); it was rebuilt "
                          "empty", CacheWarning, stacklevel=3)

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=30)

    def _key(self, key: str) -> str:
        return f"{self.namespace}\x00{key}"

    def get_many(self, keys: list[str]) -> dict[str, object]:
        """The cached values of ``keys`` that are present (none when the cache cannot be read)."""
        found: dict[str, object] = {}
        if not self.usable:
            return found
        try:
            with self._connect() as db:
                for start in range(0, len(keys), 500):
                    batch = [self._key(k) for k in keys[start : start + 500]]
                    marks = ",".join("?" * len(batch))
                    for key, value in db.execute(f"SELECT key, value FROM entries WHERE key IN ({marks})", batch):
                        found[key.split("\x00", 1)[1]] = json.loads(value)
        except _FAILURES as exc:
            self._rebuild(exc)
            return {}
        return found

    def _write(self, statement: str, rows: Iterable[tuple[str, ...]]) -> None:
        if not self.usable:
            return
        try:
            with self._connect() as db:
                db.executemany(statement, rows)
        except _FAILURES as exc:
            self.usable = False
            warnings.warn(f"the parse cache {str(self.path)!r} cannot be written ({exc}); this run's parses are "
                          "not kept", CacheWarning, stacklevel=3)

    def put_many(self, items: Iterable[tuple[str, object]]) -> None:
        self._write("INSERT OR REPLACE INTO entries VALUES (?, ?)",
                    ((self._key(k), json.dumps(v, ensure_ascii=False)) for k, v in items))

    def keep_only(self, keys: Iterable[str]) -> None:
        """Delete every entry but ``keys`` (other namespaces included)."""
        if not self.usable:
            return
        wanted = {self._key(k) for k in keys}
        try:
            with self._connect() as db:
                stale = [k for (k,) in db.execute("SELECT key FROM entries") if k not in wanted]
        except _FAILURES as exc:
            self._rebuild(exc)
            return
        self._write("DELETE FROM entries WHERE key = ?", ((k,) for k in stale))
