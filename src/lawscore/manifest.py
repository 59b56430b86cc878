"""`manifest.yaml` in a report folder: fields given by hand per file name (jurisdiction, level,
year, published), which override what metadata extraction found; and, under `letter:`, who
sends the follow-up lists (追问清单) of the folder's reports and how to reply (office, contact,
deadline).

Every command that scores a report reads it the same way: `overrides_for(path)` for one file,
`read_manifest(folder)` for a folder, `apply(meta, fields)` on the extracted metadata;
`letter_for(source)` gives a report's letter settings to the Word export.
"""
from __future__ import annotations

import dataclasses
import functools
import re
from datetime import date
from pathlib import Path
from typing import Any

from . import labels, metadata
from .errors import ReportError
from .model import LetterSettings, Metadata
from .yamlload import LineDict, YamlError, load_yaml, read_text

MANIFEST = "manifest.yaml"
FIELDS = ("jurisdiction", "level", "year", "published")
LETTER = "letter"  # the entry for the folder's follow-up lists; no report file is named so
LETTER_FIELDS = {"office": "落款单位", "contact": "联系人和电话", "deadline": "回复期限"}
MAX_DAYS = 365  # a deadline in working days beyond this is a typo for a date


def read_manifest(folder: Path) -> dict[str, dict]:
    """Overrides from `manifest.yaml` in a report folder: {file name: {field: value}}. Its
    `letter:` entry is checked too (see letter_settings), so that evaluate reports a mistake in
    it before any report is scored."""
    return _read(folder)[0]


def letter_settings(folder: Path) -> LetterSettings:
    """The `letter:` entry of `manifest.yaml` in a report folder (empty settings when none)."""
    return _read(folder)[1]


@functools.lru_cache(maxsize=64)
def _letter_of_folder(folder: str, version: tuple[int, int] | None) -> LetterSettings:
    try:
        return letter_settings(Path(folder))
    except ReportError:  # reported once, as the manifest's own entry, when the batch was planned
        return LetterSettings()


def letter_for(source: str) -> LetterSettings:
    """The letter settings of a scored report, from the manifest of its folder (of its archive's
    folder for a member, a.zip!b.txt); read once per folder and process, again when the file
    changes (`lawscore serve` scores again in the same process)."""
    path = Path(source)
    archive, bang, _ = source.partition("!")
    if bang and Path(archive).is_file():
        path = Path(archive)
    try:
        st = (path.parent / MANIFEST).stat()
        version: tuple[int, int] | None = (st.st_mtime_ns, st.st_size)
    except OSError:
        version = None
    return _letter_of_folder(str(path.parent), version)


def _read(folder: Path) -> tuple[dict[str, dict], LetterSettings]:
    path = folder / MANIFEST
    if not path.exists() and not path.is_symlink():
        return {}, LetterSettings()
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
    letter = LetterSettings()
    for name, fields in data.items():
        if name == LETTER:
            letter = _letter(path, data, fields)
            continue
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
    return out, letter


def _letter(path: Path, data: dict, fields: object) -> LetterSettings:
    """The `letter:` entry, checked: office and contact are text, deadline a date or a number of
    working days; every mistake names the line and the fix."""
    known = "、".join(f"{k}({v})" for k, v in LETTER_FIELDS.items())
    if not isinstance(fields, LineDict):
        line = data.line_of(LETTER) if isinstance(data, LineDict) else 1
        raise ReportError(f"{path}:{line}: {LETTER} 应写成“字段: 值”的映射; 可用的字段: {known}")
    for key in fields:
        if key not in LETTER_FIELDS:
            raise ReportError(f"{path}:{fields.line_of(key)}: {LETTER}: 没有 {key} 这个字段; 可用的字段: {known}")
    texts = {}
    for key in ("office", "contact"):
        value = fields.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, (str, int)) or not str(value).strip()):
            raise ReportError(f"{path}:{fields.line_of(key)}: {LETTER}: {key}({LETTER_FIELDS[key]})应是一段文字,"
                              f"如{_EXAMPLES[key]}; 请改正这一行")
        texts[key] = "" if value is None else " ".join(str(value).split())
    deadline = fields.get("deadline")
    return LetterSettings(office=texts["office"], contact=texts["contact"],
                          deadline=None if deadline is None else _deadline(path, fields.line_of("deadline"), deadline))


_EXAMPLES = {"office": "“XX市法治政府建设领导小组办公室”", "contact": "“张某某，0571-87000000”"}
_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})-(\d{1,2})|年(\d{1,2})月(\d{1,2})日)")


def _deadline(path: Path, line: int, value: object) -> date | int:
    """A reply deadline: a day (2027-01-15 or 2027年1月15日) or working days after receipt (15)."""
    fix = "请写回复截止日期(如 2027-01-15)或收到清单后的工作日天数(如 15)"
    if isinstance(value, int) and not isinstance(value, bool):
        if 1 <= value <= MAX_DAYS:
            return value
        raise ReportError(f"{path}:{line}: {LETTER}: deadline 的天数 {value} 应在 1 到 {MAX_DAYS} 之间; {fix}")
    found = _DATE.fullmatch(str(value).strip()) if isinstance(value, str) else None
    if found is None:
        raise ReportError(f"{path}:{line}: {LETTER}: deadline “{value}”不是日期或天数; {fix}")
    year, month, day = (int(g) for g in found.groups() if g is not None)
    try:
        return date(year, month, day)
    except ValueError:
        raise ReportError(f"{path}:{line}: {LETTER}: deadline “{value}”不是存在的日期; {fix}") from None


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
