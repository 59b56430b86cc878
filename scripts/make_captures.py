"""Write the capture corpus in tests/data/captures/: report files as people save them.

Saved web pages of several site layouts (navigation, breadcrumbs, header-info tables, footers;
UTF-8, GBK and Big5, charset declared or not), traditional-script and pinyin-annotated pages,
text files in UTF-8 / UTF-16 / GBK / Big5, Word files with header tables, PDFs with a text
layer, a scanned (image-only) PDF and broken inputs. The report text is invented: place names
are real, the paragraphs are not taken from any real report.

Deterministic: the same run writes the same bytes (fixed seeds, fixed ZIP and PDF dates), so
the files can be checked in. Also writes expected.yaml: file -> jurisdiction, level, year,
published, or `error: cannot extract text` / the conversion advice for .doc and .wps.

    python scripts/make_captures.py            # needs reportlab (the `test` extra) and pillow
"""
from __future__ import annotations

import codecs
import datetime as dt
import io
import random
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "captures"

# ------------------------------------------------------------------------- the report text

# {all}: 全县; {self}: 我县; {gov}: 县政府 (or 局党组); {lead}: the superior, e.g. 市委、市政府.
ACHIEVEMENTS = [
    "(一)加强党的领导,压实法治建设责任。{gov}把法治政府建设摆在全局工作的重要位置,年内召开常务会议{n1}次专题研究法治工作,"
    "制定年度法治政府建设工作要点,明确{n2}项重点任务和责任单位。主要负责人带头履行推进法治建设第一责任人职责,"
    "年终述法实现{all}各部门全覆盖。",
    "(二)深化“放管服”改革,优化法治化营商环境。{self}持续推进“一件事一次办”改革,梳理公布行政许可事项清单{n3}项,"
    "推行证明事项告知承诺制,{n4}个高频事项实现全程网办。开展公平竞争审查,审查涉企政策文件{n1}件,清理妨碍统一市场的规定{n2}件。",
    "(三)规范行政决策,提升依法决策水平。严格落实重大行政决策程序,编制并公布年度重大行政决策事项目录,"
    "{n2}项决策均经过公众参与、专家论证、风险评估、合法性审查和集体讨论决定。发挥政府法律顾问作用,"
    "全年审查合同协议{n3}份,提出法律意见{n4}条。",
    "(四)加强规范性文件管理,维护法制统一。坚持行政规范性文件合法性审核全覆盖,全年审核规范性文件{n1}件,"
    "按规定报送备案,做到有件必备、有备必审、有错必纠。开展规范性文件集中清理,废止{n2}件、修改{n4}件。",
    "(五)严格规范公正文明执法。深化综合行政执法改革,推进执法力量向基层下沉,{all}统一使用行政执法监督平台。"
    "全面落实行政执法公示、执法全过程记录、重大执法决定法制审核制度,组织执法人员培训{n1}场次,开展案卷评查{n3}卷。",
    "(六)依法化解矛盾纠纷。发挥行政复议化解行政争议主渠道作用,全年受理行政复议案件{n3}件,审结{n2}件;"
    "行政机关负责人出庭应诉率达到100%。坚持和发展新时代“枫桥经验”,调处各类矛盾纠纷{n4}起,调处成功率98%以上。",
    "(七)强化行政权力制约监督。自觉接受人大监督、民主监督和司法监督,办理人大代表建议和政协委员提案{n3}件,"
    "按期办结率100%。推进政务公开标准化规范化建设,主动公开政府信息{n4}条,依申请公开办理{n1}件。",
    "(八)推进法治宣传教育。落实“谁执法谁普法”普法责任制,组织领导干部会前学法{n1}次,开展“宪法宣传周”“民法典进万家”"
    "等主题活动{n2}场,培育农村学法用法示范户{n3}户,{all}群众法治意识明显增强。",
]
BRAND = ("(九)打造法治建设品牌。{name}“法治超市”项目入选全省法治政府建设优秀案例;{name}综合行政执法队被评为全省行政执法先进集体;"
         "“{name}民主法治村”创建工作经验在全市推广。")
SHORTCOMINGS = [
    "二、存在的不足\n一年来,{self}法治政府建设取得了一定成效,但也存在一些不足:一是部分工作人员运用法治思维和法治方式的能力还有待提升;"
    "二是基层执法力量相对薄弱,执法规范化水平仍需提高;三是法治宣传的针对性和实效性还不够强。",
    "二、存在的问题\n对照上级要求,{self}法治政府建设还存在短板:行政执法协调监督工作体系尚不健全,"
    "重大行政决策后评估开展不多,法治人才队伍建设相对滞后。",
]
PLANS = [
    "三、{next}年工作安排\n{next}年,{self}将继续深入学习贯彻习近平法治思想,重点做好以下工作:一是持续深化“放管服”改革,"
    "进一步优化营商环境;二是严格落实重大行政决策程序;三是加强行政执法队伍建设,提升执法规范化水平;四是深入开展法治宣传教育。",
    "三、下一步工作打算\n下一步,{self}将以法治政府建设示范创建为抓手,健全依法行政制度体系,强化行政权力制约监督,"
    "推动法治政府建设各项任务落地见效,为经济社会高质量发展提供坚实法治保障。",
]
DUTY = ("四、党政主要负责人履行推进法治建设第一责任人职责情况\n主要负责人坚持把法治建设与经济社会发展同部署、同推进、同督促、同考核,"
        "年内主持召开专题会议{n1}次,带头开展集体学法,带头讲授法治课。")

