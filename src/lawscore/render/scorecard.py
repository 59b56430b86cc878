"""One jurisdiction's scorecard: a report's section (chapters, chart, follow-ups, annotated
text), its Summary for the index, and the page that puts a jurisdiction's reports together
with their trend over the years.

Report text is never marked safe: a highlighted quote is handed to the template as
(text, is_mark) pieces so each piece is escaped on its own.
"""
from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import cast

from .. import match, reviews
from ..copies import KIND_LABELS, SAME_LABEL
from ..followups import FollowUp, follow_ups
from ..labels import (
    CODE_STATUS,
    HEADLINE_NOTE,
    LEVEL_LABELS,
    NO_CHECKLIST,
    NOT_GIVEN,
    REVIEW_LABELS,
    ROLE_LABELS,
    STATUS_CODES,
    STATUS_LABELS,
    STATUS_MEANINGS,
    STATUS_RANK,
    STATUS_SYMBOLS,
    STRENGTH_LABELS,
    TIMELINESS_LABELS,
    TIMELINESS_SYMBOLS,
    chapter_order,
    chinese_number,
    clause_label,
    corresponds_label,
    group_name,
    status_label,
    zh_punct,
)
from ..model import ChecklistResult, Evidence, ItemResult, ReportResult
from ..paths import anchor, scorecard_path
from ..score import pick_quotes, section_key, timeliness
from . import indicators
from .views import (
    BAND_LABELS,
    BackLink,
    Bar,
    ChangeBlock,
    ChangeRow,
    ChapterBlock,
    Chart,
    CopiesView,
    CopyRow,
    ItemRow,
    ParagraphView,
    PartRow,
    Piece,
    QuoteView,
    ReportLine,
    ReportView,
    ReviewCli,
    ReviewView,
    ScorecardPage,
    SectionFiles,
    SentenceView,
    StatusKey,
    Summary,
    Trend,
    TrendCell,
    TrendRow,
    _band,
    _env,
    _item_key,
    _line_fields,
    _reviewed_label,
    _score,
    _source_name,
    _weight,
    same_year,
)

MAX_QUOTES = 3
# How a quote's text was read, by RawDocument.encoding: a mixed PDF's note names its OCR pages.
OCR_LABELS = {"ocr": "OCR识别文字", "pdf+ocr": "部分页为OCR识别文字"}
LEGEND = tuple(StatusKey(status, STATUS_LABELS[status], STATUS_SYMBOLS[status], zh_punct(STATUS_MEANINGS[status]))
               for status in STATUS_LABELS)


def highlight(quote: str, terms: tuple[str, ...]) -> tuple[Piece, ...]:
    """Split `quote` into (text, is_mark) pieces, marking where the matched terms occur."""
    pieces: list[Piece] = []
    pos = 0
    for start, end in match.term_spans(quote, terms):
        if start > pos:
            pieces.append((quote[pos:start], False))
        pieces.append((quote[start:end], True))
        pos = end
    if pos < len(quote):
        pieces.append((quote[pos:], False))
    return tuple(pieces)


def _quote_view(ev: Evidence, prefix: str) -> QuoteView:
    copied = bool(ev.signals) and ev.signals[0].kind == "copy"  # copies.discount: 与上年相同
    return QuoteView(
        pieces=highlight(ev.quote, ev.terms),
        href=f"#{prefix}s{ev.sentence}",
        sentence=ev.sentence,
        number=ev.sentence + 1,
        role_label=ROLE_LABELS.get(ev.role, ev.role),
        strength_label=f"{SAME_LABEL}（不计为本年工作）" if copied else STRENGTH_LABELS.get(ev.strength, ev.strength),
    )


MAX_COPY_ROWS = 40  # copied sentences shown side by side on a scorecard; results.json has them all


def _shared(mine: str, theirs: str) -> tuple[tuple[Piece, ...], tuple[Piece, ...]]:
    """Both texts split into pieces, the runs they share (two characters or more) marked."""
    blocks = [b for b in difflib.SequenceMatcher(None, mine, theirs, autojunk=False).get_matching_blocks() if b.size >= 2]

    def pieces(text: str, spans: list[tuple[int, int]]) -> tuple[Piece, ...]:
        out: list[Piece] = []
        pos = 0
        for start, size in spans:
            if start > pos:
                out.append((text[pos:start], False))
            out.append((text[start:start + size], True))
            pos = start + size
        if pos < len(text):
            out.append((text[pos:], False))
        return tuple(out)

    return pieces(mine, [(b.a, b.size) for b in blocks]), pieces(theirs, [(b.b, b.size) for b in blocks])


