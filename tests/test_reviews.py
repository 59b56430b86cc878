"""The headline (section coverage) and a supervisor's reviews (reviews.yaml, `lawscore review`,
`calibrate --reviews`): corrections kept across runs, tied to the report file they were made for."""
from __future__ import annotations

import datetime
import hashlib
import json
from pathlib import Path

from click.testing import CliRunner

from lawscore import score
from lawscore.cli import main
from lawscore.model import Item, ItemResult

from conftest import workspace

OUTLINE = """\
id: outline-test
title: 测试纲要清单
kind: outline
years: {from: 2021, to: null}
chapters:
  - {id: "三", title: 健全依法行政制度体系}
  - {id: "七", title: 化解社会矛盾纠纷}
items:
  - id: c9-norms
    clause: 9
    chapter: "三"
    title: 规范性文件合法性审核
    weight: 2
    patterns:
      - any_of: [规范性文件]
    examples:
      match: [全年审查规范性文件35件。]
      no_match: [下一步,将加强工作。]
  - id: c22-review
    clause: 22
    chapter: "七"
    title: 行政复议
    weight: 3
    patterns:
      - any_of: [行政复议]
    examples:
      match: [全年收到行政复议申请156件。]
      no_match: [下一步,将加强工作。]
  - id: c23-suits
    clause: 23
    chapter: "七"
    title: 行政应诉
    weight: 1
    patterns:
      - any_of: [出庭应诉]
    examples:
      match: [行政机关负责人出庭应诉率100%。]
      no_match: [下一步,将加强工作。]
"""

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
    assert bad_item.output == (f'错误: {root / "reports/测试县2023.txt"} 所用的清单中没有条目 "c22-reviews"; '
                               '是不是: c22-review?\n')
    bad_status = _review(root, "--item", "c22-review", "--status", "done", "--reason", "x", "--by", "张三")
    assert bad_status.exit_code == 2
    assert bad_status.output == ('错误: 没有状态 "done"; 请用其中之一: '
                                 "met, partial, gap, planned, mentioned, missing, not_applicable\n")
    gone = _run("review", str(root / "reports/无此报告.txt"), "--checklists", str(root / "checklists"),
                "--item", "c22-review", "--status", "met", "--reason", "x", "--by", "张三")
    assert gone.exit_code == 2 and gone.output.startswith(f"错误: {root / 'reports/无此报告.txt'}: ")
    assert not (root / "reports/reviews.yaml").exists()


def test_mistakes_in_reviews_yaml_are_listed_with_their_lines_and_nothing_is_written(tmp_path):
    root = _files(tmp_path)
    assert _evaluate(root).exit_code == 0
    before = {p: p.read_bytes() for p in (root / "out").rglob("*") if p.is_file()}
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
        "其他县2023.txt:\n"
        "  c9-norms:\n"
        "    status: met\n", encoding="utf-8")
    result = _evaluate(root)
    assert result.exit_code == 2
    shown = root / "reports/reviews.yaml"
    assert result.output == (
        f'{shown}:2: c22-reveiw: unknown item for 测试县2023.txt; did you mean "c22-review"?\n'
        f'{shown}:5: c9-norms: unknown status "done"; use one of: met, partial, gap, planned, mentioned, missing, not_applicable\n'
        f"{shown}:10: 其他县2023.txt: unknown report: no such file beside reviews.yaml; "
        "use the file name of a report in this folder: 测试县2023.txt\n"
        "错误: 复核记录有 3 个问题,请按上面每行的说明修改\n")
    assert {p: p.read_bytes() for p in (root / "out").rglob("*") if p.is_file()} == before


def test_a_hand_written_review_without_sha256_is_told_the_files_sha256(tmp_path):
    root = _files(tmp_path)
    (root / "reports/reviews.yaml").write_text(
        "测试县2023.txt:\n  c22-review:\n    status: met\n    reason: 见附件\n    by: 张三\n    date: 2026-12-02\n",
        encoding="utf-8")
    result = _evaluate(root)
    sha = hashlib.sha256(REPORT.encode("utf-8")).hexdigest()
    assert result.exit_code == 2
    assert result.output == (f"{root / 'reports/reviews.yaml'}:2: c22-review: no sha256 of the report; "
                             f"add `sha256: {sha}` (the file as it is now) or write the review with `lawscore review`\n"
                             "错误: 复核记录有 1 个问题,请按上面每行的说明修改\n")


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
