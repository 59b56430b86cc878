"""Turn evidence into a status per item and weighted scores per chapter and overall.

Status rules (the same for every item; the engine knows no item by name):
- not_applicable: the report's level is not among the item's levels.
- met: evidence in the expected part of the report that reports concrete work ("strong").
- partial: only weak evidence there (an action named without figure, document or completion).
- gap: the item is named only as a shortcoming.
- planned: named only as next-year work.
- missing: nothing, or only slogans and framing.
Scores: met counts 1, partial 0.5, everything else 0; not_applicable items are left out.
"""
from __future__ import annotations

from datetime import date

from .memo import ByIdentity
from .model import Checklist, ChecklistResult, Evidence, Item, ItemResult, Metadata

CREDIT = {"met": 1.0, "partial": 0.5, "gap": 0.0, "planned": 0.0, "missing": 0.0}
_RESULT_SIGNALS = ("figure", "document", "honour")
# Plain Chinese names for the report levels and the signals a reason cites.
LEVEL_NAMES = {"province": "省级", "city": "市级", "county": "县级", "township": "乡镇", "department": "部门"}
SIGNAL_NAMES = {"figure": "数字", "document": "文件", "honour": "荣誉", "completed": "完成情况",
                "citation": "引用文件", "received": "收到的文件", "goal": "目标", "action": "行动", "slogan": "口号"}
_WORK_ROLES = {"achievements": ("achievements", "duty"), "duty": ("duty",),
               "shortcomings": ("shortcomings",), "plans": ("plans",)}


def item_status(expect: str, require_concrete: bool, evidence: list[Evidence]) -> tuple[str, str]:
    """Status and a one-line reason in Chinese for one applicable item."""
    roles = _WORK_ROLES[expect]
    if not evidence:
        return "missing", "没有找到相关内容"  # what the rules below come to (most items, most reports)
    work = [e for e in evidence if e.role in roles]
    strong = [e for e in work if e.strength == "strong"] if require_concrete else work
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
        return "missing", f"只有口号式表述({len(work)}处),没有具体工作"
    return "missing", "没有找到相关内容"


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
        if when == "on_time":
            return "met", f"{published}发布,在{year + 1}年3月31日之前"
        if when == "late":
            return "missing", f"{published}发布,晚于{year + 1}年3月31日"
        return "not_applicable", "页面未注明发布日期(或报告年度不详),无法判断是否按时公开"
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
                            or sorted({item.chapter for item in checklist.items}))
        self.chapter_items: dict[str, list[int]] = {c: [] for c in self.chapter_ids}
        for i, item in enumerate(checklist.items):
            if item.chapter in self.chapter_items:
                self.chapter_items[item.chapter].append(i)
        self._rows: dict[str | None, list[tuple[Item, ItemResult | None, _Scored]]] = {}

    def rows(self, level: str | None) -> list[tuple[Item, ItemResult | None, _Scored]]:
        rows = self._rows.get(level)
        if rows is None:
            rows = self._rows[level] = []
            for item in self.checklist.items:
                empty = _empty_result(item, level)
                rows.append((item, empty, _scored(empty) if empty is not None else None))
        return rows


_Scored = tuple[float, float] | None  # an item's weight and credit; None: left out (not_applicable)


def _scored(r: ItemResult) -> _Scored:
    return (r.item.weight, CREDIT[r.status]) if r.status != "not_applicable" else None


def _item_result(item: Item, found: list[Evidence], level: str | None, meta: Metadata | None) -> ItemResult:
    """The result of one item given the evidence found for it."""
    if level is not None and level not in item.levels:
        return ItemResult(item, "not_applicable", tuple(found), f"不要求{LEVEL_NAMES.get(level, level)}报告提供")
    if item.check:
        status, reason = check_status(item.check, meta)
        return ItemResult(item, status, (), reason)
    status, reason = item_status(item.expect, item.require_concrete, found)
    return ItemResult(item, status, tuple(found), reason)


def _empty_result(item: Item, level: str | None) -> ItemResult | None:
    """The result of item for a report at level with no evidence for it, when only those decide."""
    if level is not None and level not in item.levels:
        return ItemResult(item, "not_applicable", (), f"不要求{LEVEL_NAMES.get(level, level)}报告提供")
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

    def weighted(rs: list[_Scored]) -> float | None:
        counted = [s for s in rs if s is not None]
        total = sum([weight for weight, _ in counted])
        if not total:
            return None
        got = sum([weight * credit for weight, credit in counted])
        return round(100.0 * got / total, 1)

    chapter_scores = tuple((c, weighted([scored[i] for i in plan.chapter_items[c]])) for c in plan.chapter_ids)
    overall = weighted(scored)
    return ChecklistResult(
        checklist=checklist,
        items=tuple(results),
        score=overall if overall is not None else 0.0,
        chapter_scores=chapter_scores,
    )
