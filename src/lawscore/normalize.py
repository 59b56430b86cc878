"""Normalise report text: simplified script, no pinyin annotations, unified width and space.

Every output character can be traced back to the raw text (`NormalizedText.raw_offset`), and
the boundary between web boilerplate and the report body is found here, once, so that no
later stage can count a breadcrumb or an index-number table as evidence.

Each step works on whole strings (str.replace, one regex pass, one OpenCC call) and records
only its edits, so normalising costs a few passes over the text, not a loop per character.
A step whose trigger is absent from the text (no double space, no space beside a line break)
is skipped after a substring test, and the regexes that do scan the whole text start with a
fixed character or class, so that `re` skips ahead to the candidates in C.
"""
from __future__ import annotations

import functools
import itertools
import re
import unicodedata

from . import chars, fastre
from .model import NormalizedText, OffsetMap

# A bracketed latin syllable after a Chinese character, a pinyin annotation when it has a tone
# mark (fā, jī, gòu, shè). The one group is the whole match, for _removed().
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN = fastre.compile(r"(?<=[\u3400-\u9fff])([(（][a-zü" + _TONED + r"]{1,7}[)）])")
_HAS_TONE = re.compile("[" + _TONED + "]")

# Full-width ASCII forms (！ … ～) to ASCII, the ideographic space and no-break space to a space.
_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_WIDTH.update({0x3000: 0x20, 0x00A0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x2009: 0x20, 0x0009: 0x20})
_WIDTH_CHARS = re.compile("[" + re.escape("".join(map(chr, _WIDTH))) + "]")
_WIDTH_TO = {chr(code): chr(to) for code, to in _WIDTH.items()}
# No character is replaced by one that is itself replaced, so one str.replace per character
# present gives what str.translate(_WIDTH) gives, whatever the order of the replacements.
assert not set(_WIDTH.values()) & set(_WIDTH)
# Characters that carry nothing: carriage returns, zero-width and other format characters.
# The one group is the whole match, for _removed().
_INVISIBLE = re.compile(r"([\r\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\ufeff\u00ad\x00-\x08\x0b\x0c\x0e-\x1f\x7f])")
_SPACES = fastre.compile(r" {2,}")
# The spaces and line breaks around a line break.
_LINE_EDGES = fastre.compile(r" *\n[ \n]*")

# Lines that web pages put before a report body. A body line is prose.
_BOILERPLATE = re.compile(
    r"索引号|组配分类|主题分类|体裁分类|发布机构|发文机关|生成日期|成文日期|发文日期|公开方式|公开时限|"
    r"发布时间|发布日期|更新时间|信息来源|文章来源|来源[:：]|访问次数|浏览次数|访问量|阅读量|点击数|"
    r"字体大小|字号|【大】|【小】|关怀版|无障碍|简体|繁体|当前位置|所在位置|首页|打印|关闭|分享|"
    r"文号|关键词|服务对象|栏目|作者|责任编辑|星期[一二三四五六日天]"
)
_HEADING1 = re.compile(r"^[一二三四五六七八九十]{1,3}[、.]")


# Radicals (Kangxi Radicals U+2F00-U+2FDF, CJK Radicals Supplement U+2E80-U+2EFF) that a PDF font
# put where the text has the ideograph of the same shape: ⾏ for 行, ⻓ for 长. NFKC maps every
# Kangxi radical, and two of the Supplement (⺟ ⻳), to its ideograph. The rest of the Supplement
# has no decomposition in unicodedata, so this short table, taken from Unicode's
# EquivalentUnifiedIdeograph.txt, maps the radicals that are whole characters of Chinese text
# (the simplified ones a font shares with 长 门 见 …). Forms that are only a component (⺅ 亻,
# ⺡ 氵, ⺘ 扌 …) and the Japanese simplified forms (⻫ ⻭ ⻯ ⻲) are left as they are and counted.
_SUPPLEMENT = {
    "⺠": "民", "⻁": "虎", "⻄": "西", "⻅": "见", "⻆": "角", "⻉": "贝", "⻋": "车", "⻑": "長",
    "⻓": "长", "⻔": "门", "⻘": "青", "⻙": "韦", "⻚": "页", "⻛": "风", "⻜": "飞", "⻝": "食",
    "⻢": "马", "⻣": "骨", "⻤": "鬼", "⻥": "鱼", "⻦": "鸟", "⻧": "卤", "⻨": "麦", "⻩": "黄",
    "⻪": "黾", "⻬": "齐", "⻮": "齿", "⻰": "龙", "⻱": "龜",
}
_RADICAL = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf]")


