"""Generate the checklist field reference (docs/checklist-fields.md) from the JSON Schema.

The schema is the one source of truth for what a checklist may contain; the authors' guide
includes this generated table, and a test fails when the checked-in page is out of date.

    python -m lawscore.schemadoc > docs/checklist-fields.md
"""
from __future__ import annotations

from typing import Any

from . import checklist, concepts
from .schema_problems import TYPE_WORDS

_TYPES: dict[str, str] = {**TYPE_WORDS, "boolean": "true/false", "object": "映射"}


def _range(spec: dict) -> str:
    """The allowed numbers as the schema gives them (minimum/maximum), e.g. " 4–35"."""
    if "minimum" in spec and "maximum" in spec:
        return f" {spec['minimum']}–{spec['maximum']}"
    return ""


def _type(spec: dict) -> str:
    """The field's type in words, with its range when the schema gives one."""
    base = _base_type(spec)
    if spec.get("type") == "array":
        bounds = _range(spec.get("items", {}))
        return f"{base}(每项{bounds.strip()})" if bounds else base
    nullable = "(可为空)"
    if base.endswith(nullable):
        return base[: -len(nullable)] + _range(spec) + nullable
    return base + _range(spec)


def _base_type(spec: dict) -> str:
    if "enum" in spec:
        return " / ".join(f"`{v}`" for v in spec["enum"] if v is not None)
    if "oneOf" in spec:
        return "文字或文字列表"
    t: Any = spec.get("type")
    if isinstance(t, list):
        return "或".join(str(_TYPES.get(x, x)) for x in t if x != "null") + ("(可为空)" if "null" in t else "")
    if t == "array":
        inner = spec.get("items", {})
        if "enum" in inner:
            return "列表:" + " / ".join(f"`{v}`" for v in inner["enum"])
        if "$ref" in inner:
            return "列表(见下表)"
        return f"{_TYPES.get(inner.get('type'), '')}列表"
    if "$ref" in spec:
        return "列表" if "terms" in spec["$ref"] else "见下表"
    return _TYPES.get(t, t) if t else ""


def _table(title: str, spec: dict) -> list[str]:
    required = set(spec.get("required", []))
    lines = [f"## {title}", "", spec.get("description", ""), "",
             "| 字段 | 类型 | 必填 | 说明 |", "|---|---|---|---|"]
    for name, field in spec["properties"].items():
        desc = field.get("description", "")
        if "$ref" in field and not desc:
            desc = "见下表" if "terms" not in field["$ref"] else "词语列表"
        lines.append(f"| `{name}` | {_type(field)} | {'是' if name in required else ''} | {desc} |")
    return lines + [""]


def render() -> str:
    s = checklist.schema()
    lines = ["# 检查清单字段参考", "",
             "本页由 `python -m lawscore.schemadoc` 根据 `src/lawscore/checklist.schema.json` 生成,"
             "请勿手工修改;修改 schema 后重新生成(测试会检查两者一致)。", ""]
    lines += _table("清单(文件顶层)", s)
    lines += _table("条目(items 中的每一项)", s["$defs"]["item"])
    lines += _table("证据模式(patterns 中的每一项)", s["$defs"]["pattern"])
    vocabulary = concepts.schema()
    lines += ["以下两表是概念词表(`checklists/concepts/*.yaml`,由 `src/lawscore/concepts.schema.json` 生成)。", ""]
    lines += _table("概念词表(文件顶层)", vocabulary)
    lines += _table("概念(concepts 中的每一项,键是概念名)", vocabulary["$defs"]["concept"])
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":  # pragma: no cover
    import sys

    sys.stdout.write(render())
