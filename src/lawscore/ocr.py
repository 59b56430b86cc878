"""Read page images with Tesseract (chi_sim): scanned PDF pages and .png/.jpg/.tif reports.

Tesseract runs as a program (`tesseract stdin stdout -l chi_sim tsv`), one page at a time,
with a time limit and one thread, so a batch's worker processes do not fight over the cores
and the same image always gives the same text. PDF pages are rendered with pypdfium2, image
files opened with Pillow. A page whose words Tesseract is not confident of, or that holds
almost no Chinese, is not used: it comes back with a `problem`, to be reported, not guessed.

Bounds: at most MAX_PAGES pages of a file are read and each page gets PAGE_SECONDS; the
environment variables LAWSCORE_OCR_MAX_PAGES and LAWSCORE_OCR_PAGE_SECONDS change them (a
value that is not a finite number is ignored).
"""
from __future__ import annotations

import csv
import functools
import io
import math
import os
import shutil
import statistics
import subprocess
from dataclasses import dataclass

from . import chars
from .errors import ReportError

LANGUAGE = "chi_sim"
DPI = 200  # PDF pages are rendered at this resolution: 16 pt body text is ~44 pixels high
MAX_PAGES = 50  # an annual report is 5-30 pages; more is read only up to here
PAGE_SECONDS = 60.0  # Tesseract takes 2-8 s for an A4 page at 200 dpi on one core
MAX_SIDE = 4000  # pixels: larger pages (posters, 600 dpi scans) are scaled down to this first
MIN_CONFIDENCE = 60.0  # a page's mean word confidence (0-100) below this is not used
MIN_HAN = 10  # a page with fewer Chinese characters than this is not used
MIN_HAN_SHARE = 0.3  # nor one where Chinese is less than this share of what was read (tables of figures pass)
MIN_LINE_CONFIDENCE = 40.0  # lines below this (seals, photos, smudges) are left out of a page
INSTALL = "apt-get install tesseract-ocr tesseract-ocr-chi-sim"


class OcrUnavailable(ReportError):
    """Tesseract or its Chinese language data is not installed."""


@dataclass(frozen=True)
class Line:
    """One printed line as read: its text and whether the paragraph goes on on the next line."""

    text: str
    continues: bool


@dataclass(frozen=True)
class PageText:
    """What OCR read of one page. `problem` says why the page is not used (its lines are empty)."""

    number: int  # 1-based, in the file
    lines: tuple[Line, ...]
    confidence: float  # mean word confidence 0-100, weighted by characters
    han: int  # Chinese characters read
    chars: int  # all characters read (no spaces)
    problem: str | None = None


def limits() -> tuple[int, float]:
    """(pages, seconds per page): the constants, or the environment's LAWSCORE_OCR_* values."""
    pages, seconds = MAX_PAGES, PAGE_SECONDS
    try:
        pages = max(1, int(os.environ.get("LAWSCORE_OCR_MAX_PAGES", pages)))
    except ValueError:
        pass
    try:
        value = float(os.environ.get("LAWSCORE_OCR_PAGE_SECONDS", seconds))
    except ValueError:
        value = seconds
    if math.isfinite(value):  # inf or nan would reach subprocess as a timeout it cannot keep
        seconds = max(1.0, value)
    return pages, seconds


def find_tesseract() -> str | None:
    """The tesseract program on PATH, or None."""
    return shutil.which("tesseract")


