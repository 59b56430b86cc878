"""What a JSON Schema finds wrong in a YAML file a user writes (a checklist, an indicators file,
a concept vocabulary), said as Problems: file:line, the entry, where in it, what is wrong and how
to fix it. The one place both loaders (checklist.py, indicators.py) report schema problems from.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from .errors import Problem
from .yamlload import LineDict, LineList


def line_at(data, path) -> int:
    """The line of the deepest node on `path` that remembers one."""
    line = getattr(data, "line", 1)
    node = data
    for key in path:
        if isinstance(node, LineDict):
            line = node.line_of(key)
            node = node.get(key)
        elif isinstance(node, LineList) and isinstance(key, int) and key < len(node):
            line = node.item_lines[key]
            node = node[key]
        else:
            break
    return line


def entry_id_at(data, path, entries: str) -> str:
    """The id of the entry of the list `entries` ("items", "indicators") that `path` is inside;
    "" when it is inside none."""
    path = list(path)
    if len(path) >= 2 and path[0] == entries and isinstance(path[1], int):
        found = data.get(entries) if isinstance(data, dict) else None
        if isinstance(found, list) and path[1] < len(found) and isinstance(found[path[1]], dict):
            return str(found[path[1]].get("id", f"{entries}[{path[1]}]"))
        return f"{entries}[{path[1]}]"
    return ""


def where(path, entries: str) -> str:
    """A readable location inside an entry of `entries`, e.g. patterns[1].any_of."""
    parts = list(path)[2:] if len(path) >= 2 and path[0] == entries else list(path)
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


SHOWN_CHARS = 40  # of a wrong value quoted in an error: enough to find it, never a file's content


def shown(value, quoted: bool = True) -> str:
    """`value` as an error quotes it, cut to SHOWN_CHARS characters."""
    text = json.dumps(value, ensure_ascii=False) if quoted else str(value)
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"


# The schema's types, as an author reads them.
TYPE_WORDS = {"number": "数字", "integer": "整数", "string": "文字", "array": "列表",
              "object": "“字段: 值”的映射", "boolean": "true 或 false", "null": "空"}


def _bounds(spec: dict) -> str:
    """The range a number schema allows, in words: 大于 0、不超过 10."""
    parts = []
    if "exclusiveMinimum" in spec:
        parts.append(f"大于 {spec['exclusiveMinimum']}")
    if "minimum" in spec:
        parts.append(f"不小于 {spec['minimum']}")
    if "exclusiveMaximum" in spec:
        parts.append(f"小于 {spec['exclusiveMaximum']}")
    if "maximum" in spec:
        parts.append(f"不超过 {spec['maximum']}")
    return "、".join(parts)


def message(error) -> str:
    """Turn a jsonschema error into what is wrong and how to fix it."""
    v = error.validator
    if v == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = sorted(set(error.instance) - set(allowed)) if isinstance(error.instance, dict) else []
        names = ", ".join(f'"{e}"' for e in extra)
        return f"未知字段 {names}; 请用其中之一: {', '.join(allowed)}"
    if v == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        return f'缺少字段 "{missing[0] if missing else error.message}"; 请补上'
    if v == "type":
        wanted = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        words = "或".join(TYPE_WORDS.get(str(t), str(t)) for t in wanted if t != "null")
        empty = ",或不写这一项" if "null" in wanted else ""
        return f"{shown(error.instance)} 不是{words}; 这里请写{words}{empty}"
    if v == "enum":
        return f"不允许 {shown(error.instance)}; 请用其中之一: {', '.join(map(str, error.validator_value))}"
    if v == "pattern":
        return f'"{shown(error.instance, quoted=False)}" 含有不允许的字符; 只用字母、数字、"-"、"." 或 "_"'
    if v in ("minItems", "minLength"):
        return "是空的; 至少写一项"
    if v in ("minimum", "maximum") and "minimum" in error.schema and "maximum" in error.schema:
        return f"{shown(error.instance)} 超出范围; 请用 {error.schema['minimum']}-{error.schema['maximum']}"
    if v in ("exclusiveMinimum", "minimum", "maximum"):
        return f"{shown(error.instance)} 超出范围; 请用{_bounds(error.schema)} 的数"
    if v == "oneOf":
        return "每一项应是一个词,或方括号里的一组词(如 [纠错, 调解]); 请改正"
    if v == "anyOf" and isinstance(error.instance, dict) and ("title" in error.instance or "weight" in error.instance):
        missing = [k for k in ("patterns", "examples") if k not in error.instance]
        return f'缺少字段 "{missing[0] if missing else "patterns"}"; 请补上(检查发布日期的条目写 check: on_time)'
    if v == "anyOf":
        return "模式需要 any_of 或 all_of; 请写上它要找的词"
    return f"{shown(error.instance)} 不符合要求; 请对照 docs/checklist-fields.md 中这个字段的说明改正"


def terms(value) -> tuple[str, ...]:
    """A YAML list of words as a tuple of texts."""
    return tuple(str(v) for v in value or ())


Custom = Callable[[Any, str], "str | None"]  # (error, where) -> a message of its own, or None


def problems(data: LineDict, schema: dict, path: str, entries: str, custom: Custom | None = None) -> list[Problem]:
    """Every problem the JSON `schema` finds in `data` read from `path`, in order of place. A
    problem inside an entry of the list `entries` names the entry's id and its place in it
    (`patterns[0].regex: …`); `custom(error, where)` may say a problem in words of its own."""
    import jsonschema  # only when a file is really parsed (not when the cache has it)

    found: list[Problem] = []
    validator = jsonschema.Draft202012Validator(schema)
    for error in sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]):
        epath = list(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            extra = [k for k in error.instance if k not in error.schema.get("properties", {})]
            if extra:
                epath = epath + [extra[0]]  # the line of the unknown field, not of its mapping
        place = where(error.absolute_path, entries)
        text = custom(error, place) if custom is not None else None
        if text is None:
            text = f"{place}: {message(error)}" if place else message(error)
        found.append(Problem(path, line_at(data, epath), entry_id_at(data, error.absolute_path, entries), text))
    return found
