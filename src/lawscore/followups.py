"""What to ask a jurisdiction about its report (需要追问的事项), computed once for the scorecard
and for the Word follow-up list (docx_export.py), neither of which computes it again.

Which verdicts are asked about, what the finding is called and which question goes with it
are tables below (by status and checklist kind), never item names.
"""
from __future__ import annotations

from dataclasses import dataclass

from .copies import KIND_LABELS
from .labels import (
    STATUS_LABELS,
    STATUS_SYMBOLS,
    clause_label,
    corresponds_label,
    group_name,
    status_label,
    zh_punct,
)
from .model import Item, ItemResult, LetterSettings, ReportResult
from .score import section_key

# The verdicts a supervisor asks about: nothing found, only a slogan, or only a shortcoming.
FOLLOW_UP = ("missing", "mentioned", "gap")
# Verdicts that show no work at all: an outline section where every item has one is asked about
# once, as a whole.
NO_WORK = ("missing", "mentioned")

RULES_SECTION = "必备内容"  # what the section column says for a part of the report rules

# What the report shows, in the words of a supervisor's letter, by checklist kind and status. An
# outline finding leads the numbered list of the items it holds for; a part of the report
# rules is asked about alone.
FINDINGS = {
    ("outline", "missing"): "报告未提及以下工作",
    ("outline", "gap"): "以下工作仅在存在的不足中提及",
    ("outline", "planned"): "以下工作仅在下一年度工作安排中提及",
    ("outline", "partial"): "报告对以下工作有相关内容，但不够具体",
    ("outline", "mentioned"): "报告对以下工作仅有原则性表述，未见具体工作",
    ("rules", "missing"): "报告缺少这一部分",
    ("rules", "gap"): "仅在存在的不足中提及",
    ("rules", "partial"): "这一部分内容不完整",
    ("rules", "mentioned"): "仅有原则性表述，未写明具体情况",
}
# The question that goes with each finding.
QUESTIONS = {
    ("outline", "missing"): "请说明本年度是否开展了上述工作；已开展的，请说明具体做法、数据和成效；"
                            "未开展的，请说明原因和下一步安排。",
    ("outline", "gap"): "请说明问题的具体表现和原因，已采取和拟采取的整改措施，以及责任单位和完成时限。",
    ("outline", "planned"): "请说明本年度已开展的相关工作；尚未开展的，请说明原因和完成时限。",
    ("outline", "partial"): "请补充说明具体做法、数据和成效。",
    ("outline", "mentioned"): "请说明本年度开展上述工作的具体做法、数据和成效。",
    ("rules", "missing"): "请按年度报告的内容要求补充说明这一部分。",
    ("rules", "gap"): "请说明问题的具体表现和原因，以及整改措施和完成时限。",
    ("rules", "partial"): "请按年度报告的内容要求补充完整。",
    ("rules", "mentioned"): "请按年度报告的内容要求写明具体情况。",
}
SECTION_REASON = "本节各项都没有找到具体工作"

# Copied text (copies.py) is asked about from this share of a report's sentences, or whenever a
# sentence repeats last year's word for word with its figures (it earns no credit).
COPY_ASK = 5.0
COPY_SECTION = "雷同内容"
COPY_PART = "报告内容雷同"  # the copies' part of a letter
COPY_FINDINGS = {
    "previous_year": "报告中有{n}句（占{share:.1f}%）与本地区{sources}的报告雷同{same}",
    "other": "报告中有{n}句（占{share:.1f}%）与{sources}的报告雷同",
    "outline": "报告中有{n}句（占{share:.1f}%）照搬{sources}原文",
}
COPY_QUESTIONS = {
    "previous_year": "请说明这些内容是否为本年度开展的工作；属于延续性工作的，请补充本年度的具体做法、数据和成效。",
    "other": "请说明这些内容是否为本地区实际开展的工作，并补充本地区的具体做法、数据和成效。",
    "outline": "请对照纲要要求，说明本地区落实的具体做法、数据和成效，而不是复述纲要原文。",
}


