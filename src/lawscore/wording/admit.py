"""Which term occurrences of a sentence count as reported work, and how concrete a sentence is
in its place in the report.

A checklist term found in a sentence is evidence only where the sentence reports the body's own
work on it: not inside the title of a document it only cites, not in framing (a clause of basis,
a 在…领导下 phrase, the topic list of a plan or a study), and, for weak evidence, only in a
clause that names an action. These rules depend on the sentence and the place of the term,
never on a checklist or an item.
"""
from __future__ import annotations

import bisect
import functools
import re

from .. import fastre
from ..model import Sentence
from . import concrete

_LEAD_MAX = 24  # a sentence this short that opens a point (一是强化责任落实。) borrows from the next

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
    # a rank in an outside body's evaluation (a university's, a research institute's): the
    # label guide counts it as work in no section, up to the end of the rank's clause
    # (…研究院发布《…评估报告》,我市在参评的100个城市中位居第二). A third party commissioned by
    # an official body (在省委依法治省办组织的第三方评估中排名第4) runs an official assessment.
    re.compile(r"^[^。;；]*?(大学|研究院|研究所|研究中心|智库)[^。;；]*?(评估|测评|评价|排名|榜)"
               r"[^。;；]*?(排名|位居|位列|名列|居全)[^,，。;；]*"),
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
# The same stance as a later clause of its own (…,认真执行行政机关负责人出庭应诉制度,为…): the
# other clauses report what was done; this one names a system and does nothing with it.
_STANCE_LATER = re.compile(
    r"(?<=[,，;；])\s*(坚持|严格落实|严格执行|认真落实|认真执行|全面落实|严格遵守|严格遵循)"
    r"[^,，;；:：。]{0,30}(制度|机制|规定|原则|要求|条例)(?=[,，;；。]|$)")


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
        if lead is not None and lead.end() == first_end:
            lead = None  # the verb ends the first item (亲自部署、亲自督办等): a list of acts
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
            # a verb that ends the first item (重要工作亲自部署、重大问题亲自过问) is that item's
            # own: the list is of acts, not of what the verb governs
            if lead is not None and lead.group(1) and lead.end() < first:
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
    position inside the opening clause of basis or a framing span (1), or inside an opening
    clause that only professes to follow a system (2, _SLOGAN_CLAUSE); empty when there is none.

    The opening clause of basis ends where the clause names its own action (围绕行政执法
    监督开展课题研究: the research is the work, the topic before 开展 the basis).
    Cached by text: every term hit in a sentence asks, and so do both checklists; a mask
    answers each hit with one lookup, however many spans the sentence has.
    """
    spans = [(m.start(), m.end()) for pattern in _FRAMING for m in pattern.finditer(text)]
    # the opening stance (严格落实…制度,) is marked 2, not 1: its terms name an item, as a
    # stance, which admit reports apart (slogans) so that the item shows 仅有表述
    stance = _SLOGAN_CLAUSE.match(text)
    later_stances = list(_STANCE_LATER.finditer(text)) if "," in text or "，" in text or ";" in text or "；" in text else []
    m = _BASIS.match(text)
    if m:
        cut = _CLAUSE.search(text)
        basis_end = cut.start() if cut else len(text)
        action = concrete.action_at(text, m.end(), basis_end)
        if action >= 0:
            basis_end = action - 1
        spans.append((0, basis_end + 1))
    if "、" in text:
        spans.extend(_topic_lists(text))
    if not spans and not stance and not later_stances:
        return b""
    mask = bytearray(len(text) + 1)
    if stance:
        mask[:stance.end()] = b"\x02" * stance.end()
    for later in later_stances:
        mask[later.start():later.end()] = b"\x02" * (later.end() - later.start())
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


def _cites_law(text: str, start: int, end: int) -> bool:
    """Whether the term at [start, end) of `text` is part of a law's name that the body
    studies or publicises without 《》 (专题学习行政复议法)."""
    return bool(_LAW_AFTER.match(text[end:]) and _CITING_BEFORE.search(text[:start]))


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

_WORK_ROLES = ("achievements", "duty", "preamble")
_RANK = {"none": 0, "weak": 1, "strong": 2}


def own(assessed: dict[int, tuple], s: Sentence) -> tuple:
    """Concreteness of one sentence by its own words, cached in `assessed`."""
    if s.index not in assessed:
        assessed[s.index] = concrete.assess(s.text)
    return assessed[s.index]


def strength(sentences: tuple[Sentence, ...], s: Sentence, assessed: dict[int, tuple] | None = None,
              shares_topic: bool = True):
    """Concreteness of a sentence. A short opening lead that names an act (一是成立工作专班。)
    borrows from the sentence after it only when that sentence carries on its topic
    (`shares_topic`: it holds a term of the same item); otherwise the lead is judged by its own
    words. A lead with no act of its own (二是优化法治营商环境。) is a sub-heading: never
    concrete work by itself, whatever follows it."""
    assessed = {} if assessed is None else assessed
    strength, signals = own(assessed, s)
    if (shares_topic and strength == "weak" and len(s.text) <= _LEAD_MAX
            and s.index + 1 < len(sentences)):
        nxt = sentences[s.index + 1]
        if nxt.paragraph == s.paragraph or s.heading:
            n_strength, n_signals = own(assessed, nxt)
            if _RANK[n_strength] > _RANK[strength]:
                return n_strength, signals + n_signals
    return strength, signals


# What may stand before the subject of a sentence: a point's number and a few characters that
# qualify it (党政主要负责人, 县政府主要领导, 各级党政主要负责人), never a preposition that makes
# the term an object (加强对主要负责人的监督, 向县长汇报, 把…).
_SUBJECT_BEFORE = re.compile(r"[一二三四五六七八九十是、.．\d\s]*[^,，;；:：。、对把将向在以由从为给被与和及]{0,6}")


def _opens(text: str, start: int) -> bool:
    """Whether the term at `start` is the subject the sentence opens with: only a point's
    number and a qualifier stand before it, no verb. The subject does what every clause after
    it says (党政主要负责人坚决有力履行第一责任人职责,重要工作亲自部署、重要任务亲自督办:
    the leaders did the deploying), so it shares their actions."""
    before = text[:start]
    return bool(_SUBJECT_BEFORE.fullmatch(before)) and not _acts(before)


# Why admit drops an occurrence of a term, in the words `lawscore explain` shows.
DROPPED = {
    "cited": "在只是引用的文件标题里(学习、贯彻上级或法律的文件,不是本单位的工作)",
    "law": "是所学习、宣传的法律名称的一部分",
    "framing": "在框架性表述里(依据、指导、时间,或会议、方案、学习所列的议题),不是所报告的工作",
    "slogan": "在“严格落实…制度”一类的表态里,没有说做了什么(事项显示为仅有表述)",
    "clause": "所在分句没有动作:这句只有较弱的证据(没有数字、文件或完成情况),动作须与这个词在同一分句",
}


def admit(s: Sentence, hits: list, assessed: dict[int, tuple], why: dict[int, str] | None = None,
          stances: set[int] | None = None) -> set[int]:
    """The term ids of `hits` (the automaton's (last character, (term id, length)) in s.text)
    that sentence `s` holds as reported work, after dropping the occurrences that only cite,
    frame or stand apart from the sentence's action. `why`, when given, receives for each
    term dropped at every occurrence the key of DROPPED that says why. `stances`, when given,
    receives the terms dropped only because they stand in an opening stance (严格落实行政执法
    公示制度,…): named, not worked on, so their items read as mentioned (仅有表述), not missing."""
    # A term inside the title of a law or a superior's document the body only cites
    # (学习《行政复议法》, 贯彻《…纲要》, 专题学习行政复议法) says nothing about the
    # body's own work on it.
    text = s.text
    cited = [(a, b) for a, b, kind in concrete.document_spans(text) if kind == "citation"]
    may_cite_law = _may_cite_law(text)
    # A term in framing is not the work the sentence reports: a sentence-opening clause of
    # basis (根据机构改革实际,…; 按照…要求,), a 在…领导/指导下 phrase, the topic list of
    # an arrangement (对…作出安排部署) or of a summary (在…等方面取得了…).
    framed = _framing(text)
    # Weak evidence (an action without figure, document or completion) counts only
    # where the action stands in the same clause as the term: in 亲自部署依法行政工作,
    # 督促落实重大行政决策法定程序 the action 部署 does not reach the decision procedure.
    # The sentence's subject is the exception: it does what every clause after it says.
    weak = s.role in _WORK_ROLES and not s.heading and own(assessed, s)[0] == "weak"
    if not (cited or may_cite_law or framed or weak):
        return {value[0] for _, value in hits}
    present: set[int] = set()
    if weak:  # where its clauses start, and whether each names an action
        starts, verdicts = _clause_verdicts(text)
        # a sentence that opens with a slogan's verb (坚持执法信息公开透明,…) has no subject
        # before it: what follows the verb is its object
        has_subject = any(verdicts) and not any(sig.kind == "slogan" for sig in own(assessed, s)[1])
    for last_char, (tid, length) in hits:
        if tid in present:
            continue  # already admitted by an earlier occurrence in this sentence
        he = last_char + 1
        hs = he - length
        if cited and any(a <= hs and he <= b for a, b in cited):
            reason = "cited"
        elif may_cite_law and _cites_law(text, hs, he):
            reason = "law"
        elif framed and framed[hs]:
            reason = "slogan" if framed[hs] == 2 else "framing"
        elif weak and not verdicts[clause := bisect.bisect_left(starts, hs)] and not (
                clause == 0 and has_subject and _opens(text, hs)):
            reason = "clause"
        else:
            present.add(tid)
            continue
        if why is not None:
            why.setdefault(tid, reason)
        if stances is not None and reason == "slogan" and s.role in _WORK_ROLES and not s.heading:
            stances.add(tid)
    if why:
        for tid in present:
            why.pop(tid, None)
    if stances:
        stances -= present
    return present
