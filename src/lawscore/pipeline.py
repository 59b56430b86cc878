"""Evaluate one report through every stage; run a batch, isolating failures.

ingest -> normalize -> segment -> metadata (+ manifest) -> match -> score (+ reviews). One bad
report becomes an error entry; it never stops the batch. Checklists are loaded by checklist_set.py,
manifest.yaml is read by manifest.py, reviews.yaml by reviews.py; evidence is trimmed and reviews
applied by score.py; this module only puts them in order.
"""
from __future__ import annotations

import dataclasses
import gc
import itertools
import logging
import math
import os
import select
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import cast

from . import checklist as checklist_mod
from . import copies as copies_mod
from . import figures, incremental, ingest, manifest, match, metadata, normalize, reviews, score, segment, spool
from .checklist_set import ChecklistSet, load_checklists, year_warning
from .errors import ReportError, UsageError
from .memo import ByIdentity
from .model import Checklist, ChecklistResult, Copies, Metadata, RawDocument, ReportResult, Review, Segmented
from .names import display
from .output import Processed, prepare, restore_signals

__all__ = ["ChecklistSet", "evaluate_document", "evaluate_file", "freeze_for_batch", "iter_batch",
           "load_checklists", "plan_batch", "report_seconds", "run_batch"]

log = logging.getLogger(__name__)

# Radicals (⻓ ⾏) in a text from this many on are worth a warning: a font mapped ideographs to them.
RADICALS_WARN = 5


# Matchers by the checklists that score a report together (outline, rules); a batch holds a
# few such pairs at most.
_MATCHERS: ByIdentity[tuple[match.Matcher, ...]] = ByIdentity(64)


def _matchers_for(checklists: tuple[Checklist, ...]) -> tuple[match.Matcher, ...]:
    """Matchers for checklists that score the same reports, sharing one vocabulary, so a
    report is scanned and its term occurrences judged once for all of them."""
    def make() -> tuple[match.Matcher, ...]:
        vocabulary = match.Vocabulary(checklists)
        return tuple(match.Matcher(c, vocabulary) for c in checklists)

    return _MATCHERS.get(checklists, make)


# The indicator extractor of a batch, built once per ChecklistSet's indicators.
_EXTRACTORS: ByIdentity[figures.Extractor] = ByIdentity(8)


def _extractor_for(declared: tuple) -> figures.Extractor:
    return _EXTRACTORS.get(declared, lambda: figures.Extractor(declared))


def evaluate_document(doc: RawDocument, setup: ChecklistSet, overrides: dict | None = None,
                      reviewed: dict[str, Review] | None = None) -> ReportResult:
    """Score one decoded report against the checklists chosen for its year; `reviewed` are the
    supervisor's reviews of this report file by item id (reviews.yaml), applied when the file
    is the one reviewed."""
    return score_document(read_document(doc, overrides), setup, reviewed)


def read_document(doc: RawDocument, overrides: dict | None = None) -> Segmented:
    """Normalise and segment one decoded report and read its metadata (manifest fields win)."""
    norm = normalize.normalize(doc.text)
    title = metadata.find_title(norm)
    seg = segment.segment(norm, title)
    body = norm.text[norm.body_start:]
    meta = manifest.apply(metadata.extract(norm, title, body), overrides or {})
    meta, notes = ingest.with_properties(meta, doc)  # the file's own title and date, where the text has none
    document = dataclasses.replace(doc, text="", warnings=doc.warnings + tuple(notes))
    return Segmented(document=document, normalized=norm, segmentation=seg, metadata=meta)


def chosen_checklists(setup: ChecklistSet, year: int | None) -> dict[str, Checklist]:
    """The checklists a report of `year` is scored with, by kind: the `--checklist` override
    for its kind, else the one its year calls for."""
    chosen: dict[str, Checklist] = {}
    for kind in ("outline", "rules"):
        if setup.override is not None and setup.override.kind == kind:
            chosen[kind] = setup.override
        else:
            found = checklist_mod.choose(list(setup.checklists), kind, year)
            if found is not None:
                chosen[kind] = found
    return chosen


