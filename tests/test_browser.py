"""The pages in a real browser: headless Chromium renders the index and every seed scorecard,
no request leaves the machine, and a 3,000-report index stays small.

Needs Debian's `chromium` (/usr/bin/chromium); every test here skips with a reason without it.
Screenshots go to a temporary folder, or to $LAWSCORE_SCREENSHOTS when set (e.g.
`LAWSCORE_SCREENSHOTS=tests/screenshots pytest tests/test_browser.py`), to be looked at.
The time to open a 3,000-report index is measured by bench/index_open.py, not asserted here.
"""
from __future__ import annotations

import html
import http.server
import re
import socketserver
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from lawscore import paths
from lawscore.render import index, views, writer

from conftest import CHROMIUM, SEEDS, screenshots_folder, write_output

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="headless browser tests need Debian's chromium (apt-get install chromium)")

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-extensions", "--hide-scrollbars", "--mute-audio")
# Chromium's own service traffic (update checks, clock, accounts), which even the flags above
# do not silence; anything else reaching the proxy came from a page.
BROWSER_OWN = re.compile(r"(^|\.)(google\.com|googleapis\.com|gvt1\.com|googleusercontent\.com)(:\d+)?$")


class _Recorder(http.server.BaseHTTPRequestHandler):
    """A proxy that answers nothing and writes down every request the browser sends it."""

    seen: list[str] = []

    def _record(self) -> None:
        self.seen.append(self.path)
        self.send_response(404)
        self.end_headers()

    do_GET = do_POST = do_HEAD = do_CONNECT = _record

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def proxy():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Recorder)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Recorder.seen = []
    yield server.server_address[1], _Recorder.seen
    server.shutdown()
    server.server_close()


def _host(request_path: str) -> str:
    m = re.match(r"(?:[a-z]+://)?([^/:]+(?::\d+)?)", request_path)
    return m.group(1) if m else request_path


def page_requests(seen: list[str]) -> list[str]:
    return [r for r in seen if not BROWSER_OWN.search(_host(r).split(":")[0])]


def chromium(url: str, profile: Path, port: int, screenshot: Path | None = None, size: str = "1280,1600",
             extra: tuple[str, ...] = ()) -> str:
    """The DOM of `url` after load, through the recording proxy; optionally a screenshot."""
    args = [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", f"--proxy-server=http://127.0.0.1:{port}",
            "--proxy-bypass-list=<-loopback>", f"--window-size={size}", "--dump-dom", *extra]
    if screenshot is not None:
        args.append(f"--screenshot={screenshot}")
    done = subprocess.run([*args, url], capture_output=True, timeout=120, cwd=profile)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-2000:]
    return done.stdout.decode("utf-8")


def shots_dir(tmp_path_factory) -> Path:
    return screenshots_folder(tmp_path_factory, "screenshots")


@pytest.fixture(scope="module")
def seed_site(seed_results, tmp_path_factory):
    out = tmp_path_factory.mktemp("site") / "out"
    write_output(out, list(seed_results.values()), [("reports/坏.pdf", "PDF 没有文字层")], {"html"})
    return out


@pytest.fixture(scope="module")
def rendered(seed_site, seed_results, proxy, tmp_path_factory):
    """Every seed page opened in Chromium (in parallel): {relative path: (dom, screenshot)}."""
    port, _ = proxy
    shots = shots_dir(tmp_path_factory)
    names = {r.metadata.jurisdiction for r in seed_results.values()}
    rels = ["index.html", *sorted(paths.scorecard_path(n) for n in names)]
    profiles = tmp_path_factory.mktemp("profiles")

    def one(k_rel):
        k, rel = k_rel
        shot = shots / ("index.png" if rel == "index.html" else f"scorecard-{k}.png")
        profile = profiles / str(k)
        profile.mkdir()
        return rel, (chromium((seed_site / rel).as_uri(), profile, port, shot), shot)

    with ThreadPoolExecutor(max_workers=min(6, len(rels))) as pool:
        return dict(pool.map(one, enumerate(rels)))


def test_index_renders_every_jurisdiction(rendered, seed_results):
    dom, shot = rendered["index.html"]
    assert "法治政府建设年度报告评分" in dom
    for r in seed_results.values():
        assert f">{html.escape(r.metadata.jurisdiction)}</a>" in dom
    assert "reports/坏.pdf" in dom and "PDF 没有文字层" in dom
    assert shot.stat().st_size > 10_000  # something was painted


def test_every_seed_scorecard_renders_with_its_name(rendered, seed_results):
    cards = {rel: v for rel, v in rendered.items() if rel.startswith("scorecards/")}
    assert len(cards) == len({r.metadata.jurisdiction for r in seed_results.values()}) >= len(SEEDS) - 1
    for r in seed_results.values():
        name = r.metadata.jurisdiction
        dom, shot = cards[paths.scorecard_path(name)]
        assert re.search(rf"<h1>{re.escape(html.escape(name))} 法治政府建设年度报告评分</h1>", dom)
        assert f'id="{paths.anchor(r.source)}"' in dom  # the report section
        assert '<figure class="chart">' in dom and "纲要清单逐项" in dom and "报告正文" in dom
        assert shot.stat().st_size > 10_000


