"""Metadata: who reports (jurisdiction, level), on which year, published when.

Sources in order of trust: labelled page-header fields, the title, the first paragraph, the body.
"""
import pytest

from lawscore import metadata
from lawscore.normalize import normalize

from conftest import SEEDS, seed_text


def read(text: str):
    norm = normalize(text)
    title = metadata.find_title(norm)
    return metadata.extract(norm, title, norm.text[norm.body_start:])


def test_labelled_header_date_beats_a_stale_site_clock():
    meta = read(
        "天津市静海区人民政府 2019年12月3日星期二\n\n"
        "静海区2023年度法治政府建设情况报告\n"
        "来源:静海区人民政府办公室 发布时间:2024-03-28 09:18\n\n"
        "2023年,静海区坚持以习近平新时代中国特色社会主义思想为指导,全面贯彻习近平法治思想。\n"
    )
    assert meta.published == "2024-03-28"
    assert meta.year == 2023
    # The site name in the header gives the district its parent.
    assert (meta.jurisdiction, meta.level) == ("天津市静海区", "county")
    assert ("published", "页面信息") in meta.sources


def test_page_without_a_date_field_has_no_publication_date():
    meta = read("今天是:2019年10月31日 星期三\n\n2022年,章贡区坚持以习近平法治思想为指导,扎实推进法治政府建设。\n")
    assert meta.published is None


def test_title_with_about_and_year_names_the_district_with_its_city():
    meta = read(
        "关于2023年度宁波市江北区法治政府建设情况的报告\n发布日期:2024年3月28日\n\n"
        "2023年,在市委、市政府和区委的坚强领导下,全区各级行政机关坚持以习近平新时代中国特色社会主义思想为指导。\n"
    )
    assert (meta.jurisdiction, meta.level, meta.year, meta.published) == (
        "宁波市江北区", "county", 2023, "2024-03-28")
    assert ("jurisdiction", "标题") in meta.sources


def test_township_named_in_the_body_and_year_in_the_report_statement():
    # No title, no year at the start; the outline's own years (2021—2025) are not the year.
    meta = read(
        "长冈乡坚持以习近平新时代中国特色社会主义思想为指导,以《法治政府建设实施纲要(2021—2025年)》为总体目标,"
        "立足于我乡工作实际,认真落实法治建设各项工作措施。现将长冈乡法治政府2024年度工作报告如下:\n"
        "一、坚持党对法治政府建设的领导\n"
    )
    assert (meta.jurisdiction, meta.level, meta.year) == ("长冈乡", "township", 2024)


def test_superiors_are_not_the_reporting_body():
    meta = read("2019年,在省委、省政府和市委、市政府的正确领导下,南昌县全面贯彻党的十九大精神,法治政府建设迈上新台阶。\n")
    assert (meta.jurisdiction, meta.level) == ("南昌县", "county")


def test_plan_year_in_the_title_is_not_the_year_reported_on():
    meta = read("2023年镇法治政府建设工作总结及2024年工作思路\n\n2023年以来,我镇深入学习贯彻习近平法治思想,推进法治政府建设。\n")
    assert meta.year == 2023


@pytest.mark.parametrize("text, name", [
    ("武汉市市场监管局2022年法治政府建设年度报告\n栏目:政策文件 发布时间:2023-01-12\n\n"
     "2022年,市市场监管局坚持以习近平法治思想为指导,切实推动市场监管法治建设取得新成效。\n",
     "武汉市市场监督管理局"),
    ("2023年,北京市大兴区司法局在区委、区政府正确领导和市司法局有力指导下,坚持以习近平新时代中国特色社会主义思想为指导。\n",
     "北京市大兴区司法局"),
    ("2023年,生态环境部坚持以习近平新时代中国特色社会主义思想为指导,扎实推进法治政府建设。"
     "依托生态环境部政务新媒体,宣传解读中央文件。\n",
     "生态环境部"),
])
def test_department_reports(text, name):
    meta = read(text)
    assert (meta.jurisdiction, meta.level) == (name, "department")