OPENINGS = {
    "plain": "{Y}年,{name}坚持以习近平新时代中国特色社会主义思想为指导,深入学习贯彻习近平法治思想,全面落实党中央、国务院关于"
             "法治政府建设的决策部署,扎实推进依法行政,法治政府建设取得新成效。现将有关情况报告如下:",
    "lead": "{Y}年,在{lead}的坚强领导下,{name}坚持以习近平新时代中国特色社会主义思想为指导,认真贯彻落实《法治政府建设实施纲要》,"
            "围绕中心、服务大局,推动法治政府建设各项任务落地落实。现将工作情况报告如下:",
    "statement": "根据《法治政府建设与责任落实督察工作规定》要求,现将{name}{Y}年度法治政府建设工作情况报告如下:",
    "since": "{Y}年以来,{name}紧紧围绕法治政府建设目标任务,坚持依法行政与改革发展同步推进,统筹推进科学立法、严格执法、"
             "公正司法、全民守法各项工作,取得了积极成效。",
    "self": "{Y}年,在{lead}的正确领导下,{self}坚持以习近平法治思想为指导,认真落实法治政府建设各项工作要求,"
            "法治政府建设工作稳步推进。现将有关情况报告如下:",
}
TITLES = {
    "a": "{name}{Y}年度法治政府建设情况报告",
    "b": "关于{Y}年度{name}法治政府建设情况的报告",
    "c": "{name}人民政府关于{Y}年法治政府建设工作情况的报告",
    "d": "{Y}年{name}法治政府建设年度报告",
    "e": "{name}{Y}年法治政府建设工作总结及{next}年工作思路",
    "f": "{name}关于{Y}年度法治政府建设工作情况的报告",
}
SELF_CHAR = {"province": "省", "city": "市", "county": "县", "township": "镇", "department": "局"}


@dataclass
class Case:
    file: str
    name: str  # the name as the page writes it (in titles and the opening)
    level: str
    year: int
    published: str | None = None
    expect: str | None = None  # expected jurisdiction; default: name
    self_char: str | None = None  # 县, 区, 旗, 乡, 街道 …
    lead: str = "市委、市政府"
    title: str | None = "a"
    opening: str = "plain"
    layout: str = ""
    encoding: str = "utf-8"
    signed: str | None = None  # the date under the signature (not a publication date)
    extra: dict = field(default_factory=dict)


def report_text(c: Case, rng: random.Random, *, with_title: bool = False) -> tuple[str, list[str]]:
    """(title, body paragraphs) of one invented report."""
    s = c.self_char or SELF_CHAR[c.level]
    dept = c.level == "department"
    words = {
        "Y": c.year, "next": c.year + 1, "name": c.name, "lead": c.lead,
        "self": "我" + s, "all": "全系统" if dept else "全" + s,
        "gov": "局党组" if dept else {"乡": "乡党委、乡政府", "镇": "镇党委、镇政府", "街道": "街道党工委、办事处"}.get(s, s + "政府"),
    }
    nums = lambda: {"n1": rng.randint(3, 19), "n2": rng.randint(5, 40), "n3": rng.randint(20, 400), "n4": rng.randint(10, 90)}
    title = TITLES[c.title].format(**words) if c.title else ""
    paras = [OPENINGS[c.opening].format(**words), "一、主要举措和成效"]
    for p in sorted(rng.sample(ACHIEVEMENTS, 5), key=ACHIEVEMENTS.index):
        paras.append(p.format(**words, **nums()))
    if c.extra.get("brand"):  # the name said in the body only
        paras.append(BRAND.format(**words))
    paras.append(rng.choice(SHORTCOMINGS).format(**words))
    paras.append(rng.choice(PLANS).format(**words))
    if rng.random() < 0.4:
        paras.append(DUTY.format(**words, **nums()))
    return title, paras


# ------------------------------------------------------------------------- web pages

