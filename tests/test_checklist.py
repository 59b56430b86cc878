"""Checklist loading: every problem reported as file:line: item: what; fix."""
import pytest

from lawscore import checklist

GOOD = """\
id: demo
title: 示例清单
kind: outline
chapters:
  - id: "七"
    title: 社会矛盾纠纷
items:
  - id: c22-review
    clause: 22
    chapter: "七"
    title: 行政复议
    weight: 3
    patterns:
      - any_of: [行政复议]
    examples:
      match: [全年收到行政复议申请156件。]
      no_match: [下一步,将加强行政复议工作。]
"""


def problems(text: str) -> list[str]:
    _, found = checklist.parse(text, "demo.yaml")
    return [str(p) for p in found]


def test_a_good_checklist_loads():
    c, found = checklist.parse(GOOD, "demo.yaml")
    assert found == []
    assert c.items[0].clause == 22 and c.items[0].weight == 3.0
    assert c.items[0].levels == ("province", "city", "county", "township", "department")


def test_unknown_field_names_the_allowed_ones():
    text = GOOD.replace("      - any_of: [行政复议]", "      - any_of: [行政复议]\n        nearby: 3")
    assert problems(text) == [
        'demo.yaml:15: c22-review: patterns[0]: unknown field "nearby"; '
        "use one of: all_of, any_of, none_of, regex, within"
    ]


def test_weight_that_is_not_a_number():
    assert problems(GOOD.replace("weight: 3", "weight: high")) == [
        'demo.yaml:12: c22-review: weight: "high" is not a number; write a number here'
    ]


def test_invalid_regex_and_word_boundary():
    text = GOOD.replace("      - any_of: [行政复议]", "      - any_of: [行政复议]\n        regex: '\\b(\\d+件'")
    assert problems(text) == [
        "demo.yaml:15: c22-review: patterns[0].regex: \\b never matches between Chinese characters; remove it",
        "demo.yaml:15: c22-review: patterns[0].regex: invalid regular expression "
        "(missing ), unterminated subpattern at position 2); fix or quote it",
    ]


def test_runaway_regex_is_refused():
    text = GOOD.replace("      - any_of: [行政复议]", "      - any_of: [行政复议]\n        regex: '(\\d+)+件'")
    assert problems(text) == [
        "demo.yaml:15: c22-review: patterns[0].regex: nested repetition like (x+)+ can run for minutes; "
        "remove the outer + or *"
    ]


def test_duplicate_item_id():
    item = GOOD[GOOD.index("  - id: c22-review"):]
    assert problems(GOOD + item) == [
        "demo.yaml:18: c22-review: duplicate id (first used on line 8); give each item its own id"
    ]


def test_empty_file_and_list_file():
    assert problems("") == ["demo.yaml:1: the file is empty; a checklist needs id, title, kind and items"]
    assert problems("- a\n- b\n") == [
        "demo.yaml:1: a checklist must be a mapping of field: value, not a list or text; start with 'id:'"
    ]


def test_missing_examples():
    text = GOOD[: GOOD.index("    examples:")]
    assert problems(text) == ['demo.yaml:8: c22-review: missing field "examples"; '
                              "add it (or give check: on_time for a check of the publication date)"]


@pytest.mark.parametrize("clause", [2, 3, 36, 40])
def test_clause_out_of_range(clause):
    """The range comes from the schema; clause 2 used to pass although the message said 4-35."""
    assert problems(GOOD.replace("clause: 22", f"clause: {clause}")) == [
        f"demo.yaml:9: c22-review: clause {clause} is not a section of the outline; use 4-35"
    ]


@pytest.mark.parametrize("measure", [0, 41])
def test_measure_out_of_range(measure):
    assert problems(GOOD.replace("clause: 22", f"measure: {measure}")) == [
        f"demo.yaml:9: c22-review: measure {measure} is not a measure of the 2015-2020 outline; use 1-40"
    ]


def test_corresponds_out_of_range():
    assert problems(GOOD.replace("clause: 22", "measure: 3\n    corresponds: [4, 2]")) == [
        "demo.yaml:10: c22-review: corresponds[1]: 2 is out of range; use 4-35"
    ]


