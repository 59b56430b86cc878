"""Every example sentence in every bundled checklist is judged the way its author says.

`examples.match` sentences must come out met or partial; `examples.no_match` sentences (plans,
slogans, other topics) must not. This is what keeps a checklist's patterns and the engine's
work-vs-slogan rules honest with each other.
"""
from __future__ import annotations

import pytest

from lawscore import authoring, match, pipeline

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
    status = authoring.judge_example(match.Matcher(checklist), item_id, sentence)
    assert (status in ("met", "partial")) == done, f"{item_id}: {sentence!r} -> {status}"


def test_outline_covers_every_section():
    outline = next(c for c in _SETUP.checklists if c.id == "outline-2021-2025")
    assert {i.clause for i in outline.items} >= set(range(4, 36))


def test_legislation_is_not_asked_of_counties_or_townships():
    outline = next(c for c in _SETUP.checklists if c.id == "outline-2021-2025")
    for item in outline.items:
        if item.clause in (7, 8):
            assert "county" not in item.levels and "township" not in item.levels


def _outline():
    return next(c for c in _SETUP.checklists if c.id == "outline-2021-2025")


def test_outline_items_are_complete():
    """Every item of the 2021–2025 outline: a unique id, a section 4–35, a source, and at
    least two example sentences of each kind."""
    outline = _outline()
    ids = [item.id for item in outline.items]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    for item in outline.items:
        assert item.clause is not None and 4 <= item.clause <= 35, item.id
        assert item.source and item.source.strip(), item.id
        assert len(item.should_match) >= 2, item.id
        assert len(item.should_not_match) >= 2, item.id


def test_outline_has_full_depth():
    """Each section's distinct requirements are separate items, not one item per section."""
    outline = _outline()
    assert len(outline.items) >= 100
    assert {i.clause for i in outline.items} == set(range(4, 36))


def test_items_other_checklists_rely_on_are_kept():
    ids = {i.id for i in _outline().items}
    for item_id in ("c13-enforcement-system-reform", "c22-administrative-review", "c23-administrative-litigation",
                    "c9-normative-documents", "c11-major-decision-procedure", "c32-party-leadership"):
        assert item_id in ids


def test_review_and_legislation_levels_follow_the_reference():
    """Townships are not review organs or 督查 actors; counties and townships make no rules."""
    for item in _outline().items:
        if item.clause in (22, 25):
            assert "township" not in item.levels and "county" in item.levels, item.id


@pytest.mark.parametrize("item_id,sentence,done", [
    # A digital product of government work, named in quotes, is a platform built (29, 31).
    ("c29-digital-platforms", "上线运行“综合行政执法协同指挥系统”,派发任务2100件。", True),
    ("c29-digital-platforms", "开发“政务服务一件事”平台,办件量达1.6万件。", True),
    # 29 and 31 match it by the same words (执法, 应用) and 29 by 监督 besides: it goes to 29
    # alone (attribute.py); 31 would need a word of its own
    ("c29-digital-platforms", "“基层执法数字监督应用”获评全省优秀案例。", True),
    ("c31-enforcement-platform", "“基层执法数字监督应用”获评全省优秀案例。", False),
    # A quoted name followed by 系统 as an adverb is not a system.
    ("c29-digital-platforms", "落实行政执法“三项制度”系统化要求,规范执法行为。", False),
    # A platform outside government administration belongs to its own section, not 29.
    ("c29-digital-platforms", "上线“共享法庭”平台,化解纠纷320件。", False),
])
def test_named_digital_products(item_id, sentence, done):
    status = authoring.judge_example(match.Matcher(_outline()), item_id, sentence)
    assert (status in ("met", "partial")) == done, f"{item_id}: {sentence!r} -> {status}"
