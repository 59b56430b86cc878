"""Find copied text in a batch of reports: sentences repeated from the same jurisdiction's
report of an earlier year (与上年报告雷同), from another jurisdiction's report (与其他地区报告雷同),
or restating the outline and reporting rules themselves (照搬纲要原文).

Two steps, so that a batch never compares every pair of reports and never keeps report texts:

1. `fingerprint` (once per report, where the report is segmented): every work sentence becomes
   a key (punctuation dropped, figures masked as ``#``, the jurisdiction's own name masked as
   ``@``; script and width are already unified by normalize). A hash of the key finds a
   sentence copied word for word but for figures and names; a hash of the exact text with its
   figures tells a repetition with the same figures. The key's 4-character shingles, hashed
   (CRC-32), give a bottom-k sketch (the K smallest values: Broder's one-permutation MinHash),
   from which the Jaccard similarity of two sentences is estimated. The shingles are also
   looked up in the shipped reference wording. A `Prints` keeps only these numbers (about 85
   bytes a tested sentence).
2. `find` (once per batch): a sentence is compared only with the sentences that share its key
   (word for word once figures and names are masked: the common copy, found with one look-up)
   or one of the two smallest values of its sketch (at most CAP reports per value, the earliest
   first), and the sentences of its own jurisdiction's earlier years; a report's sentences are
   looked up and compared all at once, as arrays (`similarities`). The batch's look-up
   tables are sorted arrays of packed integers (value, report, sentence), 8 bytes an entry,
   not dicts of lists: a batch of independent reports has a distinct value for nearly every
   sentence. Neither the fingerprints nor the tables are held in memory: a `Batch` writes each
   report's numbers to a fixed-width file as it arrives and keeps a small `Kept`, the tables
   are sorted on disk a run at a time, and both are read mapped, their pages let go every
   RELEASE reports, so the process does not grow with the batch. Each report gets a
   `model.Copies`: every copied sentence with its source, and the shares by kind.

A batch's copies are kept in the cache (`find_kept`), by the text keys of its reports: a rerun
over the same reports takes them instead of comparing again.

A near-copy is a sentence whose estimated similarity to its source is at least THRESHOLD, or
(for the reference wording) at least OUTLINE_SHARE of whose shingles are in that wording. All of
it is integer arithmetic on values that do not depend on the process (no `hash()`), so the
result is the same whatever the order or the number of processes that fingerprinted.
"""
from __future__ import annotations

import functools
import hashlib
import itertools
import mmap
import os
import re
import struct
import tempfile
import zlib
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from importlib import resources
from typing import TYPE_CHECKING, BinaryIO, cast

import orjson

from . import cache
from .labels import page_name
from .model import CopiedSentence, Copies, Evidence, Segmented, Signal


class _Numpy:
    """numpy, imported where it is first used: a process that never checks copies (a batch
    with LAWSCORE_COPIES=off, `explain`) does not pay for importing it (~0.15 s, 340 million
    instructions). The first use puts numpy itself in `np`."""

    def __getattr__(self, name: str) -> object:
        import numpy

        globals()["np"] = numpy
        return getattr(numpy, name)


if TYPE_CHECKING:
    import numpy as np
else:
    np = _Numpy()

KINDS = ("outline", "previous_year", "other")  # a sentence's kind, first match wins
KIND_LABELS = {"previous_year": "与上年报告雷同", "other": "与其他地区报告雷同", "outline": "照搬纲要原文"}
SAME_LABEL = "与上年相同"  # a sentence repeating last year's word for word, figures included

SHINGLE = 4  # characters per shingle
K = 12  # sketch size: the K smallest shingle values of a sentence
ANCHORS = 2  # sketch values a sentence is indexed under
MIN_CHARS = 12  # a shorter key (一是加强领导, 现将有关情况报告如下) is not tested
THRESHOLD = 0.6  # estimated Jaccard similarity from which a sentence is a near-copy
OUTLINE_SHARE = 0.6  # share of a sentence's shingles in the reference wording that makes it 照搬
CAP = 8  # reports kept per index key, the earliest first

_FIGURE = re.compile(r"\d+(?:\.\d+)?|[零〇一二三四五六七八九十百千万亿两]+")
_NOT_KEY = re.compile(r"[^\u3400-\u4dbf\u4e00-\u9fffA-Za-z0-9@]+")
# Administrative units of a jurisdiction's full name: 浙江省|舟山市|嵊泗县.
_UNIT = re.compile(r".+?(?:自治州|自治县|自治旗|特别行政区|省|市|州|盟|地区|县|区|旗|乡|镇|街道)")
_SUFFIX = re.compile(r"(?:自治州|自治县|自治旗|省|市|州|盟|地区|县|区|旗|乡|镇|街道)$")


@dataclass(frozen=True)
class Prints:
    """What the batch keeps of one report for the copy check: numbers, no text.

    Per tested sentence (in text order): its index in the report, its paragraph, its key's
    length, a hash of its key (figures and own names masked), a hash of its exact text with
    figures, and its sketch (`sketches[starts[i]:starts[i+1]]`).
    `outline`: (position among the tested sentences, reference passage, share of shingles) of
    the sentences that restate the reference wording.
    """

    source: str
    page: str  # the scorecard page the report is on (labels.group_name)
    jurisdiction: str | None
    year: int | None
    published: str | None
    sentences: array
    paragraphs: array
    lengths: array
    keys: array
    exact: array
    starts: array
    sketches: array
    outline: tuple[tuple[int, int, float], ...] = ()

    def sketch(self, i: int) -> list[int]:
        return self.sketches[self.starts[i]:self.starts[i + 1]].tolist()


def own_names(jurisdiction: str | None) -> tuple[str, ...]:
    """The names a report calls itself by, longest first: 浙江省舟山市嵊泗县, 嵊泗县, 嵊泗."""
    if not jurisdiction:
        return ()
    names = {jurisdiction}
    units = _UNIT.findall(jurisdiction)
    if units:
        last = units[-1]
        names.add(last)
        stem = _SUFFIX.sub("", last)
        if len(stem) >= 2:
            names.add(stem)
    return tuple(sorted(names, key=lambda n: (-len(n), n)))


