"""The YAML mistakes checklist authors make, each said in Chinese on the line where it was made,
naming the character and the fix.

PyYAML reports a mistake in its own English, often on the next line, and some mistakes are no
error to it at all: `title：行政复议` (a full-width colon) and `any_of: ［行政复议, 复议］` (full-width
brackets) are read as text, `weight:2` is reported on the line after it. So there are two steps:

- `before_parse(text)`: the mistakes found line by line before parsing (MISTAKES), because YAML
  reads them as something else or reports them elsewhere;
- `explain(...)`: a parser error turned into what the author did, at the line where they did it
  (a line out of line with the one above, ": " inside a text, “ ” used as quotes, a "[" left
  open, text after a closing quote).

Each mistake has a test on a small invented checklist asserting its line and message
(tests/test_yamlhints.py); docs/checklist-guide.md lists them for authors.
"""
from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

# A mapping key as authors write them (ids of the schema: any_of, no_match, weight …),
# after the indentation and an optional list dash.
_LEAD = r"^(?P<indent>[ ]*)(?P<dash>-[ ]+)?"
_KEY = r"(?P<key>[A-Za-z_][A-Za-z0-9_]*)"
_KEY_LINE = re.compile(_LEAD + _KEY + r"[ ]*:(?:[ ]+|$)(?P<value>.*)$")
_BLOCK_SCALAR = re.compile(r":[ ]+[|>][-+0-9]*[ ]*(?:#.*)?$|^[ ]*-[ ]+[|>][-+0-9]*[ ]*$")


@dataclass(frozen=True)
class Found:
    """A mistake at a 1-based line, said in Chinese with its fix."""

    line: int
    message: str


def _quoted(text: str) -> str:
    """`text` as a YAML double-quoted text (the fix an author copies), or single-quoted when it
    holds a double quote."""
    if '"' in text and "'" not in text:
        return f"'{text}'"
    return json.dumps(text, ensure_ascii=False)


@functools.lru_cache(maxsize=1)
def list_fields() -> frozenset[str]:
    """The fields whose value is a list in any schema of a file authors write (checklist,
    concept vocabulary, indicators): a value there that starts with a full-width bracket is a
    list typed with a Chinese input method, never a text."""
    names: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for name, spec in (node.get("properties") or {}).items():
                if isinstance(spec, dict) and (spec.get("type") == "array" or "terms" in str(spec.get("$ref", ""))):
                    names.add(name)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for name in ("checklist.schema.json", "concepts.schema.json", "indicators.schema.json"):
        walk(json.loads(resources.files("lawscore").joinpath(name).read_text(encoding="utf-8")))
    return frozenset(names)


# --- mistakes found before parsing, one rule a kind, in the order they are tried on a line ---

_FULLWIDTH_COLON = re.compile(r"^[ \u3000]*(?:-[ \u3000]+)?([A-Za-z_][A-Za-z0-9_]*)[ \u3000]*：[ \u3000]*(.*)$")
_FULLWIDTH_SPACE = re.compile(r"^[ ]*\u3000|^[ \u3000]*(?:-[ \u3000]+)?[A-Za-z_][A-Za-z0-9_]*:\u3000|^[ ]*-\u3000")
_WIDE_DASH = re.compile(r"^[ ]*([－—–﹣])[ \u3000]*(.*)$")
_NO_SPACE_DASH = re.compile(r"^[ ]*-(?![-\s\d.])(.+)$")
_NO_SPACE_COLON = re.compile(_LEAD + _KEY + r":(?![\s/:])(?P<value>.+)$")
_WIDE_BRACKETS = {"［": "］", "【": "】"}


def _fullwidth_colon(line: str) -> str | None:
    m = _FULLWIDTH_COLON.match(line)
    if m is None:
        return None
    return f'字段名后用了全角冒号“：”,YAML 不认; 改成英文冒号加空格 ": "(如 "{m.group(1)}: {m.group(2)}")'


