"""lawscore in a locale whose encoding cannot write Chinese (issue 22): the C locale with
Python's locale coercion and UTF-8 mode turned off read every Chinese file name as
undecodable bytes, and the run ended with a UnicodeEncodeError traceback."""
import json
import os
import subprocess
import sys

from conftest import CHECKLISTS, ROOT, seed_text, workspace


def test_a_run_in_the_c_locale_without_coercion_scores_chinese_file_names(tmp_path):
    ws = workspace(tmp_path, {"r/长冈乡.txt": seed_text("长冈乡")})
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0",
           "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, "-m", "lawscore", "evaluate", "r", "--checklists", str(CHECKLISTS),
                           "--out", "out", "--format", "json", "--jobs", "1"],
                          cwd=ws, env=env, capture_output=True, timeout=300, check=False)
    assert b"Traceback" not in done.stderr, done.stderr.decode("utf-8", "replace")
    assert done.returncode == 0
    assert done.stdout.decode("utf-8").startswith("已评分 1 份报告,0 份无法读取")
    doc = json.loads((ws / "out" / "results.json").read_text(encoding="utf-8"))
    assert [r["source"] for r in doc["reports"]] == [os.path.join("r", "长冈乡.txt")]
