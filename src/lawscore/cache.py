"""A cache of lawscore's own results between runs, stored as JSON: reading it can never run code.

A cached value is plain data (None, bools, numbers, text, tuples, lists, dicts, sets) and the
frozen dataclasses of lawscore's own modules (model.Checklist, errors.Problem, …), written by
`encode` and rebuilt by `decode`. decode makes only those: a class named in the file must be a
dataclass of a `lawscore` module, and it is filled in field by field as pickle would, without
calling any of its methods. Unlike a pickle, a file someone else wrote into a shared cache
folder cannot make lawscore run code; and a file is used only when it is a regular file owned
by the user and writable by no one else, so neither can it change scores.

Where: ~/.cache/lawscore ($XDG_CACHE_HOME/lawscore), or LAWSCORE_CACHE=DIR; LAWSCORE_CACHE=off
(or `lawscore evaluate --no-cache`) turns every cache off. Entries are named `<kind>-<key>.json`;
the key is a hash of everything the value depends on, made by the caller (checklist_set.py for
loaded checklists, incremental.py for reports). An entry is written to a temporary file and moved
in place in one step (os.replace), so a run killed half-way leaves a whole entry or none; an entry
that does not parse, or is not what encode writes, is ignored and worked out again; two runs at
once at worst work out and write the same entry twice.

Size: at most LAWSCORE_CACHE_MB megabytes (default LIMIT_MB). `prune`, run at the end of a
batch, removes the entries used longest ago (a read refreshes an entry's time) until the folder
is under nine tenths of the limit, and temporary files a killed run left behind. A process also
prunes each time it has written a twentieth of the limit, so a batch larger than the cache
never holds more than the limit and a twentieth per process writing (a 20,000-report cold run
held 5.1 GB of a 4 GB cache before it was pruned at the end).
"""
from __future__ import annotations

import base64
import contextlib
import dataclasses
import functools
import hashlib
import importlib
import logging
import os
import stat
import time
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

log = logging.getLogger(__name__)

LIMIT_MB = 4096  # the cache's size unless LAWSCORE_CACHE_MB says otherwise
_ARRAY_CODES = frozenset("bBhHiIlLqQfd")  # the array typecodes decode makes (numbers only)


def folder() -> Path | None:
    """The cache folder, or None when LAWSCORE_CACHE turns the cache off."""
    setting = os.environ.get("LAWSCORE_CACHE", "")
    if setting.lower() in ("off", "0", "no"):
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "lawscore"


@contextlib.contextmanager
def turned_off() -> Iterator[None]:
    """Every cache off in the block, for this process and the processes it starts
    (`lawscore evaluate --no-cache`); as it was after."""
    before = os.environ.get("LAWSCORE_CACHE")
    os.environ["LAWSCORE_CACHE"] = "off"
    try:
        yield
    finally:
        if before is None:
            del os.environ["LAWSCORE_CACHE"]
        else:
            os.environ["LAWSCORE_CACHE"] = before


def package_files(package: Path) -> list[Path]:
    """Every file of the package folder `package` but compiled code, in a stable order."""
    return sorted(p for p in package.rglob("*") if p.is_file() and p.suffix != ".pyc")


_DIGESTS: dict[tuple, str] = {}


def package_digest(package: Path) -> str:
    """A hash of lawscore's version and every file of the package folder `package` but compiled
    code: what every cache key starts from (the loaded checklists', each report's). Worked out
    once per process while the files' names, sizes and times stay as they were, so the
    checklists' key and the reports' share one reading of the package."""
    from importlib import metadata as pkg

    files = package_files(package)
    seen = tuple((p.relative_to(package).as_posix(), st.st_size, st.st_mtime_ns) for p in files for st in [p.stat()])
    digest = _DIGESTS.get(seen)
    if digest is None:
        h = hashlib.sha256()
        try:
            h.update(pkg.version("lawscore").encode())
        except pkg.PackageNotFoundError:  # pragma: no cover - running from a source tree
            h.update(b"dev")
        for (name, _, _), path in zip(seen, files):
            h.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
        digest = h.hexdigest()
        if len(_DIGESTS) >= 16:
            _DIGESTS.clear()
        _DIGESTS[seen] = digest
    _LAST[package] = digest
    return digest


_LAST: dict[Path, str] = {}  # the digest package_digest last gave for each package folder


def package_digest_once(package: Path) -> str:
    """package_digest(package) as this process last worked it out (it lists and stats the
    package's hundred files even when nothing changed: 10 ms, a tenth of a report), or worked
    out now: for a key fixed for the process's life (incremental.engine), which the
    checklists' key, read at the start of the same run, already paid for."""
    found = _LAST.get(package)
    return found if found is not None else package_digest(package)


class CacheFormatError(ValueError):
    """A cache file that is not what encode writes; the entry is treated as absent."""


