"""Whose report it is: the jurisdiction's name and level, and where they were read.

Candidates come from the title, the opening paragraph, the header's bodies and the body's most
frequent name (names.py, header.py); each is resolved against the gazetteer (gazetteer.py), and
one it does not know is never output.
"""
from __future__ import annotations

import re
from collections import Counter

from .. import fastre
from .header import _BARE_DEPT_TITLE, _from_header, _header_orgs, _header_places
from .names import (
    _MASKED,
    _PLACE_CHAR,
    _UNIT_LEVEL,
    _display,
    _frequent_name,
    _good_unit,
    _names,
    _parent_of,
    _province_of,
    _units,
    _unparty,
    _with_parents,
    level_of,
)

# Self-references: 我县, 本镇, 全乡 … and 局党组, 乡党委; they give the level, never a name.
# 全区第一, 全市前列, 全省首个: a ranking is made in the superior's area, not the report's own.
_SELF = fastre.compile(r"(?:(我|本)(自治区|街道|部门|省|市|州|县|区|旗|乡|镇|局|委|厅)"
                   r"|(全)(自治区|街道|省|市|州|县|区|旗|乡|镇|局)(?![委政长第前首排唯率最])"
                   r"|(?<![\u4e00-\u9fff])(街道|乡|镇|局)"
                   r"(?:党委|党工委|党组|人民政府|办事处|政府|(?=[建召开组制坚按围高认深始紧全成印完落严])))")

_AUTONOMOUS_SELF = fastre.compile(r"(?<![\u4e00-\u9fff])自治区(?:人民政府|政府|主席)(?![的领])")
_DISTRICT_SELF = fastre.compile(r"(?<![\u4e00-\u9fff])区(?:委|政府|人民政府)")


def _is_autonomous_region(text: str) -> bool:
    """Whether 我区/全区 mean an autonomous region: 自治区人民政府 acts as subject more often
    than 区委/区政府 do (a district in such a region names 自治区 only as its superior)."""
    return len(_AUTONOMOUS_SELF.findall(text)) > len(_DISTRICT_SELF.findall(text))


_SELF_UNIT_LEVEL = {**_UNIT_LEVEL, "局": "department", "委": "department", "厅": "department",
                    "部门": "department"}
_STRONG_SELF = re.compile(r"(?:我|本)(?:自治区|街道|部门|省|市|州|县|区|旗|乡|镇|局|委|厅)")


def _self_level(text: str, autonomous: bool = False) -> str | None:
    """The level the report's self-references (我县, 全乡, 局党组 …) point to."""
    weights: Counter[str] = Counter()
    # Groups: 我/本 and its unit, 全 and its unit, a bare 街道/乡/镇/局 (unmatched ones are "").
    for mine, unit, _, whole, bare in _SELF.findall(text):
        weights[_SELF_UNIT_LEVEL[unit or whole or bare]] += 3 if mine else 1
    if autonomous and weights["county"]:
        weights["province"] += weights.pop("county")
    if not weights:
        return None
    return weights.most_common(1)[0][0]


_LED_BY_CITY = re.compile(
    rf"在(?:[^。,;]{{0,12}}?[、和及与])?({_PLACE_CHAR}{{1,4}}?市)委[^。;]{{0,24}}?(?:领导|指导)")


def _level(name: str, body: str) -> str | None:
    """The level of the report's own name; a 市 led by another named city is county-level (义乌市
    reports to 金华市委、市政府), whatever its own name looks like."""
    level = level_of(name)
    if level == "city" and name.endswith("市"):
        own = _units(name)[-1] if _units(name) else name
        for m in _LED_BY_CITY.finditer(_unparty(body[:3000])):
            other = m.group(1)
            if other != own and _good_unit(other) and not own.startswith(other):
                return "county"
    return level


def _jurisdiction(header: str, title: str | None, opening: str,
                  body: str) -> tuple[str | None, str | None, str]:
    """(jurisdiction, level, where) read from title, opening paragraph, then body."""
    autonomous = _is_autonomous_region(body[:3000])
    self_level = _self_level(body[:3000], autonomous)
    strong_self = _self_level(" ".join(_STRONG_SELF.findall(opening)), autonomous)

    # Masked templates: XX市, 某县 — the name is unknown, the level is not.
    for text in (title or "", opening[:300]):
        m = _MASKED.search(text)
        if m:
            return None, _UNIT_LEVEL[m.group(1)], "模板(名称被隐去)"

    candidates: list[tuple[str, str, str]] = []  # (name, kind, where)
    title_level = None
    if title:
        t = re.sub(r"^中共\S*?委\s*", "", title.strip())
        t = re.sub(r"[\s\u3000]+", "", t)
        for name, kind, _ in _names(t):
            candidates.append((name, kind, "title"))
            break  # the first name only
        g = re.match(r"^(?:关于)?(?:20\d\d年度?)?(自治区|省|市|县|区|乡|镇|街道)", t)
        if g and not candidates:
            title_level = _UNIT_LEVEL[g.group(1)]
        bare = _BARE_DEPT_TITLE.match(t)
        if bare and not candidates:
            # 司法局2023年度…报告 on a county's site: the department of the one place the header
            # names as its government (site, 发布机构); none or several leave it unnamed.
            places = _header_places(header)
            if len(places) != 1:
                return None, "department", "标题(部门名称无地名)"
            name = _display(_with_parents(places[0] + bare.group(1), [header]))
            return name, "department", "标题+页面信息"
    for name, kind, _ in _names(opening):
        if kind != "place" or not strong_self or level_of(name) == strong_self:
            candidates.append((name, kind, "正文开头"))
            break

    for name, kind, where in candidates:
        if kind == "national-dept" and body.count(name) < 2:
            continue  # a ministry names itself more than once; 新提任领导干部 does not
        if kind == "generic-dept":
            # 市司法局, 区卫健委: the header's own department of that kind, else the one place of
            # that kind the header names, else the one the body names most.
            dept = _display(name[1:])
            own = _from_header(header, "department")
            own_units = _units(own[: -len(dept)]) if own and own.endswith(dept) else ()
            if own_units and own_units[-1].endswith(name[0]):
                return own, "department", f"{where}+页面信息"
            parents = {p for p, _ in _header_orgs(header) if _units(p)[-1].endswith(name[0])}
            if len(parents) == 1:
                parent, how = parents.pop(), "页面信息"
            else:
                parent, how = _parent_of(header + "\n" + body, name[0]) or "", "正文中最常见的名称"
            if not parent:
                return None, "department", where
            name = parent + name[1:]
            where = f"{where}+{how}"
        name = _display(_with_parents(name, [header, title or "", opening]))
        return name, _level(name, body), where

    level = title_level or strong_self or self_level
    own = _from_header(header, level, body[:3000])
    if own:
        name = _display(_with_parents(own, [header, title or "", opening]))
        return name, _level(name, body) if level != "department" else level, "页面信息(发布机构、来源、栏目)"
    if level == "province":
        province = _province_of(body[:3000] + (title or ""))
        if province:
            return province, "province", "正文中最常见的省份"
        return None, level, "自称"
    frequent = _frequent_name(body, level)
    if frequent:
        name = _display(_with_parents(frequent, [header, title or "", opening]))
        return name, _level(name, body), "正文中最常见的名称"
    return None, level, "自称"
