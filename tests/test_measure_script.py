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
