"""Loading a corpus of news documents into one tidy table.

Every input document (a file's primary article and each of its related
items) ends up as a row of ``Corpus.articles``, as a recorded duplicate of
such a row, or as an ``error`` row of ``Corpus.problems``; ``Corpus.documents``
lists each one with what became of it.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import partial
from importlib import resources
from pathlib import Path

import pandas as pd

from .._distributed import check_engine
from .._parallel import collection_paused, map_in_chunks, resolve_workers, show_progress
from .._version import __version__
from ..exceptions import CorpusError
from ._cache import ParseCache
from ._discovery import CorpusSource, Discovery, display_name, find_files
from ._duplicates import merge_duplicates
from ._records import ARTICLE_COLUMNS, Collector, CorpusRows, FileRows
from .copies import find_copies
from .formats import FORMATS, ReadContext, check_columns, handler_for
from .outlets import OutletRegistry, load_outlets

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

PROBLEM_COLUMNS = ["source", "item", "severity", "reason"]
DOCUMENT_COLUMNS = ["source", "item", "status", "article_id"]
EXTRA_COLUMNS = ["article_id", "source", "item", "field", "value"]
FILE_COLUMNS = ["source", "bytes", "sha256"]
SKIPPED_COLUMNS = ["source", "reason"]

MAX_FILE_BYTES = 20_000_000
# Changes when parsing gives different records for the same file, so cached parses are not reused.
_RECORD_FORMAT = "3 (records as lists in column order)"


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
    skipped : DataFrame
        Files that are not news documents (a README), with the reason.
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
    skipped: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=SKIPPED_COLUMNS))

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
        rows = [("files read", len(self.files)), ("files skipped", len(self.skipped)),
                ("input documents", len(self.documents))]
        rows += [(f"documents {name}", int(count)) for name, count in status.items()]
        rows += [("articles", len(self.articles))]
        rows += [(f"problems ({name})", int(count)) for name, count in severity.items()]
        return pd.DataFrame(rows, columns=["measure", "count"])


def default_corpus_path() -> Path:
    """The default corpus: the seed, shipped inside the package (``seeds/`` of the checkout)."""
    path = Path(str(resources.files("frresearch").joinpath("seeds")))
    if not path.is_dir():
        raise CorpusError(f"the default corpus folder {str(path)!r} is missing from the installed package; "
                          "pass the corpus path explicitly")
    return path


@dataclass(frozen=True)
class _ReadOptions:
    context: ReadContext
    format: str


def _read_file(path_text: str, source: str, options: _ReadOptions) -> FileRows:
    """Everything one file yields: its records, problems, documents, extras and file row.

    Whatever goes wrong inside one file stays with that file: an unforeseen
    error becomes an ``error`` row for it, and the load goes on.
    """
    collector = Collector()
    path = Path(path_text)
    if path.stem.casefold() == "readme":
        collector.skipped.append((source, "README file: documentation of the corpus, not an article"))
        return collector.rows()
    try:
        handler_for(path, options.format).read(path, source, options.context, collector)
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the corpus
        collector.reject(source, "file", f"file could not be read ({type(exc).__name__}: {str(exc)[:200]}); "
                                         "this is a bug in frresearch, please report it with the file")
    return collector.rows()


def _read_files(entries: list[tuple[str, str]], options: _ReadOptions) -> list[FileRows]:
    return [_read_file(path, source, options) for path, source in entries]


def _cache_key(path: str, members: set[Path]) -> str:
    """A file's absolute path, size and modification time; a text folder's body files too. ``""``: do not cache."""
    parts: list[str | Path] = [path, *sorted(members)]
    key = []
    for part in parts:
        try:
            info = os.stat(part)
        except OSError:
            return ""
        key.append(f"{display_name(os.path.abspath(part))}\x00{info.st_size}\x00{info.st_mtime_ns}")
    return "\x01".join(key)


def _read_all(discovery: Discovery, options: _ReadOptions, cache_dir: str | os.PathLike | None,
              workers: int | None, progress: bool | None, engine: str = "local",
              scheduler: str | None = None) -> tuple[list[FileRows], int]:
    """Every file's rows, from the cache where it holds them, else parsed (in parallel for many files)."""
    files = discovery.paths
    results: list[FileRows | None] = [None] * len(files)
    cache: ParseCache | None = None
    keys: list[str] = []
    if cache_dir is not None:
        context = options.context
        namespace = hashlib.sha256(
            f"{__version__}\n{_RECORD_FORMAT}\n{context.max_bytes}\n{options.format}\n"
            f"{sorted((context.columns or {}).items())}\n"
            f"{context.registry.fingerprint}\n{ARTICLE_COLUMNS}".encode()).hexdigest()[:16]
        cache = ParseCache(cache_dir, namespace)
        keys = [_cache_key(path, discovery.members.get(path, set())) for path, _ in files]
        cached = cache.get_many([k for k in keys if k])
        for index, key in enumerate(keys):
            if key in cached:
                try:
                    results[index] = FileRows.from_json(cached[key])  # type: ignore[arg-type]
                except (KeyError, TypeError, ValueError):
                    pass  # an entry this version cannot read: the file is parsed again
    missing = [index for index, result in enumerate(results) if result is None]
    parsed = map_in_chunks(partial(_read_files, options=options), [files[i] for i in missing],
                           workers=resolve_workers(workers, len(missing)),
                           progress=show_progress(progress, len(missing)), description="reading files",
                           engine=engine, scheduler=scheduler)
    for index, result in zip(missing, parsed):
        results[index] = result
    if cache is not None:
        cache.put_many((keys[i], results[i].to_json()) for i in missing if keys[i])  # type: ignore[union-attr]
        cache.keep_only(k for k in keys if k)
    return [result for result in results if result is not None], len(files) - len(missing)


