"""Named families of phrasing (concepts) that checklist items compose instead of repeating
term lists.

A concept is a name and the terms reports use for one idea: kinds of meeting (常务会议,
党政联席会议, 专题会 …), deliberating verbs (研究, 听取, 审议 …), rule-of-law topics
(法治政府建设, 法治建设, 依法行政 …). They live beside the checklists, in
`checklists/concepts/*.yaml`:

    concepts:
      会议:
        title: 党委、政府和部门的会议
        terms: [常委会, 常务会议, 党组会, 党政联席会议, 专题会]
      法治主题:
        title: 法治政府建设这一工作本身
        terms: [$法治政府, 法治建设, 依法行政]

An item names a concept with `$` wherever it may write a term: `any_of: [$述法]`,
`all_of: [$会议, $审议, $法治主题]` (an all_of entry that is one concept is one group of
its terms), `none_of: [$学习]`. A concept may include another the same way. References are
resolved when a checklist is loaded (`expand`, called by checklist.parse), so matching
never sees a concept, only its terms: a synonym added to a concept once reaches every item
that uses it, at no cost per report beyond one more term in the automaton.
"""
from __future__ import annotations

import difflib
import functools
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .errors import Problem
from .yamlload import LineDict, LineList, YamlError, load_yaml, read_text

FOLDER = "concepts"  # the subfolder of a checklists folder that holds the vocabulary
SIGIL = "$"
_KEYS = ("any_of", "all_of", "none_of")


@dataclass(frozen=True)
class Concept:
    name: str
    title: str
    terms: tuple[str, ...]  # literal terms, the included concepts' terms expanded in place
    uses: tuple[str, ...]  # the concepts it includes, by name
    path: str
    line: int


@dataclass(frozen=True)
class Vocabulary:
    """The concepts of one checklists folder, and what is wrong with their files."""

    concepts: dict[str, Concept]
    problems: tuple[Problem, ...]
    files: tuple[str, ...]


def folder_of(checklist_path: str | Path) -> Path:
    """The concepts folder that serves the checklists of `checklist_path`'s folder."""
    return Path(checklist_path).parent / FOLDER


def files(concept_folder: Path) -> list[Path]:
    """The vocabulary files of a concepts folder, sorted by name (none when there is no folder)."""
    if not concept_folder.is_dir():
        return []
    return sorted(p for p in concept_folder.glob("*.y*ml") if p.suffix in (".yaml", ".yml") and p.is_file())  # not a FIFO


def is_concept_file(path: str | Path) -> bool:
    """Whether `lawscore validate` should read this file as a vocabulary, not a checklist."""
    return Path(path).parent.name == FOLDER


@functools.lru_cache(maxsize=1)
def schema() -> dict:
    text = resources.files("lawscore").joinpath("concepts.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def load(concept_folder: Path) -> Vocabulary:
    """The vocabulary of a concepts folder; every file is read, and every problem kept."""
    paths = files(concept_folder)
    texts = []
    problems: list[Problem] = []
    for path in paths:
        try:
            texts.append((str(path), read_text(path)))  # a regular file of at most 2 MB (issue 22)
        except YamlError as exc:
            problems.append(Problem(str(path), 0, "", exc.message))
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(str(path), 0, "", f"无法读取概念词表({exc}); 请另存为 UTF-8 文本"))
    vocabulary = _parse(tuple(texts))
    return Vocabulary(vocabulary.concepts, tuple(problems) + vocabulary.problems, vocabulary.files)


