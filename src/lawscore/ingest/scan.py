"""Scanned pages: image files (.png .jpg .tif) read by OCR, and the text of OCR pages for pdf.py."""
from __future__ import annotations

from .. import ocr
from ..errors import ReportError
from ..model import OcrInfo
from .layout import HEADING, PAGE_NUMBER
from .text import MIN_HAN, Extracted, han_count

SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")


def read(data: bytes) -> Extracted:
    """The text of a scanned page image (.png .jpg .tif; a TIFF may hold several pages)."""
    pages, total = ocr.read_image_file(data)
    max_pages, _ = ocr.limits()
    skipped = tuple(range(max_pages + 1, total + 1))
    info, notes = ocr_info(pages, skipped)
    text = ocr_text([p for p in pages if p.lines])
    if han_count(text) < MIN_HAN:
        raise ReportError("无法提取文字: 文字识别(OCR)没有可靠识别出图片中的文字"
                          f"({'; '.join(notes) or '没有识别出文字'})")
    return Extracted(text, "ocr", "图片", tuple(notes), info)


def ocr_text(pages: list[ocr.PageText]) -> str:
    """The text of consecutive OCR pages: lines the page width broke joined, page numbers dropped.

    A line runs on into the next (on this page or the next one) when OCR saw it reach the
    right edge without ending a sentence, unless the next line opens a heading.
    """
    out: list[str] = []
    joining = False
    for page in pages:
        for line in page.lines:
            if PAGE_NUMBER.match(line.text):
                continue
            if joining and not HEADING.match(line.text):
                out[-1] += line.text
            else:
                out.append(line.text)
            joining = line.continues
    return "\n".join(out)


def ocr_info(pages: list[ocr.PageText], skipped: tuple[int, ...] = (),
              text_pages: tuple[int, ...] = ()) -> tuple[OcrInfo, list[str]]:
    """What OCR did, for results.json and the scorecard, and a note per page left out."""
    used = [p for p in pages if p.lines]
    weight = sum(p.chars for p in used)
    mean = round(sum(p.confidence * p.chars for p in used) / weight, 1) if weight else None
    unreadable = tuple((p.number, p.problem or "") for p in pages if not p.lines)
    notes = []
    if used:
        notes.append(f"本报告由扫描件经文字识别(OCR)读取, 平均置信度{mean:.0f}%; 引文可能有识别错误"
                     if not text_pages else
                     f"第{page_list([p.number for p in used])}页由扫描件经文字识别(OCR)读取, 平均置信度{mean:.0f}%; "
                     "这些页的引文可能有识别错误")
    for number, why in unreadable:
        notes.append(f"第{number}页OCR无法可靠识别, 未计入: {why}")
    if skipped:
        notes.append(f"第{page_list(list(skipped))}页超出OCR页数上限({ocr.limits()[0]}页), 未识别")
    info = OcrInfo(pages=tuple(p.number for p in used), mean_confidence=mean, unreadable_pages=unreadable,
                   skipped_pages=skipped, text_pages=text_pages, engine=ocr.engine())
    return info, notes


def page_list(numbers: list[int]) -> str:
    """1, 2, 3, 5 -> 1-3、5"""
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return "、".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)
