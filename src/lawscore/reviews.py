"""`reviews.yaml` in a report folder: a supervisor's corrections of item verdicts, per report
file and item, kept across runs.

    000_d9075f519bf93576.txt:
      c22-review-cases:
        status: met
        reason: 第三部分写明全年办理复议案件45件
        by: 张三
        date: 2026-12-02
        sha256: 3b7f…(the report file's sha256 when the review was made)

Every command that scores reports reads it the same way (`read_reviews(folder, items)`); a
review is applied in the score stage (score.apply_reviews) only to the file it was made for.
A mistake in the file (an unknown report, item, status or field) is a ReviewError listing
every problem as `reviews.yaml:LINE: item: what is wrong; how to fix it`, and nothing is
written. `write_review` adds or replaces one entry, keeping the others, atomically.
"""
from __future__ import annotations

import difflib
import hashlib
import os
import re
from collections.abc import Collection
from pathlib import Path

import yaml

from .errors import Problem
from .labels import STATUS_LABELS
from .model import Review
from .yamlload import LineDict, YamlError, load_yaml

REVIEWS = "reviews.yaml"
FIELDS = ("status", "reason", "by", "date", "sha256")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
HEADER = (
    "# 人工复核记录(lawscore review 写入,也可手工编辑;说明见 docs/supervisor-guide.md)。\n"
    "# 每条记录只对 sha256 相同的报告文件生效:报告文件改动后,记录显示为“待重新复核”,不再采用。\n"
)

Reviews = dict[str, dict[str, Review]]  # report file name -> item id -> review


class ReviewError(Exception):
    """Problems in a reviews.yaml; every one is listed, and nothing may be written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def file_sha256(path: Path) -> str:
    """The sha256 of a report file's bytes, as ingest records it."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def known_items(checklists: Collection) -> frozenset[str]:
    """Every item id of the checklists a run uses (reviews naming others are mistakes)."""
    return frozenset(item.id for checklist in checklists for item in checklist.items)


def _one_of(values: Collection[str], limit: int = 8) -> str:
    ordered = sorted(values)
    shown = ", ".join(ordered[:limit])
    return shown + (", …" if len(ordered) > limit else "")


def _report_files(folder: Path) -> list[str]:
    from .ingest import REPORT_SUFFIXES

    return sorted(p.name for p in folder.iterdir()
                  if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES and not p.name.startswith("."))


def _entry(shown: str, folder: Path, report: str, item: str, fields: object, line: int,
           items: Collection[str] | None, problems: list[Problem]) -> Review | None:
    """One review, checked; problems are appended and None returned when it cannot be used."""
    if items is not None and item not in items:
        close = difflib.get_close_matches(item, list(items), n=1)
        fix = f'did you mean "{close[0]}"?' if close else "use an item id from the checklist (lawscore explain REPORT --item ID lists them)"
        problems.append(Problem(shown, line, item, f"unknown item for {report}; {fix}"))
        return None
    if not isinstance(fields, dict):
        problems.append(Problem(shown, line, item, f"a review must be a mapping of {', '.join(FIELDS)}; "
                                "indent them under the item id"))
        return None
    where = fields.line_of if isinstance(fields, LineDict) else (lambda key: line)
    ok = True
    for key in sorted(k for k in fields if k not in FIELDS):
        problems.append(Problem(shown, where(key), item, f'unknown field "{key}"; use only: {", ".join(FIELDS)}'))
        ok = False
    status = fields.get("status")
    if status not in STATUS_LABELS:
        what = "no status" if status is None else f'unknown status "{status}"'
        problems.append(Problem(shown, where("status"), item, f"{what}; use one of: {', '.join(STATUS_LABELS)}"))
        ok = False
    for key, fix in (("reason", "say why the verdict is corrected"), ("by", "name the reviewer")):
        value = fields.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.append(Problem(shown, where(key) if key in fields else line, item, f"no {key}; {fix}"))
            ok = False
    date = fields.get("date")
    if not isinstance(date, str) or not _DATE.match(date):
        what = "no date" if date is None else f'date "{date}" is not YYYY-MM-DD'
        problems.append(Problem(shown, where("date") if "date" in fields else line, item,
                                f"{what}; write the day of the review as YYYY-MM-DD"))
        ok = False
    sha = fields.get("sha256")
    if not isinstance(sha, str) or not _SHA256.match(sha):
        what = "no sha256 of the report" if sha is None else f'sha256 "{sha}" is not 64 hex digits'
        current = file_sha256(folder / report)
        problems.append(Problem(shown, where("sha256") if "sha256" in fields else line, item,
                                f"{what}; add `sha256: {current}` (the file as it is now) "
                                "or write the review with `lawscore review`"))
        ok = False
    if not ok:
        return None
    return Review(report=report, item_id=item, status=str(status), reason=str(fields["reason"]).strip(),
                  by=str(fields["by"]).strip(), date=str(date), sha256=str(sha), line=line)


