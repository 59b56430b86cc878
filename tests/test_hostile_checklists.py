"""Checklists written to hurt (issue 22, points 7, 8 and 10): alias bombs, FIFOs, runaway
regular expressions, huge files and `extends:` reaching out of the checklists folder. Each is
an exact error line or a skipped checklist, never a hang, a traceback or a file's content."""
import os
import shutil
import textwrap
import threading

import pytest
from click.testing import CliRunner

from lawscore import checklist as checklist_mod
from lawscore import checklist_set
from lawscore.cli import main

from conftest import CHECKLISTS, REPORTS, SEEDS, workspace

GOOD = textwrap.dedent("""\
    id: {id}
    title: 测试清单
    kind: outline
    {extra}items:
      - id: c22
        clause: 22
        title: 行政复议
        weight: 1
        patterns:
          - any_of: [行政复议]{regex}
        examples:
          match: [全年办理行政复议案件45件。, 全年共受理行政复议申请120件。]
          no_match: ["下一步,将加强行政复议工作。", 行政复议工作仍有不足。]
    """)


def _checklist(id="test", extra="", regex=""):
    return GOOD.format(id=id, extra=extra, regex=f"\n        regex: '{regex}'" if regex else "")


def _laughs():
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    return "\n".join(lines) + "\n"


def _evaluate(ws, lists):
    return CliRunner().invoke(main, ["evaluate", str(ws / "r"), "--checklists", str(lists), "--out", str(ws / "out"),
                                     "--format", "json", "--jobs", "1"])


def test_an_alias_bomb_sitting_unused_in_the_folder_does_not_stop_the_run(tmp_path):
    lists = tmp_path / "lists"
    shutil.copytree(CHECKLISTS, lists)
    (lists / "bomb.yaml").write_text(_laughs(), encoding="utf-8")
    ws = workspace(tmp_path, {"r/a.txt": (REPORTS / SEEDS["长冈乡"]).read_text(encoding="utf-8")})
    result = _evaluate(ws, lists)
    assert result.exit_code == 0, result.output
    assert (f"警告: {lists / 'bomb.yaml'}:5: 别名(*)重复引用的内容太多: 展开后超过 10000 个值; "
            "请直接写出内容,或少用别名(&锚点 / *别名)(该清单未使用)") in result.output.splitlines()
    assert "已评分 1 份报告" in result.output