def _copies_view(result: ReportResult, prefix: str) -> CopiesView | None:
    """The report's copied sentences beside their sources, and the shares by kind."""
    found = result.copies
    if found is None or result.segmentation is None:
        return None
    sentences = result.segmentation.sentences
    shares = dict(found.sentence_shares)
    paragraph_shares = dict(found.paragraph_shares)
    lines = []
    for kind, label in KIND_LABELS.items():
        copied = [c for c in found.copied if c.kind == kind]
        if not copied:
            continue
        line = f"{label}：{len(copied)}句，占语句的{shares[kind]:.1f}%、段落的{paragraph_shares[kind]:.1f}%"
        if kind == "previous_year":
            same = sum(c.same_text for c in copied)
            if same:
                line += f"；其中{same}句连数字都与上年相同，不计为本年工作"
        sources: dict[str, int] = {}
        for c in copied:
            name = c.source_name if kind == "outline" else f"{c.source_name}（{c.source_year}年度）" if c.source_year else c.source_name
            sources[name] = sources.get(name, 0) + 1
        named = sorted(sources.items(), key=lambda kv: (-kv[1], kv[0]))
        line += "；来源：" + "、".join(f"{name}{n}句" for name, n in named[:5]) + ("等" if len(named) > 5 else "")
        lines.append(line)
    rows = []
    for c in found.copied[:MAX_COPY_ROWS]:
        mine = sentences[c.sentence].text if c.sentence < len(sentences) else ""
        pieces, source_pieces = _shared(mine, c.source_text)
        if c.kind == "outline":
            source_label, href = f"{c.source}{c.source_name if c.source_name != c.source else ''}", ""
        else:
            year = f"{c.source_year}年度" if c.source_year else ""
            source_label = f"{c.source_name} {year} {_source_name(c.source)}".replace("  ", " ")
            href = f"{PurePosixPath(scorecard_path(c.source_page)).name}#{anchor(c.source)}-s{c.source_sentence}"
        rows.append(CopyRow(kind_label=KIND_LABELS[c.kind], same=c.same_text and c.kind == "previous_year",
                            identical=c.same_text and c.kind != "previous_year", href=f"#{prefix}s{c.sentence}",
                            number=c.sentence + 1, pieces=pieces, source_label=source_label, source_href=href,
                            source_pieces=source_pieces, similarity_label=f"相似度{round(c.similarity * 100)}%"))
    return CopiesView(share_label=f"{found.share:.1f}%", lines=tuple(lines), rows=tuple(rows),
                      more=max(0, len(found.copied) - MAX_COPY_ROWS))


def _review_view(ir: ItemResult) -> ReviewView | None:
    rv = ir.review
    if rv is None:
        return None
    engine = ir.verdict
    return ReviewView(
        applied=not ir.stale,
        state_label=REVIEW_LABELS["stale" if ir.stale else "applied"],
        status=rv.status,
        status_label=STATUS_LABELS.get(rv.status, rv.status),
        status_symbol=STATUS_SYMBOLS.get(rv.status, "?"),
        reason=rv.reason,
        by=rv.by,
        date=rv.date,
        engine_status=engine,
        engine_label=STATUS_LABELS.get(engine, engine),
        engine_symbol=STATUS_SYMBOLS.get(engine, "?"),
    )


def _review_cli(source: str, ir: ItemResult) -> ReviewCli:
    command, undo = reviews.command_lines(source, ir.item.id)
    state = "" if ir.review is None else ("stale" if ir.stale else "applied")
    return ReviewCli(report=anchor(source), item_id=ir.item.id, status=ir.status, review=state, command=command, undo=undo)


def _row_anchor(prefix: str, k: int) -> str:
    """The anchor of the k-th outline item's row, which the report text links back to."""
    return f"{prefix}i{k}"


def _item_row(ir: ItemResult, prefix: str, k: int = 0, source: str = "") -> ItemRow:
    picked = pick_quotes(ir.evidence, ir.item.expect)
    return ItemRow(
        clause_label=clause_label(ir.item),
        title=zh_punct(ir.item.title),
        weight=_weight(ir.item.weight),
        status=ir.status,
        status_label=STATUS_LABELS.get(ir.status, ir.status),
        status_symbol=STATUS_SYMBOLS.get(ir.status, "?"),
        reason=zh_punct(ir.reason),
        corresponds_label=corresponds_label(ir.item),
        anchor=_row_anchor(prefix, k),
        quotes=tuple(_quote_view(ev, prefix) for ev in picked[:MAX_QUOTES]),
        more_quotes=max(0, len(picked) - MAX_QUOTES),
        review=_review_view(ir),
        cli=_review_cli(source, ir) if source else None,
    )


