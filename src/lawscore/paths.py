"""Where each output of a report lives, for every writer: the HTML pages link to the Word
follow-up lists, and the spreadsheets link to the scorecards, without importing one another.

File names never come from report text directly: a jurisdiction becomes
`scorecards/<letters, digits and CJK only>-<first 8 hex of sha1(name)>.html`, so a name like
`../../x` cannot leave the output folder; a report's follow-up list is
`followups/<its anchor>.docx`, ASCII only, so it survives any mail or zip program.
"""
from __future__ import annotations

import hashlib
import re

_UNSAFE = re.compile(r"[^0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def slug(name: str) -> str:
    """A file name stem for a jurisdiction: CJK, letters and digits, then a hash of the name."""
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
    safe = _UNSAFE.sub("", name)[:40]
    return f"{safe}-{digest}" if safe else f"j-{digest}"


def scorecard_path(name: str) -> str:
    """The scorecard of jurisdiction `name`, relative to the output folder."""
    return f"scorecards/{slug(name)}.html"


def anchor(source: str) -> str:
    """A stable anchor for one report, the same wherever its section is placed."""
    return "r" + hashlib.sha1(source.encode("utf-8")).hexdigest()[:8]


def followup_path(source: str) -> str:
    """The Word follow-up list of one report, relative to the output folder: named by the
    report's anchor, so `scorecards/x.html#r1a2b3c4d` and `followups/r1a2b3c4d.docx` belong together."""
    return f"followups/{anchor(source)}.docx"
