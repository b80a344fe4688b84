"""frresearch fetch against a local HTTP server on 127.0.0.1 that serves pages these tests write."""

from __future__ import annotations

import csv
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from frresearch.cli import main
from frresearch.corpus import load_corpus
from frresearch.corpus._frontmatter import parse_document
from frresearch.corpus.fetch import extract_text, fetch_corpus, user_agent
from frresearch.exceptions import CorpusError

ARTICLE_WORDS = ("The city council voted on Tuesday to limit camera systems in housing estates. "
                 "Residents had complained for months that entry gates demanded a face scan. ")
ARTICLE = f"""<html><head><title>Council limits cameras</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a> NAVIGATIONMARKER</nav>
<aside class="sidebar"><h3>Most read</h3><ul><li>SIDEBARMARKER unrelated story</li></ul></aside>
<article><h1>Council limits cameras</h1>
<p>{ARTICLE_WORDS * 3}</p><p>{ARTICLE_WORDS * 2} ARTICLEMARKER closes the report.</p></article>
<footer>Copyright FOOTERMARKER Example Media. All rights reserved.</footer></body></html>"""
SECOND = ARTICLE.replace("ARTICLEMARKER", "REDIRECTMARKER")
AMP = ARTICLE.replace("ARTICLEMARKER", "AMPMARKER")
PAYWALL = ("<html><body><article><h1>Rules explained</h1><p>The new rules take effect in June. "
           "Subscribe to continue reading this article.</p></article></body></html>")
SLOW_SECONDS = 1.0
TIMEOUT = 0.3
MAX_BYTES = 20_000


class _Handler(BaseHTTPRequestHandler):
    requests: list[str] = []
    user_agents: list[str] = []

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass

    def _send(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8",
              length: bool = True, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if length:
            self.send_header("Content-Length", str(len(body)))
        try:
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeouts, size limit)
            pass

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        type(self).requests.append(self.path)
        type(self).user_agents.append(self.headers.get("User-Agent", ""))
        pages = {
            "/robots.txt": ("User-agent: *\nDisallow: /private/\n", "text/plain"),
            "/article.html": (ARTICLE, "text/html; charset=utf-8"),
            "/new.html": (SECOND, "text/html; charset=utf-8"),
            "/article-amp.html": (AMP, "text/html; charset=utf-8"),
            "/private/secret.html": (ARTICLE, "text/html; charset=utf-8"),
            "/empty.html": ("<html><body></body></html>", "text/html"),
            "/paywall.html": (PAYWALL, "text/html"),
        }
        if self.path in pages:
            text, content_type = pages[self.path]
            self._send(200, text.encode("utf-8"), content_type)
        elif self.path == "/old.html":
            self._send(301, b"", headers={"Location": "/new.html"})
        elif self.path == "/slow.html":
            time.sleep(SLOW_SECONDS)
            self._send(200, ARTICLE.encode())
        elif self.path == "/big.html":
            self._send(200, b"<html><body><p>" + b"x " * MAX_BYTES + b"</p></body></html>")
        elif self.path == "/big-stream.html":
            self._send(200, b"<html><body><p>" + b"y " * MAX_BYTES + b"</p></body></html>", length=False)
        elif self.path == "/report.pdf":
            self._send(200, b"%PDF-1.4 fixture", "application/pdf")
        else:
            self._send(404, b"not found")


