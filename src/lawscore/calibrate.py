"""Compare lawscore's clause verdicts with human labels: precision, recall and F1.

Labels are JSON lines in the format of the development set:
`{"id", "file", "clauses": {"<n>": {"done", "gap", "plan", "quote"}}}` where `<n>` is a
section (4–35) of the 2021–2025 outline. A clause counts as done when any item for it
(`clause`, or `corresponds` for a 2015–2020 item) is met or partial; as a gap or a plan when
an item for it has evidence in the shortcomings or plans of the report.

Two more comparisons: `headline_check` sets each document's headline (section coverage) beside
the labels' count and share of done sections, with their Spearman rank correlation; and
`review_agreement` compares the engine's verdicts with a supervisor's reviews (reviews.yaml),
so corrections become labels.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import ingest, labels, manifest, pipeline, reviews, score
from .checklist_set import ChecklistSet
from .errors import LawscoreError, Problem, ReportError
from .model import Item, ItemResult, ReportResult

FLAGS = ("done", "gap", "plan")
WORK = ("met", "partial")
# What a section credited as done rests on: a sentence of concrete work in the body (a figure,
# a document issued, an honour, a completed act); a concrete result in the opening paragraph
# only; or weak evidence only (an act named, without figure, document or completion).
CREDIT_KINDS = ("concrete", "opening", "weak")
CREDIT_NAMES = {"concrete": "concrete work in the body", "opening": "a result in the opening only",
                "weak": "weak evidence only"}
_BODY = ("achievements", "duty")


def credit_kind(items: list[ItemResult]) -> str:
    """What the done verdict of one section rests on (CREDIT_KINDS), from the items that say so."""
    if any(r.status == "met" and any(e.role in _BODY and e.strength == "strong" for e in r.evidence) for r in items):
        return "concrete"
    if any(r.status == "met" for r in items):
        return "opening"
    return "weak"


class LabelError(LawscoreError):
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
    # The sections credited as done, by what the credit rests on (CREDIT_KINDS), each counted
    # right (tp) or wrong (fp): aggregate figures, safe to print for any set, that say where
    # the errors of a set nobody may read lie.
    credits: dict[str, Counter] = field(default_factory=lambda: {k: Counter() for k in CREDIT_KINDS})

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
        raise LabelError(f"{path}: 无法读取标注文件({exc.strerror or exc}); 请检查路径和权限") from None
    out = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
            doc["clauses"] = {int(k): v for k, v in doc["clauses"].items()}
            _ = doc["file"], doc["id"]
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise LabelError(f"{path}:{n}: 不是一行标注({type(exc).__name__}: {exc}); "
                             '每行须为 {"id", "file", "clauses": {"<n>": {"done", "gap", "plan"}}}') from None
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


def calibrate(labels_path: Path, setup: ChecklistSet) -> Calibration:
    """Score every labelled document and compare with its labels."""
    return calibrate_split(labels_path, setup, {"all": lambda doc_id: True})["all"]


def calibrate_split(labels_path: Path, setup: ChecklistSet,
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
            overrides = manifest.overrides_for(path)
        except ReportError as exc:
            for cal in wanted:
                cal.unreadable.append((doc["file"], str(exc)))
            continue
        result = pipeline.evaluate_document(raw, setup, overrides)
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
            if flag == "done" and kind != "fn":
                cal.credits[credit_kind(got[flag][c])][kind] += 1
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
        n = cal.counts[flag]
        p, r, f = cal.prf(flag)
        lines.append(f"  {flag:5} precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}   (tp {n['tp']}, fp {n['fp']}, fn {n['fn']})")
    lines.append(f"  shortcoming-only clauses scored as done: {len(cal.gap_only_as_done)} {' '.join(cal.gap_only_as_done)}".rstrip())
    lines.append(f"  plan-only clauses scored as done: {len(cal.plan_only_as_done)} {' '.join(cal.plan_only_as_done)}".rstrip())
    parts = []
    for k in CREDIT_KINDS:
        n = cal.credits[k]
        if n["tp"] + n["fp"]:
            parts.append(f"{CREDIT_NAMES[k]} {n['tp']}/{n['tp'] + n['fp']} right ({n['tp'] / (n['tp'] + n['fp']):.0%})")
    if parts:
        lines.append("  done credits by what they rest on: " + "; ".join(parts))
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


# ---------------------------------------------------------------- the headline against the labels


@dataclass(frozen=True)
class HeadlineRow:
    doc: str
    headline: float | None  # section coverage of the report (0-100)
    depth: float | None  # item coverage
    done: int  # sections the labels call done
    applicable: int  # 2021-2025 sections the report's checklist applies to it (clause or corresponds)
    done_applicable: int  # of those, the ones the labels call done

    @property
    def share(self) -> float | None:
        """The labels' share of done sections, out of the applicable ones (0-100)."""
        return round(100.0 * self.done_applicable / self.applicable, 1) if self.applicable else None


