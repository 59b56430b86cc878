"""Domain errors raised below the CLI and the exit statuses they end a command with.

Every error a user can fix is a LawscoreError, a click.ClickException: raised anywhere below
the command line, it reaches click at the edge, which prints it (no traceback) as
`错误: what is wrong; how to fix it` and exits 2 (ExitCode.USAGE). Problems in files a user
writes (checklists, reviews.yaml) are a ProblemsError: one `file:line: item: 问题; 修改方法` line
each, then one `错误:` line counting them.
"""
from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import IO, Any

import click


class ExitCode(enum.IntEnum):
    OK = 0
    # lawscore did not finish: interrupted (click's Abort), or an error of its own (a bug: an
    # uncaught exception, which Python ends with 1). Nothing a user can fix causes 1.
    FAILURE = 1
    USAGE = 2  # a usage, input or checklist error the user can fix


ERROR_PREFIX = "错误"

_WORDS = (("Usage:", "用法:"), ("[OPTIONS]", "[选项]"), ("COMMAND [ARGS]...", "命令 [参数]..."), ("Options:", "选项:"),
          ("Commands:", "命令:"), ("Arguments:", "参数:"), ("[required]", "[必填]"), ("[default: ", "[默认: "),
          ("Show the version and exit.", "显示版本并退出。"), ("Show this message and exit.", "显示本说明并退出。"))


# click rewraps a docstring's paragraphs joining its lines with a space: none between two ideographs.
_WRAP_SPACE = re.compile(r"(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])")


def in_chinese(text: str) -> str:
    """click's own words in a help text (Usage, Options, required, default) in Chinese: a
    supervisor reads this help."""
    for english, chinese in _WORDS:
        text = text.replace(english, chinese)
    return _WRAP_SPACE.sub("", text)


def did_you_mean(word: str, known: set[str], otherwise: str) -> str:
    """The fix for a mistyped id: the known ones closest to it, or `otherwise` when none is close."""
    import difflib

    close = difflib.get_close_matches(word, sorted(known), n=3, cutoff=0.6)
    return f"是不是: {'、'.join(close)}?" if close else otherwise


@dataclass(frozen=True, order=True)
class Problem:
    """One checklist problem: `path:line: item: what is wrong; how to fix it`.

    line 0 means the problem has no line (a missing file, a folder): it is then printed as
    `path: …`, never `path:0: …`.
    """

    path: str
    line: int
    item: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line > 0 else self.path
        return f"{where}: {self.item}: {self.message}" if self.item else f"{where}: {self.message}"


class LawscoreError(click.ClickException):
    """An error the user can fix; click prints it as `错误: …` and exits 2."""

    exit_code = int(ExitCode.USAGE)

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"{ERROR_PREFIX}: {self.format_message()}", err=True, file=file)


class ProblemsError(LawscoreError):
    """Problems found in files a user writes (checklists, reviews.yaml), all listed at once.

    Each problem is printed on its own line as `file:line: item: 问题; 修改方法`, sorted by file
    and line, then one summary line `错误: <what>有 N 个问题,…`. A subclass names what has the
    problems in `what`; nothing else differs.
    """

    what = "文件"

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def show(self, file: IO[Any] | None = None) -> None:
        for p in self.problems:
            click.echo(str(p), err=True, file=file)
        count = len(self.problems)
        click.echo(f"{ERROR_PREFIX}: {self.what}有 {count} 个问题,请按上面每行的说明修改", err=True, file=file)


class ChecklistError(ProblemsError):
    """One or more problems in checklist files; every problem is listed, one a line."""

    what = "清单"


class ReportError(LawscoreError):
    """A report that cannot be read or scored; a batch goes on without it, a command on one
    report (`explain`) stops with it."""


class UsageError(LawscoreError):
    """A command used wrongly (a path that does not exist, an unknown option): the usage line,
    then `错误: …`, exit 2. click's own usage errors are turned into this one in cli.py."""

    def __init__(self, message: str, ctx: click.Context | None = None) -> None:
        super().__init__(message)
        self.ctx = ctx

    def show(self, file: IO[Any] | None = None) -> None:
        if self.ctx is not None:
            click.echo(in_chinese(self.ctx.get_usage()), err=True, file=file)
            click.echo(f"运行 '{self.ctx.command_path} -h' 查看用法。\n", err=True, file=file)
        super().show(file)