@dataclass(frozen=True)
class FollowUp:
    """One question to the jurisdiction: a required part it lacks, an item named only as a
    shortcoming, or an outline section without any work."""

    clause_label: str  # the section: （十一）, 措施12, or 必备内容 for a part of the report rules
    title: str
    corresponds_label: str
    status: str
    status_label: str
    status_symbol: str
    reason: str
    chapter: str = ""  # the chapter's title; empty for the report rules
    section: str = ""  # the section in words, for a letter: 纲要第（十一）节, 纲要措施12, 年度报告必备内容
    finding: str = ""  # what the report shows, for a letter (FINDINGS)
    question: str = ""  # what to ask (QUESTIONS)
    kind: str = "outline"  # what is asked about: "outline" items, a "rules" part, or "copies"
    # (status, title) of every item the line stands for; ("copied", “sentence”) of copied text
    covers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Ask:
    """What a letter asks about one kind of finding in one section: the finding, the items it
    holds for (numbered 1. 2. … in the letter; none for a part of the report), the question."""

    finding: str
    items: tuple[str, ...]
    question: str


@dataclass(frozen=True)
class LetterSection:
    """A section of a letter, numbered （一）（二）…: an outline section, a part of the report
    rules, or a kind of copied text."""

    heading: str
    asks: tuple[Ask, ...]


@dataclass(frozen=True)
class LetterPart:
    """A part of a letter, numbered 一、二、…: an outline chapter, the report's required parts,
    or the copied text."""

    heading: str
    sections: tuple[LetterSection, ...]


@dataclass(frozen=True)
class FollowUpList:
    """Everything a Word follow-up list of one report says."""

    source: str
    jurisdiction: str
    year: int | None
    report_title: str
    checklists: tuple[str, ...]  # titles of the checklists the report was scored with
    parts: tuple[LetterPart, ...]
    settings: LetterSettings = LetterSettings()  # who sends it, whom to call, by when to reply

    @property
    def count(self) -> int:
        """How many matters the letter asks about: its numbered items, and the sections
        asked about as a whole."""
        return sum(len(ask.items) or 1 for part in self.parts for section in part.sections for ask in section.asks)


def _section_words(item: Item, outline: bool) -> str:
    if not outline:
        return "年度报告" + RULES_SECTION
    if item.measure is not None:
        return f"纲要措施{item.measure}"
    if item.clause is not None:
        return f"纲要第{clause_label(item)}节"
    return "纲要"


def follow_ups(result: ReportResult) -> tuple[FollowUp, ...]:
    """What to ask the jurisdiction for: required parts it lacks, items named only as a
    shortcoming, and the outline sections where the report shows no work at all (one line
    per section, naming its first missing item and how many there are).

    A deep checklist has several items per section; listing every missing one, including
    those of sections the report does cover, would bury the questions that matter.
    """
    out = []
    for res in (result.outline, result.rules):
        if res is None:
            continue
        kind = "outline" if res.checklist.kind == "outline" else "rules"
        outline = kind == "outline"
        chapters = dict(res.checklist.chapters)
        covered = {section_key(ir.item) for ir in res.items if ir.status in ("met", "partial")}
        missing: dict[tuple, list[ItemResult]] = {}
        if outline:
            for ir in res.items:
                if ir.status in NO_WORK:
                    missing.setdefault(section_key(ir.item), []).append(ir)
        for ir in res.items:
            if ir.status not in FOLLOW_UP or ir.item.optional:
                continue
            title, reason = zh_punct(ir.item.title), ir.reason
            covers: tuple[tuple[str, str], ...] = ((ir.status, title),)
            if outline and ir.status in NO_WORK:
                section = missing[section_key(ir.item)]
                if section_key(ir.item) in covered or section[0] is not ir:
                    continue
                covers = tuple((other.status, zh_punct(other.item.title)) for other in section)
                if len(section) > 1:
                    title = f"{title} 等{len(section)}项"
                    reason = SECTION_REASON
            out.append(FollowUp(
                clause_label=clause_label(ir.item) if outline else RULES_SECTION,
                title=title,
                corresponds_label=corresponds_label(ir.item),
                status=ir.status,
                status_label=status_label(ir.status, ir.item.expect),
                status_symbol=STATUS_SYMBOLS[ir.status],
                reason=zh_punct(reason),
                chapter=chapters.get(ir.item.chapter, "") if outline else "",
                section=_section_words(ir.item, outline),
                finding=FINDINGS.get((kind, ir.status), STATUS_LABELS[ir.status]),
                question=QUESTIONS.get((kind, ir.status), QUESTIONS[(kind, "missing")]),
                kind=kind,
                covers=covers,
            ))
    out.extend(_copy_follow_ups(result))
    return tuple(out)


