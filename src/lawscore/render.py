"""HTML output: an index of jurisdictions and one scorecard page per jurisdiction.

Every number and label is computed here into small, immutable page contexts; the jinja2
templates only lay them out. Autoescaping is on for every template and report text is
never marked safe: a highlighted quote is handed to the template as (text, is_mark) pieces
so each piece is escaped on its own.

File names never come from report text directly: a jurisdiction becomes
`scorecards/<letters, digits and CJK only>-<first 8 hex of sha1(name)>.html`, so a name like
`../../x` cannot leave the output folder. Output is deterministic: everything is sorted and
no timestamp or absolute path is written.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import NamedTuple

import jinja2
from markupsafe import Markup, escape

from . import match, score
from .model import ChecklistResult, Evidence, ItemResult, ReportResult

LEVEL_LABELS = {
    "province": "省级",
    "city": "市级",
    "county": "县级",
    "township": "乡镇",
    "department": "部门",
}
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
    "missing": "未提及",
    "not_applicable": "不适用",
}
# A symbol beside each label, so neither colour nor the label alone carries the meaning.
STATUS_SYMBOLS = {
    "met": "✓",
    "partial": "◐",
    "gap": "!",
    "planned": "→",
    "missing": "✗",
    "not_applicable": "–",
}
STRENGTH_LABELS = {"strong": "具体", "weak": "较弱", "none": "无具体内容"}
# One letter per status, so a Summary carries a report's verdicts as one short string.
STATUS_CODES = {"met": "m", "partial": "p", "gap": "g", "planned": "l", "missing": "x", "not_applicable": "n"}
CODE_STATUS = {code: status for status, code in STATUS_CODES.items()}
# How far along an item is, to call a change between two years better or worse.
STATUS_RANK = {"met": 3, "partial": 2, "gap": 1, "planned": 1, "missing": 0}
# A report is on time when published on or before 31 March of the year after the reported year.
TIMELINESS_LABELS = {"on_time": "按时发布", "late": "逾期发布", "unknown": "发布日期不明"}
TIMELINESS_SYMBOLS = {"on_time": "✓", "late": "!", "unknown": "?"}
TIMELINESS_ORDER = ("late", "unknown", "on_time")
PAGE_SIZE = 200  # rows per index page: keeps every page's DOM small for batches of any size
NOT_GIVEN = "未注明"
NO_CHECKLIST = "无适用的清单"
MAX_QUOTES = 3
FOLLOW_UP = ("missing", "gap")

_PREFERRED_ROLES = ("achievements", "duty")
_STRENGTH_RANK = {"strong": 0, "weak": 1, "none": 2}
_UNSAFE = re.compile(r"[^0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_DIGITS = "零一二三四五六七八九"

Piece = tuple[str, bool]  # (text, is_mark)


# ---------------------------------------------------------------- page contexts


@dataclass(frozen=True)
class QuoteView:
    pieces: tuple[Piece, ...]
    href: str  # "#r1-s12": the sentence in the report text below
    sentence: int
    role_label: str
    strength_label: str


@dataclass(frozen=True)
class ItemRow:
    clause_label: str
    title: str
    weight: str
    status: str  # css class suffix; one of model.STATUSES
    status_label: str
    status_symbol: str
    reason: str
    corresponds_label: str  # "对应2021—2025纲要第(x)条" for an item of the 2015-2020 outline
    quotes: tuple[QuoteView, ...]
    more_quotes: int  # evidence not shown


@dataclass(frozen=True)
class ChapterBlock:
    title: str
    score_label: str
    rows: tuple[ItemRow, ...]


@dataclass(frozen=True)
class Bar:
    label: str  # short: the chapter title up to its first comma
    full_label: str
    value_label: str
    y: int
    width: int  # px of the bar area
    band: str  # css class: good, fair, poor, none


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    label_width: int
    bar_width: int
    bar_height: int
    title: str
    desc: str
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class PartRow:
    title: str
    present: bool
    status: str
    status_label: str
    status_symbol: str
    reason: str


@dataclass(frozen=True)
class FollowUp:
    clause_label: str
    title: str
    corresponds_label: str
    status: str
    status_label: str
    status_symbol: str
    reason: str


@dataclass(frozen=True)
class SentenceView:
    anchor: str
    role: str
    role_label: str
    hint: str  # title attribute: role, why, and the items it is evidence for
    evidence: bool
    heading: bool
    before: str  # paragraph text between the previous sentence and this one
    text: str


@dataclass(frozen=True)
class ParagraphView:
    role: str
    role_label: str
    heading_level: int
    sentences: tuple[SentenceView, ...]
    tail: str


@dataclass(frozen=True)
class ReportView:
    anchor: str
    source: str
    title: str
    jurisdiction: str
    level_label: str
    year_label: str
    published_label: str
    timeliness: str
    timeliness_label: str
    timeliness_symbol: str
    checklist_title: str
    score_label: str
    has_outline: bool
    chart: Chart | None
    chapters: tuple[ChapterBlock, ...]
    rules_title: str
    rules_score_label: str
    has_rules: bool
    parts: tuple[PartRow, ...]
    follow_ups: tuple[FollowUp, ...]
    paragraphs: tuple[ParagraphView, ...]
    plain_body: str  # only when the body could not be segmented
    warnings: tuple[str, ...]
    ocr_label: str = ""  # marks quotes read by OCR: "OCR识别文字", or "" when read from text


class ItemKey(NamedTuple):
    """What a comparison between years needs to know of one checklist item."""

    id: str
    label: str  # clause label, e.g. "（十一）" or "措施12"
    title: str
    clauses: tuple[int, ...]  # the 2021-2025 clauses it is about: its own, or those it corresponds to


@dataclass(frozen=True)
class Summary:
    """What the index and a scorecard's header need of one report: small, picklable.

    Workers turn each ReportResult into a Summary and a rendered report section, so a batch
    of any size keeps only summaries in memory. The item verdicts are one letter each
    (STATUS_CODES) in `statuses`, beside `items`, which HtmlWriter shares between all reports
    scored with the same checklist; chapter titles are interned the same way.
    """

    source: str
    source_name: str
    name: str  # the scorecard group: the jurisdiction, or the file name when unknown
    anchor: str
    level: str | None
    year: int | None
    year_label: str
    published: str | None
    score: float | None
    checklist_title: str
    timeliness: str = "unknown"  # on_time, late, unknown; see timeliness()
    checklist_id: str | None = None
    chapters: tuple[tuple[str, str, float | None], ...] = ()  # (chapter id, title, score)
    items: tuple[ItemKey, ...] = ()
    statuses: str = ""  # one STATUS_CODES letter per entry of items
    parts_present: int = 0  # of the report-rules parts (主要举措和成效 …)
    parts_total: int = 0


@dataclass(frozen=True)
class ReportLine:
    """One report in a scorecard's header table."""

    anchor: str
    year_label: str
    source_name: str
    published_label: str
    timeliness: str
    timeliness_label: str
    timeliness_symbol: str
    score_label: str
    band: str
    parts_label: str


