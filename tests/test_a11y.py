"""The pages on a phone (390 px), a desktop (1400 px) and a desktop at 200 % zoom, and to axe-core:
measured in Chromium driven by Playwright (issue 25, points 8 and 13).

Needs Debian's chromium (/usr/bin/chromium) and the playwright package; the axe checks also need
axe-core, which .ci/run installs with `npm ci --prefix .ci/axe` (pinned in .ci/axe/package-lock.json;
or set $LAWSCORE_AXE to an axe.min.js). Each test skips with its reason when one is absent.
Screenshots go to a temporary folder, or to $LAWSCORE_SCREENSHOTS when set, to be looked at.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from lawscore import paths

from conftest import CHROMIUM, ROOT, SEEDS, screenshots_folder, write_output

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - the test extra installs it
    sync_playwright = None  # type: ignore[assignment]

pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="the layout and accessibility tests need Debian's chromium "
                                                "(apt-get install chromium)"),
    pytest.mark.skipif(sync_playwright is None, reason="the layout and accessibility tests need the playwright "
                                                       "package (pip install -c constraints.txt -e '.[test]')"),
]

AXE = Path(os.environ.get("LAWSCORE_AXE") or ROOT / ".ci/axe/node_modules/axe-core/axe.min.js")
needs_axe = pytest.mark.skipif(not AXE.is_file(), reason=f"axe-core is not installed at {AXE}: run "
                                                         "`npm ci --prefix .ci/axe` (as .ci/run does) or set LAWSCORE_AXE")

# CSS width of the viewport and device pixels per CSS pixel: a phone, a desktop, a 1400 px desktop at 200 %.
VIEWPORTS = {"390px": (390, 1), "1400px": (1400, 1), "zoom200": (700, 2)}


@pytest.fixture(scope="module")
def site(seed_results, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("a11y-site") / "out"
    write_output(out, list(seed_results.values()), [], {"html"})
    return out


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    return screenshots_folder(tmp_path_factory, "a11y-shots")


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


@pytest.fixture(scope="module", params=sorted(VIEWPORTS))
def view(request, browser):
    """(viewport name, a page of that size); bypass_csp only lets the test inject axe-core."""
    width, scale = VIEWPORTS[request.param]
    context = browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=scale,
                                  bypass_csp=True)
    yield request.param, context.new_page()
    context.close()


def scorecard(site: Path, seed_results, seed: str) -> Path:
    by_file = {Path(r.source).name: r.metadata.jurisdiction for r in seed_results.values()}
    return site / paths.scorecard_path(by_file[SEEDS[seed]])


def open_page(page, path: Path, shots: Path, name: str):
    page.goto(path.as_uri())
    page.screenshot(path=str(shots / f"{name}.png"))
    return page


def test_indicator_table_is_cards_on_a_phone_and_a_table_on_a_desktop(view, site, seed_results, shots):
    name, page = view
    open_page(page, scorecard(site, seed_results, "江北区"), shots, f"a11y-{name}-scorecard")
    table = page.locator("table.indicators").first
    table.scroll_into_view_if_needed()
    table.screenshot(path=str(shots / f"a11y-{name}-indicators.png"))
    display = table.locator("td").first.evaluate("e => getComputedStyle(e).display")
    assert display == ("table-cell" if name == "1400px" else "block")
    # each indicator's name on one or two lines, not one character a line
    for header in table.locator("tbody th[scope=row]").all():
        lines = header.evaluate("e => { const r = document.createRange(); r.selectNodeContents(e); "
                                "return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size; }")
        assert lines <= 2, (name, header.inner_text(), lines)
        box = header.bounding_box()
        assert name == "1400px" or (box is not None and box["width"] > 300), (name, box)  # a card's whole width
    assert table.bounding_box()["height"] < 2500, name  # it was 7,800 px at 390 px


def test_chapter_chart_fits_the_screen_and_shows_every_figure(view, site, seed_results, shots):
    name, page = view
    open_page(page, scorecard(site, seed_results, "江北区"), shots, f"a11y-{name}-scorecard")
    chart = page.locator("figure.chart").first
    chart.scroll_into_view_if_needed()
    chart.screenshot(path=str(shots / f"a11y-{name}-chart.png"))
    width = VIEWPORTS[name][0]
    assert chart.evaluate("e => e.scrollWidth <= e.clientWidth")  # nothing to scroll, so no keyboard trap
    figures = chart.locator(".val")
    assert figures.count() >= 9
    for k in range(figures.count()):
        box = figures.nth(k).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, (name, k, box)
        assert figures.nth(k).is_visible()
    # each bar says its chapter, figure and colour band in text
    first = chart.locator("li").first.inner_text()
    assert "健全政府机构职能体系" in first and "（" in chart.locator("li").first.text_content()


def test_index_shows_each_name_and_headline_on_a_phone(view, site, shots):
    name, page = view
    open_page(page, site / "index.html", shots, f"a11y-{name}-index")
    table = page.locator("table.heat").first
    table.scroll_into_view_if_needed()
    heads = [h.inner_text() for h in table.locator("thead th").all()]
    assert heads[:4] == ["地区", "覆盖度（总分）", "深度", "必备部分"], heads
    box = table.locator("thead th").nth(1).bounding_box()
    assert box is not None and box["x"] + box["width"] <= VIEWPORTS[name][0], (name, box)
    # scrolled sideways, the name stays in view
    table.locator("xpath=..").evaluate("e => { e.scrollLeft = 400; }")
    first = table.locator("tbody th[scope=row]").first.bounding_box()
    assert first is not None and first["x"] >= 0, (name, first)


def test_table_of_contents_links_are_at_least_24_px_tall(view, site, seed_results, shots):
    name, page = view
    open_page(page, scorecard(site, seed_results, "海晏县"), shots, f"a11y-{name}-scorecard-2015")
    links = page.locator("nav.toc a")
    assert links.count() >= 10
    for k in range(links.count()):
        box = links.nth(k).bounding_box()
        assert box is not None and box["height"] >= 24, (name, links.nth(k).inner_text(), box)


def axe_violations(page) -> list[tuple[str, str, int, str]]:
    """axe-core's violations on the open page, with target-size (WCAG 2.5.8, off by default) on:
    (rule, impact, nodes, first node's selector)."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    found = page.evaluate("""async () => {
        const r = await axe.run(document, {rules: {'target-size': {enabled: true}}, resultTypes: ['violations']});
        return r.violations.map(v => [v.id, v.impact, v.nodes.length, v.nodes[0].target.join(' ')]);
    }""")
    return [tuple(v) for v in found]


@pytest.mark.slow  # 18 pages through axe-core: about two minutes; .ci/run runs it
@needs_axe
@pytest.mark.parametrize("which", ["index", "coverage", "indicators", "江北区", "海晏县", "嵊泗县"])
def test_axe_finds_nothing_on_any_page(view, site, seed_results, shots, which):
    name, page = view
    path = site / f"{which}.html" if which in ("index", "coverage", "indicators") else scorecard(site, seed_results, which)
    open_page(page, path, shots, f"axe-{name}-{which}")
    assert axe_violations(page) == []


def test_the_way_back_from_a_scorecard_keeps_the_view(browser, site, shots):
    """From a filtered, sorted index page to a scorecard and back: the page comes back, at its row."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        view = site / "views" / "level-county-score-asc.html"
        page.goto(view.as_uri())
        row = page.locator("table.heat tbody tr").nth(1)
        row_id = row.get_attribute("id")
        row.locator("th a").click()
        page.wait_for_load_state()
        back = page.locator("a.back-view")
        assert back.count() >= 24 and [b.is_visible() for b in back.all()].count(True) == 1
        shown = page.locator("a.back-view:visible")
        assert shown.inner_text() == "← 返回列表：层级：县级 · 覆盖度从低到高"
        assert 0 < shown.bounding_box()["y"] < 900  # the page opened at the way back, above the report
        page.screenshot(path=str(shots / "a11y-way-back.png"))
        shown.click()
        page.wait_for_load_state()
        assert page.url == f"{view.as_uri()}#{row_id}"
    finally:
        page.close()


