"""Real documents in, right metadata out: the capture corpus and the formats a report comes in.

tests/data/captures/ is written by scripts/make_captures.py: saved web pages of several site
layouts and encodings, text files in UTF-8 / UTF-16 / GBK / Big5, Word files, text PDFs, a
scanned PDF and broken files; expected.yaml says what must be read from each.
"""
from __future__ import annotations

import codecs
from pathlib import Path

import pytest
import yaml

from lawscore import ingest, metadata, pipeline
from lawscore.errors import ReportError
from lawscore.ingest import layout
from lawscore.normalize import normalize

from conftest import REPORTS, SEEDS

CAPTURES = Path(__file__).parent / "data" / "captures"
EXPECTED = yaml.safe_load((CAPTURES / "expected.yaml").read_text(encoding="utf-8"))
GOOD = sorted(name for name, exp in EXPECTED.items() if "error" not in exp)
BROKEN = sorted(name for name, exp in EXPECTED.items() if "error" in exp)
FIELDS = ("jurisdiction", "level", "year", "published")


def read_meta(path: Path):
    doc = ingest.read(path)
    norm = normalize(doc.text)
    title = metadata.find_title(norm)
    return doc, metadata.extract(norm, title, norm.text[norm.body_start:])


def test_the_corpus_covers_what_it_must():
    assert len(GOOD) >= 40
    suffixes = {Path(n).suffix for n in GOOD}
    assert suffixes == {".html", ".txt", ".docx", ".pdf"}
    levels = {EXPECTED[n]["level"] for n in GOOD}
    assert levels == {"province", "city", "county", "township", "department"}
    years = {EXPECTED[n]["year"] for n in GOOD}
    assert set(range(2016, 2025)) <= years
    assert any(EXPECTED[n]["published"] is None for n in GOOD)
    assert any(EXPECTED[n]["jurisdiction"] is None for n in GOOD)  # masked templates, 我县 only


def test_metadata_is_right_on_at_least_95_percent_of_the_captures():
    right = total = 0
    misses = []
    for name in GOOD:
        _, meta = read_meta(CAPTURES / name)
        exp = EXPECTED[name]
        for field in FIELDS:
            total += 1
            got = getattr(meta, field)
            if got == exp[field]:
                right += 1
            else:
                misses.append(f"{name} {field}: expected {exp[field]!r}, got {got!r} "
                              f"(from {dict(meta.sources).get(field, '-')})")
    assert right / total >= 0.95, f"{right}/{total} right; misses:\n" + "\n".join(misses)
    # Each field on its own too, so one field cannot hide behind the others.
    for field in FIELDS:
        wrong = [m for m in misses if m.split()[1] == field + ":"]
        assert len(wrong) <= len(GOOD) * 0.1, "\n".join(wrong)


@pytest.mark.parametrize("name", BROKEN)
def test_broken_inputs_are_refused_with_a_reason(name):
    with pytest.raises(ReportError) as info:
        ingest.read(CAPTURES / name)
    assert EXPECTED[name]["error"] in str(info.value)


def test_the_scanned_pdf_is_refused_with_advice_to_run_ocr():
    with pytest.raises(ReportError, match="无法提取文字.*OCR"):
        ingest.read(CAPTURES / "x01_scanned.pdf")


@pytest.mark.parametrize("name, fmt, encoding", [
    ("t01_suichang_utf8.txt", "txt", "utf-8"),
    ("t02_wenzhou_utf8_bom.txt", "txt", "utf-8-sig"),
    ("t03_zhejiang_utf16le_bom.txt", "txt", "utf-16"),
    ("t04_shuikou_utf16be_bom.txt", "txt", "utf-16"),
    ("t05_jiaxing_env_utf16le.txt", "txt", "utf-16-le"),
    ("t06_pujiang_gbk.txt", "txt", "gb18030"),
    ("t07_jingning_gb18030.txt", "txt", "gb18030"),
    ("t08_tangxia_big5.txt", "txt", "big5hkscs"),
    ("h01_haiyan_gk.html", "html", "utf-8 (declared)"),
    ("h02_wujiang_news_gbk.html", "html", "gb18030 (declared)"),
    ("h10_cangnan_big5.html", "html", "big5hkscs (declared)"),
    ("d01_deqing_header_table.docx", "docx", "docx"),
    ("p01_anji.pdf", "pdf", "pdf"),
])
def test_provenance_records_format_and_encoding(name, fmt, encoding):
    doc = ingest.read(CAPTURES / name)
    assert (doc.format, doc.encoding) == (fmt, encoding)
    import hashlib

    assert doc.sha256 == hashlib.sha256((CAPTURES / name).read_bytes()).hexdigest()
    assert "\ufffd" not in doc.text


