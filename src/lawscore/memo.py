"""A bounded cache of what is worked out from objects, found again by their identity.

Checklists, items and results are frozen dataclasses, which hash by value: hashing a Checklist
hashes every item of it, which costs more than what is cached. So entries are keyed by id()
and keep their key objects, so that an id is never reused by another object while its entry
lives; an entry whose objects are not the very ones asked for is made again.
"""
from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class ByIdentity(Generic[T]):
    def __init__(self, limit: int) -> None:
        self._entries: dict[tuple[int, ...], tuple[tuple[object, ...], T]] = {}
        self._limit = limit  # a long batch or a test run never grows it past this

    def get(self, keys: tuple[object, ...], make: Callable[[], T]) -> T:
        """The value for these very objects, made by `make()` the first time."""
        ids = tuple(map(id, keys))
        got = self._entries.get(ids)
        if got is None or not all(map(operator.is_, got[0], keys)):
            if len(self._entries) >= self._limit:
                self._entries.clear()
            got = self._entries[ids] = (keys, make())
        return got[1]
