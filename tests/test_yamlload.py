"""YAML is read as a checklist author means it, with line numbers for errors."""
import os

import pytest

from lawscore.yamlload import MAX_BYTES, YamlError, load_yaml, read_text


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
    ("a: b: c\n", 1, '文字里的“: ”会被当成字段名后的冒号; 把整段文字放进引号: a: "b: c",或把文字里的冒号改成中文冒号“：”'),
    ("a: 1\na: 2\n", 2, '字段重复: "a"; 删去或改名两个同名字段中的一个'),
    # typed with a Chinese input method: named on their own line, with the character
    ("items:\n  - id: a\n    title：行政复议\n    weight: 3\n", 3,
     '字段名后用了全角冒号“：”,YAML 不认; 改成英文冒号加空格 ": "(如 "title: 行政复议")'),
    ("items:\n  - id: a\n\u3000\u3000weight: 3\n", 3, "YAML 的缩进或冒号后用了全角空格(U+3000); 改成半角空格"),
    ("id: a\ntitle:\u3000行政复议\n", 2, "YAML 的缩进或冒号后用了全角空格(U+3000); 改成半角空格"),
])
def test_syntax_errors_say_where_and_how_to_fix(text, line, message):
    with pytest.raises(YamlError) as exc:
        load_yaml(text)
    assert (exc.value.line, exc.value.message) == (line, message)


def test_full_width_colons_and_spaces_inside_values_are_text():
    assert load_yaml("note: 依据：督察工作规定\u3000第二十四条\n") == {"note": "依据：督察工作规定\u3000第二十四条"}


def _laughs(levels=9, anchor_line=1):
    """A billion laughs: nine lists of nine aliases of the list before, 1 KB expanding to 9**9 values."""
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_before_it_expands():
    text = _laughs()
    assert len(text) < 1024
    with pytest.raises(YamlError) as refused:
        load_yaml(text)
    assert refused.value.line == 5  # a4: 9**4 values from aliases, past the budget of 10,000
    assert refused.value.message == ("别名(*)重复引用的内容太多: 展开后超过 10000 个值; "
                                     "请直接写出内容,或少用别名(&锚点 / *别名)")


def test_a_merge_key_bomb_is_refused_too():
    lines = ["m0: &m0 {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9}"]
    lines += [f"m{i}: &m{i} {{" + ", ".join(f"k{j}: *m{i - 1}" for j in range(9)) + "}" for i in range(1, 9)]
    with pytest.raises(YamlError, match="别名"):
        load_yaml("\n".join(lines) + "\n")


def test_an_alias_used_as_meant_is_fine():
    data = load_yaml("q: &q '[“\"]([^”\"]+)[”\"]'\na: [*q, *q]\nb: {x: *q}\n")
    assert data["a"] == [data["q"], data["q"]] and data["b"]["x"] == data["q"]


def test_an_alias_inside_itself_is_refused():
    with pytest.raises(YamlError, match="包含它自己") as refused:
        load_yaml("x: 1\na: &a [1, *a]\n")
    assert refused.value.line == 2


@pytest.mark.parametrize("text", [
    "x: " + "[" * 5000 + "]" * 5000 + "\n",  # past libyaml's own limit
    "x: " + "[" * 500 + "]" * 500 + "\n",
    "x:\n" + "".join("  " * i + "-\n" for i in range(300)),
])
def test_deep_nesting_is_an_error_with_a_line_not_a_recursion_error(text):
    with pytest.raises(YamlError, match="嵌套超过 100 层"):
        load_yaml(text)


def test_a_fifo_or_a_huge_file_is_not_read(tmp_path):
    fifo = tmp_path / "x.yaml"
    os.mkfifo(fifo)
    with pytest.raises(YamlError, match="不是普通文件"):
        read_text(fifo)  # returns at once: no writer is waited for
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: b\n" * (MAX_BYTES // 5 + 1))
    with pytest.raises(YamlError, match="文件超过 2 MB"):
        read_text(big)


def test_only_plain_decimals_are_numbers():
    data = load_yaml("a: .nan\nb: .inf\nc: -.5\nd: 2.5e3\ne: 1:30.5\nf: 1_000.5\ng: .5\n")
    assert data == {"a": ".nan", "b": ".inf", "c": -0.5, "d": 2500.0, "e": "1:30.5", "f": "1_000.5", "g": 0.5}
