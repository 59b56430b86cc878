"""Find evidence for checklist items in a segmented report.

All literal terms of a checklist go into one Aho-Corasick automaton and the report body is
scanned once. Pattern conditions (all_of, any_of, none_of, regex) are then checked per sentence
or paragraph on the set of terms found there; a regex runs only where the terms already hold.
Each hit is judged for concreteness (concrete.py) so the scorer can tell work from slogans.
"""
from __future__ import annotations

import bisect
import functools
import logging
import re
from dataclasses import dataclass

import ahocorasick
import regex

from . import concrete, fastre
from .model import Checklist, Evidence, Item, Pattern, Segmentation, Sentence

log = logging.getLogger(__name__)

# A checklist regex that runs longer than this on one sentence or paragraph is abandoned.
REGEX_TIMEOUT = 0.2
# Checklist regular expressions abandoned after REGEX_TIMEOUT, with how often, since the caller
# last cleared it: pipeline.evaluate_document turns them into warnings on the report's scorecard.
regex_timeouts: dict[str, int] = {}
_LEAD_MAX = 24  # a sentence this short that opens a point (一是强化责任落实。) borrows from the next


@dataclass(frozen=True)
class CompiledPattern:
    pattern: Pattern
    all_of: tuple[frozenset[int], ...]
    any_of: frozenset[int]
    none_of: frozenset[int]
    regex: regex.Pattern | None


@dataclass(frozen=True)
class CompiledItem:
    item: Item
    patterns: tuple[CompiledPattern, ...]
    # Worked out once per checklist, not per report: each pattern with the ids of all its
    # terms, whether it reads whole paragraphs, and whether any one of its terms is enough
    # (any_of alone: no all_of, none_of or regex); and every term id of the item.
    plan: tuple[tuple[CompiledPattern, frozenset[int], bool, bool], ...] = ()
    terms: frozenset[int] = frozenset()


class Vocabulary:
    """The literal terms of one or more checklists, in one Aho-Corasick automaton.

    The checklists that score one report (an outline and the reporting rules) share one
    vocabulary, so the report is scanned once and each term occurrence is judged once (see
    admitted_terms), however many checklists read the result. A term's id is its place in
    `terms`, in the order the checklists and their items first name it.
    """

    def __init__(self, checklists: tuple[Checklist, ...]) -> None:
        self.terms: list[str] = []
        self.index: dict[str, int] = {}
        for checklist in checklists:
            for item in checklist.items:
                for p in item.patterns:
                    for group in (*p.all_of, p.any_of, p.none_of):
                        for t in group:
                            if t not in self.index:
                                self.index[t] = len(self.terms)
                                self.terms.append(t)
        self.automaton = ahocorasick.Automaton()
        for term, i in self.index.items():
            self.automaton.add_word(term, (i, len(term)))
        if self.terms:
            self.automaton.make_automaton()

    def ids(self, terms) -> frozenset[int]:
        """The ids of `terms`, all of which must be in the vocabulary (KeyError otherwise)."""
        return frozenset(self.index[t] for t in terms)


class Matcher:
    """A checklist compiled for matching, its terms numbered by a Vocabulary: its own, or one
    it shares with the other checklists that score the same reports."""

    def __init__(self, checklist: Checklist, vocabulary: Vocabulary | None = None) -> None:
        self.checklist = checklist
        self.vocabulary = vocabulary = vocabulary or Vocabulary((checklist,))
        self.terms = vocabulary.terms
        ids = vocabulary.ids
        items = []
        for item in checklist.items:
            compiled = []
            for p in item.patterns:
                compiled.append(CompiledPattern(
                    pattern=p,
                    all_of=tuple(ids(g) for g in p.all_of),
                    any_of=ids(p.any_of),
                    none_of=ids(p.none_of),
                    regex=regex.compile(p.regex) if p.regex else None,
                ))
            plan = tuple((cp, cp.any_of.union(*cp.all_of), cp.pattern.within == "paragraph",
                          not (cp.all_of or cp.none_of or cp.regex is not None)) for cp in compiled)
            items.append(CompiledItem(item, tuple(compiled), plan, frozenset().union(*(p[1] for p in plan))))
        self.items = tuple(items)
        self._names: dict[frozenset[int], tuple[str, ...]] = {}

    def term_names(self, ids: set[int] | frozenset[int]) -> tuple[str, ...]:
        """The terms with these ids, sorted: what an evidence record lists."""
        key = frozenset(ids)
        names = self._names.get(key)
        if names is None:
            if len(self._names) > 100_000:  # bounded: a long batch must not grow without end
                self._names.clear()
            names = self._names[key] = tuple(sorted({self.terms[t] for t in key}))
        return names


