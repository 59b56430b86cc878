"""The gazetteer of China's divisions and departments: what is a place, at which level, under what.

Headers below are invented but realistic: the places are real, the reports are not.
"""
import importlib.metadata
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lawscore import metadata
from lawscore.metadata import gazetteer
from lawscore.normalize import normalize

ROOT = Path(__file__).resolve().parent.parent


def read(text: str):
    norm = normalize(text)
    return metadata.extract(norm, metadata.find_title(norm), norm.text[norm.body_start:])


def output_is_known(name: str) -> bool:
    """The contract: a jurisdiction is a gazetteer unit or a known department of one."""
    return bool(gazetteer.resolve(name) or gazetteer.department(name))


# ---------------------------------------------------------------- the data


def test_each_unit_has_its_level_and_parent_chain():
    (yiwu,) = gazetteer.gazetteer().units("义乌市")
    assert [(u.name, u.level) for u in yiwu.chain()] == [
        ("浙江省", "province"), ("金华市", "city"), ("义乌市", "county")]
    (chaoyang,) = [u for u in gazetteer.gazetteer().units("朝阳区") if u.parent and u.parent.name == "北京市"]
    assert chaoyang.parent is not None and chaoyang.parent.level == "province"  # a municipality's district


@pytest.mark.parametrize("name, level", [
    ("黔东南苗族侗族自治州", "city"), ("锡林郭勒盟", "city"), ("阿里地区", "city"),
    ("仙桃市", "county"), ("鄂温克族自治旗", "county"), ("六枝特区", "county"), ("神农架林区", "county"),
    ("鱼复街道", "township"), ("宝力根花苏木", "township"),
])
def test_levels_come_from_the_gazetteer_not_the_last_character(name, level):
    assert gazetteer.resolve(name).level == level


def test_a_unit_renamed_or_merged_away_is_still_a_place_for_its_years():
    # 下城区 merged into 拱墅区 in 2021; 襄樊市 became 襄阳市 in 2010.
    assert gazetteer.resolve("杭州市下城区").level == "county"
    assert gazetteer.resolve("襄樊市").level == "city"
    (xiacheng,) = gazetteer.gazetteer().units("下城区")
    assert xiacheng.became == "浙江省/杭州市/拱墅区"


def test_the_committed_data_is_what_the_pinned_jionlp_gives():
    try:  # its data only: importing jionlp would need numpy and jiojio, which the script does not
        importlib.metadata.version("jionlp")
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("jionlp not installed: pip install --no-deps -c constraints.txt jionlp")
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_gazetteer.py"), "--check"],
                          capture_output=True, text=True, encoding="utf-8")
    assert done.returncode == 0, done.stderr


# ---------------------------------------------------------------- resolving written names


@pytest.mark.parametrize("fragment", ["和市", "根据镇", "个乡", "工业强市", "员会黄湾镇", "依托县", "测试县"])
def test_fragments_and_invented_names_are_no_places(fragment):
    assert gazetteer.resolve(fragment) is None
    assert not gazetteer.known(fragment)


@pytest.mark.parametrize("written, official", [
    ("焉耆县", "焉耆回族自治县"),
    ("黔东南州", "黔东南苗族侗族自治州"),
    ("西翥街道办事处", "西翥街道"),
])
def test_short_forms_take_the_official_name(written, official):
    assert gazetteer.resolve(written).name == official


def test_same_named_units_are_told_apart_by_the_pages_other_names():
    assert gazetteer.resolve("鼓楼区", "南京市人民政府 > 区县动态").name == "南京市鼓楼区"
    assert gazetteer.resolve("鼓楼区", "福州市鼓楼区人民政府网").name == "福州市鼓楼区"
    # With nothing to tell them apart, the name is a known one and stays as written.
    assert gazetteer.resolve("鼓楼区").name == "鼓楼区"
    # A parent written before the name decides by itself; a wrong one is no place.
    assert gazetteer.resolve("济南市市中区").level == "county"
    assert gazetteer.resolve("南京市市中区") is None


def test_townships_renamed_since_the_source_and_ethnic_townships_in_full():
    # 澄潭镇 became 澄潭街道 (2019): the page's newer name is kept.
    assert gazetteer.resolve("新昌县澄潭街道").name == "新昌县澄潭街道"
    # The source writes 六巷乡; the page writes the full name of the ethnic township.
    assert gazetteer.resolve("金秀县六巷苗族瑶族乡").name == "金秀瑶族自治县六巷苗族瑶族乡"


@pytest.mark.parametrize("written, official, unit", [
    ("厦门市外办", "厦门市人民政府外事办公室", "厦门市"),
    ("深圳市卫健委", "深圳市卫生健康委员会", "深圳市"),
    ("山东省司法厅", "山东省司法厅", "山东省"),
    ("重庆市交通局", "重庆市交通局", "重庆市"),  # its own name, not a short form
    ("芜湖经开区统计局", "芜湖市经济技术开发区统计局", "芜湖市"),
    ("司法部", "司法部", "司法部"),
])
def test_departments_take_their_full_official_names_and_keep_their_place(written, official, unit):
    place = gazetteer.department(written)
    assert (place.name, place.level, place.unit) == (official, "department", unit)