def test_a_page_declaring_the_wrong_charset_is_read_as_what_it_is():
    doc = ingest.read(CAPTURES / "h17_guangxi_declared_wrong.html")
    assert doc.encoding == "utf-8"
    assert any("gb2312" in w for w in doc.warnings)
    assert "广西壮族自治区" in doc.text


def test_saved_pages_lose_navigation_and_footer_but_keep_header_fields():
    text = ingest.read(CAPTURES / "h01_haiyan_gk.html").text
    for gone in ("政务服务", "互动交流", "版权所有", "ICP备", "上一篇", "下一篇", "无障碍"):
        assert gone not in text, gone
    assert "发布日期" in text and "2024-03-18" in text
    assert text.index("海盐县2023年度法治政府建设情况报告") < text.index("一、主要举措和成效")


def test_docx_keeps_tables_in_document_order():
    text = ingest.read(CAPTURES / "d02_huzhou_transport.docx").text
    lines = text.split("\n")
    table = next(i for i, line in enumerate(lines) if line.startswith("指标 | 目标值"))
    assert 3 < table < len(lines) - 3  # after the fourth paragraph, not at the end
    head = ingest.read(CAPTURES / "d01_deqing_header_table.docx").text.split("\n")
    assert any(line.startswith("文号 |") and "发文日期 | 2022-02-18" in line for line in head[:4])


def test_pinyin_and_traditional_pages_are_read_like_simplified_ones():
    for name in ("h09_pingyang_trad_pinyin.html", "h10_cangnan_big5.html", "t08_tangxia_big5.txt"):
        _, meta = read_meta(CAPTURES / name)
        exp = EXPECTED[name]
        assert (meta.jurisdiction, meta.year, meta.published) == (exp["jurisdiction"], exp["year"], exp["published"])


@pytest.mark.parametrize("suffix", [".doc", ".wps"])
def test_old_word_formats_say_how_to_convert(tmp_path, suffix):
    path = tmp_path / f"r{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    with pytest.raises(ReportError, match=r"另存为 \.docx"):
        ingest.read(path)


@pytest.mark.parametrize("data", [
    "法治".encode() + b"\xef\xbf\xbd" * 400,  # U+FFFD runs
    ("2023年法治政府建设报告" + "(cid:1234)" * 300).encode("utf-8"),
    b"%PDF-1.4\n%broken",
])
def test_unreadable_content_is_refused_not_scored_empty(tmp_path, data):
    path = tmp_path / ("r.pdf" if data.startswith(b"%PDF") else "r.txt")
    path.write_bytes(data)
    with pytest.raises(ReportError, match="无法提取文字"):
        ingest.read(path)


# ------------------------------------------------------------------ seeds in other formats


def _html_page(text: str) -> bytes:
    from html import escape

    paras = "".join(f"<p>{escape(line)}</p>" for line in text.split("\n") if line.strip())
    return ("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\"><title>报告</title></head>"
            "<body><div class=\"nav\"><a>首页</a><a>政务公开</a><a>互动交流</a></div>"
            f"<div class=\"content\">{paras}</div>"
            "<div class=\"footer\"><p>版权所有:某某人民政府</p><p>ICP备05000000号</p></div></body></html>"
            ).encode("gb18030")


def _docx(text: str) -> bytes:
    import io

    import docx

    d = docx.Document()
    for line in text.split("\n"):
        if line.strip():
            d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _statuses(result) -> dict:
    out = {}
    for kind in ("outline", "rules"):
        res = getattr(result, kind)
        out[kind] = None if res is None else {r.item.id: r.status for r in res.items}
    return out


