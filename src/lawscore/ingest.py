"""Read report files from disk into text, whatever their format and Chinese encoding.

Formats: plain text, saved web pages (.html/.htm), Word (.docx), PDF, and scanned pages
(.png/.jpg/.jpeg/.tif/.tiff). PDF pages without a usable text layer and image files are read
by OCR (ocr.py); the document records which pages and how confidently.
Text encodings are decided in a fixed, recorded order: byte-order mark, the charset an HTML
page declares, strict UTF-8, GB18030 (a superset of GBK and GB2312), then a detector.
A file that yields no readable Chinese text is refused with a reason ("cannot extract
text"), never scored as an empty report.
"""
from __future__ import annotations

import codecs
import hashlib
import io
import re
import zipfile
from pathlib import Path

from . import chars, ocr
from .errors import ReportError
from .model import OcrInfo, RawDocument

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
REPORT_SUFFIXES = (".txt", ".html", ".htm", ".docx", ".pdf") + IMAGE_SUFFIXES
_UNSUPPORTED = {
    ".doc": "无法读取旧版 Word .doc 文件; 请用 Word 或 WPS 打开并另存为 .docx,或把文字复制到 .txt 文件",
    ".wps": "无法读取 WPS .wps 文件; 请用 WPS 打开并另存为 .docx,或把文字复制到 .txt 文件",
}
MAX_BYTES = 64 * 1024 * 1024
_MIN_HAN = 20

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Some Chinese sites declare gb2312 but use GBK characters; GB18030 reads all of them.
# Big5 pages likewise use Hong Kong supplement characters; Big5-HKSCS reads them and plain Big5.
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030", "gb_2312": "gb18030",
            "gb_2312-80": "gb18030", "euc-cn": "gb18030", "x-euc-cn": "gb18030",
            "big5": "big5hkscs", "x-big5": "big5hkscs", "cp950": "big5hkscs", "utf8": "utf-8"}


# A character that is not Chinese, ASCII, CJK punctuation or a full-width form.
_NOT_PLAIN_CHINESE = re.compile(r"[^\x00-\x7f\u4e00-\u9fff\u3000-\u303f\uff00-\uffef“”‘’—…·、]")


def _plausible_chinese(text: str) -> bool:
    """Nearly all characters are Chinese, ASCII, CJK punctuation or full-width forms.

    Random bytes decoded as UTF-16 land all over the Basic Multilingual Plane, so this tells
    UTF-16 text saved without a BOM from binary data. The other characters are counted by a
    regex, 64K characters at a time, stopping as soon as there are too many of them.
    """
    if not text:
        return False
    n = len(text)
    need = 0.97 * n
    bad = 0
    for i in range(0, n, 1 << 16):
        bad += len(_NOT_PLAIN_CHINESE.findall(text, i, i + (1 << 16)))
        if n - bad < need:
            return False
    return _han_count(text) >= _MIN_HAN


def _decode_utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text saved without a byte-order mark."""
    if len(data) < 4 or len(data) % 2:
        return None
    for name in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        if _plausible_chinese(text):
            return text, name
    return None


def _is_utf8_text(data: bytes) -> bool:
    """Strict UTF-8 with multi-byte characters in it: GBK or Big5 Chinese text almost never is."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not data.isascii()


