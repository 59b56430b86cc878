"""Split a normalised report into headings, paragraphs and sentences, each with a role.

Roles say what a piece of text is doing in the report: `preamble` (framing before the first
heading), `achievements` (work reported done), `shortcomings`, `plans` (next-year work) and
`duty` (what the principal leaders personally did). A role comes from the enclosing heading,
or from a cue at the start of a paragraph or sentence, because real reports put their
shortcomings and plans both in chapters of their own and in one paragraph of another chapter.

The cue regexes are written so that `re` skips in C to where a cue can start, and a line is
searched for shortcoming cues once: only sentences that a cue found in the line overlaps are
looked at one by one.
"""
from __future__ import annotations

import re

from . import fastre
from .model import NormalizedText, Paragraph, Segmentation, Sentence

# Heading markers by level. A level-3 number must not be the start of a figure (2023年, 3.5亿).
_HEADINGS = (
    (1, re.compile(r"^(?:第[一二三四五六七八九十]{1,3}[部章][分]?|[一二三四五六七八九十]{1,3})[、.]\s*")),
    (2, re.compile(r"^[(（][一二三四五六七八九十]{1,3}[)）]\s*")),
    (3, re.compile(r"^\d{1,2}(?:[、．]|\.(?!\d))\s*")),
    (4, re.compile(r"^[(（]\d{1,2}[)）]\s*")),
)

# What a heading's words say about its role. Checked in this order.
_HEADING_ROLES = (
    ("duty", re.compile(r"第一责任人|主要负责[人同].{0,12}(履行|履职)|履行.{0,10}第一责任")),
    ("shortcomings", re.compile(r"问题|不足|短板|差距|薄弱|困难|挑战")),
    ("plans", re.compile(r"下一步|下步|下一年|明年|计划|打算|安排|思路|展望|努力方向|工作重点|今后")),
    ("achievements", re.compile(r"成效|举措|情况|成绩|工作|做法|进展")),
)

# Cues that open a shortcomings paragraph or sentence inside another chapter.
SHORTCOMING_CUE = fastre.compile(
    r"(还|仍|依然|尚|也)(然)?(存在|有)(着|著)?.{0,12}(问题|不足|差距|短板|薄弱|困难)|"
    r"存在的(问题|不足)|不足之处|薄弱环节|有待(进一步)?(加强|提高|提升|完善|健全|强化)|"
    r"不够(到位|规范|完善|健全|深入|充分|有力|明显|强|高)|不到位|不平衡|不充分|滞后|"
    r"(还|仍|尚)需(进一步|一步)?(加强|提高|提升|完善|健全|强化|优化|规范)|"
    r"短板|欠缺|亟待|亟需|仍需|仍然存在|尚未(完全|全面)?(形成|建立|到位|落实)|意识(不强|淡薄)|能力不足|力量(不足|薄弱)"
)
# Plan cues: words that open the text, or 下一步 between commas anywhere in it.
_PLAN_OPENINGS = (
    r"(下一步|下步|今后|明年|新的一年|下一年度?|接下来|展望)",
    r"(20\d\d年(度)?[,，]?\s*)?(我们|我县|我区|我市|我镇|我乡|我局|本[县区市镇乡局]|全[县区市镇乡]|[县区市镇乡]政府)将",
    r"20\d\d年(度)?[,，]\s*[^,，。]{0,20}将",
    r"将(进一步|继续|持续|着力|重点|全面|深入|加快|坚持|不断|积极|大力|切实|努力)",
    r"(我们|我县|我区|我市|我镇|我乡)?(计划|拟)",
)
_PLAN_INSIDE = r"[,，](下一步|下步)[,，]"
PLAN_CUE = re.compile("|".join("^" + opening for opening in _PLAN_OPENINGS) + "|" + _PLAN_INSIDE)
# PLAN_CUE in two parts, so that `re` does not try all six alternatives at every character:
# the openings at the start only (led by their first characters), the inside cue at commas.
_PLAN_OPENING = fastre.compile("|".join(_PLAN_OPENINGS))
_PLAN_INSIDE_CUE = re.compile(_PLAN_INSIDE)


