"""The concept vocabulary: named families of phrasing that checklist items compose ($名字).

Every sentence here is invented; none is copied from a labelled report.
"""
from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from lawscore import authoring, checklist, checklist_set, concepts, match
from lawscore.cli import main
from lawscore.errors import ChecklistError

from conftest import CHECKLISTS

VOCABULARY = """\
concepts:
  会议:
    title: 领导班子议事的会议
    terms: [常务会议, 党组会]
  议事:
    title: 会议对工作做的事
    terms: [听取, 审议]
  法治主题:
    title: 法治政府建设本身
    terms: [法治政府建设, 依法行政]
  学法:
    title: 集体学法
    terms: [学法]
  宽主题:
    title: 包含另一个概念
    terms: [$法治主题, 法治]
"""

CHECKLIST = """\
id: demo
title: 示例清单
kind: outline
items:
  - id: meeting-hears
    clause: 32
    title: 会议听取法治政府建设汇报
    weight: 1
    patterns:
      - all_of: [$会议, $议事, $法治主题]
        none_of: [$学法]
    examples:
      match:
        - 县政府常务会议听取法治政府建设情况汇报3次。
        - 局党组会审议依法行政工作要点。
      no_match:
        - 下一步,将定期听取法治政府建设汇报。
        - 局党组会集中学法,听取依法行政讲座。
  - id: broad
    clause: 33
    title: 宽主题加考核
    weight: 1
    patterns:
      - all_of: [[$宽主题], [考核, 考评]]
    examples:
      match:
        - 将法治建设纳入年度考核,占分值5%。
        - 对12个部门开展依法行政考评。
      no_match:
        - 下一步,将法治建设纳入考核。
        - 坚持把法治建设成效作为考核的重要内容。
"""


def _folder(tmp_path, vocabulary=VOCABULARY, text=CHECKLIST):
    folder = tmp_path / "checklists"
    (folder / "concepts").mkdir(parents=True)
    (folder / "concepts" / "concepts.yaml").write_text(vocabulary, encoding="utf-8")
    (folder / "demo.yaml").write_text(text, encoding="utf-8")
    return folder


def _problems(path):
    with pytest.raises(ChecklistError) as exc:
        checklist.load(path)
    return [str(p) for p in exc.value.problems]


def test_a_concept_becomes_its_terms_wherever_a_term_may_stand(tmp_path):
    loaded = checklist.load(_folder(tmp_path) / "demo.yaml")
    hears, broad = loaded.items
    p = hears.patterns[0]
    assert p.all_of == (("常务会议", "党组会"), ("听取", "审议"), ("法治政府建设", "依法行政"))
    assert p.none_of == ("学法",)
    # a concept that includes another has the other's terms in place
    assert broad.patterns[0].all_of[0] == ("法治政府建设", "依法行政", "法治")


def test_a_synonym_added_once_reaches_every_item_that_uses_the_concept(tmp_path):
    folder = _folder(tmp_path)
    sentence = "召开党政联席会议听取法治政府建设工作汇报2次。"
    before = match.Matcher(checklist.load(folder / "demo.yaml"))
    assert authoring.judge_example(before, "meeting-hears", sentence) == "missing"
    vocabulary = VOCABULARY.replace("[常务会议, 党组会]", "[常务会议, 党组会, 党政联席会议]")
    (folder / "concepts" / "concepts.yaml").write_text(vocabulary, encoding="utf-8")
    concepts._parse.cache_clear()
    after = match.Matcher(checklist.load(folder / "demo.yaml"))
    assert authoring.judge_example(after, "meeting-hears", sentence) == "met"


def test_an_unknown_concept_is_reported_at_its_line_with_the_closest_name(tmp_path):
    text = CHECKLIST.replace("[$会议, $议事, $法治主题]", "[$会义, $议事, $法治主题]")
    problems = _problems(_folder(tmp_path, text=text) / "demo.yaml")
    assert len(problems) == 1
    assert problems[0].startswith(f"{tmp_path / 'checklists' / 'demo.yaml'}:10: meeting-hears: ")
    assert 'patterns[0].all_of: 未知概念 "$会义"; 您是不是要写 "$会议"?' in problems[0]


