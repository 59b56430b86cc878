"""results.csv and results.xlsx: one row per report x item, streamed, safe for Excel, reproducible."""
import csv
import io
import re
import zipfile
from pathlib import Path

import pytest

from lawscore import exports, output, paths, pipeline
from lawscore.model import Metadata, ReportResult

from conftest import document, write_output

FORMATS = {"csv", "xlsx"}


@pytest.fixture(scope="module")
def written(seed_results, tmp_path_factory):
    out = tmp_path_factory.mktemp("exports") / "out"
    files = write_output(out, list(seed_results.values()), [("gone.txt", "=cmd|' /C calc'!A0")], FORMATS)
    return out, files


def read_csv(path: Path) -> list[dict]:
    raw = path.read_bytes()
    assert raw.startswith("\ufeff".encode("utf-8"))  # BOM: Excel opens it as UTF-8
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_csv_has_one_row_per_report_and_item(seed_results, written):
    out, files = written
    assert files == ["results.csv", "results.xlsx"]
    rows = read_csv(out / "results.csv")
    assert list(rows[0]) == [key for key, _, _ in exports.ITEM_COLUMNS]
    # one row per item of both checklists and per declared indicator (issue 14), and the unreadable report
    expected = sum(len(r.outline.items) + len(r.rules.items) + len(r.indicators) for r in seed_results.values()) + 1
    assert len(rows) == expected
    for r in seed_results.values():
        mine = [row for row in rows if row["source"] == r.source]
        outline = {row["item_id"]: row for row in mine if row["checklist"] == r.outline.checklist.title}
        assert set(outline) == {ir.item.id for ir in r.outline.items}
        for ir in r.outline.items:
            row = outline[ir.item.id]
            assert row["status"] == ir.status and row["jurisdiction"] == r.metadata.jurisdiction
            assert row["score"] == f"{r.outline.score:.1f}"
            assert int(row["evidence_count"]) == ir.evidence_total
            assert bool(row["first_quote"]) == bool(ir.evidence)
    met = next(row for row in rows if row["status"] == "met")
    assert met["status_label"] == "已落实" and met["timeliness"] in ("按时发布", "逾期发布", "发布日期不明")


def test_unreadable_reports_are_rows_and_formulas_are_defused(written):
    out, _ = written
    rows = read_csv(out / "results.csv")
    gone = [row for row in rows if row["source"] == "gone.txt"]
    assert len(gone) == 1 and gone[0]["error"] == "'=cmd|' /C calc'!A0"


def test_xlsx_has_a_report_sheet_and_an_item_sheet(seed_results, written):
    openpyxl = pytest.importorskip("openpyxl")
    out, _ = written
    book = openpyxl.load_workbook(out / "results.xlsx", read_only=True)
    assert book.sheetnames == ["报告", "事项", "指标"]  # 指标: one row per report x indicator column (issue 14)
    reports = list(book["报告"].iter_rows(values_only=True))
    labels = {key: label for key, label, _ in exports.REPORT_COLUMNS}
    assert reports[0][:3] == ("地区", "报告年度", "文件")  # the lead columns, then the rest in order
    assert sorted(reports[0]) == sorted(labels.values())
    assert len(reports) == len(seed_results) + 2
    items = list(book["事项"].iter_rows(values_only=True))
    assert items[0][:8] == ("地区", "报告年度", "事项", "事项编号", "状态", "匹配句数", "判断理由", "文件")
    assert len(items) == len(read_csv(out / "results.csv")) + 1
    error_row = next(row for row in reports if row[2] == "gone.txt")
    assert error_row[-1] == "=cmd|' /C calc'!A0"  # a string cell, not a formula


def test_xlsx_cells_are_never_formulas(written):
    out, _ = written
    with zipfile.ZipFile(out / "results.xlsx") as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
        assert sheets
        for name in sheets:
            assert b"<f>" not in z.read(name)


