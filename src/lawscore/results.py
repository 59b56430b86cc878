"""Build results.json, the machine-readable output, from report results.

The contract (keys other tools read) is in results.schema.json and docs/results.md; keys
are added freely, never renamed. Output is deterministic: sorted keys, sorted reports, no
timestamps, no absolute paths beyond what the user gave on the command line.
"""
from __future__ import annotations

import functools
import json
import shutil
from importlib import resources
from pathlib import Path

from .model import ChecklistResult, ItemResult, ReportResult


@functools.lru_cache(maxsize=1)
def schema() -> dict:
    text = resources.files("lawscore").joinpath("results.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def _item(r: ItemResult) -> dict:
    return {
        "id": r.item.id,
        "clause": r.item.clause,
        "title": r.item.title,
        "chapter": r.item.chapter,
        "weight": r.item.weight,
        "status": r.status,
        "reason": r.reason,
        "evidence_total": r.evidence_total,
        "evidence": [
            {
                "quote": e.quote,
                "role": e.role,
                "terms": list(e.terms),
                "strength": e.strength,
                "signals": [f"{s.kind}:{s.text}" for s in e.signals],
                "start": e.start,
                "end": e.end,
            }
            for e in r.evidence
        ],
    }


def _checklist(result: ChecklistResult) -> dict:
    return {
        "checklist": result.checklist.id,
        "score": result.score,
        "chapters": [{"id": c, "score": s} for c, s in result.chapter_scores],
        "items": [_item(r) for r in result.items],
    }


def report_dict(r: ReportResult) -> dict:
    """One entry of results.json `reports`."""
    meta = r.metadata
    out: dict = {
        "source": r.source,
        "jurisdiction": meta.jurisdiction,
        "level": meta.level,
        "year": meta.year,
        "published": meta.published,
        "title": meta.title,
        "metadata_sources": {field: where for field, where in meta.sources},
        "errors": list(r.errors),
        "warnings": list(r.warnings),
    }
    if r.document is not None:
        out["format"] = r.document.format
        out["encoding"] = r.document.encoding
        out["sha256"] = r.document.sha256
    if r.outline is not None:
        o = _checklist(r.outline)
        out.update({"checklist": o["checklist"], "score": o["score"], "chapters": o["chapters"], "items": o["items"]})
    else:
        out.update({"checklist": None, "score": None, "chapters": [], "items": []})
    out["parts"] = _checklist(r.rules) if r.rules is not None else None
    return out


def build(results: list[ReportResult], errors: list[tuple[str, str]]) -> dict:
    """The whole results.json document."""
    reports = [report_dict(r) for r in sorted(results, key=lambda r: r.source) if not r.errors]
    unreadable = [{"source": r.source, "message": "; ".join(r.errors)} for r in results if r.errors]
    unreadable += [{"source": s, "message": m} for s, m in errors]
    return {
        "reports": reports,
        "errors": sorted(unreadable, key=lambda e: (e["source"], e["message"])),
    }


def dumps(document: dict) -> str:
    """The whole results.json text, the same bytes JsonWriter streams."""
    errors = json.dumps(document["errors"], sort_keys=True, ensure_ascii=False, indent=2).replace("\n", "\n  ")
    out = '{\n  "errors": ' + errors + ',\n  "reports": '
    reports = document["reports"]
    if not reports:
        return out + "[]\n}\n"
    lines = ["    " + json.dumps(r, sort_keys=True, ensure_ascii=False, separators=(",", ":")) for r in reports]
    return out + "[\n" + ",\n".join(lines) + "\n  ]\n}\n"


def entry_text(r: ReportResult) -> str:
    """One report's entry as it appears inside results.json: one line per report.

    One line per report keeps the file greppable and diffable per report. The text is exactly
    `json.dumps(report_dict(r), sort_keys=True, ensure_ascii=False, separators=(",", ":"))`,
    written piece by piece (see _entry_json) because that is several times faster.
    """
    try:
        return "".join(_entry_json(r, ["    "]))
    except Exception:
        # Something json cannot write (a set …): fail exactly as json.dumps fails.
        return "    " + json.dumps(report_dict(r), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


# ---------------------------------------------------------------- entry_text, fast
#
# json.dumps spends its time building and sorting a dict per item and per piece of evidence.
# Instead, each object is written with its keys in sorted order, its values encoded as json
# encodes them: strings with the same encoder json uses, exact ints with str(), anything else
# with a JSONEncoder set up like the json.dumps above. Anything of an unexpected type goes
# through the JSONEncoder, so the output never differs from json.dumps (and should anything go
# wrong, entry_text falls back to json.dumps itself). Repeated work is done once: what an
# item's checklist entry fixes (chapter, clause, id, title, weight) once per Item, an item
# without evidence once per ItemResult (scoring shares those between reports), and the quote,
# role and signals of a sentence once per report (several items quote the same sentence).

_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))
_string = json.encoder.encode_basestring  # a str as json writes it with ensure_ascii=False


