"""Read a report's quantitative indicators: the figures its sentences give for each declared one.

Supervisors compare jurisdictions by a handful of figures (出庭应诉率, 纠错率, 败诉率, 行政复议案件数 …),
declared as data in `checklists/indicators/*.yaml` (loaded by indicators.py). This module names
no indicator; it knows only the grammar of figures in Chinese reports:

- a figure binds to the indicator named nearest before it in the same clause (between commas,
  semicolons and full stops), if the units agree: 直接纠错率18.4%,综合纠错率34.7%;
- lists: A率、B率均达100% gives both 100; A率、B率分别为92.7%、98.7% pairs them in order;
- ranges (90%—95%), 以上/余 (at least), Chinese numerals (一百二十件, 百分之九十五) and words
  (实现法律顾问全覆盖 → 100%);
- a goal is not a value: 应达到100%, 力争, 确保, 不低于 …, and every figure in a plans section;
- a change is not a value: 同比上升3个百分点, 较上年下降2%.
The words that make a figure a goal, a change or an earlier year's are in wording/figures.py.

Extraction is cheap and linear in the names a sentence holds: one Aho-Corasick pass over the
body finds the sentences that name an indicator, and only those are read with one compiled
figure pattern.
"""
from __future__ import annotations

import bisect
import re

import ahocorasick

from .model import Indicator, IndicatorResult, Name, NormalizedText, Reading, Segmentation
from .wording import figures as words

# How each declared unit may be written in a report, and the factor to the declared unit.
UNIT_FORMS: dict[str, dict[str, float]] = {
    "%": {"%": 1.0},
    "件": {"件": 1.0, "起": 1.0, "宗": 1.0, "次": 1.0},  # 出庭应诉42次: a case each
    "人": {"人": 1.0, "名": 1.0},
    "人次": {"人次": 1.0},
    "次": {"次": 1.0, "场": 1.0},
    "万元": {"万元": 1.0, "亿元": 10000.0, "元": 0.0001},
}
_FORM_UNITS = sorted({f for forms in UNIT_FORMS.values() for f in forms} - {"%"}, key=len, reverse=True)

# One pattern for every figure a report writes. Named groups, tried in this order at each place:
# a change in percentage points, a range of percents, a percent, 百分之…, a count with its
# unit in Arabic or Chinese numerals, and the words that mean "all of them".
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"  # 1,234 or 1234.5
_CN = "零〇一二两三四五六七八九十百千万"
_UNITS = "|".join(_FORM_UNITS)
_FIGURE = re.compile(
    # The lookahead lets most characters fail at once, before every alternative is tried.
    rf"(?=[\d百{_CN}全])(?:"
    rf"(?<![\d.第])(?P<pp>{_NUM})\s*个?百分点"
    rf"|(?<![\d.第])(?P<lo>{_NUM})\s*%?\s*(?:-|—|–|~|～|至|到)\s*(?P<hi>{_NUM})\s*%"
    rf"|(?<![\d.第])(?P<pct>{_NUM})\s*%"
    rf"|百分之(?P<cnpct>百|[{_CN}]+(?:点[{_CN}]+)?)"
    rf"|(?<![\d.第])(?P<n>{_NUM})\s*(?P<wan>万|亿)?\s*(?P<more>余|多)?\s*(?P<u>{_UNITS})"
    rf"|(?<![\d.第{_CN}])(?P<cn>[{_CN}]+?)(?P<cmore>余|多)?(?P<cu>{_UNITS})(?!事)"
    r"|(?P<word>全覆盖|全部))"
)
_CLAUSE_CUTS = re.compile(r"[;。!?:]|(?<!\d),|,(?!\d)")  # not the comma of 1,234
MAX_GAP = 12  # characters between a name and its figure (three times that across a list ending in 均)
_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_POWERS = {"十": 10, "百": 100, "千": 1000}


def chinese_numeral(text: str) -> float | None:
    """一百二十 → 120, 两 → 2, 一万二千 → 12000, 九十五点五 → 95.5; None if not a numeral."""
    whole, _, frac = text.partition("点")
    total = section = digit = 0
    seen = False
    for ch in whole:
        if ch in _DIGITS:
            digit, seen = _DIGITS[ch], True
        elif ch in _POWERS:
            section += (digit if seen else 1) * _POWERS[ch]
            digit, seen = 0, False
        elif ch == "万":
            total += (section + digit) * 10000
            section = digit = 0
            seen = False
        else:
            return None
    value = float(total + section + digit)
    if frac:
        if any(ch not in _DIGITS for ch in frac):
            return None
        value += float("0." + "".join(str(_DIGITS[ch]) for ch in frac))
    return value


