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
from typing import Any

from . import concepts, labels, schema_problems
from .errors import ChecklistError, Problem, did_you_mean
from .model import LEVELS, Checklist, Item, Pattern
from .schema_problems import terms
from .yamlload import LineDict, LineList, YamlError, load_yaml, read_text


@functools.lru_cache(maxsize=1)
def schema() -> dict:
    """The checklist JSON Schema shipped with the package."""
    text = resources.files("lawscore").joinpath("checklist.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def _build_pattern(raw: LineDict) -> Pattern:
    groups = []
    for entry in raw.get("all_of") or ():
        groups.append((str(entry),) if isinstance(entry, str) else terms(entry))
    return Pattern(
        all_of=tuple(groups),
        any_of=terms(raw.get("any_of")),
        none_of=terms(raw.get("none_of")),
        regex=raw.get("regex"),
        within=raw.get("within", "sentence"),
        line=raw.line,
    )


def _check_regex(path: str, item_id: str, line: int, where: str, regex: str) -> list[Problem]:
    problems = []
    if "\\b" in regex or "\\B" in regex:
        problems.append(Problem(path, line, item_id, f"{where}: \\b 在中文字之间永远不匹配; 请删去"))
    try:
        re.compile(regex)
    except re.error as exc:
        problems.append(Problem(path, line, item_id, f"{where}: 正则表达式无效({exc}); 请改正,或加引号"))
    else:
        # Nested quantifiers such as (a+)+ can take exponential time on long sentences.
        if re.search(r"\([^()]*[+*][^()]*\)[+*{]", regex):
            problems.append(Problem(path, line, item_id,
                                    f"{where}: (x+)+ 这样的嵌套重复可能运行几分钟; 请去掉外层的 + 或 *"))
    return problems


STRESS_CHARS = 2000  # a stress text is as long as a long paragraph
STRESS_SECONDS = 0.5  # a sound pattern takes microseconds on it; a runaway one never ends
STRESS_BASE = "法a1 。"  # a Chinese character, a letter, a digit, a space, a full stop


def _stress_texts(pattern: str) -> list[str]:
    """Texts a runaway pattern backtracks on: a run of each letter of the pattern (and of
    STRESS_BASE), STRESS_CHARS long, alone and after the pattern's letters (so that a literal
    the pattern needs, 法治, is there and the engine has to try every way through the run)."""
    literal = re.sub(r"\\.", "", pattern)  # \w, \d are classes, not letters of the text
    letters = "".join(dict.fromkeys(c for c in literal if c.isalnum()))[:12]
    texts = []
    for c in dict.fromkeys(letters + STRESS_BASE):
        texts += [c * STRESS_CHARS, letters + c * STRESS_CHARS, c * STRESS_CHARS + letters]
    return texts


def slow_regexes(checklist: Checklist) -> list[Problem]:
    """A Problem for each regular expression of `checklist` that does not finish within
    STRESS_SECONDS on one of its stress texts: a pattern such as `(?:\\w|\\w\\w)*法治` passes
    every check of its shape, then gives up sentence by sentence when a report is scored.
    For `lawscore validate`: timing is left out of loading, so loading stays deterministic."""
    import regex as regex_mod

    problems: list[Problem] = []
    seen: set[tuple[str, int, str]] = set()
    for item in checklist.items:
        for i, pattern in enumerate(item.patterns):
            where = (item.path or checklist.path, pattern.line, pattern.regex or "")
            if not pattern.regex or where in seen:
                continue
            seen.add(where)
            try:
                compiled = regex_mod.compile(pattern.regex)
            except regex_mod.error:
                continue  # reported when the checklist was loaded
            for text in _stress_texts(pattern.regex):
                try:
                    compiled.search(text, timeout=STRESS_SECONDS)
                except TimeoutError:
                    problems.append(Problem(where[0], pattern.line, item.id, (
                        f"patterns[{i}].regex: 在一段 {len(text)} 字的测试文字(“{text[:4]}…{text[-4:]}”)上超过 {STRESS_SECONDS:g} 秒"
                        "仍未完成,评分时会逐句超时、按不匹配处理; 请改写,去掉重复里可以互相替代的写法"
                        "(如 (?:\\w|\\w\\w)* 改为 \\w*)")))
                    break
    return problems


# Separators typed with a Chinese input method inside a [a, b] list: YAML splits only on the
# ASCII comma, so `[证明事项告知承诺，告知承诺制]` is one term that no report contains (reports
# are normalised to ASCII commas and semicolons). A 顿号 may belong to a fixed phrase
# (放得下、接得住): written in quotes, such a term is taken as meant.
_TERM_SEPARATORS = {"，": "中文逗号“，”", "；": "中文分号“；”", "、": "顿号“、”"}


def _checkterms(path: str, item_id: str, praw: LineDict, i: int) -> list[Problem]:
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


def _check_examples(path: str, item_id: str, examples: object) -> list[Problem]:
    """An example sentence cut in two by a half-width comma inside [...] (match: [甲,乙。]): YAML
    reads the comma as the list's separator, and each half would be tested as a sentence."""
    problems = []
    for key in ("match", "no_match"):
        sentences = examples.get(key) if isinstance(examples, LineDict) else None
        if not isinstance(sentences, LineList):
            continue
        for k, glued in enumerate(getattr(sentences, "item_glued", ())):
            if glued:
                first, then = sentences[k], sentences[k + 1]
                problems.append(Problem(path, sentences.item_lines[k], item_id,
                                        f'examples.{key}: 例句 "{first},{then}" 在 [...] 里被半角逗号 "," 分成了两句'
                                        f'("{first}" 和 "{then}"); 句中的逗号请用全角 "，",'
                                        '或给整句加引号,或每行写一句(- 例句)'))
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
                                    f"id 重复(第 {seen[item_id]} 行已用过); 每个条目用自己的 id"))
        seen.setdefault(item_id, raw.line)
        patterns = raw.get("patterns")
        for i, praw in enumerate(patterns if isinstance(patterns, list) else []):
            if isinstance(praw, LineDict) and isinstance(praw.get("regex"), str):
                problems.extend(_check_regex(path, item_id, praw.line_of("regex"), f"patterns[{i}].regex", praw["regex"]))
            if isinstance(praw, LineDict):
                problems.extend(_checkterms(path, item_id, praw, i))
    return problems


