"""The copy check (copies.py): reports built in the test from the seeds, copied in known shares.

Each seed report is one paragraph a line. A made-up report takes whole paragraphs from a seed
in a known share and the rest from a seed that is not in the batch, so the share it should show
is known before it is segmented.
"""
from __future__ import annotations

import csv
import io
import json
import re
import zlib
from pathlib import Path

import docx
import jsonschema
import numpy as np
import pytest
from click.testing import CliRunner

from lawscore import cli, copies, followups, paths, pipeline
from lawscore import results as results_mod
from lawscore.model import Copies

from conftest import SEEDS, document, seed_text, workspace


def paragraphs(name: str) -> list[str]:
    """A seed's body paragraphs: its lines of 40 characters and more (headings and the web
    page's header are shorter)."""
    return [line for line in seed_text(name).splitlines() if len(line) >= 40]


def mixed(copied: list[str], fresh: list[str], every: int, taken: tuple[int, ...]) -> str:
    """Paragraph k from `copied` when k % every is in `taken`, else from `fresh`."""
    n = min(len(copied), len(fresh))
    return "\n".join(copied[k] if k % every in taken else fresh[k] for k in range(n)) + "\n"


def shifted_figures(text: str) -> str:
    """Every digit one more (9 becomes 0): the same work, this year's figures."""
    return re.sub(r"\d", lambda m: str((int(m.group()) + 1) % 10), text)


def read(text: str, source: str, jurisdiction: str, year: int):
    return pipeline.read_document(document(text, source), {"jurisdiction": jurisdiction, "year": year})


def run(*reports) -> list[Copies]:
    return list(copies.find([copies.fingerprint(r) for r in reports]))


def shares(found: Copies, unit: str = "paragraph") -> dict[str, float]:
    return dict(found.paragraph_shares if unit == "paragraph" else found.sentence_shares)


def test_own_names_are_the_full_name_the_last_unit_and_its_stem():
    assert copies.own_names("浙江省舟山市嵊泗县") == ("浙江省舟山市嵊泗县", "嵊泗县", "嵊泗")
    assert copies.own_names("江西省赣州市兴国县长冈乡") == ("江西省赣州市兴国县长冈乡", "长冈乡", "长冈")
    assert copies.own_names(None) == ()


def test_a_key_drops_punctuation_and_masks_figures_and_the_own_name():
    key, exact = copies.sentence_key("2022年,嵊泗县办理行政复议案件35件,同比上升12.5%。", ("嵊泗县", "嵊泗"))
    assert key == "#年@办理行政复议案件#件同比上升#"
    assert exact == "2022年@办理行政复议案件35件同比上升125"


def test_a_report_s_shingles_worked_out_at_once_are_each_key_s_own():
    keys = ["#年@办理行政复议案件#件同比上升#", "依法行政", "加强𠮷野家法治宣传ABC教育#", "推进", ""]
    assert copies.shingle_sets(keys) == [copies.shingles(k) for k in keys]
    assert copies.shingle_sets(["依法行政"]) == [{zlib.crc32("依法行政".encode("utf-16-le")) >> 2}]
    assert copies.shingle_sets([]) == []


def test_a_report_s_keys_made_at_once_are_each_sentence_s_own():
    texts = ["2022年,嵊泗县办理行政复议案件35件,同比上升12.5%。", "二〇二二年嵊泗新增3.5个百分点", "全角１２件、٣件",
             "嵊泗县嵊泗县", "", "line\nbreak 嵊泗"]
    names = ("嵊泗县", "嵊泗")
    assert copies._keys(texts, names) == [copies.sentence_key(t, names) for t in texts]
    assert copies._keys(["a\x00b 12", "嵊泗"], names) == [copies.sentence_key(t, names) for t in ["a\x00b 12", "嵊泗"]]


def test_a_fingerprint_s_sketch_is_the_k_smallest_shingles_of_each_tested_sentence():
    read_ = read(seed_text("嵊泗县"), "a.txt", "浙江省舟山市嵊泗县", 2022)
    prints = copies.fingerprint(read_)
    names = copies.own_names("浙江省舟山市嵊泗县")
    keys = [copies.sentence_key(s.text, names)[0] for s in read_.segmentation.sentences if not s.heading]
    keys = [k for k in keys if len(k) >= copies.MIN_CHARS]
    assert len(keys) == len(prints.sentences) > 50
    assert [prints.sketch(i) for i in range(len(keys))] == [sorted(copies.shingles(k))[:copies.K] for k in keys]


