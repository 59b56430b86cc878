"""Which outline sections one sentence's evidence goes to, when it matches items of several.

A sentence that names a leading group for rule-of-law work matches an item of 党的领导 by
领导小组 and an item of 推进机制 by the same 领导小组: one piece of evidence, claimed twice.
The label guide's rule: "when a sentence fits two clauses, label both only if it carries
distinct evidence for each". So:

- The sentence goes to the section whose terms cover most of it (then: whose own terms, used
  by that section's items alone, cover most).
- Every other section keeps it only with a distinct term: one that no credited section's items
  use (法治政府 and 领导小组 are words of both 党的领导 and 推进机制), standing apart from the
  credited sections' terms, and not inside a longer term of the sentence (工作计划 in
  立法工作计划, 常委会 in 人大常委会 are parts of another name).
- A section matched exactly as specifically as the first shares it, and a section claiming
  exactly the same terms as one kept for distinct terms shares it with that one (an enforcement
  app in quotes is as much 31's as 29's): no more than two sections ever share one piece of
  evidence without distinct terms for each.

Sections are the items' `measure` or `clause` (data); items with neither are not contested.
This module works on term ids and their places only; it knows no item by name.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable, Hashable


def spans_of(text: str, term: str) -> list[tuple[int, int]]:
    """Every place `term` occurs in `text`."""
    out = []
    pos = text.find(term)
    while pos >= 0:
        out.append((pos, pos + len(term)))
        pos = text.find(term, pos + 1)
    return out


def _covered(spans: list[tuple[int, int]]) -> int:
    """How many characters the spans cover together."""
    total = end = 0
    for a, b in sorted(spans):
        if b <= end:
            continue
        total += b - max(a, end)
        end = b
    return total


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    a, b = span
    return any(a < d and c < b for c, d in taken)


def named_section(terms: set[int] | frozenset[int],
                  sections_of: Callable[[int], frozenset[Hashable]]) -> Hashable | None:
    """The section a heading's terms name, or None: each term votes for the sections whose
    items use it, a term of one section alone with a whole vote, a term of n sections with
    1/n for each (法治政府建设 names no section; 第一责任人 names one). The section with most
    votes is named when it has at least one whole vote and no other has as many."""
    votes = _votes(sorted(terms), sections_of)
    if not votes:
        return None
    ranked = sorted(votes.values(), reverse=True)
    if ranked[0] < 1.0 or (len(ranked) > 1 and ranked[1] == ranked[0]):
        return None
    return next(section for section, vote in votes.items() if vote == ranked[0])


def credited(text: str, claims: dict[Hashable, frozenset[int]], term: Callable[[int], str],
             own: Callable[[int], bool], uses: Callable[[int, Hashable], bool],
             headed: Hashable | None = None) -> set[Hashable]:
    """The sections (keys of `claims`, each with the term ids its items matched in `text`)
    that keep this sentence's evidence. `term` gives a term id's text, `own` whether only one
    section's items use it, `uses(term id, section)` whether that section's items use it.
    `headed` is the section the headings above the sentence name (named_section), if any: it
    is the sentence's first home when it claims the sentence at all, as a report files its
    work under its headings.
    Ties go to the section claimed first (dicts keep order), so the outcome is deterministic."""
    if len(claims) < 2:
        return set(claims)
    places: dict[int, list[tuple[int, int]]] = {}
    for ids in claims.values():
        for tid in ids:
            if tid not in places:
                places[tid] = spans_of(text, term(tid))
    every = [sp for spans in places.values() for sp in spans]
    # a term inside a longer one is part of that name (工作计划 in 立法工作计划)
    standing = {tid: [(a, b) for a, b in spans
                      if not any(d - c > b - a and c <= a and b <= d for c, d in every)]
                for tid, spans in places.items()}
    ranked = []
    for order, (section, ids) in enumerate(claims.items()):
        mine = [sp for tid in ids if own(tid) for sp in places[tid]]
        shared = [sp for tid in ids for sp in places[tid]]
        ranked.append((section != headed, -_covered(shared), -_covered(mine), order, section, ids))
    ranked.sort(key=lambda r: r[:4])
    winner = ranked[0]
    kept = [winner[4]]
    taken = [sp for tid in winner[5] for sp in standing[tid]]
    tied = False
    # the claims of the sections kept for distinct terms, each of which one other section with
    # exactly the same claim shares (see below)
    alike: dict[frozenset[int], bool] = {}
    for _, shared_cover, own_cover, _, section, ids in ranked[1:]:
        if alike.get(ids) is False:
            # claimed with exactly the same terms as a section kept for them: neither is the
            # better home, so both keep it, as a tie with the winner does; a third would need
            # terms of its own
            kept.append(section)
            alike[ids] = True
            continue
        # distinct: a term no credited section's items use, standing apart from their terms
        distinct = [sp for tid in ids if not any(uses(tid, k) for k in kept) for sp in standing[tid]
                    if not _overlaps(sp, taken)]
        if distinct:
            kept.append(section)
            alike.setdefault(ids, False)
            taken.extend(sp for tid in ids for sp in standing[tid])
        elif not tied and (shared_cover, own_cover) == winner[1:3]:
            # matched exactly as specifically as the winner: neither is the better home, so
            # both keep it; a third such section would need terms of its own
            kept.append(section)
            tied = True
    return set(kept)


# A named document: its title in 《》. (A name in “” is left alone: “…执法指挥系统” is as much an
# IT system as a tool of enforcement, which the label guide credits to both.)
_TITLE = re.compile(r"《[^《》]{2,80}》")
# What may follow a title's head word inside the title: (试行), (2022-2025年).
_AFTER_HEAD = re.compile(r"[(（][^()（）]{0,16}[)）]")


def _votes(terms: list[int], sections_of: Callable[[int], frozenset[Hashable]]) -> dict[Hashable, float]:
    """Each term's vote for the sections `sections_of` gives it, 1/n for each of n."""
    shares: dict[Hashable, list[float]] = {}
    for tid in terms:
        sections = sections_of(tid)
        for section in sections:
            shares.setdefault(section, []).append(1.0 / len(sections))
    # summed exactly rounded, so in any order: a term's id is its place in the vocabulary,
    # which an edit elsewhere in the checklists moves (incremental.Projection relies on it)
    return {section: math.fsum(parts) for section, parts in shares.items()}


