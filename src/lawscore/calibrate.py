"""Compare lawscore's clause verdicts with human labels: precision, recall and F1.

Labels are JSON lines in the format of the development set:
`{"id", "file", "clauses": {"<n>": {"done", "gap", "plan", "quote"}}}` where `<n>` is a
section (4–35) of the 2021–2025 outline. A clause counts as done when any item for it
(`clause`, or `corresponds` for a 2015–2020 item) is met or partial; as a gap or a plan when
an item for it has evidence in the shortcomings or plans of the report.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import ingest, pipeline
from .errors import ReportError
from .model import ItemResult, ReportResult

FLAGS = ("done", "gap", "plan")
WORK = ("met", "partial")


class LabelError(Exception):
    """The labels file cannot be used; the message says where and why."""


@dataclass(frozen=True)
class Disagreement:
    doc: str
    clause: int
    flag: str
    kind: str  # "FP" (lawscore says yes, label says no) or "FN"
    detail: str  # the gold quote for a FN; the evidence behind a FP


@dataclass
class Calibration:
    counts: dict[str, Counter] = field(default_factory=lambda: {f: Counter() for f in FLAGS})
    per_clause: dict[tuple[str, int], Counter] = field(default_factory=dict)
    disagreements: list[Disagreement] = field(default_factory=list)
    gap_only_as_done: list[str] = field(default_factory=list)
    plan_only_as_done: list[str] = field(default_factory=list)
    documents: int = 0
    unreadable: list[tuple[str, str]] = field(default_factory=list)

    def prf(self, flag: str, clause: int | None = None) -> tuple[float, float, float]:
        c = self.counts[flag] if clause is None else self.per_clause.get((flag, clause), Counter())
        return prf(c["tp"], c["fp"], c["fn"])


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def item_clauses(result: ItemResult) -> set[int]:
    out = set(result.item.corresponds)
    if result.item.clause is not None:
        out.add(result.item.clause)
    return out


def verdicts(result: ReportResult) -> dict[str, dict[int, list[ItemResult]]]:
    """Per flag and clause, the items that say so."""
    out: dict[str, dict[int, list[ItemResult]]] = {f: {} for f in FLAGS}
    if result.outline is None:
        return out
    for r in result.outline.items:
        for c in item_clauses(r):
            if r.status in WORK:
                out["done"].setdefault(c, []).append(r)
            if r.status != "not_applicable" and any(e.role == "shortcomings" for e in r.evidence):
                out["gap"].setdefault(c, []).append(r)
            if r.status != "not_applicable" and any(e.role == "plans" for e in r.evidence):
                out["plan"].setdefault(c, []).append(r)
    return out


def _resolve(labels: Path, name: str) -> Path:
    for base in (labels.parent, labels.parent.parent, Path.cwd()):
        candidate = base / name
        if candidate.is_file():
            return candidate
    return labels.parent / name


def read_labels(path: Path) -> list[dict]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise LabelError(f"{path}: cannot read the labels ({exc.strerror or exc})") from None
    out = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
            doc["clauses"] = {int(k): v for k, v in doc["clauses"].items()}
            _ = doc["file"], doc["id"]
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise LabelError(f"{path}:{n}: not a label line ({type(exc).__name__}: {exc}); "
                             'each line must be {"id", "file", "clauses": {"<n>": {"done", "gap", "plan"}}}') from None
        out.append(doc)
    return out


def _evidence_text(items: list[ItemResult], roles: tuple[str, ...]) -> str:
    parts = []
    for r in items:
        ev = [e for e in r.evidence if e.role in roles][:1]
        for e in ev:
            signals = ",".join(f"{s.kind}:{s.text}" for s in e.signals if s.kind != "action")[:60]
            parts.append(f"[{r.item.id} {r.status}] {e.role}/{e.strength} 「{e.quote[:70]}」 {signals}")
        if not ev:
            parts.append(f"[{r.item.id} {r.status}]")
    return " | ".join(parts)


def half(doc_id: str) -> str:
    """The fixed half of the labelled set a document belongs to, by the number in its id:
    odd ids (h001, h003 …) are the "tune" half, even ids the "held-out" half. Rules are
    written looking at the tune half only; the held-out half only gives a score, so a change
    that lifts one half and not the other shows up as fitting."""
    digits = "".join(ch for ch in doc_id if ch.isdigit())
    if not digits:
        raise LabelError(f"document id {doc_id!r} has no number; the halves split ids by their number")
    return "tune" if int(digits) % 2 else "held-out"


def calibrate(labels_path: Path, setup: pipeline.Setup) -> Calibration:
    """Score every labelled document and compare with its labels."""
    return calibrate_split(labels_path, setup, {"all": lambda doc_id: True})["all"]


def calibrate_split(labels_path: Path, setup: pipeline.Setup,
                    subsets: dict[str, Callable[[str], bool]]) -> dict[str, Calibration]:
    """One Calibration per named subset of the documents (a test on the document id), each
    document scored once however many subsets hold it."""
    cals = {name: Calibration() for name in subsets}
    for doc in read_labels(labels_path):
        wanted = [cals[name] for name, keep in subsets.items() if keep(doc["id"])]
        if not wanted:
            continue
        path = _resolve(labels_path, doc["file"])
        try:
            raw = ingest.read(path, doc["file"])
        except ReportError as exc:
            for cal in wanted:
                cal.unreadable.append((doc["file"], str(exc)))
            continue
        result = pipeline.evaluate_document(raw, setup)
        got = verdicts(result)
        for cal in wanted:
            _compare(cal, doc, got)
    return cals


def _compare(cal: Calibration, doc: dict, got: dict[str, dict[int, list[ItemResult]]]) -> None:
    """Add one document's verdicts, compared with its labels, to `cal`."""
    cal.documents += 1
    gold = doc["clauses"]
    for flag in FLAGS:
        truth = {c for c, v in gold.items() if v.get(flag)}
        pred = set(got[flag])
        for c in sorted(truth | pred):
            pc = cal.per_clause.setdefault((flag, c), Counter())
            if c in truth and c in pred:
                kind = "tp"
            elif c in pred:
                kind = "fp"
                roles = {"done": ("achievements", "duty", "preamble"), "gap": ("shortcomings",), "plan": ("plans",)}[flag]
                cal.disagreements.append(Disagreement(doc["id"], c, flag, "FP", _evidence_text(got[flag][c], roles)))
            else:
                kind = "fn"
                cal.disagreements.append(Disagreement(doc["id"], c, flag, "FN",
                                                      "label: " + str(gold[c].get("quote", ""))[:70]))
            cal.counts[flag][kind] += 1
            pc[kind] += 1
    for c, v in gold.items():
        if c in got["done"] and not v.get("done"):
            if v.get("gap") and not v.get("plan"):
                cal.gap_only_as_done.append(f"{doc['id']}:{c}")
            if v.get("plan") and not v.get("gap"):
                cal.plan_only_as_done.append(f"{doc['id']}:{c}")


