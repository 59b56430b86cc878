"""The command line, as a user meets it: exit codes and whole messages."""
import json

import pytest
from click.testing import CliRunner

from lawscore import ingest
from lawscore.cli import main
from lawscore.errors import ReportError

from conftest import AUTHOR_HEAD, AUTHOR_ITEM, CHECKLISTS, REPORTS, workspace

BROKEN = """\
id: broken
title: 坏清单
kind: outline
items:
  - id: a
    clause: 22
    title: 行政复议
    weight: high
    patterns:
      - any_of: [行政复议]
    examples:
      match: [全年收到行政复议申请156件。]
      no_match: ["下一步,将加强行政复议工作。", 全年收到信访件20件。]
  - id: b
    clause: 23
    title: 行政应诉
    weight: 2
    patterns:
      - any_of: [出庭应诉]
        regex: '(\\d+'
    examples:
      match: [行政机关负责人出庭应诉率100%。]
      no_match: ["下一步,将提高出庭应诉率。", 全年审查规范性文件35件。]
"""


def test_validate_bundled_checklists_pass():
    files = sorted(str(p) for p in CHECKLISTS.glob("*.yaml"))
    result = CliRunner().invoke(main, ["validate", *files])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"通过: {len(files)} 个文件,")


def test_validate_lists_every_problem_once(tmp_path):
    path = workspace(tmp_path, {"broken.yaml": BROKEN}) / "broken.yaml"
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2
    assert result.output == (
        f'{path}:8: a: weight: "high" 不是数字; 这里请写数字\n'
        f"{path}:20: b: patterns[0].regex: 正则表达式无效"
        "(missing ), unterminated subpattern at position 0); 请改正,或加引号\n"
        "错误: 清单有 2 个问题,请按上面每行的说明修改\n"
    )
    assert "Traceback" not in result.output


def test_validate_reports_an_example_that_does_not_behave(tmp_path):
    text = BROKEN.replace("weight: high", "weight: 3").replace("regex: '(\\d+'", "regex: '\\d+%'")
    text = text.replace("match: [全年收到行政复议申请156件。]", "match: [全年收到复议申请156件。]")
    path = workspace(tmp_path, {"c.yaml": text}) / "c.yaml"
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2
    # (warnings first: each item has one example that must match where the guide asks for two)
    assert result.output == (
        f"警告: {path}:5: a: examples.match 只有 1 句; 指南要求至少 2 句,请补足\n"
        f"警告: {path}:14: b: examples.match 只有 1 句; 指南要求至少 2 句,请补足\n"
        f'{path}:5: a: 例句 "全年收到复议申请156件。" 应匹配,但判为“未提及”; '
        "把它用的词加进模式,或换一个例句\n"
        "错误: 清单有 1 个问题,请按上面每行的说明修改\n"
    )


def test_evaluate_stops_on_a_broken_checklist_with_exit_2(tmp_path):
    ws = workspace(tmp_path, {"lists/broken.yaml": BROKEN, "reports/a.txt": "2023年,县政府召开常务会议。" * 5})
    result = CliRunner().invoke(main, ["evaluate", str(ws / "reports"), "--checklists", str(ws / "lists"),
                                       "--out", str(ws / "out")])
    assert result.exit_code == 2
    assert 'broken.yaml:8: a: weight: "high" 不是数字; 这里请写数字' in result.output
    assert not (ws / "out").exists()


