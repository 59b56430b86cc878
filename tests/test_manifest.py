"""manifest.yaml: hand-given fields per file name, used the same way by every command."""
import os
from datetime import date

import docx
import pytest
from click.testing import CliRunner

from lawscore import checklist_set, labels, manifest, paths, pipeline
from lawscore.cli import main
from lawscore.errors import ReportError
from lawscore.model import LetterSettings

from conftest import CHECKLISTS, REPORTS, SEEDS, workspace


def test_manifest_overrides_metadata(tmp_path):
    ws = workspace(tmp_path, {
        "r/a.txt": (REPORTS / SEEDS["长冈乡"]).read_text(encoding="utf-8"),
        "r/manifest.yaml": "a.txt:\n  jurisdiction: 江西省赣州市兴国县长冈乡\n  year: 2024\n  published: '2025-03-20'\n",
    })
    setup = checklist_set.load_checklists(CHECKLISTS, None)
    res, errors = pipeline.run_batch([str(ws / "r")], setup)
    assert errors == []
    meta = res[0].metadata
    assert (meta.jurisdiction, meta.level, meta.year, meta.published) == (
        "江西省赣州市兴国县长冈乡", "township", 2024, "2025-03-20")
    assert dict(meta.sources)["jurisdiction"] == "manifest"


def test_overrides_for_one_file(tmp_path):
    ws = workspace(tmp_path, {"r/a.txt": "x", "r/manifest.yaml": "a.txt:\n  year: 2019\n  colour: red\n"})
    assert manifest.overrides_for(ws / "r" / "a.txt") == {"year": 2019}
    assert manifest.overrides_for(ws / "r" / "b.txt") == {}
    assert manifest.overrides_for(tmp_path / "elsewhere.txt") == {}


def test_explain_follows_the_manifest_as_evaluate_does(tmp_path):
    """With year: 2019 in the manifest, evaluate scores the report against the 2015-2020 outline;
    explain must explain that verdict, not one against the 2021-2025 outline."""
    text = (REPORTS / SEEDS["章贡区"]).read_text(encoding="utf-8")
    ws = workspace(tmp_path, {"r/a.txt": text, "r/manifest.yaml": "a.txt:\n  year: 2019\n"})
    report = str(ws / "r" / "a.txt")
    setup = checklist_set.load_checklists(CHECKLISTS, None)
    (evaluated,), _ = pipeline.run_batch([str(ws / "r")], setup)
    assert evaluated.outline.checklist.id == "outline-2015-2020"
    verdict = next(r for r in evaluated.outline.items if r.item.id == "m3-government-structure")

    result = CliRunner().invoke(main, ["explain", report, "--item", "m3-government-structure",
                                       "--checklists", str(CHECKLISTS)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1] == "清单 outline-2015-2020,条目 m3-government-structure: " + verdict.item.title
    assert lines[2].startswith(f"结论: {labels.status_label(verdict.status, verdict.item.expect)}(代码 {verdict.status})")
    assert lines[2].endswith(f")— {verdict.reason}")
    assert lines[0].endswith(" 2019年度")

    # and an item of the 2021-2025 outline is not among those used for this report
    result = CliRunner().invoke(main, ["explain", report, "--item", "c22-review-committee",
                                       "--checklists", str(CHECKLISTS)])
    assert result.exit_code == 2
    assert '条目 "c22-review-committee" 属于清单 outline-2021-2025' in result.output
    assert "请加 --checklist outline-2021-2025" in result.output


def test_explain_stops_on_a_broken_manifest(tmp_path):
    text = (REPORTS / SEEDS["章贡区"]).read_text(encoding="utf-8")
    ws = workspace(tmp_path, {"r/a.txt": text, "r/manifest.yaml": "- a\n- b\n"})
    result = CliRunner().invoke(main, ["explain", str(ws / "r" / "a.txt"), "--item", "x",
                                       "--checklists", str(CHECKLISTS)])
    assert result.exit_code == 2
    assert result.output == f"错误: {ws / 'r' / 'manifest.yaml'}:1: manifest.yaml 应写成“文件名: 字段”的映射; 字段可用 jurisdiction, level, year, published\n"


def _evaluate(ws):
    return CliRunner().invoke(main, ["evaluate", str(ws / "r"), "--checklists", str(CHECKLISTS), "--out",
                                     str(ws / "out"), "--format", "json", "--jobs", "1"])


def test_a_manifest_alias_bomb_is_a_reason_and_the_report_is_still_scored(tmp_path):
    """A 522-byte manifest.yaml expanding to gigabytes ended the run with a MemoryError."""
    bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 9))
    assert len(bomb) < 600
    ws = workspace(tmp_path, {"r/a.txt": (REPORTS / SEEDS["长冈乡"]).read_text(encoding="utf-8"),
                              "r/manifest.yaml": bomb})
    result = _evaluate(ws)
    assert result.exit_code == 0, result.output
    assert (f"{ws / 'r' / 'manifest.yaml'}: 未评分: {ws / 'r' / 'manifest.yaml'}:5: manifest.yaml 格式错误: "
            "别名(*)重复引用的内容太多") in result.output
    assert "已评分 1 份报告" in result.output