@pytest.fixture()
def server() -> Iterator[str]:
    _Handler.requests = []
    _Handler.user_agents = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _corpus(folder: Path, base: str) -> Path:
    """A seed-format document with related items, and a coverage-style CSV."""
    folder.mkdir()
    front = {
        "title": "Council limits cameras", "excerpt": "A short excerpt.", "publishedDateTime": "2023-08-08T10:00:00Z",
        "webUrl": f"{base}/article.html", "provider": {"name": "Example", "domain": "example.org"},
        "topics": ["AI"],
        "related": [
            {"title": "Secret", "webUrl": f"{base}/private/secret.html"},
            {"title": "Moved", "webUrl": f"{base}/old.html"},
            {"title": "Gone but AMP", "webUrl": f"{base}/gone.html", "ampWebUrl": f"{base}/article-amp.html"},
            {"title": "Slow", "webUrl": f"{base}/slow.html"},
        ],
    }
    (folder / "story.txt").write_text("---\n" + yaml.safe_dump(front, sort_keys=False) + "---\n", encoding="utf-8")
    rows = [("missing", "/missing.html"), ("big", "/big.html"), ("big stream", "/big-stream.html"),
            ("pdf", "/report.pdf"), ("empty", "/empty.html"), ("paywall", "/paywall.html")]
    with (folder / "coverage.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["url", "title", "outlet", "domain", "published", "language", "period", "source_note"])
        for title, path in rows:
            writer.writerow([f"{base}{path}", title, "Example", "example.org", "2025-03-21", "en", "final-2025",
                             "written by the test"])
    return folder


def _fetch(corpus: Path, out: Path, **options: object):
    settings = {"contact": "https://example.org/tests", "delay": 0.0, "timeout": TIMEOUT, "max_bytes": MAX_BYTES,
                "retries": 1, "backoff": 0.01, "allow_local": True, "progress": False}
    settings.update(options)
    return fetch_corpus(corpus, out, **settings)  # type: ignore[arg-type]


def test_fetch_outcomes_cache_and_output(server: str, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "in", server)
    result = _fetch(corpus, tmp_path / "out")
    status = {row.item: (row.status, row.reason) for row in result.report.itertuples()
              if row.source == "story.txt" or row.source == "coverage.csv"}
    assert status["primary"][0] == "fetched"
    assert status["related[0]"] == ("failed", status["related[0]"][1]) and "robots.txt" in status["related[0]"][1]
    assert status["related[1]"][0] == "fetched"
    assert status["related[2]"][0] == "fetched"  # the AMP page, after the article's URL gave 404
    assert "within 0.3 seconds" in status["related[3]"][1]
    assert "404" in status["row 2"][1]
    assert "over the limit" in status["row 3"][1] and "over the limit" in status["row 4"][1]
    assert "not an HTML page (application/pdf)" in status["row 5"][1]
    assert "empty extraction" in status["row 6"][1]
    assert "paywall" in status["row 7"][1]
    assert "/private/secret.html" not in _Handler.requests
    assert _Handler.requests.count("/slow.html") == 2  # one retry
    assert all(agent == user_agent("https://example.org/tests") for agent in _Handler.user_agents)
    assert len(result.problems) == 8 and set(result.problems["severity"]) == {"warning"}

    parsed = parse_document((tmp_path / "out" / "story.txt").read_bytes())
    front = parsed.front_matter
    assert "ARTICLEMARKER" in parsed.body
    for marker in ("NAVIGATIONMARKER", "SIDEBARMARKER", "FOOTERMARKER"):
        assert marker not in parsed.body
    assert front["title"] == "Council limits cameras" and front["topics"] == ["AI"]
    assert front["fetched"]["status"] == 200 and len(front["fetched"]["sha256"]) == 64
    assert front["fetched"]["extractor"].startswith("trafilatura ")
    related = front["related"]
    assert "REDIRECTMARKER" in related[1]["body"] and related[1]["fetched"]["final_url"].endswith("/new.html")
    assert "AMPMARKER" in related[2]["body"] and related[2]["fetched"]["url"].endswith("/article-amp.html")
    assert "body" not in related[0] and "robots.txt" in related[0]["fetched"]["error"]

    requests_before = len(_Handler.requests)
    again = _fetch(corpus, tmp_path / "out")
    assert again.requests == 0 and len(_Handler.requests) == requests_before
    assert again.report.drop(columns="from_cache").equals(result.report.drop(columns="from_cache"))
    assert (tmp_path / "out" / "story.txt").read_bytes() == (tmp_path / "out" / "story.txt").read_bytes()

    loaded = load_corpus(tmp_path / "out")
    assert not (loaded.problems["severity"] == "error").any()
    by_title = loaded.articles.set_index("title")
    assert "ARTICLEMARKER" in by_title.loc["Council limits cameras", "body"]
    assert by_title.loc["Moved", "body"] and by_title.loc["Slow", "body"] == ""
    assert (by_title.loc["paywall", "period"]) == "final-2025"
    assert loaded.problems["reason"].str.contains("got no text").sum() == 8


def test_retry_failed_requests_only_transient_failures(server: str, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "in", server)
    _fetch(corpus, tmp_path / "out")
    before = list(_Handler.requests)
    _fetch(corpus, tmp_path / "out", retry_failed=True)
    assert sorted(_Handler.requests[len(before):]) == ["/robots.txt", "/slow.html", "/slow.html"]


def test_local_addresses_are_refused_without_allow_local(server: str, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "in", server)
    result = _fetch(corpus, tmp_path / "out", allow_local=False)
    assert result.requests == 0 and _Handler.requests == []
    assert result.report.query("status == 'failed'")["reason"].str.contains("local or private address").all()


def test_documents_with_a_body_are_copied_unchanged(server: str, tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    text = f"---\ntitle: Own text\nwebUrl: {server}/article.html\n---\nThe text is already here.\n"
    (corpus / "own.txt").write_text(text, encoding="utf-8")
    (corpus / "README.md").write_text("notes", encoding="utf-8")
    result = _fetch(corpus, tmp_path / "out")
    assert result.requests == 0
    assert (tmp_path / "out" / "own.txt").read_text(encoding="utf-8") == text
    assert result.report.set_index("source")["status"].to_dict() == {"README.md": "skipped", "own.txt": "has body"}


def test_output_inside_the_corpus_and_missing_contact_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="inside the corpus"):
        fetch_corpus(tmp_path, tmp_path / "out", contact="x@example.org")
    with pytest.raises(CorpusError, match="contact"):
        user_agent(None)


def test_extract_text_keeps_the_article_and_spots_stubs() -> None:
    text, reason = extract_text(ARTICLE.encode(), "text/html", "https://example.org/a")
    assert reason == "" and "ARTICLEMARKER" in text and "FOOTERMARKER" not in text
    # Paragraphs come out separated by a blank line, so the lead is the first paragraph.
    assert [p.count("Residents") for p in text.split("\n\n")][-2:] == [3, 2]
    assert "paywall" in extract_text(PAYWALL.encode(), "text/html", "https://example.org/p")[1]
    marked = ARTICLE.replace("</head>", '<script type="application/ld+json">{"isAccessibleForFree": false}'
                                        "</script></head>")
    assert "isAccessibleForFree" in extract_text(marked.encode(), "text/html", "https://example.org/m")[1]


def test_cli_fetch_writes_documents_and_report(server: str, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "one.txt").write_text(f"---\ntitle: One\nwebUrl: {server}/article.html\n---\n", encoding="utf-8")
    status = main(["fetch", str(corpus), "--out", str(tmp_path / "out"), "--contact", "x@example.org",
                   "--delay", "0", "--allow-local"])
    assert status == 0
    assert "fetched: 1" in capsys.readouterr().out
    assert (tmp_path / "out" / ".fetch" / "report.csv").exists()
    assert "ARTICLEMARKER" in (tmp_path / "out" / "one.txt").read_text(encoding="utf-8")


def test_fetch_reports_neutralise_spreadsheet_formulas(tmp_path):
    import pandas as pd

    from frresearch.corpus.fetch import FetchResult

    result = FetchResult(pd.DataFrame({"url": ["https://example.org/a"], "reason": ["=HYPERLINK(\"x\")"]}),
                         pd.DataFrame({"reason": ["+1 page"]}), 0, tmp_path)
    report = result.write_reports()
    assert "'=HYPERLINK" in report.read_text() and "'+1 page" in (tmp_path / ".fetch" / "problems.csv").read_text()
