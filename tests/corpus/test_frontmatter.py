from __future__ import annotations

import pytest

from frresearch.corpus._frontmatter import MAX_FRONT_MATTER_BYTES, decode_text, parse_document
from frresearch.exceptions import DocumentError


def test_body_after_front_matter_keeps_later_fences():
    doc = parse_document(b"---\ntitle: t\n---\nfirst\n---\nsecond\n")
    assert doc.front_matter == {"title": "t"}
    assert doc.body == "first\n---\nsecond"


def test_dots_close_front_matter():
    assert parse_document(b"---\ntitle: t\n...\nbody").body == "body"


def test_keys_become_strings():
    assert parse_document(b"---\n2023: year\nfalse: no\n---\n").front_matter == {"2023": "year", "False": False}


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "file is empty"),
        (b"   \n", "file is empty"),
        (b"---\n---\n", "front matter is empty"),
        (b"---\njust text\n---\n", "a single str value"),
        (b"---\n!!binary aGVsbG8=\n---\n", "a single bytes value"),
        (b"---\ntitle: !!python/name:os.system\n---\n", "YAML tag !!python/name:os.system"),
        (b"---\nx: " + b"[" * 200 + b"]" * 200 + b"\n---\n", "nested more than"),
        (b"\x00\x01binary", "NUL bytes"),
        (b"%PDF-1.7\n", "a PDF file"),
    ],
)
def test_rejections_name_the_reason(data, reason):
    with pytest.raises(DocumentError, match=reason.replace("(", r"\(")):
        parse_document(data)


def test_front_matter_size_is_bounded():
    data = b"---\ntitle: " + b"x" * (MAX_FRONT_MATTER_BYTES + 1) + b"\n---\n"
    with pytest.raises(DocumentError, match="larger than"):
        parse_document(data)


def test_decode_text_reports_bad_bytes():
    text, warnings = decode_text(b"ok \xff\xfe done\r\nnext\rlast")
    assert text == "ok \ufffd\ufffd done\nnext\nlast"
    assert "offset 3" in warnings[0] and "2 undecodable" in warnings[0]