@dataclass(frozen=True)
class TrendCell:
    value_label: str
    delta_label: str  # "▲ +5.0", "▼ −3.2", "= 0.0" or ""
    direction: str  # up, down, same, none


@dataclass(frozen=True)
class TrendRow:
    label: str
    cells: tuple[TrendCell, ...]


@dataclass(frozen=True)
class ChangeRow:
    clause_label: str
    title: str
    before: str
    before_label: str
    before_symbol: str
    after: str
    after_label: str
    after_symbol: str
    direction: str  # up, down, same
    direction_label: str


@dataclass(frozen=True)
class ChangeBlock:
    before_label: str
    after_label: str
    basis: str  # how items were paired
    rows: tuple[ChangeRow, ...]
    unchanged: int


@dataclass(frozen=True)
class Trend:
    columns: tuple[str, ...]
    rows: tuple[TrendRow, ...]
    changes: tuple[ChangeBlock, ...]


@dataclass(frozen=True)
class ScorecardPage:
    title: str
    root: str  # relative path back to the output folder
    jurisdiction: str
    level_label: str
    years_label: str
    reports: tuple[Summary, ...]
    lines: tuple[ReportLine, ...]
    trend: Trend | None
    sections: tuple[Markup, ...]  # report sections, rendered (and escaped) by _report.html


@dataclass(frozen=True)
class HeatCell:
    label: str
    band: str
    title: str


@dataclass(frozen=True)
class IndexRow:
    name: str
    href: str
    level_label: str
    year_label: str
    published_label: str
    timeliness: str
    timeliness_label: str
    timeliness_symbol: str
    score_label: str
    band: str
    parts_label: str
    cells: tuple[HeatCell, ...]


@dataclass(frozen=True)
class Column:
    label: str  # short: the chapter id
    title: str  # the chapter's full title


@dataclass(frozen=True)
class IndexTable:
    """The rows of one index page scored with one checklist, with that checklist's chapters."""

    caption: str
    columns: tuple[Column, ...]
    rows: tuple[IndexRow, ...]
    markup: tuple[Markup, ...]  # the rows rendered by _index_row.html (escaped), once per report for all views


@dataclass(frozen=True)
class ErrorRow:
    source: str
    reason: str


@dataclass(frozen=True)
class Link:
    label: str
    href: str
    current: bool


@dataclass(frozen=True)
class LinkGroup:
    label: str
    links: tuple[Link, ...]


@dataclass(frozen=True)
class IndexPage:
    title: str
    root: str
    view_label: str  # the filter and order of this page, in words
    tables: tuple[IndexTable, ...]  # one per checklist on this page, rows in the view's order
    row_count: int  # rows on this page
    first_row: int  # 1-based number of the first row on this page
    total_rows: int  # rows of this view, on all its pages
    sorts: LinkGroup
    filters: tuple[LinkGroup, ...]
    pages: tuple[Link | None, ...]  # None: an ellipsis
    page_number: int
    page_count: int
    errors: tuple[ErrorRow, ...]  # listed in full on index.html only
    error_count: int
    jurisdiction_count: int
    report_count: int


# ---------------------------------------------------------------- helpers


