"""The follow-up list (追问清单) of one report as a Word document a supervisor can send.

Laid out as an official letter (GB/T 9704 in spirit): a centred title in 小标宋, the
jurisdiction addressed, a lead paragraph, the questions numbered in three levels a reply can
cite (一、 an outline chapter or the report's required parts in 黑体, （一） a section in 楷体,
1. an item in 仿宋, each finding before its items and its question after them), a closing line
asking for a written reply by the deadline, the contact, and the issuing office over the date
(the `letter:` entry of manifest.yaml). Nothing in it speaks to the supervisor: the reminder to
check it before sending is on the scorecard beside its link. Made with python-docx in the
worker, one report at a time; all its punctuation is full-width, as in any official document.

The file is reproducible: its date is taken from SOURCE_DATE_EPOCH when set (else today, the
day only), the core properties are fixed from that date, python-docx makes no random ids, the
template's thumbnail is dropped, and the zip is rewritten with that date on every member, so
the same report and date give byte-identical files.
"""
from __future__ import annotations

import io
import os
import zipfile
from datetime import date, datetime, timezone

from .followups import FollowUpList
from .labels import chinese_number, zh_punct

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SECTION_FONT = "楷体_GB2312"
LATIN_FONT = "Times New Roman"
CITE = "一、（一）1."  # how a reply names a matter, shown in the closing line
NO_DEADLINE = "按规定时限"
DATE_RIGHT = 4  # characters between the date and the right margin


def output_date() -> date:
    """The date printed on a follow-up list: SOURCE_DATE_EPOCH when set (for reproducible
    builds), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
    return date.today()


def date_label(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def title(sheet: FollowUpList) -> str:
    return "".join(title_lines(sheet))


def title_lines(sheet: FollowUpList) -> tuple[str, str]:
    """The title in its two printed lines, broken where the words allow (GB/T 9704: 回行时词意完整):
    one line of 二号 type holds about 20 characters, and the title has 22."""
    year = f"{sheet.year}年度" if sheet.year is not None else ""
    return f"关于{year}法治政府建设情况", "报告的追问清单"


def lead(sheet: FollowUpList) -> str:
    """The lead paragraph: what was checked against what, and how many matters follow."""
    report = f"《{sheet.report_title}》" if sheet.report_title else "法治政府建设年度报告"
    names = [f"《{t}》" for t in sheet.checklists]
    basis = "".join(names[:-1]) + "和" + names[-1] if len(names) > 1 else "".join(names) or "有关规定"
    return (f"经对照{basis}的要求，对你地区公开发布的{report}进行了核查，"
            f"以下{sheet.count}个事项在报告中未反映或反映不充分，请逐项予以说明。")


def deadline_words(deadline: date | int | None) -> str:
    """When to reply, as the closing line says it: 于2027年1月15日前, 于收到本清单之日起15个工作日内."""
    if isinstance(deadline, date):
        return f"于{date_label(deadline)}前"
    if isinstance(deadline, int):
        return f"于收到本清单之日起{deadline}个工作日内"
    return f"于收到本清单后{NO_DEADLINE}"


def closing(sheet: FollowUpList) -> str:
    """The closing line: reply in writing, item by item with the letter's numbers, by the deadline."""
    return (f"请对上述事项逐项作出书面说明（注明事项编号，如“{CITE}”），并附相关材料，"
            f"{deadline_words(sheet.settings.deadline)}书面回复。")


def body(sheet: FollowUpList) -> list[tuple[str, str]]:
    """The numbered questions as (level, text) paragraphs: "part" 一、, "section" （一）,
    "text" a finding or question, "item" 1. …"""
    out: list[tuple[str, str]] = []
    for p, part in enumerate(sheet.parts, 1):
        out.append(("part", f"{chinese_number(p)}、{part.heading}"))
        for s, section in enumerate(part.sections, 1):
            out.append(("section", f"（{chinese_number(s)}）{section.heading}"))
            number = 0
            for ask in section.asks:
                if not ask.items:
                    out.append(("text", f"{ask.finding}。{ask.question}"))
                    continue
                out.append(("text", f"{ask.finding}："))
                for k, name in enumerate(ask.items, 1):
                    number += 1
                    out.append(("item", f"{number}.{name}{'；' if k < len(ask.items) else '。'}"))
                out.append(("text", ask.question))
    return out