def test_ranges_are_in_the_schema_and_its_docs():
    item = checklist.schema()["$defs"]["item"]["properties"]
    assert (item["clause"]["minimum"], item["clause"]["maximum"]) == (4, 35)
    assert (item["measure"]["minimum"], item["measure"]["maximum"]) == (1, 40)
    from lawscore import schemadoc

    assert "| `clause` | 整数 4–35(可为空) |" in schemadoc.render()


def test_choose_by_year():
    old, _ = checklist.parse(GOOD.replace("id: demo", "id: old\nyears: {from: 2015, to: 2020}"), "old.yaml")
    new, _ = checklist.parse(GOOD.replace("id: demo", "id: new\nyears: {from: 2021, to: null}"), "new.yaml")
    assert checklist.choose([old, new], "outline", 2020).id == "old"
    assert checklist.choose([old, new], "outline", 2023).id == "new"
    assert checklist.choose([old, new], "outline", None).id == "new"
    assert checklist.choose([old, new], "rules", 2023) is None


CHILD = """\
id: zj
title: 浙江省补充清单
extends: demo
drop: [gone]
reweigh:
  c22-review: 5
items:
  - id: zj-integration
    clause: 13
    chapter: "七"
    title: 行政执法“大综合一体化”改革
    weight: 2
    patterns:
      - any_of: [大综合一体化]
    examples:
      match: [全面推进“大综合一体化”行政执法改革,划转执法事项126项。]
      no_match: [下一步,将深化“大综合一体化”改革。]
"""


def test_extends_drops_reweighs_and_adds(tmp_path):
    parent = GOOD + GOOD[GOOD.index("  - id: c22-review"):].replace("c22-review", "gone")
    (tmp_path / "demo.yaml").write_text(parent, encoding="utf-8")
    (tmp_path / "zj.yaml").write_text(CHILD, encoding="utf-8")
    c = checklist.load(tmp_path / "zj.yaml")
    assert [(i.id, i.weight) for i in c.items] == [("c22-review", 5.0), ("zj-integration", 2.0)]
    assert (c.kind, c.extends, c.chapters) == ("outline", "demo", (("七", "社会矛盾纠纷"),))
    assert c.items[0].path == str(tmp_path / "demo.yaml")


def load_problems(path) -> list[str]:
    with pytest.raises(checklist.ChecklistError) as exc:
        checklist.load(path)
    return [str(p) for p in exc.value.problems]


def test_extends_cycle_is_an_error(tmp_path):
    (tmp_path / "a.yaml").write_text(GOOD.replace("id: demo", "id: a\nextends: b"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(GOOD.replace("id: demo", "id: b\nextends: a"), encoding="utf-8")
    assert load_problems(tmp_path / "a.yaml") == [
        f"{tmp_path / 'b.yaml'}:2: extends makes a cycle (a.yaml -> b.yaml -> a.yaml); remove one of the extends"
    ]


def test_extends_unknown_parent_and_unknown_drop(tmp_path):
    (tmp_path / "demo.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "zj.yaml").write_text(CHILD, encoding="utf-8")
    assert load_problems(tmp_path / "zj.yaml") == [
        f"{tmp_path / 'zj.yaml'}:4: gone: drop: no item with this id in demo; check the id"
    ]
    (tmp_path / "zj.yaml").write_text(CHILD.replace("extends: demo", "extends: nothere"), encoding="utf-8")
    assert load_problems(tmp_path / "zj.yaml") == [
        f'{tmp_path / "zj.yaml"}:3: extends "nothere": no such checklist in {tmp_path}; '
        "use the id or file name of a checklist in the same folder"
    ]


def test_field_reference_is_generated_from_the_schema():
    from pathlib import Path

    from lawscore import schemadoc

    page = Path(__file__).resolve().parent.parent / "docs" / "checklist-fields.md"
    assert page.read_text(encoding="utf-8") == schemadoc.render(), (
        "docs/checklist-fields.md is out of date: run python -m lawscore.schemadoc > docs/checklist-fields.md")


def test_a_checklist_that_is_not_automatic_is_never_chosen_by_year():
    auto, _ = checklist.parse(GOOD.replace("id: demo", "id: auto\nyears: {from: 2021, to: null}"), "a.yaml")
    manual, _ = checklist.parse(GOOD.replace("id: demo", "id: manual\nautomatic: false\nyears: {from: 2022, to: null}"), "m.yaml")
    assert checklist.choose([auto, manual], "outline", 2023).id == "auto"
    assert checklist.choose([manual], "outline", 2023) is None
