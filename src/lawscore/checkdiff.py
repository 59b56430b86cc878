"""What a checklist edit does to real reports (`lawscore diff`, issue 27.2).

Each report goes through the text stages once (pipeline.read_file) and is scored twice, once
with the old version of the checklist and once with the new one (pipeline.score_document); for
every item whose engine verdict changes on some report this counts the reports by move (from
which status to which) and keeps a few of them as examples: the report, the sentence, and the
engine's reason before and after. Reviews and the batch's copy check are left out: the question
is what the engine now reads, not what a supervisor decided.
"""
from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from . import pipeline
from .checklist_set import ChecklistSet, load_checklists
from .errors import ChecklistError
from .ingest import Source
from .labels import status_label
from .model import ChecklistResult, ItemResult, ReportResult

EXAMPLES = 3  # reports shown per item
ABSENT = "absent"  # the status of an item in the version that does not have it


@dataclass(frozen=True)
class Example:
    report: str
    old: str
    new: str
    quote: str  # the sentence that tells, from the side with evidence ("" when neither has any)
    old_reason: str
    new_reason: str


@dataclass(frozen=True)
class ItemChange:
    item_id: str
    title: str
    moves: tuple[tuple[str, str, int], ...]  # (old status, new status, reports), most reports first
    examples: tuple[Example, ...]

    @property
    def reports(self) -> int:
        return sum(n for _, _, n in self.moves)


@dataclass(frozen=True)
class Diff:
    checklist: str  # the new version's id
    reports: int  # reports scored with both versions
    items: int  # items of the new version
    changes: tuple[ItemChange, ...]  # items whose verdict changed on a report, most reports first
    unreadable: tuple[tuple[str, str], ...]  # (report, why)


def load_old(folder: Path, old: Path, new: Path) -> ChecklistSet:
    """The old version as `--checklist`. Saved elsewhere (git show HEAD:… > /tmp/old.yaml) it
    finds neither what it extends nor the concept vocabulary: it is then read as if it stood
    beside the new version, from a copy of that folder (the user's folder is never written)."""
    try:
        return load_checklists(folder, str(old))
    except ChecklistError:
        if old.resolve().parent == new.resolve().parent:
            raise
    with tempfile.TemporaryDirectory(prefix="lawscore-diff-") as tmp:
        beside = Path(tmp) / "checklists"
        shutil.copytree(new.parent, beside, ignore=shutil.ignore_patterns(".*", "__pycache__"))
        shutil.copyfile(old, beside / new.name)
        try:
            return load_checklists(folder, str(beside / new.name))
        except ChecklistError:
            pass
    return load_checklists(folder, str(old))  # raises its problems, named by its own path


def _part(result: ReportResult, kind: str) -> ChecklistResult | None:
    return result.outline if kind == "outline" else result.rules


def _quote(*results: ItemResult | None) -> str:
    for r in results:
        if r is not None and r.evidence:
            return r.evidence[0].quote
    return ""


def compare(old: ChecklistSet, new: ChecklistSet, files: Iterable[Source]) -> Diff:
    """Score the reports `files` (ingest.collect) with both setups; both override the same kind of
    checklist (lawscore diff loads each version as --checklist)."""
    assert old.override is not None and new.override is not None
    kind = new.override.kind
    moves: dict[str, dict[tuple[str, str], int]] = {}
    examples: dict[str, list[Example]] = {}
    titles = {i.id: i.title for i in old.override.items} | {i.id: i.title for i in new.override.items}
    order = [i.id for i in new.override.items] + [i.id for i in old.override.items]
    scored = 0
    unreadable: list[tuple[str, str]] = []
    for source in files:
        shown = source.shown
        read = pipeline.read_file(source.path, shown, member=source.member)
        if isinstance(read, ReportResult):
            unreadable.append((shown, "; ".join(read.errors)))
            continue
        before, after = _part(pipeline.score_document(read, old), kind), _part(pipeline.score_document(read, new), kind)
        if before is None or after is None:
            continue
        scored += 1
        was = {r.item.id: r for r in before.items}
        now = {r.item.id: r for r in after.items}
        for item_id in dict.fromkeys([*now, *was]):
            a, b = was.get(item_id), now.get(item_id)
            sa, sb = a.verdict if a else ABSENT, b.verdict if b else ABSENT
            if sa == sb:
                continue
            counts = moves.setdefault(item_id, {})
            counts[(sa, sb)] = counts.get((sa, sb), 0) + 1
            shown_ones = examples.setdefault(item_id, [])
            if len(shown_ones) < EXAMPLES:
                shown_ones.append(Example(shown, sa, sb, _quote(b, a), a.reason if a else "", b.reason if b else ""))
    rank = {item_id: n for n, item_id in reversed(list(enumerate(order)))}
    changes = [ItemChange(item_id, titles.get(item_id, ""),
                          tuple((sa, sb, n) for (sa, sb), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))),
                          tuple(examples[item_id]))
               for item_id, counts in moves.items()]
    changes.sort(key=lambda c: (-c.reports, rank.get(c.item_id, 0)))
    return Diff(new.override.id, scored, len(new.override.items), tuple(changes), tuple(unreadable))


def label(status: str) -> str:
    return "(无此事项)" if status == ABSENT else status_label(status)


def text(diff: Diff, old_name: str, new_name: str) -> str:
    """The terminal report, in Chinese."""
    lines = [f"清单 {diff.checklist}: 旧版 {old_name} → 新版 {new_name},两版各评分 {diff.reports} 份报告。"]
    if not diff.changes:
        lines.append(f"{diff.items} 个事项在这些报告上的判定都没有变化。")
    else:
        lines.append(f"{len(diff.changes)} 个事项的判定有变化(其余 {max(diff.items - len(diff.changes), 0)} 个没有变化):")
    for c in diff.changes:
        lines.append("")
        lines.append(f"{c.item_id} {c.title}: {c.reports} 份报告的判定变了")
        for sa, sb, n in c.moves:
            lines.append(f"  {label(sa)} → {label(sb)}: {n} 份")
        for e in c.examples:
            lines.append(f"  例: {e.report}({label(e.old)} → {label(e.new)})")
            if e.quote:
                lines.append(f"    原文: {e.quote}")
            lines.append(f"    旧版: {e.old_reason or '—'}")
            lines.append(f"    新版: {e.new_reason or '—'}")
    for source, why in diff.unreadable:
        lines.append(f"未能读取 {source}: {why}")
    return "\n".join(lines) + "\n"


def html(diff: Diff, old_name: str, new_name: str) -> str:
    """The same as a self-contained page (the project's base template, its strict CSP)."""
    from .labels import STATUS_SYMBOLS
    from .render.views import _env

    page = {"title": f"清单修改的影响: {diff.checklist}", "diff": diff, "old_name": old_name, "new_name": new_name,
            "unchanged": max(diff.items - len(diff.changes), 0)}
    env = _env()
    env.globals.update(status_label=label, status_symbol=lambda s: STATUS_SYMBOLS.get(s, "·"))
    return env.get_template("diff.html").render(page=page)
