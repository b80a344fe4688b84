from __future__ import annotations

import random

import pytest
import yaml

from frresearch.corpus import _frontmatter
from frresearch.corpus._frontmatter import MAX_FRONT_MATTER_BYTES, decode_text, parse_document, parse_front_matter
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


def _typed(value):
    """A value with the type of every part spelled out (so True and 1, or 1 and 1.0, differ)."""
    if isinstance(value, dict):
        return ("dict", [(_typed(k), _typed(v)) for k, v in value.items()])
    if isinstance(value, (list, set)):
        return (type(value).__name__, [_typed(v) for v in value])
    return (type(value).__name__, repr(value))


def _outcome(read, text):
    try:
        value, warnings = read(text)
    except (DocumentError, yaml.YAMLError) as exc:
        return ("refused", type(exc).__name__)
    return ("read", _typed(value), warnings)


def _pyyaml_constructor(text):
    """Front matter built by PyYAML's own constructor, as every document was before the plain-data path."""
    loader = _frontmatter._DocumentLoader(text)
    try:
        node = loader.get_single_node()
        value = None if node is None else yaml.constructor.BaseConstructor.construct_document(loader, node)
    finally:
        loader.dispose()
    return value, loader.value_warnings


def _fast_path(text):
    loader = _frontmatter._DocumentLoader(text)
    try:
        return loader.get_single_data(), loader.value_warnings
    finally:
        loader.dispose()


_SCALARS = ["a", "'quoted'", '"dq"', "1", "0x1F", "0o17", "017", "1_000", "1:20", "3.5", ".inf", "true", "yes", "no",
            "~", "", "2023-08-09", "2023-02-30", "2023-08-09T10:00:00Z", "9" * 400, "2023-13-45", "[1, 2]", "{}", "[]",
            "{k: 1, k: 2}", "!!str 5", "!!set {a: null}", "!!binary aGk=", "=", "!!python/name:os.system", "日本"]
_KEYS = ["title", "a", "b", "1", "'1'", "true", "2023-02-30", "<<", "=", "[x]", "0x10"]


def _random_front_matter(rng, depth=0):
    lines = []
    for _ in range(rng.randint(1, 4)):
        key, kind = rng.choice(_KEYS), rng.random()
        if kind < 0.25 and depth < 3:
            lines += [f"{key}:"] + ["  " + line for line in _random_front_matter(rng, depth + 1)]
        elif kind < 0.4 and depth < 3:
            lines += [f"{key}:"] + [f"  - {rng.choice(_SCALARS)}" for _ in range(rng.randint(0, 3))]
        else:
            lines.append(f"{key}: {rng.choice(_SCALARS)}")
    return lines


@pytest.mark.parametrize("text", [
    "a: 1\na: 2\nb: {x: 2023-02-30, x: 1}\nc: [2023-13-01, " + "9" * 5000 + "]\n",
    "a: {b: {c: 1, c: 2}, b: [x, {d: 2023-02-30}]}\ne: [{f: 1, f: 2}]\ne: 3\n",  # warnings come level by level
    "n: [0x1F, 0o17, 1_000, 1:20, .inf, 1e3, ~, true, True, no, 2023-08-09, 2023-08-09T10:00:00Z, '5']\n",
    "1: a\n'1': b\n1.0: c\n",  # the same text as keys of different types: a repeated key, as before
    "{<<: {x: 1, y: 1}, y: 2}", "{=: 1}", "s: !!set {a: null}", "? [a, b]\n: c\n", "just text", "- a\n- b\n",
])
def test_plain_front_matter_is_built_as_pyyaml_builds_it(text):
    assert _outcome(_fast_path, text) == _outcome(_pyyaml_constructor, text)


def test_random_front_matter_is_built_as_pyyaml_builds_it():
    rng = random.Random(17)
    compared = 0
    for _ in range(600):
        text = "\n".join(_random_front_matter(rng)) + "\n"
        expected = _outcome(_pyyaml_constructor, text)
        assert _outcome(_fast_path, text) == expected, text
        compared += expected[0] == "read"
    assert compared > 100  # enough documents were valid to compare values and warnings


def test_tags_that_build_objects_are_refused_on_every_path():
    with pytest.raises(DocumentError, match="!!python/object/apply:os.system"):
        parse_front_matter("a: [b, {c: !!python/object/apply:os.system [ls]}]\n")