def test_no_request_leaves_the_machine(rendered, proxy):
    _, seen = proxy
    assert rendered  # every page has been opened through the recording proxy
    assert page_requests(seen) == []


def test_the_proxy_would_see_an_external_request(proxy, tmp_path):
    """The check above can fail: a page that loads from another site is caught."""
    port, seen = proxy
    canary = tmp_path / "canary.html"
    canary.write_text('<!DOCTYPE html><html><body><p>canary</p><img src="http://example.invalid/x.png"></body></html>',
                      encoding="utf-8")
    before = len(seen)
    (tmp_path / "p").mkdir()
    assert "canary" in chromium(canary.as_uri(), tmp_path / "p", port)
    assert any("example.invalid" in r for r in page_requests(seen[before:]))


def test_pages_link_only_to_local_files(seed_site):
    for page in seed_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "Content-Security-Policy" in text and "default-src 'none'" in text, page
        for ref in re.findall(r"""(?:src|href|action|poster|data)\s*=\s*["']([^"']*)["']""", text, re.I):
            assert not re.match(r"[a-z][a-z0-9+.-]*:|//", ref, re.I), (page, ref)  # relative or #fragment only
            if not ref.startswith("#"):
                assert (page.parent / ref.split("#", 1)[0]).resolve().is_file(), (page, ref)
        assert not re.search(r"url\(|@import|<script|<link|<iframe", text, re.I), page


# ---------------------------------------------------------------- a large batch


