"""Saved web pages (.html/.htm): the article's text, without menus, scripts and the site footer.

The page's declared charset is tried first (text.decode checks it against the bytes); a title
or publication date given only in <meta> tags is put on top of the text for metadata to find.
"""
from __future__ import annotations

import re

from ..errors import ReportError
from .text import Extracted, decode

SUFFIXES = (".html", ".htm")
MAX_DEPTH = 2048  # libxml2's limit on nested elements with huge_tree (256 without)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)

_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "nav", "footer", "aside",
              "form", "select", "option", "button", "input", "textarea", "object", "embed", "canvas")
_DROP_CLASS = re.compile(
    r"(^|[-_ ])(nav|navbar|menu|footer|foot|sidebar|share|copyright|toolbar|search|login|topbar|"
    r"bottom|friendlink|links|qrcode|erweima)([-_ 0-9]|$)", re.I)
_BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section",
          "article", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "hr", "header", "main", "center", "title"}
_CELL = {"td", "th"}
_FOOTER_LINE = re.compile(r"版权所有|主办单位|承办单位|ICP备|网站标识码|技术支持|联系我们|网站地图|公网安备|建议使用.*浏览器|"
                          r"^(?:上一篇|下一篇|上一条|下一条)|打印本页|关闭窗口|【打印】|【关闭】|"
                          r"^(?:相关文章|相关链接|相关阅读|相关新闻|相关信息|延伸阅读|推荐阅读)$")
_PUBDATE_META = ("pubdate", "publishdate", "firstpublishedtime", "published_time", "article:published_time", "publishtime")


def read(data: bytes) -> Extracted:
    return page(data)


def page(data: bytes, charset: str | None = None) -> Extracted:
    """A saved web page's article, without menus and footer; `charset` is the one its container
    (a .mht's MIME header) gives, else the page's own <meta> declaration is used."""
    text, encoding, warnings = _page_text(data, charset)
    return Extracted(text, encoding, "网页", tuple(warnings))


def _page_text(data: bytes, declared: str | None) -> tuple[str, str, list[str]]:
    from lxml import etree, html

    m = _META_CHARSET.search(data[:4096])
    if m and not declared:
        declared = m.group(1).decode("ascii", "replace")
    warnings: list[str] = []
    text, encoding = decode(data, declared, warnings)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        # huge_tree: libxml2 otherwise stops at 256 levels of nesting and silently drops the rest.
        parser = html.HTMLParser(huge_tree=True)
        root = html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ReportError(f"无法提取文字: 网页无法解析({exc})") from None
    if any("Excessive depth" in e.message for e in parser.error_log):
        raise ReportError(f"无法提取文字: 网页的标签嵌套超过 {MAX_DEPTH} 层, 其后的文字无法读取; "
                          "请在浏览器中打开, 把文字复制到 .txt 文件")

    header: list[str] = []
    title = None
    for meta in root.iter("meta"):
        name = (meta.get("name") or meta.get("property") or "").lower()
        content = (meta.get("content") or "").strip()
        if not content:
            continue
        if name in ("articletitle", "og:title") and not title:
            title = content
        elif name in _PUBDATE_META:
            header.append(f"发布日期: {content[:10]}")
        elif name in ("contentsource", "sitename"):  # who published the page (metadata reads it)
            header.append(f"来源: {content[:40]}")
    if not title:
        t = root.find(".//title")
        if t is not None and t.text_content().strip():
            title = t.text_content().strip()
    for el in list(root.iter(*_DROP_TAGS)):
        el.drop_tree()
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        marks = f"{el.get('class') or ''} {el.get('id') or ''}"
        if marks.strip() and _DROP_CLASS.search(marks) and el.tag not in ("body", "html"):
            el.drop_tree()
    head = root.find("head")
    if head is not None:
        head.drop_tree()

    parts: list[str] = []

    def walk(top) -> None:
        """Each element's text, children and tail in document order (a loop, not recursion:
        a page may nest MAX_DEPTH elements deep)."""
        stack = [(top, False)]
        while stack:
            el, closing = stack.pop()
            if not isinstance(el.tag, str):  # comments, processing instructions
                if el.tail:
                    parts.append(el.tail)
                continue
            tag = el.tag.lower()
            if closing:
                if tag in _CELL:
                    parts.append(" | ")
                if tag in _BLOCK:
                    parts.append("\n")
                if el.tail:
                    parts.append(el.tail)
                continue
            if tag in _BLOCK:
                parts.append("\n")
            if el.text:
                parts.append(el.text)
            stack.append((el, True))
            stack.extend((child, False) for child in reversed(el))

    body = root.find("body")
    walk(body if body is not None else root)
    lines = [re.sub(r"[ \t\u00a0\u3000]+", " ", line).strip(" |") for line in "".join(parts).split("\n")]
    lines = [line for line in lines if line.strip()]
    # Drop the page footer: from the first footer line in the last third, if what follows is short.
    cut = len(lines)
    for i in range(len(lines) * 2 // 3, len(lines)):
        if _FOOTER_LINE.search(lines[i]) and all(len(rest) < 80 for rest in lines[i:]):
            cut = i
            break
    if cut < len(lines):
        warnings.append(f"网页页脚已去除({len(lines) - cut}行)")
    lines = lines[:cut]
    if title and not any(title in line or line in title for line in lines[:15] if len(line) >= 6):
        header.insert(0, title)
    return "\n".join(header + lines), encoding, warnings
