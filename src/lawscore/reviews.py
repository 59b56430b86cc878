"""`reviews.yaml` in a report folder: a supervisor's corrections of item verdicts, per report
file and item, kept across runs.

    000_d9075f519bf93576.txt:
      c22-review-cases:
        status: 已落实          # or the code: met
        reason: 第三部分写明全年办理复议案件45件
        by: 张三
        date: 2026-12-02
        sha256: 3b7f…(the report file's sha256 when the review was made)

Every command that scores reports reads it the same way (`load_reviews(folder, items)`); a
review is applied in the score stage (score.apply_reviews) only to the file it was made for.
A status is written as the pages show it (已落实, 部分落实, 仅有表述 …) or as its code (met …).

A mistake in one entry (an unknown report, item, status or field) is a Problem,
`reviews.yaml:LINE: item: 问题; 修改方法`: that entry is skipped and the others are applied,
as a broken checklist is left out of a run. A file that cannot be read or parsed at all is one
problem and none of its entries is applied. `read_reviews` is the strict reading (every
problem raised as one ReviewError), for `calibrate --reviews`.

Writes (`write_review`, `remove_review`) hold an exclusive lock on the folder, read the file
again under it, change only the one entry (comments, order and the other entries, even broken
ones, stay as written: ruamel.yaml's round trip) and replace the file in one rename, so
concurrent `lawscore review` calls and `lawscore serve` tabs never lose one another's reviews.
"""
from __future__ import annotations

import contextlib
import datetime
import difflib
import hashlib
import io
import os
import re
import shlex
import tempfile
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import Problem, ProblemsError
from .labels import MET_LABELS_BY_EXPECT, STATUS_LABELS, STATUS_SYMBOLS
from .model import Review
from .yamlload import LineDict, YamlError, load_yaml

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks; writes are still atomic
    fcntl = None  # type: ignore[assignment]

REVIEWS = "reviews.yaml"
FIELDS = ("status", "reason", "by", "date", "sha256")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
HEADER = (
    "# 人工复核记录(lawscore review 或 lawscore serve 写入,也可手工编辑;说明见 docs/supervisor-guide.md)。\n"
    "# 每条记录只对 sha256 相同的报告文件生效:报告文件改动后,记录显示为“待重新复核”,不再采用。\n"
)
GUIDE = "docs/supervisor-guide.md"

Reviews = dict[str, dict[str, Review]]  # report file name -> item id -> review

# Every way a status is written: its code, the label the pages show (with or without the
# symbol before it), and what a met item of a part "expects" is called (已写明存在的不足).
STATUS_NAMES: dict[str, str] = {code: code for code in STATUS_LABELS}
STATUS_NAMES.update({label: code for code, label in STATUS_LABELS.items()})
STATUS_NAMES.update({label: "met" for label in MET_LABELS_BY_EXPECT.values()})
STATUS_NAMES.update({f"{STATUS_SYMBOLS[code]} {label}": code for code, label in STATUS_LABELS.items()})
STATUS_CHOICES = "、".join(f"{label}({code})" for code, label in STATUS_LABELS.items())


def status_code(value: object) -> str | None:
    """The status code a reviewer meant by `value` (已落实, ✓ 已落实, met, MET …), or None."""
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    return STATUS_NAMES.get(text) or STATUS_NAMES.get(text.lower())


class ReviewError(ProblemsError):
    """Problems in a reviews.yaml where nothing may be written (a file that cannot be read as a
    whole, or `calibrate --reviews`' strict reading); every one is listed, exit 2."""

    what = "复核记录"


@dataclass(frozen=True)
class Loaded:
    """What one reviews.yaml gives a run: the usable reviews, and every problem of the others."""

    reviews: Reviews
    problems: tuple[Problem, ...] = ()
    skipped: int = 0  # entries left out for their problems (a file unread as a whole counts 0)