def _font(run, name: str, size: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = LATIN_FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def _paragraph(doc, text: str | tuple[str, ...], font: str, size: float, *, align=None, indent: bool = True,
               bold: bool = False, after: float = 0, right: float = 0, keep: bool = False):
    """A paragraph of `text` (lines joined by line breaks), `right` characters from the right
    margin; `keep`: on the same page as the next paragraph."""
    from docx.shared import Pt

    para = doc.add_paragraph()
    fmt = para.paragraph_format
    fmt.line_spacing = Pt(28)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(after)
    if indent:
        fmt.first_line_indent = Pt(size * 2)  # two characters, as official letters indent
    if right:
        fmt.right_indent = Pt(size * right)
    if keep:
        fmt.keep_with_next = True
    if align is not None:
        para.alignment = align
    lines = (text,) if isinstance(text, str) else text
    run = para.add_run(lines[0])
    for line in lines[1:]:
        run.add_break()
        run.add_text(line)
    _font(run, font, size, bold)
    return para


def _chinese(doc) -> None:
    """Mark the document's text as simplified Chinese, so that a word processor without the
    letter's fonts falls back on a simplified Chinese face and breaks lines by Chinese rules."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")
    doc.styles["Normal"].element.get_or_add_rPr().append(lang)


def _width(text: str) -> float:
    """The printed width of `text` in characters: an ASCII letter or digit is half a Chinese one."""
    return sum(0.5 if ch.isascii() else 1 for ch in text)


def _reproducible(raw: bytes, day: date) -> bytes:
    """The same package with every zip member dated `day` (python-docx stamps the save time)."""
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()


def build(sheet: FollowUpList, day: date | None = None) -> bytes:
    """The .docx file of one report's follow-up list, dated `day` (default output_date())."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.shared import Mm

    day = day or output_date()
    doc = docx.Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)

    _chinese(doc)
    heading = title(sheet)
    _paragraph(doc, title_lines(sheet), TITLE_FONT, 22, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, after=16)
    _paragraph(doc, f"{sheet.jurisdiction}：", BODY_FONT, 16, indent=False)
    _paragraph(doc, lead(sheet), BODY_FONT, 16)
    # A heading, or a finding introducing its items, is never the last line of a page; the
    # closing line, the contact and the office stay on the page of the date.
    fonts = {"part": HEADING_FONT, "section": SECTION_FONT}
    for level, text in body(sheet):
        _paragraph(doc, text, fonts.get(level, BODY_FONT), 16, keep=level in fonts or text.endswith("："))
    _paragraph(doc, closing(sheet), BODY_FONT, 16, keep=True)
    settings = sheet.settings
    if settings.contact:
        _paragraph(doc, f"联系人：{zh_punct(settings.contact)}", BODY_FONT, 16, keep=True)
    # GB/T 9704: the date four characters from the right margin, the office centred above it.
    right, signed = WD_ALIGN_PARAGRAPH.RIGHT, date_label(day)
    if settings.office:
        office = zh_punct(settings.office)
        _paragraph(doc, "", BODY_FONT, 16, indent=False, keep=True)  # a blank line above the signature
        _paragraph(doc, office, BODY_FONT, 16, align=right, indent=False, keep=True,
                   right=max(0, DATE_RIGHT + (_width(signed) - _width(office)) / 2))
    _paragraph(doc, signed, BODY_FONT, 16, align=right, indent=False, right=DATE_RIGHT)

    props = doc.core_properties
    moment = datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
    props.title, props.subject = heading, sheet.jurisdiction
    props.author = props.last_modified_by = settings.office or "lawscore"
    props.comments, props.keywords, props.category = "", "追问清单", ""
    props.created = props.modified = moment
    props.revision = 1
    package_rels = doc.part.package.rels
    for rid in [rid for rid, rel in package_rels.items() if rel.reltype == RT.THUMBNAIL]:
        package_rels.pop(rid)  # the template's picture of another document
    raw = io.BytesIO()
    doc.save(raw)
    return _reproducible(raw.getvalue(), day)
