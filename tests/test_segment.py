"""segment gives every sentence a role from its heading or from cues in its paragraph."""
from __future__ import annotations

from lawscore import normalize, segment

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
    flat = ("某县人民政府关于2023年度法治政府建设情况的报告2023年,县政府坚持依法行政,法治政府建设取得新成效。"
            "一、主要举措和成效县政府狠抓法治建设各项任务落实。举办法治专题讲座3期,培训干部320人次。"
            "二、存在的问题和不足对照要求仍有差距。部分执法人员能力不足。"
            "三、下一步工作打算县政府将抓好以下工作。加强执法监督。")
    seg = segment.segment(normalize.normalize(flat))
    roles = {s.text.rstrip("。"): s.role for s in seg.sentences if not s.heading}
    assert roles == {
        "某县人民政府关于2023年度法治政府建设情况的报告2023年,县政府坚持依法行政,法治政府建设取得新成效": "preamble",
        "举办法治专题讲座3期,培训干部320人次": "achievements",
        "部分执法人员能力不足": "shortcomings",
        "加强执法监督": "plans",
    }
    # offsets still point into the text
    assert all(norm_text[s.start:s.end] == s.text for s in seg.sentences
               for norm_text in [normalize.normalize(flat).text])
