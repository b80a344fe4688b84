"""Loading a corpus of news documents into one tidy table.

Every input document (a file's primary article and each of its related
items) ends up as a row of ``Corpus.articles``, as a recorded duplicate of
such a row, or as an ``error`` row of ``Corpus.problems``; ``Corpus.documents``
lists each one with what became of it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from .cache import ParseCache
from .cleaning import canonical_url, clean_text, hostname
from .documents import parse_document
from .exceptions import CorpusError, DocumentError
from .language import detect_language
from .outlets import OWNERSHIP_TYPES, OutletRegistry, domain_of, load_outlets
from .parallel import map_in_chunks, resolve_workers, show_progress

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
MAX_FIELD_CHARS = 10_000
_URL_KEYS = ("webUrl", "originalUrl", "url")
_AMP_KEYS = ("ampWebUrl", "cdnAmpWebUrl")
_DATE_KEYS = ("publishedDateTime", "date")
_USED_KEYS = frozenset(
    {"title", "excerpt", "provider", "related", "language", "lang", "ownership", "body", *_URL_KEYS, *_AMP_KEYS, *_DATE_KEYS}
)
_EXPECTED_TYPES: dict[str, tuple[type, ...]] = {
    "quality": (int, float),
    "heat": (int, float),
    "images": (list,),
    "topics": (list,),
}


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
            digest.update(f"{sha}  {source}\n".encode("utf-8"))
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


class _Collector:
    """Accumulates rows while a corpus loads."""

    def __init__(self) -> None:
        self.records: list[dict[str, Any]] = []
        self.problems: list[tuple[str, str, str, str]] = []
        self.documents: list[tuple[str, str, str, str]] = []
        self.extras: list[tuple[str, str, str, str, str]] = []
        self.files: list[tuple[str, int, str]] = []

    def problem(self, source: str, item: str, severity: str, reason: str) -> None:
        self.problems.append((source, item, severity, reason))

    def reject(self, source: str, item: str, reason: str) -> None:
        self.problem(source, item, "error", reason)
        self.documents.append((source, item, "error", ""))

    def extend(self, other: "_Collector") -> None:
        for name in ("records", "problems", "documents", "extras", "files"):
            getattr(self, name).extend(getattr(other, name))

    def to_json(self) -> dict[str, Any]:
        records = [{**r, "published": None if pd.isna(r["published"]) else r["published"].isoformat()}
                   for r in self.records]
        return {"records": records, "problems": self.problems, "documents": self.documents,
                "extras": self.extras, "files": self.files}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "_Collector":
        collector = cls()
        collector.records = [{**r, "published": pd.NaT if r["published"] is None else pd.Timestamp(r["published"])}
                             for r in data["records"]]
        for name in ("problems", "documents", "extras", "files"):
            setattr(collector, name, [tuple(row) for row in data[name]])
        return collector


def _kind(value: Any) -> str:
    """A value's type in plain words, for problem reasons."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    return {dict: "a mapping", list: "a list", str: "text"}.get(type(value), f"a {type(value).__name__}")


def _as_text(value: Any, key: str, warn) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        warn(f"{key} is {_kind(value)}, expected text; ignored")
        return ""
    if not isinstance(value, str):
        warn(f"{key} is {_kind(value)} ({value!r}), expected text; used as text")
        value = str(value)
    if len(value) > MAX_FIELD_CHARS:
        warn(f"{key} is {len(value):,} characters long; cut to the first {MAX_FIELD_CHARS:,}")
        value = value[:MAX_FIELD_CHARS]
    return value


def _as_timestamp(value: Any, key: str, warn) -> pd.Timestamp:
    if value is None or value == "":
        return pd.NaT
    if isinstance(value, (dt.datetime, dt.date)) or (isinstance(value, str) and len(value) <= 64):
        try:
            stamp = pd.Timestamp(value)
        except (ValueError, TypeError, OverflowError):
            stamp = pd.NaT
        if not pd.isna(stamp):
            return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")
    shown = value if not isinstance(value, str) else value[:64]
    warn(f"{key} {shown!r} is not a date; publication time left empty")
    return pd.NaT


def _first_url(fields: Mapping[str, Any], warn) -> str:
    """The canonical URL of an item; its AMP variants are checked against it."""
    canonical = ""
    for key in _URL_KEYS:
        value = fields.get(key)
        if value in (None, ""):
            continue
        url = canonical_url(value) if isinstance(value, str) else ""
        if not url:
            warn(f"{key} {str(value)[:200]!r} is not an http(s) URL")
        elif not canonical:
            canonical = url
    for key in _AMP_KEYS:
        value = fields.get(key)
        if value in (None, ""):
            continue
        url = canonical_url(value) if isinstance(value, str) else ""
        if not url:
            warn(f"{key} {str(value)[:200]!r} is not an http(s) URL")
        elif not canonical:
            canonical = url
        elif url != canonical:
            warn(f"{key} leads to {url}, not to the article's own URL {canonical}")
    return canonical


