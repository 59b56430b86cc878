"""HTML output: an index of jurisdictions and one scorecard page per jurisdiction.

Every number and label is computed into small, immutable page contexts (views.py); the
jinja2 templates in lawscore/templates only lay them out. Autoescaping is on for every
template and report text is never marked safe.

    views.py       the page contexts (frozen dataclasses) and the helpers both pages share
    scorecard.py   a report's section and Summary; a jurisdiction's page with its trend
    indicators.py  the indicator section, trend and jurisdiction × indicator table
    index.py       the index pages: rows, sorts, filters, paging
    coverage.py    the city-wide view of the items most jurisdictions miss
    writer.py      HtmlWriter: the files, deterministically (output.py feeds it)
The labels shared with the CSV/XLSX exports are in lawscore.labels; file names and anchors in
lawscore.paths. Import the module that holds a name, not this package.
"""
