"""Quantitative indicators declared in checklists/indicators/ (indicators.py): their examples,
their errors for authors, and how every output shows them. Reading them from reports is
tests/test_figures.py."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from lawscore import authoring, indicators, pipeline
from lawscore.errors import ChecklistError
from lawscore.render import indicators as indicator_pages

from conftest import CHECKLISTS, document, workspace, write_output

DECLARED = indicators.load(CHECKLISTS)

def test_every_declared_example_behaves():
    assert authoring.indicator_example_problems(DECLARED) == []


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
        f"{shown}:7: b: section 40 不是2021—2025纲要中的工作节; 请写 4 到 35",
        f"{shown}:9: b: target: min 100 大于 max 5; 请交换两者",
        f"{shown}:11: b: id 重复(第 4 行已用过); 每个指标用自己的 id",
        f'{shown}:15: b: whole: 只有比率才把“全覆盖”读作100%,而单位是 "件"; 请删掉 whole,或把单位改为 "%"',
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
    write_output(out, list(seed_results.values()), [], {"html", "json", "csv", "xlsx"})
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
    write_output(out, results, [], {"html"})
    card = next((out / "scorecards").glob("某县-*.html")).read_text(encoding="utf-8")
    assert "量化指标历年变化" in card
    # 出庭应诉率 is better higher; a count of cases is neither better nor worse for its change
    assert '<span class="delta delta-good">▲ +10个百分点（向好）</span>' in card
    assert '<span class="delta delta-neutral">▼ −8件</span>' in card


def test_which_way_is_better_comes_from_the_declaration_or_its_target():
    better = {ind.id: ind.better for ind in DECLARED}
    assert better["loss-rate"] == "lower"  # written: a lower 败诉率 is better
    assert better["appearance-rate"] == "higher"
    assert better["major-enforcement-review-rate"] == "higher"  # from its target: min 100
    assert better["review-cases"] == "" and better["direct-correction-rate"] == ""


def test_a_falling_loss_rate_is_shown_as_better_and_a_falling_appearance_rate_as_worse():
    def compact(ind_id, name, value, better):
        return (ind_id, name, "%", value, None, "", "reported", better)

    before = (compact("loss-rate", "败诉率", 6.0, "lower"), compact("appearance-rate", "出庭应诉率", 98.0, "higher"),
              compact("x-rate", "纠错率", 10.0, ""))
    after = (compact("loss-rate", "败诉率", 4.5, "lower"), compact("appearance-rate", "出庭应诉率", 95.0, "higher"),
             compact("x-rate", "纠错率", 7.0, ""))
    got = indicator_pages.trend(["2022年度", "2023年度"], [before, after])
    assert got is not None
    cells = {row.label: row.cells[1] for row in got.rows}
    assert (cells["败诉率"].delta_label, cells["败诉率"].tone, cells["败诉率"].tone_label) == ("▼ −1.5个百分点", "good", "向好")
    assert (cells["出庭应诉率"].delta_label, cells["出庭应诉率"].tone) == ("▼ −3个百分点", "bad")
    assert (cells["纠错率"].tone, cells["纠错率"].tone_label) == ("neutral", "")


def test_the_indicator_table_is_paged(seed_results):
    rows = [(f"地区{k:02d}", f"scorecards/x{k}.html", "2022年度", 2022, tuple(ir.compact() for ir in r.indicators))
            for k, r in enumerate(list(seed_results.values()) * 3)]
    pages = dict(indicator_pages.table_pages(rows, page_size=4))
    assert [name for name in pages if not name.startswith("indicators-by-")] == [
        "indicators.html", "indicators-2.html", "indicators-3.html", "indicators-4.html"]
    assert [len(pages[f"indicators{s}.html"].rows) for s in ("", "-2", "-3", "-4")] == [4, 4, 4, 3]
    assert [link.current for link in pages["indicators-2.html"].pages] == [False, True, False, False]


def test_the_indicator_table_sorts_by_each_indicator(seed_results):
    rows = [(r.metadata.jurisdiction, "x.html", f"{r.metadata.year}年度", r.metadata.year, tuple(ir.compact() for ir in r.indicators))
            for r in seed_results.values()]
    pages = dict(indicator_pages.table_pages(rows))
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
    assert bad.output == (f'{shown}:4: a: 例句 "甲率80%" 读出 80,应为 无数值; 请修改名称(names)或例句\n'
                          f'{shown}:4: a: 例句 "甲率应达到90%" 读出 无数值,应为 90; 请修改名称(names)或例句\n'
                          "错误: 清单有 2 个问题,请按上面每行的说明修改\n")


def test_report_text_in_the_indicator_section_and_table_is_escaped(setup, tmp_path):
    text = "2022年某县法治政府建设年度报告\n一、工作成效\n<b>县</b>行政机关负责人出庭应诉率100%<script>x</script>。\n"
    result = pipeline.evaluate_document(document(text, "evil.txt"), setup, {"jurisdiction": "<i>某县</i>", "year": 2022})
    out = tmp_path / "out"
    write_output(out, [result], [], {"html"})
    pages = [p.read_text(encoding="utf-8") for p in out.rglob("*.html")]
    assert not any("<script>x" in page or "<b>县" in page or "<i>某县" in page for page in pages)
    card = next((out / "scorecards").glob("*.html")).read_text(encoding="utf-8")
    assert "&lt;b&gt;县&lt;/b&gt;行政机关负责人出庭应诉率<mark>100%</mark>" in card
