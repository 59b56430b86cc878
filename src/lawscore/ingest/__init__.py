"""Read report files from disk into text, whatever their format and Chinese encoding.

One reader per format, each a module of this package with `SUFFIXES` and `read(bytes) ->
Extracted`; `READERS` below maps a file suffix to its reader, so a new format is a new module
and one name in the tuple below. Formats: plain text (txt.py), saved web pages (html.py) and
pages saved as one file (mht.py), Word .docx (docx.py), old Word and WPS (doc.py, by external
converters run through convert.py), RTF (rtf.py), OFD (ofd.py), PDF (pdf.py) and scanned pages
(scan.py); a .zip's members are reports too (collect, archive.py). PDF pages without a usable
text layer and image files are read by OCR (ocr.py); the document records which pages and how
confidently. Encodings are decided by text.decode in a fixed, recorded order. A file that
yields no readable Chinese text is refused with a reason ("cannot extract text"), never
scored as an empty report.
"""
from __future__ import annotations

import dataclasses
import hashlib
import os
import stat
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import ReportError
from ..model import Metadata, RawDocument
from ..names import display
from . import archive, doc, docx, html, mht, ofd, pdf, rtf, scan, txt
from .text import Extracted, check_text

Reader = Callable[[bytes], Extracted]
READERS: dict[str, Reader] = {suffix: module.read for module in (txt, html, mht, docx, doc, rtf, ofd, pdf, scan)
                              for suffix in module.SUFFIXES}
IMAGE_SUFFIXES = scan.SUFFIXES
REPORT_SUFFIXES = tuple(READERS)
ARCHIVE_SUFFIXES = (".zip",)  # a folder of reports in one file: each member a report (see collect)
# The format recorded for a suffix, where it is not the suffix itself.
_FORMATS = {".htm": "html", ".jpg": "jpeg", ".tif": "tiff"}
MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, order=True)
class Source:
    """One report to read: a file, or a member of a .zip (`member`: its name as stored).

    `shown` is how it is named everywhere (names.display: undecodable bytes and control
    characters escaped); a zip member is shown as `archive.zip!folder/file.doc`.
    """

    shown: str
    path: Path
    member: str | None = None


def read(path: Path, shown: str | None = None, member: str | None = None,
         known: tuple[bytes, str] | None = None) -> RawDocument:
    """Read one report file, or the member `member` of the zip at `path`; raise ReportError
    with a reason a person can act on. `known`: the file's bytes and their sha256 when the
    caller has read them already (incremental.text_key, for the cache's key; a regular file
    of at most MAX_BYTES), so that a file is read and hashed once."""
    shown = display(shown or str(path))
    if member is not None:
        return _read_member(path, member, shown)
    suffix = path.suffix.lower()
    if suffix not in READERS:
        raise ReportError(f"不支持的文件类型 '{display(suffix or path.name)}'; lawscore 读取 {', '.join(REPORT_SUFFIXES)}")
    if known is not None:
        return document(known[0], suffix, shown, known[1])
    return document(_file_bytes(path), suffix, shown)


