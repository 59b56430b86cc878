"""An interrupted run (Ctrl-C or kill) leaves the previous output exactly as it was."""
import signal
import subprocess
import sys
import time

import pytest

from conftest import CHECKLISTS, REPORTS, SEEDS, workspace


def _snapshot(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL])
def test_interrupted_run_keeps_previous_output(tmp_path, sig):
    text = (REPORTS / SEEDS["章贡区"]).read_text(encoding="utf-8")
    ws = workspace(tmp_path, {f"many/r{i:03d}.txt": text.replace("章贡区", f"测试{i:03d}区") for i in range(150)})
    ws = workspace(tmp_path, {"one/a.txt": text})
    cmd = [sys.executable, "-m", "lawscore", "evaluate", "--checklists", str(CHECKLISTS), "--out", str(ws / "out"),
           "--jobs", "1"]
    subprocess.run([*cmd, str(ws / "one")], check=True, capture_output=True)
    before = _snapshot(ws / "out")
    proc = subprocess.Popen([*cmd, str(ws / "many")], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # Wait until the run has started writing its temporary folder, then interrupt it.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(ws.glob(".out.tmp-*/.sections/*")):
        time.sleep(0.05)
    assert list(ws.glob(".out.tmp-*")), "the run never started writing"
    proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert _snapshot(ws / "out") == before
    if sig == signal.SIGINT:
        assert b"Traceback" not in stderr
        assert proc.returncode == 1 and stderr.decode("utf-8").endswith("已中断(Ctrl-C); 没有写出新的结果\n")
        assert not list(ws.glob(".out.tmp-*")), "Ctrl-C leaves no temporary folder behind"
    # The next run cleans up whatever a killed run left and completes.
    subprocess.run([*cmd, str(ws / "one")], check=True, capture_output=True)
    assert _snapshot(ws / "out") == before
    assert not list(ws.glob(".out.*"))
