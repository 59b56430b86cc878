"""Reuse earlier runs' work, report by report: a rerun costs what changed (issue 27).

Entries per report in the cache folder of cache.py (JSON: loading one never runs code;
bounded, crash-safe and shared by concurrent runs as cache.py says), two per report, as a
cold run pays for each file it writes:

- `read-<text key>`: the report's copy-check fingerprints (copies.Prints) and its sentences,
  then the report read, normalised and segmented, with its metadata (a Segmented): two JSON
  texts in one (cache.join_parts), so a rerun takes the fingerprints without parsing the rest;
- `done-<out key>`: what the output stage writes of it for the formats asked for (a
  Processed; its results.json entry as written, not as a JSON string), with the checklists'
  terms the report holds as reported work, the vocabulary they were looked for in
  (`vocab-<hash>`, one entry per vocabulary), the sentences holding each (match.Admitted) and
  the hash of its checklists as it sees them.

The text key hashes everything reading depends on: the engine (lawscore's version and every
file of the package: code, data, templates), the file's bytes (sha256; for a zip member, the
zip's and the member's name), the name the report is shown by, its manifest fields and the OCR
limits. The out key hashes the text key, the formats, the report's reviews and what the
batch's copy check found in it: copies depend on the other reports of the batch, so a copy
found or lost, like a review added, changes the key and the report is scored again. The
entry holds the hash of the checklists the report was scored with (chosen by its year; with
what they extend and the concepts they name, expanded when loaded) as seen through the terms
the report holds (Projection: every item but its terms, and where the items use each term
the report holds) and the indicators: a report scored with other checklists is scored again
and its entry replaced.

So a rerun with nothing changed reads and hashes each file, takes its fingerprints, takes the
batch's copies (`copies-<hash of the batch's text keys>`, copies.find_kept) and each report's
output. After a checklist edit, a report's key changes only where the edit touches a term it
holds (an item's other fields touch every report of its years): a report holding none of the
terms added or removed takes its output as before; one whose sentences hold a term new to the
checklists is scored again from `read-`, as is one holding a term the edit moved, and only the
terms new to its checklists are looked for in its sentences (match.reuse_admitted). A new report is read and scored alone. Outputs are
byte-identical to a run without the cache. Not cached: a report that could not be read, and a
result in which a checklist regex ran out of time (that depends on the machine's speed). A
change of Tesseract or LibreOffice (which read scans and .doc files) is seen for OCR (its
version is checked), not for LibreOffice: remove the cache folder after upgrading it.
"""
from __future__ import annotations

import functools
import hashlib
import operator
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

import orjson

from . import cache
from .ingest import MAX_BYTES
from .match import Admitted
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
    Signal,
)

_PACKAGE = Path(__file__).resolve().parent
_OCR_SETTINGS = ("LAWSCORE_OCR_MAX_PAGES", "LAWSCORE_OCR_PAGE_SECONDS")


def enabled() -> bool:
    """Whether runs reuse and keep their work (cache.folder(): LAWSCORE_CACHE, --no-cache)."""
    return cache.folder() is not None


@functools.lru_cache(maxsize=1)
def engine() -> str:
    """A hash of lawscore itself: its version and every file of the package but compiled code
    (the same reading of the package as the loaded checklists' key)."""
    return cache.package_digest_once(_PACKAGE)


_READ: list = [None]  # (path, bytes, sha256) of the file _file_sha256 read last, till taken (bytes_read)


def _file_sha256(path: Path, keep: bool = True) -> str | None:
    """The sha256 of a regular file, or None (not a regular file, not readable): the report
    is then read without the cache, and reading says what is wrong. A file that reading would
    take whole (at most ingest.MAX_BYTES) is kept with its hash, for bytes_read."""
    _READ[0] = None
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as f:
            info = os.fstat(f.fileno())
            if not stat.S_ISREG(info.st_mode):
                return None
            if info.st_size <= MAX_BYTES:
                data = f.read(MAX_BYTES + 1)
                if len(data) <= MAX_BYTES:  # else it grew since: hashed in full below, not kept
                    digest = hashlib.sha256(data).hexdigest()
                    if keep:
                        _READ[0] = (path, data, digest)
                    return digest
                h = hashlib.sha256(data)
            else:
                h = hashlib.sha256()
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
            return h.hexdigest()
    except OSError:
        return None


