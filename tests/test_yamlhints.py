"""The YAML mistakes checklist authors make, each on a small invented checklist: the exact line
where the mistake is and the Chinese message naming the character and the fix (yamlhints.py).

The checklist is conftest's AUTHOR_HEAD + AUTHOR_ITEM: line 8 `- id:`, 9 clause, 10 chapter,
11 title, 12 weight, 13 patterns, 14 any_of, 15 examples, 16 match, 17 no_match.
"""
import pytest
from click.testing import CliRunner

from lawscore import checklist
from lawscore.cli import main

from conftest import AUTHOR_HEAD, AUTHOR_ITEM, workspace

GOOD = AUTHOR_HEAD + AUTHOR_ITEM
SECOND = AUTHOR_ITEM.replace("c22-review", "c23-suits").replace("clause: 22", "clause: 23")


def _edit(old: str, new: str, text: str = GOOD) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


# (mistake, the checklist with it, line, message)
MISTAKES = [
    # typed with a Chinese input method
    ("全角冒号", _edit("    title: 行政复议", "    title：行政复议"), 11,
     '字段名后用了全角冒号“：”,YAML 不认; 改成英文冒号加空格 ": "(如 "title: 行政复议")'),
    ("全角空格缩进", _edit("    weight: 3", "\u3000\u3000weight: 3"), 12,
     "YAML 的缩进或冒号后用了全角空格(U+3000); 改成半角空格"),
    ("全角减号作列表项", _edit("      - any_of", "      － any_of"), 14,
     '列表项开头用了“－”(全角或中文的横线),YAML 不认; 改成英文减号加空格: "- any_of: [行政复议]"'),
    ("破折号作列表项", _edit("      match: [全年收到行政复议申请156件。]",
                           "      match:\n        - 全年收到行政复议申请156件。\n        — 任命首批9名行政复议员。"), 18,
     '列表项开头用了“—”(全角或中文的横线),YAML 不认; 改成英文减号加空格: "- 任命首批9名行政复议员。"'),
    ("全角方括号", _edit("[行政复议]", "［行政复议, 复议决定］"), 14,
     "列表的方括号用了全角“［］”,YAML 不认,会把整个列表读成一段文字; 改成英文方括号: any_of: [行政复议, 复议决定]"),
    ("结尾的全角方括号", _edit("[行政复议]", "[行政复议, 复议决定］"), 14,
     "列表结尾的“］”是全角方括号,YAML 不认; 改成英文“]”"),
    ("中文引号括住含冒号的文字", _edit("    title: 行政复议", "    title: “行政复议: 主渠道”"), 11,
     '中文引号 “…” 不是 YAML 的引号,文字里的“: ”被当成了字段; 用英文引号把整段文字括起来: title: "行政复议: 主渠道"'),
    ("英文引号开头、中文引号结尾", _edit("    title: 行政复议", '    title: "行政复议”'), 11,
     '开头的英文引号 " 没有结束(结尾的 ” 是中文引号,不配对); 两头都用英文引号 "…"'),
    # spaces YAML needs
    ("冒号后缺少空格", _edit("    weight: 3", "    weight:3"), 12,
     '“weight:”后缺少空格,YAML 把“weight:3”读成一段文字; 改成 "weight: 3"'),
    ("“-”后缺少空格", _edit("      - any_of", "      -any_of"), 14,
     '列表项的“-”后缺少空格,YAML 把“-any_of: [行政复议]”读成一段文字; 改成 "- any_of: [行政复议]"'),
    ("字段名后缺少冒号", _edit("    title: 行政复议", "    title 行政复议"), 11,
     '字段名“title”后缺少冒号; 改成 "title: 行政复议"'),
    # indentation
    ("条目写在第 0 列,字段缩进 4 格", _edit("  - id: c22-review", "- id: c22-review"), 9,
     "这一行缩进 4 格,与上面第 8 行的“id”(2 格)没有对齐; 同一层的字段要左对齐,请改成缩进 2 格"),
    ("字段少缩进一格", _edit("    weight: 3", "   weight: 3"), 12,
     "这一行缩进 3 格,与上面第 11 行的“title”(4 格)没有对齐; 同一层的字段要左对齐,请改成缩进 4 格"),
    ("字段多缩进一格", _edit("    weight: 3", "     weight: 3"), 12,
     "这一行缩进 5 格,与上面第 11 行的“title”(4 格)没有对齐; 同一层的字段要左对齐,请改成缩进 4 格"),
    ("第二个条目没有与第一个对齐", GOOD + SECOND.replace("  - id: c23-suits", "- id: c23-suits"), 18,
     "这一行缩进 0 格,与上面第 8 行的“- id:”(2 格)没有对齐; 同一层的列表项要左对齐,请改成缩进 2 格"),
    ("缩进用了制表符", _edit("    weight: 3", "\tweight: 3"), 12,
     "缩进里用了制表符(Tab); 用空格缩进,不要用制表符(Tab)"),
    # text YAML reads as syntax
    ("文字里有“: ”", _edit("    title: 行政复议", "    title: 行政复议: 主渠道"), 11,
     '文字里的“: ”会被当成字段名后的冒号; 把整段文字放进引号: title: "行政复议: 主渠道",或把文字里的冒号改成中文冒号“：”'),
    ("英文引号后还有文字", _edit("    title: 行政复议", '    title: "放管服"改革'), 11,
     "引号 \"放管服\" 结束后还有文字“改革”,YAML 的引号要括住整段文字; 改成 title: '\"放管服\"改革',"
     "或把文字里的英文引号改成中文引号“放管服”"),
    ("列表里英文引号后还有文字", _edit("[行政复议]", '["放管服"改革, 行政复议]'), 14,
     "引号 \"放管服\" 结束后还有文字“改革”,YAML 的引号要括住整段文字; 改成 '\"放管服\"改革',"
     "或把文字里的英文引号改成中文引号“放管服”"),
    ("引号没有结束", _edit("    title: 行政复议", '    title: "行政复议'), 11,
     "引号没有结束; 把这一行开头的引号补上结尾"),
    ("方括号没有结束", _edit("[行政复议]", "[行政复议, 复议决定"), 14,
     "“[”没有对应的“]”; 在这一行的列表末尾补上“]”"),
    ("正则写在双引号里", _edit("      - any_of: [行政复议]", '      - any_of: [行政复议]\n        regex: "\\d+件"'), 15,
     "双引号里的反斜杠“\\”被当成了转义符(正则表达式常见); 改用单引号: regex: '\\d+件'"),
    ("以 * 开头的词", _edit("[行政复议]", "[*重点, 行政复议]"), 14,
     "“&”或“*”开头的词被当成了锚点或别名; 给这个词加引号(如 '*重点')"),
    ("以 @ 开头的文字", _edit("    title: 行政复议", "    title: @行政复议"), 11,
     "“@”不能放在 YAML 文字的开头; 给整段文字加引号(如 '@…')"),
    ("字段重复", _edit("    weight: 3", "    weight: 3\n    weight: 2"), 13,
     '字段重复: "weight"; 删去或改名两个同名字段中的一个'),
]