def _chapters(outline: ChecklistResult, prefix: str, source: str = "") -> tuple[ChapterBlock, ...]:
    titles = {cid: zh_punct(title) for cid, title in outline.checklist.chapters}
    scores = dict(outline.chapter_scores)
    coverage = dict(outline.chapter_coverage)
    order = [cid for cid, _ in outline.checklist.chapters]
    by_chapter: dict[str, list[ItemRow]] = {}
    for k, ir in enumerate(outline.items):
        by_chapter.setdefault(ir.item.chapter, []).append(_item_row(ir, prefix, k, source))
    order += sorted((c for c in by_chapter if c not in titles), key=chapter_order)
    return tuple(
        ChapterBlock(title=titles.get(cid, cid) or "其他", score_label=_score(coverage.get(cid)),
                     rows=tuple(by_chapter[cid]), depth_label=_score(scores.get(cid)), anchor=f"{prefix}ch{n}")
        for n, cid in enumerate(c for c in order if c in by_chapter)
    )


def _chart(outline: ChecklistResult) -> Chart | None:
    titles = {cid: zh_punct(title) for cid, title in outline.checklist.chapters}
    rows = [(titles.get(cid, cid), value) for cid, value in outline.chapter_coverage]
    if not rows:
        return None
    bars = tuple(
        Bar(
            label=label,
            value_label=_score(value),
            percent=0.0 if value is None else round(max(0.0, min(100.0, value)), 1),
            band=_band(value),
            band_label=BAND_LABELS[_band(value)],
        )
        for label, value in rows
    )
    return Chart(title=f"各章覆盖度（满分100）：{zh_punct(outline.checklist.title)}", bars=bars)


def _parts(rules: ChecklistResult, source: str = "") -> tuple[PartRow, ...]:
    return tuple(
        PartRow(
            title=zh_punct(ir.item.title),
            present=ir.status in ("met", "partial"),
            status=ir.status,
            optional=ir.item.optional,
            status_label=status_label(ir.status, ir.item.expect),
            status_symbol=STATUS_SYMBOLS.get(ir.status, "?"),
            reason=zh_punct(ir.reason),
            review=_review_view(ir),
            cli=_review_cli(source, ir) if source else None,
        )
        for ir in rules.items
    )


def _missing_sections(outline: ChecklistResult) -> tuple[str, ...]:
    """The outline's sections (节) where the report shows no work: no item met or partly met,
    and at least one item that applies."""
    done: set[tuple] = set()
    applies: dict[tuple, str] = {}
    for ir in outline.items:
        key = section_key(ir.item)
        if ir.status in ("met", "partial"):
            done.add(key)
        if ir.status != "not_applicable":
            applies.setdefault(key, clause_label(ir.item))
    return tuple(label for key, label in applies.items() if key not in done)


def _evidence_index(result: ReportResult, prefix: str) -> dict[int, list[tuple[str, str]]]:
    """Sentence index -> (title, row anchor) of the outline items it is evidence for.

    Only outline evidence is marked in the text: the report-rules parts match nearly every
    sentence, which would mark the whole report.
    """
    found: dict[int, list[tuple[str, str]]] = {}
    if result.outline is not None:
        for k, ir in enumerate(result.outline.items):
            for ev in ir.evidence:
                items = found.setdefault(ev.sentence, [])
                if all(title != ir.item.title for title, _ in items):
                    items.append((zh_punct(ir.item.title), _row_anchor(prefix, k)))
    return found