_BASIS = re.compile(r"^[一二三四五六七八九十是,、\s]*(根据|按照|依据|依照|围绕|对照|遵照|在[^,，]{0,30}(指导|领导)下)")
# Framing inside a sentence, wherever it stands:
# - who led or guided the body: 在市委全面依法治市委员会办公室的悉心指导下;
# - who ran an evaluation the body was ranked in: 在省委依法治省办组织的第三方评估中;
# - the time of a measure: 在疫情防控期间;
# - the topics an issued plan or a meeting covers: 对行政立法、行政复议、行政调解等工作作出安排部署;
# - the summary of fields a year's work touched: 在…法律顾问制度…等领域采取了一系列新举措.
_FRAMING = (
    re.compile(r"在[^,，。;；:：]{0,40}(领导|指导|监督|关心|支持|帮助)下"),
    # the outside body that ran an evaluation or contest the body took part in:
    # 在省委依法治省办组织的…评估中排名第4 reports a result, not the organiser's work
    re.compile(r"在[^,，。;；:：]{0,30}?(组织|开展|举办|发起|主办|实施)的"),
    # the time a measure was taken in: 在疫情防控期间,开展“不见面审批”
    re.compile(r"在[^,，。;；:：]{0,20}(期间|之际|背景下|形势下)"),
    re.compile(r"对([^,，。;；:：]{2,120}?)(等|各项|方面|重点|重要|工作|事项){0,3}[^,，。;；:：]{0,8}"
               r"(作出|做出|进行|提出)了?(具体|全面|专门|统一)?(安排部署|部署安排|部署|安排|要求)"),
    re.compile(r"在([^。;；:：]{2,120}?)等(多个|各个|重点)?(方面|领域)[^。;；]{0,8}(取得|采取|实现)了?"),
)
# A law named without 《》 after a word of study or citing: 专题学习行政复议法, 宣传行政复议法.
_CITING_VERB = r"学习|宣传|宣讲|解读|贯彻|培训|学法|讲解|普及"
_LAW_END = r"法(?![治规律官院制务典学])"  # 法 ending a law's name, not 法治, 法规 …
_LAW_AFTER = re.compile(r"^[^,，。;；、]{0,6}?" + _LAW_END)
_CITING_BEFORE = re.compile(rf"({_CITING_VERB})[^,，。;；]{{0,12}}$")
# A clause ends at a comma, semicolon or colon; weak evidence must name its action in the
# same clause as the matched term (研究…、全省行政复议体制改革 does not report review work).
_CLAUSE = re.compile(r"[,，;；:：]")
# Verbs of carrying work forward that govern a term in the same clause as well as an action
# does (稳步推进街道综合执法体制改革, 持续深化“新官不理旧账”专项整治). 研究 and 督促落实 are not
# among them: what a meeting studies or urges is not yet work done.
_PUSH = fastre.compile(r"推进|深化|推行|推动|设置|汇编|实施|举办|创新|拓展|引入|实行|学法|落实(?!.{0,3}(重大|制度))")
_MEANS = re.compile(r"[一二三四五六七八九十是、\s]*(通过|依托|借助|利用|运用|以|结合|采取|采用)")


# An opening clause that only professes to follow a system (坚持集体讨论决定制度,
# 严格落实重大行政决策程序规定,) is a slogan: what the sentence reports after it is other
# work, which earns its own sections by its own words.
_SLOGAN_CLAUSE = re.compile(
    r"[一二三四五六七八九十是、\s]*(坚持|严格落实|严格执行|认真落实|认真执行|全面落实|严格遵守|严格遵循)"
    r"[^,，;；:：。]{0,30}(制度|机制|规定|原则|要求|条例)[,，;；]")


