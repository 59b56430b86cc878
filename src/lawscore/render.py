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

import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import jinja2
from markupsafe import Markup, escape

from . import match
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


@dataclass(frozen=True)
class Summary:
    """What the index and a scorecard's header need of one report: small, picklable.

    Workers turn each ReportResult into a Summary and a rendered report section, so a batch
    of any size keeps only summaries in memory.
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


@dataclass(frozen=True)
class ScorecardPage:
    title: str
    root: str  # relative path back to the output folder
    jurisdiction: str
    level_label: str
    years_label: str
    reports: tuple[Summary, ...]
    sections: tuple[Markup, ...]  # report sections, rendered (and escaped) by _report.html


@dataclass(frozen=True)
class IndexRow:
    name: str
    href: str
    level_label: str
    years_label: str
    latest_score_label: str
    count: int


@dataclass(frozen=True)
class ErrorRow:
    source: str
    reason: str


@dataclass(frozen=True)
class IndexPage:
    title: str
    root: str
    rows: tuple[IndexRow, ...]
    errors: tuple[ErrorRow, ...]
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
    if item.clause is not None:
        return f"（{chinese_number(item.clause)}）"
    if item.measure is not None:
        return f"措施{item.measure}"
    return "—"


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


def _follow_ups(result: ReportResult) -> tuple[FollowUp, ...]:
    out = []
    for res in (result.outline, result.rules):
        if res is None:
            continue
        for ir in res.items:
            if ir.status in FOLLOW_UP:
                out.append(FollowUp(
                    clause_label=_clause_label(ir.item) if res.checklist.kind == "outline" else "必备内容",
                    title=ir.item.title,
                    status=ir.status,
                    status_label=STATUS_LABELS[ir.status],
                    status_symbol=STATUS_SYMBOLS[ir.status],
                    reason=ir.reason,
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


def summarize(result: ReportResult) -> Summary:
    meta = result.metadata
    return Summary(
        source=result.source,
        source_name=_source_name(result.source),
        name=group_name(result),
        anchor=anchor(result.source),
        level=meta.level,
        year=meta.year,
        year_label=f"{meta.year}年度" if meta.year is not None else NOT_GIVEN,
        published=meta.published,
        score=result.outline.score if result.outline else None,
        checklist_title=result.outline.checklist.title if result.outline else NO_CHECKLIST,
    )


def report_view(result: ReportResult, name: str) -> ReportView:
    prefix = anchor(result.source) + "-"
    meta = result.metadata
    outline, rules = result.outline, result.rules
    paragraphs, plain = _paragraphs(result, prefix)
    seg_title = result.segmentation.title if result.segmentation else None
    jurisdiction = meta.jurisdiction or name
    year_label = f"{meta.year}年度" if meta.year is not None else NOT_GIVEN
    return ReportView(
        anchor=anchor(result.source),
        source=_source_name(result.source),
        title=meta.title or seg_title or f"{jurisdiction}法治政府建设年度报告({year_label})",
        jurisdiction=jurisdiction,
        level_label=LEVEL_LABELS.get(meta.level, meta.level) if meta.level else NOT_GIVEN,
        year_label=year_label,
        published_label=meta.published or NOT_GIVEN,
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
    )


def report_section(result: ReportResult) -> str:
    """The rendered <section> for one readable report (escaped HTML)."""
    return _env().get_template("_report.html").render(r=report_view(result, group_name(result)))


def scorecard_page(name: str, summaries: list[Summary], sections: list[str]) -> ScorecardPage:
    """A jurisdiction's page; `sections` are in the order of `summaries`."""
    pairs = sorted(zip(summaries, sections), key=lambda pair: _sort_key(pair[0]))
    return ScorecardPage(
        title=f"{name} 法治政府建设年度报告评分",
        root="../",
        jurisdiction=name,
        level_label=_level([p[0] for p in pairs]),
        years_label=_years([p[0] for p in pairs]),
        reports=tuple(p[0] for p in pairs),
        sections=tuple(Markup(p[1]) for p in pairs),
    )


def index_page(groups: dict[str, list[Summary]], unreadable: list[ErrorRow]) -> IndexPage:
    rows = []
    for name in sorted(groups):
        ordered = sorted(groups[name], key=_sort_key)
        dated = [r for r in ordered if r.year is not None]
        latest = (dated or ordered)[-1]
        rows.append(IndexRow(
            name=name,
            href=scorecard_path(name),
            level_label=_level(ordered),
            years_label=_years(ordered),
            latest_score_label=_score(latest.score) if latest.score is not None else NO_CHECKLIST,
            count=len(ordered),
        ))
    return IndexPage(
        title="法治政府建设年度报告评分",
        root="",
        rows=tuple(rows),
        errors=tuple(sorted(unreadable, key=lambda e: (e.source, e.reason))),
        report_count=sum(len(g) for g in groups.values()),
    )


def _write(path: Path, html: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8", newline="\n")


class HtmlWriter:
    """Collects reports one at a time and writes the index and scorecards at the end.

    Rendered report sections wait in a scratch folder inside the output folder, not in
    memory, so memory grows only with the small summaries.
    """

    SCRATCH = ".sections"

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = Path(out_dir)
        self.scratch = self.out_dir / self.SCRATCH
        self.scratch.mkdir(parents=True, exist_ok=True)
        self.groups: dict[str, list[tuple[Summary, Path]]] = {}
        self.unreadable: list[ErrorRow] = []
        self._count = 0

    def add(self, summary: Summary, section: str) -> None:
        path = self.scratch / f"{self._count:07d}.html"
        self._count += 1
        path.write_text(section, encoding="utf-8", newline="\n")
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
        _write(self.out_dir / "index.html", env.get_template("index.html").render(page=index_page(summaries, self.unreadable)))
        written.append("index.html")
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
