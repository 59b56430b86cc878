"""The spool of a batch: every report read in the first pass waits on disk for the second.

A batch reads every report before it scores any (the copy check, copies.py, compares each with
the others): the first pass puts each report read and segmented here, with its sentences, and
the second takes it back to score it. Each process appends to one file of its own in the
batch's folder, never a file per report: creating and removing a small file costs milliseconds
on a disk mounted with `discard`, more than reading the report back. A report's place is a
`Record` (file, offset, sizes), passed from the process that wrote it to the one that scores it.

The folder (`lawscore-batch-*` in the temporary folder, private: 0700) is removed when the batch
ends. A batch killed outright (kill -9) cannot remove it, so a batch that starts removes the
folders of batches whose process has ended: only folders holding lawscore's marker, which names
the owner's pid and start time (a pid can be reused), and owned by this user.
"""
from __future__ import annotations

import copyreg
import dataclasses
import functools
import io
import logging
import operator
import os
import pickle
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .model import Metadata, NormalizedText, Paragraph, RawDocument, Segmentation, Segmented, Sentence

log = logging.getLogger(__name__)

PREFIX = "lawscore-batch-"
MARKER = "lawscore-spool"  # "pid start-time": the process whose batch the folder is


@dataclass(frozen=True)
class Record:
    """Where one report is in a spool folder: its sentences (UTF-8, one a line), then the
    report read and segmented (pickled)."""

    file: str
    offset: int
    texts: int  # bytes of the sentences
    data: int  # bytes of the report that follow them; 0: not spooled (in the cache)


def lines(read: Segmented) -> str:
    """A report's sentences, one a line."""
    return "\n".join(s.text.replace("\n", " ") for s in read.segmentation.sentences)


def put(folder: str, read: Segmented | None, sentences: str) -> Record:
    """Append a report's sentences (`lines`), and the report read and segmented unless it is
    None (one read by an earlier run, in the cache), to this process's spool file."""
    texts = sentences.encode("utf-8")
    data = b""
    if read is not None:
        out = io.BytesIO()
        pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.dispatch_table = _dispatch()
        pickler.dump(read)
        data = out.getvalue()
    name = f"{os.getpid()}.spool"
    fd = os.open(os.path.join(folder, name), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        offset = os.fstat(fd).st_size  # only this process appends to its file
        _write_all(fd, texts + data)
    finally:
        os.close(fd)
    return Record(name, offset, len(texts), len(data))


@functools.lru_cache(maxsize=1)
def _dispatch() -> dict:
    """A report read and segmented pickled as its parts, its paragraphs and sentences as rows
    of field values, in one tuple each, without their texts where these are the slices of the
    normalised text their offsets name (always, so far): made back by `_segmented`. A pickle of
    the objects themselves cost half as much again (each a call to make, each text decoded)."""
    table = copyreg.dispatch_table.copy()
    table[Segmented] = _reduced
    return table


def _rows(items: tuple, cls: type, text: str) -> tuple[bool, tuple]:
    """(whether the texts are left out, the items' field values, a tuple each)."""
    names = [f.name for f in dataclasses.fields(cls)]
    sliced = all(item.text == text[item.start:item.end] for item in items)
    if sliced:
        names.remove("text")
    return sliced, tuple(map(operator.attrgetter(*names), items))


def _items(cls: type, rows: tuple[bool, tuple], text: str) -> tuple:
    sliced, values = rows
    if not sliced:
        return tuple(cls(*row) for row in values)
    names = [f.name for f in dataclasses.fields(cls)]
    at = names.index("text")
    names.remove("text")
    start, end = names.index("start"), names.index("end")
    return tuple(cls(*row[:at], text[row[start]:row[end]], *row[at:]) for row in values)


def _reduced(read: Segmented) -> tuple:
    seg, text = read.segmentation, read.normalized.text
    return _segmented, (read.document, read.normalized, read.metadata, seg.title, seg.header,
                        _rows(seg.paragraphs, Paragraph, text), _rows(seg.sentences, Sentence, text))


def _segmented(document: RawDocument, normalized: NormalizedText, metadata: Metadata, title: str | None, header: str,
               paragraphs: tuple[bool, tuple], sentences: tuple[bool, tuple]) -> Segmented:
    text = normalized.text
    segmentation = Segmentation(title, header, _items(Paragraph, paragraphs, text), _items(Sentence, sentences, text))
    return Segmented(document=document, normalized=normalized, segmentation=segmentation, metadata=metadata)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _read(folder: str, file: str, offset: int, size: int) -> bytes:
    with open(os.path.join(folder, file), "rb") as fh:
        fh.seek(offset)
        data = fh.read(size)
    if len(data) != size:
        raise OSError(f"spool file {file} is shorter than its records")
    return data


def get(folder: str, record: Record) -> Segmented:
    """The report a record holds, read and segmented."""
    read = pickle.loads(_read(folder, record.file, record.offset + record.texts, record.data))
    assert isinstance(read, Segmented)
    return read


def sentences(folder: str, record: Record) -> list[str]:
    """The sentences of the report a record holds, in order."""
    return text(folder, record).split("\n")


def text(folder: str, record: Record) -> str:
    """The sentences of the report a record holds, one a line (`lines`)."""
    return _read(folder, record.file, record.offset, record.texts).decode("utf-8")


def _started(pid: int) -> str | None:
    """A process's start time (clock ticks since boot, /proc/PID/stat); None when there is no
    such process or it has ended (a zombie), "" when this system has no /proc to tell."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        if not os.path.isdir("/proc/self"):
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return None
            except PermissionError:
                pass
            return ""
        return None
    except (OSError, IndexError):
        return ""
    if fields[0] in ("Z", "X"):  # ended, not yet reaped
        return None
    return fields[19] if len(fields) > 19 else ""


def _owner_ended(folder: Path) -> bool:
    """Whether the folder holds lawscore's marker and the process it names has ended."""
    try:
        pid_text, started = (folder / MARKER).read_text(encoding="ascii").split()
        pid = int(pid_text)
    except (OSError, ValueError, UnicodeDecodeError):
        return False  # not a spool of ours, or one whose marker is being written
    now = _started(pid)
    # A start time that could not be read ("-", "") proves nothing: only an ended process counts.
    return now is None or (started != "-" and now != "" and now != started)


def remove_stale(tmp: str | None = None) -> list[Path]:
    """Remove the spool folders of batches whose process has ended (killed before it could)
    in `tmp` (default: the temporary folder); returns those removed."""
    removed = []
    base = Path(tmp or tempfile.gettempdir())
    uid = os.getuid() if hasattr(os, "getuid") else None
    try:
        candidates = sorted(base.glob(PREFIX + "*"))
    except OSError:
        return []
    for folder in candidates:
        try:
            if not folder.is_dir() or folder.is_symlink() or (uid is not None and folder.stat().st_uid != uid):
                continue
        except OSError:
            continue
        if _owner_ended(folder):
            shutil.rmtree(folder, ignore_errors=True)
            log.info("removed the spool of an ended batch: %s", folder)
            removed.append(folder)
    return removed


@contextmanager
def batch_spool() -> Iterator[str]:
    """A new private spool folder for one batch, removed when the batch ends; the folders that
    ended batches left behind are removed first."""
    remove_stale()
    folder = tempfile.mkdtemp(prefix=PREFIX)  # mode 0700
    try:
        marker = Path(folder) / MARKER
        marker.write_text(f"{os.getpid()} {_started(os.getpid()) or '-'}\n", encoding="ascii")
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