# A bare list of topics: three or more items joined by 、 and closed by 等, as the subject of
# a study, a plan, a meeting or a mechanism: 组织专题学习重大行政决策、行政执法、行政复议等
# 方面的法律法规; 涵盖A、B、C等8个方面; 建立A、B、C等协作机制. The items name what the
# study or plan covers, not work done on each. A list after a verb of work done (实现案件移交、
# 数据共享、证据互认等常态化) reports each item and stays, and so does an item with its own
# figure or named document, and a list whose work is counted after 等 (等案件326件).
_LIST = re.compile(r"([^、,，;；:：。]{1,40})((?:、[^、,，;；:：。]{1,30}?){2,})等")
# The verb nearest before the first item: a word of studying, covering or arranging makes
# the items topics; any other verb of work done makes them work.
_TOPIC_WORDS = r"学习|培训|学法|讲座|宣讲|解读|辅导|涵盖|涉及|包括|围绕|聚焦|针对|部署|安排|研究|审议|听取|讨论"
_LIST_LEAD = fastre.compile(
    rf"({_TOPIC_WORDS})"
    r"|制定|印发|出台|建立|成立|召开|开展|完成|编制|组建|设立|举办|组织|修订|发布|实现|办理|推进|深化|推行|"
    r"推动|实施|落实|健全|完善|加强|强化|规范|建成|上线|审查|化解|调解|查处")
# The words of _LIST_LEAD's first group alone: a sentence without any has no studied list.
_TOPIC_LEAD = fastre.compile(_TOPIC_WORDS)
# What follows 等 when the items are topics: the fields or contents of something, or a
# mechanism between them (等方面的法律法规, 等8个方面, 等协作机制).
# 等方面 alone is not enough: 从执法程序、法律适用等方面把关 is review work on each aspect.
_TOPIC_TAIL = re.compile(
    r"^(方面|领域|内容|重点|专题|板块)?(工作)?的?"
    r"(法律法规|法律|知识|议题|协作机制|联动机制|衔接机制|机制)")
# A count after 等 that only sizes the list (等8个方面) is no count of work.
_LIST_SIZE = re.compile(r"^(多个|[\d一二三四五六七八九十]+\s*(个|项|大))(方面|领域|内容|重点|专题|板块)")
_OWN_EVIDENCE = re.compile(r"\d|《")


def _topic_lists(text: str) -> list[tuple[int, int]]:
    """Spans of the bare topics of each list in `text` (see _LIST)."""
    spans: list[tuple[int, int]] = []
    for m in (_LIST.finditer(text) if "等" in text and text.count("、") >= 2 else ()):
        rest = text[m.end():]
        first_start, first_end = m.start(1), m.end(1)
        lead = None
        for lead in _LIST_LEAD.finditer(text, first_start, first_end):  # noqa: B007 - keeps the last match
            pass
        if lead is not None:
            first_start = lead.end()  # the verb itself is not a topic
        topics = bool(lead is not None and lead.group(1)) or bool(_TOPIC_TAIL.match(rest))
        if not topics:
            continue
        if concrete.figures(_CLAUSE.split(rest, 1)[0]) and not (_TOPIC_TAIL.match(rest) or _LIST_SIZE.match(rest)):
            continue  # the work after 等 is counted: 培训执法、复议、调解等人员326人次
        items = [(first_start, first_end)]
        pos = m.start(2)
        for part in m.group(2).split("、")[1:]:
            pos += 1
            items.append((pos, pos + len(part)))
            pos += len(part)
        spans.extend((a, b) for a, b in items if not _OWN_EVIDENCE.search(text, a, b))
    if _TOPIC_LEAD.search(text):
        spans.extend(_studied_lists(text))
    return spans


# 和/及/与 joining the last item, not inside a word (和谐, 和解, 及时, 参与, 给与).
_AND_WORD = r"和(?![谐解])|(?<!以)及(?!时)|(?<![参给])与(?!会)"
_AND = re.compile(_AND_WORD)
# Between items: 、 or the one-character 和/及/与 before the last item (以及 leaves 以 in the
# item before it, which holds no term).
_ITEM_SEP = re.compile("、|" + _AND_WORD)