def score_document(read: Segmented, setup: ChecklistSet, reviewed: dict[str, Review] | None = None,
                   copies: Copies | None = None, worked: list[incremental.Worked] | None = None,
                   earlier: incremental.Worked | None = None) -> ReportResult:
    """Score a segmented report; `copies` is what the batch's copy check found in it: sentences
    that repeat its earlier report word for word, figures included, earn no credit as work.
    `worked`, when given, receives what scoring worked out from the report's sentences alone
    (incremental.Worked: where it holds the checklists' terms as reported work, which are what
    its scores depend on, incremental.Projection); `earlier` is that of an earlier scoring of
    the same sentences with other checklists: only the terms it did not look for are looked
    for (match.reuse_admitted), and no sentence's concreteness is judged again."""
    doc, norm, seg, meta = read.document, read.normalized, read.segmentation, read.metadata
    stale = copies_mod.stale_sentences(copies)

    chosen = chosen_checklists(setup, meta.year)
    results: dict[str, ChecklistResult | None] = {"outline": None, "rules": None}
    match.regex_timeouts.clear()
    # sentence concreteness, shared by the checklists (wording.admit.own)
    assessed: dict[int, tuple] = dict(earlier.assessed) if earlier is not None else {}
    found = None
    if chosen:
        matchers = _matchers_for(tuple(chosen.values()))
        stances: dict[int, set[int]] = {}  # terms named only in an opening stance, per sentence
        vocabulary = matchers[0].vocabulary
        per_sentence = None
        if earlier is not None and earlier.admitted is not None:
            try:
                per_sentence = match.reuse_admitted(vocabulary, seg, earlier.admitted, assessed, stances)
            except ValueError:  # not this report's sentences: nothing of it is used
                stances.clear()
                assessed.clear()
                earlier = None
        if per_sentence is None:
            per_sentence = match.admitted_terms(vocabulary, seg, assessed, stances)
        index = match.index_terms(seg, per_sentence, stances)
        if worked is not None:
            # a stance's terms make quotes too (仅有表述): an edit of them must rescore the report
            found = match.Admitted.found(vocabulary, per_sentence, stances)
        for (kind, checklist), m in zip(chosen.items(), matchers):
            evidence = match.find_evidence(m, norm.text, seg, assessed, index)
            if stale:
                evidence = copies_mod.discount(evidence, stale)
            scored = score.score_checklist(checklist, evidence, meta.level, meta)
            if reviewed:
                scored = score.apply_reviews(scored, reviewed, doc.sha256)
            results[kind] = score.trim_evidence(scored)
    indicator_results = figures.evaluate(_extractor_for(setup.indicators), norm, seg, meta.year) if setup.indicators else ()
    if worked is not None:
        worked.append(incremental.Worked(found, assessed))
    warnings = list(doc.warnings)
    if reviewed:
        used = {r.item.id for part in results.values() if part is not None for r in part.items}
        for item_id in sorted(set(reviewed) - used):
            warnings.append(f"复核记录中的事项 {item_id} 不在本报告所用的清单中,未采用")
    for pattern, count in sorted(match.regex_timeouts.items()):
        warnings.append(f"清单中的正则表达式 {pattern} 在{count}处超过{match.REGEX_TIMEOUT:g}秒未完成,按不匹配处理,"
                        "评分可能偏低; 请用 lawscore validate 检查并改写它")
    match.regex_timeouts.clear()
    for checklist in chosen.values():
        mismatch = year_warning(setup, checklist, meta.year)
        if mismatch:
            warnings.append(mismatch)
    if norm.converted_traditional:
        warnings.append("繁体字已转换为简体")
    if norm.pinyin_removed:
        warnings.append(f"已去除{norm.pinyin_removed}处拼音注音")
    radicals = norm.radicals_replaced + norm.radicals_left
    if radicals >= RADICALS_WARN:
        warnings.append(f"正文中有{radicals}个部首字符（PDF字体把汉字映射成了⻓、⾏一类的部首），"
                        f"已换成对应汉字{norm.radicals_replaced}个，无法对应{norm.radicals_left}个；请对照原文核对评分")
        log.warning("%s: %s", doc.source, warnings[-1])  # on stderr as well: the score may be too low
    return ReportResult(
        source=doc.source,
        document=doc,  # its raw text is not needed past read_document
        normalized=norm,
        segmentation=seg,
        metadata=meta,
        outline=results["outline"],
        rules=results["rules"],
        warnings=tuple(warnings),
        indicators=indicator_results,
        copies=copies,
    )


