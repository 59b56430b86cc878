"""results.csv and results.xlsx: one row per report x item, streamed, safe for Excel, reproducible."""
import csv
import io
import zipfile
from pathlib import Path

import pytest

from lawscore import exports, output, pipeline
from lawscore.model import Metadata, ReportResult

from conftest import document

FORMATS = {"csv", "xlsx"}


@pytest.fixture(scope="module")
def written(seed_results, tmp_path_factory):
    out = tmp_path_factory.mktemp("exports") / "out"
    files = output.write(out, list(seed_results.values()), [("gone.txt", "=cmd|' /C calc'!A0")], FORMATS)
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
    expected = sum(len(r.outline.items) + len(r.rules.items) for r in seed_results.values()) + 1
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
    assert book.sheetnames == ["报告", "事项"]
    reports = list(book["报告"].iter_rows(values_only=True))
    assert reports[0] == tuple(label for _, label, _ in exports.REPORT_COLUMNS)
    assert len(reports) == len(seed_results) + 2
    items = list(book["事项"].iter_rows(values_only=True))
    assert len(items) == len(read_csv(out / "results.csv")) + 1
    error_row = next(row for row in reports if row[0] == "gone.txt")
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
    output.write(tmp_path / "a", results, [], FORMATS)
    output.write(tmp_path / "b", list(reversed(results)), [], FORMATS)
    for name in ("results.csv", "results.xlsx"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_a_report_without_a_checklist_still_has_a_row(tmp_path):
    result = pipeline.evaluate_document(document("2023年测试县法治政府建设年度报告\n全年审查规范性文件3件。\n"),
                                        pipeline.Setup(()))
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


def test_processed_carries_export_rows_only_when_asked(seed_results):
    result = next(iter(seed_results.values()))
    assert pipeline.prepare(result, frozenset({"json"})).export is None
    p = pipeline.prepare(result, frozenset({"csv"}))
    assert isinstance(p.export, exports.ExportRecord) and p.summary is None and p.section is None
    bad = ReportResult(source="x.pdf", document=None, normalized=None, segmentation=None, metadata=Metadata(),
                       outline=None, rules=None, errors=("坏",))
    assert pipeline.prepare(bad, frozenset({"csv"})).error == "坏"


def test_exports_do_not_need_the_html_renderer():
    """The labels exports and render share live in lawscore.labels; exports import no render."""
    import subprocess
    import sys

    code = "import sys, lawscore.exports; print('lawscore.render' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8", check=True).stdout
    assert out.strip() == "False"