def test_department_level_from_self_reference_alone():
    meta = read("2024年,在区委、区政府的正确领导下,我局坚持以习近平新时代中国特色社会主义思想为指引,认真落实法治政府建设工作要求。\n")
    assert (meta.jurisdiction, meta.level) == (None, "department")


@pytest.mark.parametrize("text, level", [
    ("法治政府建设情况年度报告\n2019年,xx市人民政府坚持以习近平新时代中国特色社会主义思想为指导,深入推进依法行政。\n", "city"),
    ("某县 2025 年度法治政府建设情况报告2025 年,全县坚持以习近平新时代中国特色社会主义思想为指导,统筹推进依法行政。\n",
     "county"),
])
def test_masked_template_leaves_the_name_unknown(text, level):
    meta = read(text)
    assert (meta.jurisdiction, meta.level) == (None, level)


def test_self_reference_only_leaves_the_name_unknown_but_gives_the_level():
    meta = read(
        "一、工作开展情况\n(一)深入学习法治思想,推进法治政府建设\n"
        "乡党委坚持将学习习近平法治思想列入《2022年度党委理论学习中心组学习计划》,党委中心组集中学习6次。"
        "及时组织全乡干部职工进行系统学习和培训,增强全乡干部职工尊法学法守法用法的思想自觉。\n"
    )
    assert (meta.jurisdiction, meta.level) == (None, "township")


def test_province_named_without_its_suffix():
    meta = read("2021年,广东坚持以习近平新时代中国特色社会主义思想为指导,扎实推动法治政府建设取得新成效。"
                "省委、省政府主要负责同志带头深入学习,示范带动全省掀起学习热潮。\n")
    assert (meta.jurisdiction, meta.level) == ("广东省", "province")


def test_year_falls_back_to_the_year_before_an_early_publication():
    meta = read("工作报告\n发布日期:2024-02-20\n\n全县坚持以习近平法治思想为指导,扎实推进法治政府建设各项工作,取得积极成效。\n")
    assert meta.year == 2023
    assert ("year", "发布日期(前一年)") in meta.sources


@pytest.mark.parametrize("name, level", [
    ("杭州市市场监督管理局", "department"), ("生态环境部", "department"), ("宁波市江北区", "county"),
    ("嵊泗县", "county"), ("长冈乡", "township"), ("西翥街道办事处", "township"), ("杭州市", "city"),
    ("广东省", "province"), ("内蒙古自治区", "province"), ("浚县人民政府", "county"),
])
def test_level_of(name, level):
    assert metadata.level_of(name) == level


SEED_EXPECTED = {
    # seed: (jurisdiction ends with, level, year reported on, published)
    "嵊泗县": ("嵊泗县", "county", 2022, "2023-03-29"),
    "江北区": ("宁波市江北区", "county", 2023, "2024-03-28"),
    "海晏县": ("海晏县", "county", 2020, "2020-12-30"),
    "长冈乡": ("长冈乡", "township", 2024, None),
    "章贡区": ("章贡区", "county", 2022, None),
}


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_seed_reports(seed):
    meta = read(seed_text(seed))
    jurisdiction, level, year, published = SEED_EXPECTED[seed]
    assert meta.jurisdiction and meta.jurisdiction.endswith(jurisdiction)
    assert (meta.level, meta.year, meta.published) == (level, year, published)


def test_a_labelled_date_older_than_the_year_reported_on_is_stale():
    meta = read("2023年度法治政府建设情况报告\n更新时间:2019-12-03\n\n2023年,嵊泗县坚持以习近平法治思想为指导,扎实推进法治政府建设。\n")
    assert (meta.published, meta.year) == (None, 2023)


# ---------------------------------------------------------------- page headers: dates