@functools.lru_cache(maxsize=8)
def _parse(texts: tuple[tuple[str, str], ...]) -> Vocabulary:
    """The concepts of the files' texts (path, text), resolved; cached by text, since each
    checklist of a folder asks for the same vocabulary."""
    raw: dict[str, tuple[LineDict, str]] = {}
    problems: list[Problem] = []
    for path, text in texts:
        data, read_problems = _read(text, path)
        problems.extend(read_problems)
        if data is None:
            continue
        for name, body in data.items():
            if name in raw:
                problems.append(Problem(path, data.line_of(name), "",
                                        f'概念 "{name}" 在 {raw[name][1]} 中已定义; 每个概念只定义一次'))
                continue
            raw[name] = (body, path)
    concepts: dict[str, Concept] = {}
    for name in raw:
        _resolve(name, raw, concepts, problems, ())
    return Vocabulary(concepts, tuple(sorted(set(problems))), tuple(p for p, _ in texts))


def _read(text: str, path: str) -> tuple[LineDict | None, list[Problem]]:
    """The `concepts:` mapping of one file, validated against concepts.schema.json."""
    try:
        data = load_yaml(text)
    except YamlError as exc:
        return None, [Problem(path, exc.line, "", exc.message)]
    if not isinstance(data, LineDict):
        return None, [Problem(path, getattr(data, "line", 1), "", "概念词表须以 'concepts:' 开头,下面每个概念一项")]
    from . import schema_problems

    def named(error, where: str) -> str | None:
        if error.validator == "pattern" and len(error.absolute_path) == 1:
            return f'{where}: 概念名 "{error.instance}" 不能含空格、逗号、顿号或 $; 请改名'
        return None

    # the same messages and lines as a checklist's (an unknown field on its own line)
    problems = schema_problems.problems(data, schema(), path, "", named)
    if problems:
        return None, problems
    concepts = data["concepts"]
    from .checklist import _TERM_SEPARATORS

    for name, body in concepts.items():
        terms = body["terms"]
        for k, term in enumerate(terms):
            chars = [label for char, label in _TERM_SEPARATORS.items()
                     if char in term and not (terms.item_quoted[k] and char == "、")]
            if chars:
                problems.append(Problem(path, terms.item_lines[k], "",
                                        f'{name}: 词 "{term}" 里有{"、".join(chars)},会被当成一个词; '
                                        '在 [...] 里用英文逗号 "," 分隔各词'))
    return (None, problems) if problems else (concepts, [])


def _resolve(name: str, raw: dict[str, tuple[LineDict, str]], done: dict[str, Concept],
             problems: list[Problem], chain: tuple[str, ...]) -> Concept | None:
    """The concept `name` with the concepts it includes expanded (depth first, cycles reported)."""
    if name in done:
        return done[name]
    body, path = raw[name]
    if name in chain:
        cycle = " → ".join(SIGIL + n for n in (*chain[chain.index(name):], name))
        problems.append(Problem(path, body.line, "", f"概念互相包含,形成循环({cycle}); 请删去其中一处引用"))
        return None
    terms: list[str] = []
    uses: list[str] = []
    for k, term in enumerate(body["terms"]):
        if not term.startswith(SIGIL):
            terms.append(term)
            continue
        other = term[len(SIGIL):]
        if other not in raw:
            problems.append(Problem(path, body["terms"].item_lines[k], "",
                                    f"{name}: {unknown_message(other, raw)}"))
            continue
        included = _resolve(other, raw, done, problems, (*chain, name))
        if included is not None:
            uses.append(other)
            terms.extend(included.terms)
    concept = Concept(name, str(body["title"]), tuple(dict.fromkeys(terms)), tuple(uses), path, body.line)
    done[name] = concept
    return concept


def unknown_message(name: str, known) -> str:
    """What is wrong with an unknown concept name and how to fix it: the closest names, or the
    concept that holds the name as one of its terms."""
    names = sorted(known)
    close = difflib.get_close_matches(name, names, n=2, cutoff=0.5)
    holders = [n for n in names if isinstance(known, dict) and name in _terms_of(known[n])]
    hint = ""
    if holders:
        hint = f'; 概念 "{SIGIL}{holders[0]}" 已包含“{name}”,请改用它,或直接写词“{name}”(不加 {SIGIL})'
    elif close:
        hint = "; 您是不是要写 " + " 或 ".join(f'"{SIGIL}{c}"' for c in close) + "?"
    else:
        hint = f"; 请在 {FOLDER}/ 的概念词表中定义它,或用 lawscore validate --concepts 查看已有概念"
    return f'未知概念 "{SIGIL}{name}"{hint}'