def decode(data: bytes, declared: str | None = None, warnings: list[str] | None = None) -> tuple[str, str]:
    """Return (text, encoding used) for the bytes of a text file.

    `warnings` (when given) receives a note when the declared charset was not the real one.
    """
    notes = warnings if warnings is not None else []
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data.decode(name, errors="replace"), name
    if declared:
        name = _ALIASES.get(declared.lower(), declared.lower())
        utf8 = name in ("utf-8", "utf-8-sig")
        # A page saved again as UTF-8 keeps its old gb2312 declaration; valid UTF-8 with
        # Chinese in it is never GBK text, and reading it as GB18030 would give mojibake.
        if not utf8 and _is_utf8_text(data):
            notes.append(f"网页声明的编码{declared}与内容不符,已按UTF-8读取")
            return data.decode("utf-8"), "utf-8"
        try:
            return data.decode(name), f"{name} (declared)"
        except (UnicodeDecodeError, LookupError):
            notes.append(f"网页声明的编码{declared}与内容不符,已另行判断")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    utf16 = None
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    else:
        # Big5 (traditional) bytes often decode as GB18030 too, into rare characters; so does
        # UTF-16 without a BOM when it holds no ASCII (no zero bytes).
        if _common_share(text) < 0.3:
            try:
                big5 = data.decode("big5hkscs")
            except UnicodeDecodeError:
                big5 = None
            if big5 is not None and _common_share(big5) > _common_share(text):
                return big5, "big5hkscs"
            utf16 = _decode_utf16_without_bom(data)
            if utf16 and _common_share(utf16[0]) > _common_share(text):
                return utf16
        return text, "gb18030"
    utf16 = utf16 or _decode_utf16_without_bom(data)
    if utf16:
        return utf16
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - installed with lawscore
        best = None
    else:
        best = from_bytes(data).best()
    if best is not None and best.encoding:
        return str(best), f"{best.encoding} (detected)"
    raise ReportError("无法提取文字: 文件不是 lawscore 认识的中文编码; 请另存为 UTF-8")


# The most frequent Chinese characters in both scripts, to tell a right decoding from a wrong one.
_COMMON = frozenset(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行"
    "学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外"
    "天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情"
    "者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角"
    "期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交"
    "受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节"
    "话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备"
    "半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片"
    "始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严執們時會個來國為發學對經動體當業點從機與後過還種麼現實產進數"
    "說動關樣開長問題見準設當範圍導務層區縣鄉鎮審議決規辦證調會議員傳統網絡層級領黨環境應急訴訟複監督聽講組織項"
)


_COMMON_RE = re.compile("[" + "".join(sorted(ch for ch in _COMMON if "\u4e00" <= ch <= "\u9fff")) + "]")


def _common_share(text: str) -> float:
    """The share of the Chinese characters (U+4E00-U+9FFF) of `text` that are in _COMMON."""
    han = _han_count(text)
    return len(_COMMON_RE.findall(text)) / han if han else 0.0


def _han_count(text: str) -> int:
    """How many characters of `text` are CJK unified ideographs (U+4E00-U+9FFF)."""
    return chars.count_blocks(text, 0x4E, 0x9F)


def _check_text(text: str, what: str) -> None:
    """Refuse text with too few Chinese characters or too many unreadable ones."""
    han = _han_count(text)
    if han < _MIN_HAN:
        raise ReportError(f"无法提取文字: {what}中的汉字少于 {_MIN_HAN} 个")
    bad = text.count("\ufffd") + 4 * text.count("(cid:")
    if bad > max(20, han * 0.05):
        raise ReportError(f"无法提取文字: {what}中满是无法识别的字符(编码或字体损坏)")


# --- HTML -------------------------------------------------------------------------------

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


def _html_text(data: bytes) -> tuple[str, str, list[str]]:
    from lxml import etree, html

    declared = None
    m = _META_CHARSET.search(data[:4096])
    if m:
        declared = m.group(1).decode("ascii", "replace")
    warnings: list[str] = []
    text, encoding = decode(data, declared, warnings)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        root = html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise ReportError(f"无法提取文字: 网页无法解析({exc})") from None

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

    def walk(el) -> None:
        if not isinstance(el.tag, str):  # comments, processing instructions
            if el.tail:
                parts.append(el.tail)
            return
        tag = el.tag.lower()
        if tag in _BLOCK:
            parts.append("\n")
        if el.text:
            parts.append(el.text)
        for child in el:
            walk(child)
        if tag in _CELL:
            parts.append(" | ")
        if tag in _BLOCK:
            parts.append("\n")
        if el.tail:
            parts.append(el.tail)

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


# --- DOCX -------------------------------------------------------------------------------