@pytest.mark.parametrize("field", [
    "信息提供日期:2024-03-19",
    "发文时间:2024年03月19日 09时07分",
    "成文日期 | 2024-03-19 | 公开方式 | 主动公开",
    "发 布 日 期 | 【2024年3月19日】",
    "公开日期:\n2024/03/19",  # a list: the label and its value on lines of their own
    "时间: 2024- 03- 19  16: 32    来源: 县人民政府门户网站",
])
def test_publication_date_from_any_labelled_header_field(field):
    meta = read(f"龙泉县2023年度法治政府建设情况报告\n{field}\n\n"
                "2023年,龙泉县坚持以习近平法治思想为指导,扎实推进法治政府建设各项工作。\n")
    assert (meta.published, meta.year) == ("2024-03-19", 2023)


@pytest.mark.parametrize("line", ["2024-03-19 09:07", "2024年03月19日 09时07分", "[2024-03-19]",
                                  "2024-03-19 来源:县司法局 浏览次数:318"])
def test_a_bare_date_line_under_the_title_is_the_publication_date(line):
    meta = read(f"龙泉县2023年度法治政府建设情况报告\n{line}\n\n"
                "2023年,龙泉县坚持以习近平法治思想为指导,扎实推进法治政府建设各项工作。\n")
    assert meta.published == "2024-03-19"


def test_a_site_clock_above_the_title_and_dates_in_the_body_are_not_the_publication_date():
    meta = read("2019年12月3日\n龙泉县2023年度法治政府建设情况报告\n\n"
                "2023年,龙泉县坚持以习近平法治思想为指导,扎实推进法治政府建设各项工作。"
                "2023年6月18日,县政府召开常务会议专题学习行政复议法。\n")
    assert meta.published is None


# ---------------------------------------------------------------- titles and years


def test_a_title_in_traditional_script_with_inline_pinyin():
    meta = read(
        "當(dāng)前位置:首頁(yè) > 政務(wù)公開(kāi) > 法治政府建設(shè)\n"
        "永嘉縣人民政府關(guān)於2021年度法治政府建設(shè)情況的報(bào)告\n"
        "發(fā)布日期:2022-03-20\n\n"
        "2021年,全縣堅(jiān)持以習(xí)近平法治思想為指導(dǎo),扎實(shí)推進(jìn)法治政府建設(shè)各項(xiàng)工作。\n")
    assert meta.title == "永嘉县人民政府关于2021年度法治政府建设情况的报告"
    assert (meta.jurisdiction, meta.level, meta.year, meta.published) == (
        "永嘉县", "county", 2021, "2022-03-20")


def test_a_breadcrumb_ending_in_a_report_name_is_not_the_title():
    meta = read("首页 > 信息公开 > 法治政府建设年度报告\n"
                "大源镇2022年法治政府建设工作总结\n2023年1月5日\n\n"
                "2022年,在区委、区政府的坚强领导下,我镇坚持以习近平法治思想为指导,全面推进依法行政。\n")
    assert meta.title == "大源镇2022年法治政府建设工作总结"
    assert (meta.jurisdiction, meta.level, meta.year, meta.published) == (
        "大源镇", "township", 2022, "2023-01-05")


def test_a_year_in_chinese_numerals():
    meta = read("二〇二三年度法治政府建设情况报告\n\n"
                "我县坚持以习近平法治思想为指导,推进全县法治政府建设各项工作,全县行政复议案件办结率100%。\n")
    assert (meta.year, dict(meta.sources)["year"]) == (2023, "标题")


# ---------------------------------------------------------------- page headers: who reports


def test_a_department_named_only_in_the_breadcrumb_owns_the_report_that_says_we():
    meta = read(
        "当前位置:首页 > 政务公开 > 部门信息公开 > 衢州市生态环境局 > 法治政府建设\n"
        "2023年度法治政府建设工作报告\n信息提供日期:2024-01-19\n\n"
        "2023年,我局坚持以习近平新时代中国特色社会主义思想为指导,全面推进生态环境领域依法行政。\n")
    assert (meta.jurisdiction, meta.level) == ("衢州市生态环境局", "department")
    assert ("jurisdiction", "页面信息(发布机构、来源、栏目)") in meta.sources


