"""Reruns reuse earlier work report by report (incremental.py): the same output as a run without
the cache, for less. Every run here is a real `lawscore evaluate` of the seed reports; which
reports are read and which are scored is counted by wrapping the pipeline's two stages."""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from lawscore import cache, incremental, match, normalize, pipeline, segment, spool
from lawscore.cli import main
from lawscore.model import Checklist, Item, Pattern
from lawscore.pipeline import read_file as read_report  # not the ws fixture's counting wrapper
from lawscore.wording import concrete

from conftest import CHECKLISTS, REPORTS

# Edits of the concept vocabulary, where the items' terms are (a concept's terms are an item's
# terms: both outlines' items that name the concept see the edit).
EDIT = ("terms: [负面清单, 非禁即入]", "terms: [负面清单, 非禁即入, 市场准入]")  # a term no seed holds added
NARROW = ("terms: [告知承诺, 证明事项, 容缺受理, 容缺办理]", "terms: [告知承诺, 容缺受理, 容缺办理]")  # one seed's term removed
VOCABULARY = ("checklists", "concepts", "concepts.yaml")


SEEN: dict[str, list[str]] = {"read": [], "scored": []}  # by the ws fixture's wrappers


@pytest.fixture
def ws(tmp_path, monkeypatch):
    """A workspace: the seeds, the checklists, a cache of its own; and counters of the reports
    read and scored in the runs that follow (SEEN)."""
    shutil.copytree(REPORTS, tmp_path / "reports")
    shutil.copytree(CHECKLISTS, tmp_path / "checklists")
    monkeypatch.setenv("LAWSCORE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1765000000")
    seen = SEEN
    read, score = pipeline.read_file, pipeline.score_document

    def reading(path, shown, *args, **kwargs):
        seen["read"].append(Path(shown).name)
        return read(path, shown, *args, **kwargs)

    def scoring(segmented, *args, **kwargs):
        seen["scored"].append(Path(segmented.document.source).name)
        return score(segmented, *args, **kwargs)

    monkeypatch.setattr(pipeline, "read_file", reading)
    monkeypatch.setattr(pipeline, "score_document", scoring)
    return tmp_path


def evaluate(ws: Path, out: str, *extra: str) -> dict[str, list[str]]:
    """Run `lawscore evaluate` into ws/out; the reports it read and scored, by file name."""
    for counts in SEEN.values():
        counts.clear()
    result = CliRunner().invoke(main, ["evaluate", str(ws / "reports"), "--checklists", str(ws / "checklists"),
                                       "--out", str(ws / out), "--jobs", "1", *extra])
    assert result.exit_code == 0, result.output
    return {k: sorted(v) for k, v in SEEN.items()}


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


SEEDS = sorted(p.name for p in REPORTS.glob("*.txt"))


def test_a_rerun_with_nothing_changed_reads_and_scores_nothing_and_writes_the_same_bytes(ws):
    assert evaluate(ws, "cold") == {"read": SEEDS, "scored": SEEDS}
    assert evaluate(ws, "again") == {"read": [], "scored": []}
    assert evaluate(ws, "none", "--no-cache") == {"read": SEEDS, "scored": SEEDS}
    cold = files(ws / "cold")
    assert {"index.html", "results.json", "results.csv", "results.xlsx"} <= set(cold)
    assert files(ws / "again") == cold == files(ws / "none")


def test_a_report_read_for_the_first_time_is_read_from_disk_and_hashed_once(ws, monkeypatch):
    """The cache's key hashes the file's bytes; reading it takes those bytes and that hash
    rather than opening and hashing the file a second time (ingest.read's `known`)."""
    from lawscore import ingest

    opened: list[str] = []
    file_bytes = ingest._file_bytes

    def counting(path):
        opened.append(Path(path).name)
        return file_bytes(path)

    monkeypatch.setattr(ingest, "_file_bytes", counting)
    assert evaluate(ws, "cold")["read"] == SEEDS
    assert opened == []
    assert evaluate(ws, "none", "--no-cache")["read"] == SEEDS
    assert sorted(opened) == SEEDS  # without the cache, reading opens each file itself
    assert files(ws / "cold") == files(ws / "none")  # the same sha256 of each file in every output