def foreign_heads(text: str, ids: set[int] | frozenset[int], term: Callable[[int], str],
                  sections_of: Callable[[int], frozenset[Hashable]],
                  named_by: Callable[[int], frozenset[Hashable]]) -> dict[int, frozenset[Hashable]]:
    """The terms among `ids` that `text` holds only as the head of a title about another
    section's subject, each with the sections it is no evidence for there.

    A title's last word says what kind of thing it names (工作要点, 实施方案, 一件事); the words
    before it, its subject, say what it is about. 《…优化法治化营商环境工作要点》 is a business
    environment plan, not a rule-of-law one; 《…行政执法监督工作实施方案》 is a plan of
    enforcement oversight. The subject's terms vote as a heading's do (named_section: a term of n sections
    gives each 1/n, a term inside a longer one is part of that name), and the head counts for a
    section of its own only when that section has as many votes as any other.
    A head that is evidence of a section by itself (`named_by`: the sections with an item that
    any one of a few words evidences) names that section's own thing, not only a kind of
    document, and always counts there: 《关于行政审判中发现问题的司法建议》 is a 司法建议.
    A title whose subject holds no term, or a head that also stands outside such a title, is
    not touched."""
    if "《" not in text:
        return {}
    places = {tid: spans_of(text, term(tid)) for tid in sorted(ids)}
    every = [sp for spans in places.values() for sp in spans]
    out: dict[int, set[Hashable]] = {}
    heads_at: dict[int, list[tuple[int, int]]] = {}
    for m in _TITLE.finditer(text):
        start, end = m.start() + 1, m.end() - 1
        tail = _AFTER_HEAD.search(text, start, end)
        if tail is not None and tail.end() == end:
            end = tail.start()
        inside = [(tid, sp) for tid, spans in places.items() for sp in spans
                  if start <= sp[0] and sp[1] <= end
                  and not any(d - c > sp[1] - sp[0] and c <= sp[0] and sp[1] <= d for c, d in every)]
        heads = [(tid, sp) for tid, sp in inside if sp[1] == end]
        if not heads:
            continue
        head, head_span = max(heads, key=lambda h: h[1][1] - h[1][0])
        votes = _votes([tid for tid, sp in inside if sp[1] <= head_span[0]], sections_of)
        if not votes:
            continue
        top = max(votes.values())
        # a head that is evidence of a section by itself (司法建议) names that section's thing,
        # whatever it is about, not just a kind of document
        foreign = {section for section in sections_of(head) - named_by(head) if votes.get(section, 0.0) < top}
        if foreign:
            out.setdefault(head, set()).update(foreign)
            heads_at.setdefault(head, []).append(head_span)
    # a head that also stands elsewhere in the sentence is evidence there
    return {tid: frozenset(secs) for tid, secs in out.items()
            if all(sp in heads_at[tid] for sp in places[tid])}
