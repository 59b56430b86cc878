"""Read jurisdiction, level, year reported on and publication date from a report.

Sources, in order of trust: page header fields (发布日期 …), the title, the first paragraph,
then the body. Self-references (我县, 本区, 我局, 本街道) give the level; the name they stand for
is taken from the page header (the site's name, 发布机构, 来源, the breadcrumb) when exactly one
body there is at that level, and is left unknown otherwise: a wrong name costs more than a gap.
Masked templates (XX市, 某县) leave the jurisdiction unknown too. Every name output is a unit of
the gazetteer of China's administrative divisions, or a known department of one.

    header.py        the title line and the bodies the page header names
    dates.py         publication date and the year reported on
    names.py         administrative names as running text writes them (candidates)
    gazetteer.py     the divisions (data/divisions.tsv, from jionlp) and departments (data/departments.tsv)
    jurisdiction.py  whose report it is, resolved against the gazetteer
"""
from __future__ import annotations

from ..model import Metadata, NormalizedText
from . import gazetteer
from .dates import _arabic_years, _published, _year, _years
from .header import _EMBEDDED_TITLE, find_title
from .jurisdiction import _jurisdiction
from .names import _opening, level_of

__all__ = ["extract", "find_title", "level_of", "unit_of"]


def unit_of(name: str) -> str:
    """The place a jurisdiction groups under: 厦门市 for 厦门市人民政府外事办公室, else the name
    itself (a manifest may name a place the gazetteer does not know: it is the supervisor's word)."""
    place = gazetteer.department(name) or gazetteer.resolve(name)
    return place.unit if place and place.level == "department" else name


def extract(norm: NormalizedText, title: str | None, body_text: str) -> Metadata:
    """Metadata read from the header, the title and the body of one report."""
    header = norm.text[: norm.body_start]
    sources: list[tuple[str, str]] = []

    published = _published(header or norm.text[:300], labelled_only=not header, title=title)
    title_years = [y for y, _, plan in _years(_arabic_years(title or "")) if not plan]
    if published and title_years and int(published[:4]) < title_years[0]:
        published = None  # a stale date: no page publishes a report before the year it covers
    if published:
        sources.append(("published", "页面信息"))

    # The title: a header line, else a title written at the top of the body.
    title_text, title_where = title, "标题"
    if not title_text:
        m = _EMBEDDED_TITLE.match(body_text.lstrip())
        if m:
            title_text, title_where = m.group(0), "正文开头的标题"
    opening = _opening(body_text)

    year, year_where = _year(title_text, body_text, published)
    if year_where:
        sources.append(("year", year_where if year_where != "title" else title_where))

    found = _jurisdiction(header, title_text, opening, body_text)
    where = found.where
    if where.startswith("title"):
        where = title_where + where[len("title"):]
    if found.place:
        sources.append(("jurisdiction", where))
    else:
        # No name: say why (地区不详：…), and where the level came from when there is one.
        sources.append(("jurisdiction", where))
        if found.level:
            sources.append(("level", "自称或标题"))
    return Metadata(
        jurisdiction=found.place.name if found.place else None,
        level=found.level,
        unit=found.place.unit if found.place else None,
        year=year,
        published=published,
        title=title,
        sources=tuple(sources),
    )


