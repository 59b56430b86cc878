"""Domain errors raised below the CLI and the exit statuses it turns them into."""
from __future__ import annotations

import enum
from dataclasses import dataclass


class ExitCode(enum.IntEnum):
    OK = 0
    FAILURE = 1  # an unexpected internal error
    USAGE = 2  # a usage or checklist error: the user can fix it


@dataclass(frozen=True, order=True)
class Problem:
    """One checklist problem: `path:line: item: what is wrong; how to fix it`."""

    path: str
    line: int
    item: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}"
        return f"{where}: {self.item}: {self.message}" if self.item else f"{where}: {self.message}"


class ChecklistError(Exception):
    """One or more problems in checklist files; every problem is listed."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ReportError(Exception):
    """A report that cannot be read or scored; the batch goes on without it."""
