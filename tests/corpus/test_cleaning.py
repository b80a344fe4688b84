from __future__ import annotations

import pytest

from frresearch.corpus.cleaning import canonical_url, clean_text, hostname, registrable_domain

FORBES = "https://www.forbes.com/sites/johannacostigan/2023/08/09/new-chinese-facial-recognition-regulations-could-shield-citizens-from-surveillance-capitalism/"


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("  a\u00a0b\n\tc  ", "a b c"),
        ("<p>Face&nbsp;ID &amp; privacy</p><p>second</p>", "Face ID & privacy second"),
        ("<script>var x = 1;</script>Text", "Text"),
        ("Cafe\u0301", "Café"),  # NFC composes e + combining acute
        ("zero\u200bwidth", "zerowidth"),
        ("2 < 3 and 5 > 4", "2 < 3 and 5 > 4"),
        (None, ""),
        ("人脸识别　技术", "人脸识别 技术"),
    ],
)
def test_clean_text(raw, expected):
    assert clean_text(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("First  line\nsame paragraph.\n\nSecond\tone.", "First line same paragraph.\n\nSecond one."),
        ("a\r\n\r\nb\r\rc", "a\n\nb\n\nc"),  # CRLF and CR blank lines
        ("a\n \t \n\n\n b", "a\n\nb"),  # white space on the blank line, several blank lines
        ("a\u2029b", "a\n\nb"),  # Unicode paragraph separator
        ("<p>One &amp; two</p>\n<p>Three<br/>four</p>", "One & two\n\nThree\n\nfour"),
        ("\n\n  lone  \n\n", "lone"),
        ("", ""),
    ],
)
def test_clean_text_keeps_paragraph_breaks(raw, expected):
    assert clean_text(raw, paragraphs=True) == expected
    assert clean_text(raw) == " ".join(expected.split())  # without paragraphs, all white space folds


@pytest.mark.parametrize(
    "raw",
    [
        FORBES,
        FORBES + "amp/",
        "https://www-forbes-com.cdn.ampproject.org/c/s/www.forbes.com/sites/johannacostigan/2023/08/09/new-chinese-facial-recognition-regulations-could-shield-citizens-from-surveillance-capitalism/amp/",
        FORBES + "?utm_source=twitter&utm_medium=social#comments",
        "HTTPS://WWW.FORBES.COM:443" + FORBES[len("https://www.forbes.com"):],
    ],
)
def test_canonical_url_maps_variants_to_one(raw):
    assert canonical_url(raw) == FORBES


def test_canonical_url_keeps_meaningful_query_sorted():
    assert canonical_url("https://example.com/a?b=2&a=1&amp=1&fbclid=x") == "https://example.com/a?a=1&b=2"


@pytest.mark.parametrize("raw", ["", None, "not a url", "ftp://example.com/file", "https://[broken"])
def test_canonical_url_rejects_non_http(raw):
    assert canonical_url(raw) == ""


@pytest.mark.parametrize(
    "host, expected",
    [
        ("global.chinadaily.com.cn", "chinadaily.com.cn"),
        ("www.forbes.com", "forbes.com"),
        ("news.bbc.co.uk", "bbc.co.uk"),
        ("https://www.scmp.com/tech/x", "scmp.com"),
        ("localhost", "localhost"),
        ("", ""),
    ],
)
def test_registrable_domain(host, expected):
    assert registrable_domain(host) == expected


def test_hostname_drops_www():
    assert hostname("https://www.ibtimes.com/x") == "ibtimes.com"
    assert hostname("::::") == ""
