"""Find evidence for checklist items in a segmented report.

All literal terms of a checklist go into one Aho-Corasick automaton and the report body is
scanned once. Pattern conditions (all_of, any_of, none_of, regex) are then checked per sentence
or paragraph on the set of terms found there; a regex runs only where the terms already hold.
Which occurrences of a term count as reported work, and how concrete each sentence is, is
decided by the wording rules (wording/), so the scorer can tell work from slogans.
"""
from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, field

import ahocorasick
import regex

from . import attribute, segment
from .model import Checklist, Evidence, Item, Pattern, Segmentation, Sentence
from .wording import admit

log = logging.getLogger(__name__)

# A checklist regex that runs longer than this on one sentence or paragraph is abandoned.
REGEX_TIMEOUT = 0.2
# Checklist regular expressions abandoned after REGEX_TIMEOUT, with how often, since the caller
# last cleared it: pipeline.evaluate_document turns them into warnings on the report's scorecard.
regex_timeouts: dict[str, int] = {}


@dataclass(frozen=True)
class CompiledPattern:
    pattern: Pattern
    all_of: tuple[frozenset[int], ...]
    any_of: frozenset[int]
    none_of: frozenset[int]
    regex: regex.Pattern | None


@dataclass(frozen=True)
class CompiledItem:
    item: Item
    patterns: tuple[CompiledPattern, ...]
    # Worked out once per checklist, not per report: each pattern with the ids of all its
    # terms, whether it reads whole paragraphs, and whether any one of its terms is enough
    # (any_of alone: no all_of, none_of or regex); and every term id of the item.
    plan: tuple[tuple[CompiledPattern, frozenset[int], bool, bool], ...] = ()
    terms: frozenset[int] = frozenset()
    # The outline section the item belongs to (its 2015-2020 measure or 2021-2025 clause);
    # None for an item of no section (the reporting rules), which no other item contests.
    section: tuple[str, int] | None = None


class Vocabulary:
    """The literal terms of one or more checklists, in one Aho-Corasick automaton.

    The checklists that score one report (an outline and the reporting rules) share one
    vocabulary, so the report is scanned once and each term occurrence is judged once (see
    admitted_terms), however many checklists read the result. A term's id is its place in
    `terms`, in the order the checklists and their items first name it.
    """

    def __init__(self, checklists: tuple[Checklist, ...]) -> None:
        self.terms: list[str] = []
        self.index: dict[str, int] = {}
        for checklist in checklists:
            for item in checklist.items:
                for p in item.patterns:
                    for group in (*p.all_of, p.any_of, p.none_of):
                        for t in group:
                            if t not in self.index:
                                self.index[t] = len(self.terms)
                                self.terms.append(t)
        self.automaton = ahocorasick.Automaton()
        for term, i in self.index.items():
            self.automaton.add_word(term, (i, len(term)))
        if self.terms:
            self.automaton.make_automaton()
        self._since: dict[frozenset[str], ahocorasick.Automaton | None] = {}
        self.term_set = frozenset(self.terms)  # made once: each report's Admitted names it

    def new_since(self, before: frozenset[str]) -> ahocorasick.Automaton | None:
        """An automaton of the terms not in `before` (with their ids here), or None when
        there are none; made once per `before`."""
        if before not in self._since:
            if len(self._since) >= 16:
                self._since.clear()
            new = [t for t in self.terms if t not in before]
            automaton = None
            if new:
                automaton = ahocorasick.Automaton()
                for t in new:
                    automaton.add_word(t, (self.index[t], len(t)))
                automaton.make_automaton()
            self._since[before] = automaton
        return self._since[before]

    def ids(self, terms) -> frozenset[int]:
        """The ids of `terms`, all of which must be in the vocabulary (KeyError otherwise)."""
        return frozenset(self.index[t] for t in terms)


