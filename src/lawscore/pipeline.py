"""Evaluate one report through every stage; run a batch, isolating failures.

ingest -> normalize -> segment -> metadata -> match -> score. One bad report becomes an
error entry; it never stops the batch.
"""
from __future__ import annotations

import dataclasses
import gc
import hashlib
import logging
import os
import pickle
from concurrent.futures import ProcessPoolExecutor
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from . import checklist as checklist_mod
from . import ingest, match, metadata, normalize, score, segment
from .errors import ChecklistError, Problem, ReportError
from .memo import ByIdentity
from .model import Checklist, ChecklistResult, ItemResult, Metadata, RawDocument, ReportResult
from .yamlload import YamlError, load_yaml

log = logging.getLogger(__name__)

MANIFEST = "manifest.yaml"
# Evidence kept per item once it is scored: enough to show and explain the verdict, while a
# 30 MB report that repeats itself cannot make results.json or a scorecard explode.
MAX_EVIDENCE = 12
_ROLE_RANK = {"achievements": 0, "duty": 0, "preamble": 1, "shortcomings": 2, "plans": 3}
_STRENGTH_RANK = {"strong": 0, "weak": 1, "none": 2}
_MANIFEST_FIELDS = ("jurisdiction", "level", "year", "published")


@dataclass(frozen=True)
class Setup:
    """Everything a worker needs to score reports: the checklists and any override."""

    checklists: tuple[Checklist, ...]
    override: Checklist | None = None


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


def _cache_dir() -> Path | None:
    setting = os.environ.get("LAWSCORE_CACHE", "")
    if setting.lower() in ("off", "0", "no"):
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "lawscore"