def sentence_key(text: str, names: tuple[str, ...]) -> tuple[str, str]:
    """(key, exact): the sentence without punctuation and with its own names masked, figures
    masked in `key` and kept in `exact`."""
    for name in names:
        text = text.replace(name, "@")
    exact = _NOT_KEY.sub("", text)
    return _FIGURE.sub("#", exact), exact


def shingles(key: str) -> set[int]:
    """The key's 4-character shingles as numbers: CRC-32 of their UTF-16 code units (8 bytes),
    cut to 30 bits (small ints, cheaper to sort). CRC-32 is in C and the same in every process;
    a cryptographic hash per shingle would cost three times as much for no better sketch."""
    data = key.encode("utf-16-le")
    crc = zlib.crc32
    return {crc(data[i:i + 8]) >> 2 for i in range(0, len(data) - 6, 2)}


# The shingles of a whole report at once, with numpy. CRC-32 is affine over GF(2): the CRC of a
# shingle (4 UTF-16 code units, 8 bytes) is CRC(8 zero bytes) xor T0[u0] xor T1[u1] xor T2[u2] xor
# T3[u3], where Tk[u] is the CRC of the unit u alone at place k, less that of zeros. So every
# shingle's CRC of a report is four gathers and three xors over the report's units, and each
# sentence's bottom-k sketch one sort of (sentence, value) pairs: no Python step per shingle
# (a set and a sort per sentence cost a report about 1 ms, two thirds of the check's work there).

_CRC_ZERO = zlib.crc32(bytes(8))


@functools.lru_cache(maxsize=1)
def _crc_tables() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """T0..T3 for every UTF-16 code unit (4 × 65,536 uint32, 1 MB), made from 16 CRCs a place
    by linearity, once a process."""
    tables = []
    for k in range(4):
        table = np.zeros(1, dtype=np.uint32)
        for bit in range(16):
            unit = (1 << bit).to_bytes(2, "little")
            basis = np.uint32(zlib.crc32(bytes(2 * k) + unit + bytes(6 - 2 * k)) ^ _CRC_ZERO)
            table = np.concatenate([table, table ^ basis])
        tables.append(table)
    return tables[0], tables[1], tables[2], tables[3]


def _values(keys: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct shingle values of each key: (sentence, value) of every distinct pair,
    sorted by sentence then value (both as uint64 arrays), and how many each key has."""
    units = np.frombuffer("".join(keys).encode("utf-16-le"), dtype="<u2")
    sizes = np.array([len(key.encode("utf-16-le")) // 2 for key in keys], dtype=np.int64)
    counts = np.maximum(sizes - 3, 0)
    total = int(counts.sum())
    if not total:
        return np.zeros(0, np.uint64), np.zeros(0, np.uint64), np.zeros(len(keys), np.int64)
    t0, t1, t2, t3 = _crc_tables()
    n = len(units)
    crc = t0[units[:n - 3]] ^ t1[units[1:n - 2]] ^ t2[units[2:n - 1]] ^ t3[units[3:]] ^ np.uint32(_CRC_ZERO)
    # The shingles that start inside their key and end there too (the others run into the next).
    sentence = np.repeat(np.arange(len(keys), dtype=np.uint64), counts)
    first = np.cumsum(sizes) - sizes  # where each key starts among the units
    ends = np.cumsum(counts)
    at = np.arange(total, dtype=np.int64) - np.repeat(ends - counts, counts) + np.repeat(first, counts)
    pairs = np.sort((sentence << np.uint64(32)) | (crc[at] >> np.uint32(2)).astype(np.uint64))
    pairs = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))]  # distinct
    owner = pairs >> np.uint64(32)
    return owner, pairs & np.uint64(0xFFFFFFFF), np.bincount(owner.astype(np.int64), minlength=len(keys))


def shingle_sets(keys: list[str]) -> list[set[int]]:
    """`[shingles(key) for key in keys]`, worked out for all the keys at once."""
    owner, values, counts = _values(keys)
    bounds = np.concatenate([[0], np.cumsum(counts)]).tolist()
    listed = values.tolist()
    return [set(listed[bounds[i]:bounds[i + 1]]) for i in range(len(keys))]


def _hash(text: str) -> int:
    """64 bits of BLAKE2b: the same in every process, unlike hash()."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")


@dataclass(frozen=True)
class Reference:
    """The shipped reference wording (reference/wording.tsv), and its shingles."""

    passages: tuple[tuple[str, str, str], ...]  # (document, section, wording)
    index: dict[int, int]  # shingle value -> first passage holding it
    values: frozenset[int]  # the index's keys, for a set intersection in C
    sorted: np.ndarray  # the same, sorted (uint64), for numpy's look-ups


@functools.lru_cache(maxsize=1)
def reference() -> Reference:
    """The outline and reporting-rules wording lawscore ships, derived from shared/reference
    by scripts/make_reference_wording.py."""
    text = resources.files("lawscore").joinpath("reference/wording.tsv").read_text(encoding="utf-8")
    passages: list[tuple[str, str, str]] = []
    for line in text.splitlines():
        if line and not line.startswith("#"):
            document, section, wording = line.split("\t")
            passages.append((document, section, wording))
    index: dict[int, int] = {}
    for k, values in enumerate(shingle_sets([sentence_key(wording, ())[0] for _, _, wording in passages])):
        for value in values:
            index.setdefault(value, k)
    return Reference(tuple(passages), index, frozenset(index), np.array(sorted(index), dtype=np.uint64))


def _restates(values: set[int], ref: Reference) -> tuple[int, float] | None:
    """(passage, share) when enough of a sentence's shingles are in the reference wording."""
    found = values & ref.values
    if len(found) < OUTLINE_SHARE * len(values):
        return None
    counts = Counter(ref.index[v] for v in found)
    best = min(counts, key=lambda p: (-counts[p], p))
    return best, round(len(found) / len(values), 2)


_SEPARATOR = "\x00"  # between the sentences of a report while their keys are made at once


def _unit_class(ranges: list[tuple[int, int]]) -> np.ndarray:
    table = np.zeros(1 << 16, dtype=bool)
    for low, high in ranges:
        table[low:high + 1] = True
    return table