class Matcher:
    """A checklist compiled for matching, its terms numbered by a Vocabulary: its own, or one
    it shares with the other checklists that score the same reports."""

    def __init__(self, checklist: Checklist, vocabulary: Vocabulary | None = None) -> None:
        self.checklist = checklist
        self.vocabulary = vocabulary = vocabulary or Vocabulary((checklist,))
        self.terms = vocabulary.terms
        ids = vocabulary.ids
        items = []
        for item in checklist.items:
            compiled = []
            for p in item.patterns:
                compiled.append(CompiledPattern(
                    pattern=p,
                    all_of=tuple(ids(g) for g in p.all_of),
                    any_of=ids(p.any_of),
                    none_of=ids(p.none_of),
                    regex=regex.compile(p.regex) if p.regex else None,
                ))
            plan = tuple((cp, cp.any_of.union(*cp.all_of), cp.pattern.within == "paragraph",
                          not (cp.all_of or cp.none_of or cp.regex is not None)) for cp in compiled)
            section = (("measure", item.measure) if item.measure is not None
                       else ("clause", item.clause) if item.clause is not None else None)
            items.append(CompiledItem(item, tuple(compiled), plan, frozenset().union(*(p[1] for p in plan)), section))
        self.items = tuple(items)
        # The sections whose items use each term (see attribute.py): a term of one section
        # alone is its own evidence; one several sections' items use says what a sentence is
        # about more than which section it reports on.
        sections: dict[int, set] = {}
        for ci in self.items:
            if ci.section is not None:
                for t in ci.terms:
                    sections.setdefault(t, set()).add(ci.section)
        self.term_sections = {t: frozenset(found) for t, found in sections.items()}
        # The sections an item of which any one of a few words evidences (an any_of alone), per
        # such word: what a title's subject names (attribute.foreign_heads).
        alone: dict[int, set] = {}
        for ci in self.items:
            if ci.section is not None:
                for cp, _, _, any_term in ci.plan:
                    if any_term:
                        for t in cp.any_of:
                            alone.setdefault(t, set()).add(ci.section)
        self.term_names_section = {t: frozenset(found) for t, found in alone.items()}
        self._names: dict[frozenset[int], tuple[str, ...]] = {}

    def term_names(self, ids: set[int] | frozenset[int]) -> tuple[str, ...]:
        """The terms with these ids, sorted: what an evidence record lists."""
        key = frozenset(ids)
        names = self._names.get(key)
        if names is None:
            if len(self._names) > 100_000:  # bounded: a long batch must not grow without end
                self._names.clear()
            names = self._names[key] = tuple(sorted({self.terms[t] for t in key}))
        return names



def _holds(cp: CompiledPattern, present: set[int], text: str) -> bool:
    if cp.none_of and cp.none_of & present:
        return False
    if cp.any_of and not cp.any_of & present:
        return False
    for group in cp.all_of:
        if not group & present:
            return False
    if cp.regex is not None:
        try:
            if not cp.regex.search(text, timeout=REGEX_TIMEOUT):
                return False
        except TimeoutError:
            regex_timeouts[cp.regex.pattern] = regex_timeouts.get(cp.regex.pattern, 0) + 1
            log.warning("regex %r took over %ss on one %s; treated as no match",
                        cp.regex.pattern, REGEX_TIMEOUT, cp.pattern.within)
            return False
    return True



def _bits(mask: int) -> list[int]:
    """The indices of the bits set in `mask` (not negative), in increasing order."""
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


@dataclass(frozen=True)
class TermIndex:
    """Where a report's admitted terms stand, built once per report for every matcher that
    shares its vocabulary: the terms of each sentence (admitted_terms), and inverted, the
    sentences of each term as a bit mask of sentence indices (bit i: sentence i), so that a
    pattern's conditions become a few AND and OR of masks instead of a test per sentence."""

    sentences: tuple[Sentence, ...]
    per_sentence: list[set[int]]
    term_sentences: dict[int, int]
    headings: int  # the mask of the heading sentences
    # A set, not the dict's keys: a frozenset tests a set against its smaller side, a dict
    # key by key.
    report_terms: set[int]
    # Per sentence that has any, the terms it names only in an opening stance (严格落实…制度,):
    # no evidence of work, but the items they complete are mentioned (see _stance_mentions).
    stances: dict[int, set[int]] = field(default_factory=dict)

    def holding(self, terms: frozenset[int]) -> int:
        """The mask of the sentences that hold any of `terms`."""
        mask = 0
        term_sentences = self.term_sentences
        for t in terms & self.report_terms:
            mask |= term_sentences[t]
        return mask

    @functools.cached_property
    def paragraphs(self) -> tuple[dict[int, set[int]], dict[int, list[int]]]:
        """The terms of each paragraph that holds any, and the sentences of each paragraph:
        worked out only for checklists with patterns `within: paragraph`."""
        per_paragraph: dict[int, set[int]] = {}
        para_sentences: dict[int, list[int]] = {}
        for s in self.sentences:
            para_sentences.setdefault(s.paragraph, []).append(s.index)
            if self.per_sentence[s.index]:
                per_paragraph.setdefault(s.paragraph, set()).update(self.per_sentence[s.index])
        return per_paragraph, para_sentences