def test_a_department_named_only_in_the_publisher_field():
    meta = read(
        "索引号 | 11330800MB1234567X/2024-00031 | 主题分类 | 综合政务\n"
        "发布机构 | 衢州市交通运输局 | 成文日期 | 2024-02-06\n"
        "2023年度法治政府建设情况报告\n\n"
        "2023年,在市委、市政府的坚强领导下,局党组坚持以习近平法治思想为指导,本局各项工作依法推进。\n")
    assert (meta.jurisdiction, meta.level, meta.published) == ("衢州市交通运输局", "department", "2024-02-06")


def test_a_short_department_name_takes_its_full_name_from_the_header():
    meta = read(
        "区卫健委2023年法治政府建设工作情况报告\n"
        "发布机构:杭州市拱墅区卫生健康委员会 发文时间:2024年03月19日 09时07分\n\n"
        "2023年,区卫健委在区委、区政府的正确领导下,坚持以习近平法治思想为指导,全力推进卫生健康领域依法行政。\n")
    assert (meta.jurisdiction, meta.level, meta.published) == (
        "杭州市拱墅区卫生健康委员会", "department", "2024-03-19")


def test_a_short_district_department_takes_the_district_the_header_names_not_a_city():
    meta = read(
        "宁波市镇海区人民政府\n区司法局2022年度法治政府建设工作报告\n发布时间:2023-02-14\n\n"
        "2022年,区司法局坚持以习近平法治思想为指导,在宁波市司法局的指导下扎实推进依法行政。\n")
    assert (meta.jurisdiction, meta.level) == ("宁波市镇海区司法局", "department")


def test_the_county_whose_office_published_the_page_is_the_county_that_says_we():
    meta = read(
        "索引号 | 001008003/2024-00012 | 主题分类 | 综合政务\n"
        "发布机构 | 云和县人民政府办公室 | 成文日期 | 2024-03-01\n"
        "2023年度法治政府建设情况报告\n\n"
        "2023年,在市委、市政府的坚强领导下,我县坚持以习近平法治思想为指导,推进全县法治政府建设各项工作。\n")
    assert (meta.jurisdiction, meta.level, meta.year) == ("云和县", "county", 2023)


def test_a_street_office_under_a_district_from_its_header():
    meta = read(
        "首页 > 乡镇街道 > 紫阳街道\n2023年法治政府建设工作总结\n"
        "来源:上城区紫阳街道办事处 发布时间:2024-01-08 10:21\n\n"
        "2023年,在区委、区政府的坚强领导下,街道党工委坚持以习近平法治思想为指导,本街道各项工作依法推进。\n")
    assert (meta.jurisdiction, meta.level, meta.year) == ("上城区紫阳街道", "township", 2023)


@pytest.mark.parametrize("text, name", [
    ("金秀县六巷苗族瑶族乡2022年法治政府建设工作总结\n\n"
     "2022年,在县委、县政府的坚强领导下,我乡坚持以习近平法治思想为指导,依法推进各项工作。\n",
     "金秀瑶族自治县六巷苗族瑶族乡"),  # the county in full, as the gazetteer names it
    ("2022年,在县委、县政府的坚强领导下,景宁畲族自治县大均畲族乡坚持以习近平法治思想为指导,依法推进各项工作。\n",
     "景宁畲族自治县大均畲族乡"),
])
def test_ethnic_townships_under_a_county(text, name):
    meta = read(text)
    assert (meta.jurisdiction, meta.level) == (name, "township")


# ---------------------------------------------------------------- a gap rather than a guess


def test_a_header_body_at_another_level_than_the_report_is_not_its_name():
    # The county's website and its 司法局 publish a township's report that says 我镇.
    meta = read(
        "景宁县人民政府\n2023年度法治政府建设情况报告\n来源:景宁县司法局 发布时间:2024-01-08 10:21\n\n"
        "2023年,在县委、县政府的坚强领导下,我镇坚持以习近平法治思想为指导,依法推进各项工作。\n")
    assert (meta.jurisdiction, meta.level) == (None, "township")


