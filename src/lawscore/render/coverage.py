"""The city-wide view (coverage.html): for every checklist item, how many jurisdictions' latest
reports leave it missing, name it only as a shortcoming or a plan, or report partial or full
work; items most jurisdictions miss first.

Built from the Summaries the index is built from (one verdict letter per item), so it costs
nothing per report. Each count links to a page per item listing the jurisdictions behind it
(coverage/…html), written one item at a time so memory does not grow with items x places;
a summary by section heads the page. The page's context dataclasses live here, beside the one function that
fills them, rather than in views.py: nothing else uses them.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..labels import CODE_STATUS, STATUS_LABELS, STATUS_RANK, STATUS_SYMBOLS
from ..paths import scorecard_path, slug
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
    href: str = ""  # the jurisdictions counted, on the item's page; "" when none


@dataclass(frozen=True)
class CoverageRow:
    clause_label: str  # the item's section
    title: str
    cells: tuple[CoverageCell, ...]  # in COVERAGE_STATUSES order
    applicable: int  # jurisdictions the item applies to (not 不适用)
    missing_share_label: str  # "67%", or "—" when it applies nowhere
    missing_percent: int  # 0-100, the width of the bar
    href: str = ""  # the item's page: which jurisdiction is in which column
    section: str = ""  # the row's section, for the summary's links


@dataclass(frozen=True)
class SectionSummary:
    """One section (节) of a checklist over all jurisdictions: its items' verdicts added up."""

    clause_label: str
    items: int
    missing_share_label: str  # of (jurisdiction, item) pairs that apply: 未提及
    met_share_label: str  # 已落实
    worst: str  # the section's item most jurisdictions miss, "" when none is missed
    worst_href: str  # its page


@dataclass(frozen=True)
class CoverageTable:
    caption: str
    jurisdiction_count: int
    columns: tuple[CoverageColumn, ...]
    rows: tuple[CoverageRow, ...]
    sections: tuple[SectionSummary, ...] = ()
    anchor: str = ""


@dataclass(frozen=True)
class CoveragePage:
    title: str
    root: str
    jurisdiction_count: int
    without_checklist: int  # jurisdictions whose latest report no checklist scored
    tables: tuple[CoverageTable, ...]


@dataclass(frozen=True)
class StatusGroup:
    status: str
    label: str
    symbol: str
    places: tuple[tuple[str, str], ...]  # (jurisdiction, its report on its scorecard)


@dataclass(frozen=True)
class ItemPage:
    """coverage/….html: the jurisdictions behind one item's counts."""

    title: str
    root: str
    checklist_title: str
    clause_label: str
    item_title: str
    groups: tuple[StatusGroup, ...]  # in COVERAGE_STATUSES order, then 不适用


def item_file(checklist_id: str, item_id: str) -> str:
    """The page of one item's jurisdictions, relative to the output folder."""
    return f"coverage/{slug(checklist_id + '/' + item_id)}.html"


def _share(part: int, whole: int) -> str:
    return f"{round(part * 100 / whole)}%" if whole else "—"


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
            page = item_file(cid, item_id)
            row = CoverageRow(
                clause_label=key.label,
                title=key.title,
                cells=tuple(CoverageCell(s, STATUS_LABELS[s], by_status.get(s, 0),
                                         f"{page}#{s}" if by_status.get(s, 0) else "") for s in COVERAGE_STATUSES),
                applicable=applicable,
                missing_share_label="—" if share is None else f"{round(share * 100)}%",
                missing_percent=0 if share is None else round(share * 100),
                href=page,
                section=key.label,
            )
            rows.append(((-(share or 0.0), -missing, order), row))
        anchor = f"t-{slug(cid)}"
        sections: dict[str, list[CoverageRow]] = {}
        for _, row in rows:  # checklist order
            sections.setdefault(row.clause_label, []).append(row)
        summary = []
        for label, members in sections.items():
            applicable = sum(r.applicable for r in members)
            missing = sum(c.count for r in members for c in r.cells if c.status == "missing")
            met = sum(c.count for r in members for c in r.cells if c.status == "met")
            worst = max(members, key=lambda r: r.missing_percent)
            summary.append(SectionSummary(label, len(members), _share(missing, applicable), _share(met, applicable),
                                          worst.title if worst.missing_percent else "", worst.href))
        rows.sort(key=lambda pair: pair[0])
        tables.append(CoverageTable(
            caption=f"{reports[0].checklist_title}：{len(reports)} 个地区的最新报告",
            jurisdiction_count=len(reports),
            columns=columns,
            rows=tuple(row for _, row in rows),
            sections=tuple(summary),
            anchor=anchor,
        ))
    return CoveragePage(
        title="各事项在各地区报告中的落实情况",
        root="",
        jurisdiction_count=len(newest),
        without_checklist=sum(r.checklist_id is None for r in newest),
        tables=tuple(tables),
    )


def item_pages(groups: dict[str, list[Summary]]):
    """(file name, ItemPage) for every item of every checklist: which jurisdictions' latest reports
    are in each column of coverage.html. One page at a time: memory stays that of one item."""
    newest = [latest(groups[name]) for name in sorted(groups) if groups[name]]
    by_checklist: dict[str, list[Summary]] = {}
    for r in newest:
        if r.checklist_id is not None:
            by_checklist.setdefault(r.checklist_id, []).append(r)
    shown = (*COVERAGE_STATUSES, "not_applicable")
    for cid in sorted(by_checklist, key=lambda c: [-ord(ch) for ch in c]):
        reports = by_checklist[cid]
        first = reports[0]
        for k, key in enumerate(first.items):
            found: dict[str, list[tuple[str, str]]] = {}
            for r in reports:
                at = k if k < len(r.items) and r.items[k].id == key.id else next(
                    (j for j, other in enumerate(r.items) if other.id == key.id), -1)
                status = CODE_STATUS.get(r.statuses[at], "not_applicable") if at >= 0 else "not_applicable"
                found.setdefault(status, []).append((r.name, f"{scorecard_path(r.name)}#{r.anchor}"))
            yield item_file(cid, key.id), ItemPage(
                title=f"{key.label} {key.title}：各地区的落实情况",
                root="../",
                checklist_title=first.checklist_title,
                clause_label=key.label,
                item_title=key.title,
                groups=tuple(StatusGroup(s, STATUS_LABELS[s], STATUS_SYMBOLS.get(s, "?"), tuple(found.get(s, ())))
                             for s in shown),
            )
