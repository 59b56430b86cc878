"""Rich Text Format (.rtf): the text, by striprtf.

Chinese in RTF comes two ways, and striprtf reads both: `\\uN` escapes (Word, LibreOffice,
with a `\\'xx` fallback it skips) and `\\'xx` bytes in the code page the file declares
(`\\ansicpg936`, or a font's `\\fcharset134`: GBK), as WordPad and older Word write it.
Table cells (`\\cell`) are separated by ` | ` like the .docx reader's, a row per line.
"""
from __future__ import annotations

import re

from ..errors import ReportError
from ..model import DocumentProperties
from .text import Extracted, properties

SUFFIXES = (".rtf",)
_CELL = re.compile(r"(?<!\\)\\cell(?![a-z])\s?")
_CELL_MARK = "\ue000"  # a private-use character no report contains, for the cell boundaries


def read(data: bytes) -> Extracted:
    from striprtf.striprtf import rtf_to_text

    if not data.lstrip().startswith(b"{\\rtf"):
        raise ReportError("无法提取文字: 这不是 RTF 文件(文件头不是 {\\rtf)")
    # RTF is 7-bit ASCII; bytes above 127 (a file saved raw in GBK) are read as GB18030 text.
    source = data.decode("ascii") if data.isascii() else data.decode("gb18030", "replace")
    source = _CELL.sub(lambda _: f"\\u{ord(_CELL_MARK)}?", source)  # striprtf would write a bare |
    try:
        text = rtf_to_text(source, errors="replace")
    except Exception as exc:  # noqa: BLE001 - striprtf raises many kinds on broken files
        raise ReportError(f"无法提取文字: RTF 文件无法读取({type(exc).__name__})") from None
    return Extracted(_cells(text), "rtf", "RTF 文件", properties=_info(source, rtf_to_text))


_CREATED = re.compile(r"\\creatim\s*\\yr(\d{4})\s*\\mo(\d{1,2})\s*\\dy(\d{1,2})")
_TITLE = re.compile(r"\{\\title\s?((?:[^{}\\]|\\.)[^{}]*)\}")


def _info(source: str, rtf_to_text) -> DocumentProperties | None:
    """The title and creation date of the RTF's \\info group."""
    created = _CREATED.search(source)
    day = f"{created.group(1)}-{int(created.group(2)):02d}-{int(created.group(3)):02d}" if created else None
    title = _TITLE.search(source)
    name = None
    if title:
        try:
            name = rtf_to_text("{\\rtf1 " + title.group(1) + "}", errors="replace").strip()
        except Exception:  # noqa: BLE001 - a broken title only loses the fallback
            name = None
    return properties(name, day)


def _cells(text: str) -> str:
    lines = []
    for line in text.split("\n"):
        if _CELL_MARK in line:
            cells: list[str] = []
            for cell in line.split(_CELL_MARK):
                value = cell.strip()
                if value and (not cells or cells[-1] != value):
                    cells.append(value)
            line = " | ".join(cells)
        lines.append(line)
    return "\n".join(lines)