def _ranks(values: list[float]) -> list[float]:
    """1-based ranks, ties sharing their mean rank."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spearman(xs: list[float], ys: list[float]) -> float | None:
    """Spearman's rank correlation (Pearson's of the tie-averaged ranks); None when undefined."""
    if len(xs) != len(ys) or len(xs) < 2:
        return None
    rx, ry = _ranks(xs), _ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    vx = sum((a - mx) ** 2 for a in rx) ** 0.5
    vy = sum((b - my) ** 2 for b in ry) ** 0.5
    return cov / (vx * vy) if vx and vy else None


def headline_check(labels_path: Path, setup: ChecklistSet,
                   keep: Callable[[str], bool] | None = None) -> list[HeadlineRow]:
    """Every labelled document's headline and depth beside the labels' done sections (only the
    documents whose id `keep` accepts, when given: the others are not even scored)."""
    rows = []
    for doc in read_labels(labels_path):
        if keep is not None and not keep(doc["id"]):
            continue
        path = _resolve(labels_path, doc["file"])
        try:
            raw = ingest.read(path, doc["file"])
            overrides = manifest.overrides_for(path)
        except ReportError:
            continue
        result = pipeline.evaluate_document(raw, setup, overrides)
        outline = result.outline
        applicable: set[int] = set()
        if outline is not None:
            for r in outline.items:
                if r.status != "not_applicable":
                    applicable |= item_clauses(r)
        done = {c for c, v in doc["clauses"].items() if v.get("done")}
        rows.append(HeadlineRow(doc["id"], outline.coverage if outline else None, outline.score if outline else None,
                                len(done), len(applicable), len(done & applicable)))
    return rows


def format_headline(rows: list[HeadlineRow], name: str, per_document: bool = True) -> list[str]:
    """Lines: the Spearman correlations and, per document, headline vs the labels' share."""
    scored = [r for r in rows if r.headline is not None]
    rho = spearman([r.headline or 0.0 for r in scored], [float(r.done) for r in scored])
    depth = spearman([r.depth or 0.0 for r in scored], [float(r.done) for r in scored])
    within = spearman([r.headline or 0.0 for r in scored], [float(r.done_applicable) for r in scored])
    fmt = (lambda v: "n/a" if v is None else f"{v:.3f}")
    lines = [f"== {name}: headline (section coverage) vs labelled done sections, {len(scored)} documents",
             (f"  Spearman(headline, done sections) {fmt(rho)}   (depth, for comparison: {fmt(depth)}; "
              f"headline vs done sections the checklist applies to the report: {fmt(within)})")]
    if per_document:
        lines.append("  doc      headline  labels' share (done/applicable)  difference   depth")
        for r in scored:
            share = r.share
            diff = "" if share is None or r.headline is None else f"{r.headline - share:+.1f}"
            lines.append(f"  {r.doc:8} {r.headline:8.1f}  {share if share is not None else 'n/a':>6} "
                         f"({r.done_applicable:2d}/{r.applicable:2d})                   {diff:>6}   {r.depth:5.1f}")
    return lines


# ---------------------------------------------------------------- the engine against reviews