def _studied_lists(text: str) -> list[tuple[int, int]]:
    """The items of a list that a word of studying, covering or arranging governs, however
    the list ends (研究行政复议、行政应诉和规范性文件管理工作; 涵盖A、B、C、D). An item ends
    where a verb of work begins (围绕A、B、C开展专项整治: the campaign is work)."""
    spans: list[tuple[int, int]] = []
    left = 0
    for cut in [*(m.start() for m in _CLAUSE.finditer(text)), len(text)]:
        first = text.find("、", left, cut)
        last = text.rfind("、", left, cut)
        # three items or more: two 、, or one 、 and a last item joined by 和/及/与
        if first >= 0 and (first != last or _AND.search(text, last, cut)):
            lead = None
            for lead in _LIST_LEAD.finditer(text, left, first):  # noqa: B007 - keeps the last match
                pass
            if lead is not None and lead.group(1):
                start = lead.end()
                for part in _ITEM_SEP.split(text[start:cut]):
                    end = start + len(part)
                    verb = _LIST_LEAD.search(text, start, end)
                    item_end = verb.start() if verb and verb.start() > start else end
                    closing = text.find("等", start, item_end)  # …政务公开等方面的法律法规
                    if closing > start:
                        item_end = closing
                    if item_end > start and not _OWN_EVIDENCE.search(text, start, item_end):
                        spans.append((start, item_end))
                    start = end + 1
        left = cut + 1
    return spans


@functools.lru_cache(maxsize=8192)
def _framing(text: str) -> bytes:
    """For one sentence, which positions are framing: a mask with a non-zero byte at each
    position inside the opening clause of basis or a framing span; empty when there is none.

    The opening clause of basis ends where the clause names its own action (围绕行政执法
    监督开展课题研究: the research is the work, the topic before 开展 the basis).
    Cached by text: every term hit in a sentence asks, and so do both checklists; a mask
    answers each hit with one lookup, however many spans the sentence has.
    """
    spans = [(m.start(), m.end()) for pattern in _FRAMING for m in pattern.finditer(text)]
    m = _BASIS.match(text)
    if m:
        cut = _CLAUSE.search(text)
        basis_end = cut.start() if cut else len(text)
        action = concrete.action_at(text, m.end(), basis_end)
        if action >= 0:
            basis_end = action - 1
        spans.append((0, basis_end + 1))
    slogan = _SLOGAN_CLAUSE.match(text)
    if slogan:
        spans.append((0, slogan.end()))
    if "、" in text:
        spans.extend(_topic_lists(text))
    if not spans:
        return b""
    mask = bytearray(len(text) + 1)
    for a, b in spans:
        mask[a:b] = b"\x01" * (b - a)
    return bytes(mask)


_CITING_WORD = fastre.compile(_CITING_VERB)
_LAW_WORD = re.compile(_LAW_END)


def _may_cite_law(text: str) -> bool:
    """Whether any term of the sentence could be part of a law it studies (_cites_law needs
    both a citing word and a 法 that ends a law's name); most sentences can be ruled out
    at once."""
    return bool(_CITING_WORD.search(text) and _LAW_WORD.search(text))


def _cites_law(s: Sentence, start: int, end: int) -> bool:
    """Whether the term at [start, end) is part of a law's name that the body studies or
    publicises without 《》 (专题学习行政复议法)."""
    a, b = start - s.start, end - s.start
    return bool(_LAW_AFTER.match(s.text[b:]) and _CITING_BEFORE.search(s.text[:a]))


def _quoted(text: str) -> set[int]:
    """Positions inside Chinese double quotes (“…”)."""
    inside: set[int] = set()
    if "“" not in text:
        return inside
    depth = 0
    for i, ch in enumerate(text):
        if ch == "“":
            depth += 1
        elif ch == "”":
            depth = max(0, depth - 1)
        elif depth:
            inside.add(i)
    return inside


@functools.lru_cache(maxsize=8192)
def _cuts(text: str) -> tuple[tuple[int, int], ...]:
    """Clause boundaries of a sentence; a comma inside a quoted name (举办“学习…,助力…”培训班)
    does not end a clause."""
    quoted = _quoted(text)
    return tuple((m.start(), m.end()) for m in _CLAUSE.finditer(text) if m.start() not in quoted)


