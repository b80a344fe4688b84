"""The full text behind each URL of a corpus, fetched politely (``frresearch fetch IN --out OUT``).

Publishers' texts cannot be shipped, so corpora are shared as URL lists (the
coverage list in ``seeds/``, Media Cloud exports, seed-format documents with
excerpts) and each researcher fetches the text for themselves. For every
document with a URL and no body, :func:`fetch_corpus` requests the page (see
:class:`~frresearch.corpus._http.PoliteClient` for the manners), keeps the raw
response in a cache, extracts the main text with trafilatura and writes a
seed-format document to ``OUT``: the original fields unchanged, a ``fetched:``
block (url, final url, status, time, extractor and version, SHA-256 of the
raw page) and the text as body. When the article's URL gives no text its
``ampWebUrl`` is tried. A document that still has no text is written without
a body, its ``fetched:`` block says why, and it gets a problem row.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from .._spreadsheet import neutralise_formulas
from .._version import __version__
from ..exceptions import CorpusError
from ..settings import PROJECT_URL
from ._discovery import CorpusSource
from ._fetch_cache import CachedPage, RawCache
from ._fetch_inputs import InputDocument, InputFile, read_inputs, url_of
from ._http import TRANSIENT, FetchFailure, PoliteClient, utc_now
from .load import MAX_FILE_BYTES, PROBLEM_COLUMNS

__all__ = ["FetchResult", "fetch_corpus", "user_agent", "REPORT_COLUMNS", "extract_text"]

REPORT_COLUMNS = ["source", "item", "status", "reason", "url", "fetched_url", "final_url", "http_status", "chars",
                  "from_cache"]
MIN_TEXT_CHARS = 25
"""Extracted text shorter than this counts as no text."""
PAYWALL_MAX_CHARS = 2000
"""Only texts shorter than this are checked for paywall wording: a full article may mention subscriptions."""
_HTML_TYPES = {"text/html", "application/xhtml+xml"}
_PAYWALL = re.compile(
    r"subscribe (?:now )?to (?:continue|read|keep reading|unlock)|to continue reading|already a subscriber|"
    r"subscribers? only|for subscribers|(?:sign|log) in to (?:continue|read)|create a free account to continue|"
    r"订阅后阅读|付费阅读|登录后阅读|订阅即可阅读|訂閱後閱讀|付費閱讀",
    re.IGNORECASE)
_NOT_FREE = re.compile(r"\"isAccessibleForFree\"\s*:\s*\"?false", re.IGNORECASE)


@dataclass
class FetchResult:
    """What a fetch run did.

    Attributes
    ----------
    report : DataFrame
        One row per input document (:data:`REPORT_COLUMNS`): ``status`` is
        ``fetched``, ``failed``, ``has body``, ``no URL`` or ``not read``.
    problems : DataFrame
        Failures in the loader's problem format: a document that got no text
        is a ``warning`` (kept without a body), a file that could not be read
        an ``error``.
    requests : int
        HTTP requests made (robots.txt included); 0 when everything came from the cache.
    out : Path
        The folder of seed-format documents written.
    """

    report: pd.DataFrame
    problems: pd.DataFrame
    requests: int
    out: Path

    def write_reports(self) -> Path:
        """Write ``report.csv`` and ``problems.csv`` into ``out/.fetch/`` (cells that a spreadsheet would read
        as formulas neutralised, as every table of the project); returns the report's path."""
        folder = self.out / ".fetch"
        folder.mkdir(parents=True, exist_ok=True)
        for name, table in (("report", self.report), ("problems", self.problems)):
            neutralise_formulas(table).to_csv(folder / f"{name}.csv", index=False, lineterminator="\n")
        return folder / "report.csv"


def user_agent(contact: str | None = None) -> str:
    """The user agent: the project, its version and an address where site operators reach the user.

    >>> user_agent("https://example.org/my-project")
    'frresearch/0.1.0 (news research; +https://example.org/my-project)'
    """
    address = contact or PROJECT_URL
    if not address:
        raise CorpusError("no contact address for the user agent: pass contact= (--contact), a URL or e-mail "
                          "address where site operators can reach you")
    return f"frresearch/{__version__} (news research; +{address})"


