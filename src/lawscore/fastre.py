"""Compile a regular expression so the engine skips, in C, the places where it cannot match.

Python's `re` tries a pattern such as 制定|印发|出台|… (a hundred alternatives, some behind a
lookbehind or inside a group) at every position of the text, alternative by alternative.
Most Chinese characters of a report start none of them. `compile` works out the set of
characters a match can start with and puts it in front as a lookahead, `(?=[制印出…])`, so
each position costs one set test instead of a hundred tries; where every match has a second
character that can be bounded too, the lookahead tests both, `(?=[制印出…][定发台…])`. What
the pattern matches does not change: the lookahead only states what the pattern already
requires. Where the set
cannot be worked out (a pattern that can match the empty string, starts with `.` or a
negated class, or uses flags that change what a character means) the pattern is compiled as
it is.

The set is read off the pattern's parse tree (`re._parser`, called `sre_parse` before Python
3.11). Should a later Python change that tree, `compile` falls back to the plain pattern:
correct, only slower. tests/test_fastre.py checks both that the lead is found for the
engine's hot patterns and that led and plain patterns match alike.
"""
from __future__ import annotations

import re
import sys
from typing import Any

# The regex parser's tree, the same on 3.10 (sre_parse) and 3.11+ (re._parser); typeshed
# declares neither, so they are typed as Any.
_c: Any
_p: Any
if sys.version_info >= (3, 11):
    from re import _constants as _c  # type: ignore[attr-defined,no-redef]
    from re import _parser as _p  # type: ignore[attr-defined,no-redef]
else:  # pragma: no cover - Python 3.10
    import sre_constants as _c
    import sre_parse as _p

_MAX_RANGE = 0x3000  # a wider range than this ([\u4e00-\u9fff]) filters too little to be worth it


class _Unknown(Exception):
    """The first characters of a pattern cannot be bounded."""


def _class_item(op, av) -> str:
    if op is _c.LITERAL:
        return re.escape(chr(av))
    if op is _c.RANGE:
        lo, hi = av
        if hi - lo > _MAX_RANGE:
            raise _Unknown
        return f"{re.escape(chr(lo))}-{re.escape(chr(hi))}"
    if op is _c.CATEGORY and av is _c.CATEGORY_DIGIT:
        return r"\d"
    raise _Unknown


def _first(data) -> tuple[list[str], bool]:
    """Class items any match of the sequence `data` can start with, and whether the
    sequence can match the empty string."""
    items: list[str] = []
    for op, av in data:
        if op is _c.LITERAL:
            items.append(_class_item(op, av))
            return items, False
        if op is _c.IN:
            if any(o is _c.NEGATE for o, _ in av):
                raise _Unknown
            items.extend(_class_item(o, a) for o, a in av)
            return items, False
        if op is _c.BRANCH:
            nullable = False
            for alternative in av[1]:
                sub, empty = _first(alternative.data if hasattr(alternative, "data") else alternative)
                items.extend(sub)
                nullable = nullable or empty
            if not nullable:
                return items, False
            continue
        if op is _c.SUBPATTERN:
            _group, add_flags, _del_flags, sub_pattern = av
            if add_flags & (re.IGNORECASE | re.VERBOSE):
                raise _Unknown
            sub, empty = _first(sub_pattern.data)
            items.extend(sub)
            if not empty:
                return items, False
            continue
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
            lo, _hi, sub_pattern = av
            sub, empty = _first(sub_pattern.data)
            items.extend(sub)
            if lo > 0 and not empty:
                return items, False
            continue
        if op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):
            continue  # zero width: the next element decides where a match starts
        raise _Unknown
    return items, True


