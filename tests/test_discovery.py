"""Issue 22's reading points: what is in a reports folder never kills, stalls or deceives a run.

File names that are not UTF-8, or hold a newline or U+202E, are scored and shown escaped
(names.display) on stderr, in results.json and on the pages; a FIFO is listed, never opened;
a symbolic link leading outside the folder is skipped unless --follow-links; a page nested
thousands of levels deep is read or refused with a reason; broken bytes, image bombs and odd
time limits give a reason or a warning, never a traceback.
"""
from __future__ import annotations

import io
import json
import os
import signal
import struct

import pytest
from click.testing import CliRunner

from lawscore import ingest, ocr, pipeline
from lawscore.cli import main
from lawscore.errors import ReportError
from lawscore.names import display

from conftest import CHECKLISTS, REPORTS

SEED = (REPORTS / "000_d9075f519bf93576.txt").read_bytes()


def evaluate(folder, *extra):
    out = folder.parent / "out"
    result = CliRunner().invoke(main, ["evaluate", str(folder), "--checklists", str(CHECKLISTS), "--out", str(out),
                                       "--format", "json,html", "--jobs", "1", *extra])
    data = json.loads((out / "results.json").read_text(encoding="utf-8")) if (out / "results.json").exists() else None
    return result, data, out


# --- names -----------------------------------------------------------------------------------------

def test_display_escapes_undecodable_bytes_controls_and_bidi_overrides_only():
    assert display(os.fsdecode(b"\xb1\xa8\xb8\xe6.txt")) == "\\xb1\\xa8\\xb8\\xe6.txt"
    assert display("县\n错误: 伪造.txt") == "县\\n错误: 伪造.txt"
    assert display("报告\u202etxt.exe") == "报告\\u202etxt.exe"
    assert display("\x1b[31m\u200b\ufeff") == "\\x1b[31m\\u200b\\ufeff"
    assert display("某县 2023年　报告(定稿).txt") == "某县 2023年　报告(定稿).txt"
    assert display(display("a\nb\udcb1")) == display("a\nb\udcb1")


def test_a_gbk_file_name_is_scored_and_shown_with_its_bytes_escaped(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    gbk = os.fsencode(str(reports)) + b"/" + "县政府报告".encode("gbk") + b".txt"
    with open(gbk, "wb") as f:
        f.write(SEED)

    result, data, out = evaluate(reports)

    assert result.exit_code == 0, result.output
    shown = f"{reports}/\\xcf\\xd8\\xd5\\xfe\\xb8\\xae\\xb1\\xa8\\xb8\\xe6.txt"
    assert [r["source"] for r in data["reports"]] == [shown]
    scorecard = next((out / "scorecards").glob("*.html")).read_text(encoding="utf-8")
    assert '<td data-label="文件">\\xcf\\xd8\\xd5\\xfe\\xb8\\xae\\xb1\\xa8\\xb8\\xe6.txt</td>' in scorecard


def test_a_newline_in_a_file_name_cannot_forge_a_line_on_stderr(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "空.txt\n错误: 已删除全部评分结果 x.txt").write_bytes(b"")

    result, data, _ = evaluate(reports)

    assert result.exit_code == 0
    assert not any(line.startswith("错误") for line in result.output.splitlines())
    assert f"{reports}/空.txt\\n错误: 已删除全部评分结果 x.txt: 未评分: 文件是空的" in result.output.splitlines()
    assert data["errors"][0]["source"] == f"{reports}/空.txt\\n错误: 已删除全部评分结果 x.txt"


def test_a_right_to_left_override_in_a_name_is_shown_escaped_everywhere(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "报告\u202etxt.exe.txt").write_bytes(SEED)

    result, data, out = evaluate(reports)

    assert result.exit_code == 0, result.output
    assert data["reports"][0]["source"] == f"{reports}/报告\\u202etxt.exe.txt"
    pages = [p.read_text(encoding="utf-8") for p in out.rglob("*.html")] + [result.output]
    assert all("\u202e" not in page for page in pages)
    scorecard = next((out / "scorecards").glob("*.html")).read_text(encoding="utf-8")
    assert '<td data-label="文件">报告\\u202etxt.exe.txt</td>' in scorecard


# --- what is not a regular file ---------------------------------------------------------------------

@pytest.fixture
def alarm():
    """Fail, instead of hanging the suite, when a test blocks for 20 s."""
    def expired(*_):
        raise TimeoutError("blocked: a FIFO was opened for reading")
    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def test_a_fifo_among_the_reports_is_listed_and_never_opened(tmp_path, setup, alarm):
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "a.txt").write_bytes(SEED)
    os.mkfifo(reports / "pipe.txt")

    results, errors = pipeline.run_batch([str(reports)], setup)

    assert [r.source for r in results] == [f"{reports}/a.txt"] and results[0].errors == ()
    assert errors == [(f"{reports}/pipe.txt", "不是普通文件(可能是管道或设备), 未读取")]
    with pytest.raises(ReportError, match="不是普通文件"):  # read directly, it is refused without blocking
        ingest.read(reports / "pipe.txt")


