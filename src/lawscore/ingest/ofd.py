"""OFD (.ofd, GB/T 33190, the fixed-layout format of 电子公文 systems): the text of its pages.

An OFD file is a zip of XML: OFD.xml names each document's root (DocBody/DocRoot, e.g.
Doc_0/Document.xml); Document.xml lists the pages in order (Pages/Page/@BaseLoc); each page's
Content.xml draws text as TextObject elements (@Boundary "x y w h", @Size) holding TextCode
elements (@X @Y, relative to the boundary). Text is put in reading order per page: pieces on
one baseline (within half a character) make a line, left to right; lines top to bottom. The
printed layout is then undone as for a PDF's text layer (layout.unwrap_pdf_lines).

The archive is bounded like every zip (archive.py), and the XML is parsed by lxml with entity
resolution, DTD loading and network access off. No OFD library is used: easyofd needs PyMuPDF,
which is AGPL.
"""
from __future__ import annotations

import posixpath
import zipfile

from ..errors import ReportError
from . import archive
from .layout import unwrap_pdf_lines
from .text import Extracted, properties

SUFFIXES = (".ofd",)
_WHAT = "OFD 文件"


def read(data: bytes) -> Extracted:
    package = archive.open_zip(data, _WHAT)
    root = _xml(package, "OFD.xml")
    pages: list[str] = []
    props = None
    for body in _children(root, "DocBody"):
        info = _children(body, "DocInfo")
        if info and props is None:
            props = properties(_child_text(info[0], "Title"), _child_text(info[0], "CreationDate"))
        doc_root = _child_text(body, "DocRoot")
        if doc_root:
            pages.extend(_document_pages(package, _path("", doc_root)))
    text = unwrap_pdf_lines("\n".join(pages))
    return Extracted(text, "ofd", _WHAT, properties=props)


def _document_pages(package: zipfile.ZipFile, location: str) -> list[str]:
    """The text of each page of one document, in the order Document.xml lists them."""
    document = _xml(package, location)
    folder = posixpath.dirname(location)
    out = []
    for pages in _children(document, "Pages"):
        for page in _children(pages, "Page"):
            base = page.get("BaseLoc")
            if base:
                out.append(_page_text(_xml(package, _path(folder, base))))
    return out


def _page_text(page) -> str:
    """A page's text in reading order: lines top to bottom, pieces of a line left to right."""
    pieces: list[tuple[float, float, float, str]] = []  # (baseline y, x, size, text)
    for obj in page.iter("{*}TextObject"):
        box = _numbers(obj.get("Boundary"), 4)
        size = _numbers(obj.get("Size"), 1)[0] or 3.5
        x = y = None
        for code in obj.iter("{*}TextCode"):
            # X and Y carry over from the previous TextCode of the object when absent.
            x = _number(code.get("X"), x or 0.0)
            y = _number(code.get("Y"), y or 0.0)
            if code.text:
                pieces.append((box[1] + y, box[0] + x, size, code.text))
    pieces.sort(key=lambda p: (p[0], p[1]))
    lines: list[list[tuple[float, float, float, str]]] = []
    for piece in pieces:
        if lines and abs(piece[0] - lines[-1][0][0]) <= piece[2] / 2:
            lines[-1].append(piece)
        else:
            lines.append([piece])
    return "\n".join("".join(p[3] for p in sorted(line, key=lambda p: p[1])) for line in lines)


def _xml(package: zipfile.ZipFile, location: str):
    from lxml import etree

    try:
        info = package.getinfo(location)
    except KeyError:
        raise ReportError(f"无法提取文字: {_WHAT}不完整, 缺少 {location}") from None
    data = archive.member(package, info, _WHAT)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ReportError(f"无法提取文字: {_WHAT}中的 {location} 无法解析({exc})") from None


def _children(element, name: str) -> list:
    return [c for c in element if isinstance(c.tag, str) and c.tag.rsplit("}", 1)[-1] == name]


def _child_text(element, name: str) -> str:
    found = _children(element, name)
    return (found[0].text or "").strip() if found else ""


def _path(folder: str, location: str) -> str:
    """A location inside the package: absolute from its root when it starts with /, else from `folder`."""
    location = location.strip().replace("\\", "/")
    joined = location.lstrip("/") if location.startswith("/") else posixpath.join(folder, location)
    return posixpath.normpath(joined)


def _numbers(value: str | None, count: int) -> list[float]:
    parts = (value or "").split()
    return [_number(parts[i] if i < len(parts) else None, 0.0) for i in range(count)]


def _number(value: str | None, default: float) -> float:
    try:
        return float(value) if value is not None else default
    except ValueError:
        return default
