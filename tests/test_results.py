"""results.json entries: entry_bytes writes each report as one line, orjson's bytes, exactly what
json.dumps(sort_keys=True, ensure_ascii=False, separators=(",", ":")) wrote before for report_dict
(issue 27.3), whatever the values hold."""
import dataclasses
import json
import sys

import pytest

from lawscore import pipeline, results
from lawscore.model import Signal

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import bench  # noqa: E402  (the bench's corpus generator)


def reference(r) -> bytes:
    """The entry as results.json held it before orjson wrote it."""
    entry = json.dumps(results.report_dict(r), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return ("    " + entry).encode("utf-8")


def test_entry_bytes_are_json_dumps_of_report_dict_on_the_seeds(seed_results):
    for r in seed_results.values():
        assert results.entry_bytes(r) == reference(r)
        assert results.entry_bytes(r) == reference(r)  # again, from the caches


def test_entry_bytes_are_json_dumps_of_report_dict_on_the_bench_corpus(tmp_path, setup):
    """Ten reports of bench/bench.py's corpus, scored as a batch: each seed twice under other
    names, so the copy check finds copied passages (similarities, shares)."""
    bench.make_corpus(tmp_path, 10)
    scored, errors = pipeline.run_batch([str(tmp_path)], setup, jobs=1)
    assert len(scored) == 10 and not errors
    assert any(r.copies and r.copies.copied for r in scored)
    for r in scored:
        assert results.entry_bytes(r) == reference(r), r.source


def _odd(r):
    """r with values of unusual types and text json must escape, everywhere entry_bytes looks."""
    odd_strings = "a\"b\\c\n\t\b\f\r\x7f\u2028\x00 é 中 😀"
    items = []
    for k, ir in enumerate(r.outline.items):
        ev = tuple(dataclasses.replace(
            e, quote=e.quote + odd_strings, role=(None, e.role)[k % 2], terms=e.terms + ((1, "x"), ("t", None))[k % 2],
            signals=e.signals + (Signal("figure", odd_strings),), start=(True, e.start)[k % 2], end=e.end)
            for e in ir.evidence)
        item = dataclasses.replace(ir.item, clause=None, weight=(2, 1.5, 1e-3, 1e16, 2.5e-324)[k % 5], title=odd_strings)
        items.append(dataclasses.replace(ir, item=item, evidence=ev, reason=(None, odd_strings)[k % 2],
                                         evidence_total=(False, 3)[k % 2]))
    outline = dataclasses.replace(r.outline, items=tuple(items), score=1 / 3,
                                  chapter_scores=(("c1", None), ("c2", 12)))
    meta = dataclasses.replace(r.metadata, jurisdiction=None, year=None, title=odd_strings,
                               sources=(("year", "标题"), ("year", "页面信息"), ("level", odd_strings)))
    return dataclasses.replace(r, metadata=meta, outline=outline, rules=None, document=None,
                               warnings=(odd_strings,), errors=())


def test_entry_bytes_write_odd_values_as_json_dumps_did(seed_results):
    for r in seed_results.values():
        odd = _odd(r)
        assert results.entry_bytes(odd) == reference(odd)
        no_outline = dataclasses.replace(r, outline=None)
        assert results.entry_bytes(no_outline) == reference(no_outline)


@pytest.mark.parametrize("value, before, now", [
    (5e-05, "5e-05", "0.00005"),  # the same number; json wrote exponents below 1e-4, orjson does from 1e-9
    (float("nan"), "NaN", "null"),  # json wrote what no JSON reader accepts
    (float("inf"), "Infinity", "null"),
])
def test_the_floats_orjson_writes_differently(seed_results, value, before, now):
    r = next(iter(seed_results.values()))
    odd = dataclasses.replace(r, outline=dataclasses.replace(r.outline, score=value))
    assert f'"score":{before},'.encode() in reference(odd)
    assert f'"score":{now},'.encode() in results.entry_bytes(odd)


def test_entry_bytes_fail_on_what_json_cannot_hold(seed_results):
    r = next(iter(seed_results.values()))
    bad = dataclasses.replace(r, metadata=dataclasses.replace(r.metadata, title={1, 2}))
    with pytest.raises(TypeError, match="Type is not JSON serializable: set"):
        results.entry_bytes(bad)
