"""A cache of lawscore's own results between runs, stored as JSON: reading it can never run code.

A cached value is plain data (None, bools, numbers, text, tuples, lists, dicts, sets) and the
frozen dataclasses of lawscore's own modules (model.Checklist, errors.Problem, …), written by
`encode` and rebuilt by `decode`. decode makes only those: a class named in the file must be a
dataclass of a `lawscore` module, and it is filled in field by field as pickle would, without
calling any of its methods. Unlike a pickle, a file someone else wrote into a shared cache
folder cannot make lawscore run code; and a file is used only when it is a regular file owned
by the user and writable by no one else, so neither can it change scores.

Where: ~/.cache/lawscore ($XDG_CACHE_HOME/lawscore), or LAWSCORE_CACHE=DIR; LAWSCORE_CACHE=off
turns every cache off. Entries are named `<kind>-<key>.json`; the key is a hash of everything
the value depends on, made by the caller (checklist_set.py for loaded checklists).
"""
from __future__ import annotations

import dataclasses
import functools
import importlib
import json
import logging
import os
import stat
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


def folder() -> Path | None:
    """The cache folder, or None when LAWSCORE_CACHE turns the cache off."""
    setting = os.environ.get("LAWSCORE_CACHE", "")
    if setting.lower() in ("off", "0", "no"):
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "lawscore"


class CacheFormatError(ValueError):
    """A cache file that is not what encode writes; the entry is treated as absent."""


def encode(value: Any) -> Any:
    """`value` as JSON-ready data that `decode` turns back into an equal value.

    Lists of JSON are tuples (what frozen dataclasses hold); a list, dict, set or dataclass is
    a one-key object: {"l": […]}, {"d": [[key, value], …]}, {"s": […]}, {"c": "module:Class",
    "f": {field: value}}. Raises TypeError for anything else (a value that is not data)."""
    kind = type(value)
    if value is None or kind in (bool, int, float, str):
        return value
    if kind is tuple:
        return [encode(v) for v in value]
    if kind is list:
        return {"l": [encode(v) for v in value]}
    if kind is dict:
        return {"d": [[encode(k), encode(v)] for k, v in value.items()]}
    if kind in (set, frozenset):
        return {"s" if kind is set else "fs": [encode(v) for v in value]}
    if dataclasses.is_dataclass(value) and not isinstance(value, type) and kind.__module__.split(".")[0] == "lawscore":
        return {"c": f"{kind.__module__}:{kind.__qualname__}",
                "f": {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    raise TypeError(f"cannot cache a {kind.__module__}.{kind.__qualname__}")


def _class(name: object) -> tuple[type, frozenset[str]]:
    """The lawscore dataclass called `name` ("lawscore.model:Checklist") and its fields; nothing else."""
    if not isinstance(name, str) or ":" not in name:
        raise CacheFormatError(f"not a class name: {name!r}")
    return _class_named(name)


@functools.lru_cache(maxsize=256)
def _class_named(name: str) -> tuple[type, frozenset[str]]:
    module_name, qualname = name.split(":", 1)
    if module_name != "lawscore" and not module_name.startswith("lawscore."):
        raise CacheFormatError(f"not a lawscore class: {name}")
    try:
        target: Any = importlib.import_module(module_name)
        for part in qualname.split("."):
            target = getattr(target, part)
    except (ImportError, AttributeError):
        raise CacheFormatError(f"no such class: {name}") from None
    if not isinstance(target, type) or not dataclasses.is_dataclass(target):
        raise CacheFormatError(f"not a dataclass: {name}")
    return target, frozenset(f.name for f in dataclasses.fields(target))


def decode(data: Any) -> Any:
    """The value `encode` gave `data` for; CacheFormatError when `data` is anything else."""
    if data is None or type(data) in (bool, int, float, str):
        return data
    if type(data) is list:
        return tuple(decode(v) for v in data)
    if type(data) is not dict or len(data) not in (1, 2):
        raise CacheFormatError("unexpected value")
    if "c" in data:
        cls, names = _class(data["c"])
        fields = data.get("f")
        if type(fields) is not dict or fields.keys() != names:
            raise CacheFormatError(f"fields of {data['c']} differ")
        obj: Any = object.__new__(cls)
        for name, raw in fields.items():
            object.__setattr__(obj, name, decode(raw))  # as pickle does: no __init__, no __post_init__
        return obj
    (tag, items), = data.items()
    if type(items) is not list:
        raise CacheFormatError("unexpected value")
    if tag == "l":
        return [decode(v) for v in items]
    if tag in ("s", "fs"):
        return (set if tag == "s" else frozenset)(decode(v) for v in items)
    if tag == "d":
        if not all(type(pair) is list and len(pair) == 2 for pair in items):
            raise CacheFormatError("unexpected mapping")
        return {decode(k): decode(v) for k, v in items}
    raise CacheFormatError(f"unknown tag {tag!r}")


def _trusted(fd: int) -> bool:
    """A regular file owned by this user that no one else may write."""
    info = os.fstat(fd)
    return (stat.S_ISREG(info.st_mode) and info.st_uid == os.getuid()
            and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH))


def get(kind: str, key: str) -> Any | None:
    """The value cached as `kind` under `key`, or None (no cache, no entry, or an entry that is
    not trusted or not readable)."""
    where = folder()
    if where is None:
        return None
    path = where / f"{kind}-{key}.json"
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        if not _trusted(fd):
            log.debug("ignoring %s: not a file of this user that only this user may write", path)
            return None
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return decode(json.loads(fh.read()))
    except (OSError, ValueError, RecursionError, TypeError):
        log.debug("ignoring the unreadable cache entry %s", path)
        return None
    finally:
        os.close(fd)


def put(kind: str, key: str, value: Any) -> None:
    """Cache `value` as `kind` under `key` (replaced in one step); a cache that cannot be
    written is no error: the next run works the value out again."""
    where = folder()
    if where is None:
        return
    try:
        text = json.dumps(encode(value), ensure_ascii=False, separators=(",", ":"))
    except (TypeError, ValueError, RecursionError) as exc:
        log.debug("not caching %s: %s", kind, exc)
        return
    tmp = where / f".{kind}-{key}.{os.getpid()}"
    try:
        where.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, where / f"{kind}-{key}.json")
    except OSError:
        log.debug("cannot write the cache in %s", where)
        try:
            tmp.unlink()
        except OSError:
            pass