class Extractor:
    """Reads the declared indicators from segmented reports; built once per batch."""

    def __init__(self, indicators: tuple[Indicator, ...]) -> None:
        self.indicators = indicators
        self.by_term: dict[str, list[tuple[Indicator, Name]]] = {}
        for ind in indicators:
            for name in ind.names:
                self.by_term.setdefault(name.term, []).append((ind, name))
        self.automaton = ahocorasick.Automaton()
        for term in self.by_term:
            self.automaton.add_word(term, term)
        if self.by_term:
            self.automaton.make_automaton()

    def sentences_naming(self, text: str, seg: Segmentation) -> list[int]:
        """Indexes (into seg.sentences) of the sentences that name an indicator, in order."""
        if not self.by_term or not seg.sentences:
            return []
        starts = [s.start for s in seg.sentences]
        lo, hi = seg.sentences[0].start, seg.sentences[-1].end
        found: set[int] = set()
        for end, term in self.automaton.iter(text, lo, hi):
            k = bisect.bisect_right(starts, end - len(term) + 1) - 1
            if k >= 0 and seg.sentences[k].end > end:
                found.add(k)
        return sorted(found)

    def read(self, norm: NormalizedText, seg: Segmentation, year: int | None = None) -> tuple[Reading, ...]:
        """Every reading in the report, in text order; `year` is the year it reports on."""
        out: list[Reading] = []
        for k in self.sentences_naming(norm.text, seg):
            s = seg.sentences[k]
            if s.heading:
                continue
            for r in self.read_sentence(s.text, year):
                out.append(_place(r, s.index, s.start, s.text, s.role))
        return tuple(out)

    def read_sentence(self, sentence: str, year: int | None = None) -> list[tuple[str, str, float, float | None, str, str, str, int, int]]:
        """(indicator id, kind, value, high, qualifier, unit, text, start, end) of every figure
        bound to an indicator in one sentence; start/end within the sentence."""
        if not _FIGURE.search(sentence):
            return []  # a clause's figures are the sentence's: without one there is nothing to read
        occurrences = self._names(sentence)
        if not occurrences:
            return []
        out = []
        pos = 0
        k = 0  # the occurrences are in text order, and so are the clauses: one walk pairs them
        for clause in _CLAUSE_CUTS.split(sentence):
            start, pos = pos, pos + len(clause) + 1
            end = start + len(clause)
            while k < len(occurrences) and occurrences[k][0] < start:
                k += 1  # a name across the cut before this clause belongs to neither
            first = k
            while k < len(occurrences) and occurrences[k][1] <= end:
                k += 1
            if k > first:
                names = [(a - start, b - start, cands) for a, b, cands in occurrences[first:k]]
                for r in self._read_clause(clause, names, sentence, year):
                    ind_id, kind, value, high, qual, unit, text, a, b = r
                    out.append((ind_id, kind, value, high, qual, unit, text, a + start, b + start))
        return out

    def _names(self, sentence: str) -> list[tuple[int, int, list[tuple[Indicator, Name]]]]:
        """Name occurrences (start, end, candidates) in text order; of overlapping ones the one
        reaching furthest wins (出庭应诉率 over 负责人出庭应诉), then the longest (综合纠错率 over 纠错率).

        Linear in the occurrences (after one sort): taken furthest-reaching first, the kept
        names do not overlap and each starts before the one kept before it, so a new name can
        only overlap the last one kept (the one that starts first)."""
        if not self.by_term:
            return []
        spans = sorted(((end + 1 - len(term), end + 1, term) for end, term in self.automaton.iter(sentence)),
                       key=lambda t: (-t[1], -(t[1] - t[0]), t[0]))
        kept: list[tuple[int, int, list[str]]] = []
        for a, b, term in spans:
            if not kept or b <= kept[-1][0]:
                kept.append((a, b, [term]))
            elif kept[-1][1] == b:
                kept[-1][2].append(term)  # ends with a longer name: stands for it too (出庭应诉 in 负责人出庭应诉)
        kept.reverse()  # into text order
        return [(a, b, [c for term in terms for c in self.by_term[term]]) for a, b, terms in kept]

    def _read_clause(self, clause: str, names: list, sentence: str, year: int | None) -> list:
        figures = list(_FIGURE.finditer(clause))
        if not figures:
            return []
        out = []
        said = words.Before(clause)
        respectively = clause.find(words.RESPECTIVELY)
        if respectively >= 0:
            out.extend(self._respectively(clause, said, names, figures, respectively, sentence, year))
        # figures are found once each, so only a pairing by 分别 can have read one already
        paired = {r[7] for r in out}
        seen = {(r[0], r[7]) for r in out}
        starts = [a for a, _, _ in names]
        ends = [b for _, b, _ in names]
        for m in figures:
            if m.start() in paired:
                continue
            fig = _figure(m)
            if fig is None:
                continue
            bound = self._bind(clause, names, starts, ends, m, fig, sentence)
            for k, ind in bound:
                reading = self._reading(clause, said, names[k], m, fig, ind, year)
                # one reading per indicator and figure, however many of its names were listed
                if reading is not None and (ind.id, m.start()) not in seen:
                    seen.add((ind.id, m.start()))
                    out.append(reading)
        return out

    def _candidates(self, cands, clause: str, sentence: str, fig: tuple) -> list[Indicator]:
        """The indicators a name occurrence can stand for, given the figure's unit."""
        value, high, qual, form, is_pp = fig
        out = []
        for ind, name in cands:
            if name.clause_has and not any(t in clause for t in name.clause_has):
                continue
            if name.sentence_has and not any(t in sentence for t in name.sentence_has):
                continue
            if name.clause_lacks and any(t in clause for t in name.clause_lacks):
                continue
            if qual == "words" and not name.whole:
                continue
            if is_pp:
                if ind.unit != "%":
                    continue
            elif form not in UNIT_FORMS[ind.unit]:
                continue
            if ind not in out:
                out.append(ind)
        return out

    def _bind(self, clause: str, names: list, starts: list[int], ends: list[int], m: re.Match, fig: tuple,
              sentence: str) -> list[tuple[int, Indicator]]:
        """The name occurrences (by position in `names`, whose `starts` and `ends` are in text
        order) a figure belongs to: the nearest name before it, and the names listed with it when
        the figure covers them all (均达100%)."""
        k = bisect.bisect_right(ends, m.start()) - 1
        if k >= 0:
            a, b, cands = names[k]
            gap = clause[b:m.start()]
            from_to = words.FROM_TO_GAP.fullmatch(gap)
            if from_to:  # 出庭应诉率从85%提高到100%: 100% belongs to the name before 从
                gap = from_to.group(1) + "到"
            # 报备率、报备及时率、规范率均达100%: a list of other rates may stand between
            listed = "、" in gap and words.LIST_ALL.search(gap) is not None and len(gap) <= 3 * MAX_GAP
            if (len(gap) <= MAX_GAP or listed) and not re.search(r"\d", gap):
                inds = self._candidates(cands, clause, sentence, fig)
                if inds:
                    if UNIT_FORMS[inds[0].unit] is not UNIT_FORMS["%"]:
                        # PART_LEAD ends at the name, and none of its words is longer than 2
                        if words.PART_GAP.search(gap) or words.PART_LEAD.search(clause, max(0, a - 2), a):
                            return []
                        if not (words.COUNT_GAP.fullmatch(gap) or words.CHANGE_GAP.search(gap) or words.GOAL_GAP.search(gap)):
                            return []
                    bound = [(k, inds[0])]
                    if words.LIST_ALL.search(gap) or fig[2] == "words":
                        # 公示率、全过程记录覆盖率、法制审核率均达100%: every rate listed before it.
                        j = k
                        while j > 0:
                            pa, pb, pc = names[j - 1]
                            between = clause[pb:names[j][0]]
                            if re.search(r"\d", between) or len(between) > MAX_GAP:
                                break
                            more = self._candidates(pc, clause, sentence, fig)
                            if more:
                                bound.insert(0, (j - 1, more[0]))
                            j -= 1
                    return bound
            return []
        # A count written before the name: 办理13件行政复议案件.
        k = bisect.bisect_left(starts, m.end())
        if k < len(names) and fig[3] != "%" and fig[2] != "words":
            a, b, cands = names[k]
            if a - m.end() <= 1 and clause[m.end():a] in ("", "的"):
                inds = self._candidates(cands, clause, sentence, fig)
                if inds:
                    return [(k, inds[0])]
        return []

    def _respectively(self, clause: str, said: words.Before, names: list, figures: list, at: int, sentence: str,
                      year: int | None) -> list:
        """A率、B率分别为92.7%、98.7%: pair the names before 分别 with the figures after it, in order."""
        after = [m for m in figures if m.start() >= at]
        first = _figure(after[0]) if after else None
        if first is None:
            return []
        # only the names that can take such a figure: 败诉率 and 纠错率, not 行政诉讼案件 before them
        before = [k for k, (a, b, c) in enumerate(names) if b <= at and self._candidates(c, clause, sentence, first)]
        if len(before) < 2 or len(before) != len(after):
            return []
        out = []
        for k, m in zip(before, after):
            fig = _figure(m)
            if fig is None:
                return []
            inds = self._candidates(names[k][2], clause, sentence, fig)
            if not inds:
                return []
            reading = self._reading(clause, said, names[k], m, fig, inds[0], year)
            if reading is not None:
                out.append(reading)
        return out

    def _reading(self, clause: str, said: words.Before, name: tuple, m: re.Match, fig: tuple, ind: Indicator,
                 year: int | None = None):
        value, high, qual, form, is_pp = fig
        a, b, _ = name
        gap = clause[b:m.start()] if b <= m.start() else ""
        here = m.start()  # the clause before the figure ends here (`said` knows what it says)
        kind = "value"
        if is_pp or (words.CHANGE_GAP.search(gap) and not words.CHANGE_TO.search(gap.rstrip())):
            kind = "change"
        if words.after_from(clause, here) and words.FROM_TO_AFTER.match(clause, m.end()):
            kind = "previous"
        elif kind == "value" and said.earlier(here, year):
            kind = "previous"  # 上年出庭应诉率85%, 2016年以来累计… in a 2022 report
        if words.GOAL_GAP.search(gap) or said.has(words.GOAL_LEAD, min(a, here)):
            kind = "goal"
        if said.has(words.AVERAGE, here):
            return None  # 全市平均出庭应诉率90%: a wider area's figure, not the report's
        if qual == "words" and not said.has(words.DONE, here) and kind == "value":
            return None  # 推动法律顾问全覆盖: not done yet, and not a figure to keep
        unit = "个百分点" if is_pp else ind.unit
        factor = 1.0 if is_pp else UNIT_FORMS[ind.unit][form]
        if qual == "" and words.ABOUT.search(clause, max(0, here - 2), here):  # none of its words is longer than 2
            qual = "about"
        if qual == "" and words.AT_LEAST.match(clause, m.end()):
            qual = "at_least"
        return (ind.id, kind, value * factor, None if high is None else high * factor, qual, unit, m.group(), m.start(), m.end())


