"""Scanned reports are read by OCR, not dropped: image-only PDFs, page images, mixed PDFs.

The scans are made here, from the seed reports' text: Pillow draws the pages with Noto Sans
CJK (Debian's fonts-noto-cjk) and saves them as an image-only PDF, a PNG or a TIFF. Tests that
run Tesseract skip, saying so, when it or its Chinese data is missing; the tests of what
happens without Tesseract pretend it is missing and run everywhere.
"""
from __future__ import annotations

import io
import json
import re
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfReader, PdfWriter

from lawscore import ingest, ocr, pipeline, results
from lawscore.cli import main
from lawscore.errors import ReportError
from lawscore.render import scorecard

from conftest import CHECKLISTS, REPORTS, SEEDS

FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
FONT_SC = 2  # Noto Sans CJK SC in the collection
CAPTURES = Path(__file__).parent / "data" / "captures"
TEXT_PDF = CAPTURES / "p01_anji.pdf"  # a PDF with a text layer
INSTALL = "apt-get install tesseract-ocr tesseract-ocr-chi-sim"


def _tesseract_missing() -> str | None:
    program = ocr.find_tesseract()
    if program is None:
        return "tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-chi-sim)"
    if ocr.LANGUAGE not in ocr._languages(program):
        return "tesseract has no chi_sim data (apt-get install tesseract-ocr-chi-sim)"
    return None


needs_tesseract = pytest.mark.skipif(_tesseract_missing() is not None, reason=_tesseract_missing() or "")
needs_font = pytest.mark.skipif(not FONT.is_file(), reason=f"{FONT} is missing (apt-get install fonts-noto-cjk)")


def scan(text: str, dpi: int = 150, max_pages: int | None = None) -> list[Image.Image]:
    """A4 pages of `text` as a scanner would give them: 12 pt, lines filled to the margin by
    width as a word processor fills them, each paragraph indented by two characters."""
    font = ImageFont.truetype(str(FONT), round(12 / 72 * dpi), index=FONT_SC)
    size = font.size
    width, height, margin = round(8.27 * dpi), round(11.69 * dpi), round(0.8 * dpi)
    lines: list[tuple[int, str]] = []
    for paragraph in text.split("\n"):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        indent, line, x = 2 * size, "", 2 * size
        for ch in paragraph:
            w = font.getlength(ch)
            if x + w > width - 2 * margin:
                lines.append((indent, line))
                indent, line, x = 0, "", 0
            line += ch
            x += w
        lines.append((indent, line))
    step = round(size * 1.6)
    per_page = (height - 2 * margin) // step
    pages = []
    for first in range(0, len(lines), per_page):
        page = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(page)
        for k, (indent, line) in enumerate(lines[first:first + per_page]):
            draw.text((margin + indent, margin + k * step), line, font=font, fill=0)
        pages.append(page)
        if max_pages and len(pages) == max_pages:
            break
    return pages


def image_pdf(pages: list[Image.Image], dpi: int = 150) -> bytes:
    """An image-only PDF: one picture per page and no text layer."""
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", save_all=True, append_images=pages[1:], resolution=dpi)
    return buf.getvalue()


def with_page(pdf: Path, image_page: bytes) -> bytes:
    """A text PDF with an image-only page added at the end."""
    writer = PdfWriter()
    writer.append(PdfReader(pdf))
    writer.append(PdfReader(io.BytesIO(image_page)))
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def met(result) -> set[str]:
    """The work-done sections: the items (outline clauses and report parts) with status met."""
    return {r.item.id for part in (result.outline, result.rules) if part for r in part.items if r.status == "met"}


def _plain(text: str) -> str:
    return re.sub(r"[^\u4e00-\u9fff0-9A-Za-z]", "", text)


# --- the whole pipeline on a scanned seed ------------------------------------------------

