"""fastre puts a lookahead of a pattern's possible first one or two characters in front of it:
faster, and never a different match."""
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lawscore import fastre, match, metadata, normalize, segment
from lawscore.wording import admit, concrete

ROOT = Path(__file__).resolve().parent.parent
SEED_SENTENCES = [s for p in sorted((ROOT / "reports").glob("*.txt"))
                  for s in re.split(r"(?<=[。；;\n])", p.read_text(encoding="utf-8")) if s.strip()]
LED = [(f"{module.__name__}.{name}", value) for module in (concrete, admit, match, metadata, normalize, segment)
       for name, value in vars(module).items()
       if isinstance(value, re.Pattern) and fastre.written(value) != value.pattern]


def test_lead_of_a_list_of_words():
    assert fastre.lead("制定|印发|出台") == "[制印出]"


def test_lead_looks_past_lookbehinds_groups_and_optional_parts():
    assert fastre.lead(r"(?<!指示)批示(?!精神)|(被|获)[^,，]{0,16}推广") == "[批被获]"
    assert fastre.lead(r"(?:主动|及时)?公开") == "[主及公]"
    assert fastre.lead(r"(?<![第\d.])(\d+)\s*(个|件)") == r"[\d]"


def test_lead2_of_a_list_of_words_gives_the_first_two_characters():
    assert fastre.lead2("制定|印发|出台") == "[制印出][定发台]"
    assert fastre.lead2(r"(?<!指示)批示(?!精神)|(?:主动|及时)公开") == "[批主及][示动时]"
    assert fastre.lead2(r"a(?:bc|d)e") == "[a][bd]"
    assert fastre.compile("制定|印发").pattern == "(?=[制印][定发])(?:制定|印发)"


@pytest.mark.parametrize("pattern", [r"了|已|累计", r"(?:主动|及时)?公开", r"获[^,]{0,3}奖|荣获", r"\d+件", r"a.b", r"a\sb"])
def test_no_lead2_where_the_second_character_is_unbounded(pattern):
    # a one-character alternative, an optional part, a negated class or repeat, any character
    assert fastre.lead2(pattern) is None
    assert fastre.lead(pattern) is None or fastre.compile(pattern).pattern == f"(?={fastre.lead(pattern)})(?:{pattern})"


@pytest.mark.parametrize("pattern", [r"\s*x", r"[^,，]+", r".法", r"(?i)abc", r"a|", r"[\u4e00-\u9fff]+"])
def test_no_lead_where_it_cannot_be_bounded(pattern):
    # empty match possible, negated class, any character, inline flags, a class too wide
    assert fastre.lead(pattern) is None
    assert fastre.compile(pattern).pattern == pattern


def test_the_engine_hot_patterns_are_led():
    names = {name for name, _ in LED}
    assert {"lawscore.wording.concrete._ACTION", "lawscore.wording.concrete._FIGURE", "lawscore.wording.concrete._HONOUR",
            "lawscore.wording.concrete._COMPLETED"} <= names


@pytest.mark.parametrize("name,led", LED, ids=[n for n, _ in LED])
def test_led_and_written_patterns_match_alike_on_the_seeds(name, led):
    plain = re.compile(fastre.written(led))
    for sentence in SEED_SENTENCES:
        assert [m.span() for m in led.finditer(sentence)] == [m.span() for m in plain.finditer(sentence)], sentence
        assert bool(led.match(sentence)) == bool(plain.match(sentence))


_ALPHABET = "制定印发出台开展建立成召组织了已共中产获评批示指示被推广在全省第一二三四五六十次件场%0123456789.,，。;“”《》法治根据按照 \n"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=40))
def test_led_and_written_patterns_match_alike_on_any_text(text):
    for _name, led in LED:
        plain = re.compile(fastre.written(led))
        assert [m.span() for m in led.finditer(text)] == [m.span() for m in plain.finditer(text)]
