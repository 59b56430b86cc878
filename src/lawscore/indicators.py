"""Quantitative indicators: declared as data, read from a report's sentences, checked against targets.

Supervisors compare jurisdictions by a handful of figures (出庭应诉率, 纠错率, 败诉率, 行政复议案件数 …).
`checklists/indicators/*.yaml` declares them (validated against indicators.schema.json): how
reports name each one, its unit, its outline section and, where a source supports one, a target.
This module names no indicator; it knows only the grammar of figures in Chinese reports:

- a figure binds to the indicator named nearest before it in the same clause (between commas,
  semicolons and full stops), if the units agree: 直接纠错率18.4%,综合纠错率34.7%;
- lists: A率、B率均达100% gives both 100; A率、B率分别为92.7%、98.7% pairs them in order;
- ranges (90%—95%), 以上/余 (at least), Chinese numerals (一百二十件, 百分之九十五) and words
  (实现法律顾问全覆盖 → 100%);
- a goal is not a value: 应达到100%, 力争, 确保, 不低于 …, and every figure in a plans section;
- a change is not a value: 同比上升3个百分点, 较上年下降2%.

Extraction is cheap: one Aho-Corasick pass over the body finds the sentences that name an
indicator, and only those are read with one compiled figure pattern.
"""
from __future__ import annotations

import bisect
import functools
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import ahocorasick

from .errors import ChecklistError, Problem
from .model import NormalizedText, Segmentation
from .yamlload import LineDict, YamlError, load_yaml

FOLDER = "indicators"  # inside the checklists folder: checklists/indicators/*.yaml

VERDICTS = ("met", "not_met", "not_reported", "reported")
VERDICT_LABELS = {"met": "达标", "not_met": "未达标", "not_reported": "未报告", "reported": "已报告(无目标)"}
VERDICT_SYMBOLS = {"met": "✓", "not_met": "✗", "not_reported": "?", "reported": "·"}

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
_LIST_ALL = re.compile(r"均|都|全部")
_RESPECTIVELY = "分别"
# Between an indicator's name and a figure: the figure is a goal or requirement …
_GOAL_GAP = re.compile(r"应(?![用急对诉])|须|需|要|力争|确保|争取|不低于|不得低于|不少于|不高于|不超过|不得超过|"
                       r"控制在|目标|计划|预计|将(?!近)|力求|努力")
# … or anywhere before the name in its clause.
_GOAL_LEAD = re.compile(r"力争|确保|争取|目标|要求|计划|预计|力求|努力|推动|推进|将(?!军)|应当达到|应达到")
# … a change from an earlier value, unless it says what the value became (提高到95%).
_CHANGE_GAP = re.compile(r"同比|环比|较上年|较去年|比上年|比去年|较上一年|较20\d\d年|比20\d\d年|增长|增加|上升|"
                         r"提高|提升|下降|减少|降低|增幅|降幅|回落")
_CHANGE_TO = re.compile(r"(?:到|至|为|达)$")
# 从85%提高到100%: the first figure is the earlier value, the second the value.
_FROM = re.compile(r"(?:从|由)\s*$")
_FROM_TO_AFTER = re.compile(r"\s*(?:提高|提升|上升|下降|降低|增加|减少|增长|降|升)?(?:到|至)")
_FROM_TO_GAP = re.compile(r"(.*?)(?:从|由)[^,;]{1,12}?(?:提高|提升|上升|下降|降低|增加|减少|增长|降|升)?(?:到|至)\s*")
# Between a count's name and the figure: the count is of a part, not of the whole.
_PART_GAP = re.compile(r"其中|调撤|撤回|办结|审结|结案|维持|驳回|撤销|纠错|纠正|败诉|胜诉|不予|终止|涉及|人数|金额|"
                       r"出具|意见书|建议书")
