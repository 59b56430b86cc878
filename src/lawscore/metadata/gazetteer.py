"""The gazetteer: China's administrative divisions down to townships, and the departments of them.

data/divisions.tsv holds about 46,000 units (province → city → county → township) with their
levels, built from jionlp's copy of the National Bureau of Statistics' 统计用区划代码 by
scripts/build_gazetteer.py; data/changes.tsv the renamings and mergers since 2000 (襄樊市 →
襄阳市, 下城区 → 拱墅区): a report on an earlier year may name a unit that no longer exists, and
that unit is still a place. data/departments.tsv lists departments' full official names and the
short forms pages write (外办, 卫健委 …), data/national.tsv the State Council's (司法部 …).

The files are read once per process, on first use or by `load` (about 0.1 s), never at import.
A name is a place only when it resolves to units of the gazetteer: `resolve` reads a chain as
written (宁波市江北区, 鼓楼区, 焉耆县) and picks among same-named units with the page's other
names (鼓楼区 on a page that names 南京); `department` does the same for 厦门市外办.
"""
from __future__ import annotations

import functools
import gc
import re
from dataclasses import dataclass, field
from pathlib import Path

LEVELS = {"省": "province", "市": "city", "县": "county", "乡": "township"}
# A short form pages write for an autonomous unit: 焉耆县 for 焉耆回族自治县, 黔东南州 for
# 黔东南苗族侗族自治州 (its short name, from the source, and a plain suffix).
_SHORT_SUFFIX = {"自治县": "县", "自治州": "州", "自治旗": "旗"}
_TOWNSHIP_SUFFIXES = ("街道", "镇", "乡")
_ZONES = ("开发区", "新区", "园区", "合作区", "开发区管理委员会")
_ETHNIC_TOWNSHIP = re.compile(r"^(.+族)(乡|镇|苏木)$")
_ETHNIC_PART = re.compile(r"(?:[^\W族]{1,4}族){1,3}")


class Unit:
    """One administrative unit; `became` is set for a unit renamed or merged away (its successor).

    A plain slotted class, not a dataclass: 46,000 of them are made when the gazetteer is read,
    and a frozen dataclass's __init__ costs several times as much."""

    __slots__ = ("name", "level", "parent", "code", "short", "became")

    def __init__(self, name: str, level: str, parent: Unit | None, code: str = "",
                 short: tuple[str, ...] = (), became: str = "") -> None:
        self.name = name
        self.level = level  # province, city, county, township
        self.parent = parent
        self.code = code
        self.short = short  # short names from the source: 南京, 焉耆, 克州 …
        self.became = became  # 浙江省/杭州市/拱墅区 for 下城区

    def __repr__(self) -> str:
        return f"Unit({self.path()!r}, {self.level!r})"

    def chain(self) -> tuple[Unit, ...]:
        """The unit and those above it, from the province down."""
        out: list[Unit] = []
        unit: Unit | None = self
        while unit is not None:
            out.append(unit)
            unit = unit.parent
        return tuple(reversed(out))

    def path(self) -> str:
        return "/".join(u.name for u in self.chain())


@dataclass(frozen=True)
class Place:
    """A name resolved against the gazetteer: what we output, its level and the unit it groups under."""

    name: str  # as reported: the page's chain in full official form, with its parent when ambiguous
    level: str
    unit: str  # the place itself, or for a department the place it belongs to (for grouping)
    at: Unit | None = field(default=None, compare=False, repr=False)  # the gazetteer's unit, when one


@dataclass
class Gazetteer:
    by_name: dict[str, list[Unit]] = field(default_factory=dict)
    by_short: dict[str, list[Unit]] = field(default_factory=dict)  # 焉耆县, 黔东南州, 南京 (cities' names alone)
    departments: dict[str, str] = field(default_factory=dict)  # any written form -> full official form
    national: frozenset[str] = frozenset()  # the State Council's departments (司法部, 环境保护部 …)

    def add(self, unit: Unit) -> None:
        same = self.by_name.get(unit.name)
        if same is None:
            self.by_name[unit.name] = [unit]
        else:
            same.append(unit)
        for short in unit.short:
            if len(short) < 2:
                continue
            for long, plain in _SHORT_SUFFIX.items():
                if unit.name.endswith(long):
                    self.by_short.setdefault(short + plain, []).append(unit)
            if unit.level in ("province", "city"):
                self.by_short.setdefault(short, []).append(unit)

    def units(self, name: str) -> list[Unit]:
        """Units called `name`, in full or by a short form (焉耆县); [] for a name no unit has."""
        found, short = self.by_name.get(name), self.by_short.get(name)
        if found or short:
            # 金秀县: a former unit's own name, and the short form of 金秀瑶族自治县.
            return [*(found or ()), *(u for u in short or () if u not in (found or ()))]
        if name.endswith("街道办事处"):
            return self.by_name.get(name[: -len("办事处")], [])
        # An ethnic township in full (六巷苗族瑶族乡) where the source writes it short (六巷乡).
        ethnic = _ETHNIC_TOWNSHIP.match(name)
        if ethnic:
            for k in range(1, min(5, len(ethnic.group(1)))):
                stem, rest = name[:k], name[k:]
                if _ETHNIC_PART.fullmatch(rest[: -len(ethnic.group(2))]):
                    found = [u for u in self.by_name.get(stem + ethnic.group(2), ()) if u.level == "township"]
                    if found:
                        return found
        # A township renamed since the source was made: towns become 街道 and townships towns
        # every year (澄潭镇 -> 澄潭街道), so X街道 is known when X镇 or X乡 is, and so on.
        for suffix in _TOWNSHIP_SUFFIXES:
            if name.endswith(suffix) and len(name) > len(suffix) + 1:
                stem = name[: -len(suffix)]
                return [u for other in _TOWNSHIP_SUFFIXES if other != suffix
                        for u in self.by_name.get(stem + other, ()) if u.level == "township"]
        return []

    def knows(self, name: str) -> bool:
        return bool(self.units(name))


