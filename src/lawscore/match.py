"""Find evidence for checklist items in a segmented report.

All literal terms of a checklist go into one Aho-Corasick automaton and the report body is
scanned once. Pattern conditions (all_of, any_of, none_of, regex) are then checked per sentence
or paragraph on the set of terms found there; a regex runs only where the terms already hold.
Each hit is judged for concreteness (concrete.py) so the scorer can tell work from slogans.
"""
from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass

import ahocorasick
import regex

from . import concrete
from .model import Checklist, Evidence, Item, Pattern, Segmentation, Sentence

log = logging.getLogger(__name__)

# A checklist regex that runs longer than this on one sentence or paragraph is abandoned.
REGEX_TIMEOUT = 0.2
_LEAD_MAX = 24  # a sentence this short that opens a point (一是强化责任落实。) borrows from the next


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


class Matcher:
    """A checklist compiled for matching: one automaton for every term of every item."""

    def __init__(self, checklist: Checklist) -> None:
        self.checklist = checklist
        self.terms: list[str] = []
        index: dict[str, int] = {}

        def ids(terms) -> frozenset[int]:
            out = set()
            for t in terms:
                if t not in index:
                    index[t] = len(self.terms)
                    self.terms.append(t)
                out.add(index[t])
            return frozenset(out)

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
            items.append(CompiledItem(item, tuple(compiled)))
        self.items = tuple(items)
        self.automaton = ahocorasick.Automaton()
        for term, i in index.items():
            self.automaton.add_word(term, (i, len(term)))
        if self.terms:
            self.automaton.make_automaton()

    def scan(self, text: str, start: int = 0) -> list[tuple[int, int, int]]:
        """Every (start, end, term id) occurrence in text[start:], in one pass."""
        if not self.terms:
            return []
        out = []
        for end, (term_id, length) in self.automaton.iter(text, start):
            out.append((end + 1 - length, end + 1, term_id))
        out.sort()
        return out


_BASIS = re.compile(r"^[一二三四五六七八九十是,、\s]*(根据|按照|依据|依照|围绕|对照|遵照|在[^,，]{0,30}(指导|领导)下)")


def _in_basis_clause(s: Sentence, pos: int) -> bool:
    """Whether `pos` lies in a sentence-opening clause of basis (根据…, 按照…要求,)."""
    if not _BASIS.match(s.text):
        return False
    head = s.text[: pos - s.start]
    return not any(c in head for c in ",，;；:：")


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
            log.warning("regex %r took over %ss on one %s; treated as no match",
                        cp.regex.pattern, REGEX_TIMEOUT, cp.pattern.within)
            return False
    return True


def _strength(sentences: tuple[Sentence, ...], s: Sentence):
    """Concreteness of a sentence; a short opening lead borrows from the sentence after it."""
    strength, signals = concrete.assess(s.text)
    if strength != "strong" and len(s.text) <= _LEAD_MAX and s.index + 1 < len(sentences):
        nxt = sentences[s.index + 1]
        if nxt.paragraph == s.paragraph or s.heading:
            n_strength, n_signals = concrete.assess(nxt.text)
            rank = {"none": 0, "weak": 1, "strong": 2}
            if rank[n_strength] > rank[strength]:
                return n_strength, signals + n_signals
    return strength, signals


