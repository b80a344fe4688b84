"""One article record from one mapping of fields, and the rows a loader collects.

Every importer (seed-format documents, CSV, JSON Lines, text folders) turns an
input item into a front-matter-like mapping and calls :func:`build_record`, so
all formats give the same columns, checks and problem messages. A file's rows
are kept as tuples (:class:`FileRows`) once it is read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

import pandas as pd

from ..text.chinese import detect_script
from ..text.language import detect_language
from .attribution import attribute, find_credits
from .cleaning import article_text, canonical_url, clean_text, hostname, identifies_article, url_identity
from .outlets import Outlet, OutletRegistry, domain_of

__all__ = ["ARTICLE_COLUMNS", "Record", "kept_time", "table_time", "FileRows", "Collector", "CorpusRows", "InputItem",
           "build_record", "article_id_for", "story_id_for", "kind_of", "MAX_FIELD_CHARS"]

Warn = Callable[[str], None]

MAX_FIELD_CHARS = 10_000
MAX_BODY_CHARS = 2_000_000
_URL_KEYS = ("webUrl", "originalUrl", "url")
_AMP_KEYS = ("ampWebUrl", "cdnAmpWebUrl")
_DATE_KEYS = ("publishedDateTime", "date")
_USED_KEYS = frozenset(
    {"title", "excerpt", "provider", "related", "language", "lang", "ownership", "body", "period",
     *_URL_KEYS, *_AMP_KEYS, *_DATE_KEYS}
)
_EXPECTED_TYPES: dict[str, tuple[type, ...]] = {
    "quality": (int, float),
    "heat": (int, float),
    "images": (list,),
    "topics": (list,),
}


ARTICLE_COLUMNS = [
    "article_id", "story_id", "story_ids", "role", "title", "excerpt", "body", "text", "published", "period",
    "outlet", "provider_name", "domain", "ownership", "ownership_source", "attribution", "credited_outlet",
    "country", "orientation", "copy_group", "url", "source", "item", "language", "language_source", "script",
]
_PUBLISHED = ARTICLE_COLUMNS.index("published")
Record = tuple[Any, ...]
"""One article: its values in the order of :data:`ARTICLE_COLUMNS` (``published``: see :func:`kept_time`)."""


def kept_time(stamp: Any) -> Any:
    """A publication time as a record keeps it: a Timestamp of microsecond unit as the standard-library datetime
    that holds it exactly (the garbage collector never looks into a tuple of text, numbers and datetimes; it
    does look into Timestamps), any other value as it is. :func:`table_time` gives the Timestamp back."""
    return stamp.to_pydatetime() if isinstance(stamp, pd.Timestamp) and stamp.unit == "us" else stamp


def table_time(kept: Any) -> Any:
    """The Timestamp :func:`kept_time` was given: same value, unit and time zone."""
    return pd.Timestamp(kept) if type(kept) is dt.datetime else kept


def _time_to_json(kept: Any) -> list[str] | None:
    """A kept publication time as [ISO 8601 text, unit] (the unit decides the column's resolution); None for NaT."""
    stamp = table_time(kept)
    return None if pd.isna(stamp) else [stamp.isoformat(), stamp.unit]


class FileRows(NamedTuple):
    """Everything one file yields, as tuples: the records (:data:`Record`) and the rows of the other tables.

    Tuples that hold only text, numbers and datetimes cost the garbage
    collector nothing once it has seen them, which matters when a corpus of a
    million files is held in memory; they are also what the parallel readers
    send back.
    """

    records: tuple[Record, ...]
    problems: tuple[tuple[str, str, str, str], ...]
    documents: tuple[tuple[str, str, str, str], ...]
    extras: tuple[tuple[str, str, str, str, str], ...]
    files: tuple[tuple[str, int, str], ...]
    skipped: tuple[tuple[str, str], ...]

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready form (publication times as ISO 8601 text and unit), for the parse cache."""
        records = [[*r[:_PUBLISHED], _time_to_json(r[_PUBLISHED]), *r[_PUBLISHED + 1:]] for r in self.records]
        return {"records": records, **{name: list(getattr(self, name)) for name in self._fields[1:]}}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FileRows:
        """The rows :meth:`to_json` wrote; ``KeyError``, ``TypeError`` or ``ValueError`` when they are not such."""
        records = []
        for values in data["records"]:
            if len(values) != len(ARTICLE_COLUMNS):
                raise ValueError(f"a cached record has {len(values)} values, expected {len(ARTICLE_COLUMNS)}")
            published = values[_PUBLISHED]
            stamp = pd.NaT if published is None else kept_time(pd.Timestamp(published[0]).as_unit(published[1]))
            records.append((*values[:_PUBLISHED], stamp, *values[_PUBLISHED + 1:]))
        return cls(tuple(records), *(tuple(map(tuple, data[name])) for name in cls._fields[1:]))


class _Tables:
    """The rows of the problems, documents, extras, files and skipped tables, in the order they were found."""

    def __init__(self) -> None:
        self.problems: list[tuple[str, str, str, str]] = []
        self.documents: list[tuple[str, str, str, str]] = []
        self.extras: list[tuple[str, str, str, str, str]] = []
        self.files: list[tuple[str, int, str]] = []
        self.skipped: list[tuple[str, str]] = []

    def problem(self, source: str, item: str, severity: str, reason: str) -> None:
        self.problems.append((source, item, severity, reason))

    def reject(self, source: str, item: str, reason: str) -> None:
        self.problem(source, item, "error", reason)
        self.documents.append((source, item, "error", ""))


class Collector(_Tables):
    """Accumulates one file's rows while it is read; :meth:`rows` gives them as :class:`FileRows`."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[dict[str, Any]] = []
        """Each from :func:`build_record`, its ``story_id`` set."""

    def rows(self) -> FileRows:
        """The rows as tuples; each record's ``story_ids`` is its own story (merging duplicates may add others)."""
        for record in self.records:
            record["story_ids"] = record["story_id"]
        records = tuple(tuple(map(record.__getitem__, ARTICLE_COLUMNS)) for record in self.records)
        return FileRows(records, tuple(self.problems), tuple(self.documents), tuple(self.extras), tuple(self.files),
                        tuple(self.skipped))


class CorpusRows(_Tables):
    """The rows of every file of a corpus, gathered in file order (:meth:`extend`), and the loader's own."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[Record] = []

    def extend(self, rows: FileRows) -> None:
        self.records += rows.records
        self.problems += rows.problems
        self.documents += rows.documents
        self.extras += rows.extras
        self.files += rows.files
        self.skipped += rows.skipped


def kind_of(value: Any) -> str:
    """A value's type in plain words, for problem reasons."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    names: dict[type, str] = {dict: "a mapping", list: "a list", str: "text"}
    return names.get(type(value), f"a {type(value).__name__}")


def _as_text(value: Any, key: str, warn: Warn, limit: int = MAX_FIELD_CHARS) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        warn(f"{key} is {kind_of(value)}, expected text; ignored")
        return ""
    if not isinstance(value, str):
        warn(f"{key} is {kind_of(value)} ({value!r}), expected text; used as text")
        value = str(value)
    if len(value) > limit:
        warn(f"{key} is {len(value):,} characters long; cut to the first {limit:,}")
        value = value[:limit]
    return value


_AMBIGUOUS_DATE = re.compile(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-]\d{2,4}\b")
_ISO_TO_THE_SECOND = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:\d{2})?")
PLAUSIBLE_YEARS = (1900, 2100)


