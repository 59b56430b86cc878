"""Normalise report text: simplified script, no pinyin annotations, unified width and space.

Every output character can be traced back to the raw text (`NormalizedText.raw_offset`), and
the boundary between web boilerplate and the report body is found here, once, so that no
later stage can count a breadcrumb or an index-number table as evidence.

Each step works on whole strings (str.translate, one regex pass, one OpenCC call) and records
only its edits, so normalising costs a few passes over the text, not a loop per character.
"""
from __future__ import annotations

import functools
import re

from .model import NormalizedText, OffsetMap

# A pinyin syllable: lowercase latin letters with at least one tone mark (fā, jī, gòu, shè).
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN = re.compile(r"(?<=[\u3400-\u9fff])[(（]([a-zü" + _TONED + r"]{1,7})[)）]")
_HAS_TONE = re.compile("[" + _TONED + "]")

_CJK = re.compile(r"[\u3400-\u9fff]")
# Full-width ASCII forms (！ … ～) to ASCII, the ideographic space and no-break space to a space.
_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_WIDTH.update({0x3000: 0x20, 0x00A0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x2009: 0x20, 0x0009: 0x20})
# Characters that carry nothing: carriage returns, zero-width and other format characters.
_INVISIBLE = re.compile(r"[\r\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\ufeff\u00ad\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r" {2,}")
_LINE_EDGES = re.compile(r" *\n[ \n]*")
_TRIM = re.compile(r"^[ \n]+|[ \n]+$")

# Lines that web pages put before a report body. A body line is prose.
_BOILERPLATE = re.compile(
    r"索引号|组配分类|主题分类|体裁分类|发布机构|发文机关|生成日期|成文日期|发文日期|公开方式|公开时限|"
    r"发布时间|发布日期|更新时间|信息来源|文章来源|来源[:：]|访问次数|浏览次数|访问量|阅读量|点击数|"
    r"字体大小|字号|【大】|【小】|关怀版|无障碍|简体|繁体|当前位置|所在位置|首页|打印|关闭|分享|"
    r"文号|关键词|服务对象|栏目|作者|责任编辑|星期[一二三四五六日天]"
)
_HEADING1 = re.compile(r"^[一二三四五六七八九十]{1,3}[、.]")


@functools.lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


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
    cjk = len(_CJK.findall(text))
    if len(converted) == len(text):
        changed = sum(1 for a, b in zip(text, converted) if a != b)
        return converted, OffsetMap(), changed >= max(1, cjk * 0.01)
    lines = text.split("\n")
    out: list[str] = []
    new_anchors, old_anchors = [0], [0]
    old_pos = new_pos = 0
    for line in lines:
        conv = _converter().convert(line)
        out.append(conv)
        if len(conv) != len(line):
            new_anchors += [new_pos, new_pos + len(conv)]
            old_anchors += [old_pos, old_pos + len(line)]
        old_pos += len(line) + 1
        new_pos += len(conv) + 1
    return "\n".join(out), OffsetMap(tuple(new_anchors), tuple(old_anchors)), True


def _is_prose(line: str) -> bool:
    return len(line) >= 30 and ("," in line or "。" in line)


def find_body_start(text: str) -> int:
    """Offset of the first line of the report body: prose or a top-level heading.

    Lines before it (titles, index tables, breadcrumbs, visit counters) are the header.
    """
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped and (_is_prose(stripped) or _HEADING1.match(stripped)):
            if not (_BOILERPLATE.search(stripped[:20]) and len(stripped) < 60):
                return pos
        pos += len(line) + 1
    return 0


def normalize(raw: str) -> NormalizedText:
    """Return the normalised text of a report with its offset maps and body start."""
    steps: list[OffsetMap] = []

    text = raw.translate(_WIDTH)
    text, step, _ = _sub(_INVISIBLE, "", text)
    steps.append(step)

    text, step, traditional = _to_simplified(text)
    steps.append(step)

    # Pinyin annotations: only when the text really carries them (a tone mark in at least one
    # annotation); "(一)" and "(2021—2025)" are never touched since they are not latin.
    removed = 0
    if any(_HAS_TONE.search(m.group(1)) for m in _PINYIN.finditer(text)):
        text, step, removed = _sub(_PINYIN, "", text)
        steps.append(step)

    # Runs of spaces become one; lines lose edge spaces; blank-line runs become one blank line.
    text, step, _ = _sub(_SPACES, " ", text)
    steps.append(step)
    text, step, _ = _sub(_LINE_EDGES, lambda m: "\n\n" if m.group(0).count("\n") > 1 else "\n", text)
    steps.append(step)
    text, step, _ = _sub(_TRIM, "", text)
    steps.append(step)

    return NormalizedText(
        text=text,
        offsets=tuple(s for s in steps if s.new != (0,) or s.old != (0,)),
        body_start=find_body_start(text),
        converted_traditional=traditional,
        pinyin_removed=removed,
    )