def _returns_within(seconds, fn, unblock):
    """Run fn in a thread; if it has not returned after `seconds`, unblock it and fail."""
    done: list = []
    worker = threading.Thread(target=lambda: done.append(fn()), daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        unblock()
        worker.join(10)
        pytest.fail("blocked")
    return done[0]


def test_a_fifo_named_yaml_in_the_checklists_folder_does_not_hang(tmp_path, monkeypatch):
    monkeypatch.setenv("LAWSCORE_CACHE", str(tmp_path / "cache"))
    lists = tmp_path / "lists"
    lists.mkdir()
    (lists / "a.yaml").write_text(_checklist("a"), encoding="utf-8")
    os.mkfifo(lists / "b.yaml")

    def unblock():
        os.close(os.open(lists / "b.yaml", os.O_WRONLY | os.O_NONBLOCK))

    setup = _returns_within(30, lambda: checklist_set.load_checklists(lists, None), unblock)
    assert [c.id for c in setup.checklists] == ["a"]
    result = _returns_within(30, lambda: CliRunner().invoke(main, ["validate", str(lists / "b.yaml")]), unblock)
    assert result.exit_code == 2
    assert result.output.splitlines()[0] == (
        f"{lists / 'b.yaml'}: 不是普通文件(可能是管道、设备或文件夹),没有读取; 请换成普通的 YAML 文件")


def test_validate_refuses_a_regex_that_runs_away_on_a_stress_text(tmp_path):
    path = tmp_path / "slow.yaml"
    path.write_text(_checklist(regex=r"(?:\w|\w\w)*行政复议"), encoding="utf-8")
    assert checklist_mod.load(path).items[0].patterns[0].regex  # loading alone passes it
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2
    assert result.output.splitlines()[0].startswith(
        f"{path}:10: c22: patterns[0].regex: 在一段 2004 字的测试文字(“行政复议…")
    assert "秒仍未完成,评分时会逐句超时、按不匹配处理; 请改写" in result.output.splitlines()[0]


def test_validate_passes_a_sound_regex(tmp_path):
    path = tmp_path / "fine.yaml"
    path.write_text(_checklist(regex=r"行政复议[^。]{0,20}\d+件"), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output


def test_a_10_mb_checklist_is_refused_at_once(tmp_path):
    path = tmp_path / "huge.yaml"
    item = _checklist().split("items:\n", 1)[1]
    head = _checklist().split("items:\n", 1)[0] + "items:\n"
    with path.open("w", encoding="utf-8") as fh:
        fh.write(head)
        for n in range(10 * 1024 * 1024 // len(item.encode()) + 1):
            fh.write(item.replace("id: c22", f"id: c{n}"))
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        f"{path}: 文件超过 2 MB,没有读取; 清单、manifest.yaml 和 reviews.yaml 不会这么大,请检查是否选错了文件,或把它拆成几个文件",
        "错误: 清单有 1 个问题,请按上面每行的说明修改"]


@pytest.mark.parametrize("name", ["/etc/passwd", "../secret", "../secret.yaml", "sub/parent", ".."])
def test_extends_names_a_checklist_of_the_folder_never_a_path(tmp_path, name):
    secret = tmp_path / "secret.yaml"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\nsecret-line-2\n", encoding="utf-8")
    lists = tmp_path / "lists"
    (lists / "sub").mkdir(parents=True)
    (lists / "sub" / "parent.yaml").write_text(_checklist("parent"), encoding="utf-8")
    (lists / "child.yaml").write_text(_checklist("child", extra=f"extends: '{name}'\n"), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(lists / "child.yaml")])
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        f"{lists / 'child.yaml'}:4: extends 只能写同一文件夹中清单的 id 或文件名,不能写路径; 请把要继承的清单放进这个文件夹,写它的 id",
        "错误: 清单有 1 个问题,请按上面每行的说明修改"]


def test_extends_through_a_link_out_of_the_folder_finds_nothing(tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text(_checklist("outside"), encoding="utf-8")
    lists = tmp_path / "lists"
    lists.mkdir()
    (lists / "parent.yaml").symlink_to(outside)
    (lists / "child.yaml").write_text(_checklist("child", extra="extends: parent\n"), encoding="utf-8")
    with pytest.raises(checklist_mod.ChecklistError) as refused:
        checklist_mod.load(lists / "child.yaml")
    assert [p.message for p in refused.value.problems] == [
        f'extends "parent": {lists} 中没有这个清单; 请用同一文件夹中清单的 id 或文件名']


def test_an_error_quotes_at_most_a_few_characters_of_a_value(tmp_path):
    path = tmp_path / "long.yaml"
    path.write_text(_checklist().replace("title: 测试清单", "title: [" + ", ".join(["秘密的一行"] * 200) + "]"),
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2
    assert result.output.splitlines()[0] == (
        f'{path}:2: title: ["秘密的一行", "秘密的一行", "秘密的一行", "秘密的一行", "秘密… 不是文字; 这里请写文字')


@pytest.mark.parametrize("sub", ["indicators", "concepts"])
def test_a_fifo_among_the_indicators_or_concepts_does_not_hang(tmp_path, monkeypatch, sub):
    monkeypatch.setenv("LAWSCORE_CACHE", "off")
    lists = tmp_path / "lists"
    shutil.copytree(CHECKLISTS, lists)
    os.mkfifo(lists / sub / "x.yaml")

    def unblock():
        os.close(os.open(lists / sub / "x.yaml", os.O_WRONLY | os.O_NONBLOCK))

    setup = _returns_within(60, lambda: checklist_set.load_checklists(lists, None), unblock)
    assert setup.checklists