def _cache_key(folder: Path, override: str | None) -> str:
    """A hash of everything a loaded Setup depends on: code version, schema, checklist files."""
    from importlib import metadata as pkg
    from importlib import resources

    h = hashlib.sha256()
    try:
        h.update(pkg.version("lawscore").encode())
    except pkg.PackageNotFoundError:  # pragma: no cover - running from a source tree
        h.update(b"dev")
    h.update(Path(__file__).read_bytes())
    h.update(Path(checklist_mod.__file__).read_bytes())
    h.update(resources.files("lawscore").joinpath("checklist.schema.json").read_bytes())
    folders = [Path(folder)]
    if override and (Path(override).suffix in (".yaml", ".yml") or Path(override).exists()):
        folders.append(Path(override).parent)
        h.update(b"override-file:" + str(Path(override).resolve()).encode())
    elif override:
        h.update(b"override-id:" + override.encode())
    for f in folders:
        for path in checklist_mod.discover(f) if f.is_dir() else []:
            h.update(str(path.resolve()).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def load_checklists(folder: Path, override: str | None) -> Setup:
    """Load every checklist in `folder` and the `--checklist` override (an id or a file).

    A loaded, validated Setup is cached (pickled) under ~/.cache/lawscore, keyed by a hash of
    the checklist files, the schema and this code, so an unchanged checklist is not parsed and
    validated again on the next run. LAWSCORE_CACHE=off turns the cache off.
    """
    cache = _cache_dir()
    key = None
    if cache is not None:
        try:
            key = _cache_key(folder, override)
            with (cache / f"setup-{key}.pickle").open("rb") as fh:
                return pickle.load(fh)  # noqa: S301 - our own cache, written by this function
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
            pass
    setup = _load_checklists(folder, override)
    if cache is not None and key is not None:
        try:
            cache.mkdir(parents=True, exist_ok=True, mode=0o700)
            tmp = cache / f".setup-{key}.{os.getpid()}"
            with tmp.open("wb") as fh:
                pickle.dump(setup, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, cache / f"setup-{key}.pickle")
        except OSError:
            log.debug("cannot write the checklist cache in %s", cache)
    return setup


def _load_checklists(folder: Path, override: str | None) -> Setup:
    problems: list[Problem] = []
    loaded: list[Checklist] = []
    for path in checklist_mod.discover(folder):
        try:
            loaded.append(checklist_mod.load(path))
        except ChecklistError as exc:
            problems.extend(exc.problems)
    chosen = None
    if override:
        as_path = Path(override)
        if as_path.suffix in (".yaml", ".yml") or as_path.exists():
            try:
                chosen = checklist_mod.load(as_path)
            except ChecklistError as exc:
                problems.extend(exc.problems)
        else:
            by_id = [c for c in loaded if c.id == override]
            if not by_id and not problems:
                known = ", ".join(sorted(c.id for c in loaded)) or "none found"
                problems.append(Problem(str(folder), 0, "",
                                        f'no checklist with id "{override}"; use one of: {known}, or give a file path'))
            chosen = by_id[0] if by_id else None
    if problems:
        raise ChecklistError(problems)
    if not loaded and chosen is None:
        raise ChecklistError([Problem(str(folder), 0, "", "no checklist (*.yaml) found; pass --checklist FILE")])
    return Setup(tuple(loaded), chosen)


def read_manifest(folder: Path) -> dict[str, dict]:
    """Overrides from `manifest.yaml` in a report folder: {file name: {field: value}}."""
    path = folder / MANIFEST
    if not path.is_file():
        return {}
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (YamlError, UnicodeDecodeError) as exc:
        line = getattr(exc, "line", 0)
        raise ReportError(f"{path}:{line}: manifest is not valid YAML: {getattr(exc, 'message', exc)}") from None
    if not isinstance(data, dict):
        raise ReportError(f"{path}:1: manifest must map file names to fields ({', '.join(_MANIFEST_FIELDS)})")
    out = {}
    for name, fields in data.items():
        if not isinstance(fields, dict):
            continue
        out[str(name)] = {k: fields[k] for k in _MANIFEST_FIELDS if k in fields}
    return out


def _apply_manifest(meta: Metadata, fields: dict) -> Metadata:
    if not fields:
        return meta
    changes = {}
    for key, value in fields.items():
        if key == "year" and value is not None:
            value = int(value)
        changes[key] = None if value is None else value if key == "year" else str(value)
    sources = tuple((f, s) for f, s in meta.sources if f not in changes) + tuple((f, "manifest") for f in sorted(changes))
    if "jurisdiction" in changes and "level" not in changes and changes["jurisdiction"]:
        changes["level"] = metadata.level_of(changes["jurisdiction"]) or meta.level
    return dataclasses.replace(meta, sources=sources, **changes)


def _trim(result: ChecklistResult) -> ChecklistResult:
    """Keep the most telling MAX_EVIDENCE pieces of evidence per item, in text order."""
    items = []
    for r in result.items:
        evidence = r.evidence
        if not evidence:
            items.append(r)  # evidence_total is 0 already
            continue
        if len(evidence) > MAX_EVIDENCE:
            ranked = sorted(evidence, key=lambda e: (_ROLE_RANK.get(e.role, 4), _STRENGTH_RANK.get(e.strength, 3), e.start))
            evidence = tuple(sorted(ranked[:MAX_EVIDENCE], key=lambda e: e.start))
        items.append(ItemResult(r.item, r.status, evidence, r.reason, len(r.evidence)))
    return dataclasses.replace(result, items=tuple(items))


def evaluate_document(doc: RawDocument, setup: Setup, overrides: dict | None = None) -> ReportResult:
    """Score one decoded report against the checklists chosen for its year."""
    norm = normalize.normalize(doc.text)
    title = metadata.find_title(norm)
    seg = segment.segment(norm, title)
    body = norm.text[norm.body_start:]
    meta = _apply_manifest(metadata.extract(norm, title, body), overrides or {})

    chosen: dict[str, Checklist] = {}
    for kind in ("outline", "rules"):
        if setup.override is not None and setup.override.kind == kind:
            chosen[kind] = setup.override
        else:
            found = checklist_mod.choose(list(setup.checklists), kind, meta.year)
            if found is not None:
                chosen[kind] = found
    results: dict[str, ChecklistResult | None] = {"outline": None, "rules": None}
    if chosen:
        matchers = _matchers_for(tuple(chosen.values()))
        assessed: dict[int, tuple] = {}  # sentence concreteness, shared by the checklists
        index = match.index_terms(seg, match.admitted_terms(matchers[0].vocabulary, norm.text, seg, assessed))
        for (kind, checklist), m in zip(chosen.items(), matchers):
            evidence = match.find_evidence(m, norm.text, seg, assessed, index)
            results[kind] = _trim(score.score_checklist(checklist, evidence, meta.level, meta))
    warnings = list(doc.warnings)
    if norm.converted_traditional:
        warnings.append("繁体字已转换为简体")
    if norm.pinyin_removed:
        warnings.append(f"已去除{norm.pinyin_removed}处拼音注音")
    return ReportResult(
        source=doc.source,
        document=dataclasses.replace(doc, text=""),  # the raw text is not needed past this point
        normalized=norm,
        segmentation=seg,
        metadata=meta,
        outline=results["outline"],
        rules=results["rules"],
        warnings=tuple(warnings),
    )


def evaluate_file(path: Path, shown: str, setup: Setup, overrides: dict | None = None) -> ReportResult:
    """Read and score one file; a ReportError becomes an entry with errors and no items."""
    try:
        doc = ingest.read(path, shown)
        return evaluate_document(doc, setup, overrides)
    except ReportError as exc:
        return ReportResult(source=shown, document=None, normalized=None, segmentation=None,
                            metadata=Metadata(), outline=None, rules=None, errors=(str(exc),))
    except Exception as exc:  # noqa: BLE001 - one bad report must never stop the batch
        log.exception("unexpected error in %s", shown)
        return ReportResult(source=shown, document=None, normalized=None, segmentation=None,
                            metadata=Metadata(), outline=None, rules=None,
                            errors=(f"internal error while scoring ({type(exc).__name__}: {exc}); please report it",))


@dataclass(frozen=True)
class Processed:
    """What the output stage needs of one report; the heavy ReportResult is gone by now.

    Made in the worker process, so rendering runs in parallel and the main process holds
    only small summaries.
    """

    source: str
    error: str | None = None  # why the report could not be read; nothing else is set then
    entry: str | None = None  # its results.json entry
    summary: object | None = None  # render.Summary
    section: str | None = None  # its rendered scorecard section
    export: object | None = None  # exports.ExportRecord: its rows of results.csv / results.xlsx
    ocr_pages: int = 0  # pages read by OCR, for the progress output


def prepare(result: ReportResult, formats: frozenset[str]) -> Processed:
    """Turn a scored report into what the output stage writes."""
    if result.errors:
        return Processed(source=result.source, error="; ".join(result.errors))
    entry = summary = section = export = None
    if "json" in formats:
        from . import results

        entry = results.entry_text(result)
    if "html" in formats:
        from . import render

        summary, section = render.summarize(result), render.report_section(result)
    if formats & {"csv", "xlsx"}:
        from . import exports

        export = exports.record(result)
    ocr = result.document.ocr if result.document is not None else None
    return Processed(source=result.source, entry=entry, summary=summary, section=section, export=export,
                     ocr_pages=len(ocr.pages) if ocr else 0)


_worker_setup: Setup | None = None
_worker_formats: frozenset[str] = frozenset()


def _init_worker(setup: Setup, formats: frozenset[str]) -> None:
    global _worker_setup, _worker_formats
    _worker_setup = setup
    _worker_formats = formats


def _init_pool_worker(setup: Setup, formats: frozenset[str]) -> None:
    _init_worker(setup, formats)
    freeze_for_batch()  # a worker process lives for one batch


def freeze_for_batch() -> None:
    """Move everything loaded so far (modules, checklists) out of the garbage collector's
    walks: it lives for the whole run, and a full collection no longer visits it while
    reports come and go (2-3% of a batch's time). For a process that scores one batch and
    ends, as `lawscore evaluate` does; a long-lived caller should leave the collector be."""
    gc.freeze()


def _work(task: tuple[str, str, dict]) -> Processed:
    path, shown, overrides = task
    assert _worker_setup is not None
    result = evaluate_file(Path(path), shown, _worker_setup, overrides)
    try:
        return prepare(result, _worker_formats)
    except Exception as exc:  # noqa: BLE001 - one bad report must never stop the batch
        log.exception("unexpected error while rendering %s", shown)
        return Processed(source=shown, error=f"internal error while rendering ({type(exc).__name__}: {exc}); please report it")


def plan_batch(paths: list[str]) -> tuple[list[tuple[str, str, dict]], list[tuple[str, str]]]:
    """The reports to score, in a stable order, with their manifest overrides; and path errors."""
    files, errors = ingest.collect(paths)
    manifests: dict[Path, dict] = {}
    tasks = []
    for path, shown in files:
        folder = path.parent
        if folder not in manifests:
            try:
                manifests[folder] = read_manifest(folder)
            except ReportError as exc:
                errors.append((str(folder / MANIFEST), str(exc)))
                manifests[folder] = {}
        tasks.append((str(path), shown, manifests[folder].get(path.name, {})))
    return tasks, errors


def iter_batch(tasks: list[tuple[str, str, dict]], setup: Setup, formats: frozenset[str], jobs: int = 1) -> Iterator[Processed]:
    """Score and prepare every task, yielding results in task order as they are ready.

    With jobs > 1 the work is spread over processes; the output is identical to jobs=1.
    """
    if jobs <= 1 or len(tasks) <= 1:
        _init_worker(setup, formats)
        for task in tasks:
            yield _work(task)
        return
    workers = min(jobs, len(tasks))
    chunk = max(1, min(16, len(tasks) // (workers * 8)))
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_pool_worker, initargs=(setup, formats)) as pool:
        yield from pool.map(_work, tasks, chunksize=chunk)


def run_batch(paths: list[str], setup: Setup, jobs: int = 1) -> tuple[list[ReportResult], list[tuple[str, str]]]:
    """Score every report under `paths` and keep the full results (for tests and tools)."""
    tasks, errors = plan_batch(paths)
    if jobs <= 1 or len(tasks) <= 1:
        return [evaluate_file(Path(p), s, setup, o) for p, s, o in tasks], errors
    workers = min(jobs, len(tasks))
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(setup, frozenset())) as pool:
        results = list(pool.map(_evaluate_task, tasks))
    return results, errors


def _evaluate_task(task: tuple[str, str, dict]) -> ReportResult:
    path, shown, overrides = task
    assert _worker_setup is not None
    return evaluate_file(Path(path), shown, _worker_setup, overrides)