@needs_tesseract
@needs_font
def test_a_scanned_seed_report_scores_like_its_text(tmp_path, setup, monkeypatch):
    monkeypatch.setattr(ocr, "DPI", 150)  # the resolution the pages are drawn at: more pixels add nothing
    seed = REPORTS / SEEDS["章贡区"]
    pdf = tmp_path / "scanned.pdf"
    pdf.write_bytes(image_pdf(scan(seed.read_text(encoding="utf-8"))))
    assert all(not (p.extract_text() or "").strip() for p in PdfReader(pdf).pages)  # no text layer at all

    as_text = pipeline.evaluate_file(seed, str(seed), setup)
    started = time.monotonic()
    (as_scan,), errors = pipeline.run_batch([str(pdf)], setup)
    seconds = time.monotonic() - started

    assert errors == [] and as_scan.errors == ()
    text_met, scan_met = met(as_text), met(as_scan)
    agree = len(text_met & scan_met) / len(text_met | scan_met)
    print(f"\nOCR of {seed.name} as a scan: {len(text_met & scan_met)}/{len(text_met | scan_met)} work-done sections "
          f"agree with the text ({len(text_met)} met as text, {len(scan_met)} as scan); {seconds:.1f} s; "
          f"missed {sorted(text_met - scan_met)}, extra {sorted(scan_met - text_met)}")
    assert len(text_met) >= 20
    assert agree >= 0.9, (sorted(text_met - scan_met), sorted(scan_met - text_met))

    doc = as_scan.document
    assert (doc.format, doc.encoding) == ("pdf", "ocr")
    assert doc.ocr.pages == tuple(range(1, len(PdfReader(pdf).pages) + 1))
    assert doc.ocr.unreadable_pages == () and doc.ocr.text_pages == ()
    assert doc.ocr.mean_confidence > 80
    assert as_scan.warnings[0] == (f"本报告由扫描件经文字识别(OCR)读取, 平均置信度{doc.ocr.mean_confidence:.0f}%; "
                                   "引文可能有识别错误")
    entry = results.report_dict(as_scan)
    assert entry["encoding"] == "ocr"
    assert entry["ocr"] == {"pages": list(doc.ocr.pages), "mean_confidence": doc.ocr.mean_confidence,
                            "unreadable_pages": [], "skipped_pages": [], "text_pages": [], "engine": ocr.engine()}
    import jsonschema
    jsonschema.validate({"reports": [entry], "errors": []}, results.schema())
    section = scorecard.report_section(as_scan)
    assert "本报告由扫描件经文字识别（OCR）读取" in section
    assert "· OCR识别文字]" in section  # every quote is marked as OCR text


# --- images, bounds, low confidence ------------------------------------------------------

@needs_tesseract
@needs_font
def test_a_page_image_is_read(tmp_path):
    text = (REPORTS / SEEDS["嵊泗县"]).read_text(encoding="utf-8")
    excerpt = text[text.index("2022年,县人民政府"):][:400]
    page = scan(excerpt, max_pages=1)[0].crop((0, 0, round(8.27 * 150), 600))
    path = tmp_path / "page.png"
    page.save(path, dpi=(150, 150))
    doc = ingest.read(path)
    assert (doc.format, doc.encoding, doc.ocr.pages) == ("png", "ocr", (1,))
    import difflib
    expected = _plain(excerpt)
    got = _plain(doc.text)
    assert difflib.SequenceMatcher(None, expected[:len(got)], got).ratio() >= 0.9, doc.text


@needs_tesseract
@needs_font
def test_ocr_reads_no_more_pages_than_the_limit(tmp_path, monkeypatch):
    monkeypatch.setenv("LAWSCORE_OCR_MAX_PAGES", "2")
    text = "\n".join(f"第{n}页。法治政府建设年度报告依法行政工作情况。" for n in range(1, 4))
    font = ImageFont.truetype(str(FONT), 25, index=FONT_SC)
    frames = []
    for line in text.split("\n"):
        frame = Image.new("L", (900, 120), 255)
        ImageDraw.Draw(frame).text((40, 40), line, font=font, fill=0)
        frames.append(frame)
    path = tmp_path / "three-pages.tif"
    frames[0].save(path, save_all=True, append_images=frames[1:], dpi=(150, 150))
    doc = ingest.read(path)
    assert (doc.format, doc.ocr.pages, doc.ocr.skipped_pages) == ("tiff", (1, 2), (3,))
    assert "第3页超出OCR页数上限(2页), 未识别" in doc.warnings
    assert "依法行政" in doc.text and "第3页" not in doc.text


@needs_tesseract
@needs_font
def test_a_mixed_pdf_reads_text_pages_as_text_and_the_scanned_page_by_ocr(tmp_path):
    scanned = scan("（四）推进严格规范公正文明执法。全年办理行政处罚案件1200件,行政复议案件35件,"
                   "全部在法定期限内办结,纠错率为零。\n", max_pages=1)
    data = with_page(TEXT_PDF, image_pdf(scanned))
    path = tmp_path / "mixed.pdf"
    path.write_bytes(data)
    doc = ingest.read(path)
    layer = ingest.read(TEXT_PDF)
    n = len(PdfReader(TEXT_PDF).pages)
    assert (doc.encoding, doc.ocr.pages, doc.ocr.text_pages) == ("pdf+ocr", (n + 1,), tuple(range(1, n + 1)))
    assert doc.text.startswith(layer.text)
    assert "行政复议案件35件" in doc.text
    assert doc.warnings[0].startswith(f"第{n + 1}页由扫描件经文字识别(OCR)读取, 平均置信度")


@needs_tesseract
def test_a_page_ocr_cannot_read_is_reported_not_guessed(tmp_path):
    # x01_scanned.pdf is a page of black bars shaped like lines of text: nothing to read.
    with pytest.raises(ReportError) as info:
        ingest.read(CAPTURES / "x01_scanned.pdf")
    assert str(info.value) == ("无法提取文字: PDF 没有文字层, 文字识别(OCR)也没有可靠识别出任何一页"
                               "(第1页OCR无法可靠识别, 未计入: 未识别出文字(空白页或图片))")
    # The same page behind a text PDF: the report is scored from its text, and the page is listed.
    path = tmp_path / "with-bars.pdf"
    path.write_bytes(with_page(TEXT_PDF, (CAPTURES / "x01_scanned.pdf").read_bytes()))
    doc = ingest.read(path)
    n = len(PdfReader(TEXT_PDF).pages)
    assert doc.ocr.pages == () and doc.ocr.unreadable_pages == ((n + 1, "未识别出文字(空白页或图片)"),)
    assert doc.encoding == "pdf" and doc.text == ingest.read(TEXT_PDF).text
    assert doc.warnings == (f"第{n + 1}页OCR无法可靠识别, 未计入: 未识别出文字(空白页或图片)",)


