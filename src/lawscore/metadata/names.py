"""Reading administrative names in running text, before any gazetteer is asked.

An administrative name is a chain of units, each a short place name and a suffix (省, 自治区, 市,
州, 县, 区, 旗, 乡, 镇, 街道 …), optionally followed by a body (局, 委员会, 办公室, 部 …). A name
counts only where a clause starts (after punctuation, a year, 关于 or 现将) and when it is not a
superior (盐城市委, 区人大 are the ones the report answers to). What these patterns find is a
candidate: gazetteer.py decides whether it is a place at all.
"""
from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterator

from . import gazetteer

# ---------------------------------------------------------------- names

_UNIT_SUFFIX = "自治区|自治州|自治县|自治旗|特别行政区|街道办事处|街道|地区|省|市|州|盟|县|区|旗|乡|镇|苏木"
# 州 ends a unit only when no 市/县/区 follows: 杭州市 is one unit, not 杭州 + 市. Likewise 乡 and 镇
# inside a name (桐乡市, 镇原县), unless what follows is a word (长冈乡市场监管所, 乡县级 …).
_IN_NAME = r"(?!市(?![场民级直属内区])|县(?![级城域内]))"
_UNIT_SUFFIX_RE = ("自治区|自治州|自治县|自治旗|特别行政区|街道办事处|街道|地区|省|市|州(?![市县区])|盟|县|区|旗|"
                   rf"乡{_IN_NAME}|镇{_IN_NAME}|苏木")
# A place-name character: any Han character but the unit suffixes that can't sit inside a name
# and the function words that mark a name's edge.
_PLACE_CHAR = r"(?:(?!人民|政府|关于|法治|建设|以来)[^\W\d_A-Za-z省市县区的与及在对将把为于是了年府委党])"
# Autonomous prefectures and counties carry their peoples' names: 黔东南苗族侗族自治州,
# 双江拉祜族佤族布朗族傣族自治县 — a place name, then one or more names ending in 族.
# (The lookahead is a cheap test that keeps this alternative from slowing every other match.)
# Searching with it costs more, so long texts are searched with it only when they hold 族自治.
_ETHNIC_UNIT = rf"(?=[^\W\d_]{{2,7}}族){_PLACE_CHAR}{{1,4}}?(?:{_PLACE_CHAR}{{1,3}}?族){{1,4}}(?:自治州|自治县|自治旗)"
_PLAIN_UNIT = rf"{_PLACE_CHAR}{{1,6}}?(?:{_UNIT_SUFFIX_RE})"
_UNIT = rf"(?:{_ETHNIC_UNIT}|{_PLAIN_UNIT})"
_UNIT_RE = re.compile(_UNIT)
_CHAIN = re.compile(rf"(?:{_UNIT})+")
_PLAIN_CHAIN = re.compile(rf"(?:{_PLAIN_UNIT})+")
_SUFFIX_AT = re.compile(rf"(?:{_UNIT_SUFFIX_RE})")  # where a unit may end (see _frequent_name)


def _chain_for(text: str) -> re.Pattern[str]:
    return _CHAIN if "族自治" in text else _PLAIN_CHAIN
_BODY_CHAR = r"(?:(?!人民|政府|关于|法治|建设|以来)[^\W\d_A-Za-z的与及在对将把为于是了年府党])"
_DEPT = re.compile(rf"{_BODY_CHAR}{{1,10}}?(?:委员会|办公室|管理局|总局|局|委|办|厅|部|署)")
_GENERIC_DEPT = re.compile(rf"([省市县区])({_BODY_CHAR}{{1,10}}?(?:委员会|办公室|管理局|局|委|办|厅))")
_NATIONAL_DEPT = re.compile(rf"{_BODY_CHAR}{{2,10}}?(?:部|总局|署|委员会)")