def test_a_term_written_as_a_concept_points_to_the_concept_that_holds_it(tmp_path):
    text = CHECKLIST.replace("none_of: [$学法]", "none_of: [$党组会]")
    problems = _problems(_folder(tmp_path, text=text) / "demo.yaml")
    assert len(problems) == 1
    assert ':11: meeting-hears: patterns[0].none_of: 未知概念 "$党组会"; 概念 "$会议" 已包含“党组会”' in problems[0]


def test_an_unknown_concept_with_nothing_close_names_where_concepts_are_defined(tmp_path):
    text = CHECKLIST.replace("none_of: [$学法]", "none_of: [$应急预案]")
    [problem] = _problems(_folder(tmp_path, text=text) / "demo.yaml")
    assert "未知概念 \"$应急预案\"; 请在 concepts/ 的概念词表中定义它" in problem


def test_a_checklist_naming_concepts_without_a_vocabulary_says_where_it_belongs(tmp_path):
    (tmp_path / "demo.yaml").write_text(CHECKLIST, encoding="utf-8")
    [problem] = _problems(tmp_path / "demo.yaml")
    assert ':10: meeting-hears: 用了概念 "$会议"' in problem
    assert "请把概念词表放在清单旁的 concepts/ 文件夹中" in problem


@pytest.mark.parametrize("typed, name", [("＄", "全角“＄”"), ("￥", "人民币符号“￥”")])
def test_a_concept_typed_with_a_chinese_input_method_sigil_says_to_use_the_ascii_one(tmp_path, typed, name):
    text = CHECKLIST.replace("none_of: [$学法]", f"none_of: [{typed}学法]")
    [problem] = _problems(_folder(tmp_path, text=text) / "demo.yaml")
    assert problem.endswith(f':11: meeting-hears: patterns[0].none_of: "{typed}学法" 以{name}开头(中文输入法); '
                            '引用概念请写半角 "$",如 "$学法"')


def test_concepts_that_include_each_other_are_a_cycle(tmp_path):
    vocabulary = VOCABULARY + "  甲:\n    title: 甲\n    terms: [$乙]\n  乙:\n    title: 乙\n    terms: [$甲]\n"
    problems = _problems(_folder(tmp_path, vocabulary=vocabulary) / "demo.yaml")
    assert any("概念互相包含,形成循环($甲 → $乙 → $甲)" in p for p in problems)


def test_a_chinese_comma_inside_a_concept_is_reported_in_the_vocabulary(tmp_path):
    vocabulary = VOCABULARY.replace("[听取, 审议]", "[听取，审议]")
    [problem] = _problems(_folder(tmp_path, vocabulary=vocabulary) / "demo.yaml")
    assert problem.startswith(f"{tmp_path / 'checklists' / 'concepts' / 'concepts.yaml'}:7: 议事: ")
    assert "中文逗号" in problem


def test_a_concept_without_terms_is_a_schema_error_in_chinese(tmp_path):
    vocabulary = VOCABULARY.replace("    terms: [学法]\n", "")
    [problem] = _problems(_folder(tmp_path, vocabulary=vocabulary) / "demo.yaml")
    assert 'concepts.学法: 缺少字段 "terms"; 请补上' in problem


def test_an_unknown_field_of_a_concept_is_named_on_its_own_line(tmp_path):
    vocabulary = VOCABULARY.replace("    terms: [学法]\n", "    terms: [学法]\n    terms_extra: [集体学法]\n")
    line = vocabulary.splitlines().index("    terms_extra: [集体学法]") + 1
    assert _problems(_folder(tmp_path, vocabulary=vocabulary) / "demo.yaml") == [
        f"{tmp_path / 'checklists' / 'concepts' / 'concepts.yaml'}:{line}: concepts.学法: "
        '未知字段 "terms_extra"; 请用其中之一: note, terms, title']