def bytes_read(path: Path) -> tuple[bytes, str] | None:
    """The bytes of the file at `path` and their sha256, as text_key just read them, or None:
    taken once, so that a report read for the first time is read and hashed once
    (ingest.read's `known`)."""
    kept, _READ[0] = _READ[0], None
    if kept is None or kept[0] != path:
        return None
    return kept[1], kept[2]


def text_key(path: Path, shown: str, member: str | None, overrides: dict) -> str | None:
    """The key of a report's read entries, or None when the cache is off or the file unreadable."""
    if not enabled():
        return None
    digest = _file_sha256(path, keep=member is None)  # a zip's bytes are not its member's
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
    if not items:
        return []
    names = [f.name for f in fields(items[0])]
    at = names.index("text")
    values = operator.attrgetter(*names)
    out = []
    for obj in items:
        row = list(values(obj))
        if row[at] == text[obj.start:obj.end]:
            row[at] = 0
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


def _parts(key: str | None) -> tuple[memoryview, memoryview] | None:
    return None if key is None else cache.split_parts(cache.get_bytes("read", key))


def load_prints(key: str | None) -> tuple[Any, str] | None:
    """(copies.Prints, the sentences one a line) of a report read before, or None."""
    parts = _parts(key)
    if parts is None:
        return None
    try:
        value = cache.decode(orjson.loads(parts[0]))
    except (ValueError, TypeError, RecursionError):
        return None
    if type(value) is not tuple or len(value) != 3 or type(value[1]) is not str or value[2] is not True:
        return None
    return value[0], value[1]


def load_read(key: str | None) -> Segmented | None:
    """The Segmented of a report read before, or None."""
    parts = _parts(key)
    if parts is None:
        return None
    try:
        read = unpack_read(orjson.loads(parts[1]))
    except (ValueError, TypeError, KeyError, IndexError, RecursionError):
        return None
    return read if _ocr_current(read.document) else None


def store_read(key: str | None, read: Segmented, prints: Any = None, lines: str = "") -> None:
    """Keep a report's Segmented, and its fingerprints and sentences when given, under `key`:
    one entry (`read-`), the fingerprints first, so that a rerun takes them without parsing
    the rest (cache.join_parts)."""
    if key is None:
        return
    try:
        second = orjson.dumps(pack_read(read))
        first = b"null" if prints is None else orjson.dumps(cache.encode((prints, lines, True)))
    except (TypeError, ValueError, RecursionError):
        return
    cache.put_bytes("read", key, cache.join_parts(first, second))


# -- the output of a scored report

_HASHES: ByIdentity[str] = ByIdentity(16)


def content_hash(*values: Any) -> str:
    """A hash of loaded checklists' content (their `extends` merged, their $concepts expanded),
    worked out once per process for the same objects."""
    return _HASHES.get(values, lambda: hashlib.sha256(orjson.dumps(cache.encode(values))).hexdigest())