def _value(v: object) -> str:
    """Any value as json.dumps(v, sort_keys=True, ensure_ascii=False, separators=(",", ":"))."""
    return _string(v) if type(v) is str else _ENCODER.encode(v)


def _object(fields: dict[str, str | list[str]], out: list[str]) -> list[str]:
    """Append to out the JSON object of keys and their values' JSON text, keys sorted as json
    sorts them, and return out. A value is a str or a list of pieces (the text is joined once,
    at the end: a report's entry is long, and every copy of it costs)."""
    sep = "{"
    for key in sorted(fields):
        out.append(sep + _string(key) + ":")
        sep = ","
        value = fields[key]
        if type(value) is list:
            out += value
        else:
            out.append(value)
    out.append("}" if sep == "," else "{}")
    return out


# Per Item (by id(), the Item kept so that its id is not reused): the text of an item entry
# before its evidence, between its evidence and its reason, and after its status.
_ITEM_PARTS: dict[int, tuple[object, str, str, str]] = {}


def _item_parts(item) -> tuple[object, str, str, str]:
    parts = _ITEM_PARTS.get(id(item))
    if parts is None or parts[0] is not item:
        if len(_ITEM_PARTS) >= 4096:
            _ITEM_PARTS.clear()  # keep a long-running process's cache bounded
        parts = _ITEM_PARTS[id(item)] = (
            item,
            f'{{"chapter":{_value(item.chapter)},"clause":{_value(item.clause)},"evidence":[',
            f',"id":{_value(item.id)},"reason":',
            f',"title":{_value(item.title)},"weight":{_value(item.weight)}}}',
        )
    return parts


def _evidence_json(evidence, memo: dict) -> str:
    """An item's evidence as in _item, without the brackets: each piece an object with the keys
    end quote role signals start strength terms.

    The pieces of evidence of one sentence (for several items) share its quote, role, signals
    and strength objects, so memo holds the text before the terms by id() of the quote (the
    report being written keeps it alive), with what the text was written from.
    """
    out = []
    for e in evidence:
        start, end = e.start, e.end
        if type(start) is int and type(end) is int:
            try:
                quote, role, signals, strength = e.quote, e.role, e.signals, e.strength
                got = memo.get(id(quote))
                if (got is None or got[0] is not role or got[1] is not signals or got[2] is not strength
                        or got[3] != start or got[4] != end):
                    got = memo[id(quote)] = (role, signals, strength, start, end, (
                        f'{{"end":{end},"quote":{_string(quote)},"role":{_string(role)},"signals":['
                        + ",".join(map(_string, [f"{s.kind}:{s.text}" for s in signals]))
                        + f'],"start":{start},"strength":{_string(strength)},"terms":['))
                out.append(f'{got[5]}{",".join(map(_string, e.terms))}]}}')
                continue
            except TypeError:
                pass  # a field that is not a str (None …): let the encoder write it
        out.append(_ENCODER.encode({
            "quote": e.quote, "role": e.role, "terms": list(e.terms), "strength": e.strength,
            "signals": [f"{s.kind}:{s.text}" for s in e.signals], "start": e.start, "end": e.end,
        }))
    return ",".join(out)