def _docx_text(data: bytes) -> str:
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError as exc:  # pragma: no cover - installed with lawscore
        raise ReportError(f"读取 .docx 需要 python-docx({exc})") from None
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
    return "\n".join(lines)


# --- PDF --------------------------------------------------------------------------------

def _pdf_text(data: bytes) -> tuple[str, OcrInfo | None, list[str]]:
    """The text of a PDF: its text layer, and OCR of the pages that have none worth reading.

    A page is read by OCR when its text layer is garbage (a broken font map), or when it has
    fewer than _OCR_PAGE_HAN Chinese characters and holds an image (a scanned page); when the
    whole file has no text layer, every page is (text drawn as outlines). Returns the text,
    what OCR did, and notes for the reader.
    """
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError as exc:  # pragma: no cover - installed with lawscore
        raise ReportError(f"读取 .pdf 需要 pypdf({exc})") from None
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReportError("无法提取文字: PDF 有密码保护")
        pages = [page.extract_text() or "" for page in reader.pages]
    except ReportError:
        raise
    except PdfReadError as exc:
        raise ReportError(f"无法提取文字: PDF 已损坏或不完整({exc})") from None
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on broken files
        raise ReportError(f"无法提取文字: PDF 无法读取({type(exc).__name__})") from None
    garbage = {n for n, text in enumerate(pages, 1) if _garbage(text)}
    if _han_count("\n".join(pages)) < _MIN_HAN:
        wanted = list(range(1, len(pages) + 1))
    else:
        weak = [n for n, text in enumerate(pages, 1) if _han_count(text) < _OCR_PAGE_HAN and n not in garbage]
        wanted = sorted(garbage | set(_with_images(data, weak)))
    if not wanted:
        return unwrap_pdf_lines("\n".join(pages)), None, []
    max_pages, _ = ocr.limits()
    skipped = tuple(wanted[max_pages:])
    wanted = wanted[:max_pages]
    try:
        read = {p.number: p for p in ocr.read_pdf_pages(data, wanted)}
    except ocr.OcrUnavailable:
        # Score what the text layer has, as before OCR existed, and say what was left unread;
        # refuse only when that is not enough to score.
        kept = [text for n, text in enumerate(pages, 1) if n not in garbage and text.strip()]
        text = unwrap_pdf_lines("\n".join(kept))
        if _han_count(text) < _MIN_HAN:
            raise
        note = (f"第{_page_list(wanted + list(skipped))}页是扫描图像, 未安装Tesseract, 未能识别"
                f" (pages not read: install OCR with {ocr.INSTALL})")
        info = OcrInfo(pages=(), mean_confidence=None,
                       unreadable_pages=tuple((n, "未安装Tesseract") for n in wanted), skipped_pages=skipped,
                       text_pages=tuple(n for n, t in enumerate(pages, 1) if n not in garbage and _han_count(t)))
        return text, info, [note]
    parts: list[str] = []
    text_run: list[str] = []
    ocr_run: list[ocr.PageText] = []
    for n, text in enumerate(pages, 1):
        page = read.get(n)
        if page is not None and page.lines:
            if text_run:
                parts.append(unwrap_pdf_lines("\n".join(text_run)))
                text_run = []
            ocr_run.append(page)
            continue
        if ocr_run:
            parts.append(ocr_text(ocr_run))
            ocr_run = []
        if n not in garbage and text.strip():  # a page OCR could not read keeps what text layer it had
            text_run.append(text)
    if text_run:
        parts.append(unwrap_pdf_lines("\n".join(text_run)))
    if ocr_run:
        parts.append(ocr_text(ocr_run))
    text_pages = tuple(n for n, text in enumerate(pages, 1)
                       if n not in garbage and not (n in read and read[n].lines) and _han_count(text))
    info, notes = _ocr_info(list(read.values()), skipped, text_pages)
    text = "\n".join(parts)
    if _han_count(text) < _MIN_HAN:
        raise ReportError("无法提取文字: PDF 没有文字层, 文字识别(OCR)也没有可靠识别出任何一页"
                          f"({'; '.join(notes) or '没有识别出的页'})")
    return text, info, notes