# Units that are common words, not names: 全县, 城区, 乡镇 …
_NOT_A_UNIT = set(
    "城区 辖区 社区 园区 景区 片区 山区 地区 街区 郊区 新区 老区 小区 校区 矿区 牧区 灾区 湾区 港区 "
    "镇区 市区 分区 专区 战区 政区 营区 乡镇 城镇 村镇 集镇 重镇 名镇 小镇 强镇 古镇 城乡 下乡 家乡 "
    "故乡 老乡 州县 郡县 自治区 街道 大县 强县 强省 大省 全省 外省 外县 外市 城市 都市 超市 上市 集市 "
    "门市 夜市 股市 楼市 省市 县市 市县 县乡 返乡 回乡 异乡 他乡 "
    # Kinds of zones and titles, not names: 示范区建设, 高新区营商环境, 创建示范县 …
    "示范区 开发区 高新区 经开区 保护区 试验区 实验区 功能区 自贸区 先行区 核心区 主城区 建成区 新城区 "
    "老城区 工业区 商务区 度假区 风景区 旅游区 经济区 合作区 示范县 示范市 示范乡 示范镇 先进县 先进市 "
    "先进乡 先进镇 百强县 百强区 百强镇 千强镇".split()
)
_SELF_WORDS = set("我本全该各每此其某这那")
# What may follow a name that is the subject of a sentence (or end a title's name).
_PREDICATE = re.compile(
    r"(?:[^\u4e00-\u9fff]|$|坚持|深入|认真|全面|紧紧|以|在|按照|围绕|始终|聚焦|扎实|积极|进一步|法治|"
    r"关于|党|被|高度|严格|持续|不断|着力|贯彻|统筹|立足|主动|切实|大力|把|将|根据|对照|获|荣获|"
    r"人民政府|政府|办事处|年|上下|成功|全力|推|强化|加强|牢牢|锚定|践行|忠诚|结合)"
)
# What follows a superior: the county's report names 市委, 市政府 … as those it answers to.
_SUPERIOR = re.compile(r"(?:委|人大|政协|纪委|党委|党工委|法院|检察院|人民法院|人民检察院)")
_MASKED = re.compile(r"(?:[xX×*]{1,4}|某)\s*(省|自治区|市|州|县|区|旗|乡|镇|街道)")
# Short forms of department names that have one full form; the full one is what we report.
_ABBREVIATIONS = (("市场监管局", "市场监督管理局"), ("卫健委", "卫生健康委员会"), ("卫健局", "卫生健康局"),
                  ("发改委", "发展和改革委员会"), ("发改局", "发展和改革局"), ("住建局", "住房和城乡建设局"),
                  ("人社局", "人力资源和社会保障局"), ("医保局", "医疗保障局"), ("应急局", "应急管理局"),
                  ("退役军人局", "退役军人事务局"), ("综合执法局", "综合行政执法局"))

_PROVINCES = (
    "北京市 天津市 上海市 重庆市 河北省 山西省 辽宁省 吉林省 黑龙江省 江苏省 浙江省 安徽省 福建省 "
    "江西省 山东省 河南省 湖北省 湖南省 广东省 海南省 四川省 贵州省 云南省 陕西省 甘肃省 青海省 台湾省 "
    "内蒙古自治区 广西壮族自治区 西藏自治区 宁夏回族自治区 新疆维吾尔自治区"
).split()
_PROVINCE_SHORT = {re.sub(r"(壮族|回族|维吾尔)?(自治区|省|市)$", "", p): p for p in _PROVINCES}
_MUNICIPALITIES = {"北京市", "天津市", "上海市", "重庆市"}

_UNIT_LEVEL = {
    "省": "province", "自治区": "province", "特别行政区": "province",
    "市": "city", "州": "city", "自治州": "city", "盟": "city", "地区": "city",
    "县": "county", "区": "county", "旗": "county", "自治县": "county", "自治旗": "county",
    "乡": "township", "镇": "township", "街道": "township", "街道办事处": "township", "苏木": "township",
}
_DEPT_END = re.compile(r"(委员会|办公室|管理局|总局|局|委|办|厅|部|署|中心)$")
# Suffixes in the orders the lookups below try them (computed once, not per call).
_SUFFIXES = _UNIT_SUFFIX.split("|")
_LEVEL_SUFFIXES = sorted(_UNIT_LEVEL, key=len, reverse=True)  # longest first


