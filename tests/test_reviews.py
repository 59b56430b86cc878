"""The headline (section coverage) and a supervisor's reviews (reviews.yaml, `lawscore review`,
`calibrate --reviews`): corrections kept across runs, tied to the report file they were made for."""
from __future__ import annotations

import datetime
import hashlib
import html
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from lawscore import reviews, score
from lawscore.cli import main
from lawscore.model import Item, ItemResult, Review

from conftest import ROOT, workspace
from conftest import TEST_OUTLINE as OUTLINE

REPORT = """\
测试县2023年法治政府建设年度报告
一、主要举措和成效
全年共审查县政府规范性文件35件,提出合法性审查意见140条。
二、存在的不足
行政应诉工作仍有短板。
"""
REASON = "附件表2列明全年办理行政复议案件42件"


def _files(tmp_path: Path) -> Path:
    return workspace(tmp_path, {"checklists/outline-test.yaml": OUTLINE, "reports/测试县2023.txt": REPORT})


def _run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _evaluate(root: Path, out: str = "out"):
    return _run("evaluate", str(root / "reports"), "--checklists", str(root / "checklists"),
                "--out", str(root / out), "--jobs", "1")


def _review(root: Path, *extra: str):
    return _run("review", str(root / "reports/测试县2023.txt"), "--checklists", str(root / "checklists"), *extra)


def _report(root: Path, out: str = "out") -> dict:
    return json.loads((root / out / "results.json").read_text(encoding="utf-8"))["reports"][0]


def _item(entry: dict, item_id: str) -> dict:
    return next(i for i in entry["items"] if i["id"] == item_id)


# ---------------------------------------------------------------- the headline rule


def _result(item_id: str, status: str, weight: float = 1.0, clause: int | None = None,
            measure: int | None = None) -> ItemResult:
    item = Item(id=item_id, title=item_id, chapter="一", clause=clause, weight=weight, levels=("county",),
                patterns=(), measure=measure)
    return ItemResult(item, status, (), "")


def test_a_section_is_done_when_one_item_is_met_or_two_partly_and_half_done_with_one_partial():
    assert score.section_credit(["met", "missing", "missing"]) == 1.0
    assert score.section_credit(["partial", "partial", "missing"]) == 1.0
    assert score.section_credit(["partial", "missing"]) == 0.5
    assert score.section_credit(["gap", "planned", "missing"]) == 0.0


def test_section_coverage_weighs_each_section_by_its_heaviest_applicable_item():
    results = [
        _result("c9-a", "met", 2, clause=9), _result("c9-b", "missing", 1, clause=9),  # done, weight 2
        _result("c22-a", "partial", 1.5, clause=22),  # half done, weight 1.5
        _result("c23-a", "missing", 3, clause=23),  # not done, weight 3
        _result("c7-a", "not_applicable", 5, clause=7),  # left out
    ]
    assert score.section_coverage(results) == round(100 * (2 + 0.75) / (2 + 1.5 + 3), 1) == 42.3
    # item coverage (the depth) of the same items is lower: 2 + 0.75 of 7.5
    assert score.section_coverage([_result("c7-a", "not_applicable", clause=7)]) is None


def test_items_of_the_2015_outline_are_grouped_by_their_measure():
    results = [_result("m27-a", "met", measure=27, clause=24), _result("m27-b", "missing", measure=27, clause=23),
               _result("m28-a", "missing", measure=28, clause=23)]
    assert score.section_coverage(results) == 50.0  # measure 27 done, measure 28 not


def test_the_headline_and_the_depth_of_a_real_report(seed_results):
    """江北区 2023: 137 fine-grained items give a low depth; the sections it covers give the headline."""
    outline = seed_results["001_8a596ebcca1d5ce5.txt"].outline
    assert outline.coverage is not None and outline.coverage > 60
    assert outline.score < 40
    assert dict(outline.chapter_coverage)["三"] == 100.0  # 规范性文件 (9) and 重大行政决策 (11) both done


# ---------------------------------------------------------------- reviews across runs