def _bench_module():
    """bench/index_open.py, whose synthetic() both the benchmark and this test use."""
    import importlib.util

    path = Path(__file__).resolve().parent.parent / "bench" / "index_open.py"
    spec = importlib.util.spec_from_file_location("index_open", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def synthetic(n: int) -> dict[str, list[views.Summary]]:
    """n one-report jurisdictions as Summary objects, without scoring anything."""
    return _bench_module().synthetic(n)


def test_a_3000_report_index_is_paginated_and_opens(proxy, tmp_path):
    port, seen = proxy
    before = len(seen)
    written = writer.write_index(tmp_path, synthetic(3000), [])
    firsts = [w for w in written if re.fullmatch(r"index(-\d+)?\.html", w)]
    assert len(firsts) == 15  # 200 rows a page
    size = (tmp_path / "index.html").stat().st_size
    assert size < 400_000, size
    (tmp_path / "profile").mkdir()
    dom = chromium((tmp_path / "index.html").as_uri(), tmp_path / "profile", port)
    body = dom.split("<tbody>", 1)[1]
    assert body.count("<tr id=") == index.PAGE_SIZE
    assert "测试00000县" in dom and "测试00200县" not in dom
    assert 'href="index-15.html"' in dom and 'href="views/score-asc.html"' in dom
    assert page_requests(seen[before:]) == []


# ---------------------------------------------------------------- phone, zoom and paper (issue 17)

# A phone, a wide desktop, and a 1400 px desktop at 200 % zoom (a 700 px wide viewport drawn at
# two device pixels per CSS pixel): the CSS width the page gets, and the device scale factor.
# Headless Chromium's window is at least 500 px wide, so each page is opened in an iframe of the
# width wanted, whose media queries and scroll width are the page's own.
VIEWPORTS = {"390px": (390, 1), "1400px": (1400, 1), "zoom200": (700, 2)}
# Test-only scripts, in copies of the pages (the pages themselves have none, and their
# Content-Security-Policy forbids one): the page writes what its layout measures into its DOM,
# and the frame around it copies that into its own DOM, which --dump-dom prints.
MEASURE = ("<script>(function () { var d = document.documentElement, td = document.querySelector('table.items td');"
           " document.body.setAttribute('data-measure', [d.scrollWidth, d.clientWidth, window.innerWidth,"
           " td ? getComputedStyle(td).display : 'none'].join(' ')); })();</script>")
FRAME = ('<!DOCTYPE html><html><body style="margin:0"><iframe id="f" src="{src}" style="border:0;width:{width}px;height:1400px"'
         ' onload="document.body.setAttribute(\'data-measure\', this.contentDocument.body.getAttribute(\'data-measure\'))">'
         '</iframe></body></html>')


def measured_copy(page: Path, folder: Path, width: int) -> Path:
    """A copy of `page` that measures itself, inside a frame `width` CSS pixels wide."""
    text = page.read_text(encoding="utf-8")
    text = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n', "", text)
    copy = folder / page.name
    copy.write_text(text.replace("</body>", MEASURE + "\n</body>"), encoding="utf-8")
    frame = folder / f"frame-{width}-{page.name}"
    frame.write_text(FRAME.format(src=html.escape(copy.name), width=width), encoding="utf-8")
    return frame


@pytest.fixture(scope="module")
def layouts(seed_site, seed_results, proxy, tmp_path_factory):
    """The index and two seed scorecards (the longest 2021–2025 one, the 2015–2020 one) at every
    viewport: {(relative path, viewport): ((scroll width, client width, inner width, display of
    an item cell), screenshot)}."""
    port, _ = proxy
    shots = shots_dir(tmp_path_factory)
    copies = tmp_path_factory.mktemp("measured")
    by_file = {Path(r.source).name: r.metadata.jurisdiction for r in seed_results.values()}
    rels = ["index.html", *(paths.scorecard_path(by_file[SEEDS[n]]) for n in ("江北区", "海晏县"))]
    profiles = tmp_path_factory.mktemp("layout-profiles")
    jobs = [(k, rel, view) for k, rel in enumerate(rels) for view in VIEWPORTS]

    def one(job):
        k, rel, view = job
        width, scale = VIEWPORTS[view]
        profile = profiles / f"{k}-{view}"
        profile.mkdir()
        frame = measured_copy(seed_site / rel, copies, width)
        shot = shots / f"layout-{view}-{'index' if rel == 'index.html' else f'scorecard-{k}'}.png"
        dom = chromium(frame.as_uri(), profile, port, shot, f"{max(width, 500)},1400",
                       (f"--force-device-scale-factor={scale}", "--allow-file-access-from-files"))
        m = re.search(r'data-measure="(\d+) (\d+) (\d+) ([\w-]+)"', dom)
        assert m, dom[-500:]
        return (rel, view), ((int(m.group(1)), int(m.group(2)), int(m.group(3)), m.group(4)), shot)

    with ThreadPoolExecutor(max_workers=3) as pool:
        return dict(pool.map(one, jobs))


@pytest.mark.parametrize("view", sorted(VIEWPORTS))
def test_no_page_scrolls_sideways(layouts, view):
    """At 390 px, 1400 px and 200 % zoom the page fits its width: wide tables scroll in their own box."""
    pages = {rel: got for (rel, v), got in layouts.items() if v == view}
    assert len(pages) == 3
    for rel, ((scroll, client, inner, _), shot) in pages.items():
        assert inner == VIEWPORTS[view][0], (rel, inner)  # the viewport is the one meant
        assert scroll <= client, (rel, view, scroll, client)
        assert shot.stat().st_size > 10_000


def test_item_tables_become_cards_on_a_phone_and_stay_tables_on_a_desktop(layouts):
    for (rel, view), ((_, _, _, display), _) in layouts.items():
        if rel == "index.html":
            continue
        assert display == ("table-cell" if view == "1400px" else "block"), (rel, view, display)


@pytest.fixture(scope="module")
def printed(seed_results, proxy, tmp_path_factory):
    """Every seed scorecard printed to PDF by Chromium, pages dated 2023-11-14 by SOURCE_DATE_EPOCH."""
    port, _ = proxy
    out = tmp_path_factory.mktemp("print-site") / "out"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", "1700000000")
        write_output(out, list(seed_results.values()), [], {"html"})
    pdfs = tmp_path_factory.mktemp("pdfs")
    rels = sorted(p.relative_to(out).as_posix() for p in (out / "scorecards").glob("*.html"))

    def one(k_rel):
        k, rel = k_rel
        pdf, profile = pdfs / f"{k}.pdf", pdfs / f"profile-{k}"
        profile.mkdir()
        done = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", f"--proxy-server=http://127.0.0.1:{port}",
                               "--proxy-bypass-list=<-loopback>", "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
                               (out / rel).as_uri()], capture_output=True, timeout=120, cwd=profile)
        assert done.returncode == 0 and pdf.is_file(), done.stderr.decode("utf-8", "replace")[-2000:]
        return rel, pdf

    with ThreadPoolExecutor(max_workers=3) as pool:
        return dict(pool.map(one, enumerate(rels)))


def _pdf_pages(pdf: Path) -> list[str]:
    """The text of each page; the CJK fonts' maps give radicals for some ideographs (⼈ for 人),
    which lawscore's own normaliser reads back."""
    from pypdf import PdfReader

    from lawscore.normalize import radicals_to_ideographs

    return [radicals_to_ideographs(page.extract_text())[0] for page in PdfReader(pdf).pages]


def test_a_printed_scorecard_is_a_summary_of_at_most_3_pages_dated_on_every_page(printed):
    version = views._version()
    assert len(printed) >= 5
    for rel, pdf in printed.items():
        pages = _pdf_pages(pdf)
        assert 1 <= len(pages) <= 3, (rel, len(pages))
        for n, text in enumerate(pages, 1):
            assert f"lawscore {version} · 生成于 2023-11-14" in text, (rel, n)
            assert f"第 {n} / {len(pages)}" in text, (rel, n)
        whole = "\n".join(pages)
        for part in ("纲要覆盖度（总分）", "必备内容", "需要追问的事项", "打印件只含以上摘要"):
            assert part in whole, (rel, part)
        assert "纲要清单逐项" not in whole.replace("纲要清单逐项结果", "")  # the detail is on screen only