def row(sketch: list[int]) -> list[int]:
    return sketch + [copies.PAD] * (copies.K - len(sketch))


def test_similarities_worked_out_at_once_are_each_pair_s_similarity():
    # The same sketch, one value changed (first, middle, last), disjoint, a short sketch
    # against a full one, and pairs whose shared values fall past the union's K smallest.
    full = list(range(10, 130, 10))
    pairs = [(full, full), (full, [5, *full[1:]]), (full, [*full[:6], 65, *full[7:]]), (full, [*full[:-1], 999]),
             (full, list(range(1000, 1012))), ([20, 40], full), ([7], [7]), ([7], [8]),
             (list(range(0, 24, 2)), list(range(1, 24, 2))), (full[6:], [1, 2, 3, 4, 5, 6, *full[6:]])]
    rng = np.random.default_rng(29)
    for _ in range(300):  # random sketches drawn from a few values, so that they share some
        a, b = (sorted(rng.choice(40, int(rng.integers(1, copies.K + 1)), replace=False).tolist()) for _ in "ab")
        pairs.append((a, b))
    mine = np.array([row(a) for a, _ in pairs], dtype=np.uint32)
    theirs = np.array([row(b) for _, b in pairs], dtype=np.uint32)
    assert copies.similarities(mine, theirs).tolist() == [copies.similarity(a, b) for a, b in pairs]


def test_a_second_year_copying_40_percent_of_paragraphs_with_the_same_figures():
    base = paragraphs("嵊泗县")
    second = mixed(base, paragraphs("章贡区"), 5, (0, 2))  # 章贡区 is not in the batch
    last = read(seed_text("嵊泗县"), "2022/嵊泗县.txt", "浙江省舟山市嵊泗县", 2022)
    this = read(second, "2023/嵊泗县.txt", "浙江省舟山市嵊泗县", 2023)
    earlier, later = run(last, this)
    assert abs(shares(later)["previous_year"] - 40) <= 5
    assert abs(shares(later, "sentence")["previous_year"] - 40) <= 5
    assert shares(later)["other"] == 0
    copied = [c for c in later.copied if c.kind == "previous_year"]
    assert {c.source for c in copied} == {"2022/嵊泗县.txt"}
    assert {c.source_year for c in copied} == {2022}
    assert all(c.same_text for c in copied)  # figures kept: word for word
    # The earlier year copies nothing from the later one.
    assert earlier.copied == ()


def test_a_second_year_with_new_figures_is_a_copy_but_not_the_same_text():
    second = shifted_figures(mixed(paragraphs("嵊泗县"), paragraphs("章贡区"), 5, (0, 2)))
    last = read(seed_text("嵊泗县"), "2022/嵊泗县.txt", "浙江省舟山市嵊泗县", 2022)
    this = read(second, "2023/嵊泗县.txt", "浙江省舟山市嵊泗县", 2023)
    _, later = run(last, this)
    assert abs(shares(later)["previous_year"] - 40) <= 5
    with_figures = [c for c in later.copied if c.kind == "previous_year" and re.search(r"\d", c.source_text or "x")]
    assert not any(c.same_text for c in with_figures)
    # Copied sentences that hold a figure are never the same text once the figures change.
    seg = this.segmentation
    assert not any(c.same_text for c in later.copied if re.search(r"\d", seg.sentences[c.sentence].text))
    assert copies.stale_sentences(later) == frozenset(c.sentence for c in later.copied if c.same_text)


def test_small_edits_do_not_hide_a_copy():
    base = paragraphs("嵊泗县")
    edited = [p.replace("推进", "推动").replace("进一步", "").replace("全面", "") for p in base]
    last = read(seed_text("嵊泗县"), "a.txt", "浙江省舟山市嵊泗县", 2022)
    this = read("\n".join(edited) + "\n", "b.txt", "浙江省舟山市嵊泗县", 2023)
    _, later = run(last, this)
    assert shares(later)["previous_year"] >= 90
    assert not all(c.same_text for c in later.copied)