def test_a_review_is_applied_on_every_later_run_and_goes_stale_when_the_report_changes(tmp_path):
    root = _files(tmp_path)
    assert _evaluate(root).exit_code == 0
    before = _report(root)
    assert _item(before, "c22-review")["status"] == "missing" and "review" not in _item(before, "c22-review")
    assert before["coverage"] == round(100 * 2 / 6, 1) == 33.3  # sections 9 (weight 2), 22 (3), 23 (1)

    result = _review(root, "--item", "c22-review", "--status", "met", "--reason", REASON, "--by", "张三",
                     "--date", "2026-12-02")
    assert result.exit_code == 0, result.output
    assert result.output == (f"{root / 'reports' / 'reviews.yaml'}: 测试县2023.txt c22-review: "
                             "未提及 (missing) -> 人工复核 已落实 (met), 张三 2026-12-02\n")
    sha = hashlib.sha256(REPORT.encode("utf-8")).hexdigest()
    text = (root / "reports/reviews.yaml").read_text(encoding="utf-8")
    assert text.endswith(f"测试县2023.txt:\n  c22-review:\n    status: met\n    reason: {REASON}\n    by: 张三\n"
                         f"    date: '2026-12-02'\n    sha256: {sha}\n")

    assert _evaluate(root).exit_code == 0
    after = _report(root)
    reviewed = _item(after, "c22-review")
    assert reviewed["status"] == "met" and reviewed["engine_status"] == "missing"
    assert reviewed["review"] == {"status": "met", "reason": REASON, "by": "张三", "date": "2026-12-02",
                                  "sha256": sha, "applied": True}
    assert after["coverage"] == round(100 * 5 / 6, 1) == 83.3 and after["reviewed"] == 1
    card = next((root / "out/scorecards").glob("*.html")).read_text(encoding="utf-8")
    assert f"人工复核为“已落实”：{REASON}（张三，2026-12-02）" in card
    assert "系统判定：✗ 未提及" in card
    assert '<span class="review-tag">人工复核</span>' in card
    csv_row = next(line for line in (root / "out/results.csv").read_text(encoding="utf-8-sig").splitlines()
                   if ",c22-review," in line)
    assert f",met,已落实,没有找到相关内容,0,,missing,人工复核,{REASON},张三,2026-12-02,scorecards/" in csv_row

    (root / "reports/测试县2023.txt").write_text(REPORT + "三、下一步工作安排\n继续做好行政复议工作。\n", encoding="utf-8")
    assert _evaluate(root).exit_code == 0
    stale = _report(root)
    item = _item(stale, "c22-review")
    assert item["status"] == item["engine_status"] != "met" and item["review"]["applied"] is False
    assert stale["coverage"] == 33.3 and stale["reviewed"] == 0 and stale["review_stale"] == 1
    card = next((root / "out/scorecards").glob("*.html")).read_text(encoding="utf-8")
    assert '<span class="review-tag stale">待重新复核</span>' in card
    assert f"待重新复核：报告文件在复核后有改动，张三 2026-12-02 的复核（“已落实”：{REASON}）未采用" in card
    index = (root / "out/index.html").read_text(encoding="utf-8")
    assert '<td class="num">0（另1项待重新复核）</td>' in index


def test_the_command_keeps_other_entries_and_writes_todays_date_when_none_is_given(tmp_path):
    root = _files(tmp_path)
    assert _review(root, "--item", "c22-review", "--status", "met", "--reason", REASON, "--by", "张三").exit_code == 0
    assert _review(root, "--item", "c9-norms", "--status", "partial", "--reason", "只有件数", "--by", "李四",
                   "--date", "2026-12-01").exit_code == 0
    text = (root / "reports/reviews.yaml").read_text(encoding="utf-8")
    assert f"    date: '{datetime.date.today().isoformat()}'\n" in text
    assert text.index("c22-review:") < text.index("c9-norms:")  # both kept, items in sorted order
    assert _evaluate(root).exit_code == 0
    assert _report(root)["reviewed"] == 2
    index = (root / "out/index.html").read_text(encoding="utf-8")
    assert "1 个地区共 2 项经人工复核" in index


def test_the_command_rejects_an_unknown_item_status_or_report(tmp_path):
    root = _files(tmp_path)
    bad_item = _review(root, "--item", "c22-reviews", "--status", "met", "--reason", "x", "--by", "张三")
    assert bad_item.exit_code == 2
    assert bad_item.output == (f'错误: {root / "reports/测试县2023.txt"} 所用的清单中没有事项 "c22-reviews"; '
                               '是不是: c22-review?\n')
    bad_status = _review(root, "--item", "c22-review", "--status", "done", "--reason", "x", "--by", "张三")
    assert bad_status.exit_code == 2
    assert bad_status.output == ('错误: 没有状态 "done"; 请用其中之一: 已落实(met)、部分落实(partial)、仅列为不足(gap)、'
                                 "仅列为计划(planned)、仅有表述(mentioned)、未提及(missing)、不适用(not_applicable)\n")
    gone = _run("review", str(root / "reports/无此报告.txt"), "--checklists", str(root / "checklists"),
                "--item", "c22-review", "--status", "met", "--reason", "x", "--by", "张三")
    assert gone.exit_code == 2 and gone.output.startswith(f"错误: {root / 'reports/无此报告.txt'}: ")
    assert not (root / "reports/reviews.yaml").exists()