Resolver = Callable[[str, int], "Checklist"]

# Messages for numbers outside the range the schema gives (minimum/maximum), by field name;
# {lo} and {hi} come from the schema, so the range is written in one place.
_RANGE_MESSAGES = {
    "clause": "clause {value} 不是纲要的节号; 请用 {lo}-{hi}",
    "measure": "measure {value} 不是2015—2020纲要的措施号; 请用 {lo}-{hi}",
}


def _level_message(word: str) -> str:
    """What a level that is not a level code says: the code of a level written in Chinese, or
    the codes close to it; always with the list of levels."""
    code = labels.level_code(word)
    if code is not None:
        return f'"{word}" 要写成层级代码 {code}; 层级代码: {labels.level_list()}'
    hint = did_you_mean(word, set(labels.LEVEL_LABELS), "请用层级代码。")
    return f'没有层级 "{word}"; {hint} 层级代码: {labels.level_list()}'


def _read(text: str, path: str) -> tuple[LineDict | None, list[Problem]]:
    """Parse the YAML and validate it against the schema: the data, or None and the problems."""
    try:
        data = load_yaml(text)
    except YamlError as exc:
        return None, [Problem(path, exc.line, "", exc.message)]
    if data is None:
        return None, [Problem(path, 1, "", "文件是空的; 清单需要 id、title、kind 和 items")]
    if not isinstance(data, LineDict):
        return None, [Problem(path, getattr(data, "line", 1), "",
                              "清单必须是“字段: 值”的映射,不能是列表或一段文字; 请以 'id:' 开头")]

    def in_words(error, where: str) -> str | None:
        field = list(error.absolute_path)[-1] if error.absolute_path else None
        epath = list(error.absolute_path)
        if error.validator == "enum" and len(epath) >= 2 and epath[-2] == "levels":
            return f"{where}: {_level_message(str(error.instance))}"
        if error.validator in ("minimum", "maximum") and field in _RANGE_MESSAGES:
            return _RANGE_MESSAGES[str(field)].format(value=error.instance, lo=error.schema.get("minimum"),
                                                      hi=error.schema.get("maximum"))
        return None

    problems = schema_problems.problems(data, schema(), path, "items", in_words)
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
                                  "extends 需要清单所在的文件夹; 请用 lawscore validate 或 evaluate 读取")]
        try:
            parent = resolve(str(data["extends"]), data.line_of("extends"))
        except ChecklistError as exc:
            return None, exc.problems
    elif "kind" not in data:
        problems.append(Problem(path, data.line, "", '缺少字段 "kind"; 请写 kind: outline 或 kind: rules'))
    if parent is None and not data.get("items"):
        problems.append(Problem(path, data.line_of("items"), "",
                                "清单至少要在 items: 下写一个条目,或用 extends: 继承另一个清单; 请补上"))
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
        problems.append(Problem(path, line, item_id, "纲要条目需要 clause:(它的节号); 请补上"))
    chapter = str(raw.get("chapter", ""))
    if chapter_ids and chapter not in chapter_ids:
        problems.append(Problem(path, raw.line_of("chapter"), item_id,
                                f'chapter "{chapter}" 不在 chapters 中; 请用其中之一: {", ".join(sorted(chapter_ids, key=labels.chapter_order))}'))
    patterns = []
    for i, praw in enumerate(raw.get("patterns") or ()):
        if praw.get("regex"):
            problems.extend(_check_regex(path, item_id, praw.line_of("regex"), f"patterns[{i}].regex", praw["regex"]))
        problems.extend(_checkterms(path, item_id, praw, i))
        patterns.append(_build_pattern(praw))
    problems.extend(_check_examples(path, item_id, raw.get("examples")))
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
        should_match=terms((raw.get("examples") or {}).get("match")),
        should_not_match=terms((raw.get("examples") or {}).get("no_match")),
        note=str(raw.get("note", "")),
        source=str(raw.get("source", "")),
        line=line,
        measure=measure,
        corresponds=tuple(raw.get("corresponds") or ()),
        path=path,
        check=raw.get("check"),
        in_headings=bool(raw.get("headings", False)),
        optional=bool(raw.get("optional", False)),
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
                                    f"id 重复(第 {seen[item_id]} 行已用过); 每个条目用自己的 id"))
        seen.setdefault(item_id, raw.line)
        item, item_problems = _build_item(raw, path, kind, chapter_ids)
        problems.extend(item_problems)
        items.append(item)
    return items, problems


