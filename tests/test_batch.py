"""The batch runner under load and accident (issue 22): bounded work in flight, a wall-clock
limit per report, time limits shown on the scorecard, and workers that end with their parent."""
import os
import signal
import subprocess
import sys
import textwrap
import time
from concurrent.futures import Future

import pytest
from test_hostile_checklists import _checklist as checklist_text

from lawscore import checklist as checklist_mod
from lawscore import match, pipeline
from lawscore.errors import UsageError

from conftest import ROOT, document, seed_text, workspace


def test_work_in_flight_is_bounded_however_long_the_batch():
    """in_order submits at most `window` chunks ahead of the one taken; Executor.map submitted
    all 1,000 tasks at once and kept every result until taken."""
    submitted: list[list] = []

    def submit(part):
        submitted.append(part)
        future: Future = Future()
        future.set_result([f"done {t}" for t in part])
        return future

    tasks = [f"r{i:04d}" for i in range(1000)]
    stream = pipeline.in_order(submit, tasks, chunk=4, window=3)  # type: ignore[arg-type]
    assert next(stream) == "done r0000"
    assert sum(len(p) for p in submitted) == 4 * 4  # three chunks ahead, one more once the first is taken
    taken = ["done r0000", *stream]
    assert taken == [f"done {t}" for t in tasks]
    assert len(submitted) == 250


def test_a_stopped_batch_cancels_the_chunks_no_worker_has_started():
    """A run interrupted while chunks wait in the pool's queue does not score them first: closing
    the stream (what an interrupt does to it) cancels every chunk still pending."""
    futures: list[Future] = []

    def submit(part):
        futures.append(Future())
        if len(futures) == 1:
            futures[0].set_result([f"done {t}" for t in part])
        return futures[-1]

    stream = pipeline.in_order(submit, [f"r{i:02d}" for i in range(40)], chunk=4, window=3)  # type: ignore[arg-type]
    assert next(stream) == "done r00"
    assert len(futures) == 4 and not any(f.cancelled() for f in futures[1:])
    stream.close()
    assert [f.cancelled() for f in futures] == [False, True, True, True]


def _slow_on(name, monkeypatch):
    real = pipeline.score_document  # a batch reads every report first, then scores each

    def evaluate(read, *args, **kwargs):
        if read.document.source.endswith(name):
            time.sleep(60)  # interrupted by the report's time limit
        return real(read, *args, **kwargs)

    monkeypatch.setattr(pipeline, "score_document", evaluate)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_report_past_its_time_limit_is_a_reason_and_the_batch_goes_on(tmp_path, setup, monkeypatch, jobs):
    ws = workspace(tmp_path, {"r/a.txt": seed_text("长冈乡"), "r/b-slow.txt": seed_text("长冈乡"),
                              "r/c.txt": seed_text("长冈乡")})
    monkeypatch.setenv("LAWSCORE_REPORT_SECONDS", "10")  # a machine under a load of 30 scores a seed within it
    _slow_on("b-slow.txt", monkeypatch)  # workers are forked after this, so they have it too
    results, _ = pipeline.run_batch([str(ws / "r")], setup, jobs=jobs)
    by_name = {os.path.basename(r.source): r for r in results}
    assert by_name["b-slow.txt"].errors == (
        "评分超过10秒仍未完成,已放弃这份报告(其余报告照常评分); 如需更长时间,请设置环境变量 LAWSCORE_REPORT_SECONDS",)
    assert by_name["a.txt"].outline is not None and by_name["c.txt"].outline is not None


@pytest.mark.parametrize("setting", ["inf", "nan", "-1", "abc", "1e999"])
def test_a_report_time_limit_that_is_no_number_is_an_error(monkeypatch, setting):
    monkeypatch.setenv("LAWSCORE_REPORT_SECONDS", setting)
    with pytest.raises(UsageError, match="LAWSCORE_REPORT_SECONDS=.*不是正的秒数"):
        pipeline.report_seconds()


def test_a_regex_cut_off_by_its_time_limit_is_a_warning_on_the_scorecard(monkeypatch):
    monkeypatch.setattr(match, "REGEX_TIMEOUT", 1e-6)  # any search now overruns
    c, problems = checklist_mod.parse(checklist_text(regex="(行|行政)*X"), "slow.yaml")
    assert problems == [] and c is not None
    result = pipeline.evaluate_document(document("一、成效\n行政复议" + "行" * 20_000 + "。"), pipeline.ChecklistSet((c,)))
    assert ("清单中的正则表达式 (行|行政)*X 在1处超过1e-06秒未完成,按不匹配处理,评分可能偏低; "
            "请用 lawscore validate 检查并改写它") in result.warnings
    assert match.regex_timeouts == {}  # nothing carried over to the next report


def _alive(pid):
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            return "\nState:\tZ" not in fh.read()
    except FileNotFoundError:
        return False


def test_workers_end_when_the_batch_process_is_killed(tmp_path):
    script = textwrap.dedent("""\
        import os, sys, time
        from pathlib import Path
        from lawscore import ingest, pipeline
        tasks = [(ingest.Source(f"r{i}", Path(os.devnull)), {}, {}) for i in range(40)]
        # Forked workers do this too: they are busy reading (the copy check's first pass) or scoring.
        pipeline.read_file = pipeline.evaluate_file = lambda *args: time.sleep(600)
        stream = pipeline.iter_batch(tasks, pipeline.ChecklistSet(()), frozenset(), jobs=2)
        import threading
        threading.Thread(target=lambda: next(stream), daemon=True).start()
        time.sleep(1)
        def parent_of(pid):
            try:
                return int(open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError):
                return None
        children = [int(p) for p in os.listdir("/proc") if p.isdigit() and parent_of(p) == os.getpid()]
        print(" ".join(map(str, children)), flush=True)
        time.sleep(600)
        """)
    # The killed batch cannot remove its spool folder: let it leave it in tmp_path, not in /tmp.
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, cwd=ROOT, text=True,
                            encoding="utf-8", env=env)
    workers: list[int] = []
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        workers = [int(p) for p in line.split()]
        assert len(workers) == 2 and all(_alive(p) for p in workers)
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        deadline = time.monotonic() + 30  # a bound on the wait, not a speed requirement
        while time.monotonic() < deadline and any(_alive(p) for p in workers):
            time.sleep(0.1)
        assert not any(_alive(p) for p in workers), "worker processes outlived the killed batch"
    finally:
        proc.kill()
        for pid in workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