def encode(value: Any) -> Any:
    """`value` as JSON-ready data that `decode` turns back into an equal value.

    Lists of JSON are tuples (what frozen dataclasses hold); a list, dict, set, bytes, array of
    numbers or dataclass is a one-key object: {"l": […]}, {"d": [[key, value], …]}, {"s": […]},
    {"u": UTF-8 text} or {"b": base64}, {"a": [typecode, […]]}, {"c": "module:Class", "f": {field: value}}, and a
    named tuple {"n": "module:Class", "v": […]}. Raises
    TypeError for anything else (a value that is not data)."""
    kind = type(value)
    if value is None or kind in (bool, int, float, str):
        return value
    if kind is tuple:
        return [encode(v) for v in value]
    if issubclass(kind, tuple) and hasattr(kind, "_fields") and kind.__module__.split(".")[0] == "lawscore":
        return {"n": f"{kind.__module__}:{kind.__qualname__}", "v": [encode(v) for v in value]}
    if kind is list:
        return {"l": [encode(v) for v in value]}
    if kind is dict:
        return {"d": [[encode(k), encode(v)] for k, v in value.items()]}
    if kind in (set, frozenset):
        return {"s" if kind is set else "fs": [encode(v) for v in value]}
    if kind is bytes:
        try:
            return {"u": value.decode("utf-8")}  # most are: a results.json entry
        except UnicodeDecodeError:
            return {"b": base64.b64encode(value).decode("ascii")}
    if kind is array and value.typecode in _ARRAY_CODES:
        return {"a": [value.typecode, value.tolist()]}
    if dataclasses.is_dataclass(value) and not isinstance(value, type) and kind.__module__.split(".")[0] == "lawscore":
        return {"c": f"{kind.__module__}:{kind.__qualname__}",
                "f": {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    raise TypeError(f"cannot cache a {kind.__module__}.{kind.__qualname__}")


def _class(name: object) -> tuple[type, frozenset[str]]:
    """The lawscore dataclass or named tuple called `name` ("lawscore.model:Checklist") and its
    fields; nothing else."""
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
    if isinstance(target, type) and issubclass(target, tuple) and hasattr(target, "_fields"):
        return target, frozenset(target._fields)
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
    if "n" in data:
        cls, names = _class(data["n"])
        values = data.get("v")
        if not issubclass(cls, tuple) or type(values) is not list or len(values) != len(names):
            raise CacheFormatError(f"values of {data['n']} differ")
        return tuple.__new__(cls, [decode(v) for v in values])  # as pickle does: no __new__ of the class
    if "c" in data:
        cls, names = _class(data["c"])
        if issubclass(cls, tuple):
            raise CacheFormatError(f"not a dataclass: {data['c']}")
        fields = data.get("f")
        if type(fields) is not dict or fields.keys() != names:
            raise CacheFormatError(f"fields of {data['c']} differ")
        obj: Any = object.__new__(cls)
        for name, raw in fields.items():
            object.__setattr__(obj, name, decode(raw))  # as pickle does: no __init__, no __post_init__
        return obj
    (tag, items), = data.items()
    if tag == "b" and type(items) is str:
        return base64.b64decode(items, validate=True)
    if tag == "u" and type(items) is str:
        return items.encode("utf-8")
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
    if tag == "a":
        if len(items) != 2 or items[0] not in _ARRAY_CODES or type(items[1]) is not list:
            raise CacheFormatError("unexpected array")
        return array(items[0], items[1])
    raise CacheFormatError(f"unknown tag {tag!r}")


def _trusted(fd: int) -> bool:
    """A regular file owned by this user that no one else may write."""
    info = os.fstat(fd)
    return (stat.S_ISREG(info.st_mode) and info.st_uid == os.getuid()
            and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH))


def get(kind: str, key: str) -> Any | None:
    """The value cached as `kind` under `key` (written by `put`), or None: no cache, no entry,
    or an entry that is not trusted, not readable or not what `encode` writes."""
    data = get_data(kind, key)
    if data is None:
        return None
    try:
        return decode(data)
    except (ValueError, RecursionError, TypeError):
        log.debug("ignoring the cache entry %s-%s: not what lawscore writes", kind, key)
        return None


def get_data(kind: str, key: str) -> Any | None:
    """The JSON data cached as `kind` under `key` (written by `put_data`), or None (no cache,
    no entry, or an entry that is not trusted or does not parse). A read entry's time is set
    to now, so that `prune` removes the entries used longest ago first."""
    text = get_bytes(kind, key)
    if text is None:
        return None
    try:
        return orjson.loads(text)
    except (ValueError, RecursionError):
        log.debug("ignoring the unreadable cache entry %s-%s", kind, key)
        return None


def get_bytes(kind: str, key: str) -> bytes | None:
    """The bytes of the entry `kind` `key` as written (put_bytes), or None (no cache, no entry,
    or one that is not trusted); its time set to now (see get_data)."""
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
            text = fh.read()
        try:
            os.utime(fd)
        except OSError:
            pass
        return text
    except OSError:
        log.debug("ignoring the unreadable cache entry %s", path)
        return None
    finally:
        os.close(fd)


_PARTS_HEAD = 12  # `[`, the first part's length in ten characters (spaces before it: JSON has no leading zeros), `,`


def join_parts(first: bytes, second: bytes) -> bytes:
    """Two JSON texts as one: `[len(first),first,second]`, itself JSON, in which `first` is
    found without parsing `second` and each is parsed alone (split_parts)."""
    return b"".join((b"[%10d," % len(first), first, b",", second, b"]"))  # one copy of each part, not four


def split_parts(text: bytes | memoryview | None) -> tuple[memoryview, memoryview] | None:
    """The two JSON texts join_parts joined, unparsed; None when `text` is not so made (a torn
    entry: each part must still parse)."""
    if text is None:
        return None
    view = memoryview(text)
    size = len(view)
    if size < _PARTS_HEAD + 2:
        return None
    head = bytes(view[:_PARTS_HEAD])
    if head[:1] != b"[" or head[11:12] != b"," or bytes(view[size - 1:]) != b"]":
        return None
    digits = head[1:11].lstrip(b" ")
    if not digits.isdigit():
        return None
    end = _PARTS_HEAD + int(digits)
    if end + 2 > size or bytes(view[end:end + 1]) != b",":
        return None
    return view[_PARTS_HEAD:end], view[end + 1:size - 1]


def put(kind: str, key: str, value: Any) -> None:
    """Cache `value` as `kind` under `key` (replaced in one step); a cache that cannot be
    written is no error: the next run works the value out again."""
    if folder() is None:
        return
    try:
        data = encode(value)
    except (TypeError, ValueError, RecursionError) as exc:
        log.debug("not caching %s: %s", kind, exc)
        return
    put_data(kind, key, data)


def put_data(kind: str, key: str, data: Any) -> None:
    """Cache the JSON data `data` as `kind` under `key`: written to a temporary file of this
    process, readable by this user only, and moved in place in one step."""
    if folder() is None:
        return
    try:
        text = orjson.dumps(data)
    except (TypeError, ValueError) as exc:
        log.debug("not caching %s: %s", kind, exc)
        return
    put_bytes(kind, key, text)


def put_bytes(kind: str, key: str, text: bytes) -> None:
    """Cache the JSON text `text` as `kind` under `key`, as put_data does."""
    where = folder()
    if where is None:
        return
    base = os.fspath(where)
    tmp = os.path.join(base, f".{kind}-{key}.{os.getpid()}")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW
    try:
        try:
            fd = os.open(tmp, flags, 0o600)
        except FileNotFoundError:  # no folder yet: made on the first entry, not tried for every one
            where.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd = os.open(tmp, flags, 0o600)
        try:
            view = memoryview(text)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        os.replace(tmp, os.path.join(base, f"{kind}-{key}.json"))
    except OSError:
        log.debug("cannot write the cache in %s", where)
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return
    _count_written(len(text))


_written = 0  # bytes this process has written to the cache since it last pruned


def _count_written(size: int) -> None:
    """Prune once this process has written a twentieth of the limit since it last did."""
    global _written
    _written += size
    limit = limit_bytes()
    if _written >= limit // 20:
        _written = 0
        prune(limit)


def limit_bytes() -> int:
    """The cache's size limit in bytes: LAWSCORE_CACHE_MB megabytes (default LIMIT_MB)."""
    setting = os.environ.get("LAWSCORE_CACHE_MB", "").strip()
    try:
        mb = float(setting) if setting else LIMIT_MB
    except ValueError:
        log.warning("LAWSCORE_CACHE_MB=%r is not a number of megabytes; using %d", setting, LIMIT_MB)
        mb = LIMIT_MB
    return max(0, int(mb * 1024 * 1024))


TEMP_SECONDS = 3600  # a temporary file older than this was left by a run that was killed


def prune(limit: int | None = None) -> int:
    """Keep the cache folder under `limit` bytes (default limit_bytes()): past it, remove the
    entries used longest ago until it holds nine tenths of the limit; and remove temporary
    files older than TEMP_SECONDS. Returns how many files were removed. Only files named as
    lawscore names them are touched; a file removed under a run that wanted it is worked out again."""
    where = folder()
    if where is None:
        return 0
    limit = limit_bytes() if limit is None else limit
    entries: list[tuple[float, str, int]] = []
    stale: list[str] = []
    now = time.time()
    try:
        with os.scandir(where) as found:
            for e in found:
                try:
                    info = e.stat(follow_symlinks=False)
                except OSError:
                    continue
                if not stat.S_ISREG(info.st_mode):
                    continue
                if e.name.startswith(".") and now - info.st_mtime > TEMP_SECONDS:
                    stale.append(e.name)
                elif e.name.endswith(".json") and not e.name.startswith("."):
                    entries.append((info.st_mtime, e.name, info.st_size))
    except OSError:
        return 0
    total = sum(size for _, _, size in entries)
    doomed = list(stale)
    if total > limit:
        keep = limit * 9 // 10
        for _, name, size in sorted(entries):
            if total <= keep:
                break
            doomed.append(name)
            total -= size
    removed = 0
    for name in doomed:
        try:
            os.unlink(where / name)
            removed += 1
        except OSError:
            pass
    return removed
