"""The Word follow-up list (追问清单): one per report with questions, plain official Chinese, reproducible."""
import zipfile
from datetime import date

import docx
from click.testing import CliRunner

from lawscore import docx_export, followups, paths
from lawscore.cli import DEFAULT_FORMATS, main
from lawscore.labels import chinese_number

from conftest import CHECKLISTS, REPORTS, SEEDS, write_output


def jiangbei(seed_results):
    return next(r for r in seed_results.values() if r.metadata.jurisdiction.endswith("江北区"))


def texts(path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def test_the_list_reads_as_a_letter_with_one_numbered_question_per_follow_up(seed_results, tmp_path):
    result = jiangbei(seed_results)
    asked = followups.follow_ups(result)
    path = tmp_path / "a.docx"
    path.write_bytes(docx_export.build(followups.follow_up_list(result, asked), date(2026, 3, 5)))
    lines = texts(path)
    assert lines[0] == "关于2023年度法治政府建设情况报告的追问清单"
    assert lines[1] == "宁波市江北区:"
    assert lines[2] == (f"经对照《法治政府建设实施纲要(2021—2025年)》和《法治政府建设年度报告必备内容》的要求,"
                        f"对你地区公开发布的《关于2023年度宁波市江北区法治政府建设情况的报告》进行了核查,"
                        f"以下{len(asked)}个事项在报告中未反映或反映不充分。请逐项予以说明。")
    other = next(k for k, f in enumerate(asked) if f.title == "其他需要报告的情况")
    start = 3 + 4 * other
    assert lines[start:start + 4] == [
        f"{chinese_number(other + 1)}、其他需要报告的情况",
        "所属部分:年度报告必备内容。",
        "核查情况:报告缺少这一部分。",
        "请按年度报告的内容要求补充说明这一部分。",
    ]
    assert lines[3:7] == [
        "一、实行政府权责清单制度（含乡镇履职事项清单）并动态调整 等4项",
        "所属部分:纲要第（四）节(健全政府机构职能体系,推动更好发挥政府作用)。",
        "核查情况:报告未提及。",
        "请说明本年度是否开展了这项工作;已开展的,请说明具体做法、数据和成效;未开展的,请说明原因和下一步安排。",
    ]
    assert lines[-3:] == [docx_export.CLOSING, "2026年3月5日", docx_export.NOTE]
    props = docx.Document(str(path)).core_properties
    assert props.title == lines[0] and props.author == "lawscore"
    assert props.created.isoformat() == props.modified.isoformat() == "2026-03-05T00:00:00+00:00"


def test_a_shortcoming_is_asked_about_in_its_own_words():
    item = followups.FollowUp(clause_label="（二十二）", title="行政复议", corresponds_label="", status="gap",
                              status_label="仅列为不足", status_symbol="!", reason="", chapter="",
                              finding=followups.FINDINGS[("outline", "gap")],
                              question=followups.QUESTIONS[("outline", "gap")], section="纲要第（二十二）节")
    sheet = followups.FollowUpList(source="x.txt", jurisdiction="测试县", year=None, report_title="",
                                   checklists=("测试纲要",), items=(item,))
    assert docx_export.title(sheet) == "关于法治政府建设情况报告的追问清单"
    assert docx_export.lead(sheet) == ("经对照《测试纲要》的要求,对你地区公开发布的法治政府建设年度报告进行了核查,"
                                       "以下1个事项在报告中未反映或反映不充分。请逐项予以说明。")
    assert item.finding == "仅在存在的不足中提及"


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