def test_a_bad_entry_in_reviews_yaml_is_reported_with_its_line_and_skipped_and_the_others_applied(tmp_path):
    root = _files(tmp_path)
    sha = hashlib.sha256(REPORT.encode("utf-8")).hexdigest()
    (root / "reports/reviews.yaml").write_text(
        "测试县2023.txt:\n"
        "  c22-reveiw:\n"
        "    status: met\n"
        "  c9-norms:\n"
        "    status: done\n"
        "    reason: 只有件数\n"
        "    by: 李四\n"
        "    date: 2026-12-01\n"
        f"    sha256: {sha}\n"
        "  c22-review:\n"
        "    status: 已落实\n"
        f"    reason: {REASON}\n"
        "    by: 张三\n"
        "    date: 2026-12-02\n"
        f"    sha256: {sha}\n"
        "其他县2023.txt:\n"
        "  c9-norms:\n"
        "    status: met\n", encoding="utf-8")
    result = _evaluate(root)
    assert result.exit_code == 0
    shown = root / "reports/reviews.yaml"
    assert result.output == (
        f'警告: {shown}:2: c22-reveiw: 清单中没有这个事项编号; 是不是 "c22-review"?\n'
        f'警告: {shown}:5: c9-norms: 没有状态 "done"; 请写其中之一: 已落实(met)、部分落实(partial)、仅列为不足(gap)、'
        "仅列为计划(planned)、仅有表述(mentioned)、未提及(missing)、不适用(not_applicable)\n"
        f"警告: {shown}:16: 其他县2023.txt: reviews.yaml 旁边没有这个报告文件; 请用本文件夹中报告的文件名: 测试县2023.txt\n"
        f"已评分 1 份报告,0 份无法读取;已将 11 个文件写入 {root / 'out'}(请打开 {root / 'out/index.html'})\n"
        "人工复核: 采用 1 条,0 条待重新复核(报告文件在复核后有改动,评分卡上已标出),3 条有问题未采用(见上面的警告)\n")
    assert _item(_report(root), "c22-review")["status"] == "met"  # the good entry, written as the page shows it


def test_a_status_written_as_a_list_and_a_review_with_no_fields_are_problems_not_tracebacks(tmp_path):
    root = _files(tmp_path)
    (root / "reports/reviews.yaml").write_text(
        "测试县2023.txt:\n  c22-review:\n    status: [met, partial]\n    reason: [a]\n    by: 张三\n"
        "    date: 2026-02-30\n    sha256: abc\n  c9-norms: met\n", encoding="utf-8")
    problems = [str(p) for p in reviews.load_reviews(root / "reports", {"c22-review", "c9-norms"}).problems]
    sha = hashlib.sha256(REPORT.encode("utf-8")).hexdigest()
    shown = root / "reports/reviews.yaml"
    assert problems == [
        f"{shown}:3: c22-review: 状态只能写一个,不能是列表或多行; 请写其中之一: {reviews.STATUS_CHOICES}",
        f"{shown}:4: c22-review: 没有写理由(reason); 请写明为什么改判(一段文字)",
        f'{shown}:6: c22-review: 日期 "2026-02-30" 不对; 请写复核当天的日期,格式 YYYY-MM-DD,如 2026-12-02',
        f'{shown}:7: c22-review: sha256 "abc" 不是 64 位十六进制数; 请加上 `sha256: {sha}`(报告文件现在的指纹),或用 lawscore review 写入',
        f"{shown}:8: c9-norms: 复核记录应写成 status、reason、by、date、sha256 几项; 请把它们另起一行、缩进写在事项编号下面",
    ]


def test_an_unreadable_or_broken_reviews_yaml_is_one_warning_and_the_run_goes_on(tmp_path):
    root = _files(tmp_path)
    path = root / "reports/reviews.yaml"
    path.write_bytes("测试县2023.txt:\n  c22-review:\n    reason: 见附件\n".encode("gbk"))
    result = _evaluate(root)
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == f"警告: {path}: 不是 UTF-8 文本,整个文件未采用; 请把 reviews.yaml 另存为 UTF-8 编码"
    assert result.output.splitlines()[-1].endswith(",1 个 reviews.yaml 整个未采用(见上面的警告)")
    path.write_text("测试县2023.txt:\n  c22-review:\n    status: met\n   reason: 缩进错了\n", encoding="utf-8")
    warning = _evaluate(root).output.splitlines()[0]
    assert warning.startswith(f"警告: {path}:4: 不是有效的 YAML,整个文件未采用: ")
    path.unlink()
    path.mkdir()  # a folder where the file should be: unreadable
    result = _evaluate(root)
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == f"警告: {path}: 无法读取(Is a directory),整个文件未采用; 请检查这个文件及其权限"
    with pytest.raises(reviews.ReviewError):  # and no review is written over it
        reviews.write_review(root / "reports", Review("测试县2023.txt", "c22-review", "met", "x", "y", "2026-12-02", "0" * 64))


