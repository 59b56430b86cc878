"""Shared fixtures: the bundled checklists and seed reports, and throw-away workspaces."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Keep the checklist cache of test runs out of the user's ~/.cache.
os.environ.setdefault("LAWSCORE_CACHE", tempfile.mkdtemp(prefix="lawscore-test-cache-"))

from lawscore import checklists, pipeline
from lawscore.model import RawDocument

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "reports"
CHECKLISTS = ROOT / "checklists"

SEEDS = {
    "嵊泗县": "000_d9075f519bf93576.txt",
    "江北区": "001_8a596ebcca1d5ce5.txt",
    "海晏县": "002_a79ef2748fc77e33.txt",
    "长冈乡": "003_f1e35903b37b0fa2.txt",
    "章贡区": "004_e58b04af1640b0b5.txt",
}


@pytest.fixture(scope="session")
def setup() -> checklists.Setup:
    """Every bundled checklist, loaded once."""
    return checklists.load_checklists(CHECKLISTS, None)


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