class Projection:
    """What a report's scores depend on in the checklists it is scored with, given the terms it
    holds: every item as it is but for its terms, and of each term the report holds, where the
    items use it. Matching sees a report only through the terms it holds as reported work
    (match.admitted_terms judges each occurrence of a term by the sentence alone), and a term
    the report does not hold can neither make a pattern hold, nor stop one (none_of), nor
    contest a sentence between sections (attribute.py); so an edit that adds or removes a
    term no report holds leaves every report's key as it was, and one that adds a term some
    reports hold changes the keys of those alone.

    Left out too, as no output shows them: where a checklist, its items and the indicators are
    written (`path`, `line`: a copy of the checklists edited in another folder is the same)
    and the items' examples (`should_match`), which `lawscore validate` checks."""

    def __init__(self, checklists: tuple[Checklist, ...], indicators: Any) -> None:
        used: dict[str, list] = {}
        bare = []
        for ci, checklist in enumerate(checklists):
            items = []
            for ii, item in enumerate(checklist.items):
                patterns = []
                for pi, p in enumerate(item.patterns):
                    groups = [*((g, group) for g, group in enumerate(p.all_of)), ("any", p.any_of), ("none", p.none_of)]
                    for g, group in groups:
                        for term in group:
                            used.setdefault(term, []).append((ci, ii, pi, g))
                    # what is left of a group is whether it has terms at all: an empty any_of asks nothing
                    patterns.append(replace(p, all_of=tuple(("*",) if group else () for group in p.all_of),
                                            any_of=("*",) if p.any_of else (), none_of=("*",) if p.none_of else (),
                                            line=0))
                items.append(replace(item, patterns=tuple(patterns), line=0, path="", should_match=(),
                                     should_not_match=()))
            bare.append(replace(checklist, items=tuple(items), path=""))
        declared = tuple(replace(i, path="", line=0) for i in indicators)
        try:  # orjson writes a dataclass field by field, in order: ten times faster than cache.encode
            flat = orjson.dumps((tuple(bare), declared))
        except TypeError:  # pragma: no cover - a value orjson cannot write
            flat = orjson.dumps(cache.encode((tuple(bare), declared)))
        self.skeleton = hashlib.sha256(flat).digest()
        # a term and where it is used, in one hash: worked out for the terms reports hold, as
        # they come (a thousand terms, of which a batch of a few reports holds a few hundred)
        self.places = used
        self.uses = _Uses(used)
        self.vocabulary = frozenset(used)
        self.vocabulary_hash = hashlib.sha256("\0".join(sorted(used)).encode()).hexdigest()

    def key(self, terms: list[str]) -> str:
        """The hash of the checklists as a report holding `terms` (sorted) sees them."""
        uses, places = self.uses, self.places
        return hashlib.sha256(self.skeleton + b"".join([uses[t] for t in terms if t in places])).hexdigest()


class _Uses(dict):
    """Projection.uses: of each term of `places` (term -> where the items use it), 16 bytes of
    the hash of the term and its places, worked out when first asked for."""

    def __init__(self, places: dict[str, list]) -> None:
        super().__init__()
        self.places = places

    def __missing__(self, term: str) -> bytes:
        found = self[term] = hashlib.sha256(orjson.dumps([term, self.places[term]])).digest()[:16]
        return found


_PROJECTIONS: ByIdentity[Projection] = ByIdentity(16)


def projection(setup: Any, chosen: dict[str, Checklist]) -> Projection:
    """The Projection of the checklists `chosen` for a report and the set's indicators,
    worked out once per process for the same objects."""
    values = (*chosen.values(), setup.indicators)
    return _PROJECTIONS.get(values, lambda: Projection(tuple(chosen.values()), setup.indicators))


def checklists_hash(setup: Any, chosen: dict[str, Checklist], terms: list[str]) -> str:
    """A hash of what a report's scores depend on in a ChecklistSet: the checklists it is scored
    with (`chosen`, see pipeline.chosen_checklists) as a report holding `terms` sees them
    (Projection) and the indicators; so an edit of a checklist for other years, or of terms
    the report does not hold, scores no report again. With a `--checklist` override, the
    whole set: a report's warning then names the checklist its year calls for. `terms` are sorted."""
    if setup.override is not None:
        return content_hash(setup)
    return projection(setup, chosen).key(terms)


def out_key(text: str | None, source: str, formats: frozenset[str] | None, reviewed: dict[str, Review] | None,
            copies: Copies | str | None) -> str | None:
    """The key of a report's output entry (`done-`), or None when it is not to be cached (no
    text key, or the full ReportResult asked for). Everything output.prepare reads besides
    the scored report and its checklists is in it: the formats, and for the Word list its
    date and the folder's `letter:` settings; the reviews; `copies`: what the batch's copy
    check found in the report, or a hash of it (copies.identity). The checklists, as the
    report sees them (checklists_hash), are kept in the entry and compared (load_out): a
    checklist edit replaces the entry rather than adding one."""
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
    return hashlib.sha256(text.encode() + b"\0" + extra).hexdigest()


