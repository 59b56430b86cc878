"""Tell reported work from slogans: how concrete is one sentence?

Real reports are full of sentences that name a requirement without reporting anything done:
坚持…, 深入贯彻…, 严格落实…制度, 全面推进… with nothing after them, goals (应达到100%).
Concrete work shows itself by a figure (35件, 10次, 100%), a named document the body issued
(制定印发《…》), a completed action (召开, 建立, 完成, 编制 …) or an honour (获评, 入选).
This module finds those signals, so every verdict can say which of them it rests on.
It knows nothing about checklist items.
"""
from __future__ import annotations

import functools
import re

from .. import fastre
from ..model import Signal

# A figure: Arabic number with a counting unit or percent; or a Chinese numeral with a unit of
# occurrences (三次, 两场). Years (2022年) and ordinals (第59期) are not figures of work.
_FIGURE = fastre.compile(
    r"(?<![第\d.])(\d+(?:\.\d+)?)\s*(?:余|多)?\s*"
    r"(%|‰|个|件|次|场|人|名|项|家|起|份|条|宗|户|期|批|篇|部|类|天|小时|个工作日|万元|亿元|元|万|亿|"
    r"处|所|支|座|台|套|本|册|张|轮|届|单|笔|位|宗|平方|公里|千米|米|倍|分|余)"
    r"|(?<![第一二三四五六七八九十届中])([两三四五六七八九十]|十[一二三四五六七八九]|[二三四五六七八九]十)(?:余|多)?(次|场|期|轮|批)(?!全会|会议|代表大会|党代会|全体会议)"
)
# A figure that is a target, not a result: 应达到100%, 力争…90%, 确保…100%, 将达到95%: a goal
# word before it in its clause, at most _GOAL_REACH characters away.
# 应 only as "should", not as part of 应用, 应急, 应对, 应诉 (应急志愿者1200名, 应用率达90%);
# 将 not as 将近 ("nearly"), and "will" only when _will says so.
_GOAL_WORD = fastre.compile(r"应(?![用急对诉])|要|须|需|力争|确保|争取|目标|计划|预计|将(?![近军])")
_GOAL_REACH = 10
_CLAUSE_MARK = re.compile(r"[,，;；。]")
# 将 is "will" when an adverb or a verb follows it (将进一步…, 将继续…, 将加强…, 将达到95%,
# 将纳入…); it is the object marker when its object comes first and the verb after it:
# 将全县278项事项划入审批局, 将首批12个事项纳入, 将执法队伍整合为1支 (a completed act).
_DISPOSAL = (r"纳入|列入|划入|编入|录入|融入|并入|写入|归入|转入|下放|移交|移送|交由|交给|下沉|赋予|划转|划归|"
             r"作为|分解|推送|上传|贯穿|摆在|整合为|调整为|压减为|压减至|精简为|精简至|合并为|确定为|明确为|"
             r"列为|改为|细化为|转为|集中到|集中至")
_WILL_AFTER = re.compile(
    r"进一步|继续|持续|不断|逐步|力争|努力|争取|着力|切实|全力|全面|深入|大力|积极|加快|加大|加强|强化|"
    r"重点|会|要|于|在|以|按|把|从|对|达到|达|提高|提升|实现|完成|超过|突破|增加|增至|减少|降低|控制|保持|"
    r"新增|开展|推进|推动|建立|健全|完善|出台|制定|组织|举办|召开|" + _DISPOSAL)
_DISPOSAL_VERB = re.compile(_DISPOSAL)
# Words that put the whole sentence in the future, object marker or not: 下一步将全县…纳入.
_FUTURE = re.compile(r"下一步|下步|明年|来年|今后|未来|下阶段|下一阶段")

# A named document, counted as work when the body issued, drafted or revised it.
_DOCUMENT = re.compile(r"《[^》]{2,80}》")
_ISSUING = fastre.compile(
    r"(制定|印发|出台|编制|修订|修改|发布|起草|审议|通过|形成|制发|公布|下发|编印|完善|建立|出台了|推出|完成|提请|报请|"
    r"修订完善|研究制定|制定了|印发了|编制了|签订|签署|汇编|录用|刊发|刊登|转发|报送|收录)[^,，;；。]{0,12}$"
)