def evaluate_file(path: Path, shown: str, setup: ChecklistSet, overrides: dict | None = None,
                  reviewed: dict[str, Review] | None = None, member: str | None = None) -> ReportResult:
    """Read and score one file (or the `member` of the zip at `path`); a ReportError becomes an
    entry with errors and no items."""
    read = read_file(path, shown, overrides, member)
    if isinstance(read, ReportResult):
        return read
    return _scored(read, setup, reviewed)


def read_file(path: Path, shown: str, overrides: dict | None = None, member: str | None = None,
              known: tuple[bytes, str] | None = None) -> Segmented | ReportResult:
    """Read, normalise and segment one file (or the `member` of the zip at `path`; `known`:
    its bytes and their sha256, when read already); a report that cannot be read becomes an
    entry with errors (a ReportResult)."""
    try:
        return read_document(ingest.read(path, shown, member, known), overrides)
    except Exception as exc:  # noqa: BLE001 - one bad report must never stop the batch
        return _failed(shown, exc)


def _scored(read: Segmented, setup: ChecklistSet, reviewed: dict[str, Review] | None,
            copies: Copies | None = None, worked: list[incremental.Worked] | None = None,
            earlier: incremental.Worked | None = None) -> ReportResult:
    try:
        return score_document(read, setup, reviewed, copies, worked, earlier)
    except Exception as exc:  # noqa: BLE001 - one bad report must never stop the batch
        return _failed(read.document.source, exc)


def _failed(shown: str, exc: Exception) -> ReportResult:
    if isinstance(exc, ReportError):
        return ReportResult(source=shown, document=None, normalized=None, segmentation=None,
                            metadata=Metadata(), outline=None, rules=None, errors=(str(exc),))
    log.error("unexpected error in %s", shown, exc_info=exc)
    return ReportResult(source=shown, document=None, normalized=None, segmentation=None,
                        metadata=Metadata(), outline=None, rules=None,
                        errors=(f"评分时出现内部错误({type(exc).__name__}: {exc}); 请报告这个问题",))


_worker_setup: ChecklistSet | None = None
_worker_formats: frozenset[str] | None = frozenset()  # None: keep the full ReportResult
_worker_seconds: float = 0.0  # the wall-clock limit of one report; 0: none


def _init_worker(setup: ChecklistSet, formats: frozenset[str] | None, seconds: float = 0.0) -> None:
    global _worker_setup, _worker_formats, _worker_seconds
    _worker_setup = setup
    _worker_formats = formats
    _worker_seconds = seconds


def _init_pool_worker(setup: ChecklistSet, formats: frozenset[str] | None, seconds: float, parent: int) -> None:
    restore_signals()  # forked while the run writes its output, with the run's own handlers
    _exit_with(parent)
    _init_worker(setup, formats, seconds)
    freeze_for_batch()  # a worker process lives for one batch


def _exit_with(parent: int) -> None:
    """End this worker process as soon as process `parent` (the one running the batch) ends,
    however it ends: killed with -9, a worker would otherwise wait for work forever, an orphan
    holding the batch's pipes. A daemon thread waits on the parent's pidfd (Linux), or looks
    at the parent pid twice a second where there is none."""
    def watch() -> None:
        try:
            fd = os.pidfd_open(parent)
        except ProcessLookupError:
            os._exit(1)
        except (AttributeError, OSError):  # no pidfd here: poll
            while os.getppid() == parent:
                time.sleep(0.5)
            os._exit(1)
        select.select([fd], [], [])  # readable once the parent has ended
        os._exit(1)

    threading.Thread(target=watch, name="lawscore-parent-watch", daemon=True).start()


