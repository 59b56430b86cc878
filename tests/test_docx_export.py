"""The Word follow-up list (追问清单): one per report with questions, plain official Chinese, reproducible."""
import dataclasses
import io
import re
import shutil
import subprocess
import zipfile
from datetime import date

import docx
import pytest
from click.testing import CliRunner

from lawscore import docx_export, followups, labels, paths, score
from lawscore.cli import DEFAULT_FORMATS, main
from lawscore.model import LetterSettings

from conftest import CHECKLISTS, REPORTS, SEEDS, write_output


def jiangbei(seed_results):
    return next(r for r in seed_results.values() if r.metadata.jurisdiction.endswith("江北区"))


def letter(result, settings=None, day=date(2026, 3, 5)) -> list[str]:
    """The paragraphs of a seed's Word follow-up list, as a recipient reads them."""
    sheet = followups.follow_up_list(result, followups.follow_ups(result), settings)
    document = docx.Document(io.BytesIO(docx_export.build(sheet, day)))
    return [p.text for p in document.paragraphs]


def test_the_list_reads_as_a_letter_with_every_matter_numbered(seed_results):
    result = jiangbei(seed_results)
    sheet = followups.follow_up_list(result, followups.follow_ups(result))
    lines = letter(result)
    assert lines[0] == "关于2023年度法治政府建设情况\n报告的追问清单"  # broken where the words allow
    assert lines[1] == "宁波市江北区："
    assert lines[2] == ("经对照《法治政府建设实施纲要（2021—2025年）》和《法治政府建设年度报告必备内容》的要求，"
                        "对你地区公开发布的《关于2023年度宁波市江北区法治政府建设情况的报告》进行了核查，"
                        f"以下{sheet.count}个事项在报告中未反映或反映不充分，请逐项予以说明。")
    assert lines[3:5] == ["一、健全政府机构职能体系，推动更好发挥政府作用", "（一）纲要第（四）节"]
    assert lines[3:-2] == [text for _, text in docx_export.body(sheet)]
    # The number in the lead is the number of matters a reply must answer: the numbered items,
    # and the parts asked about as a whole.
    wholes = tuple(followups.FINDINGS[("rules", s)] + "。" for s in followups.FOLLOW_UP)
    assert sheet.count == sum(1 for line in lines if re.match(r"\d+\.", line)) + sum(
        1 for line in lines if line.startswith(wholes))
    assert lines[-2:] == ["请对上述事项逐项作出书面说明（注明事项编号，如“一、（一）1.”），并附相关材料，"
                          "于收到本清单后按规定时限书面回复。", "2026年3月5日"]
    props = docx.Document(io.BytesIO(docx_export.build(sheet, date(2026, 3, 5)))).core_properties
    assert props.title == "关于2023年度法治政府建设情况报告的追问清单" and props.author == "lawscore"
    assert props.created.isoformat() == props.modified.isoformat() == "2026-03-05T00:00:00+00:00"


PART = re.compile("[一二三四五六七八九十]+、")


def test_a_section_without_work_names_every_item_under_its_finding(seed_results):
    """The scorecard's one line "行政执法公示 等7项" is seven numbered matters in the letter,
    under their section and chapter, so that a reply can answer each."""
    checked = 0
    for result in seed_results.values():
        outline = result.outline
        chapters = dict(outline.checklist.chapters)
        lines = letter(result)
        by_section: dict = {}
        for ir in outline.items:
            by_section.setdefault(score.section_key(ir.item), []).append(ir)
        for section in by_section.values():
            if any(ir.status in ("met", "partial") for ir in section):
                continue
            missing = [labels.zh_punct(ir.item.title) for ir in section if ir.status == "missing"]
            if not missing:
                continue
            item = section[0].item
            heading = f"纲要措施{item.measure}" if item.measure is not None else f"纲要第{labels.clause_label(item)}节"
            at = next(k for k, line in enumerate(lines) if line.startswith("（") and line.endswith("）" + heading))
            chapter = max(k for k in range(at) if PART.match(lines[k]))
            assert lines[chapter].endswith("、" + labels.zh_punct(chapters[item.chapter]))
            end = next((k for k in range(at + 1, len(lines)) if lines[k].startswith("（") or PART.match(lines[k])),
                       len(lines))
            block = lines[at + 1:end]
            start = block.index("报告未提及以下工作：")
            named = [re.sub(r"^\d+\.", "", line).rstrip("；。") for line in block[start + 1:start + 1 + len(missing)]]
            assert named == missing, (result.source, heading)
            assert block[start + 1 + len(missing)] == followups.QUESTIONS[("outline", "missing")]
            checked += len(missing)
    assert checked >= 100


