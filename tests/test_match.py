"""match finds evidence per item and judge_example gives the status one sentence earns."""
from __future__ import annotations

import pytest

from lawscore import authoring, match, pipeline
from lawscore.wording import admit

from conftest import CHECKLISTS

_OUTLINE = next(c for c in pipeline.load_checklists(CHECKLISTS, None).checklists if c.id == "outline-2021-2025")
_MATCHER = match.Matcher(_OUTLINE)


@pytest.mark.parametrize("item_id, sentence, status", [
    ("c9-normative-documents", "全年共审查拟由县政府制发的行政规范性文件35件。", "met"),
    ("c9-normative-documents", "下一步,将进一步加强行政规范性文件备案审查。", "planned"),
    # named, but only as a slogan: mentioned, not missing
    ("c9-normative-documents", "严格落实行政规范性文件合法性审核制度。", "mentioned"),
    # the same stance opening a sentence that goes on to other work: still mentioned, not missing
    ("c15-enforcement-publicity", "严格落实行政执法公示制度,全年办理行政处罚案件30件。", "mentioned"),
    # and as a later clause of its own: the figure in another clause is not work on the system
    ("c15-enforcement-publicity", "全年办理行政处罚案件30件,严格落实行政执法公示制度。", "mentioned"),
    ("c23-leader-court-appearance", "压实部门主体责任,严格执行行政机关负责人出庭应诉制度,为依法行政提供保障。", "mentioned"),
    ("c11-major-decision-procedure", "编制形成《2022年嵊泗县人民政府重大行政决策事项目录》。", "met"),
    # “监管一件事” is a scheme of joint supervision, not a one-stop service (issue 25.6)
    ("c5-one-stop-services", "全年确定“监管一件事”年度计划30个,开展联合检查120次。", "missing"),
    ("c5-in-process-supervision", "全年确定“监管一件事”年度计划30个,开展联合检查120次。", "met"),
    ("c5-one-stop-services", "推行“出生一件事”联办,全年办件860件。", "met"),
    # a superior's policy (重大决策部署) is not a decision procedure
    ("c11-major-decision-procedure", "深入学习贯彻党中央关于全面依法治国的重大决策部署,召开会议3次。", "missing"),
    # a law the body only studies is no evidence of review work
    ("c22-administrative-review", "全年组织专题学法12次,重点学习新修订的《行政复议法》。", "missing"),
    # the opening clause of basis frames the sentence
    ("c4-institutions-power-lists", "根据机构改革实际,修订《嵊泗县府院联席会议制度》。", "missing"),
    ("c23-administrative-litigation", "根据机构改革实际,修订《嵊泗县府院联席会议制度》。", "met"),
])
def test_judge_example(item_id, sentence, status):
    assert authoring.judge_example(_MATCHER, item_id, sentence) == status


def test_a_stance_names_its_item_as_a_slogan_and_credits_nothing():
    """An opening stance (严格落实…制度,) with other work after it: the stance's item gets a
    quote of no strength that says it is a slogan (仅有表述 on the scorecard), the work after
    it earns its own sections by its own words, and the stance's words earn nothing."""
    from lawscore import normalize, segment

    norm = normalize.normalize("一、工作成效\n严格落实行政执法公示制度,全年办理行政复议案件30件。\n")
    seg = segment.segment(norm)
    found = match.find_evidence(_MATCHER, norm.text, seg)
    [stance] = found["c15-enforcement-publicity"]
    assert (stance.strength, [sig.kind for sig in stance.signals]) == ("none", ["slogan"])
    assert stance.terms == ("执法公示",)
    assert [e.strength for e in found["c22-administrative-review"]] == ["strong"]
    why: dict[int, str] = {}
    sentence = next(s for s in seg.sentences if not s.heading)
    admit.admit(sentence, list(_MATCHER.vocabulary.automaton.iter(sentence.text)), {}, why)
    assert why[_MATCHER.vocabulary.index["执法公示"]] == "slogan"


def test_judge_example_unknown_item():
    with pytest.raises(KeyError):
        authoring.judge_example(_MATCHER, "no-such-item", "全年共审查文件35件。")


def test_term_spans_merge_overlaps():
    assert match.term_spans("行政复议案件", ("行政复议", "复议案件")) == [(0, 6)]


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
    assert authoring.judge_example(_MATCHER, item_id, sentence) == status


