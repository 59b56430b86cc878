"""The output stage: prepare each scored report for the formats asked for (in the worker), and
write a batch's output folder completely or not at all.

Everything is rendered into a temporary folder beside the target and swapped in only when
complete, so an interrupted run leaves the previous output as it was. Only folders carrying
lawscore's marker (MARKER) are ever removed or moved: a user's `.output.old-keep/` beside the
target stays. A lock file beside the target lets one run at a time write it.
"""
from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import results as results_mod
from .errors import LawscoreError
from .model import ReportResult

if TYPE_CHECKING:
    from .exports import ExportRecord
    from .render.views import Summary

MARKER = ".lawscore-output"
MARKER_TEXT = "written by lawscore; the whole folder is replaced on every run\n"
LOCK_TEXT = "lawscore evaluate"


class OutputError(LawscoreError):
    """The output folder cannot be used; the message says why and what to do."""


def _ours(folder: Path) -> bool:
    """Whether `folder` is a folder lawscore wrote: a real folder (not a link) holding its marker."""
    return folder.is_dir() and not folder.is_symlink() and (folder / MARKER).is_file()


def _check_target(out: Path) -> None:
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise OutputError(f"{out} 是一个文件或链接,不是文件夹; 请用 --out 另选一个文件夹")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise OutputError(
            f"{out} 里已有不是 lawscore 写的文件; 请用 --out 选一个空的或新的文件夹"
        )


class _Lock:
    """`.<name>.lock` beside the output folder, held (flock) for the whole of a run that writes it,
    so a second run into the same folder is refused instead of deleting the first one's
    temporary folder. The file is removed when the run ends; a run killed with -9 leaves it,
    unlocked, and the next run takes it over."""

    def __init__(self, out: Path) -> None:
        self.path = out.parent / f".{out.name}.lock"
        self.fd = -1

    def __enter__(self) -> _Lock:
        import fcntl

        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK, 0o644)
            except OSError as exc:
                raise OutputError(f"无法在 {self.path.parent} 中建立锁文件 {self.path.name}({exc.strerror or exc}); "
                                  "请检查该文件夹及其权限") from None
            try:
                info = os.fstat(fd)
                held = os.read(fd, 200).decode("utf-8", "replace")
                if not stat.S_ISREG(info.st_mode) or (held and not held.startswith(LOCK_TEXT)):
                    raise OutputError(f"{self.path} 不是 lawscore 的锁文件; 请移走它,或用 --out 另选一个文件夹")
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    pid = held[len(LOCK_TEXT):].strip() or "?"
                    raise OutputError(f"另一个 lawscore evaluate(进程 {pid})正在写入 {self.path.parent / self.path.name[1:-5]}; "
                                      "请等它结束后再运行,或用 --out 另选一个文件夹") from None
                try:  # the file may have been removed by the run that held it: lock the one in place
                    same = os.stat(self.path, follow_symlinks=False).st_ino == info.st_ino
                except FileNotFoundError:
                    same = False
            except BaseException:
                os.close(fd)
                raise
            if same:
                break
            os.close(fd)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{LOCK_TEXT} {os.getpid()}\n".encode(), 0)
        self.fd = fd
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            os.unlink(self.path)  # still locked: whoever opened this file sees it is gone and retries
        except OSError:
            pass
        os.close(self.fd)


def _recover(out: Path, parent: Path) -> None:
    """Put back what a run killed half-way left beside `out` (under the lock, so no run is live):
    the previous output when it was moved aside and the new one never moved in, and remove
    leftover temporary and previous folders. Only folders carrying lawscore's marker are
    touched; a user's `.output.old-keep/` or `.output.tmp-notes/` stays as it is."""
    for old in sorted(parent.glob(f".{out.name}.old-*")):
        if not _ours(old):
            continue
        if not out.exists() and not out.is_symlink():
            os.replace(old, out)
        else:
            shutil.rmtree(old, ignore_errors=True)
    for stale in parent.glob(f".{out.name}.tmp-*"):
        if _ours(stale):
            shutil.rmtree(stale, ignore_errors=True)


