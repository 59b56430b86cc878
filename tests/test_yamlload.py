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
    ("a:\n\tb: 1\n", 2, "a tab character is used for indentation; indent with spaces, not tabs"),
    ("x: 1\na: \"abc\nb: 2\n", 2, "a quoted text is never closed; close the quote that opens on this line"),
    ("a: b: c\n", 1, "mapping values are not allowed here; put text that contains ': ' in quotes"),
    ("a: 1\na: 2\n", 2, 'duplicate key "a"; remove or rename one of the two keys'),
])
def test_syntax_errors_say_where_and_how_to_fix(text, line, message):
    with pytest.raises(YamlError) as exc:
        load_yaml(text)
    assert (exc.value.line, exc.value.message) == (line, message)
