"""results.json entries: entry_text writes each report as one line, exactly what json.dumps gives
for report_dict, whatever the values hold."""
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