# A clause that opens with what a meeting studies (研究支持…、…和推进…) names topics, not
# work: the verbs after 研究 belong to the topics. 研究制定, 研究部署, 研究解决 … are work.
_STUDIES = re.compile(r"[一二三四五六七八九十是、\s]*(专题)?研究(?!制定|出台|起草|解决|通过|审议|决定|部署)")


@functools.lru_cache(maxsize=16384)
def _acts(clause: str) -> bool:
    if _STUDIES.match(clause):
        return False
    return concrete.has_action(clause) or bool(_PUSH.search(clause))


@functools.lru_cache(maxsize=8192)
def _clause_verdicts(text: str) -> tuple[tuple[int, ...], tuple[bool, ...]]:
    """For one sentence: where its clause cuts start, and for the clause before each cut (and
    the last one) whether it names an action (concrete._ACTION) or a verb of carrying work
    forward. A clause of means (通过区政府常务会、党组会等形式,) shares the verb of the clause
    after it. Cached by text; every term of a weak sentence asks."""
    cuts = _cuts(text)
    n = len(cuts)
    verdicts = []
    for j in range(n + 1):
        left = cuts[j - 1][1] if j else 0
        end = cuts[j][0] if j < n else len(text)
        if j < n and _MEANS.match(text, left):
            end = cuts[j + 1][0] if j + 1 < n else len(text)
        verdicts.append(_acts(text[left:end]))
    return tuple(a for a, _ in cuts), tuple(verdicts)


def _holds(cp: CompiledPattern, present: set[int], text: str) -> bool:
    if cp.none_of and cp.none_of & present:
        return False
    if cp.any_of and not cp.any_of & present:
        return False
    for group in cp.all_of:
        if not group & present:
            return False
    if cp.regex is not None:
        try:
            if not cp.regex.search(text, timeout=REGEX_TIMEOUT):
                return False
        except TimeoutError:
            regex_timeouts[cp.regex.pattern] = regex_timeouts.get(cp.regex.pattern, 0) + 1
            log.warning("regex %r took over %ss on one %s; treated as no match",
                        cp.regex.pattern, REGEX_TIMEOUT, cp.pattern.within)
            return False
    return True


_WORK_ROLES = ("achievements", "duty", "preamble")
_RANK = {"none": 0, "weak": 1, "strong": 2}


def _own(assessed: dict[int, tuple], s: Sentence) -> tuple:
    """Concreteness of one sentence by its own words, cached in `assessed`."""
    if s.index not in assessed:
        assessed[s.index] = concrete.assess(s.text)
    return assessed[s.index]


def _strength(sentences: tuple[Sentence, ...], s: Sentence, assessed: dict[int, tuple] | None = None,
              shares_topic: bool = True):
    """Concreteness of a sentence. A short opening lead (四是助力疫情防控。) borrows from the
    sentence after it only when that sentence carries on its topic (`shares_topic`: it holds a
    term of the same item); otherwise the lead is judged by its own words."""
    assessed = {} if assessed is None else assessed
    strength, signals = _own(assessed, s)
    if (shares_topic and strength != "strong" and len(s.text) <= _LEAD_MAX
            and s.index + 1 < len(sentences)):
        nxt = sentences[s.index + 1]
        if nxt.paragraph == s.paragraph or s.heading:
            n_strength, n_signals = _own(assessed, nxt)
            if _RANK[n_strength] > _RANK[strength]:
                return n_strength, signals + n_signals
    return strength, signals


def _bits(mask: int) -> list[int]:
    """The indices of the bits set in `mask` (not negative), in increasing order."""
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


@dataclass(frozen=True)
class TermIndex:
    """Where a report's admitted terms stand, built once per report for every matcher that
    shares its vocabulary: the terms of each sentence (admitted_terms), and inverted, the
    sentences of each term as a bit mask of sentence indices (bit i: sentence i), so that a
    pattern's conditions become a few AND and OR of masks instead of a test per sentence."""

    sentences: tuple[Sentence, ...]
    per_sentence: list[set[int]]
    term_sentences: dict[int, int]
    headings: int  # the mask of the heading sentences
    # A set, not the dict's keys: a frozenset tests a set against its smaller side, a dict
    # key by key.
    report_terms: set[int]

    def holding(self, terms: frozenset[int]) -> int:
        """The mask of the sentences that hold any of `terms`."""
        mask = 0
        term_sentences = self.term_sentences
        for t in terms & self.report_terms:
            mask |= term_sentences[t]
        return mask

    @functools.cached_property
    def paragraphs(self) -> tuple[dict[int, set[int]], dict[int, list[int]]]:
        """The terms of each paragraph that holds any, and the sentences of each paragraph:
        worked out only for checklists with patterns `within: paragraph`."""
        per_paragraph: dict[int, set[int]] = {}
        para_sentences: dict[int, list[int]] = {}
        for s in self.sentences:
            para_sentences.setdefault(s.paragraph, []).append(s.index)
            if self.per_sentence[s.index]:
                per_paragraph.setdefault(s.paragraph, set()).update(self.per_sentence[s.index])
        return per_paragraph, para_sentences