def _fullwidth_space(line: str) -> str | None:
    if _FULLWIDTH_SPACE.match(line):
        return "YAML 的缩进或冒号后用了全角空格(U+3000); 改成半角空格"
    return None


def _wide_dash(line: str) -> str | None:
    m = _WIDE_DASH.match(line)
    if m is None or (m.group(1) != "－" and not _KEY_LINE.match("- " + m.group(2))):
        return None  # an em dash opens many a Chinese sentence; it is a list dash only before a field
    return f'列表项开头用了“{m.group(1)}”(全角或中文的横线),YAML 不认; 改成英文减号加空格: "- {m.group(2)}"'


def _no_space_dash(line: str) -> str | None:
    m = _NO_SPACE_DASH.match(line)
    if m is None:
        return None
    return f'列表项的“-”后缺少空格,YAML 把“-{m.group(1)}”读成一段文字; 改成 "- {m.group(1)}"'


def _no_space_colon(line: str) -> str | None:
    m = _NO_SPACE_COLON.match(line)
    if m is None:
        return None
    key, value = m.group("key"), m.group("value")
    return f'“{key}:”后缺少空格,YAML 把“{key}:{value}”读成一段文字; 改成 "{key}: {value}"'


def _wide_brackets(line: str) -> str | None:
    m = _KEY_LINE.match(line)
    if m is None or m.group("key") not in list_fields():
        return None
    value = m.group("value").strip()
    key = m.group("key")
    if value[:1] in _WIDE_BRACKETS:
        inner = value[1:]
        inner = inner[:-1] if inner[-1:] in ("]", _WIDE_BRACKETS[value[0]]) else inner
        return (f"列表的方括号用了全角“{value[0]}{_WIDE_BRACKETS[value[0]]}”,YAML 不认,会把整个列表读成一段文字; "
                f"改成英文方括号: {key}: [{inner}]")
    if value.startswith("[") and "]" not in value:
        for close in ("］", "】"):
            if close in value:
                return f"列表结尾的“{close}”是全角方括号,YAML 不认; 改成英文“]”"
    return None


@dataclass(frozen=True)
class Mistake:
    """One kind of mistake: its name (for the guide and the tests) and how a line shows it."""

    name: str
    find: Callable[[str], str | None]  # a line -> the message, or None


MISTAKES = (
    Mistake("全角冒号", _fullwidth_colon),
    Mistake("全角空格", _fullwidth_space),
    Mistake("全角横线作列表项", _wide_dash),
    Mistake("“-”后缺少空格", _no_space_dash),
    Mistake("冒号后缺少空格", _no_space_colon),
    Mistake("全角方括号", _wide_brackets),
)


def _syntax_lines(text: str) -> list[tuple[int, str]]:
    """The lines of `text` that hold YAML syntax, numbered from 1: not comments, blank lines or
    the lines of a block text (`note: |`), whose full-width characters and dashes are text."""
    out = []
    block_indent: int | None = None
    for n, line in enumerate(text.splitlines(), 1):
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if block_indent is not None:
            if not stripped or indent > block_indent:
                continue
            block_indent = None
        if not stripped or stripped.startswith("#"):
            continue
        out.append((n, line))
        if _BLOCK_SCALAR.search(line):
            block_indent = indent
    return out


def before_parse(text: str) -> Found | None:
    """The first line where a mistake of MISTAKES stands, or None."""
    for n, line in _syntax_lines(text):
        for mistake in MISTAKES:
            message = mistake.find(line)
            if message is not None:
                return Found(n, message)
    return None


# --- parser errors, explained ---

