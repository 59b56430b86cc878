"""Derive the reference wording lawscore ships (src/lawscore/reference/wording.tsv) from the
outline and reporting-rules notes in ../shared/reference/.

The copy check (lawscore.copies) flags a report sentence that restates this wording
(照搬纲要原文). The notes paraphrase requirements in English and give the official Chinese
wording only where they quote it: chapter titles, section headings, and Chinese phrases inside
requirement bullets. Those Chinese runs are the wording kept here. Lines of "Characteristic
terms" are left out: they are report vocabulary, not the outline's text, and a report that uses
them reports work in the usual words.

Run from the repository root after the notes change, and commit the result:

    python scripts/make_reference_wording.py ../shared/reference
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

# The documents, in the order they are written out, with the name a scorecard shows.
DOCUMENTS = (
    ("outline-2021-2025.md", "《法治政府建设实施纲要(2021—2025年)》"),
    ("outline-2015-2020.md", "《法治政府建设实施纲要(2015—2020年)》"),
    ("annual-report-rules.md", "法治政府建设年度报告的有关规定"),
)
OUT = Path(__file__).resolve().parent.parent / "src" / "lawscore" / "reference" / "wording.tsv"

# A run of Chinese text with the punctuation the official texts use inside a phrase.
_RUN = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff、，；：“”‘’《》（）〔〕—]*[\u4e00-\u9fff”》）]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
MIN_HAN = 6  # shorter runs are single terms (合法性审查), not wording a sentence can restate
_SECTION = re.compile(r"^#{2,3}\s+(.+?)(?:\s+\[|\s+—|$)")
# Sections of the notes about the notes themselves: their Chinese examples are report terms.
_SKIP = ("Verification marks", "Applicability codes", "Characteristic terms")


def fragments(text: str) -> list[tuple[str, str]]:
    """(section heading, Chinese run) in text order, each run once per document."""
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    section = ""
    skip = True  # the file's own opening (title, issuer) until its first section
    for line in text.splitlines():
        heading = _SECTION.match(line)
        if heading:
            section = heading.group(1).strip()
            skip = section.startswith(_SKIP)
        if skip or line.lstrip().startswith("Characteristic terms"):
            continue
        for run in _RUN.findall(line):
            if len(_HAN.findall(run)) >= MIN_HAN and run not in seen:
                seen.add(run)
                out.append((section if _HAN.search(section) else "", run))
    return out


def main(folder: str) -> int:
    lines = ["# Derived by scripts/make_reference_wording.py from shared/reference/; do not edit by hand.",
             "# document\tsection\twording"]
    for name, title in DOCUMENTS:
        for section, run in fragments((Path(folder) / name).read_text(encoding="utf-8")):
            lines.append(f"{title}\t{section}\t{run}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(lines) - 2} passages")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1] if len(sys.argv) > 1 else "../shared/reference"))
