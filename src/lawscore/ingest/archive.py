"""Zip archives read safely: a .zip of reports, and the zips inside .docx and .ofd files.

Nothing is ever extracted to disk: members are read into memory, each bounded before a byte
is inflated. An archive is refused with a reason when it has more than MAX_MEMBERS members,
declares more than MAX_TOTAL bytes in all, or a member inflates more than MAX_RATIO times
(a zip bomb). zipfile never returns more than a member's declared size, so checking the
declared sizes bounds what is read; `member` also stops at the bound itself.

Member names: a zip written by Windows in China stores names in GBK without the UTF-8 flag;
zipfile reads those as cp437, and `name` turns them back into the right characters.
"""
from __future__ import annotations

import io
import posixpath
import zipfile

from ..errors import ReportError

MAX_MEMBERS = 2000
MAX_MEMBER = 64 * 1024 * 1024  # one member: the limit on any report file
MAX_TOTAL = 512 * 1024 * 1024  # all members together, as declared
MAX_RATIO = 200  # inflated / compressed, for members over RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024  # small members (a page of XML of spaces) may compress better
_UTF8_FLAG = 0x800


def open_zip(data: bytes, what: str) -> zipfile.ZipFile:
    """The archive in `data`, checked against the bounds; else ReportError naming `what`."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ReportError(f"无法提取文字: {what}已损坏或不完整({type(exc).__name__})") from None
    check(archive, what)
    return archive


def check(archive: zipfile.ZipFile, what: str) -> None:
    """Refuse an archive with too many members, too much declared content or a bomb member."""
    check_size(archive, what)
    for m in archive.infolist():
        problem = bomb(m)
        if problem:
            raise ReportError(f"无法提取文字: {what}中的 {name(m)} {problem}, 不读取")


def check_size(archive: zipfile.ZipFile, what: str) -> None:
    """Refuse an archive with too many members or too much declared content."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise ReportError(f"无法提取文字: {what}中有 {len(members)} 个文件, 超过上限 {MAX_MEMBERS} 个, 不读取")
    total = sum(m.file_size for m in members)
    if total > MAX_TOTAL:
        raise ReportError(f"无法提取文字: {what}解压后共 {total // (1024 * 1024)} MB, "
                          f"超过上限 {MAX_TOTAL // (1024 * 1024)} MB, 不读取(可能是压缩炸弹)")


def bomb(member: zipfile.ZipInfo) -> str | None:
    """Why this member must not be inflated, or None."""
    if member.file_size > MAX_MEMBER:
        return f"解压后有 {member.file_size // (1024 * 1024)} MB, 超过上限 {MAX_MEMBER // (1024 * 1024)} MB"
    if member.file_size > RATIO_FLOOR and member.file_size > MAX_RATIO * max(1, member.compress_size):
        return f"压缩比超过 {MAX_RATIO} 倍(可能是压缩炸弹)"
    return None


def member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, what: str) -> bytes:
    """The bytes of one member, never more than its declared size or MAX_MEMBER."""
    problem = bomb(info)
    if problem:
        raise ReportError(f"无法提取文字: {what}中的 {name(info)} {problem}, 不读取")
    if info.flag_bits & 0x1:
        raise ReportError(f"无法提取文字: {what}中的 {name(info)} 有密码保护")
    limit = min(info.file_size, MAX_MEMBER)
    try:
        with archive.open(info) as stream:
            data = stream.read(limit + 1)
    except (zipfile.BadZipFile, NotImplementedError, ValueError, OSError, EOFError) as exc:
        raise ReportError(f"无法提取文字: {what}中的 {name(info)} 已损坏({type(exc).__name__})") from None
    if len(data) > limit:  # pragma: no cover - zipfile stops at the declared size itself
        raise ReportError(f"无法提取文字: {what}中的 {name(info)} 比它声明的更大, 不读取")
    return data


def name(info: zipfile.ZipInfo) -> str:
    """A member's name as its writer meant it: UTF-8 when flagged, else UTF-8 or GBK bytes;
    folders separated by / (some Windows programs write \\)."""
    return _decoded(info).replace("\\", "/")


def _decoded(info: zipfile.ZipInfo) -> str:
    if info.flag_bits & _UTF8_FLAG:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:  # pragma: no cover - zipfile decoded it as cp437
        return info.filename
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("cp437")


def unsafe(member_name: str) -> str | None:
    """Why a member name may not be used as a report's name (an absolute or `..` path), or None."""
    clean = member_name.replace("\\", "/")
    if clean.startswith("/") or (len(clean) > 1 and clean[1] == ":"):
        return "是绝对路径"
    if ".." in posixpath.normpath(clean).split("/"):
        return "含有 .. (指向压缩包以外)"
    return None