@functools.lru_cache(maxsize=1)
def _unit_classes() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For every UTF-16 code unit: whether _NOT_KEY keeps it (or it is the separator), whether
    it is an ASCII digit, whether a numeral _FIGURE masks. A character past the BMP is two
    surrogate units, neither kept: as _NOT_KEY drops it."""
    kept = _unit_class([(0x3400, 0x4DBF), (0x4E00, 0x9FFF), (ord("A"), ord("Z")), (ord("a"), ord("z")),
                        (ord("0"), ord("9")), (ord("@"), ord("@")), (0, 0)])
    digit = _unit_class([(ord("0"), ord("9"))])
    numeral = _unit_class([(ord(c), ord(c)) for c in "零〇一二三四五六七八九十百千万亿两"])
    return kept, digit, numeral


def _keys(texts: list[str], names: tuple[str, ...]) -> list[tuple[str, str]]:
    """`[sentence_key(text, names) for text in texts]`, worked out once over the report's
    sentences joined (a name never spans two: the separator is in none), as an array of
    UTF-16 code units: what _NOT_KEY drops is dropped, and each run of digits or of numerals
    is one #, as _FIGURE masks it (a regex over the report cost five times as much)."""
    if any(_SEPARATOR in text for text in texts):
        return [sentence_key(text, names) for text in texts]
    joined = _SEPARATOR.join(texts)
    for name in names:
        joined = joined.replace(name, "@")
    kept, digit, numeral = _unit_classes()
    units = np.frombuffer(joined.encode("utf-16-le"), dtype="<u2")
    units = units[kept[units]]
    figure = np.where(digit[units], 1, np.where(numeral[units], 2, 0))
    first = np.concatenate(([True], figure[1:] != figure[:-1]))  # of a run of digits or of numerals
    key = np.where(figure > 0, ord("#"), units)[(figure == 0) | first].astype("<u2")
    exact = units.tobytes().decode("utf-16-le")
    return list(zip(key.tobytes().decode("utf-16-le").split(_SEPARATOR), exact.split(_SEPARATOR)))


def fingerprint(read: Segmented) -> Prints:
    """The copy check's numbers for one segmented report."""
    seg, meta, source = read.segmentation, read.metadata, read.document.source
    names = own_names(meta.jurisdiction)
    ref = reference()
    body = [s for s in seg.sentences if not s.heading]
    tested = [(s, key, text) for s, (key, text) in zip(body, _keys([s.text for s in body], names))
              if len(key) >= MIN_CHARS]
    owner, values, counts = _values([key for _, key, _ in tested])
    # Each sentence's first K values (its sketch), and how many of its values are in the
    # reference wording: the few with OUTLINE_SHARE or more are looked at one by one.
    first = np.cumsum(counts) - counts
    place = np.arange(len(values), dtype=np.int64) - np.repeat(first, counts)
    sketches = array("I", values[place < K].astype(np.uint32).tobytes())
    starts = array("I", [0])
    starts.extend(np.cumsum(np.minimum(counts, K)).astype(np.uint32).tolist())
    at = np.minimum(np.searchsorted(ref.sorted, values), len(ref.sorted) - 1)
    held = np.bincount(owner[ref.sorted[at] == values].astype(np.int64), minlength=len(tested))
    outline: list[tuple[int, int, float]] = []
    for i in np.flatnonzero(held >= OUTLINE_SHARE * counts).tolist():
        restated = _restates(set(values[first[i]:first[i] + counts[i]].tolist()), ref)
        if restated is not None:
            outline.append((i, *restated))
    return Prints(source=source, page=page_name(source, meta.jurisdiction), jurisdiction=meta.jurisdiction, year=meta.year,
                  published=meta.published, sentences=array("I", [s.index for s, _, _ in tested]),
                  paragraphs=array("I", [s.paragraph for s, _, _ in tested]),
                  lengths=array("I", [len(key) for _, key, _ in tested]),
                  keys=array("Q", [_hash(key) for _, key, _ in tested]),
                  exact=array("Q", [_hash(text) for _, _, text in tested]),
                  starts=starts, sketches=sketches, outline=tuple(outline))


def similarity(a: list[int], b: list[int]) -> float:
    """Estimated Jaccard similarity of two sentences from their bottom-k sketches: the share
    of the K smallest values of both that each sketch holds."""
    if a == b:
        return 1.0
    sa = set(a)
    union = sorted(sa.union(b))[:K]
    last = union[-1]
    return sum(1 for v in sa.intersection(b) if v <= last) / len(union)


@dataclass
class _Match:
    kind: str
    report: int  # index into the batch's prints, or the reference passage for "outline"
    position: int  # the source sentence among the source's tested sentences
    similarity: float
    same: bool


def similarities(mine: np.ndarray, theirs: np.ndarray) -> np.ndarray:
    """`similarity` of each row of `mine` with the same row of `theirs`, at once: sketches as
    rows of K values, ascending, PAD where a sentence has fewer.

    A value both sketches hold counts when it is among the K smallest of their union: when
    fewer than K values of the union are below it. Those below it are the ones of `mine`, the
    ones of `theirs` (its place in their row), less those both hold (counted once)."""
    real = mine != PAD
    both = (mine[:, :, None] == theirs[:, None, :]) & real[:, :, None]  # [row, i, j]: mine's i is theirs' j
    shared = both.any(axis=1)  # theirs' values that mine holds too
    below_mine = (mine[:, :, None] < theirs[:, None, :]).sum(axis=1)  # PAD is above every value
    below = below_mine + np.arange(K) - (np.cumsum(shared, axis=1) - 1)  # union values below each of theirs
    counted = (shared & (below < K)).sum(axis=1)
    union = np.minimum(K, real.sum(axis=1) + (theirs != PAD).sum(axis=1) - shared.sum(axis=1))
    return counted / union


# Candidates are compared this many at a time: the comparison holds K × K booleans each.
CHUNK = 4096


