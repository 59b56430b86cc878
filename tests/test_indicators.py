"""Quantitative indicators (issue 14): declared in checklists/indicators/, read from sentences,
checked against targets, and shown in every output.

The seed list below was written by reading the five seed reports: every figure that gives one
of the declared indicators, with its unit. Figures that look alike but are something else are
named beside it, so the list says why they are left out.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from lawscore import indicator_views, indicators, output, pipeline
from lawscore.errors import ChecklistError

from conftest import CHECKLISTS, document, workspace

DECLARED = indicators.load(CHECKLISTS)
EXTRACTOR = indicators.Extractor(DECLARED)

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
    return indicators.read_text(EXTRACTOR, sentence)


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
    assert (loss.sentence, loss.text, loss.role) == (66, "4.48%", "achievements")
    assert r.normalized.text[loss.start:loss.end] == "4.48%"
    assert loss.quote == r.segmentation.sentences[66].text


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
    assert indicators.chinese_numeral("一万二千") == 12000 and indicators.chinese_numeral("九十五点五") == 95.5


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


def test_every_declared_example_behaves():
    wrong = []
    for ind in DECLARED:
        for text, want in ind.examples:
            got = [v for i, kind, v in read(text) if i == ind.id and kind == "value"]
            if (got[0] if got else None) != want:
                wrong.append(f"{ind.id}: {text} gave {got}, expected {want}")
    assert wrong == []


def test_every_indicator_has_examples_of_both_kinds_and_a_sourced_target_or_none():
    assert len({ind.id for ind in DECLARED}) == len(DECLARED)
    for ind in DECLARED:
        assert any(v is not None for _, v in ind.examples), ind.id
        assert any(v is None for _, v in ind.examples), ind.id
        assert ind.section is not None and 4 <= ind.section <= 35, ind.id
        if ind.target is not None:
            assert ind.target.source and "[" in ind.target.source, f"{ind.id}: a target names its source and confidence"


# ---------------------------------------------------------------- declarations: errors for authors


def write_indicators(tmp_path: Path, text: str) -> Path:
    return workspace(tmp_path, {"indicators/x.yaml": text})


def test_errors_name_file_line_indicator_and_the_fix(tmp_path):
    folder = write_indicators(tmp_path, (
        "id: x\ntitle: X\nindicators:\n"
        "  - id: a\n    name: A\n    unit: 个\n    names: [甲率]\n    examples: [{text: 甲率1%, value: 1}, {text: 乙, value: null}]\n"
        "  - id: b\n    name: B\n    unit: \"%\"\n    section: 40\n    names: [乙率]\n    target: {min: 100, max: 5, source: s}\n"
        "    examples: [{text: 乙率1%, value: 1}, {text: 乙, value: null}]\n"
    ))
    with pytest.raises(ChecklistError) as exc:
        indicators.load(folder)
    shown = str(folder / "indicators" / "x.yaml")
    assert [str(p) for p in exc.value.problems] == [
        f'{shown}:6: a: unit: 不允许 "个"; 请用其中之一: %, 件, 人, 人次, 次, 万元',
    ]
    folder = write_indicators(tmp_path, (
        "id: x\ntitle: X\nindicators:\n"
        "  - id: b\n    name: B\n    unit: \"%\"\n    section: 40\n    names: [乙率]\n    target: {min: 100, max: 5, source: s}\n"
        "    examples: [{text: 乙率1%, value: 1}, {text: 乙, value: null}]\n"
        "  - id: b\n    name: B\n    unit: 件\n    names: [丙]\n    whole: [丙]\n"
        "    examples: [{text: 丙1件, value: 1}, {text: 乙, value: null}]\n"
    ))
    with pytest.raises(ChecklistError) as exc:
        indicators.load(folder)
    assert [str(p) for p in exc.value.problems] == [
        f"{shown}:7: b: section 40 is not a work section of the 2021-2025 outline; use 4-35",
        f"{shown}:9: b: target: min 100 is above max 5; swap them",
        f"{shown}:11: b: duplicate id (first used on line 4); give each indicator its own id",
        f'{shown}:15: b: whole: only a rate reads 全覆盖 as 100%, and this unit is "件"; remove whole or use unit "%"',
    ]


def test_a_checklists_folder_without_indicators_declares_none(tmp_path):
    assert indicators.load(tmp_path) == ()


def test_indicator_problems_stop_evaluate_like_checklist_problems(tmp_path):
    folder = workspace(tmp_path, {
        "c/outline.yaml": (CHECKLISTS / "outline-2021-2025.yaml").read_text(encoding="utf-8"),
        "c/indicators/x.yaml": "id: x\ntitle: X\nindicators: []\n",
    })
    with pytest.raises(ChecklistError) as exc:
        pipeline.load_checklists(folder / "c", None)
    assert [str(p) for p in exc.value.problems] == [
        f"{folder / 'c' / 'indicators' / 'x.yaml'}:3: indicators: 是空的; 至少写一项"]


# ---------------------------------------------------------------- outputs


@pytest.fixture(scope="module")
def site(seed_results, tmp_path_factory):
    out = tmp_path_factory.mktemp("indicators") / "out"
    output.write(out, list(seed_results.values()), [], {"html", "json", "csv", "xlsx"})
    return out


def test_results_json_gives_each_indicator_with_value_verdict_and_position(site):
    doc = json.loads((site / "results.json").read_text(encoding="utf-8"))
    entry = next(r for r in doc["reports"] if r["source"].endswith("004_e58b04af1640b0b5.txt"))
    got = {i["id"]: (i["value"], i["unit"], i["year"], i["verdict"]) for i in entry["indicators"] if i["value"] is not None}
    assert got == {
        "appearance-rate": (100, "%", 2022, "reported"),
        "litigation-cases": (13, "件", 2022, "reported"),
        "review-cases": (58, "件", 2022, "reported"),
        "direct-correction-rate": (18.4, "%", 2022, "reported"),
        "overall-correction-rate": (34.7, "%", 2022, "reported"),
    }
    review = next(i for i in entry["indicators"] if i["id"] == "review-cases")
    assert (review["sentence"], review["quote"]) == (74, "2022年收到行政复议申请共计58件,其中受理41件,不予受理或告知17件;")


def test_csv_and_xlsx_write_figures_as_numbers(site):
    rows = list(csv.DictReader(io.StringIO((site / "results.csv").read_bytes().decode("utf-8-sig"), newline="")))
    loss = next(r for r in rows if r["item_id"] == "loss-rate" and r["value"])
    assert (loss["value"], loss["unit"], loss["verdict"], loss["checklist"]) == ("4.48", "%", "已报告(无目标)", "量化指标")
    openpyxl = pytest.importorskip("openpyxl")
    sheet = openpyxl.load_workbook(site / "results.xlsx", read_only=True)["事项"]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    col = header.index("指标数值")
    figures = {(row[header.index("事项编号")].value, row[col].value) for row in sheet.iter_rows(min_row=2)
               if row[col].value is not None}
    assert ("loss-rate", 4.48) in figures and ("review-cases", 156) in figures
    assert all(isinstance(v, (int, float)) for _, v in figures)
    wide = list(openpyxl.load_workbook(site / "results.xlsx", read_only=True)["指标"].iter_rows(values_only=True))
    header = wide[0]
    assert header[:5] == ("文件", "地区", "层级", "报告年度", "行政机关负责人出庭应诉率(%)")
    jiangbei = next(row for row in wide if row[0].endswith("001_8a596ebcca1d5ce5.txt"))
    assert jiangbei[header.index("一审行政诉讼案件败诉率(%)")] == 4.48 and jiangbei[3] == 2023


def test_the_scorecard_section_and_the_index_table(site):
    page = (site / "indicators.html").read_text(encoding="utf-8")
    assert "一审行政诉讼案件败诉率(%)" in page and ">4.48%<" in page and ">156件<" in page
    assert 'href="indicators.html"' in (site / "index.html").read_text(encoding="utf-8")
    card = next((site / "scorecards").glob("宁波市江北区-*.html")).read_text(encoding="utf-8")
    assert "<h3>量化指标</h3>" in card and f"报告了 4/{len(DECLARED)} 项" in card
    assert "<mark>4.48%</mark>" in card and "✓ 达标" in card


def test_a_jurisdiction_with_several_years_shows_indicator_changes(setup, tmp_path):
    ws = workspace(tmp_path, {
        "r/a.txt": "2021年某县法治政府建设年度报告\n一、工作成效\n行政机关负责人出庭应诉率90%,收到行政复议申请20件。\n",
        "r/b.txt": "2022年某县法治政府建设年度报告\n一、工作成效\n行政机关负责人出庭应诉率100%,收到行政复议申请12件。\n",
        "r/manifest.yaml": "a.txt: {jurisdiction: 某县, year: 2021}\nb.txt: {jurisdiction: 某县, year: 2022}\n",
    })
    results, _ = pipeline.run_batch([str(ws / "r")], setup)
    out = ws / "out"
    output.write(out, results, [], {"html"})
    card = next((out / "scorecards").glob("某县-*.html")).read_text(encoding="utf-8")
    assert "量化指标历年变化" in card
    assert "▲ +10个百分点" in card and "▼ −8件" in card


def test_the_indicator_table_is_paged(seed_results):
    rows = [(f"地区{k:02d}", f"scorecards/x{k}.html", "2022年度", 2022, indicator_views.compact(r.indicators))
            for k, r in enumerate(list(seed_results.values()) * 3)]
    pages = dict(indicator_views.table_pages(rows, page_size=4))
    assert [name for name in pages if not name.startswith("indicators-by-")] == [
        "indicators.html", "indicators-2.html", "indicators-3.html", "indicators-4.html"]
    assert [len(pages[f"indicators{s}.html"].rows) for s in ("", "-2", "-3", "-4")] == [4, 4, 4, 3]
    assert [link.current for link in pages["indicators-2.html"].pages] == [False, True, False, False]


def test_the_indicator_table_sorts_by_each_indicator(seed_results):
    rows = [(r.metadata.jurisdiction, "x.html", f"{r.metadata.year}年度", r.metadata.year, indicator_views.compact(r.indicators))
            for r in seed_results.values()]
    pages = dict(indicator_views.table_pages(rows))
    by_cases = pages["indicators-by-review-cases.html"]
    assert [row.name for row in by_cases.rows] == ["宁波市江北区", "赣州市章贡区", "嵊泗县", "海晏县", "长冈乡"]  # 156, 58, 10, 2, none
    assert by_cases.sort_label == "按行政复议案件数从高到低"
    assert [c.current for c in by_cases.columns if c.current] == [True]
    assert len(pages) == 1 + len(DECLARED)


def test_validate_reads_indicator_files_and_runs_their_examples(tmp_path):
    from click.testing import CliRunner

    from lawscore.cli import main

    ok = CliRunner().invoke(main, ["validate", str(CHECKLISTS / "indicators" / "indicators.yaml")])
    assert (ok.exit_code, ok.output) == (0, f"通过: 1 个文件,{len(DECLARED)} 个条目,所有例句都符合预期\n")
    folder = write_indicators(tmp_path, (
        "id: x\ntitle: X\nindicators:\n"
        "  - id: a\n    name: A\n    unit: \"%\"\n    names: [甲率]\n"
        "    examples: [{text: 甲率应达到90%, value: 90}, {text: 甲率80%, value: null}]\n"
    ))
    bad = CliRunner().invoke(main, ["validate", str(folder / "indicators" / "x.yaml")])
    shown = folder / "indicators" / "x.yaml"
    assert bad.exit_code == 2
    assert bad.output == (f'{shown}:4: a: example "甲率80%" reads 80, expected no value; change names or the example\n'
                          f'{shown}:4: a: example "甲率应达到90%" reads no value, expected 90; change names or the example\n'
                          "错误: 清单有 2 个问题,请按上面每行的说明修改\n")


def test_an_amount_in_wanyuan_converts_yuan_and_yiyuan(tmp_path):
    folder = write_indicators(tmp_path, (
        "id: x\ntitle: X\nindicators:\n"
        "  - id: legal-aid-funds\n    name: 法律援助经费\n    unit: 万元\n    section: 34\n    names: [法律援助经费]\n"
        "    examples: [{text: 法律援助经费35万元, value: 35}, {text: 法律援助经费增加, value: null}]\n"
    ))
    extractor = indicators.Extractor(indicators.load(folder))
    for sentence, want in [("投入法律援助经费2.39亿元。", 23900), ("法律援助经费35万元。", 35), ("法律援助经费150000元。", 15)]:
        assert indicators.read_text(extractor, sentence) == [("legal-aid-funds", "value", want)]


def test_report_text_in_the_indicator_section_and_table_is_escaped(setup, tmp_path):
    text = "2022年某县法治政府建设年度报告\n一、工作成效\n<b>县</b>行政机关负责人出庭应诉率100%<script>x</script>。\n"
    result = pipeline.evaluate_document(document(text, "evil.txt"), setup, {"jurisdiction": "<i>某县</i>", "year": 2022})
    out = tmp_path / "out"
    output.write(out, [result], [], {"html"})
    pages = [p.read_text(encoding="utf-8") for p in out.rglob("*.html")]
    assert not any("<script>x" in page or "<b>县" in page or "<i>某县" in page for page in pages)
    card = next((out / "scorecards").glob("*.html")).read_text(encoding="utf-8")
    assert "&lt;b&gt;县&lt;/b&gt;行政机关负责人出庭应诉率<mark>100%</mark>" in card
