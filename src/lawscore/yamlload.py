"""Load YAML the way a checklist author means it, keeping line numbers.

PyYAML's SafeLoader follows YAML 1.1: `no` becomes False, `0123` an octal number,
`2024-03-31` a date and `.nan` a number. Checklist authors write Chinese terms, ids and clause numbers; a term
that silently turns into a boolean is a pattern that never matches. Here only `true`/`false`
are booleans, only plain decimal numbers are numbers, and nothing becomes a date.
Every mapping remembers the line of each of its keys so errors can say where they are.

Aliases (*name) are expanded only within a small budget (ALIAS_BUDGET values), and nesting
only to MAX_DEPTH levels: a 1 KB file of aliases of aliases (a "billion laughs") would
otherwise expand to gigabytes in whatever walks the data. Both are refused before anything is
built, with the line where it happens.
"""
from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

import yaml

from . import yamlhints


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
    # whether each entry of a [...] list is glued to the next by a bare "," (a,b: no space, no
    # quotes): where a Chinese sentence with a half-width comma was cut in two
    item_glued: list


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
            if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:int",
                           "tag:yaml.org,2002:float")
        ]
        if kept:
            loader.yaml_implicit_resolvers[first] = kept
    loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))
    # Plain decimals only: .nan and .inf are no weight (NaN passes every comparison of the
    # schema's range), and 1:30.5 is no sexagesimal number to an author.
    loader.add_implicit_resolver(
        "tag:yaml.org,2002:float", re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"),
        list("-+0123456789."))
    loader.add_implicit_resolver(
        "tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?(?:0|[1-9][0-9]*))$"), list("-+0123456789")
    )


class YamlError(Exception):
    """A YAML syntax error with the line it happened on and a hint."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


ALIAS_BUDGET = 10_000  # values an alias may add to a document, over all its aliases
MAX_DEPTH = 100  # levels of nesting; a checklist has five or six


def check_expansion(root: yaml.Node, budget: int = ALIAS_BUDGET, max_depth: int = MAX_DEPTH) -> None:
    """Raise YamlError when the aliases of the document `root` would add more than `budget`
    values to it, when an alias refers to the collection it is in, or when it nests deeper
    than `max_depth`. Walks each node once (no recursion), counting what an alias repeats
    without expanding it."""
    size: dict[int, int] = {}  # values under a node, aliases expanded; set when done
    claimed: set[int] = set()  # nodes met once already: met again, they are an alias
    extra = 0
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    open_nodes: set[int] = set()
    while stack:
        node, children_done = stack.pop()
        kids = _children(node)
        if children_done:
            open_nodes.discard(id(node))
            total = 1
            for kid in kids:
                total += size[id(kid)]
                if id(kid) in claimed:
                    extra += size[id(kid)]
                    if extra > budget:
                        raise YamlError(node.start_mark.line + 1,
                                        f"别名(*)重复引用的内容太多: 展开后超过 {budget} 个值; "
                                        "请直接写出内容,或少用别名(&锚点 / *别名)")
                else:
                    claimed.add(id(kid))
            size[id(node)] = total
            continue
        if id(node) in size:
            continue
        if len(open_nodes) >= max_depth:
            raise YamlError(node.start_mark.line + 1, f"嵌套超过 {max_depth} 层; 请减少缩进层次或括号的嵌套")
        open_nodes.add(id(node))
        stack.append((node, True))
        for kid in reversed(kids):
            if id(kid) in open_nodes:
                raise YamlError(kid.start_mark.line + 1, "别名(*)引用了包含它自己的内容,展开永无止境; 请删去这个别名")
            if id(kid) not in size:
                stack.append((kid, False))


def _children(node: yaml.Node) -> list:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def _construct_document(loader: Any, node: yaml.Node) -> Any:
    check_expansion(node)
    return yaml.constructor.BaseConstructor.construct_document(loader, node)


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
    out.item_glued = [bool(node.flow_style) and _plain(child) and _plain(after)
                      and after.start_mark.index - child.end_mark.index == 1
                      for child, after in zip(node.value, node.value[1:])] + [False] * bool(node.value)
    return out


def _plain(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and not node.style


for _loader in (_Loader, _PyLoader):
    _loader.construct_document = _construct_document  # type: ignore[method-assign]
    _set_resolvers(_loader)
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)




# PyYAML's words for the mistakes authors make most, in Chinese; others are shown as PyYAML says them.
_PROBLEMS = (
    ("mapping values are not allowed here", "这里不能出现“: ”"),
    ("could not find expected ':'", "找不到应有的冒号“:”"),
    ("did not find expected key", "缺少应有的字段名(可能是缩进不对)"),
    ("did not find expected '-' indicator", "缺少列表项的“- ”(可能是缩进不对)"),
    ("did not find expected ',' or ']'", "方括号 [...] 里缺少“,”或结尾的“]”"),
    ("did not find expected ',' or '}'", "花括号 {...} 里缺少“,”或结尾的“}”"),
    ("expected <block end>", "这一行的位置不对(可能是缩进不对)"),
)


def _chinese(problem: str) -> str:
    for english, chinese in _PROBLEMS:
        if problem.startswith(english):
            return chinese
    if problem.startswith("duplicate key"):
        return "字段重复: " + problem[len("duplicate key"):].strip()
    return "YAML 读不懂这一行"  # PyYAML's own words are English and name no fix


def _hint(problem: str) -> str:
    if "duplicate key" in problem:
        return "删去或改名两个同名字段中的一个"
    return "请检查这一行的缩进、冒号和引号"


def fullwidth_syntax(text: str) -> YamlError | None:
    """The first line where a mistake YAML would not name (a full-width colon, space, dash or
    bracket, a missing space after "-" or ":") stands, or None: see yamlhints."""
    found = yamlhints.before_parse(text)
    return None if found is None else YamlError(found.line, found.message)


MAX_BYTES = 2 * 1024 * 1024  # a YAML file lawscore reads; the largest bundled checklist is 122 KB


def read_text(path: Path | str, limit: int = MAX_BYTES) -> str:
    """The text of the YAML file `path`, read only when it is a regular file of at most `limit`
    bytes: a FIFO named *.yaml would block the read forever, and a 10 MB file is no checklist
    (its parse and checks would run for minutes). Raises YamlError (line 0) for those,
    OSError when it cannot be read and UnicodeDecodeError when it is not UTF-8."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # opening a FIFO for reading must not wait
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise YamlError(0, "不是普通文件(可能是管道、设备或文件夹),没有读取; 请换成普通的 YAML 文件")
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise YamlError(0, f"文件超过 {limit // (1024 * 1024)} MB,没有读取; 清单、manifest.yaml 和 reviews.yaml "
                           "不会这么大,请检查是否选错了文件,或把它拆成几个文件")
    return data.decode("utf-8")