# Completed actions: a verb that reports something done. Strong ones name an event or output.
_ACTION = fastre.compile(
    r"制定|印发|出台|建立|成立|召开|开展|完成|编制|组建|设立|举办|组织|修订|发布|审查|审核|办理|聘请|聘任|"
    r"聘用|实现|获评|获得|荣获|入选|建成|上线|推出|梳理|清理|公布|调整|培训|举行|签订|签署|下发|发放|受理|"
    r"化解|调解|查处|评查|督察|督查|抽查|考核|部署|审议|听取|主持|参加|走访|调研|录用|刊发|选树|命名|创建|"
    r"配备|新增|编印|整合|下放|赋权|认领|兑付|办结|作出|出具|回复|答复|新办|更换|打造|构建|搭建|开通|"
    r"启用|运行|覆盖|纳入|确定|明确|修改|废止|撤销|纠正|备案|公示|通报|约谈|检查|排查|处置|演练|宣讲|"
    r"讲座|学习|集中学法|旁听|出庭|应诉|审结|结案|立案|收到|接收|提请|提交|报送|印制|聘为|任命|推行|试点|改为|述法|"
    r"(?:主动|及时|向社会|予以|全面|依法)公开(?![透公平])|"
    # reported to a superior body: 向县委、县政府报告…情况, 向市委依法治市办汇报
    r"向[^,，;；。]{1,16}?(?:报告|汇报)"
)  # no capturing group, so findall gives whole matches
# Markers that an action is finished or counted.
# 共 and 均 only as counting words. 共 counts in 共计/共有/共开展…/总共/一共 ("in all"), not
# where it is part of another word: 中共, 公共, 共产党, 共青团, 共和国, 共同, 共享, 共建, 共治,
# 共识, 共商, 共富, 共赢 …; 共建立/共建成 and 共创建 are counts again. Not 均衡, 均等.
_COMPLETED = fastre.compile(
    r"(?<![为除])了(?!解)|已|累计|共计|"
    r"(?<![中公])共(?![产青享同治性识商和富振赢担筑谋促育鸣济融苦荣])(?!建(?![立成设]))(?!创(?!建))|"
    r"全年|先后|首次|首批|成功|顺利|率先|"
    r"均(?![衡等])|截至|截止|分别|相继|陆续"
)
_HONOUR = fastre.compile(  # no capturing groups, so findall gives whole matches
    r"获评|荣获|获得|入选|被评为|被确定为|被命名|刊发|录用|表扬|通报表扬|肯定|(?<!指示)批示(?!精神)|"
    # a title won: 成功创建…示范县, 创成全国示范区, 被授予…称号, 获批…试点, 被列为…试点
    r"成功创建|创成|被授予|获批|被列为|"
    r"(?:被|获)[^,，;；。]{0,16}(?:推广|报道|刊载|转载|刊登|采用)|在全(?:国|省|市)[^,，;；。]{0,8}推广|"
    r"(?:位居|位列|排名|排在)[^,，;；。]{0,12}(?:前[一二三四五六七八九十\d]|第[一二三四五六七八九十\d])|"
    r"获[^,，;；。]{0,30}?(?:奖|称号|最佳实践|典型案例|先进|示范)|成功入围|入围(?:全国|全省)|"
    # a place or grade attained: 荣膺…称号, 在…考评中取得满分第一, 取得优秀等次
    r"荣膺|取得[^,，;；。]{0,12}?(?:第[一二三四五六七八九十\d]|满分|优秀等次)"
)
# A named document that the body implements, studies or received from above is a citation,
# even when an issuing verb stands nearer: 认真贯彻落实中共中央、国务院印发的《纲要》,
# 重点学习新修订的《行政复议法》.
_CITING = fastre.compile(
    r"(贯彻|落实|按照|根据|依据|依照|遵照|围绕|对照|学习|宣传|宣讲|解读|对标|结合|执行|遵循|"
    r"中共中央|党中央|国务院|中央|中办|国办|上级|省委|省政府|省人民政府|自治区党委|自治区人民政府)"
    r"[^。;；]{0,30}$"
)

