"""The fast paths of ingest, normalize, segment and match give what the plain code they replace gave.

Each reference below is the straightforward version (a loop per character, the regex as first
written); the module's version must agree with it on the seed reports and on generated text.
"""
import dataclasses
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from lawscore import normalize, segment
from lawscore.ingest import text as ingest
from lawscore.model import Sentence

ROOT = Path(__file__).resolve().parent.parent
SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "reports").glob("*.txt"))]
SEED_LINES = [line for text in SEED_TEXTS for line in text.split("\n") if line.strip()]

# Characters the fast paths treat specially, mixed with ordinary report text.
_ALPHABET = ("法治政府建设國發機構區还仍依然尚也存在有问题不足短板补针对得到解决下一步今后我县将计划拟"
             "一二三四五六七八九十是第部章(（)）,，、。！？!?；;:： \n\t\r\u3000\u00a0\u2002\ufeff\u200b"
             "abcāáǎàüǜé2023.５Ａ\ufffd\u3400\u9fff\u4e00\u4dff\U00020000")
TEXTS = st.text(alphabet=_ALPHABET, max_size=60)


# --- ingest -----------------------------------------------------------------------------

def _han_count(text):
    return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")


def _common_share(text):
    han = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    return sum(1 for ch in han if ch in ingest._COMMON) / len(han) if han else 0.0


def _plausible_chinese(text):
    if not text:
        return False
    ok = sum(1 for ch in text if ch.isascii() or "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f"
             or "\uff00" <= ch <= "\uffef" or ch in "“”‘’—…·、")
    return ok >= 0.97 * len(text) and _han_count(text) >= ingest.MIN_HAN


def test_ingest_counts_on_the_seeds():
    for text in SEED_TEXTS:
        assert ingest.han_count(text) == _han_count(text)
        assert ingest.common_share(text) == _common_share(text)
        assert ingest._plausible_chinese(text) == _plausible_chinese(text)


def test_lone_surrogates_and_astral_characters_are_not_han():
    assert ingest.han_count("\ud800法\udfff\U00020000治") == 2


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_ingest_counts_on_any_text(text):
    assert ingest.han_count(text) == _han_count(text)
    assert ingest.common_share(text) == _common_share(text)
    assert ingest._plausible_chinese(text * 5) == _plausible_chinese(text * 5)


# --- normalize --------------------------------------------------------------------------

