"""The command line, as a user meets it: exit codes and whole messages."""
import json

from click.testing import CliRunner

from lawscore.cli import main

from conftest import CHECKLISTS, REPORTS, workspace

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
      no_match: [下一步,将加强行政复议工作。]
  - id: b
    clause: 23
    title: 行政应诉
    weight: 2
    patterns:
      - any_of: [出庭应诉]
        regex: '(\\d+'
    examples:
      match: [行政机关负责人出庭应诉率100%。]
      no_match: [下一步,将提高出庭应诉率。]
"""


def test_validate_bundled_checklists_pass():
    files = sorted(str(p) for p in CHECKLISTS.glob("*.yaml"))
    result = CliRunner().invoke(main, ["validate", *files])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"ok: {len(files)} files, ")


def test_validate_lists_every_problem_once(tmp_path):
    path = workspace(tmp_path, {"broken.yaml": BROKEN}) / "broken.yaml"
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2
    assert result.output == (
        f'{path}:8: a: weight: "high" is not a number; write a number here\n'
        f"{path}:20: b: patterns[0].regex: invalid regular expression "
        "(missing ), unterminated subpattern at position 0); fix or quote it\n"
        "2 problems found\n"
    )
    assert "Traceback" not in result.output


def test_validate_reports_an_example_that_does_not_behave(tmp_path):
    text = BROKEN.replace("weight: high", "weight: 3").replace("regex: '(\\d+'", "regex: '\\d+%'")
    text = text.replace("match: [全年收到行政复议申请156件。]", "match: [全年收到复议申请156件。]")
    path = workspace(tmp_path, {"c.yaml": text}) / "c.yaml"
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2
    assert result.output == (
        f'{path}:5: a: example "全年收到复议申请156件。" should match but is judged missing; '
        "add the term it uses to a pattern or change the example\n"
        "1 problem found\n"
    )


def test_evaluate_stops_on_a_broken_checklist_with_exit_2(tmp_path):
    ws = workspace(tmp_path, {"lists/broken.yaml": BROKEN, "reports/a.txt": "2023年,县政府召开常务会议。" * 5})
    result = CliRunner().invoke(main, ["evaluate", str(ws / "reports"), "--checklists", str(ws / "lists"),
                                       "--out", str(ws / "out")])
    assert result.exit_code == 2
    assert 'broken.yaml:8: a: weight: "high" is not a number; write a number here' in result.output
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
    assert data["errors"] == [
        {"source": str(ws / "in" / "binary.txt"), "message": "cannot extract text: the file is binary, not text"},
        {"source": str(ws / "in" / "empty.txt"), "message": "the file is empty"},
        {"source": str(ws / "in" / "old.doc"),
         "message": "old Word .doc files cannot be read; open it in Word or WPS and save it as .docx, "
                    "or copy the text into a .txt file"},
    ]
    assert result.output.splitlines()[-1] == (
        f"scored 1 report, 3 not readable; wrote 1 files to {ws / 'out'} (open {ws / 'out' / 'results.json'})"
    )


def test_unknown_format_is_a_usage_error():
    result = CliRunner().invoke(main, ["evaluate", "--format", "pdf"])
    assert result.exit_code == 2
    assert "unknown format pdf; use a comma list of: html, json, csv, xlsx" in result.output


def test_unknown_checklist_id(tmp_path):
    result = CliRunner().invoke(main, ["evaluate", str(REPORTS), "--checklists", str(CHECKLISTS),
                                       "--checklist", "nope", "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert 'no checklist with id "nope"; use one of: ' in result.output


def test_refuses_to_replace_a_folder_it_did_not_write(tmp_path):
    ws = workspace(tmp_path, {"mine/notes.txt": "keep me"})
    result = CliRunner().invoke(main, ["evaluate", str(REPORTS), "--checklists", str(CHECKLISTS),
                                       "--out", str(ws / "mine"), "--format", "json"])
    assert result.exit_code == 2
    assert "already holds files that lawscore did not write" in result.output
    assert (ws / "mine" / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_test_command_passes_on_every_bundled_checklist():
    for path in sorted(CHECKLISTS.glob("*.yaml")):
        result = CliRunner().invoke(main, ["test", str(path)])
        assert result.exit_code == 0, result.output
        assert "matched wrongly" in result.output and "FAIL" not in result.output


def test_test_command_fails_on_a_broken_copy(tmp_path):
    text = (CHECKLISTS / "report-rules.yaml").read_text(encoding="utf-8")
    broken = text.replace("- 县长带头讲授法治专题党课1次。", "- 县长同志认真履职。")
    assert broken != text
    path = workspace(tmp_path, {"rules.yaml": broken}) / "rules.yaml"
    result = CliRunner().invoke(main, ["test", str(path)])
    assert result.exit_code == 1
    assert "  FAIL part-duty: 3/4 examples behave\n       should match, judged missing: 县长同志认真履职。\n" in result.output
    assert result.output.endswith("examples that must match: 9 matched, 1 missed; that must not: 10 rejected, 0 matched wrongly\n")