def index_terms(seg: Segmentation, per_sentence: list[set[int]],
                stances: dict[int, set[int]] | None = None) -> TermIndex:
    """The TermIndex of a report from admitted_terms() (and the stances it filled)."""
    term_sentences: dict[int, int] = {}
    headings = 0
    for s in seg.sentences:
        present = per_sentence[s.index]
        if s.heading:
            headings |= 1 << s.index
        if present:
            bit = 1 << s.index
            for tid in present:
                term_sentences[tid] = term_sentences.get(tid, 0) | bit
    return TermIndex(seg.sentences, per_sentence, term_sentences, headings, set(term_sentences), stances or {})


def named_by_headings(matcher: Matcher, seg: Segmentation, index: TermIndex) -> list:
    """Per sentence, the section its headings name for `matcher`'s checklist, or None: each
    heading (and point lead, 一是…。) is judged once by its admitted terms
    (attribute.named_section), and a sentence takes the nearest one that names a section.

    A heading that names a part of the report (…推进法治政府建设情况, 主要举措和成效) names no
    section, nor do the title's terms (法治政府建设情况 is what the whole report is about)."""
    per_sentence = index.per_sentence
    sections = matcher.term_sections
    named: list = [None] * len(seg.sentences)
    if not sections:
        return named
    empty: frozenset = frozenset()
    sections_of = (lambda tid: sections.get(tid, empty))
    title_terms = ({tid for _, (tid, _) in matcher.vocabulary.automaton.iter(seg.title)}
                   if seg.title and matcher.terms else set())
    verdicts: dict[int, object] = {}
    for si, chain in enumerate(segment.heading_chains(seg)):
        for head in chain:
            if head not in verdicts:
                terms = per_sentence[head] - title_terms
                part = segment.is_part_heading(seg.sentences[head].text)
                verdicts[head] = attribute.named_section(terms, sections_of) if terms and not part else None
            if verdicts[head] is not None:
                named[si] = verdicts[head]
                break
    return named


def match_items(matcher: Matcher, seg: Segmentation,
                index: TermIndex) -> list[tuple[CompiledItem, dict[int, frozenset[int]]]]:
    """The items whose patterns hold somewhere, each with its sentences and the item's terms
    found in each, before attribution between sections (see _attribute)."""
    sentences = seg.sentences
    per_sentence = index.per_sentence
    headings = index.headings
    report_terms = index.report_terms
    holding = index.holding
    matched: list[tuple[CompiledItem, dict[int, frozenset[int]]]] = []
    for ci in matcher.items:
        chosen: dict[int, frozenset[int]] = {}  # sentence -> the item's terms found there
        in_headings = ci.item.in_headings
        for cp, term_ids, by_paragraph, any_term in ci.plan:
            if term_ids.isdisjoint(report_terms):
                continue  # none of the pattern's terms is in the report
            if by_paragraph:
                per_paragraph, para_sentences = index.paragraphs
                mask = holding(term_ids)
                for p in sorted({sentences[si].paragraph for si in _bits(mask)}):
                    # A candidate holds one of the pattern's terms, which is all an any_of
                    # pattern asks.
                    if any_term or _holds(cp, per_paragraph[p], seg.paragraphs[p].text):
                        for si in para_sentences[p]:
                            found = term_ids & per_sentence[si]
                            if found and (in_headings or not sentences[si].heading):
                                prev = chosen.get(si)
                                chosen[si] = found if prev is None else prev | found
                continue
            # The sentences where _holds' term conditions are met: one of any_of, one of
            # each all_of group, none of none_of; the regex is then tried on those alone.
            mask = holding(cp.any_of) if cp.any_of else -1
            for group in cp.all_of:
                if mask:
                    mask &= holding(group)
            if mask and cp.none_of:
                mask &= ~holding(cp.none_of)
            if mask and not in_headings:
                mask &= ~headings
            for si in _bits(mask):
                present = per_sentence[si]
                if cp.regex is None or _holds(cp, present, sentences[si].text):
                    # frozensets: term_names takes one as its key without a copy
                    found = term_ids & present
                    prev = chosen.get(si)
                    chosen[si] = found if prev is None else prev | found
        if chosen:
            matched.append((ci, chosen))
    return matched


