"""The index pages: one table row per report, sorted three ways, filtered by level, year and
timeliness, and paged (PAGE_SIZE rows a page) so no page's DOM grows with the batch."""
from __future__ import annotations

import os
import tempfile
from array import array

from markupsafe import Markup

from ..labels import (
    HEADLINE_NOTE,
    LEVEL_LABELS,
    NO_CHECKLIST,
    NOT_GIVEN,
    TIMELINESS_LABELS,
    TIMELINESS_ORDER,
    zh_punct,
)
from ..paths import scorecard_path
from . import indicators
from .views import (
    Column,
    ErrorRow,
    HeatCell,
    IndexPage,
    IndexRow,
    IndexTable,
    Link,
    LinkGroup,
    Summary,
    _band,
    _env,
    _line_fields,
    _reviewed_label,
    _score,
    same_year,
)

PAGE_SIZE = 200  # rows per index page: keeps every page's DOM small for batches of any size


# ---------------------------------------------------------------- index pages

# The score sorts order by the headline (Summary.score: section coverage).
_SORTS = (("name", "按地区名称"), ("score-asc", "覆盖度从低到高"), ("score-desc", "覆盖度从高到低"))


def _columns(summaries: list[Summary]) -> dict[str, list[tuple[str, str]]]:
    """Heatmap columns of each checklist, (chapter id, title), in checklist order."""
    seen: dict[str, dict[tuple[str, str], int]] = {}
    for r in summaries:
        cols = seen.setdefault(r.checklist_id or "", {})
        for k, (cid, title, _) in enumerate(r.chapters):
            cols.setdefault((cid, title), k)
    return {cl: sorted(cols, key=lambda c: cols[c]) for cl, cols in seen.items()}


class _RowCache:
    """Each report's index row rendered once for each of the two page depths (index.html at the
    top, views/… one level down), however many views list it. The rendered rows wait in an
    anonymous temporary file, not in memory: kept in memory with their IndexRow records they
    were tens of kilobytes a report, gigabytes for a national batch (issue 22). What stays is
    each report's place in the file: a few bytes."""

    ROOTS = ("", "../")

    def __init__(self, summaries: list[Summary], columns: dict[str, list[tuple[str, str]]],
                 reviewed: dict[str, tuple[int, int, int]] | None = None) -> None:
        self.columns = columns
        self.reviewed = reviewed or {}
        self.position = {id(r): k for k, r in enumerate(summaries)}
        self.file = tempfile.TemporaryFile()
        self.starts = array("q", [0])  # row k at root ROOTS[j]: bytes starts[2k+j] to starts[2k+j+1]
        template = _env().get_template("_index_row.html")
        for r in summaries:
            row = self.row(r)
            for root in self.ROOTS:
                self.starts.append(self.starts[-1] + self.file.write(template.render(row=row, root=root).encode("utf-8")))
        self.file.flush()  # read back with pread, past the file object's buffer

    def row(self, r: Summary) -> IndexRow:
        return _index_row(r, self.columns.get(r.checklist_id or "", []), self.reviewed.get(r.name, (1, 0, 0)))

    def html(self, r: Summary, root: str) -> Markup:
        at = 2 * self.position[id(r)] + self.ROOTS.index(root)
        start = self.starts[at]
        return Markup(os.pread(self.file.fileno(), self.starts[at + 1] - start, start).decode("utf-8"))

    def close(self) -> None:
        self.file.close()


def _tables(chunk: list[Summary], columns: dict[str, list[tuple[str, str]]], cache: _RowCache,
            root: str) -> tuple[IndexTable, ...]:
    """Split a page's rows by checklist (newest checklist first), keeping the view's order in each."""
    by_checklist: dict[str, list[Summary]] = {}
    titles: dict[str, str] = {}
    for r in chunk:
        by_checklist.setdefault(r.checklist_id or "", []).append(r)
        titles.setdefault(r.checklist_id or "", r.checklist_title)
    tables = []
    for cl in sorted(by_checklist, key=lambda c: (c == "", [-ord(ch) for ch in c])):
        cols = columns.get(cl, [])
        tables.append(IndexTable(
            caption=titles[cl] if cl else NO_CHECKLIST,
            columns=tuple(Column(cid, title) for cid, title in cols),
            rows=tuple(cache.row(r) for r in by_checklist[cl]),
            markup=tuple(cache.html(r, root) for r in by_checklist[cl]),
        ))
    return tuple(tables)


