"""Reading the user's configuration files (codebook, outlet registry): UTF-8 text, YAML without surprises.

A file in another encoding (Latin-1, cp1252) and a key given twice (the
second silently replacing the first) are errors that name the file, the
place and what to do.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

__all__ = ["read_utf8", "load_yaml", "SAFE_LOADER", "repeated_keys"]

SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""PyYAML's safe loader, in C where it is built: plain values only, no Python objects."""


def read_utf8(path: Path, what: str, error: type[Exception]) -> str:
    """The text of ``path``; ``error`` (naming the file and the first bad byte) when it is not UTF-8."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise error(f"{what} {str(path)!r} is not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}); "
                    "save it as UTF-8") from None


def repeated_keys(node: yaml.MappingNode) -> list[yaml.ScalarNode]:
    """The key nodes of a mapping that repeat an earlier key of the same mapping."""
    try:
        if len({key_node.value for key_node, _ in node.value}) == len(node.value):
            return []  # every key differs from every other (the usual case, checked in one pass)
    except TypeError:
        pass  # a key that is itself a list or mapping: checked one by one below
    seen: set[str] = set()
    repeated = []
    for key_node, _ in node.value:
        if isinstance(key_node, yaml.ScalarNode):
            if key_node.value in seen:
                repeated.append(key_node)
            seen.add(key_node.value)
    return repeated


class _StrictLoader(SAFE_LOADER):  # type: ignore[misc, valid-type]
    """The safe loader, refusing a mapping key given twice."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        repeated = repeated_keys(node)
        if repeated:
            raise yaml.constructor.ConstructorError(
                None, None, f"the key {repeated[0].value!r} is given twice", repeated[0].start_mark)
        return super().construct_mapping(node, deep=deep)


_StrictLoader.add_constructor("tag:yaml.org,2002:map", _StrictLoader.construct_yaml_map)


def load_yaml(text: str, origin: str, error: type[Exception]) -> Any:
    """Parse YAML safely; ``error`` names ``origin`` and the line when it is not valid or repeats a key."""
    loader = _StrictLoader(text)
    try:
        return loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise error(f"{origin}: not valid YAML: {problem}{where}") from None
    finally:
        loader.dispose()