def _line(text: str, confidence: float, right: int = 1000) -> ocr._Read:
    return ocr._Read(text, confidence, 100, right, 24, 1)


def test_unsure_pages_and_lines_are_left_out():
    good = "全年办理行政复议案件35件,纠错率为零"
    assert ocr.judge(1, [_line(good, 55.0), _line(good, 58.0)]).problem == "识别置信度过低(56%)"
    assert ocr.judge(2, [_line("I|l1 ;: ~~ ao eo", 90.0), _line("法治", 90.0)]).problem == "几乎未识别出汉字(2个)"
    page = ocr.judge(3, [_line(good, 95.0), _line("@#氵丨", 20.0), _line(good + "。", 93.0, right=700)])
    assert page.problem is None
    assert [(line.text, line.continues) for line in page.lines] == [(good, True), (good + "。", False)]


def test_a_page_that_takes_too_long_is_reported(monkeypatch):
    import subprocess

    def slow(*args, **kwargs):
        raise subprocess.TimeoutExpired(args[0], kwargs["timeout"])

    monkeypatch.setattr(ocr, "tesseract", lambda: "tesseract")
    monkeypatch.setattr(ocr.subprocess, "run", slow)
    page = ocr.read_image(Image.new("L", (50, 50), 255), 4, 150, 7.0)
    assert (page.number, page.lines, page.problem) == (4, (), "OCR超时(超过7秒)")


def test_a_huge_page_is_scaled_down_before_ocr(monkeypatch):
    sent = {}

    def tesseract_run(command, **kwargs):
        sent["header"] = kwargs["input"][:20].split(b"\n")[:2]
        sent["dpi"] = command[command.index("--dpi") + 1]
        import subprocess
        return subprocess.CompletedProcess(command, 0, b"level\tpage_num\n", b"")

    monkeypatch.setattr(ocr, "tesseract", lambda: "tesseract")
    monkeypatch.setattr(ocr.subprocess, "run", tesseract_run)
    page = ocr.read_image(Image.new("L", (9000, 6000), 255), 1, 600, 60.0)
    assert sent == {"header": [b"P5", b"4000 2666"], "dpi": "266"}
    assert page.problem == "未识别出文字(空白页或图片)"


# --- without Tesseract --------------------------------------------------------------------

NO_TESSERACT = f"无法提取文字: 这是扫描件, 需要文字识别(OCR), 但未安装 Tesseract; 请安装: {INSTALL}"


def test_without_tesseract_a_scan_is_listed_with_how_to_install_it_and_the_batch_goes_on(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "find_tesseract", lambda: None)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-scan.pdf").write_bytes((CAPTURES / "x01_scanned.pdf").read_bytes())
    Image.new("L", (200, 100), 255).save(folder / "b-page.jpg")
    (folder / "c-text.txt").write_text((REPORTS / SEEDS["嵊泗县"]).read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["evaluate", str(folder), "--checklists", str(CHECKLISTS), "--out", str(out),
                                       "--format", "json", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert [r["source"] for r in data["reports"]] == [str(folder / "c-text.txt")]
    assert data["reports"][0]["ocr"] is None
    assert data["errors"] == [{"source": str(folder / "a-scan.pdf"), "message": NO_TESSERACT},
                              {"source": str(folder / "b-page.jpg"), "message": NO_TESSERACT}]
    assert f"{folder / 'a-scan.pdf'}: 未评分: {NO_TESSERACT}" in result.output.splitlines()


def test_without_tesseract_a_text_pdf_with_a_scanned_page_is_scored_from_its_text(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "find_tesseract", lambda: None)
    path = tmp_path / "mixed.pdf"
    path.write_bytes(with_page(TEXT_PDF, (CAPTURES / "x01_scanned.pdf").read_bytes()))
    doc = ingest.read(path)
    n = len(PdfReader(TEXT_PDF).pages)
    assert doc.text == ingest.read(TEXT_PDF).text
    assert doc.ocr.pages == () and doc.ocr.unreadable_pages == ((n + 1, "未安装Tesseract"),)
    assert doc.warnings == (f"第{n + 1}页是扫描图像, 未安装Tesseract, 未能识别 "
                            "(pages not read: install OCR with apt-get install tesseract-ocr tesseract-ocr-chi-sim)",)


def test_a_text_pdf_is_read_without_ocr(monkeypatch):
    def no_ocr(*args, **kwargs):
        raise AssertionError("OCR ran on a PDF with a text layer")

    monkeypatch.setattr(ocr, "read_pdf_pages", no_ocr)
    doc = ingest.read(TEXT_PDF)
    assert (doc.encoding, doc.ocr) == ("pdf", None)
