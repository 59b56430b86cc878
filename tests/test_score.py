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


def _said(role: str, strength: str, quote: str, k: int = 1):
    from lawscore.model import Evidence

    return Evidence("x", k, k * 100, k * 100 + len(quote), quote, role, ("词",), strength, ())


def test_an_item_named_only_as_a_slogan_is_mentioned_not_missing():
    """江北区: the topic is there, concrete work is not; the reason says what the quote is."""
    slogan = _said("achievements", "none", "党政主要领导积极履行法治政府建设第一责任人职责。")
    assert score.item_status("achievements", True, [slogan]) == ("mentioned", "只有口号式表述(1处),没有具体工作")
    assert score.CREDIT["mentioned"] == 0.0


def test_an_item_named_only_in_the_opening_is_mentioned_with_that_reason():
    """长冈乡's 营商环境: a weak mention in the opening summary, never "没有找到相关内容" above it."""
    opening = _said("preamble", "weak", "长冈乡坚持以习近平新时代中国特色社会主义思想为指导,持续优化法治化营商环境。")
    assert score.item_status("achievements", True, [opening]) == (
        "mentioned", "只在开篇概述中提到(1处),没有具体工作")


def test_a_part_on_shortcomings_or_plans_says_what_it_found_in_its_own_terms():
    problems = [_said("shortcomings", "none", "部分行政机关工作人员依法行政的意识和能力还不够强。", 1),
                _said("shortcomings", "none", "行政执法行为不够规范。", 2)]
    plans = [_said("plans", "none", "下一步,我县将进一步加强行政执法监督。")]
    assert score.item_status("shortcomings", False, problems) == ("met", "写明了存在的不足(2处)")
    assert score.item_status("plans", False, plans) == ("met", "写明了下一年度安排(1处)")
    work = [_said("achievements", "strong", "全年共审查行政规范性文件35件。")]
    assert score.item_status("shortcomings", False, work) == ("mentioned", "只在其他部分提到(1处),没有写明存在的不足")


def test_status_labels_of_parts_follow_what_the_part_expects():
    from lawscore import labels

    assert labels.status_label("met", "shortcomings") == "已写明存在的不足"
    assert labels.status_label("met", "plans") == "已写明下一年度安排"
    assert labels.status_label("met", "achievements") == "已落实"
    assert labels.status_label("mentioned") == "仅有表述"
    # Every status has a label, a symbol, a one-letter code and a meaning.
    from lawscore.model import STATUSES
    for table in (labels.STATUS_LABELS, labels.STATUS_SYMBOLS, labels.STATUS_CODES, labels.STATUS_MEANINGS):
        assert set(table) == set(STATUSES)
    assert len(set(labels.STATUS_CODES.values())) == len(STATUSES)


def test_pick_quotes_of_a_part_on_shortcomings_shows_shortcomings_first():
    work = _said("achievements", "strong", "全年共审查行政规范性文件35件。", 1)
    problem = _said("shortcomings", "none", "行政执法行为不够规范。", 2)
    assert score.pick_quotes((work, problem), "shortcomings") == [problem, work]
    assert score.pick_quotes((work, problem)) == [work, problem]


def test_no_seed_item_shows_quotes_under_missing(seed_results):
    """The issue's rows (15 when it was filed): an item with evidence is never 未提及."""
    mentioned = []
    for name, result in sorted(seed_results.items()):
        for part in (result.outline, result.rules):
            for ir in part.items:
                assert not (ir.status == "missing" and ir.evidence), (name, ir.item.id)
                if ir.status == "mentioned":
                    mentioned.append((name[:3], ir.item.id))
    assert ("001", "c32-first-responsible-person") in mentioned
    assert ("003", "c6-business-environment") in mentioned
    assert len(mentioned) >= 15


def test_the_duty_part_is_read_from_its_paragraph(seed_results):
    """江北区 names the leaders in one sentence and what they did in the next."""
    result = seed_results["001_8a596ebcca1d5ce5.txt"]
    duty = next(ir for ir in result.rules.items if ir.item.id == "part-duty")
    assert duty.status == "partial"
    assert [e.quote[:20] for e in duty.evidence] == ["党政主要领导积极履行法治政府建设第一责任",
                                                      "区委常委会、区政府常务会议等多次听取法治"]


def test_timeliness_is_31_march_of_the_next_year():
    assert score.timeliness(2023, "2024-03-31") == "on_time"
    assert score.timeliness(2023, "2024-01-15") == "on_time"
    assert score.timeliness(2023, "2024-04-01") == "late"
    assert score.timeliness(2023, None) == "unknown"
    assert score.timeliness(None, "2024-03-01") == "unknown"
    assert score.timeliness(2023, "2024年3月") == "unknown"


def test_a_required_part_lists_only_its_own_sentences_as_evidence(setup):
    """The 存在的不足 part is evidenced by the shortcomings: an achievement that uses the same
    words (针对…问题) is not among its quotes; with no shortcoming at all, what was read stays."""
    checklist = next(c for c in setup.checklists if c.kind == "rules")
    part = next(i for i in checklist.items if i.expect == "shortcomings")
    both = [_evidence(1, "achievements", "strong"), _evidence(2, "shortcomings", "none")]
    result = score.score_checklist(checklist, {part.id: both}, "county", Metadata())
    got = next(r for r in result.items if r.item.id == part.id)
    assert got.status == "met" and [e.role for e in got.evidence] == ["shortcomings"] and got.evidence_total == 1
    only_work = [_evidence(1, "achievements", "strong")]
    result = score.score_checklist(checklist, {part.id: only_work}, "county", Metadata())
    got = next(r for r in result.items if r.item.id == part.id)
    assert got.status == "mentioned" and [e.role for e in got.evidence] == ["achievements"]


def test_an_optional_part_left_out_is_not_scored_and_one_written_counts(setup, seed_results):
    """其他需要报告的情况 is `optional: true` in report-rules.yaml: a report without it is scored
    on the required parts alone (it is not a 0 that drags 必备内容得分 down); a report that has it
    is scored with it like any other part. Data, not a name: any optional item behaves so."""
    rules = next(c for c in setup.checklists if c.kind == "rules")
    optional = [item.id for item in rules.items if item.optional]
    assert optional == ["part-other"]
    required = {item.id: [_evidence(1, item.expect, "strong")] for item in rules.items if not item.optional}
    meta = Metadata(year=2023, published="2024-03-01")
    without = score.score_checklist(rules, required, "county", meta)
    assert {ir.item.id: ir.status for ir in without.items}["part-other"] == "missing"
    assert without.score == 100.0  # every required part met; the optional one left out, not counted as 0
    with_other = score.score_checklist(rules, {**required, "part-other": [_evidence(2, "achievements", "strong")]},
                                       "county", meta)
    assert with_other.score == 100.0
    # The same item, not optional, counts as a missing part: weight 0.5 of 0 credit.
    strict = dataclasses.replace(rules, items=tuple(dataclasses.replace(i, optional=False) for i in rules.items))
    assert score.score_checklist(strict, required, "county", meta).score < 100.0
