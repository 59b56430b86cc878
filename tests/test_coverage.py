"""The city-wide view (coverage.html): per checklist item, how many jurisdictions' latest reports
miss it, items most of them miss first; linked from the index, usable on a phone."""
from __future__ import annotations

import html
import re
import subprocess

import pytest
from test_browser import CHROMIUM, FLAGS

from lawscore import paths
from lawscore.render import views
from lawscore.render.coverage import COVERAGE_FILE, COVERAGE_STATUSES, coverage_page, item_file, item_pages
from lawscore.render.views import ItemKey

from conftest import write_output

ITEMS = (ItemKey("c10-norms", "（十）", "规范性文件", (10,)), ItemKey("c22-review", "（二十二）", "行政复议", (22,)),
         ItemKey("c23-suits", "（二十三）", "行政应诉", (23,)))


def summary(name: str, year: int | None, statuses: str, checklist: str | None = "outline-test") -> views.Summary:
    source = f"r/{name}-{year}.txt"
    return views.Summary(
        source=source, source_name=source[2:], name=name, anchor=paths.anchor(source), level="county", year=year,
        year_label=f"{year}年度", published=None, score=50.0 if checklist else None, checklist_title="测试纲要",
        checklist_id=checklist, items=ITEMS if checklist else (), statuses=statuses if checklist else "",
    )


def test_items_most_jurisdictions_miss_come_first_counting_each_latest_report_once():
    groups = {
        "甲县": [summary("甲县", 2022, "mmm"), summary("甲县", 2023, "xmg")],  # only 2023 counts
        "乙县": [summary("乙县", 2023, "xxn")],  # 行政应诉 does not apply to 乙县
        "丙县": [summary("丙县", 2023, "xpl")],
        "丁县": [summary("丁县", None, "", checklist=None)],
    }
    page = coverage_page(groups)
    assert (page.jurisdiction_count, page.without_checklist) == (4, 1)
    assert COVERAGE_STATUSES == ("missing", "mentioned", "gap", "planned", "partial", "met")
    [table] = page.tables
    assert table.caption == "测试纲要：3 个地区的最新报告"
    rows = [(r.clause_label, r.title, r.missing_share_label, tuple(c.count for c in r.cells), r.applicable)
            for r in table.rows]
    assert rows == [
        ("（十）", "规范性文件", "100%", (3, 0, 0, 0, 0, 0), 3),
        ("（二十二）", "行政复议", "33%", (1, 0, 0, 0, 1, 1), 3),
        ("（二十三）", "行政应诉", "0%", (0, 0, 1, 1, 0, 0), 2),
    ]
    assert [c.label for c in table.rows[0].cells] == ["未提及", "仅有表述", "仅列为不足", "仅列为计划", "部分落实", "已落实"]


@pytest.fixture(scope="module")
def site(seed_results, tmp_path_factory):
    out = tmp_path_factory.mktemp("coverage") / "out"
    files = write_output(out, list(seed_results.values()), [], {"html"})
    return out, files


