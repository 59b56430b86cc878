"""Load the checklists a run scores with: every checklist in a folder and the `--checklist`
override (an id or a file), as one ChecklistSet, cached between runs.

The cache (JSON, never a pickle: see cache.py, which also says where it is kept) is keyed by
everything a loaded ChecklistSet depends on: the package version, every .py and .json file of the
package (code and schemas), and every file a checklist can reach: the YAML files of the
checklists folder and of its subfolders (the concept vocabulary, concepts/, among them), and of
the folder of a `--checklist` file and its concepts/ (a checklist extends only checklists of its
own folder: checklist.find). A change to any of them is seen on the next run.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from . import cache as cache_mod
from . import checklist as checklist_mod
from . import concepts
from . import indicators as indicators_mod
from .errors import ChecklistError, Problem
from .model import Checklist, Indicator


@dataclass(frozen=True)
class ChecklistSet:
    """Everything a worker needs to score reports: the checklists and any override."""

    checklists: tuple[Checklist, ...]
    override: Checklist | None = None
    # Problems of checklist files in the folder that were left out (a broken draft): the run
    # goes on with the checklists that load, and the command line reports these.
    skipped: tuple[Problem, ...] = ()
    indicators: tuple[Indicator, ...] = ()  # from checklists/indicators/*.yaml


def year_warning(setup: ChecklistSet, chosen: Checklist, year: int | None) -> str | None:
    """A warning when `--checklist` scores a report on items meant for other years, naming
    the report's year and the checklist its year calls for; None when it fits."""
    if setup.override is not chosen or checklist_mod.covers(chosen, year):
        return None
    right = checklist_mod.choose(list(setup.checklists), chosen.kind, year)
    fix = (f"按年度应使用 --checklist {right.id}(或不加 --checklist,自动选择)"
           if right is not None and right.id != chosen.id and checklist_mod.covers(right, year) else "请换用适用于该年度的清单")
    return f"报告年度为{year}年,但按 --checklist {chosen.id} 评分,该清单适用于{years_label(chosen)}的报告;{fix}"


def years_label(checklist: Checklist) -> str:
    """The years a checklist is meant for, in words: 2015—2020年, 2021年及以后, 所有年度."""
    lo, hi = checklist.years
    if lo and hi:
        return f"{lo}—{hi}年"
    return f"{lo}年及以后" if lo else f"{hi}年及以前" if hi else "所有年度"


_PACKAGE = Path(__file__).resolve().parent


def package_files() -> list[Path]:
    """Every file of the lawscore package but compiled code, in a stable order: the code,
    schema and data a loaded checklist depends on."""
    return cache_mod.package_files(_PACKAGE)


def _cache_key(folder: Path, override: str | None) -> str:
    """A hash of everything a loaded ChecklistSet depends on: code version, code and schema, checklist files."""
    h = hashlib.sha256(cache_mod.package_digest(_PACKAGE).encode())
    files = _yaml_files(Path(folder), subfolders=True)
    if override and (Path(override).suffix in (".yaml", ".yml") or Path(override).exists()):
        files += _yaml_files(Path(override).parent, subfolders=False)
        files += concepts.files(concepts.folder_of(override))  # the vocabulary its $concepts name
        h.update(b"override-file:" + str(Path(override).resolve()).encode())
    elif override:
        h.update(b"override-id:" + override.encode())
    for path in files:
        h.update(str(path.resolve()).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _yaml_files(folder: Path, subfolders: bool) -> list[Path]:
    """The YAML files a ChecklistSet may be loaded from: the folder's checklists and, for the
    checklists folder, those one level down (data that goes with the checklists)."""
    if not folder.is_dir():
        return []
    found = checklist_mod.discover(folder)
    if subfolders:
        for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
            found += checklist_mod.discover(sub)
    return found


def load_checklists(folder: Path, override: str | None) -> ChecklistSet:
    """Load every checklist in `folder` and the `--checklist` override (an id or a file).

    A loaded, validated ChecklistSet is cached (see the module docstring), so an unchanged checklist
    is not parsed and validated again on the next run.
    """
    key = None
    if cache_mod.folder() is not None:
        try:
            key = _cache_key(folder, override)
        except OSError:
            key = None  # a file that cannot be read now: loading says which, and why
        cached = cache_mod.get("setup", key) if key else None
        if isinstance(cached, ChecklistSet):
            return cached
    setup = _load_checklists(folder, override)
    if key is not None:
        cache_mod.put("setup", key, setup)
    return setup


def _load_checklists(folder: Path, override: str | None) -> ChecklistSet:
    """Every checklist of `folder` that loads, and the override.

    A broken checklist in the folder (a draft being written) is left out and its problems kept
    in ChecklistSet.skipped, so it does not stop runs that do not use it. It is an error (every
    problem listed) when it is the one asked for with `--checklist`, or when no checklist loads.
    """
    skipped: list[Problem] = []
    loaded: list[Checklist] = []
    for path in checklist_mod.discover(folder):
        try:
            loaded.append(checklist_mod.load(path))
        except ChecklistError as exc:
            skipped.extend(exc.problems)
    chosen = None
    if override:
        as_path = Path(override)
        if as_path.suffix in (".yaml", ".yml") or as_path.exists():
            chosen = checklist_mod.load(as_path)  # its problems stop the run: it was asked for
        else:
            by_id = [c for c in loaded if c.id == override]
            if not by_id:
                known = ", ".join(sorted(c.id for c in loaded)) or "无"
                asked = Problem(str(folder), 0, "", f'没有 id 为 "{override}" 的清单; 请用其中之一: {known},或给出清单文件的路径'
                                + (";上面有问题的清单也可能就是它,请先修改" if skipped else ""))
                raise ChecklistError(skipped + [asked])
            chosen = by_id[0]
    declared = indicators_mod.load(folder)  # problems in the indicator declarations stop the run
    if not loaded and chosen is None:
        if skipped:
            raise ChecklistError(skipped)
        raise ChecklistError([Problem(str(folder), 0, "", "没有找到清单(*.yaml); 请用 --checklists 指定清单文件夹,或用 --checklist 指定清单文件")])
    return ChecklistSet(tuple(loaded), chosen, tuple(sorted(set(skipped))), declared)
