"""What the outputs show of a report's indicators: results.json entries, export rows, the
scorecard section, year-over-year changes and the jurisdiction × indicator table.

Everything is computed here into small frozen records; the templates (_indicators.html,
_indicator_trend.html, indicators.html) only lay them out. Figures stay numbers until a
template or a CSV cell writes them.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .indicators import VERDICT_LABELS, VERDICT_SYMBOLS, Indicator, IndicatorResult, Reading, number_label, plain_number
from .labels import chinese_number, zh_punct  # the outline numbers its sections in Chinese

KIND_LABELS = {"value": "报告值", "goal": "目标或要求(不计为报告值)", "change": "变化量(不计为报告值)",
               "previous": "其他年度或此前的数值(不计为报告值)"}
QUALIFIER_LABELS = {"": "", "at_least": "以上", "about": "约", "range": "区间", "words": "文字表述"}
INDICATOR_PAGE = "indicators.html"
PAGE_SIZE = 200  # jurisdictions per page of the indicator table, as the heatmap pages its rows
MAX_READINGS = 12  # per indicator per report: a report that repeats itself cannot blow up results.json


# ---------------------------------------------------------------- results.json


def _reading_dict(r: Reading) -> dict:
    return {
        "kind": r.kind,
        "value": plain_number(r.value),
        "high": None if r.high is None else plain_number(r.high),
        "qualifier": r.qualifier,
        "unit": r.unit,
        "text": r.text,
        "quote": r.quote,
        "role": r.role,
        "sentence": r.sentence,
        "start": r.start,
        "end": r.end,
    }


def json_entries(results: tuple[IndicatorResult, ...], year: int | None) -> list[dict]:
    """results.json `indicators` of one report, in declaration order."""
    out = []
    for res in results:
        ind, v = res.indicator, res.value
        t = ind.target
        out.append({
            "id": ind.id,
            "name": ind.name,
            "unit": ind.unit,
            "section": ind.section,
            "year": year,
            "target": None if t is None else {"min": None if t.min is None else plain_number(t.min),
                                               "max": None if t.max is None else plain_number(t.max),
                                               "source": t.source},
            "verdict": res.verdict,
            "verdict_label": VERDICT_LABELS[res.verdict],
            "value": None if v is None else plain_number(v.value),
            "high": None if v is None or v.high is None else plain_number(v.high),
            "qualifier": "" if v is None else v.qualifier,
            "quote": None if v is None else v.quote,
            "sentence": None if v is None else v.sentence,
            "start": None if v is None else v.start,
            "end": None if v is None else v.end,
            "readings": [_reading_dict(r) for r in res.readings[:MAX_READINGS]],
        })
    return out


# ---------------------------------------------------------------- results.csv / results.xlsx

# Columns added to every row of results.csv and the 事项 sheet: (key, Chinese header, width).
EXPORT_COLUMNS = (
    ("value", "指标数值", 10),
    ("unit", "单位", 6),
    ("target", "目标", 10),
    ("verdict", "达标情况", 12),
)
EXPORT_NUMERIC = {"value"}
CHECKLIST_LABEL = "量化指标"


def export_rows(results: tuple[IndicatorResult, ...], head: tuple, item_keys: tuple[str, ...],
                href: str = "") -> list[tuple]:
    """One export row per indicator, shaped like an item row (one field per key of `item_keys`,
    the first len(head) of them given by `head`; `href` is the report's scorecard link) and
    followed by EXPORT_COLUMNS: the value is a number, so spreadsheets can sort and sum it."""
    rows = []
    for res in results:
        ind, v = res.indicator, res.value
        fields = {
            "checklist": CHECKLIST_LABEL,
            "item_id": ind.id,
            "clause": ind.section,
            "corresponds": "",
            "chapter": "",
            "title": ind.name,
            "status": res.verdict,
            "status_label": VERDICT_LABELS[res.verdict],
            "evidence_count": sum(1 for r in res.readings if r.kind == "value"),
            "first_quote": v.quote if v is not None else "",
            "engine_status": res.verdict,  # no review replaces an indicator's verdict
            "scorecard": href,
            "error": "",
        }
        item = head + tuple(fields.get(key) for key in item_keys[len(head):])
        rows.append(item + (
            None if v is None else plain_number(v.value),
            ind.unit,
            ind.target_label(),
            VERDICT_LABELS[res.verdict],
        ))
    return rows


# ---------------------------------------------------------------- scorecard section


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


def value_label(value: float, unit: str, qualifier: str = "", high: float | None = None) -> str:
    """100%, 4.48%, 156件, 90%—95%, 10件以上, 约300件."""
    v = number_label(value)
    if high is not None:
        return f"{v}{unit}—{number_label(high)}{unit}"
    text = f"{v}{unit}"
    if qualifier == "at_least":
        return text + "以上"
    if qualifier == "about":
        return "约" + text
    return text


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
                kind_label=KIND_LABELS.get(r.kind, r.kind),
                value_label=value_label(r.value, r.unit, r.qualifier, r.high),
                href=f"#{prefix}s{r.sentence}",
                sentence=r.sentence,
                before=before, figure=figure, after=after,
            ))
        rows.append(IndicatorRow(
            name=ind.name,
            section_label=_section_label(ind),
            value_label="—" if v is None else value_label(v.value, v.unit, v.qualifier, v.high),
            target_label=ind.target_label() or "—",
            target_source=ind.target.source if ind.target else (ind.note or ""),
            verdict=res.verdict,
            verdict_label=zh_punct(VERDICT_LABELS[res.verdict]),  # the pages' full-width punctuation
            verdict_symbol=VERDICT_SYMBOLS[res.verdict],
            readings=tuple(views),
        ))
    return IndicatorSection(rows=tuple(rows), missing=tuple(missing),
                            reported=sum(r.value is not None for r in results), total=len(results))


# ---------------------------------------------------------------- compact values for the index and trends

# Per report, carried in render.views.Summary: (indicator id, name, unit, value or None, high, qualifier, verdict).
Compact = tuple[str, str, str, float | None, float | None, str, str]


def compact(results: tuple[IndicatorResult, ...]) -> tuple[Compact, ...]:
    return tuple((res.indicator.id, res.indicator.name, res.indicator.unit,
                  None if res.value is None else res.value.value,
                  None if res.value is None else res.value.high,
                  "" if res.value is None else res.value.qualifier,
                  res.verdict) for res in results)


@dataclass(frozen=True)
class TrendCell:
    value_label: str
    delta_label: str  # "▲ +3", "▼ −2.1", "= 0" or ""
    direction: str  # up, down, same, none
    verdict: str


@dataclass(frozen=True)
class TrendRow:
    label: str
    unit: str
    cells: tuple[TrendCell, ...]


@dataclass(frozen=True)
class IndicatorTrend:
    columns: tuple[str, ...]
    rows: tuple[TrendRow, ...]


def _delta(before: float | None, after: float | None, unit: str) -> tuple[str, str]:
    if before is None or after is None:
        return "", "none"
    d = round(after - before, 4)
    step = "个百分点" if unit == "%" else unit
    if d > 0:
        return f"▲ +{number_label(d)}{step}", "up"
    if d < 0:
        return f"▼ −{number_label(-d)}{step}", "down"
    return "= 持平", "same"


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
    for entries in per_report:
        values.append({e[0]: e for e in entries})
        for e in entries:
            if (e[0], e[1], e[2]) not in order:
                order.append((e[0], e[1], e[2]))
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
            delta = _delta(last, g[3], unit) if last is not None else ("", "none")
            cells.append(TrendCell(value_label(g[3], unit, g[5], g[4]), *delta, g[6]))
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


class IndicatorSheet:
    """Sheet 指标 of results.xlsx: one row per report, one numeric column per indicator, the
    table a supervisor compares jurisdictions by. Made when the first report with indicators
    arrives (its declarations give the columns); rows stream like the other sheets."""

    HEAD = (("文件", 36), ("地区", 16), ("层级", 8), ("报告年度", 9))

    def __init__(self, book, bold, max_rows: int) -> None:
        self._book, self._bold, self._max_rows = book, bold, max_rows
        self._sheet: Any = None  # an xlsxwriter Worksheet, once the first report with indicators comes
        self._columns: list[tuple[str, str, str]] = []
        self._row = 1

    def add(self, head: tuple, entries: tuple[Compact, ...]) -> None:
        """`head`: the report's source, jurisdiction, level label and year."""
        if not entries or self._row >= self._max_rows:
            return
        if self._sheet is None:
            self._columns = [(e[0], e[1], e[2]) for e in entries]
            self._sheet = self._book.add_worksheet("指标")
            headers = list(self.HEAD) + [(f"{name}({unit})", 12) for _, name, unit in self._columns]
            for col, (label, width) in enumerate(headers):
                self._sheet.set_column(col, col, width)
                self._sheet.write_string(0, col, label, self._bold)
            self._sheet.freeze_panes(1, 1)
        for col, value in enumerate(head[:len(self.HEAD)]):
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                self._sheet.write_number(self._row, col, value)
            elif value not in (None, ""):
                self._sheet.write_string(self._row, col, str(value))
        by_id = {e[0]: e for e in entries}
        for k, (ind_id, _, _) in enumerate(self._columns):
            e = by_id.get(ind_id)
            if e is not None and e[3] is not None:
                self._sheet.write_number(self._row, len(self.HEAD) + k, plain_number(e[3]))
        self._row += 1

    def finish(self) -> None:
        if self._sheet is not None:
            self._sheet.autofilter(0, 0, max(1, self._row - 1), len(self.HEAD) + len(self._columns) - 1)
