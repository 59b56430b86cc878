"""HTML output: one scorecard per jurisdiction, escaped text, safe file names, no external resources."""
import dataclasses
import re
from pathlib import Path

from lawscore import checklist, followups, labels, paths, pipeline, score
from lawscore.model import Metadata, ReportResult
from lawscore.render import index, scorecard, views, writer

from conftest import CHECKLISTS, SEEDS, document, write_output
from conftest import TEST_OUTLINE as OUTLINE

HOSTILE = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")


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


def cards(written: list[str]) -> list[str]:
    return [w for w in written if w.startswith("scorecards/")]


def pages(out: Path) -> dict[str, str]:
    return {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in sorted(out.rglob("*.html"))}


def outline_setup() -> pipeline.ChecklistSet:
    outline, problems = checklist.parse(OUTLINE, "outline-test.yaml")
    assert problems == [] and outline is not None
    rules = checklist.load(CHECKLISTS / "report-rules.yaml")
    return pipeline.ChecklistSet((outline, rules))


def test_seeds_write_index_and_one_scorecard_per_jurisdiction(seed_results, tmp_path):
    written = write_output(tmp_path, list(seed_results.values()), [])
    names = sorted(r.metadata.jurisdiction for r in seed_results.values())
    assert [n for n in names if not any(n.endswith(seed) for seed in SEEDS)] == []
    assert cards(written) == sorted(paths.scorecard_path(name) for name in names)
    assert "index.html" in written
    assert sorted(pages(tmp_path)) == written
    index_html = (tmp_path / "index.html").read_text(encoding="utf-8")
    for r in seed_results.values():
        name, anchor = r.metadata.jurisdiction, paths.anchor(r.source)
        # the row links to the scorecard's way back to this very page, which links to the row
        assert f'<tr id="row-{anchor}"><th scope="row"><a href="{paths.scorecard_path(name)}#from-index--{anchor}">{name}</a>' in index_html
        card = (tmp_path / paths.scorecard_path(name)).read_text(encoding="utf-8")
        assert (f'<a class="back-view noprint" id="from-index--{anchor}" href="../index.html#row-{anchor}">'
                "← 返回列表：全部报告 · 按地区名称</a>") in card
    for rel in cards(written):
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
    written = write_output(tmp_path, [*results, unreadable], [(HOSTILE[1], HOSTILE[0])])
    assert len(cards(written)) == 3
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
    written = write_output(out, results, [])
    assert len(cards(written)) == len(names)
    for rel in written:
        assert re.fullmatch(r"index\.html|coverage\.html|indicators(-by-[a-z0-9.-]+)?(-\d+)?\.html|views/[a-z0-9_-]+\.html|scorecards/[0-9A-Za-z\u4e00-\u9fff]*-?[0-9a-f]{8}\.html|scorecards/j-[0-9a-f]{8}\.html|coverage/[0-9A-Za-z\u4e00-\u9fff]*-[0-9a-f]{8}\.html", rel)
        assert (out / rel).resolve().is_relative_to(out.resolve())
    outside = [p for p in tmp_path.rglob("*") if p.is_file() and not p.resolve().is_relative_to(out.resolve())]
    assert outside == []


def test_slug_is_safe_and_deterministic():
    assert paths.slug("../../x") == paths.slug("../../x")
    assert paths.slug("../../x").startswith("x-")
    assert paths.slug("../../x") != paths.slug("x")
    assert paths.slug("嵊泗县") == "嵊泗县-" + __import__("hashlib").sha1("嵊泗县".encode()).hexdigest()[:8]
    assert paths.slug("../") .startswith("j-")


def test_no_external_resources(seed_results, setup, tmp_path):
    extra = pipeline.evaluate_document(document(REPORT + "详见 https://example.gov.cn/a.html 。\n"), outline_setup())
    write_output(tmp_path, [*seed_results.values(), extra], [])
    for rel, page in pages(tmp_path).items():
        assert not re.search(r"""(?:src|href|action|srcset)\s*=\s*["']?\s*(?:[a-z]+:)?//""", page, re.I), rel
        assert not re.search(r"<script|<link|<iframe|<object|<embed|@import|url\(", page, re.I), rel
        # The copyable `lawscore review …` lines name each report by the path it was given to
        # evaluate (issue 28), wherever the checkout lies (CI may clone into /tmp); no other
        # local path, and never the output folder, appears on a page.
        rest = re.sub(r'<code class="cmd">[^<]*</code>', "", page)
        assert "/tmp" not in rest and str(tmp_path) not in page, rel


