"""authoring.misses: what `lawscore explain` says about sentences that hold an item's words but
were not taken as its evidence."""
from __future__ import annotations

from click.testing import CliRunner

from lawscore import authoring, match, normalize, pipeline, segment
from lawscore.cli import main

from conftest import CHECKLISTS, REPORTS

_SET = pipeline.load_checklists(CHECKLISTS, None)
_RULES = next(c for c in _SET.checklists if c.kind == "rules")
_OUTLINE = next(c for c in _SET.checklists if c.id == "outline-2021-2025")


def _misses(checklist, item_id: str, text: str) -> list[str]:
    norm = normalize.normalize("一、工作成效\n" + text)
    seg = segment.segment(norm)
    evidence = match.find_evidence(match.Matcher(checklist), norm.text, seg)
    return authoring.misses(checklist, item_id, seg, {e.sentence for e in evidence[item_id]})


def test_a_word_in_framing_is_named_with_the_reason():
    lines = _misses(_RULES, "part-duty", "根据县长的要求,亲自部署法治政府建设工作。")
    assert lines[0] == "- 第2句 未采用: 「根据县长的要求,亲自部署法治政府建设工作。」"
    assert lines[1].startswith("  「县长」不算: 在框架性表述里")
    # then the pattern condition that fails without it, for each pattern
    assert lines[2].startswith("  模式1: 缺少这一组中的词: ") and "县长" in lines[2]
    assert lines[3].startswith("  模式2(按段落): 缺少这一组中的词: ")


def test_a_word_outside_the_clause_of_a_weak_action_is_named_with_the_reason():
    lines = _misses(_OUTLINE, "c11-major-decision-procedure",
                    "省政府主要负责同志亲自部署依法行政工作,研究解决法治政府建设重大问题,督促落实重大行政决策法定程序。")
    assert "  「重大行政决策」不算: 所在分句没有动作:这句只有较弱的证据(没有数字、文件或完成情况),动作须与这个词在同一分句" in lines
    assert any(line.startswith("  模式1: 没有这些词中的任何一个: ") for line in lines)


def test_a_sentence_that_went_to_another_section_says_so():
    # an enforcement platform sharing data matches 信息化平台 (29), 数据共享 (30) and
    # 互联网+监管 (31); the platform is 31's own words, so 29 keeps nothing distinct
    lines = _misses(_OUTLINE, "c29-digital-platforms", "建成行政执法监管平台,实现执法数据共享。")
    assert lines[0] == "- 第2句 未采用: 「建成行政执法监管平台,实现执法数据共享。」"
    assert lines[-1].startswith("  模式") and "符合,但这句话的证据记入了同一句里更具体的另一节" in lines[-1]


def test_sentences_taken_or_without_the_words_are_not_listed():
    assert _misses(_RULES, "part-duty", "县长带头讲授法治专题党课1次。全年审查规范性文件35件。") == []


def test_explain_part_duty_on_a_seed_quotes_what_the_leaders_did():
    """嵊泗县's first subsection (推动组织保障工作落实) says what the principal leaders did: the part is
    read from that, not missing; and explain lists the sentences with its words it did not take."""
    result = CliRunner().invoke(main, ["explain", str(REPORTS / "000_d9075f519bf93576.txt"), "--item", "part-duty",
                                       "--checklists", str(CHECKLISTS)])
    assert result.exit_code == 0, result.output
    # Chinese first, in the words the pages use; the code after it, as `review --status` takes it
    assert "结论: 部分落实(代码 partial)— " in result.output
    assert "  类型: 成效(" in result.output and "; 具体程度: 较弱\n" in result.output
    assert "  信号: 动作「部署」" in result.output
    assert result.output.splitlines()[0].endswith(": 嵊泗县 县级 2022年度")
    assert "重要工作亲自部署、重大问题亲自过问、重点环节亲自协调、重要任务亲自督办" in result.output
    assert "没有句子符合任何一个模式" not in result.output
    assert "含有查找的词、但没有采用的句子:\n- 第" in result.output