def _has_plan_cue(text: str, inside: bool = True) -> bool:
    """Whether PLAN_CUE.search(text) finds a cue.

    `inside=False` says the text holds no 下步 or 下一步, so only the openings need trying.
    """
    if _PLAN_OPENING.match(text):
        return True
    return inside and _PLAN_INSIDE_CUE.search(text) is not None

# Words before a shortcoming term that make it work done: 针对…存在的问题, 补齐短板, 解决…问题.
_NOT_SHORTCOMING = re.compile(r"(针对|解决|整改|破解|查找|查摆|排查|梳理|补齐|补强|弥补|聚焦|围绕|化解|分析|剖析|研究|找准|对照|反馈)[^,，。;；]{0,12}$")


# Words after a shortcoming term that make it work done: …问题得到解决, 补短板专项行动.
_NOT_SHORTCOMING_AFTER = re.compile(r"^[^,，。;；]{0,10}(得到(及时)?(解决|整改|研究|化解|纠正)|整改到位|专项行动|专项整治|工作指挥部)")
# Remedy words in a heading: 开展…突出问题专项整治 is work, not a shortcomings chapter.
_REMEDY_HEADING = re.compile(r"开展|整治|解决|整改|化解|破解|排查|专项|补齐|针对")


def shortcoming_cue(text: str) -> str | None:
    """The shortcoming cue in `text`, unless it is the object of a remedy (针对…问题)."""
    for m in SHORTCOMING_CUE.finditer(text):
        if _NOT_SHORTCOMING.search(text[max(0, m.start() - 14): m.start()]):
            continue
        if _NOT_SHORTCOMING_AFTER.search(text[m.end():]):
            continue
        if m.group(0) == "短板" and text[max(0, m.start() - 1): m.start()] == "补":
            continue
        return m.group(0)
    return None

_SENTENCE_END = re.compile(r"[。！？!?；;]")
_END_MARKS = "。！？!?；;"
# A sentence with its end mark, or the rest of the text when no end mark follows.
_SENTENCE = re.compile(r"[^。！？!?；;]*[。！？!?；;]|[^。！？!?；;]+")


# A chapter or section heading run into the text after a sentence's end (levels 1 and 2
# only: a bare 1. after a full stop is too often a list inside a paragraph).
_RUN_IN_HEADING = re.compile(r"(?<=[。！？!?])\s*(?=(?:[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）]))")
_RUN_IN_CHAPTER = re.compile(r"[。！？!?]\s*[一二三四五六七八九十]{1,3}、")
_PAGE_LINE = 300  # characters: a line this long with a chapter heading inside is a flattened page


def _heading(line: str) -> tuple[int, str, str]:
    """Return (level, heading text, remainder) for a line; level 0 when it is no heading."""
    for level, pattern in _HEADINGS:
        m = pattern.match(line)
        if not m:
            continue
        rest = line[m.end():]
        end = _SENTENCE_END.search(rest)
        if end and end.start() <= 60:
            return level, rest[: end.start()], rest[end.end():]
        if len(rest) <= 60:
            return level, rest, ""
        # A long numbered paragraph with no full stop: its first clause is the heading.
        comma = rest.find(",")
        if 0 < comma <= 40:
            return level, rest[:comma], rest[comma + 1:]
        return level, "", rest
    return 0, "", line


def heading_role(text: str) -> str | None:
    """The role a heading's own words give, or None when they say nothing."""
    for role, pattern in _HEADING_ROLES:
        if pattern.search(text):
            if role == "shortcomings" and _REMEDY_HEADING.search(text):
                continue
            return role
    return None


