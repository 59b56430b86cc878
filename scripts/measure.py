"""Measure lawscore's clause verdicts against the labelled development set.

Reads ../shared/dev/ (gold-seeds.jsonl, gold-openings.jsonl, texts/) when present; the texts
are never copied into this repository. A clause counts as done when any item with that
`clause` is met or partial. Prints precision, recall and F1 for work done, shortcomings and
plans, and lists every disagreement so a checklist author can see why.

    python scripts/measure.py                 # both sets, summary
    python scripts/measure.py --details       # plus every false positive / negative
    python scripts/measure.py --set openings --details
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from lawscore import ingest, pipeline  # noqa: E402
from lawscore.model import RawDocument  # noqa: E402

DEV_CANDIDATES = (ROOT.parent / "shared" / "dev", ROOT / ".." / ".." / "shared" / "dev")


def find_dev() -> Path | None:
    for p in DEV_CANDIDATES:
        if (p / "gold-seeds.jsonl").is_file():
            return p.resolve()
    return None


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def verdicts(result) -> dict[str, dict[int, list]]:
    """Per clause: which statuses the outline items gave, with their evidence."""
    out: dict[str, dict[int, list]] = {"done": {}, "gap": {}, "plan": {}}
    if result.outline is None:
        return out
    for r in result.outline.items:
        c = r.item.clause
        if c is None:
            continue
        if r.status in ("met", "partial"):
            out["done"].setdefault(c, []).append(r)
        if r.status == "gap" or any(e.role == "shortcomings" for e in r.evidence):
            out["gap"].setdefault(c, []).append(r)
        if r.status == "planned" or any(e.role == "plans" for e in r.evidence):
            out["plan"].setdefault(c, []).append(r)
    return out


def measure(name: str, gold_path: Path, base: Path, setup, details: bool, out) -> dict:
    counts = {k: Counter() for k in ("done", "gap", "plan")}
    per_clause: dict[int, Counter] = {}
    gap_only_as_done = []
    lines = []
    for raw in gold_path.read_text(encoding="utf-8").splitlines():
        if not raw.strip():
            continue
        g = json.loads(raw)
        path = base / g["file"]
        data = path.read_bytes()
        text, enc = ingest.decode(data)
        doc = RawDocument(source=str(path), text=text, format="txt", encoding=enc, sha256="")
        result = pipeline.evaluate_document(doc, setup)
        got = verdicts(result)
        gold = {int(k): v for k, v in g["clauses"].items()}
        for flag in ("done", "gap", "plan"):
            truth = {c for c, v in gold.items() if v[flag]}
            pred = set(got[flag])
            for c in truth | pred:
                pc = per_clause.setdefault(c, Counter()) if flag == "done" else None
                if c in truth and c in pred:
                    counts[flag]["tp"] += 1
                    if pc is not None:
                        pc["tp"] += 1
                elif c in pred:
                    counts[flag]["fp"] += 1
                    if pc is not None:
                        pc["fp"] += 1
                    if details:
                        ev = [e for r in got[flag][c] for e in r.evidence if (flag != "done" or e.role in ("achievements", "duty", "preamble"))][:2]
                        lines.append(f"  FP {flag:4} {g['id']} clause {c}: " + " | ".join(
                            f"[{r.item.id} {r.status}]" for r in got[flag][c]) + "\n" + "\n".join(
                            f"       {e.role}/{e.strength} {','.join(e.terms)}: {e.quote[:90]}" for e in ev))
                else:
                    counts[flag]["fn"] += 1
                    if pc is not None:
                        pc["fn"] += 1
                    if details:
                        lines.append(f"  FN {flag:4} {g['id']} clause {c}: gold quote: {gold[c]['quote'][:60]}")
            if flag == "done":
                for c, v in gold.items():
                    if v["gap"] and not v["done"] and c in pred:
                        gap_only_as_done.append(f"{g['id']}:{c}")
    print(f"== {name} ({gold_path.name})", file=out)
    summary = {}
    for flag in ("done", "gap", "plan"):
        c = counts[flag]
        p, r, f = prf(c["tp"], c["fp"], c["fn"])
        summary[flag] = (p, r, f)
        print(f"  {flag:5} precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}   (tp {c['tp']}, fp {c['fp']}, fn {c['fn']})", file=out)
    print(f"  gap-only clauses scored as done: {len(gap_only_as_done)} {' '.join(gap_only_as_done)}", file=out)
    if details:
        print("  per clause (done): clause tp fp fn", file=out)
        for c in sorted(per_clause):
            pc = per_clause[c]
            print(f"    {c:2d}  {pc['tp']:3d} {pc['fp']:3d} {pc['fn']:3d}", file=out)
        print("\n".join(lines), file=out)
    return summary


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", choices=("seeds", "openings", "both"), default="both")
    ap.add_argument("--details", action="store_true")
    ap.add_argument("--checklists", default=str(ROOT / "checklists"))
    ap.add_argument("--checklist", default=None, help="force one outline checklist (id or file)")
    args = ap.parse_args(argv)
    dev = find_dev()
    if dev is None:
        print("no ../shared/dev/ next to this repository; nothing to measure", file=sys.stderr)
        return 0
    setup = pipeline.load_checklists(Path(args.checklists), args.checklist)
    base = dev.parent
    if args.set in ("seeds", "both"):
        measure("seeds", dev / "gold-seeds.jsonl", base, setup, args.details, sys.stdout)
    if args.set in ("openings", "both"):
        measure("openings", dev / "gold-openings.jsonl", base, setup, args.details, sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
