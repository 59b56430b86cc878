"""The follow-up list (追问清单) of one report as a Word document a supervisor can send.

Laid out as an official letter (GB/T 9704 in spirit): a centred title in 小标宋, the
jurisdiction addressed, a lead paragraph, one numbered heading per question in 黑体 with the
section, what the report shows and the question in 仿宋, a closing line asking for a written
reply, and the date. Made with python-docx in the worker, one report at a time.

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
from .labels import chinese_number

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"
CLOSING = "请对上述事项逐项作出书面说明,并附相关材料,于收到本清单后按规定时限书面回复。"
NOTE = ("注:本清单由 lawscore 根据公开发布的年度报告自动核查生成,“核查情况”依据报告文本中的关键词证据,"
        "发出前请人工核对。")


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
    year = f"{sheet.year}年度" if sheet.year is not None else ""
    return f"关于{year}法治政府建设情况报告的追问清单"


def lead(sheet: FollowUpList) -> str:
    """The lead paragraph: what was checked against what, and how many questions follow."""
    report = f"《{sheet.report_title}》" if sheet.report_title else "法治政府建设年度报告"
    names = [f"《{t}》" for t in sheet.checklists]
    basis = "".join(names[:-1]) + "和" + names[-1] if len(names) > 1 else "".join(names) or "有关规定"
    return (f"经对照{basis}的要求,对你地区公开发布的{report}进行了核查,"
            f"以下{len(sheet.items)}个事项在报告中未反映或反映不充分。请逐项予以说明。")


def _font(run, name: str, size: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = LATIN_FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def _paragraph(doc, text: str, font: str, size: float, *, align=None, indent: bool = True, bold: bool = False,
               after: float = 0):
    from docx.shared import Pt

    para = doc.add_paragraph()
    fmt = para.paragraph_format
    fmt.line_spacing = Pt(28)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(after)
    if indent:
        fmt.first_line_indent = Pt(size * 2)  # two characters, as official letters indent
    if align is not None:
        para.alignment = align
    _font(para.add_run(text), font, size, bold)
    return para


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

    heading = title(sheet)
    _paragraph(doc, heading, TITLE_FONT, 22, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, after=16)
    _paragraph(doc, f"{sheet.jurisdiction}:", BODY_FONT, 16, indent=False)
    _paragraph(doc, lead(sheet), BODY_FONT, 16)
    for number, item in enumerate(sheet.items, 1):
        _paragraph(doc, f"{chinese_number(number)}、{item.title}", HEADING_FONT, 16)
        where = item.section + (f"({item.chapter})" if item.chapter else "")
        if item.corresponds_label:
            where += f",{item.corresponds_label}"
        _paragraph(doc, f"所属部分:{where}。", BODY_FONT, 16)
        _paragraph(doc, f"核查情况:{item.finding}。", BODY_FONT, 16)
        _paragraph(doc, item.question, BODY_FONT, 16)
    _paragraph(doc, CLOSING, BODY_FONT, 16)
    _paragraph(doc, date_label(day), BODY_FONT, 16, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    _paragraph(doc, NOTE, BODY_FONT, 10.5, indent=False)

    props = doc.core_properties
    moment = datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
    props.title, props.subject = heading, sheet.jurisdiction
    props.author, props.last_modified_by = "lawscore", "lawscore"
    props.comments, props.keywords, props.category = "", "追问清单", ""
    props.created = props.modified = moment
    props.revision = 1
    package_rels = doc.part.package.rels
    for rid in [rid for rid, rel in package_rels.items() if rel.reltype == RT.THUMBNAIL]:
        package_rels.pop(rid)  # the template's picture of another document
    raw = io.BytesIO()
    doc.save(raw)
    return _reproducible(raw.getvalue(), day)
