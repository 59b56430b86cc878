"""A sentence that matches items of several sections goes to the one it matches most
specifically; another section keeps it only with distinct terms (the label guide's rule).
Invented sentences and a small invented checklist: the engine knows no item by name."""
from __future__ import annotations

from lawscore import attribute, match, normalize, segment
from lawscore.model import Checklist, Item, Pattern


def _item(item_id: str, clause: int, *patterns: Pattern) -> Item:
    return Item(id=item_id, title=item_id, chapter="一", clause=clause, weight=1.0,
                levels=("county",), patterns=patterns)


# Two sections that share their topic words (领导小组, 法治政府) and each have words of their own.
CHECKLIST = Checklist(
    id="test", title="test", kind="outline", years=(2021, None), chapters=(("一", "一"),), path="test.yaml",
    items=(
        _item("leadership", 1, Pattern(all_of=(("领导小组", "常委会", "书记"), ("法治政府", "法治")))),
        _item("mechanism", 2, Pattern(all_of=(("领导小组", "实施方案", "工作计划"), ("法治政府", "法治")))),
        _item("legislation-plan", 3, Pattern(any_of=("立法工作计划",))),
        _item("oversight", 4, Pattern(any_of=("人大常委会",))),
        _item("work-plan", 7, Pattern(any_of=("工作计划",))),
        _item("platform", 5, Pattern(all_of=(("系统", "平台"), ("执法",)))),
        _item("enforcement-app", 6, Pattern(all_of=(("系统",), ("执法",)))),
        _item("reform", 8, Pattern(any_of=("大综合一体化",))),
        _item("business", 9, Pattern(any_of=("营商环境",))),
        _item("judicial", 10, Pattern(any_of=("司法建议",))),
        _item("platform-topic", 5, Pattern(all_of=(("行政", "审判"), ("平台",)))),
    ),
)
MATCHER = match.Matcher(CHECKLIST)


def _credited(sentence: str) -> list[str]:
    norm = normalize.normalize("一、工作成效\n" + sentence)
    found = match.find_evidence(MATCHER, norm.text, segment.segment(norm))
    return [item_id for item_id, evidence in found.items() if evidence]


def test_a_shared_term_goes_to_the_section_matched_most_specifically():
    # 领导小组 and 法治政府 are words of both sections; 书记 only of the first
    assert _credited("成立由县委书记任组长的法治政府建设领导小组。") == ["leadership"]


def test_a_second_section_keeps_the_sentence_with_distinct_terms():
    assert _credited("成立由县委书记任组长的法治政府建设领导小组,印发年度实施方案。") == ["leadership", "mechanism"]


def test_a_term_inside_a_longer_one_is_no_distinct_evidence():
    # 工作计划 is part of 立法工作计划: the sentence reports a legislation plan, not a work plan
    assert _credited("报请印发2023年立法工作计划。") == ["legislation-plan"]


def test_the_longer_name_is_distinct_from_the_shorter_one_inside_it():
    # 常委会 inside 人大常委会 is no evidence of the party committee's leadership
    assert "oversight" in _credited("区人大常委会听取审议法治政府建设情况报告并提出意见12条。")


def test_two_sections_matched_alike_share_the_sentence():
    # the same words for both, neither more specific: both keep it (no third could)
    assert _credited("上线运行综合执法系统,派发任务210件。") == ["platform", "enforcement-app"]


def test_two_sections_matched_alike_share_the_sentence_behind_a_third():
    # a third section takes the sentence first by its longer name; the two that claim the same
    # words (系统, 执法) beside it are alike, so the second keeps it as well as the first
    assert _credited("“大综合一体化”改革评价排名前列,上线运行执法系统,派发任务210件。") == [
        "platform", "enforcement-app", "reform"]


def test_a_title_about_another_sections_subject_is_no_evidence_of_its_head_word():
    # 实施方案 ends the title, but the title is about 营商环境 (法治 in 法治化 qualifies it):
    # a business environment plan, not the rule-of-law plan the mechanism item asks for
    assert _credited("出台《优化法治化营商环境实施方案》,明确措施9项。") == ["business"]
    assert _credited("出台《2024年法治政府建设实施方案》,明确任务9项。") == ["mechanism"]
    # a head word that evidences its section by itself names that section's thing, whatever
    # it is about: a 司法建议 on the business environment is still a 司法建议
    assert _credited("对区法院《关于推进行政审判的司法建议》作出批示,要求限期整改。") == ["judicial"]
    assert _credited("对区法院《关于优化营商环境的司法建议》作出批示,要求限期整改。") == ["business", "judicial"]
    # the head word standing outside the title as well is evidence there
    assert "mechanism" in _credited("出台《优化营商环境实施方案》和法治政府建设实施方案。")


def NONE(tid: int) -> frozenset:
    return frozenset()  # no word evidences a section by itself