def test_a_file_taken_as_read_is_the_one_just_hashed(tmp_path, monkeypatch):
    monkeypatch.setenv("LAWSCORE_CACHE", str(tmp_path / "cache"))
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("甲", encoding="utf-8")
    b.write_text("乙", encoding="utf-8")
    incremental.text_key(a, "a.txt", None, {})
    assert incremental.bytes_read(b) is None  # another file's bytes are not this one's
    incremental.text_key(a, "a.txt", None, {})
    data, digest = incremental.bytes_read(a)
    assert data == "甲".encode() and digest == hashlib.sha256(data).hexdigest()
    assert incremental.bytes_read(a) is None  # taken once
    incremental.text_key(a, "a.zip!b.txt", "b.txt", {})
    assert incremental.bytes_read(a) is None  # a zip's bytes are not its member's: not kept


def test_no_cache_neither_reads_nor_writes_the_cache(ws):
    evaluate(ws, "none", "--no-cache")
    assert not (ws / "cache").exists()
    assert os.environ["LAWSCORE_CACHE"] == str(ws / "cache")  # as it was, after the command


def held(term: str) -> list[str]:
    """The seeds whose sentences, as read (traditional characters converted, pinyin removed), hold `term`."""
    return [s for s in SEEDS if term in spool.lines(read_report(REPORTS / s, s))]


def test_a_checklist_edit_rescores_only_the_reports_that_hold_a_term_it_changes(ws):
    evaluate(ws, "before")
    outline = ws.joinpath(*VOCABULARY)
    text = outline.read_text(encoding="utf-8")
    assert text.count(EDIT[0]) == 1
    # a term no report holds: no report's scores can change, none is scored again
    assert held("市场准入") == []
    outline.write_text(text.replace(EDIT[0], EDIT[1]), encoding="utf-8")
    assert evaluate(ws, "absent") == {"read": [], "scored": []}
    assert files(ws / "absent") == files(ws / "before")
    # a term one report holds taken out of an item: that report alone is scored again, from
    # its cached text stages; every other item of it is scored too, as they may contest its
    # sentences (attribute.py)
    assert text.count(NARROW[0]) == 1 and held("证明事项") == [SEEDS[4]]
    outline.write_text(text.replace(*NARROW), encoding="utf-8")
    assert evaluate(ws, "narrowed") == {"read": [], "scored": [SEEDS[4]]}
    assert evaluate(ws, "none", "--no-cache") == {"read": SEEDS, "scored": SEEDS}
    assert files(ws / "narrowed") == files(ws / "none")
    assert files(ws / "narrowed")["results.json"] != files(ws / "before")["results.json"]  # 证明事项 no longer found
    # the edit undone: the report holding the term put back is scored again, and all is as before
    outline.write_text(text, encoding="utf-8")
    assert evaluate(ws, "undone") == {"read": [], "scored": [SEEDS[4]]}
    assert files(ws / "undone") == files(ws / "before")


def test_an_edit_outside_the_terms_rescores_every_report_of_its_years(ws):
    evaluate(ws, "before")
    outline = ws / "checklists" / "outline-2021-2025.yaml"
    text = outline.read_text(encoding="utf-8")
    title = "title: 严格执行市场准入负面清单,落实“非禁即入”"
    assert text.count(title) == 1
    outline.write_text(text.replace(title, title + "制度"), encoding="utf-8")
    of_2020 = SEEDS[2]  # scored with outline-2015-2020: the edit does not concern it
    assert evaluate(ws, "after") == {"read": [], "scored": [s for s in SEEDS if s != of_2020]}
    evaluate(ws, "none", "--no-cache")
    assert files(ws / "after") == files(ws / "none")