def test_exports_are_reproducible(seed_results, tmp_path):
    results = list(seed_results.values())
    write_output(tmp_path / "a", results, [], FORMATS | {"html"})  # with links to the scorecards
    write_output(tmp_path / "b", list(reversed(results)), [], FORMATS | {"html"})
    for name in ("results.csv", "results.xlsx"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_a_report_without_a_checklist_still_has_a_row(tmp_path):
    result = pipeline.evaluate_document(document("2023年测试县法治政府建设年度报告\n全年审查规范性文件3件。\n"),
                                        pipeline.ChecklistSet(()))
    rec = exports.record(result)
    assert len(rec.items) == 1 and len(rec.items[0]) == len(exports.ITEM_COLUMNS)
    assert len(rec.report) == len(exports.REPORT_COLUMNS)
    writer = exports.CsvWriter(tmp_path / "r.csv")
    writer.add(rec)
    writer.finish()
    assert len(read_csv(tmp_path / "r.csv")) == 1


def test_xlsx_continues_on_a_new_sheet_past_the_row_limit(seed_results, tmp_path):
    rec = exports.record(next(iter(seed_results.values())))
    writer = exports.XlsxWriter(tmp_path / "r.xlsx", max_rows=10)
    writer.add(rec)
    writer.finish()
    with zipfile.ZipFile(tmp_path / "r.xlsx") as z:
        book = z.read("xl/workbook.xml").decode("utf-8")
    assert "事项2" in book


def test_xlsx_past_the_zip_formats_4_gb_is_written_not_a_traceback(seed_results, tmp_path, monkeypatch):
    """100,000 reports made a results.xlsx over 4 GB: XlsxWriter refused to close it without
    ZIP64, and the run ended in a traceback. The zip limit is lowered here to 2 KB, so that the
    seeds' workbook passes it; it is written with ZIP64 records and reads back."""
    monkeypatch.setattr(zipfile, "ZIP64_LIMIT", 2048)
    writer = exports.XlsxWriter(tmp_path / "r.xlsx")
    for result in seed_results.values():
        writer.add(exports.record(result))
    writer.finish()
    with zipfile.ZipFile(tmp_path / "r.xlsx") as z:
        assert "报告" in z.read("xl/workbook.xml").decode("utf-8")


def test_processed_carries_export_rows_only_when_asked(seed_results):
    result = next(iter(seed_results.values()))
    assert output.prepare(result, frozenset({"json"})).export is None
    p = output.prepare(result, frozenset({"csv"}))
    assert isinstance(p.export, exports.ExportRecord) and p.summary is None and p.section is None
    bad = ReportResult(source="x.pdf", document=None, normalized=None, segmentation=None, metadata=Metadata(),
                       outline=None, rules=None, errors=("坏",))
    assert output.prepare(bad, frozenset({"csv"})).error == "坏"


def test_exports_do_not_need_the_html_renderer():
    """The labels exports and render share live in lawscore.labels; exports import no render."""
    import subprocess
    import sys

    code = "import sys, lawscore.exports; print('lawscore.render' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8", check=True).stdout
    assert out.strip() == "False"


@pytest.fixture(scope="module")
def book_with_links(seed_results, tmp_path_factory):
    """results.xlsx written beside the scorecards, read back with openpyxl (not read-only: panes,
    links and print settings are only read then)."""
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path_factory.mktemp("linked") / "out"
    files = write_output(out, list(seed_results.values()), [("gone.txt", "坏")], {"html", "csv", "xlsx"})
    return out, files, openpyxl.load_workbook(out / "results.xlsx")