def _sentences(text: str, start: int) -> list[tuple[int, int, str]]:
    """Sentences (start, end, text) of one paragraph starting at `start`; offsets absolute.

    A sentence runs up to and with its end mark, but a lone end mark is none; the text after
    the last end mark is a sentence unless it is blank.
    """
    pieces = _SENTENCE.findall(text)  # one after the other, together the whole text
    tail = pieces.pop() if pieces and pieces[-1][-1] not in _END_MARKS else ""
    spans = []
    pos = start
    for piece in pieces:
        end = pos + len(piece)
        if end - pos > 1:
            spans.append((pos, end, piece))
        pos = end
    if tail.strip():
        spans.append((pos, pos + len(tail), tail))
    return spans


def segment(norm: NormalizedText, title: str | None = None) -> Segmentation:
    """Segment the body of a normalised report into paragraphs and sentences with roles."""
    text = norm.text
    body_start = norm.body_start
    lines: list[tuple[int, str]] = []
    pos = body_start
    for line in text[body_start:].split("\n"):
        if line.strip():
            # A page captured without its line breaks runs its chapter headings into the
            # text (…提供了有力法治保障。一、坚持党的领导…): such a heading starts a line.
            # Only in a line long enough to be a whole page and holding a chapter heading:
            # a paragraph's own list (下一步重点做好以下工作:(一)…。(二)…) stays one paragraph.
            cut = 0
            if len(line) >= _PAGE_LINE and _RUN_IN_CHAPTER.search(line):
                for m in _RUN_IN_HEADING.finditer(line):
                    if line[cut:m.start()].strip():
                        lines.append((pos + cut, line[cut:m.start()]))
                    cut = m.start()
            lines.append((pos + cut, line[cut:]))
        pos += len(line) + 1

    headings = [_heading(line) for _, line in lines]
    has_heading = any(level for level, _, _ in headings)
    paragraphs: list[Paragraph] = []
    sentences: list[Sentence] = []
    # Stack of (level, heading text, role, reason, section path) for the enclosing headings.
    stack: list[tuple[int, str, str, str, tuple[str, ...]]] = []
    section_path: tuple[str, ...] = ()
    seen_heading = False
    sticky_plan = False  # inside a combined 问题和下一步 chapter once plans begin

    for line_no, ((start, line), (level, head, rest)) in enumerate(zip(lines, headings)):
        if level:
            seen_heading = True
            while stack and stack[-1][0] >= level:
                stack.pop()
            parent_role = stack[-1][2] if stack else "achievements"
            own = heading_role(head or rest[:40])
            if own is None or (own == "achievements" and stack):
                role, reason = parent_role, (stack[-1][3] if stack else "默认:正文")
            else:
                role, reason = own, f"标题:{head or rest[:30]}"
            section_path = (stack[-1][4] if stack else ()) + (head,)
            stack.append((level, head, role, reason, section_path))
            sticky_plan = False
        elif not seen_heading:
            # Before the first heading: the opening framing paragraph. A report with no
            # headings at all has only its first paragraph as preamble.
            if has_heading or line_no == 0:
                role, reason = "preamble", "位置:首个标题之前"
            else:
                role, reason = "achievements", "默认:正文"
        else:
            role, reason = stack[-1][2], stack[-1][3]

        # Paragraph cues override the section role for achievements and combined chapters.
        para_text = rest if level else line
        lead = para_text[:120]
        if role in ("achievements", "preamble", "duty", "shortcomings", "plans") and not level:
            cue = shortcoming_cue(lead) if role not in ("shortcomings", "preamble") else None
            if cue:
                role, reason = "shortcomings", f"段首:{cue}"
            elif role not in ("preamble", "plans") and _has_plan_cue(lead.lstrip()):
                role, reason = "plans", f"段首:{lead[:8]}"
                if stack and stack[-1][2] == "shortcomings":
                    sticky_plan = True
            elif sticky_plan:
                role, reason = "plans", "上文:下一步"

        index = len(paragraphs)
        paragraphs.append(
            Paragraph(
                index=index,
                start=start,
                end=start + len(line),
                text=line,
                heading_level=level,
                heading=head,
                role=role,
                role_reason=reason,
                section_path=section_path,
            )
        )
        head_end = start + (len(line) - len(rest)) if level else start
        # A sentence can hold a shortcoming cue only where a cue found in the whole line
        # overlaps it, and 下一步 between commas only if the line holds 下步 or 下一步.
        cue_spans = ([(start + m.start(), start + m.end()) for m in SHORTCOMING_CUE.finditer(line)]
                     if role in ("achievements", "duty") else [])
        plan_inside = "下步" in line or "下一步" in line
        for s, e, sent_text in _sentences(line, start):
            is_heading = level > 0 and e <= head_end + 1
            s_role, s_reason = role, reason
            if role in ("achievements", "duty") and not is_heading:
                cue = None
                if cue_spans and any(a < e and b > s for a, b in cue_spans):
                    cue = shortcoming_cue(sent_text)
                if cue:
                    s_role, s_reason = "shortcomings", f"句中:{cue}"
                elif _has_plan_cue(sent_text.lstrip("一二三四五六七八九十是,、 "), plan_inside):
                    s_role, s_reason = "plans", f"句首:{sent_text[:6]}"
            elif role == "shortcomings" and not is_heading:
                if _has_plan_cue(sent_text.lstrip("一二三四五六七八九十是,、 "), plan_inside):
                    s_role, s_reason = "plans", f"句首:{sent_text[:6]}"
            # Positional arguments, in the field order of Sentence (index, paragraph, start, end,
            # text, role, role_reason, heading): with keywords, building the sentences takes a
            # third longer, a tenth of segment's time. tests/test_fast_paths.py checks the order.
            sentences.append(Sentence(len(sentences), index, s, e, sent_text, s_role, s_reason, is_heading))

    return Segmentation(
        title=title,
        header=text[:body_start],
        paragraphs=tuple(paragraphs),
        sentences=tuple(sentences),
    )