def test_an_unreadable_manifest_is_an_error_line_not_a_traceback(tmp_path, monkeypatch):
    ws = workspace(tmp_path, {"r/a.txt": (REPORTS / SEEDS["长冈乡"]).read_text(encoding="utf-8"),
                              "r/manifest.yaml": "a.txt:\n  year: 2024\n"})
    real_open = os.open

    def denied(path, *args, **kwargs):  # the tests run as root, who may read any file
        if str(path).endswith("manifest.yaml"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)
    result = CliRunner().invoke(main, ["explain", str(ws / "r" / "a.txt"), "--item", "x",
                                       "--checklists", str(CHECKLISTS)])
    assert result.exit_code == 2
    assert result.output == f"错误: {ws / 'r' / 'manifest.yaml'}: 无法读取 manifest.yaml(Permission denied); 请检查它的权限\n"


def test_a_manifest_that_is_a_folder_or_a_fifo_is_a_reason(tmp_path):
    ws = workspace(tmp_path, {"r/a.txt": (REPORTS / SEEDS["长冈乡"]).read_text(encoding="utf-8")})
    os.mkfifo(ws / "r" / "manifest.yaml")
    result = _evaluate(ws)
    assert result.exit_code == 0, result.output
    assert f"{ws / 'r' / 'manifest.yaml'}: 未评分: {ws / 'r' / 'manifest.yaml'}: 不是普通文件" in result.output


@pytest.mark.parametrize("fields, line, message", [
    ("  year: 二〇二三\n", 2, "a.txt: year 应是四位数的年份(如 2023); 请改正这一行"),
    ("  jurisdiction: 某县\n  level: [county]\n", 3, "a.txt: level 应是一段文字; 请改正这一行"),
])
def test_a_manifest_field_of_the_wrong_kind_names_its_line(tmp_path, fields, line, message):
    ws = workspace(tmp_path, {"r/manifest.yaml": "a.txt:\n" + fields})
    with pytest.raises(ReportError) as refused:
        manifest.read_manifest(ws / "r")
    assert str(refused.value.message) == f"{ws / 'r' / 'manifest.yaml'}:{line}: {message}"


def test_the_letter_entry_sets_office_contact_and_deadline_for_the_folder(tmp_path):
    ws = workspace(tmp_path, {"r/a.txt": "x", "r/manifest.yaml": (
        "letter:\n  office: 某市法治政府建设领导小组办公室\n  contact: 王某某，0574-87000000\n  deadline: 2027-01-15\n"
        "a.txt:\n  year: 2023\n")})
    assert manifest.read_manifest(ws / "r") == {"a.txt": {"year": 2023}}  # letter is no file name
    assert manifest.letter_settings(ws / "r") == LetterSettings(
        office="某市法治政府建设领导小组办公室", contact="王某某，0574-87000000", deadline=date(2027, 1, 15))
    assert manifest.letter_for(str(ws / "r" / "a.txt")) == manifest.letter_settings(ws / "r")
    assert manifest.letter_for(str(ws / "r" / "a.zip!b.txt")) == manifest.letter_settings(ws / "r")
    (ws / "r" / "manifest.yaml").write_text("letter:\n  deadline: 2027年2月1日\n", encoding="utf-8")
    assert manifest.letter_for(str(ws / "r" / "a.txt")) == LetterSettings(deadline=date(2027, 2, 1))
    (ws / "r" / "manifest.yaml").write_text("letter:\n  deadline: 15\n", encoding="utf-8")
    assert manifest.letter_settings(ws / "r") == LetterSettings(deadline=15)
    assert manifest.letter_settings(tmp_path) == LetterSettings()  # no manifest.yaml