def _merge(parent: Checklist, items: list[Item], data: LineDict, path: str) -> tuple[list[Item], list[Problem]]:
    """The parent's items in its order, less `drop:`, reweighed by `reweigh:`, each replaced by
    the item of this checklist that says `replaces: <its id>`; then this checklist's new items.

    An item of this checklist with an inherited id and no `replaces:` is an error: it would
    silently take the place of the national item (a provincial author copying an id by mistake)."""
    problems: list[Problem] = []
    inherited = {i.id: i for i in parent.items}
    dropped = set()
    for k, item_id in enumerate(data.get("drop") or ()):
        if item_id not in inherited:
            problems.append(Problem(path, data["drop"].item_lines[k], item_id,
                                    f"drop: {parent.id} 中没有这个 id 的条目; 请检查 id"))
        dropped.add(item_id)
    reweigh: Any = data.get("reweigh") or {}
    for item_id in reweigh:
        if item_id not in inherited:
            problems.append(Problem(path, reweigh.line_of(item_id), item_id,
                                    f"reweigh: {parent.id} 中没有这个 id 的条目; 请检查 id"))
    replacing: dict[str, Item] = {}  # inherited id -> the item of this checklist that takes its place
    for raw, item in zip(data.get("items") or (), items):
        target = raw.get("replaces")
        if target is None:
            if item.id in inherited:
                old = inherited[item.id]
                problems.append(Problem(path, item.line, item.id, (
                    f"id 与所继承清单 {parent.id} 的条目相同({old.path or parent.path}:{old.line}),会把那一条整个替换掉; "
                    f"若是有意替换,请在这一条目下写 replaces: {item.id};否则请换一个 id")))
            continue
        line = raw.line_of("replaces")
        if target not in inherited:
            hint = did_you_mean(str(target), set(inherited), "请写所继承清单中条目的 id")
            problems.append(Problem(path, line, item.id,
                                    f"replaces: {parent.id} 中没有 id 为 \"{target}\" 的条目; {hint}"))
        elif target in dropped:
            problems.append(Problem(path, line, item.id,
                                    f"replaces: {target} 同时写在 drop 中; 替换就不必删除,请从 drop 中删去它"))
        elif target in replacing:
            problems.append(Problem(path, line, item.id,
                                    f"replaces: {target} 已由条目 {replacing[target].id}(第 {replacing[target].line} 行)替换; "
                                    "一个继承条目只能由一个条目替换"))
        elif item.id != target and item.id in inherited:
            problems.append(Problem(path, item.line, item.id,
                                    f"id 与所继承清单 {parent.id} 的另一条目相同,而 replaces 写的是 {target}; "
                                    "请换一个 id,或让 replaces 写这个 id"))
        else:
            replacing[target] = item
    placed = {i.id for i in replacing.values()}
    merged = []
    for item in parent.items:
        if item.id in dropped:
            continue
        if item.id in replacing:
            merged.append(replacing[item.id])
        elif item.id in reweigh:
            merged.append(dataclasses.replace(item, weight=float(reweigh[item.id])))
        else:
            merged.append(item)
    return merged + [i for i in items if i.id not in placed and i.id not in inherited], problems


