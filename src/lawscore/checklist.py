"""Load checklist YAML, validate it against the shipped JSON Schema, and build Items.

Every problem found is collected with its file and line, so an author sees all of them in one
run: `checklists/x.yaml:57: c11-catalogue: patterns[1]: unknown field "nearby"; use one of …`.
"""
from __future__ import annotations

import dataclasses
import functools
import json
import re
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from .errors import ChecklistError, Problem
from .model import LEVELS, Checklist, Item, Pattern
from .yamlload import LineDict, LineList, YamlError, load_yaml


@functools.lru_cache(maxsize=1)
def schema() -> dict:
    """The checklist JSON Schema shipped with the package."""
    text = resources.files("lawscore").joinpath("checklist.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def _line_at(data, path) -> int:
    """The line of the deepest node on `path` that remembers one."""
    line = getattr(data, "line", 1)
    node = data
    for key in path:
        if isinstance(node, LineDict):
            line = node.line_of(key)
            node = node.get(key)
        elif isinstance(node, LineList) and isinstance(key, int) and key < len(node):
            line = node.item_lines[key]
            node = node[key]
        else:
            break
    return line


def _item_id_at(data, path) -> str:
    path = list(path)
    if len(path) >= 2 and path[0] == "items" and isinstance(path[1], int):
        items = data.get("items") if isinstance(data, dict) else None
        if isinstance(items, list) and path[1] < len(items) and isinstance(items[path[1]], dict):
            return str(items[path[1]].get("id", f"items[{path[1]}]"))
        return f"items[{path[1]}]"
    return ""


def _where(path) -> str:
    """A readable location inside an item, e.g. patterns[1].any_of."""
    parts = list(path)[2:] if len(path) >= 2 and path[0] == "items" else list(path)
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


def _schema_message(error) -> str:
    """Turn a jsonschema error into what is wrong and how to fix it."""
    v = error.validator
    if v == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = sorted(set(error.instance) - set(allowed)) if isinstance(error.instance, dict) else []
        names = ", ".join(f'"{e}"' for e in extra)
        return f"unknown field {names}; use one of: {', '.join(allowed)}"
    if v == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        return f'missing field "{missing[0] if missing else error.message}"; add it'
    if v == "type":
        want = error.validator_value
        want = " or ".join(want) if isinstance(want, list) else want
        word = {"number": "a number", "integer": "a whole number", "string": "text", "array": "a list",
                "object": "a mapping of field: value", "boolean": "true or false"}
        shown = json.dumps(error.instance, ensure_ascii=False)
        return f"{shown} is not {word.get(want, want)}; write {word.get(want, want)} here"
    if v == "enum":
        shown = json.dumps(error.instance, ensure_ascii=False)
        return f"{shown} is not allowed; use one of: {', '.join(map(str, error.validator_value))}"
    if v == "pattern":
        return f'"{error.instance}" has characters that are not allowed; use letters, digits, "-", "." or "_"'
    if v in ("minItems", "minLength"):
        return "is empty; give at least one entry"
    if v in ("minimum", "maximum") and "minimum" in error.schema and "maximum" in error.schema:
        return f"{error.instance} is out of range; use {error.schema['minimum']}-{error.schema['maximum']}"
    if v in ("exclusiveMinimum", "minimum", "maximum"):
        return f"{error.instance} is out of range ({error.message}); use a number above 0 and at most 10"
    if v == "anyOf" and isinstance(error.instance, dict) and ("title" in error.instance or "weight" in error.instance):
        missing = [k for k in ("patterns", "examples") if k not in error.instance]
        return f'missing field "{missing[0] if missing else "patterns"}"; add it (or give check: on_time for a check of the publication date)'
    if v == "anyOf":
        return "a pattern needs any_of or all_of; add the terms it must find"
    return error.message


def _terms(value) -> tuple[str, ...]:
    return tuple(str(v) for v in value or ())


def _build_pattern(raw: LineDict) -> Pattern:
    groups = []
    for entry in raw.get("all_of") or ():
        groups.append((str(entry),) if isinstance(entry, str) else _terms(entry))
    return Pattern(
        all_of=tuple(groups),
        any_of=_terms(raw.get("any_of")),
        none_of=_terms(raw.get("none_of")),
        regex=raw.get("regex"),
        within=raw.get("within", "sentence"),
        line=raw.line,
    )


def _check_regex(path: str, item_id: str, line: int, where: str, regex: str) -> list[Problem]:
    problems = []
    if "\\b" in regex or "\\B" in regex:
        problems.append(Problem(path, line, item_id, f"{where}: \\b never matches between Chinese characters; remove it"))
    try:
        re.compile(regex)
    except re.error as exc:
        problems.append(Problem(path, line, item_id, f"{where}: invalid regular expression ({exc}); fix or quote it"))
    else:
        # Nested quantifiers such as (a+)+ can take exponential time on long sentences.
        if re.search(r"\([^()]*[+*][^()]*\)[+*{]", regex):
            problems.append(Problem(path, line, item_id,
                                    f"{where}: nested repetition like (x+)+ can run for minutes; remove the outer + or *"))
    return problems


# Separators typed with a Chinese input method inside a [a, b] list: YAML splits only on the
# ASCII comma, so `[证明事项告知承诺，告知承诺制]` is one term that no report contains (reports
# are normalised to ASCII commas and semicolons). A 顿号 may belong to a fixed phrase
# (放得下、接得住): written in quotes, such a term is taken as meant.
_TERM_SEPARATORS = {"，": "中文逗号“，”", "；": "中文分号“；”", "、": "顿号“、”"}


def _check_terms(path: str, item_id: str, praw: LineDict, i: int) -> list[Problem]:
    """A term of a pattern that holds a Chinese comma, 顿号 or semicolon: two terms run together."""
    found: list[tuple[str, int, bool, str]] = []  # (term, line, quoted, where)

    def add(terms: object, where: str) -> None:
        if isinstance(terms, LineList):
            for k, term in enumerate(terms):
                if isinstance(term, str):
                    found.append((term, terms.item_lines[k], terms.item_quoted[k], where))
                else:
                    add(term, f"{where}[{k}]")  # a group of all_of

    for key in ("any_of", "all_of", "none_of"):
        add(praw.get(key), f"patterns[{i}].{key}")
    problems = []
    for term, line, quoted, where in found:
        chars = [name for char, name in _TERM_SEPARATORS.items() if char in term and not (quoted and char == "、")]
        if chars:
            problems.append(Problem(path, line, item_id,
                                    f'{where}: 词 "{term}" 里有{"、".join(chars)},会被当成一个词,永远匹配不上; '
                                    '在 [...] 里用英文逗号 "," 分隔各词,或每行写一个词(- 词)'
                                    + (";带顿号的固定说法请加引号(如 '放得下、接得住')" if "、" in term else "")))
    return problems


def _loose_checks(data: LineDict, path: str) -> list[Problem]:
    """Duplicate ids and bad regular expressions in a checklist whose shape is not valid."""
    problems: list[Problem] = []
    items = data.get("items")
    if not isinstance(items, list):
        return problems
    seen: dict[str, int] = {}
    for raw in items:
        if not isinstance(raw, LineDict):
            continue
        item_id = str(raw.get("id", ""))
        if item_id and item_id in seen:
            problems.append(Problem(path, raw.line, item_id,
                                    f"duplicate id (first used on line {seen[item_id]}); give each item its own id"))
        seen.setdefault(item_id, raw.line)
        patterns = raw.get("patterns")
        for i, praw in enumerate(patterns if isinstance(patterns, list) else []):
            if isinstance(praw, LineDict) and isinstance(praw.get("regex"), str):
                problems.extend(_check_regex(path, item_id, praw.line_of("regex"), f"patterns[{i}].regex", praw["regex"]))
            if isinstance(praw, LineDict):
                problems.extend(_check_terms(path, item_id, praw, i))
    return problems


Resolver = Callable[[str, int], "Checklist"]

# Messages for numbers outside the range the schema gives (minimum/maximum), by field name;
# {lo} and {hi} come from the schema, so the range is written in one place.
_RANGE_MESSAGES = {
    "clause": "clause {value} is not a section of the outline; use {lo}-{hi}",
    "measure": "measure {value} is not a measure of the 2015-2020 outline; use {lo}-{hi}",
}


def _read(text: str, path: str) -> tuple[LineDict | None, list[Problem]]:
    """Parse the YAML and validate it against the schema: the data, or None and the problems."""
    try:
        data = load_yaml(text)
    except YamlError as exc:
        return None, [Problem(path, exc.line, "", exc.message)]
    if data is None:
        return None, [Problem(path, 1, "", "the file is empty; a checklist needs id, title, kind and items")]
    if not isinstance(data, LineDict):
        return None, [Problem(path, getattr(data, "line", 1), "",
                              "a checklist must be a mapping of field: value, not a list or text; start with 'id:'")]

    import jsonschema  # only when a checklist is really parsed (not when the cache has it)

    problems: list[Problem] = []
    validator = jsonschema.Draft202012Validator(schema())
    for error in sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]):
        epath = list(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            extra = [k for k in error.instance if k not in error.schema.get("properties", {})]
            if extra:
                epath = epath + [extra[0]]
        where = _where(error.absolute_path)
        field = epath[-1] if epath else None
        if error.validator in ("minimum", "maximum") and field in _RANGE_MESSAGES:
            message = _RANGE_MESSAGES[str(field)].format(value=error.instance, lo=error.schema.get("minimum"),
                                                         hi=error.schema.get("maximum"))
        else:
            message = _schema_message(error)
            message = f"{where}: {message}" if where else message
        problems.append(Problem(path, _line_at(data, epath), _item_id_at(data, error.absolute_path), message))
    if problems:
        # The shape is wrong somewhere; still check what can be checked, so that an author
        # sees every problem in one run.
        problems.extend(_loose_checks(data, path))
        return None, problems
    return data, []


def _parent(data: LineDict, path: str, resolve: Resolver | None) -> tuple[Checklist | None, list[Problem]]:
    """The checklist named by `extends:` (None when there is none), and what stops the checklist
    from being built: an unresolvable parent, or no kind or items without one."""
    parent: Checklist | None = None
    problems: list[Problem] = []
    if data.get("extends"):
        if resolve is None:
            return None, [Problem(path, data.line_of("extends"), "",
                                  "extends needs the checklist's folder; load it with lawscore validate or evaluate")]
        try:
            parent = resolve(str(data["extends"]), data.line_of("extends"))
        except ChecklistError as exc:
            return None, exc.problems
    elif "kind" not in data:
        problems.append(Problem(path, data.line, "", 'missing field "kind"; add kind: outline or kind: rules'))
    if parent is None and not data.get("items"):
        problems.append(Problem(path, data.line_of("items"), "",
                                "a checklist needs at least one item under items:, or extends: another checklist"))
    return parent, problems


def _chapters(data: LineDict, parent: Checklist | None) -> list[tuple[str, str]]:
    """The parent's chapters, with this checklist's chapters replacing or added to them."""
    chapters = list(parent.chapters) if parent else []
    for c in data.get("chapters") or ():
        entry = (str(c["id"]), str(c["title"]))
        known = [i for i, (cid, _) in enumerate(chapters) if cid == entry[0]]
        if known:
            chapters[known[0]] = entry
        else:
            chapters.append(entry)
    return chapters


def _build_item(raw: LineDict, path: str, kind: str, chapter_ids: set[str]) -> tuple[Item, list[Problem]]:
    """One Item from its validated YAML, and what is wrong with it beyond the schema."""
    item_id = str(raw["id"])
    line = raw.line
    problems: list[Problem] = []
    clause = raw.get("clause")
    measure = raw.get("measure")
    if kind == "outline" and clause is None and measure is None:
        problems.append(Problem(path, line, item_id, "an outline item needs clause: (its section number); add it"))
    chapter = str(raw.get("chapter", ""))
    if chapter_ids and chapter not in chapter_ids:
        problems.append(Problem(path, raw.line_of("chapter"), item_id,
                                f'chapter "{chapter}" is not listed under chapters; use one of: {", ".join(sorted(chapter_ids))}'))
    patterns = []
    for i, praw in enumerate(raw.get("patterns") or ()):
        if praw.get("regex"):
            problems.extend(_check_regex(path, item_id, praw.line_of("regex"), f"patterns[{i}].regex", praw["regex"]))
        problems.extend(_check_terms(path, item_id, praw, i))
        patterns.append(_build_pattern(praw))
    item = Item(
        id=item_id,
        title=str(raw["title"]),
        chapter=chapter,
        clause=clause,
        weight=float(raw["weight"]),
        levels=tuple(raw.get("levels") or LEVELS),
        patterns=tuple(patterns),
        expect=raw.get("expect", "achievements"),
        require_concrete=raw.get("require_concrete", True),
        should_match=_terms((raw.get("examples") or {}).get("match")),
        should_not_match=_terms((raw.get("examples") or {}).get("no_match")),
        note=str(raw.get("note", "")),
        source=str(raw.get("source", "")),
        line=line,
        measure=measure,
        corresponds=tuple(raw.get("corresponds") or ()),
        path=path,
        check=raw.get("check"),
        in_headings=bool(raw.get("headings", False)),
    )
    return item, problems


def _build_items(data: LineDict, path: str, kind: str, chapter_ids: set[str]) -> tuple[list[Item], list[Problem]]:
    """The checklist's own items, in file order; duplicate ids are reported."""
    items: list[Item] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for raw in data.get("items") or ():
        item_id = str(raw["id"])
        if item_id in seen:
            problems.append(Problem(path, raw.line, item_id,
                                    f"duplicate id (first used on line {seen[item_id]}); give each item its own id"))
        seen.setdefault(item_id, raw.line)
        item, item_problems = _build_item(raw, path, kind, chapter_ids)
        problems.extend(item_problems)
        items.append(item)
    return items, problems


def _merge(parent: Checklist, items: list[Item], data: LineDict, path: str) -> tuple[list[Item], list[Problem]]:
    """The parent's items in its order, less `drop:`, reweighed by `reweigh:`, replaced by this
    checklist's items of the same id; then this checklist's new items."""
    problems: list[Problem] = []
    inherited = {i.id: i for i in parent.items}
    dropped = set()
    for k, item_id in enumerate(data.get("drop") or ()):
        if item_id not in inherited:
            problems.append(Problem(path, data["drop"].item_lines[k], item_id,
                                    f"drop: no item with this id in {parent.id}; check the id"))
        dropped.add(item_id)
    reweigh = data.get("reweigh") or {}
    for item_id in reweigh:
        if item_id not in inherited:
            problems.append(Problem(path, reweigh.line_of(item_id), item_id,
                                    f"reweigh: no item with this id in {parent.id}; check the id"))
    own = {i.id: i for i in items}
    merged = []
    for item in parent.items:
        if item.id in dropped:
            continue
        if item.id in own:
            merged.append(own.pop(item.id))
        elif item.id in reweigh:
            merged.append(dataclasses.replace(item, weight=float(reweigh[item.id])))
        else:
            merged.append(item)
    return merged + [i for i in items if i.id in own], problems


def parse(text: str, path: str, resolve: Resolver | None = None) -> tuple[Checklist | None, list[Problem]]:
    """Parse one checklist's text. Returns the checklist (None if unusable) and its problems.

    `resolve(name, line)` loads the checklist named by `extends:`; without it, a checklist
    that extends another is reported as a problem.
    """
    data, problems = _read(text, path)
    if data is None:
        return None, problems
    parent, problems = _parent(data, path, resolve)
    if problems:
        return None, problems

    chapters = _chapters(data, parent)
    kind = data.get("kind") or (parent.kind if parent else "outline")
    if parent and kind != parent.kind:
        problems.append(Problem(path, data.line_of("kind"), "",
                                f'kind "{kind}" differs from "{parent.kind}" of the checklist it extends; remove kind'))
    items, item_problems = _build_items(data, path, kind, {c for c, _ in chapters})
    problems.extend(item_problems)
    if parent is not None:
        items, merge_problems = _merge(parent, items, data, path)
        problems.extend(merge_problems)

    years = data.get("years") or {}
    checklist = Checklist(
        id=data["id"],
        title=data["title"],
        kind=kind,
        years=(years.get("from"), years.get("to")) if years or parent is None else parent.years,
        chapters=tuple(chapters),
        items=tuple(items),
        path=path,
        description=str(data.get("description", parent.description if parent else "")),
        extends=parent.id if parent else None,
        automatic=bool(data.get("automatic", True)),
    )
    return checklist, problems


def load(path: Path | str, _chain: tuple[str, ...] = ()) -> Checklist:
    """Load and validate one checklist file, with what it extends; raise ChecklistError listing every problem."""
    path = Path(path)
    shown = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ChecklistError([Problem(shown, 0, "", "no such checklist file; check the path")]) from None
    except UnicodeDecodeError:
        raise ChecklistError([Problem(shown, 0, "", "the file is not UTF-8 text; save it as UTF-8")]) from None
    except OSError as exc:
        raise ChecklistError([Problem(shown, 0, "", f"cannot read the file ({exc.strerror or exc})")]) from None
    chain = _chain + (str(path.resolve()),)

    def resolve(name: str, line: int) -> Checklist:
        target = find(path.parent, name)
        if target is None:
            raise ChecklistError([Problem(shown, line, "", f'extends "{name}": no such checklist in {path.parent}; '
                                                            "use the id or file name of a checklist in the same folder")])
        if str(target.resolve()) in chain:
            cycle = " -> ".join(Path(p).name for p in chain[chain.index(str(target.resolve())):]) + f" -> {target.name}"
            raise ChecklistError([Problem(shown, line, "", f"extends makes a cycle ({cycle}); remove one of the extends")])
        return load(target, chain)

    checklist, problems = parse(text, shown, resolve)
    if problems or checklist is None:
        raise ChecklistError(problems)
    return checklist


def find(folder: Path, name: str) -> Path | None:
    """The checklist file in `folder` named `name` (file name with or without .yaml, or id)."""
    for candidate in (folder / name, folder / f"{name}.yaml", folder / f"{name}.yml"):
        if candidate.is_file():
            return candidate
    for path in discover(folder):
        try:
            data = load_yaml(path.read_text(encoding="utf-8"))
        except (YamlError, OSError, UnicodeDecodeError):
            continue
        if isinstance(data, dict) and data.get("id") == name:
            return path
    return None


def discover(folder: Path | str) -> list[Path]:
    """Checklist files in a folder, sorted by name."""
    folder = Path(folder)
    return sorted(p for p in folder.glob("*.y*ml") if p.suffix in (".yaml", ".yml"))


def choose(checklists: list[Checklist], kind: str, year: int | None) -> Checklist | None:
    """The checklist of `kind` whose years cover `year`; the newest when the year is unknown."""
    candidates = [c for c in checklists if c.kind == kind and c.automatic]
    if not candidates:
        return None

    def covers(c: Checklist) -> bool:
        lo, hi = c.years
        return year is not None and (lo is None or year >= lo) and (hi is None or year <= hi)

    fitting = [c for c in candidates if covers(c)]
    pool = fitting or candidates
    # Newest first: the highest start year, then the id for a stable choice.
    return sorted(pool, key=lambda c: (-(c.years[0] or 0), c.id))[0]
