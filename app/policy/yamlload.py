"""A strict YAML reader: duplicate keys are errors, and `yes`/`no` stay strings, never booleans."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml


class DuplicateKeyError(ValueError):
    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.line = line


class StrictLoader(yaml.SafeLoader):
    """SafeLoader that rejects duplicate mapping keys and reads only true/false as booleans."""


StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
StrictLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def _mapping(loader: StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            line = key_node.start_mark.line + 1
            raise DuplicateKeyError(f"duplicate key {key!r} at line {line}", line)
        seen[key] = loader.construct_object(value_node, deep=True)
    return seen


StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def read_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=StrictLoader)  # noqa: S506 - StrictLoader is a SafeLoader


def key_lines(path: Path) -> dict[tuple[str | int, ...], int]:
    """The line (counted from 1) where each key and list item of a YAML file starts, by its path from the top:
    ("partners", 0, "accent") -> 7. Empty for a file that cannot be read; its reader says why."""
    try:
        with path.open(encoding="utf-8") as handle:
            root = yaml.compose(handle, Loader=StrictLoader)  # noqa: S506 - composing builds no objects
    except (OSError, ValueError, yaml.YAMLError):
        return {}
    lines: dict[tuple[str | int, ...], int] = {}

    def walk(node: yaml.Node, where: tuple[str | int, ...]) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                inner = (*where, str(key.value))
                lines.setdefault(inner, key.start_mark.line + 1)
                walk(value, inner)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                lines.setdefault((*where, i), item.start_mark.line + 1)
                walk(item, (*where, i))

    if root is not None:
        walk(root, ())
    return lines


def line_of(lines: dict[tuple[str | int, ...], int], where: tuple[str | int, ...]) -> int | None:
    """The line of `where`, else of the nearest enclosing key or item that has one (a missing field: its mapping)."""
    for end in range(len(where), 0, -1):
        if where[:end] in lines:
            return lines[where[:end]]
    return None
