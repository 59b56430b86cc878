"""Every kind of checklist mistake is refused by validate and by evaluate: file:line: item: problem; fix."""
import pytest
from click.testing import CliRunner

from lawscore.cli import main

from conftest import AUTHOR_ITEM, CHECKLISTS, REPORTS, SEEDS, workspace

HEAD = "id: broken\ntitle: 坏清单\nkind: outline\nitems:\n"
ITEM = AUTHOR_ITEM  # its chapter is not checked: HEAD declares no chapters

CASES = {
    "tab": (HEAD + ITEM.replace("    weight: 3", "\tweight: 3"),
            "broken.yaml:9: 缩进里用了制表符(Tab); 用空格缩进,不要用制表符(Tab)"),
    "unclosed-quote": (HEAD + ITEM.replace("title: 行政复议", 'title: "行政复议'),
                       "broken.yaml:8: 引号没有结束; 把这一行开头的引号补上结尾"),
    "invalid-regex": (HEAD + ITEM.replace("      - any_of: [行政复议]", "      - any_of: [行政复议]\n        regex: '[0-9+件'"),
                      "broken.yaml:12: c22-review: patterns[0].regex: 正则表达式无效"),
    "weight-not-number": (HEAD + ITEM.replace("weight: 3", "weight: 三"),
                          'broken.yaml:9: c22-review: weight: "三" 不是数字; 这里请写数字'),
    "unknown-field": (HEAD + ITEM.replace("    weight: 3", "    weight: 3\n    wieght: 2"),
                      'broken.yaml:10: c22-review: 未知字段 "wieght"; 请用其中之一: '),
    "duplicate-id": (HEAD + ITEM + ITEM,
                     "broken.yaml:15: c22-review: id 重复(第 5 行已用过); 每个条目用自己的 id"),
    "empty-file": ("", "broken.yaml:1: 文件是空的; 清单需要 id、title、kind 和 items"),
    "list-file": ("- id: a\n- id: b\n",
                  "broken.yaml:1: 清单必须是“字段: 值”的映射,不能是列表或一段文字; 请以 'id:' 开头"),
    "runaway-regex": (HEAD + ITEM.replace("      - any_of: [行政复议]", "      - any_of: [行政复议]\n        regex: '(\\d+)*件'"),
                      "broken.yaml:12: c22-review: patterns[0].regex: (x+)+ 这样的嵌套重复可能运行几分钟"),
    # typed with a Chinese input method: one term that never matches, YAML syntax it cannot read
    "chinese-comma": (HEAD + ITEM.replace("any_of: [行政复议]", "any_of: [行政复议，复议决定]"),
                      ('broken.yaml:11: c22-review: patterns[0].any_of: 词 "行政复议，复议决定" 里有中文逗号“，”,'
                       '会被当成一个词,永远匹配不上; 在 [...] 里用英文逗号 "," 分隔各词,或每行写一个词(- 词)')),
    "dunhao": (HEAD + ITEM.replace("any_of: [行政复议]", "any_of: [行政复议、复议决定]"),
               'broken.yaml:11: c22-review: patterns[0].any_of: 词 "行政复议、复议决定" 里有顿号“、”'),
    "fullwidth-colon": (HEAD + ITEM.replace("    title: 行政复议", "    title：行政复议"),
                        'broken.yaml:8: 字段名后用了全角冒号“：”,YAML 不认; 改成英文冒号加空格 ": "'),
    "fullwidth-space": (HEAD + ITEM.replace("    weight: 3", "\u3000\u3000weight: 3"),
                        "broken.yaml:9: YAML 的缩进或冒号后用了全角空格(U+3000); 改成半角空格"),
    # a half-width comma inside a sentence of a [...] list: YAML splits the sentence in two
    "comma-in-example": (HEAD + ITEM.replace('no_match: ["下一步,将加强行政复议工作。"]', "no_match: [下一步,将加强行政复议工作。]"),
                         'broken.yaml:14: c22-review: examples.no_match: 例句 "下一步,将加强行政复议工作。" 在 [...] 里'
                         '被半角逗号 "," 分成了两句("下一步" 和 "将加强行政复议工作。"); 句中的逗号请用全角 "，",'
                         "或给整句加引号,或每行写一句(- 例句)"),
    "extends-cycle": (HEAD.replace("kind: outline\n", "kind: outline\nextends: other\n") + ITEM,
                      "extends 形成了循环"),
}


