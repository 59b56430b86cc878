"""The page contexts of the HTML output: small frozen dataclasses the jinja2 templates lay out,
and the few formatting helpers both pages share (anchors, file names, scores, the template
environment).

File names and anchors (slug, scorecard_path, anchor) are made by lawscore.paths, which the
exports share.
"""
from __future__ import annotations

import datetime
import functools
import importlib.metadata
import logging
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import NamedTuple

import jinja2
from markupsafe import Markup

from ..copies import KIND_LABELS
from ..followups import FollowUp
from ..labels import NO_CHECKLIST, NOT_GIVEN, TIMELINESS_LABELS, TIMELINESS_SYMBOLS, clause_label, zh_punct
from ..model import Compact
from ..paths import scorecard_path
from .indicators import IndicatorSection, IndicatorTrend

log = logging.getLogger(__name__)

Piece = tuple[str, bool]  # (text, is_mark)


# ---------------------------------------------------------------- page contexts


@dataclass(frozen=True)
class QuoteView:
    pieces: tuple[Piece, ...]
    href: str  # "#r1-s12": the sentence in the report text below
    sentence: int  # the sentence's index, as in its anchor
    role_label: str
    strength_label: str
    number: int = 0  # the sentence's number as shown: counted from 1


@dataclass(frozen=True)
class ReviewView:
    """A supervisor's review of an item, beside the engine's verdict."""

    applied: bool  # False: the report file changed since the review (待重新复核)
    state_label: str  # 人工复核 or 待重新复核
    status: str  # the reviewed status
    status_label: str
    status_symbol: str
    reason: str
    by: str
    date: str
    engine_status: str  # the engine's own verdict
    engine_label: str
    engine_symbol: str


@dataclass(frozen=True)
class ReviewCli:
    """What a verdict shows for correcting it: its item id, and the `lawscore review` command
    lines (change, undo) to copy; `lawscore serve` puts its form in their place."""

    report: str  # the report's anchor (paths.anchor of its source): safe in an attribute, and unique
    item_id: str
    status: str  # the status shown
    review: str  # "applied", "stale" or "" (no review)
    command: str
    undo: str


@dataclass(frozen=True)
class ItemRow:
    clause_label: str
    title: str
    weight: str
    status: str  # css class suffix; one of model.STATUSES
    status_label: str
    status_symbol: str
    reason: str
    corresponds_label: str  # "对应2021—2025纲要第（x）节" for an item of the 2015-2020 outline
    quotes: tuple[QuoteView, ...]
    more_quotes: int  # evidence not shown
    anchor: str = ""  # the row's id, which the report text links back to
    review: ReviewView | None = None
    cli: ReviewCli | None = None  # the item id and the `lawscore review` lines that correct it


@dataclass(frozen=True)
class ChapterBlock:
    title: str
    score_label: str  # the chapter's section coverage (the headline)
    rows: tuple[ItemRow, ...]
    anchor: str = ""  # for the table of contents
    depth_label: str = ""  # its item coverage


@dataclass(frozen=True)
class Bar:
    label: str  # the chapter title; cut with an ellipsis on a wide screen, whole on a phone
    value_label: str
    percent: float  # of the track, 0-100
    band: str  # css class: good, fair, poor, none
    band_label: str  # the colour band in words, for who cannot see the colour


@dataclass(frozen=True)
class Chart:
    """Chapter coverage as bars of HTML, not a picture: the text reflows on a phone and a
    screen reader reads each chapter with its figure."""

    title: str
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class PartRow:
    title: str
    present: bool
    status: str
    status_label: str
    status_symbol: str
    reason: str
    optional: bool = False  # never asked for: shown as 未单列 when missing, not as 缺少
    review: ReviewView | None = None
    cli: ReviewCli | None = None


@dataclass(frozen=True)
class StatusKey:
    """One entry of the status legend above the item tables."""

    status: str
    label: str
    symbol: str
    meaning: str


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
    back: tuple[tuple[str, str], ...] = ()  # (item title, "#row anchor") of the items it is evidence for


@dataclass(frozen=True)
class ParagraphView:
    role: str
    role_label: str
    heading_level: int
    sentences: tuple[SentenceView, ...]
    tail: str


@dataclass(frozen=True)
class CopyRow:
    """A copied sentence beside its source, the text they share marked in both."""

    kind_label: str  # 与上年报告雷同, 与其他地区报告雷同, 照搬纲要原文
    same: bool  # 与上年相同: word for word with the same figures, no credit as this year's work
    identical: bool  # another source's sentence word for word, figures included
    href: str  # the sentence in the report text below
    number: int  # the sentence's number, counted from 1
    pieces: tuple[Piece, ...]
    source_label: str  # the source report's jurisdiction and year, or the outline and its section
    source_href: str  # the source sentence on its scorecard; "" for the outline
    source_pieces: tuple[Piece, ...]
    similarity_label: str


