"""Write a batch's output folder completely or not at all.

Everything is rendered into a temporary folder beside the target and swapped in only when
complete, so an interrupted run leaves the previous output as it was.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from . import results as results_mod
from .model import ReportResult

MARKER = ".lawscore-output"


class OutputError(Exception):
    """The output folder cannot be used; the message says why and what to do."""


def _check_target(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out} is a file, not a folder; choose another --out")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise OutputError(
            f"{out} already holds files that lawscore did not write; choose an empty or new folder for --out"
        )


def write(out: Path, results: list[ReportResult], errors: list[tuple[str, str]], formats: set[str]) -> list[str]:
    """Render `formats` ("html", "json") into `out`, atomically. Returns written relative paths."""
    out = Path(out)
    parent = out.parent if str(out.parent) else Path(".")
    # A run killed between the two renames below left the previous output here: restore it.
    for old in sorted(parent.glob(f".{out.name}.old-*")):
        if not out.exists():
            os.replace(old, out)
        else:
            shutil.rmtree(old, ignore_errors=True)
    _check_target(out)
    parent.mkdir(parents=True, exist_ok=True)
    for stale in parent.glob(f".{out.name}.tmp-*"):
        shutil.rmtree(stale, ignore_errors=True)
    tmp = parent / f".{out.name}.tmp-{os.getpid()}"
    tmp.mkdir()
    try:
        written: list[str] = []
        (tmp / MARKER).write_text("written by lawscore; the whole folder is replaced on every run\n", encoding="utf-8")
        if "json" in formats:
            (tmp / "results.json").write_text(results_mod.dumps(results_mod.build(results, errors)), encoding="utf-8")
            written.append("results.json")
        if "html" in formats:
            from . import render

            written.extend(render.write_html(results, errors, tmp))
        old = parent / f".{out.name}.old-{os.getpid()}"
        if out.exists():
            os.replace(out, old)
        os.replace(tmp, out)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return sorted(written)
