"""score_checklist works out once per checklist what does not depend on the report (see
score._Plan); scores must not depend on what was scored before."""
import dataclasses

from lawscore import score
from lawscore.model import Metadata


def test_scores_do_not_depend_on_earlier_calls(setup, seed_results):
    checklist = next(c for c in setup.checklists if c.kind == "rules")
    r = next(iter(seed_results.values()))
    evidence = {ir.item.id: list(ir.evidence) for ir in r.rules.items}
    meta = Metadata(year=2023, published="2024-03-01")
    calls = [(level, ev) for level in (None, "county", "province", "odd") for ev in (evidence, {}, {"part-plans": []})]
    first = [score.score_checklist(checklist, ev, level, meta) for level, ev in calls]
    again = [score.score_checklist(checklist, ev, level, meta) for level, ev in reversed(calls)][::-1]
    # A copy of the checklist is a new object: worked out afresh.
    fresh = [score.score_checklist(dataclasses.replace(checklist), ev, level, meta) for level, ev in calls]
    assert [repr(x) for x in first] == [repr(x) for x in again] == [repr(x) for x in fresh]
    odd = first[9]  # level "odd", with the evidence: no item applies
    assert {(ir.status, ir.reason) for ir in odd.items} == {("not_applicable", "不要求odd报告提供")}
    assert any(ir.evidence for ir in odd.items) and odd.score == 0.0


def test_item_without_evidence_is_missing():
    assert score.item_status("achievements", True, []) == ("missing", "没有找到相关内容")


def _evidence(k: int, role: str, strength: str):
    from lawscore.model import Evidence

    return Evidence("x", k, k * 10, k * 10 + 5, f"句{k}", role, ("词",), strength, ())


def test_trim_evidence_keeps_the_most_telling_in_text_order(setup):
    """Moved from pipeline (was pipeline._trim): work done first, then the most concrete."""
    from lawscore.model import ChecklistResult, ItemResult

    checklist = setup.checklists[0]
    item = checklist.items[0]
    plans = [_evidence(k, "plans", "strong") for k in range(20)]
    work = [_evidence(k, "achievements", "weak" if k % 2 else "strong") for k in range(20, 40)]
    result = ChecklistResult(checklist, (ItemResult(item, "met", tuple(plans + work), "r"),
                                         ItemResult(item, "missing", (), "r")), 1.0, ())
    trimmed = score.trim_evidence(result)
    kept = trimmed.items[0].evidence
    assert len(kept) == score.MAX_EVIDENCE and trimmed.items[0].evidence_total == 40
    assert [e.sentence for e in kept] == sorted(e.sentence for e in kept)
    assert {e.role for e in kept} == {"achievements"}
    assert sum(e.strength == "strong" for e in kept) == 10
    assert trimmed.items[1] is result.items[1]


def test_pick_quotes_puts_work_and_concrete_evidence_first():
    picked = score.pick_quotes((_evidence(1, "plans", "strong"), _evidence(2, "achievements", "weak"),
                                _evidence(3, "achievements", "strong"), _evidence(3, "achievements", "strong")))
    assert [e.sentence for e in picked] == [3, 2, 1]