def level_of(name: str) -> str | None:
    """The level of a jurisdiction or body: the gazetteer's for a name it knows (义乌市 is
    county-level), else what the name's last unit or body implies.

    >>> level_of("杭州市市场监督管理局"), level_of("宁波市江北区"), level_of("长冈乡")
    ('department', 'county', 'township')
    """
    name = re.sub(r"(人民政府|政府)$", "", name.strip())
    if not name:
        return None
    place = gazetteer.resolve(name) or gazetteer.department(name)
    if place:
        return place.level  # the gazetteer's: 义乌市 is a county-level city
    if name.endswith("街道办事处"):
        return "township"
    if _DEPT_END.search(name) and not name.endswith("自治区"):
        return "department"
    if name in _MUNICIPALITIES:
        return "province"
    units = _units(name)
    if units:
        last = units[-1]
        suffix = next(s for s in _SUFFIXES if last.endswith(s))
        if suffix == "市" and len(units) > 1 and _unit_level(units[-2]) == "city":
            return "county"  # a county-level city: 金华市义乌市
        return _UNIT_LEVEL[suffix]
    for suffix in _LEVEL_SUFFIXES:
        if name.endswith(suffix):
            return _UNIT_LEVEL[suffix]
    return None

# ---------------------------------------------------------------- helpers: names


# The helpers below that judge a name are pure functions of short strings that recur many times
# in a report and across reports (县政府, 全县, 宁波市江北区 …), so they are cached; the caches are
# bounded, so a long batch cannot grow them without limit.


@functools.lru_cache(maxsize=4096)
def _units(chain: str) -> tuple[str, ...]:
    """The units of a chain: 宁波市江北区 -> ('宁波市', '江北区')."""
    return tuple(_UNIT_RE.findall(chain))


def _unit_level(unit: str) -> str | None:
    for suffix in _LEVEL_SUFFIXES:
        if unit.endswith(suffix):
            return _UNIT_LEVEL[suffix]
    return None


@functools.lru_cache(maxsize=4096)
def _shaped_unit(unit: str) -> bool:
    """Whether unit looks like a name (not 全县, 城区, 依法治市), known or not."""
    if unit in _NOT_A_UNIT:
        return False
    suffix = next((s for s in _LEVEL_SUFFIXES if unit.endswith(s)), "")
    body = unit[: len(unit) - len(suffix)]
    if not body or body in ("自治", "地") or body[-1] in _SELF_WORDS or body[-1] == "治":
        return False  # 全县, 引领全区, 依法治市
    if body[0] == "度":
        return False  # 2023年度市管干部, 旅游度假区: 度 ends the word before it
    if suffix in ("省", "自治区"):
        return unit in _PROVINCES  # the 34 provincial names are a closed list
    if suffix in ("自治州", "自治县", "自治旗"):
        return (len(body) <= 6 or (body.endswith("族") and len(body) <= 16))
    if suffix in ("乡", "镇") and body.endswith("族"):
        return len(body) <= 6  # ethnic townships: 莪山畲族乡, 六巷苗族瑶族乡
    return len(body) <= 4


@functools.lru_cache(maxsize=4096)
def _good_unit(unit: str) -> bool:
    """Whether unit is a name: shaped like one, and known to the gazetteer (和市, 依托县 are not)."""
    return _shaped_unit(unit) and gazetteer.known(unit)


def unknown_names(text: str) -> list[str]:
    """Chains in text shaped like names that the gazetteer does not know (北城街街道), to say why
    a report's jurisdiction is unknown."""
    text = _unparty(text)
    out = []
    for m in _chain_for(text).finditer(text):
        units = _units(m.group(0))
        if units and all(_shaped_unit(u) for u in units) and not all(_good_unit(u) for u in units):
            out.append(m.group(0))
    return out


@functools.lru_cache(maxsize=4096)
def _good_chain(chain: str) -> bool:
    """Whether chain has units and every one of them is a name (not 全县, 城区 …)."""
    units = _units(chain)
    return bool(units) and all(_good_unit(u) for u in units)


def _one_character_body(unit: str) -> bool:
    """浚县, 返乡: a unit whose name before its suffix is one character."""
    suffix = next((x for x in _LEVEL_SUFFIXES if unit.endswith(x)), "")
    return len(unit) - len(suffix) == 1


