"""Reading the declared indicators from a report (figures.py): the grammar of figures.

The seed list below was written by reading the five seed reports: every figure that gives one
of the declared indicators, with its unit. Figures that look alike but are something else are
named beside it, so the list says why they are left out.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from lawscore import figures, indicators, pipeline
from lawscore.wording import figures as figure_words

from conftest import CHECKLISTS, document, workspace

DECLARED = indicators.load(CHECKLISTS)
EXTRACTOR = figures.Extractor(DECLARED)

# (seed file, indicator id, value, unit), hand-checked against the seed texts.
SEED_VALUES = {
    ("000_d9075f519bf93576.txt", "normative-docs-filed", 22, "件"),  # 向市政府和县人大常委会备案…行政规范性文件22件
    ("000_d9075f519bf93576.txt", "legality-review-rate", 95, "%"),  # 合法性审核823件,审核率95% (contracts)
    ("000_d9075f519bf93576.txt", "filing-rate", 63, "%"),  # 备案544件,备案率63%
    ("000_d9075f519bf93576.txt", "review-cases", 10, "件"),  # 共收到行政复议申请10件 (not 受理前调撤2件)
    ("000_d9075f519bf93576.txt", "review-settlement-rate", 50, "%"),  # 行政复议调撤率达50%
    ("000_d9075f519bf93576.txt", "mediation-success-rate", 86, "%"),  # 调解成功312件,调解成功率达86%
    ("001_8a596ebcca1d5ce5.txt", "major-enforcement-review-rate", 100, "%"),  # …法制审核率均达100%
    ("001_8a596ebcca1d5ce5.txt", "review-cases", 156, "件"),  # 全年收到行政复议申请156件 (not 复议诉讼比2.98)
    ("001_8a596ebcca1d5ce5.txt", "appearance-rate", 100, "%"),  # 行政机关负责人出庭率100%
    ("001_8a596ebcca1d5ce5.txt", "loss-rate", 4.48, "%"),  # 一审行政诉讼案件败诉率4.48%
    ("002_a79ef2748fc77e33.txt", "review-cases", 2, "件"),  # 2020年我县行政复议案件2件
    ("002_a79ef2748fc77e33.txt", "litigation-cases", 4, "件"),  # 行政应诉案件4件
    ("002_a79ef2748fc77e33.txt", "appearance-rate", 100, "%"),  # 行政机关负责人出庭应诉率100%
    # 003 (长冈乡) gives none: 出庭应诉率应达到100% is a requirement, 8人取得执法证 is no rate,
    # 实现各村法律顾问全覆盖 is about village advisers, not the government's.
    ("004_e58b04af1640b0b5.txt", "review-cases", 58, "件"),  # 收到行政复议申请共计58件 (not 审结49件)
    ("004_e58b04af1640b0b5.txt", "direct-correction-rate", 18.4, "%"),
    ("004_e58b04af1640b0b5.txt", "overall-correction-rate", 34.7, "%"),
    ("004_e58b04af1640b0b5.txt", "litigation-cases", 13, "件"),  # 已开庭审理的行政应诉案件13件
    ("004_e58b04af1640b0b5.txt", "appearance-rate", 100, "%"),  # 区政府行政负责人出庭应诉率100%
    # not 成功率98.77% (矛盾纠纷化解, not 调解) nor 行政规范性文件共4件 (issued, not filed)
}


def extracted(seed_results) -> set[tuple[str, str, float, str]]:
    return {(Path(r.source).name, ir.indicator.id, ir.value.value, ir.value.unit)
            for r in seed_results.values() for ir in r.indicators if ir.value is not None}


def read(sentence: str) -> list[tuple[str, str, float]]:
    return figures.read_text(EXTRACTOR, sentence)


def values(sentence: str) -> dict[str, float]:
    return {i: v for i, kind, v in read(sentence) if kind == "value"}


# ---------------------------------------------------------------- the seeds


def test_every_seed_indicator_is_read_exactly(seed_results):
    assert extracted(seed_results) == SEED_VALUES


def test_precision_and_recall_on_the_seeds(seed_results):
    got = extracted(seed_results)
    right = len(got & SEED_VALUES)
    precision, recall = right / len(got), right / len(SEED_VALUES)
    print(f"indicator values on the seeds: precision {precision:.2f}, recall {recall:.2f} ({right}/{len(SEED_VALUES)})")
    assert precision >= 0.95 and recall >= 0.90


def test_the_list_for_scripts_measure_indicators_is_the_same_list():
    lines = (Path(__file__).parent / "data" / "indicators-seeds.jsonl").read_text(encoding="utf-8").splitlines()
    listed = {(g["file"], g["indicator"], g["value"], g["unit"]) for g in map(json.loads, lines)}
    assert listed == SEED_VALUES


def test_a_requirement_in_a_seed_is_a_goal_not_a_value(seed_results):
    appearance = next(ir for ir in seed_results["003_f1e35903b37b0fa2.txt"].indicators if ir.indicator.id == "appearance-rate")
    assert appearance.value is None and appearance.verdict == "not_reported"
    assert [(r.kind, r.value, r.sentence) for r in appearance.readings] == [("goal", 100.0, 64)]
    assert "应达到100%" in appearance.readings[0].quote


def test_a_reading_keeps_its_sentence_and_the_figure_position(seed_results):
    r = seed_results["001_8a596ebcca1d5ce5.txt"]
    loss = next(ir for ir in r.indicators if ir.indicator.id == "loss-rate").value
    assert (loss.sentence, loss.text, loss.role) == (65, "4.48%", "achievements")
    assert r.normalized.text[loss.start:loss.end] == "4.48%"
    assert loss.quote == r.segmentation.sentences[65].text


def test_verdicts_against_targets(seed_results):
    verdicts = {ir.indicator.id: ir.verdict for ir in seed_results["001_8a596ebcca1d5ce5.txt"].indicators}
    assert verdicts["major-enforcement-review-rate"] == "met"  # 100% against ≥100% (国办发〔2018〕118号)
    assert verdicts["loss-rate"] == "reported"  # no national target
    assert verdicts["enforcement-certified-rate"] == "not_reported"


# ---------------------------------------------------------------- hard cases (invented sentences)


def test_a_figure_binds_to_the_name_before_it_in_the_same_clause():
    assert values("审结49件,直接纠错率18.4%,综合纠错率34.7%。") == {
        "direct-correction-rate": 18.4, "overall-correction-rate": 34.7}
    assert values("全年收到行政复议申请156件,复议诉讼比2.98。") == {"review-cases": 156}


def test_a_list_with_respectively_pairs_names_and_figures_in_order():
    assert values("一审行政诉讼案件败诉率、行政复议直接纠错率分别为3.2%、12.5%。") == {
        "loss-rate": 3.2, "direct-correction-rate": 12.5}


def test_a_figure_after_jun_covers_every_name_listed_before_it():
    assert values("行政机关负责人出庭应诉率、重大行政执法决定法制审核率均达100%。") == {
        "appearance-rate": 100, "major-enforcement-review-rate": 100}
    assert values("规范性文件报备率、报备及时率、规范率均达100%。") == {"filing-rate": 100}  # other rates between
    assert read("规范性文件备案率、报备率均达100%。") == [("filing-rate", "value", 100.0)]  # one reading, two names


def test_a_range_keeps_both_ends_and_at_least_is_a_qualifier():
    got = EXTRACTOR.read_sentence("调解成功率保持在90%—95%,合法性审核率98%以上。")
    assert [(r[0], r[2], r[3], r[4]) for r in got] == [
        ("mediation-success-rate", 90.0, 95.0, "range"), ("legality-review-rate", 98.0, None, "at_least")]


def test_chinese_numerals_and_baifenzhi():
    assert values("全年办理一百二十件行政诉讼案件。") == {"litigation-cases": 120}
    assert values("收到行政复议申请两千三百零五件。") == {"review-cases": 2305}
    assert values("行政执法人员持证率达百分之九十五。") == {"enforcement-certified-rate": 95}
    assert figures.chinese_numeral("一万二千") == 12000 and figures.chinese_numeral("九十五点五") == 95.5


def test_thousands_separators_and_about():
    assert values("全年收到行政复议申请1,234件,审结1,100件。") == {"review-cases": 1234}
    got = EXTRACTOR.read_sentence("行政机关负责人出庭应诉案件将近30件。")
    assert [(r[0], r[1], r[2], r[4]) for r in got] == [("appearance-cases", "value", 30.0, "about")]


def test_wan_scales_an_arabic_figure_and_renci_counts_appearances():
    assert values("共收到行政复议申请1.2万件。") == {"review-cases": 12000}
    assert read("全年受理行政复议案件万余件。") == []  # no number before 万: nothing to read
    assert values("各级行政机关负责人出庭应诉1100余人次。") == {"appearance-times": 1100}


def test_words_read_as_a_full_rate_only_when_done():
    assert values("全区各部门已实现法律顾问全覆盖。") == {"legal-adviser-coverage": 100}
    assert read("推动法律顾问全覆盖。") == [("legal-adviser-coverage", "goal", 100.0)]
    assert values("行政复议案件全部办结。") == {}


@pytest.mark.parametrize("sentence", [
    "行政机关负责人出庭应诉率应达到100%。",
    "力争一审行政诉讼案件败诉率控制在5%以内。",
    "行政复议直接纠错率不低于15%。",
    "确保重大行政执法决定法制审核率达到100%。",
    "全年行政复议案件办结率要达到100%,合法性审核率须达100%。",
    "行政执法人员持证率将提高到100%。",
])
def test_goals_and_requirements_are_never_values(sentence):
    assert values(sentence) == {}
    assert {kind for _, kind, _ in read(sentence)} == {"goal"}


def test_every_figure_in_a_plans_section_is_a_goal(setup):
    text = "一、工作成效\n行政机关负责人出庭应诉率100%。\n二、下一步工作计划\n行政机关负责人出庭应诉率保持100%,调解成功率达到90%。\n"
    result = pipeline.evaluate_document(document(text), setup)
    kinds = [(r.indicator, r.kind, r.sentence) for ir in result.indicators for r in ir.readings]
    assert sorted(kinds) == [("appearance-rate", "goal", 3), ("appearance-rate", "value", 1),
                             ("mediation-success-rate", "goal", 3)]
    assert {ir.indicator.id: ir.value.sentence for ir in result.indicators if ir.value} == {"appearance-rate": 1}


@pytest.mark.parametrize("sentence, change", [
    ("行政机关负责人出庭应诉率同比上升3个百分点。", 3.0),
    ("一审行政诉讼案件败诉率较上年下降2.1%。", 2.1),
    ("行政复议案件同比增长15件。", 15.0),
])
def test_a_change_is_not_the_value(sentence, change):
    assert values(sentence) == {}
    assert [(kind, v) for _, kind, v in read(sentence)] == [("change", change)]


def test_what_a_change_came_to_is_the_value():
    assert values("行政机关负责人出庭应诉率提高到95%。") == {"appearance-rate": 95}
    assert read("一审行政诉讼案件败诉率由5.1%降至3.2%。") == [("loss-rate", "previous", 5.1), ("loss-rate", "value", 3.2)]


def test_a_figure_of_another_year_is_an_earlier_value_not_the_value():
    got = EXTRACTOR.read_sentence("2021年行政机关负责人出庭应诉率为85%,上年行政复议案件45件,2022年收到行政复议申请58件。", 2022)
    assert [(r[0], r[1], r[2]) for r in got] == [
        ("appearance-rate", "previous", 85.0), ("review-cases", "previous", 45.0), ("review-cases", "value", 58.0)]
    cumulative = EXTRACTOR.read_sentence("2016年以来累计办理行政复议案件300件。", 2022)
    assert [(r[0], r[1]) for r in cumulative] == [("review-cases", "previous")]


def test_an_average_of_a_wider_area_is_not_the_reports_figure():
    assert read("直接纠错率12.3%,全市平均直接纠错率8.7%。") == [("direct-correction-rate", "value", 12.3)]


def test_a_count_binds_only_across_counting_words():
    assert values("行政机关负责人出庭应诉42次,行政应诉案件共计32件。") == {"appearance-cases": 42, "litigation-cases": 32}
    assert values("开展行政复议工作培训3次,行政复议决定书网上公开15件。") == {}
    assert values("审结行政复议案件40件,实质性化解行政诉讼案件26件。") == {}


def test_a_count_of_part_of_the_cases_is_not_the_count():
    assert values("行政复议案件受理前调撤2件。") == {}
    assert values("办理13件行政复议案件。") == {"review-cases": 13}


def test_traditional_script_and_pinyin_read_like_simplified(setup):
    text = "一、工作成效\n全年行政機關負責人出庭應訴率100%,收到行政復議申請58件,一審行政訴訟案件敗(bài)訴率4.48%。\n"
    result = pipeline.evaluate_document(document(text), setup)
    assert {ir.indicator.id: ir.value.value for ir in result.indicators if ir.value} == {
        "appearance-rate": 100, "review-cases": 58, "loss-rate": 4.48}


def test_an_amount_in_wanyuan_converts_yuan_and_yiyuan(tmp_path):
    folder = workspace(tmp_path, {"indicators/x.yaml": (
        "id: x\ntitle: X\nindicators:\n"
        "  - id: legal-aid-funds\n    name: 法律援助经费\n    unit: 万元\n    section: 34\n    names: [法律援助经费]\n"
        "    examples: [{text: 法律援助经费35万元, value: 35}, {text: 法律援助经费增加, value: null}]\n"
    )})
    extractor = figures.Extractor(indicators.load(folder))
    for sentence, want in [("投入法律援助经费2.39亿元。", 23900), ("法律援助经费35万元。", 35), ("法律援助经费150000元。", 15)]:
        assert figures.read_text(extractor, sentence) == [("legal-aid-funds", "value", want)]


# ---------------------------------------------------------------- linear in the names of a sentence


def lines_run(sentence: str) -> int:
    """How many lines of figures.py reading `sentence` runs: the work, counted, not timed."""
    count = 0

    def trace(frame, event, arg):
        nonlocal count
        if frame.f_code.co_filename != figures.__file__:
            return None
        if event == "line":
            count += 1
        return trace

    sys.settrace(trace)
    try:
        EXTRACTOR.read_sentence(sentence)
    finally:
        sys.settrace(None)
    return count


@pytest.mark.parametrize("unit", [
    "出庭应诉率",  # names only: every one overlaps the next candidate
    "出庭应诉率100%,",  # a name and a figure per clause
    "行政复议案件3件、",  # one clause: a name and a figure each, listed with 、
    "行政机关负责人出庭应诉率、",  # overlapping names (负责人出庭应诉 / 出庭应诉率) in a list
])
def test_reading_a_sentence_is_linear_in_the_names_it_holds(unit):
    # A 591 KB sentence of names took 42 s when each name was compared with every name kept
    # before it. Twice the names must cost about twice the work, not four times.
    small, large = lines_run(unit * 200 + "100%。"), lines_run(unit * 400 + "100%。")
    assert large <= 2.2 * small


def test_what_a_clause_says_before_a_place_is_what_a_search_of_its_start_finds():
    # figure_words.Before finds each pattern once per clause; at every place it must answer
    # as searching the clause up to that place would, whatever words come before and after.
    clause = ("2021年以来,上年度将军力争取得全部目标,县均达到确保推进,较上一年去年平均实现已做到计划预计"
              "应当达到应达到要求力求努力推动基本2022年将")
    for pattern in (figure_words.GOAL_LEAD, figure_words.DONE, figure_words.PRIOR, figure_words.AVERAGE):
        for k in range(len(clause)):  # the clause from every place on, asked about every place in it
            text = clause[k:]
            said = figure_words.Before(text)
            assert [said.has(pattern, end) for end in range(len(text) + 1)] == [
                bool(pattern.search(text[:end])) for end in range(len(text) + 1)], (pattern, text)
    said = figure_words.Before(clause)
    assert [said.earlier(end, 2022) for end in (4, 5, 30)] == [False, True, True]
    assert [figure_words.Before("2022年比上").earlier(6, 2022), figure_words.Before("2022年").earlier(5, 2022)] == [False, False]