def test_statuses_are_accepted_as_the_pages_show_them_and_as_codes():
    written = ("已落实", "✓ 已落实", " 部分落实 ", "仅有表述", "未提及", "仅列为不足", "仅列为计划", "不适用",
               "已写明存在的不足", "met", "MET", "not_applicable")
    assert [reviews.status_code(s) for s in written] == [
        "met", "met", "partial", "mentioned", "missing", "gap", "planned", "not_applicable", "met", "met", "met",
        "not_applicable"]
    assert [reviews.status_code(s) for s in ("落实", ["met"], None, 3)] == [None, None, None, None]


def test_writing_a_review_keeps_comments_order_and_other_entries_even_broken_ones(tmp_path):
    root = _files(tmp_path)
    sha = hashlib.sha256(REPORT.encode("utf-8")).hexdigest()
    hand = ("# 县法治办 2026 年复核\n"
            "测试县2023.txt:   # 第一批\n"
            "  c23-suits:\n"
            "    status: 仅列为不足   # 原判未提及\n"
            "    reason: 第二部分提到应诉短板\n"
            "    by: 王五\n"
            "    date: 2026-11-30\n"
            f"    sha256: {sha}\n"
            "  c9-norms:\n"
            "    status: done\n")
    (root / "reports/reviews.yaml").write_text(hand, encoding="utf-8")
    reviews.write_review(root / "reports", Review("测试县2023.txt", "c22-review", "met", REASON, "张三", "2026-12-02", sha))
    added = f"  c22-review:\n    status: met\n    reason: {REASON}\n    by: 张三\n    date: '2026-12-02'\n    sha256: {sha}\n"
    assert (root / "reports/reviews.yaml").read_text(encoding="utf-8") == hand + added
    assert reviews.remove_review(root / "reports", "测试县2023.txt", "c22-review") is True
    assert (root / "reports/reviews.yaml").read_text(encoding="utf-8") == hand
    assert reviews.remove_review(root / "reports", "测试县2023.txt", "c22-review") is False


def test_undo_removes_the_review_and_the_engines_verdict_comes_back(tmp_path):
    root = _files(tmp_path)
    assert _review(root, "--item", "c22-review", "--status", "已落实", "--reason", REASON, "--by", "张三").exit_code == 0
    assert _evaluate(root).exit_code == 0 and _item(_report(root), "c22-review")["status"] == "met"
    undone = _review(root, "--item", "c22-review", "--undo")
    assert undone.exit_code == 0
    assert undone.output == f"{root / 'reports/reviews.yaml'}: 测试县2023.txt c22-review: 已撤销复核,以后评分按系统判定\n"
    assert _evaluate(root).exit_code == 0 and _item(_report(root), "c22-review")["status"] == "missing"
    again = _review(root, "--item", "c22-review", "--undo")
    assert again.exit_code == 2 and "不需要撤销" in again.output


_WRITER = """\
import sys
from pathlib import Path
from lawscore import reviews
from lawscore.model import Review
folder, item = Path(sys.argv[1]), sys.argv[2]
reviews.write_review(folder, Review("测试县2023.txt", item, "met", "并发写入", "张三", "2026-12-02", "0" * 64))
print("ok")
"""


def test_eight_concurrent_writers_lose_no_review(tmp_path):
    """Issue 22: 8 `lawscore review` at once all confirmed, and 3-6 survived. Each write now locks
    the folder and reads the file again under the lock."""
    root = _files(tmp_path)
    script = tmp_path / "writer.py"
    script.write_text(_WRITER, encoding="utf-8")
    items = [f"c{n}-item" for n in range(8)]
    procs = [subprocess.Popen([sys.executable, str(script), str(root / "reports"), item], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE) for item in items]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 8, [e.decode("utf-8", "replace")[-500:] for _, e in outs]
    assert sorted(reviews.load_reviews(root / "reports").reviews["测试县2023.txt"]) == sorted(items)
    assert [p.name for p in (root / "reports").iterdir() if p.name.startswith(".")] == []  # no temporary file left