def _files(case: str) -> dict[str, str]:
    text, _ = CASES[case]
    files = {"lists/broken.yaml": text}
    if case == "extends-cycle":
        files["lists/other.yaml"] = HEAD.replace("id: broken", "id: other").replace(
            "kind: outline\n", "kind: outline\nextends: broken\n") + ITEM
    return files


@pytest.mark.parametrize("case", sorted(CASES))
def test_validate_refuses(case, tmp_path):
    ws = workspace(tmp_path, _files(case))
    result = CliRunner().invoke(main, ["validate", str(ws / "lists" / "broken.yaml")])
    assert result.exit_code == 2, result.output
    assert CASES[case][1] in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("case", sorted(CASES))
def test_evaluate_refuses_and_writes_nothing(case, tmp_path):
    ws = workspace(tmp_path, {**_files(case), "in/a.txt": (REPORTS / SEEDS["章贡区"]).read_text(encoding="utf-8")})
    result = CliRunner().invoke(main, ["evaluate", str(ws / "in"), "--checklists", str(ws / "lists"),
                                       "--out", str(ws / "out")])
    assert result.exit_code == 2, result.output
    assert CASES[case][1] in result.output
    assert "Traceback" not in result.output
    assert not (ws / "out").exists()


def test_two_example_sentences_in_one_list_are_two_sentences(tmp_path):
    """[甲。, 乙。] (a comma and a space, or quotes) is a list of two sentences, not one cut in two."""
    for examples in ('no_match: [下一步将加强行政复议工作。, 我县将完善制度。]',
                     'no_match: ["下一步将加强行政复议工作。","我县将完善制度。"]'):
        text = HEAD + ITEM.replace('no_match: ["下一步,将加强行政复议工作。"]', examples)
        ws = workspace(tmp_path, {"lists/ok.yaml": text})
        result = CliRunner().invoke(main, ["validate", str(ws / "lists" / "ok.yaml")])
        assert result.exit_code == 0, result.output


def test_a_quoted_term_with_a_dunhao_is_a_fixed_phrase(tmp_path):
    text = HEAD + ITEM.replace("any_of: [行政复议]", "any_of: [行政复议, '放得下、接得住']")
    ws = workspace(tmp_path, {"lists/ok.yaml": text})
    result = CliRunner().invoke(main, ["validate", str(ws / "lists" / "ok.yaml")])
    assert result.exit_code == 0, result.output


def test_a_broken_draft_beside_good_checklists_does_not_stop_the_run(tmp_path):
    """A checklist being written sits in checklists/: runs that do not use it go on, and say so."""
    good = (CHECKLISTS / "report-rules.yaml").read_text(encoding="utf-8")
    ws = workspace(tmp_path, {"lists/rules.yaml": good, "lists/draft.yaml": CASES["weight-not-number"][0],
                              "in/a.txt": (REPORTS / SEEDS["章贡区"]).read_text(encoding="utf-8")})
    result = CliRunner().invoke(main, ["evaluate", str(ws / "in"), "--checklists", str(ws / "lists"),
                                       "--out", str(ws / "out"), "--format", "json"])
    assert result.exit_code == 0, result.output
    draft = ws / "lists" / "draft.yaml"
    assert result.output.splitlines()[:2] == [
        f'警告: {draft}:9: c22-review: weight: "三" 不是数字; 这里请写数字(该清单未使用)',
        f"警告: 跳过了 1 个有问题的清单: {draft}; 其余清单照常使用。修改后运行 lawscore validate 检查",
    ]
    assert (ws / "out" / "results.json").is_file()
    # asked for by name, the broken checklist is an error
    result = CliRunner().invoke(main, ["evaluate", str(ws / "in"), "--checklists", str(ws / "lists"),
                                       "--checklist", str(draft), "--out", str(ws / "out2")])
    assert result.exit_code == 2
    assert result.output == (f'{draft}:9: c22-review: weight: "三" 不是数字; 这里请写数字\n'
                             "错误: 清单有 1 个问题,请按上面每行的说明修改\n")
    assert not (ws / "out2").exists()
    # and by id: the draft may be the one meant, so its problems are shown with the answer
    result = CliRunner().invoke(main, ["evaluate", str(ws / "in"), "--checklists", str(ws / "lists"),
                                       "--checklist", "broken", "--out", str(ws / "out2")])
    assert result.exit_code == 2
    assert f'{draft}:9: c22-review: weight: "三" 不是数字' in result.output
    assert f'{ws / "lists"}: 没有 id 为 "broken" 的清单; 请用其中之一: report-rules' in result.output