# A page with fewer Chinese characters than this in its text layer is read by OCR if it has an image.
_OCR_PAGE_HAN = 10


def _garbage(text: str) -> bool:
    """A text layer of unreadable characters: a font without a usable map to Unicode."""
    han = _han_count(text)
    bad = text.count("\ufffd") + 4 * text.count("(cid:")
    return bad > max(5, han * 0.05) or (han >= 20 and _common_share(text) < 0.3)


def _with_images(data: bytes, numbers: list[int]) -> list[int]:
    """Those of the given 1-based pages that hold an image (directly or inside a form)."""
    if not numbers:
        return []
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    out = []
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return []
    try:
        for n in numbers:
            page = pdf[n - 1]
            try:
                if next(page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,)), None) is not None:
                    out.append(n)
            finally:
                page.close()
    finally:
        pdf.close()
    return out


def ocr_text(pages: list[ocr.PageText]) -> str:
    """The text of consecutive OCR pages: lines the page width broke joined, page numbers dropped.

    A line runs on into the next (on this page or the next one) when OCR saw it reach the
    right edge without ending a sentence, unless the next line opens a heading.
    """
    out: list[str] = []
    joining = False
    for page in pages:
        for line in page.lines:
            if _PAGE_NUMBER.match(line.text):
                continue
            if joining and not _PDF_HEADING.match(line.text):
                out[-1] += line.text
            else:
                out.append(line.text)
            joining = line.continues
    return "\n".join(out)


def _ocr_info(pages: list[ocr.PageText], skipped: tuple[int, ...] = (),
              text_pages: tuple[int, ...] = ()) -> tuple[OcrInfo, list[str]]:
    """What OCR did, for results.json and the scorecard, and a note per page left out."""
    used = [p for p in pages if p.lines]
    weight = sum(p.chars for p in used)
    mean = round(sum(p.confidence * p.chars for p in used) / weight, 1) if weight else None
    unreadable = tuple((p.number, p.problem or "") for p in pages if not p.lines)
    notes = []
    if used:
        notes.append(f"本报告由扫描件经文字识别(OCR)读取, 平均置信度{mean:.0f}%; 引文可能有识别错误"
                     if not text_pages else
                     f"第{_page_list([p.number for p in used])}页由扫描件经文字识别(OCR)读取, 平均置信度{mean:.0f}%; "
                     "这些页的引文可能有识别错误")
    for number, why in unreadable:
        notes.append(f"第{number}页OCR无法可靠识别, 未计入: {why}")
    if skipped:
        notes.append(f"第{_page_list(list(skipped))}页超出OCR页数上限({ocr.limits()[0]}页), 未识别")
    info = OcrInfo(pages=tuple(p.number for p in used), mean_confidence=mean, unreadable_pages=unreadable,
                   skipped_pages=skipped, text_pages=text_pages, engine=ocr.engine())
    return info, notes


def _page_list(numbers: list[int]) -> str:
    """1, 2, 3, 5 -> 1-3、5"""
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return "、".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)


# --- images -----------------------------------------------------------------------------

def _image_text(data: bytes) -> tuple[str, OcrInfo, list[str]]:
    """The text of a scanned page image (.png .jpg .tif; a TIFF may hold several pages)."""
    pages, total = ocr.read_image_file(data)
    max_pages, _ = ocr.limits()
    skipped = tuple(range(max_pages + 1, total + 1))
    info, notes = _ocr_info(pages, skipped)
    text = ocr_text([p for p in pages if p.lines])
    if _han_count(text) < _MIN_HAN:
        raise ReportError("无法提取文字: 文字识别(OCR)没有可靠识别出图片中的文字"
                          f"({'; '.join(notes) or '没有识别出文字'})")
    return text, info, notes


_PAGE_NUMBER = re.compile(r"^\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|\d{1,3}|第\s*\d{1,3}\s*页(?:\s*[,,/]?\s*共\s*\d{1,3}\s*页)?"
                          r"|\d{1,3}\s*/\s*\d{1,3})\s*$")