@pytest.mark.parametrize("name, text, line, message", MISTAKES, ids=[m[0] for m in MISTAKES])
def test_a_mistake_is_named_on_its_line_with_the_fix(name, text, line, message):
    _, found = checklist.parse(text, "demo.yaml")
    assert [str(p) for p in found] == [f"demo.yaml:{line}: {message}"]


def test_the_good_checklist_loads():
    assert checklist.parse(GOOD, "demo.yaml")[1] == []


@pytest.mark.parametrize("text", [
    "id: demo\nnote: |\n  —— 依据：督察工作规定\n  -不是列表项,是说明文字\ntitle: 示例\n",
    "id: demo\nsource: http://example.invalid/a\nnote: 10:30 召开会议,一是 —— 说明\ntitle: “放管服”改革\n",
    "id: demo\n# weight:3 在注释里\ntitle: 【重点】行政复议\n",
])
def test_what_only_looks_like_a_mistake_is_read_as_text(text):
    from lawscore.yamlload import load_yaml

    assert load_yaml(text)["id"] == "demo"


def test_validate_prints_the_mistake_as_an_author_reads_it(tmp_path):
    ws = workspace(tmp_path, {"lists/demo.yaml": _edit("    weight: 3", "    weight:3")})
    result = CliRunner().invoke(main, ["validate", str(ws / "lists" / "demo.yaml")])
    assert result.exit_code == 2
    assert result.output == (f'{ws / "lists" / "demo.yaml"}:12: “weight:”后缺少空格,YAML 把“weight:3”读成一段文字; '
                             '改成 "weight: 3"\n错误: 清单有 1 个问题,请按上面每行的说明修改\n')
