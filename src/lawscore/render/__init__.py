"""HTML output: an index of jurisdictions and one scorecard page per jurisdiction.

Every number and label is computed into small, immutable page contexts (views.py); the
jinja2 templates in lawscore/templates only lay them out. Autoescaping is on for every
template and report text is never marked safe.

    views.py      the page contexts (frozen dataclasses) and the helpers both pages share
    scorecard.py  a report's section and Summary; a jurisdiction's page with its trend
    index.py      the index pages: rows, sorts, filters, paging
    writer.py     HtmlWriter and write_html: the files, deterministically
The labels shared with the CSV/XLSX exports are in lawscore.labels.
"""
from __future__ import annotations

from ..labels import (
    LEVEL_LABELS,
    NO_CHECKLIST,
    NOT_GIVEN,
    STATUS_LABELS,
    STATUS_SYMBOLS,
    TIMELINESS_LABELS,
    chinese_number,
    corresponds_label,
    group_name,
    timeliness,
)
from ..paths import anchor, scorecard_path, slug
from .index import PAGE_SIZE, index_page, index_pages
from .scorecard import highlight, report_section, report_view, scorecard_page, summarize
from .views import ErrorRow, Summary
from .writer import HtmlWriter, write_html, write_index

__all__ = [
    "LEVEL_LABELS", "NO_CHECKLIST", "NOT_GIVEN", "PAGE_SIZE", "STATUS_LABELS", "STATUS_SYMBOLS", "TIMELINESS_LABELS",
    "ErrorRow", "HtmlWriter", "Summary", "anchor", "chinese_number", "corresponds_label", "group_name",
    "highlight", "index_page", "index_pages", "report_section", "report_view", "scorecard_page", "scorecard_path",
    "slug", "summarize", "timeliness", "write_html", "write_index",
]
