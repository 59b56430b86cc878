"""The index pages: one table row per report, sorted three ways, filtered by level, year and
timeliness, and paged (PAGE_SIZE rows a page) so no page's DOM grows with the batch."""
from __future__ import annotations

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
    BackLink,
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
_VIEW = "@view@"  # in a cached row, where the page's part of the fragment (view_id) goes


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
    """Each report's index row, built and rendered once however many views list it."""

    def __init__(self, columns: dict[str, list[tuple[str, str]]],
                 reviewed: dict[str, tuple[int, int, int]] | None = None) -> None:
        self.columns = columns
        self.reviewed = reviewed or {}
        self.rows: dict[int, IndexRow] = {}
        self.markup: dict[tuple[int, str], Markup] = {}
        self.template = _env().get_template("_index_row.html")

    def row(self, r: Summary) -> IndexRow:
        got = self.rows.get(id(r))
        if got is None:
            got = self.rows[id(r)] = _index_row(r, self.columns.get(r.checklist_id or "", []),
                                                self.reviewed.get(r.name, (1, 0, 0)))
        return got

    def html(self, r: Summary, root: str) -> Markup:
        key = (id(r), root)
        got = self.markup.get(key)
        if got is None:
            got = self.markup[key] = Markup(self.template.render(row=self.row(r), root=root))
        return got


