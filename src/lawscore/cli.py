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
FORMATS = ("html", "json", "csv", "xlsx")


def _fail(problems: list[Problem] | str) -> None:
    if isinstance(problems, str):
        click.echo(f"error: {problems}", err=True)
    else:
        for p in sorted(problems):
            click.echo(str(p), err=True)
    sys.exit(ExitCode.USAGE)


def _load_setup(checklists_dir: str, checklist: str | None):
    """The checklists for a command, or exit 2 listing every problem in them."""
    from . import checklists

    try:
        return checklists.load_checklists(Path(checklists_dir), checklist)
    except ChecklistError as exc:
        _fail(exc.problems)


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
@click.option("--format", "fmt", default="html,json,csv,xlsx", show_default=True,
              help="Comma list of: html, json, csv, xlsx.")
@click.option("--jobs", "jobs", default=0, type=click.IntRange(min=0),
              help="Worker processes (default: one per core). Results do not depend on it.")
def evaluate(paths: tuple[str, ...], checklist: str | None, checklists_dir: str, out: str, fmt: str, jobs: int) -> None:
    """Score every report in PATHS (files or folders; default: reports/) and write scorecards.

    \b
    Example:
        lawscore evaluate
        lawscore evaluate reports/2023 --out output/2023 --format json
    """
    from . import output, pipeline, reviews

    formats = _formats(fmt)
    given = list(paths) or [DEFAULT_REPORTS]
    if not Path(checklists_dir).is_dir() and not checklist:
        _fail(f"no checklist folder '{checklists_dir}'; run from the project folder or pass --checklists DIR")
    setup = _load_setup(checklists_dir, checklist)
    try:
        tasks, errors = pipeline.plan_batch(given, setup)
    except reviews.ReviewError as exc:
        _fail(exc.problems)
    pipeline.freeze_for_batch()
    ocr = [0, 0]  # reports and pages read by OCR so far

    def counted(stream):
        for done in stream:
            ocr[0] += done.ocr_pages > 0
            ocr[1] += done.ocr_pages
            yield done

    stream = counted(pipeline.iter_batch(tasks, setup, frozenset(formats), jobs=jobs or os.cpu_count() or 1))
    try:
        if sys.stderr.isatty() and len(tasks) > 1:
            with click.progressbar(stream, length=len(tasks), label="scoring", file=sys.stderr,
                                   item_show_func=lambda _: f"OCR: {ocr[1]} pages" if ocr[1] else None) as bar:
                written = output.write_stream(Path(out), bar, errors, formats)
        else:
            written = output.write_stream(Path(out), stream, errors, formats)
    except output.OutputError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"cannot write to {out} ({exc.strerror or exc}); check the folder and its permissions")
    for source, message in written.unreadable:
        click.echo(f"{source}: not scored: {message}", err=True)
    first = next(name for fmt, name in (("html", "index.html"), ("json", "results.json"), ("csv", "results.csv"),
                                        ("xlsx", "results.xlsx")) if fmt in formats)
    where = os.path.join(out, first)
    scored = written.scored
    by_ocr = f" ({ocr[0]} read by OCR, {ocr[1]} page{'s' if ocr[1] != 1 else ''})" if ocr[0] else ""
    click.echo(f"scored {scored} report{'s' if scored != 1 else ''}{by_ocr}, {len(written.unreadable)} not readable; "
               f"wrote {len(written.files)} files to {out} (open {where})")


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


@main.command("test")
@click.argument("files", nargs=-1, required=True, type=click.Path())
def test_cmd(files: tuple[str, ...]) -> None:
    """Run every item's example sentences in checklist FILES and print a confusion matrix.

    Fails (exit 1) when an example does not behave or an item has fewer than one example
    of each kind.

    \b
    Example:
        lawscore test checklists/outline-2021-2025.yaml
    """
    from . import authoring
    from . import checklist as checklist_mod

    failed = False
    for name in files:
        try:
            checklist = checklist_mod.load(name)
        except ChecklistError as exc:
            _fail(exc.problems)
        outcomes = authoring.run_examples(checklist)
        click.echo(f"{name}: {checklist.title} ({len(checklist.items)} items)")
        by_item: dict[str, list] = {}
        for o in outcomes:
            by_item.setdefault(o.item.id, []).append(o)
        matrix = {"tp": 0, "fn": 0, "fp": 0, "tn": 0}
        for item in checklist.items:
            found = by_item.get(item.id, [])
            bad = [o for o in found if not o.ok]
            for o in found:
                key = ("tp" if o.ok else "fn") if o.should_match else ("tn" if o.ok else "fp")
                matrix[key] += 1
            if item.check:
                click.echo(f"  ok   {item.id}: checks the report's {item.check.replace('_', ' ')} (no examples needed)")
                continue
            if not item.should_match or not item.should_not_match:
                failed = True
                click.echo(f"  FAIL {item.id}: needs at least one example that must match and one that must not")
                continue
            mark = "ok  " if not bad else "FAIL"
            click.echo(f"  {mark} {item.id}: {len(found) - len(bad)}/{len(found)} examples behave")
            for o in bad:
                failed = True
                want = "should match" if o.should_match else "should not match"
                click.echo(f"       {want}, judged {o.status}: {o.sentence}")
        click.echo(f"  examples that must match: {matrix['tp']} matched, {matrix['fn']} missed; "
                   f"that must not: {matrix['tn']} rejected, {matrix['fp']} matched wrongly")
    sys.exit(ExitCode.FAILURE if failed else ExitCode.OK)