def test_a_county_copying_30_percent_of_another_names_it():
    copier = mixed(paragraphs("嵊泗县"), paragraphs("章贡区"), 10, (1, 4, 7)).replace("嵊泗", "岱山")
    original = read(seed_text("嵊泗县"), "嵊泗县.txt", "浙江省舟山市嵊泗县", 2022)
    other = read(copier, "岱山县.txt", "浙江省舟山市岱山县", 2022)
    _, found = run(original, other)
    assert abs(shares(found)["other"] - 30) <= 5
    assert abs(shares(found, "sentence")["other"] - 30) <= 5
    assert {c.source_name for c in found.copied if c.kind == "other"} == {"浙江省舟山市嵊泗县"}
    assert shares(found)["previous_year"] == 0


def test_a_later_report_of_another_county_is_never_the_source():
    copier = mixed(paragraphs("嵊泗县"), paragraphs("章贡区"), 10, (1, 4, 7))
    original = read(seed_text("嵊泗县"), "嵊泗县.txt", "浙江省舟山市嵊泗县", 2023)
    other = read(copier, "岱山县.txt", "浙江省舟山市岱山县", 2022)
    _, found = run(original, other)
    assert shares(found, "sentence")["other"] == 0


def test_a_report_pasting_outline_wording():
    wording = [w for _, _, w in copies.reference().passages if len(w) >= 14][:40]
    pasted = ["，".join(wording[k:k + 2]) + "。" for k in range(0, 40, 2)]  # 20 paragraphs of outline text
    own = paragraphs("嵊泗县")[:20]
    text = "\n".join(pasted[k] if k % 4 == 0 else own[k] for k in range(20)) + "\n"  # 5 of 20
    found, = run(read(text, "x.txt", "浙江省舟山市嵊泗县", 2022))
    assert abs(shares(found)["outline"] - 25) <= 5
    outline = [c for c in found.copied if c.kind == "outline"]
    assert all(c.source.startswith("《法治政府建设实施纲要") for c in outline)
    assert all(c.source_text in text for c in outline)


def test_a_report_with_no_copies_shows_zero():
    found, = run(read(seed_text("江北区"), "江北区.txt", "浙江省宁波市江北区", 2023))
    assert found.copied == ()
    assert found.share == 0.0
    assert set(shares(found).values()) == {0.0}


def test_the_five_seeds_copy_under_5_percent_from_one_another():
    reads = [pipeline.read_document(document(seed_text(name), file)) for name, file in SEEDS.items()]
    for found in run(*reads):
        assert found.sentences >= 50
        assert shares(found, "sentence")["other"] < 5
        assert shares(found, "sentence")["previous_year"] == 0


def test_the_result_does_not_depend_on_the_order_of_the_batch():
    second = mixed(paragraphs("嵊泗县"), paragraphs("章贡区"), 5, (0, 2))
    reports = [read(seed_text("嵊泗县"), "2022.txt", "浙江省舟山市嵊泗县", 2022),
               read(second, "2023.txt", "浙江省舟山市嵊泗县", 2023),
               read(second.replace("嵊泗", "岱山"), "岱山.txt", "浙江省舟山市岱山县", 2023)]
    forward = run(*reports)
    backward = run(*reversed(reports))[::-1]
    assert forward == backward
    assert forward == run(*reports)


def test_a_copied_sentence_that_repeats_last_year_word_for_word_earns_no_credit(setup):
    text = seed_text("嵊泗县")
    last = read(text, "2022.txt", "浙江省舟山市嵊泗县", 2022)
    this = read(text, "2023.txt", "浙江省舟山市嵊泗县", 2023)
    _, found = run(last, this)
    alone = pipeline.score_document(this, setup)
    repeated = pipeline.score_document(this, setup, copies=found)
    assert repeated.outline is not None and alone.outline is not None
    assert repeated.outline.coverage is not None and alone.outline.coverage is not None
    assert repeated.outline.coverage < alone.outline.coverage / 2
    marked = [e for r in repeated.outline.items for e in r.evidence if e.signals and e.signals[0].kind == "copy"]
    assert marked and all(e.strength == "none" and e.signals[0].text == "与上年相同" for e in marked)
    # The same work with this year's figures keeps its credit; only the sentences that hold no
    # figure (a document named again, a practice described again) are still word for word.
    fresh = read(shifted_figures(text), "2023.txt", "浙江省舟山市嵊泗县", 2023)
    _, found = run(last, fresh)
    stale = copies.stale_sentences(found)
    assert stale and not any(re.search(r"\d", fresh.segmentation.sentences[i].text) for i in stale)
    renewed = pipeline.score_document(fresh, setup, copies=found)
    assert renewed.outline is not None and renewed.outline.coverage is not None
    assert repeated.outline.coverage + 10 < renewed.outline.coverage <= alone.outline.coverage


