"""The words and symbols every output shows for levels, roles, statuses, timeliness and
indicator verdicts, how figures are written, and how an item's place in its outline is named: one place for the HTML pages (render) and the
CSV/XLSX exports."""
from __future__ import annotations

import re
from pathlib import PurePosixPath

from .model import Indicator, ReportResult

LEVEL_LABELS = {
    "province": "省级",
    "city": "市级",
    "county": "县级",
    "township": "乡镇",
    "department": "部门",
}
# Other ways a level is written in Chinese, besides its label (县级) and the label less 级 (县).
LEVEL_WORDS = {"区": "county", "区县": "county", "县区": "county", "县市区": "county", "乡": "township",
               "镇": "township", "街道": "township", "乡镇街道": "township", "地级": "city", "地市": "city",
               "设区的市": "city", "省份": "province", "单位": "department"}


def level_code(word: str) -> str | None:
    """The level code (county) of a level written as its code or in Chinese (县级, 县, 区县,
    乡镇, 街道 …); None when it names no level."""
    word = re.sub(r"[()（）、\s]", "", str(word))
    for code, label in LEVEL_LABELS.items():
        if word in (code, label, label.removesuffix("级")):
            return code
    return LEVEL_WORDS.get(word)


def level_list() -> str:
    """The levels as a fix lists them: province(省级)、city(市级)…"""
    return "、".join(f"{code}({label})" for code, label in LEVEL_LABELS.items())


_DIGIT_VALUES = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUMERAL = re.compile(r"[〇零一二两三四五六七八九十百]+")


def chinese_numeral(text: str) -> int | None:
    """The value of the first Chinese numeral in `text` (第二十二 -> 22, 十一 -> 11), or None."""
    m = _NUMERAL.search(str(text))
    if m is None:
        return None
    total, digit = 0, 0
    for ch in m.group(0):
        if ch == "百":
            total += (digit or 1) * 100
            digit = 0
        elif ch == "十":
            total += (digit or 1) * 10
            digit = 0
        else:
            digit = _DIGIT_VALUES[ch]
    return total + digit


def chapter_order(chapter_id: str) -> tuple[int, int, str]:
    """A sort key for chapter ids: by the value of their Chinese numeral (二 … 十, 十一), then
    by Arabic number, then as text; never by code point (七, 三, 九)."""
    value = chinese_numeral(chapter_id)
    if value is None and str(chapter_id).isdigit():
        value = int(chapter_id)
    return (0, value, "") if value is not None else (1, 0, str(chapter_id))


ROLE_LABELS = {
    "preamble": "开篇",
    "achievements": "成效",
    "shortcomings": "不足",
    "plans": "计划",
    "duty": "第一责任人",
}
STATUS_LABELS = {
    "met": "已落实",
    "partial": "部分落实",
    "gap": "仅列为不足",
    "planned": "仅列为计划",
    "mentioned": "仅有表述",
    "missing": "未提及",
    "not_applicable": "不适用",
}
# A symbol beside each label, so neither colour nor the label alone carries the meaning.
STATUS_SYMBOLS = {
    "met": "✓",
    "partial": "◐",
    "gap": "!",
    "planned": "→",
    "mentioned": "○",
    "missing": "✗",
    "not_applicable": "–",
}
# A supervisor's review of an item, as the scorecard names it.
REVIEW_LABELS = {"applied": "人工复核", "stale": "待重新复核"}
# What the headline means, said once on every page.
HEADLINE_NOTE = ("总分即“纲要覆盖度”:纲要各节(2021—2025纲要第(四)至(三十五)节,2015—2020纲要各项措施)中报告以具体工作"
                 "说到的加权比例,一节有一项已落实或两项部分落实计满分、只有一项部分落实计一半;“深度”是逐项得分;"
                 "必备内容、发布及时性另列。")
STRENGTH_LABELS = {"strong": "具体", "weak": "较弱", "none": "无具体内容"}
# Why a sentence reads as concrete work or not (model.Signal.kind), as `lawscore explain` says it.
SIGNAL_LABELS = {"figure": "数字", "document": "印发文件", "citation": "引用法规", "received": "收到的文件",
                 "action": "动作", "completed": "完成情况", "goal": "目标", "honour": "荣誉", "slogan": "口号",
                 "copy": "雷同"}
# One letter per status, so a Summary carries a report's verdicts as one short string.
STATUS_CODES = {"met": "m", "partial": "p", "gap": "g", "planned": "l", "mentioned": "s", "missing": "x",
                "not_applicable": "n"}