def _display(name: str) -> str:
    """The name as we report it: 西翥街道办事处 -> 西翥街道, 市场监管局 -> 市场监督管理局."""
    name = re.sub(r"街道办事处$", "街道", name)
    for short, full in _ABBREVIATIONS:
        if name.endswith(short):
            name = name[: -len(short)] + full
    return name


_PLACE_IN_DEPT = re.compile(r"[省市县区乡镇]")
_GOVERNMENT_OFFICE = re.compile(r"(?:人民)?政府办公(?:室|厅)")


def _name_at(text: str, i: int, chain: re.Pattern[str]) -> tuple[str, str] | None:
    """(name, kind) starting at text[i], kind 'place', 'dept' or 'generic-dept', or None.

    `chain` is `_chain_for(text)`, computed once by the caller. A place followed by a superior
    marker (盐城市委) is no name of the report's own.
    """
    if text.startswith("原", i):
        return None  # 原环境保护部: the name starts after 原
    m = chain.match(text, i)
    if m:
        # Drop leading units that are common words (全市县控 …); all must be names.
        if _good_chain(m.group(0)):
            end = m.end()
            # 鲤城区人民政府金龙街道办事处: a township office under its county's government.
            if text.startswith("人民政府", end):
                sub = chain.match(text, end + 4)
                if (sub and _good_chain(sub.group(0)) and _unit_level(_units(sub.group(0))[-1]) == "township"
                        and _PREDICATE.match(text, sub.end())):
                    return m.group(0) + sub.group(0), "place"
            office = _GOVERNMENT_OFFICE.match(text, end)
            if office and _PREDICATE.match(text, office.end()):
                return m.group(0) + office.group(0), "dept"  # 天台县人民政府办公室's own report
            d = _DEPT.match(text, end)
            if d and _PREDICATE.match(text, d.end()) and not text.startswith(("人民", "政府"), end):
                return m.group(0) + d.group(0), "dept"
            if _SUPERIOR.match(text, end) or text.startswith("人大", end):
                return None
            if _PREDICATE.match(text, end):
                return m.group(0), "place"
            return None
    g = _GENERIC_DEPT.match(text, i)
    if g and _PREDICATE.match(text, g.end()):
        return g.group(0), "generic-dept"
    n = _NATIONAL_DEPT.match(text, i)
    if (n and _PREDICATE.match(text, n.end()) and not _PLACE_IN_DEPT.search(n.group(0))
            and not n.group(0).endswith("干部")):
        return n.group(0), "national-dept"
    return None


# Where a clause starts: before a Han character, at a line start, after a non-Han character, or
# after 关于, 现将, 年度, 以来, 2023年 (not 2023年度), 原, 年来. The words are tried only after
# a character that ends one of them ([于将度来原年]), which keeps the search fast.
_BOUNDARY = re.compile(r"(?:^|(?<=[^\u4e00-\u9fff])|(?<=[于将度来原年])(?:(?<=关于)|(?<=现将)|(?<=年度)|(?<=以来)"
                       r"|(?<=\d年)(?!度)|(?<=原)|(?<=年来)))(?=[\u4e00-\u9fff])", re.M)


def _names(text: str) -> Iterator[tuple[str, str, int]]:
    """Names where clauses start in text, outside 《》 titles: (name, kind, position).

    A generator, in text order: callers that need only the first name stop reading there.
    """
    chain = _chain_for(text)
    depth = 0  # quotes and titles open before the boundary (《 and “ open, 》 and ” close)
    last = 0
    for m in _BOUNDARY.finditer(text):
        i = m.start()
        seg = text[last:i]
        depth += seg.count("《") + seg.count("“") - seg.count("》") - seg.count("”")
        last = i
        if depth > 0:
            continue
        found = _name_at(text, i, chain)
        if found:
            yield found[0], found[1], i


def _opening(body: str) -> str:
    """The first paragraph, and the lines after it up to ~600 characters."""
    return body.lstrip()[:600]

def _unparty(text: str) -> str:
    """中共赣州市章贡区委 -> 赣州市章贡区委: 中共 is no part of a place name."""
    return text.replace("中共", "  ")