def _date_cn(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{int(y)}年{int(m)}月{int(d)}日"


NAV = """<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zwfw/">政务服务</a></li>
<li><a href="/hdjl/">互动交流</a></li><li><a href="/zjxx/">走进{site}</a></li></ul></div>"""
FOOTER = """<div class="footer"><p>主办单位:{site}人民政府办公室 承办单位:{site}大数据发展中心</p>
<p>版权所有 © {site}人民政府 浙ICP备05012345号-1 网站标识码:3307000001</p><p>浙公网安备 33070002000123号</p></div>"""


def html_gk(c: Case, title: str, paras: list[str], site: str) -> str:
    """The 政府信息公开 layout: menu, breadcrumb, an index-number table, the text, a footer."""
    pub = "" if c.extra.get("no_pub") else c.published or ""
    made = c.extra.get("made", pub)
    rows = (f"<tr><td>索引号</td><td>11330700002{c.year}/{c.year + 1}-0{len(title)}</td><td>主题分类</td><td>综合政务</td></tr>"
            f"<tr><td>发布机构</td><td>{c.extra.get('org', site + '司法局')}</td><td>成文日期</td><td>{made}</td></tr>"
            f"<tr><td>文号</td><td></td><td>发布日期</td><td>{pub}</td></tr>")
    body = "".join(f"<p>{p}</p>" for p in paras)
    return f"""<!DOCTYPE html>
<html><head><meta charset="{c.encoding}"><title>{title}_{site}人民政府</title>
<script>var _hmt = _hmt || [];</script></head>
<body><div class="topbar">您好,欢迎访问{site}人民政府门户网站 <a href="#">无障碍</a> <a href="#">关怀版</a></div>
{NAV.format(site=site)}
<div class="crumb">当前位置:<a href="/">首页</a> &gt; <a href="/zwgk/">政府信息公开</a> &gt; 法定主动公开内容 &gt; 法治政府建设</div>
<table class="xxgk-info">{rows}</table>
<div class="article"><h1>{title}</h1><div class="content">{body}</div></div>
<div class="pages"><a href="#">上一篇:关于公布第二批行政许可事项清单的通知</a><a href="#">下一篇:{site}{c.year - 1}年度政务公开工作年度报告</a></div>
{FOOTER.format(site=site)}</body></html>"""


def html_news(c: Case, title: str, paras: list[str], site: str) -> str:
    """The news layout: a site clock (often stale), 来源 / 发布时间 line, 字号 links, share bar."""
    date = _date_cn(c.published) if c.extra.get("cn_date") and c.published else c.published
    when = f"发布时间:{date} 09:{len(title) % 60:02d}" if c.published else ""
    title = title or c.extra.get("page_title", "")
    related = ("<div class=\"xgwz\"><h3>相关文章</h3><ul><li><a>泰顺县2020年度法治政府建设情况报告</a></li>"
               "<li><a>关于印发《2021年全县依法行政工作要点》的通知</a></li><li><a>2019年法治政府建设工作总结</a></li>"
               "</ul></div>") if c.extra.get("related") else ""
    clock = c.extra.get("clock", "2019年10月31日 星期四")
    body = "".join(f"<p style=\"text-indent:2em\">{p}</p>" for p in paras)
    return f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset={c.extra.get('declared', c.encoding)}">
<title>{title}</title>
<style>.main{{width:1200px}}</style>
</head>
<body>
<div id="header"><span class="date">今天是:{clock}</span> <a href="#">设为首页</a> <a href="#">加入收藏</a></div>
<div class="menu"><a href="#">首页</a> | <a href="#">新闻中心</a> | <a href="#">信息公开</a> | <a href="#">办事服务</a></div>
<div class="position">您现在的位置:<a href="#">首页</a> &gt;&gt; <a href="#">通知公告</a></div>
<div class="main">
<div class="title">{title}</div>
<div class="info">来源:{site}司法局 {when} 浏览次数:{137 + c.year % 97} 【字体:大 中 小】</div>
<div id="zoom">{body}</div>
{related}
<div class="share">分享到:微信 微博</div>
<div class="print">【打印本页】 【关闭窗口】</div>
</div>
<div id="bottom">{site}人民政府 版权所有 | 网站地图 | 联系我们<br>技术支持:{site}信息中心</div>
</body></html>"""


def html_meta(c: Case, title: str, paras: list[str], site: str) -> str:
    """A CMS page that gives title and date only in <meta> tags, body in <article>."""
    pub = f'<meta name="PubDate" content="{c.published} 10:30">' if c.published else ""
    body = "\n".join(f"<p>{p}</p>" for p in paras)
    return f"""<!DOCTYPE html><html lang="zh-CN"><head>
<meta charset="{c.encoding}">
<meta name="SiteName" content="{site}人民政府">
<meta name="ArticleTitle" content="{title}">
{pub}
<meta name="ColumnName" content="法治政府建设">
<title>{site}人民政府门户网站</title></head>
<body>
<header><div class="logo">{site}人民政府</div><nav><a href="#">首页</a><a href="#">要闻动态</a><a href="#">政务公开</a></nav></header>
<main><article>{body}</article></main>
<aside><h3>相关链接</h3><ul><li>国务院</li><li>省政府</li></ul></aside>
<footer>{site}人民政府办公厅主办 版权所有</footer>
</body></html>"""


def html_table(c: Case, title: str, paras: list[str], site: str) -> str:
    """An old table-layout page (GBK, <font>, <br>), with 发文日期 in a table row."""
    pub = f"发文日期:{_date_cn(c.published)}" if c.published else ""
    body = "<br>\n".join("&nbsp;&nbsp;&nbsp;&nbsp;" + p for p in paras)
    return f"""<HTML><HEAD>
<META http-equiv=Content-Type content="text/html; charset={c.encoding}">
<TITLE>{site}--{title}</TITLE></HEAD>
<BODY leftMargin=0 topMargin=0>
<TABLE width=980 align=center><TR><TD><IMG src="images/banner.jpg"></TD></TR>
<TR><TD class=menu><A href="#">网站首页</A> | <A href="#">政务公开</A> | <A href="#">法规文件</A> | <A href="#">网上办事</A></TD></TR></TABLE>
<TABLE width=980 align=center><TR><TD width=200 valign=top>
<TABLE class=left><TR><TD>栏目导航</TD></TR><TR><TD><A href="#">工作动态</A></TD></TR><TR><TD><A href="#">通知公告</A></TD></TR></TABLE></TD>
<TD valign=top>
<TABLE width="100%"><TR><TD align=center><FONT size=4><B>{title}</B></FONT></TD></TR>
<TR><TD align=center><FONT color=#666666>{pub}&nbsp;&nbsp;&nbsp;点击数:{c.year % 300}</FONT></TD></TR>
<TR><TD><FONT style="font-size:14px;line-height:28px">{body}</FONT></TD></TR></TABLE>
</TD></TR></TABLE>
<TABLE width=980 align=center class=bottom><TR><TD align=center>版权所有:{site}人民政府 ICP备案号:浙ICP备12003456号<BR>
地址:{site}府前路1号 邮编:314000</TD></TR></TABLE>
</BODY></HTML>"""


LAYOUTS = {"gk": html_gk, "news": html_news, "meta": html_meta, "table": html_table}

# ------------------------------------------------------------------------- traditional script and pinyin

PINYIN = {"發": "fā", "區": "qū", "機": "jī", "構": "gòu", "設": "shè", "務": "wù", "導": "dǎo", "強": "qiáng",
          "領": "lǐng", "習": "xí", "規": "guī", "範": "fàn", "審": "shěn", "調": "diào", "執": "zhí", "數": "shù"}


def traditional(text: str) -> str:
    import opencc

    return opencc.OpenCC("s2tw").convert(text)  # 為, not 爲: Big5 has only the former


def annotate(text: str) -> str:
    return "".join(f"{ch}({PINYIN[ch]})" if ch in PINYIN else ch for ch in text)


# ------------------------------------------------------------------------- Word and PDF

FIXED = dt.datetime(2024, 1, 1, 0, 0, 0)


def _stable_zip(data: bytes) -> bytes:
    """Rewrite a ZIP with fixed member dates, so the same document gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def make_docx(title: str, paras: list[str], header_rows: list[tuple[str, str]], mid_table: bool,
              pre: list[str] = ()) -> bytes:
    import docx

    d = docx.Document()
    cp = d.core_properties
    cp.created = cp.modified = cp.last_printed = FIXED
    cp.author = cp.last_modified_by = "user"
    for line in pre:
        d.add_paragraph(line)
    if header_rows:
        t = d.add_table(rows=0, cols=4)
        for i in range(0, len(header_rows), 2):
            cells = t.add_row().cells
            for j, (k, v) in enumerate(header_rows[i:i + 2]):
                cells[2 * j].text, cells[2 * j + 1].text = k, v
    if title:
        d.add_heading(title, level=1)
    for i, p in enumerate(paras):
        d.add_paragraph(p)
        if mid_table and i == 3:
            t = d.add_table(rows=3, cols=3)
            for r, row in enumerate((("指标", "目标值", "完成值"), ("行政复议纠错率", "—", "8.6%"),
                                     ("规范性文件备案率", "100%", "100%"))):
                for k, v in enumerate(row):
                    t.cell(r, k).text = v
    buf = io.BytesIO()
    d.save(buf)
    return _stable_zip(buf.getvalue())


def _wrap(line: str, width: float = 480) -> list[str]:
    """Break a paragraph into printed lines no wider than the text block, as a PDF has them."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    out, cur = [], ""
    for ch in line:
        if stringWidth(cur + ch, "STSong-Light", 12) > width:
            out.append(cur)
            cur = ""
        cur += ch
    return out + [cur]


def make_pdf(lines: list[str]) -> bytes:
    from reportlab import rl_config

    rl_config.invariant = 1
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842))
    y = 800
    for line in [ln for text in lines for ln in text.split("\n")]:
        for part in _wrap(line):
            if y < 60:
                c.setFont("STSong-Light", 10)
                c.drawCentredString(297, 30, f"— {c.getPageNumber()} —")  # the page number
                c.showPage()
                y = 800
            c.setFont("STSong-Light", 12)
            c.drawString(50, y, part)
            y -= 18
        y -= 6
    c.save()
    return buf.getvalue()


def make_scanned_pdf() -> bytes:
    """A page image of 'text' lines and no text layer, as a scanner writes it."""
    from PIL import Image, ImageDraw
    from reportlab import rl_config

    rl_config.invariant = 1
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    rng = random.Random(7)
    img = Image.new("1", (420, 594), 1)
    draw = ImageDraw.Draw(img)
    draw.rectangle((120, 40, 300, 52), fill=0)  # the title
    y = 80
    while y < 560:
        x = 40 + (24 if rng.random() < 0.2 else 0)
        while x < 380:
            w = rng.randint(6, 9)
            draw.rectangle((x, y, x + w, y + 8), fill=0)
            x += w + 3
        y += 16
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842))
    c.drawImage(ImageReader(img), 0, 0, width=595, height=842)
    c.save()
    return buf.getvalue()


# ------------------------------------------------------------------------- the corpus

CASES = [
    # --- saved web pages
    Case("h01_haiyan_gk.html", "海盐县", "county", 2023, "2024-03-18", layout="gk", extra={"made": "2024-03-15"}),
    Case("h02_wujiang_news_gbk.html", "苏州市吴江区", "county", 2022, "2023-02-10", self_char="区", title="d",
         layout="news", encoding="gbk", lead="苏州市委、市政府"),
    Case("h03_guangdong_meta_gbk.html", "广东省", "province", 2021, "2022-03-30", self_char="省", title="a",
         layout="meta", encoding="gb2312", lead="党中央、国务院"),
    Case("h04_huzhou_table_gbk.html", "湖州市", "city", 2020, "2021-01-20", title="c", layout="table",
         encoding="gbk", lead="省委、省政府"),
    Case("h05_hz_amr_gk.html", "杭州市市场监管局", "department", 2023, "2024-01-25", expect="杭州市市场监督管理局",
         layout="gk", lead="市委、市政府和省市场监管局", extra={"org": "杭州市市场监督管理局"}),
    Case("h06_ningbo_justice_news.html", "宁波市司法局", "department", 2022, "2023-03-08", title="f", layout="news",
         opening="since", lead="市委、市政府"),
    Case("h07_beishan_street_gk.html", "北山街道", "township", 2024, "2025-01-10", self_char="街道", layout="gk",
         opening="lead", lead="西湖区委、区政府"),
    Case("h08_xincheng_town_table.html", "嘉兴市秀洲区新塍镇", "township", 2019, None, self_char="镇", title="e",
         layout="table", encoding="gbk", opening="since", lead="区委、区政府"),
    Case("h09_pingyang_trad_pinyin.html", "平阳县", "county", 2021, "2022-03-20", title="b", layout="gk",
         opening="lead", extra={"script": "pinyin"}),
    Case("h10_cangnan_big5.html", "苍南县", "county", 2018, "2019-02-26", title="a", layout="news", encoding="big5",
         extra={"script": "traditional", "clock": "2017年5月2日 星期二"}),
    Case("h11_yongning_update.html", "银川市永宁县", "county", 2016, "2017-02-14", title="d", layout="news",
         opening="lead", lead="银川市委、市政府", extra={"label": "更新时间"}),
    Case("h12_etuokeqian_nodate.html", "鄂托克前旗", "county", 2018, None, self_char="旗", title="a", layout="meta",
         lead="市委、市政府"),
    Case("h13_template_xx.html", "XX县", "county", 2023, "2024-01-05", expect=None, title="a", layout="gk"),
    Case("h14_stale_clock_only.html", "庆元县", "county", 2024, None, title="a", layout="news",
         extra={"clock": "2019年12月3日 星期二"}),
    Case("h15_yiwu_county_city.html", "义乌市", "county", 2022, "2023-02-28", self_char="市", title="a",
         layout="gk", lead="金华市委、市政府", opening="lead", extra={"org": "义乌市司法局"}),
    Case("h16_pudong_meta.html", "上海市浦东新区", "county", 2023, "2024-03-29", self_char="区", title="d",
         layout="meta", lead="市委、市政府"),
    Case("h17_guangxi_declared_wrong.html", "广西壮族自治区", "province", 2024, "2025-03-31", self_char="区",
         title="a", layout="news", lead="党中央、国务院", extra={"declared": "gb2312"}),
    Case("h18_chongqing_gk.html", "重庆市", "province", 2017, "2018-03-30", self_char="市", title="c",
         layout="gk", lead="党中央、国务院", extra={"org": "重庆市人民政府办公厅"}),
    Case("h19_self_only.html", "", "county", 2019, "2020-01-16", expect=None, title=None, layout="gk",
         opening="self", lead="市委、市政府"),
    Case("h20_lishui_env_simplified_pinyin.html", "丽水市生态环境局", "department", 2021, "2022-01-28", title="a",
         layout="meta", opening="lead", lead="市委、市政府", extra={"script": "pinyin-simplified"}),
    Case("h21_zhoushan_justice_generic.html", "市司法局", "department", 2022, "2023-01-31", expect="舟山市司法局",
         title="a", layout="gk", opening="lead", extra={"org": "舟山市司法局"}),
    Case("h22_xianju_party_title.html", "仙居县", "county", 2021, "2022-01-05", layout="gk",
         extra={"made": "2022-01-05", "no_pub": True, "title": "中共仙居县委 仙居县人民政府关于2021年度法治政府建设情况的报告"}),
    Case("h23_wencheng_related.html", "文成县", "county", 2020, "2020-12-30", title="b", layout="news",
         opening="statement", extra={"related": True, "cn_date": True, "label": "发布日期"}),
    Case("h24_moushi_template.html", "某市", "city", 2020, None, expect=None, title="a", layout="meta",
         opening="lead", lead="省委、省政府"),
    Case("h25_kecheng_body_only.html", "柯城区", "county", 2021, "2022-03-01", self_char="区", title=None,
         layout="news", opening="self", lead="衢州市委、市政府", extra={"brand": True, "page_title": "工作报告"}),
    Case("h26_deqing_amr_county_dept.html", "县市场监管局", "department", 2022, "2023-01-10",
         expect="德清县市场监督管理局", layout="gk", opening="lead", lead="县委、县政府",
         extra={"org": "德清县市场监督管理局", "title": "德清县市场监管局2022年度法治政府建设工作报告"}),
    Case("h27_honghe_prefecture.html", "红河哈尼族彝族自治州", "city", 2019, "2020-02-21", self_char="州",
         title="d", layout="news", lead="省委、省政府", extra={"clock": "2020年2月21日 星期五"}),
    # --- plain text files
    Case("t01_suichang_utf8.txt", "遂昌县", "county", 2022, "2023-03-10", title=None, layout="index"),
    Case("t02_wenzhou_utf8_bom.txt", "温州市", "city", 2021, None, title="c", lead="省委、省政府"),
    Case("t03_zhejiang_utf16le_bom.txt", "浙江省", "province", 2020, "2021-04-02", self_char="省", title="a",
         encoding="utf-16", lead="党中央、国务院", layout="crumb"),
    Case("t04_shuikou_utf16be_bom.txt", "长兴县水口乡", "township", 2019, None, self_char="乡", title="d",
         encoding="utf-16-be-bom", opening="lead", lead="县委、县政府"),
    Case("t05_jiaxing_env_utf16le.txt", "嘉兴市生态环境局", "department", 2023, None, title="f",
         encoding="utf-16-le", lead="市委、市政府"),
    Case("t06_pujiang_gbk.txt", "浦江县", "county", 2024, "2025-02-17", title="a", encoding="gbk", layout="crumb"),
    Case("t07_jingning_gb18030.txt", "景宁畲族自治县", "county", 2017, None, signed="2018-01-30", title="b",
         encoding="gb18030",
         extra={"rare": "𬍛"}),
    Case("t08_tangxia_big5.txt", "瑞安市塘下镇", "township", 2020, None, self_char="镇", title="d",
         encoding="big5", opening="lead", lead="市委、市政府", extra={"script": "traditional"}),
    Case("t09_template_star_gbk.txt", "**镇", "township", 2017, None, expect=None, self_char="镇", title="a",
         encoding="gbk"),
    Case("t10_self_only_utf8.txt", "", "county", 2019, None, expect=None, title=None, opening="self"),
    Case("t11_quzhou_gbk_crlf.txt", "衢州市", "city", 2016, None, signed="2017-03-06", title="c", encoding="gbk",
         lead="省委、省政府", extra={"crlf": True}),
    Case("t12_kaihua_utf8_stale.txt", "开化县", "county", 2024, "2025-03-21", title="a", layout="stale"),
    Case("t13_qiandongnan_gbk.txt", "黔东南苗族侗族自治州", "city", 2016, "2017-01-22", self_char="州", title="a",
         encoding="gbk", lead="省委、省政府", layout="crumb"),
    # --- Word
    Case("d01_deqing_header_table.docx", "德清县", "county", 2021, "2022-02-18", title="a", layout="docx-table",
         lead="湖州市委、市政府"),
    Case("d02_huzhou_transport.docx", "湖州市交通运输局", "department", 2020, None, title="f", layout="docx-mid"),
    Case("d03_jiangxi_province.docx", "江西省", "province", 2018, "2019-03-29", self_char="省", title="c",
         lead="党中央、国务院", layout="docx-table"),
    Case("d04_chengtan_street.docx", "新昌县澄潭街道", "township", 2024, None, self_char="街道", title="d",
         lead="县委、县政府", opening="lead", layout="docx-mid"),
    Case("d05_template_xx_city.docx", "XX市", "city", 2022, None, expect=None, title="a", layout="docx"),
    Case("d06_lishui_city.docx", "丽水市", "city", 2017, "2018-02-12", title="c", lead="省委、省政府",
         layout="docx-table"),
    Case("d07_dongyang_justice.docx", "东阳市司法局", "department", 2023, "2024-02-02", title="a",
         opening="since", layout="docx-table"),
    Case("d08_ningbo_health_commission.docx", "宁波市卫生健康委员会", "department", 2021, None, title="a",
         opening="since", layout="docx-mid"),
    # --- PDF with a text layer
    Case("p01_anji.pdf", "安吉县", "county", 2023, "2024-03-22", title="a", lead="湖州市委、市政府"),
    Case("p02_zhoushan.pdf", "舟山市", "city", 2019, None, title="c", lead="省委、省政府"),
    Case("p03_wenzhou_justice.pdf", "温州市司法局", "department", 2021, None, title="f", opening="since"),
    Case("p04_hengdian_town.pdf", "东阳市横店镇", "township", 2022, "2023-01-16", self_char="镇", title="d",
         lead="市委、市政府", opening="lead"),
    Case("p05_sichuan.pdf", "四川省", "province", 2020, None, self_char="省", title="a", lead="党中央、国务院"),
    Case("p06_tongxiang_2016.pdf", "桐乡市", "county", 2016, None, self_char="市", title="a",
         lead="嘉兴市委、市政府", opening="lead"),
]

BROKEN = {
    "x01_scanned.pdf": "cannot extract text",
    "x02_replacement_chars.txt": "cannot extract text",
    "x03_cid_runs.txt": "cannot extract text",
    "x04_js_shell.html": "cannot extract text",
    "x05_truncated.docx": "cannot extract text",
    "x06_old_word.doc": "save it as .docx",
    "x07_wps_file.wps": "save it as .docx",
}


def _site(c: Case) -> str:
    if c.level == "department":
        return c.name[: c.name.index("市") + 1] if "市" in c.name else "XX市"
    return c.name or "某县"


def _lines(c: Case, rng: random.Random) -> tuple[str, list[str]]:
    title, paras = report_text(c, rng)
    return title, paras


def _text_file(c: Case, title: str, paras: list[str]) -> str:
    head: list[str] = []
    if c.layout == "index":  # copied from a 信息公开 page with its index table
        head = [f"索引号 | 113311270025{c.year}/{c.year + 1}-00{c.year % 7} | ||",
                "组配分类 | 计划总结 | 发布机构 | 县政府办公室 |",
                f"生成日期 | {c.published} | 公开方式 | 主动公开 |",
                f"发布时间:{c.published} 16:02", "信息来源:县司法局", "访问次数:", "字体大小:大 中 小"]
    elif c.layout == "crumb":
        head = ["首页 > 政务公开 > 政府信息公开目录 > 法治政府建设", title,
                f"来源:司法厅    发布日期:{c.published}    浏览次数:{c.year % 500}"]
    elif c.layout == "stale":
        head = ["今天是:2019年3月4日 星期一 农历二月廿八", "首页 > 通知公告", title,
                f"发布时间:{_date_cn(c.published)}", ""]
    elif title:
        head = [title, ""]
    text = "\n".join(head + paras) + "\n"
    if c.level not in ("department", "province") and c.name and not _masked(c.name) and c.layout != "stale":
        # The signature block: the government's name and the date it was signed.
        signed = c.signed or c.published
        text += f"\n{c.name}人民政府\n{_date_cn(signed) if signed else ''}\n"
    return text


def _encode_text(c: Case, text: str) -> bytes:
    if c.extra.get("crlf"):
        text = text.replace("\n", "\r\n")
    if c.extra.get("rare"):
        text = text.replace("一、主要举措和成效", f"一、主要举措和成效(本报告由{c.extra['rare']}宇同志审核)")
    enc = c.encoding
    if enc == "utf-8" and "bom" in c.file:
        return codecs.BOM_UTF8 + text.encode("utf-8")
    if enc == "utf-16":
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    if enc == "utf-16-be-bom":
        return codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    return text.encode(enc)


def build_case(c: Case, rng: random.Random) -> bytes:
    title, paras = _lines(c, rng)
    title = c.extra.get("title", title)
    script = c.extra.get("script")
    if script in ("traditional", "pinyin"):
        title, paras = traditional(title), [traditional(p) for p in paras]
    if script in ("pinyin", "pinyin-simplified"):
        if script == "pinyin-simplified":
            simp = {"发": "fā", "区": "qū", "机": "jī", "构": "gòu", "设": "shè", "务": "wù", "导": "dǎo", "领": "lǐng"}
            ann = lambda s: "".join(f"{ch}({simp[ch]})" if ch in simp else ch for ch in s)
        else:
            ann = annotate
        title, paras = ann(title), [ann(p) for p in paras]
    site = _site(c)
    suffix = Path(c.file).suffix
    if suffix == ".html":
        page = LAYOUTS[c.layout](c, title, paras, site)
        if c.extra.get("label"):
            page = page.replace("发布时间:", c.extra["label"] + ":")
        if script in ("traditional", "pinyin"):
            page = traditional(page) if script == "traditional" else page
        if script == "pinyin":
            # The page furniture is traditional with pinyin too (発布機構 …) on these sites.
            page = page.replace("发布机构", annotate(traditional("发布机构"))).replace(
                "发布日期", annotate(traditional("发布日期"))).replace("成文日期", traditional("成文日期"))
        enc = "utf-8" if c.extra.get("declared") else c.encoding
        return page.encode(enc)
    if suffix == ".txt":
        text = _text_file(c, title, paras)
        return _encode_text(c, traditional(text) if script == "traditional" else text)
    if suffix == ".docx":
        rows = []
        if c.layout == "docx-table":
            rows = [("文号", f"{site[:2]}政发〔{c.year + 1}〕{3 + c.year % 9}号"), ("发文日期", c.published or ""),
                    ("发布机构", f"{site}人民政府"), ("公开方式", "主动公开")]
        pre = [f"{site}人民政府文件"] if c.layout == "docx-table" and c.level != "department" else []
        return make_docx(title, paras, rows, c.layout == "docx-mid", pre)
    if suffix == ".pdf":
        lines = [title]
        if c.published:
            lines.append(f"发布日期:{c.published}")
        return make_pdf(lines + paras)
    raise ValueError(c.file)


def build_broken(name: str) -> bytes:
    if name.endswith("scanned.pdf"):
        return make_scanned_pdf()
    if name == "x02_replacement_chars.txt":
        # Text that went through a wrong decoding and was saved again: mostly U+FFFD.
        junk = "".join("\ufffd\ufffd" + ("年" if i % 9 == 0 else "") + ("法治政府" if i % 40 == 0 else "")
                       for i in range(600))
        return ("2023" + junk + "\n").encode("utf-8")
    if name == "x03_cid_runs.txt":
        # What a PDF-to-text tool prints for a font without a Unicode map.
        rng = random.Random(3)
        line = lambda: "".join(f"(cid:{rng.randint(100, 9000)})" for _ in range(30))
        return ("法治政府建设年度报告\n" + "\n".join(line() for _ in range(40)) + "\n").encode("utf-8")
    if name == "x04_js_shell.html":
        return ("<html><head><meta charset=\"utf-8\"><title>法治政府建设年度报告</title></head><body>"
                "<div class=\"nav\"><a>首页</a><a>政务公开</a></div><div id=\"app\">正在加载...</div>"
                "<script src=\"/static/js/app.js\"></script>"
                "<div class=\"footer\">版权所有 某市人民政府</div></body></html>").encode()
    if name == "x05_truncated.docx":
        data = make_docx("法治政府建设年度报告", ["2023年,全县法治政府建设取得新成效。"] * 3, [], False)
        return data[: len(data) // 2]
    if name.endswith(".doc"):
        return bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 504 + "法治政府".encode("utf-16-le") * 50
    if name.endswith(".wps"):
        return bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 504
    raise ValueError(name)


def main() -> int:
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    expected: dict[str, dict] = {}
    for i, c in enumerate(CASES):
        (OUT / c.file).write_bytes(build_case(c, random.Random(1000 + i)))
        expected[c.file] = {
            "jurisdiction": c.name if c.expect is None and c.name and not _masked(c.name) else c.expect,
            "level": c.level, "year": c.year, "published": c.published,
        }
    for name, error in BROKEN.items():
        (OUT / name).write_bytes(build_broken(name))
        expected[name] = {"error": error}
    with (OUT / "expected.yaml").open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("# Written by scripts/make_captures.py; do not edit by hand.\n"
                 "# file -> what lawscore must read from it (jurisdiction null: masked or self-reference only).\n")
        yaml.safe_dump(expected, fh, allow_unicode=True, sort_keys=False, width=200)
    total = sum(p.stat().st_size for p in OUT.iterdir())
    print(f"wrote {len(expected)} files ({total // 1024} KB) to {OUT.relative_to(ROOT)}")
    return 0


def _masked(name: str) -> bool:
    return name.startswith(("XX", "**", "某"))


if __name__ == "__main__":
    raise SystemExit(main())