def _line(text: str, n: int) -> str:
    lines = text.splitlines()
    return lines[n - 1] if 0 < n <= len(lines) else ""


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _aligned_with(text: str, n: int) -> Found | None:
    """Line `n` out of line with the lines above: the nearest key (or list dash, for a line that
    starts with one) above it at another indentation, to align with."""
    line = _line(text, n)
    col = _indent(line)
    dash = line.lstrip(" ").startswith("- ")
    candidates: list[tuple[int, int, str]] = []  # (column, line, name)
    for k, above in _syntax_lines(text):
        if k >= n:
            break
        m = _KEY_LINE.match(above)
        if dash and above.lstrip(" ").startswith("- "):
            candidates.append((_indent(above), k, "- " + (m.group("key") + ":" if m else "")))
        elif not dash and m:
            key_col = _indent(above) + (len(m.group("dash")) if m.group("dash") else 0)
            candidates.append((key_col, k, m.group("key")))
    others = [c for c in candidates if c[0] != col]
    if not others:
        return None
    # the nearest in indentation; of those, the last one above
    target = min(others, key=lambda c: (abs(c[0] - col), -c[1]))
    what = "列表项" if dash else "字段"
    return Found(n, f"这一行缩进 {col} 格,与上面第 {target[1]} 行的“{target[2]}”({target[0]} 格)没有对齐; "
                    f"同一层的{what}要左对齐,请改成缩进 {target[0]} 格")


def _colon_in_value(text: str, n: int, column: int) -> Found | None:
    """": " inside a text (mark at a colon after the field's own): the text needs quotes; or
    the line's field starts deeper than the one above (mark at the field's own colon)."""
    line = _line(text, n)
    m = _KEY_LINE.match(line)
    if m is None:
        return None
    if column <= m.start("value"):  # the field's own colon: the line belongs to the text above it
        return _aligned_with(text, n)
    key, value = m.group("key"), m.group("value").rstrip()
    if value[:1] in "“‘":
        close = "”" if value[0] == "“" else "’"
        meant = value[1:-1] if value.endswith(close) and close not in value[1:-1] else value
        return Found(n, f"中文引号 {value[0]}…{close} 不是 YAML 的引号,文字里的“: ”被当成了字段; "
                        f"用英文引号把整段文字括起来: {key}: {_quoted(meant)}")
    return Found(n, f"文字里的“: ”会被当成字段名后的冒号; 把整段文字放进引号: {key}: {_quoted(value)},"
                    "或把文字里的冒号改成中文冒号“：”")


_QUOTE_THEN_TEXT = re.compile(r"""(["'])([^"']*)\1[ ]*([^\s,\]}#][^,\]}#]*)""")


def _text_after_quote(text: str, n: int) -> Found | None:
    """`title: "放管服"改革`: English quotes used as Chinese ones, text left after them."""
    line = _line(text, n)
    m = _KEY_LINE.match(line)
    value = m.group("value") if m else line.lstrip(" -")
    found = _QUOTE_THEN_TEXT.search(value)
    if found is None:
        return None
    q, inside, rest = found.group(1), found.group(2), found.group(3).rstrip()
    whole = found.group(0).rstrip()
    in_list = value.lstrip().startswith("[")  # a term of [a, b]: the fix is the term alone
    fix = f"{m.group('key')}: {_quoted(whole)}" if m and not in_list else _quoted(whole)
    return Found(n, f"引号 {q}{inside}{q} 结束后还有文字“{rest}”,YAML 的引号要括住整段文字; "
                    f"改成 {fix},或把文字里的英文引号改成中文引号“{inside}”")


def _escape(text: str, n: int) -> Found:
    """A backslash in double quotes (a regex written "\\d+件"): YAML reads it as an escape."""
    m = _KEY_LINE.match(_line(text, n))
    value = m.group("value").strip() if m else ""
    fix = f"{m.group('key')}: '{value[1:-1]}'" if m and value[:1] == '"' and value[-1:] == '"' else "'…'"
    return Found(n, "双引号里的反斜杠“\\”被当成了转义符(正则表达式常见); 改用单引号: " + fix)


def _open_quote(text: str, last: int) -> int | None:
    """The first line up to `last` whose value opens a quote that the line does not close. A
    quoted text may run over lines, so this is asked only of a file YAML cannot read: there the
    quote left open ran on to the next quote of the file, and YAML's error came far below."""
    for n, line in _syntax_lines(text):
        if n > last:
            break
        m = _KEY_LINE.match(line) or re.match(_LEAD + r"(?P<value>.*)$", line)
        value = m.group("value") if m else ""
        if value[:1] == '"' and not re.search(r'(?<!\\)"', value[1:]):
            return n
        if value[:1] == "'" and "'" not in value[1:].replace("''", ""):
            return n
    return None


