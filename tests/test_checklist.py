"""Checklist loading: every problem reported as file:line: item: what; fix."""
import pytest

from lawscore import checklist, checklist_set

from conftest import AUTHOR_HEAD, AUTHOR_ITEM, CHECKLISTS

GOOD = AUTHOR_HEAD + AUTHOR_ITEM


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
        'demo.yaml:15: c22-review: patterns[0]: 未知字段 "nearby"; '
        "请用其中之一: all_of, any_of, none_of, regex, within"
    ]


def test_weight_that_is_not_a_number():
    assert problems(GOOD.replace("weight: 3", "weight: high")) == [
        'demo.yaml:12: c22-review: weight: "high" 不是数字; 这里请写数字'
    ]


def test_invalid_regex_and_word_boundary():
    text = GOOD.replace("      - any_of: [行政复议]", "      - any_of: [行政复议]\n        regex: '\\b(\\d+件'")
    assert problems(text) == [
        "demo.yaml:15: c22-review: patterns[0].regex: \\b 在中文字之间永远不匹配; 请删去",
        "demo.yaml:15: c22-review: patterns[0].regex: 正则表达式无效"
        "(missing ), unterminated subpattern at position 2); 请改正,或加引号",
    ]


def test_runaway_regex_is_refused():
    text = GOOD.replace("      - any_of: [行政复议]", "      - any_of: [行政复议]\n        regex: '(\\d+)+件'")
    assert problems(text) == [
        "demo.yaml:15: c22-review: patterns[0].regex: (x+)+ 这样的嵌套重复可能运行几分钟; "
        "请去掉外层的 + 或 *"
    ]


def test_duplicate_item_id():
    item = GOOD[GOOD.index("  - id: c22-review"):]
    assert problems(GOOD + item) == [
        "demo.yaml:18: c22-review: id 重复(第 8 行已用过); 每个条目用自己的 id"
    ]


def test_empty_file_and_list_file():
    assert problems("") == ["demo.yaml:1: 文件是空的; 清单需要 id、title、kind 和 items"]
    assert problems("- a\n- b\n") == [
        "demo.yaml:1: 清单必须是“字段: 值”的映射,不能是列表或一段文字; 请以 'id:' 开头"
    ]


def test_missing_examples():
    text = GOOD[: GOOD.index("    examples:")]
    assert problems(text) == ['demo.yaml:8: c22-review: 缺少字段 "examples"; '
                              "请补上(检查发布日期的条目写 check: on_time)"]


@pytest.mark.parametrize("clause", [2, 3, 36, 40])
def test_clause_out_of_range(clause):
    """The range comes from the schema; clause 2 used to pass although the message said 4-35."""
    assert problems(GOOD.replace("clause: 22", f"clause: {clause}")) == [
        f"demo.yaml:9: c22-review: clause {clause} 不是纲要的节号; 请用 4-35"
    ]


@pytest.mark.parametrize("measure", [0, 41])
def test_measure_out_of_range(measure):
    assert problems(GOOD.replace("clause: 22", f"measure: {measure}")) == [
        f"demo.yaml:9: c22-review: measure {measure} 不是2015—2020纲要的措施号; 请用 1-40"
    ]


def test_corresponds_out_of_range():
    assert problems(GOOD.replace("clause: 22", "measure: 3\n    corresponds: [4, 2]")) == [
        "demo.yaml:10: c22-review: corresponds[1]: 2 超出范围; 请用 4-35"
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


def test_one_rule_for_which_years_a_checklist_covers():
    # choose and the --checklist year warning read the same rule: an unknown year fits every checklist
    old, _ = checklist.parse(GOOD.replace("id: demo", "id: old\nyears: {from: 2015, to: 2020}"), "old.yaml")
    assert [checklist.covers(old, y) for y in (2014, 2015, 2020, 2021, None)] == [False, True, True, False, True]
    assert checklist_set.year_warning(checklist_set.ChecklistSet((old,), override=old), old, None) is None
    assert checklist_set.year_warning(checklist_set.ChecklistSet((old,), override=old), old, 2021) == (
        "报告年度为2021年,但按 --checklist old 评分,该清单适用于2015—2020年的报告;请换用适用于该年度的清单")


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
      match: ["全面推进“大综合一体化”行政执法改革,划转执法事项126项。"]
      no_match: ["下一步,将深化“大综合一体化”改革。"]
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
        f"{tmp_path / 'b.yaml'}:2: extends 形成了循环(a.yaml -> b.yaml -> a.yaml); 请删去其中一个 extends"
    ]


