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


def test_radicals_a_pdf_font_put_for_ideographs_are_read_as_the_ideographs():
    # ⾏ ⼈ are Kangxi radicals (NFKC folds them), ⻓ ⻔ are in the CJK Radicals Supplement (a table).
    n = normalize("⻓冈乡全年开展⾏政执法检查，⼈员培训3次，⻔户网站公开文件12件。")
    assert n.text == "长冈乡全年开展行政执法检查,人员培训3次,门户网站公开文件12件。"
    assert (n.radicals_replaced, n.radicals_left) == (4, 0)
    assert not n.converted_traditional


def test_component_radicals_have_no_ideograph_and_are_counted():
    n = normalize("⺅员⺡利")  # 亻 and 氵 are parts of characters, never characters of a report
    assert n.text == "⺅员⺡利"
    assert (n.radicals_replaced, n.radicals_left) == (0, 2)


def test_a_text_without_radicals_counts_none():
    n = normalize("全年开展行政执法检查。⸺ 两字线不是部首。")
    assert (n.radicals_replaced, n.radicals_left) == (0, 0)


def test_the_radical_table_covers_every_kangxi_radical_and_maps_to_ideographs():
    import unicodedata

    from lawscore.normalize import _RADICALS, _SUPPLEMENT

    assert all(c in _RADICALS for c in range(0x2F00, 0x2FD6))  # all 214 Kangxi radicals
    assert all(0x2F00 <= c <= 0x2FD5 or 0x2E80 <= c <= 0x2EF3 for c in _RADICALS)
    assert all(len(v) == 1 and "\u3400" <= v <= "\u9fff" for v in _RADICALS.values())
    assert all("CJK RADICAL" in unicodedata.name(k) for k in _SUPPLEMENT)
    assert _RADICALS[ord("⺟")] == "母" and _RADICALS[ord("⻳")] == "龟"  # the two NFKC folds


def test_offsets_stay_right_after_radicals_are_replaced():
    raw = "發(fā)布:⻓冈乡\u200b开展⾏政执法检查。"
    n = normalize(raw)
    assert n.text == "发布:长冈乡开展行政执法检查。"
    i = n.text.index("长冈乡")
    assert raw[n.raw_offset(i):n.raw_offset(i) + 3] == "⻓冈乡"
    j = n.text.index("行政")
    assert raw[n.raw_offset(j):n.raw_offset(j) + 2] == "⾏政"


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


def test_the_aspect_particle_is_written_simplified():
    """t2s keeps 著, a simplified character too (显著, 著名); the particle after a verb becomes 着."""
    text = normalize("回顧本年工作,還存在著一些薄弱環節,隨著改革深入,成效顯著,編寫著名案例。").text
    assert text == "回顾本年工作,还存在着一些薄弱环节,随着改革深入,成效显著,编写著名案例。"


def test_a_short_first_sentence_after_the_title_is_body():
    # under 30 characters, but it ends as a sentence does: the body's first sentence, not header
    n = normalize("龙泉县2023年度法治政府建设情况报告\n"
                  "2023年,我县被命名为省级法治政府建设示范县。\n"
                  "全年召开政府常务会议12次,审议行政规范性文件35件,依法行政工作取得新成效。\n")
    assert n.text[n.body_start:].startswith("2023年,我县被命名为省级法治政府建设示范县。")


def test_short_header_lines_stay_header():
    # a title, a byline with a date, a breadcrumb, a date and a site notice: none is a sentence
    n = normalize("龙泉县2023年度法治政府建设情况报告\n"
                  "龙泉县司法局 2024-03-19\n"
                  "首页 > 政务公开 > 法治政府建设\n"
                  "2024年3月19日。\n"
                  "欢迎访问龙泉县人民政府门户网站!\n"
                  "2023年,龙泉县坚持以习近平法治思想为指导,扎实推进法治政府建设各项工作。\n")
    assert n.text[n.body_start:].startswith("2023年,龙泉县坚持")