def _radical_table() -> dict[int, str]:
    """Radical code point -> its ideograph: NFKC where it gives one, else _SUPPLEMENT."""
    table = {}
    for code in itertools.chain(range(0x2E80, 0x2F00), range(0x2F00, 0x2FE0)):
        folded = unicodedata.normalize("NFKC", chr(code))
        if folded != chr(code) and len(folded) == 1 and "\u3400" <= folded <= "\u9fff":
            table[code] = folded
    table.update((ord(radical), ideograph) for radical, ideograph in _SUPPLEMENT.items())
    return table


_RADICALS = _radical_table()


def radicals_to_ideographs(text: str) -> tuple[str, int, int]:
    """(text, replaced, left): radicals replaced by the ideographs they stand for, one character
    for one, so no offset moves; `left` counts the radicals that have no such ideograph.

    A text without radicals (nearly every report) costs one regex search.
    """
    if _RADICAL.search(text) is None:
        return text, 0, 0
    found = len(_RADICAL.findall(text))
    text = text.translate(_RADICALS)
    left = len(_RADICAL.findall(text))
    return text, found - left, left


@functools.lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


@functools.lru_cache(maxsize=1)
def _particles():
    import opencc

    return opencc.OpenCC("tw2s")


def _particle_zhe(original: str, converted: str) -> str:
    """`converted` with the aspect particle 著 written 着 (存在著 → 存在着, 隨著 → 随着).

    t2s keeps 著, which is also a simplified character (显著, 著名); OpenCC's Taiwan phrases
    (tw2s) tell the particle from the word, so its 着 is taken wherever it keeps the length."""
    if "著" not in converted:
        return converted
    other = _particles().convert(original)
    if len(other) != len(converted):
        return converted
    chars = list(converted)
    for i, ch in enumerate(chars):
        if ch == "著" and other[i] == "着":
            chars[i] = "着"
    return "".join(chars)


def _unify_width(text: str) -> str:
    """text.translate(_WIDTH), replacing only the width characters the text holds.

    str.translate looks each character of a Chinese text up in the table one by one; a report
    holds a handful of distinct width characters (，：（） or none), so finding each with one
    regex search and replacing all its occurrences with str.replace is much faster.
    """
    m = _WIDTH_CHARS.search(text)
    while m:
        text = text.replace(m.group(), _WIDTH_TO[m.group()])
        m = _WIDTH_CHARS.search(text, m.start())  # the replaced ones before it are plain now
    return text


def _count_cjk(text: str) -> int:
    """How many characters of `text` are in U+3400-U+9FFF (CJK extension A and unified)."""
    return chars.count_blocks(text, 0x34, 0x9F)


def _differs_enough(text: str, converted: str, need: float) -> bool:
    """Whether two strings of equal length differ in at least `need` positions.

    Blocks of 64 characters are compared whole (a memory comparison); characters only inside
    blocks that differ, and counting stops once `need` is reached.
    """
    changed = 0
    for i in range(0, len(text), 64):
        a, b = text[i:i + 64], converted[i:i + 64]
        if a != b:
            changed += sum(1 for x, y in zip(a, b) if x != y)
            if changed >= need:
                return True
    return False


def _trim(text: str) -> tuple[str, OffsetMap]:
    """Strip spaces and line breaks from both ends, with the map back to `text`.

    The same text and map as _sub(re.compile(r"^[ \n]+|[ \n]+$"), "", text), worked out from
    str.lstrip and str.rstrip instead of a regex tried at every position.
    """
    n = len(text)
    head = n - len(text.lstrip(" \n"))
    if head == n:  # empty, or nothing but spaces and line breaks: one edit removes it all
        if not n:
            return text, OffsetMap()
        return "", OffsetMap((0, 0), (0, n))
    tail = len(text.rstrip(" \n"))
    new_anchors, old_anchors = [0], [0]
    if head:
        new_anchors.append(0)
        old_anchors.append(head)
    if tail < n:
        new_anchors.append(tail - head)
        old_anchors.append(n)
    if len(new_anchors) == 1:
        return text, OffsetMap()
    return text[head:tail], OffsetMap(tuple(new_anchors), tuple(old_anchors))


