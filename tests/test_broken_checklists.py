"""Every kind of checklist mistake is refused by validate and by evaluate: file:line: item: problem; fix."""
import pytest
from click.testing import CliRunner

from lawscore.cli import main

from conftest import REPORTS, SEEDS, workspace

HEAD = "id: broken\ntitle: 坏清单\nkind: outline\nitems:\n"
ITEM = """\
  - id: c22-review
    clause: 22
    title: 行政复议
    weight: 3
    patterns:
      - any_of: [行政复议]
    examples:
      match: [全年收到行政复议申请156件。]
      no_match: [下一步,将加强行政复议工作。]
"""

CASES = {
    "tab": (HEAD + ITEM.replace("    weight: 3", "\tweight: 3"),
            "broken.yaml:8: a tab character is used for indentation; indent with spaces, not tabs"),
    "unclosed-quote": (HEAD + ITEM.replace("title: 行政复议", 'title: "行政复议'),
                       "broken.yaml:7: a quoted text is never closed; close the quote that opens on this line"),
    "invalid-regex": (HEAD + ITEM.replace("      - any_of: [行政复议]", "      - any_of: [行政复议]\n        regex: '[0-9+件'"),
                      "broken.yaml:11: c22-review: patterns[0].regex: invalid regular expression"),
    "weight-not-number": (HEAD + ITEM.replace("weight: 3", "weight: 三"),
                          'broken.yaml:8: c22-review: weight: "三" is not a number; write a number here'),
    "unknown-field": (HEAD + ITEM.replace("    weight: 3", "    weight: 3\n    wieght: 2"),
                      'broken.yaml:9: c22-review: unknown field "wieght"; use one of: '),
    "duplicate-id": (HEAD + ITEM + ITEM,
                     "broken.yaml:14: c22-review: duplicate id (first used on line 5); give each item its own id"),
    "empty-file": ("", "broken.yaml:1: the file is empty; a checklist needs id, title, kind and items"),
    "list-file": ("- id: a\n- id: b\n",
                  "broken.yaml:1: a checklist must be a mapping of field: value, not a list or text; start with 'id:'"),
    "runaway-regex": (HEAD + ITEM.replace("      - any_of: [行政复议]", "      - any_of: [行政复议]\n        regex: '(\\d+)*件'"),
                      "broken.yaml:11: c22-review: patterns[0].regex: nested repetition like (x+)+ can run for minutes"),
    "extends-cycle": (HEAD.replace("kind: outline\n", "kind: outline\nextends: other\n") + ITEM,
                      "extends makes a cycle"),
}


def _files(case: str) -> dict[str, str]:
    text, _ = CASES[case]
    files = {"lists/broken.yaml": text}
    if case == "extends-cycle":
        files["lists/other.yaml"] = HEAD.replace("id: broken", "id: other").replace(
            "kind: outline\n", "kind: outline\nextends: broken\n") + ITEM
    return files


@pytest.mark.parametrize("case", sorted(CASES))
def test_validate_refuses(case, tmp_path):
    ws = workspace(tmp_path, _files(case))
    result = CliRunner().invoke(main, ["validate", str(ws / "lists" / "broken.yaml")])
    assert result.exit_code == 2, result.output
    assert CASES[case][1] in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("case", sorted(CASES))
def test_evaluate_refuses_and_writes_nothing(case, tmp_path):
    ws = workspace(tmp_path, {**_files(case), "in/a.txt": (REPORTS / SEEDS["章贡区"]).read_text(encoding="utf-8")})
    result = CliRunner().invoke(main, ["evaluate", str(ws / "in"), "--checklists", str(ws / "lists"),
                                       "--out", str(ws / "out")])
    assert result.exit_code == 2, result.output
    assert CASES[case][1] in result.output
    assert "Traceback" not in result.output
    assert not (ws / "out").exists()