@functools.lru_cache(maxsize=4)
def _languages(program: str) -> frozenset[str]:
    try:
        done = subprocess.run([program, "--list-langs"], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return frozenset()
    lines = done.stdout.decode("utf-8", "replace").splitlines()
    return frozenset(line.strip() for line in lines[1:] if line.strip())


def tesseract() -> str:
    """The tesseract program, checked to read simplified Chinese; else OcrUnavailable."""
    program = find_tesseract()
    if program is None:
        raise OcrUnavailable(f"无法提取文字: 这是扫描件, 需要文字识别(OCR), 但未安装 Tesseract; 请安装: {INSTALL}")
    if LANGUAGE not in _languages(program):
        raise OcrUnavailable(f"无法提取文字: 这是扫描件, 需要文字识别(OCR), 但未安装 Tesseract 的中文识别数据; 请安装: {INSTALL}")
    return program


@functools.lru_cache(maxsize=4)
def _version(program: str) -> str:
    try:
        done = subprocess.run([program, "--version"], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "tesseract"
    first = (done.stdout or done.stderr).decode("utf-8", "replace").strip().splitlines()
    return first[0].strip() if first else "tesseract"


def engine() -> str:
    """What reads the pages, e.g. `tesseract 5.3.0 (chi_sim)`, for the record."""
    return f"{_version(tesseract())} ({LANGUAGE})"


# --- reading one image --------------------------------------------------------------------

def read_image(image, number: int, dpi: int, seconds: float) -> PageText:
    """OCR one page image (a PIL image) and judge whether its text can be used."""
    program = tesseract()
    gray = image if image.mode == "L" else image.convert("L")
    side = max(gray.size)
    if side > MAX_SIDE:  # Tesseract's time grows with the pixels; 4000 is 340 dpi on A4
        gray = gray.resize((max(1, gray.width * MAX_SIDE // side), max(1, gray.height * MAX_SIDE // side)))
        dpi = max(1, dpi * MAX_SIDE // side)
    buf = io.BytesIO()
    gray.save(buf, "PPM")  # uncompressed: nothing to encode, and leptonica reads it from stdin
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    try:
        done = subprocess.run([program, "stdin", "stdout", "-l", LANGUAGE, "--dpi", str(dpi), "tsv"],
                              input=buf.getvalue(), capture_output=True, timeout=seconds, env=env, check=False)
    except subprocess.TimeoutExpired:
        return PageText(number, (), 0.0, 0, 0, f"OCR超时(超过{seconds:g}秒)")
    except OSError as exc:
        return PageText(number, (), 0.0, 0, 0, f"OCR无法运行({exc.strerror or exc})")
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        return PageText(number, (), 0.0, 0, 0, f"OCR出错({message[-1] if message else done.returncode})")
    return judge(number, parse_tsv(done.stdout.decode("utf-8", "replace")))


@dataclass(frozen=True)
class _Read:
    text: str
    confidence: float  # mean over its words, weighted by characters
    left: int
    right: int
    height: int  # median word height
    block: int


def parse_tsv(tsv: str) -> list[_Read]:
    """The lines of Tesseract's TSV output, in reading order, with their geometry."""
    rows = csv.reader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
    next(rows, None)  # header
    lines: dict[tuple[int, int, int, int], list[tuple[str, float, int, int, int]]] = {}
    for row in rows:
        if len(row) < 12 or row[0] != "5":
            continue
        word = row[11].strip()
        if not word:
            continue
        key = (int(row[1]), int(row[2]), int(row[3]), int(row[4]))
        left, width, height = int(row[6]), int(row[8]), int(row[9])
        lines.setdefault(key, []).append((word, float(row[10]), left, left + width, height))
    out = []
    for key, words in lines.items():  # dicts keep Tesseract's reading order
        text = ""
        for word, *_ in words:
            # Tesseract splits Chinese into words; spaces belong only between latin words and figures.
            if text and text[-1].isascii() and text[-1].isalnum() and word[0].isascii() and word[0].isalnum():
                text += " "
            text += word
        weight = sum(len(w) for w, *_ in words)
        confidence = sum(c * len(w) for w, c, *_ in words) / weight
        out.append(_Read(text, confidence, min(w[2] for w in words), max(w[3] for w in words),
                         int(statistics.median(w[4] for w in words)), key[1]))
    return out


_SENTENCE_END = tuple("。:;!?:;!?”」)》")


def judge(number: int, read: list[_Read]) -> PageText:
    """Keep a page's confident lines, mark where a paragraph runs on, or say why it is unusable.

    A line runs on when it reaches the right edge of the text (within 1.5 characters) and does
    not end a sentence: the page width broke it, not the writer.
    """
    kept = [r for r in read if r.confidence >= MIN_LINE_CONFIDENCE]
    total = sum(len(r.text.replace(" ", "")) for r in read)
    if not kept:
        if not read:
            return PageText(number, (), 0.0, 0, 0, "未识别出文字(空白页或图片)")
        confidence = _mean(read)
        return PageText(number, (), confidence, _han(read), total, f"识别置信度过低({confidence:.0f}%)")
    confidence = _mean(kept)
    han = _han(kept)
    visible = sum(len(r.text.replace(" ", "")) for r in kept)
    if confidence < MIN_CONFIDENCE:
        return PageText(number, (), confidence, han, visible, f"识别置信度过低({confidence:.0f}%)")
    if han < MIN_HAN or han < MIN_HAN_SHARE * visible:
        return PageText(number, (), confidence, han, visible, f"几乎未识别出汉字({han}个)")
    right = max(r.right for r in kept)
    height = statistics.median(r.height for r in kept)
    lines = []
    for r in kept:
        full = r.right >= right - 1.5 * height
        lines.append(Line(r.text, full and not r.text.endswith(_SENTENCE_END)))
    return PageText(number, tuple(lines), round(confidence, 1), han, visible)


def _mean(read: list[_Read]) -> float:
    weight = sum(len(r.text) for r in read)
    return round(sum(r.confidence * len(r.text) for r in read) / weight, 1) if weight else 0.0


def _han(read: list[_Read]) -> int:
    return sum(chars.count_blocks(r.text, 0x4E, 0x9F) for r in read)


# --- files ---------------------------------------------------------------------------------

def read_pdf_pages(data: bytes, numbers: list[int]) -> list[PageText]:
    """OCR the given 1-based pages of a PDF, rendered at DPI."""
    import pypdfium2 as pdfium

    _, seconds = limits()
    tesseract()  # fail before rendering anything when there is nothing to read with
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ReportError(f"无法提取文字: PDF 的页面无法渲染为图像供文字识别({exc})") from None
    out = []
    try:
        for number in numbers:
            page = pdf[number - 1]
            try:
                width, height = page.get_size()  # in points
                scale = min(DPI / 72, MAX_SIDE / max(width, height, 1))
                bitmap = page.render(scale=scale, grayscale=True)
                image = bitmap.to_pil()
            except pdfium.PdfiumError as exc:
                out.append(PageText(number, (), 0.0, 0, 0, f"页面无法渲染({exc})"))
                continue
            finally:
                page.close()
            out.append(read_image(image, number, round(scale * 72), seconds))
    finally:
        pdf.close()
    return out


def read_image_file(data: bytes) -> tuple[list[PageText], int]:
    """OCR every frame of an image file (a multi-page TIFF has several), up to the page limit.

    Returns the pages read and how many pages the file has in all.
    """
    from PIL import Image, UnidentifiedImageError

    max_pages, seconds = limits()
    tesseract()
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ValueError) as exc:
        raise ReportError(f"无法提取文字: 图片无法打开({type(exc).__name__})") from None
    total = getattr(image, "n_frames", 1)
    dpi = image.info.get("dpi", (0, 0))[0]
    out = []
    for index in range(min(total, max_pages)):
        # Each page is opened and checked on its own: a later page of a TIFF may be broken, or
        # declare billions of pixels (Pillow refuses it as a decompression bomb when loading).
        try:
            image.seek(index)
            image.load()
        except Image.DecompressionBombError:
            out.append(PageText(index + 1, (), 0.0, 0, 0, f"页面图像过大({image.size[0]}×{image.size[1]}像素, 可能是图像炸弹)"))
            continue
        except (OSError, ValueError, EOFError) as exc:
            out.append(PageText(index + 1, (), 0.0, 0, 0, f"页面图像无法读取({type(exc).__name__})"))
            continue
        frame_dpi = image.info.get("dpi", (dpi, dpi))[0] or dpi
        out.append(read_image(image, index + 1, int(round(frame_dpi)) or 300, seconds))
    return out, total