def _batch(tmp_path):
    """Two years of 嵊泗县 (the second 40 % copied, figures kept) and a county copying 30 % of it."""
    second = mixed(paragraphs("嵊泗县"), paragraphs("章贡区"), 5, (0, 2))
    copier = mixed(paragraphs("嵊泗县"), paragraphs("章贡区"), 10, (1, 4, 7)).replace("嵊泗", "岱山")
    return workspace(tmp_path, {
        "r/a2022.txt": seed_text("嵊泗县"), "r/a2023.txt": second, "r/b2022.txt": copier,
        "r/manifest.yaml": "a2022.txt: {jurisdiction: 浙江省舟山市嵊泗县, year: 2022}\n"
                           "a2023.txt: {jurisdiction: 浙江省舟山市嵊泗县, year: 2023}\n"
                           "b2022.txt: {jurisdiction: 浙江省舟山市岱山县, year: 2022}\n"}) / "r"


def test_a_batch_finds_the_copies_and_shows_their_sources(tmp_path, setup):
    folder = _batch(tmp_path)
    results, errors = pipeline.run_batch([str(folder)], setup)
    assert errors == []
    by_name = {Path(r.source).name: r for r in results}
    doc = results_mod.build(results, [])
    jsonschema.validate(doc, results_mod.schema())
    entry = {Path(r["source"]).name: r for r in doc["reports"]}["a2023.txt"]["copies"]
    assert abs(entry["paragraph_shares"]["previous_year"] - 40) <= 5
    passage = next(p for p in entry["passages"] if p["kind"] == "previous_year")
    assert passage["source"] == str(folder / "a2022.txt") and passage["source_year"] == 2022 and passage["same_text"]
    # The source's text is the earlier report's sentence, read back from the batch's spool.
    earlier = by_name["a2022.txt"].segmentation
    assert earlier is not None and passage["source_text"] == earlier.sentences[passage["source_sentence"]].text
    assert passage["quote"] == passage["source_text"]
    county = {Path(r["source"]).name: r for r in doc["reports"]}["b2022.txt"]["copies"]
    assert abs(county["paragraph_shares"]["other"] - 30) <= 5
    assert {p["source_name"] for p in county["passages"] if p["kind"] == "other"} == {"浙江省舟山市嵊泗县"}


def test_jobs_1_and_2_write_the_same_bytes(tmp_path):
    folder = _batch(tmp_path)
    runner = CliRunner()
    for jobs in ("1", "2"):
        result = runner.invoke(cli.main, ["evaluate", str(folder), "--out", str(tmp_path / f"o{jobs}"),
                                          "--format", "json,html,csv", "--jobs", jobs])
        assert result.exit_code == 0, result.output
    for name in ("results.json", "results.csv", "index.html"):
        assert (tmp_path / "o1" / name).read_bytes() == (tmp_path / "o2" / name).read_bytes(), name
    pages = sorted(p.name for p in (tmp_path / "o1" / "scorecards").iterdir())
    for name in pages:
        assert (tmp_path / "o1" / "scorecards" / name).read_bytes() == (tmp_path / "o2" / "scorecards" / name).read_bytes()