def _jurisdiction_reviews(groups: dict[str, list[Summary]]) -> dict[str, tuple[int, int, int]]:
    """Per jurisdiction: (reports, reviewed items, stale reviews)."""
    return {name: (len(rs), sum(r.reviewed for r in rs), sum(r.review_stale for r in rs)) for name, rs in groups.items()}


def _index_row(r: Summary, columns: list[tuple[str, str]], jurisdiction: tuple[int, int, int] = (1, 0, 0)) -> IndexRow:
    scores = {(cid, t): v for cid, t, v in r.chapters}
    cells = []
    for col in columns:
        if col in scores:
            v = scores[col]
            cells.append(HeatCell(_score(v) if v is not None else "—", _band(v), f"{col[1]}：{_score(v)}"))
        else:
            cells.append(HeatCell("", "absent", f"{col[1]}：本报告的清单没有这一章"))
    return IndexRow(
        name=r.name,
        href=f"{scorecard_path(r.name)}#{r.anchor}",
        level_label=LEVEL_LABELS.get(r.level, r.level) if r.level else NOT_GIVEN,
        year_label=r.year_label,
        cells=tuple(cells),
        **_line_fields(r),
        reviewed_label=_reviewed_label(r.reviewed, r.review_stale) + (
            f"；本地区共{jurisdiction[1]}项" if jurisdiction[0] > 1 and jurisdiction[1] else ""),
        under=r.unit if r.unit and r.unit != r.name else "",
    )


def _order(rows: list[Summary], sort: str) -> list[Summary]:
    # A department's rows follow its place's (厦门市, then 厦门市人民政府外事办公室): grouped by unit.
    by_name = sorted(rows, key=lambda r: (r.unit or r.name, r.name != (r.unit or r.name), r.name,
                                          r.year is None, -(r.year or 0), r.source))
    if sort == "name":
        return by_name
    sign = 1 if sort == "score-asc" else -1
    return sorted(by_name, key=lambda r: (r.score is None, sign * (r.score or 0.0)))  # stable: name order within ties


def _filters(summaries: list[Summary]) -> list[tuple[str, str, str, list[tuple[str, str]]]]:
    """(group label, filter prefix, summary attribute, [(value, label)]) for each kind of filter."""
    order = list(LEVEL_LABELS)
    levels = sorted({r.level or "none" for r in summaries}, key=lambda v: (v == "none", order.index(v) if v in order else 99, v))
    known = sorted({r.year for r in summaries if r.year is not None}, reverse=True)
    years = [str(y) for y in known] + (["none"] if any(r.year is None for r in summaries) else [])
    times = [t for t in TIMELINESS_ORDER if any(r.timeliness == t for r in summaries)]
    return [
        ("层级", "level", "level", [(v, NOT_GIVEN if v == "none" else LEVEL_LABELS.get(v, v)) for v in levels]),
        ("报告年度", "year", "year", [(v, NOT_GIVEN if v == "none" else f"{v}年度") for v in years]),
        ("发布及时性", "timeliness", "timeliness", [(v, TIMELINESS_LABELS[v]) for v in times]),
    ]


def _value(r: Summary, attribute: str) -> str:
    v = getattr(r, attribute)
    return "none" if v is None else str(v)


def index_file(filter_key: str = "", sort: str = "name", page: int = 1) -> str:
    """index.html, index-2.html … for all reports by name; other views in views/ (views/level-county.html,
    views/score-asc-3.html …), so the output folder's top level stays short."""
    suffix = "" if page == 1 else f"-{page}"
    if not filter_key and sort == "name":
        return f"index{suffix}.html"
    stem = "-".join(part for part in (filter_key, "" if sort == "name" else sort) if part)
    return f"views/{stem}{suffix}.html"


def _page_links(view: tuple[str, str], current: int, count: int) -> tuple[Link | None, ...]:
    return tuple(Link(str(n), index_file(view[0], view[1], n), n == current) if n else None
                 for n in indicators.page_window(current, count))


