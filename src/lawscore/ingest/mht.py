"""Web pages saved by a browser as one file (.mht/.mhtml, MIME multipart/related).

The page itself is the multipart's root part (its `start` parameter, else the first text/html
part); it is decoded from quoted-printable or base64 and read by html.py, with the charset
its MIME header gives (a saved GB2312 page keeps its bytes). Images and styles are ignored.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import ReportError
from . import html
from .text import Extracted

if TYPE_CHECKING:
    from email.message import Message

SUFFIXES = (".mht", ".mhtml")


def read(data: bytes) -> Extracted:
    import email  # here, not at import: every batch imports the readers, few read a .mht
    import email.policy

    message = email.message_from_bytes(data, policy=email.policy.compat32)
    part = _root(message)
    if part is None:
        raise ReportError("无法提取文字: .mht 文件中没有网页(text/html)部分")
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes) or not payload.strip():
        raise ReportError("无法提取文字: .mht 文件中的网页是空的")
    return html.page(payload, part.get_content_charset())


def _root(message: Message) -> Message | None:
    """The page of a saved .mht: the part `start` names, else the first text/html part."""
    if not message.is_multipart():
        return message if message.get_content_type() == "text/html" else None
    start = (message.get_param("start") or "")
    start = start.strip("<>") if isinstance(start, str) else ""
    parts = [p for p in message.walk() if not p.is_multipart()]
    if start:
        for p in parts:
            if (p.get("Content-ID") or "").strip().strip("<>") == start and p.get_content_type() == "text/html":
                return p
    return next((p for p in parts if p.get_content_type() == "text/html"), None)
