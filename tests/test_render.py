"""HTML output: one scorecard per jurisdiction, escaped text, safe file names, no external resources."""
import re
from pathlib import Path

from lawscore import checklist, pipeline, render
from lawscore.model import Metadata, ReportResult

from conftest import CHECKLISTS, SEEDS, document

HOSTILE = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")

OUTLINE = """\
id: outline-test
title: 测试纲要清单
kind: outline
chapters:
  - id: "三"
    title: 健全依法行政制度体系
  - id: "七"
    title: 化解社会矛盾纠纷
items:
  - id: c10-norms
    clause: 10
    chapter: "三"
    title: 加强行政规范性文件制定监督管理
    weight: 2
    patterns:
      - any_of: [规范性文件]
    examples:
      match: [全年审查规范性文件35件。]
      no_match: [下一步,将加强工作。]
  - id: c22-review
    clause: 22
    chapter: "七"
    title: 行政复议
    weight: 3
    patterns:
      - any_of: [行政复议]
    examples:
      match: [全年收到行政复议申请156件。]
      no_match: [下一步,将加强工作。]
  - id: c23-suits
    clause: 23
    chapter: "七"
    title: 行政应诉
    weight: 1
    patterns:
      - any_of: [出庭应诉]
    examples:
      match: [行政机关负责人出庭应诉率100%。]
      no_match: [下一步,将加强工作。]
"""

REPORT = """\
2023年测试县法治政府建设年度报告
发布日期:2024-03-01
2023年,测试县坚持以习近平法治思想为指导,全面推进依法行政。
一、主要举措和成效
(一)健全制度体系
全年共审查县政府规范性文件35件,提出合法性审查意见140条。
二、存在的不足和原因
行政复议工作还存在短板,办案力量不足。
三、党政主要负责人履行第一责任人职责情况
县长亲自部署法治政府建设工作,全年召开专题会议4次。
四、下一年度工作安排
下一步,我县将继续加强法治政府建设。
"""


def pages(out: Path) -> dict[str, str]:
    return {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in sorted(out.rglob("*.html"))}


def outline_setup() -> pipeline.Setup:
    outline, problems = checklist.parse(OUTLINE, "outline-test.yaml")
    assert problems == [] and outline is not None
    rules = checklist.load(CHECKLISTS / "report-rules.yaml")
    return pipeline.Setup((outline, rules))


def test_seeds_write_index_and_one_scorecard_per_jurisdiction(seed_results, tmp_path):
    written = render.write_html(list(seed_results.values()), [], tmp_path)
    names = sorted(r.metadata.jurisdiction for r in seed_results.values())
    assert [n for n in names if not any(n.endswith(seed) for seed in SEEDS)] == []
    assert written == sorted(["index.html", *(render.scorecard_path(name) for name in names)])
    assert sorted(pages(tmp_path)) == written
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    for name in names:
        assert f'href="{render.scorecard_path(name)}">{name}</a>' in index
    for rel in written[1:]:
        page = (tmp_path / rel).read_text(encoding="utf-8")
        assert '<html lang="zh-CN">' in page
        assert re.search(r'id="r[0-9a-f]{8}-s0"', page)  # the report text is there, sentence by sentence
        assert 'href="../index.html"' in page


def test_hostile_text_is_escaped_everywhere(setup, tmp_path):
    text = (
        f"2023年测试县{HOSTILE[0]}法治政府建设年度报告{HOSTILE[1]}\n"
        "发布日期:2024-03-01\n"
        f"一、主要举措和成效\n全年审查行政规范性文件35件{HOSTILE[0]}。\n{HOSTILE[1]}行政复议申请12件。\n"
    )
    names = [f"{HOSTILE[0]}县", f"{HOSTILE[1]}"]
    results = [
        pipeline.evaluate_document(document(text, f"reports/{HOSTILE[1]}.txt"), setup, {"jurisdiction": name})
        for name in names
    ]
    results.append(pipeline.evaluate_document(document(text, f"{HOSTILE[0]}.txt"), outline_setup()))
    unreadable = ReportResult(source=f"{HOSTILE[0]}.pdf", document=None, normalized=None, segmentation=None,
                              metadata=Metadata(), outline=None, rules=None, errors=(f"坏文件 {HOSTILE[1]}",))
    written = render.write_html([*results, unreadable], [(HOSTILE[1], HOSTILE[0])], tmp_path)
    assert len(written) == 4  # index + three jurisdictions
    found = pages(tmp_path)
    for rel, page in found.items():
        for bad in (*HOSTILE, "<script", "<img"):
            assert bad not in page, (rel, bad)
        assert not re.search(r"<[^>]*\son\w+\s*=", page, re.I), rel
    everything = "".join(found.values())
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in everything
    assert "&lt;img src=x onerror=alert(1)&gt;" in everything
    assert "<mark>规范性文件</mark>" in everything  # highlighting survives escaping


def test_a_jurisdiction_cannot_escape_the_output_folder(setup, tmp_path):
    out = tmp_path / "a" / "b" / "out"
    names = ["../../x", "../../../etc/passwd", "a/b\\c", "/abs", "..", ".", "C:\\x"]
    results = [pipeline.evaluate_document(document(REPORT, f"{k}.txt"), setup, {"jurisdiction": n})
               for k, n in enumerate(names)]
    written = render.write_html(results, [], out)
    assert len(written) == len(names) + 1
    for rel in written:
        assert re.fullmatch(r"index\.html|scorecards/[0-9A-Za-z\u4e00-\u9fff]*-?[0-9a-f]{8}\.html|scorecards/j-[0-9a-f]{8}\.html", rel)
        assert (out / rel).resolve().is_relative_to(out.resolve())
    outside = [p for p in tmp_path.rglob("*") if p.is_file() and not p.resolve().is_relative_to(out.resolve())]
    assert outside == []


