"""Turn evidence into a status per item and weighted scores per chapter and overall.

Status rules (the same for every item; the engine knows no item by name):
- not_applicable: the report's level is not among the item's levels.
- met: evidence in the expected part of the report that reports concrete work ("strong").
- partial: only weak evidence there (an action named without figure, document or completion).
- gap: the item is named only as a shortcoming.
- planned: named only as next-year work.
- mentioned: the item is named, but only as a slogan or framing (坚持…, 深入贯彻…) or in a
  part of the report where it does not count: the topic is there, concrete work is not.
- missing: nothing found.
Scores: met counts 1, partial 0.5, everything else 0; not_applicable items are left out.
That weighted share of items is the depth ("深度"): a report evidences one or two items per
section, seldom every sub-requirement, so it stays low for good reports.

The headline is section coverage ("覆盖度"), see section_coverage: the weighted share of the
applicable outline sections (2021-2025: its clauses 4-35; 2015-2020: its measures) that the
report evidences with work done. A section's credit is the sum of its two best items' credits,
capped at 1: one item met, or two items partly met, make the section done; one item partly met
makes it half done. Two different requirements of one section each named with an action
corroborate each other, where one alone may be a passing mention. A section weighs as much as
its heaviest applicable item (its most important requirement); sections where no item applies
are left out.

Reviews (apply_reviews) replace the engine's status of an item with a supervisor's, and the
scores are computed again from the reviewed statuses.
`mentioned` earns no credit, as `missing` does: a slogan is no evidence of work; the status
only tells a reader that the quotes shown were read and judged, not overlooked.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from datetime import date

from .labels import LEVEL_LABELS, chapter_order
from .memo import ByIdentity
from .model import (
    Checklist,
    ChecklistResult,
    Evidence,
    Item,
    ItemResult,
    Metadata,
    Review,
)

CREDIT = {"met": 1.0, "partial": 0.5, "gap": 0.0, "planned": 0.0, "mentioned": 0.0, "missing": 0.0}
_RESULT_SIGNALS = ("figure", "document", "honour")
# Plain Chinese names for the report levels and the signals a reason cites.
SIGNAL_NAMES = {"figure": "数字", "document": "文件", "honour": "荣誉", "completed": "完成情况",
                "citation": "引用文件", "received": "收到的文件", "goal": "目标", "action": "行动", "slogan": "口号"}
# Evidence kept per item once it is scored: enough to show and explain the verdict, while a
# 30 MB report that repeats itself cannot make results.json or a scorecard explode.
MAX_EVIDENCE = 12
_ROLE_RANK = {"achievements": 0, "duty": 0, "preamble": 1, "shortcomings": 2, "plans": 3}
_STRENGTH_RANK = {"strong": 0, "weak": 1, "none": 2}
# Quotes shown first: evidence of work done, then the most concrete.
_PREFERRED_ROLES = ("achievements", "duty")
# What an item of each `expect` asks the report for, and what a met item's reason says it found:
# a part "存在的不足" is met by shortcomings written down, not by work done.
_WANTED = {"achievements": "具体工作", "duty": "具体工作", "shortcomings": "写明存在的不足", "plans": "写明下一年度安排"}
_FOUND = {"shortcomings": "写明了存在的不足", "plans": "写明了下一年度安排"}
_WORK_ROLES = {"achievements": ("achievements", "duty"), "duty": ("duty",),
               "shortcomings": ("shortcomings",), "plans": ("plans",)}


def item_status(expect: str, require_concrete: bool, evidence: list[Evidence]) -> tuple[str, str]:
    """Status and a one-line reason in Chinese for one applicable item."""
    roles = _WORK_ROLES[expect]
    if not evidence:
        return "missing", "没有找到相关内容"  # what the rules below come to (most items, most reports)
    work = [e for e in evidence if e.role in roles]
    strong = [e for e in work if e.strength == "strong"] if require_concrete else work
    if strong and expect in _FOUND:
        return "met", f"{_FOUND[expect]}({len(strong)}处)"
    if strong:
        found = {s.kind for s in strong[0].signals}
        kinds = [SIGNAL_NAMES[k] for k in ("figure", "document", "completed", "honour") if k in found]
        return "met", f"有具体工作的证据({len(strong)}处;{'、'.join(kinds) or '符合要求的段落'})"
    # A concrete result stated in the opening paragraph (获评…, 位居全国前三) is still work done;
    # the opening's framing (全面贯彻落实了…精神) is not, so only a result figure, a document the
    # body issued or an honour counts there, never a completion marker alone.
    if expect == "achievements":
        preamble = [e for e in evidence if e.role == "preamble" and e.strength == "strong"
                    and any(s.kind in _RESULT_SIGNALS for s in e.signals)]
        if preamble:
            return "met", f"开篇概述中有具体成果({len(preamble)}处)"
    weak = [e for e in work if e.strength == "weak"]
    if weak:
        return "partial", f"只有较弱的证据({len(weak)}处:提到了工作,但没有数字、文件或完成情况)"
    if any(e.role == "shortcomings" for e in evidence):
        return "gap", "只在存在的问题/不足中提到"
    if any(e.role == "plans" for e in evidence):
        return "planned", "只在下一步工作安排中提到"
    if work:
        return "mentioned", f"只有口号式表述({len(work)}处),没有具体工作"
    if any(e.role == "preamble" for e in evidence):
        count = sum(e.role == "preamble" for e in evidence)
        return "mentioned", f"只在开篇概述中提到({count}处),没有具体工作"
    return "mentioned", f"只在其他部分提到({len(evidence)}处),没有{_WANTED[expect]}"


def timeliness(year: int | None, published: str | None) -> str:
    """on_time: published on or before 31 March of the year after `year`; late; unknown.

    The reporting rules (督察工作规定 第二十四条) require publication before 1 April of the
    following year. A missing date, or one that cannot be read, is unknown, never late.
    """
    if year is None or not published:
        return "unknown"
    try:
        day = date.fromisoformat(published.strip()[:10])
    except ValueError:
        return "unknown"
    return "on_time" if day <= date(year + 1, 3, 31) else "late"


def check_status(check: str, meta: Metadata | None) -> tuple[str, str]:
    """Status of an item that checks the report's metadata rather than its text."""
    if check == "on_time":
        year = meta.year if meta else None
        published = meta.published if meta else None
        when = timeliness(year, published)
        if year is None or when == "unknown":
            return "not_applicable", "页面未注明发布日期(或报告年度不详),无法判断是否按时公开"
        if when == "on_time":
            return "met", f"{published}发布,在{year + 1}年3月31日之前"
        return "missing", f"{published}发布,晚于{year + 1}年3月31日"
    raise ValueError(f"unknown check {check!r}")


