"""Plain text (.txt) in any of the Chinese encodings text.decode knows, UTF-16 with or without a BOM."""
from __future__ import annotations

import codecs

from ..errors import ReportError
from .text import Extracted, decode, decode_utf16_without_bom

SUFFIXES = (".txt",)


def read(data: bytes) -> Extracted:
    warnings: list[str] = []
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        utf16 = decode_utf16_without_bom(data)
        if utf16 is None:
            raise ReportError("无法提取文字: 这是二进制文件,不是文本")
        text, encoding = utf16
    else:
        text, encoding = decode(data, None, warnings)
    return Extracted(text, encoding, "文件", tuple(warnings))