# Items without evidence (most items of most reports): the text by id() of the ItemResult,
# kept so that its id is not reused. Scoring gives every report without evidence for an item
# the same ItemResult (see score._Plan), so these are found again report after report.
_BARE_ITEMS: dict[int, tuple[ItemResult, str]] = {}


def _item_json(r: ItemResult, memo: dict) -> str:
    """_item(r) as json text (keys: chapter clause evidence evidence_total id reason status title weight)."""
    bare = not r.evidence
    if bare:
        got = _BARE_ITEMS.get(id(r))
        if got is not None and got[0] is r:
            return got[1]
    _, head, middle, tail = _item_parts(r.item)
    evidence = _evidence_json(r.evidence, memo)
    total = r.evidence_total
    total = str(total) if type(total) is int else _value(total)
    text = f'{head}{evidence}],"evidence_total":{total}{middle}{_value(r.reason)},"status":{_value(r.status)}{tail}'
    if bare:
        if len(_BARE_ITEMS) >= 8192:
            _BARE_ITEMS.clear()  # keep a long-running process's cache bounded
        _BARE_ITEMS[id(r)] = (r, text)
    return text


def _checklist_fields(result: ChecklistResult, memo: dict) -> dict[str, str | list[str]]:
    """_checklist(result) as a dict of json texts (see _object)."""
    return {
        "checklist": _value(result.checklist.id),
        "score": _value(result.score),
        "chapters": _value([{"id": c, "score": s} for c, s in result.chapter_scores]),
        "items": ["[", ",".join([_item_json(r, memo) for r in result.items]), "]"],
    }


def _entry_json(r: ReportResult, out: list[str]) -> list[str]:
    """Append report_dict(r) as json text, in pieces, to out (see entry_text); return out."""
    meta = r.metadata
    fields: dict[str, str | list[str]] = {
        "source": _value(r.source),
        "jurisdiction": _value(meta.jurisdiction),
        "level": _value(meta.level),
        "year": _value(meta.year),
        "published": _value(meta.published),
        "title": _value(meta.title),
        "metadata_sources": _value({field: where for field, where in meta.sources}),
        "errors": _value(list(r.errors)),
        "warnings": _value(list(r.warnings)),
    }
    if r.document is not None:
        fields["format"] = _value(r.document.format)
        fields["encoding"] = _value(r.document.encoding)
        fields["sha256"] = _value(r.document.sha256)
    memo: dict = {}  # see _evidence_json
    if r.outline is not None:
        fields.update(_checklist_fields(r.outline, memo))
    else:
        fields.update({"checklist": "null", "score": "null", "chapters": "[]", "items": "[]"})
    fields["parts"] = _object(_checklist_fields(r.rules, memo), []) if r.rules is not None else "null"
    return _object(fields, out)


class JsonWriter:
    """Writes results.json one report at a time, byte for byte what `dumps(build(...))` gives.

    Reports must be added in `source` order (the order the batch reads them); unreadable
    ones are collected and written, sorted, when the file is finished.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.body = self.path.with_name(self.path.name + ".part")
        self._fh = self.body.open("w", encoding="utf-8", newline="\n")
        self._count = 0
        self.errors: list[dict] = []

    def add(self, entry: str) -> None:
        self._fh.write((",\n" if self._count else "") + entry)
        self._count += 1

    def add_error(self, source: str, message: str) -> None:
        self.errors.append({"source": source, "message": message})

    def finish(self) -> None:
        self._fh.close()
        errors = json.dumps(sorted(self.errors, key=lambda e: (e["source"], e["message"])),
                            sort_keys=True, ensure_ascii=False, indent=2)
        errors = errors.replace("\n", "\n  ")
        # The entries are copied as bytes: decoding and encoding them again cost more than the
        # copy (a second of the main process's time for 4,000 reports).
        with self.path.open("wb") as out:
            out.write(('{\n  "errors": ' + errors + ',\n  "reports": ').encode("utf-8"))
            if self._count:
                out.write(b"[\n")
                with self.body.open("rb") as part:
                    shutil.copyfileobj(part, out, 1 << 20)
                out.write(b"\n  ]\n}\n")
            else:
                out.write(b"[]\n}\n")
        self.body.unlink()
