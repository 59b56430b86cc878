"""Docs that cannot drift from the code, in the manner of sqlite-utils' tests/test_docs.py: every
command has Chinese help and is in the README, every item id the help and docs name exists, and
the statuses the docs list are the statuses the code has."""
from __future__ import annotations

import ast
import re

import pytest
from click.testing import CliRunner

from lawscore import labels, model
from lawscore.cli import main

from conftest import ROOT

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
COMMANDS = sorted(main.commands)
HAN = re.compile(r"[\u4e00-\u9fff]")
CLICK_ENGLISH = ("Usage:", "Options:", "Commands:", "[OPTIONS]", "[required]", "[default:", "Show this message", "Example:")


def help_text(*command: str) -> str:
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0, result.output
    return result.output


def item_ids() -> set[str]:
    """Every item id written in a checklist file, found without loading the checklists."""
    ids = set()
    for path in (ROOT / "checklists").glob("*.yaml"):
        ids.update(re.findall(r"^\s*- id: ([\w.-]+)\s*$", path.read_text(encoding="utf-8"), re.M))
    return ids


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_in_chinese(command):
    text = help_text(command)
    assert main.commands[command].help and HAN.search(main.commands[command].help.splitlines()[0]), command
    assert [word for word in CLICK_ENGLISH if word in text] == []


def test_the_command_group_has_help_in_chinese():
    text = help_text()
    assert [word for word in CLICK_ENGLISH if word in text] == []
    assert [c for c in COMMANDS if f"  {c} " not in text] == []  # every command listed with its summary


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_in_the_readme(command):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"lawscore {command}" in readme


def test_every_item_id_in_the_help_and_the_docs_exists():
    known = item_ids()
    assert len(known) > 100  # the bundled checklists were found
    texts = {f"lawscore {c} --help": help_text(c) for c in COMMANDS}
    texts.update({str(path.relative_to(ROOT)): path.read_text(encoding="utf-8") for path in DOCS})
    named = {(where, item) for where, text in texts.items() for item in re.findall(r"--item[ =]([A-Za-z0-9][A-Za-z0-9.-]*)", text)}
    named |= {(where, item) for where, text in texts.items() for item in re.findall(r"如 ([a-z]\d+-[\w-]+)", text)}
    assert {(where, item) for where, item in named if item not in known and item != "ID"} == set()
    assert any(item in known for _, item in named)  # the patterns above still find ids


def test_the_statuses_are_the_same_in_code_and_docs():
    assert set(labels.STATUS_LABELS) == set(model.STATUSES)
    guide = (ROOT / "docs" / "supervisor-guide.md").read_text(encoding="utf-8")
    table = dict(re.findall(r"^\s*\| (\S+) \| `(\w+)` \|$", guide, re.M))  # 状态 | 代码, as review accepts them
    assert table == {label: code for code, label in labels.STATUS_LABELS.items()}
    for label in labels.STATUS_LABELS.values():  # the legend of the scorecard's statuses
        assert f"| {labels.STATUS_SYMBOLS[next(c for c, v in labels.STATUS_LABELS.items() if v == label)]} {label} |" in guide
    authors = (ROOT / "docs" / "checklist-guide.md").read_text(encoding="utf-8")
    assert dict(re.findall(r"^\| (\S+)\((\w+)\) \|", authors, re.M)) == {
        label: code for code, label in labels.STATUS_LABELS.items()}
    review_help = help_text("review")
    assert [code for code, label in labels.STATUS_LABELS.items() if f"{label} {code}" not in review_help] == []
    for doc in ("results.md", "exports.md"):
        text = (ROOT / "docs" / doc).read_text(encoding="utf-8")
        assert [code for code in model.STATUSES if code not in text] == [], doc


def test_the_records_model_py_names_exist():
    source = (ROOT / "src" / "lawscore" / "model.py").read_text(encoding="utf-8")
    doc = ast.get_docstring(ast.parse(source)) or ""
    named = set(re.findall(r"(?:->|/)\s*([A-Z]\w+)", doc))  # the records in its flow: -> RawDocument -> …
    assert len(named) >= 8 and {name for name in named if not hasattr(model, name)} == set()
