"""The output folder: written completely or not at all, one run at a time, and never a folder
lawscore did not write touched (issue 22, points 1 and 3)."""
import os
import threading

import pytest
from click.testing import CliRunner

from lawscore import output
from lawscore.cli import main
from lawscore.output import Processed

from conftest import CHECKLISTS, REPORTS, SEEDS, workspace


def _user_folder(path, note="我的笔记"):
    path.mkdir(parents=True)
    (path / "note.txt").write_text(note, encoding="utf-8")
    return path


def _write(out, sources=("a.txt",)):
    """A json-only output for reports that could not be read: the quickest complete run."""
    return output.write_stream(out, (Processed(source=s, error="坏") for s in sources), [], {"json"})


def test_a_refused_run_leaves_a_users_old_folder_alone(tmp_path):
    target = _user_folder(tmp_path / "Documents", "论文")
    keep = _user_folder(tmp_path / ".Documents.old-keep")
    with pytest.raises(output.OutputError, match="不是 lawscore 写的文件"):
        _write(target)
    assert (keep / "note.txt").read_text(encoding="utf-8") == "我的笔记"
    assert (target / "note.txt").read_text(encoding="utf-8") == "论文"


def test_a_users_old_folder_is_never_moved_onto_an_absent_target(tmp_path):
    keep = _user_folder(tmp_path / ".out.old-keep")
    _write(tmp_path / "out")
    assert (keep / "note.txt").is_file()
    assert not (tmp_path / "out" / "note.txt").exists()
    assert (tmp_path / "out" / "results.json").is_file()


def test_a_successful_run_leaves_a_users_tmp_folder_alone(tmp_path):
    notes = _user_folder(tmp_path / ".out.tmp-notes")
    _write(tmp_path / "out")
    _write(tmp_path / "out")
    assert (notes / "note.txt").read_text(encoding="utf-8") == "我的笔记"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.tmp-notes", "out"]


def test_what_a_killed_run_left_is_put_back_or_removed(tmp_path):
    """A run killed between its two renames left the previous output as .out.old-*, marked."""
    _write(tmp_path / "out", ["previous.txt"])
    before = (tmp_path / "out" / "results.json").read_bytes()
    (tmp_path / "out").rename(tmp_path / ".out.old-123")
    stale = tmp_path / ".out.tmp-456"
    stale.mkdir()
    (stale / output.MARKER).write_text(output.MARKER_TEXT, encoding="utf-8")
    with pytest.raises(RuntimeError):  # the next run fails, but first puts the previous output back
        output.write_stream(tmp_path / "out", _failing(), [], {"json"})
    assert (tmp_path / "out" / "results.json").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def _failing():
    yield Processed(source="a.txt", error="坏")
    raise RuntimeError("boom")


def test_a_second_run_into_the_same_folder_is_refused_and_the_first_completes(tmp_path):
    out = tmp_path / "out"
    started, release = threading.Event(), threading.Event()
    done: list = []

    def slow():
        started.set()
        release.wait(30)
        yield Processed(source="first.txt", error="坏")

    first = threading.Thread(target=lambda: done.append(output.write_stream(out, slow(), [], {"json"})))
    first.start()
    try:
        assert started.wait(30)
        live = list(tmp_path.glob(".out.tmp-*"))
        assert len(live) == 1
        with pytest.raises(output.OutputError) as refused:
            _write(out, ["second.txt"])
        assert str(refused.value.message).startswith("另一个 lawscore evaluate(进程 ")
        assert str(refused.value.message).endswith(f"正在写入 {out}; 请等它结束后再运行,或用 --out 另选一个文件夹")
        assert live[0].is_dir(), "the live temporary folder of the first run is kept"
    finally:
        release.set()
        first.join(30)
    assert done and done[0].unreadable == [("first.txt", "坏")]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # the lock file is gone with the run


def test_evaluate_into_a_folder_another_run_is_writing_is_an_error_line(tmp_path):
    ws = workspace(tmp_path, {"reports/a.txt": (REPORTS / SEEDS["长冈乡"]).read_text(encoding="utf-8")})
    with output._Lock(ws / "out"):
        result = CliRunner().invoke(main, ["evaluate", str(ws / "reports"), "--checklists", str(CHECKLISTS),
                                           "--out", str(ws / "out"), "--format", "json", "--jobs", "1"])
    assert result.exit_code == 2
    assert result.output.splitlines()[-1].startswith("错误: 另一个 lawscore evaluate(进程 ")
    assert "Traceback" not in result.output
    assert not (ws / "out").exists()


def test_a_failed_swap_puts_the_previous_output_back(tmp_path, monkeypatch):
    _write(tmp_path / "out", ["previous.txt"])
    before = (tmp_path / "out" / "results.json").read_bytes()
    real = os.rename

    def rename(src, dst):
        if ".tmp-" in str(src):
            raise OSError(28, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(OSError):
        _write(tmp_path / "out", ["new.txt"])
    assert (tmp_path / "out" / "results.json").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