def _read(name: str) -> list[str]:
    text = (Path(__file__).parent / "data" / name).read_text(encoding="utf-8")
    return [line for line in text.split("\n") if line and not line.startswith("#")]


@functools.cache
def gazetteer() -> Gazetteer:
    """The gazetteer, read on first use and kept for the process. The garbage collector is held
    off while 46,000 units are made (none of them is garbage); that halves the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load()
    finally:
        if enabled:
            gc.enable()


def load() -> None:
    """Read the gazetteer and its index of units below units now rather than on the first
    report: a batch's process does so before freezing what lives for the whole run (see
    pipeline.freeze_for_batch), so its workers, forked after, share one copy and the
    collector never walks its 46,000 units."""
    gazetteer()
    _children()


def _load() -> Gazetteer:
    gaz = Gazetteer()
    stack: list[Unit] = []
    by_name = gaz.by_name
    township = LEVELS["乡"]
    for line in _read("divisions.tsv"):
        name = line.lstrip("\t")
        depth = len(line) - len(name)
        fields = name.split("\t")
        del stack[depth:]
        if len(fields) == 2:  # a township (name and level only): the most of them, added the quick way
            unit = Unit(fields[0], township, stack[-1])
            same = by_name.get(unit.name)
            if same is None:
                by_name[unit.name] = [unit]
            else:
                same.append(unit)
            continue
        unit = Unit(fields[0], LEVELS[fields[1]], stack[-1] if stack else None, code=fields[2],
                    short=tuple(fields[3].split("/")) if len(fields) > 3 else ())
        gaz.add(unit)
        stack.append(unit)
    for line in _read("changes.tsv"):
        _, old, new = line.split("\t")
        _add_former(gaz, old.split("/"), new)
    for line in _read("departments.tsv"):
        full, *shorts = line.split("\t")
        for form in (full, *shorts):
            gaz.departments[form] = full
    gaz.national = frozenset(_read("national.tsv"))
    return gaz


def _add_former(gaz: Gazetteer, old: list[str], new: str) -> None:
    """A unit renamed or merged away, under its old parents (kept, or added as former units too)."""
    parent: Unit | None = None
    for depth, name in enumerate(old):
        below = [u for u in gaz.by_name.get(name, []) if u.parent is parent]
        if below:
            parent = below[0]
            continue
        level = ("province", "city", "county", "township")[depth]
        became = new if depth == len(old) - 1 else ""
        unit = Unit(name, level, parent, became=became)
        gaz.add(unit)
        parent = unit


# ---------------------------------------------------------------- resolving a written name


def _split(name: str) -> list[tuple[str, list[Unit]]] | None:
    """A written chain split into known names, left to right (宁波市江北区 -> 宁波市, 江北区),
    the longest known name last; None when some part is no known name (和市, 员会黄湾镇)."""
    gaz = gazetteer()
    if not name:
        return []
    for k in range(len(name) - 1):  # the longest last name first
        units = gaz.units(name[k:])
        if units:
            head = _split(name[:k])
            if head is not None:
                return [*head, (name[k:], units)]
    return None


@functools.lru_cache(maxsize=8192)
def known(name: str) -> bool:
    """Whether name, as written, is a chain of known units (宁波市江北区, 南京鼓楼区, 焉耆县)."""
    return bool(_split(name))


def _fits(unit: Unit, above: list[list[Unit]]) -> bool:
    """Whether the names written above unit (each a list of same-named units) are its ancestors, in order."""
    chain = unit.chain()[:-1]
    i = 0
    for candidates in above:
        while i < len(chain) and chain[i] not in candidates:
            i += 1
        if i == len(chain):
            return False
        i += 1
    return True


def _mentions(unit: Unit, context: str) -> int:
    """How many of unit's ancestors context names, in full or by short name (南京 for 南京市)."""
    n = 0
    for above in unit.chain()[:-1]:
        forms = [above.name, *(s for s in above.short if len(s) >= 2)]
        if any(f in context for f in forms):
            n += 1
    return n