# Between a count's name and its figure only counting words may stand (共计, 达, 为 …): 行政复议
# 工作会议3次 or 行政复议案卷评查20件 count something else.
_COUNT_GAP = re.compile(r"(?:共|共计|合计|总计|累计|计|达|达到|为|是|有|共有|约|近|将近|接近|\s)*")
# Just before a count's name: the count is of the cases so handled, not the caseload (化解行政诉讼案件26件).
_PART_LEAD = re.compile(r"(?:化解|审结|办结|结案|调撤|撤回|胜诉|败诉|纠错|纠正|撤销|维持|驳回|协调)$")
# A clause about an earlier year: 上年…, or a year other than the report's (2021年… in a 2022 report).
_PRIOR = re.compile(r"上年|去年|上一年|前一年|上年度")
_YEAR = re.compile(r"(20\d\d)年")
_DONE = re.compile(r"实现|已|均|做到|达到|全部|基本")
_AT_LEAST = re.compile(r"^\s*(?:以上|及以上)")
_ABOUT = re.compile(r"(?:近|约|接近|将近)$")
MAX_GAP = 12  # characters between a name and its figure (three times that across a list ending in 均)
_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_POWERS = {"十": 10, "百": 100, "千": 1000}


# ---------------------------------------------------------------- declarations


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

    def target_label(self) -> str:
        """≥100% / ≤5% / "" when there is no target."""
        t = self.target
        if t is None:
            return ""
        parts = []
        if t.min is not None:
            parts.append(f"≥{number_label(t.min)}{self.unit}")
        if t.max is not None:
            parts.append(f"≤{number_label(t.max)}{self.unit}")
        return "且".join(parts)


# ---------------------------------------------------------------- readings


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


@dataclass(frozen=True)
class IndicatorResult:
    """One indicator in one report: the value it reports (if any), the verdict, every reading."""

    indicator: Indicator
    value: Reading | None
    verdict: str  # one of VERDICTS
    readings: tuple[Reading, ...]


def number_label(x: float) -> str:
    """4.48 → "4.48", 100.0 → "100": as a report writes it."""
    return f"{x:.4f}".rstrip("0").rstrip(".") if x != int(x) else str(int(x))


def plain_number(x: float) -> int | float:
    """An integer where the value is whole, so JSON and spreadsheets show 100, not 100.0."""
    return int(x) if x == int(x) and abs(x) < 1e15 else round(x, 6)


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


# ---------------------------------------------------------------- loading


