"""Normalisation: simplified script, pinyin removed, offsets kept, boilerplate set apart."""
from lawscore.normalize import normalize

from conftest import seed_text


def test_traditional_with_pinyin_becomes_plain_simplified():
    n = normalize("發(fā)布機(jī)構(gòu): 區(qū)司法局")
    assert n.text == "发布机构: 区司法局"
    assert n.converted_traditional
    assert n.pinyin_removed == 4


def test_numbered_headings_and_outline_years_stay():
    n = normalize("(一)落实《法治政府建设实施纲要(2021—2025)》")
    assert n.text == "(一)落实《法治政府建设实施纲要(2021—2025)》"
    assert n.pinyin_removed == 0


def test_full_width_forms_and_spaces_are_unified():
    n = normalize("２０２２年，县政府\u3000\u3000召开会议（一次）。\r\n\r\n\r\n下一段")
    assert n.text == "2022年,县政府 召开会议(一次)。\n\n下一段"


def test_every_character_maps_back_to_the_raw_text():
    raw = seed_text("江北区")
    n = normalize(raw)
    i = n.text.index("任命首批9名行政复议员")
    start = n.raw_offset(i)
    assert raw[start:start + 4] == "任命首批"


def test_web_boilerplate_before_the_body_is_the_header():
    n = normalize(seed_text("章贡区"))
    header = n.text[: n.body_start]
    assert "关怀版 无障碍" in header and "访问量" in header
    assert n.text[n.body_start:].startswith("2022年,章贡区坚持以习近平新时代中国特色社会主义思想为指导")


def test_index_number_table_is_header():
    n = normalize(seed_text("嵊泗县"))
    assert "索引号" in n.text[: n.body_start]
    assert "字体大小" in n.text[: n.body_start]
    assert n.text[n.body_start:].startswith("2022年,县人民政府始终坚持")


def test_report_without_header_starts_at_once():
    n = normalize(seed_text("长冈乡"))
    assert n.body_start == 0


def test_a_site_notice_that_looks_like_prose_is_header_when_page_fields_follow():
    n = normalize(
        "您访问的链接即将离开“龙泉县人民政府”门户网站,是否继续访问?请确认后再操作。\n"
        "龙泉县2023年度法治政府建设情况报告\n"
        "发布时间:2024-03-19 09:07 来源:龙泉县司法局 浏览次数:218\n\n"
        "2023年,龙泉县坚持以习近平法治思想为指导,扎实推进法治政府建设各项工作。\n"
        "一、主要举措和成效\n")
    assert n.text[n.body_start:].startswith("2023年,龙泉县坚持")
    assert "发布时间:2024-03-19" in n.text[: n.body_start]


def test_a_first_paragraph_followed_by_headings_is_body():
    n = normalize("2023年,龙泉县坚持以习近平法治思想为指导,扎实推进法治政府建设各项工作。\n"
                  "一、主要举措和成效\n(一)来源于基层的创新做法。县司法局组织执法案卷评查2次。\n")
    assert n.body_start == 0
