"""Normalise report text: simplified script, no pinyin annotations, unified width and space.

Every output character remembers where it came from in the raw text (`NormalizedText.origin`),
and the boundary between web boilerplate and the report body is found here, once, so that no
later stage can count a breadcrumb or an index-number table as evidence.
"""
from __future__ import annotations

import functools
import re
import unicodedata

from .model import NormalizedText

# A pinyin syllable: lowercase latin letters with at least one tone mark (fā, jī, gòu, shè).
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN = re.compile(
    r"(?<=[\u3400-\u9fff])[(（]([a-zü" + _TONED + r"]{1,7})[)）]"
)
_HAS_TONE = re.compile("[" + _TONED + "]")

_CJK = re.compile(r"[\u3400-\u9fff]")
_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000\ufeff]+")

# Lines that web pages put before a report body. Each pattern says what a boilerplate line
# looks like; a body line is prose. Kept short and general: it is a list of page furniture,
# not of reports.
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


def _fold_char(ch: str) -> str:
    """Full-width forms to their ASCII twins; ideographic punctuation kept as is."""
    if ch in "\u3000":
        return " "
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E:
        return chr(code - 0xFEE0)
    if ch in "\r":
        return ""
    if unicodedata.category(ch) in ("Cf",) and ch not in "\n":
        return ""
    return ch


class _Builder:
    """Accumulates output text together with the raw offset of every character."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.origin: list[int] = []

    def add(self, text: str, at: int) -> None:
        for ch in text:
            self.chars.append(ch)
            self.origin.append(at)

    def text(self) -> str:
        return "".join(self.chars)


def _apply(text: str, origin: list[int], pattern: re.Pattern[str], repl) -> tuple[str, list[int], int]:
    """Substitute `pattern` in `text`, keeping the origin map in step."""
    out = _Builder()
    pos = 0
    count = 0
    for m in pattern.finditer(text):
        for i in range(pos, m.start()):
            out.add(text[i], origin[i])
        replacement = repl(m)
        if replacement != m.group(0):
            count += 1
        out.add(replacement, origin[m.start()] if m.start() < len(origin) else (origin[-1] if origin else 0))
        pos = m.end()
    for i in range(pos, len(text)):
        out.add(text[i], origin[i])
    return out.text(), out.origin, count


def _to_simplified(text: str, origin: list[int]) -> tuple[str, list[int], bool]:
    """Convert to simplified script with OpenCC; report whether the text was traditional.

    t2s keeps the length of a line almost always; where it does not, that line's
    characters map to its start.
    """
    cjk = len(_CJK.findall(text))
    if not cjk:
        return text, origin, False
    out = _Builder()
    pos = 0
    changed = 0
    for line in text.split("\n"):
        conv = _converter().convert(line) if _CJK.search(line) else line
        if len(conv) == len(line):
            for i, ch in enumerate(conv):
                out.add(ch, origin[pos + i])
                changed += ch != line[i]
        else:
            out.add(conv, origin[pos] if pos < len(origin) else 0)
            changed += len(conv)
        pos += len(line)
        if pos < len(text):
            out.add("\n", origin[pos])
            pos += 1
    return out.text(), out.origin, changed >= max(1, cjk * 0.01)


def _is_prose(line: str) -> bool:
    return len(line) >= 30 and ("," in line or "。" in line or "，" in line)


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
    """Return the normalised text of a report with its origin map and body start."""
    origin = list(range(len(raw)))
    # Width, control characters, carriage returns.
    b = _Builder()
    for i, ch in enumerate(raw):
        b.add(_fold_char(ch), i)
    text, origin = b.text(), b.origin

    text, origin, traditional = _to_simplified(text, origin)

    # Pinyin annotations: only when the text really carries them (at least one tone mark in
    # an annotation); "(一)" and "(2021—2025)" are never touched since they are not latin.
    removed = 0
    if any(_HAS_TONE.search(m.group(1)) for m in _PINYIN.finditer(text)):
        text, origin, removed = _apply(text, origin, _PINYIN, lambda m: "")

    # Whitespace: runs of spaces become one space, lines are stripped, blank runs collapse.
    text, origin, _ = _apply(text, origin, _SPACE, lambda m: " ")
    out = _Builder()
    pos = 0
    blank = False
    for line in text.split("\n"):
        lstart = pos
        pos += len(line) + 1
        left = len(line) - len(line.lstrip(" "))
        right = len(line.rstrip(" "))
        if right <= left:
            blank = bool(out.chars)
            continue
        if out.chars:
            out.add("\n\n" if blank else "\n", origin[lstart])
        blank = False
        for i in range(left, right):
            out.add(line[i], origin[lstart + i])
    text = out.text()
    return NormalizedText(
        text=text,
        origin=tuple(out.origin),
        body_start=find_body_start(text),
        converted_traditional=traditional,
        pinyin_removed=removed,
    )