def command_lines(source: str, item_id: str) -> tuple[str, str]:
    """The `lawscore review` lines a scorecard offers to copy for one verdict: to correct it
    (the words to replace are in Chinese), and to undo a review."""
    base = f"lawscore review {shlex.quote(source)} --item {shlex.quote(item_id)}"
    return f'{base} --status 复核后的状态 --reason 改判理由 --by 复核人', f"{base} --undo"


def file_sha256(path: Path) -> str:
    """The sha256 of a report file's bytes, as ingest records it."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def known_items(checklists: Collection) -> frozenset[str]:
    """Every item id of the checklists a run uses (reviews naming others are mistakes)."""
    return frozenset(item.id for checklist in checklists for item in checklist.items)


def _one_of(values: Collection[str], limit: int = 8) -> str:
    ordered = sorted(values)
    shown = "、".join(ordered[:limit])
    return shown + ("、…" if len(ordered) > limit else "")


def _report_files(folder: Path) -> list[str]:
    from .ingest import REPORT_SUFFIXES

    return sorted(p.name for p in folder.iterdir()
                  if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES and not p.name.startswith("."))


def _text(value: object) -> str | None:
    """A field written as text (a number is text too: `by: 12`); None for a list, a mapping or nothing."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    text = str(value).strip()
    return text or None


def _entry(shown: str, folder: Path, report: str, item: str, fields: object, line: int,
           items: Collection[str] | None, problems: list[Problem]) -> Review | None:
    """One review, checked; problems are appended and None returned when it cannot be used."""
    if items is not None and item not in items:
        close = difflib.get_close_matches(item, list(items), n=1)
        fix = (f'是不是 "{close[0]}"?' if close else
               "请用清单中的事项编号(评分卡上每个事项旁都写着编号)")
        problems.append(Problem(shown, line, item, f"清单中没有这个事项编号; {fix}"))
        return None
    if not isinstance(fields, dict):
        problems.append(Problem(shown, line, item, f"复核记录应写成 {'、'.join(FIELDS)} 几项; "
                                "请把它们另起一行、缩进写在事项编号下面"))
        return None
    where = fields.line_of if isinstance(fields, LineDict) else (lambda key: line)
    at = lambda key: where(key) if key in fields else line  # noqa: E731
    ok = True
    for key in sorted((k for k in fields if k not in FIELDS), key=str):
        problems.append(Problem(shown, where(key), item, f'没有字段 "{key}"; 只能用: {"、".join(FIELDS)}'))
        ok = False
    raw_status = fields.get("status")
    status = status_code(raw_status)
    if status is None:
        if raw_status is None:
            what = "没有写状态(status)"
        elif isinstance(raw_status, (list, dict)):
            what = "状态只能写一个,不能是列表或多行"
        else:
            what = f'没有状态 "{raw_status}"'
        problems.append(Problem(shown, at("status"), item, f"{what}; 请写其中之一: {STATUS_CHOICES}"))
        ok = False
    reason, by = _text(fields.get("reason")), _text(fields.get("by"))
    if reason is None:
        problems.append(Problem(shown, at("reason"), item, "没有写理由(reason); 请写明为什么改判(一段文字)"))
        ok = False
    if by is None:
        problems.append(Problem(shown, at("by"), item, "没有写复核人(by); 请写复核人的姓名"))
        ok = False
    date = fields.get("date")
    if not is_date(date):
        what = "没有写日期(date)" if date is None else f'日期 "{date}" 不对'
        problems.append(Problem(shown, at("date"), item, f"{what}; 请写复核当天的日期,格式 YYYY-MM-DD,如 2026-12-02"))
        ok = False
    sha = fields.get("sha256")
    if not isinstance(sha, str) or not _SHA256.match(sha):
        what = "没有写报告文件的 sha256" if sha is None else f'sha256 "{sha}" 不是 64 位十六进制数'
        try:
            fix = f"请加上 `sha256: {file_sha256(folder / report)}`(报告文件现在的指纹),或用 lawscore review 写入"
        except OSError:
            fix = "请用 lawscore review 写入这条记录"
        problems.append(Problem(shown, at("sha256"), item, f"{what}; {fix}"))
        ok = False
    if not ok:
        return None
    assert status is not None and reason is not None and by is not None
    return Review(report=report, item_id=item, status=status, reason=reason, by=by, date=str(date),
                  sha256=str(sha), line=line)