def _with_parents(name: str, texts: list[str]) -> str:
    """The longest chain in texts that ends with name: 静海区 -> 天津市静海区."""
    best = name
    head = re.sub(r"(委员会|办公室|管理局|总局|局|委|办|厅|部|署)$", "", name)
    for text in texts:
        text = _unparty(text)
        for m in _chain_for(text).finditer(text):
            chain = m.group(0)
            if not _good_chain(chain):
                continue
            units = _units(chain)
            for k in range(len(units)):
                tail = "".join(units[k:])
                if head.startswith(tail) and k > 0:
                    full = "".join(units[:k]) + name
                    if len(full) > len(best) and _units(full)[: k] == units[:k]:
                        best = full
    return best


def _named_chains(text: str) -> list[str]:
    """Every chain of known units text names, in order (中共 dropped: 中共奉节县委 names 奉节县)."""
    text = _unparty(text)
    return [m.group(0) for m in _chain_for(text).finditer(text) if _good_chain(m.group(0))]


def _parent_of(text: str, suffix: str) -> str | None:
    """The most frequent named unit ending in suffix (市, 县, 区) in text, when one leads: the
    city of 市司法局 or the district of 区卫健委 is the page's own. A tie leaves it unknown."""
    counts: Counter[str] = Counter()
    text = _unparty(text)
    for m in _chain_for(text).finditer(text):
        chain = m.group(0)
        if _good_chain(chain):
            # Every unit of the chain counts: 天津市 in 天津市和平区 is a city named too.
            for unit in _units(chain):
                if unit.endswith(suffix):
                    counts[unit] += 1
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


# A page header names the bodies behind the page: the site (绍兴市生态环境局), 发布机构, 来源,

def _province_of(text: str) -> str | None:
    """The most frequent province named in text, short (广东) or full (广东省)."""
    counts: Counter[str] = Counter()
    for short, full in _PROVINCE_SHORT.items():
        n = text.count(short)
        if n:
            counts[full] = n
    return counts.most_common(1)[0][0] if counts else None


_BEFORE_NAME = "在和与及对将把为是由从向于了原年"  # function words after which a name starts a clause
# Whether a candidate is a name, as _frequent_name judges it: one dict per chain pattern,
# [0] for _PLAIN_CHAIN, [1] for _CHAIN (candidates recur within a report and across reports).
_NAME_CACHE: tuple[dict[str, bool], dict[str, bool]] = ({}, {})


def _frequent_name(body: str, level: str | None) -> str | None:
    """The most frequent own name in the body, counted where it starts a clause or a 《title》."""
    counts: Counter[str] = Counter()
    chain = _chain_for(body)
    known = _NAME_CACHE[chain is _CHAIN]
    if len(known) > 50_000:
        known.clear()  # keep a long batch's cache bounded
    superior = _SUPERIOR.match
    # Each place a unit can end, and the 1 to 5 characters before it (nearest start first).
    for m in _SUFFIX_AT.finditer(body):
        s, end = m.span()
        if superior(body, end):
            continue
        for start in range(s - 1, s - 6 if s > 5 else -1, -1):
            # The cheap test first: the name must start a clause (the text's start, or no Han
            # character before it but a function word) ...
            if start:
                before = body[start - 1]
                if "\u4e00" <= before <= "\u9fff" and before not in _BEFORE_NAME:
                    continue
            # ... then whether it is, as a whole, a chain of units that are all names.
            cand = body[start:end]
            ok = known.get(cand)
            if ok is None:
                # A one-character name (浚县) is trusted from a title or a header, not from a
                # count: in running text 返乡, 该县 or 入乡 look the same.
                ok = known[cand] = (chain.fullmatch(cand) is not None
                                    and all(_good_unit(u) for u in _units(cand))
                                    and not _one_character_body(_units(cand)[0]))
            if ok:
                counts[cand] += 1
    best = None
    for cand, n in sorted(counts.items(), key=lambda kv: (-kv[1], -len(kv[0]))):
        if n < 2:
            break
        if level and level_of(cand) != level:
            continue
        best = cand
        break
    return best