def test_two_different_bodies_in_the_header_leave_the_name_unknown():
    meta = read(
        "首页 > 部门信息公开 > 丽水市司法局\n2023年度法治政府建设工作报告\n来源:丽水市自然资源和规划局\n\n"
        "2023年,我局坚持以习近平法治思想为指导,全面推进依法行政,各项工作取得新成效。\n")
    assert (meta.jurisdiction, meta.level) == (None, "department")


def test_a_masked_publisher_is_no_name():
    meta = read("发布机构 | 某县司法局 | 发布日期 | 2020-01-16\n\n"
                "2019年,在市委、市政府的正确领导下,我县坚持以习近平法治思想为指导,法治政府建设稳步推进。\n")
    assert (meta.jurisdiction, meta.level) == (None, "county")


def test_a_short_department_with_no_place_to_resolve_stays_unnamed():
    meta = read("市司法局2023年法治政府建设工作报告\n\n"
                "2023年,市司法局坚持以习近平法治思想为指导,全面推进依法行政,各项工作取得新成效。\n")
    assert (meta.jurisdiction, meta.level) == (None, "department")


@pytest.mark.parametrize("text, level", [
    ("关于全市2023年度法治政府建设情况的报告\n\n"
     "2023年,全市坚持以习近平法治思想为指导。推进全市法治政府建设,各县全面完成年度任务。\n", "city"),
    ("2023年,全县坚持以习近平法治思想为指导,推进全县法治政府建设,各县直单位全面完成年度任务。"
     "推进全县依法行政,全县上下形成合力。\n", "county"),
    ("2023年,本乡坚持以习近平法治思想为指导,扎实推进依法行政。本乡行政复议案件全部办结,本乡干部学法全覆盖。\n",
     "township"),
    ("2023年,围绕建设文明城市目标,我市坚持以习近平法治思想为指导。文明城市创建和依法行政同步推进。\n", "city"),
    ("2023年度市直部门法治政府建设情况报告\n\n2023年度市直部门坚持以习近平法治思想为指导。\n", None),
])
def test_a_word_before_a_unit_suffix_is_never_a_name(text, level):
    meta = read(text)
    assert meta.jurisdiction is None
    if level:
        assert meta.level == level


@pytest.mark.parametrize("line", ["临海市2023年度法治政府建设情况报告_临海市人民政府",
                                  "临海市2023年度法治政府建设情况报告 - 临海市人民政府门户网站",
                                  "标 题:临海市2023年度法治政府建设情况报告",
                                  "标题 | 临海市2023年度法治政府建设情况报告"])
def test_a_title_without_its_site_name_or_its_index_table_label(line):
    meta = read(f"{line}\n2024-03-20\n\n2023年,我市坚持以习近平法治思想为指导,扎实推进法治政府建设各项工作。\n")
    assert (meta.title, meta.jurisdiction, meta.published) == (
        "临海市2023年度法治政府建设情况报告", "临海市", "2024-03-20")


@pytest.mark.parametrize("text", [
    "2023年,我乡坚持以习近平法治思想为指导,扎实推进法治政府建设。返乡创业人员法律服务全覆盖,"
    "为返乡人员提供法律咨询120次。返乡人员纠纷调解率100%。\n",
    "2023年,我区坚持以习近平法治思想为指导,扎实推进法治政府建设。示范区建设稳步推进,示范区获评全省先进。"
    "高新区入选国家级名单,高新区营商环境持续优化。\n",
    "2023年,我县坚持以习近平法治思想为指导,扎实推进法治政府建设。示范县创建工作有序推进,示范县考核排名全省第一。\n",
])
def test_words_that_end_like_a_unit_are_not_counted_as_the_name(text):
    assert read(text).jurisdiction is None


def test_the_site_name_resolves_this_committee():
    meta = read("嘉兴市交通运输委员会\nwww.jxjt.gov.cn\n2021年法治政府建设工作报告\n发布日期:2022-02-28 浏览次数:\n\n"
                "根据《法治政府建设与责任落实督察工作规定》要求,现将本委2021年法治政府建设工作情况报告如下。\n")
    assert (meta.jurisdiction, meta.level, meta.year, meta.published) == (
        "嘉兴市交通运输委员会", "department", 2021, "2022-02-28")