# Sentence openings of slogans. A slogan with nothing concrete after it is not work done.
_SLOGAN = re.compile(
    r"^(一是|二是|三是|四是|五是|六是|七是|八是|九是|十是|同时|此外|另外|[,，\s])*"
    r"(坚持|始终|深入贯彻|认真贯彻|贯彻落实|深入学习|认真学习|严格落实|严格执行|全面落实|认真落实|切实|全面推进|持续推进|"
    r"深入推进|大力推进|扎实推进|稳步推进|积极推进|不断|进一步|积极|着力|努力|继续|坚决|全力|加强|强化|提升|"
    r"推动|健全|完善|深化|优化|规范|注重|重视|牢固树立|树立|全面|持续|扎实|大力|狠抓|抓好|做好|落实|充分发挥|发挥)"
)


@functools.lru_cache(maxsize=8192)
def document_spans(text: str) -> tuple[tuple[int, int, str], ...]:
    """Named documents in `text` as (start, end, kind): "document" when the body issued or
    drafted it, "citation" when it is implemented, studied or came from above, "received"
    when it was addressed to the body, which acted on it (对…《…》作出批示). A title that
    directly follows another (《A》《B》, 《A》和《B》) shares the first one's kind.

    Cached by text: concreteness and both checklists' matchers ask for the same sentences."""
    out: list[tuple[int, int, str]] = []
    for m in _DOCUMENT.finditer(text):
        gap = text[out[-1][1]: m.start()] if out else None
        if gap is not None and re.fullmatch(r"[、和及与,，]?", gap):
            kind = out[-1][2]
        else:
            before = text[max(0, m.start() - 14): m.start()]
            clause = re.split(r"[,，;；。]", text[: m.start()])[-1]
            after = text[m.end(): m.end() + 10]
            if _LAW_TITLE.fullmatch(m.group(0)) and not _ISSUED_AFTER.match(after):
                kind = "citation"  # a law (《行政复议法》) is studied or applied, not issued by the body
            elif _ADDRESSED_BEFORE.search(clause) and _ANSWERED_AFTER.match(text, m.end()):
                kind = "received"  # 对区法院《关于…司法建议的报告》作出批示: the body acted on it
            elif (_ISSUING.search(before) or _ISSUED_AFTER.match(after)) and not _CITING.search(_cut_issuer(clause)):
                kind = "document"
            else:
                kind = "citation"
        out.append((m.start(), m.end(), kind))
    return tuple(out)


# A law's name ends with 法 but a measure the body issues (《…管理办法》) ends with 办法.
_LAW_TITLE = re.compile(r"《(中华人民共和国)?[^》]{1,30}(?<!办)法》|《中华人民共和国[^》]{1,40}》|《(宪法|民法典)》")
# A title followed by the body's drafting verb: 《…条例(草案)》起草工作, 《…办法》正式出台.
# 新修订的《…》 before or 《…》等新修订的法律 after is a description of the law, not the body's drafting.
_ISSUED_AFTER = re.compile(r"^[^,，;；。《]{0,4}(?<!新)(起草|制定|修订|编制|出台|印发|制发|审议通过)")


# A document addressed to the body, which it acted on: 对区人民法院《…司法建议…》作出批示,
# 对检察院《检察建议书》认真办理并回复. Its title names the subject of the body's own action,
# so its terms count, though it is not a document the body issued.
_ADDRESSED_BEFORE = re.compile(r"(?<![针相])对(?![照标])[^,，;；。《]{0,20}$")
_ANSWERED_AFTER = re.compile(r"[^,，;；。]{0,16}?(作出批示|批示|办理|回复|答复|反馈|整改|采纳)")


def _cut_issuer(clause: str) -> str:
    """The part of a clause before its issuing verb, where a citing word or a superior issuer
    would stand (贯彻落实省委印发的《…》)."""
    m = None
    for m in _ISSUING_VERB.finditer(clause):  # noqa: B007 - the loop leaves the last match in m
        pass
    return clause[: m.start()] if m else clause


