"""Build src/lawscore/metadata/data/divisions.tsv and changes.tsv from jionlp's gazetteer.

jionlp (Apache-2.0) ships China's administrative divisions down to villages, following the
National Bureau of Statistics' 统计用区划代码 (dictionary/china_location.zip), and a list of
renamings and mergers since 2000 (dictionary/china_location_change.txt). lawscore needs neither
jionlp's code nor its villages, so this script keeps provinces, cities, counties and townships
(about 47,000 lines) and the changes, and lawscore reads those files without importing jionlp.

The version read is the one pinned in constraints.txt. Install it without its dependencies
(numpy, jiojio, requests are not needed to read two data files), then rebuild:

    pip install --no-deps -c constraints.txt jionlp
    python scripts/build_gazetteer.py

divisions.tsv: one unit a line, its depth in the tree as leading tabs, then name, level
(省 province, 市 city, 县 county, 乡 township), and where the source gives them the statistical code
and the short name (焉耆 for 焉耆回族自治县, 南京 for 南京市).
Placeholders (省直辖行政区划, 市直辖行政区划) are dropped and their children moved up; a
municipality's second 北京市 (its city level) is dropped likewise. 街道办事处 is written 街道.
changes.tsv: date, the old chain and the new chain (units joined by /).
"""
from __future__ import annotations

import argparse
import importlib.metadata
import io
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "lawscore" / "metadata" / "data"
# Levels as one character each (the file has 46,000 lines): 省 province, 市 city (incl. 自治州, 地区, 盟),
# 县 county (incl. 县级市, 市辖区, 旗, 自治县), 乡 township (incl. 镇, 街道, 苏木, and zones the NBS counts there).
LEVELS = ("省", "市", "县", "乡")


def source_files() -> tuple[str, str, str]:
    """(version, china_location.txt, china_location_change.txt) of the installed jionlp."""
    dist = importlib.metadata.distribution("jionlp")
    folder = Path(str(dist.locate_file("jionlp/dictionary")))
    with zipfile.ZipFile(folder / "china_location.zip") as z:
        divisions = z.read("china_location.txt").decode("utf-8")
    changes = (folder / "china_location_change.txt").read_text(encoding="utf-8")
    return dist.version, divisions, changes


def divisions(text: str) -> list[str]:
    """The lines of divisions.tsv."""
    out: list[str] = []
    # The chain of kept units above the current line: (source depth, name).
    stack: list[tuple[int, str]] = []
    for raw in io.StringIO(text):
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        depth = len(line) - len(line.lstrip("\t"))
        if depth > 3:
            continue  # villages and communities
        fields = line.strip().split("\t")
        name, code = fields[0], (fields[1] if len(fields) > 1 else "")
        alias = fields[2] if len(fields) > 2 and fields[2] != name else ""
        while stack and stack[-1][0] >= depth:
            stack.pop()
        if name.endswith("直辖行政区划") or name.endswith("直辖县级行政区划"):
            continue  # its children hang from the unit above
        if depth == 1 and stack and stack[-1][1] == name:
            continue  # a municipality's city level: 上海市 under 上海市
        if name.endswith("街道办事处"):
            name = name[: -len("办事处")]
        level = LEVELS[depth]
        out.append("\t" * len(stack) + "\t".join(x for x in (name, level, code, alias) if x))
        stack.append((depth, name))
    return out


def changes(text: str) -> list[str]:
    """The lines of changes.tsv: date, old chain, new chain."""
    out = []
    for raw in io.StringIO(text):
        line = raw.rstrip("\r\n")
        if "=>" not in line:
            continue
        old, new = line.split("=>")
        old_fields, new_fields = old.split("\t"), new.split("\t")
        date = old_fields[0]
        old_names = old_fields[2::2]  # province, alias, city, alias, county, alias
        out.append("\t".join((date, "/".join(old_names), "/".join(new_fields))))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only say whether the files are up to date")
    args = ap.parse_args(argv)
    try:
        version, div_text, change_text = source_files()
    except importlib.metadata.PackageNotFoundError:
        print("jionlp is not installed: pip install --no-deps -c constraints.txt jionlp", file=sys.stderr)
        return 2
    header = (f"# China's administrative divisions from jionlp {version} (Apache-2.0), "
              "built by scripts/build_gazetteer.py; do not edit by hand")
    files = {OUT / "divisions.tsv": [header, *divisions(div_text)],
             OUT / "changes.tsv": [header, *changes(change_text)]}
    stale = []
    for path, lines in files.items():
        text = "\n".join(lines) + "\n"
        if args.check:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                stale.append(path.name)
        else:
            path.write_text(text, encoding="utf-8")
    if stale:
        print("out of date: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