@pytest.mark.parametrize("written", ["杭州市司法厅", "和市人力资源和社会保障局", "天台县宣传组", "人民政府办公室"])
def test_a_department_needs_a_known_name_after_a_known_place(written):
    assert gazetteer.department(written) is None


# ---------------------------------------------------------------- in metadata


def test_a_department_report_groups_under_its_place():
    meta = read("厦门市外办2023年法治政府建设年度报告\n发布时间:2024-03-20\n\n"
                "2023年,市外办坚持以习近平法治思想为指导,全面推进依法行政。\n")
    assert (meta.jurisdiction, meta.level, meta.unit) == ("厦门市人民政府外事办公室", "department", "厦门市")


def test_a_district_named_alone_takes_the_city_the_breadcrumb_names():
    meta = read("南京市人民政府 > 政务公开 > 法治政府建设\n鼓楼区2023年度法治政府建设情况报告\n"
                "发布日期:2024-03-25\n\n2023年,鼓楼区坚持以习近平法治思想为指导,依法推进各项工作。\n")
    assert (meta.jurisdiction, meta.level) == ("南京市鼓楼区", "county")


def test_a_township_named_only_in_passing_under_the_county_its_header_names():
    meta = read("奉节县人民政府\n2022年度法治政府建设工作情况报告\n\n"
                "2022年,街道在县委、县政府的坚强领导下,奋力谱写鱼复法治建设新篇章,开拓鱼复法治建设新征程。"
                "街道党工委坚持以习近平法治思想为指导。\n")
    assert (meta.jurisdiction, meta.level) == ("奉节县鱼复街道", "township")


def test_an_autonomous_county_written_short_takes_its_full_name():
    meta = read("焉耆县2023年法治政府建设工作报告\n\n2023年,焉耆县坚持以习近平法治思想为指导,依法推进各项工作。\n")
    assert (meta.jurisdiction, meta.level) == ("焉耆回族自治县", "county")


def test_a_county_level_city_is_a_county_whatever_its_suffix():
    meta = read("义乌市2023年法治政府建设年度报告\n\n2023年,义乌市坚持以习近平法治思想为指导,依法推进各项工作。\n")
    assert (meta.jurisdiction, meta.level) == ("义乌市", "county")


def test_an_unknown_name_is_not_output_and_the_report_says_why():
    meta = read("北城街街道办事处2025年法治政府建设年度报告\n\n"
                "2025年,北城街街道办事处坚持以习近平法治思想为指导,依法推进各项工作。\n")
    assert meta.jurisdiction is None and meta.unit is None
    assert meta.level == "township"  # the kind of body the title names, though not a known one
    why = dict(meta.sources)["jurisdiction"]
    assert why.startswith("地区不详：") and "北城街街道不在行政区划表或部门表中" in why


@pytest.mark.parametrize("text", [
    "和市人力资源和社会保障局2021年法治政府建设情况报告\n\n2021年,和市人力资源和社会保障局依法推进各项工作。\n",
    "2023年,根据镇党委的部署,我镇依法推进各项工作,工业强市建设取得成效。\n",
    "天台县人民政府办公室\n2023年度法治政府建设工作报告\n\n2023年,县政府办公室坚持依法行政。\n",
])
def test_fragments_and_offices_never_become_places(text):
    meta = read(text)
    assert meta.jurisdiction is None or output_is_known(meta.jurisdiction)
    assert meta.jurisdiction not in ("和市人力资源和社会保障局", "根据镇", "工业强市")


# Any header and opening made of real and invented place names, departments, suffixes and
# filler: whatever metadata outputs as a jurisdiction is a known unit or a known department.
_PIECES = ["南京市", "鼓楼区", "杭州市", "下城区", "义乌市", "焉耆县", "和市", "根据镇", "个乡", "工业强市",
           "员会", "黄湾镇", "测试县", "依托县", "某县", "XX市", "金龙街道", "鲤城区", "人民政府", "办公室",
           "外办", "卫健委", "司法局", "司法厅", "经开区", "统计局", "我县", "本局", "全区", "自治区",
           "关于", "2023年", "2023年度", "法治政府建设", "年度报告", "情况", "坚持", "依法", "来源:",
           "发布机构:", " > ", "\n", "。", ",", "、"]
_TEXT = st.lists(st.sampled_from(_PIECES), min_size=3, max_size=40).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_no_output_name_is_outside_the_gazetteer_and_the_department_list(text):
    meta = read(text)
    if meta.jurisdiction is not None:
        assert output_is_known(meta.jurisdiction), meta.jurisdiction
        assert meta.unit is not None and output_is_known(meta.unit)


def test_load_reads_the_gazetteer_and_its_index_of_children_up_front():
    # pipeline.freeze_for_batch calls it before gc.freeze(), so forked workers share one copy
    gazetteer.load()
    assert gazetteer.gazetteer.cache_info().currsize == 1
    assert gazetteer._children.cache_info().currsize == 1