@pytest.mark.parametrize("entry, line, message", [
    ("letter: 某市司法局\n", 1, "letter 应写成“字段: 值”的映射; 可用的字段: office(落款单位)、contact(联系人和电话)、deadline(回复期限)"),
    ("letter:\n  office: 某市司法局\n  phone: 123\n", 3,
     "letter: 没有 phone 这个字段; 可用的字段: office(落款单位)、contact(联系人和电话)、deadline(回复期限)"),
    ("letter:\n  office: ''\n", 2,
     "letter: office(落款单位)应是一段文字,如“XX市法治政府建设领导小组办公室”; 请改正这一行"),
    ("letter:\n  contact: [王某某, 123]\n", 2, "letter: contact(联系人和电话)应是一段文字,如“张某某，0571-87000000”; 请改正这一行"),
    ("letter:\n  deadline: 明年一月\n", 2,
     "letter: deadline “明年一月”不是日期或天数; 请写回复截止日期(如 2027-01-15)或收到清单后的工作日天数(如 15)"),
    ("letter:\n\n  deadline: 2027-02-30\n", 3,
     "letter: deadline “2027-02-30”不是存在的日期; 请写回复截止日期(如 2027-01-15)或收到清单后的工作日天数(如 15)"),
    ("letter:\n  deadline: 0\n", 2,
     "letter: deadline 的天数 0 应在 1 到 365 之间; 请写回复截止日期(如 2027-01-15)或收到清单后的工作日天数(如 15)"),
])
def test_a_wrong_letter_entry_names_its_line_and_the_fix(tmp_path, entry, line, message):
    ws = workspace(tmp_path, {"r/manifest.yaml": "a.txt:\n  year: 2023\n" + entry})
    with pytest.raises(ReportError) as refused:
        manifest.read_manifest(ws / "r")
    assert str(refused.value.message) == f"{ws / 'r' / 'manifest.yaml'}:{line + 2}: {message}"


def test_evaluate_signs_the_letters_as_the_manifest_says_and_reports_a_mistake(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    text = (REPORTS / SEEDS["江北区"]).read_text(encoding="utf-8")
    ws = workspace(tmp_path, {"r/a.txt": text, "r/manifest.yaml": (
        "letter:\n  office: 宁波市法治政府建设领导小组办公室\n  contact: 王某某,0574-87000000\n  deadline: 20\n")})
    args = ["evaluate", str(ws / "r"), "--checklists", str(CHECKLISTS), "--out", str(ws / "out"),
            "--format", "html,docx", "--jobs", "1"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    letter = [p.text for p in docx.Document(str(ws / "out" / paths.followup_path(str(ws / "r" / "a.txt")))).paragraphs]
    assert letter[-5:] == [
        "请对上述事项逐项作出书面说明（注明事项编号，如“一、（一）1.”），并附相关材料，于收到本清单之日起20个工作日内书面回复。",
        "联系人：王某某，0574-87000000", "", "宁波市法治政府建设领导小组办公室", "2026年1月1日"]
    # The reminder to check the letter is on the scorecard, on screen only, beside its link.
    card = next((ws / "out" / "scorecards").glob("*.html")).read_text(encoding="utf-8")
    assert ('<p class="noprint muted">追问清单由 lawscore 根据报告文本自动核查生成，发出前请人工核对；'
            "落款单位、联系人和回复期限写在报告文件夹 manifest.yaml 的 letter 一项中（见 docs/exports.md）。</p>") in card

    (ws / "r" / "manifest.yaml").write_text("letter:\n  deadline: 下周\n", encoding="utf-8")
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    path = ws / "r" / "manifest.yaml"
    assert (f"{path}: 未评分: {path}:2: letter: deadline “下周”不是日期或天数; "
            "请写回复截止日期(如 2027-01-15)或收到清单后的工作日天数(如 15)") in result.output
    assert "已评分 1 份报告" in result.output
    letter = [p.text for p in docx.Document(str(ws / "out" / paths.followup_path(str(ws / "r" / "a.txt")))).paragraphs]
    assert letter[-2:] == ["请对上述事项逐项作出书面说明（注明事项编号，如“一、（一）1.”），并附相关材料，"
                           "于收到本清单后按规定时限书面回复。", "2026年1月1日"]

@pytest.mark.parametrize("written, level", [("县级", "county"), ("乡镇", "township"), ("街道", "township"),
                                            ("市级", "city"), ("county", "county")])
def test_a_level_written_in_chinese_is_mapped_to_its_code(tmp_path, written, level):
    ws = workspace(tmp_path, {"r/manifest.yaml": f"a.txt:\n  jurisdiction: 某地\n  level: {written}\n"})
    assert manifest.overrides_for(ws / "r" / "a.txt") == {"jurisdiction": "某地", "level": level}


def test_an_unknown_level_names_the_levels(tmp_path):
    ws = workspace(tmp_path, {"r/manifest.yaml": "a.txt:\n  level: 村级\n"})
    with pytest.raises(ReportError) as refused:
        manifest.read_manifest(ws / "r")
    assert str(refused.value.message) == (
        f"{ws / 'r' / 'manifest.yaml'}:2: a.txt: level 没有“村级”这一层级; "
        "请写其中之一: province(省级)、city(市级)、county(县级)、township(乡镇)、department(部门),中文或代码均可")