def test_the_page_is_written_linked_from_the_index_and_self_contained(site, seed_results):
    out, files = site
    assert COVERAGE_FILE in files
    page = (out / COVERAGE_FILE).read_text(encoding="utf-8")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<a href="coverage.html">各事项落实情况：哪些事项多数地区没有报告</a>' in index
    assert '<a href="index.html">← 全部地区</a>' in page
    assert "共 5 个地区，每个地区只计最新的一份报告" in page
    newest = [r for r in seed_results.values() if r.outline.checklist.id == "outline-2021-2025"]
    assert f"法治政府建设实施纲要（2021—2025年）：{len(newest)} 个地区的最新报告" in page
    assert "http://" not in page and "https://" not in page and "<script" not in page
    tables = page.split('<table class="coverage">')[1:]
    assert len(tables) == len({r.outline.checklist.id for r in seed_results.values()})
    for table in tables:  # each checklist's items, most missed first
        shares = [int(s) for s in re.findall(r'data-label="未提及比例">(\d+)%', table)]
        assert shares and shares == sorted(shares, reverse=True)


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium)")
@pytest.mark.parametrize("width", [390, 700, 1400])  # a phone, 1400 px at 200 %, a desktop
def test_the_page_fits_the_screen_without_scrolling_sideways(site, tmp_path, width):
    """The page laid out in a frame `width` px wide (headless Chromium's window is at least 500 px),
    measured by a script in the frame's parent: the page's own policy allows no script."""
    out, _ = site
    page = (out / COVERAGE_FILE).read_text(encoding="utf-8")
    assert "未提及比例" in page
    harness = (f'<!DOCTYPE html><iframe id="f" width="{width}" height="900" style="border:0" srcdoc="{html.escape(page)}">'
               "</iframe><script>document.getElementById('f').addEventListener('load', e => {"
               " const d = e.target.contentDocument.documentElement; const p = document.createElement('p');"
               " p.id = 'probe'; p.textContent = d.scrollWidth + ' ' + d.clientWidth; document.body.append(p); });"
               "</script>")
    (tmp_path / "probe.html").write_text(harness, encoding="utf-8")
    done = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", f"--window-size={width + 100},1000",
                           "--virtual-time-budget=5000", "--dump-dom", (tmp_path / "probe.html").as_uri()],
                          capture_output=True, timeout=120, check=False)
    found = re.search(r'<p id="probe">(\d+) (\d+)</p>', done.stdout.decode("utf-8"))
    assert found, done.stderr.decode("utf-8", "replace")[-1000:]
    scroll_width, client_width = map(int, found.groups())
    assert width - 20 <= client_width <= width  # the frame's width, less a scroll bar
    assert scroll_width <= client_width


def test_each_count_links_to_the_jurisdictions_behind_it_and_each_section_is_summed_up():
    groups = {
        "甲县": [summary("甲县", 2022, "mmm"), summary("甲县", 2023, "xmg")],
        "乙县": [summary("乙县", 2023, "xxn")],
        "丙县": [summary("丙县", 2023, "xpl")],
    }
    [table] = coverage_page(groups).tables
    review = item_file("outline-test", "c22-review")
    row = next(r for r in table.rows if r.title == "行政复议")
    assert row.href == review
    assert [(c.count, c.href) for c in row.cells] == [
        (1, f"{review}#missing"), (0, ""), (0, ""), (0, ""), (1, f"{review}#partial"), (1, f"{review}#met")]
    assert [(s.clause_label, s.items, s.missing_share_label, s.met_share_label, s.worst) for s in table.sections] == [
        ("（十）", 1, "100%", "0%", "规范性文件"),
        ("（二十二）", 1, "33%", "33%", "行政复议"),
        ("（二十三）", 1, "0%", "0%", ""),  # nothing missed there
    ]
    pages = dict(item_pages(groups))
    assert sorted(pages) == sorted(item_file("outline-test", k.id) for k in ITEMS)
    listed = {g.status: [name for name, _ in g.places] for g in pages[review].groups}
    assert (listed["missing"], listed["partial"], listed["met"], listed["gap"]) == (["乙县"], ["丙县"], ["甲县"], [])
    suits = {g.status: [name for name, _ in g.places] for g in pages[item_file("outline-test", "c23-suits")].groups}
    assert suits["not_applicable"] == ["乙县"] and suits["gap"] == ["甲县"] and suits["planned"] == ["丙县"]
    assert dict(pages[review].groups[0].places)["乙县"] == f"{paths.scorecard_path('乙县')}#{paths.anchor('r/乙县-2023.txt')}"


def test_on_the_seed_site_every_count_opens_its_list_of_jurisdictions(site):
    out, files = site
    page = (out / COVERAGE_FILE).read_text(encoding="utf-8")
    assert "按节汇总" in page
    links = re.findall(r'<a href="(coverage/[^"#]+\.html)#(\w+)" aria-label="[^"]+ (\d+) 个地区：查看名单">\3</a>', page)
    assert len(links) > 50
    for rel, status, count in links[:40]:
        assert rel in files
        target = (out / rel).read_text(encoding="utf-8")
        block = target.split(f'<h2 id="{status}">', 1)[1].split("</ul>", 1)[0]
        assert f"</span> {count} 个地区</h2>" in block and block.count("<li>") == int(count)
