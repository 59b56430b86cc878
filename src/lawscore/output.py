"""Write a batch's output folder completely or not at all.

Everything is rendered into a temporary folder beside the target and swapped in only when
complete, so an interrupted run leaves the previous output as it was.
"""
from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from . import results as results_mod
from .errors import LawscoreError
from .model import ReportResult

MARKER = ".lawscore-output"


class OutputError(LawscoreError):
    """The output folder cannot be used; the message says why and what to do."""


def _check_target(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out} 是一个文件,不是文件夹; 请用 --out 另选一个文件夹")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise OutputError(
            f"{out} 里已有不是 lawscore 写的文件; 请用 --out 选一个空的或新的文件夹"
        )


@dataclass
class Written:
    files: list[str]
    scored: int
    unreadable: list[tuple[str, str]]


def write_stream(out: Path, processed: Iterable, errors: list[tuple[str, str]], formats: set[str]) -> Written:
    """Write `formats` ("html", "json", "csv", "xlsx", "docx") for a stream of pipeline.Processed into `out`,
    atomically."""
    # The writers of formats not asked for are not even imported (jinja2 and the templates
    # are a tenth of a second of every start).
    if "html" in formats:
        from . import render
    if {"csv", "xlsx"} & set(formats):
        from . import exports

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
        (tmp / MARKER).write_text("written by lawscore; the whole folder is replaced on every run\n", encoding="utf-8")
        json_writer = results_mod.JsonWriter(tmp / "results.json") if "json" in formats else None
        html_writer = render.HtmlWriter(tmp) if "html" in formats else None
        table_writers: list[exports.CsvWriter | exports.XlsxWriter] = []  # results.csv, results.xlsx, streamed
        if "csv" in formats:
            table_writers.append(exports.CsvWriter(tmp / "results.csv", links="html" in formats))
        if "xlsx" in formats:
            table_writers.append(exports.XlsxWriter(tmp / "results.xlsx", links="html" in formats))
        unreadable = list(errors)
        followup_files: list[str] = []  # followups/*.docx, written as they come
        scored = 0
        for p in processed:
            if p.error is not None:
                unreadable.append((p.source, p.error))
                continue
            scored += 1
            if json_writer:
                json_writer.add(p.entry)
            if html_writer:
                html_writer.add(p.summary, p.section)
            for writer in table_writers:
                writer.add(p.export)
            if "docx" in formats and p.followups is not None:
                rel, content = p.followups
                (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
                (tmp / rel).write_bytes(content)
                followup_files.append(rel)
        files: list[str] = followup_files
        for source, message in unreadable:
            if json_writer:
                json_writer.add_error(source, message)
            if html_writer:
                html_writer.add_unreadable(source, message)
            for writer in table_writers:
                writer.add_error(source, message)
        if json_writer:
            json_writer.finish()
            files.append("results.json")
        if html_writer:
            files.extend(html_writer.finish())
        for writer in table_writers:
            files.append(writer.finish())
        old = parent / f".{out.name}.old-{os.getpid()}"
        if out.exists():
            os.replace(out, old)
        os.replace(tmp, out)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return Written(sorted(files), scored, sorted(unreadable))


def write(out: Path, results: list[ReportResult], errors: list[tuple[str, str]], formats: set[str]) -> list[str]:
    """Write already scored reports (kept whole in memory); see write_stream."""
    from . import pipeline

    prepared = (pipeline.prepare(r, frozenset(formats)) for r in sorted(results, key=lambda r: r.source))
    return write_stream(out, prepared, errors, formats).files
