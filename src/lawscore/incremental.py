"""Reuse earlier runs' work, report by report: a rerun costs what changed (issue 27).

Three entries per report in the cache folder of cache.py (JSON: loading one never runs code;
bounded, crash-safe and shared by concurrent runs as cache.py says):

- `prints-<text key>`: the report's copy-check fingerprints (copies.Prints) and its sentences;
- `read-<text key>`: the report read, normalised and segmented, with its metadata (a Segmented);
- `done-<done key>`: what the output stage writes of it for the formats asked for (a Processed).

The text key hashes everything reading depends on: the engine (lawscore's version and every
file of the package: code, data, templates), the file's bytes (sha256; for a zip member, the
zip's and the member's name), the name the report is shown by, its manifest fields and the OCR
limits. The done key hashes the text key, the content of the checklists the report is scored with
(chosen by its year; with what they extend and the concepts they name, expanded when loaded)
and the indicators, the formats, the report's reviews
and what the batch's copy check found in it: copies depend on the other reports of the batch,
so a copy found or lost, like a review added, changes the key and the report is scored again.

So a rerun with nothing changed reads and hashes each file, takes its fingerprints, takes the
batch's copies (`copies-<hash of the batch's text keys>`, copies.find_kept) and each report's output; after a checklist edit each report is taken from
`read-` and scored again; a new report is read and scored alone. Outputs are byte-identical to
a run without the cache. Not cached: a report that could not be read, and a result in which a
checklist regex ran out of time (that depends on the machine's speed). A change of Tesseract
or LibreOffice (which read scans and .doc files) is seen for OCR (its version is checked), not
for LibreOffice: remove the cache folder after upgrading it.
"""
from __future__ import annotations

import functools
import hashlib
import os
import stat
from dataclasses import fields
from pathlib import Path
from typing import Any

import orjson

from . import cache
from .memo import ByIdentity
from .model import (
    Checklist,
    Copies,
    Metadata,
    NormalizedText,
    OffsetMap,
    Paragraph,
    RawDocument,
    ReportResult,
    Review,
    Segmentation,
    Segmented,
    Sentence,
)

_PACKAGE = Path(__file__).resolve().parent
_OCR_SETTINGS = ("LAWSCORE_OCR_MAX_PAGES", "LAWSCORE_OCR_PAGE_SECONDS")


def enabled() -> bool:
    """Whether runs reuse and keep their work (cache.folder(): LAWSCORE_CACHE, --no-cache)."""
    return cache.folder() is not None


@functools.lru_cache(maxsize=1)
def engine() -> str:
    """A hash of lawscore itself: its version and every file of the package but compiled code."""
    from importlib import metadata as pkg

    h = hashlib.sha256()
    try:
        h.update(pkg.version("lawscore").encode())
    except pkg.PackageNotFoundError:  # pragma: no cover - running from a source tree
        h.update(b"dev")
    for path in sorted(p for p in _PACKAGE.rglob("*") if p.is_file() and p.suffix != ".pyc"):
        h.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _file_sha256(path: Path) -> str | None:
    """The sha256 of a regular file, or None (not a regular file, not readable): the report
    is then read without the cache, and reading says what is wrong."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                return None
            h = hashlib.sha256()
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
            return h.hexdigest()
    except OSError:
        return None


def text_key(path: Path, shown: str, member: str | None, overrides: dict) -> str | None:
    """The key of a report's read entries, or None when the cache is off or the file unreadable."""
    if not enabled():
        return None
    digest = _file_sha256(path)
    if digest is None:
        return None
    try:
        fixed = orjson.dumps([shown, member, overrides, [os.environ.get(k, "") for k in _OCR_SETTINGS]],
                             option=orjson.OPT_SORT_KEYS)
    except TypeError:
        return None  # a manifest value that is not plain data: not cached
    return hashlib.sha256(b"\0".join([engine().encode(), digest.encode(), fixed])).hexdigest()


# -- the read report, packed as rows: a Sentence's or a Paragraph's text is left out when it is
# -- the slice of the normalised text its offsets name (always, so far), and taken from it back.

def _rows(items: tuple, text: str) -> list[list]:
    names = [f.name for f in fields(items[0])] if items else []
    out = []
    for obj in items:
        row = [getattr(obj, n) for n in names]
        if obj.text == text[obj.start:obj.end]:
            row[names.index("text")] = 0
        out.append(row)
    return out


def _unrows(cls: type, rows: list, text: str) -> tuple:
    names = [f.name for f in fields(cls)]
    at, start, end = names.index("text"), names.index("start"), names.index("end")
    out = []
    for row in rows:
        if type(row) is not list or len(row) != len(names):
            raise cache.CacheFormatError(f"a {cls.__name__} row of another shape")
        row = [tuple(v) if type(v) is list else v for v in row]
        if row[at] == 0:
            row[at] = text[row[start]:row[end]]
        out.append(cls(*row))
    return tuple(out)


def pack_read(read: Segmented) -> dict:
    norm, seg = read.normalized, read.segmentation
    text = norm.text
    return {
        "document": cache.encode(read.document),
        "metadata": cache.encode(read.metadata),
        "text": text,
        "offsets": [[list(m.new), list(m.old)] for m in norm.offsets],
        "normalized": [getattr(norm, f.name) for f in fields(norm) if f.name not in ("text", "offsets")],
        "segmentation": [seg.title, seg.header],
        "paragraphs": _rows(seg.paragraphs, text),
        "sentences": _rows(seg.sentences, text),
    }


