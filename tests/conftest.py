"""Shared fixtures: the bundled checklists and seed reports, and throw-away workspaces."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

# Keep the cache of test runs out of the user's ~/.cache, in a folder removed when the session
# ends (each session left 20-40 MB in /tmp).
_TEST_CACHE = None
if "LAWSCORE_CACHE" not in os.environ:
    _TEST_CACHE = os.environ["LAWSCORE_CACHE"] = tempfile.mkdtemp(prefix="lawscore-test-cache-")

from lawscore import checklist_set, output, pipeline  # noqa: E402 (after LAWSCORE_CACHE is set)
from lawscore.model import RawDocument  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "reports"
CHECKLISTS = ROOT / "checklists"


def pytest_sessionfinish(session, exitstatus):
    if _TEST_CACHE is not None:
        shutil.rmtree(_TEST_CACHE, ignore_errors=True)

# A small outline checklist for tests that need one they can read in full: three items of two chapters.
TEST_OUTLINE = """\
id: outline-test
title: 测试纲要清单
kind: outline
years: {from: 2021, to: null}
chapters:
  - {id: "三", title: 健全依法行政制度体系}
  - {id: "七", title: 化解社会矛盾纠纷}
items:
  - id: c9-norms
    clause: 9
    chapter: "三"
    title: 规范性文件合法性审核
    weight: 2
    patterns:
      - any_of: [规范性文件]
    examples:
      match: [全年审查规范性文件35件。]
      no_match: ["下一步,将加强工作。"]
  - id: c22-review
    clause: 22
    chapter: "七"
    title: 行政复议
    weight: 3
    patterns:
      - any_of: [行政复议]
    examples:
      match: [全年收到行政复议申请156件。]
      no_match: ["下一步,将加强工作。"]
  - id: c23-suits
    clause: 23
    chapter: "七"
    title: 行政应诉
    weight: 1
    patterns:
      - any_of: [出庭应诉]
    examples:
      match: [行政机关负责人出庭应诉率100%。]
      no_match: ["下一步,将加强工作。"]
"""

# One item as a checklist author writes it (the guide's shape, invented text), for the tests that
# assert the line of a mistake in it; AUTHOR_HEAD + AUTHOR_ITEM is a whole checklist, whose
# lines are: 8 `- id:`, 9 clause, 10 chapter, 11 title, 12 weight, 14 any_of, 16 match, 17 no_match.
AUTHOR_HEAD = """\
id: demo
title: 示例清单
kind: outline
chapters:
  - id: "七"
    title: 社会矛盾纠纷
items:
"""
AUTHOR_ITEM = """\
  - id: c22-review
    clause: 22
    chapter: "七"
    title: 行政复议
    weight: 3
    patterns:
      - any_of: [行政复议]
    examples:
      match: [全年收到行政复议申请156件。]
      no_match: ["下一步,将加强行政复议工作。"]
"""

SEEDS = {
    "嵊泗县": "000_d9075f519bf93576.txt",
    "江北区": "001_8a596ebcca1d5ce5.txt",
    "海晏县": "002_a79ef2748fc77e33.txt",
    "长冈乡": "003_f1e35903b37b0fa2.txt",
    "章贡区": "004_e58b04af1640b0b5.txt",
}


@pytest.fixture(scope="session")
def setup() -> checklist_set.ChecklistSet:
    """Every bundled checklist, loaded once."""
    return checklist_set.load_checklists(CHECKLISTS, None)


@pytest.fixture(scope="session")
def seed_results(setup):
    """The five seed reports scored once for the whole session."""
    results, errors = pipeline.run_batch([str(REPORTS)], setup)
    assert errors == []
    return {Path(r.source).name: r for r in results}


def seed_text(name: str) -> str:
    return (REPORTS / SEEDS.get(name, name)).read_text(encoding="utf-8")


def document(text: str, source: str = "test.txt") -> RawDocument:
    return RawDocument(source=source, text=text, format="txt", encoding="utf-8", sha256="0" * 64)


def workspace(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    """Create files from a {relative path: content} dict under tmp_path."""
    for rel, content in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return tmp_path


def write_output(out: Path, results: list, errors: list[tuple[str, str]] | tuple = (),
                 formats: set[str] | frozenset[str] = frozenset({"html"})) -> list[str]:
    """Write scored reports as `lawscore evaluate` does (prepare each, then output.write_stream);
    the files written, relative to `out`, sorted."""
    prepared = (output.prepare(r, frozenset(formats)) for r in sorted(results, key=lambda r: r.source))
    return output.write_stream(out, prepared, list(errors), set(formats)).files


# Debian's chromium, for the tests that drive a real browser (each skips with its reason without it).
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)


def screenshots_folder(tmp_path_factory, name: str) -> Path:
    """Where a browser test keeps its screenshots: $LAWSCORE_SCREENSHOTS, else a fresh temporary folder."""
    wanted = os.environ.get("LAWSCORE_SCREENSHOTS")
    folder = Path(wanted) if wanted else tmp_path_factory.mktemp(name)
    folder.mkdir(parents=True, exist_ok=True)
    return folder