def test_rendering_twice_gives_identical_files(seed_results, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the pages' date: the same even across midnight
    results = list(seed_results.values())
    first = write_output(tmp_path / "one", results, [("gone.txt", "file not found")])
    second = write_output(tmp_path / "two", list(reversed(results)), [("gone.txt", "file not found")])
    assert first == second
    for rel in first:
        assert (tmp_path / "one" / rel).read_bytes() == (tmp_path / "two" / rel).read_bytes(), rel


def test_outline_items_statuses_quotes_and_anchors(tmp_path):
    result = pipeline.evaluate_document(document(REPORT, "reports/test.txt"), outline_setup())
    assert result.outline is not None
    written = write_output(tmp_path, [result], [])
    page = (tmp_path / cards(written)[0]).read_text(encoding="utf-8")
    for label in ("各章覆盖度", "必备内容", "需要追问的事项", "测试纲要清单", "健全依法行政制度体系", "化解社会矛盾纠纷"):
        assert label in page
    statuses = {ir.item.id: ir.status for ir in result.outline.items}
    for status in set(statuses.values()):
        assert f'class="status status-{status}"' in page
        assert labels.STATUS_LABELS[status] in page
    assert statuses["c23-suits"] == "missing"
    follow = page.split('-followups">需要追问的事项</h3>', 1)[1].split("纲要清单逐项", 1)[0]
    assert "行政应诉" in follow and "规范性文件合法性审核" not in follow
    assert "<mark>规范性文件</mark>" in page
    chart = page.split('<figure class="chart">', 1)[1].split("</figure>", 1)[0]  # bars of text, read aloud
    assert '<span class="lbl" title="健全依法行政制度体系">健全依法行政制度体系</span>' in chart
    assert re.search(r'<span class="val">\d+\.\d<span class="sr-only">（(绿|黄|红)：', chart)
    # every in-page link points at an anchor on the page
    ids = set(re.findall(r'id="([^"]+)"', page))
    links = re.findall(r'href="#([^"]+)"', page)
    assert links and set(links) <= ids
    assert re.search(r'class="sent role-\w+[^"]* ev" id="r[0-9a-f]{8}-s\d+"', page)
    assert "2024-03-01" in page and "2023年度" in page and "县级" in page


def test_without_an_outline_checklist_the_page_says_so(tmp_path):
    rules = checklist.load(CHECKLISTS / "report-rules.yaml")
    result = pipeline.evaluate_document(document(REPORT), pipeline.ChecklistSet((rules,)))
    assert result.outline is None
    written = write_output(tmp_path, [result], [])
    page = (tmp_path / cards(written)[0]).read_text(encoding="utf-8")
    assert labels.NO_CHECKLIST in page
    assert labels.NO_CHECKLIST in (tmp_path / "index.html").read_text(encoding="utf-8")


def test_unreadable_reports_are_listed_not_scored(setup, tmp_path):
    bad = ReportResult(source="reports/bad.pdf", document=None, normalized=None, segmentation=None,
                       metadata=Metadata(), outline=None, rules=None, errors=("PDF 没有文字层",))
    good = pipeline.evaluate_document(document(REPORT, "reports/good.txt"), setup)
    written = write_output(tmp_path, [bad, good], [("reports/missing.doc", "无法打开")])
    assert len(cards(written)) == 1
    index_html = (tmp_path / "index.html").read_text(encoding="utf-8")
    tail = index_html.split("无法读取的报告</h2>", 1)[1]
    assert "reports/bad.pdf" in tail and "PDF 没有文字层" in tail
    assert "reports/missing.doc" in tail and "无法打开" in tail
    assert tail.index("reports/bad.pdf") < tail.index("reports/missing.doc")


def test_reports_of_one_jurisdiction_share_a_page_sorted_by_year(setup, tmp_path):
    later = pipeline.evaluate_document(document(REPORT, "b.txt"), setup, {"jurisdiction": "测试县", "year": 2023})
    earlier = pipeline.evaluate_document(document(REPORT.replace("2023", "2021"), "a.txt"), setup,
                                         {"jurisdiction": "测试县", "year": 2021})
    nameless = pipeline.evaluate_document(document("全年审查规范性文件3件。\n", "reports/无名.txt"), setup)
    written = write_output(tmp_path, [later, earlier, nameless], [])
    assert paths.scorecard_path("测试县") in written
    if nameless.metadata.jurisdiction is None:
        assert paths.scorecard_path("无名") in written
    page = (tmp_path / paths.scorecard_path("测试县")).read_text(encoding="utf-8")
    assert page.index("2021年度") < page.index("2023年度")
    assert f'id="{paths.anchor("a.txt")}"' in page and f'id="{paths.anchor("b.txt")}"' in page


# ---------------------------------------------------------------- timeliness, comparisons, index views


def test_header_shows_publication_and_timeliness(setup, tmp_path):
    late = pipeline.evaluate_document(document(REPORT, "late.txt"), setup,
                                      {"jurisdiction": "测试县", "published": "2024-05-06"})
    write_output(tmp_path, [late], [])
    page = (tmp_path / paths.scorecard_path("测试县")).read_text(encoding="utf-8")
    head = page.split("</header>", 1)[0]
    assert "2024-05-06" in head and "逾期发布" in head
    assert "逾期发布" in (tmp_path / "index.html").read_text(encoding="utf-8")


def test_year_over_year_changes(tmp_path):
    setup = outline_setup()
    earlier = pipeline.evaluate_document(document(REPORT.replace("全年共审查县政府规范性文件35件,提出合法性审查意见140条。\n", ""), "a.txt"),
                                         setup, {"jurisdiction": "测试县", "year": 2022, "published": "2023-03-01"})
    later = pipeline.evaluate_document(document(REPORT, "b.txt"), setup, {"jurisdiction": "测试县", "year": 2023})
    before = {ir.item.id: ir.status for ir in earlier.outline.items}
    after = {ir.item.id: ir.status for ir in later.outline.items}
    assert before["c9-norms"] != after["c9-norms"] == "met"
    write_output(tmp_path, [later, earlier], [])
    page = (tmp_path / paths.scorecard_path("测试县")).read_text(encoding="utf-8")
    trend = page.split('id="trend"', 1)[1].split('<section class="report"', 1)[0]
    assert "历年变化" in page and "2022年度 → 2023年度" in trend
    delta = later.outline.score - earlier.outline.score
    assert f"▲ +{delta:.1f}" in trend
    changes = trend.split("状态变化的事项", 1)[1]
    assert "规范性文件合法性审核" in changes and "▲ 改善" in changes
    assert "行政应诉" not in changes  # missing in both years


def test_summary_is_small_and_shares_item_lists(seed_results, tmp_path):
    import pickle
    results = list(seed_results.values())
    summaries = [scorecard.summarize(r) for r in results]
    for s, r in zip(summaries, results):
        assert len(s.statuses) == len(r.outline.items)
        # What crosses from a worker grows with the checklist, not with the report's text.
        assert len(pickle.dumps(s)) < 4_000 + 150 * len(s.items)
    html_writer = writer.HtmlWriter(tmp_path)
    for s in summaries:
        html_writer.add(s, "<section></section>")
    kept = [e[0] for entries in html_writer.groups.values() for e in entries]
    assert len({id(s.items) for s in kept}) == len({s.checklist_id for s in kept}) < len(kept)  # one list per checklist
    html_writer.finish()


def test_corresponding_2021_clauses_are_shown(tmp_path):
    old = OUTLINE.replace("clause: 9\n", "measure: 12\n    corresponds: [10, 11]\n").replace("id: outline-test", "id: outline-old")
    outline, problems = checklist.parse(old, "outline-old.yaml")
    assert problems == [], problems
    result = pipeline.evaluate_document(document(REPORT, "old.txt"), pipeline.ChecklistSet((outline,)))
    write_output(tmp_path, [result], [])
    # 测试县 is no place the gazetteer knows: the report goes on its file's scorecard.
    page = (tmp_path / paths.scorecard_path(labels.group_name(result))).read_text(encoding="utf-8")
    assert "对应2021—2025纲要第（十）、（十一）节" in page
    assert "措施12" in page


def _synthetic(n: int) -> dict[str, list[views.Summary]]:
    groups: dict[str, list[views.Summary]] = {}
    chapters = (("三", "健全依法行政制度体系"), ("七", "化解社会矛盾纠纷"))
    for k in range(n):
        name = f"测试{k:04d}县"
        year = 2021 + k % 3
        groups.setdefault(name, []).append(views.Summary(
            source=f"r/{k}.txt", source_name=f"{k}.txt", name=name, anchor=paths.anchor(f"r/{k}.txt"),
            level=("county", "city", "township")[k % 3], year=year, year_label=f"{year}年度",
            published=f"{year + 1}-0{1 + k % 5}-01", score=float(k % 100), checklist_title="测试",
            timeliness=score.timeliness(year, f"{year + 1}-0{1 + k % 5}-01"), checklist_id="outline-test",
            chapters=tuple((cid, t, float((k * 7 + j) % 100)) for j, (cid, t) in enumerate(chapters)),
        ))
    return groups


def test_index_is_paginated_with_static_sorted_and_filtered_views():
    groups = _synthetic(450)
    pages_ = dict(index.index_pages(groups, [views.ErrorRow("bad.pdf", "没有文字层")], page_size=200))
    assert {"index.html", "index-2.html", "index-3.html"} <= set(pages_)
    assert "index-4.html" not in pages_
    first = pages_["index.html"]
    assert [pages_[f].row_count for f in ("index.html", "index-2.html", "index-3.html")] == [200, 200, 50]
    assert first.errors and not pages_["index-2.html"].errors  # the unreadable list is on the first page
    assert [[c.label for c in t.columns] for t in first.tables] == [["三", "七"]]
    asc = pages_["views/score-asc.html"].tables[0].rows
    assert asc[0].score_label == "0.0" and pages_["views/score-desc.html"].tables[0].rows[0].score_label == "99.0"
    county = [p for f, p in pages_.items() if f.startswith("views/level-county")]
    assert county and all(r.level_label == "县级" for p in county for t in p.tables for r in t.rows)
    assert pages_["views/year-2022.html"].row_count == 150
    assert "views/timeliness-late.html" in pages_ and "views/timeliness-on_time.html" in pages_
    # every link between index pages points at a page that exists
    for rel, page in pages_.items():
        for group in (page.sorts, *page.filters):
            assert all(link.href in pages_ for link in group.links if link.href), rel
        assert all(link.href in pages_ for link in page.pages if link is not None), rel


def test_index_filters_combine_and_keep_each_other_and_the_order():
    groups = _synthetic(450)  # levels county/city/township and years 2021-2023, k % 3 both: level fixes the year
    pages_ = dict(index.index_pages(groups, [], page_size=200))
    both = pages_["views/level-county-year-2021-score-asc.html"]
    rows = [r for t in both.tables for r in t.rows]
    assert len(rows) == 150 and {(r.level_label, r.year_label) for r in rows} == {("县级", "2021年度")}
    assert [r.score_label for r in rows] == sorted((r.score_label for r in rows), key=float)
    assert both.view_label == "层级：县级 · 报告年度：2021年度 · 覆盖度从低到高"
    level, year, timeliness = both.filters[1:]
    # each filter's links keep the other filter and the order; a choice that lists nothing is not a link
    assert [(link.label, link.href, link.current) for link in year.links] == [
        ("不限", "views/level-county-score-asc.html", False),
        ("2023年度（0）", "", False),
        ("2022年度（0）", "", False),
        ("2021年度（150）", "views/level-county-year-2021-score-asc.html", True),
    ]
    assert level.links[0] == views.Link("不限", "views/year-2021-score-asc.html", False)
    assert timeliness.label == "发布及时性" and all("level-county-year-2021-timeliness-" in link.href
                                                    for link in timeliness.links[1:] if link.href)
    for rel, page in pages_.items():
        for group in (page.sorts, *page.filters):
            assert all(link.href in pages_ for link in group.links if link.href), rel


def test_a_scorecard_links_back_to_the_page_and_row_it_was_opened_from():
    groups = _synthetic(450)
    plan = index.ViewPlan(groups, page_size=200)
    pages_ = dict(index.index_pages(groups, [], page_size=200, plan=plan))
    late = groups["测试0449县"][0]  # the last by name: on the third page of the name order
    page = pages_["index-3.html"]
    row = next(m for t in page.tables for m in t.markup if "测试0449县" in m)
    assert f'<tr id="row-{late.anchor}">' in row and f'#from-index-3--{late.anchor}"' in row
    back = {b.id: b for b in plan.back_links(late)}
    assert len(back) == 2 ** 3 * 3  # each filter fixed or open, in each order
    assert back[f"from-index-3--{late.anchor}"] == views.BackLink(
        f"from-index-3--{late.anchor}", f"index-3.html#row-{late.anchor}", "全部报告 · 按地区名称，第3/3页")
    for b in back.values():  # every way back leads to a page that lists the report
        rel, fragment = b.href.split("#")
        assert any(f'<tr id="{fragment}">' in m for t in pages_[rel].tables for m in t.markup), b


def test_an_index_without_readable_reports_shows_no_empty_filters(tmp_path):
    written = writer.write_index(tmp_path, {}, [views.ErrorRow("坏.pdf", "PDF 没有文字层")])
    assert written == ["index.html"]
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "没有可读的报告" in page and "坏.pdf" in page
    for label in ("排序：", "层级：", "报告年度：", "发布及时性："):
        assert label not in page


def test_follow_ups_skip_missing_items_of_sections_the_report_covers(seed_results, tmp_path):
    """江北区 reports work on 行政复议 (clause 22), so its other clause-22 items are not questions."""
    result = next(r for r in seed_results.values() if r.metadata.jurisdiction.endswith("江北区"))
    statuses = {ir.item.id: (ir.item.clause, ir.status) for ir in result.outline.items}
    covered = {c for c, st in statuses.values() if st in ("met", "partial")}
    assert 22 in covered
    follow = followups.follow_ups(result)
    asked = {f.title for f in follow}
    for ir in result.outline.items:
        # the letter writes titles with full-width punctuation (，；)
        if ir.status == "missing" and ir.item.clause in covered:
            assert labels.zh_punct(ir.item.title) not in asked
        if ir.status == "gap":
            assert labels.zh_punct(ir.item.title) in asked
    # A section with nothing at all is one question, however many items it has.
    uncovered = sorted({c for c, st in statuses.values() if c not in covered and st == "missing"})
    outline_asks = [f for f in follow if f.clause_label != "必备内容" and f.status == "missing"]
    assert len(outline_asks) == len(uncovered)
    # The report's required parts are asked for when they lack; the optional 其他需要报告的情况 never.
    parts = [ir.item.title for ir in result.rules.items if ir.status in followups.FOLLOW_UP and not ir.item.optional]
    assert [f.title for f in follow if f.clause_label == "必备内容"] == parts
    assert any(ir.item.optional and ir.status == "missing" for ir in result.rules.items)


def test_slogan_items_are_shown_as_mentioned_with_their_quote_and_asked_about(seed_results, tmp_path):
    """江北区's 第一责任人 item: ○ 仅有表述 above the slogan it quotes, never ✗ 未提及; its
    parts on shortcomings and plans say what they found in their own terms."""
    result = seed_results["001_8a596ebcca1d5ce5.txt"]
    write_output(tmp_path, [result], [])
    # 测试县 is no place the gazetteer knows: the report goes on its file's scorecard.
    page = (tmp_path / paths.scorecard_path(labels.group_name(result))).read_text(encoding="utf-8")
    row = page[page.index("党政主要负责人履行推进法治建设第一责任人职责<"):]
    row = row[:row.index("</tr>")]
    assert '<span class="status status-mentioned">○ 仅有表述</span>' in row
    assert "只有口号式表述（1处），没有具体工作" in row and "党政主要领导积极履行" in row
    assert "<dd>提到了该事项，但只有口号式表述，没有具体工作</dd>" in page  # the legend
    assert "（已写明存在的不足）" in page and "（已写明下一年度安排）" in page
    # Clause 32 has other items with work, so this one is not a question; 海晏县's 措施15 is.
    assert "党政主要负责人履行推进法治建设第一责任人职责" not in {f.title for f in followups.follow_ups(result)}
    asked = {(f.status, f.clause_label, f.reason) for f in followups.follow_ups(seed_results["002_a79ef2748fc77e33.txt"])}
    assert ("mentioned", "措施15", "只有口号式表述（1处），没有具体工作") in asked


def test_places_of_one_name_under_different_parents_get_their_own_scorecards(tmp_path):
    """Two 城关镇 of different counties (issue 17.5): the full name is the key and the file name."""
    setup = outline_setup()
    henan = pipeline.evaluate_document(document(REPORT, "a.txt"), setup, {"jurisdiction": "河南省X县城关镇", "year": 2023})
    gansu = pipeline.evaluate_document(document(REPORT, "b.txt"), setup, {"jurisdiction": "甘肃省Y县城关镇", "year": 2023})
    written = write_output(tmp_path, [henan, gansu], [])
    assert cards(written) == sorted([paths.scorecard_path("河南省X县城关镇"), paths.scorecard_path("甘肃省Y县城关镇")])
    assert len(set(cards(written))) == 2
    for name in ("河南省X县城关镇", "甘肃省Y县城关镇"):
        page = (tmp_path / paths.scorecard_path(name)).read_text(encoding="utf-8")
        assert f"<h1>{name} 法治政府建设年度报告评分</h1>" in page
        assert "历年变化" not in page  # one report each: nothing to compare
    assert "同名同年度" not in (tmp_path / "index.html").read_text(encoding="utf-8")


def test_one_name_one_year_two_files_is_a_warning_and_never_compared(tmp_path):
    setup = outline_setup()
    first = pipeline.evaluate_document(document(REPORT, "reports/a.txt"), setup, {"jurisdiction": "城关镇", "year": 2023})
    second = pipeline.evaluate_document(document(REPORT.replace("全年共审查县政府规范性文件35件,提出合法性审查意见140条。\n", ""),
                                                 "reports/b.txt"), setup, {"jurisdiction": "城关镇", "year": 2023})
    write_output(tmp_path, [first, second], [])
    index_html = (tmp_path / "index.html").read_text(encoding="utf-8")
    same = index_html.split('id="same-year"', 1)[1].split("</table>", 1)[0]
    assert f'<tr><td><a href="{paths.scorecard_path("城关镇")}">城关镇</a></td><td>2023年度</td><td>reports/a.txt、reports/b.txt</td></tr>' in same
    page = (tmp_path / paths.scorecard_path("城关镇")).read_text(encoding="utf-8")
    assert "2023年度有2份报告（reports/a.txt、reports/b.txt）" in page
    trend = page.split('id="trend"', 1)[1].split('<section class="report"', 1)[0]
    assert "2023年度 → 2023年度" not in trend and "状态变化的事项" not in trend
    assert 'class="delta' not in trend  # no year is compared with itself


def test_a_year_repeated_is_compared_only_with_an_earlier_year(tmp_path):
    setup = outline_setup()
    old = pipeline.evaluate_document(document(REPORT, "a.txt"), setup, {"jurisdiction": "城关镇", "year": 2022})
    twins = [pipeline.evaluate_document(document(REPORT, f"{k}.txt"), setup, {"jurisdiction": "城关镇", "year": 2023})
             for k in "bc"]
    write_output(tmp_path, [old, *twins], [])
    trend = (tmp_path / paths.scorecard_path("城关镇")).read_text(encoding="utf-8").split('id="trend"', 1)[1]
    assert trend.count("2022年度 → 2023年度") == 1
    assert "2023年度 → 2023年度" not in trend


def test_a_departments_scorecard_sits_under_its_place_on_the_index(tmp_path):
    """issue 24: 厦门市人民政府外事办公室 follows 厦门市, before 厦门市思明区, and says whose it is."""
    setup = outline_setup()
    results = [pipeline.evaluate_document(document(REPORT, f"{k}.txt"), setup, {"jurisdiction": name, "year": 2023})
               for k, name in (("a", "厦门市思明区"), ("b", "厦门市人民政府外事办公室"), ("c", "厦门市"))]
    assert results[1].metadata.unit == "厦门市"
    write_output(tmp_path, results, [])
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    at = [index.index(f">{name}</a>") for name in ("厦门市", "厦门市人民政府外事办公室", "厦门市思明区")]
    assert at == sorted(at)
    assert "厦门市人民政府外事办公室</a><br><small>属厦门市</small>" in index


def test_chapters_have_headings_back_links_come_one_per_sentence_and_notices_are_not_warnings(setup, tmp_path):
    """Issue 25 point 13: a screen reader can jump between chapters by heading; a sentence that
    supports three items reads one "↩3" control, not three links; 繁体 and 拼音 notices are facts
    about the text, not warnings."""
    text = ("2023年測試縣法治政府建設年度報告\n發佈日期:2024-03-01\n一、主要举措和成效\n"
            "全年审查行政规范性文件35件,全部报送备案,开展行政复议案件审理12件,行政机关负责人出庭应诉率100%。\n"
            "二、存在的不足\n基层法治力量仍然薄弱。\n三、下一年度安排\n2024年将继续加强行政执法监督。\n")
    result = pipeline.evaluate_document(document(text, "reports/test.txt"), outline_setup())
    written = write_output(tmp_path, [result], [])
    page = (tmp_path / cards(written)[0]).read_text(encoding="utf-8")
    prefix = paths.anchor(result.source)
    chapters = re.findall(rf'<h4 id="{prefix}-ch(\d+)">([^<]+)</h4>\n<table class="items stack">\n<caption>本章覆盖度 ', page)
    assert [n for n, _ in chapters] == [str(k) for k in range(len(chapters))] and len(chapters) >= 2
    assert "繁体字已转换为简体" in result.warnings
    assert '<p class="notices">文字处理：繁体字已转换为简体。</p>' in page
    assert '<ul class="warn">' not in page  # nothing else to warn about
    text_part = page.split('-text">报告正文</h3>', 1)[1]
    # a run of ↩: the first is read, naming the others; the others are for the mouse only
    runs = re.findall(r'<a class="back" href="#[^"]+" title="回到事项：([^"]+)" aria-label="回到事项：\1（本句还支持：([^"]+)）">↩</a>'
                      r'((?:<a class="back" href="#[^"]+" title="回到事项：[^"]+" aria-hidden="true" tabindex="-1">↩</a>)+)', text_part)
    assert runs, "the sentence on 规范性文件, 备案 and 复议 supports several items"
    for _, others, hidden in runs:
        assert len(others.split("、")) == hidden.count("<a ") >= 1
    assert len(re.findall(r'<a class="back"[^>]*aria-label=', text_part)) == len(re.findall(r'class="sent[^"]* ev"', text_part))


def test_an_optional_part_left_out_is_shown_neutral_and_not_counted(seed_results, tmp_path):
    """江北区 has no 其他需要报告的情况 section. The part is optional, so its scorecard shows it as
    – 未单列（可选）, not as a red ✗ 缺少; 必备部分 counts the required parts only (x/5, not x/6)."""
    result = next(r for r in seed_results.values() if r.metadata.jurisdiction.endswith("江北区"))
    other = next(ir for ir in result.rules.items if ir.item.optional)
    assert other.status == "missing"
    required = [ir for ir in result.rules.items if not ir.item.optional]
    summary = scorecard.summarize(result)
    assert summary.parts_total == len(required) == 5
    assert summary.parts_present == sum(ir.status in ("met", "partial") for ir in required)
    write_output(tmp_path, [result], [])
    page = (tmp_path / paths.scorecard_path(labels.group_name(result))).read_text(encoding="utf-8")
    row = next(line for line in page.splitlines() if line.startswith("<tr><td>其他需要报告的情况"))
    assert "– 未单列（可选）" in row and "✗ 缺少" not in row and "status-missing" not in row


def test_a_jurisdiction_page_reads_its_report_sections_one_at_a_time(seed_results, tmp_path):
    """A jurisdiction can have thousands of reports in one batch (a folder of every year, or the
    same name for many files): its page is written as the template yields it, each report's
    section read from its scratch file only when the page reaches it, never the page whole in
    memory (issue 22: the 100 MB page of 400 reports was where the main process peaked)."""
    result = next(iter(seed_results.values()))
    summary = scorecard.summarize(result)
    files = []
    for k in range(3):  # the sections of the 2021, 2022 and 2023 reports
        files.append(tmp_path / f"{k}.html")
        files[-1].write_text(f"<section>第{k}份</section>", encoding="utf-8")
    summaries = [dataclasses.replace(summary, year=y, source=f"{y}.txt") for y in (2023, 2021, 2022)]
    page = scorecard.scorecard_page("某县", summaries, [files[2], files[0], files[1]])
    assert len(page.sections) == 3
    chunks = writer._env().get_template("scorecard.html").generate(page=page)
    written = ""
    while "第0份" not in written:
        written += next(chunks)
    # The later sections are not read yet: what their files hold now is what the page gets.
    files[2].write_text("<section>第2份，改过</section>", encoding="utf-8")
    written += "".join(chunks)
    assert written.index("第0份") < written.index("第1份") < written.index("第2份，改过")  # by year