@functools.lru_cache(maxsize=1)
def schema() -> dict:
    text = resources.files("lawscore").joinpath("indicators.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def discover(checklists_folder: Path | str) -> list[Path]:
    """The indicator files of a checklists folder (its `indicators/` subfolder), sorted."""
    folder = Path(checklists_folder) / FOLDER
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.y*ml") if p.suffix in (".yaml", ".yml"))


def _where(path) -> str:
    parts = list(path)[2:] if len(path) >= 2 and path[0] == "indicators" else list(path)
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


def _id_at(data, path) -> str:
    path = list(path)
    if len(path) >= 2 and path[0] == "indicators" and isinstance(path[1], int):
        entries = data.get("indicators")
        if isinstance(entries, list) and path[1] < len(entries) and isinstance(entries[path[1]], dict):
            return str(entries[path[1]].get("id", f"indicators[{path[1]}]"))
        return f"indicators[{path[1]}]"
    return ""


def _terms(value) -> tuple[str, ...]:
    return tuple(str(v) for v in value or ())


def _name(entry, whole: bool = False) -> Name:
    if isinstance(entry, str):
        return Name(entry, whole=whole)
    return Name(str(entry["term"]), _terms(entry.get("clause_has")), _terms(entry.get("sentence_has")),
                _terms(entry.get("clause_lacks")), whole=whole)


def parse(text: str, path: str) -> tuple[tuple[Indicator, ...], list[Problem]]:
    """The indicators declared in one file's text, and every problem found in it."""
    from . import checklist as checklist_mod

    try:
        data = load_yaml(text)
    except YamlError as exc:
        return (), [Problem(path, exc.line, "", exc.message)]
    if not isinstance(data, LineDict):
        return (), [Problem(path, getattr(data, "line", 1), "",
                            "an indicators file must be a mapping of field: value; start with 'id:', 'title:' and 'indicators:'")]
    import jsonschema

    problems: list[Problem] = []
    validator = jsonschema.Draft202012Validator(schema())
    for error in sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]):
        epath = list(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            extra = [k for k in error.instance if k not in error.schema.get("properties", {})]
            if extra:
                epath = epath + [extra[0]]
        message = checklist_mod._schema_message(error)
        if error.validator == "anyOf":
            message = "a name is a text or a mapping with term (and clause_has, sentence_has); write one of those"
        where = _where(error.absolute_path)
        problems.append(Problem(path, checklist_mod._line_at(data, epath), _id_at(data, error.absolute_path),
                                f"{where}: {message}" if where else message))
    if problems:
        return (), problems

    out: list[Indicator] = []
    seen: dict[str, int] = {}
    for raw in data["indicators"]:
        ind_id, line = str(raw["id"]), raw.line
        if ind_id in seen:
            problems.append(Problem(path, line, ind_id, f"duplicate id (first used on line {seen[ind_id]}); give each indicator its own id"))
        seen.setdefault(ind_id, line)
        section = raw.get("section")
        if section is not None and not 4 <= section <= 35:
            problems.append(Problem(path, raw.line_of("section"), ind_id,
                                    f"section {section} is not a work section of the 2021-2025 outline; use 4-35"))
        names = [_name(entry) for entry in raw["names"]]
        whole = [_name(entry, whole=True) for entry in raw.get("whole") or ()]
        unit = str(raw["unit"])
        if whole and unit != "%":
            problems.append(Problem(path, raw.line_of("whole"), ind_id,
                                    f'whole: only a rate reads 全覆盖 as 100%, and this unit is "{unit}"; remove whole or use unit "%"'))
        names.extend(whole)
        target = None
        if "target" in raw:
            traw = raw["target"]
            lo, hi = traw.get("min"), traw.get("max")
            if lo is None and hi is None:
                problems.append(Problem(path, raw.line_of("target"), ind_id, "target: give min, max or both; or remove target"))
            elif lo is not None and hi is not None and lo > hi:
                problems.append(Problem(path, raw.line_of("target"), ind_id, f"target: min {lo} is above max {hi}; swap them"))
            elif unit == "%" and any(v is not None and not 0 <= v <= 100 for v in (lo, hi)):
                problems.append(Problem(path, raw.line_of("target"), ind_id, "target: a rate lies between 0 and 100; fix the number"))
            target = Target(None if lo is None else float(lo), None if hi is None else float(hi), str(traw["source"]))
        examples = tuple((str(e["text"]), None if e["value"] is None else float(e["value"])) for e in raw["examples"])
        out.append(Indicator(
            id=ind_id, name=str(raw["name"]), unit=unit, section=section, names=tuple(names), target=target,
            note=str(raw.get("note", "")).strip(), examples=examples, path=path, line=line,
        ))
    return (tuple(out) if not problems else ()), problems


def load_files(paths: list[Path]) -> tuple[Indicator, ...]:
    """Every indicator declared in `paths`; raise ChecklistError listing every problem."""
    problems: list[Problem] = []
    found: list[Indicator] = []
    for path in paths:
        shown = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except UnicodeDecodeError:
            problems.append(Problem(shown, 0, "", "the file is not UTF-8 text; save it as UTF-8"))
            continue
        except OSError as exc:
            problems.append(Problem(shown, 0, "", f"cannot read the file ({exc.strerror or exc})"))
            continue
        indicators, found_problems = parse(text, shown)
        problems.extend(found_problems)
        found.extend(indicators)
    first: dict[str, Indicator] = {}
    for ind in found:
        if ind.id in first:
            problems.append(Problem(ind.path, ind.line, ind.id,
                                    f"id already declared in {first[ind.id].path}:{first[ind.id].line}; give each indicator its own id"))
        first.setdefault(ind.id, ind)
    if problems:
        raise ChecklistError(problems)
    return tuple(found)


def load(checklists_folder: Path | str) -> tuple[Indicator, ...]:
    """The indicators declared in a checklists folder (none when it has no indicators/ subfolder)."""
    return load_files(discover(checklists_folder))


# ---------------------------------------------------------------- extraction


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
        for clause in _CLAUSE_CUTS.split(sentence):
            start, pos = pos, pos + len(clause) + 1
            names = [(a - start, b - start, cands) for a, b, cands in occurrences if a >= start and b <= start + len(clause)]
            if names:
                for r in self._read_clause(clause, names, sentence, year):
                    ind_id, kind, value, high, qual, unit, text, a, b = r
                    out.append((ind_id, kind, value, high, qual, unit, text, a + start, b + start))
        return out

    def _names(self, sentence: str) -> list[tuple[int, int, list[tuple[Indicator, Name]]]]:
        """Name occurrences (start, end, candidates); of overlapping ones the one reaching
        furthest wins (出庭应诉率 over 负责人出庭应诉), then the longest (综合纠错率 over 纠错率)."""
        if not self.by_term:
            return []
        spans = sorted(((end + 1 - len(term), end + 1, term) for end, term in self.automaton.iter(sentence)),
                       key=lambda t: (-t[1], -(t[1] - t[0]), t[0]))
        kept: list[tuple[int, int, list[str]]] = []
        for a, b, term in spans:
            clash = [k for k in kept if not (b <= k[0] or a >= k[1])]
            if not clash:
                kept.append((a, b, [term]))
            elif clash[0][1] == b:
                clash[0][2].append(term)  # ends with a longer name: stands for it too (出庭应诉 in 负责人出庭应诉)
        kept.sort()
        return [(a, b, [c for term in terms for c in self.by_term[term]]) for a, b, terms in kept]

    def _read_clause(self, clause: str, names: list, sentence: str, year: int | None) -> list:
        figures = [m for m in _FIGURE.finditer(clause)]
        if not figures:
            return []
        out = []
        respectively = clause.find(_RESPECTIVELY)
        if respectively >= 0:
            out.extend(self._respectively(clause, names, figures, respectively, sentence, year))
        for m in figures:
            if any(m.start() >= a and m.end() <= b for _, _, _, _, _, _, _, a, b in out):
                continue
            fig = _figure(m)
            if fig is None:
                continue
            bound = self._bind(clause, names, m, fig, sentence)
            for k, ind in bound:
                reading = self._reading(clause, names[k], m, fig, ind, year)
                # one reading per indicator and figure, however many of its names were listed
                if reading is not None and not any(r[0] == ind.id and r[7] == m.start() for r in out):
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

    def _bind(self, clause: str, names: list, m: re.Match, fig: tuple, sentence: str) -> list[tuple[int, Indicator]]:
        """The name occurrences (by position in `names`) a figure belongs to: the nearest name
        before it, and the names listed with it when the figure covers them all (均达100%)."""
        before = [k for k, (a, b, _) in enumerate(names) if b <= m.start()]
        if before:
            k = before[-1]
            a, b, cands = names[k]
            gap = clause[b:m.start()]
            from_to = _FROM_TO_GAP.fullmatch(gap)
            if from_to:  # 出庭应诉率从85%提高到100%: 100% belongs to the name before 从
                gap = from_to.group(1) + "到"
            # 报备率、报备及时率、规范率均达100%: a list of other rates may stand between
            listed = "、" in gap and _LIST_ALL.search(gap) is not None and len(gap) <= 3 * MAX_GAP
            if (len(gap) <= MAX_GAP or listed) and not re.search(r"\d", gap):
                inds = self._candidates(cands, clause, sentence, fig)
                if inds:
                    if UNIT_FORMS[inds[0].unit] is not UNIT_FORMS["%"]:
                        if _PART_GAP.search(gap) or _PART_LEAD.search(clause[:a]):
                            return []
                        if not (_COUNT_GAP.fullmatch(gap) or _CHANGE_GAP.search(gap) or _GOAL_GAP.search(gap)):
                            return []
                    bound = [(k, inds[0])]
                    if _LIST_ALL.search(gap) or fig[2] == "words":
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
        after = [k for k, (a, b, _) in enumerate(names) if a >= m.end()]
        if after and fig[3] != "%" and fig[2] != "words":
            k = after[0]
            a, b, cands = names[k]
            if a - m.end() <= 1 and clause[m.end():a] in ("", "的"):
                inds = self._candidates(cands, clause, sentence, fig)
                if inds:
                    return [(k, inds[0])]
        return []

    def _respectively(self, clause: str, names: list, figures: list, at: int, sentence: str, year: int | None) -> list:
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
            reading = self._reading(clause, names[k], m, fig, inds[0], year)
            if reading is not None:
                out.append(reading)
        return out

    def _reading(self, clause: str, name: tuple, m: re.Match, fig: tuple, ind: Indicator, year: int | None = None):
        value, high, qual, form, is_pp = fig
        a, b, _ = name
        gap = clause[b:m.start()] if b <= m.start() else ""
        lead = clause[:min(a, m.start())]
        kind = "value"
        if is_pp or (_CHANGE_GAP.search(gap) and not _CHANGE_TO.search(gap.rstrip())):
            kind = "change"
        if _FROM.search(clause[:m.start()]) and _FROM_TO_AFTER.match(clause, m.end()):
            kind = "previous"
        elif kind == "value" and _earlier(clause[:m.start()], year):
            kind = "previous"  # 上年出庭应诉率85%, 2016年以来累计… in a 2022 report
        if _GOAL_GAP.search(gap) or _GOAL_LEAD.search(lead):
            kind = "goal"
        if "平均" in clause[:m.start()]:
            return None  # 全市平均出庭应诉率90%: a wider area's figure, not the report's
        if qual == "words" and not _DONE.search(clause[:m.start()]) and kind == "value":
            return None  # 推动法律顾问全覆盖: not done yet, and not a figure to keep
        unit = "个百分点" if is_pp else ind.unit
        factor = 1.0 if is_pp else UNIT_FORMS[ind.unit][form]
        if qual == "" and _ABOUT.search(clause[:m.start()]):
            qual = "about"
        if qual == "" and _AT_LEAST.search(clause[m.end():]):
            qual = "at_least"
        return (ind.id, kind, value * factor, None if high is None else high * factor, qual, unit, m.group(), m.start(), m.end())


def _earlier(before: str, year: int | None) -> bool:
    """Whether the clause before a figure puts it in another year than the one reported on."""
    if _PRIOR.search(before):
        return True
    return year is not None and any(int(y) != year for y in _YEAR.findall(before))


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


def is_indicator_file(path: Path | str) -> bool:
    """Whether `lawscore validate` should read this file as indicator declarations."""
    return Path(path).parent.name == FOLDER


def example_problems(declared: tuple[Indicator, ...]) -> list[Problem]:
    """Every example sentence that does not read as its declaration says."""
    extractor = Extractor(declared)
    out = []
    for ind in declared:
        for text, want in ind.examples:
            got = [v for i, kind, v in read_text(extractor, text) if i == ind.id and kind == "value"]
            have = got[0] if got else None
            if have != want:
                shown = "no value" if have is None else number_label(have)
                wanted = "no value" if want is None else number_label(want)
                out.append(Problem(ind.path, ind.line, ind.id,
                                   f'example "{text}" reads {shown}, expected {wanted}; change names or the example'))
    return out
