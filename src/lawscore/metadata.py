"""Read jurisdiction, level, year reported on and publication date from a report.

Sources, in order of trust: page header fields (发布日期 …), the title, the first paragraph,
then the body. Self-references (我县, 本区) with no name leave the jurisdiction unknown.
"""
from __future__ import annotations

import re
from collections import Counter

from .model import Metadata, NormalizedText

_DATE_FIELD = re.compile(
    r"(发布时间|发布日期|成文日期|生成日期|发文日期|更新时间|时间|日期)\s*[:：]?\s*"
    r"(20\d\d)\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})"
)
_TITLE = re.compile(r"法治政府建设|依法行政|法治建设")
_YEAR_IN_TITLE = re.compile(r"(20\d\d)\s*年")

_PLACE = r"[\u4e00-\u9fff]{1,10}?"
_SUFFIX_LEVEL = (
    ("province", re.compile(r"(省|自治区)$")),
    ("city", re.compile(r"(市|州|盟|地区)$")),
    ("county", re.compile(r"(县|区|旗|县级市)$")),
    ("township", re.compile(r"(乡|镇|街道|街道办事处)$")),
)
_DEPT = re.compile(r"(局|委员会|委|办公室|办|厅|部|署|中心)$")
_NAME = re.compile(
    r"([\u4e00-\u9fff]{2,6}?(?:省|自治区))?([\u4e00-\u9fff]{1,7}?(?:市|州|盟|地区))?"
    r"([\u4e00-\u9fff]{1,7}?(?:县|区|旗))?([\u4e00-\u9fff]{1,7}?(?:乡|镇|街道))?"
)
_GENERIC = re.compile(r"^(我|本|全|各|该|县|区|市|镇|乡|省|州|地区|辖区|城区|园区|社区|小区|景区|山区|片区|街道)")
_OWN_NAME = re.compile(r"([\u4e00-\u9fff]{2,4}(?:县|区|乡|镇|街道|旗))")
_STOP = set("在和及与对由将把向从为于以了的是年度关于情况报告政府人民")


def _clean_name(name: str) -> str:
    for prefix in ("关于", "中共"):
        if name.startswith(prefix):
            name = name[len(prefix):]
    return name


def find_title(norm: NormalizedText) -> str | None:
    """A header line that names the report (法治政府建设 … 报告), else None."""
    header = norm.text[: norm.body_start]
    for line in header.split("\n"):
        line = line.strip()
        if 8 <= len(line) <= 70 and _TITLE.search(line) and ("报告" in line or "情况" in line):
            return line
    return None


def _published(header: str) -> str | None:
    dates = []
    for m in _DATE_FIELD.finditer(header):
        y, mo, d = int(m.group(2)), int(m.group(3)), int(m.group(4))
        if 1 <= mo <= 12 and 1 <= d <= 31:
            dates.append((m.group(1), f"{y:04d}-{mo:02d}-{d:02d}"))
    if not dates:
        return None
    # Labelled publication fields beat a bare 时间/日期; the first one on the page wins.
    for label in ("发布日期", "发布时间", "成文日期", "生成日期", "发文日期", "更新时间"):
        for lab, value in dates:
            if lab == label:
                return value
    return dates[0][1]


def level_of(name: str) -> str | None:
    """The level a jurisdiction or body name implies."""
    if _DEPT.search(name) and not re.search(r"(街道办事处)$", name):
        return "department"
    for level, pattern in _SUFFIX_LEVEL:
        if pattern.search(name):
            return level
    return None


def _name_in(text: str) -> str | None:
    """The longest administrative name at the start of a title-like text."""
    text = _clean_name(text)
    m = _NAME.match(text)
    if m and m.group(0) and not _GENERIC.match(m.group(0)):
        name = m.group(0)
        rest = text[m.end():]
        dept = re.match(r"(人民政府|[\u4e00-\u9fff]{1,10}?(?:局|委员会|办公室))", rest)
        if dept and not dept.group(1).startswith("人民政府"):
            return name + dept.group(1)
        return name
    return None


def extract(norm: NormalizedText, title: str | None, body_text: str) -> Metadata:
    """Metadata read from the header, the title and the body of one report."""
    header = norm.text[: norm.body_start]
    sources = []
    published = _published(header)
    if published:
        sources.append(("published", "页面信息"))

    year = None
    for text, where in ((title or "", "标题"), (body_text[:200], "正文开头")):
        m = _YEAR_IN_TITLE.search(text)
        if m:
            year = int(m.group(1))
            sources.append(("year", where))
            break

    jurisdiction = None
    if title:
        jurisdiction = _name_in(re.sub(r"^(20\d\d)年度?", "", title))
        if jurisdiction:
            sources.append(("jurisdiction", "标题"))
    if not jurisdiction:
        first = re.sub(r"^20\d\d年(度)?(以来)?[,，]?", "", body_text[:120])
        first = re.sub(r"^(在[^,，]{0,40}下[,，])", "", first)
        jurisdiction = _name_in(first)
        if jurisdiction and len(jurisdiction) < 2:
            jurisdiction = None
        if jurisdiction:
            sources.append(("jurisdiction", "正文开头"))
    if not jurisdiction:
        counts = Counter(m.group(1) for m in _OWN_NAME.finditer(body_text)
                         if not _GENERIC.match(m.group(1)) and not set(m.group(1)[:-1]) & _STOP)
        if counts:
            jurisdiction = counts.most_common(1)[0][0]
            sources.append(("jurisdiction", "正文中最常见的名称"))
    level = level_of(jurisdiction) if jurisdiction else None
    return Metadata(
        jurisdiction=jurisdiction,
        level=level,
        year=year,
        published=published,
        title=title,
        sources=tuple(sources),
    )