@dataclass(frozen=True)
class CopiesView:
    """The 雷同内容 section of a report."""

    share_label: str
    lines: tuple[str, ...]  # one per kind found: its shares and sources
    rows: tuple[CopyRow, ...]
    more: int  # copied sentences not shown (all are in results.json)


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
    score_label: str  # the headline: section coverage
    has_outline: bool
    chart: Chart | None
    chapters: tuple[ChapterBlock, ...]
    rules_title: str
    rules_score_label: str
    has_rules: bool
    parts: tuple[PartRow, ...]
    follow_ups: tuple[FollowUp, ...]
    followups_href: str  # the Word follow-up list, relative to the page; "" when none is written
    paragraphs: tuple[ParagraphView, ...]
    plain_body: str  # only when the body could not be segmented
    warnings: tuple[str, ...]
    notices: tuple[str, ...] = ()  # what reading the text changed (繁体 → 简体, 拼音 removed): facts, not problems
    missing_sections: tuple[str, ...] = ()  # clause labels of the outline sections with no work shown
    ocr_label: str = ""  # marks quotes read by OCR: "OCR识别文字", or "" when read from text
    depth_label: str = "—"  # item coverage
    reviewed: int = 0  # items whose status a review set
    review_stale: int = 0  # reviews not applied: the report changed since
    legend: tuple[StatusKey, ...] = ()  # what each item status means
    indicators: IndicatorSection | None = None
    copies: CopiesView | None = None  # None when the report was not checked with a batch


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
    score: float | None  # the headline: section coverage (ChecklistResult.coverage)
    checklist_title: str
    timeliness: str = "unknown"  # on_time, late, unknown; see timeliness()
    checklist_id: str | None = None
    chapters: tuple[tuple[str, str, float | None], ...] = ()  # (chapter id, title, section coverage)
    items: tuple[ItemKey, ...] = ()
    statuses: str = ""  # one STATUS_CODES letter per entry of items
    parts_present: int = 0  # of the report-rules parts (主要举措和成效 …)
    parts_total: int = 0
    depth: float | None = None  # item coverage (ChecklistResult.score)
    reviewed: int = 0  # items whose status a supervisor's review set
    review_stale: int = 0  # reviews not applied because the report changed (待重新复核)
    indicators: tuple[Compact, ...] = ()  # of the report's declared indicators
    copies: tuple[float, tuple[tuple[str, float], ...]] | None = None  # 雷同比例 and its shares by kind (copies.py)
    unit: str = ""  # the place the report groups under on the index (a department's place), "" when none


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
    score_label: str  # the headline
    band: str
    parts_label: str
    depth_label: str = "—"
    reviewed_label: str = ""
    copy_label: str = "—"  # 雷同比例
    copy_title: str = ""  # its shares by kind


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
class BackLink:
    """A scorecard's link back to one index page that lists a report; shown only when it is the
    target of the address (the row on that page links here), so the way back keeps the view."""

    id: str
    href: str  # relative to the output folder, at the report's row
    label: str  # the view in words


@dataclass(frozen=True)
class SectionFiles:
    """A page's report sections, rendered (and escaped) by _report.html and waiting in files
    (HtmlWriter's scratch folder), in page order. They are read one at a time while the page is
    written, so a jurisdiction with thousands of reports never has its page in memory whole."""
    paths: tuple[Path, ...]

    def __iter__(self) -> Iterator[Markup]:
        for path in self.paths:
            yield Markup(path.read_text(encoding="utf-8"))

    def __len__(self) -> int:
        return len(self.paths)


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
    sections: SectionFiles  # the report sections, in the order of `reports`
    same_year: tuple[SameYear, ...] = ()  # years with more than one report on this page
    headline_note: str = ""  # what the headline means, in one line
    reviewed: int = 0  # reviewed items in this jurisdiction's reports
    review_stale: int = 0
    indicator_trend: IndicatorTrend | None = None
    back: tuple[tuple[BackLink, ...], ...] = ()  # per report in `reports`: its links back to the index views


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
    score_label: str  # the headline
    band: str
    parts_label: str
    cells: tuple[HeatCell, ...]
    depth_label: str = "—"
    reviewed_label: str = ""  # reviewed items: this report's, and the jurisdiction's when it has several
    copy_label: str = "—"  # 雷同比例
    copy_title: str = ""  # its shares by kind
    under: str = ""  # for a department: the place whose rows it follows on the index (厦门市)
    row_id: str = ""  # the row's id, which the scorecard's link back points at


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
class SameYear:
    """Two or more files of one jurisdiction name and one year: different places of the same
    name (two 城关镇 whose parents the reports do not give) or one report in two files."""

    name: str
    href: str
    year_label: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Link:
    label: str
    href: str  # "" when the choice would list no report: shown, not linked
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
    same_year: tuple[SameYear, ...] = ()  # listed on index.html only
    headline_note: str = ""  # what the headline means, in one line
    reviewed: int = 0  # reviewed items in all reports
    reviewed_jurisdictions: int = 0  # jurisdictions with at least one