class _Plan:
    """What scoring needs of one checklist whatever the report: worked out once per checklist.

    `chapter_ids` are the chapters scored, in order; `chapter_items` the indices of each
    chapter's items. `rows(level)` gives, per item, the ItemResult of the item when the report
    has no evidence for it (not_applicable at this level, or missing) and its _scored(), or
    None when that depends on the report (items that check metadata; an `expect` item_status
    rejects). Results are immutable, so every report without evidence for an item shares that
    one ItemResult.
    """

    def __init__(self, checklist: Checklist) -> None:
        self.checklist = checklist
        self.chapter_ids = ([c for c, _ in checklist.chapters]
                            or sorted({item.chapter for item in checklist.items}, key=chapter_order))
        self.chapter_items: dict[str, list[int]] = {c: [] for c in self.chapter_ids}
        for i, item in enumerate(checklist.items):
            if item.chapter in self.chapter_items:
                self.chapter_items[item.chapter].append(i)
        self._rows: dict[str | None, list[tuple[Item, ItemResult | None, _Scored]]] = {}
        # The outline sections, as groups of item indices: all of them, and those of each chapter.
        self.sections = _section_groups(range(len(checklist.items)), checklist.items)
        self.chapter_sections = {c: _section_groups(self.chapter_items[c], checklist.items) for c in self.chapter_ids}
        # Whether the chapters' sections are exactly the sections (none spans two chapters, every
        # item is in a chapter): then the overall figure adds up the chapters' (the usual case).
        self.nested = sorted(self.sections) == sorted(g for c in self.chapter_ids for g in self.chapter_sections[c])

    def rows(self, level: str | None) -> list[tuple[Item, ItemResult | None, _Scored]]:
        rows = self._rows.get(level)
        if rows is None:
            rows = self._rows[level] = []
            for item in self.checklist.items:
                empty = _empty_result(item, level)
                rows.append((item, empty, _scored(empty) if empty is not None else None))
        return rows


_Scored = tuple[float, float] | None  # an item's weight and credit; None: left out of the score


def _scored(r: ItemResult) -> _Scored:
    """An item's weight and credit, or None when it is left out of the score: not applicable at
    the report's level, or `optional` (其他需要报告的情况) and missing. An optional part the
    report does have counts like any other."""
    if r.status == "not_applicable" or (r.item.optional and r.status == "missing"):
        return None
    return (r.item.weight, CREDIT[r.status])


