"""The city-wide view (coverage.html): for every checklist item, how many jurisdictions' latest
reports leave it missing, name it only as a shortcoming or a plan, or report partial or full
work; items most jurisdictions miss first.

Built from the Summaries the index is built from (one verdict letter per item), so it costs
nothing per report. The page's context dataclasses live here, beside the one function that
fills them, rather than in views.py: nothing else uses them.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..labels import CODE_STATUS, STATUS_LABELS, STATUS_RANK, STATUS_SYMBOLS
from .views import ItemKey, Summary

COVERAGE_FILE = "coverage.html"
# The verdict columns, least done first (missing, gap, planned, partial, met): from the labels,
# so a status added there gets its column.
COVERAGE_STATUSES = tuple(sorted((s for s in STATUS_LABELS if s != "not_applicable"),
                                 key=lambda s: (STATUS_RANK.get(s, 1), s != "missing")))


@dataclass(frozen=True)
class CoverageColumn:
    status: str
    label: str
    symbol: str


@dataclass(frozen=True)
class CoverageCell:
    status: str
    label: str  # the column's label, for narrow screens where each cell is labelled
    count: int


@dataclass(frozen=True)
class CoverageRow:
    clause_label: str  # the item's section
    title: str
    cells: tuple[CoverageCell, ...]  # in COVERAGE_STATUSES order
    applicable: int  # jurisdictions the item applies to (not 不适用)
    missing_share_label: str  # "67%", or "—" when it applies nowhere
    missing_percent: int  # 0-100, the width of the bar


@dataclass(frozen=True)
class CoverageTable:
    caption: str
    jurisdiction_count: int
    columns: tuple[CoverageColumn, ...]
    rows: tuple[CoverageRow, ...]


@dataclass(frozen=True)
class CoveragePage:
    title: str
    root: str
    jurisdiction_count: int
    without_checklist: int  # jurisdictions whose latest report no checklist scored
    tables: tuple[CoverageTable, ...]


def latest(summaries: list[Summary]) -> Summary:
    """A jurisdiction's latest report: the newest year; a report without a year only when none has one."""
    return max(summaries, key=lambda r: (r.year is not None, r.year or 0, r.source))


def coverage_page(groups: dict[str, list[Summary]]) -> CoveragePage:
    """The city-wide view of `groups` (jurisdiction -> its reports): one table per checklist."""
    newest = [latest(groups[name]) for name in sorted(groups) if groups[name]]
    by_checklist: dict[str, list[Summary]] = {}
    for r in newest:
        if r.checklist_id is not None:
            by_checklist.setdefault(r.checklist_id, []).append(r)
    columns = tuple(CoverageColumn(s, STATUS_LABELS[s], STATUS_SYMBOLS.get(s, "?")) for s in COVERAGE_STATUSES)
    tables = []
    # the newest checklist first, as on the index
    for cid in sorted(by_checklist, key=lambda c: [-ord(ch) for ch in c]):
        reports = by_checklist[cid]
        counts: dict[str, dict[str, int]] = {}
        keys: dict[str, ItemKey] = {}
        for r in reports:
            for key, code in zip(r.items, r.statuses):
                keys.setdefault(key.id, key)
                by_status = counts.setdefault(key.id, {})
                status = CODE_STATUS.get(code, "not_applicable")
                by_status[status] = by_status.get(status, 0) + 1
        rows = []
        for order, (item_id, key) in enumerate(keys.items()):
            by_status = counts[item_id]
            applicable = sum(n for s, n in by_status.items() if s != "not_applicable")
            missing = by_status.get("missing", 0)
            share = missing / applicable if applicable else None
            row = CoverageRow(
                clause_label=key.label,
                title=key.title,
                cells=tuple(CoverageCell(s, STATUS_LABELS[s], by_status.get(s, 0)) for s in COVERAGE_STATUSES),
                applicable=applicable,
                missing_share_label="—" if share is None else f"{round(share * 100)}%",
                missing_percent=0 if share is None else round(share * 100),
            )
            rows.append(((-(share or 0.0), -missing, order), row))
        rows.sort(key=lambda pair: pair[0])
        tables.append(CoverageTable(
            caption=f"{reports[0].checklist_title}：{len(reports)} 个地区的最新报告",
            jurisdiction_count=len(reports),
            columns=columns,
            rows=tuple(row for _, row in rows),
        ))
    return CoveragePage(
        title="各事项在各地区报告中的落实情况",
        root="",
        jurisdiction_count=len(newest),
        without_checklist=sum(r.checklist_id is None for r in newest),
        tables=tuple(tables),
    )
