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
    item_quoted: list  # whether each entry was written in quotes ('…' or "…")


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
    out.item_quoted = [isinstance(child, yaml.ScalarNode) and child.style in ("'", '"') for child in node.value]
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


# PyYAML's words for the mistakes authors make most, in Chinese; others are shown as PyYAML says them.
_PROBLEMS = (
    ("mapping values are not allowed here", "这里不能出现“: ”"),
    ("could not find expected ':'", "找不到应有的冒号“:”"),
    ("did not find expected key", "缺少应有的字段名(可能是缩进不对)"),
    ("did not find expected '-' indicator", "缺少列表项的“- ”(可能是缩进不对)"),
    ("did not find expected ',' or ']'", "方括号 [...] 里缺少“,”或结尾的“]”"),
    ("did not find expected ',' or '}'", "花括号 {...} 里缺少“,”或结尾的“}”"),
)


def _chinese(problem: str) -> str:
    for english, chinese in _PROBLEMS:
        if problem.startswith(english):
            return chinese
    if problem.startswith("duplicate key"):
        return "字段重复: " + problem[len("duplicate key"):].strip()
    return problem


def _hint(problem: str, text: str, line: int) -> str:
    source_line = text.splitlines()[line - 1] if 0 < line <= len(text.splitlines()) else ""
    if "\t" in source_line[: len(source_line) - len(source_line.lstrip())] or "found character '\\t'" in problem:
        return "用空格缩进,不要用制表符(Tab)"
    if "引号没有结束" in problem or "quoted scalar" in problem or "end of the stream" in problem:
        return "把这一行开头的引号补上结尾"
    if "mapping values are not allowed" in problem:
        return "含有 ': ' 的文字请加引号"
    if "duplicate key" in problem:
        return "删去或改名两个同名字段中的一个"
    return "请检查这一行的缩进和引号"


# Full-width characters typed with a Chinese input method where YAML needs ASCII: a colon
# after a field name (title：…) and a full-width space (U+3000) in the indentation or after the
# colon. YAML reads them as text, so its own error, if any, names another line and no character.
_FULLWIDTH_COLON = re.compile(r"^[ \u3000]*(?:-[ \u3000]+)?[A-Za-z_][A-Za-z0-9_]*[ \u3000]*：")
_FULLWIDTH_SPACE = re.compile(r"^[ ]*\u3000|^[ \u3000]*(?:-[ \u3000]+)?[A-Za-z_][A-Za-z0-9_]*:\u3000|^[ ]*-\u3000")


def fullwidth_syntax(text: str) -> YamlError | None:
    """The first line where a full-width colon or space stands in YAML syntax, or None."""
    for n, line in enumerate(text.splitlines(), 1):
        if line.lstrip(" ").startswith("#"):
            continue
        if _FULLWIDTH_COLON.match(line):
            return YamlError(n, "字段名后用了全角冒号“：”,YAML 不认; 改成英文冒号加空格 \": \"")
        if _FULLWIDTH_SPACE.match(line):
            return YamlError(n, "YAML 的缩进或冒号后用了全角空格(U+3000); 改成半角空格")
    return None


def load_yaml(text: str):
    """Parse YAML text; raise YamlError with a 1-based line and a fix on bad syntax."""
    wrong = fullwidth_syntax(text)
    if wrong is not None:
        raise wrong
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
            problem = "引号没有结束"
        line = mark.line + 1 if mark else 1
        if "found character '\\t'" in problem or "\t" in problem:
            problem = "缩进里用了制表符(Tab)"
        raise YamlError(line, f"{_chinese(problem)}; {_hint(problem, text, line)}") from None
    except yaml.YAMLError as exc:  # pragma: no cover - other YAML errors carry no mark
        raise YamlError(1, f"YAML 格式错误: {exc}") from None
