"""Loading a corpus of news documents into one tidy table.

Every input document (a file's primary article and each of its related
items) ends up as a row of ``Corpus.articles``, as a recorded duplicate of
such a row, or as an ``error`` row of ``Corpus.problems``; ``Corpus.documents``
lists each one with what became of it.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from .cache import ParseCache
from .cleaning import canonical_url
from .documents import parse_document
from .exceptions import CorpusError, DocumentError
from .outlets import OutletRegistry, load_outlets
from .parallel import map_in_chunks, resolve_workers, show_progress
from .importers import TABLE_SUFFIXES, TEXT_FOLDER_METADATA, check_columns, read_table_file, text_folder_members
from .records import Collector, article_id_for, build_record, kind_of

__all__ = [
    "ARTICLE_COLUMNS",
    "PROBLEM_COLUMNS",
    "DOCUMENT_COLUMNS",
    "EXTRA_COLUMNS",
    "Corpus",
    "load_corpus",
    "default_corpus_path",
    "story_with_most_outlets",
]

ARTICLE_COLUMNS = [
    "article_id", "story_id", "story_ids", "role", "title", "excerpt", "body", "text", "published",
    "outlet", "provider_name", "domain", "ownership", "ownership_source", "country", "url",
    "source", "item", "language", "language_source",
]
PROBLEM_COLUMNS = ["source", "item", "severity", "reason"]
DOCUMENT_COLUMNS = ["source", "item", "status", "article_id"]
EXTRA_COLUMNS = ["article_id", "source", "item", "field", "value"]
FILE_COLUMNS = ["source", "bytes", "sha256"]

MAX_FILE_BYTES = 20_000_000
TABLE_FORMATS = ("mediacloud", "csv", "jsonl", "textfolder")
FORMATS = ("auto", "frontmatter", *TABLE_FORMATS)


@dataclass
class Corpus:
    """A loaded corpus.

    Attributes
    ----------
    articles : DataFrame
        One row per unique article (columns :data:`ARTICLE_COLUMNS`).
    problems : DataFrame
        One row per thing found wrong: ``source``, ``item``, ``severity``
        (``error``: not loaded; ``warning``: loaded but flagged), ``reason``.
    documents : DataFrame
        One row per input document with its ``status`` (``loaded``,
        ``duplicate`` or ``error``) and the ``article_id`` it became.
    extras : DataFrame
        Every front-matter field the table does not use (images, topics,
        quality, unknown keys...), one row per field, value as JSON.
    files : DataFrame
        Every file read, with its size and SHA-256, for provenance.
    registry : OutletRegistry
        The outlet registry the corpus was labelled with.
    files_from_cache : int
        How many files came from the parse cache instead of being parsed.
    """

    articles: pd.DataFrame
    problems: pd.DataFrame
    documents: pd.DataFrame
    extras: pd.DataFrame
    files: pd.DataFrame
    registry: OutletRegistry = field(repr=False)
    files_from_cache: int = 0

    @property
    def fingerprint(self) -> str:
        """SHA-256 over the sorted (path, content hash) pairs of every file read."""
        digest = hashlib.sha256()
        for source, sha in sorted(zip(self.files["source"], self.files["sha256"])):
            digest.update(f"{sha}  {source}\n".encode())
        return digest.hexdigest()

    def summary(self) -> pd.DataFrame:
        """Counts of input documents by status, and of problems by severity."""
        status = self.documents["status"].value_counts().reindex(["loaded", "duplicate", "error"], fill_value=0)
        severity = self.problems["severity"].value_counts().reindex(["error", "warning"], fill_value=0)
        rows = [("files read", len(self.files)), ("input documents", len(self.documents))]
        rows += [(f"documents {name}", int(count)) for name, count in status.items()]
        rows += [("articles", len(self.articles))]
        rows += [(f"problems ({name})", int(count)) for name, count in severity.items()]
        return pd.DataFrame(rows, columns=["measure", "count"])


def default_corpus_path() -> Path:
    """The project's ``seeds/`` folder, the default corpus."""
    path = Path(__file__).resolve().parents[2] / "seeds"
    if not path.is_dir():
        raise CorpusError(
            f"the default corpus folder {str(path)!r} is not there (is frresearch installed from a checkout?); "
            "pass the corpus path explicitly"
        )
    return path


