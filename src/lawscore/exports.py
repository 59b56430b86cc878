"""Exports for spreadsheet users: results.csv and results.xlsx, written as reports stream in.

Workers turn each scored report into an `ExportRecord` (plain tuples of text and numbers,
see `record`); the main process appends it to the open files at once and keeps nothing, so a
batch of any size costs the same memory.

results.csv — UTF-8 with a byte-order mark (Excel then reads the Chinese correctly), one row
per report × checklist item, header row = the English keys of ITEM_COLUMNS (documented, with
their Chinese names, in docs/exports.md). A report with no applicable checklist has one row
with empty item fields; an unreadable report one row with `error` set.

results.xlsx — sheet 报告 (one row per report, REPORT_COLUMNS) and sheet 事项 (one row per
report × item, ITEM_COLUMNS), with Chinese header rows. Written with XlsxWriter in
constant_memory mode: each row goes to a temporary file as it comes and the workbook is zipped
at the end, so memory does not grow with the batch (openpyxl's write-only mode streams too,
but is slower and, unlike XlsxWriter, makes no reproducible file). Cells are written with
write_string/write_number only, so text from a report (a quote starting with "=") can never
become a formula; in the CSV such cells get a leading apostrophe for the same reason.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from . import labels, score
from .model import ChecklistResult, ReportResult

# (key, Chinese header, width in the xlsx)
REPORT_COLUMNS = (
    ("source", "文件", 36),
    ("jurisdiction", "地区", 16),
    ("level", "层级", 8),
    ("year", "报告年度", 9),
    ("published", "发布日期", 11),
    ("timeliness", "发布及时性", 12),
    ("checklist", "纲要清单", 22),
    ("coverage", "纲要覆盖度", 11),
    ("score", "深度(逐项得分)", 12),
    ("rules_score", "必备内容得分", 12),
    ("parts_present", "具备的必备内容", 14),
    ("met", "已落实", 8),
    ("partial", "部分落实", 9),
    ("gap", "仅列为不足", 10),
    ("planned", "仅列为计划", 10),
    ("missing", "未提及", 8),
    ("not_applicable", "不适用", 8),
    ("reviewed", "人工复核事项数", 12),
    ("review_stale", "待重新复核事项数", 14),
    ("warnings", "提示", 24),
    ("error", "无法读取的原因", 30),
)
ITEM_COLUMNS = (
    ("source", "文件", 30),
    ("jurisdiction", "地区", 14),
    ("level", "层级", 8),
    ("year", "报告年度", 9),
    ("published", "发布日期", 11),
    ("timeliness", "发布及时性", 12),
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
    ("evidence_count", "证据句数", 9),
    ("first_quote", "第一条摘录", 60),
    ("engine_status", "系统判定代码", 12),
    ("review_state", "人工复核", 12),
    ("review_reason", "复核理由", 30),
    ("review_by", "复核人", 9),
    ("review_date", "复核日期", 11),
    ("error", "无法读取的原因", 30),
)
_NUMERIC = {"year", "coverage", "score", "rules_score", "reviewed", "review_stale", "parts_present", "met", "partial", "gap", "planned", "missing",
            "not_applicable", "clause", "measure", "weight", "evidence_count"}
_TEXT = {"source", "jurisdiction", "checklist", "chapter", "title", "first_quote", "review_reason", "review_by",
         "warnings", "error"}
# What the review_state column says of an item's review (empty: not reviewed).
REVIEW_STATES = {"applied": "人工复核", "stale": "待重新复核"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_CELL = 32000  # Excel holds at most 32,767 characters in a cell
XLSX_MAX_ROWS = 1_048_576


@dataclass(frozen=True)
class ExportRecord:
    """One report as export rows: `report` follows REPORT_COLUMNS, each of `items` ITEM_COLUMNS."""

    report: tuple
    items: tuple[tuple, ...]


def _clean(value):
    if isinstance(value, str):
        value = _CONTROL.sub("", value)
        return value if len(value) <= MAX_CELL else value[: MAX_CELL - 1] + "…"
    return value


def _item_rows(res: ChecklistResult, head: tuple) -> list[tuple]:
    titles = dict(res.checklist.chapters)
    rows = []
    for ir in res.items:
        picked = score.pick_quotes(ir.evidence)
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
            labels.STATUS_LABELS.get(ir.status, ir.status),
            ir.evidence_total or len(ir.evidence),
            picked[0].quote if picked else "",
            ir.verdict,
            "" if rv is None else REVIEW_STATES["stale" if ir.stale else "applied"],
            "" if rv is None else rv.reason,
            "" if rv is None else rv.by,
            "" if rv is None else rv.date,
            "",
        ))
    return rows


def record(result: ReportResult) -> ExportRecord:
    """The export rows of one scored report (made in the worker)."""
    meta = result.metadata
    when = labels.timeliness(meta.year, meta.published)
    level = labels.LEVEL_LABELS.get(meta.level, meta.level) if meta.level else ""
    jurisdiction = meta.jurisdiction or labels.group_name(result)
    head = (result.source, jurisdiction, level, meta.year, meta.published or "", labels.TIMELINESS_LABELS[when])
    outline, rules = result.outline, result.rules
    counts = {s: 0 for s in ("met", "partial", "gap", "planned", "missing", "not_applicable")}
    if outline is not None:
        for ir in outline.items:
            counts[ir.status] = counts.get(ir.status, 0) + 1
    reviews = [ir for res in (outline, rules) if res is not None for ir in res.items if ir.review is not None]
    report = head + (
        outline.checklist.title if outline else labels.NO_CHECKLIST,
        round(outline.coverage, 1) if outline and outline.coverage is not None else None,
        round(outline.score, 1) if outline else None,
        round(rules.score, 1) if rules else None,
        sum(ir.status in ("met", "partial") for ir in rules.items) if rules else None,
        *(counts[s] if outline else None for s in counts),
        sum(not ir.stale for ir in reviews),
        sum(ir.stale for ir in reviews),
        ";".join(result.warnings),
        "",
    )
    items: list[tuple] = []
    for res in (outline, rules):
        if res is not None:
            items.extend(_item_rows(res, head))
    if not items:
        items.append(head + (labels.NO_CHECKLIST,) + (None,) * (len(ITEM_COLUMNS) - len(head) - 2) + ("",))
    clean = lambda row: tuple(_clean(v) for v in row)  # noqa: E731
    return ExportRecord(report=clean(report), items=tuple(clean(r) for r in items))


def error_record(source: str, message: str) -> ExportRecord:
    report = (source,) + (None,) * (len(REPORT_COLUMNS) - 2) + (message,)
    item = (source,) + (None,) * (len(ITEM_COLUMNS) - 2) + (message,)
    return ExportRecord(report=tuple(_clean(v) for v in report), items=(tuple(_clean(v) for v in item),))


def _csv_cell(key: str, value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}" if key == "weight" else f"{value:.1f}"
    text = str(value)
    if key in _TEXT and text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text  # Excel would read it as a formula
    return text


class CsvWriter:
    """results.csv: one row per report × item, written as reports arrive."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._file = self.path.open("w", encoding="utf-8-sig", newline="")
        self._csv = csv.writer(self._file, lineterminator="\r\n")
        self._keys = [key for key, _, _ in ITEM_COLUMNS]
        self._csv.writerow(self._keys)

    def add(self, rec: ExportRecord) -> None:
        for row in rec.items:
            self._csv.writerow([_csv_cell(k, v) for k, v in zip(self._keys, row)])

    def add_error(self, source: str, message: str) -> None:
        self.add(error_record(source, message))

    def finish(self) -> str:
        self._file.close()
        return self.path.name