CODE_STATUS = {code: status for status, code in STATUS_CODES.items()}
# How far along an item is, to call a change between two years better or worse.
# Named only as a slogan earns what nothing earns: missing -> mentioned is a change, not progress.
STATUS_RANK = {"met": 3, "partial": 2, "gap": 1, "planned": 1, "mentioned": 0, "missing": 0}
# What the status says in a sentence, for a reader who meets it without the legend.
STATUS_MEANINGS = {
    "met": "有具体工作(数字、文件、完成的行动或荣誉)",
    "partial": "提到了工作,但没有数字、文件或完成情况",
    "gap": "只在存在的问题/不足中提到",
    "planned": "只在下一步工作安排中提到",
    "mentioned": "提到了该事项,但只有口号式表述,没有具体工作",
    "missing": "报告中没有找到相关内容",
    "not_applicable": "不要求该层级的报告提供",
}
# A met item whose checklist asks for something other than work done (`expect`) says what was
# found in its own terms: a part 存在的不足 is met by shortcomings written down, not by "work".
MET_LABELS_BY_EXPECT = {"shortcomings": "已写明存在的不足", "plans": "已写明下一年度安排"}
# A report is on time when published on or before 31 March of the year after the reported year.
TIMELINESS_LABELS = {"on_time": "按时发布", "late": "逾期发布", "unknown": "发布日期不明"}
TIMELINESS_SYMBOLS = {"on_time": "✓", "late": "!", "unknown": "?"}
TIMELINESS_ORDER = ("late", "unknown", "on_time")
# A declared indicator's verdict and how each figure read for it counts (model.IndicatorResult).
VERDICT_LABELS = {"met": "达标", "not_met": "未达标", "not_reported": "未报告", "reported": "已报告(无目标)"}
VERDICT_SYMBOLS = {"met": "✓", "not_met": "✗", "not_reported": "?", "reported": "·"}
READING_KIND_LABELS = {"value": "报告值", "goal": "目标或要求(不计为报告值)", "change": "变化量(不计为报告值)",
                       "previous": "其他年度或此前的数值(不计为报告值)"}
MAX_READINGS = 12  # shown per indicator per report: a report that repeats itself cannot blow up results.json
NOT_GIVEN = "未注明"
NO_CHECKLIST = "无适用的清单"
_DIGITS = "零一二三四五六七八九"


def status_label(status: str, expect: str = "achievements") -> str:
    """The label of a status, in the terms of what the item expects (MET_LABELS_BY_EXPECT)."""
    if status == "met" and expect in MET_LABELS_BY_EXPECT:
        return MET_LABELS_BY_EXPECT[expect]
    return STATUS_LABELS.get(status, status)


def group_name(result: ReportResult) -> str:
    """The scorecard a report goes on: its jurisdiction's full name as metadata or manifest.yaml
    give it (河南省X县城关镇 and 甘肃省Y县城关镇 stay apart), else its file name."""
    return page_name(result.source, result.metadata.jurisdiction)


def page_name(source: str, jurisdiction: str | None) -> str:
    """group_name for a report known by its file and jurisdiction."""
    return jurisdiction or PurePosixPath(source.replace("\\", "/")).stem or source


def number_label(x: float) -> str:
    """4.48 → "4.48", 100.0 → "100": as a report writes it."""
    return f"{x:.4f}".rstrip("0").rstrip(".") if x != int(x) else str(int(x))


def plain_number(x: float) -> int | float:
    """An integer where the value is whole, so JSON and spreadsheets show 100, not 100.0."""
    return int(x) if x == int(x) and abs(x) < 1e15 else round(x, 6)


def value_label(value: float, unit: str, qualifier: str = "", high: float | None = None) -> str:
    """100%, 4.48%, 156件, 90%—95%, 10件以上, 约300件."""
    v = number_label(value)
    if high is not None:
        return f"{v}{unit}—{number_label(high)}{unit}"
    text = f"{v}{unit}"
    if qualifier == "at_least":
        return text + "以上"
    if qualifier == "about":
        return "约" + text
    return text


def target_label(ind: Indicator) -> str:
    """≥100% / ≤5% / "" when the indicator has no target."""
    t = ind.target
    if t is None:
        return ""
    parts = []
    if t.min is not None:
        parts.append(f"≥{number_label(t.min)}{ind.unit}")
    if t.max is not None:
        parts.append(f"≤{number_label(t.max)}{ind.unit}")
    return "且".join(parts)


def chinese_number(n: int) -> str:
    """1..99 in Chinese numerals, as the outline numbers its sections."""
    if n < 0 or n >= 100:
        return str(n)
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def clause_label(item) -> str:
    """The item's place in its own outline: 措施N for the 2015-2020 one, （N） for 2021-2025."""
    if item.measure is not None:
        return f"措施{item.measure}"
    if item.clause is not None:
        return f"（{chinese_number(item.clause)}）"
    return "—"


def corresponds_label(item) -> str:
    """For an item of the 2015-2020 outline: the 2021-2025 clauses it corresponds to."""
    if not item.corresponds:
        return ""
    clauses = "、".join(f"（{chinese_number(c)}）" for c in item.corresponds)
    return f"对应2021—2025纲要第{clauses}节"


# Chinese text the pages show that was written with ASCII punctuation (the reasons of score.py,
# warnings, the normalised report's role cues): a mark beside a Chinese character becomes
# full-width, and a bracket pair becomes （） when a Chinese character is inside or just before it.
_HAN = "\u3400-\u9fff\u3001\u3002\u201c\u201d\u300a-\u300f\uff08\uff09"
_ZH_MARK = re.compile(rf"(?<=[{_HAN}])[,;:?!]|[,;:?!](?=[{_HAN}])")
_ZH_PAIR = re.compile(rf"(?<=[{_HAN}])\(([^()]*)\)|\(([^()]*[{_HAN}][^()]*)\)")
_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}


def zh_punct(text: str) -> str:
    """Full-width punctuation inside Chinese text: 发布,在3月31日之前 -> 发布，在3月31日之前.

    Marks between latin letters or digits (10:30, a,b) and brackets around latin only stay.
    """
    if not text or not any(c in text for c in ",;:?!("):
        return text
    while True:  # innermost pairs first: 纲要各节(第(四)至(三十五)节)
        paired = _ZH_PAIR.sub(lambda m: f"（{m.group(1) if m.group(1) is not None else m.group(2)}）", text)
        if paired == text:
            break
        text = paired
    return _ZH_MARK.sub(lambda m: _FULL[m.group(0)], text)
