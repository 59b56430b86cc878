"""manifest.yaml: hand-given fields per file name, used the same way by every command."""
import os

import pytest
from click.testing import CliRunner

from lawscore import checklist_set, manifest, pipeline
from lawscore.cli import main
from lawscore.errors import ReportError

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
    assert lines[2].startswith(f"结论: {verdict.status}(") and lines[2].endswith(f")— {verdict.reason}")
    assert lines[0].endswith(" 2019")

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