def test_an_edit_of_the_shared_concept_vocabulary_rescores_the_reports_holding_its_term_and_a_comment_none(ws):
    evaluate(ws, "before")
    concepts = ws / "checklists" / "concepts" / "concepts.yaml"
    text = concepts.read_text(encoding="utf-8")
    concepts.write_text(text + "\n# 一行注释,不改变清单\n", encoding="utf-8")
    assert evaluate(ws, "comment") == {"read": [], "scored": []}  # the checklists as loaded are the same
    terms = "terms: [法治政府建设, 法治政府工作,"
    assert text.count(terms) == 1
    concepts.write_text(text.replace(terms, "terms: [法治政府建设, 法治政府工作, 营商环境,"), encoding="utf-8")
    assert held("营商环境") == [SEEDS[0], SEEDS[1], SEEDS[2], SEEDS[3], SEEDS[4]]  # 001's in traditional characters
    assert evaluate(ws, "widened") == {"read": [], "scored": SEEDS}
    evaluate(ws, "none", "--no-cache")
    assert files(ws / "widened") == files(ws / "none")


def test_a_new_report_is_read_alone_and_the_batch_is_as_a_cold_run(ws):
    extra = ws / "reports" / SEEDS[0]
    aside = ws / SEEDS[0]
    extra.rename(aside)
    evaluate(ws, "four")
    aside.rename(extra)
    seen = evaluate(ws, "five")
    assert seen["read"] == [SEEDS[0]]
    assert SEEDS[0] in seen["scored"]  # and any report whose copies it changed
    evaluate(ws, "none", "--no-cache")
    assert files(ws / "five") == files(ws / "none")


def test_a_review_rescores_its_report_alone(ws):
    evaluate(ws, "before")
    target = SEEDS[1]  # a 2023 report: scored with outline-2021-2025
    result = CliRunner().invoke(main, ["review", str(ws / "reports" / target), "--item", "c4-institutional-reform", "--status",
                                       "met", "--reason", "复核认定已落实", "--by", "张三", "--date", "2026-12-02",
                                       "--checklists", str(ws / "checklists")])
    assert result.exit_code == 0, result.output
    assert evaluate(ws, "reviewed") == {"read": [], "scored": [target]}
    evaluate(ws, "none", "--no-cache")
    assert files(ws / "reviewed") == files(ws / "none")
    entry = next(r for r in json.loads((ws / "reviewed" / "results.json").read_text(encoding="utf-8"))["reports"]
                 if r["source"].endswith(target))
    assert entry["reviewed"] == 1


def test_a_changed_report_is_read_again(ws):
    evaluate(ws, "before")
    report = ws / "reports" / SEEDS[1]
    report.write_text(report.read_text(encoding="utf-8") + "\n全年办理行政复议案件12件。\n", encoding="utf-8")
    seen = evaluate(ws, "after")
    assert seen["read"] == [SEEDS[1]]
    evaluate(ws, "none", "--no-cache")
    assert files(ws / "after") == files(ws / "none")


def test_a_new_engine_reads_everything_again(ws, monkeypatch):
    evaluate(ws, "before")
    monkeypatch.setattr(incremental, "engine", lambda: "another lawscore")
    assert evaluate(ws, "after") == {"read": SEEDS, "scored": SEEDS}


def entries(ws: Path, kind: str) -> list[Path]:
    return sorted((ws / "cache").glob(f"{kind}-*.json"))