@dataclass(frozen=True)
class _ReadOptions:
    registry: OutletRegistry
    max_bytes: int
    format: str
    columns: Mapping[str, str] | None


def _read_file(path: Path, source: str, options: _ReadOptions) -> Collector:
    """Everything one file yields: its records, problems, documents, extras and file row.

    Whatever goes wrong inside one file stays with that file: an unforeseen
    error becomes an ``error`` row for it, and the load goes on.
    """
    try:
        return _read_file_unguarded(path, source, options)
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the corpus
        collector = Collector()
        collector.reject(source, "file", f"file could not be read ({type(exc).__name__}: {str(exc)[:200]}); "
                                         "this is a bug in frresearch, please report it with the file")
        return collector


def _read_file_unguarded(path: Path, source: str, options: _ReadOptions) -> Collector:
    collector = Collector()
    if path.stem.casefold() == "readme":
        collector.problem(source, "file", "warning",
                          "README file: read as documentation of the corpus, not as an article")
    elif options.format in TABLE_FORMATS or (options.format == "auto" and path.suffix.lower() in TABLE_SUFFIXES):
        try:
            info = path.stat()
            collector.files.append((source, info.st_size, _sha256_of_file(path)))
        except OSError as exc:
            collector.reject(source, "file", f"file cannot be read: {exc.strerror or exc}")
            return collector
        kind = "auto" if options.format == "auto" else options.format
        read_table_file(path, source, options.registry, collector, kind=kind, columns=options.columns,
                        max_bytes=options.max_bytes)
    else:
        _parse_document_file(path, source, options.registry, collector, options.max_bytes)
    return collector


def _read_files(entries: list[tuple[Path, str]], options: _ReadOptions) -> list[Collector]:
    return [_read_file(path, source, options) for path, source in entries]


def _sha256_of_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _parse_document_file(path: Path, source: str, registry: OutletRegistry, collector: Collector,
                         max_bytes: int) -> None:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            collector.files.append((source, size, ""))
            collector.reject(source, "file", f"file is {size:,} bytes, larger than the limit of {max_bytes:,}")
            return
        data = path.read_bytes()
    except OSError as exc:
        collector.reject(source, "file", f"file cannot be read: {exc.strerror or exc}")
        return
    collector.files.append((source, len(data), hashlib.sha256(data).hexdigest()))
    try:
        parsed = parse_document(data)
    except DocumentError as exc:
        collector.reject(source, "file", str(exc))
        return
    for reason in parsed.warnings:
        collector.problem(source, "file", "warning", reason)
    front = parsed.front_matter
    primary = build_record(front, parsed.body, "primary", source, "primary", registry, collector)
    title, excerpt = (str(front.get(k) or "") for k in ("title", "excerpt"))
    story_id = primary["article_id"] if primary else article_id_for(
        canonical_url(str(front.get("webUrl") or front.get("originalUrl") or "")), title, excerpt, parsed.body
    )
    batch = [primary] if primary else []
    related = front.get("related")
    if related is not None and not isinstance(related, list):
        collector.reject(source, "related", f"related is {kind_of(related)}, expected a list of articles; not loaded")
        related = []
    for index, entry in enumerate(related or []):
        item = f"related[{index}]"
        if not isinstance(entry, Mapping):
            collector.reject(source, item, f"related item is {kind_of(entry)}, expected a mapping; not loaded")
            continue
        record = build_record({str(k): v for k, v in entry.items()}, "", "related", source, item, registry, collector)
        if record:
            batch.append(record)
    for record in batch:
        record["story_id"] = story_id
        collector.records.append(record)


def _cache_key(path: Path, name: str) -> str:
    try:
        info = path.stat()
    except OSError:
        return ""
    return f"{name}\x00{info.st_size}\x00{info.st_mtime_ns}"