def _tables(chunk: list[Summary], columns: dict[str, list[tuple[str, str]]], cache: _RowCache,
            root: str, rel: str) -> tuple[IndexTable, ...]:
    """Split a page's rows by checklist (newest checklist first), keeping the view's order in each.
    Each row links to its scorecard at the link back to this page (view_id)."""
    by_checklist: dict[str, list[Summary]] = {}
    titles: dict[str, str] = {}
    for r in chunk:
        by_checklist.setdefault(r.checklist_id or "", []).append(r)
        titles.setdefault(r.checklist_id or "", r.checklist_title)
    page = view_id(rel, "")
    tables = []
    for cl in sorted(by_checklist, key=lambda c: (c == "", [-ord(ch) for ch in c])):
        cols = columns.get(cl, [])
        tables.append(IndexTable(
            caption=titles[cl] if cl else NO_CHECKLIST,
            columns=tuple(Column(cid, title) for cid, title in cols),
            rows=tuple(cache.row(r) for r in by_checklist[cl]),
            markup=tuple(Markup(cache.html(r, root).replace(_VIEW, page, 1)) for r in by_checklist[cl]),
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
        href=f"{scorecard_path(r.name)}#{_VIEW}{r.anchor}",
        row_id=row_id(r.anchor),
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
    """(group label, filter prefix, summary attribute, [(value, label)]) for each kind of filter
    that can tell reports apart: a kind whose reports all share one value (one year) offers no
    choice and is left out, and so is every kind when there is no report."""
    order = list(LEVEL_LABELS)
    levels = sorted({r.level or "none" for r in summaries}, key=lambda v: (v == "none", order.index(v) if v in order else 99, v))
    known = sorted({r.year for r in summaries if r.year is not None}, reverse=True)
    years = [str(y) for y in known] + (["none"] if any(r.year is None for r in summaries) else [])
    times = [t for t in TIMELINESS_ORDER if any(r.timeliness == t for r in summaries)]
    groups = [
        ("层级", "level", "level", [(v, NOT_GIVEN if v == "none" else LEVEL_LABELS.get(v, v)) for v in levels]),
        ("报告年度", "year", "year", [(v, NOT_GIVEN if v == "none" else f"{v}年度") for v in years]),
        ("发布及时性", "timeliness", "timeliness", [(v, TIMELINESS_LABELS[v]) for v in times]),
    ]
    return [g for g in groups if len(g[3]) > 1]


def _value(r: Summary, attribute: str) -> str:
    v = getattr(r, attribute)
    return "none" if v is None else str(v)


def index_file(filter_key: str = "", sort: str = "name", page: int = 1) -> str:
    """index.html, index-2.html … for all reports by name; other views in views/ (views/level-county.html,
    views/level-county-year-2023-score-asc-3.html …), so the output folder's top level stays short."""
    suffix = "" if page == 1 else f"-{page}"
    if not filter_key and sort == "name":
        return f"index{suffix}.html"
    stem = "-".join(part for part in (filter_key, "" if sort == "name" else sort) if part)
    return f"views/{stem}{suffix}.html"


def _page_links(view: tuple[str, str], current: int, count: int) -> tuple[Link | None, ...]:
    wanted = sorted({1, count, *range(max(1, current - 3), min(count, current + 3) + 1)})
    out: list[Link | None] = []
    for k, n in enumerate(wanted):
        if k and n != wanted[k - 1] + 1:
            out.append(None)
        out.append(Link(str(n), index_file(view[0], view[1], n), n == current))
    return tuple(out)


Key = tuple[tuple[str, str], ...]  # a view's filters: ((prefix, value), …) in the order of the filter kinds


def _key_name(key: Key) -> str:
    return "-".join(f"{prefix}-{value}" for prefix, value in key)


class ViewPlan:
    """Every index view (each combination of filters that lists a report, in each order) and the
    page on which each report appears in each: the scorecards link back to that page.

    A report is in 2**k filter combinations (k kinds of filter: each kind fixed to the report's
    own value or left open), so its pages are kept as one small array per report, not as names.
    """

    def __init__(self, groups: dict[str, list[Summary]], page_size: int = PAGE_SIZE) -> None:
        self.page_size = page_size
        self.summaries = [r for name in sorted(groups) for r in groups[name]]
        self.filters = _filters(self.summaries)
        rank = [{v: k for k, (v, _) in enumerate(values)} for _, _, _, values in self.filters]
        self.labels = {(prefix, v): f"{glabel}：{label}" for glabel, prefix, _, values in self.filters for v, label in values}
        views: dict[Key, list[Summary]] = {}
        for r in self.summaries:
            own = self._own(r)
            for mask in range(1 << len(own)):
                views.setdefault(tuple(own[g] for g in range(len(own)) if mask >> g & 1), []).append(r)
        prefixes = [prefix for _, prefix, _, _ in self.filters]
        self.views = {key: views[key] for key in sorted(views, key=lambda key: (
            len(key), [(prefixes.index(p), rank[prefixes.index(p)][v]) for p, v in key]))}
        self.pages: dict[int, array] = {id(r): array("H", bytes(2 * len(_SORTS) << len(self.filters)))
                                        for r in self.summaries}
        for key, chosen in self.views.items():
            mask = sum(1 << prefixes.index(p) for p, _ in key)
            for s, (sort, _) in enumerate(_SORTS):
                for k, r in enumerate(_order(chosen, sort)):
                    self.pages[id(r)][mask * len(_SORTS) + s] = k // page_size + 1

    def _own(self, r: Summary) -> list[tuple[str, str]]:
        return [(prefix, _value(r, attribute)) for _, prefix, attribute, _ in self.filters]

    def label(self, key: Key) -> str:
        return " · ".join(self.labels[kv] for kv in key) if key else "全部报告"

    def back_links(self, r: Summary) -> tuple[BackLink, ...]:
        """The links back from a report's scorecard to each index page that lists it; each shows
        only when the page's row was the way in (its id is the fragment the row links to)."""
        own = self._own(r)
        out = []
        for mask in range(1 << len(own)):
            key = tuple(own[g] for g in range(len(own)) if mask >> g & 1)
            for s, (sort, sort_label) in enumerate(_SORTS):
                n = self.pages[id(r)][mask * len(_SORTS) + s]
                rel = index_file(_key_name(key), sort, n)
                count = -(-len(self.views[key]) // self.page_size)
                where = f"{self.label(key)} · {sort_label}" + (f"，第{n}/{count}页" if count > 1 else "")
                out.append(BackLink(view_id(rel, r.anchor), f"{rel}#{row_id(r.anchor)}", where))
        return tuple(out)


def row_id(anchor: str) -> str:
    """A report's row on an index page."""
    return f"row-{anchor}"


def view_id(rel: str, anchor: str) -> str:
    """The id, on a report's scorecard, of its link back to index page `rel`: the fragment of the
    link from that page's row to the scorecard."""
    return f"from-{rel.removesuffix('.html').replace('/', '_')}--{anchor}"


def index_pages(groups: dict[str, list[Summary]], unreadable: list[ErrorRow], page_size: int = PAGE_SIZE,
                plan: ViewPlan | None = None):
    """Every index page: (file name, IndexPage), one view per combination of filters and order,
    `page_size` rows a page.

    Every view is plain HTML: ordering and filtering are links to other pages, so the index
    needs no script, and no page holds more than `page_size` rows however large the batch.
    Filters combine (县级 and 2023年度); each link keeps the others and the order.
    """
    plan = plan or ViewPlan(groups, page_size)
    summaries = plan.summaries
    columns = _columns(summaries)
    reviewed = _jurisdiction_reviews(groups)
    cache = _RowCache(columns, reviewed)
    errors = tuple(sorted(unreadable, key=lambda e: (e.source, e.reason)))
    doubles = tuple(d for name in sorted(groups) for d in same_year(name, groups[name]))
    prefixes = [prefix for _, prefix, _, _ in plan.filters]

    def with_value(key: Key, prefix: str, value: str | None) -> Key:
        chosen = dict(key)
        if value is None:
            chosen.pop(prefix, None)
        else:
            chosen[prefix] = value
        return tuple((p, chosen[p]) for p in prefixes if p in chosen)

    for key, chosen in plan.views.items():
        filter_key = _key_name(key)
        for sort, sort_label in _SORTS:
            ordered = _order(chosen, sort)
            count = max(1, -(-len(ordered) // page_size))
            sorts = LinkGroup("排序", tuple(Link(lbl, index_file(filter_key, s), s == sort) for s, lbl in _SORTS))
            groups_ = [LinkGroup("筛选", (Link("全部报告", index_file("", sort), not key),))]
            for group_label, prefix, _, values in plan.filters:
                links = [Link("不限", index_file(_key_name(with_value(key, prefix, None)), sort), prefix not in dict(key))]
                for value, label in values:
                    target = with_value(key, prefix, value)
                    found = len(plan.views.get(target, ()))
                    links.append(Link(f"{label}（{found}）", index_file(_key_name(target), sort) if found else "",
                                      dict(key).get(prefix) == value))
                groups_.append(LinkGroup(group_label, tuple(links)))
            for n in range(1, count + 1):
                chunk = ordered[(n - 1) * page_size:n * page_size]
                rel = index_file(filter_key, sort, n)
                root = "../" if "/" in rel else ""
                yield rel, IndexPage(
                    title="法治政府建设年度报告评分",
                    root=root,
                    view_label=f"{plan.label(key)} · {sort_label}",
                    tables=_tables(chunk, columns, cache, root, rel),
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
    if not plan.views:  # no readable report: one index page that says so
        yield "index.html", IndexPage(
            title="法治政府建设年度报告评分", root="", view_label="全部报告 · 按地区名称", tables=(), row_count=0,
            first_row=1, total_rows=0, sorts=LinkGroup("排序", ()), filters=(), pages=(), page_number=1, page_count=1,
            errors=errors, error_count=len(errors), jurisdiction_count=0, report_count=0, same_year=(),
            headline_note=zh_punct(HEADLINE_NOTE), reviewed=0, reviewed_jurisdictions=0)


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