def _item_result(item: Item, found: list[Evidence], level: str | None, meta: Metadata | None) -> ItemResult:
    """The result of one item given the evidence found for it."""
    if level is not None and level not in item.levels:
        return ItemResult(item, "not_applicable", tuple(found), f"不要求{LEVEL_LABELS.get(level, level)}报告提供",
                          len(found))
    if item.check:
        status, reason = check_status(item.check, meta)
        return ItemResult(item, status, (), reason)
    status, reason = item_status(item.expect, item.require_concrete, found)
    if item.expect in _FOUND:
        # a required part (存在的不足, 下一年度安排) is evidenced by its own sentences: they are
        # the quotes, not the achievements that happen to use the same words
        own = [e for e in found if e.role in _WORK_ROLES[item.expect]]
        if own:
            found = own
    return ItemResult(item, status, tuple(found), reason, len(found))


def _empty_result(item: Item, level: str | None) -> ItemResult | None:
    """The result of item for a report at level with no evidence for it, when only those decide."""
    if level is not None and level not in item.levels:
        return ItemResult(item, "not_applicable", (), f"不要求{LEVEL_LABELS.get(level, level)}报告提供")
    if item.check:
        return None  # depends on the report's metadata
    try:
        status, reason = item_status(item.expect, item.require_concrete, [])
    except KeyError:
        return None  # an unknown `expect`: let score_checklist raise as it always has
    return ItemResult(item, status, (), reason)


# Plans by checklist (many checklists come and go only in tests; the cache stays small).
_PLANS: ByIdentity[_Plan] = ByIdentity(64)
_NO_EVIDENCE: list[Evidence] = []  # evidence.get's default: "none found", never stored by callers


def _plan(checklist: Checklist) -> _Plan:
    return _PLANS.get((checklist,), lambda: _Plan(checklist))


def score_checklist(checklist: Checklist, evidence: dict[str, list[Evidence]], level: str | None,
                    meta: Metadata | None = None) -> ChecklistResult:
    """Item statuses and weighted scores (0–100) per chapter and overall."""
    plan = _plan(checklist)
    results: list[ItemResult] = []
    scored: list[_Scored] = []
    for item, empty, empty_scored in plan.rows(level):
        found = evidence.get(item.id, _NO_EVIDENCE)
        if empty is not None and (found is _NO_EVIDENCE or (type(found) is list and not found)):
            results.append(empty)  # no evidence: the result is the item's alone
            scored.append(empty_scored)
        else:
            r = _item_result(item, found, level, meta)
            results.append(r)
            scored.append(_scored(r))

    return _with_scores(checklist, results, scored, plan)


def _weighted(rs: list[_Scored]) -> float | None:
    counted = [s for s in rs if s is not None]
    total = sum([weight for weight, _ in counted])
    if not total:
        return None
    got = sum([weight * credit for weight, credit in counted])
    return round(100.0 * got / total, 1)


def _with_scores(checklist: Checklist, results: list[ItemResult], scored: list[_Scored], plan: _Plan) -> ChecklistResult:
    """The checklist's result with depth and coverage, overall and per chapter, from item results."""
    chapter_scores = tuple((c, _weighted([scored[i] for i in plan.chapter_items[c]])) for c in plan.chapter_ids)
    overall = _weighted(scored)
    coverage: float | None = None
    chapter_coverage: tuple[tuple[str, float | None], ...] = ()
    if checklist.kind == "outline":
        parts = [(c, _coverage_sums(plan.chapter_sections[c], results)) for c in plan.chapter_ids]
        chapter_coverage = tuple((c, _share(got, total)) for c, (got, total) in parts)
        if plan.nested:
            coverage = _share(sum(got for _, (got, _) in parts), sum(total for _, (_, total) in parts))
        else:
            coverage = _share(*_coverage_sums(plan.sections, results))
    return ChecklistResult(
        checklist=checklist,
        items=tuple(results),
        score=overall if overall is not None else 0.0,
        chapter_scores=chapter_scores,
        coverage=coverage,
        chapter_coverage=chapter_coverage,
    )


def section_key(item: Item) -> tuple[str, int | None]:
    """The outline section an item belongs to: its 2015-2020 measure, or its 2021-2025 clause."""
    return ("measure", item.measure) if item.measure is not None else ("clause", item.clause)


