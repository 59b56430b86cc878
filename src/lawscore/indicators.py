"""Declared indicators: load `checklists/indicators/*.yaml` and check it against indicators.schema.json.

Supervisors compare jurisdictions by a handful of figures (出庭应诉率, 纠错率, 败诉率, 行政复议案件数 …).
Each file declares them as data: how reports name each one, its unit, its outline section and,
where a source supports one, a target. figures.py reads them from a report; authoring.py checks
each declaration's example sentences.
"""
from __future__ import annotations

import functools
import json
from importlib import resources
from pathlib import Path

from . import schema_problems
from .errors import ChecklistError, Problem
from .model import Indicator, Name, Target
from .schema_problems import terms
from .yamlload import LineDict, YamlError, load_yaml, read_text

FOLDER = "indicators"  # inside the checklists folder: checklists/indicators/*.yaml


@functools.lru_cache(maxsize=1)
def schema() -> dict:
    text = resources.files("lawscore").joinpath("indicators.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def discover(checklists_folder: Path | str) -> list[Path]:
    """The indicator files of a checklists folder (its `indicators/` subfolder), sorted."""
    folder = Path(checklists_folder) / FOLDER
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.y*ml") if p.suffix in (".yaml", ".yml") and p.is_file())  # not a FIFO


def _name(entry, whole: bool = False) -> Name:
    if isinstance(entry, str):
        return Name(entry, whole=whole)
    return Name(str(entry["term"]), terms(entry.get("clause_has")), terms(entry.get("sentence_has")),
                terms(entry.get("clause_lacks")), whole=whole)


def parse(text: str, path: str) -> tuple[tuple[Indicator, ...], list[Problem]]:
    """The indicators declared in one file's text, and every problem found in it."""
    try:
        data = load_yaml(text)
    except YamlError as exc:
        return (), [Problem(path, exc.line, "", exc.message)]
    if not isinstance(data, LineDict):
        return (), [Problem(path, getattr(data, "line", 1), "",
                            "指标文件应写成“字段: 值”的映射; 请以 id:、title: 和 indicators: 开头")]

    def in_words(error, where: str) -> str | None:
        if error.validator != "anyOf":
            return None
        said = "名称应是一段文字,或含 term(及 clause_has、sentence_has)的映射; 请写成其中一种"
        return f"{where}: {said}" if where else said

    problems = schema_problems.problems(data, schema(), path, "indicators", in_words)
    if problems:
        return (), problems

    out: list[Indicator] = []
    seen: dict[str, int] = {}
    for raw in data["indicators"]:
        ind_id, line = str(raw["id"]), raw.line
        if ind_id in seen:
            problems.append(Problem(path, line, ind_id, f"id 重复(第 {seen[ind_id]} 行已用过); 每个指标用自己的 id"))
        seen.setdefault(ind_id, line)
        section = raw.get("section")
        if section is not None and not 4 <= section <= 35:
            problems.append(Problem(path, raw.line_of("section"), ind_id,
                                    f"section {section} 不是2021—2025纲要中的工作节; 请写 4 到 35"))
        names = [_name(entry) for entry in raw["names"]]
        whole = [_name(entry, whole=True) for entry in raw.get("whole") or ()]
        unit = str(raw["unit"])
        if whole and unit != "%":
            problems.append(Problem(path, raw.line_of("whole"), ind_id,
                                    f'whole: 只有比率才把“全覆盖”读作100%,而单位是 "{unit}"; 请删掉 whole,或把单位改为 "%"'))
        names.extend(whole)
        target = None
        if "target" in raw:
            traw = raw["target"]
            lo, hi = traw.get("min"), traw.get("max")
            if lo is None and hi is None:
                problems.append(Problem(path, raw.line_of("target"), ind_id, "target: 请写 min、max 或两者; 或删掉 target"))
            elif lo is not None and hi is not None and lo > hi:
                problems.append(Problem(path, raw.line_of("target"), ind_id, f"target: min {lo} 大于 max {hi}; 请交换两者"))
            elif unit == "%" and any(v is not None and not 0 <= v <= 100 for v in (lo, hi)):
                problems.append(Problem(path, raw.line_of("target"), ind_id, "target: 比率应在 0 到 100 之间; 请改正数字"))
            target = Target(None if lo is None else float(lo), None if hi is None else float(hi), str(traw["source"]))
        # Which way is better: as written, else as the target points (不低于 → higher), else neither.
        better = str(raw.get("better") or "") or (
            "higher" if target and target.max is None else "lower" if target and target.min is None else "")
        examples = tuple((str(e["text"]), None if e["value"] is None else float(e["value"])) for e in raw["examples"])
        out.append(Indicator(
            id=ind_id, name=str(raw["name"]), unit=unit, section=section, names=tuple(names), target=target,
            note=str(raw.get("note", "")).strip(), examples=examples, path=path, line=line, better=better,
        ))
    return (tuple(out) if not problems else ()), problems


def load_files(paths: list[Path]) -> tuple[Indicator, ...]:
    """Every indicator declared in `paths`; raise ChecklistError listing every problem."""
    problems: list[Problem] = []
    found: list[Indicator] = []
    for path in paths:
        shown = str(path)
        try:
            text = read_text(path)  # a regular file of at most 2 MB (issue 22)
        except YamlError as exc:
            problems.append(Problem(shown, 0, "", exc.message))
            continue
        except UnicodeDecodeError:
            problems.append(Problem(shown, 0, "", "文件不是 UTF-8 文本; 请另存为 UTF-8"))
            continue
        except OSError as exc:
            problems.append(Problem(shown, 0, "", f"无法读取文件({exc.strerror or exc}); 请检查路径和权限"))
            continue
        indicators, found_problems = parse(text, shown)
        problems.extend(found_problems)
        found.extend(indicators)
    first: dict[str, Indicator] = {}
    for ind in found:
        if ind.id in first:
            problems.append(Problem(ind.path, ind.line, ind.id,
                                    f"id 已在 {first[ind.id].path}:{first[ind.id].line} 声明过; 每个指标用自己的 id"))
        first.setdefault(ind.id, ind)
    if problems:
        raise ChecklistError(problems)
    return tuple(found)


def load(checklists_folder: Path | str) -> tuple[Indicator, ...]:
    """The indicators declared in a checklists folder (none when it has no indicators/ subfolder)."""
    return load_files(discover(checklists_folder))


def is_indicator_file(path: Path | str) -> bool:
    """Whether `lawscore validate` should read this file as indicator declarations."""
    return Path(path).parent.name == FOLDER
