"""concrete.assess tells reported work from slogans, goals and citations, one sentence at a time."""
from __future__ import annotations

import pytest

from lawscore.wording import concrete


@pytest.mark.parametrize("sentence, strength", [
    # a result figure
    ("全年共审查拟由县政府制发的行政规范性文件35件。", "strong"),
    # a document the body issued
    ("制定印发《嵊泗县纵深推进法治政府建设升级版的实施意见》,明确各部门的工作职责和要求。", "strong"),
    # an honour
    ("“教科书式”行政执法实践获评全省县乡法治政府建设“最佳实践”项目。", "strong"),
    # a title won is an honour
    ("我县成功创建第二批省级法治政府建设示范县。", "strong"),
    ("被授予“全省法治政府建设示范县”称号。", "strong"),
    ("我区荣膺第三批省级法治政府建设示范区称号。", "strong"),
    # a place or grade attained in an official assessment is a result
    ("在年度依法行政考核中取得满分的成绩。", "strong"),
    ("全县法治建设考评取得优秀等次。", "strong"),
    # coverage by others is a result
    ("经验做法被《法治日报》头版报道。", "strong"),
    # a ranking is a result
    ("县级政府透明度指数位居全国前三。", "strong"),
    # an action named without figure, document or completion
    ("探索政府法律顾问联合聘用机制,开展合法性审查。", "weak"),
    # reporting to a superior body is an action
    ("向县委、县政府报告2022年度法治政府建设情况。", "weak"),
    # reporting on one's own rule-of-law duties (述法) is an act, not a stance
    ("局党组书记在全委会上带头述法。", "weak"),
    # slogans
    ("坚持以习近平法治思想为指导,全面推进依法行政。", "none"),
    ("严格落实重大行政决策程序制度。", "none"),
    ("发挥行政裁决化解民事纠纷的“分流阀”作用。", "none"),
    # a superior's document is a citation, not the body's work; 中共 is no counting word
    ("认真贯彻落实中共中央、国务院印发的《法治政府建设实施纲要(2021—2025年)》。", "none"),
])
def test_assess(sentence, strength):
    assert concrete.assess(sentence)[0] == strength


def test_goal_figure_is_not_a_result():
    kinds = [s.kind for s in concrete.figures("行政机关负责人出庭应诉率应达到100%")]
    assert kinds == ["goal"]


def test_session_numbers_are_not_counts():
    # 六次党代会, 二次全会 name meetings, not work done six times
    assert not [s for s in concrete.figures("认真落实市第六次党代会、市委六届二次全会部署要求") if s.kind == "figure"]


def test_documents_studied_or_received_are_citations():
    text = "全年组织专题学法12次,重点学习新修订的《行政复议法》《突发事件应对法》等法律法规。"
    assert [k for _, _, k in concrete.document_spans(text)] == ["citation", "citation"]


def test_document_drafted_by_the_body():
    text = "完成《城市绿化条例(草案)》起草工作。"
    assert [k for _, _, k in concrete.document_spans(text)] == ["document"]


def test_newly_revised_law_is_a_citation():
    # 《…法》等新修订的法律: 新修订 describes the law, the body did not draft it
    text = "认真学习习近平法治思想,以及《中华人民共和国行政复议法》等新修订和新颁布的法律法规规章。"
    assert [k for _, _, k in concrete.document_spans(text)] == ["citation"]


def test_has_action():
    assert concrete.has_action("组织开展执法人员培训")
    assert not concrete.has_action("研究支持全省行政复议体制改革")


def test_action_at_finds_where_a_clause_names_its_action():
    text = "围绕行政执法协调监督开展课题研究"
    assert concrete.action_at(text, 2, len(text)) == text.index("开展")
    assert concrete.action_at("根据机构改革实际", 2, 8) == -1


def test_a_document_addressed_to_the_body_and_acted_on_is_received():
    # the court's recommendation is not the body's document, nor one it merely cites
    text = "对区人民法院《关于行政审判中发现问题的司法建议》作出批示,要求相关部门限期整改。"
    assert [k for _, _, k in concrete.document_spans(text)] == ["received"]
    assert [k for _, _, k in concrete.document_spans("对照《法治政府建设实施纲要》查找差距。")] == ["citation"]


@pytest.mark.parametrize("sentence", [
    "今年共开展法治宣传活动。",  # 共 + verb: "in all"
    "总共办理行政复议案件。",
    "累计共建立基层调解组织。",  # 共建立 is a count, 共建 is not
])
def test_gong_as_counting_word_marks_completion(sentence):
    assert concrete.assess(sentence)[0] == "strong"


@pytest.mark.parametrize("sentence", [
    "推进公共法律服务体系建设,开展法律援助。",  # 公共 is no count
    "健全公共服务事项清单,组织业务培训。",
    "组织学习中华人民共和国行政复议法。",  # 共和国
    "推动共建共享,开展联合执法。",
    "加强部门共同协作,开展联合检查。",
    "中共县委组织专题调研。",
])
def test_gong_inside_another_word_is_no_completion(sentence):
    strength, signals = concrete.assess(sentence)
    assert strength == "weak"
    assert not [s for s in signals if s.kind == "completed"]


@pytest.mark.parametrize("sentence, figure", [
    # 将 marking the object of a completed act: the object comes first, its verb after it
    ("按照能划则划的原则,将全县20个部门的150项行政许可事项统一划入县行政审批局。", "150项"),
    ("将首批8个涉企许可事项纳入“证照联办”。", "8个"),
    ("将全区执法队伍整合为1支综合行政执法队伍。", "1支"),
    # 将近 is "nearly"
    ("行政机关负责人出庭应诉案件将近40件。", "40件"),
])
def test_jiang_as_object_marker_keeps_a_result(sentence, figure):
    assert ("figure", figure) in [(s.kind, s.text) for s in concrete.figures(sentence)]
    assert concrete.assess(sentence)[0] == "strong"


@pytest.mark.parametrize("sentence, figure", [
    # 将 as "will": an adverb or a verb right after it
    ("将继续组织执法人员培训5期。", "5期"),
    ("明年将开展专题培训3次。", "3次"),
    ("行政执法人员持证率将达到100%。", "100%"),
    ("将纳入考核的单位扩大到30个。", "30个"),
    # an object marker in a sentence about the future is still a plan
    ("下一步,将全县12个部门纳入考核范围。", "12个"),
    ("下一步将进一步将执法事项压减至50项。", "50项"),
])
def test_jiang_as_will_makes_a_goal(sentence, figure):
    assert ("goal", figure) in [(s.kind, s.text) for s in concrete.figures(sentence)]
