"""Property-based tests: arbitrary text and mutated YAML never raise unexpected exceptions."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lawscore import checklist, match, normalize, segment
from lawscore.errors import Problem

from conftest import CHECKLISTS, seed_text

# Text drawn from the characters reports are made of, plus anything Unicode has.
REPORT_ALPHABET = st.sampled_from(list("一二三四五六七八九十、()(),。;:!?“”《》\n \t\u3000发布法治政府建设存在问题不足下一步将召开35件%年") + ["fā", "(shè)", "\r\n", "\ufeff"])
REPORT_TEXT = st.one_of(st.text(), st.lists(REPORT_ALPHABET, max_size=300).map("".join))
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(REPORT_TEXT)
def test_normalize_never_fails_and_offsets_stay_in_range(raw):
    n = normalize.normalize(raw)
    assert 0 <= n.body_start <= len(n.text)
    for i in range(0, len(n.text), 7):
        assert 0 <= n.raw_offset(i) <= len(raw)


@FUZZ
@given(REPORT_TEXT)
def test_segment_covers_only_the_body(raw):
    n = normalize.normalize(raw)
    seg = segment.segment(n)
    for s in seg.sentences:
        assert n.body_start <= s.start <= s.end <= len(n.text)
        assert s.role in ("preamble", "achievements", "shortcomings", "plans", "duty")


_LOADED = {}


def _matchers():
    if not _LOADED:
        for path in checklist.discover(CHECKLISTS):
            c = checklist.load(path)
            _LOADED[c.id] = match.Matcher(c)
    return _LOADED.values()


@FUZZ
@given(REPORT_TEXT)
def test_matching_arbitrary_text_never_fails(raw):
    n = normalize.normalize(raw)
    seg = segment.segment(n)
    for m in _matchers():
        found = match.find_evidence(m, n.text, seg)
        assert set(found) == {i.id for i in m.checklist.items}


REAL_CHECKLIST = (CHECKLISTS / "report-rules.yaml").read_text(encoding="utf-8")


@st.composite
def mutated_yaml(draw):
    """A real checklist with a few characters deleted, duplicated or replaced."""
    text = REAL_CHECKLIST
    for _ in range(draw(st.integers(1, 4))):
        if not text:
            break
        i = draw(st.integers(0, len(text) - 1))
        op = draw(st.sampled_from(["delete", "dup", "replace", "cut"]))
        if op == "delete":
            text = text[:i] + text[i + 1:]
        elif op == "dup":
            text = text[:i] + text[i] + text[i:]
        elif op == "cut":
            text = text[:i]
        else:
            text = text[:i] + draw(st.sampled_from(list(":-[]{}'\"\t\n #&*!|>%@`,?"))) + text[i + 1:]
    return text


@settings(max_examples=400, deadline=None)
@given(mutated_yaml())
def test_mutated_checklists_give_problems_not_exceptions(text):
    result, problems = checklist.parse(text, "x.yaml")
    assert all(isinstance(p, Problem) and p.line >= 0 and str(p).startswith("x.yaml:") for p in problems)
    if result is None:
        assert problems


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_as_checklist_gives_problems_not_exceptions(text):
    checklist.parse(text, "x.yaml")


def test_a_seed_survives_every_prefix_cut():
    raw = seed_text("章贡区")
    for cut in range(0, len(raw), 997):
        n = normalize.normalize(raw[:cut])
        segment.segment(n)
