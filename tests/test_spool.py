"""The batch's spool (spool.py): reports kept on disk between the two passes, one file per
process, and the folders of killed batches removed by the next batch."""
from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from lawscore import pipeline, spool

from conftest import ROOT, document, seed_text, workspace


def test_a_spooled_report_comes_back_whole_with_its_sentences(tmp_path):
    reads = [pipeline.read_document(document(seed_text(name), f"{name}.txt")) for name in ("嵊泗县", "江北区")]
    records = [spool.put(str(tmp_path), read, spool.lines(read)) for read in reads]
    for read, record in zip(reads, records):
        assert spool.get(str(tmp_path), record) == read
        assert spool.sentences(str(tmp_path), record) == [s.text.replace("\n", " ") for s in read.segmentation.sentences]
    # One file for the process, the second report after the first: no file per report.
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{os.getpid()}.spool"]
    assert records[1].offset == records[0].offset + records[0].texts + records[0].data


def _spool_folder(base: Path, pid: int, started: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix=spool.PREFIX, dir=base))
    (folder / spool.MARKER).write_text(f"{pid} {started}\n", encoding="ascii")
    (folder / f"{pid}.spool").write_bytes(b"x")
    return folder


def _start_time(pid: int) -> str:
    with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
        return fh.read().rsplit(")", 1)[1].split()[19]


def test_only_the_spools_of_ended_batches_are_removed(tmp_path):
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                           text=True, encoding="utf-8", check=True)
    dead = _spool_folder(tmp_path, int(ended.stdout), "12345")
    reused = _spool_folder(tmp_path, os.getpid(), "1")  # this pid, but a process started at another time
    living = _spool_folder(tmp_path, os.getpid(), _start_time(os.getpid()))
    unmarked = Path(tempfile.mkdtemp(prefix=spool.PREFIX, dir=tmp_path))  # made by someone else, or older
    (unmarked / "0.pickle").write_bytes(b"x")
    garbled = _spool_folder(tmp_path, os.getpid(), "1")
    (garbled / spool.MARKER).write_text("not a pid\n", encoding="ascii")
    other = tmp_path / "lawscore-bench-x"  # not a spool's name
    other.mkdir()
    assert sorted(spool.remove_stale(str(tmp_path))) == sorted([dead, reused])
    assert not dead.exists() and not reused.exists()
    assert living.exists() and unmarked.exists() and garbled.exists() and other.exists()


def test_the_next_batch_removes_the_spool_of_a_batch_killed_with_kill_9(tmp_path, monkeypatch, setup):
    reports = workspace(tmp_path, {"r/a.txt": seed_text("嵊泗县"), "r/b.txt": seed_text("江北区")}) / "r"
    base = tmp_path / "tmp"
    base.mkdir()
    # A batch stopped between its two passes (the copy check never returns), then killed.
    script = textwrap.dedent("""\
        import sys, time
        from pathlib import Path
        from lawscore import copies, pipeline
        def stop(prints):
            print("spooled", flush=True)
            time.sleep(600)
            yield
        copies.find = stop
        setup = pipeline.load_checklists(Path(sys.argv[2]), None)
        pipeline.run_batch([sys.argv[1]], setup)
        """)
    proc = subprocess.Popen([sys.executable, "-c", script, str(reports), str(ROOT / "checklists")],
                            stdout=subprocess.PIPE, text=True, encoding="utf-8", env={**os.environ, "TMPDIR": str(base)})
    try:
        assert proc.stdout is not None and proc.stdout.readline() == "spooled\n"
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
    finally:
        proc.kill()
    left, = base.glob(spool.PREFIX + "*")
    assert (left / spool.MARKER).read_text(encoding="ascii").split()[0] == str(proc.pid)
    assert (left / f"{proc.pid}.spool").stat().st_size > 0  # both reports, read in the first pass
    monkeypatch.setattr(tempfile, "tempdir", str(base))
    results, errors = pipeline.run_batch([str(reports)], setup)
    assert errors == [] and [r.copies is not None for r in results] == [True, True]
    assert list(base.iterdir()) == []  # the killed batch's spool and this batch's own are gone


def test_a_report_whose_sentence_is_not_a_slice_of_its_text_comes_back_whole(tmp_path):
    # Sentences and paragraphs are spooled without their texts when these are the slices of the
    # normalised text their offsets name; one that is not keeps its own.
    read = pipeline.read_document(document(seed_text("嵊泗县"), "嵊泗县.txt"))
    seg = read.segmentation
    first = dataclasses.replace(seg.sentences[0], text=seg.sentences[0].text + "(改)")
    changed = dataclasses.replace(read, segmentation=dataclasses.replace(seg, sentences=(first, *seg.sentences[1:])))
    for report in (read, changed):
        assert spool.get(str(tmp_path), spool.put(str(tmp_path), report, spool.lines(report))) == report