def _unclosed_quote(text: str, n: int) -> Found:
    line = _line(text, n)
    start = min((i for i in (line.find('"'), line.find("'")) if i >= 0), default=-1)
    after = line[start + 1:] if start >= 0 else ""
    for wide in "”’“‘":
        if wide in after:
            return Found(n, f"开头的英文引号 {line[start]} 没有结束(结尾的 {wide} 是中文引号,不配对); "
                            f"两头都用英文引号 {line[start]}…{line[start]}")
    return Found(n, "引号没有结束; 把这一行开头的引号补上结尾")


def _unclosed_bracket(text: str, n: int, opener: str) -> Found:
    closer = {"[": "]", "{": "}"}[opener]
    line = _line(text, n)
    for wide in ("］", "】", "｝"):
        if wide in line:
            return Found(n, f"“{opener}”的结尾用了全角“{wide}”,YAML 不认; 改成英文“{closer}”")
    return Found(n, f"“{opener}”没有对应的“{closer}”; 在这一行的列表末尾补上“{closer}”")


def _missing_colon(text: str, n: int) -> Found:
    line = _line(text, n)
    m = re.match(_LEAD + _KEY + r"[ ]+(?P<value>\S.*)$", line)
    if m is not None:
        return Found(n, f'字段名“{m.group("key")}”后缺少冒号; 改成 "{m.group("key")}: {m.group("value").rstrip()}"')
    return Found(n, "这一行缺少“字段: 值”中的冒号“:”; 请补上冒号,或给整段文字加引号")


def explain(problem: str, line: int, column: int, context: str, context_line: int, text: str) -> Found | None:
    """What the author did, for a PyYAML error (`problem` at 1-based `line`, 0-based `column`;
    `context` at `context_line`); None when no rule knows it."""
    opened = _open_quote(text, line)
    if opened is not None:
        return _unclosed_quote(text, opened)
    for n in (context_line, line):
        dash = _WIDE_DASH.match(_line(text, n))
        if dash is not None:  # a list item typed with a Chinese dash before a text: known only now
            return Found(n, f'列表项开头用了“{dash.group(1)}”(全角或中文的横线),YAML 不认; 改成英文减号加空格: "- {dash.group(2)}"')
    if problem.startswith("found unknown escape character"):
        return _escape(text, line)
    if problem.startswith("found character") and "cannot start any token" in problem:
        char = _line(text, line)[column:column + 1]
        return Found(line, f"“{char}”不能放在 YAML 文字的开头; 给整段文字加引号(如 '{char}…')")
    if problem.startswith("found undefined alias"):
        return Found(line, "“*”开头的词被当成了别名(引用),而前面没有定义它; 给这个词加引号(如 '*重点'),"
                           "或先用 &名字 定义锚点")
    if problem.startswith("expected alphabetic or numeric character"):
        return Found(context_line, "“&”或“*”开头的词被当成了锚点或别名; 给这个词加引号(如 '*重点')")
    if "quoted scalar" in context:
        return _unclosed_quote(text, context_line)
    if "flow sequence" in context or "flow mapping" in context:
        after_quote = _text_after_quote(text, line) if "<scalar>" in problem else None
        if after_quote is not None:
            return after_quote
        return _unclosed_bracket(text, context_line, "[" if "sequence" in context else "{")
    if problem.startswith("mapping values are not allowed"):
        return _colon_in_value(text, line, column)
    if problem.startswith("could not find expected ':'") and "simple key" in context:
        return _missing_colon(text, context_line)
    if problem.startswith("expected <block end>") and "<scalar>" in problem:
        return _text_after_quote(text, line) or _aligned_with(text, line)
    if problem.startswith(("expected <block end>", "did not find expected key", "did not find expected '-'")):
        return _aligned_with(text, line)
    return None
