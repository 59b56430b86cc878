"""Whose report it is: the jurisdiction's name and level, and where they were read.

Candidates come from the title, the opening paragraph, the header's bodies and the body's most
frequent name (names.py, header.py); each is resolved against the gazetteer (gazetteer.py), and
one it does not know is never output.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .. import fastre
from . import gazetteer
from .gazetteer import Place
from .header import _BARE_DEPT_TITLE, _from_header, _header_orgs, _header_places
from .names import (
    _MASKED,
    _UNIT_LEVEL,
    _display,
    _frequent_name,
    _named_chains,
    _names,
    _parent_of,
    _province_of,
    _units,
    _with_parents,
    level_of,
    unknown_names,
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


@dataclass(frozen=True)
class Found:
    """What _jurisdiction found: a place the gazetteer knows, or no name and why."""

    place: Place | None
    level: str | None
    where: str  # where the name was read, or why there is none (地区不详：…)


class _Resolver:
    """Candidates resolved against the gazetteer with the page's own names as context (the
    header, title and opening: 鼓楼区 on a page naming 南京); the ones it does not know are
    kept, to say why the jurisdiction is unknown."""

    def __init__(self, header: str, title: str | None, opening: str) -> None:
        self.texts = [header, title or "", opening]
        self.context = "\n".join(self.texts)
        self.unknown: list[str] = []

    def __call__(self, name: str) -> Place | None:
        """The place name (with the parents the page writes, 静海区 -> 天津市静海区) stands for."""
        name = _display(name)
        for form in dict.fromkeys((_display(_with_parents(name, self.texts)), name)):
            place = gazetteer.resolve(form, self.context) or gazetteer.department(form, self.context)
            if place:
                return place
        if name not in self.unknown:
            self.unknown.append(name)
        return None

    def nothing(self, level: str | None, why: str) -> Found:
        """No name; the level from self-references, else from the kind of name the page wrote
        (北城街街道: a 街道, though not one the gazetteer knows)."""
        if self.unknown:
            why = f"{why}；{'、'.join(self.unknown)}不在行政区划表或部门表中"
            level = level or level_of(self.unknown[0])
        return Found(None, level, f"地区不详：{why}")


def _jurisdiction(header: str, title: str | None, opening: str, body: str) -> Found:
    """The report's own jurisdiction, read from title, opening paragraph, header, then body."""
    autonomous = _is_autonomous_region(body[:3000])
    self_level = _self_level(body[:3000], autonomous)
    strong_self = _self_level(" ".join(_STRONG_SELF.findall(opening)), autonomous)
    resolve = _Resolver(header, title, opening)

    # Masked templates: XX市, 某县 — the name is unknown, the level is not.
    for text in (title or "", opening[:300]):
        m = _MASKED.search(text)
        if m:
            return Found(None, _UNIT_LEVEL[m.group(1)], "地区不详：模板(名称被隐去)")

    candidates: list[tuple[str, str, str]] = []  # (name, kind, where)
    title_level = None
    if title:
        t = re.sub(r"^中共\S*?委\s*", "", title.strip())
        t = re.sub(r"[\s\u3000]+", "", t)
        for name, kind, _ in _names(t):
            candidates.append((name, kind, "title"))
            break  # the first name only
        resolve.unknown.extend(_display(n) for n in unknown_names(t)[:1])
        g = re.match(r"^(?:关于)?(?:20\d\d年度?)?(自治区|省|市|县|区|乡|镇|街道)", t)
        if g and not candidates:
            title_level = _UNIT_LEVEL[g.group(1)]
        bare = _BARE_DEPT_TITLE.match(t)
        if bare and not candidates:
            # 司法局2023年度…报告 on a county's site: the department of the one place the header
            # names as its government (site, 发布机构); none or several leave it unnamed.
            places = _header_places(header)
            if len(places) != 1:
                return resolve.nothing("department", "标题中的部门名称前无地名，页面信息也未指明")
            place = resolve(places[0] + bare.group(1))
            if place:
                return Found(place, "department", "标题+页面信息")
            return resolve.nothing("department", "标题中的部门名称前无地名")
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
            if own and own_units and own_units[-1].endswith(name[0]) and (place := resolve(own)):
                return Found(place, "department", f"{where}+页面信息")
            parents = {p for p, _ in _header_orgs(header) if _units(p)[-1].endswith(name[0])}
            province = _province_of(body[:3000] + (title or "")) if name[0] == "省" else None
            if len(parents) == 1:
                parent, how = parents.pop(), "页面信息"
            elif province:
                parent, how = province, "正文中最常见的省份"  # 省司法厅 in a report naming 山东
            else:
                parent, how = _parent_of(header + "\n" + body, name[0]) or "", "正文中最常见的名称"
            if not parent:
                return resolve.nothing("department", f"“{name}”前没有写明地名，页面信息也未指明")
            name = parent + name[1:]
            where = f"{where}+{how}"
        place = resolve(name)
        if place:
            return Found(place, place.level, where)

    level = title_level or strong_self or self_level
    own = _from_header(header, level, body[:3000])
    if own and (place := resolve(own)):
        return Found(place, place.level, "页面信息(发布机构、来源、栏目)")
    if level in ("township", "county"):
        # 街道 speaking of itself, its county named once, its own name only in passing (鱼复).
        named = (gazetteer.resolve(c, resolve.context) for c in dict.fromkeys(_named_chains(resolve.context + body[:3000])))
        place = gazetteer.self_named([p.at for p in named if p and p.at], level, body[:3000])
        if place:
            return Found(place, level, "自称+上级地名+正文中的本级名称")
    if level == "province":
        province = _province_of(body[:3000] + (title or ""))
        if province and (place := resolve(province)):
            return Found(place, "province", "正文中最常见的省份")
        return resolve.nothing(level, "正文只有自称(全省、本区等)")
    frequent = _frequent_name(body, level)
    if frequent and (place := resolve(frequent)):
        return Found(place, place.level, "正文中最常见的名称")
    return resolve.nothing(level, "标题、页面信息和正文开头都没有写明地名，正文只有自称")
