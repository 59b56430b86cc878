"""manifest.yaml: hand-given fields per file name, used the same way by every command."""
from click.testing import CliRunner

from lawscore import checklists, manifest, pipeline
from lawscore.cli import main

from conftest import CHECKLISTS, REPORTS, SEEDS, workspace


def test_manifest_overrides_metadata(tmp_path):
    ws = workspace(tmp_path, {
        "r/a.txt": (REPORTS / SEEDS["长冈乡"]).read_text(encoding="utf-8"),
        "r/manifest.yaml": "a.txt:\n  jurisdiction: 江西省赣州市兴国县长冈乡\n  year: 2024\n  published: '2025-03-20'\n",
    })
    setup = checklists.load_checklists(CHECKLISTS, None)
    res, errors = pipeline.run_batch([str(ws / "r")], setup)
    assert errors == []
    meta = res[0].metadata
    assert (meta.jurisdiction, meta.level, meta.year, meta.published) == (
        "江西省赣州市兴国县长冈乡", "township", 2024, "2025-03-20")
    assert dict(meta.sources)["jurisdiction"] == "manifest"


def test_overrides_for_one_file(tmp_path):
    ws = workspace(tmp_path, {"r/a.txt": "x", "r/manifest.yaml": "a.txt:\n  year: 2019\n  colour: red\n"})
    assert manifest.overrides_for(ws / "r" / "a.txt") == {"year": 2019}
    assert manifest.overrides_for(ws / "r" / "b.txt") == {}
    assert manifest.overrides_for(tmp_path / "elsewhere.txt") == {}


def test_explain_follows_the_manifest_as_evaluate_does(tmp_path):
    """With year: 2019 in the manifest, evaluate scores the report against the 2015-2020 outline;
    explain must explain that verdict, not one against the 2021-2025 outline."""
    text = (REPORTS / SEEDS["章贡区"]).read_text(encoding="utf-8")
    ws = workspace(tmp_path, {"r/a.txt": text, "r/manifest.yaml": "a.txt:\n  year: 2019\n"})
    report = str(ws / "r" / "a.txt")
    setup = checklists.load_checklists(CHECKLISTS, None)
    (evaluated,), _ = pipeline.run_batch([str(ws / "r")], setup)
    assert evaluated.outline.checklist.id == "outline-2015-2020"
    verdict = next(r for r in evaluated.outline.items if r.item.id == "m3-government-structure")

    result = CliRunner().invoke(main, ["explain", report, "--item", "m3-government-structure",
                                       "--checklists", str(CHECKLISTS)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1] == "清单 outline-2015-2020,条目 m3-government-structure: " + verdict.item.title
    assert lines[2].startswith(f"结论: {verdict.status}(") and lines[2].endswith(f")— {verdict.reason}")
    assert lines[0].endswith(" 2019")

    # and an item of the 2021-2025 outline is not among those used for this report
    result = CliRunner().invoke(main, ["explain", report, "--item", "c22-review-committee",
                                       "--checklists", str(CHECKLISTS)])
    assert result.exit_code == 2
    assert '条目 "c22-review-committee" 属于清单 outline-2021-2025' in result.output
    assert "请加 --checklist outline-2021-2025" in result.output


def test_explain_stops_on_a_broken_manifest(tmp_path):
    text = (REPORTS / SEEDS["章贡区"]).read_text(encoding="utf-8")
    ws = workspace(tmp_path, {"r/a.txt": text, "r/manifest.yaml": "- a\n- b\n"})
    result = CliRunner().invoke(main, ["explain", str(ws / "r" / "a.txt"), "--item", "x",
                                       "--checklists", str(CHECKLISTS)])
    assert result.exit_code == 2
    assert result.output == f"错误: {ws / 'r' / 'manifest.yaml'}:1: manifest.yaml 应写成“文件名: 字段”的映射; 字段可用 jurisdiction, level, year, published\n"