def _foreign_heads(matcher: Matcher, seg: Segmentation, index: TermIndex) -> dict[int, dict[int, frozenset]]:
    """Per sentence that has any, the terms it holds only as the head of a title about another
    section's subject (attribute.foreign_heads: the 工作要点 of 《…营商环境工作要点》), each
    with the sections it is no evidence for."""
    out: dict[int, dict[int, frozenset]] = {}
    sections = matcher.term_sections
    if not sections:
        return out
    empty: frozenset = frozenset()
    sections_of = (lambda tid: sections.get(tid, empty))
    alone = matcher.term_names_section
    named_by = (lambda tid: alone.get(tid, empty))
    term = matcher.terms.__getitem__
    for s in seg.sentences:
        present = index.per_sentence[s.index]
        if present and "《" in s.text:
            found = attribute.foreign_heads(s.text, present, term, sections_of, named_by)
            if found:
                out[s.index] = found
    return out


def _without_foreign_heads(ci: CompiledItem, chosen: dict[int, frozenset[int]],
                           foreign: dict[int, dict[int, frozenset]], per_sentence: list[set[int]],
                           sentences: tuple[Sentence, ...]) -> None:
    """Take out of `chosen` (an item's sentences and terms) the head words of titles about
    another section's subject, and the sentences whose match rested on them: a sentence stays
    only where one of the item's patterns still holds without them."""
    for si in [si for si in chosen if si in foreign]:
        drop = {tid for tid, secs in foreign[si].items() if ci.section in secs and tid in ci.terms}
        if not drop:
            continue
        reduced = per_sentence[si] - drop
        found: frozenset[int] = frozenset()
        for cp, term_ids, by_paragraph, any_term in ci.plan:
            if by_paragraph:
                found |= chosen[si] & term_ids - drop
            elif term_ids & reduced and (any_term or _holds(cp, reduced, sentences[si].text)):
                found |= term_ids & reduced
        if found:
            chosen[si] = found
        else:
            del chosen[si]


def find_evidence(matcher: Matcher, text: str, seg: Segmentation,
                  assessed: dict[int, tuple] | None = None,
                  index: TermIndex | None = None) -> dict[str, list[Evidence]]:
    """Evidence per item id, in text order. Headings are never evidence on their own.

    `assessed` and `index` let several checklists of one report share work: the
    concreteness of each sentence (a dict, filled as needed), and the TermIndex of the
    vocabulary the matchers share (worked out here when not given).
    """
    sentences = seg.sentences
    result: dict[str, list[Evidence]] = {ci.item.id: [] for ci in matcher.items}
    if not sentences:
        return result
    assessed = {} if assessed is None else assessed
    if index is None:
        stances: dict[int, set[int]] = {}
        index = index_terms(seg, admitted_terms(matcher.vocabulary, seg, assessed, stances), stances)
    per_sentence = index.per_sentence
    matched = match_items(matcher, seg, index)
    foreign = _foreign_heads(matcher, seg, index)
    if foreign:
        for ci, chosen in matched:
            if ci.section is not None:
                _without_foreign_heads(ci, chosen, foreign, per_sentence, sentences)
    _attribute(matcher, seg, matched, index)

    strengths: dict[tuple[int, bool], tuple] = {}
    last = len(sentences) - 1
    for ci, chosen in matched:
        if not chosen:
            continue
        item_id = ci.item.id
        found_for_item = result[item_id]
        item_terms = ci.terms
        for si in sorted(chosen):
            s = sentences[si]
            shares = si < last and not per_sentence[si + 1].isdisjoint(item_terms)
            key = (si, shares)
            judged = strengths.get(key)
            if judged is None:
                judged = strengths[key] = admit.strength(sentences, s, assessed, shares)
            # item_id, sentence, start, end, quote, role, terms, strength, signals
            found_for_item.append(Evidence(item_id, si, s.start, s.end, s.text, s.role,
                                           matcher.term_names(chosen[si]), judged[0], judged[1]))
    if index.stances:
        _stance_mentions(matcher, seg, index, matched, result, assessed)
    return result