def resolve(name: str, context: str = "") -> Place | None:
    """The place a written chain names, or None when the gazetteer does not know it.

    Same-named units (鼓楼区 in 南京, 徐州, 开封, 福州) are told apart by the names written above
    them, else by the ancestors the context names; when that leaves several, the name is output
    as written if they share a level, and not at all otherwise.

    >>> resolve("焉耆县").name, resolve("宁波市江北区").level, resolve("和市")
    ('焉耆回族自治县', 'county', None)
    """
    parts = _split(name)
    if not parts:
        return None
    written, leaf = parts[-1]
    above = [units for _, units in parts[:-1]]
    candidates = [u for u in leaf if _fits(u, above)]
    if not candidates:
        return None
    current = [u for u in candidates if not u.became] or candidates
    if len(current) > 1 and context:
        scores = [_mentions(u, context) for u in current]
        best = max(scores)
        if scores.count(best) == 1:
            current = [current[scores.index(best)]]
    levels = {u.level for u in current}
    if len(levels) != 1:
        return None
    unit = current[0]
    gaz = gazetteer()
    # The written names above, in their full forms (黔东南州凯里市 -> 黔东南苗族侗族自治州凯里市).
    chain = unit.chain()
    prefix = "".join(next(u.name for u in chain if u in units) for units in above)
    if len(current) == 1 and not prefix and unit.parent and len(gaz.units(unit.name)) > 1:
        prefix = unit.parent.name  # 鼓楼区 -> 南京市鼓楼区: the name alone is several places
    # The official name for a short form (焉耆县, 西翥街道办事处); a township renamed since the
    # source was made keeps the page's (newer) name.
    renamed = written not in gaz.by_name and written not in gaz.by_short and not written.endswith("办事处")
    shown = prefix + (written if renamed else unit.name)
    return Place(shown, unit.level, shown, unit if len(current) == 1 else None)


_STEM_SUFFIXES = ("民族乡", "街道", "苏木", "镇", "乡", "县", "区", "市", "旗")


def _stem(name: str) -> str:
    """鱼复街道 -> 鱼复, 奉节县 -> 奉节: the name without its kind."""
    for suffix in _STEM_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


@functools.cache
def _children() -> dict[int, list[Unit]]:
    """Each unit's units below it (by id), made on first use: only self_named needs them."""
    out: dict[int, list[Unit]] = {}
    for units in gazetteer().by_name.values():
        for unit in units:
            if unit.parent is not None:
                out.setdefault(id(unit.parent), []).append(unit)
    return out


def self_named(parents: list[Unit], level: str, text: str) -> Place | None:
    """The one unit at `level` under a named parent whose own name (without its kind) text
    writes twice or more: a 街道's report says 街道 and 鱼复法治建设, its county 奉节县 once."""
    children = _children()
    found: dict[int, Unit] = {}
    for parent in parents:
        for child in children.get(id(parent), ()):
            stem = _stem(child.name)
            if child.level == level and len(stem) >= 2 and text.count(stem) >= 2:
                found[id(child)] = child
    if len(found) != 1:
        return None
    unit = next(iter(found.values()))
    assert unit.parent is not None
    name = unit.parent.name + unit.name
    return Place(name, unit.level, name, unit)


def department(name: str, context: str = "") -> Place | None:
    """A department of a known place (厦门市外办 -> 厦门市人民政府外事办公室), or None.

    The department part must be a known department name, in full or a listed short form;
    a 厅 is a province's. A department of the State Council (司法部) stands alone. A
    development zone is a department of its place, and may have departments of its own
    (芜湖经开区统计局 -> 芜湖市经济技术开发区统计局, grouped under 芜湖市).

    >>> department("厦门市外办").name, department("芜湖经开区").unit, department("和市人社局")
    ('厦门市人民政府外事办公室', '芜湖市', None)
    """
    if name in gazetteer().national:
        return Place(name, "department", name)
    depts = gazetteer().departments
    for k in range(1, len(name) - 1):
        full = depts.get(name[k:])
        if not full:
            continue
        place = resolve(name[:k], context)
        if place is None:
            zone = department(name[:k], context)
            if zone and zone.name.endswith(_ZONES) and not full.endswith(_ZONES):
                return Place(zone.name + full, "department", zone.unit)
            continue
        if full.endswith("厅") and place.level != "province":
            continue
        return Place(place.name + full, "department", place.name)
    return None
