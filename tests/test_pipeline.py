"""The whole pipeline on the seeds: metadata, isolation of bad reports, determinism."""
import json

import jsonschema
import pytest

from lawscore import pipeline, results

from conftest import REPORTS, SEEDS, write_output

EXPECTED = {
    # file: (jurisdiction ends with, level, year, published)
    SEEDS["嵊泗县"]: ("嵊泗县", "county", 2022, "2023-03-29"),
    SEEDS["江北区"]: ("江北区", "county", 2023, "2024-03-28"),
    SEEDS["海晏县"]: ("海晏县", "county", 2020, "2020-12-30"),
    SEEDS["长冈乡"]: ("长冈乡", "township", 2024, None),
    SEEDS["章贡区"]: ("章贡区", "county", 2022, None),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_metadata(seed_results, name):
    meta = seed_results[name].metadata
    jurisdiction, level, year, published = EXPECTED[name]
    assert meta.jurisdiction and meta.jurisdiction.endswith(jurisdiction)
    assert (meta.level, meta.year, meta.published) == (level, year, published)


def test_every_seed_has_all_four_required_parts_except_where_missing(seed_results):
    parts = {name: {r.item.id: r.status for r in res.rules.items} for name, res in seed_results.items()}
    # 章贡区 has all four parts, the duty part as a chapter of its own.
    assert parts[SEEDS["章贡区"]] == {
        "part-achievements": "met", "part-shortcomings": "met", "part-duty": "met", "part-plans": "met",
        "part-other": "missing", "on-time": "not_applicable"}
    # 江北区 names its shortcomings in one paragraph inside the achievements chapter.
    assert parts[SEEDS["江北区"]]["part-shortcomings"] == "met"
    # 嵊泗县 does the same inside its plans chapter.
    assert parts[SEEDS["嵊泗县"]]["part-shortcomings"] == "met"


def test_results_json_follows_its_schema(seed_results):
    doc = results.build(list(seed_results.values()), [])
    jsonschema.validate(doc, results.schema())
    assert len(doc["reports"]) == 5


def test_same_inputs_give_byte_identical_output(tmp_path, setup, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the pages' date: the same even across midnight
    res1, err1 = pipeline.run_batch([str(REPORTS)], setup, jobs=1)
    res2, err2 = pipeline.run_batch([str(REPORTS)], setup, jobs=2)
    write_output(tmp_path / "a", res1, err1, {"html", "json"})
    write_output(tmp_path / "b", res2, err2, {"html", "json"})
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert files_a == files_b
    for rel in files_a:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel


def test_a_failed_render_keeps_the_previous_output(tmp_path, setup, monkeypatch):
    res, err = pipeline.run_batch([str(REPORTS)], setup)
    write_output(tmp_path / "out", res, err, {"json"})
    before = (tmp_path / "out" / "results.json").read_bytes()

    def boom(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(results, "entry_bytes", boom)
    with pytest.raises(KeyboardInterrupt):
        write_output(tmp_path / "out", res, err, {"json"})
    assert (tmp_path / "out" / "results.json").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


@pytest.mark.parametrize("year, published, expected", [
    (2022, "2023-03-29", ("met", "2023-03-29发布,在2023年3月31日之前")),
    (2022, "2023-03-31", ("met", "2023-03-31发布,在2023年3月31日之前")),
    (2023, "2024-04-01", ("missing", "2024-04-01发布,晚于2024年3月31日")),
    (2024, None, ("not_applicable", "页面未注明发布日期(或报告年度不详),无法判断是否按时公开")),
    (None, "2024-03-01", ("not_applicable", "页面未注明发布日期(或报告年度不详),无法判断是否按时公开")),
])
def test_publication_deadline(year, published, expected):
    from lawscore import score
    from lawscore.model import Metadata

    assert score.check_status("on_time", Metadata(year=year, published=published)) == expected


def test_seed_timeliness(seed_results):
    on_time = {name: {r.item.id: r.status for r in res.rules.items}["on-time"] for name, res in seed_results.items()}
    assert on_time == {SEEDS["嵊泗县"]: "met", SEEDS["江北区"]: "met", SEEDS["海晏县"]: "met",
                       SEEDS["长冈乡"]: "not_applicable", SEEDS["章贡区"]: "not_applicable"}


def test_a_text_with_radicals_for_ideographs_scores_as_the_clean_text_with_a_warning(seed_results, setup, caplog):
    """A PDF font that maps 长 行 人 to the radicals ⻓ ⾏ ⼈ (issue 17.4): same score, and a warning."""
    from conftest import document, seed_text

    clean = seed_results[SEEDS["长冈乡"]]
    damaged = seed_text("长冈乡").replace("长", "⻓").replace("行", "⾏").replace("人", "⼈")
    with caplog.at_level("WARNING", logger="lawscore.pipeline"):
        result = pipeline.evaluate_document(document(damaged, "radicals.pdf"), setup)
    assert result.outline.score == clean.outline.score
    assert [ir.status for ir in result.outline.items] == [ir.status for ir in clean.outline.items]
    count = sum(damaged.count(c) for c in "⻓⾏⼈")
    warning = (f"正文中有{count}个部首字符（PDF字体把汉字映射成了⻓、⾏一类的部首），"
               f"已换成对应汉字{count}个，无法对应0个；请对照原文核对评分")
    assert warning in result.warnings
    assert f"radicals.pdf: {warning}" in caplog.messages
    assert warning in json.loads(results.entry_bytes(result))["warnings"]


def test_a_few_radicals_are_no_warning(setup):
    from conftest import document

    result = pipeline.evaluate_document(document("⻓冈乡2024年法治政府建设年度报告\n一、主要举措和成效\n全年开展⾏政执法检查12次。"), setup)
    assert not any("部首" in w for w in result.warnings)