def _terms_of(entry) -> tuple[str, ...]:
    if isinstance(entry, Concept):
        return entry.terms
    body = entry[0] if isinstance(entry, tuple) else entry
    return tuple(t for t in body.get("terms", ()) if isinstance(t, str))


# What a Chinese input method types for "$": the full-width dollar, or the yuan sign (Shift+4
# in Chinese mode). A term so written is a concept meant, never a word a report contains.
_WRONG_SIGILS = {"＄": "全角“＄”", "￥": "人民币符号“￥”", "¥": "人民币符号“¥”"}


def references(data: LineDict, sigils: tuple[str, ...] = (SIGIL,)) -> list[tuple[str, str, int, str]]:
    """Every concept a checklist's items name: (concept, item id, line, where in the item);
    with `sigils`, the terms that begin with any of them, the sigil kept."""
    found = []
    for i, raw in enumerate(data.get("items") or ()):
        if not isinstance(raw, LineDict):
            continue
        item_id = str(raw.get("id", f"items[{i}]"))
        for j, praw in enumerate(raw.get("patterns") or ()):
            if not isinstance(praw, LineDict):
                continue
            for key in _KEYS:
                for where, term, line in _walk(praw.get(key), f"patterns[{j}].{key}"):
                    if sigils == (SIGIL,) and term.startswith(SIGIL):
                        found.append((term[len(SIGIL):], item_id, line, where))
                    elif sigils != (SIGIL,) and term[:1] in sigils:
                        found.append((term, item_id, line, where))
    return found


def _typed_sigils(data: LineDict, path: str) -> list[Problem]:
    """A concept written with the sigil a Chinese input method types (＄会议, ￥会议)."""
    return [Problem(path, line, item_id, f'{where}: "{term}" 以{_WRONG_SIGILS[term[0]]}开头(中文输入法); '
                                         f'引用概念请写半角 "{SIGIL}",如 "{SIGIL}{term[1:]}"')
            for term, item_id, line, where in references(data, tuple(_WRONG_SIGILS))]


def _walk(terms, where: str):
    """(where, term, line) of each term of a pattern list, groups of all_of included."""
    if not isinstance(terms, LineList):
        return
    for k, term in enumerate(terms):
        if isinstance(term, str):
            yield where, term, terms.item_lines[k]
        else:
            yield from _walk(term, f"{where}[{k}]")


def expand(data: LineDict, path: str) -> list[Problem]:
    """Replace every `$concept` in the items' patterns of a validated checklist by the
    concept's terms, in place; the problems: unknown concepts and a broken vocabulary."""
    typed = _typed_sigils(data, path)
    refs = references(data)
    if not refs:
        return typed
    vocabulary = load(folder_of(path))
    if not vocabulary.files and not vocabulary.problems:
        line = refs[0][2]
        return typed + [Problem(path, line, refs[0][1],
                                f'用了概念 "{SIGIL}{refs[0][0]}",但 {folder_of(path)} 中没有概念词表; '
                                f"请把概念词表放在清单旁的 {FOLDER}/ 文件夹中,或直接写词(不加 {SIGIL})")]
    if vocabulary.problems:
        # a broken vocabulary: its concepts are not known, so neither are the references
        return typed + list(vocabulary.problems)
    concepts = vocabulary.concepts
    problems = typed + [Problem(path, line, item_id, f"{where}: {unknown_message(name, concepts)}")
                        for name, item_id, line, where in refs if name not in concepts]
    if problems:
        return problems
    for raw in data.get("items") or ():
        for praw in raw.get("patterns") or ():
            for key in ("any_of", "none_of"):
                if key in praw:
                    praw[key] = _expanded(praw[key], concepts)
            if "all_of" in praw:
                groups = praw["all_of"]
                out = []
                for entry in groups:
                    if isinstance(entry, str) and entry.startswith(SIGIL):
                        entry = _one(entry, groups.line, concepts)
                    elif isinstance(entry, LineList):
                        entry = _expanded(entry, concepts)
                    out.append(entry)
                praw["all_of"] = _like(groups, out, groups.item_lines, groups.item_quoted)
    return []


