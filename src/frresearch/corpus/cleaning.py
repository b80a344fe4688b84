"""Text and URL cleaning: the normalisation every analysis relies on.

Text is put in Unicode NFC, HTML entities are decoded, tags (with script and
style content) are removed and white space is folded; asked to, paragraph breaks
(blank lines, ``<p>`` and ``<br>``) are kept as one blank line. URLs are made canonical
so that the same article reached through an AMP page, an AMP cache mirror or a
tracking link is recognised as one article.
"""

from __future__ import annotations

import html
import ipaddress
import re
import unicodedata
from functools import lru_cache
from urllib.parse import SplitResult, parse_qsl, urlencode, urlsplit, urlunsplit

import tldextract

__all__ = [
    "PARAGRAPH_BREAK",
    "article_text",
    "clean_text",
    "canonical_url",
    "hostname",
    "registrable_domain",
    "url_identity",
    "identifies_article",
]

# Zero-width characters, soft hyphens, and left-to-right / right-to-left marks and embeddings.
_INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff\u00ad\u061c\u202a-\u202e\u2066-\u2069]")
# Two line breaks with nothing but white space between them: a paragraph break (once \r and \u2029 are \n).
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
PARAGRAPH_BREAK = "\n\n"

_AMP_CACHE_SUFFIX = ".cdn.ampproject.org"
_TRACKING_PARAMS = frozenset({"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "ocid", "cmpid"})
_AMP_QUERY = {("amp", ""), ("amp", "1"), ("amp", "true"), ("outputtype", "amp")}
_RAW_TEXT_OPENER = re.compile(r"<(script|style)\b", re.IGNORECASE)
_TAG_START = re.compile(r"</?[A-Za-z]")
_BLOCK_NAME = re.compile(r"</?(p|br|div|li|h[1-6]|tr|blockquote)\b", re.IGNORECASE)
_RAW_TEXT_CLOSER = {name: re.compile(rf"</{name}\s*>", re.IGNORECASE) for name in ("script", "style")}


def _strip_tags(text: str) -> str:
    """Remove tags, comments and script/style content in one left-to-right pass.

    Every search starts where the previous one stopped or remembers that
    nothing was found, so the time is linear in the length of the text even
    when an opener (``<!--``, ``<script``) is never closed: unclosed openers
    are kept as text.
    """
    out: list[str] = []
    position = 0
    next_gt = -1  # the first '>' at or after the last position searched; len(text) when none
    unclosed: set[str] = set()  # openers with no closer anywhere after the last one tried

    def gt_from(start: int) -> int:
        nonlocal next_gt
        if next_gt < start:
            found = text.find(">", start)
            next_gt = len(text) if found < 0 else found
        return next_gt

    while (lt := text.find("<", position)) >= 0:
        out.append(text[position:lt])
        position = lt + 1
        if text.startswith("<!--", lt):
            if "comment" not in unclosed:
                end = text.find("-->", lt + 4)
                if end >= 0:
                    position = end + 3
                    continue
                unclosed.add("comment")
            out.append("<")
            continue
        opener = _RAW_TEXT_OPENER.match(text, lt)
        if opener and gt_from(lt) < len(text):
            name = opener.group(1).lower()
            closer = None if name in unclosed else _RAW_TEXT_CLOSER[name].search(text, gt_from(lt) + 1)
            if closer is not None:
                out.append(" ")
                position = closer.end()
                continue
            unclosed.add(name)
        if _TAG_START.match(text, lt):
            end = gt_from(lt)
            following_lt = text.find("<", lt + 1, end)
            if end < len(text) and following_lt < 0:
                out.append(PARAGRAPH_BREAK if _BLOCK_NAME.match(text, lt) else "")
                position = end + 1
                continue
        out.append("<")
    out.append(text[position:])
    return "".join(out)


def _visible(text: str) -> str:
    """``text`` without invisible characters (ASCII text holds none)."""
    return text if text.isascii() else _INVISIBLE.sub("", text)


def article_text(title: str, excerpt: str, body: str) -> str:
    """An article's ``text``: its title, excerpt and body, those not empty, a paragraph break apart."""
    return PARAGRAPH_BREAK.join([part for part in (title, excerpt, body) if part])


def clean_text(text: str | None, *, paragraphs: bool = False) -> str:
    """Normalise a piece of news text for analysis.

    Parameters
    ----------
    text : str or None
        Raw text, possibly holding HTML markup and entities.
    paragraphs : bool
        Keep paragraph breaks: a blank line, a Unicode paragraph separator, or
        an HTML block tag (``<p>``, ``<br>``, ``<div>``...) becomes
        :data:`PARAGRAPH_BREAK` (one blank line). A single line break is not a
        paragraph break (hard-wrapped text) and folds like other white space.

    Returns
    -------
    str
        The text in Unicode NFC, HTML entities decoded, tags removed, invisible
        characters dropped and every run of white space folded to one space
        (within each paragraph when ``paragraphs``; empty paragraphs are dropped).
        ``None`` gives the empty string.

    Examples
    --------
    >>> clean_text("First  line\\nsame paragraph.\\n \\nSecond<br>Third", paragraphs=True)
    'First line same paragraph.\\n\\nSecond\\n\\nThird'
    """
    if not text:
        return ""
    if "<" in text:
        text = _strip_tags(text)
    if "&" in text:
        text = html.unescape(text)
    if not text.isascii():  # ASCII text is in NFC already
        text = _visible(unicodedata.normalize("NFC", text))
    if not paragraphs:
        return " ".join(text.split())  # str.split's white space is the same set as the regex \s
    # A run of white space holding two line ends (\r and \n each count as one, as the CRLF in "a\r\nb" does)
    # or a paragraph separator is a paragraph break; any other run folds to one space.
    if "\r" in text or "\u2029" in text:
        text = text.replace("\r", "\n").replace("\u2029", "\n\n")
    # A printable paragraph holds no white space but single spaces (the only printable white space), so when
    # none is doubled, leading or trailing it is folded already, and checking that is cheaper than folding.
    return PARAGRAPH_BREAK.join(filter(None, [
        part if part.isprintable() and "  " not in part and part[:1] != " " and part[-1:] != " "
        else " ".join(part.split()) for part in _BLANK_LINE.split(text)]))


def hostname(url: str | None) -> str:
    """Return the lower-case host of ``url`` without ``www.``; ``""`` when there is none."""
    if not url:
        return ""
    try:
        host = urlsplit(_visible(url.strip())).hostname or ""
    except ValueError:
        return ""
    host = host.rstrip(".")
    return host[4:] if host.startswith("www.") else host


@lru_cache(maxsize=1)
def _suffix_list() -> tldextract.TLDExtract:
    """The Public Suffix List snapshot bundled with tldextract: nothing is fetched, nothing is cached on disk."""
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@lru_cache(maxsize=65_536)
def registrable_domain(host: str | None) -> str:
    """Reduce a host name to the domain an outlet registered, by the Public Suffix List.

    ``global.chinadaily.com.cn`` gives ``chinadaily.com.cn``, ``news.bbc.co.uk``
    gives ``bbc.co.uk`` and ``www.forbes.com`` gives ``forbes.com``. A URL is
    accepted too. IP addresses, ``localhost``, hosts under no known suffix and
    public suffixes themselves (``gov.cn``) are returned whole.
    """
    if not host:
        return ""
    host = host.strip().lower()
    try:
        return str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        pass
    if "/" in host or ":" in host:
        host = hostname(host)
    host = host.strip(".")
    host = host[4:] if host.startswith("www.") else host
    if not host:
        return ""
    return _suffix_list()(host).top_domain_under_public_suffix or host


def _unwrap_amp_cache(parts: SplitResult, host: str) -> tuple[str, str, str] | None:
    """For an AMP cache URL (``host``: its lower-case host), return (scheme, host, path) of the page it mirrors."""
    if not host.endswith(_AMP_CACHE_SUFFIX):
        return None
    segments = parts.path.split("/")
    # Paths look like /c/s/<host>/<path> (https) or /c/<host>/<path> (http); also /v/ and /i/.
    if len(segments) < 3 or segments[1] not in {"c", "v", "i"}:
        return None
    rest = segments[2:]
    scheme = "http"
    if rest and rest[0] == "s":
        scheme, rest = "https", rest[1:]
    if not rest or not rest[0]:
        return None
    return scheme, rest[0].lower(), "/" + "/".join(rest[1:])


def canonical_url(url: str | None) -> str:
    """Return the canonical form of a news article's URL.

    AMP variants (a trailing ``/amp`` segment, ``?amp=1``, an ``amp.`` host
    in front of a domain) and AMP cache mirrors (``*.cdn.ampproject.org``)
    map to the article's own URL; ``utm_*`` and common click-tracking
    parameters and the fragment are dropped, except a ``#!`` fragment, which
    single-page sites use as the article's address; scheme and host are
    lower-cased; invisible characters (zero-width spaces) are removed. Other
    query parameters are kept, sorted. A value that is not an http(s) URL gives ``""``.
    """
    if not url or not isinstance(url, str):
        return ""
    try:
        parts = urlsplit(_visible(url.strip()))
        port = parts.port
    except ValueError:
        return ""
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"} or not parts.hostname:
        return ""
    lower_host = parts.hostname.lower()
    host = lower_host.rstrip(".")
    path = parts.path
    unwrapped = _unwrap_amp_cache(parts, lower_host)
    if unwrapped is not None:
        scheme, host, path = unwrapped
        port = None
    if host.startswith("amp.") and "." in host[4:]:
        host = host[4:]
    while path.endswith(("/amp", "/amp/")):
        path = path[:-4]  # /story/amp -> /story and /story/amp/ -> /story/
    if path.endswith(".amp"):
        path = path[:-4]
    query = sorted(
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith("utm_")
        and key.lower() not in _TRACKING_PARAMS
        and (key.lower(), value.lower()) not in _AMP_QUERY
    ) if parts.query else []
    default_port = {"http": 80, "https": 443}[scheme]
    netloc = host if port in (None, default_port) else f"{host}:{port}"
    fragment = parts.fragment if parts.fragment.startswith("!") else ""
    return urlunsplit((scheme, netloc, path or "/", urlencode(query), fragment))


def url_identity(url: str) -> str:
    """What names an article in its canonical URL: host without ``www.``, port, path without a trailing slash, query.

    ``http://`` and ``https://``, ``www.example.com`` and ``example.com``, and
    ``/a/`` and ``/a`` lead to the same article.

    >>> url_identity("https://www.forbes.com/sites/x/") == url_identity("http://forbes.com/sites/x")
    True
    """
    parts = urlsplit(url)
    host = parts.netloc.lower()
    host = host[4:] if host.startswith("www.") else host
    query = f"?{parts.query}" if parts.query else ""
    fragment = f"#{parts.fragment}" if parts.fragment else ""  # only a #! address survives canonical_url
    return f"{host}{parts.path.rstrip('/')}{query}{fragment}"


_SECTION_SEGMENT = re.compile(r"[^\W\d_]{3,20}", re.UNICODE)


def identifies_article(canonical: str) -> bool:
    """Whether a canonical URL can name one article, rather than a home page or a section page.

    A home page (path ``/``) or a section (one word of letters and no query:
    ``/news``, ``/world/``) lists articles and cannot tell them apart; a ``#!``
    address identifies its article.

    >>> identifies_article("https://example.com/tech/"), identifies_article("https://example.com/tech/face-id-rules")
    (False, True)
    """
    parts = urlsplit(canonical)
    if parts.fragment.startswith("!"):
        return parts.fragment.strip("!/") != ""
    segments = [segment for segment in parts.path.split("/") if segment]
    if parts.query:
        return True
    return not (len(segments) <= 1 and all(_SECTION_SEGMENT.fullmatch(segment) for segment in segments))
