"""Read report files from disk into text, whatever their format and Chinese encoding.

One reader per format, each a module of this package with `SUFFIXES` and `read(bytes) ->
Extracted`; `READERS` below maps a file suffix to its reader, so a new format is a new module
and one line here. Formats: plain text (txt.py), saved web pages (html.py), Word .docx
(docx.py), PDF (pdf.py) and scanned pages (scan.py). PDF pages without a usable text layer
and image files are read by OCR (ocr.py); the document records which pages and how confidently.
Encodings are decided by text.decode in a fixed, recorded order. A file that yields no
readable Chinese text is refused with a reason ("cannot extract text"), never scored as an
empty report.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from ..errors import ReportError
from ..model import RawDocument
from . import docx, html, pdf, scan, txt
from .text import Extracted, check_text

Reader = Callable[[bytes], Extracted]
READERS: dict[str, Reader] = {suffix: module.read for module in (txt, html, docx, pdf, scan)
                              for suffix in module.SUFFIXES}
IMAGE_SUFFIXES = scan.SUFFIXES
REPORT_SUFFIXES = tuple(READERS)
# The format recorded for a suffix, where it is not the suffix itself.
_FORMATS = {".htm": "html", ".jpg": "jpeg", ".tif": "tiff"}
_UNSUPPORTED = {
    ".doc": "无法读取旧版 Word .doc 文件; 请用 Word 或 WPS 打开并另存为 .docx,或把文字复制到 .txt 文件",
    ".wps": "无法读取 WPS .wps 文件; 请用 WPS 打开并另存为 .docx,或把文字复制到 .txt 文件",
}
MAX_BYTES = 64 * 1024 * 1024


def read(path: Path, shown: str | None = None) -> RawDocument:
    """Read one report file; raise ReportError with a reason a person can act on."""
    shown = shown or str(path)
    suffix = path.suffix.lower()
    if suffix in _UNSUPPORTED:
        raise ReportError(_UNSUPPORTED[suffix])
    if suffix not in READERS:
        raise ReportError(f"不支持的文件类型 '{suffix or path.name}'; lawscore 读取 {', '.join(REPORT_SUFFIXES)}")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ReportError(f"文件有 {size // (1024 * 1024)} MB; 超过 {MAX_BYTES // (1024 * 1024)} MB 的报告不读取")
        data = path.read_bytes()
    except OSError as exc:
        raise ReportError(f"无法读取文件({exc.strerror or exc})") from None
    return document(data, suffix, shown)


def document(data: bytes, suffix: str, shown: str) -> RawDocument:
    """The report in `data`, the bytes of a file with this suffix, read by its format's reader."""
    if not data.strip():
        raise ReportError("文件是空的")
    got = READERS[suffix](data)
    if not got.text.strip():
        raise ReportError("文件是空的(只有空白)")
    check_text(got.text, got.what)
    warnings = list(got.warnings)
    if "detected" in got.encoding:
        warnings.append(f"编码由检测器判断为{got.encoding.split()[0]}")
    return RawDocument(
        source=shown,
        text=got.text,
        format=_FORMATS.get(suffix, suffix.lstrip(".")),
        encoding=got.encoding,
        sha256=hashlib.sha256(data).hexdigest(),
        warnings=tuple(warnings),
        ocr=got.ocr,
    )


def collect(paths: list[str]) -> tuple[list[tuple[Path, str]], list[tuple[str, str]]]:
    """Expand files and folders into (path, shown name) pairs, sorted; and errors for bad paths."""
    found: list[tuple[Path, str]] = []
    errors: list[tuple[str, str]] = []
    wanted = REPORT_SUFFIXES + tuple(_UNSUPPORTED)
    for given in paths:
        p = Path(given)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and child.suffix.lower() in wanted and not child.name.startswith("."):
                    found.append((child, str(child)))
        elif p.is_file():
            found.append((p, given))
        else:
            errors.append((given, "没有这个文件或文件夹"))
    seen = set()
    unique = []
    for path, shown in sorted(found, key=lambda x: x[1]):
        key = str(path.resolve())
        if key not in seen:
            seen.add(key)
            unique.append((path, shown))
    return unique, errors
