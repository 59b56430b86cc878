"""Read jurisdiction, level, year reported on and publication date from a report.

Sources, in order of trust: page header fields (发布日期 …), the title, the first paragraph,
then the body. Self-references (我县, 本区, 我局, 本街道) give the level; the name they stand for
is taken from the page header (the site's name, 发布机构, 来源, the breadcrumb) when exactly one
body there is at that level, and is left unknown otherwise: a wrong name costs more than a gap.
Masked templates (XX市, 某县) leave the jurisdiction unknown too.

The publication date comes from the header only: a labelled field (发布时间, 信息提供日期, 发文时间,
成文日期 …) or a date line of its own under the title, never a date in the body or a site clock.

How a name is read: an administrative name is a chain of units, each a short place name and a
suffix (省, 自治区, 市, 州, 县, 区, 旗, 乡, 镇, 街道 …), optionally followed by a body (局, 委员会,
办公室, 部 …). A name counts only where a clause starts (after punctuation, a year, 关于 or 现将)
and when it is not a superior (盐城市委, 区人大 are the ones the report answers to).
"""
from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterator

from . import fastre
from .model import Metadata, NormalizedText

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
    rf"^[\[【(]?{_DATE}日?(?:\s*\d{{1,2}}[:时]\d{{1,2}}(?:[:分]\d{{1,2}}秒?|分)?)?[\]】)]?"
    r"\s*(?:$|(?:信息来源|文章来源|来源|作者|浏览|点击|阅读|访问|字号|字体|【))"
)

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
_GENERIC_DEPT = re.compile(rf"([省市县区])({_BODY_CHAR}{{1,10}}?(?:委员会|办公室|管理局|局|委|办))")
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

# Self-references: 我县, 本镇, 全乡 … and 局党组, 乡党委; they give the level, never a name.
# 全区第一, 全市前列, 全省首个: a ranking is made in the superior's area, not the report's own.
_SELF = fastre.compile(r"(?:(我|本)(自治区|街道|部门|省|市|州|县|区|旗|乡|镇|局|委|厅)"
                   r"|(全)(自治区|街道|省|市|州|县|区|旗|乡|镇|局)(?![委政长第前首排唯率最])"
                   r"|(?<![\u4e00-\u9fff])(街道|乡|镇|局)"
                   r"(?:党委|党工委|党组|人民政府|办事处|政府|(?=[建召开组制坚按围高认深始紧全成印完落严])))")

# ---------------------------------------------------------------- titles and years

_TITLE = re.compile(r"法治政府建设|依法行政|法治建设|法治政府")
_EMBEDDED_TITLE = re.compile(
    r"^[^。,;]{0,80}?(?:法治政府|依法行政|法治建设)[^。,;]{0,30}?(?:报告|总结)"
    r"(?:及[^。,;]{0,12}?(?:安排|计划|思路|打算|方案|要点))?"
)
_RANGE = re.compile(r"20\d\d\s*年?\s*[-—–~至到]+\s*20\d\d")
_YEAR = re.compile(r"(20\d\d)\s*年")
_PLAN_AFTER = re.compile(r"\s*年度?(?:工作)?(?:安排|计划|思路|打算|方案|要点|重点|目标)")
_REPORT_STATEMENT = re.compile(
    r"现将[^。]{0,40}?(20\d\d)\s*年度?[^。]{0,40}?(?:报告|汇报|总结|报送)如下")
_REPORT_NAME = re.compile(
    r"(20\d\d)\s*年度?[^。,;:]{0,25}?(?:法治政府|依法行政|法治建设)[^。,;]{0,20}?(?:报告|情况|总结)")
_LINE_START_YEAR = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+[、.]|\([一二三四五六七八九十]+\))?\s*(20\d\d)\s*年")


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


def find_title(norm: NormalizedText) -> str | None:
    """A header line that names the report (法治政府建设 … 报告 / 情况 / 总结), else None."""
    header = norm.text[: norm.body_start]
    for line in header.split("\n"):
        line = _title_part(line)
        if (8 <= len(line) <= 70 and _TITLE.search(line) and _TITLE_WORD.search(line)
                and not _BREADCRUMB.search(line)):
            return line
    return None


# Years written in Chinese numerals (二〇二三年, 二零二三年度), as official titles often are.
_HAN_YEAR = re.compile(r"[二][〇○零][〇○零一二三四五六七八九]{2}(?=\s*年)")
_HAN_DIGITS = str.maketrans("〇○零一二三四五六七八九", "000123456789")


def _arabic_years(text: str) -> str:
    """二〇二三年 -> 2023年, keeping the text's length (and so every position in it)."""
    if "二" not in text:
        return text
    return _HAN_YEAR.sub(lambda m: m.group(0).translate(_HAN_DIGITS), text)


def level_of(name: str) -> str | None:
    """The level a jurisdiction or body name implies.

    >>> level_of("杭州市市场监督管理局"), level_of("宁波市江北区"), level_of("长冈乡")
    ('department', 'county', 'township')
    """
    name = re.sub(r"(人民政府|政府)$", "", name.strip())
    if not name:
        return None
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


def extract(norm: NormalizedText, title: str | None, body_text: str) -> Metadata:
    """Metadata read from the header, the title and the body of one report."""
    header = norm.text[: norm.body_start]
    sources: list[tuple[str, str]] = []

    published = _published(header or norm.text[:300], labelled_only=not header, title=title)
    title_years = [y for y, _, plan in _years(_arabic_years(title or "")) if not plan]
    if published and title_years and int(published[:4]) < title_years[0]:
        published = None  # a stale date: no page publishes a report before the year it covers
    if published:
        sources.append(("published", "页面信息"))

    # The title: a header line, else a title written at the top of the body.
    title_text, title_where = title, "标题"
    if not title_text:
        m = _EMBEDDED_TITLE.match(body_text.lstrip())
        if m:
            title_text, title_where = m.group(0), "正文开头的标题"
    opening = _opening(body_text)

    year, year_where = _year(title_text, body_text, published)
    if year_where:
        sources.append(("year", year_where if year_where != "title" else title_where))

    jurisdiction, level, where = _jurisdiction(header, title_text, opening, body_text)
    if jurisdiction or level:
        if where.startswith("title"):
            where = title_where + where[len("title"):]
        sources.append(("jurisdiction" if jurisdiction else "level", where))
    return Metadata(
        jurisdiction=jurisdiction,
        level=level,
        year=year,
        published=published,
        title=title,
        sources=tuple(sources),
    )


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
def _good_unit(unit: str) -> bool:
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
        return len(body) <= 6 or (body.endswith("族") and len(body) <= 16)
    if suffix in ("乡", "镇") and body.endswith("族"):
        return len(body) <= 6  # ethnic townships: 莪山畲族乡, 六巷苗族瑶族乡
    return len(body) <= 4


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


def _parent_of(text: str, suffix: str) -> str | None:
    """The most frequent named unit ending in suffix (市, 县, 区) in text, when one leads: the
    city of 市司法局 or the district of 区卫健委 is the page's own. A tie leaves it unknown."""
    counts: Counter[str] = Counter()
    text = _unparty(text)
    for m in _chain_for(text).finditer(text):
        chain = m.group(0)
        if _good_chain(chain) and (last := _units(chain)[-1]).endswith(suffix):
            counts[last] += 1
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


# A page header names the bodies behind the page: the site (绍兴市生态环境局), 发布机构, 来源,
# 作者 and the breadcrumb's folders. They are read as whole tokens between the header's separators.
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


# 在省委、省政府和金华市委、市政府的坚强领导下: the city that leads the report's own.
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