def section_credit(statuses: list[str]) -> float:
    """A section's credit from its applicable items' statuses: its two best credits, summed, at most 1."""
    best = sorted((CREDIT.get(s, 0.0) for s in statuses), reverse=True)[:2]
    return min(1.0, sum(best))


def _section_groups(indices: Iterable[int], items: tuple[Item, ...]) -> tuple[tuple[int, ...], ...]:
    """The indices of `items` (among `indices`) grouped by section, in order of first appearance."""
    groups: dict[tuple[str, int | None], list[int]] = {}
    for i in indices:
        groups.setdefault(section_key(items[i]), []).append(i)
    return tuple(tuple(g) for g in groups.values())


def _share(got: float, total: float) -> float | None:
    return round(100.0 * got / total, 1) if total else None


def _coverage_sums(sections: tuple[tuple[int, ...], ...], results: Sequence[ItemResult]) -> tuple[float, float]:
    """The weighted credit and the total weight of `sections` (groups of indices into results).

    section_credit weighted by each section's heaviest applicable item, in one pass over the
    items, as it runs for every chapter of every report.
    """
    total = got = 0.0
    for indices in sections:
        weight = best = second = 0.0
        applicable = False
        for i in indices:
            r = results[i]
            if r.status == "not_applicable":
                continue
            applicable = True
            weight = max(weight, r.item.weight)
            credit = CREDIT.get(r.status, 0.0)
            if credit > best:
                best, second = credit, best
            elif credit > second:
                second = credit
        if applicable:
            total += weight
            got += weight * min(1.0, best + second)
    return got, total


def section_coverage(results: Sequence[ItemResult]) -> float | None:
    """Weighted share (0-100) of the sections of `results` evidenced with work done; None when
    no item applies. See the module docstring for the rule."""
    items = tuple(r.item for r in results)
    return _share(*_coverage_sums(_section_groups(range(len(items)), items), results))


def apply_reviews(result: ChecklistResult, reviews: dict[str, Review], sha256: str) -> ChecklistResult:
    """`result` with the reviewed statuses of `reviews` (by item id) and its scores computed again.

    A review is applied only to the report file it was made for (the same sha256); for a
    changed file it is kept on the item as stale, and the engine's verdict stands.
    """
    if not reviews:
        return result
    items: list[ItemResult] = []
    changed = False
    for r in result.items:
        review = reviews.get(r.item.id)
        if review is None:
            items.append(r)
            continue
        changed = True
        if review.sha256 != sha256:
            items.append(dataclasses.replace(r, review=review, stale=True))
        else:
            items.append(dataclasses.replace(r, status=review.status, review=review, engine_status=r.status))
    if not changed:
        return result
    plan = _plan(result.checklist)
    return _with_scores(result.checklist, items, [_scored(r) for r in items], plan)


def trim_evidence(result: ChecklistResult) -> ChecklistResult:
    """Keep the most telling MAX_EVIDENCE pieces of evidence per item, in text order."""
    items = []
    changed = False
    for r in result.items:
        evidence = r.evidence
        if len(evidence) <= MAX_EVIDENCE and r.evidence_total == len(evidence):
            items.append(r)  # nothing to trim, and evidence_total is set already (score_checklist sets it)
            continue
        if len(evidence) > MAX_EVIDENCE:
            ranked = sorted(evidence, key=lambda e: (_ROLE_RANK.get(e.role, 4), _STRENGTH_RANK.get(e.strength, 3), e.start))
            evidence = tuple(sorted(ranked[:MAX_EVIDENCE], key=lambda e: e.start))
        items.append(dataclasses.replace(r, evidence=evidence, evidence_total=len(r.evidence)))
        changed = True
    return dataclasses.replace(result, items=tuple(items)) if changed else result


def pick_quotes(evidence: tuple[Evidence, ...], expect: str = "achievements") -> list[Evidence]:
    """An item's evidence without repeats, the quotes to show first: from the part of the report
    the item expects (work done, or for a part 存在的不足 the shortcomings), most concrete first,
    so the first quote is one the reason counts."""
    preferred = _WORK_ROLES.get(expect, _PREFERRED_ROLES)
    seen: set[tuple[int, int, int]] = set()
    unique = []
    for ev in evidence:
        key = (ev.sentence, ev.start, ev.end)
        if key not in seen:
            seen.add(key)
            unique.append(ev)
    unique.sort(key=lambda ev: (ev.role not in preferred, _STRENGTH_RANK.get(ev.strength, 3), ev.sentence, ev.start))
    return unique