# A point's opening lead inside a paragraph (一是加强组织领导。二是…): short, and heads the
# sentences after it in its paragraph as a sub-heading does.
_POINT_LEAD = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}是|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、.．])")
_POINT_LEAD_MAX = 24


# A heading that names a part of the report, not a section of the outline: …推进法治政府建设
# 情况, 主要举措和成效, 工作开展情况.
_PART_HEADING = re.compile(r"(情况|成效|举措|成绩|做法|进展|开展情况)\s*[。:：]?\s*$")


def is_part_heading(text: str) -> bool:
    """Whether a heading names a part of the report (一、2022年推进法治政府建设情况) rather than
    a field of work: its words say nothing about which section the text under it reports on."""
    return _PART_HEADING.search(text) is not None


def heading_chains(seg: Segmentation) -> list[tuple[int, ...]]:
    """For each sentence, the sentences that head it, nearest first: the point lead before it in
    its paragraph (一是加强组织领导。), then the heading of its own heading line and those of the
    enclosing headings, innermost first. A heading sentence is headed by the headings above it."""
    chains: list[tuple[int, ...]] = []
    stack: list[tuple[int, tuple[int, ...]]] = []  # (level, that heading's sentences)
    by_paragraph: dict[int, list[Sentence]] = {}
    for s in seg.sentences:
        by_paragraph.setdefault(s.paragraph, []).append(s)
    for p in seg.paragraphs:
        sentences = by_paragraph.get(p.index, [])
        if p.heading_level:
            while stack and stack[-1][0] >= p.heading_level:
                stack.pop()
        above = tuple(i for _, heads in reversed(stack) for i in heads)
        own = tuple(s.index for s in sentences if s.heading) if p.heading_level else ()
        lead: tuple[int, ...] = ()
        for s in sentences:
            if s.heading:
                chains.append(above)
                continue
            is_lead = len(s.text) <= _POINT_LEAD_MAX and _POINT_LEAD.match(s.text) is not None
            # a point's lead is headed by the headings, not by the lead of the point before it
            chains.append((() if is_lead else lead) + tuple(reversed(own)) + above)
            if is_lead:
                lead = (s.index,)
        if p.heading_level:
            stack.append((p.heading_level, own))
    return chains