def test_evaluate_scores_good_reports_and_lists_bad_ones(tmp_path):
    ws = workspace(tmp_path, {
        "in/good.txt": (REPORTS / "000_d9075f519bf93576.txt").read_text(encoding="utf-8"),
        "in/empty.txt": "",
        "in/binary.txt": b"\x00\x01\x02\xff" * 100,
        "in/old.doc": b"\xd0\xcf\x11\xe0",
    })
    result = CliRunner().invoke(main, ["evaluate", str(ws / "in"), "--checklists", str(CHECKLISTS),
                                       "--out", str(ws / "out"), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads((ws / "out" / "results.json").read_text(encoding="utf-8"))
    assert [r["source"] for r in data["reports"]] == [str(ws / "in" / "good.txt")]
    # Which converters are installed decides the .doc's reason (tests/test_formats.py checks each).
    with pytest.raises(ReportError) as old_doc:
        ingest.read(ws / "in" / "old.doc")
    assert "另存为 .docx" in str(old_doc.value)
    assert data["errors"] == [
        {"source": str(ws / "in" / "binary.txt"), "message": "无法提取文字: 这是二进制文件,不是文本"},
        {"source": str(ws / "in" / "empty.txt"), "message": "文件是空的"},
        {"source": str(ws / "in" / "old.doc"), "message": str(old_doc.value)},
    ]
    assert result.output.splitlines() == [
        f"{ws / 'in' / 'binary.txt'}: 未评分: 无法提取文字: 这是二进制文件,不是文本",
        f"{ws / 'in' / 'empty.txt'}: 未评分: 文件是空的",
        f"{ws / 'in' / 'old.doc'}: 未评分: {old_doc.value}",
        f"已评分 1 份报告,3 份无法读取;已将 1 个文件写入 {ws / 'out'}(请打开 {ws / 'out' / 'results.json'})",
    ]


def test_unknown_format_is_a_usage_error():
    result = CliRunner().invoke(main, ["evaluate", "--format", "pdf"], prog_name="lawscore")
    assert result.exit_code == 2
    assert result.output.endswith("错误: --format: 未知格式 pdf; 请用逗号分隔的: html, json, csv, xlsx, docx\n")
    assert result.output.startswith("用法: lawscore evaluate [选项] [PATHS]...\n")


def test_unknown_checklist_id(tmp_path):
    result = CliRunner().invoke(main, ["evaluate", str(REPORTS), "--checklists", str(CHECKLISTS),
                                       "--checklist", "nope", "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert result.output == (f'{CHECKLISTS}: 没有 id 为 "nope" 的清单; 请用其中之一: outline-2015-2020, '
                             "outline-2021-2025, report-rules, zhejiang-2021-2025,或给出清单文件的路径\n"
                             "错误: 清单有 1 个问题,请按上面每行的说明修改\n")


def test_refuses_to_replace_a_folder_it_did_not_write(tmp_path):
    ws = workspace(tmp_path, {"mine/notes.txt": "keep me"})
    result = CliRunner().invoke(main, ["evaluate", str(REPORTS), "--checklists", str(CHECKLISTS),
                                       "--out", str(ws / "mine"), "--format", "json"])
    assert result.exit_code == 2
    assert result.output == f"错误: {ws / 'mine'} 里已有不是 lawscore 写的文件; 请用 --out 选一个空的或新的文件夹\n"
    assert (ws / "mine" / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_test_command_passes_on_every_bundled_checklist():
    for path in sorted(CHECKLISTS.glob("*.yaml")):
        result = CliRunner().invoke(main, ["test", str(path)])
        assert result.exit_code == 0, result.output
        assert "误判" in result.output and "不通过" not in result.output


def test_test_command_fails_on_a_broken_copy(tmp_path):
    text = (CHECKLISTS / "report-rules.yaml").read_text(encoding="utf-8")
    broken = text.replace("- 县长带头讲授法治专题党课1次。", "- 县长同志认真履职。")
    assert broken != text
    path = workspace(tmp_path, {"rules.yaml": broken}) / "rules.yaml"
    result = CliRunner().invoke(main, ["test", str(path)])
    assert result.exit_code == 2  # a checklist problem the author can fix, as in validate
    assert "  不通过 part-duty: 7 个例句中 6 个符合预期\n         应匹配,但判为“未提及”: 县长同志认真履职。\n" in result.output
    assert result.output.endswith("  应匹配的例句: 11 句匹配,1 句漏判;不应匹配的例句: 11 句未匹配,0 句误判\n"
                                  "错误: 有例句不符合预期; 请按上面标为“不通过”的条目修改模式或例句\n")


def test_a_path_that_does_not_exist_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["evaluate", "/no/such/path", "--checklists", str(CHECKLISTS),
                                       "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert result.output == "错误: 没有这个文件或文件夹: /no/such/path; 请检查路径(可以是报告文件或文件夹)\n"
    assert not (tmp_path / "o").exists()


def test_validate_on_a_missing_file_names_no_line_zero():
    result = CliRunner().invoke(main, ["validate", "/no/such.yaml"])
    assert result.exit_code == 2
    assert result.output == "/no/such.yaml: 没有这个清单文件; 请检查路径\n错误: 清单有 1 个问题,请按上面每行的说明修改\n"


def test_click_usage_errors_have_the_same_style_and_exit_status():
    result = CliRunner().invoke(main, ["validate"], prog_name="lawscore")
    assert result.exit_code == 2
    assert result.output.splitlines()[0] == "用法: lawscore validate [选项] FILES..."
    assert result.output.splitlines()[-1].startswith("错误: ")


def test_a_checklist_for_other_years_warns_and_names_the_right_one(tmp_path):
    """海晏县 reports on 2020; scored on the 2021-2025 items it says so, with the right --checklist."""
    result = CliRunner().invoke(main, ["evaluate", str(REPORTS / "002_a79ef2748fc77e33.txt"), "--checklists",
                                       str(CHECKLISTS), "--checklist", "outline-2021-2025",
                                       "--out", str(tmp_path / "o"), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (
        "警告: 所有报告都按 --checklist outline-2021-2025 评分,该清单适用于2021年及以后的报告;"
        "其他年度的报告在评分卡和 results.json 的提示(warnings)中注明了应使用的清单")
    (report,) = json.loads((tmp_path / "o" / "results.json").read_text(encoding="utf-8"))["reports"]
    assert report["year"] == 2020
    assert "报告年度为2020年,但按 --checklist outline-2021-2025 评分,该清单适用于2021年及以后的报告;" \
           "按年度应使用 --checklist outline-2015-2020(或不加 --checklist,自动选择)" in report["warnings"]


def test_explain_an_item_of_another_checklist_names_it_and_the_option():
    result = CliRunner().invoke(main, ["explain", str(REPORTS / "002_a79ef2748fc77e33.txt"), "--item",
                                       "c22-review-committee", "--checklists", str(CHECKLISTS)])
    assert result.exit_code == 2
    assert result.output == (
        f'错误: 条目 "c22-review-committee" 属于清单 outline-2021-2025、zhejiang-2021-2025,而 '
        f"{REPORTS / '002_a79ef2748fc77e33.txt'}(报告年度 2020) 按清单 outline-2015-2020、report-rules 评分; "
        "要按该清单解释,请加 --checklist outline-2021-2025\n")
    result = CliRunner().invoke(main, ["explain", str(REPORTS / "002_a79ef2748fc77e33.txt"), "--item",
                                       "c22-review-comittee", "--checklists", str(CHECKLISTS)])
    assert result.exit_code == 2
    assert "是不是: c22-review-committee" in result.output and len(result.output) < 300


def test_validate_warns_of_a_plan_among_the_examples_that_must_match(tmp_path):
    text = (BROKEN.replace("weight: high", "weight: 3").replace("regex: '(\\d+'", "regex: '\\d+%'")
            .replace("match: [全年收到行政复议申请156件。]", "match: [全年收到行政复议申请156件。, 2025年将办结行政复议案件150件。]")
            .replace("match: [行政机关负责人出庭应诉率100%。]", "match: [行政机关负责人出庭应诉率100%。, 全县行政机关负责人出庭应诉率达100%。]")
            .replace('no_match: ["下一步,将提高出庭应诉率。", 全年审查规范性文件35件。]', 'no_match: ["下一步,将提高出庭应诉率。", "下一步,将继续提高出庭应诉率。"]'))
    path = workspace(tmp_path, {"c.yaml": text}) / "c.yaml"
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output == (
        f'警告: {path}:5: a: 应匹配的例句 "2025年将办结行政复议案件150件。" 是计划(下一步、20XX年将…),'
        "不是做了的工作; 换成一句已做工作的句子,或把它移到 no_match\n"
        "通过: 1 个文件,2 个条目,所有例句都符合预期,1 条警告\n"
        "修改了清单? 提交前可用 lawscore diff 旧版.yaml 新版.yaml reports/ 看修改对真实报告的影响\n")


def test_explain_names_the_report_it_cannot_read(tmp_path):
    missing = tmp_path / "不存在.txt"
    result = CliRunner().invoke(main, ["explain", str(missing), "--item", "c22-administrative-review",
                                       "--checklists", str(CHECKLISTS)])
    assert (result.exit_code, result.output) == (2, f"错误: {missing}: 无法读取文件(No such file or directory)\n")


def test_test_command_without_files_tests_every_checklist_of_the_folder(tmp_path):
    ws = workspace(tmp_path, {"lists/a.yaml": AUTHOR_HEAD + AUTHOR_ITEM})
    result = CliRunner().invoke(main, ["test", "--checklists", str(ws / "lists")])
    assert result.exit_code == 0, result.output
    assert result.output == (f"{ws / 'lists' / 'a.yaml'}: 示例清单(1 个条目)\n"
                             "  通过   c22-review: 2 个例句中 2 个符合预期\n"
                             "  应匹配的例句: 1 句匹配,0 句漏判;不应匹配的例句: 1 句未匹配,0 句误判\n")


def test_test_command_runs_the_examples_of_one_item(tmp_path):
    second = AUTHOR_ITEM.replace("c22-review", "c23-suits").replace("match: [全年收到行政复议申请156件。]",
                                                                   "match: [全年审结复议案件148件。]")
    path = workspace(tmp_path, {"a.yaml": AUTHOR_HEAD + AUTHOR_ITEM + second}) / "a.yaml"
    result = CliRunner().invoke(main, ["test", str(path), "--item", "c22-review"])
    assert result.exit_code == 0, result.output
    assert result.output == (f"{path}: 示例清单(1 个条目)\n"
                             "  通过   c22-review: 2 个例句中 2 个符合预期\n"
                             "  应匹配的例句: 1 句匹配,0 句漏判;不应匹配的例句: 1 句未匹配,0 句误判\n"
                             "只运行了 --item 指定的条目 c22-review 的例句;不加 --item 运行全部条目\n")
    result = CliRunner().invoke(main, ["test", str(path), "--item", "c23-suit"])
    assert result.exit_code == 2
    assert result.output == f'错误: {path} 中没有 id 为 "c23-suit" 的条目; 是不是: c23-suits?\n'
