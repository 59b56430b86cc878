"""Tools for checklist authors: run every item's and every indicator's example sentences and say which misbehave."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from . import figures, match, normalize, score, segment
from .errors import Problem
from .labels import number_label, status_label
from .model import Checklist, Indicator, Item, Segmentation
from .wording import admit

WORK = ("met", "partial")
# The guide asks for at least this many sentences that must match and that must not.
MIN_EXAMPLES = 2
# A sentence about next year's work: the segmenter's plan cues, and a year followed by 将
# (2025年将…, 2025年全县将…) which it reads as a plan only after a comma.
_PLAN_YEAR = re.compile(r"^20\d\d年度?[,，]?[^,，。;；]{0,20}?将")


@dataclass(frozen=True)
class ExampleOutcome:
    item: Item
    sentence: str
    should_match: bool
    status: str  # what the engine judged the sentence alone

    @property
    def matched(self) -> bool:
        """Whether the sentence counts as evidence for the item."""
        if self.item.expect == "achievements":
            return self.status in WORK
        return self.status == "met"

    @property
    def ok(self) -> bool:
        return self.matched == self.should_match


def run_examples(checklist: Checklist, matcher: match.Matcher | None = None) -> list[ExampleOutcome]:
    """Judge every example sentence of every item, in checklist order."""
    matcher = matcher or match.Matcher(checklist)
    out = []
    for item in checklist.items:
        for sentence in item.should_match:
            out.append(ExampleOutcome(item, sentence, True, judge_example(matcher, item.id, sentence)))
        for sentence in item.should_not_match:
            out.append(ExampleOutcome(item, sentence, False, judge_example(matcher, item.id, sentence)))
    return out


def example_problems(checklist: Checklist, outcomes: list[ExampleOutcome]) -> list[Problem]:
    """A Problem for every example that does not behave."""
    problems = []
    for o in outcomes:
        if o.ok:
            continue
        where = o.item.path or checklist.path
        if o.should_match:
            problems.append(Problem(where, o.item.line, o.item.id,
                                    f'例句 "{o.sentence}" 应匹配,但判为“{status_label(o.status, o.item.expect)}”; '
                                    "把它用的词加进模式,或换一个例句"))
        else:
            problems.append(Problem(where, o.item.line, o.item.id,
                                    f'例句 "{o.sentence}" 不应匹配,但判为“{status_label(o.status, o.item.expect)}”; '
                                    "收窄模式(all_of、none_of),或换一个例句"))
    return problems


# What an item that checks the report's metadata instead of its text checks, in words.
CHECK_LABELS = {"on_time": "发布日期是否按时"}


def example_table(checklist: Checklist, shown: str) -> tuple[list[str], bool]:
    """What `lawscore test` prints for one checklist file (`shown` names it): a line per item,
    its failing examples, and the confusion matrix of all its examples; and whether it passes."""
    outcomes = run_examples(checklist)
    lines = [f"{shown}: {checklist.title}({len(checklist.items)} 个条目)"]
    passed = True
    by_item: dict[str, list[ExampleOutcome]] = {}
    for o in outcomes:
        by_item.setdefault(o.item.id, []).append(o)
    matrix = {"tp": 0, "fn": 0, "fp": 0, "tn": 0}
    for item in checklist.items:
        found = by_item.get(item.id, [])
        bad = [o for o in found if not o.ok]
        for o in found:
            key = ("tp" if o.ok else "fn") if o.should_match else ("tn" if o.ok else "fp")
            matrix[key] += 1
        if item.check:
            lines.append(f"  通过   {item.id}: 检查报告的{CHECK_LABELS.get(item.check, item.check)}(不需要例句)")
            continue
        if not item.should_match or not item.should_not_match:
            passed = False
            lines.append(f"  不通过 {item.id}: 至少需要一句应匹配的例句和一句不应匹配的例句")
            continue
        mark = "通过  " if not bad else "不通过"
        lines.append(f"  {mark} {item.id}: {len(found)} 个例句中 {len(found) - len(bad)} 个符合预期")
        for o in bad:
            passed = False
            want = "应匹配" if o.should_match else "不应匹配"
            lines.append(f"         {want},但判为“{status_label(o.status, o.item.expect)}”: {o.sentence}")
    lines.append(f"  应匹配的例句: {matrix['tp']} 句匹配,{matrix['fn']} 句漏判;"
                 f"不应匹配的例句: {matrix['tn']} 句未匹配,{matrix['fp']} 句误判")
    return lines, passed


def _is_plan(sentence: str) -> bool:
    text = sentence.strip()
    return segment.PLAN_CUE.search(text) is not None or _PLAN_YEAR.match(text) is not None


def example_warnings(checklist: Checklist) -> list[Problem]:
    """What `lawscore validate` warns about but lets pass: a plan sentence among an item's
    examples that must match (evidence of work done is never a plan), and fewer examples of
    either kind than the guide asks for."""
    warnings = []
    for item in checklist.items:
        if item.check:
            continue  # an item that checks metadata has no examples
        where = item.path or checklist.path
        if item.expect != "plans":
            for sentence in item.should_match:
                if _is_plan(sentence):
                    warnings.append(Problem(where, item.line, item.id,
                                            f'应匹配的例句 "{sentence}" 是计划(下一步、20XX年将…),不是做了的工作; '
                                            "换成一句已做工作的句子,或把它移到 no_match"))
        for kind, examples in (("match", item.should_match), ("no_match", item.should_not_match)):
            if len(examples) < MIN_EXAMPLES:
                warnings.append(Problem(where, item.line, item.id,
                                        f"examples.{kind} 只有 {len(examples)} 句; 指南要求至少 {MIN_EXAMPLES} 句,请补足"))
    return warnings


def judge_example(matcher: match.Matcher, item_id: str, sentence: str) -> str:
    """The status one item gets from a single example sentence read as reported work.

    The sentence is placed under an achievements heading (一、工作成效), normalised, segmented
    and matched like a report, so a plan (下一步,将…) or a slogan is judged as it would be in
    a real report. Returns one of model.STATUSES (never not_applicable).
    """
    norm = normalize.normalize("一、工作成效\n" + sentence)
    seg = segment.segment(norm)
    evidence = match.find_evidence(matcher, norm.text, seg)
    ci = next((c for c in matcher.items if c.item.id == item_id), None)
    if ci is None:
        raise KeyError(item_id)
    status, _ = score.item_status(ci.item.expect, ci.item.require_concrete, evidence.get(item_id, []))
    return status


def indicator_example_problems(declared: tuple[Indicator, ...]) -> list[Problem]:
    """A Problem for every example sentence of an indicator that does not read as its declaration says."""
    extractor = figures.Extractor(declared)
    out = []
    for ind in declared:
        for text, want in ind.examples:
            got = [v for i, kind, v in figures.read_text(extractor, text) if i == ind.id and kind == "value"]
            have = got[0] if got else None
            if have != want:
                shown = "无数值" if have is None else number_label(have)
                wanted = "无数值" if want is None else number_label(want)
                out.append(Problem(ind.path, ind.line, ind.id,
                                   f'例句 "{text}" 读出 {shown},应为 {wanted}; 请修改名称(names)或例句'))
    return out


# How many sentences `lawscore explain` shows that hold an item's words but were not taken.
MAX_MISSES = 8


def _pattern_miss(cp: match.CompiledPattern, present: set[int], text: str, term: Callable[[int], str]) -> str | None:
    """Why pattern `cp` does not hold on the admitted terms `present` of `text`; None when it holds."""
    def names(ids) -> str:
        return "、".join(sorted(term(t) for t in ids))
    if cp.none_of & present:
        return f"含有排除的词({names(cp.none_of & present)})"
    if cp.any_of and not cp.any_of & present:
        return f"没有这些词中的任何一个: {names(cp.any_of)}"
    for group in cp.all_of:
        if not group & present:
            return f"缺少这一组中的词: {names(group)}"
    if cp.regex is not None and not cp.regex.search(text):
        return f"不符合正则表达式 {cp.regex.pattern}"
    return None


def misses(checklist: Checklist, item_id: str, seg: Segmentation, taken: set[int]) -> list[str]:
    """Lines for `lawscore explain`: the sentences of `seg` (not in `taken`) that hold words
    item `item_id` looks for, each with why it was not taken: a heading, a word dropped where
    it stands (wording.admit.DROPPED), the condition of each pattern that fails, or, when a
    pattern holds, the section the sentence went to instead."""
    matcher = match.Matcher(checklist)
    ci = next(c for c in matcher.items if c.item.id == item_id)
    wanted = ci.terms  # the words the item looks for (its none_of words are not looked for)
    looked_at = wanted.union(*(cp.none_of for cp in ci.patterns))
    term = matcher.terms.__getitem__
    automaton = matcher.vocabulary.automaton
    assessed: dict[int, tuple] = {}
    admitted: dict[int, tuple[set[int], dict[int, str]]] = {}

    def hits(text: str) -> list:
        return [h for h in automaton.iter(text) if h[1][0] in looked_at] if text and matcher.terms else []

    def read(si: int) -> set[int]:
        """The item's terms sentence si holds as reported work (and why the others were dropped)."""
        if si not in admitted:
            why: dict[int, str] = {}
            found = hits(seg.sentences[si].text)
            admitted[si] = (admit.admit(seg.sentences[si], found, assessed, why) if found else set(), why)
        return admitted[si][0]

    # the sentences holding most of the looked-for words first: those a reader expected taken
    held = {s.index: len({h[1][0] for h in hits(s.text)} & wanted) for s in seg.sentences if s.index not in taken}
    candidates = sorted((s for s in seg.sentences if held.get(s.index)), key=lambda s: (-held[s.index], s.index))
    lines: list[str] = []
    for s in candidates[:MAX_MISSES]:
        lines.append(f"- 第{s.index + 1}句 未采用: 「{s.text}」")
        if s.heading and not ci.item.in_headings:
            lines.append("  原因: 这是标题; 标题本身不作为证据")
            continue
        present = read(s.index)
        for tid, why in sorted(admitted[s.index][1].items(), key=lambda kv: term(kv[0])):
            lines.append(f"  「{term(tid)}」不算: {admit.DROPPED[why]}")
        holds = None
        for n, cp in enumerate(ci.patterns, 1):
            if cp.pattern.within == "paragraph":
                para = [x.index for x in seg.sentences if x.paragraph == s.paragraph]
                scope = set().union(*(read(si) for si in para))
                miss = _pattern_miss(cp, scope, seg.paragraphs[s.paragraph].text, term)
                where = "(按段落)"
                if miss is None and not present & cp.any_of.union(*cp.all_of):
                    miss = "这一段符合,但这句里这个模式的词都不算(见上)"
            else:
                miss = _pattern_miss(cp, present, s.text, term)
                where = ""
            if miss is None:
                holds = n
                break
            lines.append(f"  模式{n}{where}: {miss}")
        if holds is not None and ci.section is not None:
            lines.append(f"  模式{holds}符合,但这句话的证据记入了同一句里更具体的另一节"
                         "(一句话只记入它最具体的一节,另一节须有自己的词)")
    if len(candidates) > MAX_MISSES:
        lines.append(f"另有{len(candidates) - MAX_MISSES}句含有查找的词,未一一列出")
    return lines