def freeze_for_batch() -> None:
    """Move everything loaded so far (modules, checklists) out of the garbage collector's
    walks: it lives for the whole run, and a full collection no longer visits it while
    reports come and go (2-3% of a batch's time). For a process that scores one batch and
    ends, as `lawscore evaluate` does; a long-lived caller should leave the collector be.

    The youngest generation is also collected less often (every 20,000 allocations instead
    of 700): scoring a report makes thousands of short-lived tuples and dicts, none of them
    in a cycle, and each early collection walks them for nothing.

    The gazetteer is read first, so it is frozen too, and workers forked after share it."""
    metadata.gazetteer.load()
    gc.freeze()
    gc.set_threshold(20_000, 10, 10)


Task = tuple[ingest.Source, dict, dict]  # the report, its manifest overrides, its reviews by item id

REPORT_SECONDS = 600.0  # a report's wall-clock limit unless LAWSCORE_REPORT_SECONDS says otherwise


def report_seconds() -> float:
    """The wall-clock limit of one report (reading, scoring, rendering), in seconds, from
    LAWSCORE_REPORT_SECONDS (default REPORT_SECONDS; 0 or off: no limit)."""
    setting = os.environ.get("LAWSCORE_REPORT_SECONDS", "").strip()
    if not setting:
        return REPORT_SECONDS
    if setting.lower() in ("0", "off", "no"):
        return 0.0
    try:
        seconds = float(setting)
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds) or seconds <= 0:
        raise UsageError(f'LAWSCORE_REPORT_SECONDS="{setting}" 不是正的秒数; 请写如 600 的数,或 off(不限时)')
    return seconds