def test_extends_unknown_parent_and_unknown_drop(tmp_path):
    (tmp_path / "demo.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "zj.yaml").write_text(CHILD, encoding="utf-8")
    assert load_problems(tmp_path / "zj.yaml") == [
        f"{tmp_path / 'zj.yaml'}:4: gone: drop: demo 中没有这个 id 的条目; 请检查 id"
    ]
    (tmp_path / "zj.yaml").write_text(CHILD.replace("extends: demo", "extends: nothere"), encoding="utf-8")
    assert load_problems(tmp_path / "zj.yaml") == [
        f'{tmp_path / "zj.yaml"}:3: extends "nothere": {tmp_path} 中没有这个清单; '
        "请用同一文件夹中清单的 id 或文件名"
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


def test_a_checklist_without_kind_or_items_says_what_to_write():
    assert problems(GOOD.replace("kind: outline\n", "")) == ['demo.yaml:1: 缺少字段 "kind"; 请写 kind: outline 或 kind: rules']
    assert problems("id: x\ntitle: X\nkind: outline\n") == [
        "demo.yaml:1: 清单至少要在 items: 下写一个条目,或用 extends: 继承另一个清单; 请补上"]


PROVINCE = """\
id: zj
title: 浙江省补充清单
extends: demo
items:
  - id: c22-review
    clause: 22
    chapter: "七"
    title: 行政复议(浙江)
    weight: 4
    patterns:
      - any_of: [行政复议, 复议局]
    examples:
      match: [全年收到行政复议申请156件。]
      no_match: ["下一步,将加强行政复议工作。"]
"""


def test_an_inherited_id_reused_by_mistake_is_an_error(tmp_path):
    """A provincial item with the national id would silently take the national item's place."""
    (tmp_path / "demo.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "zj.yaml").write_text(PROVINCE, encoding="utf-8")
    assert load_problems(tmp_path / "zj.yaml") == [
        f"{tmp_path / 'zj.yaml'}:5: c22-review: id 与所继承清单 demo 的条目相同({tmp_path / 'demo.yaml'}:8),"
        "会把那一条整个替换掉; 若是有意替换,请在这一条目下写 replaces: c22-review;否则请换一个 id"
    ]


def test_replaces_says_the_replacement_is_meant(tmp_path):
    (tmp_path / "demo.yaml").write_text(GOOD + GOOD[GOOD.index("  - id: c22-review"):].replace("c22-review", "c22-other"),
                                        encoding="utf-8")
    (tmp_path / "zj.yaml").write_text(PROVINCE.replace("    clause: 22\n", "    replaces: c22-review\n    clause: 22\n"),
                                      encoding="utf-8")
    c = checklist.load(tmp_path / "zj.yaml")
    assert [(i.id, i.title, i.weight) for i in c.items] == [("c22-review", "行政复议(浙江)", 4.0),
                                                           ("c22-other", "行政复议", 3.0)]
    # a new id may take an inherited item's place too: it stands where that item stood
    (tmp_path / "zj.yaml").write_text(PROVINCE.replace("  - id: c22-review\n", "  - id: zj-review\n    replaces: c22-review\n"),
                                      encoding="utf-8")
    c = checklist.load(tmp_path / "zj.yaml")
    assert [i.id for i in c.items] == ["zj-review", "c22-other"]


def test_replaces_names_an_inherited_item_once(tmp_path):
    (tmp_path / "demo.yaml").write_text(GOOD, encoding="utf-8")
    child = tmp_path / "zj.yaml"
    child.write_text(PROVINCE.replace("  - id: c22-review\n", "  - id: zj-review\n    replaces: c22-reveiw\n"), encoding="utf-8")
    assert load_problems(child) == [
        f'{child}:6: zj-review: replaces: demo 中没有 id 为 "c22-reveiw" 的条目; 是不是: c22-review?']
    child.write_text(PROVINCE.replace("extends: demo\n", "extends: demo\ndrop: [c22-review]\n").replace(
        "    clause: 22\n", "    replaces: c22-review\n    clause: 22\n"), encoding="utf-8")
    assert load_problems(child) == [
        f"{child}:7: c22-review: replaces: c22-review 同时写在 drop 中; 替换就不必删除,请从 drop 中删去它"]
    second = PROVINCE[PROVINCE.index("  - id:"):].replace("c22-review", "zj-second")
    child.write_text(PROVINCE.replace("    clause: 22\n", "    replaces: c22-review\n    clause: 22\n")
                     + second.replace("    clause: 22\n", "    replaces: c22-review\n    clause: 22\n"), encoding="utf-8")
    assert load_problems(child) == [
        f"{child}:17: zj-second: replaces: c22-review 已由条目 c22-review(第 5 行)替换; 一个继承条目只能由一个条目替换"]


def test_replaces_without_extends_is_an_error():
    assert problems(GOOD.replace("    clause: 22\n", "    replaces: c22-review\n    clause: 22\n")) == [
        "demo.yaml:9: c22-review: replaces 只用于继承(extends)的清单; 请删去这一行,或在文件开头写 extends:"]


def test_the_shipped_provincial_checklist_loads_and_keeps_the_national_items():
    national = checklist.load(CHECKLISTS / "outline-2021-2025.yaml")
    zhejiang = checklist.load(CHECKLISTS / "zhejiang-2021-2025.yaml")
    assert [i.id for i in zhejiang.items][: len(national.items)] == [i.id for i in national.items]
    assert [i.id for i in zhejiang.items][len(national.items):] == ["zj-integrated-enforcement", "zj-digital-reform"]


@pytest.mark.parametrize("old, new, expected", [
    # the schema's types in Chinese, never "integer or null"
    ("clause: 22", "clause: 二十二", 'demo.yaml:9: c22-review: clause: "二十二" 不是整数; 这里请写整数,或不写这一项'),
    ("weight: 3", "weight: 0", "demo.yaml:12: c22-review: weight: 0 超出范围; 请用大于 0、不超过 10 的数"),
    ("weight: 3", "weight: 12", "demo.yaml:12: c22-review: weight: 12 超出范围; 请用大于 0、不超过 10 的数"),
    # .nan and .inf are no weights: "not a number" would pass every comparison of the schema
    ("weight: 3", "weight: .nan", 'demo.yaml:12: c22-review: weight: ".nan" 不是数字; 这里请写数字'),
    ("weight: 3", "weight: .inf", 'demo.yaml:12: c22-review: weight: ".inf" 不是数字; 这里请写数字'),
    ("any_of: [行政复议]", "all_of: [[], 复议]",
     "demo.yaml:14: c22-review: patterns[0].all_of[0]: 每一项应是一个词,或方括号里的一组词(如 [纠错, 调解]); 请改正"),
    # level names written in Chinese: the code to write, from the list of levels
    ("    weight: 3\n", "    weight: 3\n    levels: [county, 乡镇]\n",
     'demo.yaml:13: c22-review: levels[1]: "乡镇" 要写成层级代码 township; '
     "层级代码: province(省级)、city(市级)、county(县级)、township(乡镇)、department(部门)"),
    ("    weight: 3\n", "    weight: 3\n    levels: [县]\n",
     'demo.yaml:13: c22-review: levels[0]: "县" 要写成层级代码 county; '
     "层级代码: province(省级)、city(市级)、county(县级)、township(乡镇)、department(部门)"),
    ("    weight: 3\n", "    weight: 3\n    levels: [countys]\n",
     'demo.yaml:13: c22-review: levels[0]: 没有层级 "countys"; 是不是: county? '
     "层级代码: province(省级)、city(市级)、county(县级)、township(乡镇)、department(部门)"),
])
def test_schema_problems_are_said_in_chinese(old, new, expected):
    assert problems(GOOD.replace(old, new, 1)) == [expected]


def test_the_years_of_a_checklist_are_whole_numbers_or_empty():
    assert problems(GOOD.replace("kind: outline\n", "kind: outline\nyears: {from: 2021年, to: null}\n")) == [
        'demo.yaml:4: years.from: "2021年" 不是整数; 这里请写整数,或不写这一项']


def test_chapters_are_listed_in_the_order_of_their_numerals():
    chapters = "".join(f'  - id: "{c}"\n    title: 第{c}章\n' for c in ("十", "七", "三", "九", "二", "十一"))
    text = GOOD.replace('  - id: "七"\n    title: 社会矛盾纠纷\n', chapters).replace('chapter: "七"', 'chapter: "十二"')
    assert problems(text) == [
        'demo.yaml:20: c22-review: chapter "十二" 不在 chapters 中; 请用其中之一: 二, 三, 七, 九, 十, 十一']


@pytest.mark.parametrize("text, value", [("二", 2), ("十", 10), ("十一", 11), ("二十", 20), ("三十五", 35),
                                         ("第七", 7), ("(二十二)", 22), ("附则", None)])
def test_chinese_numerals(text, value):
    from lawscore.labels import chinese_numeral

    assert chinese_numeral(text) == value
