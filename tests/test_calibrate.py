"""Calibration against clause labels: the figures, and the fixed tune/held-out split."""
from __future__ import annotations

import json

import pytest

from lawscore import calibrate

from conftest import workspace

# Two invented openings: one reports review work done, one only names it as a slogan.
DONE = "2023年法治政府建设年度报告\n一、工作成效\n全年共办理行政复议案件56件,纠错率12%。\n"
SLOGAN = "2023年法治政府建设年度报告\n一、工作成效\n坚持以习近平法治思想为指导,全面推进依法行政。\n"


def labels(tmp_path, docs: dict[str, tuple[str, dict]]):
    """Write texts and a labels file from {id: (text, clauses)}."""
    files = {f"texts/{doc_id}.txt": text for doc_id, (text, _) in docs.items()}
    lines = [json.dumps({"id": doc_id, "file": f"texts/{doc_id}.txt", "clauses": clauses}, ensure_ascii=False)
             for doc_id, (_, clauses) in docs.items()]
    files["gold.jsonl"] = "\n".join(lines) + "\n"
    return workspace(tmp_path, files) / "gold.jsonl"


def test_odd_ids_are_the_tune_half_and_even_ids_the_held_out_half():
    assert [calibrate.half(i) for i in ("h001", "h002", "h049", "h050")] == ["tune", "held-out", "tune", "held-out"]


def test_an_id_without_a_number_cannot_be_split():
    with pytest.raises(calibrate.LabelError, match=r"document id 'intro' has no number"):
        calibrate.half("intro")


def test_each_half_is_scored_on_its_own_documents(tmp_path, setup):
    review = {"22": {"done": True, "gap": False, "plan": False, "quote": "办理行政复议案件56件"}}
    path = labels(tmp_path, {"h001": (DONE, review), "h002": (SLOGAN, {})})
    cals = calibrate.calibrate_split(path, setup, {
        "tune": lambda i: calibrate.half(i) == "tune",
        "held-out": lambda i: calibrate.half(i) == "held-out",
    })
    assert cals["tune"].documents == 1 and cals["held-out"].documents == 1
    assert cals["tune"].counts["done"]["tp"] == 1
    assert cals["held-out"].counts["done"] == {}
    assert calibrate.calibrate(path, setup).counts["done"]["tp"] == 1