def test_a_hand_written_review_without_sha256_is_told_the_files_sha256(tmp_path):
    root = _files(tmp_path)
    (root / "reports/reviews.yaml").write_text(
        "测试县2023.txt:\n  c22-review:\n    status: met\n    reason: 见附件\n    by: 张三\n    date: 2026-12-02\n",
        encoding="utf-8")
    result = _evaluate(root)
    sha = hashlib.sha256(REPORT.encode("utf-8")).hexdigest()
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == (
        f"警告: {root / 'reports/reviews.yaml'}:2: c22-review: 没有写报告文件的 sha256; "
        f"请加上 `sha256: {sha}`(报告文件现在的指纹),或用 lawscore review 写入")


def test_calibrate_reviews_reports_the_engines_agreement_per_section(tmp_path):
    root = _files(tmp_path)
    for item, status, reason in (("c22-review", "met", REASON), ("c9-norms", "met", "审查35件"),
                                 ("c23-suits", "gap", "只在不足中提到")):
        assert _review(root, "--item", item, "--status", status, "--reason", reason, "--by", "张三",
                       "--date", "2026-12-02").exit_code == 0
    result = _run("calibrate", "--reviews", str(root / "reports/reviews.yaml"), "--checklists", str(root / "checklists"))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"== {root / 'reports/reviews.yaml'}: 3 reviews, 3 compared, 0 stale (report changed), 0 skipped",
        "  same status as reviewed: 1/3",
        "  done  precision 1.000  recall 0.500  F1 0.667   (tp 1, fp 0, fn 1, tn 1)",
        ("  (reviews are the verdicts a supervisor chose to check, often the doubtful ones: the figures describe those, "
         "not every verdict)"),
        "   tp fp fn tn  precision  recall  section",
        "    1  0  0  0      1.000   1.000  （九）",
        "    0  0  1  0      1.000   0.000  （二十二）",
        "    0  0  0  1      1.000   1.000  （二十三）",
        f"  differs: 测试县2023.txt c22-review: engine missing, reviewed met (张三 2026-12-02: {REASON})",
        "  differs: 测试县2023.txt c23-suits: engine missing, reviewed gap (张三 2026-12-02: 只在不足中提到)",
    ]


def test_the_help_of_review_and_explain_is_in_chinese_and_its_example_ids_exist(setup):
    ids = {item.id for checklist in setup.checklists for item in checklist.items}
    for command in ("review", "explain"):
        text = _run(command, "--help").output
        assert "用法: " in text and "选项:" in text and "示例:" in text and "显示本说明并退出" in text
        assert not any(word in text for word in ("Usage:", "Options:", "[required]", "Show this message")), text
        examples = re.findall(r"--item (\S+)", text.split("示例:", 1)[1].split("选项:", 1)[0])
        assert examples and set(examples) <= ids, examples
        for report in re.findall(r"lawscore \w+ (reports/\S+)", text):
            assert (ROOT / report).is_file(), report


def test_each_verdict_on_the_scorecard_shows_its_item_id_and_a_review_line_that_works_when_copied(tmp_path):
    root = _files(tmp_path)
    assert _evaluate(root).exit_code == 0
    card = next((root / "out/scorecards").glob("*.html")).read_text(encoding="utf-8")
    assert '<div class="item-id">编号 <code>c22-review</code></div>' in card
    lines = [html.unescape(c) for c in re.findall(r'<code class="cmd">([^<]*)</code>', card)]
    source = str(root / "reports/测试县2023.txt")
    command = f"lawscore review '{source}' --item c22-review --status 复核后的状态 --reason 改判理由 --by 复核人"
    assert command in lines and not any(line.endswith("--undo") for line in lines)  # nothing to undo yet
    args = shlex.split(command.replace("复核后的状态", "已落实").replace("改判理由", "附件表2").replace("复核人", "张三"))
    assert _run(*args[1:], "--checklists", str(root / "checklists")).exit_code == 0
    assert _evaluate(root).exit_code == 0
    card = next((root / "out/scorecards").glob("*.html")).read_text(encoding="utf-8")
    undo = f"lawscore review '{source}' --item c22-review --undo"
    assert undo in [html.unescape(c) for c in re.findall(r'<code class="cmd">([^<]*)</code>', card)]
    assert _run(*shlex.split(undo)[1:]).exit_code == 0
    assert not (root / "reports/reviews.yaml").read_text(encoding="utf-8").count("c22-review")
