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