@dataclass
class Agreement:
    """How the engine's verdicts compare with the reviewed ones of a reviews.yaml."""

    reviews: int = 0
    compared: int = 0
    same_status: int = 0
    stale: list[str] = field(default_factory=list)  # "report item": the report changed since
    skipped: list[str] = field(default_factory=list)  # "report item: why"
    counts: Counter = field(default_factory=Counter)  # tp, fp, fn, tn of work done
    per_section: dict[tuple, Counter] = field(default_factory=dict)
    section_labels: dict[tuple, str] = field(default_factory=dict)
    disagreements: list[str] = field(default_factory=list)


def _section(item: Item) -> tuple[tuple, str]:
    if item.clause is None and item.measure is None:
        return ("zparts", 0), "必备内容"
    kind, n = score.section_key(item)
    return (kind, n or 0), labels.clause_label(item)


def review_agreement(path: Path, setup: ChecklistSet) -> Agreement:
    """Score every report a reviews.yaml names, without its reviews, and compare verdicts.

    Work done (met or partial) is what is compared: precision is the share of the engine's
    done verdicts the reviewer kept, recall the share of the reviewer's done verdicts the
    engine gave. Reviews of a changed report file are stale and not compared.
    """
    folder = path.parent
    items = reviews.known_items(setup.checklists + ((setup.override,) if setup.override else ()))
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise reviews.ReviewError([Problem(str(path), 1, "", "not UTF-8 text; save it as UTF-8")]) from None
    found = reviews.parse(text, str(path), folder, items)
    out = Agreement()
    for report in sorted(found):
        entries = found[report]
        out.reviews += len(entries)
        try:
            raw = ingest.read(folder / report, report)
            overrides = manifest.overrides_for(folder / report)
        except ReportError as exc:
            out.skipped.extend(f"{report} {i}: {exc}" for i in sorted(entries))
            continue
        result = pipeline.evaluate_document(raw, setup, overrides)
        by_id = {r.item.id: r for part in (result.outline, result.rules) if part for r in part.items}
        for item_id in sorted(entries):
            rv = entries[item_id]
            if rv.sha256 != raw.sha256:
                out.stale.append(f"{report} {item_id}")
                continue
            ir = by_id.get(item_id)
            if ir is None:
                out.skipped.append(f"{report} {item_id}: not in the checklists used for this report")
                continue
            out.compared += 1
            out.same_status += ir.status == rv.status
            engine, reviewed = ir.status in WORK, rv.status in WORK
            kind = "tp" if engine and reviewed else "fp" if engine else "fn" if reviewed else "tn"
            key, label = _section(ir.item)
            out.counts[kind] += 1
            out.per_section.setdefault(key, Counter())[kind] += 1
            out.section_labels[key] = label
            if ir.status != rv.status:
                out.disagreements.append(f"{report} {item_id}: engine {ir.status}, reviewed {rv.status} "
                                         f"({rv.by} {rv.date}: {rv.reason})")
    return out


def format_agreement(a: Agreement, name: str) -> list[str]:
    """Lines: agreement overall and per section, then every disagreement."""
    lines = [(f"== {name}: {a.reviews} reviews, {a.compared} compared, {len(a.stale)} stale (report changed), "
              f"{len(a.skipped)} skipped")]
    if a.compared:
        lines.append(f"  same status as reviewed: {a.same_status}/{a.compared}")
    c = a.counts
    p, r, f = prf(c["tp"], c["fp"], c["fn"])
    lines.append(f"  done  precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}   "
                 f"(tp {c['tp']}, fp {c['fp']}, fn {c['fn']}, tn {c['tn']})")
    lines.append("  (reviews are the verdicts a supervisor chose to check, often the doubtful ones: "
                 "the figures describe those, not every verdict)")
    if a.per_section:
        lines.append("   tp fp fn tn  precision  recall  section")
        for key in sorted(a.per_section):
            pc = a.per_section[key]
            sp, sr, _ = prf(pc["tp"], pc["fp"], pc["fn"])
            lines.append(f"  {pc['tp']:3d}{pc['fp']:3d}{pc['fn']:3d}{pc['tn']:3d}  {sp:9.3f}  {sr:6.3f}  "
                         f"{a.section_labels[key]}")
    for d in a.disagreements:
        lines.append(f"  differs: {d}")
    for s in a.stale:
        lines.append(f"  stale: {s}")
    for s in a.skipped:
        lines.append(f"  skipped: {s}")
    return lines