def index_pages(groups: dict[str, list[Summary]], unreadable: list[ErrorRow], page_size: int = PAGE_SIZE):
    """Every index page: (file name, IndexPage), one view per filter and order, `page_size` rows a page.

    Every view is plain HTML: ordering and filtering are links to other pages, so the index
    needs no script, and no page holds more than `page_size` rows however large the batch.
    """
    summaries = [r for name in sorted(groups) for r in groups[name]]
    columns = _columns(summaries)
    reviewed = _jurisdiction_reviews(groups)
    cache = _RowCache(summaries, columns, reviewed)
    try:
        yield from _pages(summaries, groups, unreadable, page_size, columns, reviewed, cache)
    finally:
        cache.close()


def _pages(summaries: list[Summary], groups: dict[str, list[Summary]], unreadable: list[ErrorRow], page_size: int,
           columns: dict[str, list[tuple[str, str]]], reviewed: dict[str, tuple[int, int, int]], cache: _RowCache):
    errors = tuple(sorted(unreadable, key=lambda e: (e.source, e.reason)))
    doubles = tuple(d for name in sorted(groups) for d in same_year(name, groups[name]))
    filters = _filters(summaries)
    views: list[tuple[str, str, str, list[Summary]]] = [("", "全部报告", "", summaries)]
    for group_label, prefix, attribute, values in filters:
        for value, label in values:
            chosen = [r for r in summaries if _value(r, attribute) == value]
            views.append((f"{prefix}-{value}", f"{group_label}：{label}", prefix, chosen))
    for filter_key, filter_label, _, chosen in views:
        for sort, sort_label in _SORTS:
            ordered = _order(chosen, sort)
            count = max(1, -(-len(ordered) // page_size))
            sorts = LinkGroup("排序", tuple(Link(lbl, index_file(filter_key, key), key == sort) for key, lbl in _SORTS))
            groups_ = [LinkGroup("筛选", (Link("全部报告", index_file("", sort), filter_key == ""),))]
            for group_label, prefix, _, values in filters:
                groups_.append(LinkGroup(group_label, tuple(
                    Link(label, index_file(f"{prefix}-{value}", sort), filter_key == f"{prefix}-{value}")
                    for value, label in values)))
            for n in range(1, count + 1):
                chunk = ordered[(n - 1) * page_size:n * page_size]
                rel = index_file(filter_key, sort, n)
                root = "../" if "/" in rel else ""
                yield rel, IndexPage(
                    title="法治政府建设年度报告评分",
                    root=root,
                    view_label=f"{filter_label} · {sort_label}",
                    tables=_tables(chunk, columns, cache, root),
                    row_count=len(chunk),
                    first_row=(n - 1) * page_size + 1,
                    total_rows=len(ordered),
                    sorts=sorts,
                    filters=tuple(groups_),
                    pages=_page_links((filter_key, sort), n, count),
                    page_number=n,
                    page_count=count,
                    errors=errors if (filter_key, sort, n) == ("", "name", 1) else (),
                    error_count=len(errors),
                    jurisdiction_count=len(groups),
                    report_count=len(summaries),
                    same_year=doubles if (filter_key, sort, n) == ("", "name", 1) else (),
                    headline_note=zh_punct(HEADLINE_NOTE),
                    reviewed=sum(n for _, n, _ in reviewed.values()),
                    reviewed_jurisdictions=sum(1 for _, n, _ in reviewed.values() if n),
                )


def indicator_href(groups: dict[str, list[Summary]]) -> str:
    """The indicator table's first page, linked from every index page; "" when no
    report has indicators (none are declared)."""
    has_indicators = any(r.indicators for rs in groups.values() for r in rs)
    return indicators.INDICATOR_PAGE if has_indicators else ""


def indicator_pages(groups: dict[str, list[Summary]], page_size: int = PAGE_SIZE):
    """The jurisdiction × indicator table pages, (file name, IndicatorPage); none
    when no report has indicators."""
    if not indicator_href(groups):
        return []
    rows = [(r.name, f"{scorecard_path(r.name)}#{r.anchor}", r.year_label, r.year, r.indicators)
            for name in sorted(groups) for r in groups[name]]
    return indicators.table_pages(rows, page_size)