# -- the terms a report holds, kept by its text key with the vocabulary they were looked for in

_VOCABULARIES: dict[str, frozenset[str]] = {}  # by hash, read from the cache
_ADDED: dict[tuple[str, str], tuple[str, ...]] = {}  # (old hash, new hash) -> the terms new since
_KEPT: set[tuple[Path | None, str]] = set()  # the vocabularies this process has kept, by cache folder


def _vocabulary(digest: str) -> frozenset[str] | None:
    found = _VOCABULARIES.get(digest)
    if found is None:
        data = cache.get_data("vocab", digest)
        if type(data) is not list or not all(type(t) is str for t in data):
            return None
        if hashlib.sha256("\0".join(data).encode()).hexdigest() != digest:
            return None  # not the vocabulary of that hash
        if len(_VOCABULARIES) >= 64:
            _VOCABULARIES.clear()
        found = _VOCABULARIES[digest] = frozenset(data)
    return found


def _admitted(digest: str, terms: list[str], places: Any) -> Admitted | None:
    """Where a report holds `terms` (found among the vocabulary `digest`), from `places` as
    store_out keeps them; None when they were not kept or are not so kept."""
    if type(places) is not list or len(places) != len(terms):
        return None
    old = _vocabulary(digest)
    if old is None or not all(type(p) is list and len(p) == 2 and type(p[0]) is list and type(p[1]) is list
                              for p in places):
        return None
    return Admitted(old, {t: tuple(p[0]) for t, p in zip(terms, places) if p[0]},
                    {t: tuple(p[1]) for t, p in zip(terms, places) if p[1]})


def _held(digest: str, terms: list[str], seen: Projection, body: Callable[[], str]) -> bool | None:
    """Whether `terms`, the terms a report read before holds as reported work, found among
    the terms of the checklists it was last scored with (the vocabulary `digest`), are those
    it holds among `seen`'s vocabulary (and maybe some no longer in it); None when that cannot
    be told (the vocabulary `digest` is not kept). A term new since is looked for in the
    report's sentences (`body()`, one a line): where it occurs, they are not (False)."""
    if digest == seen.vocabulary_hash:
        return True
    pair = (digest, seen.vocabulary_hash)
    if pair not in _ADDED:
        old = _vocabulary(digest)
        if old is None:
            return None
        _ADDED[pair] = tuple(sorted(seen.vocabulary - old))
    added = _ADDED[pair]
    if added:
        text = body()
        if any(t in text or "\n" in t for t in added):
            return False
    return True


@dataclass(frozen=True)
class Worked:
    """What scoring a report works out from its sentences alone, whatever its checklists:
    where it holds each term looked for (match.Admitted) and how concrete each sentence judged
    is (wording.admit.own: {sentence: (strength, signals)}). Kept with its output, so that
    scoring it again after a checklist edit works neither out again. (Its indicators are read
    again: keeping them cost a cold run about as much as it saved a rescore.)"""

    admitted: Admitted | None
    assessed: dict[int, tuple]


def _pack_worked(worked: Worked) -> bytes:
    assessed = worked.assessed
    rows = []
    for si in sorted(assessed):
        strength, signals = assessed[si]
        flat = []
        for sig in signals:
            flat.append(sig.kind)
            flat.append(sig.text)
        rows.append([si, strength, flat])
    return orjson.dumps(rows)


_STRENGTHS = {"strong": "strong", "weak": "weak", "none": "none"}


def _unpack_worked(admitted: Admitted | None, data: Any) -> Worked | None:
    """The Worked _pack_worked packed, with `admitted`; None when `data` is not so packed."""
    if type(data) is not list:
        return None
    assessed: dict[int, tuple] = {}
    for row in data:
        if type(row) is not list or len(row) != 3 or type(row[0]) is not int or row[1] not in _STRENGTHS:
            return None
        flat = row[2]
        if type(flat) is not list or len(flat) % 2 or not all(type(v) is str for v in flat):
            return None
        assessed[row[0]] = (_STRENGTHS[row[1]], tuple(Signal(flat[i], flat[i + 1]) for i in range(0, len(flat), 2)))
    return Worked(admitted, assessed)


