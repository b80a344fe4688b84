"""Reading one news document: bytes to front matter and body.

A document is a UTF-8 text file that starts with a ``---`` line, holds YAML
front matter, closes it with a ``---`` (or ``...``) line and may carry the
article text after it. Everything here treats the file as untrusted: YAML is
read with a safe loader, tags that would build Python objects are refused,
aliases are refused before anything is built (they let a small file expand
into a huge structure), and sizes are bounded. One bad value (an impossible
date, an integer too long to convert, a key given twice) is a warning about
that value, not a reason to drop the document. Plain data (mappings, lists,
text, numbers, booleans, dates) is built without PyYAML's generic
constructor, with the same values and warnings; anything else goes through
PyYAML's. Booleans are YAML 1.2's ``true`` and ``false`` only, so
``language: no`` (Norwegian) stays ``"no"``.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .._config_files import SAFE_LOADER, repeated_keys
from ..exceptions import DocumentError

__all__ = ["ParsedDocument", "parse_document", "decode_text", "MAX_FRONT_MATTER_BYTES"]

MAX_FRONT_MATTER_BYTES = 1_000_000
MAX_NESTING = 50

_SafeLoader = SAFE_LOADER
_BOOL_TAG = "tag:yaml.org,2002:bool"
_STR_TAG, _MAP_TAG, _SEQ_TAG = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_PLAIN_SCALAR_TAGS = frozenset({_STR_TAG, _BOOL_TAG, *(f"tag:yaml.org,2002:{name}" for name in
                                                      ("int", "float", "null", "timestamp"))})
_OPENING = re.compile(r"---[ \t]*\n")
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF file",
    b"PK\x03\x04": "a ZIP archive (or Office file)",
    b"RIFF": "a RIFF media file",
}
_MAGIC_PREFIXES = tuple(_MAGIC)


@dataclass
class ParsedDocument:
    """A document split into its front matter mapping and its body text."""

    front_matter: dict[str, Any]
    body: str
    warnings: list[str] = field(default_factory=list)


def _looks_like_utf16(head: bytes) -> bool:
    """Whether NUL bytes fill every other position (UTF-16 text without a byte-order mark); never without NULs."""
    if len(head) < 4:
        return False
    even, odd = head[0::2].count(0), head[1::2].count(0)
    return min(even, odd) == 0 and max(even, odd) >= len(head) // 4


def decode_text(data: bytes) -> tuple[str, list[str]]:
    """Decode file bytes as UTF-8, returning the text and any warnings.

    A byte-order mark is dropped and line ends become ``\\n``. Bytes that are
    not UTF-8 are replaced by U+FFFD and reported, never silently. Binary
    files raise :class:`DocumentError`.
    """
    head = data[:8192]
    has_nul = b"\x00" in head
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (has_nul and _looks_like_utf16(head)):
        raise DocumentError("file is text in UTF-16, not UTF-8; save it as UTF-8 to load it")
    if head.startswith(_MAGIC_PREFIXES):
        kind = next(kind for magic, kind in _MAGIC.items() if head.startswith(magic))
        raise DocumentError(f"file is {kind}, not a text document")
    if has_nul:
        raise DocumentError("file holds NUL bytes: a binary file, not a text document")
    warnings: list[str] = []
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]  # offsets below count from after the mark, as the utf-8-sig codec's do
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = data.decode("utf-8", errors="replace")
        count = text.count("\ufffd")
        warnings.append(
            f"file is not valid UTF-8 (first bad byte at offset {exc.start}); "
            f"{count} undecodable byte sequence(s) replaced with U+FFFD"
        )
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, warnings


def _yaml_reason(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    where = f" (line {mark.line + 1}, column {mark.column + 1} of the front matter)" if mark else ""
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    if isinstance(exc, yaml.constructor.ConstructorError) and "tag" in problem:
        tag = re.search(r"'([^']*)'", problem)
        name = tag.group(1).replace("tag:yaml.org,2002:", "!!") if tag else "an unknown tag"
        return f"front matter uses the YAML tag {name}, which is not allowed (only plain data is read){where}"
    return f"front matter is not valid YAML: {problem}{where}"


def _line(node: yaml.Node | yaml.Event) -> str:
    mark = node.start_mark
    return f"line {mark.line + 1} of the front matter" if mark is not None else "in the front matter"


class _DocumentLoader(_SafeLoader):  # type: ignore[misc, valid-type]
    """The safe loader, with YAML 1.2 booleans, and bad values kept as text with a warning."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.value_warnings: list[str] = []

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            self.value_warnings.append(f"{node.value[:64]!r} ({_line(node)}) is not a real date; kept as text")
            return node.value

    def construct_yaml_int(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_int(node)
        except ValueError:
            self.value_warnings.append(
                f"number of {len(node.value):,} characters ({_line(node)}) is too long to read; kept as text")
            return node.value

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        self._warn_repeated_keys(node)
        return super().construct_mapping(node, deep=deep)

    def _warn_repeated_keys(self, node: yaml.MappingNode) -> None:
        for key_node in repeated_keys(node):
            self.value_warnings.append(
                f"key {key_node.value[:80]!r} is given more than once ({_line(key_node)}); the last value is used")

    def construct_document(self, node: yaml.Node) -> Any:
        try:
            return self._construct_plain(node)
        except _NotPlain:
            self.value_warnings.clear()  # the full constructor gives them again
            return super().construct_document(node)

    def _construct_plain(self, root: yaml.Node) -> Any:
        """The value PyYAML's constructor builds from plain data, and the same warnings in the same order.

        PyYAML fills a mapping or sequence only after its parent, one level of
        the tree after the other; so does this loop, without PyYAML's
        generators. Anything else (merge keys, other tags, a mapping as a key)
        raises :class:`_NotPlain`, and PyYAML's constructor builds the document.
        """
        value = self._plain_value(root)
        level = [(root, value)] if isinstance(root, yaml.CollectionNode) else []
        while level:
            below: list[tuple[yaml.Node, Any]] = []
            for node, container in level:  # container: the empty dict or list _plain_value gave for node
                if isinstance(node, yaml.MappingNode):
                    self._warn_repeated_keys(node)
                    for key_node, value_node in node.value:
                        if not isinstance(key_node, yaml.ScalarNode):
                            raise _NotPlain
                        key = self._plain_value(key_node)
                        container[key] = item = self._plain_value(value_node)
                        below.append((value_node, item))
                else:
                    for child in node.value:
                        container.append(item := self._plain_value(child))
                        below.append((child, item))
            level = [(node, item) for node, item in below if isinstance(node, yaml.CollectionNode)]
        return value

    def _plain_value(self, node: yaml.Node) -> Any:
        """A scalar's value, or an empty dict or list that :meth:`_construct_plain` fills later."""
        tag = node.tag
        if isinstance(node, yaml.ScalarNode) and tag in _PLAIN_SCALAR_TAGS:
            return node.value if tag == _STR_TAG else self.yaml_constructors[tag](self, node)
        if isinstance(node, yaml.MappingNode) and tag == _MAP_TAG:
            return {}
        if isinstance(node, yaml.SequenceNode) and tag == _SEQ_TAG:
            return []
        raise _NotPlain


class _NotPlain(Exception):
    """A front matter node that only PyYAML's full constructor builds (or refuses)."""


_DocumentLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != _BOOL_TAG]
    for first, resolvers in _SafeLoader.yaml_implicit_resolvers.items()
}
_DocumentLoader.add_implicit_resolver(_BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_DocumentLoader.add_constructor("tag:yaml.org,2002:timestamp", _DocumentLoader.construct_yaml_timestamp)
_DocumentLoader.add_constructor("tag:yaml.org,2002:int", _DocumentLoader.construct_yaml_int)
_DocumentLoader.add_constructor(_MAP_TAG, _DocumentLoader.construct_yaml_map)


def _refuse_aliases(source: str) -> None:
    """Raise at the first alias (``*name``), before any value is built from the text."""
    if "*" not in source:
        return
    for event in yaml.parse(source, Loader=_SafeLoader):
        if isinstance(event, yaml.AliasEvent):
            raise DocumentError(f"front matter uses YAML aliases (& and *), which are not allowed "
                                f"({_line(event)})")


def _check_nesting(value: Any) -> None:
    """Refuse excessive nesting, iteratively."""
    stack: list[tuple[Any, int]] = [(value, 0)] if isinstance(value, (dict, list)) else []
    while stack:
        node, depth = stack.pop()
        if depth > MAX_NESTING:
            raise DocumentError(f"front matter is nested more than {MAX_NESTING} levels deep")
        children = node.values() if isinstance(node, dict) else node
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))


