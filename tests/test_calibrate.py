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


# Invented openings whose one credited section rests on each kind of evidence.
WEAK = "2023年法治政府建设年度报告\n一、工作成效\n组织开展行政执法案卷评查。\n"
OPENING = ("2023年法治政府建设年度报告\n2023年,我县坚持以习近平法治思想为指导,全面推进依法行政,"
           "被命名为第三批全国法治政府建设示范县。\n"
           "一、工作成效\n坚持以习近平法治思想为指导,全面推进依法行政。\n")


def test_credits_are_counted_by_what_they_rest_on(tmp_path, setup):
    """Each done credit is counted right or wrong under what it rests on: concrete work in the
    body, a result in the opening paragraph only, or weak evidence only. The figures are
    aggregates, so a set nobody may read can show where its errors lie."""
    path = labels(tmp_path, {
        "h001": (DONE, {"22": {"done": True, "gap": False, "plan": False, "quote": "办理行政复议案件56件"}}),
        "h002": (WEAK, {"26": {"done": True, "gap": False, "plan": False, "quote": "组织开展行政执法案卷评查"}}),
        "h003": (OPENING, {}),  # labelled nothing: the opening's credit is counted wrong
    })
    cal = calibrate.calibrate(path, setup)
    assert {k: dict(c) for k, c in cal.credits.items()} == {
        "concrete": {"tp": 1}, "weak": {"tp": 1}, "opening": {"fp": 1}}
    line = next(x for x in calibrate.format_report(cal, "all", False) if "rest on" in x)
    assert line == ("  done credits by what they rest on: concrete work in the body 1/1 right (100%); "
                    "a result in the opening only 0/1 right (0%); weak evidence only 1/1 right (100%)")
