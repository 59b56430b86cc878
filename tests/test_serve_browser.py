"""`lawscore serve` in a real browser: Debian's chromium, driven by Playwright (never a browser
Playwright downloads). The command runs as a supervisor starts it; the test opens the link it
prints, corrects a verdict on the scorecard (改判), sees 人工复核 with the reason and the changed
headline, reloads, and undoes it (撤销复核).

Skips with a reason without /usr/bin/chromium or the playwright package. Screenshots go to a
temporary folder, or to $LAWSCORE_SCREENSHOTS when set, to be looked at.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from test_reviews import OUTLINE, REASON, REPORT

from conftest import CHROMIUM, workspace

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # pragma: no cover - the test extra installs it
    sync_playwright = None  # type: ignore[assignment]

pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="the browser test of lawscore serve needs Debian's chromium "
                                                "(apt-get install chromium)"),
    pytest.mark.skipif(sync_playwright is None, reason="the browser test of lawscore serve needs the playwright "
                                                       "package (pip install -c constraints.txt -e '.[test]')"),
]


@pytest.fixture
def served(tmp_path):
    """`lawscore serve` started as a supervisor would, on a free port: (workspace, printed link)."""
    root = workspace(tmp_path, {"checklists/outline-test.yaml": OUTLINE, "reports/测试县2023.txt": REPORT})
    proc = subprocess.Popen([sys.executable, "-m", "lawscore", "serve", "reports", "--port", "0", "--jobs", "1",
                             "--checklists", "checklists"], cwd=root, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, encoding="utf-8")
    try:
        printed = []
        assert proc.stdout is not None
        for line in proc.stdout:
            printed.append(line)
            if "按 Ctrl-C 停止" in line:
                break
        url = next((m.group(0) for m in (re.search(r"http://127\.0\.0\.1:\d+/\?token=\S+", p) for p in printed) if m), None)
        assert url, "".join(printed)
        yield root, url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def shots(tmp_path: Path) -> Path:
    wanted = os.environ.get("LAWSCORE_SCREENSHOTS")
    folder = Path(wanted) if wanted else tmp_path / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_correct_a_verdict_on_the_scorecard_reload_and_undo_it(served, tmp_path):
    root, url = served
    folder = shots(tmp_path)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.goto(url)
            assert "token=" not in page.url  # the token left the address bar
            page.get_by_role("link", name=re.compile("测试县")).first.click()
            headline = page.locator(".scorebox .score-big").first
            expect(headline).to_contain_text("33.3")
            row = page.locator("tr", has=page.locator(".item-id code", has_text=re.compile(r"^c22-review$")))
            expect(row).to_contain_text("未提及")
            row.locator("summary", has_text="改判").click()
            row.locator("select[name=status]").select_option(label="已落实")
            row.locator("textarea[name=reason]").fill(REASON)
            row.locator("input[name=by]").fill("张三")
            page.screenshot(path=str(folder / "serve-form.png"))
            with page.expect_navigation():
                row.get_by_role("button", name="保存改判").click()
            expect(row.locator(".review-tag")).to_have_text("人工复核")
            expect(row).to_contain_text(f"人工复核为“已落实”：{REASON}（张三，")
            expect(row).to_contain_text("系统判定：✗ 未提及")
            expect(headline).to_contain_text("83.3")
            page.screenshot(path=str(folder / "serve-reviewed.png"))

            page.reload()
            expect(row.locator(".review-tag")).to_have_text("人工复核")
            expect(headline).to_contain_text("83.3")
            assert "c22-review" in (root / "reports/reviews.yaml").read_text(encoding="utf-8")

            with page.expect_navigation():
                row.get_by_role("button", name="撤销复核").click()
            expect(row.locator(".review-tag")).to_have_count(0)
            expect(row).to_contain_text("未提及")
            expect(headline).to_contain_text("33.3")
            page.screenshot(path=str(folder / "serve-undone.png"))

            page.goto(url.split("?", 1)[0])
            expect(page.locator("body")).to_contain_text("33.3")  # the index, scored again
        finally:
            browser.close()
    assert "c22-review" not in (root / "reports/reviews.yaml").read_text(encoding="utf-8")