def extract_text(body: bytes, content_type: str, url: str) -> tuple[str, str]:
    """The main text of a raw page with trafilatura, or ``''`` and the reason there is none.

    >>> extract_text(b"%PDF-1.4 ...", "application/pdf", "https://example.org/a.pdf")[1]
    'not an HTML page (application/pdf)'
    """
    import trafilatura

    if content_type not in _HTML_TYPES or body.lstrip()[:5] == b"%PDF-":
        return "", f"not an HTML page ({content_type or 'no content type'})"
    text = trafilatura.extract(body, url=url or None, include_comments=False, include_tables=False,
                               favor_precision=True) or ""
    # trafilatura writes one paragraph (or heading, list item) per line: blank lines mark them as paragraphs.
    text = "\n\n".join(line.strip() for line in text.splitlines() if line.strip())
    if len(text) < MIN_TEXT_CHARS:
        return "", "no article text found on the page (empty extraction)"
    if len(text) < PAYWALL_MAX_CHARS:
        marker = _PAYWALL.search(text)
        if marker or _NOT_FREE.search(body.decode("utf-8", errors="replace")):
            found = f"'{marker.group(0)}'" if marker else "isAccessibleForFree: false"
            return "", f"looks like a paywall stub ({len(text)} characters, {found}); text not kept"
    return text, ""


def fetch_corpus(source: CorpusSource, out: str | os.PathLike[str], *, contact: str | None = None,
                 delay: float = 2.0, timeout: float = 20.0, max_bytes: int = 5_000_000, retries: int = 2,
                 backoff: float = 2.0, allow_local: bool = False, cache_dir: str | os.PathLike[str] | None = None,
                 retry_failed: bool = False, progress: bool | None = None,
                 columns: Mapping[str, str] | None = None) -> FetchResult:
    """Fetch the text behind every URL of ``source`` that has no body; write seed-format documents to ``out``.

    Parameters
    ----------
    source : folder, file or list of them
        The corpus, as :func:`~frresearch.corpus.load.load_corpus` takes it.
    out : path
        Output folder (created). It holds one document per seed-format file
        of ``source`` (same name) and one per table row (``<table>/row_<n>.txt``).
    contact : str, optional
        URL or e-mail address named in the user agent (default: ``settings.PROJECT_URL``).
    delay, timeout, max_bytes, retries, backoff, allow_local
        Manners and limits of :class:`~frresearch.corpus._http.PoliteClient`.
    cache_dir : path, optional
        Raw responses (default ``out/.fetch/cache``): what is there is not requested again.
    retry_failed : bool
        Request again the URLs whose cached outcome is a transient failure (timeout, 5xx).
    progress : bool, optional
        Progress bar; by default shown in a terminal.
    columns : mapping, optional
        Column mapping of table files, as for ``load_corpus``.
    """
    out_path = Path(out)
    _check_out(source, out_path)
    agent = user_agent(contact)
    files = list(read_inputs(source, MAX_FILE_BYTES, columns))
    cache = RawCache(cache_dir if cache_dir is not None else out_path / ".fetch" / "cache")
    client = PoliteClient(agent, delay=delay, timeout=timeout, max_bytes=max_bytes, retries=retries, backoff=backoff,
                          allow_local=allow_local)
    wanted = [doc for file in files for doc in file.documents if _wants_text(doc)]
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    show = progress if progress is not None else (sys.stderr.isatty() and not os.environ.get("CI"))
    from tqdm.auto import tqdm

    for doc in tqdm(wanted, desc="fetching", unit="page", disable=not show):
        rows[(doc.source, doc.item)] = _fetch_document(doc, client, cache, retry_failed)
    report, problems = [], []
    for file in files:
        if file.kind in ("frontmatter", "table"):
            _write_file(file, out_path, any((doc.source, doc.item) in rows for doc in file.documents))
        if file.kind == "error":
            problems.append((file.source, "file", "error", f"not read: {file.reason}"))
            report.append(_row(file.source, "file", "not read", file.reason))
        elif file.kind == "skipped":
            report.append(_row(file.source, "file", "skipped", file.reason))
        for doc in file.documents:
            row = rows.get((doc.source, doc.item)) or _row(doc.source, doc.item, *_why_not_fetched(doc))
            report.append(row)
            if row["status"] == "failed":
                problems.append((doc.source, doc.item, "warning", f"no text fetched for {row['url']}: "
                                 f"{row['reason']}; kept without a body"))
            elif row["status"] == "not read":
                problems.append((doc.source, doc.item, "error", row["reason"]))
    return FetchResult(pd.DataFrame(report, columns=REPORT_COLUMNS), pd.DataFrame(problems, columns=PROBLEM_COLUMNS),
                       client.requests_made, out_path)


def _check_out(source: CorpusSource, out: Path) -> None:
    sources = [source] if isinstance(source, (str, os.PathLike)) else list(source)
    target = out.resolve()
    for entry in sources:
        folder = Path(entry).resolve()
        if folder.is_dir() and (target == folder or folder in target.parents):
            raise CorpusError(f"output folder {str(out)!r} is inside the corpus {str(entry)!r}; choose another")


