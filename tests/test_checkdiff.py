"""lawscore diff (issue 27.2): what an edit of a checklist does to real reports. The edit here
widens 行政应诉 (出庭应诉 → 出庭应诉 or 行政应诉) and narrows 规范性文件合法性审核 (规范性文件 →
规范性文件备案) of the small test outline, over three invented county reports."""
from __future__ import annotations

import re

from click.testing import CliRunner

from lawscore.cli import main

from conftest import TEST_OUTLINE, workspace

NEW = (TEST_OUTLINE.replace("any_of: [出庭应诉]", "any_of: [出庭应诉, 行政应诉]")
       .replace("any_of: [规范性文件]", "any_of: [规范性文件备案]")
       .replace("match: [全年审查规范性文件35件。]", "match: [全年报送规范性文件备案35件。]"))
BODIES = {
    "甲县": "全年审查规范性文件35件,纠正不合法条款6处。全年办理行政应诉案件12件,行政机关负责人出庭应诉率100%。",
    "乙县": "全年审查规范性文件20件。全年办理行政应诉案件8件。",
    "丙县": "全年报送规范性文件备案15件。全年收到行政复议申请156件,办结150件。",
}


def _workspace(tmp_path):
    files = {"lists/outline-test.yaml": TEST_OUTLINE, "edited/outline-test.yaml": NEW}
    for name, body in BODIES.items():
        files[f"reports/{name}.txt"] = (f"{name}2023年法治政府建设工作情况报告\n\n2023年,{name}扎实推进法治政府建设。\n\n"
                                        f"一、主要举措和成效\n\n{body}\n")
    return workspace(tmp_path, files)


def _run(ws, *args):
    return CliRunner().invoke(main, ["diff", *args, "--checklists", str(ws / "lists")], catch_exceptions=False)


def test_a_widened_and_a_narrowed_item_with_counts_and_examples(tmp_path):
    ws = _workspace(tmp_path)
    result = _run(ws, str(ws / "lists/outline-test.yaml"), str(ws / "edited/outline-test.yaml"), str(ws / "reports"),
                  "--html", str(ws / "diff.html"))
    assert result.exit_code == 0, result.output
    out = result.output
    assert "两版各评分 3 份报告" in out and "2 个事项的判定有变化(其余 1 个没有变化)" in out
    narrowed, widened = out.split("\n\nc9-norms ")[1].split("\n\nc23-suits ")
    # 甲县 and 乙县 review normative documents but report no 备案: both lose the item; 丙县 keeps it.
    assert narrowed.startswith("规范性文件合法性审核: 2 份报告的判定变了\n  已落实 → 未提及: 2 份\n")
    assert re.findall(r"例: \S+/(\S+)\.txt", narrowed) == ["乙县", "甲县"]
    assert "原文: 全年审查规范性文件20件。" in narrowed and "新版: 没有找到相关内容" in narrowed
    # Only 乙县 handles suits without 出庭应诉 (甲县 had it already): one report gains the item.
    assert widened.startswith("行政应诉: 1 份报告的判定变了\n  未提及 → 已落实: 1 份\n")
    assert re.findall(r"例: \S+/(\S+)\.txt", widened) == ["乙县"]
    assert "原文: 全年办理行政应诉案件8件。" in widened and "旧版: 没有找到相关内容" in widened
    assert "c22-review" not in out  # unchanged items are not listed
    page = (ws / "diff.html").read_text(encoding="utf-8")
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)  # offline: nothing fetched
    assert "c9-norms 规范性文件合法性审核" in page and "全年办理行政应诉案件8件。" in page


def test_against_names_the_old_version_and_an_unchanged_copy_changes_nothing(tmp_path):
    ws = _workspace(tmp_path)
    (ws / "copy").mkdir()
    (ws / "copy/outline-test.yaml").write_text(TEST_OUTLINE, encoding="utf-8")
    result = _run(ws, "--against", str(ws / "copy/outline-test.yaml"), str(ws / "lists/outline-test.yaml"),
                  str(ws / "reports"))
    assert result.exit_code == 0, result.output
    assert "3 个事项在这些报告上的判定都没有变化。" in result.output


def test_without_two_versions_it_says_how_to_call_it(tmp_path):
    ws = _workspace(tmp_path)
    result = _run(ws, str(ws / "lists/outline-test.yaml"))
    assert result.exit_code == 2
    assert "请给出旧版和新版清单文件: lawscore diff OLD.yaml NEW.yaml [REPORTS]..." in result.output


def test_validate_suggests_diff_after_a_checklist_passes(tmp_path):
    ws = _workspace(tmp_path)
    result = CliRunner().invoke(main, ["validate", str(ws / "edited/outline-test.yaml")])
    assert result.exit_code == 0, result.output
    assert "lawscore diff 旧版.yaml 新版.yaml reports/" in result.output


def test_an_old_version_saved_elsewhere_is_read_beside_the_new_one(tmp_path):
    """git show HEAD:checklists/outline-2021-2025.yaml > old.yaml: its concepts ($权责清单) are
    in checklists/concepts/, not beside old.yaml."""
    from conftest import CHECKLISTS

    ws = workspace(tmp_path, {"saved/old.yaml": (CHECKLISTS / "outline-2021-2025.yaml").read_text(encoding="utf-8")})
    (ws / "none").mkdir()
    result = CliRunner().invoke(main, ["diff", str(ws / "saved/old.yaml"), str(CHECKLISTS / "outline-2021-2025.yaml"),
                                       str(ws / "none"), "--checklists", str(CHECKLISTS)])
    assert result.exit_code == 0, result.output
    assert "两版各评分 0 份报告" in result.output
