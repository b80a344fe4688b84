"""Which files a corpus source holds, each with its name relative to the corpus root."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from ..exceptions import CorpusError
from .formats import TEXT_FOLDER_METADATA, text_folder_members

__all__ = ["CorpusSource", "find_files"]

CorpusSource = str | os.PathLike[str] | Iterable[str | os.PathLike[str]]


def find_files(source: CorpusSource) -> list[tuple[Path, str]]:
    """Expand the source into (path, name relative to the corpus root), sorted by name.

    Hidden files and folders are skipped; the text files a text folder's
    ``metadata.csv`` lists are left to that file's handler.
    """
    if isinstance(source, (str, os.PathLike)):
        entries = [Path(source)]
    else:
        entries = [Path(entry) for entry in source]
    if not entries:
        raise CorpusError("no corpus source given: pass a folder, a file or a list of them")
    missing = [str(entry) for entry in entries if not entry.exists()]
    if missing:
        raise CorpusError(f"corpus source {missing[0]!r} does not exist")
    # Absolute, not resolved: a link inside the corpus keeps its name in the corpus.
    absolute = [Path(os.path.abspath(entry)) for entry in entries]
    bases = [entry if entry.is_dir() else entry.parent for entry in absolute]
    root = Path(os.path.commonpath(bases)) if len(entries) > 1 else bases[0]
    found: dict[str, Path] = {}
    for entry in absolute:
        if entry.is_dir():
            for dirpath, dirnames, filenames in os.walk(entry):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in filenames:
                    if not name.startswith("."):
                        path = Path(dirpath, name)
                        found[path.relative_to(root).as_posix()] = path
        else:
            found[entry.relative_to(root).as_posix()] = entry
    if not found:
        raise CorpusError(f"corpus source {str(entries[0])!r} holds no files")
    members: set[Path] = set()
    for path in found.values():
        if path.name.lower() == TEXT_FOLDER_METADATA:
            members |= text_folder_members(path)
    found = {name: path for name, path in found.items() if path.resolve() not in members}
    return [(found[name], name) for name in sorted(found)]