def test_numbers_run_one_two_three_at_each_level():
    """Hand-made follow-ups: three items of one section under three findings, then a part of
    the report: numbered 一、（一）1. 2. 3. and 二、（一）."""
    def item(status, title, covers, kind="outline"):
        return followups.FollowUp(
            clause_label="（十五）", title=title, corresponds_label="", status=status, status_label="",
            status_symbol="", reason="", chapter="健全行政执法工作体系,全面推进严格规范公正文明执法",
            section="纲要第（十五）节" if kind == "outline" else "年度报告必备内容",
            finding=followups.FINDINGS[(kind, status)], question=followups.QUESTIONS[(kind, status)],
            kind=kind, covers=covers)

    asked = (
        item("gap", "全面落实行政执法三项制度", (("gap", "全面落实行政执法三项制度"),)),
        item("missing", "行政执法公示 等2项", (("missing", "行政执法公示"), ("mentioned", "执法全过程记录"))),
        item("missing", "存在的不足和原因", (), kind="rules"),
    )
    sheet = followups.FollowUpList(source="x.txt", jurisdiction="测试县", year=2023, report_title="",
                                   checklists=("测试纲要",), parts=followups.letter_parts(asked))
    assert [text for _, text in docx_export.body(sheet)] == [
        "一、健全行政执法工作体系，全面推进严格规范公正文明执法",
        "（一）纲要第（十五）节",
        "以下工作仅在存在的不足中提及：",
        "1.全面落实行政执法三项制度。",
        "请说明问题的具体表现和原因，已采取和拟采取的整改措施，以及责任单位和完成时限。",
        "报告未提及以下工作：",
        "2.行政执法公示。",
        "请说明本年度是否开展了上述工作；已开展的，请说明具体做法、数据和成效；未开展的，请说明原因和下一步安排。",
        "报告对以下工作仅有原则性表述，未见具体工作：",
        "3.执法全过程记录。",
        "请说明本年度开展上述工作的具体做法、数据和成效。",
        "二、年度报告必备内容",
        "（一）存在的不足和原因",
        "报告缺少这一部分。请按年度报告的内容要求补充说明这一部分。",
    ]
    assert sheet.count == 4
    assert docx_export.lead(sheet) == ("经对照《测试纲要》的要求，对你地区公开发布的法治政府建设年度报告进行了核查，"
                                       "以下4个事项在报告中未反映或反映不充分，请逐项予以说明。")


def test_every_letter_of_the_seeds_is_in_full_width_punctuation(seed_results):
    """No half-width : , ; ( ) anywhere in a letter, the checklists' titles and the contact
    written with ASCII marks included; and nothing in it speaks to the supervisor."""
    settings = LetterSettings(office="某市法治政府建设领导小组办公室(法治督察处)", contact="王某某,0574-87000000",
                              deadline=15)
    assert len(seed_results) == 5
    for name, result in seed_results.items():
        lines = letter(result, settings)
        assert len(lines) > 10, name
        for line in lines:
            assert not re.search(r"[:,;()]", line), (name, line)
        assert not any("lawscore" in line or "人工核对" in line for line in lines), name


