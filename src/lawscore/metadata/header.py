"""The page header: the report's title line, and the bodies the header names (the site,
发布机构, 来源, 作者, the breadcrumb's folders) as (place, department) pairs.
"""
from __future__ import annotations

import functools
import re

from ..model import NormalizedText
from .names import (
    _BODY_CHAR,
    _DEPT,
    _MASKED,
    _PLACE_IN_DEPT,
    _SUPERIOR,
    _chain_for,
    _display,
    _good_chain,
    _unparty,
    level_of,
)

_TITLE = re.compile(r"法治政府建设|依法行政|法治建设|法治政府")
_EMBEDDED_TITLE = re.compile(
    r"^[^。,;]{0,80}?(?:法治政府|依法行政|法治建设)[^。,;]{0,30}?(?:报告|总结)"
    r"(?:及[^。,;]{0,12}?(?:安排|计划|思路|打算|方案|要点))?"
)


# A breadcrumb (首页 > 政务公开 > 法治政府建设年度报告) names the page's folder, not the report.
_BREADCRUMB = re.compile(r">|»|→|当前位置|所在位置|首页")
_TITLE_WORD = re.compile(r"报告|情况|总结")


# A title in an index table keeps its label (标题: / 标 题 | / 名称:) and a title from the
# page's <title> its site (…报告_临海市人民政府, …报告 - 某某网): neither is part of the title.
_TITLE_LABEL = re.compile(r"^(?:标\s?题|题\s?名|名\s?称|文\s?件\s?名\s?称)\s*[:|]\s*")
_SITE_SUFFIX = re.compile(r"\s*(?:_|\||\s-\s|\s—\s).*$")


def _title_part(line: str) -> str:
    """A header line without a title label before it or a site name after it."""
    return _SITE_SUFFIX.sub("", _TITLE_LABEL.sub("", line.strip()))


_QUOTED_TITLE = re.compile(r"^[^《]{0,30}?号\s*《([^》]{8,70})》\s*$")


def find_title(norm: NormalizedText) -> str | None:
    """A header line that names the report (法治政府建设 … 报告 / 情况 / 总结), else None."""
    header = norm.text[: norm.body_start]
    for line in header.split("\n"):
        line = _title_part(line)
        # 宁政发〔2019〕35号《南京市人民政府关于…报告》: a document number before the title in 《》.
        quoted = _QUOTED_TITLE.search(line)
        if quoted and _TITLE.search(quoted.group(1)) and _TITLE_WORD.search(quoted.group(1)):
            line = quoted.group(1)
        if (8 <= len(line) <= 70 and _TITLE.search(line) and _TITLE_WORD.search(line)
                and not _BREADCRUMB.search(line)):
            return line
    return None



_HEADER_SPLIT = re.compile(r"[^\u4e00-\u9fff()]+")
# What may follow a place in a header token that names the place's own government or its office.
_GOVERNMENT = re.compile(r"(?:人民政府|政府|办事处|街道办事处)?(?:办公室|办公厅|党政办公室|党政办|府办|政府办)?"
                         r"(?:门户网站|网站|网)?$")
_SITE_TAIL = re.compile(r"(?:门户网站|网站|网)$")


@functools.lru_cache(maxsize=4096)
def _org(token: str) -> tuple[str, str] | None:
    """(place, department) a header token names: 绍兴市生态环境局 -> ('绍兴市', '生态环境局'),
    遂昌县人民政府办公室 -> ('遂昌县', ''); None for anything else (a title, 县委, 某县 …)."""
    token = _SITE_TAIL.sub("", _unparty(token).strip())
    m = _chain_for(token).match(token)
    if not m or not _good_chain(m.group(0)):
        return None
    place, rest = m.group(0), token[m.end():]
    if _GOVERNMENT.fullmatch(rest):
        return place, ""
    if _SUPERIOR.match(rest) or rest.startswith("人大"):
        return None  # 县委, 区人大 …: bodies the government answers to
    if _DEPT.fullmatch(rest) and not _PLACE_IN_DEPT.search(rest):
        return place, rest
    return None


def _header_orgs(header: str) -> list[tuple[str, str]]:
    """Every (place, department) named by a whole token of the page header, in order."""
    out = []
    for token in _HEADER_SPLIT.split(header):
        if 2 <= len(token) <= 30:
            org = _org(token)
            if org and org not in out:
                out.append(org)
    return out


# A department speaking of itself: then a department in the header is not only its place's voice.
_DEPT_VOICE = re.compile(r"(?:我|本)(?:局|委|厅|部门)|(?<![\u4e00-\u9fff])(?:局|委)党组")


# A title that starts with a department named without its place: 司法局2023年度法治政府建设报告.
_BARE_DEPT_TITLE = re.compile(
    rf"^(?:关于)?(?:20\d\d年度?)?({_BODY_CHAR}{{2,10}}?(?:委员会|办公室|管理局|局|委))(?=关于|20\d\d|法治|年度)")


def _header_places(header: str) -> list[str]:
    """The places whose government the header names (the site, 发布机构 …), longest kept."""
    found: list[str] = []
    for place, dept in _header_orgs(header):
        if dept or any(f.endswith(place) for f in found):
            continue
        found = [f for f in found if not place.endswith(f)] + [place]
    return found


def _from_header(header: str, level: str | None, body: str = "") -> str | None:
    """The one body at `level` the header names, as the report's own: a department for 我局 /
    本委, the place itself (its 司法局 or 人民政府办公室 published the page) for 我县 / 本街道.
    Two different ones, or a masked one (某县司法局), leave it unknown; so does a department in
    the header when the body also speaks as a department (我局), whatever level won the count."""
    if not level or not header or _MASKED.search(header):
        return None
    dept_voice = level != "department" and bool(_DEPT_VOICE.search(body))
    found: list[str] = []
    for place, dept in _header_orgs(header):
        if level == "department":
            name = place + dept if dept else None
        elif dept and dept_voice:
            return None
        else:
            name = place if level_of(place) == level else None
        if not name:
            continue
        name = _display(name)
        if any(f.endswith(name) for f in found):
            continue
        found = [f for f in found if not name.endswith(f)] + [name]
    return found[0] if len(found) == 1 else None

