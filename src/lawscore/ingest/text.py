"""Text from bytes: the Chinese encodings, in a fixed and recorded order, and whether what came
out is readable Chinese at all. Shared by every reader of the package.

Encodings are decided in this order: byte-order mark, the charset a page declares, strict
UTF-8, GB18030 (a superset of GBK and GB2312), then a detector.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from .. import chars
from ..errors import ReportError
from ..model import DocumentProperties, OcrInfo


@dataclass(frozen=True)
class Extracted:
    """What one reader made of a file's bytes: its text and how it was read."""

    text: str
    encoding: str  # "utf-8", "gb18030 (declared)", "docx", "ocr", ...
    what: str  # the kind of file, for reasons: "文件", "网页", "Word 文件", ...
    warnings: tuple[str, ...] = ()
    ocr: OcrInfo | None = None
    properties: DocumentProperties | None = None


def properties(title: object, created: object) -> DocumentProperties | None:
    """A file's own title and creation date, cleaned: a date as YYYY-MM-DD (from a datetime or a
    string starting with one), nothing from empty or placeholder values."""
    import datetime

    name = " ".join(str(title).split())[:200] if title else None
    day = None
    if isinstance(created, (datetime.date, datetime.datetime)):
        day = created.strftime("%Y-%m-%d")
    elif isinstance(created, str):
        m = re.match(r"\s*(?:D:)?(\d{4})-?(\d{2})-?(\d{2})", created)
        if m and 1990 <= int(m.group(1)) <= 2100:
            day = f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    if not name and not day:
        return None
    return DocumentProperties(title=name or None, created=day)


MIN_HAN = 20

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
    return han_count(text) >= MIN_HAN


def decode_utf16_without_bom(data: bytes) -> tuple[str, str] | None:
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


def _nearly_utf8(data: bytes) -> tuple[str, int] | None:
    """(text, bad bytes replaced) for UTF-8 Chinese text with a few broken bytes (a damaged
    download or a bad copy), or None. GBK or Big5 text read as UTF-8 breaks at nearly every
    Chinese character and yields almost no valid Chinese, so it never passes."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    han = han_count(text)
    if han >= MIN_HAN and bad * 100 <= han:
        return text, bad
    return None


def decode(data: bytes, declared: str | None = None, warnings: list[str] | None = None) -> tuple[str, str]:
    """Return (text, encoding used) for the bytes of a text file.

    `warnings` (when given) receives a note when the declared charset was not the real one, or
    when a few bytes of UTF-8 text were broken and replaced.
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
    nearly = _nearly_utf8(data)
    if nearly is not None:
        text, bad = nearly
        notes.append(f"文件中有{bad}处不是有效的UTF-8编码(文件可能有损坏), 已替换为�; 其余按UTF-8读取")
        return text, "utf-8"
    utf16 = None
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    else:
        # Big5 (traditional) bytes often decode as GB18030 too, into rare characters; so does
        # UTF-16 without a BOM when it holds no ASCII (no zero bytes).
        if common_share(text) < 0.3:
            try:
                big5 = data.decode("big5hkscs")
            except UnicodeDecodeError:
                big5 = None
            if big5 is not None and common_share(big5) > common_share(text):
                return big5, "big5hkscs"
            utf16 = decode_utf16_without_bom(data)
            if utf16 and common_share(utf16[0]) > common_share(text):
                return utf16
        return text, "gb18030"
    utf16 = utf16 or decode_utf16_without_bom(data)
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


def common_share(text: str) -> float:
    """The share of the Chinese characters (U+4E00-U+9FFF) of `text` that are in _COMMON."""
    han = han_count(text)
    return len(_COMMON_RE.findall(text)) / han if han else 0.0


def han_count(text: str) -> int:
    """How many characters of `text` are CJK unified ideographs (U+4E00-U+9FFF)."""
    return chars.count_blocks(text, 0x4E, 0x9F)


def check_text(text: str, what: str) -> None:
    """Refuse text with too few Chinese characters or too many unreadable ones."""
    han = han_count(text)
    if han < MIN_HAN:
        raise ReportError(f"无法提取文字: {what}中的汉字少于 {MIN_HAN} 个")
    bad = text.count("\ufffd") + 4 * text.count("(cid:")
    if bad > max(20, han * 0.05):
        raise ReportError(f"无法提取文字: {what}中满是无法识别的字符(编码或字体损坏)")


