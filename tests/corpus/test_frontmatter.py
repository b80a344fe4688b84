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


def test_keys_become_strings_and_booleans_are_yaml_1_2():
    assert parse_document(b"---\n2023: year\nfalse: no\n---\n").front_matter == {"2023": "year", "False": "no"}


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


@pytest.mark.parametrize(
    "front",
    [b"a: &x hello\nb: *x\n", b"a: &x [1, 2]\nb: [*x, *x]\n", b"a: &x 1\nb: {k: *x}\n"],
)
def test_every_alias_is_refused_before_it_is_expanded(front):
    with pytest.raises(DocumentError, match="YAML aliases"):
        parse_document(b"---\n" + front + b"---\n")


def test_a_scalar_alias_bomb_is_refused_quickly():
    # 1 KB of text that the extras would have expanded into a 10^8-character value
    lines = [b"a0: &a0 " + b"x" * 100]
    lines += [b"a%d: &a%d [%s]" % (i, i, b", ".join([b"*a%d" % (i - 1)] * 10)) for i in range(1, 8)]
    with pytest.raises(DocumentError, match="YAML aliases"):
        parse_document(b"---\n" + b"\n".join(lines) + b"\n---\n")


def test_bad_single_values_are_warnings_not_rejections():
    doc = parse_document(b"---\ntitle: t\ndate: 2023-02-30\ncount: " + b"9" * 5000 + b"\nlanguage: no\n"
                         b"title: again\n---\n")
    assert doc.front_matter["date"] == "2023-02-30" and doc.front_matter["count"] == "9" * 5000
    assert doc.front_matter["language"] == "no" and doc.front_matter["title"] == "again"
    assert [w.split(" (")[0] for w in doc.warnings] == ["key 'title' is given more than once",
                                                        "'2023-02-30'", "number of 5,000 characters"]


def test_utf16_is_named_as_text_in_another_encoding():
    for data in ("---\ntitle: t\n---\n".encode("utf-16"), "---\ntitle: t\n---\n".encode("utf-16-le")):
        with pytest.raises(DocumentError, match="UTF-16"):
            parse_document(data)
