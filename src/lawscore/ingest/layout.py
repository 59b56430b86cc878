"""The printed page in a text: page numbers, and lines the page width broke (PDF text layers, OCR)."""
from __future__ import annotations

import re

from .text import han_count

PAGE_NUMBER = re.compile(r"^\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|\d{1,3}|第\s*\d{1,3}\s*页(?:\s*[,,/]?\s*共\s*\d{1,3}\s*页)?"
                          r"|\d{1,3}\s*/\s*\d{1,3})\s*$")
_SPACED_HAN = re.compile(r"(?<=[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]) (?=[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef])")
HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．]|第[一二三四五六七八九十]+[章部分条])")
_SENTENCE_END = "。:;!?:;!?”」)》"
# A closing bracket ends a sentence only after one of these: the page width often breaks a
# paragraph just after an annotation such as 领(lǐng) or (试行).
_ENDS_BEFORE_BRACKET = tuple("。:;!?”」》")


def unwrap_pdf_lines(text: str) -> str:
    """Undo the page layout of a PDF's text: drop page numbers, join lines the page width broke.

    A PDF's text layer has one line per printed line, so a paragraph arrives cut every ~38
    characters and page numbers (— 3 —) sit between its pieces. A line as long as the longest
    lines that does not end a sentence continues on the next line, unless that line opens a
    heading. Some PDFs also put a space between every two characters; those spaces go.
    """
    han = han_count(text)
    if han and len(_SPACED_HAN.findall(text)) > 0.3 * han:
        text = re.sub(r"(?<=\S) (?=\S)", "", text)  # every single space; a real gap was wider
    lines = [line.rstrip() for line in text.split("\n") if not PAGE_NUMBER.match(line)]
    widths = sorted(_width(line) for line in lines if len(line) >= 10)
    if len(widths) < 5:
        return "\n".join(lines)
    full = widths[int(len(widths) * 0.9)] - 2
    out: list[str] = []
    joining = False
    for line in lines:
        if joining and line.strip() and not HEADING.match(line):
            out[-1] += line.strip()
        else:
            out.append(line)
        joining = _width(line) >= full and not _ends_sentence(line)
    return "\n".join(out)


def _width(line: str) -> float:
    """Printed width in Chinese characters: digits and latin letters take half a place."""
    return len(line) - 0.5 * sum(1 for ch in line if ch.isascii())


def _ends_sentence(line: str) -> bool:
    if line.endswith((")", "）")):
        return line[:-1].rstrip().endswith(_ENDS_BEFORE_BRACKET)
    return line.endswith(tuple(_SENTENCE_END))