# ---------------------------------------------------------------- helpers


@dataclass(frozen=True)
class Stamp:
    """What every page says of its making, on screen and on every printed page."""

    date: str  # YYYY-MM-DD
    version: str  # lawscore's version


@functools.lru_cache(maxsize=1)
def _version() -> str:
    try:
        version = importlib.metadata.version("lawscore")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"
    return re.sub(r"[^0-9A-Za-z.+-]", "", version)  # it goes into a CSS string as well


def generated() -> Stamp:
    """The generation date and lawscore version every page shows.

    The date is the day (UTC) of SOURCE_DATE_EPOCH when it is set, so that a rebuild gives
    byte-identical pages (https://reproducible-builds.org/specs/source-date-epoch/); else
    today's date, the day only. Read when a page is rendered, once per page.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            day = datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date()
        except (ValueError, OverflowError, OSError):
            log.warning("SOURCE_DATE_EPOCH=%r is not a number of seconds; using today's date", epoch)
            day = datetime.date.today()
    else:
        day = datetime.date.today()
    return Stamp(date=day.isoformat(), version=_version())


@functools.lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("lawscore", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["generated"] = generated  # base.html's footer: every page, whoever renders it
    return env


def _score(value: float | None) -> str:
    return "不适用" if value is None else f"{value:.1f}"


def _band(value: float | None) -> str:
    if value is None:
        return "none"
    return "good" if value >= 80 else "fair" if value >= 60 else "poor"


# The colour bands in words (the legends say the same: 绿 ≥80、黄 60–80、红 <60、灰 不适用).
BAND_LABELS = {"good": "绿：80及以上", "fair": "黄：60–80", "poor": "红：60以下", "none": "灰：不适用",
               "absent": "无此章"}


def _weight(value: float) -> str:
    return f"{value:g}"


def _source_name(source: str) -> str:
    # Only / separates folders: a backslash in a shown name is an escape (names.display: \xb1, \u202e).
    return PurePosixPath(source).name or source


def _item_key(item) -> ItemKey:
    clauses = (item.clause,) if item.clause is not None else tuple(item.corresponds)
    return ItemKey(item.id, clause_label(item), zh_punct(item.title), clauses)


def _reviewed_label(reviewed: int, stale: int) -> str:
    """人工复核 counts as a cell shows them: "2", "2(1项待重新复核)", "" when none."""
    if not reviewed and not stale:
        return ""
    return f"{reviewed}" + (f"（另{stale}项待重新复核）" if stale else "")


def _line_fields(r: Summary) -> dict[str, str]:
    """What a report's line says on the index and on its scorecard alike: publication,
    timeliness, the headline, its colour band, the parts and the depth."""
    return {
        "published_label": r.published or NOT_GIVEN,
        "timeliness": r.timeliness,
        "timeliness_label": TIMELINESS_LABELS[r.timeliness],
        "timeliness_symbol": TIMELINESS_SYMBOLS[r.timeliness],
        "score_label": _score(r.score) if r.checklist_id else NO_CHECKLIST,
        "band": _band(r.score) if r.checklist_id else "none",
        "parts_label": _parts_label(r),
        "depth_label": _score(r.depth) if r.checklist_id else "—",
        **_copy_fields(r),
    }


def _copy_fields(r: Summary) -> dict[str, str]:
    """雷同比例 as the index and the scorecard header show it, with its kinds in the tooltip."""
    if r.copies is None:
        return {"copy_label": "—", "copy_title": "本报告没有和其他报告一起评分,未做雷同检查"}
    share, kinds = r.copies
    parts = "；".join(f"{KIND_LABELS[k]} {v:.1f}%" for k, v in kinds if v)
    return {"copy_label": f"{share:.1f}%", "copy_title": f"雷同语句占 {share:.1f}%" + (f"：{parts}" if parts else "")}


def _parts_label(summary: Summary) -> str:
    return f"{summary.parts_present}/{summary.parts_total}" if summary.parts_total else "—"


def same_year(name: str, reports: list[Summary]) -> tuple[SameYear, ...]:
    """The years for which a jurisdiction name has more than one report, with their files."""
    by_year: dict[int, list[Summary]] = {}
    for r in reports:
        if r.year is not None:
            by_year.setdefault(r.year, []).append(r)
    return tuple(
        SameYear(name, scorecard_path(name), f"{year}年度", tuple(sorted(r.source for r in found)))
        for year, found in sorted(by_year.items())
        if len(found) > 1
    )