def _expanded(terms: LineList, concepts: dict[str, Concept]) -> LineList:
    """A term list with each concept replaced by its terms, keeping each term's line; a term
    named twice is kept once. Terms from a concept count as quoted: the vocabulary's own
    check has already judged them."""
    out: list[str] = []
    lines: list[int] = []
    quoted: list[bool] = []
    for k, term in enumerate(terms):
        if term.startswith(SIGIL):
            new = concepts[term[len(SIGIL):]].terms
            flags = [True] * len(new)
        else:
            new, flags = (term,), [terms.item_quoted[k]]
        for t, q in zip(new, flags):
            if t not in out:
                out.append(t)
                lines.append(terms.item_lines[k])
                quoted.append(q)
    return _like(terms, out, lines, quoted)


def _one(reference: str, line: int, concepts: dict[str, Concept]) -> LineList:
    terms = concepts[reference[len(SIGIL):]].terms
    return _like(None, list(terms), [line] * len(terms), [True] * len(terms), line)


def _like(model: LineList | None, values: list, lines: list[int], quoted: list[bool], line: int = 0) -> LineList:
    out = LineList(values)
    out.line = model.line if model is not None else line
    out.item_lines = list(lines)
    out.item_quoted = list(quoted)
    return out


def usage(paths: list[Path]) -> tuple[Vocabulary | None, dict[str, list[tuple[str, int, str]]]]:
    """For `lawscore validate --concepts`: the vocabulary of the checklists in `paths`, and for
    each concept the items that name it, as (file, line, item id)."""
    used: dict[str, list[tuple[str, int, str]]] = {}
    vocabulary = None
    for path in paths:
        if is_concept_file(path):
            vocabulary = vocabulary or load(Path(path).parent)
            continue
        try:
            data = load_yaml(read_text(path))
        except (YamlError, OSError, UnicodeDecodeError):
            continue  # its problems are reported by validate itself
        if not isinstance(data, LineDict):
            continue
        vocabulary = vocabulary or load(folder_of(path))
        for name, item_id, line, _where in references(data):
            used.setdefault(name, []).append((str(path), line, item_id))
    return vocabulary, used


def listing(vocabulary: Vocabulary | None, used: dict[str, list[tuple[str, int, str]]]) -> list[str]:
    """The lines `lawscore validate --concepts` prints: each concept, its terms and the items
    that name it; a concept no item names is said to be unused (an included one is used)."""
    if vocabulary is None or not vocabulary.concepts:
        return ["没有概念词表(checklists/concepts/*.yaml)"]
    included = {u for c in vocabulary.concepts.values() for u in c.uses}
    lines = [f"概念词表: {', '.join(vocabulary.files)}({len(vocabulary.concepts)} 个概念)"]
    for name in sorted(vocabulary.concepts, key=lambda n: (vocabulary.concepts[n].path, vocabulary.concepts[n].line)):
        c = vocabulary.concepts[name]
        lines.append(f"{SIGIL}{name}: {c.title}({len(c.terms)} 个词: {'、'.join(c.terms[:6])}"
                     f"{' …' if len(c.terms) > 6 else ''})")
        for path, line, item_id in used.get(name, []):
            lines.append(f"    {path}:{line} {item_id}")
        users = [n for n, other in vocabulary.concepts.items() if name in other.uses]
        if users:
            lines.append("    被概念包含: " + "、".join(SIGIL + u for u in users))
        if name not in used and name not in included:
            lines.append("    (没有条目使用)")
    return lines
