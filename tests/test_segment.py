"""segment gives every sentence a role from its heading or from cues in its paragraph."""
from __future__ import annotations

from lawscore import normalize, segment

from conftest import REPORTS

REPORT = """关于2022年度法治政府建设情况的报告
2022年,我县坚持以习近平法治思想为指导,全面推进依法行政。
一、主要举措和成效
全年共审查行政规范性文件35件。
存在的问题是行政执法行为不够规范,程序不够到位的情形仍然存在。
针对基层综合行政执法工作中存在的问题,下发《行政执法监督建议书》。
二、存在的问题和不足
部分行政机关工作人员依法行政的意识和能力还不够强。
三、下一年度工作安排
加强行政执法监督。
(一)扎实开展道路交通安全和运输执法领域突出问题专项整治
印发《专项整治方案》。
"""


def _roles():
    seg = segment.segment(normalize.normalize(REPORT))
    return {s.text.rstrip("。"): s.role for s in seg.sentences}


def test_roles():
    roles = _roles()
    assert roles["2022年,我县坚持以习近平法治思想为指导,全面推进依法行政"] == "preamble"
    assert roles["全年共审查行政规范性文件35件"] == "achievements"
    # a shortcoming paragraph inside the achievements chapter
    assert roles["存在的问题是行政执法行为不够规范,程序不够到位的情形仍然存在"] == "shortcomings"
    # a remedy of a problem is work done
    assert roles["针对基层综合行政执法工作中存在的问题,下发《行政执法监督建议书》"] == "achievements"
    assert roles["部分行政机关工作人员依法行政的意识和能力还不够强"] == "shortcomings"
    assert roles["加强行政执法监督"] == "plans"


def test_remedy_heading_is_not_a_shortcomings_chapter():
    assert segment.heading_role("扎实开展道路交通安全和运输执法领域突出问题专项整治") != "shortcomings"
    assert segment.heading_role("存在的问题和不足") == "shortcomings"


def test_solved_problems_and_shoring_up_weak_spots_are_not_shortcomings():
    assert segment.shortcoming_cue("确保工作中存在的问题得到及时解决") is None
    assert segment.shortcoming_cue("成立普法强基补短板专项行动工作指挥部") is None
    assert segment.shortcoming_cue("执法人员法治意识不强") == "意识不强"


def test_still_needs_strengthening_is_a_shortcoming():
    assert segment.shortcoming_cue("镇(街道)综合行政执法配套机制还需进一步完善。")
    assert segment.shortcoming_cue("基层法治建设合力还需加强。")




def test_headings_run_into_a_page_captured_without_line_breaks():
    # the whole page on one line; each heading runs on into its first sentence
    preamble = ("某县人民政府关于2023年度法治政府建设情况的报告2023年,县政府坚持以习近平法治思想为指导,"
                "全面贯彻落实党中央、国务院关于法治政府建设的决策部署,统筹推进依法行政各项工作,"
                "政府职能依法全面履行,行政决策科学化民主化法治化水平不断提高,行政执法更加规范,"
                "矛盾纠纷化解机制日益完善,法治政府建设取得新成效。")
    flat = (preamble + "一、主要举措和成效县政府狠抓法治建设各项任务落实。举办法治专题讲座3期,培训干部320人次。"
            "全年审查行政规范性文件35件,备案率100%。办理行政复议案件56件,纠错率12%。"
            "编制公布年度重大行政决策事项目录,8项决策均履行法定程序。聘请法律顾问12名,审查合同86份。"
            "开展行政执法案卷评查,评查案卷320卷。行政机关负责人出庭应诉率达100%。"
            "二、存在的问题和不足对照要求仍有差距。部分执法人员能力不足。"
            "三、下一步工作打算县政府将抓好以下工作。加强执法监督。")
    seg = segment.segment(normalize.normalize(flat))
    roles = {s.text.rstrip("。"): s.role for s in seg.sentences if not s.heading}
    assert roles["举办法治专题讲座3期,培训干部320人次"] == "achievements"
    assert roles["部分执法人员能力不足"] == "shortcomings"
    assert roles["加强执法监督"] == "plans"
    assert roles[preamble.rstrip("。")] == "preamble"