def test_foreign_heads_on_plain_terms():
    words = ["营商环境", "法治", "工作要点"]
    sections = {0: frozenset({"business"}), 1: frozenset({"plans", "study"}), 2: frozenset({"plans"})}
    text = "出台《优化法治化营商环境工作要点》(试行)"
    assert attribute.foreign_heads(text, {0, 1, 2}, words.__getitem__, sections.__getitem__, NONE) == {
        2: frozenset({"plans"})}
    # the (试行) of a title stands after its head word
    text = "出台《优化营商环境工作要点(试行)》"
    assert attribute.foreign_heads(text, {0, 2}, words.__getitem__, sections.__getitem__, NONE) == {
        2: frozenset({"plans"})}
    # a subject of the head's own section (法治, shared) keeps the head: as many votes as any
    text = "出台《2024年法治工作要点》"
    assert attribute.foreign_heads(text, {1, 2}, words.__getitem__, sections.__getitem__, NONE) == {}


def test_credited_on_plain_claims():
    words = ["领导小组", "法治政府", "书记", "实施方案"]
    text = "书记任组长的法治政府建设领导小组印发实施方案"
    claims = {"A": frozenset({0, 1, 2}), "B": frozenset({0, 1}), "C": frozenset({0, 1, 3})}
    sections = {0: {"A", "B", "C"}, 1: {"A", "B", "C"}, 2: {"A"}, 3: {"C"}}
    kept = attribute.credited(text, claims, words.__getitem__, lambda t: len(sections[t]) == 1,
                              lambda t, s: s in sections[t])
    assert kept == {"A", "C"}  # B has nothing A does not have; C has 实施方案


# A sub-heading (一是…。 with no act of its own) is never concrete work by itself.
LEADS = Checklist(
    id="leads", title="leads", kind="outline", years=(2021, None), chapters=(("一", "一"),), path="leads.yaml",
    items=(_item("business", 6, Pattern(any_of=("营商环境", "公平竞争"))),),
)


def _strengths(text: str) -> list[tuple[str, str]]:
    norm = normalize.normalize("一、工作成效\n" + text)
    found = match.find_evidence(match.Matcher(LEADS), norm.text, segment.segment(norm))
    return [(e.quote, e.strength) for e in found["business"]]


def test_a_sub_heading_borrows_no_concreteness_from_the_sentence_after_it():
    assert _strengths("二是优化法治营商环境。清理妨碍公平竞争的文件12件。") == [
        ("二是优化法治营商环境。", "none"), ("清理妨碍公平竞争的文件12件。", "strong")]


def test_a_short_lead_that_names_an_act_still_reads_on_into_the_next_sentence():
    assert _strengths("一是开展营商环境评价。清理妨碍公平竞争的文件12件。")[0] == ("一是开展营商环境评价。", "strong")


# The heading chain as a prior: the section a heading names is the first home of the text under it.
def _credited_under(body: str, title: str | None = None) -> list[str]:
    norm = normalize.normalize(body)
    found = match.find_evidence(MATCHER, norm.text, segment.segment(norm, title))
    return [item_id for item_id, evidence in found.items() if evidence]


LEADING_GROUP = "成立由县委书记任组长的法治政府建设领导小组。"


def test_without_a_naming_heading_the_most_specific_section_takes_the_sentence():
    # 书记 is the leadership section's own word; the mechanism section has nothing distinct
    assert _credited_under("一、工作成效\n" + LEADING_GROUP) == ["leadership"]


def test_the_section_a_heading_names_is_the_first_home_of_the_sentences_under_it():
    # 实施方案 is a word of the mechanism section alone: under this heading the sentence
    # reports on the mechanism, and the leadership section keeps it by its distinct 书记
    assert _credited_under("一、工作成效\n(二)印发实施方案\n" + LEADING_GROUP) == ["leadership", "mechanism"]


def test_a_point_lead_names_the_section_for_the_rest_of_its_paragraph():
    assert _credited_under("一、工作成效\n二是印发实施方案。" + LEADING_GROUP) == ["leadership", "mechanism"]


def test_a_heading_that_names_a_part_of_the_report_names_no_section():
    assert _credited_under("一、2022年法治政府实施方案落实情况\n" + LEADING_GROUP) == ["leadership"]


def test_the_titles_words_name_no_section():
    body = "二、实施方案\n" + LEADING_GROUP
    assert _credited_under(body) == ["leadership", "mechanism"]
    assert _credited_under(body, title="某县法治政府建设实施方案执行报告") == ["leadership"]


def test_named_section_counts_a_shared_term_as_part_of_a_vote():
    sections = {0: frozenset({"A", "B"}), 1: frozenset({"A"}), 2: frozenset({"B", "C"}), 3: frozenset({"C"})}
    assert attribute.named_section({1}, sections.__getitem__) == "A"
    assert attribute.named_section({0, 1}, sections.__getitem__) == "A"  # 1.5 against 0.5
    assert attribute.named_section({0}, sections.__getitem__) is None  # half a vote each
    assert attribute.named_section({1, 3}, sections.__getitem__) is None  # a tie names neither
    assert attribute.named_section({0, 2}, sections.__getitem__) == "B"  # two halves make a whole