def parse_front_matter(source: str) -> tuple[Any, list[str]]:
    """Parse YAML front matter with a safe loader: the value and warnings about single values.

    Raises :class:`DocumentError` when the text cannot be read at all.
    """
    if len(source.encode("utf-8")) > MAX_FRONT_MATTER_BYTES:
        raise DocumentError(f"front matter is larger than {MAX_FRONT_MATTER_BYTES:,} bytes")
    try:
        _refuse_aliases(source)
        loader = _DocumentLoader(source)
        try:
            value = loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        raise DocumentError(_yaml_reason(exc)) from None
    except RecursionError:
        raise DocumentError(f"front matter is nested more than {MAX_NESTING} levels deep") from None
    _check_nesting(value)
    return value, loader.value_warnings


def parse_document(data: bytes) -> ParsedDocument:
    """Split a document's bytes into front matter and body.

    Parameters
    ----------
    data : bytes
        The whole file.

    Returns
    -------
    ParsedDocument
        The front matter as a dict, the body (text after the closing fence,
        stripped; ``""`` when none) and warnings about the file.

    Raises
    ------
    DocumentError
        When the file is empty, binary, has no front matter or no closing
        fence, or its front matter is not a YAML mapping of plain data.
    """
    if not data.strip():
        raise DocumentError("file is empty")
    text, warnings = decode_text(data)
    opening = _OPENING.match(text)
    if opening is None:
        raise DocumentError("no front matter: the file does not start with a '---' line")
    closing = _CLOSING.search(text, opening.end())
    if closing is None:
        raise DocumentError("front matter is not closed: no '---' line after the opening one")
    value, value_warnings = parse_front_matter(text[opening.end() : closing.start()])
    if value is None:
        raise DocumentError("front matter is empty")
    if not isinstance(value, dict):
        kind = "a list" if isinstance(value, list) else f"a single {type(value).__name__} value"
        raise DocumentError(f"front matter is {kind}, expected key: value pairs")
    front_matter = {str(key): item for key, item in value.items()}
    return ParsedDocument(front_matter, text[closing.end() :].strip(), warnings + value_warnings)