def _iter_files(source: str | os.PathLike | Iterable[str | os.PathLike]) -> list[tuple[Path, str]]:
    """Expand the source into (path, name relative to the corpus root), sorted by name."""
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
    members = set()
    for path in found.values():
        if path.name.lower() == TEXT_FOLDER_METADATA:
            members |= text_folder_members(path)
    found = {name: path for name, path in found.items() if path.resolve() not in members}
    return [(found[name], name) for name in sorted(found)]


def _read_all(files: list[tuple[Path, str]], options: _ReadOptions, cache_dir: str | os.PathLike | None,
              workers: int | None, progress: bool | None) -> tuple[list[Collector], int]:
    """Every file's rows, from the cache where it holds them, else parsed (in parallel for many files)."""
    results: list[Collector | None] = [None] * len(files)
    cache, keys = None, []
    if cache_dir is not None:
        from . import __version__

        namespace = hashlib.sha256(
            f"{__version__}\n{options.max_bytes}\n{options.format}\n{sorted((options.columns or {}).items())}\n"
            f"{options.registry.to_frame().to_csv(index=False)}".encode()).hexdigest()[:16]
        cache = ParseCache(cache_dir, namespace)
        keys = [_cache_key(path, name) for path, name in files]
        cached = cache.get_many([k for k in keys if k])
        for index, key in enumerate(keys):
            if key in cached:
                results[index] = Collector.from_json(cached[key])
    missing = [index for index, result in enumerate(results) if result is None]
    parsed = map_in_chunks(partial(_read_files, options=options), [files[i] for i in missing],
                           workers=resolve_workers(workers, len(missing)),
                           progress=show_progress(progress, len(missing)), description="reading files")
    for index, result in zip(missing, parsed):
        results[index] = result
    if cache is not None:
        cache.put_many((keys[i], results[i].to_json()) for i in missing if keys[i])
        cache.keep_only(k for k in keys if k)
    return results, len(files) - len(missing)


def _merge_duplicates(collector: Collector) -> pd.DataFrame:
    """One row per article_id: the record with the longest body wins, then the first one read.

    Empty fields of the kept record are filled from its duplicates.
    """
    groups: dict[str, list[dict[str, Any]]] = {}
    for record in collector.records:
        groups.setdefault(record["article_id"], []).append(record)
    rows = []
    for article_id, records in groups.items():
        ranked = sorted(records, key=lambda r: -len(r["body"])) if len(records) > 1 else records
        kept = ranked[0]
        for other in ranked[1:]:
            for key in ("title", "excerpt", "body", "provider_name"):
                if not kept[key] and other[key]:
                    kept[key] = other[key]
            if pd.isna(kept["published"]) and not pd.isna(other["published"]):
                kept["published"] = other["published"]
            collector.problem(
                other["source"], other["item"], "warning",
                f"same article as {kept['item']} of {kept['source']} ({kept['url'] or 'same content'}); merged",
            )
        if len(ranked) > 1:
            kept["text"] = "\n\n".join(kept[k] for k in ("title", "excerpt", "body") if kept[k])
        kept["story_ids"] = ";".join(sorted({r["story_id"] for r in records}))
        kept_key = (kept["source"], kept["item"])
        for record in records:
            status = "loaded" if (record["source"], record["item"]) == kept_key else "duplicate"
            collector.documents.append((record["source"], record["item"], status, article_id))
        rows.append(kept)
    frame = pd.DataFrame(rows, columns=ARTICLE_COLUMNS)
    frame["published"] = pd.to_datetime(frame["published"], utc=True)
    return frame


def _item_order(item: str) -> tuple[int, int]:
    if item.startswith("related["):
        return (2, int(item[8:-1]))
    if item.startswith(("line ", "row ")):
        return (3, int(item.split(" ", 1)[1]))
    return {"file": (0, 0), "primary": (1, 0)}.get(item, (2, -1))