def is_date(value: object) -> bool:
    if not isinstance(value, str) or not _DATE.match(value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def parse_all(text: str, shown: str, folder: Path, items: Collection[str] | None = None) -> Loaded:
    """The usable reviews in `text` (the reviews.yaml of `folder`, shown as `shown` in messages),
    and a Problem for every entry left out."""
    try:
        data = load_yaml(text)
    except YamlError as exc:
        return Loaded({}, (Problem(shown, exc.line, "", f"不是有效的 YAML,整个文件未采用: {exc.message}"),))
    if data is None:
        return Loaded({})
    if not isinstance(data, dict):
        return Loaded({}, (Problem(shown, getattr(data, "line", 1) or 1, "",
                                   f"reviews.yaml 应先写报告文件名,再在下面缩进写事项编号; 整个文件未采用,写法见 {GUIDE}"),))
    problems: list[Problem] = []
    out: Reviews = {}
    skipped = 0
    present: list[str] | None = None
    for report, entries in data.items():
        line = data.line_of(report) if isinstance(data, LineDict) else 1
        name = str(report)
        count = len(entries) if isinstance(entries, dict) else 1
        file = name.split("!", 1)[0]  # a zip's member is reviewed as `archive.zip!member`
        if "/" in file or "\\" in file or not (folder / file).is_file():
            present = _report_files(folder) if present is None else present
            fix = (f"请用本文件夹中报告的文件名: {_one_of(present)}" if present else
                   "请把 reviews.yaml 放在它所复核的报告所在的文件夹")
            problems.append(Problem(shown, line, name, f"reviews.yaml 旁边没有这个报告文件; {fix}"))
            skipped += count
            continue
        if not isinstance(entries, dict):
            problems.append(Problem(shown, line, name, "报告文件名下面应列出事项编号; 请把事项编号另起一行、缩进写在文件名下面"))
            skipped += count
            continue
        for item, fields in entries.items():
            item_line = entries.line_of(item) if isinstance(entries, LineDict) else line
            review = _entry(shown, folder, name, str(item), fields, item_line, items, problems)
            if review is None:
                skipped += 1
            else:
                out.setdefault(name, {})[review.item_id] = review
    return Loaded(out, tuple(sorted(problems)), skipped)


def parse(text: str, shown: str, folder: Path, items: Collection[str] | None = None) -> Reviews:
    """The reviews in `text`; raises ReviewError listing every problem (the strict reading)."""
    loaded = parse_all(text, shown, folder, items)
    if loaded.problems:
        raise ReviewError(list(loaded.problems))
    return loaded.reviews


def _read_text(path: Path) -> str | Problem:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return Problem(str(path), 0, "", "不是 UTF-8 文本,整个文件未采用; 请把 reviews.yaml 另存为 UTF-8 编码")
    except OSError as exc:
        return Problem(str(path), 0, "", f"无法读取({exc.strerror or exc}),整个文件未采用; 请检查这个文件及其权限")


def load_reviews(folder: Path, items: Collection[str] | None = None) -> Loaded:
    """The reviews in `reviews.yaml` of a report folder (none when there is no file), and the
    problems of every entry left out. `items`: the item ids the run knows; a review naming
    another is a problem. Never raises for what is written in the file."""
    path = Path(folder) / REVIEWS
    if not os.path.lexists(path):
        return Loaded({})
    text = _read_text(path)
    if isinstance(text, Problem):
        return Loaded({}, (text,))
    return parse_all(text, str(path), Path(folder), items)


def read_reviews(folder: Path, items: Collection[str] | None = None) -> Reviews:
    """The reviews of a folder, strictly: raises ReviewError listing every problem."""
    loaded = load_reviews(folder, items)
    if loaded.problems:
        raise ReviewError(list(loaded.problems))
    return loaded.reviews


def dump(reviews: Reviews) -> str:
    """The text of a new reviews.yaml holding `reviews`, files and items sorted."""
    import yaml

    data: dict[str, dict[str, dict[str, str]]] = {}
    for report in sorted(reviews):
        data[report] = {item: _fields(reviews[report][item]) for item in sorted(reviews[report])}
    if not data:
        return HEADER
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=10_000)
    return HEADER + body


