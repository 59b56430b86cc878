"""match finds evidence per item and judge_example gives the status one sentence earns."""
from __future__ import annotations

import pytest

from lawscore import match, pipeline

from conftest import CHECKLISTS

_OUTLINE = next(c for c in pipeline.load_checklists(CHECKLISTS, None).checklists if c.id == "outline-2021-2025")
_MATCHER = match.Matcher(_OUTLINE)


@pytest.mark.parametrize("item_id, sentence, status", [
    ("c9-normative-documents", "全年共审查拟由县政府制发的行政规范性文件35件。", "met"),
    ("c9-normative-documents", "下一步,将进一步加强行政规范性文件备案审查。", "planned"),
    ("c9-normative-documents", "严格落实行政规范性文件合法性审核制度。", "missing"),
    ("c11-major-decision-procedure", "编制形成《2022年嵊泗县人民政府重大行政决策事项目录》。", "met"),
    # a superior's policy (重大决策部署) is not a decision procedure
    ("c11-major-decision-procedure", "深入学习贯彻党中央关于全面依法治国的重大决策部署,召开会议3次。", "missing"),
    # a law the body only studies is no evidence of review work
    ("c22-administrative-review", "全年组织专题学法12次,重点学习新修订的《行政复议法》。", "missing"),
    # the opening clause of basis frames the sentence
    ("c4-institutions-power-lists", "根据机构改革实际,修订《嵊泗县府院联席会议制度》。", "missing"),
    ("c23-administrative-litigation", "根据机构改革实际,修订《嵊泗县府院联席会议制度》。", "met"),
])
def test_judge_example(item_id, sentence, status):
    assert match.judge_example(_MATCHER, item_id, sentence) == status


def test_judge_example_unknown_item():
    with pytest.raises(KeyError):
        match.judge_example(_MATCHER, "no-such-item", "全年共审查文件35件。")


def test_term_spans_merge_overlaps():
    assert match.term_spans(_MATCHER, "行政复议案件", ("行政复议", "复议案件")) == [(0, 6)]