def _plain_utc_time(value: Any) -> dt.datetime | None:
    """The usual forms, read without pandas: a datetime, or ISO 8601 text to the second (which pandas reads to the
    same instant, microsecond unit); as a UTC datetime, which :func:`kept_time` gives for such a Timestamp. None
    for other forms, times that do not exist and implausible years (pandas reads those, with their warnings)."""
    if type(value) is dt.datetime:
        time = value
    elif isinstance(value, str) and _ISO_TO_THE_SECOND.fullmatch(value):
        try:
            time = dt.datetime.fromisoformat(value)
        except ValueError:
            return None
    else:
        return None
    if not PLAUSIBLE_YEARS[0] <= time.year <= PLAUSIBLE_YEARS[1]:
        return None
    return time.replace(tzinfo=dt.UTC) if time.tzinfo is None else time.astimezone(dt.UTC)


def _as_timestamp(value: Any, key: str, warn: Warn) -> Any:
    """A publication time in UTC as a record keeps it (see :func:`kept_time`), or NaT with a warning.

    ISO 8601 and the other forms pandas reads are accepted; words (``now``,
    ``today``) are refused, since they would become the time of the run;
    ``09/08/2023`` is read month first, with a warning that it is ambiguous;
    years outside :data:`PLAUSIBLE_YEARS` are refused.
    """
    if value is None or value == "":
        return pd.NaT
    plain = _plain_utc_time(value)
    if plain is not None:
        return plain
    stamp: Any = pd.NaT
    if isinstance(value, (dt.datetime, dt.date)):
        stamp = value  # checked for its year below, before pandas (whose range is 1677-2262) sees it
    elif isinstance(value, str) and len(value) <= 64 and any(char.isdigit() for char in value):
        try:
            stamp = pd.Timestamp(value)
        except (ValueError, TypeError, OverflowError):
            stamp = pd.NaT
    shown = value if not isinstance(value, str) else value[:64]
    if pd.isna(stamp):
        warn(f"{key} {shown!r} is not a date; publication time left empty")
        return pd.NaT
    if not PLAUSIBLE_YEARS[0] <= stamp.year <= PLAUSIBLE_YEARS[1]:
        warn(f"{key} {shown!r} has the year {stamp.year}, outside {PLAUSIBLE_YEARS[0]}-{PLAUSIBLE_YEARS[1]}; "
             "publication time left empty")
        return pd.NaT
    stamp = pd.Timestamp(stamp)
    ambiguous = _AMBIGUOUS_DATE.match(value) if isinstance(value, str) else None
    if ambiguous and int(ambiguous.group(1)) <= 12 and int(ambiguous.group(2)) <= 12 and \
            ambiguous.group(1) != ambiguous.group(2):
        warn(f"{key} {shown!r} is ambiguous (day and month could be swapped); read as {stamp:%d %B %Y}, month "
             "first. Write dates as YYYY-MM-DD")
    return kept_time(stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC"))


def _first_url(fields: Mapping[str, Any], warn: Warn) -> str:
    """The canonical URL of an item; its AMP variants are checked against it."""
    canonical = ""
    for key in (*_URL_KEYS, *_AMP_KEYS):
        value = fields.get(key)
        if value in (None, ""):
            continue
        url = canonical_url(value) if isinstance(value, str) else ""
        if not url:
            warn(f"{key} {str(value)[:200]!r} is not an http(s) URL")
        elif not canonical:
            canonical = url
        elif key in _AMP_KEYS and url != canonical:
            warn(f"{key} leads to {url}, not to the article's own URL {canonical}")
    return canonical


def _with_text_keys(value: Any) -> tuple[Any, bool]:
    """``value`` with every mapping key turned into text (JSON needs it), and whether any key was not text."""
    if isinstance(value, dict):
        changed = any(not isinstance(key, str) for key in value)
        converted = {}
        for key, item in value.items():
            converted[str(key)], inner = _with_text_keys(item)
            changed = changed or inner
        return converted, changed
    if isinstance(value, list):
        items = [_with_text_keys(item) for item in value]
        return [item for item, _ in items], any(inner for _, inner in items)
    return value, False


def article_id_for(canonical: str, title: str, excerpt: str, body: str) -> str:
    """An article's identity: its canonical URL (scheme, ``www.`` and a trailing slash aside), or its content."""
    key = f"url:{url_identity(canonical)}" if canonical else f"content:{title}\n{excerpt}\n{body}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def story_id_for(source: str) -> str:
    """The story id of a file whose primary item could not be loaded: unique to that file."""
    return hashlib.sha1(f"file:{source}".encode()).hexdigest()[:16]


@dataclass(frozen=True)
class InputItem:
    """One input document before checking: its fields, body, role and where it came from."""

    fields: Mapping[str, Any]
    body: str
    role: str
    source: str
    item: str


def build_record(entry: InputItem, registry: OutletRegistry, collector: Collector) -> dict[str, Any] | None:
    """Turn one input item (primary or related) into an article record, or None with an error row."""
    fields, body, role, source, item = entry.fields, entry.body, entry.role, entry.source, entry.item
    outlet_entry: Outlet | None

    def warn(reason: str) -> None:
        collector.problem(source, item, "warning", reason)

    title = _as_text(fields.get("title"), "title", warn)
    excerpt = _as_text(fields.get("excerpt"), "excerpt", warn)
    if fields.get("body") is not None:
        if body:
            warn("body given both in the front matter and after it; the text after the front matter is used")
        else:
            body = _as_text(fields.get("body"), "body", warn, MAX_BODY_CHARS)
    url = _first_url(fields, warn)
    fetched = fields.get("fetched")
    if isinstance(fetched, Mapping) and fetched.get("error"):
        warn(f"frresearch fetch got no text for {fetched.get('url')}: {str(fetched['error'])[:300]}; headline only")
    names_article = bool(url) and identifies_article(url)
    if url and not names_article:
        warn(f"URL {url} is a home or section page, not one article's address; the article is told apart from "
             "others by its content")
    article_id = article_id_for(url if names_article else "", title, excerpt, body)
    title, excerpt, body = clean_text(title), clean_text(excerpt), clean_text(body, paragraphs=True)
    text = article_text(title, excerpt, body)
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
        if url:
            warn("no provider; outlet taken from the URL")
    elif not isinstance(provider, Mapping):
        warn(f"provider is {kind_of(provider)}, expected a mapping with name and domain; ignored")
        provider = {}
    provider_name = clean_text(_as_text(provider.get("name"), "provider.name", warn))
    provider_domain = _as_text(provider.get("domain"), "provider.domain", warn)
    host = hostname(url)
    domain = domain_of(host, provider_domain)
    outlet_entry = registry.lookup(host or domain) if domain else None
    if outlet_entry is None and provider_domain:
        outlet_entry = registry.lookup(provider_domain.lower())
    decision = attribute(outlet_entry, find_credits(body or excerpt, body, registry), fields.get("ownership"),
                         registry)
    fate = {"credit": f"ownership follows the credit to {decision.credited.name if decision.credited else ''}",
            "document": "ownership as the document declares"}.get(decision.ownership_source, "")
    if outlet_entry is None and domain:
        warn(f"outlet domain {domain!r} is not in the outlet registry; {fate or 'ownership set to unknown'}")
    elif not domain:
        warn(f"no URL and no outlet domain; outlet unknown, {fate}" if fate else
             "no URL and no outlet domain; outlet and ownership unknown")
    for reason in decision.warnings:
        warn(reason)
    if outlet_entry is not None:
        outlet = outlet_entry.name
    else:
        outlet = provider_name or domain  # as the provider writes it, e.g. 澎湃新闻
    described = decision.label_outlet or (outlet_entry if decision.ownership_source == "document" else None)

    period = clean_text(_as_text(fields.get("period"), "period", warn))
    declared_language = fields.get("language", fields.get("lang"))
    if isinstance(declared_language, str) and declared_language.strip():
        language, language_source = declared_language.strip().lower().split("-")[0], "document"
    else:
        language, language_source = detect_language(text), "detected"
    script = detect_script(text) if language == "zh" else ""

    for key, types in _EXPECTED_TYPES.items():
        value = fields.get(key)
        if value is not None and (not isinstance(value, types) or isinstance(value, bool)):
            expected = " or ".join("number" if t in (int, float) else t.__name__ for t in types)
            warn(f"{key} is {str(value)[:80]!r}, expected a {expected.replace('number or number', 'number')}")
    for key, value in fields.items():
        if key not in _USED_KEYS:
            plain, converted = _with_text_keys(value)
            if converted:
                warn(f"{key} has mapping keys that are not text (dates or numbers); they are kept as text")
            collector.extras.append((article_id, source, item, key, json.dumps(plain, default=str, ensure_ascii=False)))

    return {
        "article_id": article_id, "story_id": "", "story_ids": "", "role": role,
        "title": title, "excerpt": excerpt, "body": body, "text": text,
        "published": published, "period": period, "outlet": outlet or "(unknown outlet)",
        "provider_name": provider_name,
        "domain": domain, "ownership": decision.ownership, "ownership_source": decision.ownership_source,
        "attribution": decision.attribution, "credited_outlet": decision.credited.name if decision.credited else "",
        "country": described.country if described else "",
        "orientation": decision.label_outlet.orientation if decision.label_outlet else "",
        "copy_group": "", "url": url or "", "source": source, "item": item,
        "language": language, "language_source": language_source, "script": script,
    }
