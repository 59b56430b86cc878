"""Publication date and the year reported on.

The publication date comes from the header only: a labelled field (发布时间, 信息提供日期, 发文时间,
成文日期 …) or a date line of its own under the title, never a date in the body or a site clock.
The year comes from the title, then the body's own statement (现将2023年…报告如下), then the date.
"""
from __future__ import annotations

import re

from .header import _title_part

# ---------------------------------------------------------------- publication date

# Labelled fields, most trusted first. A bare 时间/日期 counts only after every labelled one.
# Table cells often space a label's characters out (发 布 日 期), so spaces may sit inside one.
_DATE_LABELS = ("发布时间", "发布日期", "公开日期", "公开时间", "信息提供日期", "成文日期", "生成日期",
                "发文日期", "发文时间", "印发日期", "更新时间", "更新日期")
_LABEL_RE = "|".join(" ?".join(label) for label in sorted(_DATE_LABELS, key=len, reverse=True))
# A date: 2024-03-28, 2024/3/28, 2024.03.28, 2024年03月28日, 2023- 02- 24 (spaces in cells).
_DATE = r"(20\d\d)\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})"
_DATE_FIELD = re.compile(
    rf"({_LABEL_RE}|(?<![\u4e00-\u9fff])(?:时间|日期))"
    rf"\s*[\]】)]?\s*[:：|]?\s*\|?\s*[\[【(]?\s*{_DATE}"
)
# A date on a header line of its own under the title, with or without a clock (09:07, 09时07分),
# or followed only by other page fields (来源, 浏览次数 …): the page's publication date.
_BARE_DATE_LINE = re.compile(
    rf"^(?:[•·●▪◆■*-]\s*)?[\[【(]?{_DATE}日?(?:\s*\d{{1,2}}[:时]\d{{1,2}}(?:[:分]\d{{1,2}}秒?|分)?)?[\]】)]?"
    r"\s*(?:$|(?:信息来源|文章来源|来源|作者|浏览|点击|阅读|访问|字号|字体|【))"
)

# ---------------------------------------------------------------- years

_RANGE = re.compile(r"20\d\d\s*年?\s*[-—–~至到]+\s*20\d\d")
_YEAR = re.compile(r"(20\d\d)\s*年")
_PLAN_AFTER = re.compile(r"\s*年度?(?:工作)?(?:安排|计划|思路|打算|方案|要点|重点|目标)")
_REPORT_STATEMENT = re.compile(
    r"现将[^。]{0,40}?(20\d\d)\s*年度?[^。]{0,40}?(?:报告|汇报|总结|报送)如下")
_REPORT_NAME = re.compile(
    r"(20\d\d)\s*年度?[^。,;:]{0,25}?(?:法治政府|依法行政|法治建设)[^。,;]{0,20}?(?:报告|情况|总结)")
_LINE_START_YEAR = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+[、.]|\([一二三四五六七八九十]+\))?\s*(20\d\d)\s*年")

_HAN_YEAR = re.compile(r"[二][〇○零][〇○零一二三四五六七八九]{2}(?=\s*年)")
_HAN_DIGITS = str.maketrans("〇○零一二三四五六七八九", "000123456789")


def _arabic_years(text: str) -> str:
    """二〇二三年 -> 2023年, keeping the text's length (and so every position in it)."""
    if "二" not in text:
        return text
    return _HAN_YEAR.sub(lambda m: m.group(0).translate(_HAN_DIGITS), text)


# ---------------------------------------------------------------- helpers: dates and years


def _published(text: str, labelled_only: bool = False, title: str | None = None) -> str | None:
    """The page's publication date from a labelled header field, else from a date line of its
    own under the title; a site clock (今天是 2019年10月31日 星期四) never counts."""
    found: dict[str, str] = {}
    for m in _DATE_FIELD.finditer(text):
        date = _date(m.group(2), m.group(3), m.group(4))
        if date:
            found.setdefault(m.group(1).replace(" ", ""), date)
    for label in _DATE_LABELS:
        if label in found:
            return found[label]
    if labelled_only:
        return None
    for label in ("时间", "日期"):
        if label in found:
            return found[label]
    if title:
        lines = [_title_part(line) for line in text.split("\n") if line.strip()]
        if title in lines:
            at = lines.index(title)
            for line in lines[at + 1: at + 4]:
                bare = _BARE_DATE_LINE.match(line)
                if bare:
                    return _date(bare.group(1), bare.group(2), bare.group(3))
    return None


def _date(year: str, month: str, day: str) -> str | None:
    y, mo, d = int(year), int(month), int(day)
    if 1 <= mo <= 12 and 1 <= d <= 31:
        return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def _years(text: str) -> list[tuple[int, int, bool]]:
    """(year, position, is a plan year) for each year in text outside ranges like 2021—2025."""
    spans = [m.span() for m in _RANGE.finditer(text)]
    out = []
    for m in _YEAR.finditer(text):
        if any(a <= m.start() < b for a, b in spans):
            continue
        out.append((int(m.group(1)), m.start(), bool(_PLAN_AFTER.match(text, m.end() - 1))))
    return out


def _year(title: str | None, body: str, published: str | None) -> tuple[int | None, str | None]:
    """The year reported on, and where it was read."""
    latest = int(published[:4]) if published else None
    title, body = _arabic_years(title or ""), _arabic_years(body[:1500])

    def fits(y: int) -> bool:
        return 2000 < y and (latest is None or y <= latest)

    if title:
        ys = _years(title)
        reported = [y for y, _, plan in ys if not plan and fits(y)]
        plans = [y for y, _, plan in ys if plan]
        if reported:
            # A report on 2023 with a plan for 2023 is a template whose years were filled in.
            if plans and min(plans) <= reported[0]:
                return None, "标题年份矛盾(模板)"
            return reported[0], "title"
    opening = body[:1500]
    for pattern, where in ((_REPORT_STATEMENT, "正文中的报告说明"), (_REPORT_NAME, "正文开头")):
        for m in pattern.finditer(opening[:800] if pattern is _REPORT_NAME else opening):
            y = int(m.group(1))
            if fits(y) and not _RANGE.search(opening[max(0, m.start(1) - 6): m.end(1) + 6]):
                return y, where
    for line in [ln.strip() for ln in opening.split("\n") if ln.strip()][:4]:
        start = _LINE_START_YEAR.match(line)
        if start and fits(int(start.group(1))) and not _PLAN_AFTER.match(line, start.end() - 1):
            return int(start.group(1)), "正文开头"
    if published and latest is not None and int(published[5:7]) <= 4:
        return latest - 1, "发布日期(前一年)"
    for y, _, plan in _years(body[:1000]):
        if not plan and fits(y):
            return y, "正文中的年份"
    return None, None