def test_a_paragraphs_own_numbered_list_is_not_a_run_in_heading():
    text = ("关于2023年度法治政府建设情况的报告\n一、主要举措和成效\n"
            "下一步,重点做好以下工作:(一)加强行政复议规范化建设。(二)推进综合行政执法改革。\n")
    seg = segment.segment(normalize.normalize(text))
    roles = {s.text.rstrip("。"): s.role for s in seg.sentences if not s.heading}
    assert roles["(二)推进综合行政执法改革"] == "plans"


def test_a_sentence_is_its_span_of_the_normalised_text():
    """Sentence.text is exactly norm.text[start:end]: the matcher reads a sentence's terms from
    its own text and places them by its start, on every seed report."""
    for path in sorted(REPORTS.glob("*.txt")):
        norm = normalize.normalize(path.read_text(encoding="utf-8"))
        seg = segment.segment(norm)
        assert seg.sentences
        assert all(norm.text[s.start:s.end] == s.text for s in seg.sentences), path.name


def test_heading_chains_lists_the_headings_above_each_sentence_nearest_first():
    text = ("一、主要举措\n(一)加强组织领导\n一是健全领导机制。成立领导小组。二是压实责任。签订责任书36份。\n"
            "(二)规范执法。开展案卷评查。\n抽查案卷20卷。\n")
    seg = segment.segment(normalize.normalize(text))
    chains = segment.heading_chains(seg)
    got = [(s.text, [seg.sentences[i].text for i in chain]) for s, chain in zip(seg.sentences, chains)]
    assert got == [
        ("一、主要举措", []),
        ("(一)加强组织领导", ["一、主要举措"]),
        ("一是健全领导机制。", ["(一)加强组织领导", "一、主要举措"]),
        ("成立领导小组。", ["一是健全领导机制。", "(一)加强组织领导", "一、主要举措"]),
        # a lead is headed by the headings, not by the lead of the point before it
        ("二是压实责任。", ["(一)加强组织领导", "一、主要举措"]),
        ("签订责任书36份。", ["二是压实责任。", "(一)加强组织领导", "一、主要举措"]),
        # a heading line's own remainder is under its heading; a new (二) closes (一)
        ("(二)规范执法。", ["一、主要举措"]),
        ("开展案卷评查。", ["(二)规范执法。", "一、主要举措"]),
        ("抽查案卷20卷。", ["(二)规范执法。", "一、主要举措"]),
    ]


def test_a_part_heading_names_a_part_of_the_report():
    assert segment.is_part_heading("2022年推进法治政府建设情况")
    assert segment.is_part_heading("一、2021年度推进法治政府建设的主要举措和成效")
    assert not segment.is_part_heading("(三)严格规范公正文明执法")



def test_a_character_lost_in_conversion_does_not_end_the_sentence():
    """A half-width ? inside Chinese text (全域?qū实现) is a character lost in conversion: it is
    marked lost and the quote goes on to the full stop. A question mark still ends a sentence."""
    seg = segment.segment(normalize.normalize("一、工作成效\n江北区全域?qū实现两大应用协同运行,获市认可。全年办结案件5件。\n"))
    assert [s.text for s in seg.sentences if not s.heading] == [
        "江北区全域\ufffdqū实现两大应用协同运行,获市认可。", "全年办结案件5件。"]
    seg = segment.segment(normalize.normalize("一、工作成效\n如何依法决策? 召开会议3次。怎样化解纠纷？调解案件5件。\n"))
    assert [s.text.strip() for s in seg.sentences if not s.heading] == [
        "如何依法决策?", "召开会议3次。", "怎样化解纠纷?", "调解案件5件。"]