def _sorted_frame(rows: list[tuple], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    if frame.empty:
        return frame.astype(str)
    keys = [(row.source, _item_order(row.item)) for row in frame.itertuples()]
    order = sorted(range(len(frame)), key=lambda i: keys[i])
    return frame.iloc[order].reset_index(drop=True)


def load_corpus(
    source: str | os.PathLike | Iterable[str | os.PathLike] | None = None,
    *,
    outlets: str | os.PathLike | OutletRegistry | None = None,
    max_file_bytes: int = MAX_FILE_BYTES,
    cache_dir: str | os.PathLike | None = None,
    workers: int | None = None,
    progress: bool | None = None,
    format: str = "auto",
    columns: Mapping[str, str] | None = None,
) -> Corpus:
    """Load news documents into a :class:`Corpus`.

    Parameters
    ----------
    source : path, list of paths or None
        A folder (read recursively, hidden files skipped), a file, or a list
        of them. ``None`` loads the default corpus, the project's ``seeds/``.
    outlets : path, OutletRegistry or None
        An outlet registry file extending the default one, or a loaded
        registry. ``None`` uses the default registry.
    max_file_bytes : int
        Files larger than this are not read and get an ``error`` row.
    cache_dir : path or None
        Keep parsed files in a cache there (see :mod:`frresearch.cache`): a
        rerun on an unchanged corpus parses no file again. ``None``: no cache.
    workers : int or None
        Processes that parse files; ``None``: one per core for large corpora.
        The result is the same for any number.
    progress : bool or None
        Progress bar; ``None``: for long loads in a terminal or notebook, not in CI.
    format : str
        ``"auto"`` (default) picks the importer per file: ``.csv`` files are
        Media Cloud exports when their header has Media Cloud's columns, text
        folders when named ``metadata.csv``, generic CSV otherwise;
        ``.jsonl``/``.ndjson`` are JSON Lines; other files are seed-format
        documents. ``"frontmatter"``, ``"mediacloud"``, ``"csv"``, ``"jsonl"``
        or ``"textfolder"`` read every file with that importer.
    columns : mapping, optional
        For CSV and JSON Lines: field -> column name (see :mod:`frresearch.importers`).

    Returns
    -------
    Corpus

    Raises
    ------
    CorpusError
        When the source does not exist or holds no files. Problems with
        single files never raise: they become rows of ``Corpus.problems``.
    """
    if format not in FORMATS:
        raise ValueError(f"format is {format!r}, expected one of {FORMATS}")
    check_columns(columns)
    registry = outlets if isinstance(outlets, OutletRegistry) else load_outlets(outlets)
    files = _iter_files(default_corpus_path() if source is None else source)
    options = _ReadOptions(registry, max_file_bytes, format, dict(columns) if columns else None)
    results, from_cache = _read_all(files, options, cache_dir, workers, progress)
    collector = Collector()
    for result in results:
        collector.extend(result)
    del results
    articles = _merge_duplicates(collector)
    documents = _sorted_frame(collector.documents, DOCUMENT_COLUMNS)
    if articles.empty:
        reasons = "; ".join(f"{name}: {reason}" for name, _, _, reason in collector.problems[:3])
        raise CorpusError(f"no news documents could be loaded from {len(files)} file(s); first problems: {reasons}")
    return Corpus(
        articles=articles,
        problems=_sorted_frame(collector.problems, PROBLEM_COLUMNS),
        documents=documents,
        extras=pd.DataFrame(collector.extras, columns=EXTRA_COLUMNS),
        files=pd.DataFrame(collector.files, columns=FILE_COLUMNS),
        registry=registry,
        files_from_cache=from_cache,
    )


def story_with_most_outlets(articles: pd.DataFrame) -> str:
    """The ``story_id`` covered by the most distinct outlets (ties: the first story in the table)."""
    if articles.empty:
        raise ValueError("the articles table is empty; there is no story to choose")
    outlets = articles.groupby("story_id", sort=False)["outlet"].nunique()
    return str(outlets.idxmax())
