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
