"""What the pages say beyond the scores: Chinese punctuation, sentence numbers from 1, one word
for a section, a table of contents and links back from the report text, the generation date
and version, and badge colours that can be read (issue 17)."""
import re
from importlib.resources import files

import pytest

from lawscore import labels, paths, pipeline
from lawscore.render import views

from conftest import document, write_output


def _css() -> str:
    return files("lawscore").joinpath("templates/base.html").read_text(encoding="utf-8").split("<style>", 1)[1].split("</style>", 1)[0]


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[k:k + 2], 16) / 255 for k in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    """The WCAG 2 contrast ratio of two #rrggbb colours."""
    high, low = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def badge_colours(css: str) -> dict[str, tuple[str, str]]:
    """status -> (text colour, background) of each .status-<status> rule, variables resolved."""
    variables = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", css.split("}", 1)[0]))

    def value(v: str) -> str:
        m = re.fullmatch(r"var\(--([\w-]+)\)", v.strip())
        return variables[m.group(1)] if m else v.strip()

    rules = re.findall(r"\.status-(\w+)\s*\{\s*color:\s*([^;]+);\s*background:\s*([^;]+);\s*\}", css)
    return {status: (value(fg), value(bg)) for status, fg, bg in rules}


def test_contrast_of_known_colours():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#6e7781", "#f6f8fa") == pytest.approx(4.27, abs=0.01)  # the old 不适用 grey: too light


def test_every_status_badge_reads_at_4_5_to_1():
    colours = badge_colours(_css())
    assert set(colours) == set(labels.STATUS_LABELS)  # every status has a badge rule
    for status, (fg, bg) in colours.items():
        assert contrast(fg, bg) >= 4.5, (status, fg, bg, round(contrast(fg, bg), 2))
    assert colours["not_applicable"] == ("#57606a", "#f6f8fa")
    assert contrast(*colours["not_applicable"]) == pytest.approx(6.0, abs=0.01)


@pytest.mark.parametrize("text, expected", [
    ("2023-03-29发布,在2023年3月31日之前", "2023-03-29发布，在2023年3月31日之前"),
    ("页面未注明发布日期(或报告年度不详),无法判断是否按时公开", "页面未注明发布日期（或报告年度不详），无法判断是否按时公开"),
    ("成效(小标题:一、主要举措和成效)", "成效（小标题：一、主要举措和成效）"),
    ("法治政府建设实施纲要(2021—2025年)", "法治政府建设实施纲要（2021—2025年）"),
    ("网页页脚已去除(12行);编码由检测器判断为GB18030", "网页页脚已去除（12行）；编码由检测器判断为GB18030"),
    ("10:30 a,b (x) v1.2", "10:30 a,b (x) v1.2"),  # no Chinese beside them: unchanged
    ("", ""),
])
def test_chinese_text_gets_full_width_punctuation(text, expected):
    assert labels.zh_punct(text) == expected


REPORT = """\
2023年测试县法治政府建设年度报告
发布日期:2024-03-01
一、主要举措和成效
全年共审查县政府规范性文件35件,提出合法性审查意见140条。
全年收到行政复议申请156件,办结148件。
二、存在的不足和原因
行政应诉工作还存在短板。
"""


@pytest.fixture
def page(setup, tmp_path, monkeypatch) -> str:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    result = pipeline.evaluate_document(document(REPORT, "reports/test.txt"), setup, {"jurisdiction": "测试县"})
    write_output(tmp_path, [result], [])
    return (tmp_path / paths.scorecard_path("测试县")).read_text(encoding="utf-8")


def test_sentence_numbers_are_shown_from_1(page):
    # The first body sentence is sentence 0 of the segmentation: its anchor stays s0, it reads 第1句.
    quote = re.search(r'<a class="meta" href="#(r[0-9a-f]{8})-s(\d+)">\[第(\d+)句', page)
    assert quote and int(quote.group(3)) == int(quote.group(2)) + 1
    shown = {int(n) for n in re.findall(r"\[第(\d+)句", page)}
    assert shown and 0 not in shown


def test_a_table_of_contents_links_every_part_of_a_report(page):
    toc = page.split('<nav class="toc" aria-label="本报告目录">', 1)[1].split("</nav>", 1)[0]
    targets = re.findall(r'href="#([^"]+)"', toc)
    ids = set(re.findall(r'id="([^"]+)"', page))
    assert len(targets) >= 6 and set(targets) <= ids
    for part in ("各章覆盖度", "必备内容", "需要追问的事项", "纲要清单逐项", "报告正文"):
        assert f">{part}</a>" in toc
    assert ">健全依法行政制度体系</a>" in toc or ">健全政府机构职能体系，推动更好发挥政府作用</a>" in toc  # chapters too


def test_every_evidence_sentence_links_back_to_its_item_rows(page):
    backs = re.findall(r'<a class="back" href="#([^"]+)" title="回到事项：([^"]+)"', page)
    assert backs
    for row, title in backs:
        item_row = page.split(f'<tr id="{row}">', 1)[1].split("</tr>", 1)[0]
        assert f"<td>{title}" in item_row
        # ... and that row's quotes link to the sentence the ↩ sits beside
    sentence = re.search(r'id="(r[0-9a-f]{8}-s\d+)"[^>]*>[^<]*</span><a class="back" href="#([^"]+)"', page)
    assert sentence
    row = page.split(f'<tr id="{sentence.group(2)}">', 1)[1].split("</tr>", 1)[0]
    assert f'href="#{sentence.group(1)}"' in row


def test_pages_say_section_not_clause_and_use_full_width_punctuation(page):
    assert '<th scope="col" class="num">节</th>' in page and "条目" not in page
    visible = re.sub(r"<style>.*?</style>|<[^>]+>", "", page, flags=re.DOTALL)
    assert "法治政府建设实施纲要（2021—2025年）" in visible
    han = "\u3400-\u9fff"
    # No ASCII , : ; ( ) beside a Chinese character in what the page itself writes; report
    # quotes are the report's own text and are left out by looking at the template text only.
    own = re.sub(r'<ol class="quotes">.*?</ol>|<div class="body-text">.*?</div>', "", page, flags=re.DOTALL)
    own = re.sub(r"<style>.*?</style>|<[^>]+>", "", own, flags=re.DOTALL)
    assert not re.findall(rf"[{han}][,:;()]|[,:;()][{han}]", own), re.findall(rf".{{6}}[{han}][,:;()].{{6}}|.{{6}}[,:;()][{han}].{{6}}", own)
    assert "本章覆盖度" in visible


def test_every_page_shows_its_date_and_version(page, tmp_path):
    version = views._version()
    assert re.fullmatch(r"[0-9A-Za-z.+-]+", version)
    assert f"生成日期：2023-11-14 · lawscore {version}" in page  # the screen footer
    assert f'@bottom-left {{ content: "lawscore {version} · 生成于 2023-11-14"' in page  # every printed page
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert f"生成日期：2023-11-14 · lawscore {version}" in index


def test_without_source_date_epoch_the_date_is_today(monkeypatch):
    import datetime

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert views.generated().date == datetime.date.today().isoformat()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert views.generated().date == "1970-01-01"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "tomorrow")
    assert views.generated().date == datetime.date.today().isoformat()  # not a number: today, logged
