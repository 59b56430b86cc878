"""Tools for checklist authors: run every item's example sentences and say which misbehave."""
from __future__ import annotations

from dataclasses import dataclass

from . import match
from .errors import Problem
from .model import Checklist, Item

WORK = ("met", "partial")


@dataclass(frozen=True)
class ExampleOutcome:
    item: Item
    sentence: str
    should_match: bool
    status: str  # what the engine judged the sentence alone

    @property
    def matched(self) -> bool:
        """Whether the sentence counts as evidence for the item."""
        if self.item.expect == "achievements":
            return self.status in WORK
        return self.status == "met"

    @property
    def ok(self) -> bool:
        return self.matched == self.should_match


def run_examples(checklist: Checklist, matcher: match.Matcher | None = None) -> list[ExampleOutcome]:
    """Judge every example sentence of every item, in checklist order."""
    matcher = matcher or match.Matcher(checklist)
    out = []
    for item in checklist.items:
        for sentence in item.should_match:
            out.append(ExampleOutcome(item, sentence, True, match.judge_example(matcher, item.id, sentence)))
        for sentence in item.should_not_match:
            out.append(ExampleOutcome(item, sentence, False, match.judge_example(matcher, item.id, sentence)))
    return out


def example_problems(checklist: Checklist, outcomes: list[ExampleOutcome]) -> list[Problem]:
    """A Problem for every example that does not behave."""
    problems = []
    for o in outcomes:
        if o.ok:
            continue
        where = o.item.path or checklist.path
        if o.should_match:
            problems.append(Problem(where, o.item.line, o.item.id,
                                    f'example "{o.sentence}" should match but is judged {o.status}; '
                                    "add the term it uses to a pattern or change the example"))
        else:
            problems.append(Problem(where, o.item.line, o.item.id,
                                    f'example "{o.sentence}" should not match but is judged {o.status}; '
                                    "narrow the pattern (all_of, none_of) or change the example"))
    return problems
