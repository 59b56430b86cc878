"""Write the HTML output: scorecards as each jurisdiction's reports are in, then the index
pages. Output is deterministic: everything is sorted and no timestamp or absolute path is
written."""
from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterable
from pathlib import Path

from ..paths import scorecard_path
from .coverage import COVERAGE_FILE, coverage_page, item_pages
from .index import PAGE_SIZE, ViewPlan, index_pages, indicator_href, indicator_pages
from .scorecard import scorecard_page
from .views import ErrorRow, Summary, _env


def _write(path: Path, html: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8", newline="\n")


def _write_chunks(path: Path, chunks: Iterable[str]) -> None:
    """Write a page as the template yields it (Template.generate), never whole in memory."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for chunk in chunks:
            fh.write(chunk)


def write_index(out_dir: Path, groups: dict[str, list[Summary]], unreadable: list[ErrorRow],
                page_size: int = PAGE_SIZE, plan: ViewPlan | None = None) -> list[str]:
    """Write every index page (index.html, index-2.html …, views/…) into out_dir; return their names."""
    template = _env().get_template("index.html")
    written = []
    link = indicator_href(groups)
    for rel, page in index_pages(groups, unreadable, page_size, plan):
        _write(Path(out_dir) / rel, template.render(page=page, indicator_href=link))
        written.append(rel)
    table = _env().get_template("indicators.html")
    for rel, ipage in indicator_pages(groups, page_size):  # the jurisdiction × indicator table
        _write(Path(out_dir) / rel, table.render(page=ipage))
        written.append(rel)
    return written


def write_coverage(out_dir: Path, groups: dict[str, list[Summary]]) -> list[str]:
    """Write the city-wide view of which items most jurisdictions miss, and for each item the
    page listing the jurisdictions behind its counts; return their names."""
    _write(Path(out_dir) / COVERAGE_FILE, _env().get_template("coverage.html").render(page=coverage_page(groups)))
    written = [COVERAGE_FILE]
    template = _env().get_template("coverage-item.html")
    for rel, page in item_pages(groups):
        _write(Path(out_dir) / rel, template.render(page=page))
        written.append(rel)
    return written


class HtmlWriter:
    """Collects reports one at a time and writes the index and scorecards at the end.

    Rendered report sections wait in a scratch folder inside the output folder, not in
    memory, so memory grows only with the small summaries; the item lists of summaries
    scored with the same checklist are shared, so each report adds only its verdict letters,
    and so are equal chapter scores, indicator entries and copy shares (a summary arrives
    unpickled from a worker, every tuple and string a copy of its own).
    """

    SCRATCH = ".sections"
    FEW = ("level", "year_label", "published", "checklist_title", "timeliness", "checklist_id", "unit")

    def __init__(self, out_dir: Path, page_size: int = PAGE_SIZE) -> None:
        self.out_dir = Path(out_dir)
        self.scratch = self.out_dir / self.SCRATCH
        self.scratch.mkdir(parents=True, exist_ok=True)
        self.groups: dict[str, list[tuple[Summary, int]]] = {}  # the summary, and its section's number
        self.unreadable: list[ErrorRow] = []
        self.page_size = page_size
        self._count = 0
        self._shared: dict = {}

    def _share(self, value):
        return self._shared.setdefault(value, value)

    def _section(self, k: int) -> Path:
        return self.scratch / f"{k:07d}.html"

    def add(self, summary: Summary, section: str) -> None:
        self._section(self._count).write_text(section, encoding="utf-8", newline="\n")
        share = self._share
        summary = dataclasses.replace(
            summary,
            items=share(summary.items),
            chapters=share(tuple(share((sys.intern(c), sys.intern(t), v)) for c, t, v in summary.chapters)),
            indicators=share(tuple(share(tuple(sys.intern(x) if type(x) is str else x for x in e))
                                   for e in summary.indicators)),
            copies=summary.copies and (summary.copies[0], share(summary.copies[1])),
            **{field: share(getattr(summary, field)) for field in self.FEW},
        )
        self.groups.setdefault(summary.name, []).append((summary, self._count))
        self._count += 1

    def add_unreadable(self, source: str, reason: str) -> None:
        self.unreadable.append(ErrorRow(source=str(source), reason=str(reason)))

    def finish(self) -> list[str]:
        env = _env()
        written = []
        card = env.get_template("scorecard.html")
        summaries = {name: [e[0] for e in entries] for name, entries in self.groups.items()}
        plan = ViewPlan(summaries, self.page_size)  # where each report is listed, for the scorecards' way back
        for name in sorted(self.groups):
            entries = self.groups[name]
            sections = [self._section(k) for _, k in entries]
            rel = scorecard_path(name)
            page = scorecard_page(name, [e[0] for e in entries], sections, plan.back_links)
            _write_chunks(self.out_dir / rel, card.generate(page=page))
            written.append(rel)
            for _, k in entries:
                self._section(k).unlink()
        written.extend(write_index(self.out_dir, summaries, self.unreadable, self.page_size, plan))
        written.extend(write_coverage(self.out_dir, summaries))
        self.scratch.rmdir()
        return sorted(written)