def _file_bytes(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_BYTES. A FIFO, device or socket is refused
    without being read (opened non-blocking, so a FIFO with no writer cannot stall the batch)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as f:
            info = os.fstat(f.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise ReportError("不是普通文件(可能是管道或设备), 未读取")
            if info.st_size > MAX_BYTES:
                raise ReportError(f"文件有 {info.st_size // (1024 * 1024)} MB; 超过 {MAX_BYTES // (1024 * 1024)} MB 的报告不读取")
            return f.read(MAX_BYTES + 1)[:MAX_BYTES]
    except OSError as exc:
        raise ReportError(f"无法读取文件({exc.strerror or exc})") from None


def _read_member(path: Path, member: str, shown: str) -> RawDocument:
    what = f"压缩包 {display(path.name)} "
    try:
        with zipfile.ZipFile(path) as zf:
            archive.check_size(zf, what)
            info = zf.getinfo(member)
            data = archive.member(zf, info, what)
    except KeyError:
        raise ReportError(f"压缩包中没有这个文件: {display(member)}") from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise ReportError(f"无法读取压缩包({getattr(exc, 'strerror', None) or exc})") from None
    suffix = os.path.splitext(member)[1].lower()
    return document(data, suffix, shown)


def document(data: bytes, suffix: str, shown: str, sha256: str | None = None) -> RawDocument:
    """The report in `data`, the bytes of a file with this suffix, read by its format's reader
    (`sha256`: of `data`, when known)."""
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
        sha256=sha256 or hashlib.sha256(data).hexdigest(),
        warnings=tuple(warnings),
        ocr=got.ocr,
        properties=got.properties,
    )


def with_properties(meta: Metadata, doc: RawDocument) -> tuple[Metadata, list[str]]:
    """`meta` with the title and publication date the text lacks taken from the file's own
    properties, each labelled in `sources` and in a warning (仅作参考): a creation date is not a
    publication date, and a title property is often a template's."""
    props = doc.properties
    if props is None:
        return meta, []
    sources = list(meta.sources)
    notes = []
    published, title = meta.published, meta.title
    # A creation date is believed only in the year reported on or the next (when reports are
    # published): a template's date (python-docx's own is 2013-12-23) is not a publication date.
    if published is None and props.created and meta.year and int(props.created[:4]) in (meta.year, meta.year + 1):
        published = props.created
        sources.append(("published", "文件属性(创建日期)"))
        notes.append(f"正文中没有发布日期, 采用文件属性中的创建日期{props.created}(仅作参考)")
    if title is None and props.title:
        title = props.title
        sources.append(("title", "文件属性(标题)"))
        notes.append(f"正文中没有找到标题, 采用文件属性中的标题“{props.title}”(仅作参考)")
    if not notes:
        return meta, []
    return dataclasses.replace(meta, published=published, title=title, sources=tuple(sources)), notes


_LINK_OUTSIDE = "是指向报告文件夹以外的符号链接, 未读取; 如确需读取, 请加 --follow-links"
_NOT_REGULAR = "不是普通文件(可能是管道或设备), 未读取"


def collect(paths: list[str], follow_links: bool = False) -> tuple[list[Source], list[tuple[str, str]]]:
    """The reports under `paths` (files and folders), sorted by shown name, each once; and
    (shown name, reason) for what is given but cannot be read.

    In a folder, files with a report suffix are reports and a .zip's members with a report
    suffix are too (archives inside it are not opened). A symbolic link that leads outside the
    folder given is skipped with a reason unless `follow_links`; a FIFO, device or socket with
    a report suffix is listed with a reason, never opened. Names are handled as the system
    gives them, undecodable bytes included, and shown by names.display.
    """
    found: list[Source] = []
    errors: list[tuple[str, str]] = []
    for given in paths:
        p = Path(given)
        if p.is_dir():
            _walk(p, follow_links, found, errors)
        elif p.is_file():
            _add(p, display(given), found, errors)
        elif p.exists() or p.is_symlink():
            errors.append((display(given), _NOT_REGULAR if p.exists() else "是无效的符号链接(指向的文件不存在)"))
        else:
            errors.append((display(given), "没有这个文件或文件夹"))
    seen = set()
    unique = []
    for source in sorted(found):
        key = (str(source.path.resolve()), source.member)
        if key not in seen:
            seen.add(key)
            unique.append(source)
    return unique, errors


def _walk(root: Path, follow_links: bool, found: list[Source], errors: list[tuple[str, str]]) -> None:
    """Add the reports in folder `root` and below (hidden files left out)."""
    inside = root.resolve()
    visited: set[str] = set()
    for folder, dirs, files in os.walk(root, followlinks=follow_links):
        here = Path(folder)
        real = os.path.realpath(folder)
        if real in visited:  # a link back up the tree (only when following links)
            dirs[:] = []
            continue
        visited.add(real)
        kept = []
        for name in sorted(dirs):
            child = here / name
            if child.is_symlink() and not follow_links and not _within(child, inside):
                errors.append((display(str(child)), _LINK_OUTSIDE))
            else:
                kept.append(name)
        dirs[:] = kept
        for name in sorted(files):
            child = here / name
            suffix = child.suffix.lower()
            if name.startswith(".") or suffix not in REPORT_SUFFIXES + ARCHIVE_SUFFIXES:
                continue
            shown = display(str(child))
            if child.is_symlink() and not follow_links and not _within(child, inside):
                errors.append((shown, _LINK_OUTSIDE))
            elif not child.is_file():
                errors.append((shown, _NOT_REGULAR if child.exists() else "是无效的符号链接(指向的文件不存在)"))
            else:
                _add(child, shown, found, errors)


def _within(link: Path, folder: Path) -> bool:
    """Whether the symbolic link `link` leads to a place inside `folder` (a resolved path)."""
    target = link.resolve()
    return target == folder or folder in target.parents


def _add(path: Path, shown: str, found: list[Source], errors: list[tuple[str, str]]) -> None:
    """Add a report file, or the reports in a .zip."""
    if path.suffix.lower() not in ARCHIVE_SUFFIXES:
        found.append(Source(shown, path))
        return
    try:
        with zipfile.ZipFile(path) as zf:
            archive.check_size(zf, "压缩包")
            members = zf.infolist()
    except ReportError as exc:
        errors.append((shown, str(exc)))
        return
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        errors.append((shown, f"无法读取压缩包({getattr(exc, 'strerror', None) or exc})"))
        return
    for info in members:
        name = archive.name(info)
        parts = name.replace("\\", "/").split("/")
        if info.is_dir() or any(part.startswith(".") and part not in (".", "..") for part in parts) or parts[0] == "__MACOSX":
            continue
        suffix = os.path.splitext(name)[1].lower()
        member_shown = f"{shown}!{display(name)}"
        if suffix in ARCHIVE_SUFFIXES:
            errors.append((member_shown, "压缩包中的压缩包不展开; 请先解压它"))
        elif suffix in READERS:
            problem = archive.unsafe(name)
            if problem:
                errors.append((member_shown, f"压缩包中的文件名{problem}, 未读取"))
            else:
                found.append(Source(member_shown, path, info.filename))