def _stance_mentions(matcher: Matcher, seg: Segmentation, index: TermIndex,
                     matched: list[tuple[CompiledItem, dict[int, frozenset[int]]]],
                     result: dict[str, list[Evidence]], assessed: dict[int, tuple]) -> None:
    """Evidence of no strength for the items a sentence names only in its opening stance
    (严格落实行政执法公示制度,全年办理案件30件: the 公示 item is named, as a stance): such an
    item reads as mentioned (仅有表述), not as missing, while the stance's terms stay out of
    matching and attribution. Only an item whose pattern holds with the stance's terms and not
    without them, sentence by sentence; the evidence is added in text order."""
    sentences = seg.sentences
    per_sentence = index.per_sentence
    taken = {ci.item.id: set(chosen) for ci, chosen in matched}
    stance_sentences = sorted(index.stances)
    for ci in matcher.items:
        added = []
        for si in stance_sentences:
            named = index.stances[si] & ci.terms
            if not named or si in taken.get(ci.item.id, ()):
                continue
            present = per_sentence[si]
            text = sentences[si].text
            both = present | named
            found: frozenset[int] = frozenset()
            for cp, term_ids, by_paragraph, _ in ci.plan:
                if (not by_paragraph and not _holds(cp, present, text) and _holds(cp, both, text)):
                    found = found | (term_ids & both)
            if found:
                s = sentences[si]
                stance = next((sig for sig in admit.own(assessed, s)[1] if sig.kind == "slogan"), None)
                signals = (stance,) if stance is not None else ()
                added.append(Evidence(ci.item.id, si, s.start, s.end, s.text, s.role,
                                      matcher.term_names(found), "none", signals))
        if added:
            result[ci.item.id] = sorted(result[ci.item.id] + added, key=lambda e: e.sentence)


def _attribute(matcher: Matcher, seg: Segmentation,
               matched: list[tuple[CompiledItem, dict[int, frozenset[int]]]], index: TermIndex) -> None:
    """Drop, from the items' chosen sentences, those a sentence credits to another section
    (attribute.credited): a sentence that matches items of several sections goes to the one its
    headings name (named_by_headings), else the one it matches most specifically, and to
    others only with distinct terms."""
    sentences = seg.sentences
    named: list | None = None  # worked out at the first sentence several sections claim
    claims: dict[int, dict[object, frozenset[int]]] = {}
    for ci, chosen in matched:
        section = ci.section
        if section is None:
            continue
        for si, found in chosen.items():
            by_section = claims.setdefault(si, {})
            prev = by_section.get(section)
            by_section[section] = found if prev is None else prev | found
    term = matcher.terms.__getitem__
    sections = matcher.term_sections
    own = (lambda tid: len(sections.get(tid, ())) == 1)
    uses = (lambda tid, section: section in sections.get(tid, ()))
    for si, by_section in claims.items():
        if len(by_section) < 2:
            continue
        if named is None:
            named = named_by_headings(matcher, seg, index)
        kept = attribute.credited(sentences[si].text, by_section, term, own, uses, named[si])
        if len(kept) == len(by_section):
            continue
        for ci, chosen in matched:
            if ci.section is not None and ci.section not in kept:
                chosen.pop(si, None)


def admitted_terms(vocabulary: Vocabulary, seg: Segmentation,
                   assessed: dict[int, tuple] | None = None,
                   stances: dict[int, set[int]] | None = None) -> list[set[int]]:
    """The term ids each sentence holds as reported work (wording.admit decides which
    occurrences count). What is dropped depends on the sentence and the place of the term
    only, never on a checklist, so the checklists that share `vocabulary` share this.
    `stances`, when given, receives per sentence the terms it names only in an opening
    stance (admit's `stances`)."""
    sentences = seg.sentences
    assessed = {} if assessed is None else assessed
    per_sentence: list[set[int]] = [set() for _ in sentences]
    if not sentences or not vocabulary.terms:
        return per_sentence
    _scan(vocabulary.automaton, sentences, assessed, per_sentence, stances)
    return per_sentence


