"""Read report files from disk into text, deciding the encoding in a fixed, recorded order.

Order: byte-order mark, strict UTF-8, GB18030 (a superset of GBK and GB2312). A file that
decodes to nothing readable is refused with a reason rather than scored as an empty report.
"""
from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

from .errors import ReportError
from .model import RawDocument

REPORT_SUFFIXES = (".txt",)
_UNSUPPORTED = {
    ".doc": "old Word .doc files cannot be read; open it in Word or WPS and save as .docx or .txt",
    ".wps": "WPS .wps files cannot be read; open it in WPS and save as .docx or .txt",
}
MAX_BYTES = 64 * 1024 * 1024


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding) for the bytes of a text file."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(name), name
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        raise ReportError("the file is neither UTF-8 nor GB18030 text; save it as UTF-8") from None


def _readable(text: str) -> bool:
    han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    return han >= 20


def read(path: Path, shown: str | None = None) -> RawDocument:
    """Read one report file; raise ReportError with a reason a person can act on."""
    shown = shown or str(path)
    suffix = path.suffix.lower()
    if suffix in _UNSUPPORTED:
        raise ReportError(_UNSUPPORTED[suffix])
    if suffix not in REPORT_SUFFIXES:
        raise ReportError(f"unsupported file type '{suffix or path.name}'; lawscore reads {', '.join(REPORT_SUFFIXES)}")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ReportError(f"the file is {size // (1024 * 1024)} MB; reports over {MAX_BYTES // (1024 * 1024)} MB are not read")
        data = path.read_bytes()
    except OSError as exc:
        raise ReportError(f"cannot read the file ({exc.strerror or exc})") from None
    if not data.strip():
        raise ReportError("the file is empty")
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ReportError("the file is binary, not text; cannot extract text")
    text, encoding = decode(data)
    if not _readable(text):
        raise ReportError("cannot extract text: fewer than 20 Chinese characters in the file")
    return RawDocument(
        source=shown,
        text=text,
        format=suffix.lstrip("."),
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def collect(paths: list[str]) -> tuple[list[tuple[Path, str]], list[tuple[str, str]]]:
    """Expand files and folders into (path, shown name) pairs, sorted; and errors for bad paths."""
    found: list[tuple[Path, str]] = []
    errors: list[tuple[str, str]] = []
    for given in paths:
        p = Path(given)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and child.suffix.lower() in REPORT_SUFFIXES + tuple(_UNSUPPORTED):
                    found.append((child, str(child)))
        elif p.is_file():
            found.append((p, given))
        else:
            errors.append((given, "no such file or folder"))
    seen = set()
    unique = []
    for path, shown in sorted(found, key=lambda x: x[1]):
        key = str(path.resolve())
        if key not in seen:
            seen.add(key)
            unique.append((path, shown))
    return unique, errors
