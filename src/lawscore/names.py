"""File names as lawscore shows them: on stderr, in results.json, the index and the scorecards.

A name is shown as it is, except what could deceive or break a line: a byte that is not UTF-8
(a GBK name written by a Windows zip or copied from a Windows disk; Python keeps it as a lone
surrogate) is shown as `\\xb1`; control characters as `\\n`, `\\t`, `\\x1b`; invisible format
characters (U+202E RIGHT-TO-LEFT OVERRIDE, zero-width spaces) and line separators as `\\u202e`.
So `报告\\n错误: x` cannot forge a second stderr line and `evil\\u202etxt.exe` does not read as
`evilexe.txt`. Every other character, Chinese included, is shown unchanged; showing a name
twice changes nothing.
"""
from __future__ import annotations

import unicodedata

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_ESCAPED = frozenset(("Cc", "Cf", "Cs", "Zl", "Zp"))


def display(name: str) -> str:
    """`name` with undecodable bytes, control and format characters escaped (see above)."""
    if name.isprintable():  # nearly every name: no character of the escaped categories
        return name
    return "".join(_escape(ch) for ch in name)


def _escape(ch: str) -> str:
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte os.fsdecode could not decode (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if ch in _NAMED:
        return _NAMED[ch]
    if unicodedata.category(ch) not in _ESCAPED:
        return ch
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