def test_office_contact_and_deadline_close_the_letter(seed_results):
    result = jiangbei(seed_results)
    settings = LetterSettings(office="宁波市法治政府建设领导小组办公室", contact="王某某,0574-87000000",
                              deadline=date(2027, 1, 15))
    lines = letter(result, settings)
    assert lines[-5:] == [
        "请对上述事项逐项作出书面说明（注明事项编号，如“一、（一）1.”），并附相关材料，于2027年1月15日前书面回复。",
        "联系人：王某某，0574-87000000",
        "",
        "宁波市法治政府建设领导小组办公室",
        "2026年3月5日",
    ]
    assert letter(result, LetterSettings(deadline=15))[-2] == (
        "请对上述事项逐项作出书面说明（注明事项编号，如“一、（一）1.”），并附相关材料，"
        "于收到本清单之日起15个工作日内书面回复。")
    sheet = followups.follow_up_list(result, followups.follow_ups(result), settings)
    props = docx.Document(io.BytesIO(docx_export.build(sheet, date(2026, 3, 5)))).core_properties
    assert props.author == "宁波市法治政府建设领导小组办公室"


def test_no_heading_ends_a_page_and_the_signature_keeps_the_closing_line(seed_results):
    """Keep-with-next on the headings (一、 （一）), the findings that introduce items, and the
    closing, contact and office above the date: converted to PDF, no page holds only a signature."""
    result = jiangbei(seed_results)
    settings = LetterSettings(office="宁波市法治政府建设领导小组办公室", contact="王某某", deadline=10)
    sheet = followups.follow_up_list(result, followups.follow_ups(result), settings)
    paragraphs = docx.Document(io.BytesIO(docx_export.build(sheet, date(2026, 3, 5)))).paragraphs
    kept = [p.text for p in paragraphs if p.paragraph_format.keep_with_next]
    expected = [text for level, text in docx_export.body(sheet) if level in ("part", "section") or text.endswith("：")]
    assert kept == expected + [docx_export.closing(sheet), "联系人：王某某", "", "宁波市法治政府建设领导小组办公室"]
    assert paragraphs[-1].text == "2026年3月5日" and paragraphs[-1].paragraph_format.right_indent.pt == 64


def test_an_optional_part_is_never_asked_for(seed_results):
    """其他需要报告的情况 is missing from most seeds, and asked in none: the checklist marks it
    optional. Marking another part optional takes it out the same way (data, not a name in code)."""
    missing_other = [r for r in seed_results.values()
                     if any(ir.item.optional and ir.status == "missing" for ir in r.rules.items)]
    assert len(missing_other) >= 3
    for result in seed_results.values():
        optional = {ir.item.title for ir in result.rules.items if ir.item.optional}
        assert optional == {"其他需要报告的情况"}
        assert not optional & {f.title for f in followups.follow_ups(result)}
        assert not any("其他需要报告的情况" in line for line in letter(result))
    # A required part found missing is asked for; the same part marked optional is not.
    result = jiangbei(seed_results)

    def with_part(**changes):
        first = next(ir for ir in result.rules.items if not ir.item.optional)
        lacking = dataclasses.replace(first, status="missing", item=dataclasses.replace(first.item, **changes))
        items = tuple(lacking if ir is first else ir for ir in result.rules.items)
        return first.item.title, dataclasses.replace(result, rules=dataclasses.replace(result.rules, items=items))

    title, required = with_part()
    assert title in {f.title for f in followups.follow_ups(required)}
    title, optional_part = with_part(optional=True)
    assert title not in {f.title for f in followups.follow_ups(optional_part)}


def test_the_date_comes_from_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01 00:00 UTC
    assert docx_export.output_date() == date(2026, 1, 1)
    assert docx_export.date_label(date(2026, 1, 1)) == "2026年1月1日"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert docx_export.output_date() == date.today()