def load_yaml(text: str):
    """Parse YAML text; raise YamlError with a 1-based line and a fix on bad syntax."""
    wrong = fullwidth_syntax(text)
    if wrong is not None:
        raise wrong
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader derives from (C)SafeLoader
    except yaml.MarkedYAMLError as exc:
        if "maximum nesting depth" in str(exc.problem):  # libyaml's limit: the Python parser would recurse
            line = exc.problem_mark.line + 1 if exc.problem_mark else 1
            raise YamlError(line, f"嵌套超过 {MAX_DEPTH} 层; 请减少缩进层次或括号的嵌套") from None
    except yaml.YAMLError:
        pass
    # Parse again with the Python parser for an error message we know how to explain.
    try:
        return yaml.load(text, Loader=_PyLoader)  # noqa: S506 - derives from SafeLoader
    except RecursionError:
        raise YamlError(1, f"嵌套超过 {MAX_DEPTH} 层; 请减少缩进层次或括号的嵌套") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        line = mark.line + 1 if mark else 1
        context_line = exc.context_mark.line + 1 if exc.context_mark else line
        if "found character '\\t'" in problem or "\t" in problem:
            raise YamlError(line, "缩进里用了制表符(Tab); 用空格缩进,不要用制表符(Tab)") from None
        found = yamlhints.explain(problem, line, mark.column if mark else 0, exc.context or "", context_line, text)
        if found is not None:
            raise YamlError(found.line, found.message) from None
        raise YamlError(line, f"{_chinese(problem)}; {_hint(problem)}") from None
    except yaml.YAMLError as exc:  # pragma: no cover - other YAML errors carry no mark
        raise YamlError(1, f"YAML 格式错误: {exc}") from None