def parse(text: str, shown: str, folder: Path, items: Collection[str] | None = None) -> Reviews:
    """The reviews in `text` (the reviews.yaml of `folder`, shown as `shown` in messages)."""
    try:
        data = load_yaml(text)
    except YamlError as exc:
        raise ReviewError([Problem(shown, exc.line, "", f"not valid YAML: {exc.message}")]) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ReviewError([Problem(shown, getattr(data, "line", 1) or 1, "",
                                   "reviews.yaml must map report file names to items; see docs/supervisor-guide.md")])
    problems: list[Problem] = []
    out: Reviews = {}
    present: list[str] | None = None
    for report, entries in data.items():
        line = data.line_of(report) if isinstance(data, LineDict) else 1
        name = str(report)
        if not (folder / name).is_file() or "/" in name or "\\" in name:
            present = _report_files(folder) if present is None else present
            fix = f"use the file name of a report in this folder: {_one_of(present)}" if present else \
                "put reviews.yaml in the folder of the reports it reviews"
            problems.append(Problem(shown, line, name, f"unknown report: no such file beside {REVIEWS}; {fix}"))
            continue
        if not isinstance(entries, dict):
            problems.append(Problem(shown, line, name, "a report's reviews must map item ids to reviews; "
                                    "indent the item ids under the file name"))
            continue
        for item, fields in entries.items():
            item_line = entries.line_of(item) if isinstance(entries, LineDict) else line
            review = _entry(shown, folder, name, str(item), fields, item_line, items, problems)
            if review is not None:
                out.setdefault(name, {})[review.item_id] = review
    if problems:
        raise ReviewError(problems)
    return out


def read_reviews(folder: Path, items: Collection[str] | None = None) -> Reviews:
    """The reviews in `reviews.yaml` of a report folder ({} when there is none).

    `items`: the item ids the run knows; a review naming another is an error. Raises
    ReviewError listing every problem.
    """
    path = Path(folder) / REVIEWS
    if not path.is_file():
        return {}
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ReviewError([Problem(str(path), 1, "", "not UTF-8 text; save reviews.yaml as UTF-8")]) from None
    return parse(text, str(path), Path(folder), items)


def dump(reviews: Reviews) -> str:
    """The text of a reviews.yaml holding `reviews`, files and items sorted."""
    data: dict[str, dict[str, dict[str, str]]] = {}
    for report in sorted(reviews):
        data[report] = {}
        for item in sorted(reviews[report]):
            r = reviews[report][item]
            data[report][item] = {"status": r.status, "reason": r.reason, "by": r.by, "date": r.date, "sha256": r.sha256}
    if not data:
        return HEADER
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=10_000)
    return HEADER + body


def write_review(folder: Path, review: Review, items: Collection[str] | None = None) -> Path:
    """Add or replace `review` in the reviews.yaml of `folder`, keeping every other entry.

    The file is written to a temporary file and renamed over the old one, so it is never
    half-written. Raises ReviewError when the existing file has problems (fix them first).
    """
    path = Path(folder) / REVIEWS
    reviews = read_reviews(folder, items)
    reviews.setdefault(review.report, {})[review.item_id] = review
    tmp = path.with_name(f".{REVIEWS}.tmp-{os.getpid()}")
    try:
        tmp.write_text(dump(reviews), encoding="utf-8", newline="\n")
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path