def _fields(r: Review) -> dict[str, str]:
    return {"status": r.status, "reason": r.reason, "by": r.by, "date": r.date, "sha256": r.sha256}


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """An exclusive lock on the report folder for one read-modify-write of its reviews.yaml.

    The folder itself is locked (flock on its descriptor), not reviews.yaml, which each write
    replaces by a rename, and no lock file is left beside the reports."""
    if fcntl is None:  # pragma: no cover
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the last descriptor releases the lock


def _round_trip() -> Any:
    from ruamel.yaml import YAML

    rt = YAML()  # round trip: comments, order, quoting and other entries are written back as they were
    rt.preserve_quotes = True
    rt.width = 10_000
    rt.indent(mapping=2, sequence=4, offset=2)
    return rt


def _replace(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file renamed over it: never half-written."""
    mode = path.stat().st_mode & 0o777 if path.exists() else None
    fd, tmp = tempfile.mkstemp(prefix=f".{REVIEWS}.tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _edit(folder: Path, change) -> Path:
    """Apply `change(document)` to the round-trip document of the folder's reviews.yaml, under
    the lock, and write it back; raises ReviewError when the file cannot be read as a whole."""
    path = Path(folder) / REVIEWS
    with locked(Path(folder)):
        text = _read_text(path) if os.path.lexists(path) else HEADER
        if isinstance(text, Problem):
            raise ReviewError([text])
        try:
            load_yaml(text)  # the syntax (and its line) as a run reports it, before anything is changed
        except YamlError as exc:
            raise ReviewError([Problem(str(path), exc.line, "", f"不是有效的 YAML: {exc.message}")]) from None
        from ruamel.yaml.comments import CommentedMap

        rt = _round_trip()
        doc = rt.load(text)
        prefix = ""
        if doc is None:  # a new file, or one of comments only: they are kept above the entries
            prefix = text if text.strip() else HEADER
            doc = CommentedMap()
        if not isinstance(doc, dict):
            raise ReviewError([Problem(str(path), 1, "", f"reviews.yaml 应先写报告文件名,再在下面缩进写事项编号; 写法见 {GUIDE}")])
        change(doc)
        if not doc:
            _replace(path, HEADER)
        else:
            out = io.StringIO()
            rt.dump(doc, out)
            _replace(path, prefix + ("" if not prefix or prefix.endswith("\n") else "\n") + out.getvalue())
    return path


def write_review(folder: Path, review: Review, items: Collection[str] | None = None) -> Path:
    """Add or replace `review` in the reviews.yaml of `folder`, keeping every other entry, its
    comments and its order. Raises ReviewError when the file cannot be read as a whole."""
    from ruamel.yaml.comments import CommentedMap

    del items  # other entries are kept as written, good or bad: a run reports their problems

    def change(doc) -> None:
        entries = doc.get(review.report)
        if not isinstance(entries, dict):
            entries = CommentedMap()
            doc[review.report] = entries
        fields = CommentedMap()
        for key, value in _fields(review).items():
            fields[key] = value
        entries[review.item_id] = fields

    return _edit(folder, change)


def remove_review(folder: Path, report: str, item_id: str) -> bool:
    """Remove the review of `item_id` for `report` (撤销复核); False when there was none."""
    removed = []

    def change(doc) -> None:
        entries = doc.get(report)
        if isinstance(entries, dict) and item_id in entries:
            del entries[item_id]
            removed.append(item_id)
            if not entries:
                del doc[report]

    if not os.path.lexists(Path(folder) / REVIEWS):
        return False
    _edit(folder, change)
    return bool(removed)