def _copy_follow_ups(result: ReportResult) -> list[FollowUp]:
    """One question per kind of copied text the report holds enough of (copies.py)."""
    found = result.copies
    if found is None:
        return []
    shares = dict(found.sentence_shares)
    sentences = result.segmentation.sentences if result.segmentation else ()
    out = []
    for kind, label in KIND_LABELS.items():
        copied = [c for c in found.copied if c.kind == kind]
        same = sum(c.same_text for c in copied) if kind == "previous_year" else 0
        if not copied or (shares[kind] < COPY_ASK and not same):
            continue
        names: dict[str, None] = {}
        for c in copied:
            names[f"{c.source_year}年度" if kind == "previous_year" and c.source_year else c.source_name] = None
        sources = "、".join(list(names)[:3]) + ("等" if len(names) > 3 else "")
        finding = COPY_FINDINGS[kind].format(n=len(copied), share=shares[kind], sources=sources,
                                             same=f"，其中{same}句连数字都相同" if same else "")
        out.append(FollowUp(
            clause_label=COPY_SECTION, title=label, corresponds_label="", status="mentioned", status_label="雷同",
            status_symbol="≈", reason=finding, section="年度报告" + COPY_SECTION, finding=finding,
            question=COPY_QUESTIONS[kind], kind="copies",
            covers=tuple(("copied", _quoted(sentences[c.sentence].text)) for c in copied if c.sentence < len(sentences)),
        ))
    return out


def _quoted(sentence: str) -> str:
    """A copied sentence as a letter lists it: in quotes (its own quotes made single, ‘’), without
    its closing mark."""
    text = zh_punct(sentence.strip()).rstrip("。；，").replace("“", "‘").replace("”", "’")
    return f"“{text}”"


def follow_up_list(result: ReportResult, items: tuple[FollowUp, ...],
                   settings: LetterSettings | None = None) -> FollowUpList:
    """The follow-up list of one scored report, from its follow_ups(), sent as `settings` say."""
    meta = result.metadata
    seg_title = result.segmentation.title if result.segmentation else None
    checklists = tuple(zh_punct(res.checklist.title) for res in (result.outline, result.rules) if res is not None)
    return FollowUpList(
        source=result.source,
        jurisdiction=meta.jurisdiction or group_name(result),
        year=meta.year,
        report_title=zh_punct(meta.title or seg_title or ""),
        checklists=checklists,
        parts=letter_parts(items),
        settings=settings or LetterSettings(),
    )


def letter_parts(items: tuple[FollowUp, ...]) -> tuple[LetterPart, ...]:
    """The follow-ups as a letter's numbered parts: an outline chapter's sections with every item
    asked about listed by name under its finding (a section without any work is one line on the
    scorecard but all its items in a letter, so that a reply can answer each), then the
    report's required parts, then the copied text with each copied sentence quoted; in the
    order of the follow-ups."""
    parts: dict[str, dict[str, dict[str, tuple[str, list[str], str]]]] = {}
    for f in items:
        if f.kind == "outline":
            # A 2015-2020 item's 2021-2025 clauses are for comparing years, not for the county.
            part, heading = zh_punct(f.chapter) or "纲要", f.section
        else:
            part, heading = (COPY_PART if f.kind == "copies" else "年度报告" + RULES_SECTION), f.title
        asks = parts.setdefault(part, {}).setdefault(heading, {})
        if f.kind != "outline":  # a part of the report, or copied text with its sentences
            quotes = [quote for _, quote in f.covers] if f.kind == "copies" else []
            asks[f.finding] = (f.finding, quotes, f.question)
            continue
        for status, title in f.covers:
            finding = FINDINGS.get(("outline", status), STATUS_LABELS[status])
            question = QUESTIONS.get(("outline", status), QUESTIONS[("outline", "missing")])
            asks.setdefault(finding, (finding, [], question))[1].append(title)
    return tuple(
        LetterPart(heading=part, sections=tuple(
            LetterSection(heading=heading, asks=tuple(Ask(finding, tuple(titles), question)
                                                      for finding, titles, question in asks.values()))
            for heading, asks in sections.items()))
        for part, sections in parts.items())