@functools.lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("lawscore", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def slug(name: str) -> str:
    """A file name stem for a jurisdiction: CJK, letters and digits, then a hash of the name."""
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
    safe = _UNSAFE.sub("", name)[:40]
    return f"{safe}-{digest}" if safe else f"j-{digest}"


def scorecard_path(name: str) -> str:
    return f"scorecards/{slug(name)}.html"


def group_name(result: ReportResult) -> str:
    return result.metadata.jurisdiction or PurePosixPath(result.source.replace("\\", "/")).stem or result.source


def chinese_number(n: int) -> str:
    """1..99 in Chinese numerals, as the outline numbers its sections."""
    if n < 0 or n >= 100:
        return str(n)
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def _clause_label(item) -> str:
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
    return f"对应2021—2025纲要第{clauses}条"


def timeliness(year: int | None, published: str | None) -> str:
    """on_time, late or unknown: the same rule the report-rules checklist scores (score.timeliness)."""
    return score.timeliness(year, published)


def _score(value: float | None) -> str:
    return "不适用" if value is None else f"{value:.1f}"


def _band(value: float | None) -> str:
    if value is None:
        return "none"
    return "good" if value >= 80 else "fair" if value >= 60 else "poor"


def _weight(value: float) -> str:
    return f"{value:g}"


def highlight(quote: str, terms: tuple[str, ...]) -> tuple[Piece, ...]:
    """Split `quote` into (text, is_mark) pieces, marking where the matched terms occur."""
    pieces: list[Piece] = []
    pos = 0
    for start, end in match.term_spans(None, quote, terms):  # first argument is unused
        if start > pos:
            pieces.append((quote[pos:start], False))
        pieces.append((quote[start:end], True))
        pos = end
    if pos < len(quote):
        pieces.append((quote[pos:], False))
    return tuple(pieces)


def _pick_quotes(evidence: tuple[Evidence, ...]) -> list[Evidence]:
    seen: set[tuple[int, int, int]] = set()
    unique = []
    for ev in evidence:
        key = (ev.sentence, ev.start, ev.end)
        if key not in seen:
            seen.add(key)
            unique.append(ev)
    unique.sort(key=lambda ev: (ev.role not in _PREFERRED_ROLES, _STRENGTH_RANK.get(ev.strength, 3), ev.sentence, ev.start))
    return unique


def _quote_view(ev: Evidence, prefix: str) -> QuoteView:
    return QuoteView(
        pieces=highlight(ev.quote, ev.terms),
        href=f"#{prefix}s{ev.sentence}",
        sentence=ev.sentence,
        role_label=ROLE_LABELS.get(ev.role, ev.role),
        strength_label=STRENGTH_LABELS.get(ev.strength, ev.strength),
    )


def _item_row(ir: ItemResult, prefix: str) -> ItemRow:
    picked = _pick_quotes(ir.evidence)
    return ItemRow(
        clause_label=_clause_label(ir.item),
        title=ir.item.title,
        weight=_weight(ir.item.weight),
        status=ir.status,
        status_label=STATUS_LABELS.get(ir.status, ir.status),
        status_symbol=STATUS_SYMBOLS.get(ir.status, "?"),
        reason=ir.reason,
        corresponds_label=corresponds_label(ir.item),
        quotes=tuple(_quote_view(ev, prefix) for ev in picked[:MAX_QUOTES]),
        more_quotes=max(0, len(picked) - MAX_QUOTES),
    )


def _chapters(outline: ChecklistResult, prefix: str) -> tuple[ChapterBlock, ...]:
    titles = dict(outline.checklist.chapters)
    scores = dict(outline.chapter_scores)
    order = [cid for cid, _ in outline.checklist.chapters]
    by_chapter: dict[str, list[ItemRow]] = {}
    for ir in outline.items:
        by_chapter.setdefault(ir.item.chapter, []).append(_item_row(ir, prefix))
    order += sorted(c for c in by_chapter if c not in titles)
    return tuple(
        ChapterBlock(title=titles.get(cid, cid) or "其他", score_label=_score(scores.get(cid)), rows=tuple(by_chapter[cid]))
        for cid in order
        if cid in by_chapter
    )


def _short(title: str, limit: int = 18) -> str:
    head = re.split(r"[,,;;::]", title, maxsplit=1)[0].strip() or title
    return head if len(head) <= limit else head[: limit - 1] + "…"


def _chart(outline: ChecklistResult) -> Chart | None:
    titles = dict(outline.checklist.chapters)
    rows = [(titles.get(cid, cid), value) for cid, value in outline.chapter_scores]
    if not rows:
        return None
    bar_width, bar_height, step, top = 360, 18, 28, 8
    bars = tuple(
        Bar(
            label=_short(label),
            full_label=label,
            value_label=_score(value),
            y=top + k * step,
            width=0 if value is None else round(max(0.0, min(100.0, value)) * bar_width / 100),
            band=_band(value),
        )
        for k, (label, value) in enumerate(rows)
    )
    desc = ";".join(f"{label}:{_score(value)}" for label, value in rows)
    return Chart(
        width=760,
        height=top * 2 + step * len(rows),
        label_width=290,
        bar_width=bar_width,
        bar_height=bar_height,
        title=f"各章得分(满分100):{outline.checklist.title}",
        desc=desc,
        bars=bars,
    )


def _parts(rules: ChecklistResult) -> tuple[PartRow, ...]:
    return tuple(
        PartRow(
            title=ir.item.title,
            present=ir.status in ("met", "partial"),
            status=ir.status,
            status_label=STATUS_LABELS.get(ir.status, ir.status),
            status_symbol=STATUS_SYMBOLS.get(ir.status, "?"),
            reason=ir.reason,
        )
        for ir in rules.items
    )


def _section_key(item) -> tuple:
    """The outline section an item belongs to: its 2015-2020 measure, or its 2021-2025 clause."""
    return ("measure", item.measure) if item.measure is not None else ("clause", item.clause)


def _follow_ups(result: ReportResult) -> tuple[FollowUp, ...]:
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
        outline = res.checklist.kind == "outline"
        covered = {_section_key(ir.item) for ir in res.items if ir.status in ("met", "partial")}
        missing: dict[tuple, list[ItemResult]] = {}
        if outline:
            for ir in res.items:
                if ir.status == "missing":
                    missing.setdefault(_section_key(ir.item), []).append(ir)
        for ir in res.items:
            if ir.status not in FOLLOW_UP:
                continue
            title, reason = ir.item.title, ir.reason
            if outline and ir.status == "missing":
                section = missing[_section_key(ir.item)]
                if _section_key(ir.item) in covered or section[0] is not ir:
                    continue
                if len(section) > 1:
                    title = f"{title} 等{len(section)}项"
                    reason = "本节各项都没有找到具体工作"
            out.append(FollowUp(
                clause_label=_clause_label(ir.item) if outline else "必备内容",
                title=title,
                corresponds_label=corresponds_label(ir.item),
                status=ir.status,
                status_label=STATUS_LABELS[ir.status],
                status_symbol=STATUS_SYMBOLS[ir.status],
                reason=reason,
            ))
    return tuple(out)


def _evidence_index(result: ReportResult) -> dict[int, list[str]]:
    """Sentence index -> titles of the outline items it is evidence for.

    Only outline evidence is marked in the text: the report-rules parts match nearly every
    sentence, which would mark the whole report.
    """
    found: dict[int, list[str]] = {}
    if result.outline is not None:
        for ir in result.outline.items:
            for ev in ir.evidence:
                titles = found.setdefault(ev.sentence, [])
                if ir.item.title not in titles:
                    titles.append(ir.item.title)
    return found


def _paragraphs(result: ReportResult, prefix: str) -> tuple[tuple[ParagraphView, ...], str]:
    norm, seg = result.normalized, result.segmentation
    if norm is None:
        return (), ""
    if seg is None or not seg.paragraphs:
        return (), norm.text[norm.body_start:].strip()
    text = norm.text
    evidence = _evidence_index(result)
    by_para: dict[int, list] = {}
    for s in seg.sentences:
        by_para.setdefault(s.paragraph, []).append(s)
    views = []
    for p in seg.paragraphs:
        pos = p.start
        sentences = []
        for s in sorted(by_para.get(p.index, []), key=lambda s: s.start):
            role_label = ROLE_LABELS.get(s.role, s.role)
            hint = f"{role_label}({s.role_reason})" if s.role_reason else role_label
            items = evidence.get(s.index)
            if items:
                hint += ";证据:" + "、".join(items)
            sentences.append(SentenceView(
                anchor=f"{prefix}s{s.index}",
                role=s.role,
                role_label=role_label,
                hint=hint,
                evidence=bool(items),
                heading=s.heading,
                before=text[pos:s.start] if s.start > pos else "",
                text=s.text,
            ))
            pos = max(pos, s.end)
        views.append(ParagraphView(
            role=p.role,
            role_label=ROLE_LABELS.get(p.role, p.role),
            heading_level=p.heading_level,
            sentences=tuple(sentences),
            tail=text[pos:p.end] if p.end > pos else "",
        ))
    return tuple(views), ""


def _sort_key(summary: Summary) -> tuple:
    return (summary.year is None, summary.year or 0, summary.source)


def _years(summaries: list[Summary]) -> str:
    years = sorted({r.year for r in summaries if r.year is not None})
    label = "、".join(str(y) for y in years)
    if any(r.year is None for r in summaries):
        label = f"{label}、{NOT_GIVEN}" if label else NOT_GIVEN
    return label


def _level(summaries: list[Summary]) -> str:
    order = list(LEVEL_LABELS)
    levels = sorted({r.level for r in summaries if r.level}, key=lambda lv: order.index(lv) if lv in order else 99)
    return "、".join(LEVEL_LABELS.get(lv, lv) for lv in levels) or NOT_GIVEN


def anchor(source: str) -> str:
    """A stable anchor for one report, the same wherever its section is placed."""
    return "r" + hashlib.sha1(source.encode("utf-8")).hexdigest()[:8]


def _source_name(source: str) -> str:
    return PurePosixPath(source.replace("\\", "/")).name or source


def _item_key(item) -> ItemKey:
    clauses = (item.clause,) if item.clause is not None else tuple(item.corresponds)
    return ItemKey(item.id, _clause_label(item), item.title, clauses)


def summarize(result: ReportResult) -> Summary:
    meta = result.metadata
    outline, rules = result.outline, result.rules
    chapters: tuple = ()
    if outline is not None:
        titles = dict(outline.checklist.chapters)
        chapters = tuple((cid, titles.get(cid, cid) or "其他", value) for cid, value in outline.chapter_scores)
    return Summary(
        source=result.source,
        source_name=_source_name(result.source),
        name=group_name(result),
        anchor=anchor(result.source),
        level=meta.level,
        year=meta.year,
        year_label=f"{meta.year}年度" if meta.year is not None else NOT_GIVEN,
        published=meta.published,
        score=outline.score if outline else None,
        checklist_title=outline.checklist.title if outline else NO_CHECKLIST,
        timeliness=timeliness(meta.year, meta.published),
        checklist_id=outline.checklist.id if outline else None,
        chapters=chapters,
        items=tuple(_item_key(ir.item) for ir in outline.items) if outline else (),
        statuses="".join(STATUS_CODES.get(ir.status, "n") for ir in outline.items) if outline else "",
        parts_present=sum(ir.status in ("met", "partial") for ir in rules.items) if rules else 0,
        parts_total=sum(ir.status != "not_applicable" for ir in rules.items) if rules else 0,
    )


# How a quote's text was read, by RawDocument.encoding: a mixed PDF's note names its OCR pages.
OCR_LABELS = {"ocr": "OCR识别文字", "pdf+ocr": "部分页为OCR识别文字"}


def report_view(result: ReportResult, name: str) -> ReportView:
    prefix = anchor(result.source) + "-"
    meta = result.metadata
    outline, rules = result.outline, result.rules
    paragraphs, plain = _paragraphs(result, prefix)
    seg_title = result.segmentation.title if result.segmentation else None
    jurisdiction = meta.jurisdiction or name
    year_label = f"{meta.year}年度" if meta.year is not None else NOT_GIVEN
    when = timeliness(meta.year, meta.published)
    return ReportView(
        anchor=anchor(result.source),
        source=_source_name(result.source),
        title=meta.title or seg_title or f"{jurisdiction}法治政府建设年度报告({year_label})",
        jurisdiction=jurisdiction,
        level_label=LEVEL_LABELS.get(meta.level, meta.level) if meta.level else NOT_GIVEN,
        year_label=year_label,
        published_label=meta.published or NOT_GIVEN,
        timeliness=when,
        timeliness_label=TIMELINESS_LABELS[when],
        timeliness_symbol=TIMELINESS_SYMBOLS[when],
        checklist_title=outline.checklist.title if outline else NO_CHECKLIST,
        score_label=_score(outline.score) if outline else "—",
        has_outline=outline is not None,
        chart=_chart(outline) if outline else None,
        chapters=_chapters(outline, prefix) if outline else (),
        rules_title=rules.checklist.title if rules else NO_CHECKLIST,
        rules_score_label=_score(rules.score) if rules else "—",
        has_rules=rules is not None,
        parts=_parts(rules) if rules else (),
        follow_ups=_follow_ups(result),
        paragraphs=paragraphs,
        plain_body=plain,
        warnings=tuple(result.warnings),
        ocr_label=OCR_LABELS.get(result.document.encoding, "") if result.document else "",
    )


def report_section(result: ReportResult) -> str:
    """The rendered <section> for one readable report (escaped HTML)."""
    return _env().get_template("_report.html").render(r=report_view(result, group_name(result)))


def _parts_label(summary: Summary) -> str:
    return f"{summary.parts_present}/{summary.parts_total}" if summary.parts_total else "—"


def _report_line(r: Summary) -> ReportLine:
    return ReportLine(
        anchor=r.anchor,
        year_label=r.year_label,
        source_name=r.source_name,
        published_label=r.published or NOT_GIVEN,
        timeliness=r.timeliness,
        timeliness_label=TIMELINESS_LABELS[r.timeliness],
        timeliness_symbol=TIMELINESS_SYMBOLS[r.timeliness],
        score_label=_score(r.score) if r.checklist_id else NO_CHECKLIST,
        band=_band(r.score) if r.checklist_id else "none",
        parts_label=_parts_label(r),
    )


def _delta(before: float | None, after: float | None) -> tuple[str, str]:
    if before is None or after is None:
        return "", "none"
    d = round(after - before, 1)
    if d > 0:
        return f"▲ +{d:.1f}", "up"
    if d < 0:
        return f"▼ −{-d:.1f}", "down"
    return "= 0.0", "same"


def _statuses(summary: Summary, by_clause: bool) -> dict:
    """Item key -> (label, title, status); by clause when two reports used different checklists."""
    out: dict = {}
    for key, code in zip(summary.items, summary.statuses):
        status = CODE_STATUS.get(code, "not_applicable")
        if not by_clause:
            out[key.id] = (key.label, key.title, status)
            continue
        for clause in key.clauses:
            label = f"（{chinese_number(clause)}）"
            old = out.get(clause)
            if old is None or STATUS_RANK.get(status, -1) > STATUS_RANK.get(old[2], -1):
                out[clause] = (label, key.title if old is None else old[1], status)
    return out


def _change_block(before: Summary, after: Summary) -> ChangeBlock:
    by_clause = before.checklist_id != after.checklist_id
    old, new = _statuses(before, by_clause), _statuses(after, by_clause)
    rows, unchanged = [], 0
    for key in new:  # in the newer checklist's order
        if key not in old:
            continue
        label, title, status = new[key]
        was = old[key][2]
        if was == status:
            unchanged += 1
            continue
        a, b = STATUS_RANK.get(was), STATUS_RANK.get(status)
        direction = "same" if a is None or b is None or a == b else "up" if b > a else "down"
        rows.append(ChangeRow(
            clause_label=label,
            title=title,
            before=was, before_label=STATUS_LABELS[was], before_symbol=STATUS_SYMBOLS[was],
            after=status, after_label=STATUS_LABELS[status], after_symbol=STATUS_SYMBOLS[status],
            direction=direction,
            direction_label={"up": "▲ 改善", "down": "▼ 退步", "same": "◇ 变化"}[direction],
        ))
    basis = ("两份报告适用不同清单,按2021—2025纲要条款对应比较" if by_clause else "按同一清单逐项比较")
    return ChangeBlock(before_label=before.year_label, after_label=after.year_label, basis=basis,
                       rows=tuple(rows), unchanged=unchanged)


def _trend(reports: list[Summary]) -> Trend | None:
    """Scores and item changes from year to year, for jurisdictions with several scored reports."""
    dated = [r for r in reports if r.year is not None and r.checklist_id is not None]
    if len(dated) < 2:
        return None
    labels = [r.year_label for r in dated]
    if len(set(labels)) < len(labels):
        labels = [f"{r.year_label}({r.source_name})" for r in dated]
    rows = [TrendRow("纲要清单总分", tuple(
        TrendCell(_score(r.score), *(_delta(dated[k - 1].score, r.score) if k else ("", "none")))
        for k, r in enumerate(dated)))]
    titles: list[str] = []  # chapters by title, in the order they first appear
    for r in dated:
        titles.extend(t for _, t, _ in r.chapters if t not in titles)
    for title in titles:
        values = [dict((t, v) for _, t, v in r.chapters).get(title, "absent") for r in dated]
        cells = []
        for k, v in enumerate(values):
            prev = values[k - 1] if k else "absent"
            delta = _delta(prev, v) if k and prev != "absent" and v != "absent" else ("", "none")
            cells.append(TrendCell("—" if v == "absent" else _score(v), *delta))
        rows.append(TrendRow(title, tuple(cells)))
    changes = tuple(_change_block(dated[k - 1], dated[k]) for k in range(1, len(dated)))
    return Trend(columns=tuple(labels), rows=tuple(rows), changes=changes)


def scorecard_page(name: str, summaries: list[Summary], sections: list[str]) -> ScorecardPage:
    """A jurisdiction's page; `sections` are in the order of `summaries`."""
    pairs = sorted(zip(summaries, sections), key=lambda pair: _sort_key(pair[0]))
    reports = [p[0] for p in pairs]
    return ScorecardPage(
        title=f"{name} 法治政府建设年度报告评分",
        root="../",
        jurisdiction=name,
        level_label=_level(reports),
        years_label=_years(reports),
        reports=tuple(reports),
        lines=tuple(_report_line(r) for r in reports),
        trend=_trend(reports),
        sections=tuple(Markup(p[1]) for p in pairs),
    )


# ---------------------------------------------------------------- index pages

_SORTS = (("name", "按地区名称"), ("score-asc", "总分从低到高"), ("score-desc", "总分从高到低"))


def _columns(summaries: list[Summary]) -> dict[str, list[tuple[str, str]]]:
    """Heatmap columns of each checklist, (chapter id, title), in checklist order."""
    seen: dict[str, dict[tuple[str, str], int]] = {}
    for r in summaries:
        cols = seen.setdefault(r.checklist_id or "", {})
        for k, (cid, title, _) in enumerate(r.chapters):
            cols.setdefault((cid, title), k)
    return {cl: sorted(cols, key=lambda c: cols[c]) for cl, cols in seen.items()}


class _RowCache:
    """Each report's index row, built and rendered once however many views list it."""

    def __init__(self, columns: dict[str, list[tuple[str, str]]]) -> None:
        self.columns = columns
        self.rows: dict[int, IndexRow] = {}
        self.markup: dict[tuple[int, str], Markup] = {}
        self.template = _env().get_template("_index_row.html")

    def row(self, r: Summary) -> IndexRow:
        got = self.rows.get(id(r))
        if got is None:
            got = self.rows[id(r)] = _index_row(r, self.columns.get(r.checklist_id or "", []))
        return got

    def html(self, r: Summary, root: str) -> Markup:
        key = (id(r), root)
        got = self.markup.get(key)
        if got is None:
            got = self.markup[key] = Markup(self.template.render(row=self.row(r), root=root))
        return got


def _tables(chunk: list[Summary], columns: dict[str, list[tuple[str, str]]], cache: _RowCache,
            root: str) -> tuple[IndexTable, ...]:
    """Split a page's rows by checklist (newest checklist first), keeping the view's order in each."""
    by_checklist: dict[str, list[Summary]] = {}
    titles: dict[str, str] = {}
    for r in chunk:
        by_checklist.setdefault(r.checklist_id or "", []).append(r)
        titles.setdefault(r.checklist_id or "", r.checklist_title)
    tables = []
    for cl in sorted(by_checklist, key=lambda c: (c == "", [-ord(ch) for ch in c])):
        cols = columns.get(cl, [])
        tables.append(IndexTable(
            caption=titles[cl] if cl else NO_CHECKLIST,
            columns=tuple(Column(cid, title) for cid, title in cols),
            rows=tuple(cache.row(r) for r in by_checklist[cl]),
            markup=tuple(cache.html(r, root) for r in by_checklist[cl]),
        ))
    return tuple(tables)


def _index_row(r: Summary, columns: list[tuple[str, str]]) -> IndexRow:
    scores = {(cid, t): v for cid, t, v in r.chapters}
    cells = []
    for col in columns:
        if col in scores:
            v = scores[col]
            cells.append(HeatCell(_score(v) if v is not None else "—", _band(v), f"{col[1]}:{_score(v)}"))
        else:
            cells.append(HeatCell("", "absent", f"{col[1]}:本报告的清单没有这一章"))
    return IndexRow(
        name=r.name,
        href=f"{scorecard_path(r.name)}#{r.anchor}",
        level_label=LEVEL_LABELS.get(r.level, r.level) if r.level else NOT_GIVEN,
        year_label=r.year_label,
        published_label=r.published or NOT_GIVEN,
        timeliness=r.timeliness,
        timeliness_label=TIMELINESS_LABELS[r.timeliness],
        timeliness_symbol=TIMELINESS_SYMBOLS[r.timeliness],
        score_label=_score(r.score) if r.checklist_id else NO_CHECKLIST,
        band=_band(r.score) if r.checklist_id else "none",
        parts_label=_parts_label(r),
        cells=tuple(cells),
    )


def _order(rows: list[Summary], sort: str) -> list[Summary]:
    by_name = sorted(rows, key=lambda r: (r.name, r.year is None, -(r.year or 0), r.source))
    if sort == "name":
        return by_name
    sign = 1 if sort == "score-asc" else -1
    return sorted(by_name, key=lambda r: (r.score is None, sign * (r.score or 0.0)))  # stable: name order within ties


def _filters(summaries: list[Summary]) -> list[tuple[str, str, str, list[tuple[str, str]]]]:
    """(group label, filter prefix, summary attribute, [(value, label)]) for each kind of filter."""
    order = list(LEVEL_LABELS)
    levels = sorted({r.level or "none" for r in summaries}, key=lambda v: (v == "none", order.index(v) if v in order else 99, v))
    years = sorted({r.year for r in summaries if r.year is not None}, reverse=True)
    years = [str(y) for y in years] + (["none"] if any(r.year is None for r in summaries) else [])
    times = [t for t in TIMELINESS_ORDER if any(r.timeliness == t for r in summaries)]
    return [
        ("层级", "level", "level", [(v, NOT_GIVEN if v == "none" else LEVEL_LABELS.get(v, v)) for v in levels]),
        ("报告年度", "year", "year", [(v, NOT_GIVEN if v == "none" else f"{v}年度") for v in years]),
        ("发布及时性", "timeliness", "timeliness", [(v, TIMELINESS_LABELS[v]) for v in times]),
    ]


def _value(r: Summary, attribute: str) -> str:
    v = getattr(r, attribute)
    return "none" if v is None else str(v)


def index_file(filter_key: str = "", sort: str = "name", page: int = 1) -> str:
    """index.html, index-2.html … for all reports by name; other views in views/ (views/level-county.html,
    views/score-asc-3.html …), so the output folder's top level stays short."""
    suffix = "" if page == 1 else f"-{page}"
    if not filter_key and sort == "name":
        return f"index{suffix}.html"
    stem = "-".join(part for part in (filter_key, "" if sort == "name" else sort) if part)
    return f"views/{stem}{suffix}.html"


def _page_links(view: tuple[str, str], current: int, count: int) -> tuple[Link | None, ...]:
    wanted = sorted({1, count, *range(max(1, current - 3), min(count, current + 3) + 1)})
    out: list[Link | None] = []
    for k, n in enumerate(wanted):
        if k and n != wanted[k - 1] + 1:
            out.append(None)
        out.append(Link(str(n), index_file(view[0], view[1], n), n == current))
    return tuple(out)


def index_pages(groups: dict[str, list[Summary]], unreadable: list[ErrorRow], page_size: int = PAGE_SIZE):
    """Every index page: (file name, IndexPage), one view per filter and order, `page_size` rows a page.

    Every view is plain HTML: ordering and filtering are links to other pages, so the index
    needs no script, and no page holds more than `page_size` rows however large the batch.
    """
    summaries = [r for name in sorted(groups) for r in groups[name]]
    columns = _columns(summaries)
    cache = _RowCache(columns)
    errors = tuple(sorted(unreadable, key=lambda e: (e.source, e.reason)))
    filters = _filters(summaries)
    views: list[tuple[str, str, str, list[Summary]]] = [("", "全部报告", "", summaries)]
    for group_label, prefix, attribute, values in filters:
        for value, label in values:
            chosen = [r for r in summaries if _value(r, attribute) == value]
            views.append((f"{prefix}-{value}", f"{group_label}:{label}", prefix, chosen))
    for filter_key, filter_label, _, chosen in views:
        for sort, sort_label in _SORTS:
            ordered = _order(chosen, sort)
            count = max(1, -(-len(ordered) // page_size))
            sorts = LinkGroup("排序", tuple(Link(lbl, index_file(filter_key, key), key == sort) for key, lbl in _SORTS))
            groups_ = [LinkGroup("筛选", (Link("全部报告", index_file("", sort), filter_key == ""),))]
            for group_label, prefix, _, values in filters:
                groups_.append(LinkGroup(group_label, tuple(
                    Link(label, index_file(f"{prefix}-{value}", sort), filter_key == f"{prefix}-{value}")
                    for value, label in values)))
            for n in range(1, count + 1):
                chunk = ordered[(n - 1) * page_size:n * page_size]
                rel = index_file(filter_key, sort, n)
                root = "../" if "/" in rel else ""
                yield rel, IndexPage(
                    title="法治政府建设年度报告评分",
                    root=root,
                    view_label=f"{filter_label} · {sort_label}",
                    tables=_tables(chunk, columns, cache, root),
                    row_count=len(chunk),
                    first_row=(n - 1) * page_size + 1,
                    total_rows=len(ordered),
                    sorts=sorts,
                    filters=tuple(groups_),
                    pages=_page_links((filter_key, sort), n, count),
                    page_number=n,
                    page_count=count,
                    errors=errors if (filter_key, sort, n) == ("", "name", 1) else (),
                    error_count=len(errors),
                    jurisdiction_count=len(groups),
                    report_count=len(summaries),
                )


def index_page(groups: dict[str, list[Summary]], unreadable: list[ErrorRow]) -> IndexPage:
    """The first page of the default view (index.html)."""
    return next(iter(index_pages(groups, unreadable)))[1]


def _write(path: Path, html: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8", newline="\n")


def write_index(out_dir: Path, groups: dict[str, list[Summary]], unreadable: list[ErrorRow],
                page_size: int = PAGE_SIZE) -> list[str]:
    """Write every index page (index.html, index-2.html …, views/…) into out_dir; return their names."""
    template = _env().get_template("index.html")
    written = []
    for rel, page in index_pages(groups, unreadable, page_size):
        _write(Path(out_dir) / rel, template.render(page=page))
        written.append(rel)
    return written


class HtmlWriter:
    """Collects reports one at a time and writes the index and scorecards at the end.

    Rendered report sections wait in a scratch folder inside the output folder, not in
    memory, so memory grows only with the small summaries; the item lists of summaries
    scored with the same checklist are shared, so each report adds only its verdict letters.
    """

    SCRATCH = ".sections"

    def __init__(self, out_dir: Path, page_size: int = PAGE_SIZE) -> None:
        self.out_dir = Path(out_dir)
        self.scratch = self.out_dir / self.SCRATCH
        self.scratch.mkdir(parents=True, exist_ok=True)
        self.groups: dict[str, list[tuple[Summary, Path]]] = {}
        self.unreadable: list[ErrorRow] = []
        self.page_size = page_size
        self._count = 0
        self._shared: dict = {}

    def _share(self, value):
        return self._shared.setdefault(value, value)

    def add(self, summary: Summary, section: str) -> None:
        path = self.scratch / f"{self._count:07d}.html"
        self._count += 1
        path.write_text(section, encoding="utf-8", newline="\n")
        summary = dataclasses.replace(
            summary,
            items=self._share(summary.items),
            chapters=tuple((sys.intern(c), sys.intern(t), v) for c, t, v in summary.chapters),
        )
        self.groups.setdefault(summary.name, []).append((summary, path))

    def add_unreadable(self, source: str, reason: str) -> None:
        self.unreadable.append(ErrorRow(source=str(source), reason=str(reason)))

    def finish(self) -> list[str]:
        env = _env()
        written = []
        card = env.get_template("scorecard.html")
        for name in sorted(self.groups):
            entries = self.groups[name]
            sections = [p.read_text(encoding="utf-8") for _, p in entries]
            rel = scorecard_path(name)
            _write(self.out_dir / rel, card.render(page=scorecard_page(name, [e[0] for e in entries], sections)))
            written.append(rel)
            for _, p in entries:
                p.unlink()
        summaries = {name: [e[0] for e in entries] for name, entries in self.groups.items()}
        written.extend(write_index(self.out_dir, summaries, self.unreadable, self.page_size))
        self.scratch.rmdir()
        return sorted(written)


def write_html(results: list[ReportResult], errors: list[tuple[str, str]], out_dir: Path) -> list[str]:
    """Write index.html and one scorecard per jurisdiction into out_dir; return written relative file names, sorted."""
    writer = HtmlWriter(Path(out_dir))
    for src, msg in errors:
        writer.add_unreadable(src, msg)
    for r in results:
        if r.errors:
            writer.add_unreadable(r.source, ";".join(r.errors))
        else:
            writer.add(summarize(r), report_section(r))
    return writer.finish()