class XlsxWriter:
    """results.xlsx: sheet 报告 and sheet 事项 (事项2 … past Excel's row limit), streamed."""

    def __init__(self, path: Path, max_rows: int = XLSX_MAX_ROWS) -> None:
        import xlsxwriter

        self.path = Path(path)
        self._book = xlsxwriter.Workbook(str(self.path), {
            "constant_memory": True,
            "tmpdir": str(self.path.parent),
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        })
        # A fixed date: the same results make the same file.
        self._book.set_properties({"title": "法治政府建设年度报告评分", "created": datetime(2000, 1, 1)})
        self._bold = self._book.add_format({"bold": True, "bg_color": "#F6F8FA", "border": 1})
        self._max_rows = max_rows
        self._reports = self._sheet("报告", REPORT_COLUMNS)
        self._report_row = 1
        self._items = self._sheet("事项", ITEM_COLUMNS)
        self._item_row = 1
        self._item_sheets = 1
        self._cols = {"report": [k for k, _, _ in REPORT_COLUMNS], "item": [k for k, _, _ in ITEM_COLUMNS]}

    def _sheet(self, name: str, columns):
        sheet = self._book.add_worksheet(name)
        for col, (_, _, width) in enumerate(columns):
            sheet.set_column(col, col, width)
        sheet.freeze_panes(1, 0)
        for col, (_, label, _) in enumerate(columns):
            sheet.write_string(0, col, label, self._bold)
        return sheet

    def _write_row(self, sheet, row: int, keys, values) -> None:
        for col, (key, value) in enumerate(zip(keys, values)):
            if value is None or value == "":
                continue
            if key in _NUMERIC and isinstance(value, (int, float)) and not isinstance(value, bool):
                sheet.write_number(row, col, value)
            else:
                sheet.write_string(row, col, str(value))

    def add(self, rec: ExportRecord) -> None:
        if self._report_row < self._max_rows:
            self._write_row(self._reports, self._report_row, self._cols["report"], rec.report)
            self._report_row += 1
        for values in rec.items:
            if self._item_row >= self._max_rows:
                self._item_sheets += 1
                self._items = self._sheet(f"事项{self._item_sheets}", ITEM_COLUMNS)
                self._item_row = 1
            self._write_row(self._items, self._item_row, self._cols["item"], values)
            self._item_row += 1

    def add_error(self, source: str, message: str) -> None:
        self.add(error_record(source, message))

    def finish(self) -> str:
        self._reports.autofilter(0, 0, max(1, self._report_row - 1), len(REPORT_COLUMNS) - 1)
        self._items.autofilter(0, 0, max(1, self._item_row - 1), len(ITEM_COLUMNS) - 1)
        self._book.close()
        return self.path.name