def _make_tmp(out: Path, parent: Path) -> Path:
    """A new temporary folder beside `out`, marked as lawscore's before anything else is written."""
    import tempfile

    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=parent))
    (tmp / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    return tmp


def _swap(out: Path, tmp: Path, parent: Path) -> None:
    """Move the complete `tmp` in place of `out`; the previous output is removed only after."""
    old = None
    if out.is_dir() and not any(out.iterdir()):
        out.rmdir()  # an empty folder, ours or not: nothing to keep
    elif out.exists():
        old = parent / f".{out.name}.old-{tmp.name.rsplit('.tmp-', 1)[1]}"
        if old.exists() or old.is_symlink():
            raise OutputError(f"{old} 已存在; 请移走它后再运行")
        os.rename(out, old)
    try:
        os.rename(tmp, out)
    except BaseException:
        if old is not None:
            os.rename(old, out)  # the previous output back in place
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


@dataclass(frozen=True)
class Processed:
    """What the output stage needs of one report; the heavy ReportResult is gone by now.

    Made in the worker process, so rendering runs in parallel and the main process holds
    only small summaries.
    """

    source: str
    error: str | None = None  # why the report could not be read; nothing else is set then
    entry: bytes | None = None  # its results.json entry, UTF-8
    summary: Summary | None = None
    section: str | None = None  # its rendered scorecard section
    export: ExportRecord | None = None  # its rows of results.csv / results.xlsx
    ocr_pages: int = 0  # pages read by OCR, for the progress output
    followups: tuple[str, bytes] | None = None  # its Word follow-up list: (relative path, file)
    reviews: tuple[int, int] = (0, 0)  # its reviews applied, and not applied as the file changed since


def prepare(result: ReportResult, formats: frozenset[str]) -> Processed:
    """Turn a scored report into what the output stage writes."""
    if result.errors:
        return Processed(source=result.source, error="; ".join(result.errors))
    entry = summary = section = export = None
    if "json" in formats:
        from . import results

        entry = results.entry_bytes(result)
    follow, followup_doc, followup_href = None, None, ""
    # The writers of formats not asked for are not even imported (jinja2 and the templates are a
    # tenth of a second of every start): each import below is of the format asked for.
    if formats & {"html", "docx"}:
        from . import followups

        follow = followups.follow_ups(result)  # once, for the scorecard and the Word list
        if "docx" in formats and follow:
            from . import docx_export, manifest, paths

            rel = paths.followup_path(result.source)
            sheet = followups.follow_up_list(result, follow, manifest.letter_for(result.source))
            followup_doc = (rel, docx_export.build(sheet))
            followup_href = "../" + rel  # from scorecards/
    if "html" in formats:
        from .render import scorecard

        summary, section = scorecard.summarize(result), scorecard.report_section(result, follow, followup_href)
    if formats & {"csv", "xlsx"}:
        from . import exports

        export = exports.record(result)
    ocr = result.document.ocr if result.document is not None else None
    reviewed = [r for part in (result.outline, result.rules) if part is not None for r in part.items if r.review]
    return Processed(source=result.source, entry=entry, summary=summary, section=section, export=export,
                     ocr_pages=len(ocr.pages) if ocr else 0, followups=followup_doc,
                     reviews=(sum(not r.stale for r in reviewed), sum(r.stale for r in reviewed)))


@dataclass
class Written:
    files: list[str]
    scored: int
    unreadable: list[tuple[str, str]]


def write_stream(out: Path, processed: Iterable, errors: list[tuple[str, str]], formats: set[str]) -> Written:
    """Write `formats` ("html", "json", "csv", "xlsx", "docx") for a stream of Processed (see prepare) into `out`,
    atomically: nothing in `out` changes unless the whole run succeeds, and only one run at a
    time writes it (a second is refused with an OutputError)."""
    out = Path(out)
    parent = out.parent if str(out.parent) else Path(".")
    parent.mkdir(parents=True, exist_ok=True)
    with _Lock(out):
        _recover(out, parent)
        _check_target(out)
        tmp = _make_tmp(out, parent)
        try:
            written = _write_all(tmp, processed, errors, formats)
            _swap(out, tmp, parent)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    return written


def _write_all(tmp: Path, processed: Iterable, errors: list[tuple[str, str]], formats: set[str]) -> Written:
    """Write every format into the temporary folder `tmp` as the reports stream in."""
    # The writers of formats not asked for are not even imported (jinja2 and the templates
    # are a tenth of a second of every start).
    if "html" in formats:
        from .render.writer import HtmlWriter
    if {"csv", "xlsx"} & set(formats):
        from . import exports
    json_writer = results_mod.JsonWriter(tmp / "results.json") if "json" in formats else None
    html_writer = HtmlWriter(tmp) if "html" in formats else None
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
    return Written(sorted(files), scored, sorted(unreadable))