def _best(owner: np.ndarray, mine: np.ndarray, theirs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Of candidates grouped by sentence (`owner`, ascending; each sentence's candidates in the
    order of preference; `theirs` their sketch rows), the most similar to its sentence (its row
    in `mine`), the first on a tie, where it reaches THRESHOLD: (their places, similarities)."""
    if not len(owner):
        return owner, np.zeros(0)
    sims = np.concatenate([similarities(mine[owner[at:at + CHUNK]], theirs[at:at + CHUNK])
                           for at in range(0, len(owner), CHUNK)])
    new = np.concatenate(([True], owner[1:] != owner[:-1]))  # a sentence's first candidate
    top = np.maximum.reduceat(sims, np.flatnonzero(new))[np.cumsum(new) - 1]  # its sentence's best
    place = _first(owner, sims == top)
    keep = sims[place] >= THRESHOLD
    return place[keep], sims[place[keep]]


def _first(owner: np.ndarray, ok: np.ndarray) -> np.ndarray:
    """Of candidates grouped by sentence (`owner`, ascending), the first of each sentence's
    that is `ok`."""
    at = np.flatnonzero(ok)
    return at[np.concatenate(([True], owner[at][1:] != owner[at][:-1]))] if len(at) else at


def _ragged(starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(owner, place) of every place from starts[i] to ends[i], for each i in turn."""
    sizes = ends - starts
    owner = np.repeat(np.arange(len(sizes)), sizes)
    return owner, np.arange(int(sizes.sum())) + np.repeat(starts - (np.cumsum(sizes) - sizes), sizes)


# -- the batch's fingerprints on disk: the batch keeps in memory only who each report is (Kept),
# -- so the main process does not grow with the batch (issue 22); the numbers are read back by
# -- offset from one file, mapped, its pages let go every RELEASE reports.

PAD = 0xFFFFFFFF  # the unused places of a sketch row (a sentence with fewer than K distinct shingles)
RELEASE = 256  # reports between two lettings-go of the mapped pages read (madvise DONTNEED)


@dataclass(frozen=True, slots=True)
class Kept:
    """What a batch keeps in memory of one report's Prints: who it is, and where its numbers
    are in the batch's file. `count`: its tested sentences."""

    source: str
    page: str
    jurisdiction: str | None
    year: int | None
    published: str | None
    offset: int
    count: int
    outline: tuple[tuple[int, int, float], ...]


class _Mapped:
    """A file written whole and then read by offset, mapped: numpy views and single values
    without a read call each. `release` lets go of the pages read so far (they stay in the
    page cache, not in the process)."""

    def __init__(self, path: str):
        self.path = path
        self.map: mmap.mmap | None = None
        self.data: bytes | mmap.mmap = b""

    def open(self) -> None:
        if self.map is None and os.path.getsize(self.path):
            with open(self.path, "rb") as fh:
                self.map = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
            self.data = self.map

    def release(self) -> None:
        if self.map is not None and hasattr(self.map, "madvise") and hasattr(mmap, "MADV_DONTNEED"):
            self.map.madvise(mmap.MADV_DONTNEED)

    def array(self, dtype: str, count: int, offset: int) -> np.ndarray:
        return np.frombuffer(self.data, dtype=dtype, count=count, offset=offset) if count else np.zeros(0, dtype)


class Batch(_Mapped):
    """The fingerprints of a batch's reports: `add` appends a report's numbers to a file in
    `folder` (fixed-width: keys and exact hashes 8 bytes a tested sentence, then its index,
    paragraph and key length 4 bytes each, then its sketch as a row of K values, PAD where it
    has fewer) and keeps a `Kept`. `find` reads them back by offset."""

    ROW = 8 + 8 + 4 + 4 + 4 + 4 * K  # bytes a tested sentence

    def __init__(self, folder: str):
        super().__init__(os.path.join(folder, "prints"))
        self.reports: list[Kept] = []
        self._out: BinaryIO | None = open(self.path, "wb")  # noqa: SIM115 - closed by `open`
        self._size = 0

    def __len__(self) -> int:
        return len(self.reports)

    def add(self, p: Prints) -> Kept:
        assert self._out is not None, "a batch is read only once every report is added"
        n = len(p.sentences)
        starts = np.frombuffer(p.starts, dtype=np.uint32).astype(np.int64)
        counts = np.diff(starts)
        rows = np.full((n, K), PAD, dtype="<u4")
        rows[np.repeat(np.arange(n), counts), np.arange(int(starts[-1])) - np.repeat(starts[:-1], counts)] = \
            np.frombuffer(p.sketches, dtype=np.uint32)
        data = b"".join([np.asarray(p.keys, dtype="<u8").tobytes(), np.asarray(p.exact, dtype="<u8").tobytes(),
                         np.asarray(p.sentences, dtype="<u4").tobytes(), np.asarray(p.paragraphs, dtype="<u4").tobytes(),
                         np.asarray(p.lengths, dtype="<u4").tobytes(), rows.tobytes()])
        data += bytes(-len(data) % 8)
        kept = Kept(p.source, p.page, p.jurisdiction, p.year, p.published, self._size, n, p.outline)
        self._out.write(data)
        self._size += len(data)
        self.reports.append(kept)
        return kept

    def open(self) -> None:
        if self._out is not None:
            self._out.close()
            self._out = None
        super().open()
        self.words = self.array("<u8", len(self.data) // 8, 0)  # the whole file, to gather from
        self.starts = np.array([q.offset // 8 for q in self.reports], dtype=np.int64)  # in words
        self.counts = np.array([q.count for q in self.reports], dtype=np.int64)

    def view(self, r: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Report r's (keys, exact, sentences, paragraphs, lengths, sketch rows)."""
        q = self.reports[r]
        n, at = q.count, q.offset
        return (self.array("<u8", n, at), self.array("<u8", n, at + 8 * n),
                self.array("<u4", n, at + 16 * n), self.array("<u4", n, at + 20 * n),
                self.array("<u4", n, at + 24 * n),
                self.array("<u4", n * K, at + 28 * n).reshape(n, K))

    def keys(self, r: np.ndarray, j: np.ndarray) -> np.ndarray:
        """The key hashes of sentences j of reports r (arrays of one length)."""
        return self.words[self.starts[r] + j]

    def exacts(self, r: np.ndarray, j: np.ndarray) -> np.ndarray:
        return self.words[self.starts[r] + self.counts[r] + j]

    def rows(self, r: np.ndarray, j: np.ndarray) -> np.ndarray:
        """The sketch rows of sentences j of reports r."""
        at = 2 * self.starts[r] + 7 * self.counts[r] + K * j  # in 4-byte words: 28 bytes a sentence before the rows
        return self.words.view("<u4")[at[:, None] + np.arange(K)]

    def sentences(self, r: np.ndarray, j: np.ndarray) -> np.ndarray:
        """The indexes in their reports of sentences j of reports r."""
        return self.words.view("<u4")[2 * self.starts[r] + 4 * self.counts[r] + j]


_U64, _U32 = struct.Struct("<Q"), struct.Struct("<I")


# A look-up table of the batch holds entries (value << SHIFT | rank << POSITION_BITS | position),
# sorted: the entries of one value are together, the earliest report first.
VALUE_BITS = 30  # sketch values are 30 bits; a key's hash is cut to its top 30
POSITION_BITS = 14  # tested sentences of a report that can be a source: the first 16,384
RANK_BITS = 64 - VALUE_BITS - POSITION_BITS  # reports that can be a source: the earliest 1,048,576
SHIFT = RANK_BITS + POSITION_BITS
RANK_MASK, POSITION_MASK = (1 << RANK_BITS) - 1, (1 << POSITION_BITS) - 1
RUN = 1 << 18  # entries sorted in memory at once while a table is made (2 MB; with the temporaries, ~25 MB)


def _first_pages(entries: np.ndarray, page_of_rank: np.ndarray) -> np.ndarray:
    """Of sorted entries, those a look-up returns: for each value, the first entry of each
    page (a jurisdiction's reports of several years are one source), of the first CAP pages."""
    if not len(entries):
        return entries
    value = entries >> np.uint64(SHIFT)
    page = page_of_rank[((entries >> np.uint64(POSITION_BITS)) & np.uint64(RANK_MASK)).astype(np.int64)]
    order = np.lexsort((page, value))  # stable: the entries of one value and page stay in order
    v, g = value[order], page[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = (v[1:] != v[:-1]) | (g[1:] != g[:-1])
    keep = np.sort(order[first])
    v = value[keep]
    new = np.ones(len(keep), dtype=bool)
    new[1:] = v[1:] != v[:-1]
    place = np.arange(len(keep))
    return entries[keep[place - np.maximum.accumulate(np.where(new, place, 0)) < CAP]]


def _search(fd: int, start: int, end: int, value: int) -> int:
    """The first place from start to end of a sorted file of uint64 (open as `fd`) whose entry
    is `value` or more."""
    while start < end:
        mid = (start + end) // 2
        if _U64.unpack(os.pread(fd, 8, 8 * mid))[0] < value:
            start = mid + 1
        else:
            end = mid
    return start


class _Table(_Mapped):
    """A look-up table of the batch, on disk: the entries `parts` gives (in any order), sorted
    RUN at a time into runs of a spill file, then merged one range of values at a time into
    the table's file, keeping only what a look-up returns (_first_pages). Memory: a run."""

    def __init__(self, path: str, parts: Iterable[np.ndarray], page_of_rank: np.ndarray):
        super().__init__(path)
        spill = path + ".runs"
        runs: list[tuple[int, int]] = []
        samples: list[np.ndarray] = []  # of each run, while it is in memory: where to cut the merge
        with open(spill, "wb") as out:
            buffered: list[np.ndarray] = []
            size = 0
            for part in itertools.chain(parts, [None]):
                if part is not None:
                    buffered.append(part)
                    size += len(part)
                if size and (size >= RUN or part is None):
                    run = np.sort(np.concatenate(buffered))
                    samples.append(run[::max(1, len(run) // 64)].copy())  # not a view: the run goes
                    out.write(run.astype("<u8").tobytes())
                    runs.append((runs[-1][1] if runs else 0, (runs[-1][1] if runs else 0) + len(run)))
                    buffered, size = [], 0
        total = runs[-1][1] if runs else 0
        steps = max(1, -(-total // RUN))
        # Where the ranges of values merged at once end: quantiles of the runs' samples (the values
        # are not even: a sketch's anchors are its smallest), each on a value's first entry.
        sample = np.sort(np.concatenate(samples)) if samples else np.zeros(0, np.uint64)
        tops = [int(sample[len(sample) * (step + 1) // steps]) >> SHIFT << SHIFT for step in range(steps - 1)]
        # The runs are read with pread, not mapped: a mapped binary search would bring whole
        # neighbourhoods of pages into the process (the kernel's fault-around).
        fd = os.open(spill, os.O_RDONLY)
        try:
            with open(path, "wb") as out:
                low = [start for start, _ in runs]
                for step in range(steps):
                    pieces = []
                    for k, (_, end) in enumerate(runs):
                        stop = end if step == steps - 1 else _search(fd, low[k], end, tops[step])
                        if stop > low[k]:
                            pieces.append(np.frombuffer(os.pread(fd, 8 * (stop - low[k]), 8 * low[k]), dtype="<u8"))
                            low[k] = stop
                    merged = np.sort(np.concatenate(pieces)) if pieces else np.zeros(0, np.uint64)
                    out.write(_first_pages(merged, page_of_rank).astype("<u8").tobytes())
        finally:
            os.close(fd)
        os.remove(spill)
        self.open()
        self.entries = self.array("<u8", len(self.data) // 8, 0)

    def ranges(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each value, where its entries start and end."""
        low = values.astype(np.uint64) << np.uint64(SHIFT)
        return (np.searchsorted(self.entries, low),
                np.searchsorted(self.entries, low | np.uint64((1 << SHIFT) - 1), side="right"))

    def find(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(owner, place) of the entries of each value: owner i for values[i], in turn."""
        return _ragged(*self.ranges(values))

    def at(self, start: int, end: int) -> list[tuple[int, int]]:
        """The (rank, position) of the entries from start to end."""
        return [((e >> POSITION_BITS) & RANK_MASK, e & POSITION_MASK) for e in self.entries[start:end].tolist()]

    def get(self, value: int) -> list[tuple[int, int]]:
        """The (rank, position) entries of `value`, earliest report first."""
        (start,), (end,) = self.ranges(np.array([value], dtype=np.uint64))
        return self.at(int(start), int(end))


def find(prints: Batch | list[Prints]) -> Iterator[Copies]:
    """The copies of every report of a batch, in its order, one report at a time (the tables
    are made first; what is found in a report is made only when it is asked for). A list of
    Prints is put in a Batch of its own, in a temporary folder."""
    if isinstance(prints, Batch):
        yield from _find(prints)
        return
    with tempfile.TemporaryDirectory(prefix="lawscore-copies-") as folder:
        batch = Batch(folder)
        for p in prints:
            batch.add(p)
        yield from _find(batch)


def _find(batch: Batch) -> Iterator[Copies]:
    ref = reference()
    reports = batch.reports
    batch.open()
    folder = os.path.dirname(batch.path)
    # Earliest first: the source named for a sentence many reports share is the earliest one.
    order = sorted(range(len(reports)), key=lambda r: (reports[r].year is None, reports[r].year or 0,
                                                        reports[r].published or "", reports[r].source))
    page_ids: dict[str, int] = {}
    page_of = [page_ids.setdefault(q.page, len(page_ids)) for q in reports]
    del page_ids
    page_of_rank = np.array([page_of[r] for r in order], dtype=np.int64)

    def parts(anchors: bool) -> Iterator[np.ndarray]:
        for k, r in enumerate(order[:1 << RANK_BITS]):
            keys, _, _, _, _, rows = batch.view(r)
            m = min(len(keys), 1 << POSITION_BITS)
            base = np.uint64(k << POSITION_BITS) | np.arange(m, dtype=np.uint64)
            if anchors:
                values = rows[:m, :ANCHORS]
                yield ((values.astype(np.uint64) << np.uint64(SHIFT)) | base[:, None])[values != PAD]
            else:
                yield ((keys[:m] >> np.uint64(64 - VALUE_BITS)) << np.uint64(SHIFT)) | base
            if k % RELEASE == RELEASE - 1:
                batch.release()

    by_key = _Table(os.path.join(folder, "by-key"), parts(False), page_of_rank)
    by_anchor = _Table(os.path.join(folder, "by-anchor"), parts(True), page_of_rank)
    del page_of_rank
    # The jurisdiction's other years: reports on one page with a known jurisdiction and year.
    years: dict[str, list[int]] = {}
    for r in order:
        if reports[r].jurisdiction and reports[r].year is not None:
            years.setdefault(reports[r].page, []).append(r)
    rank = [0] * len(reports)
    for k, r in enumerate(order):
        rank[r] = k
    sources = _Sources(reports, order, page_of)

    for r, p in enumerate(reports):
        if r % RELEASE == 0:
            batch.release()
            by_key.release()
            by_anchor.release()
        keys, exact, sentences, paragraphs, lengths, rows = batch.view(r)
        matches: dict[int, _Match] = {}
        for i, passage, share in p.outline:
            matches[i] = _Match("outline", passage, -1, share, False)
        todo = np.ones(p.count, dtype=bool)
        todo[list(matches)] = False
        earlier = [q for q in years.get(p.page, ()) if p.year is not None and p.jurisdiction
                   and (reports[q].year or 0) < p.year]
        earlier.sort(key=lambda q: (-(reports[q].year or 0), rank[q]))  # last year first
        _note(matches, todo, "previous_year", _earlier_years(batch, earlier, keys, rows, todo), batch, exact)
        _note(matches, todo, "other", _elsewhere(batch, by_key, by_anchor, sources, r, keys, rows, todo), batch, exact)
        yield _copies(p, sentences, paragraphs, lengths, matches, batch, ref)


if TYPE_CHECKING:  # sentences found copied, as arrays: the sentence, its source's report and sentence, their similarity
    Found = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def _note(matches: dict[int, _Match], todo: np.ndarray, kind: str, found: Found, batch: Batch, exact: np.ndarray) -> None:
    """Sentences found copied of this kind: matched, and no longer to do."""
    i, q, j, sim = found
    same = batch.exacts(q, j) == exact[i]
    for sentence, report, position, similar, same_text in zip(i.tolist(), q.tolist(), j.tolist(), sim.tolist(), same.tolist()):
        matches[sentence] = _Match(kind, report, position, similar, same_text)
    todo[i] = False


def _found(*parts: Found) -> Found:
    i, q, j, sim = zip(*parts)
    return np.concatenate(i), np.concatenate(q), np.concatenate(j), np.concatenate(sim)


def _earlier_years(batch: Batch, earlier: list[int], keys: np.ndarray, rows: np.ndarray, todo: np.ndarray) -> Found:
    """The sentences (of those `todo`) copied from the same jurisdiction's earlier reports
    (`earlier`, the one preferred as the source first): word for word once figures and names
    are masked (from the first such sentence), else from the most similar of the sentences
    holding one of its first ANCHORS sketch values."""
    mine = np.flatnonzero(todo)
    counts = batch.counts[earlier]
    q = np.repeat(np.array(earlier, dtype=np.int64), counts)  # every sentence of theirs, in order of preference
    j = np.arange(len(q)) - np.repeat(np.cumsum(counts) - counts, counts)
    none = np.zeros(0, np.int64)
    if not len(q) or not len(mine):
        return none, none, none, np.zeros(0)
    theirs = batch.keys(q, j)
    by_key = np.lexsort((np.arange(len(q)), theirs))  # by key, then preference
    at = np.minimum(np.searchsorted(theirs[by_key], keys[mine]), len(q) - 1)
    hit = theirs[by_key[at]] == keys[mine]
    rest = mine[~hit]
    their_rows = batch.rows(q, j)
    values = their_rows[:, :ANCHORS].ravel()  # sentence c's anchors are at ANCHORS * c and on
    held = np.flatnonzero(values != PAD)
    held = held[np.argsort(values[held], kind="stable")]  # by value, then preference
    sentence, anchor = np.nonzero(rows[rest, :ANCHORS] != PAD)
    wanted = rows[rest[sentence], anchor]
    owner, place = _ragged(np.searchsorted(values[held], wanted), np.searchsorted(values[held], wanted, "right"))
    pairs = np.unique(sentence[owner] * len(q) + held[place] // ANCHORS)  # by sentence, then preference; each once
    owner, cand = pairs // len(q), pairs % len(q)
    best, sim = _best(owner, rows[rest], their_rows[cand])
    return _found((mine[hit], q[by_key[at[hit]]], j[by_key[at[hit]]], np.ones(int(hit.sum()))),
                  (rest[owner[best]], q[cand[best]], j[cand[best]], sim))


def _elsewhere(batch: Batch, by_key: _Table, by_anchor: _Table, sources: _Sources, r: int, keys: np.ndarray,
               rows: np.ndarray, todo: np.ndarray) -> Found:
    """The sentences (of those `todo`) of report r copied from another jurisdiction's report
    that may be their source (_Sources.may_copy): word for word once figures and names are
    masked (from the earliest such report), else from the most similar of the sentences that
    the look-up table gives for one of its first ANCHORS sketch values (the earliest on a tie)."""
    mine = np.flatnonzero(todo)
    owner, place = by_key.find(keys[mine] >> np.uint64(64 - VALUE_BITS))
    q, j = sources.of(by_key.entries[place])
    first = _first(owner, sources.may_copy(r, q) & (batch.keys(q, j) == keys[mine[owner]]))
    word_for_word = (mine[owner[first]], q[first], j[first], np.ones(len(first)))
    left = np.ones(len(mine), dtype=bool)
    left[owner[first]] = False
    rest = mine[left]
    sentence, anchor = np.nonzero(rows[rest, :ANCHORS] != PAD)
    owner, place = by_anchor.find(rows[rest[sentence], anchor])
    # (sentence, rank, position): by sentence, then the earliest report first; each once
    pairs = np.unique((sentence[owner].astype(np.uint64) << np.uint64(SHIFT))
                      | (by_anchor.entries[place] & np.uint64((1 << SHIFT) - 1)))
    cand_q, cand_j = sources.of(pairs)
    ok = sources.may_copy(r, cand_q)
    owner, cand_q, cand_j = (pairs[ok] >> np.uint64(SHIFT)).astype(np.int64), cand_q[ok], cand_j[ok]
    best, sim = _best(owner, rows[rest], batch.rows(cand_q, cand_j))
    return _found(word_for_word, (rest[owner[best]], cand_q[best], cand_j[best], sim))


class _Sources:
    """The batch's reports as sources (arrays, one place a report): which report each rank of
    the look-up tables is, and which may be a report's source in another jurisdiction."""

    def __init__(self, reports: list[Kept], order: list[int], page_of: list[int]):
        self.order = np.array(order, dtype=np.int64)
        self.page = np.array(page_of, dtype=np.int64)
        self.dated = np.array([q.year is not None for q in reports], dtype=bool)
        self.year = np.array([q.year if q.year is not None else 0 for q in reports], dtype=np.int64)
        dates = {d: k for k, d in enumerate(sorted({q.published for q in reports if q.published}))}
        self.published = np.array([dates[q.published] if q.published else -1 for q in reports], dtype=np.int64)

    def of(self, entries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The (report, sentence) of look-up table entries."""
        rank = ((entries >> np.uint64(POSITION_BITS)) & np.uint64(RANK_MASK)).astype(np.int64)
        return self.order[rank], (entries & np.uint64(POSITION_MASK)).astype(np.int64)

    def may_copy(self, r: int, q: np.ndarray) -> np.ndarray:
        """Whether report r can have copied from each of reports q: of another jurisdiction, of
        the same or an earlier year, and published no later when both dates are known."""
        year, published = self.year[r], self.published[r]
        later = self.dated[r] & self.dated[q] & ((self.year[q] > year) | ((self.year[q] == year) & (published >= 0)
                                                                           & (self.published[q] > published)))
        return (self.page[q] != self.page[r]) & ~later


# -- a batch's copies kept in the cache (cache.py, as JSON), by the text keys of its reports
# -- (incremental.text_key): a rerun over the same reports takes them instead of comparing again.

def batch_key(keys: list[str | None]) -> str | None:
    """The cache key of the copies of a batch whose reports have these text keys, in the order
    `find` is given them; None when one has none (the cache is off, or a file is unreadable)."""
    if not keys or any(k is None for k in keys):
        return None
    return hashlib.sha256(b"copies\0" + "\0".join(cast("list[str]", keys)).encode()).hexdigest()


def pack(found: Copies) -> list:
    """A report's copies as JSON-ready data, `unpack` makes them back."""
    return [found.sentences, found.paragraphs,
            [[c.sentence, c.kind, c.similarity, c.same_text, c.source, c.source_name, c.source_year,
              c.source_sentence, c.source_page, c.source_text] for c in found.copied],
            found.sentence_shares, found.paragraph_shares]


# The types of a packed CopiedSentence's fields: its source's year and sentence may be None.
_ROWS = frozenset((int, str, float, bool, str, str, year, sentence, str, str)
                  for year in (int, type(None)) for sentence in (int, type(None)))


def unpack(data: object) -> Copies:
    """The Copies `pack` packed; ValueError when `data` is anything else."""
    if type(data) is not list or len(data) != 5:
        raise ValueError("not packed copies")
    sentences, paragraphs, rows, by_sentence, by_paragraph = data
    if type(sentences) is not int or type(paragraphs) is not int or type(rows) is not list:
        raise ValueError("not packed copies")
    copied = []
    for row in rows:
        if type(row) is not list or tuple(map(type, row)) not in _ROWS:
            raise ValueError("not a copied sentence")
        copied.append(CopiedSentence(*row))
    return Copies(sentences=sentences, paragraphs=paragraphs, copied=tuple(copied),
                  sentence_shares=_shares(by_sentence), paragraph_shares=_shares(by_paragraph))


def _shares(data: object) -> tuple[tuple[str, float], ...]:
    if type(data) is not list or not all(type(x) is list and len(x) == 2 and type(x[0]) is str
                                         and type(x[1]) is float for x in data):
        raise ValueError("not shares")
    return tuple((kind, share) for kind, share in data)


def identity(found: Copies, keys: dict[str, str | None]) -> str | None:
    """A hash of what a report's output depends on in its copies, without their sources'
    sentences (`with_source_texts`): the copies, and the text keys (`keys`, by report) of the
    reports their sources are in, which fix those sentences. None when a source has no key."""
    sources = list(dict.fromkeys(c.source for c in found.copied if c.source_sentence is not None))
    held = [keys.get(source) for source in sources]
    if any(k is None for k in held):
        return None
    return hashlib.sha256(orjson.dumps([pack(found), held])).hexdigest()


# The most a batch's copies kept in the cache may hold (characters of JSON; held in memory while the
# batch is found, and when a rerun reads them): about 20,000 bench reports, where every report copies.
KEPT_CHARS = 64 << 20


def find_kept(prints: Batch, keys: list[str | None]) -> Iterator[Copies]:
    """`find(prints)`, taken from the cache when a batch of the same reports (`keys`, their
    text keys) was checked before, else worked out and kept there once the batch is done. One
    report's copies are packed in a JSON text of their own, made back only when it is its turn:
    the entry holds the batch as text (about 3 KB a report on the bench corpus, where every
    report copies), not as objects; a batch whose copies come to more than KEPT_CHARS is not
    kept (the list would grow with the batch), and a rerun compares it again."""
    key = batch_key(keys)
    kept = cache.get_data("copies", key) if key is not None else None
    if type(kept) is list and len(kept) == len(prints) and all(type(t) is str for t in kept):
        for i, text in enumerate(kept):
            try:
                found = unpack(orjson.loads(text))
            except ValueError:  # not what this writes: work the rest out
                yield from itertools.islice(find(prints), i, None)
                return
            yield found
        return
    packed: list[str] | None = [] if key is not None else None
    size = 0
    for found in find(prints):
        if packed is not None:
            packed.append(orjson.dumps(pack(found)).decode("utf-8"))
            size += len(packed[-1])
            if size > KEPT_CHARS:  # a batch this large is compared again on a rerun: its entry would grow with it
                packed = None
            elif key is not None and len(packed) == len(prints):  # kept before the last is handed out: it may be the last asked for
                cache.put_data("copies", key, packed)
        yield found


def _copies(p: Kept, sentences: np.ndarray, paragraphs: np.ndarray, lengths: np.ndarray, matches: dict[int, _Match],
            batch: Batch, ref: Reference) -> Copies:
    found = sorted(matches)
    # The source sentences' indexes in their reports, read at once.
    sourced = [i for i in found if matches[i].kind != "outline"]
    source_sentences = dict(zip(sourced, batch.sentences(np.array([matches[i].report for i in sourced], dtype=np.int64),
                                                         np.array([matches[i].position for i in sourced], dtype=np.int64)
                                                         ).tolist()))
    copied = []
    for i, sentence in zip(found, sentences[found].tolist()):
        m = matches[i]
        if m.kind == "outline":
            document, section, wording = ref.passages[m.report]
            copied.append(CopiedSentence(sentence=sentence, kind=m.kind, similarity=m.similarity, same_text=False,
                                         source=document, source_name=section or document, source_year=None,
                                         source_sentence=None, source_page="", source_text=wording))
        else:
            q = batch.reports[m.report]
            copied.append(CopiedSentence(sentence=sentence, kind=m.kind, similarity=round(m.similarity, 2),
                                         same_text=m.same, source=q.source, source_name=q.page, source_year=q.year,
                                         source_sentence=source_sentences[i], source_page=q.page))
    # Shares of sentences, and of paragraphs: a paragraph is copied when copied sentences make
    # half or more of its tested text, of the kind that makes the most of it (the first of
    # KINDS on a tie). Lengths are summed as floats: exact, they are far below 2**53.
    tested = p.count
    kind = np.array([KINDS.index(matches[i].kind) for i in found], dtype=np.int64)
    places, paragraph = np.unique(paragraphs, return_inverse=True)
    size = np.bincount(paragraph, weights=lengths, minlength=len(places))
    by_kind_size = np.bincount(paragraph[found] * len(KINDS) + kind, weights=lengths[found],
                               minlength=len(places) * len(KINDS)).reshape(len(places), len(KINDS))
    copied_size = by_kind_size.sum(axis=1)
    by_sentence = np.bincount(kind, minlength=len(KINDS)).tolist()
    by_paragraph = np.bincount(by_kind_size[(copied_size > 0) & (2 * copied_size >= size)].argmax(axis=1),
                               minlength=len(KINDS)).tolist()
    return Copies(
        sentences=tested,
        paragraphs=len(places),
        copied=tuple(copied),
        sentence_shares=tuple((k, _pct(by_sentence[n], tested)) for n, k in enumerate(KINDS)),
        paragraph_shares=tuple((k, _pct(by_paragraph[n], len(places))) for n, k in enumerate(KINDS)),
    )


def _pct(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def stale_sentences(copies: Copies | None) -> frozenset[int]:
    """Sentences that repeat the same jurisdiction's earlier report word for word, figures
    included: evidence, but no credit as this year's work."""
    if copies is None:
        return frozenset()
    return frozenset(c.sentence for c in copies.copied if c.kind == "previous_year" and c.same_text)


def discount(evidence: dict[str, list[Evidence]], stale: frozenset[int]) -> dict[str, list[Evidence]]:
    """Evidence with the stale sentences' strength taken away: they stay evidence, marked
    与上年相同, but a repetition of last year's text and figures is no sign of this year's work.
    A sentence that repeats last year's practice with new figures is not stale and keeps its credit."""
    out: dict[str, list[Evidence]] = {}
    for item_id, found in evidence.items():
        out[item_id] = [e if e.sentence not in stale else
                        Evidence(item_id=e.item_id, sentence=e.sentence, start=e.start, end=e.end, quote=e.quote,
                                 role=e.role, terms=e.terms, strength="none",
                                 signals=(Signal("copy", SAME_LABEL), *e.signals))
                        for e in found]
    return out


def with_source_texts(copies: Copies, sentences_of: Callable[[str], list[str]]) -> Copies:
    """`copies` with the text of each source sentence in the batch, from `sentences_of(source)`
    (the source report's sentences, in order; read once per source)."""
    texts: dict[str, list[str]] = {}
    filled = []
    for c in copies.copied:
        if c.source_sentence is not None:
            if c.source not in texts:
                texts[c.source] = sentences_of(c.source)
            lines = texts[c.source]
            c = CopiedSentence(c.sentence, c.kind, c.similarity, c.same_text, c.source, c.source_name, c.source_year,
                               c.source_sentence, c.source_page,
                               lines[c.source_sentence] if c.source_sentence < len(lines) else "")
        filled.append(c)
    return replace(copies, copied=tuple(filled))