def test_the_supervisor_sees_the_copies_on_every_output(tmp_path):
    folder = _batch(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli.main, ["evaluate", str(folder), "--out", str(out), "--format", "json,html,csv,docx"])
    assert result.exit_code == 0, result.output
    entry = {Path(r["source"]).name: r for r in json.loads((out / "results.json").read_text(encoding="utf-8"))["reports"]}
    share = entry["a2023.txt"]["copies"]["share"]
    # The index: a 雷同比例 column, the share in the report's row with its kinds in the tooltip.
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "雷同比例</abbr></th>" in index
    assert re.search(rf'title="雷同语句占 {share:.1f}%：[^"]*与上年报告雷同 [\d.]+%[^"]*">{share:.1f}%</td>', index)
    # The scorecard: the section with each copied sentence beside its source, linked and marked.
    page = next((out / "scorecards").glob("*嵊泗县*.html")).read_text(encoding="utf-8")
    section = page[page.index(f'id="{paths.anchor(str(folder / "a2023.txt"))}-copies"'):]
    assert "与上年报告雷同：" in section and "连数字都与上年相同，不计为本年工作" in section
    earlier = paths.anchor(str(folder / "a2022.txt"))
    assert re.search(rf'<a href="浙江省舟山市嵊泗县-[0-9a-f]{{8}}\.html#{earlier}-s\d+">浙江省舟山市嵊泗县 2022年度 a2022\.txt</a>', section)
    assert "<mark>" in section and "<strong>与上年相同</strong>" in section
    # An evidence quote that repeats last year says so where the item is judged.
    assert "与上年相同（不计为本年工作）" in page
    # The exports: 雷同比例 on every row of the report.
    rows = list(csv.DictReader(io.StringIO((out / "results.csv").read_text(encoding="utf-8-sig"))))
    assert {row["copy_share"] for row in rows if row["source"].endswith("a2023.txt")} == {str(share)}
    # The follow-up list asks about the copied parts.
    assert "与本地区2022年度的报告雷同" in page
    letter = docx.Document(str(out / paths.followup_path(str(folder / "a2023.txt"))))
    text = "\n".join(p.text for p in letter.paragraphs)
    assert "与本地区2022年度的报告雷同" in text and "连数字都相同" in text
    assert "请说明这些内容是否为本年度开展的工作" in text
    # … under its own heading, each copied sentence quoted and numbered, so that a reply can answer each.
    lines = [p.text for p in letter.paragraphs]
    part = next(k for k, line in enumerate(lines) if line.endswith("、报告内容雷同"))
    assert lines[part + 1] == "（一）与上年报告雷同"
    copied = [p for p in entry["a2023.txt"]["copies"]["passages"] if p["kind"] == "previous_year"]
    assert lines[part + 2].startswith(f"报告中有{len(copied)}句") and lines[part + 2].endswith("：")
    for k, (line, passage) in enumerate(zip(lines[part + 3:], copied), 1):
        assert line.startswith(f"{k}.“") and line.endswith("”；" if k < len(copied) else "”。"), line
        assert re.sub(r"\W", "", passage["quote"]) in re.sub(r"\W", "", line)  # the whole sentence, full-width
    assert lines[part + 3 + len(copied)] == followups.COPY_QUESTIONS["previous_year"]


def test_lawscore_copies_off_scores_every_report_alone(tmp_path, setup, monkeypatch):
    monkeypatch.setenv("LAWSCORE_COPIES", "off")
    results, errors = pipeline.run_batch([str(_batch(tmp_path))], setup, jobs=2)
    assert errors == [] and len(results) == 3
    assert all(r.copies is None and r.outline is not None for r in results)


def packed(entries: list[tuple[int, int, int]]) -> np.ndarray:
    return np.array([v << copies.SHIFT | r << copies.POSITION_BITS | p for v, r, p in entries], dtype=np.uint64)