def index_terms(seg: Segmentation, per_sentence: list[set[int]]) -> TermIndex:
    """The TermIndex of a report from admitted_terms()."""
    term_sentences: dict[int, int] = {}
    headings = 0
    for s in seg.sentences:
        present = per_sentence[s.index]
        if s.heading:
            headings |= 1 << s.index
        if present:
            bit = 1 << s.index
            for tid in present:
                term_sentences[tid] = term_sentences.get(tid, 0) | bit
    return TermIndex(seg.sentences, per_sentence, term_sentences, headings, set(term_sentences))


def find_evidence(matcher: Matcher, text: str, seg: Segmentation,
                  assessed: dict[int, tuple] | None = None,
                  index: TermIndex | None = None) -> dict[str, list[Evidence]]:
    """Evidence per item id, in text order. Headings are never evidence on their own.

    `assessed` and `index` let several checklists of one report share work: the
    concreteness of each sentence (a dict, filled as needed), and the TermIndex of the
    vocabulary the matchers share (worked out here when not given).
    """
    sentences = seg.sentences
    result: dict[str, list[Evidence]] = {ci.item.id: [] for ci in matcher.items}
    if not sentences:
        return result
    assessed = {} if assessed is None else assessed
    if index is None:
        index = index_terms(seg, admitted_terms(matcher.vocabulary, seg, assessed))
    per_sentence = index.per_sentence
    headings = index.headings
    report_terms = index.report_terms
    holding = index.holding

    strengths: dict[tuple[int, bool], tuple] = {}
    last = len(sentences) - 1
    for ci in matcher.items:
        chosen: dict[int, frozenset[int]] = {}  # sentence -> the item's terms found there
        in_headings = ci.item.in_headings
        for cp, term_ids, by_paragraph, any_term in ci.plan:
            if term_ids.isdisjoint(report_terms):
                continue  # none of the pattern's terms is in the report
            if by_paragraph:
                per_paragraph, para_sentences = index.paragraphs
                mask = holding(term_ids)
                for p in sorted({sentences[si].paragraph for si in _bits(mask)}):
                    # A candidate holds one of the pattern's terms, which is all an any_of
                    # pattern asks.
                    if any_term or _holds(cp, per_paragraph[p], seg.paragraphs[p].text):
                        for si in para_sentences[p]:
                            found = term_ids & per_sentence[si]
                            if found and (in_headings or not sentences[si].heading):
                                prev = chosen.get(si)
                                chosen[si] = found if prev is None else prev | found
                continue
            # The sentences where _holds' term conditions are met: one of any_of, one of
            # each all_of group, none of none_of; the regex is then tried on those alone.
            mask = holding(cp.any_of) if cp.any_of else -1
            for group in cp.all_of:
                if mask:
                    mask &= holding(group)
            if mask and cp.none_of:
                mask &= ~holding(cp.none_of)
            if mask and not in_headings:
                mask &= ~headings
            for si in _bits(mask):
                present = per_sentence[si]
                if cp.regex is None or _holds(cp, present, sentences[si].text):
                    # frozensets: term_names takes one as its key without a copy
                    found = term_ids & present
                    prev = chosen.get(si)
                    chosen[si] = found if prev is None else prev | found
        if not chosen:
            continue
        item_id = ci.item.id
        found_for_item = result[item_id]
        item_terms = ci.terms
        for si in sorted(chosen):
            s = sentences[si]
            shares = si < last and not per_sentence[si + 1].isdisjoint(item_terms)
            key = (si, shares)
            judged = strengths.get(key)
            if judged is None:
                judged = strengths[key] = _strength(sentences, s, assessed, shares)
            # item_id, sentence, start, end, quote, role, terms, strength, signals
            found_for_item.append(Evidence(item_id, si, s.start, s.end, s.text, s.role,
                                           matcher.term_names(chosen[si]), judged[0], judged[1]))
    return result