_SPACED_HAN = re.compile(r"(?<=[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]) (?=[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef])")
_PDF_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．]|第[一二三四五六七八九十]+[章部分条])")
_SENTENCE_END = "。:;!?:;!?”」)》"


def unwrap_pdf_lines(text: str) -> str:
    """Undo the page layout of a PDF's text: drop page numbers, join lines the page width broke.

    A PDF's text layer has one line per printed line, so a paragraph arrives cut every ~38
    characters and page numbers (— 3 —) sit between its pieces. A line as long as the longest
    lines that does not end a sentence continues on the next line, unless that line opens a
    heading. Some PDFs also put a space between every two characters; those spaces go.
    """
    han = _han_count(text)
    if han and len(_SPACED_HAN.findall(text)) > 0.3 * han:
        text = re.sub(r"(?<=\S) (?=\S)", "", text)  # every single space; a real gap was wider
    lines = [line.rstrip() for line in text.split("\n") if not _PAGE_NUMBER.match(line)]
    widths = sorted(_width(line) for line in lines if len(line) >= 10)
    if len(widths) < 5:
        return "\n".join(lines)
    full = widths[int(len(widths) * 0.9)] - 2
    out: list[str] = []
    joining = False
    for line in lines:
        if joining and line.strip() and not _PDF_HEADING.match(line):
            out[-1] += line.strip()
        else:
            out.append(line)
        joining = _width(line) >= full and not line.endswith(tuple(_SENTENCE_END))
    return "\n".join(out)


def _width(line: str) -> float:
    """Printed width in Chinese characters: digits and latin letters take half a place."""
    return len(line) - 0.5 * sum(1 for ch in line if ch.isascii())


def read(path: Path, shown: str | None = None) -> RawDocument:
    """Read one report file; raise ReportError with a reason a person can act on."""
    shown = shown or str(path)
    suffix = path.suffix.lower()
    if suffix in _UNSUPPORTED:
        raise ReportError(_UNSUPPORTED[suffix])
    if suffix not in REPORT_SUFFIXES:
        raise ReportError(f"不支持的文件类型 '{suffix or path.name}'; lawscore 读取 {', '.join(REPORT_SUFFIXES)}")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ReportError(f"文件有 {size // (1024 * 1024)} MB; 超过 {MAX_BYTES // (1024 * 1024)} MB 的报告不读取")
        data = path.read_bytes()
    except OSError as exc:
        raise ReportError(f"无法读取文件({exc.strerror or exc})") from None
    if not data.strip():
        raise ReportError("文件是空的")
    warnings: list[str] = []
    fmt = {".htm": "html", ".jpg": "jpeg", ".tif": "tiff"}.get(suffix, suffix.lstrip("."))
    read_by_ocr = None
    if fmt == "txt":
        if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            utf16 = _decode_utf16_without_bom(data)
            if utf16 is None:
                raise ReportError("无法提取文字: 这是二进制文件,不是文本")
            text, encoding = utf16
        else:
            text, encoding = decode(data)
        what = "文件"
    elif fmt == "html":
        text, encoding, warnings = _html_text(data)
        what = "网页"
    elif fmt == "docx":
        text, encoding, what = _docx_text(data), "docx", "Word 文件"
    elif fmt == "pdf":
        text, read_by_ocr, warnings = _pdf_text(data)
        encoding, what = "pdf", "PDF"
        if read_by_ocr and read_by_ocr.pages:
            encoding = "pdf+ocr" if read_by_ocr.text_pages else "ocr"
    else:
        text, read_by_ocr, warnings = _image_text(data)
        encoding, what = "ocr", "图片"
    if not text.strip():
        raise ReportError("文件是空的(只有空白)")
    _check_text(text, what)
    if "detected" in encoding:
        warnings.append(f"编码由检测器判断为{encoding.split()[0]}")
    return RawDocument(
        source=shown,
        text=text,
        format=fmt,
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
        warnings=tuple(warnings),
        ocr=read_by_ocr,
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