def _article_id(canonical: str, title: str, excerpt: str, body: str) -> str:
    key = f"url:{canonical}" if canonical else f"content:{title}\n{excerpt}\n{body}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _build_record(
    fields: Mapping[str, Any], body: str, role: str, source: str, item: str,
    registry: OutletRegistry, collector: _Collector,
) -> dict[str, Any] | None:
    """Turn one front-matter mapping (primary or related item) into an article record."""

    def warn(reason: str) -> None:
        collector.problem(source, item, "warning", reason)

    title = _as_text(fields.get("title"), "title", warn)
    excerpt = _as_text(fields.get("excerpt"), "excerpt", warn)
    if role == "related" and fields.get("body") is not None:
        body = _as_text(fields.get("body"), "body", warn)
    url = _first_url(fields, warn)
    article_id = _article_id(url, title, excerpt, body)
    title, excerpt, body = (clean_text(part) for part in (title, excerpt, body))
    text = "\n\n".join(part for part in (title, excerpt, body) if part)
    if not text:
        collector.reject(source, item, "no title, excerpt or body: nothing to analyse")
        return None
    if not title:
        warn("no title")

    date_key = next((key for key in _DATE_KEYS if fields.get(key) not in (None, "")), _DATE_KEYS[0])
    published = _as_timestamp(fields.get(date_key), date_key, warn)

    provider = fields.get("provider")
    if provider is None:
        provider = {}
        warn("no provider; outlet taken from the URL" if url else "no provider and no URL; outlet unknown")
    elif not isinstance(provider, Mapping):
        warn(f"provider is {_kind(provider)}, expected a mapping with name and domain; ignored")
        provider = {}
    provider_name = clean_text(_as_text(provider.get("name"), "provider.name", warn))
    provider_domain = _as_text(provider.get("domain"), "provider.domain", warn)
    domain = domain_of(hostname(url), provider_domain)
    entry = registry.lookup(hostname(url) or domain) if domain else None
    if entry is None and provider_domain:
        entry = registry.lookup(provider_domain.lower())
    if entry is None and domain:
        warn(f"outlet domain {domain!r} is not in the outlet registry; ownership set to unknown")
    outlet = entry.name if entry else (provider_name if provider_name.isascii() and provider_name else domain)
    ownership, ownership_source = (entry.ownership, "registry") if entry else ("unknown", "none")
    declared = fields.get("ownership")
    if declared is not None:
        if declared in OWNERSHIP_TYPES:
            ownership, ownership_source = declared, "document"
        else:
            warn(f"ownership {declared!r} is not one of {OWNERSHIP_TYPES}; ignored")

    declared_language = fields.get("language", fields.get("lang"))
    if isinstance(declared_language, str) and declared_language.strip():
        language, language_source = declared_language.strip().lower().split("-")[0], "document"
    else:
        language, language_source = detect_language(text), "detected"

    for key, types in _EXPECTED_TYPES.items():
        value = fields.get(key)
        if value is not None and (not isinstance(value, types) or isinstance(value, bool)):
            expected = " or ".join("number" if t in (int, float) else t.__name__ for t in types)
            warn(f"{key} is {str(value)[:80]!r}, expected a {expected.replace('number or number', 'number')}")
    for key, value in fields.items():
        if key not in _USED_KEYS:
            collector.extras.append((article_id, source, item, key, json.dumps(value, default=str, ensure_ascii=False)))

    return {
        "article_id": article_id, "story_id": "", "story_ids": "", "role": role,
        "title": title, "excerpt": excerpt, "body": body, "text": text,
        "published": published, "outlet": outlet or "(unknown outlet)", "provider_name": provider_name,
        "domain": domain, "ownership": ownership, "ownership_source": ownership_source,
        "country": entry.country if entry else "", "url": url or "", "source": source, "item": item,
        "language": language, "language_source": language_source,
    }


def _read_file(path: Path, source: str, registry: OutletRegistry, max_bytes: int) -> _Collector:
    """Everything one file yields: its records, problems, documents, extras and file row."""
    collector = _Collector()
    _parse_file(path, source, registry, collector, max_bytes)
    return collector