@main.command()
@click.argument("report", type=click.Path())
@click.option("--item", "item_id", required=True, help="Item id to explain.")
@click.option("--checklist", "checklist", metavar="ID|FILE", help="Use this checklist instead of the automatic choice.")
@click.option("--checklists", "checklists_dir", default=DEFAULT_CHECKLISTS, show_default=True, type=click.Path())
def explain(report: str, item_id: str, checklist: str | None, checklists_dir: str) -> None:
    """Show why REPORT got its verdict on one item: roles, pattern hits and concreteness.

    \b
    Example:
        lawscore explain reports/004_e58b04af1640b0b5.txt --item c22-review-cases
    """
    from . import ingest, manifest, pipeline
    from .errors import ReportError

    setup = _load_setup(checklists_dir, checklist)
    try:
        doc = ingest.read(Path(report), report)
        overrides = manifest.overrides_for(Path(report))
    except ReportError as exc:
        _fail(f"{report}: {exc}")
    result = pipeline.evaluate_document(doc, setup, overrides)
    found = None
    for part in (result.outline, result.rules):
        if part is None:
            continue
        for r in part.items:
            if r.item.id == item_id:
                found = (part, r)
    if found is None:
        known = sorted(r.item.id for part in (result.outline, result.rules) if part for r in part.items)
        _fail(f'no item "{item_id}" in the checklists used for {report}; use one of: {", ".join(known)}')
    part, r = found
    meta = result.metadata
    click.echo(f"{report}: {meta.jurisdiction or '(名称不详)'} {meta.level or ''} {meta.year or ''}".rstrip())
    click.echo(f"checklist {part.checklist.id}, item {r.item.id}: {r.item.title}")
    click.echo(f"status: {r.status} — {r.reason}")
    if not r.evidence:
        terms = sorted({t for p in r.item.patterns for t in p.terms()})
        click.echo(f"no sentence satisfies any pattern; terms looked for: {'、'.join(terms)}")
    seg = result.segmentation
    for e in r.evidence:
        s = seg.sentences[e.sentence]
        para = seg.paragraphs[s.paragraph]
        path = " > ".join(h for h in para.section_path if h) or "(无标题)"
        click.echo(f"- sentence {e.sentence} in {path}")
        click.echo(f"  role: {e.role} ({s.role_reason})")
        click.echo(f"  terms: {'、'.join(e.terms)}; strength: {e.strength}")
        click.echo(f"  signals: {', '.join(f'{g.kind}:{g.text}' for g in e.signals) or 'none'}")
        click.echo(f"  「{e.quote}」")