def test_xlsx_keeps_region_and_item_in_view_and_prints_one_page_wide(book_with_links):
    _, _, book = book_with_links
    reports, items = book["报告"], book["事项"]
    assert reports.freeze_panes == "C2"  # 地区, 报告年度 and the header row stay
    assert items.freeze_panes == "D2"  # 地区, 报告年度, 事项
    assert [c.value for c in items[1][:4]] == ["地区", "报告年度", "事项", "事项编号"]
    # Printed, the 事项 sheet holds the columns a reader of paper needs; the other 25 stay on screen.
    assert [c.value for c in items[1][:7]] == ["地区", "报告年度", "事项", "事项编号", "状态", "匹配句数", "判断理由"]
    assert items.print_area == f"'事项'!$A$1:$G${items.max_row}"
    widths = sum(items.column_dimensions[letter].width for letter in "ABCDEFG")
    assert widths <= 150  # characters: one A4 landscape page wide at about full size, not 3 pt
    assert not reports.print_area  # 报告 prints whole
    for sheet in (reports, items):
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        # one page wide (1 is the file format's default, so it is left out), any number of pages long
        assert (sheet.page_setup.fitToWidth or 1, sheet.page_setup.fitToHeight) == (1, 0)
        assert sheet.print_title_rows == "$1:$1"


def test_xlsx_rows_link_to_their_scorecard_and_numbers_stay_numbers(seed_results, book_with_links):
    _, files, book = book_with_links
    reports, items = book["报告"], book["事项"]
    header = [c.value for c in reports[1]]
    link_col, score_col = header.index("评分页") + 1, header.index("纲要覆盖度") + 1
    r = next(r for r in seed_results.values() if r.metadata.jurisdiction.endswith("江北区"))
    row = next(k for k in range(2, reports.max_row + 1) if reports.cell(k, 3).value == r.source)
    cell = reports.cell(row, link_col)
    assert cell.value == "查看"
    assert (cell.hyperlink.target, cell.hyperlink.location) == (
        paths.scorecard_path(r.metadata.jurisdiction).replace("/", "\\"), paths.anchor(r.source))
    assert paths.scorecard_path(r.metadata.jurisdiction) in files
    assert reports.cell(row, score_col).value == round(r.outline.coverage, 1)  # a number, not text
    assert reports.cell(row, 2).value == r.metadata.year
    gone = next(k for k in range(2, reports.max_row + 1) if reports.cell(k, 3).value == "gone.txt")
    assert reports.cell(gone, link_col).value is None  # an unreadable report has no scorecard

    header = [c.value for c in items[1]]
    link_col, reason_col, weight_col = (header.index(h) + 1 for h in ("评分页", "判断理由", "权重"))
    first = next(ir for ir in r.outline.items)
    file_col = header.index("文件") + 1
    row = next(k for k in range(2, items.max_row + 1)
               if items.cell(k, 4).value == first.item.id and items.cell(k, file_col).value == r.source)
    assert items.cell(row, 3).value == first.item.title
    assert items.cell(row, reason_col).value == first.reason
    assert items.cell(row, weight_col).value == first.item.weight
    href = f"{paths.scorecard_path(r.metadata.jurisdiction)}#{paths.anchor(r.source)}"
    assert items.cell(row, link_col).value == f'=HYPERLINK("{href}","查看")'


def test_xlsx_formulas_are_only_links_lawscore_made(book_with_links):
    out, _, _ = book_with_links
    with zipfile.ZipFile(out / "results.xlsx") as z:
        formulas = [f for n in z.namelist() if n.startswith("xl/worksheets/sheet")
                    for f in re.findall(r"<f>(.*?)</f>", z.read(n).decode("utf-8"))]
    assert len(formulas) == len(read_csv(out / "results.csv")) - 1  # every item row but the unreadable one
    for formula in formulas:
        assert re.fullmatch(r'HYPERLINK\("scorecards/[^"&<>]+\.html#r[0-9a-f]{8}","查看"\)', formula), formula


def test_csv_has_the_reason_and_the_scorecard_only_when_scorecards_are_written(seed_results, book_with_links, written):
    out, _, _ = book_with_links
    rows = read_csv(out / "results.csv")
    r = next(iter(seed_results.values()))
    mine = [row for row in rows if row["source"] == r.source]
    assert {row["scorecard"] for row in mine} == {f"{paths.scorecard_path(r.metadata.jurisdiction)}#{paths.anchor(r.source)}"}
    reasons = {row["item_id"]: row["reason"] for row in mine}
    assert all(reasons[ir.item.id] == ir.reason for ir in r.outline.items)
    assert {row["scorecard"] for row in read_csv(written[0] / "results.csv")} == {""}  # no html, no link