def _read_files(entries: list[tuple[Path, str]], registry: OutletRegistry, max_bytes: int) -> list[_Collector]:
    return [_read_file(path, source, registry, max_bytes) for path, source in entries]


def _parse_file(path: Path, source: str, registry: OutletRegistry, collector: _Collector, max_bytes: int) -> None:
    if path.stem.casefold() == "readme":
        collector.problem(source, "file", "warning", "README file: read as documentation of the corpus, not as an article")
        return
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
    primary = _build_record(front, parsed.body, "primary", source, "primary", registry, collector)
    title, excerpt = (str(front.get(k) or "") for k in ("title", "excerpt"))
    story_id = primary["article_id"] if primary else _article_id(
        canonical_url(str(front.get("webUrl") or front.get("originalUrl") or "")), title, excerpt, parsed.body
    )
    batch = [primary] if primary else []
    related = front.get("related")
    if related is not None and not isinstance(related, list):
        collector.reject(source, "related", f"related is {_kind(related)}, expected a list of articles; not loaded")
        related = []
    for index, entry in enumerate(related or []):
        item = f"related[{index}]"
        if not isinstance(entry, Mapping):
            collector.reject(source, item, f"related item is {_kind(entry)}, expected a mapping; not loaded")
            continue
        record = _build_record({str(k): v for k, v in entry.items()}, "", "related", source, item, registry, collector)
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
    bases = [entry.resolve() if entry.is_dir() else entry.resolve().parent for entry in entries]
    root = Path(os.path.commonpath(bases)) if len(entries) > 1 else bases[0]
    found: dict[str, Path] = {}
    for entry in entries:
        if entry.is_dir():
            for dirpath, dirnames, filenames in os.walk(entry):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in filenames:
                    if not name.startswith("."):
                        path = Path(dirpath, name)
                        found[path.resolve().relative_to(root).as_posix()] = path
        else:
            found[entry.resolve().relative_to(root).as_posix()] = entry
    if not found:
        raise CorpusError(f"corpus source {str(entries[0])!r} holds no files")
    return [(found[name], name) for name in sorted(found)]


def _merge_duplicates(collector: _Collector) -> pd.DataFrame:
    """One row per article_id: the record with the longest body wins, then the first one read.

    Empty fields of the kept record are filled from its duplicates.
    """
    groups: dict[str, list[dict[str, Any]]] = {}
    for record in collector.records:
        groups.setdefault(record["article_id"], []).append(record)
    rows = []
    for article_id, records in groups.items():
        ranked = sorted(records, key=lambda r: -len(r["body"]))
        kept = dict(ranked[0])
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

    Returns
    -------
    Corpus

    Raises
    ------
    CorpusError
        When the source does not exist or holds no files. Problems with
        single files never raise: they become rows of ``Corpus.problems``.
    """
    registry = outlets if isinstance(outlets, OutletRegistry) else load_outlets(outlets)
    files = _iter_files(default_corpus_path() if source is None else source)
    results: list[_Collector | None] = [None] * len(files)
    cache, keys = None, []
    if cache_dir is not None:
        from . import __version__

        namespace = hashlib.sha256(
            f"{__version__}\n{max_file_bytes}\n{registry.to_frame().to_csv(index=False)}".encode()).hexdigest()[:16]
        cache = ParseCache(cache_dir, namespace)
        keys = [_cache_key(path, name) for path, name in files]
        cached = cache.get_many([k for k in keys if k])
        for index, key in enumerate(keys):
            if key in cached:
                results[index] = _Collector.from_json(cached[key])
    missing = [index for index, result in enumerate(results) if result is None]
    n_workers = resolve_workers(workers, len(missing))
    parsed = map_in_chunks(partial(_read_files, registry=registry, max_bytes=max_file_bytes),
                           [files[i] for i in missing], workers=n_workers,
                           progress=show_progress(progress, len(missing)), description="reading files")
    for index, result in zip(missing, parsed):
        results[index] = result
    if cache is not None:
        cache.put_many((keys[i], results[i].to_json()) for i in missing if keys[i])
        cache.keep_only(k for k in keys if k)
    collector = _Collector()
    for result in results:
        collector.extend(result)
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
        files_from_cache=len(files) - len(missing),
    )


def story_with_most_outlets(articles: pd.DataFrame) -> str:
    """The ``story_id`` covered by the most distinct outlets (ties: the first story in the table)."""
    if articles.empty:
        raise ValueError("the articles table is empty; there is no story to choose")
    outlets = articles.groupby("story_id", sort=False)["outlet"].nunique()
    return str(outlets.idxmax())
