"""Which files a corpus source holds, each with its name relative to the corpus root.

Folders are walked without recursion (a corpus nested a thousand folders deep
is fine) and nothing found is dropped silently: a folder that cannot be read,
a link that leaves the corpus folder or loops, a named pipe or a device each
become a problem row; only regular files are handed to the readers.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..exceptions import CorpusError
from ._reading import file_kind
from .formats import TEXT_FOLDER_METADATA, text_folder_members

__all__ = ["CorpusSource", "Discovery", "find_files", "display_name"]

CorpusSource = str | os.PathLike[str] | Iterable[str | os.PathLike[str]]


@dataclass
class Discovery:
    """The files to read, as (path, name), and problems found on the way as (name, item, severity, reason).

    A problem whose item is ``file`` is an input document that is not read.
    """

    paths: list[tuple[str, str]]
    """The files to read as (path, name), the path as text: a corpus of a million files is not held as a
    million Path objects (which the garbage collector would look at again and again)."""
    problems: list[tuple[str, str, str, str]] = field(default_factory=list)
    members: dict[str, set[Path]] = field(default_factory=dict)
    """For each text folder's ``metadata.csv``: the body files it lists (read by its handler, not as documents)."""

    @property
    def files(self) -> list[tuple[Path, str]]:
        """The files to read as (Path, name)."""
        return [(Path(path), name) for path, name in self.paths]


def display_name(name: str) -> str:
    """``name`` as valid UTF-8: bytes of a non-UTF-8 file name (a GBK name from a zip) shown as ``\\xNN``."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", errors="backslashreplace")
    return name


def _inside(folder: str, target: str) -> bool:
    return os.path.commonpath([folder, target]) == folder


class _Walk:
    """Collects the regular files under a folder, and the problems, iteratively."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.found: dict[str, str] = {}  # name -> path
        self.problems: list[tuple[str, str, str, str]] = []

    def relative(self, path: str | Path) -> str:
        return Path(path).relative_to(self.root).as_posix()

    def file(self, path: str, relative: str | None = None) -> None:
        """A regular file; ``relative``: its name relative to the root, when the caller knows it."""
        relative = self.relative(path) if relative is None else relative
        name = display_name(relative)
        if name != relative:
            self.problems.append((name, "file", "warning", "file name is not valid UTF-8; shown with \\x escapes"))
        self.found[name] = path

    def link(self, path: str, relative: str, real_top: str) -> None:
        """A link found in the walk: read when it leads to a regular file inside the corpus folder."""
        name = display_name(relative)
        if not _inside(real_top, os.path.realpath(path)):
            self.problems.append((name, "file", "error", "link to a file or folder outside the corpus folder; "
                                                         "not followed"))
            return
        try:
            mode = os.stat(path).st_mode
        except OSError as exc:
            self.problems.append((name, "file", "error", f"link cannot be followed ({exc.strerror}): it loops or "
                                                         "its target is missing"))
            return
        if stat.S_ISDIR(mode):
            self.problems.append((name, "folder", "warning", "link to a folder inside the corpus; not followed "
                                                             "(the files there are read where they lie)"))
        elif stat.S_ISREG(mode):
            self.file(path, relative)
        else:
            self.problems.append((name, "file", "error", f"link to {file_kind(mode)}, not to a regular file; not read"))

    def walk(self, top: Path) -> None:
        real_top = os.path.realpath(top)
        # Each folder with its name relative to the root ("" for the root), so names are joined, not recomputed.
        pending = [(str(top), "" if top == self.root else self.relative(top) + "/")]
        while pending:
            folder, prefix = pending.pop()
            try:
                with os.scandir(folder) as scan:
                    entries = [entry for entry in scan if not entry.name.startswith(".")]
            except OSError as exc:
                self.problems.append((display_name(prefix[:-1]) if prefix else ".", "folder", "error",
                                      f"folder cannot be read ({exc.strerror or exc}); the files in it are not "
                                      "loaded"))
                continue
            for entry in entries:
                path, relative = entry.path, prefix + entry.name
                try:
                    if entry.is_symlink():
                        self.link(path, relative, real_top)
                    elif entry.is_dir(follow_symlinks=False):
                        pending.append((path, relative + "/"))
                    elif entry.is_file(follow_symlinks=False):
                        self.file(path, relative)
                    else:
                        kind = file_kind(entry.stat(follow_symlinks=False).st_mode)
                        self.problems.append((display_name(relative), "file", "error",
                                              f"{kind}, not a regular file; not read"))
                except OSError as exc:
                    self.problems.append((display_name(relative), "file", "error",
                                          f"file cannot be examined ({exc.strerror or exc}); not read"))


def _entries(source: CorpusSource) -> list[Path]:
    raw = [source] if isinstance(source, (str, os.PathLike)) else list(source)
    if not raw:
        raise CorpusError("no corpus source given: pass a folder, a file or a list of them")
    for entry in raw:
        if not os.fspath(entry).strip():
            raise CorpusError("corpus source is an empty path; pass a folder or a file (use '.' for the current "
                              "folder)")
    return [Path(entry) for entry in raw]


def find_files(source: CorpusSource, file_column: str = "file") -> Discovery:
    """Expand the source into (path, name relative to the corpus root), sorted by name, and problems.

    Hidden files and folders are skipped; the text files a text folder's
    ``metadata.csv`` lists in its ``file_column`` are left to that file's handler.
    """
    entries = _entries(source)
    missing = [str(entry) for entry in entries if not entry.exists()]
    if missing:
        raise CorpusError(f"corpus source {missing[0]!r} does not exist")
    # Absolute, not resolved: a link inside the corpus keeps its name in the corpus.
    absolute = [Path(os.path.abspath(entry)) for entry in entries]
    bases = [entry if entry.is_dir() else entry.parent for entry in absolute]
    root = Path(os.path.commonpath(bases)) if len(entries) > 1 else bases[0]
    walk = _Walk(root)
    for entry in absolute:
        if entry.is_dir():
            walk.walk(entry)
        else:
            walk.file(str(entry))
    if not walk.found and not walk.problems:
        raise CorpusError(f"corpus source {str(entries[0])!r} holds no files")
    members = {path: text_folder_members(Path(path), file_column) for path in walk.found.values()
               if os.path.basename(path).lower() == TEXT_FOLDER_METADATA}
    listed = set().union(*members.values())
    found = walk.found if not listed else {
        name: path for name, path in walk.found.items() if Path(os.path.realpath(path)) not in listed}
    return Discovery([(found[name], name) for name in sorted(found)], walk.problems, members)
