"""Reading the user's configuration files (codebook, outlet registry): UTF-8 text, YAML without surprises.

A file in another encoding (Latin-1, cp1252) and a key given twice (the
second silently replacing the first) are errors that name the file, the
place and what to do.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

__all__ = ["read_utf8", "load_yaml"]


def read_utf8(path: Path, what: str, error: type[Exception]) -> str:
    """The text of ``path``; ``error`` (naming the file and the first bad byte) when it is not UTF-8."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise error(f"{what} {str(path)!r} is not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}); "
                    "save it as UTF-8") from None


class _StrictLoader(yaml.SafeLoader):
    """The safe loader, refusing a mapping key given twice."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[str] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                if key_node.value in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"the key {key_node.value!r} is given twice", key_node.start_mark)
                seen.add(key_node.value)
        return super().construct_mapping(node, deep=deep)


_StrictLoader.add_constructor("tag:yaml.org,2002:map", _StrictLoader.construct_yaml_map)  # type: ignore[type-var]


def load_yaml(text: str, origin: str, error: type[Exception]) -> Any:
    """Parse YAML safely; ``error`` names ``origin`` and the line when it is not valid or repeats a key."""
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise error(f"{origin}: not valid YAML: {problem}{where}") from None
