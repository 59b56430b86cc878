"""results.json entries: entry_text writes each report piece by piece (for speed); the text must
be exactly what json.dumps gives for report_dict, whatever the values hold."""
import dataclasses
import json

import pytest

from lawscore import results
from lawscore.model import Signal


def reference(r) -> str:
    return "    " + json.dumps(results.report_dict(r), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def test_entry_text_is_json_dumps_of_report_dict(seed_results):
    for r in seed_results.values():
        assert results.entry_text(r) == reference(r)
        assert results.entry_text(r) == reference(r)  # again, from the caches


def _odd(r):
    """r with values of unusual types and text json must escape, everywhere entry_text looks."""
    odd_strings = "a\"b\\c\n\t\u2028\x00 é 中"
    items = []
    for k, ir in enumerate(r.outline.items):
        ev = tuple(dataclasses.replace(
            e, quote=e.quote + odd_strings, role=(None, e.role)[k % 2], terms=e.terms + ((1, "x"), ("t", None))[k % 2],
            signals=e.signals + (Signal("figure", odd_strings),), start=(True, e.start)[k % 2], end=e.end)
            for e in ir.evidence)
        item = dataclasses.replace(ir.item, clause=None, weight=(2, 1.5, float("nan"))[k % 3], title=odd_strings)
        items.append(dataclasses.replace(ir, item=item, evidence=ev, reason=(None, odd_strings)[k % 2],
                                         evidence_total=(False, 3)[k % 2]))
    outline = dataclasses.replace(r.outline, items=tuple(items), score=float("inf"),
                                  chapter_scores=(("c1", None), ("c2", 12)))
    meta = dataclasses.replace(r.metadata, jurisdiction=None, year=None, title=odd_strings,
                               sources=(("year", "标题"), ("year", "页面信息"), ("level", odd_strings)))
    return dataclasses.replace(r, metadata=meta, outline=outline, rules=None, document=None,
                               warnings=(odd_strings,), errors=())


def test_entry_text_writes_odd_values_as_json_dumps_does(seed_results):
    for r in seed_results.values():
        odd = _odd(r)
        assert results.entry_text(odd) == reference(odd)
        no_outline = dataclasses.replace(r, outline=None)
        assert results.entry_text(no_outline) == reference(no_outline)


def test_entry_text_fails_as_json_dumps_fails(seed_results):
    r = next(iter(seed_results.values()))
    bad = dataclasses.replace(r, metadata=dataclasses.replace(r.metadata, title={1, 2}))
    with pytest.raises(TypeError, match="Object of type set is not JSON serializable"):
        results.entry_text(bad)


@pytest.mark.parametrize("value", [1e-05, 1e16, -2.5e-7, float("nan"), float("-inf"), 2**70, "\ud800", {2: 2}])
def test_values_orjson_writes_differently_are_written_by_json(value):
    """orjson writes entries only where its text is json.dumps' text; elsewhere json writes."""
    floats = (value,) if isinstance(value, float) else ()
    assert results._encode({"b": [value], "a": 1}, floats) == json.dumps(
        {"b": [value], "a": 1}, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def test_orjson_and_json_write_scores_and_weights_alike():
    values = [round(i * 0.1, 1) for i in range(1001)] + [0.25, 1.5, 2 / 3 * 100, 9999999999999998.0, 1e-4]
    for v in values:
        assert results._plain_float(v)
        assert results._encode([v], (v,)) == json.dumps([v])