def _removed(parts: list[str]) -> tuple[str, OffsetMap, int]:
    """Text, map and edit count of deleting every match, from `pattern.split(text)`.

    The pattern must be one group around the whole match, so that the split alternates kept
    pieces and removed matches: [kept, removed, kept, ..., kept]. Gives what _sub(pattern, "",
    text) gives for a pattern that never matches the empty string, with the scan, the pieces
    and the anchors all worked out in C instead of a Python step per match.
    """
    if len(parts) == 1:
        return parts[0], OffsetMap(), 0
    kept = parts[0::2]
    # After removal k the output is at the end of kept piece k, the input at the end of match k.
    new_anchors = (0, *itertools.accumulate(map(len, kept[:-1])))
    old_anchors = (0, *tuple(itertools.accumulate(map(len, parts)))[1::2])
    return "".join(kept), OffsetMap(new_anchors, old_anchors), len(parts) // 2


def _sub(pattern: re.Pattern[str], repl, text: str) -> tuple[str, OffsetMap, int]:
    """re.sub that also returns the map from new positions to old ones, and the edit count."""
    pieces: list[str] = []
    new_anchors = [0]
    old_anchors = [0]
    pos = 0
    out_len = 0
    count = 0
    for m in pattern.finditer(text):
        replacement = repl(m) if callable(repl) else repl
        if replacement == m.group(0):
            continue
        pieces.append(text[pos:m.start()])
        out_len += m.start() - pos
        if replacement:
            new_anchors.append(out_len)
            old_anchors.append(m.start())
            pieces.append(replacement)
            out_len += len(replacement)
        new_anchors.append(out_len)
        old_anchors.append(m.end())
        pos = m.end()
        count += 1
    if not count:
        return text, OffsetMap(), 0
    pieces.append(text[pos:])
    return "".join(pieces), OffsetMap(tuple(new_anchors), tuple(old_anchors)), count


def _to_simplified(text: str) -> tuple[str, OffsetMap, bool]:
    """Convert to simplified script with OpenCC; say whether the text was traditional.

    t2s keeps the length of the text almost always; when it does not, lines are converted one
    by one and a line whose length changes maps to its start.
    """
    converted = _converter().convert(text)
    if converted == text:
        return text, OffsetMap(), False
    converted = _particle_zhe(text, converted)
    if len(converted) == len(text):
        # Traditional when at least 1% of the CJK characters changed (and at least one did).
        return converted, OffsetMap(), _differs_enough(text, converted, max(1, _count_cjk(text) * 0.01))
    lines = text.split("\n")
    out: list[str] = []
    new_anchors, old_anchors = [0], [0]
    old_pos = new_pos = 0
    for line in lines:
        conv = _particle_zhe(line, _converter().convert(line))
        out.append(conv)
        if len(conv) != len(line):
            new_anchors += [new_pos, new_pos + len(conv)]
            old_anchors += [old_pos, old_pos + len(line)]
        old_pos += len(line) + 1
        new_pos += len(conv) + 1
    return "\n".join(out), OffsetMap(tuple(new_anchors), tuple(old_anchors)), True


def _is_prose(line: str) -> bool:
    return (len(line) >= 30 and ("," in line or "。" in line)) or _is_short_sentence(line)


# A short line can be the body's first sentence (2023年,我县被命名为…示范县。): it ends as a
# sentence does. Header lines do not (titles, breadcrumbs, 发布时间:…, bylines, dates), and a
# short site notice that does (欢迎访问…。) says whose site it is.
_SENTENCE_END = re.compile(r"[。!?！？]$")
_SHORT_NOTICE = re.compile(r"欢迎|您|即将离开|是否继续|请确认|网站|版权|浏览器|分辨率")
_DATE_LINE = re.compile(r"[\d年月日\-/.:: ]+[。!?！？]$")