@main.command()
@click.argument("report", type=click.Path())
@click.option("--item", "item_id", required=True, help="Id of the item whose verdict is corrected.")
@click.option("--status", "status", required=True, help="The corrected status: met, partial, gap, planned, missing …")
@click.option("--reason", "reason", required=True, help="Why the verdict is corrected (shown on the scorecard).")
@click.option("--by", "by", required=True, help="Who reviewed it.")
@click.option("--date", "day", default=None, metavar="YYYY-MM-DD", help="Day of the review (default: today).")
@click.option("--checklist", "checklist", metavar="ID|FILE", help="Use this checklist instead of the automatic choice.")
@click.option("--checklists", "checklists_dir", default=DEFAULT_CHECKLISTS, show_default=True, type=click.Path())
def review(report: str, item_id: str, status: str, reason: str, by: str, day: str | None,
           checklist: str | None, checklists_dir: str) -> None:
    """Record a supervisor's correction of one item's verdict for REPORT in reviews.yaml beside it.

    Every later run uses the corrected status, shows it as 人工复核 with the reason, who and
    when, and keeps the engine's verdict beside it. The review holds the report file's sha256:
    if the file changes, the review is shown as 待重新复核 and no longer applied. Other entries
    of reviews.yaml are kept; the file is replaced in one step.

    \b
    Example:
        lawscore review reports/004_e58b04af1640b0b5.txt --item c22-review-cases --status met --reason "第三部分写明复议案件45件" --by 张三
    """
    import datetime

    from . import ingest, labels, manifest, pipeline, reviews
    from .errors import ReportError
    from .model import Review

    if status not in labels.STATUS_LABELS:
        _fail(f'unknown status "{status}"; use one of: {", ".join(labels.STATUS_LABELS)}')
    if not reason.strip() or not by.strip():
        _fail("--reason and --by must not be empty; say why the verdict is corrected and who reviewed it")
    if day is None:
        day = datetime.date.today().isoformat()
    else:
        try:
            datetime.date.fromisoformat(day)
        except ValueError:
            _fail(f'--date "{day}" is not a day; write it as YYYY-MM-DD')
    setup = _load_setup(checklists_dir, checklist)
    path = Path(report)
    try:
        doc = ingest.read(path, report)
        overrides = manifest.overrides_for(path)
    except ReportError as exc:
        _fail(f"{report}: {exc}")
    result = pipeline.evaluate_document(doc, setup, overrides)
    found = [r for part in (result.outline, result.rules) if part for r in part.items if r.item.id == item_id]
    if not found:
        import difflib

        known = sorted(r.item.id for part in (result.outline, result.rules) if part for r in part.items)
        close = difflib.get_close_matches(item_id, known, n=3)
        hint = f"did you mean {', '.join(close)}?" if close else "the scorecard and results.json list every item id"
        _fail(f'no item "{item_id}" in the checklists used for {report}; {hint}')
    entry = Review(report=path.name, item_id=item_id, status=status, reason=reason.strip(), by=by.strip(),
                   date=day, sha256=doc.sha256)
    items = reviews.known_items(setup.checklists + ((setup.override,) if setup.override else ()))
    try:
        written = reviews.write_review(path.parent, entry, items)
    except reviews.ReviewError as exc:
        _fail(exc.problems)
    except OSError as exc:
        _fail(f"cannot write {path.parent / reviews.REVIEWS} ({exc.strerror or exc}); check the folder and its permissions")
    engine = found[0].status
    click.echo(f"{written}: {path.name} {item_id}: {labels.STATUS_LABELS[engine]} ({engine}) -> "
               f"人工复核 {labels.STATUS_LABELS[status]} ({status}), {entry.by} {entry.date}")


@main.command()
@click.argument("labels", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("--reviews", "reviews_file", type=click.Path(exists=True, dir_okay=False),
              help="Compare with the reviewed verdicts of this reviews.yaml instead of LABELS.")
@click.option("--checklist", "checklist", metavar="ID|FILE", help="Use this checklist instead of the automatic choice.")
@click.option("--checklists", "checklists_dir", default=DEFAULT_CHECKLISTS, show_default=True, type=click.Path())
@click.option("--summary", is_flag=True, help="Only the overall figures.")
def calibrate(labels: str | None, reviews_file: str | None, checklist: str | None, checklists_dir: str,
              summary: bool) -> None:
    """Compare verdicts with clause-level LABELS (JSON lines), or with a supervisor's reviews.

    Prints precision, recall and F1 for work done, shortcomings and plans, overall and per
    clause, and every disagreeing document with the evidence behind each false positive.
    With --reviews: the engine's agreement with the reviewed verdicts of reviews.yaml
    (precision and recall of work done, per section), so corrections become labels.

    \b
    Example:
        lawscore calibrate ../shared/dev/gold-seeds.jsonl
        lawscore calibrate --reviews reports/reviews.yaml
    """
    from . import calibrate as calibrate_mod
    from . import reviews

    if (labels is None) == (reviews_file is None):
        _fail("give either LABELS or --reviews reviews.yaml")
    setup = _load_setup(checklists_dir, checklist)
    if reviews_file is not None:
        try:
            agreement = calibrate_mod.review_agreement(Path(reviews_file), setup)
        except reviews.ReviewError as exc:
            _fail(exc.problems)
        for line in calibrate_mod.format_agreement(agreement, reviews_file):
            click.echo(line)
        return
    assert labels is not None
    try:
        cal = calibrate_mod.calibrate(Path(labels), setup)
    except calibrate_mod.LabelError as exc:
        _fail(str(exc))
    for line in calibrate_mod.format_report(cal, Path(labels).name, details=not summary):
        click.echo(line)


if __name__ == "__main__":  # pragma: no cover
    main()