@pytest.mark.parametrize("kind, edited", [("read", False), ("read", True), ("done", False)])
def test_a_torn_entry_is_ignored_and_written_again(ws, kind, edited):
    evaluate(ws, "cold")
    report = SEEDS[1]  # a 2023 report
    if edited:  # a read entry is used in full only when a report is scored again: edit a term it holds
        outline = ws.joinpath(*VOCABULARY)
        outline.write_text(outline.read_text(encoding="utf-8").replace(NARROW[0], NARROW[1]), encoding="utf-8")
        report = SEEDS[4]  # the one holding 证明事项
    torn = next(p for p in entries(ws, kind) if report.encode() in p.read_bytes())
    whole = torn.read_bytes()
    torn.write_bytes(whole[: len(whole) // 2])  # as a disk full or a crash without os.replace would leave it
    seen = evaluate(ws, "again")
    # a torn read entry: the report is read again (its output, kept apart, is still used); a torn
    # output: the report is scored again
    assert seen == {"read": [report] if kind == "read" else [], "scored": [report] if kind == "done" or edited else []}
    evaluate(ws, "none", "--no-cache")
    assert files(ws / "again") == files(ws / "none")
    assert torn.read_bytes() == whole  # worked out again and written whole


def test_an_entry_another_user_could_write_is_not_used(ws):
    """A forged entry in a shared cache folder: group-writable, it is ignored; and even if it
    were read, an entry names only lawscore's own data classes, never code to run."""
    evaluate(ws, "cold")
    done = entries(ws, "done")
    rest = done[0].read_bytes()[cache.split_parts(done[0].read_bytes())[0].nbytes + 13:-1]  # past the results.json entry
    done[0].write_bytes(cache.join_parts(b'    {"forged": true}', rest))
    done[0].chmod(0o664)
    evaluate(ws, "again")
    assert b"forged" not in files(ws / "again")["results.json"]
    assert files(ws / "again") == files(ws / "cold")

    done[1].write_text(json.dumps({"c": "os:system", "f": {"command": "touch pwned"}}), encoding="utf-8")
    done[1].chmod(0o600)
    assert cache.get_data("done", done[1].name[5:-5]) is not None  # read as data ...
    assert cache.get("done", done[1].name[5:-5]) is None  # ... and refused as no lawscore class
    # [length, results.json entry, [length, the rest, what scoring worked out]]
    _, entry, (_, head, worked) = json.loads(done[2].read_text(encoding="utf-8"))
    head[4] = {"c": "os:system", "f": {"command": "touch pwned"}}  # where the output is kept
    dump = (lambda value: json.dumps(value, ensure_ascii=False).encode())
    done[2].write_bytes(cache.join_parts(dump(entry), cache.join_parts(dump(head), dump(worked))))
    done[2].chmod(0o600)
    evaluate(ws, "third")
    assert files(ws / "third") == files(ws / "cold") and not Path("pwned").exists()


def test_nothing_in_the_cache_is_a_pickle(ws):
    evaluate(ws, "cold")
    for path in (ws / "cache").iterdir():
        json.loads(path.read_text(encoding="utf-8"))  # every entry is JSON text


def test_the_cache_is_kept_under_its_limit_removing_the_entries_used_longest_ago(ws, monkeypatch):
    evaluate(ws, "cold")
    all_entries = sorted((ws / "cache").glob("*.json"))
    for age, path in enumerate(all_entries):
        os.utime(path, (1_000_000 + age, 1_000_000 + age))
    total = sum(p.stat().st_size for p in all_entries)
    newest = all_entries[-1]
    left_behind = ws / "cache" / ".done-x.12345"  # a temporary file of a killed run
    left_behind.write_text("{", encoding="utf-8")
    os.utime(left_behind, (1_000_000, 1_000_000))
    removed = cache.prune(total // 2)
    kept = sorted((ws / "cache").glob("*.json"))
    assert sum(p.stat().st_size for p in kept) <= total // 2 * 9 // 10
    assert newest in kept and all_entries[0] not in kept
    assert not left_behind.exists() and removed == len(all_entries) - len(kept) + 1


def test_the_cache_stays_under_its_limit_while_a_batch_writes_it(tmp_path, monkeypatch):
    """A batch larger than the cache prunes as it goes, not only at its end: with a 100 KB limit,
    400 KB of entries never make the folder hold more than the limit and a twentieth (and one entry)."""
    monkeypatch.setenv("LAWSCORE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("LAWSCORE_CACHE_MB", str(100 / 1024))
    limit = cache.limit_bytes()
    largest = 0
    for k in range(40):
        cache.put_data("done", f"{k:04d}", "字" * 3_000)  # about 9 KB each
        largest = max(largest, sum(p.stat().st_size for p in (tmp_path / "cache").glob("*.json")))
    assert largest <= limit + limit // 20 + 9_100
    assert cache.get_data("done", "0039") == "字" * 3_000  # the newest entries are kept


def test_the_limit_is_set_in_megabytes(monkeypatch):
    monkeypatch.setenv("LAWSCORE_CACHE_MB", "1.5")
    assert cache.limit_bytes() == 1_572_864
    monkeypatch.delenv("LAWSCORE_CACHE_MB")
    assert cache.limit_bytes() == cache.LIMIT_MB * 1024 * 1024


def test_evaluate_prunes_the_cache_to_its_limit(ws, monkeypatch):
    monkeypatch.setenv("LAWSCORE_CACHE_MB", "0")
    evaluate(ws, "cold")
    assert not list((ws / "cache").glob("*.json"))
    assert evaluate(ws, "again") == {"read": SEEDS, "scored": SEEDS}  # nothing kept, nothing wrong


def test_two_runs_at_once_share_the_cache(ws):
    cmd = [sys.executable, "-m", "lawscore", "evaluate", str(ws / "reports"), "--checklists", str(ws / "checklists"),
           "--jobs", "1", "--format", "json,html"]
    runs = [subprocess.Popen([*cmd, "--out", str(ws / f"out{i}")], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            for i in range(2)]
    for run in runs:
        assert run.wait(timeout=300) == 0, run.stderr.read().decode("utf-8", "replace") if run.stderr else ""
        if run.stderr:
            run.stderr.close()
    evaluate(ws, "after", "--format", "json,html")
    assert files(ws / "out0") == files(ws / "out1") == files(ws / "after")
    assert not list((ws / "cache").glob(".*"))  # no temporary file left


def test_with_a_checklist_override_a_rerun_reuses_everything_too(ws):
    assert evaluate(ws, "cold", "--checklist", "outline-2021-2025") == {"read": SEEDS, "scored": SEEDS}
    assert evaluate(ws, "again", "--checklist", "outline-2021-2025") == {"read": [], "scored": []}
    assert evaluate(ws, "auto") == {"read": [], "scored": SEEDS}  # chosen by year now: other results
    evaluate(ws, "none", "--checklist", "outline-2021-2025", "--no-cache")
    assert files(ws / "again") == files(ws / "cold") == files(ws / "none")


def _item(item_id: str, clause: int, *groups: tuple[str, ...]) -> Item:
    return Item(id=item_id, title=item_id, chapter="一", clause=clause, weight=1.0, levels=("county",),
                patterns=(Pattern(all_of=groups),))


def _outline(*items: Item) -> Checklist:
    return Checklist(id="test", title="test", kind="outline", years=(2021, None), chapters=(("一", "一"),),
                     path="test.yaml", items=items)


LEADERSHIP = _item("leadership", 1, ("领导小组", "书记"), ("法治政府",))
MECHANISM = _item("mechanism", 2, ("领导小组", "实施方案"), ("法治政府",))


def _credited(checklist: Checklist, sentence: str) -> list[str]:
    norm = normalize.normalize("一、工作成效\n" + sentence)
    found = match.find_evidence(match.Matcher(checklist), norm.text, segment.segment(norm))
    return [item_id for item_id, evidence in found.items() if evidence]


def test_an_edit_of_one_item_changes_the_key_of_the_reports_holding_its_terms_whatever_item_they_touch():
    """Sections contest a sentence (attribute.py): taking 实施方案 out of one item changes the
    verdict of the other. So a report's output is keyed by the checklists as seen through every
    term it holds (incremental.Projection), not by each item alone."""
    before, after = _outline(LEADERSHIP, MECHANISM), _outline(LEADERSHIP, _item("mechanism", 2, ("领导小组",), ("法治政府",)))
    sentence = "成立法治政府建设领导小组,印发年度实施方案。"
    assert _credited(before, sentence) == ["mechanism"]  # it matches the sentence more specifically
    assert _credited(after, sentence) == ["leadership", "mechanism"]  # matched alike now: both keep it
    see_before, see_after = incremental.Projection((before,), ()), incremental.Projection((after,), ())
    holding, without = sorted(["领导小组", "法治政府", "实施方案"]), sorted(["领导小组", "法治政府"])
    assert see_before.key(holding) != see_after.key(holding)
    assert see_before.key(without) == see_after.key(without)  # a report without 实施方案: nothing changes
    assert see_before.key(without) != see_before.key(holding)
    # anything else of an item counts, wherever the report's terms are
    retitled = _outline(LEADERSHIP, dataclasses.replace(MECHANISM, title="推进机制"))
    assert incremental.Projection((retitled,), ()).key(without) != see_before.key(without)
    # but not where it is written: no output shows it
    moved = _outline(LEADERSHIP, dataclasses.replace(MECHANISM, line=40))
    assert incremental.Projection((moved,), ()).key(holding) == see_before.key(holding)


def _without(checklist: Checklist, term: str) -> Checklist:
    """`checklist` with `term` taken out of every pattern group that names it."""
    def drop(group: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(t for t in group if t != term)

    items = tuple(dataclasses.replace(item, patterns=tuple(
        dataclasses.replace(p, all_of=tuple(drop(g) for g in p.all_of), any_of=drop(p.any_of), none_of=drop(p.none_of))
        for p in item.patterns)) for item in checklist.items)
    return dataclasses.replace(checklist, items=items)


@pytest.mark.parametrize("seed", SEEDS)
def test_a_rescore_looks_only_for_the_terms_new_to_the_checklists_and_finds_what_a_full_look_finds(setup, seed):
    """Where a report holds each term is kept by the term's text (match.Admitted); after an
    edit that takes 证明事项 and 营商环境 out and adds 营商环境 back (in another item) and 市场准入, the terms of both vocabularies
    come from what was kept and only the new ones are looked for: the same sets, in the same
    iteration order, the same stances, as looking for every term again."""
    read = read_report(REPORTS / seed, seed)
    seg = read.segmentation
    before = tuple(pipeline.chosen_checklists(setup, read.metadata.year).values())
    added = _outline(_item("added", 1, ("营商环境", "市场准入")))
    old = match.Vocabulary(tuple(_without(c, "营商环境") for c in before))
    new = match.Vocabulary((*(_without(c, "证明事项") for c in before), added))
    assert "证明事项" in old.index and "证明事项" not in new.index and "营商环境" not in old.index
    stances: dict[int, set[int]] = {}
    kept = match.Admitted.found(old, match.admitted_terms(old, seg, {}, stances), stances)

    full_stances: dict[int, set[int]] = {}
    full = match.admitted_terms(new, seg, {}, full_stances)
    reused_stances: dict[int, set[int]] = {}
    reused = match.reuse_admitted(new, seg, kept, {}, reused_stances)
    assert [list(s) for s in reused] == [list(s) for s in full]
    assert [(si, list(s)) for si, s in reused_stances.items()] == [(si, list(s)) for si, s in full_stances.items()]
    assert any(new.index["营商环境"] in s for s in full) == (seed in held("营商环境"))


def test_a_rescore_after_an_edit_judges_only_the_new_terms(ws, monkeypatch):
    """The report holding 证明事项, scored again after the term is taken out, has no term
    looked for anew (none is new to its checklists): its sentences' verdicts, and how concrete
    each is, are taken from the cache; its output is the same as a run without the cache."""
    evaluate(ws, "before")
    outline = ws.joinpath(*VOCABULARY)
    outline.write_text(outline.read_text(encoding="utf-8").replace(*NARROW), encoding="utf-8")
    looked: list[int] = []
    full = match.admitted_terms
    monkeypatch.setattr(match, "admitted_terms", lambda vocabulary, seg, *a: looked.append(1) or full(vocabulary, seg, *a))
    judged: list[str] = []
    assess = concrete.assess
    monkeypatch.setattr(concrete, "assess", lambda text: judged.append(text) or assess(text))
    assert evaluate(ws, "narrowed") == {"read": [], "scored": [SEEDS[4]]}
    assert looked == [] and judged == []  # nor is any sentence's concreteness judged again
    evaluate(ws, "none", "--no-cache")
    assert files(ws / "narrowed") == files(ws / "none")


def test_kept_sentences_that_are_not_the_reports_are_not_used(setup):
    read = read_report(REPORTS / SEEDS[4], SEEDS[4])
    vocabulary = match.Vocabulary(tuple(pipeline.chosen_checklists(setup, read.metadata.year).values()))
    wrong = match.Admitted(frozenset(vocabulary.terms), {"证明事项": (len(read.segmentation.sentences),)}, {})
    with pytest.raises(ValueError):
        match.reuse_admitted(vocabulary, read.segmentation, wrong)
    # scored with it all the same: it is looked for anew, and nothing kept with it is used
    earlier = incremental.Worked(wrong, {0: ("strong", ())})
    assert pipeline.score_document(read, setup, earlier=earlier) == pipeline.score_document(read, setup)
