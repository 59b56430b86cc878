"""The words around a figure that say it is not this year's work: a goal, a change, an earlier year's
figure, a part of a count. lawscore.figures reads a report's indicators with them.

Kept apart from the grammar of figures (lawscore/figures.py): they are wording rules, like
concrete._GOAL_WORD, which says for a sentence's concreteness what GOAL_GAP and GOAL_LEAD say
for an indicator's figure.
"""
from __future__ import annotations

import re

LIST_ALL = re.compile(r"均|都|全部")
RESPECTIVELY = "分别"
# Between an indicator's name and a figure: the figure is a goal or requirement …
GOAL_GAP = re.compile(r"应(?![用急对诉])|须|需|要|力争|确保|争取|不低于|不得低于|不少于|不高于|不超过|不得超过|"
                      r"控制在|目标|计划|预计|将(?!近)|力求|努力")
# … or anywhere before the name in its clause.
GOAL_LEAD = re.compile(r"力争|确保|争取|目标|要求|计划|预计|力求|努力|推动|推进|将(?!军)|应当达到|应达到")
# … a change from an earlier value, unless it says what the value became (提高到95%).
CHANGE_GAP = re.compile(r"同比|环比|较上年|较去年|比上年|比去年|较上一年|较20\d\d年|比20\d\d年|增长|增加|上升|"
                        r"提高|提升|下降|减少|降低|增幅|降幅|回落")
CHANGE_TO = re.compile(r"(?:到|至|为|达)$")
# 从85%提高到100%: the first figure is the earlier value, the second the value.
FROM = re.compile(r"(?:从|由)\s*$")
FROM_TO_AFTER = re.compile(r"\s*(?:提高|提升|上升|下降|降低|增加|减少|增长|降|升)?(?:到|至)")
FROM_TO_GAP = re.compile(r"(.*?)(?:从|由)[^,;]{1,12}?(?:提高|提升|上升|下降|降低|增加|减少|增长|降|升)?(?:到|至)\s*")
# Between a count's name and the figure: the count is of a part, not of the whole.
PART_GAP = re.compile(r"其中|调撤|撤回|办结|审结|结案|维持|驳回|撤销|纠错|纠正|败诉|胜诉|不予|终止|涉及|人数|金额|"
                      r"出具|意见书|建议书")
# Between a count's name and its figure only counting words may stand (共计, 达, 为 …): 行政复议
# 工作会议3次 or 行政复议案卷评查20件 count something else.
COUNT_GAP = re.compile(r"(?:共|共计|合计|总计|累计|计|达|达到|为|是|有|共有|约|近|将近|接近|\s)*")
# Just before a count's name: the count is of the cases so handled, not the caseload (化解行政诉讼案件26件).
PART_LEAD = re.compile(r"(?:化解|审结|办结|结案|调撤|撤回|胜诉|败诉|纠错|纠正|撤销|维持|驳回|协调)$")
# A clause about an earlier year: 上年…, or a year other than the report's (2021年… in a 2022 report).
PRIOR = re.compile(r"上年|去年|上一年|前一年|上年度")
YEAR = re.compile(r"(20\d\d)年")
# Before a 全覆盖/全部: it is done, not only pursued (推动法律顾问全覆盖 is no figure).
DONE = re.compile(r"实现|已|均|做到|达到|全部|基本")
AT_LEAST = re.compile(r"\s*(?:以上|及以上)")  # just after the figure (match at its end)
ABOUT = re.compile(r"(?:近|约|接近|将近)$")
AVERAGE = re.compile("平均")  # 全市平均出庭应诉率90%: a wider area's figure, not the report's


WINDOW = 4  # no word above is longer


class Before:
    """What one clause says before a place in it: `has(pattern, end)` is
    `pattern.search(clause[:end])`, the leftmost match found once per clause and kept.

    A clause can hold thousands of figures (a list joined by 、); searching its start again for
    each made reading it quadratic. The leftmost match ends first when no word of a pattern is
    found inside a longer one listed before it (true of every pattern here; tested); a match
    only the cut at `end` allows (将 just before it: 将(?!军)) is found in the last WINDOW
    characters.
    """

    def __init__(self, clause: str) -> None:
        self.clause = clause
        self._first: dict[re.Pattern, int] = {}

    def has(self, pattern: re.Pattern, end: int) -> bool:
        first = self._first.get(pattern)
        if first is None:
            m = pattern.search(self.clause)
            first = self._first[pattern] = m.end() if m else len(self.clause) + 1
        return first <= end or pattern.search(self.clause, max(0, end - WINDOW), end) is not None

    def earlier(self, end: int, year: int | None) -> bool:
        """Whether the clause before `end` puts a figure in another year than the one reported on."""
        if self.has(PRIOR, end):
            return True
        if year is None:
            return False
        other = self._first.get(YEAR)  # kept under YEAR: the first year other than the report's
        if other is None:
            m = next((m for m in YEAR.finditer(self.clause) if int(m.group(1)) != year), None)
            other = self._first[YEAR] = m.end() if m else len(self.clause) + 1
        return other <= end


def after_from(clause: str, end: int) -> bool:
    """Whether the figure at `end` follows 从/由 (spaces aside): the 85% of 从85%提高到100%."""
    i = end
    while i > 0 and clause[i - 1].isspace():
        i -= 1
    return FROM.search(clause, max(0, i - 1), end) is not None