def test_two_runs_give_byte_identical_files_and_the_scorecard_links_them(seed_results, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    results = list(seed_results.values())
    files = write_output(tmp_path / "a", results, [], {"html", "docx"})
    write_output(tmp_path / "b", list(reversed(results)), [], {"docx"})
    result = jiangbei(seed_results)
    rel = paths.followup_path(result.source)
    assert rel == f"followups/{paths.anchor(result.source)}.docx" and rel.isascii()
    assert rel in files
    written = sorted(p.relative_to(tmp_path / "a").as_posix() for p in (tmp_path / "a" / "followups").iterdir())
    assert written == sorted(f for f in files if f.startswith("followups/"))
    for name in written:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    with zipfile.ZipFile(tmp_path / "a" / rel) as z:
        assert {info.date_time for info in z.infolist()} == {(2026, 1, 1, 0, 0, 0)}
        assert "docProps/thumbnail.jpeg" not in z.namelist()
    card = (tmp_path / "a" / paths.scorecard_path(result.metadata.jurisdiction)).read_text(encoding="utf-8")
    assert f'<a href="../{rel}" download>下载追问清单(Word)</a>' in card


def test_no_list_and_no_link_without_the_docx_format(seed_results, tmp_path):
    result = jiangbei(seed_results)
    write_output(tmp_path / "o", [result], [], {"html"})
    assert not (tmp_path / "o" / "followups").exists()
    card = (tmp_path / "o" / paths.scorecard_path(result.metadata.jurisdiction)).read_text(encoding="utf-8")
    assert "追问清单(Word)" not in card


def test_the_command_line_writes_follow_up_lists_only_when_asked(tmp_path, monkeypatch):
    assert "docx" not in DEFAULT_FORMATS.split(",")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    report = str(REPORTS / SEEDS["江北区"])
    result = CliRunner().invoke(main, ["evaluate", report, "--checklists", str(CHECKLISTS),
                                       "--out", str(tmp_path / "out"), "--format", "docx", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == (
        f"已评分 1 份报告,0 份无法读取;已将 1 个文件写入 {tmp_path / 'out'}(请打开 {tmp_path / 'out' / 'followups'})")
    assert [p.name for p in (tmp_path / "out" / "followups").iterdir()] == [f"{paths.anchor(report)}.docx"]


def test_every_verdict_asked_about_has_its_own_finding_and_question():
    for kind in ("outline", "rules"):
        for status in followups.FOLLOW_UP:
            assert followups.FINDINGS[(kind, status)] and followups.QUESTIONS[(kind, status)]


SOFFICE, PDFTOTEXT = shutil.which("soffice"), shutil.which("pdftotext")


@pytest.mark.slow  # LibreOffice starts in seconds to tens of seconds on a 2-core machine
@pytest.mark.skipif(not (SOFFICE and PDFTOTEXT),
                    reason="needs LibreOffice (soffice) and poppler-utils (pdftotext) to convert the letter to PDF")
def test_the_letter_converted_to_pdf_reads_in_order_and_ends_with_its_signature(seed_results, tmp_path):
    result = jiangbei(seed_results)
    settings = LetterSettings(office="宁波市法治政府建设领导小组办公室", contact="王某某，0574-87000000",
                              deadline=date(2027, 1, 15))
    sheet = followups.follow_up_list(result, followups.follow_ups(result), settings)
    (tmp_path / "letter.docx").write_bytes(docx_export.build(sheet, date(2026, 3, 5)))
    subprocess.run([SOFFICE, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "letter.docx")],
                   check=True, capture_output=True, timeout=300)
    pages = subprocess.run([PDFTOTEXT, str(tmp_path / "letter.pdf"), "-"], check=True, capture_output=True,
                           encoding="utf-8").stdout.split("\f")

    def flat(text: str) -> str:
        return re.sub(r"\s", "", text)

    printed = flat("".join(pages))
    expected = [*docx_export.title_lines(sheet), "宁波市江北区：", docx_export.lead(sheet),
                *(text for _, text in docx_export.body(sheet)), docx_export.closing(sheet),
                "联系人：王某某，0574-87000000", "宁波市法治政府建设领导小组办公室", "2026年3月5日"]
    at = 0
    for line in expected:  # every paragraph, whole and in order
        found = printed.find(flat(line), at)
        assert found >= 0, line
        at = found + len(flat(line))
    assert printed.endswith("2026年3月5日")
    last = flat(next(page for page in reversed(pages) if page.strip()))
    assert flat(docx_export.closing(sheet)) in last  # the signature is not alone on its page
    assert len([page for page in pages if page.strip()]) >= 2
