"""Exports for spreadsheet users: results.csv and results.xlsx, written as reports stream in.

Workers turn each scored report into an `ExportRecord` (plain tuples of text and numbers,
see `record`); the main process appends it to the open files at once and keeps nothing, so a
batch of any size costs the same memory.

results.csv — UTF-8 with a byte-order mark (Excel then reads the Chinese correctly), one row
per report × checklist item, header row = the English keys of ITEM_COLUMNS (documented, with
their Chinese names, in docs/exports.md). A report with no applicable checklist has one row
with empty item fields; an unreadable report one row with `error` set.

results.xlsx — sheet 报告 (one row per report, REPORT_COLUMNS) and sheet 事项 (one row per
report × item, ITEM_COLUMNS), with Chinese header rows, the lead columns (XLSX_*_LEAD) first and
frozen, a link from every row to its scorecard and a print setup one page wide; when indicators
are declared, also sheet 指标 (one row per report, one numeric column per indicator:
IndicatorSheet), and each declared indicator has a row in results.csv and 事项
after the report's items. Written with XlsxWriter in
constant_memory mode: each row goes to a temporary file as it comes and the workbook is zipped
at the end, so memory does not grow with the batch (openpyxl's write-only mode streams too,
but is slower and, unlike XlsxWriter, makes no reproducible file). Cells are written with
write_string/write_number only, so text from a report (a quote starting with "=") can never
become a formula (the one formula is HYPERLINK to a scorecard, holding a path lawscore made; see
XlsxWriter); in the CSV every text cell starting with = + - @, whatever its column (a manifest's
`published` too), gets a leading apostrophe for the same reason. A full disk while the workbook
is zipped is an OSError like any other write, not XlsxWriter's FileCreateError.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from . import labels, paths, score
from .labels import VERDICT_LABELS, number_label, plain_number, target_label
from .model import ChecklistResult, Compact, Copies, IndicatorResult, ReportResult

# Columns added to every row of results.csv and the 事项 sheet for a declared indicator: (key, Chinese header, width).
INDICATOR_COLUMNS = (
    ("value", "指标数值", 10),
    ("unit", "单位", 6),
    ("target", "目标", 10),
    ("verdict", "达标情况", 12),
)
_INDICATOR_NUMERIC = {"value"}
INDICATOR_CHECKLIST_LABEL = "量化指标"


# (key, Chinese header, width in the xlsx)
REPORT_COLUMNS = (
    ("source", "文件", 36),
    ("jurisdiction", "地区", 16),
    ("level", "层级", 8),
    ("year", "报告年度", 9),
    ("published", "发布日期", 11),
    ("timeliness", "发布及时性", 12),
    ("copy_share", "雷同比例(%)", 10),
    ("checklist", "纲要清单", 22),
    ("coverage", "纲要覆盖度", 11),
    ("score", "深度(逐项得分)", 12),
    ("rules_score", "必备内容得分", 12),
    ("parts_present", "具备的必备内容", 14),
    ("met", "已落实", 8),
    ("partial", "部分落实", 9),
    ("gap", "仅列为不足", 10),
    ("planned", "仅列为计划", 10),
    ("mentioned", "仅有表述", 9),
    ("missing", "未提及", 8),
    ("not_applicable", "不适用", 8),
    ("reviewed", "人工复核事项数", 12),
    ("review_stale", "待重新复核事项数", 14),
    ("copy_previous_year", "与上年报告雷同(%)", 12),
    ("copy_other", "与其他地区报告雷同(%)", 12),
    ("copy_outline", "照搬纲要原文(%)", 12),
    ("copy_sources", "雷同来源", 30),
    ("warnings", "提示", 24),
    ("scorecard", "评分页", 9),
    ("error", "无法读取的原因", 30),
)
ITEM_COLUMNS = (
    ("source", "文件", 30),
    ("jurisdiction", "地区", 14),
    ("level", "层级", 8),
    ("year", "报告年度", 9),
    ("published", "发布日期", 11),
    ("timeliness", "发布及时性", 12),
    ("copy_share", "雷同比例(%)", 10),
    ("checklist", "清单", 22),
    ("coverage", "覆盖度", 9),
    ("score", "深度(清单得分)", 12),
    ("item_id", "事项编号", 24),
    ("clause", "纲要条款", 9),
    ("measure", "2015—2020纲要措施", 10),
    ("corresponds", "对应2021—2025纲要条款", 12),
    ("chapter", "章", 28),
    ("title", "事项", 36),
    ("weight", "权重", 7),
    ("status", "状态代码", 12),
    ("status_label", "状态", 11),
    ("reason", "判断理由", 40),
    ("evidence_count", "匹配句数", 9),
    ("first_quote", "第一条摘录", 60),
    ("engine_status", "系统判定代码", 12),
    ("review_state", "人工复核", 12),
    ("review_reason", "复核理由", 30),
    ("review_by", "复核人", 9),
    ("review_date", "复核日期", 11),
    ("scorecard", "评分页", 9),
    ("error", "无法读取的原因", 30),
) + INDICATOR_COLUMNS
_ITEM_WIDTH = len(ITEM_COLUMNS) - len(INDICATOR_COLUMNS)  # the columns of a checklist item
_ITEM_KEYS = tuple(key for key, _, _ in ITEM_COLUMNS[:_ITEM_WIDTH])
# In results.xlsx these columns come first, in this order, and stay in view (frozen) while the
# rest scroll: a row always shows whose report and which item it is, the Chinese title beside the id.
XLSX_REPORT_LEAD = ("jurisdiction", "year")
XLSX_ITEM_LEAD = ("jurisdiction", "year", "title", "item_id", "status_label", "evidence_count", "reason")
# A printed 事项 sheet holds the lead columns only (about 140 characters: one A4 landscape page
# wide at close to full size); the other columns stay on screen. All 32 on one page were ~3 pt.
XLSX_ITEM_PRINTED = len(XLSX_ITEM_LEAD)
XLSX_REPORT_FROZEN = 2  # 地区, 报告年度
XLSX_ITEM_FROZEN = 3  # 地区, 报告年度, 事项
LINK_TEXT = "查看"
_NUMERIC = {"year", "coverage", "score", "rules_score", "reviewed", "review_stale", "parts_present", "met",
            "partial", "gap", "planned", "mentioned", "missing", "not_applicable", "clause", "measure", "weight",
            "evidence_count", "copy_share", "copy_previous_year", "copy_other", "copy_outline"} | _INDICATOR_NUMERIC
# What the review_state column says of an item's review (empty: not reviewed).
REVIEW_STATES = {"applied": "人工复核", "stale": "待重新复核"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what makes a spreadsheet read a CSV cell as a formula
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_CELL = 32000  # Excel holds at most 32,767 characters in a cell
XLSX_MAX_ROWS = 1_048_576


@dataclass(frozen=True)
class ExportRecord:
    """One report as export rows: `report` follows REPORT_COLUMNS, each of `items` ITEM_COLUMNS.
    Its `scorecard` column is the link to its section of its scorecard, relative to the output folder."""

    report: tuple
    items: tuple[tuple, ...]
    indicators: tuple[Compact, ...] = ()  # for the xlsx sheet 指标


def _clean(value):
    if isinstance(value, str):
        value = _CONTROL.sub("", value)
        return value if len(value) <= MAX_CELL else value[: MAX_CELL - 1] + "…"
    return value


def _item_rows(res: ChecklistResult, head: tuple, href: str) -> list[tuple]:
    titles = dict(res.checklist.chapters)
    rows = []
    for ir in res.items:
        picked = score.pick_quotes(ir.evidence, ir.item.expect)
        item = ir.item
        rv = ir.review
        rows.append(head + (
            res.checklist.title,
            round(res.coverage, 1) if res.coverage is not None else None,
            round(res.score, 1),
            item.id,
            item.clause,
            item.measure,
            "、".join(str(c) for c in item.corresponds),
            titles.get(item.chapter, item.chapter),
            item.title,
            item.weight,
            ir.status,
            labels.status_label(ir.status, item.expect),
            ir.reason,
            ir.evidence_total or len(ir.evidence),
            picked[0].quote if picked else "",
            ir.verdict,
            "" if rv is None else REVIEW_STATES["stale" if ir.stale else "applied"],
            "" if rv is None else rv.reason,
            "" if rv is None else rv.by,
            "" if rv is None else rv.date,
            href,
            "",
        ))
    return rows


def record(result: ReportResult) -> ExportRecord:
    """The export rows of one scored report (made in the worker)."""
    meta = result.metadata
    when = score.timeliness(meta.year, meta.published)
    level = labels.LEVEL_LABELS.get(meta.level, meta.level) if meta.level else ""
    jurisdiction = meta.jurisdiction or labels.group_name(result)
    found = result.copies
    head = (result.source, jurisdiction, level, meta.year, meta.published or "", labels.TIMELINESS_LABELS[when],
            found.share if found is not None else None)
    href = f"{paths.scorecard_path(labels.group_name(result))}#{paths.anchor(result.source)}"
    outline, rules = result.outline, result.rules
    counts = {s: 0 for s in ("met", "partial", "gap", "planned", "mentioned", "missing", "not_applicable")}
    if outline is not None:
        for ir in outline.items:
            counts[ir.status] = counts.get(ir.status, 0) + 1
    reviews = [ir for res in (outline, rules) if res is not None for ir in res.items if ir.review is not None]
    report = head + (
        outline.checklist.title if outline else labels.NO_CHECKLIST,
        round(outline.coverage, 1) if outline and outline.coverage is not None else None,
        round(outline.score, 1) if outline else None,
        round(rules.score, 1) if rules else None,
        sum(ir.status in ("met", "partial") for ir in rules.items if not ir.item.optional) if rules else None,
        *(counts[s] if outline else None for s in counts),
        sum(not ir.stale for ir in reviews),
        sum(ir.stale for ir in reviews),
        *(dict(found.sentence_shares)[k] if found is not None else None for k in ("previous_year", "other", "outline")),
        _copy_sources(found),
        ";".join(result.warnings),
        href,
        "",
    )
    items: list[tuple] = []
    for res in (outline, rules):
        if res is not None:
            items.extend(_item_rows(res, head, href))
    if not items:
        items.append(head + (labels.NO_CHECKLIST,) + (None,) * (_ITEM_WIDTH - len(head) - 3) + (href, ""))
    items = [row + (None,) * (len(ITEM_COLUMNS) - len(row)) for row in items]
    items.extend(_indicator_rows(result.indicators, head, href))
    clean = lambda row: tuple(_clean(v) for v in row)  # noqa: E731
    return ExportRecord(report=clean(report), items=tuple(clean(r) for r in items),
                        indicators=tuple(r.compact() for r in result.indicators))


def _copy_sources(found: Copies | None) -> str:
    """The reports and outline a report copied from, with how many sentences: 浙江省舟山市嵊泗县 2022年度 12句."""
    if found is None:
        return ""
    counts: dict[str, int] = {}
    for c in found.copied:
        name = f"{c.source_name} {c.source_year}年度" if c.source_year is not None else c.source_name
        counts[name] = counts.get(name, 0) + 1
    return ";".join(f"{name} {n}句" for name, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _indicator_rows(results: tuple[IndicatorResult, ...], head: tuple, href: str = "") -> list[tuple]:
    """One export row per indicator, shaped like an item row (its first len(head) fields given
    by `head`; `href` is the report's scorecard link) and followed by INDICATOR_COLUMNS: the
    value is a number, so spreadsheets can sort and sum it."""
    rows = []
    for res in results:
        ind, v = res.indicator, res.value
        fields = {
            "checklist": INDICATOR_CHECKLIST_LABEL,
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
        item = head + tuple(fields.get(key) for key in _ITEM_KEYS[len(head):])
        rows.append(item + (
            None if v is None else plain_number(v.value),
            ind.unit,
            target_label(ind),
            VERDICT_LABELS[res.verdict],
        ))
    return rows


def error_record(source: str, message: str) -> ExportRecord:
    report = (source,) + (None,) * (len(REPORT_COLUMNS) - 2) + (message,)
    item = (source,) + (None,) * (_ITEM_WIDTH - 2) + (message,) + (None,) * (len(ITEM_COLUMNS) - _ITEM_WIDTH)
    return ExportRecord(report=tuple(_clean(v) for v in report), items=(tuple(_clean(v) for v in item),))


def _csv_cell(key: str, value) -> str:
    if value is None:
        return ""
    if key in _INDICATOR_NUMERIC and isinstance(value, (int, float)):
        return number_label(value)  # the figure as the report gives it
    if isinstance(value, float):
        return f"{value:g}" if key == "weight" else f"{value:.1f}"
    text = str(value)
    if isinstance(value, str) and text[:1] in _FORMULA_START:
        return "'" + text  # Excel would read it as a formula: whatever the column, text is text
    return text


def _lead_order(columns: tuple[tuple[str, str, int], ...], lead: tuple[str, ...]) -> tuple[int, ...]:
    """Positions of `columns` in the order a sheet shows them: `lead` first, then the rest as they are."""
    keys = [key for key, _, _ in columns]
    first = [keys.index(key) for key in lead]
    return tuple(first + [k for k in range(len(keys)) if k not in first])


class CsvWriter:
    """results.csv: one row per report × item, written as reports arrive. With links=False (no
    scorecards are written) the scorecard column stays empty."""

    def __init__(self, path: Path, links: bool = True) -> None:
        self.path = Path(path)
        self._file = self.path.open("w", encoding="utf-8-sig", newline="")
        self._csv = csv.writer(self._file, lineterminator="\r\n")
        self._keys = [key for key, _, _ in ITEM_COLUMNS]
        self._links = links
        self._csv.writerow(self._keys)

    def add(self, rec: ExportRecord) -> None:
        for row in rec.items:
            self._csv.writerow([_csv_cell(k, v) if self._links or k != "scorecard" else ""
                                for k, v in zip(self._keys, row)])

    def add_error(self, source: str, message: str) -> None:
        self.add(error_record(source, message))

    def finish(self) -> str:
        self._file.close()
        return self.path.name


class XlsxWriter:
    """results.xlsx: sheet 报告 and sheet 事项 (事项2 … past Excel's row limit), streamed.

    Each sheet shows its lead columns first and keeps them frozen, prints landscape on A4 one
    page wide with the header row on every page, and links every row to its scorecard (the
    评分页 column, relative to the workbook, so the output folder can be moved as a whole).
    On 报告 the link is a hyperlink; on 事项 it is a HYPERLINK formula: XlsxWriter keeps every
    hyperlink in memory until the file is closed, a few tenths of a millisecond each, and
    Excel takes at most 65,530 per sheet, while a batch has a hundred item rows a report. The
    formula holds only a path lawscore made (paths.scorecard_path: CJK, letters, digits), never
    report text. With links=False (no scorecards written) the column stays empty.
    """

    MAX_LINKS = 65_530  # hyperlinks Excel reads on one sheet; past that, 报告 links by formula too

    def __init__(self, path: Path, max_rows: int = XLSX_MAX_ROWS, links: bool = True) -> None:
        import xlsxwriter

        self.path = Path(path)
        self._book = xlsxwriter.Workbook(str(self.path), {
            "constant_memory": True,
            "tmpdir": str(self.path.parent),
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            # A province's or a nation's batch passes the zip format's 4 GB: 100,000 reports
            # made a 4 GB+ results.xlsx and the run ended in a traceback. Python's zipfile
            # writes the ZIP64 records only where a size needs them, so smaller files are
            # byte for byte what they were.
            "use_zip64": True,
        })
        # A fixed date: the same results make the same file.
        self._book.set_properties({"title": "法治政府建设年度报告评分", "created": datetime(2000, 1, 1)})
        self._bold = self._book.add_format({"bold": True, "bg_color": "#F6F8FA", "border": 1})
        self._link_format = self._book.add_format({"font_color": "#0550AE", "underline": 1})
        self._max_rows = max_rows
        self._links = links
        self._report_links = 0
        self._order = {"report": _lead_order(REPORT_COLUMNS, XLSX_REPORT_LEAD),
                       "item": _lead_order(ITEM_COLUMNS, XLSX_ITEM_LEAD)}
        self._cols = {"report": [k for k, _, _ in REPORT_COLUMNS], "item": [k for k, _, _ in ITEM_COLUMNS]}
        self._reports = self._sheet("报告", REPORT_COLUMNS, self._order["report"], XLSX_REPORT_FROZEN)
        self._report_row = 1
        self._items = self._sheet("事项", ITEM_COLUMNS, self._order["item"], XLSX_ITEM_FROZEN)
        self._item_row = 1
        self._item_sheets = 1
        self._indicators = IndicatorSheet(self._book, self._bold, max_rows)

    def _sheet(self, name: str, columns, order: tuple[int, ...], frozen: int):
        sheet = self._book.add_worksheet(name)
        for col, k in enumerate(order):
            sheet.set_column(col, col, columns[k][2])
        sheet.freeze_panes(1, frozen)
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)  # one page wide, as many pages long as needed
        sheet.repeat_rows(0)
        for col, k in enumerate(order):
            sheet.write_string(0, col, columns[k][1], self._bold)
        return sheet

    def _link(self, sheet, row: int, col: int, href: str, hyperlink: bool) -> None:
        if hyperlink and self._report_links < self.MAX_LINKS:
            self._report_links += 1
            sheet.write_url(row, col, "external:" + href, self._link_format, LINK_TEXT)
        else:
            sheet.write_formula(row, col, f'HYPERLINK("{href}","{LINK_TEXT}")', self._link_format, LINK_TEXT)

    def _write_row(self, sheet, row: int, kind: str, values, hyperlink: bool = False) -> None:
        keys = self._cols[kind]
        for col, k in enumerate(self._order[kind]):
            key, value = keys[k], values[k]
            if value is None or value == "":
                continue
            if key == "scorecard":
                if self._links:
                    self._link(sheet, row, col, value, hyperlink)
            elif key in _NUMERIC and isinstance(value, (int, float)) and not isinstance(value, bool):
                sheet.write_number(row, col, value)
            else:
                sheet.write_string(row, col, str(value))

    def add(self, rec: ExportRecord) -> None:
        self._indicators.add(rec.report[:4], rec.indicators)
        if self._report_row < self._max_rows:
            self._write_row(self._reports, self._report_row, "report", rec.report, hyperlink=True)
            self._report_row += 1
        for values in rec.items:
            if self._item_row >= self._max_rows:
                self._items.print_area(0, 0, self._item_row - 1, XLSX_ITEM_PRINTED - 1)
                self._item_sheets += 1
                self._items = self._sheet(f"事项{self._item_sheets}", ITEM_COLUMNS, self._order["item"],
                                          XLSX_ITEM_FROZEN)
                self._item_row = 1
            self._write_row(self._items, self._item_row, "item", values)
            self._item_row += 1

    def add_error(self, source: str, message: str) -> None:
        self.add(error_record(source, message))

    def finish(self) -> str:
        self._reports.autofilter(0, 0, max(1, self._report_row - 1), len(REPORT_COLUMNS) - 1)
        self._items.autofilter(0, 0, max(1, self._item_row - 1), len(ITEM_COLUMNS) - 1)
        self._items.print_area(0, 0, max(1, self._item_row - 1), XLSX_ITEM_PRINTED - 1)
        self._indicators.finish()
        from xlsxwriter.exceptions import FileCreateError

        try:
            self._book.close()
        except FileCreateError as exc:  # XlsxWriter's wrapper of any OSError, a full disk too
            cause = exc.args[0] if exc.args else None
            raise cause if isinstance(cause, OSError) else OSError(str(exc)) from None
        return self.path.name


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
