"""A polite HTTP client for fetching news pages: robots.txt, per-host delays, retries, limits.

Every request names the project and a contact in its user agent, waits
between requests to the same host, obeys robots.txt (RFC 9309: a missing
robots.txt allows everything, an unreachable one forbids everything),
follows at most a few redirects, and reads at most ``max_bytes`` within
``timeout`` seconds. Hosts that resolve to loopback, private, link-local or
reserved addresses are refused unless ``allow_local`` is set, at every
redirect as well.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import time
import urllib.error
import urllib.request
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from urllib.parse import urljoin, urlsplit

__all__ = ["Response", "FetchFailure", "PoliteClient", "TRANSIENT", "utc_now"]

TRANSIENT = "transient"  # a failure worth retrying later: timeout, 5xx, 429, connection error
_MAX_REDIRECTS = 5
_ROBOTS_MAX_BYTES = 500_000


@dataclass(frozen=True)
class Response:
    """What a successful request returned."""

    url: str
    final_url: str
    status: int
    content_type: str
    body: bytes
    fetched_at: str


class FetchFailure(Exception):
    """A request that gave no usable page, with a plain-words reason.

    ``kind`` is ``refused`` (robots.txt, a local address), ``http`` (a 4xx
    answer), ``transient`` (timeout, 5xx, 429, connection error) or ``limit``
    (too large, too many redirects).
    """

    def __init__(self, reason: str, kind: str, status: int | None = None, final_url: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.kind = kind
        self.status = status
        self.final_url = final_url


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects are followed by :class:`PoliteClient` itself, so that each target is checked."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def _is_local(host: str) -> bool:
    """Whether ``host`` resolves to a loopback, private, link-local, reserved or unspecified address."""
    try:
        infos = socket.getaddrinfo(host, None)
    except (socket.gaierror, UnicodeError):
        return False  # the request itself will fail with a clear reason
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if (address.is_loopback or address.is_private or address.is_link_local or address.is_reserved
                or address.is_unspecified or address.is_multicast):
            return True
    return False


def utc_now() -> str:
    """The current time in UTC, ISO 8601 to the second."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