def admitted_terms(vocabulary: Vocabulary, seg: Segmentation,
                   assessed: dict[int, tuple] | None = None) -> list[set[int]]:
    """The term ids each sentence holds as reported work, after dropping the occurrences that
    only cite, frame or stand apart from the sentence's action (see the rules below). What is
    dropped depends on the sentence and the place of the term only, never on a checklist, so
    the checklists that share `vocabulary` share this."""
    sentences = seg.sentences
    assessed = {} if assessed is None else assessed
    per_sentence: list[set[int]] = [set() for _ in sentences]
    if not sentences or not vocabulary.terms:
        return per_sentence
    automaton = vocabulary.automaton
    for s in sentences:
        # The terms of this sentence alone, as (last character within it, (term id, length)).
        # The sentence's own text, not the report's between bounds: the automaton copies the
        # string it is given on every call, and a 30 MB report has half a million sentences.
        hits = list(automaton.iter(s.text))
        if not hits:
            continue
        i = s.index
        present = per_sentence[i]
        # A term inside the title of a law or a superior's document the body only cites
        # (学习《行政复议法》, 贯彻《…纲要》, 专题学习行政复议法) says nothing about the
        # body's own work on it.
        s0 = s.start
        cited = [(s0 + a, s0 + b) for a, b, kind in concrete.document_spans(s.text) if kind == "citation"]
        may_cite_law = _may_cite_law(s.text)
        # A term in framing is not the work the sentence reports: a sentence-opening clause of
        # basis (根据机构改革实际,…; 按照…要求,), a 在…领导/指导下 phrase, the topic list of
        # an arrangement (对…作出安排部署) or of a summary (在…等方面取得了…).
        framed = _framing(s.text)
        # Weak evidence (an action without figure, document or completion) counts only
        # where the action stands in the same clause as the term: in 亲自部署依法行政工作,
        # 督促落实重大行政决策法定程序 the action 部署 does not reach the decision procedure.
        weak = s.role in _WORK_ROLES and not s.heading and _own(assessed, s)[0] == "weak"
        if not (cited or may_cite_law or framed or weak):
            present.update([value[0] for _, value in hits])
            continue
        if weak:  # where its clauses start, and whether each names an action
            starts, verdicts = _clause_verdicts(s.text)
        for last_char, (tid, length) in hits:
            if tid in present:
                continue  # already admitted by an earlier occurrence in this sentence
            he = s0 + last_char + 1
            hs = he - length
            if cited and any(a <= hs and he <= b for a, b in cited):
                continue
            if may_cite_law and _cites_law(s, hs, he):
                continue
            rel = hs - s0
            if framed and framed[rel]:
                continue
            if weak and not verdicts[bisect.bisect_left(starts, rel)]:
                continue
            present.add(tid)
    return per_sentence


def term_spans(matcher: Matcher | None, quote: str, terms: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where `terms` occur in `quote`, for highlighting; overlapping spans are merged."""
    spans = []
    for t in terms:
        pos = quote.find(t)
        while pos >= 0:
            spans.append((pos, pos + len(t)))
            pos = quote.find(t, pos + 1)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def judge_example(matcher: Matcher, item_id: str, sentence: str) -> str:
    """The status one item gets from a single example sentence read as reported work.

    The sentence is placed under an achievements heading (一、工作成效), normalised, segmented
    and matched like a report, so a plan (下一步,将…) or a slogan is judged as it would be in
    a real report. Returns one of model.STATUSES (never not_applicable).
    """
    from . import normalize, score, segment

    norm = normalize.normalize("一、工作成效\n" + sentence)
    seg = segment.segment(norm)
    evidence = find_evidence(matcher, norm.text, seg)
    ci = next((c for c in matcher.items if c.item.id == item_id), None)
    if ci is None:
        raise KeyError(item_id)
    status, _ = score.item_status(ci.item.expect, ci.item.require_concrete, evidence.get(item_id, []))
    return status
