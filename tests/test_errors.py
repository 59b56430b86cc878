"""The one list-of-problems error: every problem on its own line, sorted, then one summary."""
from __future__ import annotations

import io

from lawscore.errors import ChecklistError, ExitCode, Problem, ProblemsError


def test_problems_are_sorted_by_file_and_line_then_counted_once():
    error = ChecklistError([
        Problem("checklists/b.yaml", 3, "2.1", "未知字段 kind; 删掉它"),
        Problem("checklists/a.yaml", 0, "", "不是 UTF-8 文本; 另存为 UTF-8"),
        Problem("checklists/a.yaml", 12, "1.1", "缺少 title; 补上标题"),
    ])
    out = io.StringIO()
    error.show(out)
    assert out.getvalue() == (
        "checklists/a.yaml: 不是 UTF-8 文本; 另存为 UTF-8\n"
        "checklists/a.yaml:12: 1.1: 缺少 title; 补上标题\n"
        "checklists/b.yaml:3: 2.1: 未知字段 kind; 删掉它\n"
        "错误: 清单有 3 个问题,请按上面每行的说明修改\n"
    )
    assert error.exit_code == ExitCode.USAGE


def test_a_subclass_only_names_what_has_the_problems():
    class ManifestError(ProblemsError):
        what = "报告目录"

    out = io.StringIO()
    ManifestError([Problem("reports/manifest.yaml", 2, "", "缺少 level")]).show(out)
    assert out.getvalue() == (
        "reports/manifest.yaml:2: 缺少 level\n"
        "错误: 报告目录有 1 个问题,请按上面每行的说明修改\n"
    )