_PINYIN = re.compile(r"(?<=[\u3400-\u9fff])[(（]([a-zü" + normalize._TONED + r"]{1,7})[)）]")
_INVISIBLE = re.compile(r"[\r\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\ufeff\u00ad\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r" {2,}")
_LINE_EDGES = re.compile(r" *\n[ \n]*")
_TRIM = re.compile(r"^[ \n]+|[ \n]+$")


def _edges(m):
    return "\n\n" if m.group(0).count("\n") > 1 else "\n"


def _check_normalize_steps(text):
    assert normalize._unify_width(text) == text.translate(normalize._WIDTH)
    assert normalize._count_cjk(text) == len(re.findall(r"[\u3400-\u9fff]", text))
    assert normalize._removed(normalize._INVISIBLE.split(text)) == normalize._sub(_INVISIBLE, "", text)
    assert normalize._removed(normalize._PINYIN.split(text)) == normalize._sub(_PINYIN, "", text)
    assert normalize._sub(normalize._SPACES, " ", text) == normalize._sub(_SPACES, " ", text)
    assert normalize._sub(normalize._LINE_EDGES, _edges, text) == normalize._sub(_LINE_EDGES, _edges, text)
    assert normalize._trim(text) == normalize._sub(_TRIM, "", text)[:2]


def test_normalize_steps_on_the_seeds():
    for text in SEED_TEXTS:
        _check_normalize_steps(text)
        _check_normalize_steps(" \n" + text.replace("\n", " \n  ") + "\n\n ")


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_normalize_steps_on_any_text(text):
    _check_normalize_steps(text)


def test_traditional_share_counts_changed_characters():
    simplified = "法治政府建设" * 50
    assert normalize._differs_enough(simplified, simplified, 1) is False
    traditional = "國" * 3 + simplified[3:]
    assert normalize._differs_enough(traditional, simplified, 3)
    assert not normalize._differs_enough(traditional, simplified, 3.5)


# --- segment ----------------------------------------------------------------------------

_SHORTCOMING_CUE = re.compile(  # as first written, with leading groups
    r"(还|仍|依然|尚|也)(然)?(存在|有)(着|著)?.{0,12}(问题|不足|差距|短板|薄弱|困难)|"
    r"存在的(问题|不足)|不足之处|薄弱环节|有待(进一步)?(加强|提高|提升|完善|健全|强化)|"
    r"不够(到位|规范|完善|健全|深入|充分|有力|明显|强|高)|不到位|不平衡|不充分|滞后|"
    r"(还|仍|尚)需(进一步|一步)?(加强|提高|提升|完善|健全|强化|优化|规范)|"
    r"短板|欠缺|亟待|亟需|仍需|仍然存在|尚未(完全|全面)?(形成|建立|到位|落实)|意识(不强|淡薄)|能力不足|力量(不足|薄弱)"
)


def _sentences(text, start):
    spans = []
    pos = 0
    for m in re.finditer(r"[。！？!?；;]", text):
        if m.end() - pos > 1:
            spans.append((start + pos, start + m.end(), text[pos:m.end()]))
        pos = m.end()
    if pos < len(text) and text[pos:].strip():
        spans.append((start + pos, start + len(text), text[pos:]))
    return spans


def _check_segment_parts(text):
    assert [m.span() for m in segment.SHORTCOMING_CUE.finditer(text)] == [m.span() for m in _SHORTCOMING_CUE.finditer(text)]
    plan = segment.PLAN_CUE.search(text) is not None
    assert segment._has_plan_cue(text) == plan
    if "下步" not in text and "下一步" not in text:
        assert segment._has_plan_cue(text, inside=False) == plan
    assert segment._sentences(text, 7) == _sentences(text, 7)


def test_segment_parts_on_the_seeds():
    for line in SEED_LINES:
        _check_segment_parts(line)
        for _, _, sentence in _sentences(line, 0):
            _check_segment_parts(sentence)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_segment_parts_on_any_text(text):
    _check_segment_parts(text)


def test_sentence_field_order():
    # segment() builds Sentences with positional arguments in this order.
    assert [f.name for f in dataclasses.fields(Sentence)] == [
        "index", "paragraph", "start", "end", "text", "role", "role_reason", "heading"]


# --- match ------------------------------------------------------------------------------

def _chosen_plainly(matcher, text, seg):
    """Per item, the sentences and terms find_evidence picks, the plain way: every pattern
    tested with _holds on every sentence (or paragraph) that holds one of its terms."""
    from lawscore import match

    per_sentence = match.admitted_terms(matcher.vocabulary, seg)
    out = {}
    for ci in matcher.items:
        chosen = {}
        for cp, term_ids, by_paragraph, _ in ci.plan:
            if by_paragraph:
                for p in seg.paragraphs:
                    inside = [s for s in seg.sentences if s.paragraph == p.index]
                    present = set().union(*(per_sentence[s.index] for s in inside))
                    if not present & term_ids or not match._holds(cp, present, p.text):
                        continue
                    for s in inside:
                        found = per_sentence[s.index] & term_ids
                        if found and (ci.item.in_headings or not s.heading):
                            chosen.setdefault(s.index, set()).update(found)
                continue
            for s in seg.sentences:
                present = per_sentence[s.index]
                if not present & term_ids or (s.heading and not ci.item.in_headings):
                    continue
                if match._holds(cp, present, s.text):
                    chosen.setdefault(s.index, set()).update(present & term_ids)
        out[ci.item.id] = [(si, matcher.term_names(chosen[si])) for si in sorted(chosen)]
    return out


def _varied(checklist):
    """The checklist with its terms rearranged into every kind of condition: all_of groups,
    none_of, a regex, whole paragraphs, headings allowed, and combinations of them."""
    from lawscore.model import Pattern

    items = []
    for k, item in enumerate(checklist.items):
        terms = [t for p in item.patterns for t in p.terms()]
        half = max(1, len(terms) // 2)
        kinds = [
            Pattern(any_of=tuple(terms)),
            Pattern(all_of=(tuple(terms[:half]), tuple(terms[half:]) or ("法治",))),
            Pattern(any_of=tuple(terms), none_of=("下一步", "问题")),
            Pattern(all_of=(tuple(terms),), none_of=tuple(terms[:1]) if len(terms) > 2 else ("督察",)),
            Pattern(any_of=tuple(terms), regex=r"\d+(件|次|个)"),
            Pattern(any_of=tuple(terms[:half]), all_of=(("开展", "组织", "制定", "召开"),), regex="[,，]"),
            Pattern(any_of=tuple(terms), within="paragraph"),
            Pattern(all_of=(tuple(terms[:half]), ("完成", "印发", "开展")), none_of=("计划",), within="paragraph"),
        ]
        patterns = (kinds[k % len(kinds)], kinds[(k + 1) % len(kinds)])
        items.append(dataclasses.replace(item, patterns=patterns, in_headings=k % 4 == 0))
    return dataclasses.replace(checklist, items=tuple(items))


def test_match_items_picks_the_sentences_every_pattern_test_would(setup):
    from lawscore import match
    from lawscore import normalize as norm_mod

    outline = next(c for c in setup.checklists if c.id == "outline-2021-2025")
    rules = next(c for c in setup.checklists if c.kind == "rules")
    for checklist in (outline, _varied(outline), rules, _varied(rules)):
        matcher = match.Matcher(checklist)
        for text in SEED_TEXTS:
            norm = norm_mod.normalize(text)
            seg = segment.segment(norm)
            index = match.index_terms(seg, match.admitted_terms(matcher.vocabulary, seg))
            found = {ci.item.id: sorted(chosen.items()) for ci, chosen in match.match_items(matcher, seg, index)}
            picked = {item_id: [(si, matcher.term_names(ids)) for si, ids in found.get(item_id, [])]
                      for item_id in (ci.item.id for ci in matcher.items)}
            assert picked == _chosen_plainly(matcher, norm.text, seg), checklist.id