def format_report(cal: Calibration, name: str, details: bool = True) -> list[str]:
    """Lines of text: overall figures, the per-clause table and, with details, every disagreement."""
    lines = [f"== {name}: {cal.documents} documents"]
    for flag in FLAGS:
        c = cal.counts[flag]
        p, r, f = cal.prf(flag)
        lines.append(f"  {flag:5} precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}   (tp {c['tp']}, fp {c['fp']}, fn {c['fn']})")
    lines.append(f"  shortcoming-only clauses scored as done: {len(cal.gap_only_as_done)} {' '.join(cal.gap_only_as_done)}".rstrip())
    lines.append(f"  plan-only clauses scored as done: {len(cal.plan_only_as_done)} {' '.join(cal.plan_only_as_done)}".rstrip())
    for source, message in cal.unreadable:
        lines.append(f"  not read: {source}: {message}")
    if details:
        lines.append("  clause  done: tp fp fn  F1     gap: tp fp fn    plan: tp fp fn")
        clauses = sorted({c for _, c in cal.per_clause})
        for c in clauses:
            row = f"  {c:6d}"
            for flag in FLAGS:
                pc = cal.per_clause.get((flag, c), Counter())
                row += f"  {flag}: {pc['tp']:2d} {pc['fp']:2d} {pc['fn']:2d}"
                if flag == "done":
                    row += f"  {cal.prf('done', c)[2]:.2f}"
            lines.append(row)
        for d in sorted(cal.disagreements, key=lambda d: (d.flag, d.doc, d.clause)):
            lines.append(f"  {d.kind} {d.flag:4} {d.doc} clause {d.clause}: {d.detail}")
    return lines
