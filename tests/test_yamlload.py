"""YAML is read as a checklist author means it, with line numbers for errors."""
import pytest

from lawscore.yamlload import YamlError, load_yaml


def test_no_silent_type_changes():
    data = load_yaml("a: no\nb: 0123\nc: 2024-03-31\nd: 12\ne: true\nf: 1.5\n")
    assert data == {"a": "no", "b": "0123", "c": "2024-03-31", "d": 12, "e": True, "f": 1.5}


def test_lines_are_remembered():
    data = load_yaml("id: x\nitems:\n  - id: a\n    weight: 2\n")
    assert data.line_of("items") == 2
    assert data["items"].item_lines == [3]
    assert data["items"][0].line_of("weight") == 4


@pytest.mark.parametrize("text, line, message", [
    ("a:\n\tb: 1\n", 2, "缩进里用了制表符(Tab); 用空格缩进,不要用制表符(Tab)"),
    ("x: 1\na: \"abc\nb: 2\n", 2, "引号没有结束; 把这一行开头的引号补上结尾"),
    ("a: b: c\n", 1, "这里不能出现“: ”; 含有 ': ' 的文字请加引号"),
    ("a: 1\na: 2\n", 2, '字段重复: "a"; 删去或改名两个同名字段中的一个'),
    # typed with a Chinese input method: named on their own line, with the character
    ("items:\n  - id: a\n    title：行政复议\n    weight: 3\n", 3,
     '字段名后用了全角冒号“：”,YAML 不认; 改成英文冒号加空格 ": "'),
    ("items:\n  - id: a\n\u3000\u3000weight: 3\n", 3, "YAML 的缩进或冒号后用了全角空格(U+3000); 改成半角空格"),
    ("id: a\ntitle:\u3000行政复议\n", 2, "YAML 的缩进或冒号后用了全角空格(U+3000); 改成半角空格"),
])
def test_syntax_errors_say_where_and_how_to_fix(text, line, message):
    with pytest.raises(YamlError) as exc:
        load_yaml(text)
    assert (exc.value.line, exc.value.message) == (line, message)


def test_full_width_colons_and_spaces_inside_values_are_text():
    assert load_yaml("note: 依据：督察工作规定\u3000第二十四条\n") == {"note": "依据：督察工作规定\u3000第二十四条"}