def _positions(data, k: int) -> tuple[list[list[str]], bool]:
    """Class items for each of the first characters (at most k) that every match of the
    sequence `data` has, position by position; and whether every match is exactly that
    long, so that what follows the sequence starts at the next position.

    Fewer positions than k where a position cannot be bounded: after an optional part or a
    repeat, whose length varies, or an alternative that is shorter than the others.
    """
    out: list[list[str]] = []
    for op, av in data:
        if len(out) >= k:
            return out, False
        if op is _c.LITERAL:
            out.append([_class_item(op, av)])
            continue
        if op is _c.IN:
            if any(o is _c.NEGATE for o, _ in av):
                return out, False
            out.append([_class_item(o, a) for o, a in av])
            continue
        if op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):
            continue  # zero width
        if op is _c.SUBPATTERN:
            _group, add_flags, _del_flags, sub_pattern = av
            if add_flags & (re.IGNORECASE | re.VERBOSE):
                raise _Unknown
            sub, exact = _positions(sub_pattern.data, k - len(out))
        elif op is _c.BRANCH:
            found = [_positions(a.data if hasattr(a, "data") else a, k - len(out)) for a in av[1]]
            shortest = min(len(sub) for sub, _ in found)
            sub = [[item for alternative, _ in found for item in alternative[j]] for j in range(shortest)]
            exact = all(e and len(alternative) == shortest for alternative, e in found)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
            lo, hi, sub_pattern = av
            if lo == 0:
                return out, False
            sub, exact = _positions(sub_pattern.data, k - len(out))
            exact = exact and lo == hi == 1
        else:
            return out, False
        out.extend(sub)  # never past k: sub was asked for what is left of k
        if not exact:
            return out, False
    return out, True


def _parse(pattern: str, flags: int):
    """The parse tree of `pattern`, or None for flags that change what a character means."""
    if flags & (re.IGNORECASE | re.VERBOSE | re.LOCALE) or re.match(r"\(\?[aiLmsux]+\)", pattern):
        return None  # inline flags must open the pattern; leave such patterns alone
    parsed = _p.parse(pattern, flags)
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE | re.LOCALE):
        return None
    return parsed


def _class(items: list[str]) -> str:
    return "[" + "".join(dict.fromkeys(items)) + "]"


def _leads(pattern: str, flags: int) -> tuple[str | None, str | None]:
    """(lead, lead2) of `pattern`, read off one parse."""
    try:
        parsed = _parse(pattern, flags)
    except (AttributeError, TypeError, ValueError):
        return None, None
    if parsed is None:
        return None, None
    try:
        items, nullable = _first(parsed.data)
        one = None if nullable or not items else _class(items)
    except (_Unknown, AttributeError, TypeError, ValueError):
        one = None
    try:
        positions, _ = _positions(parsed.data, 2)
        two = "".join(map(_class, positions)) if len(positions) == 2 and all(positions) else None
    except (_Unknown, AttributeError, TypeError, ValueError):
        two = None
    return one, two


def lead(pattern: str, flags: int = 0) -> str | None:
    """The character class a match of `pattern` must start with, or None if unknown."""
    return _leads(pattern, flags)[0]


def lead2(pattern: str, flags: int = 0) -> str | None:
    """The classes of the first two characters every match of `pattern` has, as `[..][..]`,
    or None where the second cannot be bounded (a match of one character, a repeat, an
    optional part). A list of words (制定|印发|出台) has both: in Chinese text the pair rules
    out many more places than the first character alone."""
    return _leads(pattern, flags)[1]


# Led pattern text -> the pattern as written, so a test can compare the two.
_WRITTEN: dict[str, str] = {}


def compile(pattern: str, flags: int = 0) -> re.Pattern:  # noqa: A001 - mirrors re.compile
    """re.compile(pattern, flags), led by a lookahead of its possible first two characters,
    or of its first where the second cannot be bounded."""
    one, two = _leads(pattern, flags)
    chars = two or one
    if chars is None:
        return re.compile(pattern, flags)
    led = f"(?={chars})(?:{pattern})"
    _WRITTEN[led] = pattern
    return re.compile(led, flags)


def written(compiled: re.Pattern) -> str:
    """The pattern as its author wrote it, without the lead `compile` added."""
    return _WRITTEN.get(compiled.pattern, compiled.pattern)
