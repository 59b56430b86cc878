"""Measure lawscore's clause verdicts against the labelled development set.

Reads ../shared/dev/ (gold-seeds.jsonl, gold-openings.jsonl and the texts they name) when it
sits next to this repository; the texts are never copied into the repository. Prints
precision, recall and F1 for work done, shortcomings and plans: for the seeds, for all the
openings, and for the openings split into two fixed halves by id (calibrate.half): odd ids
are the "tune" half, even ids the "held-out" half.

Rules are written looking only at the seeds and the tune half; --details prints the
per-clause table and every disagreement for those alone. The held-out half is only ever a
score: a change that lifts the tune half and not the held-out half is fitting, not
generalising.

Then the headline (section coverage) against the labels: its Spearman rank correlation with
the count of sections labelled done (target on the seeds: at least 0.9) and, per seed, the
headline beside the labels' share of done sections (target: within 10 points for every seed).

    python scripts/measure.py
    python scripts/measure.py --set tune --details
    python scripts/measure.py --set readable       # while developing: no sealed document is scored
    python scripts/measure.py --set sealed --log sealed.log --note "what changed"

Each set's report also says what its done credits rest on (concrete work in the body, a result
in the opening paragraph only, weak evidence only) and how many of each are right: aggregate
figures, the only view of the sealed half's errors there is.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from lawscore import calibrate, pipeline  # noqa: E402

# ../shared/dev beside the checkout (/work/main), or two levels up from a worktree (/work/wt/NAME).
DEV = next((p for p in (ROOT.parent / "shared" / "dev", ROOT.parent.parent / "shared" / "dev") if p.is_dir()),
           ROOT.parent / "shared" / "dev")
# The subsets of the openings, by document id.
def _number(doc_id: str) -> int:
    return int("".join(ch for ch in doc_id if ch.isdigit()))


# h001–h051 were read and tuned on in earlier work; h052–h102 were kept back until issue 21 and
# are split once more: odd ids may be read while writing rules ("new-tune"), even ids are the
# sealed half, only ever an aggregate score.
FIRST_NEW = 52
OPENINGS = {
    "openings": lambda doc_id: True,
    "tune": lambda doc_id: _number(doc_id) < FIRST_NEW and calibrate.half(doc_id) == "tune",
    "held-out": lambda doc_id: _number(doc_id) < FIRST_NEW and calibrate.half(doc_id) == "held-out",
    "new": lambda doc_id: _number(doc_id) >= FIRST_NEW,
    "new-tune": lambda doc_id: _number(doc_id) >= FIRST_NEW and calibrate.half(doc_id) == "tune",
    "sealed": lambda doc_id: _number(doc_id) >= FIRST_NEW and calibrate.half(doc_id) == "held-out",
}
# Sets whose disagreements may be read while writing rules. Never add "sealed" or "new".
DETAILED = ("seeds", "tune", "held-out", "new-tune")


def _readable(doc_id: str) -> bool:
    """Whether an opening may be read: in one of the DETAILED halves."""
    return any(OPENINGS[s](doc_id) for s in DETAILED if s in OPENINGS)


def _commit() -> str:
    """The checkout's commit, with + when it has uncommitted changes; ? outside git."""
    try:
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"
    return head + ("+" if dirty else "")


def _log(path: Path, measured: dict[str, calibrate.Calibration], note: str) -> None:
    """Append a line per set to `path`: when, on which commit, and the work-done figures."""
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M")
    commit = _commit()
    with path.open("a", encoding="utf-8") as out:
        for name, cal in measured.items():
            n = cal.counts["done"]
            p, r, f = cal.prf("done")
            out.write(f"{when}\t{commit}\t{name}\tP {p:.3f} R {r:.3f} F1 {f:.3f} "
                      f"(tp {n['tp']}, fp {n['fp']}, fn {n['fn']})\t{note}\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", choices=("seeds", *OPENINGS, "readable", "all"), default="all",
                    help="what to measure (default: the seeds, all openings and both halves; readable: "
                         "the sets that may be read, without scoring a sealed document at all)")
    ap.add_argument("--details", action="store_true",
                    help="per-clause table and disagreements, never for the sealed half")
    ap.add_argument("--checklists", default=str(ROOT / "checklists"))
    ap.add_argument("--checklist", default=None, help="force one checklist (id or file)")
    ap.add_argument("--dev", default=str(DEV), help="the labelled set's folder")
    ap.add_argument("--log", default=None, metavar="FILE",
                    help="append one line per set measured (time, commit, set, work-done figures) to FILE: "
                         "the record of every look at the sealed half")
    ap.add_argument("--note", default="", help="what was changed, for --log")
    args = ap.parse_args(argv)
    dev = Path(args.dev)
    if not (dev / "gold-seeds.jsonl").is_file():
        print(f"no labelled set at {dev}; nothing to measure", file=sys.stderr)
        return 0
    setup = pipeline.load_checklists(Path(args.checklists), args.checklist)
    if setup.skipped:  # a run goes on without a broken checklist; a measurement must not
        print("\n".join(str(p) for p in setup.skipped), file=sys.stderr)
        print(f"{len(setup.skipped)} problem(s) in the checklists: fix them first; a figure scored without "
              "a checklist would look plausible and be wrong", file=sys.stderr)
        return 2
    wanted = (("seeds", *OPENINGS) if args.set == "all" else ("seeds", *DETAILED) if args.set == "readable"
              else (args.set,))
    measured: dict[str, calibrate.Calibration] = {}
    if "seeds" in wanted:
        cal = measured["seeds"] = calibrate.calibrate(dev / "gold-seeds.jsonl", setup)
        print("\n".join(calibrate.format_report(cal, "seeds", args.details)))
    subsets = {name: keep for name, keep in OPENINGS.items() if name in wanted}
    if subsets:
        cals = calibrate.calibrate_split(dev / "gold-openings.jsonl", setup, subsets)
        for name, cal in cals.items():
            print("\n".join(calibrate.format_report(cal, name, args.details and name in DETAILED)))
        measured.update(cals)
    if args.log:
        _log(Path(args.log), measured, args.note)
    for name in ("seeds", "openings"):
        if name == "openings" and subsets and args.set == "readable":
            rows = calibrate.headline_check(dev / "gold-openings.jsonl", setup, _readable)
            print("\n".join(calibrate.format_headline(rows, "openings that may be read", per_document=args.details)))
        elif name in wanted or (name == "openings" and subsets):
            rows = calibrate.headline_check(dev / f"gold-{name}.jsonl", setup)
            print("\n".join(calibrate.format_headline(rows, name, per_document=name == "seeds")))
            readable = [r for r in rows if _readable(r.doc)]
            if name == "openings" and args.details and readable:
                # per document only for the halves that may be read: never a sealed row
                print("\n".join(calibrate.format_headline(readable, "openings that may be read")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