def test_slug_is_safe_and_deterministic():
    assert render.slug("../../x") == render.slug("../../x")
    assert render.slug("../../x").startswith("x-")
    assert render.slug("../../x") != render.slug("x")
    assert render.slug("嵊泗县") == "嵊泗县-" + __import__("hashlib").sha1("嵊泗县".encode()).hexdigest()[:8]
    assert render.slug("../") .startswith("j-")


def test_no_external_resources(seed_results, setup, tmp_path):
    extra = pipeline.evaluate_document(document(REPORT + "详见 https://example.gov.cn/a.html 。\n"), outline_setup())
    render.write_html([*seed_results.values(), extra], [], tmp_path)
    for rel, page in pages(tmp_path).items():
        assert not re.search(r"""(?:src|href|action|srcset)\s*=\s*["']?\s*(?:[a-z]+:)?//""", page, re.I), rel
        assert not re.search(r"<script|<link|<iframe|<object|<embed|@import|url\(", page, re.I), rel
        assert "/tmp" not in page and str(tmp_path) not in page, rel


def test_rendering_twice_gives_identical_files(seed_results, tmp_path):
    results = list(seed_results.values())
    first = render.write_html(results, [("gone.txt", "file not found")], tmp_path / "one")
    second = render.write_html(list(reversed(results)), [("gone.txt", "file not found")], tmp_path / "two")
    assert first == second
    for rel in first:
        assert (tmp_path / "one" / rel).read_bytes() == (tmp_path / "two" / rel).read_bytes(), rel


def test_outline_items_statuses_quotes_and_anchors(tmp_path):
    result = pipeline.evaluate_document(document(REPORT, "reports/test.txt"), outline_setup())
    assert result.outline is not None
    written = render.write_html([result], [], tmp_path)
    page = (tmp_path / written[1]).read_text(encoding="utf-8")
    for label in ("各章得分", "必备内容", "需要追问的事项", "测试纲要清单", "健全依法行政制度体系", "化解社会矛盾纠纷"):
        assert label in page
    statuses = {ir.item.id: ir.status for ir in result.outline.items}
    for status in set(statuses.values()):
        assert f'class="status status-{status}"' in page
        assert render.STATUS_LABELS[status] in page
    assert statuses["c23-suits"] == "missing"
    follow = page.split("需要追问的事项", 1)[1].split("纲要清单逐项", 1)[0]
    assert "行政应诉" in follow and "加强行政规范性文件制定监督管理" not in follow
    assert "<mark>规范性文件</mark>" in page
    assert "<svg" in page and "<title" in page and "<desc" in page
    # every in-page link points at an anchor on the page
    ids = set(re.findall(r'id="([^"]+)"', page))
    links = re.findall(r'href="#([^"]+)"', page)
    assert links and set(links) <= ids
    assert re.search(r'class="sent role-\w+[^"]* ev" id="r[0-9a-f]{8}-s\d+"', page)
    assert "2024-03-01" in page and "2023年度" in page and "县级" in page


def test_without_an_outline_checklist_the_page_says_so(tmp_path):
    rules = checklist.load(CHECKLISTS / "report-rules.yaml")
    result = pipeline.evaluate_document(document(REPORT), pipeline.Setup((rules,)))
    assert result.outline is None
    written = render.write_html([result], [], tmp_path)
    page = (tmp_path / written[1]).read_text(encoding="utf-8")
    assert render.NO_CHECKLIST in page
    assert render.NO_CHECKLIST in (tmp_path / "index.html").read_text(encoding="utf-8")


def test_unreadable_reports_are_listed_not_scored(setup, tmp_path):
    bad = ReportResult(source="reports/bad.pdf", document=None, normalized=None, segmentation=None,
                       metadata=Metadata(), outline=None, rules=None, errors=("PDF 没有文字层",))
    good = pipeline.evaluate_document(document(REPORT, "reports/good.txt"), setup)
    written = render.write_html([bad, good], [("reports/missing.doc", "无法打开")], tmp_path)
    assert len(written) == 2
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    tail = index.split("无法读取的报告</h2>", 1)[1]
    assert "reports/bad.pdf" in tail and "PDF 没有文字层" in tail
    assert "reports/missing.doc" in tail and "无法打开" in tail
    assert tail.index("reports/bad.pdf") < tail.index("reports/missing.doc")


def test_reports_of_one_jurisdiction_share_a_page_sorted_by_year(setup, tmp_path):
    later = pipeline.evaluate_document(document(REPORT, "b.txt"), setup, {"jurisdiction": "测试县", "year": 2023})
    earlier = pipeline.evaluate_document(document(REPORT.replace("2023", "2021"), "a.txt"), setup,
                                         {"jurisdiction": "测试县", "year": 2021})
    nameless = pipeline.evaluate_document(document("全年审查规范性文件3件。\n", "reports/无名.txt"), setup)
    written = render.write_html([later, earlier, nameless], [], tmp_path)
    assert render.scorecard_path("测试县") in written
    if nameless.metadata.jurisdiction is None:
        assert render.scorecard_path("无名") in written
    page = (tmp_path / render.scorecard_path("测试县")).read_text(encoding="utf-8")
    assert page.index("2021年度") < page.index("2023年度")
    assert f'id="{render.anchor("a.txt")}"' in page and f'id="{render.anchor("b.txt")}"' in page