@pytest.mark.parametrize("item_id, sentence, status", [
    # weak evidence: the action must reach the term in its own clause; what a leader studies
    # or urges (研究…, 督促落实…) is not yet work on it
    ("c11-major-decision-procedure",
     "省政府主要负责同志亲自部署依法行政工作,研究解决法治政府建设重大问题,督促落实重大行政决策法定程序。", "missing"),
    # a verb of carrying work forward in the term's clause is enough
    ("c13-enforcement-system-reform", "召开专题会议,稳步推进街道综合执法体制改革。", "partial"),
    # what a meeting studies (研究…、…和推进…) is a topic, whatever verbs the topics hold
    ("c22-review-system-reform",
     "县委依法治县委员会听取法治政府建设情况汇报,研究支持行政复议体制改革和推进重大行政决策程序建设。", "missing"),
    ("c11-major-decision-procedure",
     "县委依法治县委员会听取法治政府建设情况汇报,研究支持行政复议体制改革和推进重大行政决策程序建设。", "missing"),
    # 研究制定 is work
    ("c22-review-system-reform", "县政府常务会议研究制定行政复议体制改革方案,明确改革路径。", "partial"),
    # a clause of means (通过…等形式,) shares the verb of the clause after it
    ("c34-capacity-building", "通过区政府常务会、党组会等形式,深入学习贯彻习近平法治思想。", "partial"),
])
def test_weak_evidence_needs_its_action_in_the_same_clause(item_id, sentence, status):
    assert authoring.judge_example(_MATCHER, item_id, sentence) == status