def _paragraphs(result: ReportResult, prefix: str) -> tuple[tuple[ParagraphView, ...], str]:
    norm, seg = result.normalized, result.segmentation
    if norm is None:
        return (), ""
    if seg is None or not seg.paragraphs:
        return (), norm.text[norm.body_start:].strip()
    text = norm.text
    evidence = _evidence_index(result, prefix)
    by_para: dict[int, list] = {}
    for s in seg.sentences:
        by_para.setdefault(s.paragraph, []).append(s)
    views = []
    for p in seg.paragraphs:
        pos = p.start
        sentences = []
        for s in sorted(by_para.get(p.index, []), key=lambda s: s.start):
            role_label = ROLE_LABELS.get(s.role, s.role)
            hint = f"{role_label}（{zh_punct(s.role_reason)}）" if s.role_reason else role_label
            items = evidence.get(s.index)
            if items:
                hint += "；证据：" + "、".join(title for title, _ in items)
            sentences.append(SentenceView(
                anchor=f"{prefix}s{s.index}",
                role=s.role,
                role_label=role_label,
                hint=hint,
                evidence=bool(items),
                back=tuple((title, f"#{row}") for title, row in items or ()),
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


def summarize(result: ReportResult) -> Summary:
    meta = result.metadata
    outline, rules = result.outline, result.rules
    chapters: tuple = ()
    if outline is not None:
        titles = dict(outline.checklist.chapters)
        chapters = tuple((cid, zh_punct(titles.get(cid, cid)) or "其他", value) for cid, value in outline.chapter_coverage)
    reviewed = [ir for part in (outline, rules) if part is not None for ir in part.items if ir.review is not None]
    return Summary(
        source=result.source,
        source_name=_source_name(result.source),
        name=group_name(result),
        anchor=anchor(result.source),
        level=meta.level,
        year=meta.year,
        year_label=f"{meta.year}年度" if meta.year is not None else NOT_GIVEN,
        published=meta.published,
        score=outline.coverage if outline else None,
        checklist_title=zh_punct(outline.checklist.title) if outline else NO_CHECKLIST,
        timeliness=timeliness(meta.year, meta.published),
        checklist_id=outline.checklist.id if outline else None,
        chapters=chapters,
        items=tuple(_item_key(ir.item) for ir in outline.items) if outline else (),
        statuses="".join(STATUS_CODES.get(ir.status, "n") for ir in outline.items) if outline else "",
        # the required parts only: an `optional` part (其他需要报告的情况) is never counted
        parts_present=sum(ir.status in ("met", "partial") for ir in rules.items if not ir.item.optional) if rules else 0,
        parts_total=sum(ir.status != "not_applicable" for ir in rules.items if not ir.item.optional) if rules else 0,
        depth=outline.score if outline else None,
        reviewed=sum(not ir.stale for ir in reviewed),
        review_stale=sum(ir.stale for ir in reviewed),
        indicators=tuple(r.compact() for r in result.indicators),
        copies=(result.copies.share, result.copies.sentence_shares) if result.copies is not None else None,
        unit=meta.unit or "",
    )


def report_view(result: ReportResult, name: str, follow: tuple[FollowUp, ...] | None = None,
                followups_href: str = "") -> ReportView:
    """A report's section; `follow` is its follow_ups() when the caller has them already, and
    `followups_href` the link to its Word follow-up list when one is written."""
    prefix = anchor(result.source) + "-"
    notices = _notices(result)
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
        title=meta.title or seg_title or f"{jurisdiction}法治政府建设年度报告（{year_label}）",
        jurisdiction=jurisdiction,
        level_label=LEVEL_LABELS.get(meta.level, meta.level) if meta.level else NOT_GIVEN,
        year_label=year_label,
        published_label=meta.published or NOT_GIVEN,
        timeliness=when,
        timeliness_label=TIMELINESS_LABELS[when],
        timeliness_symbol=TIMELINESS_SYMBOLS[when],
        checklist_title=zh_punct(outline.checklist.title) if outline else NO_CHECKLIST,
        score_label=_score(outline.coverage) if outline else "—",
        has_outline=outline is not None,
        chart=_chart(outline) if outline else None,
        chapters=_chapters(outline, prefix, result.source) if outline else (),
        rules_title=zh_punct(rules.checklist.title) if rules else NO_CHECKLIST,
        rules_score_label=_score(rules.score) if rules else "—",
        has_rules=rules is not None,
        parts=_parts(rules, result.source) if rules else (),
        follow_ups=follow_ups(result) if follow is None else follow,
        followups_href=followups_href,
        paragraphs=paragraphs,
        plain_body=plain,
        warnings=tuple(zh_punct(w) for w in result.warnings if w not in notices),
        notices=notices,
        missing_sections=_missing_sections(outline) if outline else (),
        ocr_label=OCR_LABELS.get(result.document.encoding, "") if result.document else "",
        depth_label=_score(outline.score) if outline else "—",
        reviewed=sum(1 for part in (outline, rules) if part for ir in part.items if ir.review and not ir.stale),
        review_stale=sum(1 for part in (outline, rules) if part for ir in part.items if ir.stale),
        legend=LEGEND,
        indicators=_indicator_section(result, prefix),
        copies=_copies_view(result, prefix),
    )


def _notices(result: ReportResult) -> tuple[str, ...]:
    """What reading the text changed, said by pipeline.score_segmented among the warnings: a fact
    about the text, not a problem, so shown apart from them."""
    n = result.normalized
    if n is None:
        return ()
    found = ("繁体字已转换为简体" if n.converted_traditional else "",
             f"已去除{n.pinyin_removed}处拼音注音" if n.pinyin_removed else "")
    return tuple(w for w in found if w and w in result.warnings)


def _indicator_section(result: ReportResult, prefix: str) -> indicators.IndicatorSection | None:
    """The report's indicator table, when indicators are declared."""
    if not result.indicators:
        return None
    starts = {s.index: s.start for s in result.segmentation.sentences} if result.segmentation else {}
    return indicators.section_view(result.indicators, starts, prefix)


def report_section(result: ReportResult, follow: tuple[FollowUp, ...] | None = None,
                   followups_href: str = "") -> str:
    """The rendered <section> for one readable report (escaped HTML); see report_view."""
    view = report_view(result, group_name(result), follow, followups_href)
    return _env().get_template("_report.html").render(r=view)


def _report_line(r: Summary) -> ReportLine:
    return ReportLine(
        anchor=r.anchor,
        year_label=r.year_label,
        source_name=r.source_name,
        reviewed_label=_reviewed_label(r.reviewed, r.review_stale),
        **_line_fields(r),
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
    basis = ("两份报告适用不同清单，按2021—2025纲要各节对应比较" if by_clause else "按同一清单逐项比较")
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
    # A report is compared with the one before it only when that one is of an earlier year: two
    # files of one year are two places of the same name, or one report twice (see same_year).
    later = [k > 0 and dated[k - 1].year != r.year for k, r in enumerate(dated)]
    rows = [TrendRow("纲要覆盖度（总分）", tuple(
        TrendCell(_score(r.score), *(_delta(dated[k - 1].score, r.score) if later[k] else ("", "none")))
        for k, r in enumerate(dated))),
        TrendRow("深度（逐项得分）", tuple(
            TrendCell(_score(r.depth), *(_delta(dated[k - 1].depth, r.depth) if later[k] else ("", "none")))
            for k, r in enumerate(dated)))]
    titles: list[str] = []  # chapters by title, in the order they first appear
    for r in dated:
        titles.extend(t for _, t, _ in r.chapters if t not in titles)
    for title in titles:
        values = [dict((t, v) for _, t, v in r.chapters).get(title, "absent") for r in dated]
        cells = []
        for k, v in enumerate(values):
            prev = values[k - 1] if k else "absent"
            before, after = cast("float | None", prev), cast("float | None", v)  # neither is "absent" where used
            delta = _delta(before, after) if later[k] and prev != "absent" and v != "absent" else ("", "none")
            cells.append(TrendCell("—" if v == "absent" else _score(after), *delta))
        rows.append(TrendRow(title, tuple(cells)))
    changes = tuple(_change_block(dated[k - 1], dated[k]) for k in range(1, len(dated)) if later[k])
    return Trend(columns=tuple(labels), rows=tuple(rows), changes=changes)


def scorecard_page(name: str, summaries: list[Summary], sections: list[Path],
                   back: Callable[[Summary], tuple[BackLink, ...]] | None = None) -> ScorecardPage:
    """A jurisdiction's page; `sections` are the files of the reports' rendered sections, in the
    order of `summaries`; `back` gives a report's links back to the index pages that list it
    (index.ViewPlan.back_links)."""
    order = sorted(range(len(summaries)), key=lambda k: _sort_key(summaries[k]))
    reports = [summaries[k] for k in order]
    return ScorecardPage(
        title=f"{name} 法治政府建设年度报告评分",
        root="../",
        jurisdiction=name,
        level_label=_level(reports),
        years_label=_years(reports),
        reports=tuple(reports),
        lines=tuple(_report_line(r) for r in reports),
        trend=_trend(reports),
        sections=SectionFiles(tuple(sections[k] for k in order)),
        same_year=same_year(name, reports),
        headline_note=zh_punct(HEADLINE_NOTE),
        reviewed=sum(r.reviewed for r in reports),
        review_stale=sum(r.review_stale for r in reports),
        indicator_trend=indicators.trend(indicators.trend_labels(reports), [r.indicators for r in reports]),
        back=tuple(back(r) for r in reports) if back else (),
    )