def test_validate_lists_the_items_that_use_each_concept(tmp_path):
    folder = _folder(tmp_path)
    result = CliRunner().invoke(main, ["validate", "--concepts", str(folder / "demo.yaml")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    at = lines.index("$会议: 领导班子议事的会议(2 个词: 常务会议、党组会)")
    assert lines[at + 1] == f"    {folder / 'demo.yaml'}:10 meeting-hears"
    at = lines.index("$法治主题: 法治政府建设本身(2 个词: 法治政府建设、依法行政)")
    assert lines[at + 2] == "    被概念包含: $宽主题"


def test_validate_checks_a_vocabulary_file_given_on_its_own(tmp_path):
    folder = _folder(tmp_path, vocabulary=VOCABULARY.replace("[学法]", "[学法，集体学法]"))
    result = CliRunner().invoke(main, ["validate", str(folder / "concepts" / "concepts.yaml")])
    assert result.exit_code == 2
    assert "concepts.yaml:13: 学法: " in result.output


def test_the_checklist_cache_key_covers_the_vocabulary(tmp_path):
    folder = tmp_path / "c"
    shutil.copytree(CHECKLISTS, folder)
    key = checklist_set._cache_key(folder, None)
    override = checklist_set._cache_key(tmp_path / "elsewhere", str(folder / "outline-2021-2025.yaml"))
    vocabulary = folder / "concepts" / "concepts.yaml"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert checklist_set._cache_key(folder, None) != key
    assert checklist_set._cache_key(tmp_path / "elsewhere", str(folder / "outline-2021-2025.yaml")) != override


def test_every_shipped_concept_is_used(setup):
    vocabulary, used = concepts.usage(sorted(CHECKLISTS.glob("*.yaml")))
    assert vocabulary is not None and not vocabulary.problems
    included = {u for c in vocabulary.concepts.values() for u in c.uses}
    assert sorted(set(vocabulary.concepts) - set(used) - included) == []


# ── the shipped vocabulary, family by family, through the shipped checklists ──────────────
# Invented sentences, in a report on 2023 (the 2021–2025 checklist) and on 2019 (2015–2020).

def _done(setup, sentence: str, year: int = 2023, place: str = "某县") -> set[int]:
    from lawscore import calibrate, pipeline

    from conftest import document

    text = f"{place}{year}年法治政府建设情况报告\n一、{year}年法治政府建设主要工作\n" + sentence + "\n"
    return set(calibrate.verdicts(pipeline.evaluate_document(document(text), setup))["done"])


@pytest.mark.parametrize("year", [2023, 2019])
@pytest.mark.parametrize("meeting", ["县政府常务会议", "县委常委会", "局党组会", "镇党政联席会议", "区政府专题会", "局务会"])
def test_every_kind_of_meeting_that_deliberates_rule_of_law_work_is_32(setup, meeting, year):
    assert 32 in _done(setup, f"{meeting}专题研究法治政府建设工作3次。", year)


@pytest.mark.parametrize("verb", ["研究", "听取", "审议", "部署", "专题研究", "研究部署"])
def test_every_deliberating_verb_reaches_the_meeting_items(setup, verb):
    assert 32 in _done(setup, f"全年县政府常务会议{verb}依法行政工作4次。")


@pytest.mark.parametrize("topic", ["法治政府建设", "法治政府工作", "法治建设", "依法行政", "全面依法治县工作"])
def test_every_wording_of_the_rule_of_law_topic_reaches_the_meeting_items(setup, topic):
    assert 32 in _done(setup, f"镇党委会议听取{topic}情况汇报2次。")


@pytest.mark.parametrize("year", [2023, 2019])
def test_a_leading_group_is_32_whoever_heads_it_and_never_33(setup, year):
    for sentence in ("调整充实以县长为组长的法治政府建设领导小组,明确成员单位32个。",
                     "成立以镇党委书记为组长的依法行政工作领导小组,召开会议2次。"):
        done = _done(setup, sentence, year)
        assert 32 in done and 33 not in done, sentence


def test_a_leading_group_for_general_legal_publicity_is_not_32(setup):
    assert 32 not in _done(setup, "调整县法治宣传教育领导小组,明确成员单位28个。")


@pytest.mark.parametrize("year", [2023, 2019])
def test_study_by_a_leadership_body_is_34_never_35(setup, year):
    for sentence in ("举办县级领导干部学习贯彻习近平法治思想专题读书班,参训38人。",
                     "县委理论学习中心组专题学习宪法和民法典4次。"):
        done = _done(setup, sentence, year)
        assert 34 in done and 35 not in done, sentence


@pytest.mark.parametrize("year", [2023, 2019])
def test_a_university_in_a_sentence_is_not_study(setup, year):
    # 学法 read across a word: 政法大学法治…
    assert 34 not in _done(setup, "聘请某政法大学法治研究中心教授担任县政府法律顾问3名。", year)


@pytest.mark.parametrize("year", [2023, 2019])
def test_an_outside_ranking_is_no_work_and_an_official_assessment_result_is_33(setup, year):
    assert 33 not in _done(setup, "某大学法治政府研究院发布年度评估报告,我县在参评的120个县中排名第三。", year)
    assert 33 in _done(setup, "在全市法治政府建设考评中获评优秀等次,位列第一。", year)


def test_legal_study_written_into_assessment_is_33(setup):
    assert 33 in _done(setup, "将领导干部述法情况纳入年度综合考评,分值占3%。")


def test_a_draft_regulation_submitted_to_the_congress_is_7_not_24(setup):
    done = _done(setup, "起草《城市河道管理条例(草案)》,经市政府常务会议讨论后提请市人大常委会审议。", place="某市")
    assert 7 in done and 24 not in done


def test_the_congress_inspecting_the_enforcement_of_a_regulation_is_24(setup):
    assert 24 in _done(setup, "配合市人大常委会开展3部地方性法规执法检查,整改问题12个。", place="某市")


def test_devolving_administrative_powers_is_4_and_enforcement_powers_to_townships_13(setup):
    done = _done(setup, "向经济开发区下放市级行政权力事项64项,并动态调整部门权责清单。", place="某市")
    assert 4 in done and 13 not in done
    done = _done(setup, "以赋权方式向12个乡镇下放综合行政执法事项98项。")
    assert 13 in done


def test_a_township_duty_rule_is_4(setup):
    assert 4 in _done(setup, "制定《乡镇职责规定》,明确乡镇基本履职事项52项。")


@pytest.mark.parametrize("year", [2023, 2019])
def test_decisions_taken_by_any_kind_of_meeting_are_11_but_its_rule_of_law_agenda_is_not(setup, year):
    assert 11 in _done(setup, "全年召开镇党政联席会议16次,研究决定重大事项38项。", year)
    assert 11 not in _done(setup, "县政府常务会议审议通过2023年法治政府建设工作要点。", year)


# ── one vocabulary for both outlines ─────────────────────────────────────────────────────
# A 2015-2020 item refers to the families of wording of the 2021-2025 items for the same work
# (the wording came into use before 2021), so a report on 2019 finds what a report on 2023 would.

@pytest.mark.parametrize("sentence, clause", [
    ("发布行政执法指导案例12个,统一同类案件处理尺度。", 16),
    ("推行“免证办”服务,136个事项实现免提交证明材料。", 30),
    ("成立行政争议调解中心,调解化解行政争议32件。", 23),
    ("开展政府守信践诺专项清理,清理政府承诺事项46项。", 28),
    ("推行“一业一证”改革,发放行业综合许可证860张。", 5),
])
def test_a_2019_report_finds_the_wording_of_the_2021_items_for_the_same_work(setup, sentence, clause):
    assert clause in _done(setup, sentence, 2019)
    assert clause in _done(setup, sentence, 2023)


def test_a_shared_family_keeps_the_2015_items_own_exclusions(setup):
    # 措施28's enforcement oversight excludes 复议 (a review is (二十二)); the shared family of
    # 执法监督 is no way round that exclusion
    done = _done(setup, "办理涉及行政执法监督的行政复议案件12件。", 2019)
    assert 26 not in done
