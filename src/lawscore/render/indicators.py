"""The indicator parts of the pages: a report's indicator section, a jurisdiction's indicator
trend across years, and the jurisdiction × indicator table (indicators.html).

Everything is computed here into small frozen records; the templates (_indicators.html,
_indicator_trend.html, indicators.html) only lay them out.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..labels import (
    MAX_READINGS,
    READING_KIND_LABELS,
    VERDICT_LABELS,
    VERDICT_SYMBOLS,
    chinese_number,
    number_label,
    target_label,
    value_label,
    zh_punct,  # the pages' full-width punctuation
)
from ..model import Compact, Indicator, IndicatorResult

INDICATOR_PAGE = "indicators.html"
PAGE_SIZE = 200  # jurisdictions per page of the indicator table, as the heatmap pages its rows


@dataclass(frozen=True)
class ReadingView:
    kind_label: str
    value_label: str
    href: str
    sentence: int
    before: str  # the quote around the figure, the figure itself marked
    figure: str
    after: str


@dataclass(frozen=True)
class IndicatorRow:
    name: str
    section_label: str
    value_label: str  # "100%", "156件", "—"
    target_label: str  # "≥100%" or "无全国性目标"
    target_source: str
    verdict: str
    verdict_label: str
    verdict_symbol: str
    readings: tuple[ReadingView, ...]


@dataclass(frozen=True)
class IndicatorSection:
    rows: tuple[IndicatorRow, ...]  # the indicators the report gives a figure for (a value, goal or change)
    missing: tuple[str, ...]  # names of the indicators it says nothing about
    reported: int
    total: int


def _section_label(ind: Indicator) -> str:
    return f"（{chinese_number(ind.section)}）" if ind.section is not None else "—"


def _clip(quote: str, start: int, end: int, keep: int = 60) -> tuple[str, str, str]:
    """The quote around [start, end): at most `keep` characters either side."""
    before = quote[max(0, start - keep):start]
    after = quote[end:end + keep]
    return (("…" if start > keep else "") + before, quote[start:end], after + ("…" if end + keep < len(quote) else ""))


def section_view(results: tuple[IndicatorResult, ...], sentence_starts: dict[int, int], prefix: str) -> IndicatorSection:
    """The indicator table of one report's section. `sentence_starts` maps a sentence index to
    its start in the normalised text, to mark the figure inside its quote."""
    rows = []
    missing = []
    for res in results:
        ind, v = res.indicator, res.value
        if not res.readings:
            missing.append(ind.name)
            continue
        views = []
        for r in res.readings[:MAX_READINGS]:
            offset = sentence_starts.get(r.sentence, r.start)
            a, b = r.start - offset, r.end - offset
            if not 0 <= a <= b <= len(r.quote):
                a = b = 0
            before, figure, after = _clip(r.quote, a, b)
            views.append(ReadingView(
                kind_label=READING_KIND_LABELS.get(r.kind, r.kind),
                value_label=value_label(r.value, r.unit, r.qualifier, r.high),
                href=f"#{prefix}s{r.sentence}",
                sentence=r.sentence,
                before=before, figure=figure, after=after,
            ))
        rows.append(IndicatorRow(
            name=ind.name,
            section_label=_section_label(ind),
            value_label="—" if v is None else value_label(v.value, v.unit, v.qualifier, v.high),
            target_label=target_label(ind) or "—",
            target_source=ind.target.source if ind.target else (ind.note or ""),
            verdict=res.verdict,
            verdict_label=zh_punct(VERDICT_LABELS[res.verdict]),
            verdict_symbol=VERDICT_SYMBOLS[res.verdict],
            readings=tuple(views),
        ))
    return IndicatorSection(rows=tuple(rows), missing=tuple(missing),
                            reported=sum(r.value is not None for r in results), total=len(results))


# ---------------------------------------------------------------- a jurisdiction's trend


@dataclass(frozen=True)
class TrendCell:
    value_label: str
    delta_label: str  # "▲ +3", "▼ −2.1", "= 0" or ""
    direction: str  # up, down, same, none
    verdict: str
    tone: str = "neutral"  # good, bad or neutral: from the indicator's `better`, never from the arrow alone
    tone_label: str = ""  # the tone in words: 向好, 变差, or "" when neither


@dataclass(frozen=True)
class TrendRow:
    label: str
    unit: str
    cells: tuple[TrendCell, ...]


@dataclass(frozen=True)
class IndicatorTrend:
    columns: tuple[str, ...]
    rows: tuple[TrendRow, ...]


_TONE_LABELS = {"good": "向好", "bad": "变差", "neutral": ""}


def _delta(before: float | None, after: float | None, unit: str, better: str = "") -> tuple[str, str, str, str]:
    """(label, direction, tone, tone in words) of the change from `before` to `after`."""
    if before is None or after is None:
        return "", "none", "neutral", ""
    d = round(after - before, 4)
    step = "个百分点" if unit == "%" else unit
    if d == 0:
        return "= 持平", "same", "neutral", ""
    direction = "up" if d > 0 else "down"
    tone = "neutral" if not better else "good" if (direction == "up") == (better == "higher") else "bad"
    label = f"▲ +{number_label(d)}{step}" if d > 0 else f"▼ −{number_label(-d)}{step}"
    return label, direction, tone, _TONE_LABELS[tone]


def trend_labels(reports) -> list[str]:
    """A column label per report (render.views.Summary): its year, with the file name when two share a year."""
    labels = [r.year_label for r in reports]
    if len(set(labels)) < len(labels):
        labels = [f"{r.year_label}({r.source_name})" for r in reports]
    return labels


def trend(columns: list[str], per_report: list[tuple[Compact, ...]]) -> IndicatorTrend | None:
    """Each indicator across a jurisdiction's reports (oldest first), with the change from the
    previous report that gives it; None unless two reports give at least one indicator."""
    if len(per_report) < 2:
        return None
    order: list[tuple[str, str, str]] = []
    values: list[dict[str, Compact]] = []
    better: dict[str, str] = {}
    for entries in per_report:
        values.append({e[0]: e for e in entries})
        for e in entries:
            if (e[0], e[1], e[2]) not in order:
                order.append((e[0], e[1], e[2]))
            better[e[0]] = e[7] if len(e) > 7 else ""
    rows = []
    for ind_id, name, unit in order:
        got = [v.get(ind_id) for v in values]
        reported = [g for g in got if g is not None and g[3] is not None]
        if not reported:
            continue
        cells = []
        last = None
        for g in got:
            if g is None or g[3] is None:
                cells.append(TrendCell("—" if g is None else "未报告", "", "none", "not_reported"))
                continue
            label, direction, tone, tone_label = _delta(last, g[3], unit, better[ind_id])
            cells.append(TrendCell(value_label(g[3], unit, g[5], g[4]), label, direction, g[6], tone, tone_label))
            last = g[3]
        rows.append(TrendRow(name, unit, tuple(cells)))
    if not rows or sum(1 for entries in per_report if any(e[3] is not None for e in entries)) < 2:
        return None
    return IndicatorTrend(tuple(columns), tuple(rows))


# ---------------------------------------------------------------- the jurisdiction × indicator page


@dataclass(frozen=True)
class TableCell:
    value_label: str
    verdict: str
    title: str


@dataclass(frozen=True)
class TableRow:
    name: str
    href: str
    year_label: str
    cells: tuple[TableCell, ...]


@dataclass(frozen=True)
class TableColumn:
    label: str
    title: str
    href: str  # the view sorted by this indicator
    current: bool  # this view is sorted by it


@dataclass(frozen=True)
class PageLink:
    label: str
    href: str
    current: bool


@dataclass(frozen=True)
class IndicatorPage:
    title: str
    root: str
    sort_label: str  # the order of this view, in words
    by_name_href: str  # the view in name order
    columns: tuple[TableColumn, ...]
    rows: tuple[TableRow, ...]
    pages: tuple[PageLink, ...]
    page_number: int
    page_count: int
    report_count: int
    reported_count: int  # cells with a value on this page


def page_file(n: int, sort: str = "") -> str:
    """indicators.html, indicators-2.html …; sorted by an indicator: indicators-by-<id>.html, …-by-<id>-2.html.
    Indicator ids are letters, digits, "-" and "." (indicators.schema.json), so they are safe in a file name."""
    stem = f"indicators-by-{sort}" if sort else "indicators"
    return f"{stem}.html" if n == 1 else f"{stem}-{n}.html"


def _sorted(rows: list, sort: str) -> list:
    by_name = sorted(rows, key=lambda r: (r[0], r[3] is None, -(r[3] or 0), r[1]))
    if not sort:
        return by_name

    def value(r) -> float | None:
        e = next((e for e in r[4] if e[0] == sort), None)
        return None if e is None else e[3]

    return sorted(by_name, key=lambda r: (value(r) is None, -(value(r) or 0.0)))  # stable: name order in ties


def table_pages(reports: list[tuple[str, str, str, int | None, tuple[Compact, ...]]],
                page_size: int = PAGE_SIZE) -> list[tuple[str, IndicatorPage]]:
    """indicators.html … (by name) and one view per indicator (value from high to low, reports
    without it last), `page_size` rows a page: one row per report (name, scorecard href, year
    label, year, compact values), so the table sorts without a script, as the heatmap does."""
    columns: list[tuple[str, str, str]] = []
    for r in sorted(reports, key=lambda r: (r[0], r[1])):
        for e in r[4]:
            if (e[0], e[1], e[2]) not in columns:
                columns.append((e[0], e[1], e[2]))
    names = {ind_id: name for ind_id, name, _ in columns}
    out = []
    for sort in ["", *(c[0] for c in columns)]:
        ordered = _sorted(reports, sort)
        count = max(1, -(-len(ordered) // page_size))
        for n in range(1, count + 1):
            chunk = ordered[(n - 1) * page_size:n * page_size]
            rows = []
            filled = 0
            for name, href, year_label, _, entries in chunk:
                by_id = {e[0]: e for e in entries}
                cells = []
                for ind_id, ind_name, unit in columns:
                    got = by_id.get(ind_id)
                    if got is None or got[3] is None:
                        cells.append(TableCell("", "not_reported", f"{ind_name}:{VERDICT_LABELS['not_reported']}"))
                        continue
                    filled += 1
                    label = value_label(got[3], unit, got[5], got[4])
                    cells.append(TableCell(label, got[6], f"{ind_name}:{label}({VERDICT_LABELS[got[6]]})"))
                rows.append(TableRow(name, href, year_label, tuple(cells)))
            out.append((page_file(n, sort), IndicatorPage(
                title="量化指标对照表",
                root="",
                sort_label=f"按{names[sort]}从高到低" if sort else "按地区名称",
                by_name_href=page_file(1),
                columns=tuple(TableColumn(f"{name}({unit})", name, page_file(1, ind_id), ind_id == sort)
                              for ind_id, name, unit in columns),
                rows=tuple(rows),
                pages=tuple(PageLink(str(k), page_file(k, sort), k == n) for k in range(1, count + 1)) if count > 1 else (),
                page_number=n,
                page_count=count,
                report_count=len(ordered),
                reported_count=filled,
            )))
    return out