def test_a_link_leading_outside_the_folder_is_skipped_unless_allowed(tmp_path):
    outside = tmp_path / "private"
    outside.mkdir()
    (outside / "secret.txt").write_bytes(SEED)
    reports = tmp_path / "reports"
    (reports / "sub").mkdir(parents=True)
    (reports / "own.txt").write_bytes(SEED)
    (reports / "copy.txt").symlink_to(reports / "own.txt")  # inside: read once, as own.txt
    (reports / "leak.txt").symlink_to(outside / "secret.txt")
    (reports / "sub" / "folder").symlink_to(outside, target_is_directory=True)

    result, data, _ = evaluate(reports)

    assert result.exit_code == 0, result.output
    assert [r["source"] for r in data["reports"]] == [f"{reports}/copy.txt"]
    reason = "是指向报告文件夹以外的符号链接, 未读取; 如确需读取, 请加 --follow-links"
    assert sorted((e["source"], e["message"]) for e in data["errors"]) == [
        (f"{reports}/leak.txt", reason), (f"{reports}/sub/folder", reason)]

    result, data, _ = evaluate(reports, "--follow-links")
    assert sorted(r["source"] for r in data["reports"]) == [
        f"{reports}/copy.txt", f"{reports}/leak.txt"]  # sub/folder/secret.txt is leak.txt's file: once
    assert data["errors"] == []


# --- content -----------------------------------------------------------------------------------------

PARAGRAPH = "<p>" + "县人民政府坚持依法行政,全面推进法治政府建设,取得明显成效。" * 3 + "</p>"


def test_a_page_nested_300_levels_deep_is_read_in_full(tmp_path):
    page = tmp_path / "deep.html"
    page.write_text(f"<html><body>{'<div>' * 300}{PARAGRAPH}{'</div>' * 300}{PARAGRAPH}</body></html>", encoding="utf-8")
    assert ingest.read(page).text.count("取得明显成效。") == 6


def test_a_page_nested_past_the_parsers_limit_is_refused_with_a_reason(tmp_path):
    page = tmp_path / "deeper.html"
    page.write_text(f"<html><body>{'<div>' * 3000}{PARAGRAPH}{'</div>' * 3000}{PARAGRAPH}</body></html>", encoding="utf-8")
    with pytest.raises(ReportError, match="网页的标签嵌套超过 2048 层, 其后的文字无法读取"):
        ingest.read(page)


def test_one_bad_byte_in_a_utf8_report_is_replaced_with_a_warning(tmp_path):
    at = SEED.index("法治".encode())
    path = tmp_path / "r.txt"
    path.write_bytes(SEED[:at] + b"\xff" + SEED[at + 1:])
    doc = ingest.read(path)
    assert doc.encoding == "utf-8" and doc.text.count("\ufffd") == 3  # the byte and the two it orphaned
    assert doc.text.replace("\ufffd" * 3, "法") == ingest.read(REPORTS / "000_d9075f519bf93576.txt").text
    assert doc.warnings == ("文件中有3处不是有效的UTF-8编码(文件可能有损坏), 已替换为�; 其余按UTF-8读取",)


def test_gbk_text_is_still_read_as_gbk_not_as_broken_utf8(tmp_path):
    path = tmp_path / "r.txt"
    path.write_bytes(SEED.decode("utf-8").encode("gb18030"))
    assert ingest.read(path).encoding == "gb18030"


def _tiff_with_a_bomb_on_page_2() -> bytes:
    """A two-page TIFF whose second page declares 60000 × 60000 pixels."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("L", (64, 64), 255).save(buf, "TIFF", save_all=True, append_images=[Image.new("L", (3, 5), 0)])
    data = bytearray(buf.getvalue())
    first = struct.unpack_from("<I", data, 4)[0]
    count = struct.unpack_from("<H", data, first)[0]
    second = struct.unpack_from("<I", data, first + 2 + 12 * count)[0]
    for i in range(struct.unpack_from("<H", data, second)[0]):
        entry = second + 2 + 12 * i
        tag, kind = struct.unpack_from("<HH", data, entry)
        if tag in (256, 257):  # ImageWidth, ImageLength
            struct.pack_into("<H" if kind == 3 else "<I", data, entry + 8, 60000)
    return bytes(data)


def test_a_tiff_with_a_pixel_bomb_on_page_2_gives_that_page_a_reason(monkeypatch):
    monkeypatch.setattr(ocr, "tesseract", lambda: "tesseract")
    monkeypatch.setattr(ocr, "read_image", lambda image, number, dpi, seconds: ocr.PageText(number, (), 0.0, 0, 0, "空白页"))
    pages, total = ocr.read_image_file(_tiff_with_a_bomb_on_page_2())
    assert total == 2
    assert [p.problem for p in pages] == ["空白页", "页面图像过大(60000×60000像素, 可能是图像炸弹)"]


@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "1e999"])
def test_an_ocr_page_time_limit_that_is_not_a_finite_number_is_ignored(monkeypatch, value):
    monkeypatch.setenv("LAWSCORE_OCR_PAGE_SECONDS", value)
    assert ocr.limits() == (ocr.MAX_PAGES, ocr.PAGE_SECONDS)