def _wants_text(doc: InputDocument) -> bool:
    return not doc.error and bool(url_of(doc.fields)) and not doc.body.strip()


def _why_not_fetched(doc: InputDocument) -> tuple[str, str]:
    if doc.error:
        return "not read", doc.error
    if doc.body.strip():
        return "has body", "the document carries its text"
    return "no URL", "no webUrl, originalUrl or url to fetch"


def _row(source: str, item: str, status: str, reason: str, **values: Any) -> dict[str, Any]:
    return {"source": source, "item": item, "status": status, "reason": reason, **values}


def _page(url: str, client: PoliteClient, cache: RawCache, retry_failed: bool) -> tuple[CachedPage, bool]:
    """The outcome for ``url`` from the cache, else from the network (and then cached)."""
    cached = cache.get(url)
    if cached is not None and not (retry_failed and cached.record.get("kind") == TRANSIENT):
        return cached, True
    try:
        response = client.get(url)
    except FetchFailure as exc:
        return cache.put(url, {"error": exc.reason, "kind": exc.kind, "status": exc.status,
                               "final_url": exc.final_url, "fetched_at": utc_now()}), False
    record = {"final_url": response.final_url, "status": response.status, "content_type": response.content_type,
              "fetched_at": response.fetched_at, "sha256": hashlib.sha256(response.body).hexdigest()}
    return cache.put(url, record, response.body), False


def _fetch_document(doc: InputDocument, client: PoliteClient, cache: RawCache, retry_failed: bool) -> dict[str, Any]:
    """Fetch one document's text (its URL, then its AMP page); record the outcome in its fields."""
    import trafilatura

    main = url_of(doc.fields)
    amp = doc.fields.get("ampWebUrl")
    urls = [main] + ([amp] if isinstance(amp, str) and amp.strip() and amp.strip() != main else [])
    reasons = []
    for url in urls:
        page, from_cache = _page(url.strip(), client, cache, retry_failed)
        record = page.record
        text, reason = ("", record["error"]) if page.failed else extract_text(
            page.body, record.get("content_type", ""), record.get("final_url", url))
        block = {"url": url.strip(), "final_url": record.get("final_url") or None, "status": record.get("status"),
                 "time": record.get("fetched_at"), "extractor": f"trafilatura {trafilatura.__version__}",
                 "sha256": record.get("sha256")}
        if text:
            doc.fields["fetched"] = block
            doc.body = text
            return _row(doc.source, doc.item, "fetched", "", url=main, fetched_url=block["url"],
                        final_url=block["final_url"], http_status=block["status"], chars=len(text),
                        from_cache=from_cache)
        reasons.append(reason if len(urls) == 1 else f"{url.strip()}: {reason}")
        doc.fields["fetched"] = {**block, "error": "; ".join(reasons)}
    block = doc.fields["fetched"]
    return _row(doc.source, doc.item, "failed", block["error"], url=main, fetched_url=block["url"],
                final_url=block["final_url"], http_status=block["status"], chars=0, from_cache=from_cache)


def _dump(front: Mapping[str, Any], body: str) -> str:
    header = yaml.safe_dump(dict(front), allow_unicode=True, sort_keys=False, width=1_000_000)
    return f"---\n{header}---\n{body.strip()}\n" if body.strip() else f"---\n{header}---\n"


def _write_file(file: InputFile, out: Path, changed: bool) -> None:
    """Write a file's documents to ``out``: a seed-format file as one document, a table as one per row."""
    if file.kind == "frontmatter":
        target = out / file.source
        target.parent.mkdir(parents=True, exist_ok=True)
        if not changed:
            shutil.copyfile(file.path, target)
            return
        primary, *related = file.documents
        front = dict(primary.fields)
        entries = iter(related)
        if isinstance(front.get("related"), list):
            front["related"] = [_with_body(next(entries)) if isinstance(entry, Mapping) else entry
                                for entry in front["related"]]
        target.write_text(_dump(front, primary.body), encoding="utf-8")
        return
    folder = out / Path(file.source).with_suffix("")
    for doc in file.documents:
        if not doc.error:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{doc.item.replace(' ', '_')}.txt").write_text(_dump(doc.fields, doc.body), encoding="utf-8")


def _with_body(doc: InputDocument) -> dict[str, Any]:
    """A related item's fields, with its fetched text as ``body`` (related items have no text after them)."""
    return {**doc.fields, "body": doc.body} if doc.body.strip() else doc.fields