def _is_short_sentence(line: str) -> bool:
    return (len(line) >= 8 and bool(_SENTENCE_END.search(line)) and not _DATE_LINE.fullmatch(line)
            and not _SHORT_NOTICE.search(line))


# Fields only a page header has: a prose-like line followed closely by one of them is a site
# notice (欢迎访问…, 您访问的链接即将离开…), not the report's first paragraph.
_HEADER_FIELD = re.compile(
    r"索引号|发布机构|发文机关|发布时间|发布日期|信息提供日期|成文日期|发文时间|信息来源|文章来源|来源[:：]|"
    r"访问次数|浏览次数|点击数|当前位置|所在位置"
)
_LOOKAHEAD = 6  # non-empty lines after a candidate first paragraph that may still be header


def _is_header_field(line: str) -> bool:
    return len(line) < 80 and bool(_HEADER_FIELD.search(line[:30]))


def find_body_start(text: str) -> int:
    """Offset of the first line of the report body: prose or a top-level heading.

    Lines before it (titles, index tables, breadcrumbs, visit counters) are the header. A
    prose-like line that header fields follow within a few lines is a site notice, and header.
    """
    lines = text.split("\n")
    pos = 0
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped and (_is_prose(stripped) or _HEADING1.match(stripped)):
            if not (_BOILERPLATE.search(stripped[:20]) and len(stripped) < 60):
                ahead = [rest.strip() for rest in lines[i + 1: i + 1 + 3 * _LOOKAHEAD] if rest.strip()]
                if not any(_is_header_field(rest) for rest in ahead[:_LOOKAHEAD]):
                    return pos
        pos += len(line) + 1
    return 0


# A half-width ? right after a Chinese character and right before a letter or character.
_LOST = re.compile(r"(?<=[\u3400-\u9fff])\?(?=[^\s\x00-\x40\x5b-\x60\x7b-\x7f。，、；：！？”’）》])")


def normalize(raw: str) -> NormalizedText:
    """Return the normalised text of a report with its offset maps and body start."""
    steps: list[OffsetMap] = []

    # A half-width ? inside Chinese text (全域?qū实现) stands for a character lost in conversion,
    # not for the end of a question (a Chinese question ends with ？): marked as lost, it no
    # longer cuts the sentence and its quote. One for one: no map needed.
    text = _LOST.sub("\ufffd", raw) if "?" in raw else raw
    text = _unify_width(text)
    text, radicals_replaced, radicals_left = radicals_to_ideographs(text)  # one for one: no map needed
    text, step, _ = _removed(_INVISIBLE.split(text))
    steps.append(step)

    text, step, traditional = _to_simplified(text)
    steps.append(step)

    # Pinyin annotations: only when the text really carries them (a tone mark in at least one
    # annotation); "(一)" and "(2021—2025)" are never touched since they are not latin.
    removed = 0
    parts = _PINYIN.split(text)  # text pieces with the bracketed latin syllables between them
    if any(map(_HAS_TONE.search, parts[1::2])):
        text, step, removed = _removed(parts)
        steps.append(step)

    # Runs of spaces become one; lines lose edge spaces; blank-line runs become one blank line.
    # Each step is skipped when the text holds nothing it would change: a lone "\n" or "\n\n"
    # stays as it is, so line edges change only around " \n", "\n " or "\n\n\n".
    if "  " in text:
        text, step, _ = _sub(_SPACES, " ", text)
        steps.append(step)
    if " \n" in text or "\n " in text or "\n\n\n" in text:
        text, step, _ = _sub(_LINE_EDGES, lambda m: "\n\n" if m.group(0).count("\n") > 1 else "\n", text)
        steps.append(step)
    text, step = _trim(text)
    steps.append(step)

    return NormalizedText(
        text=text,
        offsets=tuple(s for s in steps if s.new != (0,) or s.old != (0,)),
        body_start=find_body_start(text),
        converted_traditional=traditional,
        pinyin_removed=removed,
        radicals_replaced=radicals_replaced,
        radicals_left=radicals_left,
    )
