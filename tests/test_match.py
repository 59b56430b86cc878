"""match finds evidence per item and judge_example gives the status one sentence earns."""
from __future__ import annotations

import pytest

from lawscore import match, pipeline

from conftest import CHECKLISTS

_OUTLINE = next(c for c in pipeline.load_checklists(CHECKLISTS, None).checklists if c.id == "outline-2021-2025")
_MATCHER = match.Matcher(_OUTLINE)


@pytest.mark.parametrize("item_id, sentence, status", [
    ("c9-normative-documents", "全年共审查拟由县政府制发的行政规范性文件35件。", "met"),
    ("c9-normative-documents", "下一步,将进一步加强行政规范性文件备案审查。", "planned"),
    # named, but only as a slogan: mentioned, not missing
    ("c9-normative-documents", "严格落实行政规范性文件合法性审核制度。", "mentioned"),
    ("c11-major-decision-procedure", "编制形成《2022年嵊泗县人民政府重大行政决策事项目录》。", "met"),
    # a superior's policy (重大决策部署) is not a decision procedure
    ("c11-major-decision-procedure", "深入学习贯彻党中央关于全面依法治国的重大决策部署,召开会议3次。", "missing"),
    # a law the body only studies is no evidence of review work
    ("c22-administrative-review", "全年组织专题学法12次,重点学习新修订的《行政复议法》。", "missing"),
    # the opening clause of basis frames the sentence
    ("c4-institutions-power-lists", "根据机构改革实际,修订《嵊泗县府院联席会议制度》。", "missing"),
    ("c23-administrative-litigation", "根据机构改革实际,修订《嵊泗县府院联席会议制度》。", "met"),
])
def test_judge_example(item_id, sentence, status):
    assert match.judge_example(_MATCHER, item_id, sentence) == status


def test_judge_example_unknown_item():
    with pytest.raises(KeyError):
        match.judge_example(_MATCHER, "no-such-item", "全年共审查文件35件。")


def test_term_spans_merge_overlaps():
    assert match.term_spans(_MATCHER, "行政复议案件", ("行政复议", "复议案件")) == [(0, 6)]


# Framing inside a sentence names topics without reporting work on them.
@pytest.mark.parametrize("item_id, sentence, status", [
    # who guided the body (在…指导下) is framing wherever it stands
    ("c32-party-leadership", "2025年,我乡在市委全面依法治市委员会办公室的悉心指导下,召开会议3次。", "missing"),
    ("c32-party-leadership", "2025年,召开全面依法治市委员会会议3次。", "met"),
    # the topics an issued plan covers (对…作出安排部署) are not work done on each topic
    ("c22-administrative-review",
     "年初,市政府印发了《2016年度依法行政工作安排意见》,对行政复议、行政应诉、行政调解等重点工作作出安排部署。", "missing"),
    ("c20-mediation",
     "年初,市政府印发了《2016年度依法行政工作安排意见》,对行政复议、行政应诉、行政调解等重点工作作出安排部署。", "missing"),
    # the time of a measure (在疫情防控期间) is not work on that topic
    ("c18-emergency-response", "在疫情防控期间,开展“不见面审批”,开通“掌上办”公众号2个。", "missing"),
    # a summary of the fields a year touched (在…等领域采取了…举措)
    ("c10-legal-advisers", "在推行法律顾问制度、行政执法规范化建设等领域采取了一系列新举措。", "missing"),
    # a law studied without 《》 is a citation too
    ("c22-administrative-review", "主持召开省政府学法活动,专题学习行政复议法。", "missing"),
])
def test_framing_is_not_work(item_id, sentence, status):
    assert match.judge_example(_MATCHER, item_id, sentence) == status


@pytest.mark.parametrize("item_id, sentence, status", [
    # weak evidence: the action must reach the term in its own clause; what a leader studies
    # or urges (研究…, 督促落实…) is not yet work on it
    ("c11-major-decision-procedure",
     "省政府主要负责同志亲自部署依法行政工作,研究解决法治政府建设重大问题,督促落实重大行政决策法定程序。", "missing"),
    # a verb of carrying work forward in the term's clause is enough
    ("c13-enforcement-system-reform", "召开专题会议,稳步推进街道综合执法体制改革。", "partial"),
    # a clause of means (通过…等形式,) shares the verb of the clause after it
    ("c34-capacity-building", "通过区政府常务会、党组会等形式,深入学习贯彻习近平法治思想。", "partial"),
])
def test_weak_evidence_needs_its_action_in_the_same_clause(item_id, sentence, status):
    assert match.judge_example(_MATCHER, item_id, sentence) == status


def test_short_lead_borrows_only_from_a_sentence_on_its_topic():
    # 四是助力疫情防控。 is followed by work on approvals, not on epidemic response
    assert match.judge_example(
        _MATCHER, "c18-emergency-response",
        "四是助力疫情防控。在疫情防控期间,开展“不见面审批”,全年办件1200件。") == "missing"
    assert match.judge_example(
        _MATCHER, "c18-emergency-response",
        "四是强化应急演练。全年组织开展应急演练56场次。") == "met"


def _roles(text: str) -> dict[str, set[str]]:
    from lawscore import normalize, segment
    norm = normalize.normalize(text)
    evidence = match.find_evidence(_MATCHER, norm.text, segment.segment(norm))
    return {item: {e.role for e in ev} for item, ev in evidence.items() if ev}


def test_shortcomings_are_found_in_the_words_reports_use():
    report = ("一、工作成效\n全年办理行政复议案件12件。\n"
              "二、存在的不足\n"
              "部分行政机关工作人员依法行政的意识和能力还不够强;行政执法行为不够规范,程序不够到位的情形仍然存在;"
              "诉讼败诉情况仍然存在;基层法治建设合力还需加强;镇(街道)综合行政执法配套机制还需进一步完善;"
              "法治机构和人员力量配备与法治政府建设实际还不相适应。\n")
    roles = _roles(report)
    for item in ("c34-capacity-building", "c15-enforcement-procedure", "c23-administrative-litigation",
                 "c33-promotion-mechanism", "c13-enforcement-system-reform"):
        assert "shortcomings" in roles.get(item, set()), item