def _float(text: str) -> float:
    return float(text.replace(",", ""))


def _figure(m: re.Match) -> tuple[float, float | None, str, str, bool] | None:
    """(value, high, qualifier, unit as written, is percentage points) of one figure match."""
    g = m.groupdict()
    if g["pp"] is not None:
        return _float(g["pp"]), None, "", "%", True
    if g["lo"] is not None:
        lo, hi = _float(g["lo"]), _float(g["hi"])
        return (lo, hi, "range", "%", False) if lo <= hi else None
    if g["pct"] is not None:
        return _float(g["pct"]), None, "", "%", False
    if g["cnpct"] is not None:
        v = 100.0 if g["cnpct"] == "百" else chinese_numeral(g["cnpct"])
        return None if v is None else (v, None, "", "%", False)
    if g["n"] is not None:
        scale = {"万": 10000.0, "亿": 100000000.0}.get(g["wan"] or "", 1.0)  # 64.71万件
        return _float(g["n"]) * scale, None, "at_least" if g["more"] else "", g["u"], False
    if g["cn"] is not None:
        v = chinese_numeral(g["cn"])
        return None if not v else (v, None, "at_least" if g["cmore"] else "", g["cu"], False)
    return 100.0, None, "words", "%", False


def _place(r: tuple, index: int, offset: int, quote: str, role: str) -> Reading:
    ind_id, kind, value, high, qual, unit, text, a, b = r
    if role == "plans" and kind == "value":
        kind = "goal"  # everything in a plans section is a goal
    return Reading(indicator=ind_id, kind=kind, value=value, high=high, qualifier=qual, unit=unit, text=text,
                   sentence=index, start=offset + a, end=offset + b, quote=quote, role=role)