def load_out(key: str | None, setup: Any, chosen: dict[str, Checklist],
             body: Callable[[], str]) -> tuple[Any | None, Worked | None]:
    """The output.Processed of a report scored before under `key` (out_key) with the checklists
    `chosen` (as far as the terms it holds go: checklists_hash), or None; and where it held
    the terms of the checklists it was last scored with, when kept (for match.reuse_admitted).
    `body()`: the report's sentences, one a line (see _held)."""
    from .output import Processed

    if key is None:
        return None, None
    parts = cache.split_parts(cache.get_bytes("done", key))
    rest = cache.split_parts(parts[1]) if parts is not None else None
    if parts is None or rest is None:
        return None, None
    try:
        head = orjson.loads(rest[0])
    except ValueError:
        return None, None
    if (type(head) is not list or len(head) != 5 or type(head[0]) is not str or type(head[1]) is not str
            or type(head[3]) is not str):
        return None, None
    digest = head[0]
    terms = head[1].split("\0") if head[1] else []

    def worked() -> Worked | None:
        try:
            data = orjson.loads(rest[1])
        except ValueError:
            return None
        return _unpack_worked(_admitted(digest, terms, head[2]), data)

    held = _held(digest, terms, projection(setup, chosen), body)
    if held is None:
        return None, None
    if not held or checklists_hash(setup, chosen, terms) != head[3]:
        return None, worked()
    try:
        processed = cache.decode(head[4])
    except (ValueError, TypeError, RecursionError):
        processed = None
    if not isinstance(processed, Processed) or processed.error is not None:
        return None, worked()
    entry = bytes(parts[0])
    return replace(processed, entry=None if entry == b"null" else entry), None


# The start of the warning pipeline.score_document gives a report in which a checklist regex
# ran out of time: its result depends on the machine's speed, so it is not kept.
REGEX_TIMEOUT_WARNING = "清单中的正则表达式"


_SAME: ByIdentity[bool] = ByIdentity(16)


def _same(a: frozenset[str], b: frozenset[str]) -> bool:
    """a == b, compared once per process for the same two sets (each has a thousand terms)."""
    return _SAME.get((a, b), lambda: a == b)


def store_out(key: str | None, setup: Any, chosen: dict[str, Checklist], worked: Worked, result: ReportResult,
              processed: Any) -> None:
    """Keep a report's output `processed` (made from `result`, scored with `chosen`) under
    `key` (out_key), with the terms it holds as reported work, found among the vocabulary of
    `chosen`, and what scoring it worked out from its sentences (`worked`): one entry, its
    results.json entry as written, then the rest, then `worked` (cache.join_parts: a rerun
    parses neither the first nor the last). Not when it is an error or a regex ran out of
    time in it."""
    if key is None or result.errors or getattr(processed, "error", "x") is not None:
        return
    if any(w.startswith(REGEX_TIMEOUT_WARNING) for w in result.warnings):
        return
    seen = projection(setup, chosen)
    where = (cache.folder(), seen.vocabulary_hash)
    if where not in _KEPT:
        if any("\0" in t for t in seen.vocabulary):
            return  # the terms are joined by NUL
        cache.put_data("vocab", seen.vocabulary_hash, sorted(seen.vocabulary))
        _KEPT.add(where)
    admitted = worked.admitted
    terms = admitted.terms() if admitted is not None else []
    places = None
    if admitted is not None and _same(admitted.vocabulary, seen.vocabulary):
        none = ()
        places = [[admitted.sentences.get(t, none), admitted.stances.get(t, none)] for t in terms]
    entry = processed.entry
    try:
        head = orjson.dumps([seen.vocabulary_hash, "\0".join(terms), places, checklists_hash(setup, chosen, terms),
                             cache.encode(replace(processed, entry=None))])
        rest = _pack_worked(worked)
    except (TypeError, ValueError, RecursionError):
        return
    cache.put_bytes("done", key, cache.join_parts(b"null" if entry is None else entry, cache.join_parts(head, rest)))