def test_mentioned_items_and_parts_in_their_own_terms(seed_results):
    """江北区: its 第一责任人 item is 仅有表述 with its quote; the part 存在的不足 says what it found."""
    result = seed_results["001_8a596ebcca1d5ce5.txt"]
    record = exports.record(result)
    keys = [key for key, _, _ in exports.REPORT_COLUMNS]
    assert record.report[keys.index("mentioned")] == sum(ir.status == "mentioned" for ir in result.outline.items) == 2
    item_keys = [key for key, _, _ in exports.ITEM_COLUMNS]
    rows = {row[item_keys.index("item_id")]: row for row in record.items}
    duty = rows["c32-first-responsible-person"]
    assert duty[item_keys.index("status")] == "mentioned" and duty[item_keys.index("status_label")] == "仅有表述"
    assert duty[item_keys.index("first_quote")].startswith("党政主要领导积极履行法治政府建设第一责任人职责")
    part = rows["part-shortcomings"]
    assert part[item_keys.index("status_label")] == "已写明存在的不足"
    shortcomings = next(ir for ir in result.rules.items if ir.item.id == "part-shortcomings").evidence
    roles = {e.quote: e.role for e in shortcomings}
    assert roles[part[item_keys.index("first_quote")]] == "shortcomings"  # not work done
    # its evidence is the part's own sentences, although its terms are found in work done too
    assert set(roles.values()) == {"shortcomings"}


def test_every_text_cell_of_the_csv_is_guarded_whatever_its_column(tmp_path):
    """manifest.yaml's level and published reached results.csv unguarded: `=cmd|' /C calc'!A0`
    arrived as a formula. (A level that names no level is now refused: test_manifest.)"""
    from click.testing import CliRunner

    from lawscore.cli import main

    from conftest import CHECKLISTS, seed_text, workspace

    ws = workspace(tmp_path, {"r/a.txt": seed_text("长冈乡"), "r/manifest.yaml": (
        "a.txt:\n  published: \"+1+cmd|' /C calc'!A0\"\n"
        "  jurisdiction: \"@SUM(1+1)\"\n")})
    result = CliRunner().invoke(main, ["evaluate", str(ws / "r"), "--checklists", str(CHECKLISTS),
                                       "--out", str(ws / "out"), "--format", "csv", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    rows = read_csv(ws / "out" / "results.csv")
    cells = [cell for row in rows for cell in row.values()]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]
    assert {row["jurisdiction"] for row in rows} == {"'@SUM(1+1)"}
    assert {row["published"] for row in rows} == {"'+1+cmd|' /C calc'!A0"}


def test_a_full_disk_while_the_workbook_is_zipped_is_an_error_line_and_the_previous_output_stays(
        tmp_path, monkeypatch):
    import errno

    import xlsxwriter.workbook
    from click.testing import CliRunner

    from lawscore.cli import main

    from conftest import CHECKLISTS, seed_text, workspace

    ws = workspace(tmp_path, {"r/a.txt": seed_text("长冈乡")})
    args = ["evaluate", str(ws / "r"), "--checklists", str(CHECKLISTS), "--out", str(ws / "out"),
            "--format", "xlsx,json", "--jobs", "1"]
    assert CliRunner().invoke(main, args).exit_code == 0
    before = {p.name: p.read_bytes() for p in (ws / "out").iterdir()}

    def full(self):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(xlsxwriter.workbook.Workbook, "_store_workbook", full)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == f"错误: 无法写入 {ws / 'out'}(No space left on device); 请检查该文件夹及其权限"
    assert {p.name: p.read_bytes() for p in (ws / "out").iterdir()} == before
    assert sorted(p.name for p in ws.iterdir()) == ["out", "r"]
