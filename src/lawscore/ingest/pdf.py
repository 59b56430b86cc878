"""PDF: the text layer, page layout undone; pages without a usable layer read by OCR (scan.py)."""
from __future__ import annotations

import io

from .. import ocr
from ..errors import ReportError
from ..model import OcrInfo
from .layout import unwrap_pdf_lines
from .scan import ocr_info, ocr_text, page_list
from .text import MIN_HAN, Extracted, common_share, han_count

SUFFIXES = (".pdf",)


def read(data: bytes) -> Extracted:
    text, info, warnings = _pdf_text(data)
    encoding = "pdf"
    if info and info.pages:
        encoding = "pdf+ocr" if info.text_pages else "ocr"
    return Extracted(text, encoding, "PDF", tuple(warnings), info)


def _pdf_text(data: bytes) -> tuple[str, OcrInfo | None, list[str]]:
    """The text of a PDF: its text layer, and OCR of the pages that have none worth reading.

    A page is read by OCR when its text layer is garbage (a broken font map), or when it has
    fewer than _OCR_PAGE_HAN Chinese characters and holds an image (a scanned page); when the
    whole file has no text layer, every page is (text drawn as outlines). Returns the text,
    what OCR did, and notes for the reader.
    """
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError as exc:  # pragma: no cover - installed with lawscore
        raise ReportError(f"读取 .pdf 需要 pypdf({exc})") from None
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReportError("无法提取文字: PDF 有密码保护")
        pages = [page.extract_text() or "" for page in reader.pages]
    except ReportError:
        raise
    except PdfReadError as exc:
        raise ReportError(f"无法提取文字: PDF 已损坏或不完整({exc})") from None
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on broken files
        raise ReportError(f"无法提取文字: PDF 无法读取({type(exc).__name__})") from None
    garbage = {n for n, text in enumerate(pages, 1) if _garbage(text)}
    if han_count("\n".join(pages)) < MIN_HAN:
        wanted = list(range(1, len(pages) + 1))
    else:
        weak = [n for n, text in enumerate(pages, 1) if han_count(text) < _OCR_PAGE_HAN and n not in garbage]
        wanted = sorted(garbage | set(_with_images(data, weak)))
    if not wanted:
        return unwrap_pdf_lines("\n".join(pages)), None, []
    max_pages, _ = ocr.limits()
    skipped = tuple(wanted[max_pages:])
    wanted = wanted[:max_pages]
    try:
        read = {p.number: p for p in ocr.read_pdf_pages(data, wanted)}
    except ocr.OcrUnavailable:
        # Score what the text layer has, as before OCR existed, and say what was left unread;
        # refuse only when that is not enough to score.
        kept = [text for n, text in enumerate(pages, 1) if n not in garbage and text.strip()]
        text = unwrap_pdf_lines("\n".join(kept))
        if han_count(text) < MIN_HAN:
            raise
        note = (f"第{page_list(wanted + list(skipped))}页是扫描图像, 未安装Tesseract, 未能识别"
                f" (pages not read: install OCR with {ocr.INSTALL})")
        info = OcrInfo(pages=(), mean_confidence=None,
                       unreadable_pages=tuple((n, "未安装Tesseract") for n in wanted), skipped_pages=skipped,
                       text_pages=tuple(n for n, t in enumerate(pages, 1) if n not in garbage and han_count(t)))
        return text, info, [note]
    parts: list[str] = []
    text_run: list[str] = []
    ocr_run: list[ocr.PageText] = []
    for n, text in enumerate(pages, 1):
        page = read.get(n)
        if page is not None and page.lines:
            if text_run:
                parts.append(unwrap_pdf_lines("\n".join(text_run)))
                text_run = []
            ocr_run.append(page)
            continue
        if ocr_run:
            parts.append(ocr_text(ocr_run))
            ocr_run = []
        if n not in garbage and text.strip():  # a page OCR could not read keeps what text layer it had
            text_run.append(text)
    if text_run:
        parts.append(unwrap_pdf_lines("\n".join(text_run)))
    if ocr_run:
        parts.append(ocr_text(ocr_run))
    text_pages = tuple(n for n, text in enumerate(pages, 1)
                       if n not in garbage and not (n in read and read[n].lines) and han_count(text))
    info, notes = ocr_info(list(read.values()), skipped, text_pages)
    text = "\n".join(parts)
    if han_count(text) < MIN_HAN:
        raise ReportError("无法提取文字: PDF 没有文字层, 文字识别(OCR)也没有可靠识别出任何一页"
                          f"({'; '.join(notes) or '没有识别出的页'})")
    return text, info, notes


# A page with fewer Chinese characters than this in its text layer is read by OCR if it has an image.
_OCR_PAGE_HAN = 10


def _garbage(text: str) -> bool:
    """A text layer of unreadable characters: a font without a usable map to Unicode."""
    han = han_count(text)
    bad = text.count("\ufffd") + 4 * text.count("(cid:")
    return bad > max(5, han * 0.05) or (han >= 20 and common_share(text) < 0.3)


def _with_images(data: bytes, numbers: list[int]) -> list[int]:
    """Those of the given 1-based pages that hold an image (directly or inside a form)."""
    if not numbers:
        return []
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    out = []
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return []
    try:
        for n in numbers:
            page = pdf[n - 1]
            try:
                if next(page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,)), None) is not None:
                    out.append(n)
            finally:
                page.close()
    finally:
        pdf.close()
    return out