@dataclass
class PoliteClient:
    """Fetches pages one at a time, politely.

    Parameters
    ----------
    user_agent : str
        Sent with every request and matched against robots.txt.
    delay : float
        Seconds to wait between two requests to the same host (a robots.txt
        ``Crawl-delay`` that is longer wins).
    timeout : float
        Seconds allowed for connecting and for the whole body to arrive.
    max_bytes : int
        Pages longer than this are refused, and never read past it.
    retries : int
        Further attempts after a transient failure, waiting ``backoff``,
        ``2 * backoff``, ... seconds.
    allow_local : bool
        Allow loopback and private addresses (tests, an intranet archive).
    """

    user_agent: str
    delay: float = 2.0
    timeout: float = 20.0
    max_bytes: int = 5_000_000
    retries: int = 2
    backoff: float = 2.0
    allow_local: bool = False
    sleep: Callable[[float], None] = time.sleep
    requests_made: int = 0
    _last_request: dict[str, float] = field(default_factory=dict)
    _robots: dict[str, urllib.robotparser.RobotFileParser | None] = field(default_factory=dict)
    _opener: urllib.request.OpenerDirector = field(
        default_factory=lambda: urllib.request.build_opener(_NoRedirect()))

    def get(self, url: str) -> Response:
        """The page at ``url`` after redirects; raises :class:`FetchFailure` when there is none."""
        status, headers, body, final_url = self._follow(url, self.max_bytes, obey_robots=True)
        if status >= 400:
            kind = TRANSIENT if status >= 500 or status == 429 else "http"
            raise FetchFailure(f"the server answered {status}", kind, status, final_url)
        return Response(url, final_url, status, headers.get_content_type(), body, utc_now())

    def _follow(self, url: str, max_bytes: int, obey_robots: bool) -> tuple[int, Message, bytes, str]:
        """Status, headers, body and final URL after following redirects, each target checked."""
        current = url
        for _ in range(_MAX_REDIRECTS + 1):
            parts = urlsplit(current)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise FetchFailure(f"{current!r} is not an http(s) URL", "refused", None, current)
            if not self.allow_local and _is_local(parts.hostname):
                raise FetchFailure(f"{parts.hostname} is a local or private address; refused (use --allow-local)",
                                   "refused", None, current)
            robots = self._robots_for(current) if obey_robots else None
            if robots is not None and not robots.can_fetch(self.user_agent, current):
                raise FetchFailure(f"robots.txt of {parts.hostname} disallows {parts.path or '/'}", "refused",
                                   None, current)
            status, headers, body = self._request_with_retries(current, max_bytes)
            if status not in (301, 302, 303, 307, 308):
                return status, headers, body, current
            location = headers.get("Location")
            if not location:
                raise FetchFailure(f"redirect ({status}) without a Location header", "http", status, current)
            current = urljoin(current, location)
        raise FetchFailure(f"more than {_MAX_REDIRECTS} redirects", "limit", None, current)

    def _robots_for(self, url: str) -> urllib.robotparser.RobotFileParser | None:
        """The host's robots.txt rules (None: everything allowed); fetched once per host and run."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            try:
                status, _, body, _ = self._follow(origin + "/robots.txt", _ROBOTS_MAX_BYTES, obey_robots=False)
            except FetchFailure as exc:
                status, body = (exc.status or 503), b""
            rules = urllib.robotparser.RobotFileParser()
            if status >= 500 or status < 200 or 300 <= status < 400:
                rules.parse(["User-agent: *", "Disallow: /"])  # unreachable: assume complete disallow
            else:
                rules.parse(body.decode("utf-8", errors="replace").splitlines())
            # RFC 9309: an unavailable robots.txt (4xx) sets no restriction
            self._robots[origin] = None if 400 <= status < 500 else rules
        return self._robots[origin]

    def _wait_for(self, host: str) -> None:
        robots = next((r for origin, r in self._robots.items() if urlsplit(origin).netloc == host and r), None)
        crawl_delay = robots.crawl_delay(self.user_agent) if robots is not None else None
        pause = max(self.delay, float(crawl_delay or 0))
        last = self._last_request.get(host)
        if last is not None:
            remaining = last + pause - time.monotonic()
            if remaining > 0:
                self.sleep(remaining)
        self._last_request[host] = time.monotonic()

    def _request_with_retries(self, url: str, max_bytes: int | None = None) -> tuple[int, Message, bytes]:
        attempt = 0
        while True:
            try:
                status, headers, body = self._request(url, max_bytes or self.max_bytes)
                if (status >= 500 or status == 429) and attempt < self.retries:
                    raise FetchFailure(f"the server answered {status}", TRANSIENT, status, url)
                return status, headers, body
            except FetchFailure as exc:
                if exc.kind != TRANSIENT or attempt >= self.retries:
                    raise
            attempt += 1
            self.sleep(self.backoff * 2 ** (attempt - 1))

    def _request(self, url: str, max_bytes: int) -> tuple[int, Message, bytes]:
        self._wait_for(urlsplit(url).netloc)
        self.requests_made += 1
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent, "Accept": "text/html,*/*;q=0.5"})
        deadline = time.monotonic() + self.timeout
        try:
            with self._opener.open(request, timeout=self.timeout) as answer:
                return answer.status, answer.headers, self._read(answer, max_bytes, deadline, url)
        except urllib.error.HTTPError as exc:
            headers = exc.headers if exc.headers is not None else Message()
            exc.close()
            return exc.code, headers, b""
        except TimeoutError:
            raise FetchFailure(f"no answer within {self.timeout:g} seconds", TRANSIENT, None, url) from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, (TimeoutError, socket.timeout)):
                raise FetchFailure(f"no answer within {self.timeout:g} seconds", TRANSIENT, None, url) from None
            raise FetchFailure(f"connection failed: {reason}", TRANSIENT, None, url) from None
        except (OSError, ValueError) as exc:
            raise FetchFailure(f"connection failed: {exc}", TRANSIENT, None, url) from None

    def _read(self, answer: http.client.HTTPResponse, max_bytes: int, deadline: float, url: str) -> bytes:
        """The body, read in blocks: refused past ``max_bytes`` or after the deadline."""
        declared = answer.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > max_bytes:
            raise FetchFailure(f"page is {int(declared):,} bytes, over the limit of {max_bytes:,}", "limit", 200, url)
        chunks: list[bytes] = []
        size = 0
        while True:
            if time.monotonic() > deadline:
                raise FetchFailure(f"page did not arrive within {self.timeout:g} seconds", TRANSIENT, 200, url)
            block = answer.read(65_536)
            if not block:
                return b"".join(chunks)
            size += len(block)
            if size > max_bytes:
                raise FetchFailure(f"page is over the limit of {max_bytes:,} bytes", "limit", 200, url)
            chunks.append(block)