class ReportTimeout(BaseException):
    """A report ran past its wall-clock limit. A BaseException, so that the `except Exception`
    of a stage cannot take it for the stage's own error and carry on."""


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise ReportTimeout in the block after `seconds` of wall-clock time (SIGALRM; only in a
    process's main thread, elsewhere the block runs unlimited)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum: int, frame: object) -> None:
        raise ReportTimeout

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _limited(shown: str, step: Callable[[], Processed | ReportResult]) -> Processed | ReportResult:
    """`step()` within the wall-clock limit of one report; past it, an entry saying so."""
    try:
        with _time_limit(_worker_seconds):
            return step()
    except ReportTimeout:
        message = (f"评分超过{_worker_seconds:g}秒仍未完成,已放弃这份报告(其余报告照常评分); "
                   "如需更长时间,请设置环境变量 LAWSCORE_REPORT_SECONDS")
        log.warning("%s: %s", shown, message)
        if _worker_formats is None:
            return ReportResult(source=shown, document=None, normalized=None, segmentation=None,
                                metadata=Metadata(), outline=None, rules=None, errors=(message,))
        return Processed(source=shown, error=message)


def _prepared(result: ReportResult) -> Processed | ReportResult:
    if _worker_formats is None:
        return result
    try:
        return prepare(result, _worker_formats)
    except Exception as exc:  # noqa: BLE001 - one bad report must never stop the batch
        log.exception("unexpected error while rendering %s", result.source)
        return Processed(source=result.source,
                         error=f"生成输出时程序内部出错({type(exc).__name__}: {exc}); 这是程序的问题,请报告")


# A batch reads every report before it scores any, so the copy check (copies.py) can compare
# each report with the others: the first pass reads, segments and fingerprints each report and
# leaves it in the batch's spool (spool.py: on disk, so nothing is read twice, an OCR'd scan
# included); the batch keeps only the fingerprints and where each report is; the second pass
# takes each report back from the spool and scores it with the copies found in it, the copied
# passages' sources read back from the spool too. A report read by an earlier run comes from
# the cache instead (incremental.py): only its sentences are spooled; and the copies of a batch
# of the same reports as an earlier run's are that run's (copies.find_kept). Each pass has the
# wall-clock limit of one report.
Scanned = tuple[copies_mod.Prints, spool.Record, "str | None"]  # ... and the report's cache key
Held = tuple[copies_mod.Kept, spool.Record, "str | None"]  # the same, its fingerprints in the batch's file
Scan = tuple[Task, str]  # the task, the spool folder
Rescore = tuple[Task, str, "spool.Record | None", "str | None", "int | None", "Copies | ReportResult",
                dict[str, spool.Record], "str | None"]
# ... and where the report is, its cache key, its year, its copies (or why it could not be read),
# where the copies' sources are, and a hash of what its output depends on in its copies
# (copies.identity; None: the copies themselves, their sources' text read back, are hashed)


def _scan(job: Scan) -> Scanned | ReportResult:
    """Pass 1: read, segment and fingerprint one report, and spool it for pass 2."""
    (source, overrides, _), folder = job
    shown = source.shown

    def step() -> Scanned | ReportResult:
        key = incremental.text_key(source.path, shown, source.member, overrides)
        known = incremental.bytes_read(source.path) if source.member is None else None
        kept = incremental.load_prints(key)  # a report read before: nothing to read now
        if kept is not None:
            return cast("copies_mod.Prints", kept[0]), spool.put(folder, None, kept[1]), key
        read = read_file(source.path, shown, overrides, source.member, known)
        if isinstance(read, ReportResult):
            return read
        try:
            prints, lines = copies_mod.fingerprint(read), spool.lines(read)
            record = spool.put(folder, read, lines)
            incremental.store_read(key, read, prints, lines)
        except Exception as exc:  # noqa: BLE001 - one bad report must never stop the batch
            return _failed(shown, exc)
        return prints, record, key

    try:
        with _time_limit(_worker_seconds):
            return step()
    except ReportTimeout:
        return ReportResult(source=shown, document=None, normalized=None, segmentation=None, metadata=Metadata(),
                            outline=None, rules=None,
                            errors=(f"读取超过{_worker_seconds:g}秒仍未完成,已放弃这份报告(其余报告照常评分); "
                                    "如需更长时间,请设置环境变量 LAWSCORE_REPORT_SECONDS",))


def _rescore(job: Rescore) -> Processed | ReportResult:
    """Pass 2: score one spooled report with the copies found in it (or pass its error on)."""
    task, folder, record, key, year, found, sources, ident = job
    shown = task[0].shown

    def step() -> Processed | ReportResult:
        if isinstance(found, ReportResult) or record is None:
            return _prepared(found if isinstance(found, ReportResult) else _failed(shown, RuntimeError("not spooled")))
        assert _worker_setup is not None
        def texts() -> Copies:  # the copies with their sources' sentences, read back from the spool
            assert not isinstance(found, ReportResult)
            return copies_mod.with_source_texts(found, lambda source: spool.sentences(folder, sources[source]))

        try:
            copies = texts() if ident is None else None
            done = incremental.out_key(key, shown, _worker_formats, task[2], ident or copies)  # None: not kept
            read, kept, known = _reused(task, folder, record, key, year, done)
            if isinstance(read, Processed):
                return read  # scored before, with the same checklists (as far as its terms go), reviews and copies
            if isinstance(read, ReportResult):
                return _prepared(read)
            if copies is None:
                copies = texts()
        except Exception as exc:  # noqa: BLE001 - one bad report must never stop the batch
            return _prepared(_failed(shown, exc))
        worked: list[incremental.Worked] = []
        result = _scored(read, _worker_setup, task[2], copies, worked, known)
        processed = _prepared(result)
        if kept and not result.errors and worked:
            incremental.store_out(done, _worker_setup, chosen_checklists(_worker_setup, year), worked[0], result, processed)
        return processed

    return _limited(shown, step)


def _reused(task: Task, folder: str, record: spool.Record, key: str | None, year: int | None,
            done: str | None) -> tuple[Segmented | Processed | ReportResult, bool, incremental.Worked | None]:
    """Pass 2's report: its output from the cache when it was scored before with the same
    checklists (as far as the terms it holds go), reviews and copies (incremental.py), else
    its Segmented (from the spool, the cache, or read again), whether its output is to be kept,
    and where it held the terms of the checklists it was last scored with, if known."""
    source, overrides, reviewed = task
    assert _worker_setup is not None
    known = None
    if done is not None:
        kept, known = incremental.load_out(done, _worker_setup, chosen_checklists(_worker_setup, year),
                                           lambda: spool.text(folder, record))
        if kept is not None:
            return kept, False, None
    if record.data:
        return spool.get(folder, record), key is not None, None
    cached = incremental.load_read(key)
    if cached is not None:
        return cached, True, known
    # Gone from the cache since pass 1 (or torn): read again, and keep it unless the file changed.
    read = read_file(source.path, source.shown, overrides, source.member)
    again = incremental.text_key(source.path, source.shown, source.member, overrides)
    incremental.bytes_read(source.path)  # read already: not kept
    if isinstance(read, ReportResult) or again != key:
        return read, False, None
    incremental.store_read(key, read)
    return read, True, None


def _alone(task: Task) -> Processed | ReportResult:
    """Read and score one report in one go, without the copy check (LAWSCORE_COPIES=off)."""
    source, overrides, reviewed = task
    assert _worker_setup is not None
    setup = _worker_setup
    return _limited(source.shown, lambda: _prepared(
        evaluate_file(source.path, source.shown, setup, overrides, reviewed, source.member)))


def _alone_chunk(tasks: list[Task]) -> list[Processed | ReportResult]:
    return [_alone(task) for task in tasks]


def _scan_chunk(jobs: list[Scan]) -> list[Scanned | ReportResult]:
    return [_scan(job) for job in jobs]


def _rescore_chunk(jobs: list[Rescore]) -> list[Processed | ReportResult]:
    return [_rescore(job) for job in jobs]


def in_order(submit: Callable[[list], Future], tasks: Iterable, chunk: int, window: int) -> Iterator:
    """The results of `tasks`, in order, worked on in chunks of `chunk` with at most `window`
    chunks submitted and not yet taken: the work in flight, and the results waiting for a
    slow one before them, stay bounded however long the batch (Executor.map would submit
    every task at once and keep every result until it is taken).

    Closed early (the run interrupted, or its consumer failing), it cancels the chunks not yet
    started, so that a stopped run waits only for those a worker is already scoring."""
    jobs = iter(tasks)
    pending: deque[Future] = deque()

    def more() -> None:
        part = list(itertools.islice(jobs, chunk))
        if part:
            pending.append(submit(part))

    try:
        for _ in range(window):
            more()
        while pending:
            done = pending.popleft().result()
            more()
            yield from done
    finally:
        for future in pending:
            future.cancel()


def plan_batch(paths: list[str], setup: ChecklistSet | None = None, review_files: list[reviews.Loaded] | None = None,
               follow_links: bool = False) -> tuple[list[Task], list[tuple[str, str]]]:
    """The reports to score, in a stable order, with their manifest overrides and reviews; and
    path errors.

    A review with a problem (an unknown report, item of `setup`'s checklists, or status) is left
    out: given a `review_files` list, every reviews.yaml read is appended to it (its problems and
    how many entries were skipped, for the command to report) and the batch goes on; without
    one, a reviews.ReviewError listing every problem is raised.
    """
    files, errors = ingest.collect(paths, follow_links)
    manifests: dict[Path, dict] = {}
    reviewed: dict[Path, reviews.Reviews] = {}
    items = reviews.known_items(setup.checklists + ((setup.override,) if setup.override else ())) if setup else None
    loaded: list[reviews.Loaded] = []
    tasks: list[Task] = []
    for source in files:
        folder = source.path.parent
        if folder not in manifests:
            try:
                manifests[folder] = manifest.read_manifest(folder)
            except ReportError as exc:
                errors.append((display(str(folder / manifest.MANIFEST)), str(exc)))
                manifests[folder] = {}
            loaded.append(reviews.load_reviews(folder, items))
            reviewed[folder] = loaded[-1].reviews
        name = source.path.name if source.member is None else f"{source.path.name}!{source.member}"
        tasks.append((source, manifests[folder].get(name, {}), reviewed[folder].get(name, {})))
    if review_files is not None:
        review_files.extend(loaded)
    elif any(r.problems for r in loaded):
        raise reviews.ReviewError([p for r in loaded for p in r.problems])
    return tasks, errors


def iter_batch(tasks: list[Task], setup: ChecklistSet, formats: frozenset[str] | None,
               jobs: int = 1) -> Iterator[Processed | ReportResult]:
    """Score every task, yielding results in task order as they are ready: each prepared for
    `formats` (a Processed), or the full ReportResult when formats is None.

    The one batch runner: `lawscore evaluate` and run_batch both use it. Every report is read
    and fingerprinted before any is scored, for the copy check (see _scan). With jobs > 1 the work
    is spread over processes, a bounded number of chunks at a time (in_order), and the output
    is identical to jobs=1. Every report has a wall-clock limit (report_seconds): one past it
    becomes an unreadable entry saying so, and the batch goes on. Worker processes end when
    the process running the batch ends, even when it is killed.
    """
    seconds = report_seconds()
    if os.environ.get("LAWSCORE_COPIES", "").strip().lower() in ("off", "0", "no"):
        yield from _without_copies(tasks, setup, formats, jobs, seconds)
        return
    copies_mod.reference()  # read once, before the workers are forked: they share it
    with spool.batch_spool() as folder:
        scans = [(task, folder) for task in tasks]
        batch = copies_mod.Batch(folder)  # each report's fingerprints go to disk as they come: not kept in memory
        if jobs <= 1 or len(tasks) <= 1:
            _init_worker(setup, formats, seconds)
            scanned = [_held(batch, _scan(job)) for job in scans]
            yield from (_rescore(job) for job in _rescores(scans, scanned, batch))
            return
        workers = min(jobs, len(tasks))
        chunk = max(1, min(16, len(tasks) // (workers * 8)))
        with ProcessPoolExecutor(max_workers=workers, initializer=_init_pool_worker,
                                 initargs=(setup, formats, seconds, os.getpid())) as pool:
            scanned = [_held(batch, s) for s in in_order(lambda part: pool.submit(_scan_chunk, part), scans, chunk,
                                                         window=4 * workers)]
            yield from in_order(lambda part: pool.submit(_rescore_chunk, part), _rescores(scans, scanned, batch), chunk,
                                window=4 * workers)


def _without_copies(tasks: list[Task], setup: ChecklistSet, formats: frozenset[str] | None, jobs: int,
                    seconds: float) -> Iterator[Processed | ReportResult]:
    """The batch in one pass, each report read and scored at once, with no copy check: what
    LAWSCORE_COPIES=off asks for (a batch too big for the spool's disk, or to measure the check)."""
    if jobs <= 1 or len(tasks) <= 1:
        _init_worker(setup, formats, seconds)
        yield from (_alone(task) for task in tasks)
        return
    workers = min(jobs, len(tasks))
    chunk = max(1, min(16, len(tasks) // (workers * 8)))
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_pool_worker,
                             initargs=(setup, formats, seconds, os.getpid())) as pool:
        yield from in_order(lambda part: pool.submit(_alone_chunk, part), tasks, chunk, window=4 * workers)


def _held(batch: copies_mod.Batch, scanned: Scanned | ReportResult) -> Held | ReportResult:
    """A scanned report as the batch holds it until pass 2: its fingerprints in `batch`'s file."""
    if isinstance(scanned, ReportResult):
        return scanned
    prints, record, key = scanned
    return batch.add(prints), record, key


def _rescores(scans: list[Scan], scanned: list[Held | ReportResult], batch: copies_mod.Batch) -> Iterator[Rescore]:
    """Pass 2's jobs: each report with the copies found in it, made one at a time."""
    records = {s[0].source: s[1] for s in scanned if not isinstance(s, ReportResult)}
    read = [s for s in scanned if not isinstance(s, ReportResult)]
    keys = {s[0].source: s[2] for s in read}
    found = copies_mod.find_kept(batch, [s[2] for s in read])
    for (task, folder), s in zip(scans, scanned):
        if isinstance(s, ReportResult):
            yield task, folder, None, None, None, s, {}, None
            continue
        copies = next(found)
        sources = {c.source: records[c.source] for c in copies.copied if c.source_sentence is not None}
        yield task, folder, s[1], s[2], s[0].year, copies, sources, copies_mod.identity(copies, keys) if s[2] else None


def run_batch(paths: list[str], setup: ChecklistSet, jobs: int = 1) -> tuple[list[ReportResult], list[tuple[str, str]]]:
    """Score every report under `paths` and keep the full results (for tests and tools)."""
    tasks, errors = plan_batch(paths, setup)
    results = cast("list[ReportResult]", list(iter_batch(tasks, setup, None, jobs)))  # formats None: full results
    return results, errors
