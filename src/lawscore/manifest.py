"""`manifest.yaml` in a report folder: fields given by hand per file name (jurisdiction, level,
year, published), which override what metadata extraction found.

Every command that scores a report reads it the same way: `overrides_for(path)` for one file,
`read_manifest(folder)` for a folder, `apply(meta, fields)` on the extracted metadata.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from . import labels, metadata
from .errors import ReportError
from .model import Metadata
from .yamlload import LineDict, YamlError, load_yaml, read_text

MANIFEST = "manifest.yaml"
FIELDS = ("jurisdiction", "level", "year", "published")


def read_manifest(folder: Path) -> dict[str, dict]:
    """Overrides from `manifest.yaml` in a report folder: {file name: {field: value}}."""
    path = folder / MANIFEST
    if not path.exists() and not path.is_symlink():
        return {}
    try:
        text = read_text(path)
    except YamlError as exc:
        raise ReportError(f"{path}: {exc.message}") from None
    except UnicodeDecodeError:
        raise ReportError(f"{path}: manifest.yaml 不是 UTF-8 文本; 请另存为 UTF-8") from None
    except OSError as exc:
        raise ReportError(f"{path}: 无法读取 manifest.yaml({exc.strerror or exc}); 请检查它的权限") from None
    try:
        data = load_yaml(text)
    except YamlError as exc:
        raise ReportError(f"{path}:{exc.line}: manifest.yaml 格式错误: {exc.message}") from None
    if not isinstance(data, dict):
        raise ReportError(f"{path}:1: manifest.yaml 应写成“文件名: 字段”的映射; 字段可用 {', '.join(FIELDS)}")
    out = {}
    for name, fields in data.items():
        if not isinstance(fields, LineDict):
            continue
        for key in FIELDS:
            value = fields.get(key)
            kinds = (int,) if key == "year" else (str, int, float)
            if value is not None and (isinstance(value, bool) or not isinstance(value, kinds)):
                want = "四位数的年份(如 2023)" if key == "year" else "一段文字"
                raise ReportError(f"{path}:{fields.line_of(key)}: {name}: {key} 应是{want}; 请改正这一行")
        out[str(name)] = {k: fields[k] for k in FIELDS if k in fields}
        if fields.get("level") is not None:
            code = labels.level_code(str(fields["level"]))
            if code is None:
                raise ReportError(f"{path}:{fields.line_of('level')}: {name}: level 没有“{fields['level']}”这一层级; "
                                  f"请写其中之一: {labels.level_list()},中文或代码均可")
            out[str(name)]["level"] = code
    return out


def apply(meta: Metadata, fields: dict) -> Metadata:
    """`meta` with the manifest's fields for its file; their source becomes "manifest"."""
    if not fields:
        return meta
    changes: dict[str, Any] = {}
    for key, value in fields.items():
        if key == "year" and value is not None:
            value = int(value)
        changes[key] = None if value is None else value if key == "year" else str(value)
    sources = tuple((f, s) for f, s in meta.sources if f not in changes) + tuple((f, "manifest") for f in sorted(changes))
    if "jurisdiction" in changes and "level" not in changes and changes["jurisdiction"]:
        changes["level"] = metadata.level_of(changes["jurisdiction"]) or meta.level
    if "jurisdiction" in changes:
        # The place it groups under: a department's place, else the name the manifest gives.
        changes["unit"] = changes["jurisdiction"] and metadata.unit_of(changes["jurisdiction"])
    return dataclasses.replace(meta, sources=sources, **changes)


def overrides_for(path: Path) -> dict:
    """The manifest fields for one report file, from manifest.yaml beside it ({} when none)."""
    return read_manifest(Path(path).parent).get(Path(path).name, {})
