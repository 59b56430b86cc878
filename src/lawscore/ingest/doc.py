"""Old Word (.doc, Word 97-2003) and WPS Writer (.wps) files, read by an external converter.

antiword (Debian package antiword) is tried first: with `-w 0` it writes a paragraph per line
and a table row as `|cell |cell |`, which becomes `cell | cell` as in the .docx reader.
catdoc (package catdoc) is next: it loses text at some piece boundaries of long Chinese
paragraphs (seen on a seed report), so it only reads what antiword refuses (Word 6/95 files).
LibreOffice (`soffice`, package libreoffice-writer-nogui) is last, where it is installed.
A .wps saved by WPS Office is a Word 97 file inside, which all three read; an older WPS or a
Microsoft Works file only LibreOffice may read. All run through convert.run: a time limit,
no shell, a private temporary folder removed afterwards.
"""
from __future__ import annotations

import re

from ..errors import ReportError
from . import convert
from .text import MIN_HAN, Extracted, han_count

SUFFIXES = (".doc", ".wps")
PROGRAMS = (
    convert.Program(("antiword", "-m", "UTF-8.txt", "-w", "0"), "antiword"),
    convert.Program(("catdoc", "-d", "utf-8", "-w"), "catdoc"),
    convert.Program(("soffice", "--headless", "--norestore", "--convert-to", "txt:Text (encoded):UTF8",
                     "--outdir", "."), "libreoffice-writer-nogui", output="input.txt"),
)
_KIND = "Word .doc 或 WPS .wps 文件"
_ADVICE = "用 Word 或 WPS 打开并另存为 .docx"


def read(data: bytes) -> Extracted:
    programs = convert.installed(PROGRAMS)
    if not programs:
        raise convert.missing(_KIND, PROGRAMS, _ADVICE)
    failures = []
    for program in programs:
        try:
            text = _lines(convert.run(program, data, ".doc").decode("utf-8", "replace"))  # a .wps is Word inside
        except ReportError as exc:
            failures.append(str(exc).removeprefix("无法提取文字: "))
            continue
        if han_count(text) >= MIN_HAN:  # catdoc turns a file it cannot read into a few stray letters
            return Extracted(text, program.args[0], "Word 文件")
        failures.append(f"{program.args[0]} 没有读出文字")
    raise ReportError(f"无法提取文字: {_KIND}无法读取({'; '.join(failures)}); 请{_ADVICE}")


def _lines(text: str) -> str:
    """Table rows (antiword's `|a |b |`, catdoc's tab-separated cells) as `a | b`, merged cells
    once; other lines as they are."""
    lines = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n"):
        row = line.strip()
        if "\t" in line or (len(row) > 1 and row[0] == "|" and row[-1] == "|"):
            cells: list[str] = []
            for cell in re.split(r"\t|\|", row):
                value = cell.strip()
                if value and (not cells or cells[-1] != value):
                    cells.append(value)
            line = " | ".join(cells)
        if line.strip():  # antiword puts a blank line between paragraphs; the .docx reader does not
            lines.append(line)
    return "\n".join(lines)