def find_evidence(matcher: Matcher, text: str, seg: Segmentation,
                  assessed: dict[int, tuple] | None = None) -> dict[str, list[Evidence]]:
    """Evidence per item id, in text order. Headings are never evidence on their own."""
    sentences = seg.sentences
    result: dict[str, list[Evidence]] = {ci.item.id: [] for ci in matcher.items}
    if not sentences:
        return result
    starts = [s.start for s in sentences]
    hits = matcher.scan(text, sentences[0].start)

    per_sentence: list[set[int]] = [set() for _ in sentences]
    spans: list[list[tuple[int, int, int]]] = [[] for _ in sentences]
    cited: dict[int, list[tuple[int, int]]] = {}
    for hs, he, tid in hits:
        i = bisect.bisect_right(starts, hs) - 1
        if i >= 0 and hs < sentences[i].end:
            if i not in cited:
                s0 = sentences[i].start
                cited[i] = [(s0 + a, s0 + b) for a, b, kind in concrete.document_spans(sentences[i].text)
                            if kind == "citation"]
            # A term inside the title of a law or a superior's document the body only cites
            # (学习《行政复议法》, 贯彻《…纲要》) says nothing about the body's own work on it.
            if any(a <= hs and he <= b for a, b in cited[i]):
                continue
            # A term in an opening clause of basis (根据机构改革实际,…; 按照…要求,…) frames the
            # sentence; the work it reports is in the clauses after it.
            if _in_basis_clause(sentences[i], hs):
                continue
            per_sentence[i].add(tid)
            spans[i].append((hs, he, tid))

    # Inverted index: which sentences and paragraphs hold each term, so an item's patterns
    # look only at the sentences where one of their terms occurs.
    term_sentences: dict[int, list[int]] = {}
    per_paragraph: dict[int, set[int]] = {}
    para_sentences: dict[int, list[int]] = {}
    for s in sentences:
        present = per_sentence[s.index]
        para_sentences.setdefault(s.paragraph, []).append(s.index)
        if present:
            per_paragraph.setdefault(s.paragraph, set()).update(present)
            for tid in present:
                term_sentences.setdefault(tid, []).append(s.index)

    # Concreteness per sentence; pass the same dict for several checklists of one report.
    assessed = {} if assessed is None else assessed
    for ci in matcher.items:
        chosen: dict[int, set[int]] = {}
        for cp in ci.patterns:
            term_ids = cp.any_of | frozenset().union(*cp.all_of) if cp.all_of else cp.any_of
            candidates = sorted({si for t in term_ids for si in term_sentences.get(t, ())})
            if cp.pattern.within == "paragraph":
                for p in sorted({sentences[si].paragraph for si in candidates}):
                    present = per_paragraph[p]
                    para = seg.paragraphs[p]
                    if _holds(cp, present, para.text):
                        for si in para_sentences[p]:
                            found = per_sentence[si] & term_ids
                            if found and not sentences[si].heading:
                                chosen.setdefault(si, set()).update(found)
            else:
                for si in candidates:
                    s = sentences[si]
                    present = per_sentence[si]
                    if s.heading:
                        continue
                    if _holds(cp, present, s.text):
                        chosen.setdefault(si, set()).update(present & term_ids)
        for si in sorted(chosen):
            s = sentences[si]
            if si not in assessed:
                assessed[si] = _strength(sentences, s)
            strength, signals = assessed[si]
            terms = tuple(sorted({matcher.terms[t] for t in chosen[si]}))
            result[ci.item.id].append(Evidence(
                item_id=ci.item.id,
                sentence=si,
                start=s.start,
                end=s.end,
                quote=s.text,
                role=s.role,
                terms=terms,
                strength=strength,
                signals=signals,
            ))
    return result


def term_spans(matcher: Matcher, quote: str, terms: tuple[str, ...]) -> list[tuple[int, int]]:
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


def judge_example(matcher: Matcher, item_id: str, sentence: str) -> str:
    """The status one item gets from a single example sentence read as reported work.

    The sentence is placed under an achievements heading (一、工作成效), normalised, segmented
    and matched like a report, so a plan (下一步,将…) or a slogan is judged as it would be in
    a real report. Returns one of model.STATUSES (never not_applicable).
    """
    from . import normalize, score, segment

    norm = normalize.normalize("一、工作成效\n" + sentence)
    seg = segment.segment(norm)
    evidence = find_evidence(matcher, norm.text, seg)
    ci = next((c for c in matcher.items if c.item.id == item_id), None)
    if ci is None:
        raise KeyError(item_id)
    status, _ = score.item_status(ci.item.expect, ci.item.require_concrete, evidence.get(item_id, []))
    return status
