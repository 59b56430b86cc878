"""The `lawscore` command line: the only code that prints or exits."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .errors import ChecklistError, ExitCode, Problem

DEFAULT_REPORTS = "reports"
DEFAULT_CHECKLISTS = "checklists"
DEFAULT_OUT = "output"
FORMATS = ("html", "json")


def _fail(problems: list[Problem] | str) -> None:
    if isinstance(problems, str):
        click.echo(f"error: {problems}", err=True)
    else:
        for p in sorted(problems):
            click.echo(str(p), err=True)
    sys.exit(ExitCode.USAGE)


def _formats(value: str) -> set[str]:
    wanted = {v.strip() for v in value.split(",") if v.strip()}
    unknown = sorted(wanted - set(FORMATS))
    if unknown or not wanted:
        raise click.BadParameter(f"unknown format {', '.join(unknown) or '(none)'}; use a comma list of: {', '.join(FORMATS)}")
    return wanted


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="lawscore")
def main() -> None:
    """Score annual rule-of-law government reports (法治政府建设年度报告) against checklists."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--checklist", "checklist", metavar="ID|FILE",
              help="Use this checklist instead of the automatic choice by report year.")
@click.option("--checklists", "checklists_dir", default=DEFAULT_CHECKLISTS, show_default=True,
              type=click.Path(), help="Folder of checklist YAML files.")
@click.option("--out", "out", default=DEFAULT_OUT, show_default=True, type=click.Path(),
              help="Output folder; replaced as a whole when the run completes.")
@click.option("--format", "fmt", default="html,json", show_default=True, help="Comma list of: html, json.")
@click.option("--jobs", "jobs", default=1, show_default=True, type=click.IntRange(min=1),
              help="Worker processes.")
def evaluate(paths: tuple[str, ...], checklist: str | None, checklists_dir: str, out: str, fmt: str, jobs: int) -> None:
    """Score every report in PATHS (files or folders; default: reports/) and write scorecards.

    \b
    Example:
        lawscore evaluate
        lawscore evaluate reports/2023 --out output/2023 --format json
    """
    from . import output, pipeline

    formats = _formats(fmt)
    given = list(paths) or [DEFAULT_REPORTS]
    if not Path(checklists_dir).is_dir() and not checklist:
        _fail(f"no checklist folder '{checklists_dir}'; run from the project folder or pass --checklists DIR")
    try:
        setup = pipeline.load_checklists(Path(checklists_dir), checklist)
    except ChecklistError as exc:
        _fail(exc.problems)
    results, errors = pipeline.run_batch(given, setup, jobs=jobs)
    try:
        written = output.write(Path(out), results, errors, formats)
    except output.OutputError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"cannot write to {out} ({exc.strerror or exc}); check the folder and its permissions")
    bad = [(r.source, "; ".join(r.errors)) for r in results if r.errors] + errors
    scored = sum(1 for r in results if not r.errors)
    for source, message in sorted(bad):
        click.echo(f"{source}: not scored: {message}", err=True)
    where = os.path.join(out, "index.html") if "html" in formats else os.path.join(out, "results.json")
    click.echo(f"scored {scored} report{'s' if scored != 1 else ''}, {len(bad)} not readable; "
               f"wrote {len(written)} files to {out} (open {where})")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
def validate(files: tuple[str, ...]) -> None:
    """Check checklist FILES: schema, patterns, and every item's example sentences.

    Every problem is printed as `file:line: item: what is wrong; how to fix it`.

    \b
    Example:
        lawscore validate checklists/*.yaml
    """
    from . import authoring
    from . import checklist as checklist_mod

    problems: list[Problem] = []
    count = 0
    for name in files:
        try:
            checklist = checklist_mod.load(name)
        except ChecklistError as exc:
            problems.extend(exc.problems)
            continue
        count += len(checklist.items)
        problems.extend(authoring.example_problems(checklist, authoring.run_examples(checklist)))
    if problems:
        for p in sorted(problems):
            click.echo(str(p), err=True)
        click.echo(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found", err=True)
        sys.exit(ExitCode.USAGE)
    click.echo(f"ok: {len(files)} file{'s' if len(files) != 1 else ''}, {count} items, all examples behave")


if __name__ == "__main__":  # pragma: no cover
    main()