# ---------------------------------------------------------------- print (point 9)


def _printed_pages(page, html: str, folder: Path) -> list[str]:
    """The text of each A4 page Chromium prints of `html` (radicals read back as lawscore does)."""
    import io

    from pypdf import PdfReader

    from lawscore.normalize import radicals_to_ideographs

    copy = folder / "print-copy.html"
    copy.write_text(html, encoding="utf-8")
    page.goto(copy.as_uri())
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    # without white space: a cell's text is broken into lines
    return [re.sub(r"\s+", "", radicals_to_ideographs(p.extract_text())[0]) for p in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.parametrize("offset", [0, 400, 450, 500])
def test_printed_indicator_heading_stays_with_its_first_row_and_no_link_marker_is_printed(
        browser, site, seed_results, tmp_path, offset):
    """江北区's 量化指标 pushed down the first page by `offset` px: at 400-500 px its heading,
    caption and table header used to end page 1 while the first row began page 2."""
    html = scorecard(site, seed_results, "江北区").read_text(encoding="utf-8")
    marker = '<div class="keep-whole">\n<h3>量化指标</h3>'
    assert marker in html
    html = html.replace(marker, f'<div style="height:{offset}px"></div>' + marker, 1)
    page = browser.new_page()
    try:
        pages = _printed_pages(page, html, tmp_path)
    finally:
        page.close()
    caption = next(k for k, text in enumerate(pages) if "量化指标：报告了" in text)
    first_row = next(k for k, text in enumerate(pages) if "行政机关负责人出庭应诉率100%" in text)
    assert caption == first_row, (offset, caption, first_row)
    whole = "\n".join(pages)
    assert "100%" in whole and not re.search(r"\[第\d+句", whole)  # the figures are printed; their sentences and links are not
