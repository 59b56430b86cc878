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

from .errors import ChecklistError, Problem
from .model import Indicator, Name, Target
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


def _where(path) -> str:
    parts = list(path)[2:] if len(path) >= 2 and path[0] == "indicators" else list(path)
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


def _id_at(data, path) -> str:
    path = list(path)
    if len(path) >= 2 and path[0] == "indicators" and isinstance(path[1], int):
        entries = data.get("indicators")
        if isinstance(entries, list) and path[1] < len(entries) and isinstance(entries[path[1]], dict):
            return str(entries[path[1]].get("id", f"indicators[{path[1]}]"))
        return f"indicators[{path[1]}]"
    return ""


def _terms(value) -> tuple[str, ...]:
    return tuple(str(v) for v in value or ())


def _name(entry, whole: bool = False) -> Name:
    if isinstance(entry, str):
        return Name(entry, whole=whole)
    return Name(str(entry["term"]), _terms(entry.get("clause_has")), _terms(entry.get("sentence_has")),
                _terms(entry.get("clause_lacks")), whole=whole)


def parse(text: str, path: str) -> tuple[tuple[Indicator, ...], list[Problem]]:
    """The indicators declared in one file's text, and every problem found in it."""
    from . import checklist as checklist_mod

    try:
        data = load_yaml(text)
    except YamlError as exc:
        return (), [Problem(path, exc.line, "", exc.message)]
    if not isinstance(data, LineDict):
        return (), [Problem(path, getattr(data, "line", 1), "",
                            "an indicators file must be a mapping of field: value; start with 'id:', 'title:' and 'indicators:'")]
    import jsonschema

    problems: list[Problem] = []
    validator = jsonschema.Draft202012Validator(schema())
    for error in sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]):
        epath = list(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            extra = [k for k in error.instance if k not in error.schema.get("properties", {})]
            if extra:
                epath = epath + [extra[0]]
        message = checklist_mod._schema_message(error)
        if error.validator == "anyOf":
            message = "a name is a text or a mapping with term (and clause_has, sentence_has); write one of those"
        where = _where(error.absolute_path)
        problems.append(Problem(path, checklist_mod._line_at(data, epath), _id_at(data, error.absolute_path),
                                f"{where}: {message}" if where else message))
    if problems:
        return (), problems

    out: list[Indicator] = []
    seen: dict[str, int] = {}
    for raw in data["indicators"]:
        ind_id, line = str(raw["id"]), raw.line
        if ind_id in seen:
            problems.append(Problem(path, line, ind_id, f"duplicate id (first used on line {seen[ind_id]}); give each indicator its own id"))
        seen.setdefault(ind_id, line)
        section = raw.get("section")
        if section is not None and not 4 <= section <= 35:
            problems.append(Problem(path, raw.line_of("section"), ind_id,
                                    f"section {section} is not a work section of the 2021-2025 outline; use 4-35"))
        names = [_name(entry) for entry in raw["names"]]
        whole = [_name(entry, whole=True) for entry in raw.get("whole") or ()]
        unit = str(raw["unit"])
        if whole and unit != "%":
            problems.append(Problem(path, raw.line_of("whole"), ind_id,
                                    f'whole: only a rate reads 全覆盖 as 100%, and this unit is "{unit}"; remove whole or use unit "%"'))
        names.extend(whole)
        target = None
        if "target" in raw:
            traw = raw["target"]
            lo, hi = traw.get("min"), traw.get("max")
            if lo is None and hi is None:
                problems.append(Problem(path, raw.line_of("target"), ind_id, "target: give min, max or both; or remove target"))
            elif lo is not None and hi is not None and lo > hi:
                problems.append(Problem(path, raw.line_of("target"), ind_id, f"target: min {lo} is above max {hi}; swap them"))
            elif unit == "%" and any(v is not None and not 0 <= v <= 100 for v in (lo, hi)):
                problems.append(Problem(path, raw.line_of("target"), ind_id, "target: a rate lies between 0 and 100; fix the number"))
            target = Target(None if lo is None else float(lo), None if hi is None else float(hi), str(traw["source"]))
        examples = tuple((str(e["text"]), None if e["value"] is None else float(e["value"])) for e in raw["examples"])
        out.append(Indicator(
            id=ind_id, name=str(raw["name"]), unit=unit, section=section, names=tuple(names), target=target,
            note=str(raw.get("note", "")).strip(), examples=examples, path=path, line=line,
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
            problems.append(Problem(shown, 0, "", "the file is not UTF-8 text; save it as UTF-8"))
            continue
        except OSError as exc:
            problems.append(Problem(shown, 0, "", f"cannot read the file ({exc.strerror or exc})"))
            continue
        indicators, found_problems = parse(text, shown)
        problems.extend(found_problems)
        found.extend(indicators)
    first: dict[str, Indicator] = {}
    for ind in found:
        if ind.id in first:
            problems.append(Problem(ind.path, ind.line, ind.id,
                                    f"id already declared in {first[ind.id].path}:{first[ind.id].line}; give each indicator its own id"))
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