def test_short_lead_borrows_only_from_a_sentence_on_its_topic():
    # 四是助力疫情防控。 is followed by work on approvals, not on epidemic response
    assert authoring.judge_example(
        _MATCHER, "c18-emergency-response",
        "四是助力疫情防控。在疫情防控期间,开展“不见面审批”,全年办件1200件。") == "missing"
    assert authoring.judge_example(
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


# A bare list of topics (A、B、C等) that a study, a plan or a mechanism covers is not work done
# on each topic; a list after a verb of work done, or with the work counted, is.
@pytest.mark.parametrize("item_id, sentence, status", [
    ("c22-administrative-review", "组织专题学习重大行政决策、行政执法、行政复议、政务公开等方面的法律法规12次。", "missing"),
    ("c34-capacity-building", "组织专题学习重大行政决策、行政执法、行政复议、政务公开等方面的法律法规12次。", "met"),
    ("c22-administrative-review",
     "制定印发《2023年法治政府建设工作要点》,涵盖重大行政决策、规范性文件管理、行政执法、行政复议等8个方面。", "missing"),
    ("c23-administrative-litigation", "司法所协助建立行政复议、行政执法监督、行政诉讼、检察监督等协作机制。", "missing"),
    # the work after 等 is counted
    ("c22-administrative-review", "全年办理行政复议、行政诉讼、行政调解等案件326件。", "met"),
    # a verb of work done before the list reports each item
    ("c30-data-sharing", "建成执法协同平台,实现线索移送、数据共享、结果互认等全流程网上运行。", "partial"),
    # a list that a word of studying governs, however it ends (…和…工作)
    ("c22-administrative-review", "召开常务会议研究行政复议、行政应诉和规范性文件管理工作。", "missing"),
    ("c9-normative-documents", "召开常务会议研究行政复议、行政应诉和规范性文件管理工作。", "missing"),
    # its items end where a verb of work begins: the campaign is work
    ("c14-key-field-enforcement", "围绕食品安全、安全生产、生态环境开展专项整治,查处案件32件。", "met"),
    # 和 inside a word does not join items: 行政和解 is no list
    ("c22-administrative-review", "全年办理行政复议案件56件、行政应诉案件32件和行政调解案件120件。", "met"),
    # an item with its own figure is distinct evidence
    ("c22-administrative-review", "常务会议审议行政复议案件56件、行政应诉案件32件、土地征收事项12件等事项。", "met"),
])
def test_a_list_of_topics_is_not_work_on_each(item_id, sentence, status):
    assert authoring.judge_example(_MATCHER, item_id, sentence) == status


def test_aspects_of_a_review_are_not_a_list_of_topics():
    # 从A、B、C等方面把关: the review covers each aspect; only what a study, plan or meeting
    # covers (学习…等方面的法律法规) is a bare list of topics
    assert not any(admit._framing("法律顾问对疑难案件从执法程序、法律适用、证据效力等方面把关。"))
    assert any(admit._framing("组织专题学习行政执法、行政复议、政务公开等方面的法律法规。"))


@pytest.mark.parametrize("item_id, sentence, status", [
    # the opening clause of basis ends where the clause names its own action
    ("c35-theory-research", "围绕行政执法协调监督开展课题研究,形成调研报告2篇。", "met"),
    ("c26-coordination-system", "围绕行政执法协调监督开展课题研究,形成调研报告2篇。", "missing"),
    # the organiser of an evaluation the body was ranked in is framing, and being ranked
    # is an assessment result, not evaluation work of the body's own
    ("c32-party-leadership", "在省委依法治省办组织的法治政府建设第三方评估中排名全省第4。", "missing"),
    ("c35-third-party-evaluation", "在省委依法治省办组织的法治政府建设第三方评估中排名全省第4。", "missing"),
    ("c33-assessment", "在省委依法治省办组织的法治政府建设第三方评估中排名全省第4。", "met"),
])
def test_basis_and_organisers_frame_only_what_they_govern(item_id, sentence, status):
    assert authoring.judge_example(_MATCHER, item_id, sentence) == status


@pytest.mark.parametrize("item_id, sentence, status", [
    # an opening clause that only professes a system (坚持…制度,) earns nothing, even when
    # the rest of the sentence reports other work
    ("c11-collective-decision",
     "坚持集体讨论决定制度,主持召开县政府常务会议审议《2023年度法治政府建设情况报告》。", "missing"),
    ("c33-annual-report",
     "坚持集体讨论决定制度,主持召开县政府常务会议审议《2023年度法治政府建设情况报告》。", "met"),
    # work on the same system after it is credited by its own words
    ("c11-collective-decision", "坚持集体讨论决定制度,全年提交县政府常务会议集体讨论重大行政决策事项12项。", "met"),
    ("c15-enforcement-publicity", "严格落实行政执法三项制度,全年公示行政执法信息3200条。", "met"),
])
def test_a_professed_system_opening_a_sentence_is_a_slogan(item_id, sentence, status):
    assert authoring.judge_example(_MATCHER, item_id, sentence) == status


def _done_clauses(setup, sentence: str, year: int = 2023) -> set[int]:
    """The outline sections one sentence of reported work is credited to, in a report on
    `year` (scored with the 2015–2020 checklist up to 2020)."""
    from lawscore import calibrate

    from conftest import document

    text = f"某县{year}年法治政府建设情况报告\n一、{year}年法治政府建设主要工作\n" + sentence + "\n"
    return set(calibrate.verdicts(pipeline.evaluate_document(document(text), setup))["done"])


# The ways reports say the same work: each sentence is credited to its section.
@pytest.mark.parametrize("clause, sentence", [
    # 32: party group and committee meetings however named, 第一议题, leading groups
    (32, "局党组召开会议专题研究法治政府建设工作3次,及时解决重点难点问题。"),
    (32, "街道党工委召开会议,专题听取2023年法治建设工作情况汇报。"),
    # 第一议题 study of 习近平法治思想 is study by a leadership body: (三十四) in the label guide
    (34, "局党组把学习贯彻习近平法治思想作为“第一议题”,全年开展专题学习8次。"),
    (32, "及时调整充实依法治镇领导小组,由党委书记任组长。"),
    # 33: plans broken down, the report sent up, titles, evaluation results
    (33, "将法治政府建设任务分解为28项具体措施,逐项落实到责任科室。"),
    (33, "按时向县委、县政府报告2022年度法治政府建设情况,并在政府网站公开。"),
    (33, "我县成功创建第二批省级法治政府建设示范县。"),
    (33, "在2022年度全省法治政府建设考评中排名第三。"),
    # 34: collective study of law, 中心组学法, skills contests
    (34, "组织局领导班子集中学习《行政复议法》等法律法规12次。"),
    (34, "全年开展理论学习中心组学法4次,专题学习民法典、行政处罚法。"),
    (34, "举办全县行政执法技能竞赛,86名执法人员参赛。"),
    # 35: research topics, white papers, forums, published cases
    (35, "围绕行政执法协调监督开展课题研究,形成调研报告2篇。"),
    (35, "发布《2023年法治政府建设白皮书》,全面展示法治建设成效。"),
    (35, "举办首届法治政府建设论坛,邀请专家学者50余人参会。"),
    (35, "编印法治政府建设典型案例汇编,收录案例20个。"),
    (35, "撰写法治政府建设调研报告2篇,获市领导肯定性批示。"),
    (35, "我县行政执法“三书同达”经验做法被《法治日报》头版报道。"),
    (34, "举办新修订《行政复议法》专题培训班,培训复议工作人员120人次。"),
    # 23: a court's recommendation addressed to the body and acted on
    (23, "对区人民法院《关于行政审判中发现问题的司法建议》作出批示,要求相关部门限期整改。"),
    # 6: services to enterprises of many kinds
    (6, "开展“万名干部进万企”活动,走访企业320家,帮助解决问题86个。"),
    (6, "建立企业诉求“直通车”机制,办结企业诉求563件。"),
    (6, "兑现各类奖补资金1.2亿元,惠及企业460家。"),
    (6, "制定出台支持中小微企业发展的若干措施18条。"),
    # 13: vertical management, the comprehensive enforcement system
    (13, "完成市场监管、生态环境等领域垂直管理体制改革,理顺执法职责。"),
    (13, "构建“综合执法+专业执法+联合执法”的综合执法体系。"),
    # 14: enforcement campaigns by their many names
    (14, "开展“铁拳”专项行动,查办案件86件。"),
    (14, "开展“蓝天保卫战”执法行动,检查企业560家次,立案处罚23家。"),
    (14, "开展校外培训机构专项治理,关停无证机构18家。"),
    (14, "开展燃气安全隐患排查整治,检查经营场所1260家,整改隐患320处。"),
    (14, "开展农资打假专项治理行动,查处假劣农资案件9起。"),
    # 16: the new enforcement styles
    (16, "推行“说理式执法”,在执法文书中增加说理内容,全年制作说理式文书320份。"),
    (16, "探索“服务型执法”,建立企业“白名单”制度,纳入白名单企业120家。"),
    # 18: emergencies handled
    (18, "成功处置森林火灾3起,未造成人员伤亡。"),
    (18, "妥善应对台风“梅花”,转移安置群众6800人。"),
    (18, "疫情期间依法实施管控措施,审查防疫涉法文件23件。"),
])
def test_each_way_of_reporting_the_work_is_credited(setup, clause, sentence):
    assert clause in _done_clauses(setup, sentence)


# Slogans and framing earn no section at all.
@pytest.mark.parametrize("sentence", [
    "坚持严格落实重大行政决策程序制度。",
    "严格执行行政执法三项制度。",
    "严格落实行政执法公示、执法全过程记录、重大执法决定法制审核制度。",
    "严格落实行政规范性文件备案审查制度,坚持有件必备、有备必审、有错必纠。",
    "局党组高度重视法治政府建设。",
    "严格落实“第一议题”制度。",
])
def test_a_slogan_is_credited_to_no_section(setup, sentence):
    assert _done_clauses(setup, sentence) == set()


# The families are bounded: the same verbs and nouns about other work earn nothing.
@pytest.mark.parametrize("clause, sentence", [
    (6, "全年新增个体工商户3200户,中小企业达到1260家。"),
    (34, "举办全县职工技能竞赛,参赛选手260名。"),
    (35, "举办乡村振兴发展论坛,邀请专家30余人参会。"),
    (33, "将安全生产目标任务分解到各村,签订责任书32份。"),
    (32, "镇党委会议研究部署乡村振兴、安全生产等工作6次。"),
    (13, "积极配合市场监管等垂直管理部门开展工作。"),
])
def test_the_families_do_not_reach_other_work(setup, clause, sentence):
    assert clause not in _done_clauses(setup, sentence)


def test_a_leaders_research_visit_is_not_research(setup):
    # 专题调研 by a leader visiting departments is leadership work, not (三十五) research
    assert 35 not in _done_clauses(setup, "县长开展法治政府建设专题调研,深入司法局、信访局实地调研,提出指导意见。")


def test_a_leading_group_is_party_leadership_whoever_heads_it(setup):
    # the label guide: leading groups for rule-of-law work set up, adjusted or meeting are
    # (三十二), whoever heads them; a promotion mechanism (三十三) is a plan, an assessment …
    assert _done_clauses(setup, "成立以县长为组长的法治政府建设工作领导小组,统筹推进法治政府建设。") == {32}


# A report on 2019 is scored with the 2015–2020 checklist, whose items map to the same
# sections and read the same families of phrasing (the 2015 outline has no emergency section).
@pytest.mark.parametrize("clause, sentence", [
    (32, "局党组召开会议专题研究法治政府建设工作3次,及时解决重点难点问题。"),
    (34, "局党组把学习贯彻习近平法治思想作为“第一议题”,全年开展专题学习8次。"),
    (33, "将法治政府建设任务分解为28项具体措施,逐项落实到责任科室。"),
    (33, "按时向县委、县政府报告2019年度法治政府建设情况,并在政府网站公开。"),
    (34, "举办全县行政执法技能竞赛,86名执法人员参赛。"),
    (35, "举办首届法治政府建设论坛,邀请专家学者50余人参会。"),
    (34, "举办新修订《行政复议法》专题培训班,培训复议工作人员120人次。"),
    (6, "建立企业诉求“直通车”机制,办结企业诉求563件。"),
    (13, "完成市场监管、生态环境等领域垂直管理体制改革,理顺执法职责。"),
    (14, "开展“铁拳”专项行动,查办案件86件。"),
    (16, "推行“服务型执法”,对企业开展执法前提醒告诫156次。"),
])
def test_older_reports_are_read_with_the_same_families(setup, clause, sentence):
    assert clause in _done_clauses(setup, sentence, year=2019)


def test_a_rank_in_an_outside_bodys_evaluation_is_framing():
    # the label guide: a university's or research institute's ranking is work in no section
    text = "某大学法治政府研究院发布《法治政府评估报告》,我市在参评的100个城市中位居第三。"
    mask = admit._framing(text)
    assert all(mask[i] for i in range(len(text) - 1))
    # what the sentence goes on to report after the rank's clause is still read
    text = "某研究中心开展营商环境测评,我县排名全市第二,同时制定年度实施方案。"
    mask = admit._framing(text)
    assert not any(mask[text.index("制定"):])
    # an official assessment the jurisdiction takes part in is no outside ranking
    assert not any(admit._framing("我市在全省法治建设考评中位居第一。"))


_RULES = next(c for c in pipeline.load_checklists(CHECKLISTS, None).checklists if c.kind == "rules")
_RULES_MATCHER = match.Matcher(_RULES)


@pytest.mark.parametrize("sentence, status", [
    # the leader the sentence opens with did what its later clauses say (the weak-evidence
    # rule wants the action in the term's clause; the subject is the exception)
    ("区长高度重视法治政府建设,重要事项亲自部署、重大案件亲自过问、重点任务亲自督办。", "partial"),
    ("一是县委主要负责人坚决履行第一责任人职责,重大问题亲自部署。", "partial"),
    # a leader who is not the subject (the object of 对…监督, cited by 根据…) does nothing here
    ("根据县长的要求,亲自部署法治政府建设工作。", "missing"),
    ("区政府加强对主要负责人履职情况的监督,亲自部署法治工作。", "missing"),
    # after a slogan's verb (坚持…) the term is its object, not the subject
    ("坚持县长负总责,重大事项亲自部署。", "missing"),
])
def test_the_subject_of_a_sentence_shares_the_actions_of_its_clauses(sentence, status):
    assert authoring.judge_example(_RULES_MATCHER, "part-duty", sentence) == status


def test_a_list_of_acts_is_not_a_list_of_topics():
    # 部署 ends the first item (重要工作亲自部署): the items after it are acts of their own, not
    # what a deployment covers
    assert not any(admit._framing("重要工作亲自部署、重大问题亲自过问、重要任务亲自督办。"))
    assert not any(admit._framing("重要工作亲自部署、重大问题亲自过问、重要任务亲自督办等。"))
    # a verb before its objects still governs them as topics
    assert any(admit._framing("召开会议部署行政复议、行政应诉、行政调解等工作。"))