def test_a_look_up_table_keeps_the_earliest_reports_one_per_page_and_at_most_cap(tmp_path):
    # Value 5 is held by the sentences of 12 reports (ranks 0-11, earliest first); ranks 0 and
    # 1 are one jurisdiction's two years, so one page; rank 3 holds it in two sentences.
    page_of_rank = np.array([0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    entries = [(5, rank, 7) for rank in reversed(range(12))] + [(5, 3, 2), (0, 4, 1), ((1 << 30) - 1, 11, 16383)]
    table = copies._Table(str(tmp_path / "t"), [packed(entries[:5]), packed(entries[5:])], page_of_rank)
    assert table.get(5) == [(0, 7), (2, 7), (3, 2), (4, 7), (5, 7), (6, 7), (7, 7), (8, 7)][:copies.CAP]
    assert table.get(0) == [(4, 1)]
    assert table.get((1 << 30) - 1) == [(11, 16383)]
    assert table.get(6) == [] and table.get(1 << 20) == []
    assert len(table.entries) == copies.CAP + 2  # what a look-up never returns is not kept
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t"]  # on disk, its runs removed


def test_a_look_up_table_sorted_run_by_run_is_the_same_as_sorted_at_once(tmp_path, monkeypatch):
    rng = np.random.default_rng(7)
    entries = [(int(v), int(r), int(p)) for v, r, p in zip(rng.integers(0, 1 << 30, 5000) >> 18,
                                                           rng.integers(0, 300, 5000), rng.integers(0, 50, 5000))]
    page_of_rank = rng.integers(0, 100, 300)
    parts = [packed(entries[k:k + 700]) for k in range(0, 5000, 700)]
    whole = copies._Table(str(tmp_path / "whole"), parts, page_of_rank)
    monkeypatch.setattr(copies, "RUN", 1000)  # four runs, merged five ranges of values at a time
    runs = copies._Table(str(tmp_path / "runs"), parts, page_of_rank)
    assert runs.entries.tolist() == whole.entries.tolist()
    assert len(whole.entries) < 5000 and all(len(whole.get(v)) <= copies.CAP for v, _, _ in entries)


def test_packed_copies_come_back_equal_and_anything_else_is_refused(tmp_path, setup):
    results, _ = pipeline.run_batch([str(_batch(tmp_path))], setup)
    found = [r.copies for r in results if r.copies is not None and r.copies.copied]
    assert {c.kind for f in found for c in f.copied} >= {"previous_year", "other"}
    for f in found:
        assert copies.unpack(json.loads(json.dumps(copies.pack(f)))) == f
    packed = json.loads(json.dumps(copies.pack(found[0])))
    for broken in ([], packed[:4], [*packed[:2], [packed[2][0][:9]], *packed[3:]],
                   [*packed[:2], [[*packed[2][0][:3], 1, *packed[2][0][4:]]], *packed[3:]],  # a bool that is 1
                   [*packed[:3], [["outline", 1]], packed[4]]):  # a share that is no float
        with pytest.raises(ValueError):
            copies.unpack(broken)


def evaluate_batch(folder: Path, out: Path) -> dict[str, bytes]:
    result = CliRunner().invoke(cli.main, ["evaluate", str(folder), "--out", str(out), "--format", "json,html", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_a_rerun_of_the_same_reports_takes_their_copies_from_the_cache(tmp_path, monkeypatch):
    folder = _batch(tmp_path)
    monkeypatch.setenv("LAWSCORE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1765000000")
    cold = evaluate_batch(folder, tmp_path / "cold")
    assert len(list((tmp_path / "cache").glob("copies-*.json"))) == 1
    compared, filled = [], []
    find, with_texts = copies.find, copies.with_source_texts
    monkeypatch.setattr(copies, "find", lambda prints: compared.append(len(prints)) or find(prints))
    monkeypatch.setattr(copies, "with_source_texts", lambda c, of: filled.append(c) or with_texts(c, of))
    # ... nor are the copied sentences' sources read back: each report's output is the cache's.
    assert evaluate_batch(folder, tmp_path / "again") == cold and compared == [] and filled == []
    # A report changed: the batch is another, compared again.
    (folder / "b2022.txt").write_text((folder / "b2022.txt").read_text(encoding="utf-8") + "新增一段。\n", encoding="utf-8")
    changed = evaluate_batch(folder, tmp_path / "changed")
    assert compared == [3] and len(filled) == 3  # each of the three has sentences found in b2022
    monkeypatch.setenv("LAWSCORE_CACHE", "off")
    assert changed == evaluate_batch(folder, tmp_path / "none")


def test_kept_copies_that_are_not_what_lawscore_writes_are_worked_out_again(tmp_path, monkeypatch):
    folder = _batch(tmp_path)
    monkeypatch.setenv("LAWSCORE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1765000000")
    cold = evaluate_batch(folder, tmp_path / "cold")
    entry, = (tmp_path / "cache").glob("copies-*.json")
    kept = json.loads(entry.read_text(encoding="utf-8"))
    for done in (tmp_path / "cache").glob("done-*.json"):
        done.unlink()  # every report scored again, with the copies the entry says
    entry.write_text(json.dumps([kept[0], '{"forged": true}', kept[2]]), encoding="utf-8")
    assert evaluate_batch(folder, tmp_path / "forged") == cold
    entry.write_text(json.dumps(kept[:2]), encoding="utf-8")  # one report short
    assert evaluate_batch(folder, tmp_path / "short") == cold
    assert json.loads(entry.read_text(encoding="utf-8")) == kept  # written whole again


def test_a_batch_whose_copies_are_too_large_to_keep_is_compared_again(tmp_path, monkeypatch):
    folder = _batch(tmp_path)
    monkeypatch.setenv("LAWSCORE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1765000000")
    monkeypatch.setattr(copies, "KEPT_CHARS", 100)  # less than one report's copies
    cold = evaluate_batch(folder, tmp_path / "cold")
    assert list((tmp_path / "cache").glob("copies-*.json")) == []
    compared = []
    find = copies.find
    monkeypatch.setattr(copies, "find", lambda prints: compared.append(len(prints)) or find(prints))
    assert evaluate_batch(folder, tmp_path / "again") == cold and compared == [3]