_ISSUING_VERB = fastre.compile(
    r"制定|印发|出台|编制|修订|修改|发布|起草|审议|通过|形成|制发|公布|下发|编印|完善|建立|推出|签订|签署|汇编|录用|刊发|刊登|转发|报送|收录"
)


def action_at(text: str, start: int, end: int) -> int:
    """Where the first action (see has_action) in text[start:end] begins, or -1."""
    m = _ACTION.search(text, start, end)
    return m.start() if m else -1


def has_action(text: str) -> bool:
    """Whether `text` names an action that reports work (制定, 召开, 开展 …)."""
    return bool(_ACTION.search(text))


def figures(text: str) -> list[Signal]:
    """Figures in `text` that report a result (not a target)."""
    out = []
    for m in _FIGURE.finditer(text):
        if _is_goal(text, m.start()):
            out.append(Signal("goal", m.group(0)))
        else:
            out.append(Signal("figure", m.group(0)))
    return out


def _is_goal(text: str, at: int) -> bool:
    """Whether the figure starting at `at` is a target: a goal word stands before it in its
    clause, at most _GOAL_REACH characters away."""
    for m in _GOAL_WORD.finditer(text, max(0, at - _GOAL_REACH - 4), at):
        if m.end() < at - _GOAL_REACH or _CLAUSE_MARK.search(text, m.end(), at):
            continue
        if m.group() != "将" or _will(text, m.start()):
            return True
    return False


def _will(text: str, at: int) -> bool:
    """Whether the 将 at `at` means "will" rather than marking the object of a verb after it."""
    if _WILL_AFTER.match(text, at + 1):
        return True
    clause_end = _CLAUSE_MARK.search(text, at)
    if not _DISPOSAL_VERB.search(text, at + 1, clause_end.start() if clause_end else len(text)):
        return True  # no verb that takes an object before it: read as "will", as before
    return bool(_FUTURE.search(text, 0, at))


# Signals for action words, made once: there are only so many verbs.
_ACTION_SIGNALS: dict[str, Signal] = {}


def _action_signal(word: str) -> Signal:
    signal = _ACTION_SIGNALS.get(word)
    if signal is None:
        signal = _ACTION_SIGNALS[word] = Signal("action", word)
    return signal


def assess(text: str) -> tuple[str, tuple[Signal, ...]]:
    """Return ("strong" | "weak" | "none", signals) for one sentence.

    strong: a result figure, a document the body issued, an honour, or an action marked as
    completed. weak: an action verb without a completion marker, outside a slogan opening.
    none: a slogan, a goal or plain framing.
    """
    signals = figures(text)  # a fresh list: the other signals are added to it
    strong = any(f.kind == "figure" for f in signals)
    documents = document_spans(text)
    if documents:
        signals.extend([Signal(kind, text[start:end]) for start, end, kind in documents])
        strong = strong or any(kind == "document" for _, _, kind in documents)
    honours = _HONOUR.findall(text)
    if honours:
        signals.extend([Signal("honour", h) for h in honours])
        strong = True
    actions = _ACTION.findall(text)
    if actions:
        signals.extend([_action_signal(a) for a in actions[:4]])
    completed = _COMPLETED.search(text)
    if completed:
        signals.append(Signal("completed", completed.group(0)))
    slogan = _SLOGAN.match(text)
    if slogan:
        signals.append(Signal("slogan", slogan.group(2)))

    if strong:
        return "strong", tuple(signals)
    if actions and completed:
        return "strong", tuple(signals)
    if actions and not slogan:
        return "weak", tuple(signals)
    if actions and slogan:
        # 坚持开展… / 严格落实…: an action named inside a slogan, after its first clause, counts
        # as weak evidence; a slogan clause alone does not.
        first_clause_end = min((text.find(c) for c in ",，;；" if c in text), default=len(text))
        if any(text.find(a) > first_clause_end for a in actions):
            return "weak", tuple(signals)
    return "none", tuple(signals)
