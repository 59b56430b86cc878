"""Plain, immutable records passed from one pipeline stage to the next.

ingest -> RawDocument -> normalize -> NormalizedText -> segment -> Segmentation
-> match -> Evidence -> score -> ItemResult / ChecklistResult -> ReportResult -> render;
figures reads the declared Indicators from the Segmentation -> Reading -> IndicatorResult.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date

ROLES = ("preamble", "achievements", "shortcomings", "plans", "duty")
LEVELS = ("province", "city", "county", "township", "department")
STATUSES = ("met", "partial", "gap", "planned", "mentioned", "missing", "not_applicable")


@dataclass(frozen=True)
class OcrInfo:
    """How much of a report was read from page images by OCR, and how well."""

    pages: tuple[int, ...]  # 1-based pages whose OCR text is in the report
    mean_confidence: float | None  # Tesseract's mean word confidence (0-100) over those pages
    unreadable_pages: tuple[tuple[int, str], ...] = ()  # (page, why) of pages left out
    skipped_pages: tuple[int, ...] = ()  # image pages past the page limit, not read
    text_pages: tuple[int, ...] = ()  # pages of a PDF read from its text layer instead
    engine: str = ""  # e.g. "tesseract 5.3.0 (chi_sim)"


@dataclass(frozen=True)
class DocumentProperties:
    """What a file says about itself (Word's core properties, OFD's DocInfo, RTF's info group):
    used only where the text lacks the field, and labelled as such."""

    title: str | None = None
    created: str | None = None  # YYYY-MM-DD


@dataclass(frozen=True)
class RawDocument:
    """A report file read from disk and decoded to text."""

    source: str  # the path as given on the command line
    text: str  # emptied once the report is normalised
    format: str  # "txt", ...
    encoding: str
    sha256: str
    warnings: tuple[str, ...] = ()
    ocr: OcrInfo | None = None  # set when page images were read by OCR
    properties: DocumentProperties | None = None  # the file's own title and creation date


@dataclass(frozen=True)
class OffsetMap:
    """Maps positions of a step's output text back to its input text.

    Anchors are pairs (new, old): from `new[k]` on, output characters follow input characters
    one for one from `old[k]`, until the next anchor. Only edits create anchors, so a step
    that changes little costs little.
    """

    new: tuple[int, ...] = (0,)
    old: tuple[int, ...] = (0,)

    def to_old(self, i: int) -> int:
        k = bisect.bisect_right(self.new, i) - 1
        return self.old[k] + (i - self.new[k])


@dataclass(frozen=True)
class NormalizedText:
    """Simplified, de-annotated, width-unified text with a map back to the raw text.

    `raw_offset(i)` is the index in the raw text of normalised character `i`, so every quote
    can be located in the file the supervisor has. `body_start` is where the report body
    begins: everything before it is web boilerplate (index tables, breadcrumbs, 访问次数 …)
    and is never evidence.
    """

    text: str
    offsets: tuple[OffsetMap, ...]  # one per normalisation step, raw text first
    body_start: int
    converted_traditional: bool = False
    pinyin_removed: int = 0
    radicals_replaced: int = 0  # radicals (⻓ ⾏) read as the ideographs they stand for (长 行)
    radicals_left: int = 0  # radicals still in the text: component forms (⺅ ⺡) with no ideograph

    def raw_offset(self, i: int) -> int:
        """Index in the raw text of character `i` of the normalised text."""
        for step in reversed(self.offsets):
            i = step.to_old(i)
        return i


# Sentence, Paragraph, Signal and Evidence are made by the hundred for every report, and a
# frozen dataclass costs five times as much to make as a plain one (1.45 against 0.27 µs for
# Evidence, measured): they are not frozen, but no stage changes one after it is made; treat
# them as read-only.
@dataclass(slots=True)
class Sentence:
    index: int
    paragraph: int  # index into Segmentation.paragraphs
    start: int  # offsets into NormalizedText.text
    end: int
    text: str
    role: str  # one of ROLES
    role_reason: str  # why this role: the heading or cue that set it
    heading: bool = False  # a heading line is never evidence on its own


@dataclass(slots=True)  # read-only by convention: see Sentence
class Paragraph:
    index: int
    start: int
    end: int
    text: str
    heading_level: int  # 0 = body paragraph; 1 = 一、 ; 2 = (一) ; 3 = 1. ; 4 = (1)
    heading: str  # heading text when heading_level > 0
    role: str
    role_reason: str
    section_path: tuple[str, ...]  # enclosing headings, outermost first


@dataclass(frozen=True)
class Segmentation:
    title: str | None
    header: str  # boilerplate before the body (kept for metadata, never evidence)
    paragraphs: tuple[Paragraph, ...]
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class LetterSettings:
    """Who sends a report's follow-up list and how to reply: the `letter:` entry of the report
    folder's manifest.yaml (manifest.py); empty fields are left out of the letter."""

    office: str = ""  # the issuing office, signed under the letter (落款)
    contact: str = ""  # whom to ask, with a telephone number
    deadline: date | int | None = None  # reply by this day, or within this many working days


@dataclass(frozen=True)
class Metadata:
    jurisdiction: str | None = None
    level: str | None = None
    year: int | None = None
    published: str | None = None  # YYYY-MM-DD
    title: str | None = None
    sources: tuple[tuple[str, str], ...] = ()  # (field, where it came from)
    # The gazetteer unit the report groups under: the jurisdiction itself, or for a department
    # (厦门市人民政府外事办公室) the place it belongs to (厦门市).
    unit: str | None = None


@dataclass(frozen=True)
class Pattern:
    """One evidence pattern: every condition must hold inside one scope."""

    all_of: tuple[tuple[str, ...], ...] = ()  # groups; each group is alternatives
    any_of: tuple[str, ...] = ()
    none_of: tuple[str, ...] = ()
    regex: str | None = None
    within: str = "sentence"  # or "paragraph"
    line: int = 0

    def terms(self) -> tuple[str, ...]:
        out: list[str] = []
        for group in self.all_of:
            out.extend(group)
        out.extend(self.any_of)
        out.extend(self.none_of)
        return tuple(out)


@dataclass(frozen=True)
class Item:
    id: str
    title: str
    chapter: str
    clause: int | None  # section of the 2021-2025 outline
    weight: float
    levels: tuple[str, ...]
    patterns: tuple[Pattern, ...]
    expect: str = "achievements"  # the role whose evidence satisfies the item
    require_concrete: bool = True
    should_match: tuple[str, ...] = ()
    should_not_match: tuple[str, ...] = ()
    note: str = ""
    source: str = ""  # reference and confidence, e.g. "outline §(十一) [H]"
    line: int = 0
    measure: int | None = None  # measure of the 2015-2020 outline
    corresponds: tuple[int, ...] = ()  # 2021-2025 clauses a 2015-2020 item corresponds to
    path: str = ""  # the checklist file the item is written in (differs when inherited)
    check: str | None = None  # a check of the report's metadata instead of its text ("on_time")
    in_headings: bool = False  # headings count as evidence (for items about a report's parts)
    optional: bool = False  # the report may leave it out: never asked about (followups.py)


@dataclass(frozen=True)
class Checklist:
    id: str
    title: str
    kind: str  # "outline" or "rules"
    years: tuple[int | None, int | None]
    chapters: tuple[tuple[str, str], ...]  # (chapter id, title) in order
    items: tuple[Item, ...]
    path: str
    description: str = ""
    extends: str | None = None
    automatic: bool = True  # chosen by report year; False: only when named with --checklist


@dataclass(slots=True)  # read-only by convention: see Sentence
class Signal:
    """A reason a sentence reports concrete work (or does not)."""

    kind: str  # figure, document, action, slogan, goal
    text: str


@dataclass(slots=True)  # read-only by convention: see Sentence
class Evidence:
    item_id: str
    sentence: int
    start: int
    end: int
    quote: str
    role: str
    terms: tuple[str, ...]
    strength: str  # "strong", "weak" or "none"
    signals: tuple[Signal, ...]


@dataclass(frozen=True)
class Review:
    """A supervisor's correction of one item's verdict for one report file (reviews.yaml)."""

    report: str  # the report's file name, as reviews.yaml beside it names it
    item_id: str
    status: str  # the corrected status: a key of labels.STATUS_LABELS
    reason: str
    by: str
    date: str  # YYYY-MM-DD, as written in the file
    sha256: str  # of the report file the reviewer read; another file is not this review's
    line: int = 0  # of the entry in reviews.yaml


@dataclass(frozen=True)
class ItemResult:
    item: Item
    status: str  # the status scores use: the reviewer's when a review is applied
    evidence: tuple[Evidence, ...]  # the most telling evidence, at most score.MAX_EVIDENCE
    reason: str  # the engine's reason for its own verdict
    evidence_total: int = 0  # how many sentences matched in all
    review: Review | None = None  # a review of this item for this report, applied or stale
    engine_status: str | None = None  # the engine's verdict when a review replaced it
    stale: bool = False  # a review exists but the report changed since: not applied

    @property
    def verdict(self) -> str:
        """The engine's own verdict, whether or not a review replaced it."""
        return self.engine_status if self.engine_status is not None else self.status


@dataclass(frozen=True)
class ChecklistResult:
    checklist: Checklist
    items: tuple[ItemResult, ...]
    score: float  # item coverage ("depth"): weighted share of applicable items, 0-100
    chapter_scores: tuple[tuple[str, float | None], ...]
    # Section coverage, the headline: weighted share of applicable outline sections the report
    # evidences with work done (score.section_coverage), overall and per chapter; None when no
    # section applies.
    coverage: float | None = None
    chapter_coverage: tuple[tuple[str, float | None], ...] = ()


# Quantitative indicators (checklists/indicators/*.yaml): declared by indicators.py, read from a
# report by figures.py, shown by results.py, exports.py and render/indicators.py.
VERDICTS = ("met", "not_met", "not_reported", "reported")


@dataclass(frozen=True)
class Name:
    """One way reports name an indicator; `clause_has`/`sentence_has` must also occur there."""

    term: str
    clause_has: tuple[str, ...] = ()
    sentence_has: tuple[str, ...] = ()
    clause_lacks: tuple[str, ...] = ()  # none of these may occur in the clause
    whole: bool = False  # a 全覆盖/全部 after it reads as 100%


@dataclass(frozen=True)
class Target:
    min: float | None
    max: float | None
    source: str


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    unit: str
    section: int | None  # section of the 2021-2025 outline
    names: tuple[Name, ...]
    target: Target | None = None
    note: str = ""
    examples: tuple[tuple[str, float | None], ...] = ()
    path: str = ""
    line: int = 0
    better: str = ""  # "higher" or "lower": which way a change is for the better; "" when neither


@dataclass(frozen=True, slots=True)
class Reading:
    """A figure read for an indicator: a reported value, a goal or a change."""

    indicator: str  # Indicator.id
    kind: str  # "value", "goal", "change" or "previous" (the 85% of 从85%提高到100%; 上年…; another year)
    value: float  # in the indicator's unit (a change: the amount of change)
    high: float | None  # the top of a range
    qualifier: str  # "", "at_least" (95%以上, 10余件), "about" (近300件), "range", "words" (全覆盖)
    unit: str  # the indicator's unit (a change in percentage points: "个百分点")
    text: str  # the figure as written
    sentence: int  # Sentence.index
    start: int  # the figure in the normalised text
    end: int
    quote: str  # the whole sentence
    role: str


# What the index, the trend and the xlsx sheet keep of one indicator of one report:
# (indicator id, name, unit, value or None, high, qualifier, verdict, better).
Compact = tuple[str, str, str, float | None, float | None, str, str, str]


@dataclass(frozen=True)
class IndicatorResult:
    """One indicator in one report: the value it reports (if any), the verdict, every reading."""

    indicator: Indicator
    value: Reading | None
    verdict: str  # one of VERDICTS
    readings: tuple[Reading, ...]

    def compact(self) -> Compact:
        v = self.value
        return (self.indicator.id, self.indicator.name, self.indicator.unit,
                None if v is None else v.value, None if v is None else v.high,
                "" if v is None else v.qualifier, self.verdict, self.indicator.better)


@dataclass(frozen=True)
class Segmented:
    """A report read, normalised and segmented, with its metadata: what a batch fingerprints
    for the copy check before it scores any report (pipeline.read_document)."""

    document: RawDocument  # its text emptied: normalized holds what is needed
    normalized: NormalizedText
    segmentation: Segmentation
    metadata: Metadata


@dataclass(slots=True)  # read-only by convention, as Sentence: made by the dozen for every report, twice
class CopiedSentence:
    """A sentence of a report that is a near-copy of a source (copies.py)."""

    sentence: int  # its index in the report
    kind: str  # "previous_year" (same jurisdiction, earlier year), "other" (another jurisdiction), "outline"
    similarity: float  # estimated similarity to the source, 0-1 (for "outline": share of its wording found)
    same_text: bool  # word for word with the same figures (only ever true for a report's sentence)
    source: str  # the source report's file as given, or the reference document's title
    source_name: str  # the source's jurisdiction (its file name when it names none), or the outline section
    source_year: int | None
    source_sentence: int | None  # the sentence's index in the source report; None for the reference
    source_page: str  # the scorecard page of the source report; "" for the reference
    source_text: str = ""  # the source sentence; filled when the report is scored, never kept across a batch

    def __reduce__(self) -> tuple:
        # Sent by the dozen with every report to the process that scores it: pickled as its
        # field values, not as a dict (half the time each way).
        return (CopiedSentence, (self.sentence, self.kind, self.similarity, self.same_text, self.source,
                                 self.source_name, self.source_year, self.source_sentence, self.source_page,
                                 self.source_text))


@dataclass(frozen=True)
class Copies:
    """What the batch's copy check found in one report (copies.find)."""

    sentences: int  # sentences tested
    paragraphs: int  # paragraphs holding a tested sentence
    copied: tuple[CopiedSentence, ...]
    sentence_shares: tuple[tuple[str, float], ...]  # (kind, % of tested sentences), kinds in copies.KINDS order
    paragraph_shares: tuple[tuple[str, float], ...]  # (kind, % of paragraphs)

    @property
    def share(self) -> float:
        """雷同比例: the share of tested sentences copied from any source, 0-100."""
        return round(100 * len(self.copied) / self.sentences, 1) if self.sentences else 0.0


@dataclass(frozen=True)
class ReportResult:
    source: str
    document: RawDocument | None
    normalized: NormalizedText | None
    segmentation: Segmentation | None
    metadata: Metadata
    outline: ChecklistResult | None
    rules: ChecklistResult | None
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = field(default_factory=tuple)
    indicators: tuple[IndicatorResult, ...] = ()  # one per declared indicator
    copies: Copies | None = None  # copied sentences: set by a batch run, None for a report scored alone