def _item_order(item: str) -> tuple[int, int]:
    if item.startswith("related["):
        return (2, int(item[8:-1]))
    if item.startswith(("line ", "row ")):
        return (3, int(item.split(" ", 1)[1]))
    return {"file": (0, 0), "primary": (1, 0)}.get(item, (2, -1))


def _sorted_frame(rows: list[tuple], columns: list[str]) -> pd.DataFrame:
    """The rows as a table, ordered by source and then item (stable: rows of one item keep their order)."""
    if not rows:
        return pd.DataFrame(rows, columns=columns).astype(str)
    return pd.DataFrame(sorted(rows, key=lambda row: (row[0], _item_order(row[1]))), columns=columns)


def load_corpus(
    source: CorpusSource | None = None,
    *,
    outlets: str | os.PathLike | OutletRegistry | None = None,
    max_file_bytes: int = MAX_FILE_BYTES,
    cache_dir: str | os.PathLike | None = None,
    workers: int | None = None,
    progress: bool | None = None,
    format: str = "auto",
    columns: Mapping[str, str] | None = None,
    copies: bool = True,
    engine: str = "local",
    scheduler: str | None = None,
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
        Keep parsed files in a cache there (see :mod:`frresearch.corpus._cache`): a
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
        For CSV and JSON Lines: field -> column name (see :mod:`frresearch.corpus.formats`).
    copies : bool
        Find copies of one story (:func:`frresearch.corpus.copies.find_copies`)
        and put them in ``copy_group``; ``False`` (faster on very large
        corpora) makes each article its own group.
    engine : {"local", "dask"}
        ``"dask"`` reads, parses and cleans the files as Dask tasks over
        partitions of files; the result is identical to ``"local"``.
    scheduler : str or None
        With ``engine="dask"``: the address of a running Dask scheduler
        (``"tcp://host:8786"``), whose workers must see the corpus at the same
        path. ``None``: the current Dask client of this process, else a local
        cluster started for the call.

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
    check_engine(engine, scheduler)
    registry = outlets if isinstance(outlets, OutletRegistry) else load_outlets(outlets)
    discovery = find_files(default_corpus_path() if source is None else source, check_columns(columns)["file"])
    files = discovery.paths
    context = ReadContext(registry, max_file_bytes, dict(columns) if columns else None)
    options = _ReadOptions(context, format)
    # Dask runs its scheduler in this process: its own garbage is collected as usual.
    with collection_paused() if engine == "local" else nullcontext():
        results, from_cache = _read_all(discovery, options, cache_dir, workers, progress, engine, scheduler)
        collector = CorpusRows()
        for name, item, severity, reason in discovery.problems:
            if item == "file" and severity == "error":
                collector.reject(name, item, reason)
            else:
                collector.problem(name, item, severity, reason)
        for result in results:
            collector.extend(result)
        del results
        articles = merge_duplicates(collector)
        if not articles.empty:
            articles["copy_group"] = (find_copies(articles, workers=workers, engine=engine, scheduler=scheduler)
                                      if copies else articles["article_id"])
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
            skipped=pd.DataFrame(collector.skipped, columns=SKIPPED_COLUMNS),
        )


def story_with_most_outlets(articles: pd.DataFrame) -> str:
    """The ``story_id`` covered by the most distinct outlets (ties: the first story in the table)."""
    if articles.empty:
        raise ValueError("the articles table is empty; there is no story to choose")
    outlets = articles.groupby("story_id", sort=False)["outlet"].nunique()
    return str(outlets.idxmax())