def verdict(ind: Indicator, value: Reading | None) -> str:
    """met / not_met against the target; reported when there is no target; not_reported."""
    if value is None:
        return "not_reported"
    t = ind.target
    if t is None:
        return "reported"
    low = value.value
    high = value.high if value.high is not None else value.value
    if t.min is not None and low < t.min:
        return "not_met"
    if t.max is not None and (high > t.max or value.qualifier == "at_least"):
        return "not_met"
    return "met"


def evaluate(extractor: Extractor, norm: NormalizedText, seg: Segmentation,
             year: int | None = None) -> tuple[IndicatorResult, ...]:
    """Every declared indicator for one report on `year`, in declaration order."""
    readings = extractor.read(norm, seg, year)
    by_id: dict[str, list[Reading]] = {}
    for r in readings:
        by_id.setdefault(r.indicator, []).append(r)
    out = []
    for ind in extractor.indicators:
        mine = tuple(by_id.get(ind.id, ()))
        values = [r for r in mine if r.kind == "value"]
        value = values[0] if values else None
        out.append(IndicatorResult(indicator=ind, value=value, verdict=verdict(ind, value), readings=mine))
    return tuple(out)


def read_text(extractor: Extractor, sentence: str) -> list[tuple[str, str, float]]:
    """(indicator id, kind, value) read from one sentence, normalised as a report is
    (so ，and ％ are as good as , and %) and taken as reported work; for examples and tests."""
    from . import normalize

    text = normalize.normalize(sentence).text
    return [(r[0], r[1], r[2]) for r in extractor.read_sentence(text)]