def test_seeds_score_the_same_as_gbk_text_html_and_docx(tmp_path, setup, seed_results):
    for name in SEEDS.values():
        text = (REPORTS / name).read_text(encoding="utf-8")
        stem = Path(name).stem
        variants = {
            f"{stem}.gbk.txt": text.encode("gb18030"),
            f"{stem}.utf16.txt": codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
            f"{stem}.html": _html_page(text),
            f"{stem}.docx": _docx(text),
        }
        want = _statuses(seed_results[name])
        meta_want = seed_results[name].metadata
        for file, data in variants.items():
            path = tmp_path / file
            path.write_bytes(data)
            result = pipeline.evaluate_file(path, file, setup)
            assert result.errors == (), (file, result.errors)
            assert _statuses(result) == want, file
            got = result.metadata
            assert (got.jurisdiction, got.level, got.year, got.published) == (
                meta_want.jurisdiction, meta_want.level, meta_want.year, meta_want.published), file


def test_utf16_without_bom_or_ascii_is_not_taken_for_gbk(tmp_path):
    # No zero bytes at all, and the bytes also decode (to nonsense) as GB18030.
    text = "法治政府建设年度报告坚持依法行政推进严格规范公正文明执法" * 5
    path = tmp_path / "r.txt"
    path.write_bytes(text.encode("utf-16-le"))
    doc = ingest.read(path)
    assert (doc.text, doc.encoding) == (text, "utf-16-le")


def test_a_page_declaring_utf8_but_saved_as_gbk_is_read_and_noted(tmp_path):
    page = ("<html><head><meta charset=\"utf-8\"></head><body><p>2023年,海盐县坚持以习近平法治思想为指导,"
            "扎实推进法治政府建设各项工作,取得积极成效。</p></body></html>")
    path = tmp_path / "r.html"
    path.write_bytes(page.encode("gbk"))
    doc = ingest.read(path)
    assert doc.encoding == "gb18030"
    assert "海盐县坚持" in doc.text
    assert any("utf-8" in w for w in doc.warnings)


def test_warnings_about_the_encoding_reach_results(tmp_path, setup):
    from lawscore import results

    path = CAPTURES / "h17_guangxi_declared_wrong.html"
    entry = results.build([pipeline.evaluate_file(path, path.name, setup)], [])["reports"][0]
    assert (entry["format"], entry["encoding"]) == ("html", "utf-8")
    assert any("gb2312" in w for w in entry["warnings"])


def test_pdf_lines_broken_by_the_page_width_are_joined_and_page_numbers_dropped():
    text = ingest.read(CAPTURES / "p02_zhoushan.pdf").text
    lines = text.split("\n")
    opening = next(line for line in lines if line.startswith("2019年,舟山市"))
    assert opening.endswith("现将有关情况报告如下:")
    assert not any(line.strip().startswith("—") for line in lines)
    assert "一、主要举措和成效" in lines


def test_pdf_text_with_a_space_between_every_character_is_closed_up():
    spaced = " ".join("2023年,全县坚持依法行政,法治政府建设取得新成效。") + "\n- 2 -\n第 3 页 共 5 页\n一、工作开展情况"
    assert layout.unwrap_pdf_lines(spaced).split("\n") == [
        "2023年,全县坚持依法行政,法治政府建设取得新成效。", "一、工作开展情况"]


def test_docx_content_controls_are_read_in_place(tmp_path):
    import copy

    import docx
    from docx.oxml.ns import qn
    from lxml import etree

    d = docx.Document()
    d.add_paragraph("海盐县2023年度法治政府建设情况报告")
    inner = d.add_paragraph("2023年,海盐县坚持以习近平法治思想为指导,扎实推进法治政府建设各项工作。")
    d.add_paragraph("一、主要举措和成效")
    sdt = etree.SubElement(d.element.body, qn("w:sdt"))
    content = etree.SubElement(sdt, qn("w:sdtContent"))
    content.append(copy.deepcopy(inner._p))
    inner._p.addprevious(sdt)
    inner._p.getparent().remove(inner._p)
    path = tmp_path / "r.docx"
    d.save(path)
    lines = ingest.read(path).text.split("\n")
    assert lines[1].startswith("2023年,海盐县坚持") and lines[2] == "一、主要举措和成效"