def parse(text: str, path: str, resolve: Resolver | None = None) -> tuple[Checklist | None, list[Problem]]:
    """Parse one checklist's text. Returns the checklist (None if unusable) and its problems.

    `resolve(name, line)` loads the checklist named by `extends:`; without it, a checklist
    that extends another is reported as a problem.
    """
    data, problems = _read(text, path)
    if data is None:
        return None, problems
    # $名字 in a pattern names a concept of the vocabulary beside the checklist (concepts.py)
    concept_problems = concepts.expand(data, path)
    parent, problems = _parent(data, path, resolve)
    if problems:
        return None, concept_problems + problems
    problems = concept_problems

    chapters = _chapters(data, parent)
    kind = data.get("kind") or (parent.kind if parent else "outline")
    if parent and kind != parent.kind:
        problems.append(Problem(path, data.line_of("kind"), "",
                                f'kind "{kind}" 与所继承清单的 "{parent.kind}" 不同; 请删去 kind'))
    items, item_problems = _build_items(data, path, kind, {c for c, _ in chapters})
    problems.extend(item_problems)
    if parent is None:
        problems.extend(Problem(path, raw.line_of("replaces"), str(raw["id"]),
                                "replaces 只用于继承(extends)的清单; 请删去这一行,或在文件开头写 extends:")
                        for raw in data.get("items") or () if "replaces" in raw)
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
        text = read_text(path)
    except FileNotFoundError:
        raise ChecklistError([Problem(shown, 0, "", "没有这个清单文件; 请检查路径")]) from None
    except YamlError as exc:
        raise ChecklistError([Problem(shown, 0, "", exc.message)]) from None
    except UnicodeDecodeError:
        raise ChecklistError([Problem(shown, 0, "", "文件不是 UTF-8 文本; 请另存为 UTF-8")]) from None
    except OSError as exc:
        raise ChecklistError([Problem(shown, 0, "", f"无法读取文件({exc.strerror or exc}); 请检查路径和权限")]) from None
    chain = _chain + (str(path.resolve()),)

    def resolve(name: str, line: int) -> Checklist:
        if not _plain_name(name):
            raise ChecklistError([Problem(shown, line, "", "extends 只能写同一文件夹中清单的 id 或文件名,不能写路径; "
                                                            "请把要继承的清单放进这个文件夹,写它的 id")])
        target = find(path.parent, name)
        if target is None:
            raise ChecklistError([Problem(shown, line, "", f'extends "{name}": {path.parent} 中没有这个清单; '
                                                            "请用同一文件夹中清单的 id 或文件名")])
        if str(target.resolve()) in chain:
            cycle = " -> ".join(Path(p).name for p in chain[chain.index(str(target.resolve())):]) + f" -> {target.name}"
            raise ChecklistError([Problem(shown, line, "", f"extends 形成了循环({cycle}); 请删去其中一个 extends")])
        return load(target, chain)

    checklist, problems = parse(text, shown, resolve)
    if problems or checklist is None:
        raise ChecklistError(problems)
    return checklist


def _plain_name(name: str) -> bool:
    """Whether `name` names a file in a folder, not a path: no separator, no `..`, not absolute."""
    return bool(name) and name not in (".", "..") and not any(c in name for c in "/\\\0")


def find(folder: Path, name: str) -> Path | None:
    """The checklist file in `folder` named `name` (file name with or without .yaml, or id).
    Only a file of the folder itself: a name that is a path, or a link that leads out of the
    folder, finds nothing."""
    if not _plain_name(name):
        return None
    home = folder.resolve()
    for candidate in (folder / name, folder / f"{name}.yaml", folder / f"{name}.yml"):
        if candidate.is_file() and candidate.resolve().parent == home:
            return candidate
    for path in discover(folder):
        try:
            data = load_yaml(read_text(path))
        except (YamlError, OSError, UnicodeDecodeError):
            continue
        if isinstance(data, dict) and data.get("id") == name:
            return path
    return None


def discover(folder: Path | str) -> list[Path]:
    """Checklist files in a folder, sorted by name: regular files only (a FIFO named x.yaml
    would block the run that reads it)."""
    folder = Path(folder)
    return sorted(p for p in folder.glob("*.y*ml") if p.suffix in (".yaml", ".yml") and p.is_file())


def covers(checklist: Checklist, year: int | None) -> bool:
    """Whether `checklist` is meant for reports on `year` (its `years`). Every checklist may
    score a report whose year is unknown: choose then takes the newest."""
    lo, hi = checklist.years
    return year is None or ((lo is None or year >= lo) and (hi is None or year <= hi))


def choose(checklists: list[Checklist], kind: str, year: int | None) -> Checklist | None:
    """The checklist of `kind` whose years cover `year` (the newest of them: all cover an
    unknown year); the newest of all when none does."""
    candidates = [c for c in checklists if c.kind == kind and c.automatic]
    if not candidates:
        return None
    fitting = [c for c in candidates if covers(c, year)]
    pool = fitting or candidates
    # Newest first: the highest start year, then the id for a stable choice.
    return sorted(pool, key=lambda c: (-(c.years[0] or 0), c.id))[0]
