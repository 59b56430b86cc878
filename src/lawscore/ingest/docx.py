"""Word (.docx): paragraphs and tables in document order, content controls included."""
from __future__ import annotations

import io
import zipfile

from ..errors import ReportError
from ..model import DocumentProperties
from . import archive
from .text import Extracted, properties

SUFFIXES = (".docx",)


def read(data: bytes) -> Extracted:
    text, props = _document(data)
    return Extracted(text, "docx", "Word 文件", properties=props)


def _document(data: bytes) -> tuple[str, DocumentProperties | None]:
    """The paragraphs and table rows of a .docx, in document order, and its core properties."""
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError as exc:  # pragma: no cover - installed with lawscore
        raise ReportError(f"读取 .docx 需要 python-docx({exc})") from None
    archive.open_zip(data, "Word 文件")  # bounded before python-docx inflates anything (zipfile keeps to the sizes checked)
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ReportError(f"无法提取文字: Word 文件已损坏或不完整({type(exc).__name__})") from None
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on broken files
        raise ReportError(f"无法提取文字: Word 文件无法打开({type(exc).__name__})") from None
    lines: list[str] = []
    children = list(document.element.body.iterchildren())
    while children:
        child = children.pop(0)
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "sdt":  # a content control (Word templates): its paragraphs and tables, in place
            content = [c for c in child.iterchildren() if c.tag.rsplit("}", 1)[-1] == "sdtContent"]
            children[:0] = [c for part in content for c in part.iterchildren()]
        elif tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells: list[str] = []
                for cell in row.cells:
                    value = cell.text.strip()
                    if value and (not cells or cells[-1] != value):  # merged cells repeat
                        cells.append(value)
                lines.append(" | ".join(cells))
    try:
        core = document.core_properties
        props = properties(core.title, core.created)
    except Exception:  # noqa: BLE001 - a broken docProps/core.xml only loses the fallback
        props = None
    return "\n".join(lines), props