def _scan(automaton: ahocorasick.Automaton, sentences: tuple[Sentence, ...], assessed: dict[int, tuple],
          per_sentence: list[set[int]], stances: dict[int, set[int]] | None) -> None:
    """admitted_terms' pass over the sentences with `automaton`'s terms, adding to
    `per_sentence` and `stances`. Each set is made from its term ids in increasing order, so
    that the same terms make the same set (iteration order included) however they were found
    (reuse_admitted)."""
    for s in sentences:
        # The terms of this sentence alone, as (last character within it, (term id, length)).
        # The sentence's own text, not the report's between bounds: the automaton copies the
        # string it is given on every call, and a 30 MB report has half a million sentences.
        hits = list(automaton.iter(s.text))
        if hits:
            named: set[int] | None = set() if stances is not None else None
            found = admit.admit(s, hits, assessed, stances=named)
            if found:
                before = per_sentence[s.index]
                per_sentence[s.index] = set(sorted(before | found if before else found))
            if named and stances is not None:
                had = stances.get(s.index)
                stances[s.index] = set(sorted(had | named if had else named))


@dataclass(frozen=True)
class Admitted:
    """Where a report holds each term as reported work, by the term's text (an edit of the
    checklists renumbers the ids): what admitted_terms found, kept between runs by
    incremental.py, so that a report scored again after a checklist edit has only the terms
    new to its checklists looked for (reuse_admitted). wording.admit judges each occurrence of
    a term by its sentence and its place alone, so a term's verdicts do not depend on the
    other terms looked for."""

    vocabulary: frozenset[str]  # the terms that were looked for
    sentences: dict[str, tuple[int, ...]]  # term -> the sentences holding it as reported work
    stances: dict[str, tuple[int, ...]]  # term -> the sentences naming it only in an opening stance

    @classmethod
    def found(cls, vocabulary: Vocabulary, per_sentence: list[set[int]], stances: dict[int, set[int]]) -> Admitted:
        """The Admitted of admitted_terms' result (and the stances it filled)."""
        terms = vocabulary.terms
        held: dict[str, list[int]] = {}
        for si, present in enumerate(per_sentence):
            for tid in present:
                held.setdefault(terms[tid], []).append(si)
        named: dict[str, list[int]] = {}
        for si in sorted(stances):
            for tid in stances[si]:
                named.setdefault(terms[tid], []).append(si)
        return cls(vocabulary.term_set, {t: tuple(v) for t, v in held.items()}, {t: tuple(v) for t, v in named.items()})

    def terms(self) -> list[str]:
        """The terms held, as reported work or in a stance, sorted."""
        return sorted(self.sentences.keys() | self.stances.keys())


def reuse_admitted(vocabulary: Vocabulary, seg: Segmentation, known: Admitted,
                   assessed: dict[int, tuple] | None = None,
                   stances: dict[int, set[int]] | None = None) -> list[set[int]]:
    """What admitted_terms(vocabulary, seg, assessed, stances) gives, from `known` (found in
    the same sentences with another vocabulary): the terms of both are taken from `known`, and
    only the terms `known` did not look for are looked for. ValueError when `known` names a
    sentence the report does not have."""
    sentences = seg.sentences
    assessed = {} if assessed is None else assessed
    n = len(sentences)
    per: list[list[int]] = [[] for _ in sentences]
    named: dict[int, list[int]] = {}
    index = vocabulary.index
    for found, into in ((known.sentences, None), (known.stances, named)):
        for term, places in found.items():
            tid = index.get(term)
            if tid is None:
                continue  # no longer looked for
            for si in places:
                if type(si) is not int or not 0 <= si < n:
                    raise ValueError(f"no sentence {si!r}")
                if into is None:
                    per[si].append(tid)
                elif stances is not None:
                    into.setdefault(si, []).append(tid)
    per_sentence = [set(sorted(p)) if p else set() for p in per]
    if stances is not None:
        for si in sorted(named):
            stances[si] = set(sorted(named[si]))
    automaton = vocabulary.new_since(known.vocabulary)
    if automaton is not None and sentences:
        _scan(automaton, sentences, assessed, per_sentence, stances)
    return per_sentence


def term_spans(quote: str, terms: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where `terms` occur in `quote`, for highlighting; overlapping spans are merged."""
    spans = []
    for t in terms:
        pos = quote.find(t)
        while pos >= 0:
            spans.append((pos, pos + len(t)))
            pos = quote.find(t, pos + 1)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged

