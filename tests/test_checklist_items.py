"""Every example sentence in every bundled checklist is judged the way its author says.

`examples.match` sentences must come out met or partial; `examples.no_match` sentences (plans,
slogans, other topics) must not. This is what keeps a checklist's patterns and the engine's
work-vs-slogan rules honest with each other.
"""
from __future__ import annotations

import pytest

from lawscore import match, pipeline

from conftest import CHECKLISTS

_SETUP = pipeline.load_checklists(CHECKLISTS, None)
_CASES = [
    (c, item.id, sentence, expect)
    for c in _SETUP.checklists
    for item in c.items
    for sentences, expect in ((item.should_match, True), (item.should_not_match, False))
    for sentence in sentences
]


@pytest.mark.parametrize("checklist,item_id,sentence,done", _CASES,
                         ids=[f"{c.id}:{i}:{'match' if d else 'no_match'}:{s[:12]}" for c, i, s, d in _CASES])
def test_example_is_judged_as_written(checklist, item_id, sentence, done):
    status = match.judge_example(match.Matcher(checklist), item_id, sentence)
    assert (status in ("met", "partial")) == done, f"{item_id}: {sentence!r} -> {status}"


def test_outline_covers_every_section():
    outline = next(c for c in _SETUP.checklists if c.id == "outline-2021-2025")
    assert {i.clause for i in outline.items} >= set(range(4, 36))


def test_legislation_is_not_asked_of_counties_or_townships():
    outline = next(c for c in _SETUP.checklists if c.id == "outline-2021-2025")
    for item in outline.items:
        if item.clause in (7, 8):
            assert "county" not in item.levels and "township" not in item.levels
