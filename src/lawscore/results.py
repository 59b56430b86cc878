"""Build results.json, the machine-readable output, from report results.

The contract (keys other tools read) is in results.schema.json and docs/results.md; keys
are added freely, never renamed. Output is deterministic: sorted keys, sorted reports, no
timestamps, no absolute paths beyond what the user gave on the command line.
"""
from __future__ import annotations

import functools
import json
import shutil
from importlib import resources
from pathlib import Path

import orjson

from .labels import MAX_READINGS, VERDICT_LABELS, plain_number
from .memo import ByIdentity
from .model import ChecklistResult, IndicatorResult, ItemResult, OcrInfo, Reading, ReportResult


@functools.lru_cache(maxsize=1)
def schema() -> dict:
    text = resources.files("lawscore").joinpath("results.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


# The entry of an item with no evidence and no review is the same in every report scored
# against the same checklist at the same level: score_checklist hands out one ItemResult for
# it (score._Plan.rows), so its dict is made once. Such dicts are shared: never modify one.
_EMPTY_ITEMS: ByIdentity[dict] = ByIdentity(4096)


def _item(r: ItemResult) -> dict:
    if not r.evidence and r.review is None:
        return _EMPTY_ITEMS.get((r,), lambda: _engine_item(r))
    out = _engine_item(r)
    if r.review is not None:
        rv = r.review
        out["review"] = {"status": rv.status, "reason": rv.reason, "by": rv.by, "date": rv.date,
                         "sha256": rv.sha256, "applied": not r.stale}
        out["engine_status"] = r.verdict
    return out


def _engine_item(r: ItemResult) -> dict:
    return {
        "id": r.item.id,
        "clause": r.item.clause,
        "title": r.item.title,
        "chapter": r.item.chapter,
        "weight": r.item.weight,
        "status": r.status,
        "reason": r.reason,
        "evidence_total": r.evidence_total,
        "evidence": [
            {
                "quote": e.quote,
                "role": e.role,
                "terms": list(e.terms),
                "strength": e.strength,
                "signals": [f"{s.kind}:{s.text}" for s in e.signals],
                "start": e.start,
                "end": e.end,
            }
            for e in r.evidence
        ],
    }


def _ocr(info: OcrInfo | None) -> dict | None:
    """What OCR read of a report, or None when it was read from its text alone."""
    if info is None:
        return None
    return {
        "pages": list(info.pages),
        "mean_confidence": info.mean_confidence,
        "unreadable_pages": [{"page": n, "reason": why} for n, why in info.unreadable_pages],
        "skipped_pages": list(info.skipped_pages),
        "text_pages": list(info.text_pages),
        "engine": info.engine,
    }


def _checklist(result: ChecklistResult) -> dict:
    coverage = dict(result.chapter_coverage)
    return {
        "checklist": result.checklist.id,
        "score": result.score,
        "coverage": result.coverage,
        "reviewed": sum(1 for r in result.items if r.review is not None and not r.stale),
        "review_stale": sum(1 for r in result.items if r.stale),
        "chapters": [{"id": c, "score": s, "coverage": coverage.get(c)} for c, s in result.chapter_scores],
        "items": [_item(r) for r in result.items],
    }


def _reading_dict(r: Reading) -> dict:
    return {
        "kind": r.kind,
        "value": plain_number(r.value),
        "high": None if r.high is None else plain_number(r.high),
        "qualifier": r.qualifier,
        "unit": r.unit,
        "text": r.text,
        "quote": r.quote,
        "role": r.role,
        "sentence": r.sentence,
        "start": r.start,
        "end": r.end,
    }


def _indicators(results: tuple[IndicatorResult, ...], year: int | None) -> list[dict]:
    """results.json `indicators` of one report, in declaration order."""
    out = []
    for res in results:
        ind, v = res.indicator, res.value
        t = ind.target
        out.append({
            "id": ind.id,
            "name": ind.name,
            "unit": ind.unit,
            "section": ind.section,
            "year": year,
            "target": None if t is None else {"min": None if t.min is None else plain_number(t.min),
                                               "max": None if t.max is None else plain_number(t.max),
                                               "source": t.source},
            "verdict": res.verdict,
            "verdict_label": VERDICT_LABELS[res.verdict],
            "value": None if v is None else plain_number(v.value),
            "high": None if v is None or v.high is None else plain_number(v.high),
            "qualifier": "" if v is None else v.qualifier,
            "quote": None if v is None else v.quote,
            "sentence": None if v is None else v.sentence,
            "start": None if v is None else v.start,
            "end": None if v is None else v.end,
            "readings": [_reading_dict(r) for r in res.readings[:MAX_READINGS]],
        })
    return out


def report_dict(r: ReportResult) -> dict:
    """One entry of results.json `reports`. Read it, never modify it: the entries of items
    without evidence are shared between reports (see _EMPTY_ITEMS)."""
    meta = r.metadata
    out: dict = {
        "source": r.source,
        "jurisdiction": meta.jurisdiction,
        "unit": meta.unit,
        "level": meta.level,
        "year": meta.year,
        "published": meta.published,
        "title": meta.title,
        "metadata_sources": {field: where for field, where in meta.sources},
        "errors": list(r.errors),
        "warnings": list(r.warnings),
    }
    if r.document is not None:
        out["format"] = r.document.format
        out["encoding"] = r.document.encoding
        out["sha256"] = r.document.sha256
        out["ocr"] = _ocr(r.document.ocr)
    if r.outline is not None:
        o = _checklist(r.outline)
        out.update({k: o[k] for k in ("checklist", "score", "coverage", "reviewed", "review_stale", "chapters", "items")})
    else:
        out.update({"checklist": None, "score": None, "coverage": None, "reviewed": 0, "review_stale": 0,
                    "chapters": [], "items": []})
    out["parts"] = _checklist(r.rules) if r.rules is not None else None
    out["indicators"] = _indicators(r.indicators, meta.year)
    out["copies"] = _copies(r)
    return out


def _copies(r: ReportResult) -> dict | None:
    """What the batch's copy check found (copies.py); None when the report was scored alone."""
    found = r.copies
    if found is None:
        return None
    sentences = r.segmentation.sentences if r.segmentation is not None else ()
    return {
        "share": found.share,
        "sentences": found.sentences,
        "paragraphs": found.paragraphs,
        "sentence_shares": dict(found.sentence_shares),
        "paragraph_shares": dict(found.paragraph_shares),
        "passages": [{"sentence": c.sentence, "quote": sentences[c.sentence].text if c.sentence < len(sentences) else "",
                      "kind": c.kind, "similarity": c.similarity, "same_text": c.same_text, "source": c.source,
                      "source_name": c.source_name, "source_year": c.source_year,
                      "source_sentence": c.source_sentence, "source_text": c.source_text} for c in found.copied],
    }


def build(results: list[ReportResult], errors: list[tuple[str, str]]) -> dict:
    """The whole results.json document."""
    reports = [report_dict(r) for r in sorted(results, key=lambda r: r.source) if not r.errors]
    unreadable = [{"source": r.source, "message": "; ".join(r.errors)} for r in results if r.errors]
    unreadable += [{"source": s, "message": m} for s, m in errors]
    return {
        "reports": reports,
        "errors": sorted(unreadable, key=lambda e: (e["source"], e["message"])),
    }


def dumps(document: dict) -> str:
    """The whole results.json text, the same bytes JsonWriter streams."""
    errors = json.dumps(document["errors"], sort_keys=True, ensure_ascii=False, indent=2).replace("\n", "\n  ")
    out = '{\n  "errors": ' + errors + ',\n  "reports": '
    reports = document["reports"]
    if not reports:
        return out + "[]\n}\n"
    lines = ["    " + orjson.dumps(r, option=orjson.OPT_SORT_KEYS).decode() for r in reports]
    return out + "[\n" + ",\n".join(lines) + "\n  ]\n}\n"


def entry_bytes(r: ReportResult) -> bytes:
    """One report's entry as it appears inside results.json, UTF-8: one line per report, so the
    file stays greppable and diffable per report.

    orjson writes what json.dumps(entry, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    wrote before, byte for byte, in a ninth of the time (tests/test_results.py keeps it so over
    the seeds and the bench corpus). Two values json wrote differently: a float between 1e-9 and
    1e-4 in decimal (0.00005, not 5e-05; the same number), and NaN or infinity as null (json wrote
    NaN, which no JSON reader accepts).
    """
    return b"    " + orjson.dumps(report_dict(r), option=orjson.OPT_SORT_KEYS)


class JsonWriter:
    """Writes results.json one report at a time, byte for byte what `dumps(build(...))` gives.

    Reports must be added in `source` order (the order the batch reads them); unreadable
    ones are collected and written, sorted, when the file is finished.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.body = self.path.with_name(self.path.name + ".part")
        self._fh = self.body.open("wb")
        self._count = 0
        self.errors: list[dict] = []

    def add(self, entry: bytes) -> None:
        if self._count:
            self._fh.write(b",\n")
        self._fh.write(entry)
        self._count += 1

    def add_error(self, source: str, message: str) -> None:
        self.errors.append({"source": source, "message": message})

    def finish(self) -> None:
        self._fh.close()
        errors = json.dumps(sorted(self.errors, key=lambda e: (e["source"], e["message"])),
                            sort_keys=True, ensure_ascii=False, indent=2)
        errors = errors.replace("\n", "\n  ")
        # The entries are copied as bytes: decoding and encoding them again cost more than the
        # copy (a second of the main process's time for 4,000 reports).
        with self.path.open("wb") as out:
            out.write(('{\n  "errors": ' + errors + ',\n  "reports": ').encode("utf-8"))
            if self._count:
                out.write(b"[\n")
                with self.body.open("rb") as part:
                    shutil.copyfileobj(part, out, 1 << 20)
                out.write(b"\n  ]\n}\n")
            else:
                out.write(b"[]\n}\n")
        self.body.unlink()
