"""Count the characters of a text that fall in a range of Unicode blocks, in C.

Used on every report (is there enough Chinese to score? is it traditional script?), so the
count must not be a Python step per character.
"""
from __future__ import annotations

import functools


@functools.lru_cache(maxsize=8)
def _other_bytes(first_block: int, last_block: int) -> bytes:
    return bytes(b for b in range(256) if not first_block <= b <= last_block)


def count_blocks(text: str, first: int, last: int) -> int:
    """How many characters of `text` lie in U+first00..U+lastFF (first and last are high
    bytes: 0x4E, 0x9F for the CJK unified ideographs U+4E00-U+9FFF).

    In UTF-16 each such character is one code unit whose high byte is in first..last, while a
    character outside the BMP is a surrogate pair (high bytes 0xD8-0xDF), so deleting every
    other high byte and taking the length counts the characters.
    """
    high = text.encode("utf-16-le", "surrogatepass")[1::2]  # the high byte of every code unit
    return len(high.translate(None, _other_bytes(first, last)))
