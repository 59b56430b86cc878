"""scripts/measure.py, the labelled-set measurement: a figure scored without one of the
checklists would look plausible and be wrong, so a checklist with a problem stops it."""
import importlib.util
import shutil

from conftest import CHECKLISTS, ROOT


def _measure():
    spec = importlib.util.spec_from_file_location("measure", ROOT / "scripts" / "measure.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_checklist_with_a_problem_stops_the_measurement(tmp_path, capsys):
    folder = tmp_path / "checklists"
    shutil.copytree(CHECKLISTS, folder)
    old = folder / "outline-2015-2020.yaml"
    text = old.read_text(encoding="utf-8")
    first = text.index("    weight: ")
    old.write_text(text[:first] + "    weight: heavy" + text[text.index("\n", first):], encoding="utf-8")
    dev = tmp_path / "dev"
    dev.mkdir()
    (dev / "gold-seeds.jsonl").write_text("", encoding="utf-8")
    code = _measure().main(["--set", "seeds", "--checklists", str(folder), "--dev", str(dev)])
    err = capsys.readouterr().err
    assert code == 2
    line = text[:first].count("\n") + 1
    assert f"outline-2015-2020.yaml:{line}:" in err and '"heavy" 不是数字' in err
    assert "fix them first" in err


def test_log_appends_a_line_per_set_measured(tmp_path, capsys):
    """--log keeps the record of every measurement: when, on which commit, which set, the
    work-done figures and the note saying what changed."""
    dev = tmp_path / "dev"
    (dev / "texts").mkdir(parents=True)
    (dev / "texts" / "s1.txt").write_text(
        "2023年法治政府建设年度报告\n一、工作成效\n全年共办理行政复议案件56件,纠错率12%。\n", encoding="utf-8")
    (dev / "gold-seeds.jsonl").write_text(
        '{"id": "s1", "file": "texts/s1.txt", "clauses": {"22": {"done": true, "gap": false, "plan": false}}}\n',
        encoding="utf-8")
    log = tmp_path / "sealed.log"
    log.write_text("earlier line\n", encoding="utf-8")
    assert _measure().main(["--set", "seeds", "--dev", str(dev), "--log", str(log), "--note", "a change"]) == 0
    capsys.readouterr()
    earlier, line = log.read_text(encoding="utf-8").splitlines()
    when, commit, name, figures, note = line.split("\t")
    assert earlier == "earlier line"
    assert (name, figures, note) == ("seeds", "P 1.000 R 1.000 F1 1.000 (tp 1, fp 0, fn 0)", "a change")
    assert len(when) == len("2026-12-07 18:28") and commit


def test_the_readable_sets_are_measured_without_scoring_a_sealed_document(tmp_path, capsys):
    """--set readable measures the seeds and the halves that may be read, and its headline
    correlation too is over those alone: a sealed document (even id from h052) is not even
    read, so developing against the readable sets leaves the sealed half untouched."""
    dev = tmp_path / "dev"
    (dev / "texts").mkdir(parents=True)
    text = "2023年法治政府建设年度报告\n一、工作成效\n全年共办理行政复议案件56件,纠错率12%。\n"
    for name in ("s1", "h053"):
        (dev / "texts" / f"{name}.txt").write_text(text, encoding="utf-8")
    # h054 is sealed; its file is missing, so reading it would show as "not read: texts/h054.txt"
    clauses = '{"22": {"done": true, "gap": false, "plan": false}}'
    (dev / "gold-seeds.jsonl").write_text(f'{{"id": "s1", "file": "texts/s1.txt", "clauses": {clauses}}}\n',
                                          encoding="utf-8")
    (dev / "gold-openings.jsonl").write_text(
        f'{{"id": "h053", "file": "texts/h053.txt", "clauses": {clauses}}}\n'
        f'{{"id": "h054", "file": "texts/h054.txt", "clauses": {clauses}}}\n', encoding="utf-8")
    assert _measure().main(["--set", "readable", "--dev", str(dev), "--details"]) == 0
    out = capsys.readouterr().out
    assert "h054" not in out and "sealed" not in out
    assert "== new-tune: 1 documents" in out
    assert "== openings that may be read: headline (section coverage) vs labelled done sections, 1 documents" in out
    assert _measure().main(["--set", "all", "--dev", str(dev)]) == 0
    assert "not read: texts/h054.txt" in capsys.readouterr().out  # the full run does read it
