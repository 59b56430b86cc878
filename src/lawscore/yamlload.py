"""Load YAML the way a checklist author means it, keeping line numbers.

PyYAML's SafeLoader follows YAML 1.1: `no` becomes False, `0123` an octal number and
`2024-03-31` a date. Checklist authors write Chinese terms, ids and clause numbers; a term
that silently turns into a boolean is a pattern that never matches. Here only `true`/`false`
are booleans, only plain decimal numbers are numbers, and nothing becomes a date.
Every mapping remembers the line of each of its keys so errors can say where they are.
"""
from __future__ import annotations

import re
from typing import Any

import yaml


class LineDict(dict):
    """A mapping that knows the 1-based line of itself and of each key."""

    line: int = 0
    key_lines: dict

    def line_of(self, key) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    line: int = 0
    item_lines: list


# libyaml's parser when PyYAML was built with it (ten times faster on a large checklist);
# the constructors and resolvers below are ours either way.
_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    pass


class _PyLoader(yaml.SafeLoader):
    """The pure-Python parser: slower, but its error messages are the ones we explain."""


def _set_resolvers(loader: Any) -> None:
    """Keep only the resolvers we want: drop YAML 1.1 booleans, timestamps and octal ints."""
    loader.yaml_implicit_resolvers = {}
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items():
        kept = [
            (tag, regexp)
            for tag, regexp in resolvers
            if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:int")
        ]
        if kept:
            loader.yaml_implicit_resolvers[first] = kept
    loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))
    loader.add_implicit_resolver(
        "tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?(?:0|[1-9][0-9]*))$"), list("-+0123456789")
    )


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    out = LineDict()
    out.line = node.start_mark.line + 1
    out.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be plain text", key_node.start_mark
            )
        if key in out.key_lines:
            raise yaml.constructor.ConstructorError(
                None, None, f'duplicate key "{key}"', key_node.start_mark
            )
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[key] = key_node.start_mark.line + 1
    return out


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    out = LineList(loader.construct_object(child, deep=True) for child in node.value)
    out.line = node.start_mark.line + 1
    out.item_lines = [child.start_mark.line + 1 for child in node.value]
    return out


for _loader in (_Loader, _PyLoader):
    _set_resolvers(_loader)
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


class YamlError(Exception):
    """A YAML syntax error with the line it happened on and a hint."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def _hint(problem: str, text: str, line: int) -> str:
    source_line = text.splitlines()[line - 1] if 0 < line <= len(text.splitlines()) else ""
    if "\t" in source_line[: len(source_line) - len(source_line.lstrip())] or "found character '\\t'" in problem:
        return "indent with spaces, not tabs"
    if "never closed" in problem or "quoted scalar" in problem or "end of the stream" in problem:
        return "close the quote that opens on this line"
    if "mapping values are not allowed" in problem:
        return "put text that contains ': ' in quotes"
    if "duplicate key" in problem:
        return "remove or rename one of the two keys"
    return "check the indentation and quoting on this line"


def load_yaml(text: str):
    """Parse YAML text; raise YamlError with a 1-based line and a fix on bad syntax."""
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader derives from (C)SafeLoader
    except yaml.YAMLError:
        pass
    # Parse again with the Python parser for an error message we know how to explain.
    try:
        return yaml.load(text, Loader=_PyLoader)  # noqa: S506 - derives from SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        if exc.context and "quoted scalar" in exc.context and exc.context_mark:
            mark = exc.context_mark  # point at the opening quote, not the end of the file
            problem = "a quoted text is never closed"
        line = mark.line + 1 if mark else 1
        if "found character '\\t'" in problem or "\t" in problem:
            problem = "a tab character is used for indentation"
        raise YamlError(line, f"{problem}; {_hint(problem, text, line)}") from None
    except yaml.YAMLError as exc:  # pragma: no cover - other YAML errors carry no mark
        raise YamlError(1, f"invalid YAML: {exc}") from None
