"""Report files in the formats offices exchange, written from a report's text the way their
writers lay them out: a browser's saved .mht, an OFD of printed pages (GB/T 33190), an RTF as
WordPad writes Chinese (GBK bytes under \\ansicpg936), and zips as Windows writes them (GBK
member names, no UTF-8 flag). The .doc and LibreOffice .rtf files are checked in
(tests/data/formats/, made by scripts/make_formats.py).
"""
from __future__ import annotations

import io
import quopri
import zipfile
from xml.sax.saxutils import escape

LINE = 35.0  # characters per printed line (digits and latin letters take half a place)
LINES = 22  # lines per page
SIZE = 5.6  # the font size, in mm (OFD units)


def mht(text: str, title: str = "法治政府建设年度报告") -> bytes:
    """A page saved by a browser as .mht: GB2312 HTML, quoted-printable, beside an image part."""
    body = "".join(f"<p>{escape(line)}</p>\r\n" for line in text.split("\n"))
    page = (f"<html><head><title>{escape(title)}</title></head><body><div class=\"article\">\r\n"
            f"{body}</div></body></html>").encode("gb18030")
    parts = [
        "From: <Saved by a browser>\r\nSubject: " + "=?gb2312?B?" + "?=\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="----=_NextPart_000"\r\n\r\n'
        "This is a multi-part message in MIME format.\r\n\r\n",
        "------=_NextPart_000\r\nContent-Type: text/html;\r\n\tcharset=\"gb2312\"\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\nContent-Location: http://www.example.gov.cn/art/1.html\r\n\r\n",
    ]
    head = "".join(parts).encode("ascii")
    image = (b"\r\n------=_NextPart_000\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n"
             b"Content-Location: http://www.example.gov.cn/logo.png\r\n\r\niVBORw0KGgo=\r\n\r\n------=_NextPart_000--\r\n")
    return head + quopri.encodestring(page) + image


def _width(text: str) -> float:
    return sum(0.5 if ch.isascii() else 1.0 for ch in text)


def _printed_lines(text: str) -> list[str]:
    """The text broken into printed lines of LINE places, a paragraph starting on a new line."""
    out = []
    for paragraph in text.split("\n"):
        line = ""
        for ch in paragraph:
            if _width(line + ch) > LINE:
                out.append(line)
                line = ""
            line += ch
        if line:
            out.append(line)
    return out


def ofd(text: str, title: str = "法治政府建设年度报告") -> bytes:
    """An OFD file of printed pages: OFD.xml -> Doc_0/Document.xml -> Doc_0/Pages/Page_N/Content.xml.

    Each printed line is two TextObjects (a line is drawn in runs), the second drawn first, and
    each page ends with its page number (— 1 —), as on paper.
    """
    ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
    lines = _printed_lines(text)
    pages = [lines[i:i + LINES] for i in range(0, len(lines), LINES)]
    files = {
        "OFD.xml": f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:OFD {ns} Version="1.0" DocType="OFD">'
                   f"<ofd:DocBody><ofd:DocInfo><ofd:DocID>a1</ofd:DocID><ofd:Title>{escape(title)}</ofd:Title>"
                   "<ofd:CreationDate>2023-03-29</ofd:CreationDate></ofd:DocInfo>"
                   "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        "Doc_0/Document.xml": f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Document {ns}><ofd:CommonData>'
                              '<ofd:MaxUnitID>9</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox>'
                              "</ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData><ofd:Pages>"
                              + "".join(f'<ofd:Page ID="{n + 1}" BaseLoc="Pages/Page_{n}/Content.xml"/>'
                                        for n in range(len(pages)))
                              + "</ofd:Pages></ofd:Document>",
        "Doc_0/PublicRes.xml": f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Res {ns} BaseLoc="Res"><ofd:Fonts>'
                               '<ofd:Font ID="2" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>',
    }
    for n, page in enumerate(pages):
        objects = []
        for k, line in enumerate(page + [f"— {n + 1} —"]):
            y = 30.0 + k * SIZE * 1.8 + (10 if k == len(page) else 0)
            x = 25.0 if k < len(page) else 95.0
            cut = min(len(line), 8)
            runs = [(x + _width(line[:cut]) * SIZE, line[cut:]), (x, line[:cut])]  # the second run first
            for rx, run in runs:
                if run:
                    objects.append(f'<ofd:TextObject ID="{len(objects) + 10}" Boundary="{rx:.2f} {y:.2f} '
                                   f'{_width(run) * SIZE:.2f} {SIZE * 1.4:.2f}" Font="2" Size="{SIZE}">'
                                   f'<ofd:TextCode X="0" Y="{SIZE:.2f}">{escape(run)}</ofd:TextCode></ofd:TextObject>')
        files[f"Doc_0/Pages/Page_{n}/Content.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Page {ns}><ofd:Content><ofd:Layer ID="3">'
            + "".join(objects) + "</ofd:Layer></ofd:Content></ofd:Page>")
    return zip_of({name: body.encode("utf-8") for name, body in files.items()})


def rtf_ansi(text: str) -> bytes:
    """An RTF as WordPad writes Chinese: GBK bytes as \\'xx under \\ansicpg936, a \\par per line."""
    out = [r"{\rtf1\ansi\ansicpg936\deff0{\fonttbl{\f0\fnil\fcharset134 \'cb\'ce\'cc\'e5;}}"
           r"{\info{\title report}{\creatim\yr2023\mo3\dy29}}\viewkind4\uc1\pard\lang2052\f0\fs32 "]
    for line in text.split("\n"):
        piece = []
        for ch in line:
            if ch in "\\{}":
                piece.append("\\" + ch)
            elif ord(ch) < 128:
                piece.append(ch)
            else:
                piece.append("".join(f"\\'{b:02x}" for b in ch.encode("gb18030")))
        out.append("".join(piece) + "\\par\r\n")
    out.append("}")
    return "".join(out).encode("ascii")


def zip_of(members: dict[str, bytes], gbk_names: bool = False) -> bytes:
    """A zip of `members`; with gbk_names, names stored in GBK without the UTF-8 flag, as
    Windows writes them (zipfile itself writes UTF-8 and flags it: the names are written as
    ASCII stand-ins of the same length, then replaced by their GBK bytes)."""
    stand_ins = {}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, (name, data) in enumerate(members.items()):
            stored = name
            if gbk_names and not name.isascii():
                raw = name.encode("gb18030")
                stored = f"~{n}~".ljust(len(raw), "_")
                stand_ins[stored.encode("ascii")] = raw
            info = zipfile.ZipInfo(stored, date_time=(2023, 3, 29, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    data = buf.getvalue()
    for stand_in, raw in stand_ins.items():
        data = data.replace(stand_in, raw)
    return data