def test_a_traditional_header_with_pinyin_names_the_department_and_its_clock_time():
    meta = read("首頁(yè) > 信息公開(kāi) > 部門(mén)信息\n發(fā)布機(jī)構(gòu):溫州市鹿城區(qū)司法局\n"
                "2023年度法治政府建設(shè)工作報(bào)告\n發(fā)布時(shí)間(jiān):2024年03月19日 09時(shí)07分\n\n"
                "2023年,我局堅(jiān)持以習(xí)近平法治思想為指導(dǎo),扎實(shí)推進(jìn)法治政府建設(shè)。\n")
    assert (meta.jurisdiction, meta.level, meta.year, meta.published) == (
        "温州市鹿城区司法局", "department", 2023, "2024-03-19")


@pytest.mark.parametrize("text, level", [
    ("2023年,全街道坚持以习近平法治思想为指导,扎实推进法治政府建设,全街道矛盾纠纷化解率98%,"
     "位列全区第一,全区考核优秀。全街道干部学法全覆盖。\n", "township"),
    ("2023年,我部门坚持以习近平法治思想为指导,扎实推进法治政府建设,全市行政复议案件办结率100%,"
     "全市执法案卷合格率98%。\n", "department"),
])
def test_a_ranking_in_the_superiors_area_does_not_make_its_level(text, level):
    assert (read(text).jurisdiction, read(text).level) == (None, level)


def test_a_department_in_the_header_is_not_the_county_when_the_body_also_speaks_as_a_department():
    meta = read("2023年度法治政府建设工作报告\n来源:云和县司法局 发布时间:2024-01-08\n\n"
                "2023年,全县法治政府建设扎实推进,全县行政复议案件办结率100%,全县执法案卷合格率98%,"
                "全县普法覆盖率100%。局党组专题研究法治工作。\n")
    assert meta.jurisdiction is None


def test_a_cms_page_that_names_its_source_only_in_meta_tags(tmp_path):
    from lawscore import ingest

    page = tmp_path / "page.html"
    page.write_text(
        '<html><head><meta charset="utf-8"><title>2023年度法治政府建设工作报告</title>'
        '<meta name="SiteName" content="衢州市人民政府"><meta name="ContentSource" content="衢州市生态环境局">'
        '<meta name="PubDate" content="2024-01-19 10:30"></head><body><article>'
        "<h1>2023年度法治政府建设工作报告</h1><p>2023年,我局坚持以习近平新时代中国特色社会主义思想为指导,"
        "全面推进生态环境领域依法行政。</p></article></body></html>", encoding="utf-8")
    meta = read(ingest.read(page).text)
    assert (meta.jurisdiction, meta.level, meta.year, meta.published) == (
        "衢州市生态环境局", "department", 2023, "2024-01-19")


@pytest.mark.parametrize("title, name, level", [
    ("天台县人民政府办公室关于2023年度法治政府建设情况的报告", "天台县人民政府办公室", "department"),
    ("天台县人民政府关于2023年度法治政府建设情况的报告", "天台县", "county"),
])
def test_a_governments_office_reports_as_a_department(title, name, level):
    meta = read(f"{title}\n发布日期:2024-03-20\n\n2023年,坚持以习近平法治思想为指导,全面推进依法行政。\n")
    assert (meta.jurisdiction, meta.level) == (name, level)


def test_a_department_named_without_its_place_takes_the_place_whose_site_it_is_on():
    meta = read("云和县人民政府\n司法局2023年度法治政府建设工作报告\n发布时间:2024-01-08\n\n"
                "2023年,我局坚持以习近平法治思想为指导,全面推进依法行政。\n")
    assert (meta.jurisdiction, meta.level) == ("云和县司法局", "department")


def test_a_department_named_without_its_place_on_a_page_without_a_header_stays_unnamed():
    meta = read("司法局关于2023年度法治政府建设情况的报告\n\n2023年,我局坚持以习近平法治思想为指导,全面推进依法行政。\n")
    assert (meta.jurisdiction, meta.level) == (None, "department")