def unpack_read(data: Any) -> Segmented:
    """The Segmented `pack_read` packed; CacheFormatError (or TypeError, ValueError, KeyError)
    when `data` is anything else."""
    text = data["text"]
    if type(text) is not str:
        raise cache.CacheFormatError("no text")
    document, meta = cache.decode(data["document"]), cache.decode(data["metadata"])
    if not isinstance(document, RawDocument) or not isinstance(meta, Metadata):
        raise cache.CacheFormatError("not a document and its metadata")
    offsets = tuple(OffsetMap(tuple(new), tuple(old)) for new, old in data["offsets"])
    norm = NormalizedText(text, offsets, *data["normalized"])
    title, header = data["segmentation"]
    seg = Segmentation(title, header, _unrows(Paragraph, data["paragraphs"], text),
                       _unrows(Sentence, data["sentences"], text))
    return Segmented(document=document, normalized=norm, segmentation=seg, metadata=meta)


def _ocr_current(document: RawDocument) -> bool:
    """Whether a cached document read by OCR was read by the Tesseract installed now."""
    if document.ocr is None:
        return True
    from . import ocr

    try:
        return document.ocr.engine == ocr.engine()
    except Exception:  # noqa: BLE001 - no Tesseract now: the report is read again, and says so
        return False


def load_prints(key: str | None) -> tuple[Any, str] | None:
    """(copies.Prints, the sentences one a line) of a report read before, or None."""
    if key is None:
        return None
    value = cache.get("prints", key)
    if type(value) is not tuple or len(value) != 3 or type(value[1]) is not str or value[2] is not True:
        return None
    return value[0], value[1]


def load_read(key: str | None) -> Segmented | None:
    """The Segmented of a report read before, or None."""
    if key is None:
        return None
    data = cache.get_data("read", key)
    if data is None:
        return None
    try:
        read = unpack_read(data)
    except (ValueError, TypeError, KeyError, IndexError, RecursionError):
        return None
    return read if _ocr_current(read.document) else None


def store_read(key: str | None, read: Segmented, prints: Any = None, lines: str = "") -> None:
    """Keep a report's Segmented, and its fingerprints and sentences when given, under `key`:
    the Segmented first, so that a run killed between the two never leaves fingerprints alone."""
    if key is None:
        return
    try:
        packed = pack_read(read)
    except (TypeError, ValueError):
        return
    cache.put_data("read", key, packed)
    if prints is not None:
        cache.put("prints", key, (prints, lines, True))


# -- the output of a scored report

_HASHES: ByIdentity[str] = ByIdentity(16)


def content_hash(*values: Any) -> str:
    """A hash of loaded checklists' content (their `extends` merged, their $concepts expanded),
    worked out once per process for the same objects."""
    return _HASHES.get(values, lambda: hashlib.sha256(orjson.dumps(cache.encode(values))).hexdigest())


def checklists_hash(setup: Any, chosen: dict[str, Checklist]) -> str:
    """A hash of what a report's scores depend on in a ChecklistSet: the checklists it is scored
    with (`chosen`, see pipeline.chosen_checklists) and the indicators; so an edit of a
    checklist for other years scores no report of this year again. With a `--checklist`
    override, the whole set: a report's warning then names the checklist its year calls for."""
    if setup.override is not None:
        return content_hash(setup)
    return content_hash(*chosen.values(), setup.indicators)


def done_key(text: str | None, source: str, setup: Any, chosen: dict[str, Checklist], formats: frozenset[str] | None,
             reviewed: dict[str, Review] | None, copies: Copies | None) -> str | None:
    """The key of a report's output, or None when it is not to be cached (no text key, or the
    full ReportResult asked for). Everything output.prepare reads besides the scored report is
    in it: the formats, and for the Word list its date and the folder's `letter:` settings."""
    if text is None or formats is None:
        return None
    epoch, letter = os.environ.get("SOURCE_DATE_EPOCH", ""), None
    if "docx" in formats:
        from . import manifest

        letter = manifest.letter_for(source)
        if not epoch:  # the Word list carries today's date then
            import datetime

            epoch = datetime.date.today().isoformat()
    # orjson writes dataclasses field by field, in order: the same copies and reviews, the same bytes.
    extra = orjson.dumps([sorted(formats), epoch, letter, reviewed or {}, copies])
    return hashlib.sha256(b"\0".join([text.encode(), checklists_hash(setup, chosen).encode(), extra])).hexdigest()


def load_done(key: str | None) -> Any | None:
    """The output.Processed of a report scored before under `key`, or None."""
    from .output import Processed

    if key is None:
        return None
    value = cache.get("done", key)
    return value if isinstance(value, Processed) and value.error is None else None


# The start of the warning pipeline.score_document gives a report in which a checklist regex
# ran out of time: its result depends on the machine's speed, so it is not kept.
REGEX_TIMEOUT_WARNING = "清单中的正则表达式"


def store_done(key: str | None, result: ReportResult, processed: Any) -> None:
    """Keep a report's output `processed` (made from `result`); not when it is an error or a
    regex ran out of time in it."""
    if key is None or result.errors or getattr(processed, "error", "x") is not None:
        return
    if any(w.startswith(REGEX_TIMEOUT_WARNING) for w in result.warnings):
        return
    cache.put("done", key, processed)
