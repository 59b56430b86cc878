"""The `lawscore` command line: the only code that prints or exits. Errors raised below it
are LawscoreErrors (errors.py), which click prints and exits with when they reach it."""
from __future__ import annotations

import contextlib
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from .checklist_set import ChecklistSet

from .errors import ChecklistError, ExitCode, LawscoreError, Problem, ReportError, UsageError, did_you_mean, in_chinese
from .names import display

DEFAULT_REPORTS = "reports"
DEFAULT_CHECKLISTS = "checklists"
DEFAULT_OUT = "output"
FORMATS = ("html", "json", "csv", "xlsx", "docx")
DEFAULT_FORMATS = "html,json,csv,xlsx"  # docx is asked for: a Word file costs ten times a report's scoring


def _warn(lines: list[str] | tuple[str, ...]) -> None:
    for line in lines:
        click.echo(f"警告: {line}", err=True)


def _load_setup(checklists_dir: str, checklist: str | None) -> ChecklistSet:
    """The checklists for a command; checklists of the folder that do not load are reported and
    left out (a ChecklistError, exit 2, only when the one asked for is broken or none loads)."""
    from . import checklist_set

    if not Path(checklists_dir).is_dir() and not checklist:
        raise UsageError(f"没有清单文件夹 {checklists_dir}; 请在项目文件夹中运行,或用 --checklists 指定清单文件夹")
    setup = checklist_set.load_checklists(Path(checklists_dir), checklist)
    if setup.skipped:
        files = sorted({p.path for p in setup.skipped})
        _warn([f"{p}(该清单未使用)" for p in setup.skipped])
        _warn([(f"跳过了 {len(files)} 个有问题的清单: {'、'.join(files)}; 其余清单照常使用。"
                "修改后运行 lawscore validate 检查")])
    return setup


def _formats(value: str) -> set[str]:
    wanted = {v.strip() for v in value.split(",") if v.strip()}
    unknown = sorted(wanted - set(FORMATS))
    if unknown or not wanted:
        raise UsageError(f"--format: 未知格式 {', '.join(unknown) or '(空)'}; 请用逗号分隔的: {', '.join(FORMATS)}",
                         click.get_current_context(silent=True))
    return wanted


def _usage_error(exc: click.UsageError) -> UsageError:
    return exc if isinstance(exc, UsageError) else UsageError(exc.format_message(), exc.ctx)


class _ZhCommand(click.Command):
    """A command whose --help is all in Chinese."""

    def get_help(self, ctx: click.Context) -> str:
        return in_chinese(super().get_help(ctx))


class _Main(click.Group):
    """The command group: click's own usage errors (a missing argument, an unknown option) are
    shown in the same `错误: …` style as lawscore's, with the same exit status 2; every
    command's help is in Chinese."""

    command_class = _ZhCommand

    def get_help(self, ctx: click.Context) -> str:
        return in_chinese(super().get_help(ctx))

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:
            raise _usage_error(exc) from None

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            raise _usage_error(exc) from None
        except KeyboardInterrupt as exc:
            # click would print "Aborted!"; evaluate has already put the previous output back.
            how = "收到 SIGTERM" if getattr(exc, "signum", None) == signal.SIGTERM else "Ctrl-C"
            click.echo(f"已中断({how}); 没有写出新的结果", err=True)
            raise click.exceptions.Exit(int(ExitCode.FAILURE)) from None


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="lawscore")
def main() -> None:
    """按清单给法治政府建设年度报告评分。

    \b
    退出状态: 0 完成; 1 没有完成(被中断,或程序自身出错,请报告);
    2 可以由使用者改正的用法、输入或清单错误(显示为“错误: …”或“文件:行: …”)。
    """
    _utf8_process()


def _utf8_process() -> None:
    """Run again in Python's UTF-8 mode (exec: the same process) when the locale's encoding
    cannot write Chinese: in the C locale with coercion and UTF-8 mode turned off, or a
    Latin-1 one, file names are read as undecodable bytes and the first Chinese name ended the
    run with a traceback (issue 22). A GBK locale writes Chinese and is kept."""
    import locale

    if sys.flags.utf8_mode or not getattr(sys, "orig_argv", None):
        return
    # locale.getencoding (3.11+) is the locale's own encoding; getpreferredencoding says the same
    # but warns under -X warn_default_encoding (PYTHONWARNDEFAULTENCODING=1, as .ci/run sets it).
    getencoding = getattr(locale, "getencoding", None)
    current = getencoding() if getencoding else locale.getpreferredencoding(False)
    try:
        for encoding in (current, sys.getfilesystemencoding()):
            "法治".encode(encoding)
        return
    except (UnicodeEncodeError, LookupError):
        pass
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, [sys.executable, "-X", "utf8", *sys.orig_argv[1:]])


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--checklist", "checklist", metavar="ID|FILE",
              help="用这个清单评分,不按报告年度自动选择。")
@click.option("--checklists", "checklists_dir", default=DEFAULT_CHECKLISTS, show_default=True,
              type=click.Path(), help="清单(YAML 文件)所在的文件夹。")
@click.option("--out", "out", default=DEFAULT_OUT, show_default=True, type=click.Path(),
              help="输出文件夹;评分全部完成后整体替换。")
@click.option("--format", "fmt", default=DEFAULT_FORMATS, show_default=True,
              help="逗号分隔的输出格式: html, json, csv, xlsx, docx(docx: 每份报告一份 Word 追问清单,默认不写)。")
@click.option("--jobs", "jobs", default=0, type=click.IntRange(min=0),
              help="并行进程数(默认每个处理器核心一个);结果与它无关。")
@click.option("--follow-links", "follow_links", is_flag=True,
              help="也读取报告文件夹中指向文件夹以外的符号链接(默认跳过并说明)。")
@click.option("--no-cache", "no_cache", is_flag=True,
              help="不用也不存缓存:每份报告都重新读取和评分(默认复用上次运行中未变的部分,结果相同)。")
def evaluate(paths: tuple[str, ...], checklist: str | None, checklists_dir: str, out: str, fmt: str, jobs: int,
             follow_links: bool, no_cache: bool) -> None:
    """给 PATHS 中的每份报告评分(文件或文件夹,默认 reports/),写出评分卡。

    再次运行时只重做变了的部分:文件、清单、复核记录都未变的报告直接取上次的结果;
    只改了清单的,不再读取报告,只重新评分。缓存位置和大小见 README(LAWSCORE_CACHE)。

    \b
    示例:
        lawscore evaluate
        lawscore evaluate reports/2023 --out output/2023 --format json
        lawscore evaluate --no-cache
    """
    from . import cache

    with cache.turned_off() if no_cache else contextlib.nullcontext():
        _evaluate(paths, checklist, checklists_dir, out, fmt, jobs, follow_links)


def _evaluate(paths: tuple[str, ...], checklist: str | None, checklists_dir: str, out: str, fmt: str, jobs: int,
              follow_links: bool) -> None:
    from . import cache, output, pipeline

    formats = _formats(fmt)
    given = list(paths) or [DEFAULT_REPORTS]
    absent = [p for p in given if not Path(p).exists()]
    if absent:
        hint = ("请在项目文件夹中运行,或给出报告文件或文件夹的路径" if not paths
                else "请检查路径(可以是报告文件或文件夹)")
        raise UsageError(f"没有这个文件或文件夹: {'、'.join(map(display, absent))}; {hint}")
    setup = _load_setup(checklists_dir, checklist)
    if setup.override is not None and any(setup.override.years):
        from .checklist_set import years_label

        _warn([(f"所有报告都按 --checklist {setup.override.id} 评分,该清单适用于{years_label(setup.override)}的报告;"
                "其他年度的报告在评分卡和 results.json 的提示(warnings)中注明了应使用的清单")])
    review_files: list = []
    tasks, errors = pipeline.plan_batch(given, setup, review_files, follow_links)
    _warn([str(p) for r in review_files for p in r.problems])
    pipeline.freeze_for_batch()
    ocr = [0, 0]  # reports and pages read by OCR so far
    reviewed = [0, 0]  # reviews applied, and waiting for re-review (the report changed since)

    def counted(stream):
        for done in stream:
            ocr[0] += done.ocr_pages > 0
            ocr[1] += done.ocr_pages
            reviewed[0] += done.reviews[0]
            reviewed[1] += done.reviews[1]
            yield done

    stream = counted(pipeline.iter_batch(tasks, setup, frozenset(formats), jobs=jobs or os.cpu_count() or 1))
    try:
        if sys.stderr.isatty() and len(tasks) > 1:
            with click.progressbar(stream, length=len(tasks), label="评分中", file=sys.stderr,
                                   item_show_func=lambda _: f"OCR: {ocr[1]} 页" if ocr[1] else None) as bar:
                written = output.write_stream(Path(out), bar, errors, formats)
        else:
            written = output.write_stream(Path(out), stream, errors, formats)
    except OSError as exc:
        raise LawscoreError(f"无法写入 {out}({exc.strerror or exc}); 请检查该文件夹及其权限") from None
    cache.prune()  # the cache stays under its size limit (cache.py)
    for source, message in written.unreadable:
        click.echo(f"{source}: 未评分: {message}", err=True)
    first = next(name for fmt, name in (("html", "index.html"), ("json", "results.json"), ("csv", "results.csv"),
                                        ("xlsx", "results.xlsx"), ("docx", "followups")) if fmt in formats)
    where = os.path.join(out, first)
    by_ocr = f"(其中 {ocr[0]} 份由 OCR 识别,共 {ocr[1]} 页)" if ocr[0] else ""
    click.echo(f"已评分 {written.scored} 份报告{by_ocr},{len(written.unreadable)} 份无法读取;"
               f"已将 {len(written.files)} 个文件写入 {out}(请打开 {where})")
    skipped = sum(r.skipped for r in review_files)
    unread = sum(1 for r in review_files if any(not p.item for p in r.problems))  # the file as a whole
    if any(reviewed) or skipped or unread:
        click.echo(_review_counts(reviewed[0], reviewed[1], skipped, unread))


def _review_counts(applied: int, stale: int, skipped: int, unread: int) -> str:
    """What `evaluate` says of the reviews of its reports, as one line."""
    line = f"人工复核: 采用 {applied} 条,{stale} 条待重新复核(报告文件在复核后有改动,评分卡上已标出)"
    if skipped:
        line += f",{skipped} 条有问题未采用(见上面的警告)"
    if unread:
        line += f",{unread} 个 reviews.yaml 整个未采用(见上面的警告)"
    return line


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--concepts", "list_concepts", is_flag=True,
              help="再列出概念词表中的每个概念和引用它的条目(文件:行 条目)。")
def validate(files: tuple[str, ...], list_concepts: bool) -> None:
    """检查清单文件 FILES: 格式、模式和每个条目的例句。

    每个问题显示为“文件:行: 条目: 问题; 修改方法”(退出状态 2);警告(应匹配的例句是
    计划、例句太少)显示为“警告: 文件:行: 条目: …”,不算不通过。概念词表
    (checklists/concepts/*.yaml)也可以作为 FILES 检查。

    \b
    示例:
        lawscore validate checklists/*.yaml
        lawscore validate --concepts checklists/*.yaml
    """
    from . import authoring, concepts
    from . import checklist as checklist_mod
    from . import indicators as indicators_mod

    problems: list[Problem] = []
    warnings: list[Problem] = []
    count = 0
    for name in files:
        if concepts.is_concept_file(name):
            own = concepts.load(Path(name).parent)
            problems.extend(p for p in own.problems if p.path == str(Path(name)))
            continue
        if indicators_mod.is_indicator_file(name):  # checklists/indicators/*.yaml
            try:
                declared = indicators_mod.load_files([Path(name)])
            except ChecklistError as exc:
                problems.extend(exc.problems)
                continue
            count += len(declared)
            problems.extend(authoring.indicator_example_problems(declared))
            continue
        try:
            checklist = checklist_mod.load(name)
        except ChecklistError as exc:
            problems.extend(exc.problems)
            continue
        count += len(checklist.items)
        problems.extend(checklist_mod.slow_regexes(checklist))  # issue 22: a runaway regex is refused
        problems.extend(authoring.example_problems(checklist, authoring.run_examples(checklist)))
        warnings.extend(authoring.example_warnings(checklist))
    _warn([str(w) for w in sorted(warnings)])
    if problems:
        # a broken vocabulary is reported once, not by every checklist that uses it
        raise ChecklistError(sorted(set(problems), key=problems.index))
    if list_concepts:
        vocabulary, used = concepts.usage([Path(name) for name in files])
        click.echo("\n".join(concepts.listing(vocabulary, used)))
    note = f",{len(warnings)} 条警告" if warnings else ""
    click.echo(f"通过: {len(files)} 个文件,{count} 个条目,所有例句都符合预期{note}")
    if count and any(not concepts.is_concept_file(n) and not indicators_mod.is_indicator_file(n) for n in files):
        click.echo("修改了清单? 提交前可用 lawscore diff 旧版.yaml 新版.yaml reports/ 看修改对真实报告的影响")


@main.command("diff")
@click.argument("files", nargs=-1, type=click.Path())
@click.option("--against", "against", metavar="OLD", type=click.Path(),
              help="旧版清单文件;给出它时 FILES 是新版清单文件和报告。")
@click.option("--checklists", "checklists_dir", default=DEFAULT_CHECKLISTS, show_default=True, type=click.Path(),
              help="清单(YAML 文件)所在的文件夹(另一类清单和概念词表从这里读)。")
@click.option("--html", "html_out", metavar="FILE", type=click.Path(), default=None,
              help="再把结果写成网页(自包含,可离线打开)。")
def diff(files: tuple[str, ...], against: str | None, checklists_dir: str, html_out: str | None) -> None:
    """比较清单修改前后对真实报告的评分:OLD.yaml NEW.yaml [REPORTS]...

    每份报告读取、分句一次,用旧版和新版清单各评分一次;对判定有变化的每个事项,列出
    多少份报告从哪个状态变为哪个状态,并举几份报告为例(报告、原文句子、前后两版的理由)。
    REPORTS 默认为 reports/。不计复核记录和批量的重复检查。

    \b
    示例:
        git show HEAD:checklists/outline-2021-2025.yaml > /tmp/old.yaml
        lawscore diff /tmp/old.yaml checklists/outline-2021-2025.yaml reports/
        lawscore diff --against /tmp/old.yaml checklists/outline-2021-2025.yaml --html diff.html
    """
    from . import checkdiff, ingest

    args = list(files)
    if against is None:
        if len(args) < 2:
            raise UsageError("请给出旧版和新版清单文件: lawscore diff OLD.yaml NEW.yaml [REPORTS]...",
                             click.get_current_context(silent=True))
        old_name = args.pop(0)
    else:
        if not args:
            raise UsageError("请给出新版清单文件: lawscore diff --against OLD.yaml NEW.yaml [REPORTS]...",
                             click.get_current_context(silent=True))
        old_name = against
    new_name = args.pop(0)
    new = _load_setup(checklists_dir, new_name)
    old = checkdiff.load_old(Path(checklists_dir), Path(old_name), Path(new_name))
    assert old.override is not None and new.override is not None
    if old.override.kind != new.override.kind:
        raise UsageError(f"{old_name} 与 {new_name} 不是同一类清单(纲要清单与报告规则清单),无法比较; "
                         "请给出同一清单的两个版本")
    sources, errors = ingest.collect(args or [DEFAULT_REPORTS])
    for shown, why in errors:
        _warn([f"{shown}: {why}"])
    result = checkdiff.compare(old, new, sources)
    click.echo(checkdiff.text(result, old_name, new_name), nl=False)
    if html_out:
        Path(html_out).write_text(checkdiff.html(result, old_name, new_name), encoding="utf-8", newline="\n")
        click.echo(f"网页: {html_out}")


@main.command("test")
@click.argument("files", nargs=-1, type=click.Path())
@click.option("--item", "item_ids", multiple=True, metavar="编号",
              help="只运行这个条目的例句(可写多次);不写则运行每个条目的例句。")
@click.option("--checklists", "checklists_dir", default=DEFAULT_CHECKLISTS, show_default=True, type=click.Path(),
              help="不给出 FILES 时,运行这个文件夹中每个清单的例句。")
def test_cmd(files: tuple[str, ...], item_ids: tuple[str, ...], checklists_dir: str) -> None:
    """运行清单文件 FILES 中每个条目的例句,列出结果和汇总(混淆矩阵)。

    不给出 FILES 时运行 --checklists 文件夹(默认 checklists/)中的每个清单;--item 只运行
    一个条目的例句。有例句不符合预期,或某条目缺少应匹配或不应匹配的例句时,不通过(退出
    状态 2,与 validate 相同)。

    \b
    示例:
        lawscore test
        lawscore test checklists/outline-2021-2025.yaml
        lawscore test checklists/outline-2021-2025.yaml --item c22-administrative-review
    """
    import dataclasses

    from . import authoring
    from . import checklist as checklist_mod

    names = list(files) or [str(p) for p in checklist_mod.discover(checklists_dir)]
    if not names:
        raise UsageError(f"{checklists_dir} 中没有清单(*.yaml); 请给出清单文件,或用 --checklists 指定清单文件夹",
                         click.get_current_context(silent=True))
    loaded = [(name, checklist_mod.load(name)) for name in names]
    known = {i.id for _, c in loaded for i in c.items}
    for item_id in item_ids:
        if item_id not in known:
            where = names[0] if len(names) == 1 else "、".join(names)
            raise LawscoreError(f'{where} 中没有 id 为 "{item_id}" 的条目; '
                                + did_you_mean(item_id, known, "条目 id 见清单文件中各条目的“id:”一行"))
    failed = False
    for name, checklist in loaded:
        if item_ids:
            checklist = dataclasses.replace(checklist, items=tuple(i for i in checklist.items if i.id in item_ids))
            if not checklist.items:
                continue  # the items asked for are in another of the checklists
        lines, passed = authoring.example_table(checklist, name)
        for line in lines:
            click.echo(line)
        failed = failed or not passed
    if item_ids:
        click.echo(f"只运行了 --item 指定的条目 {'、'.join(item_ids)} 的例句;不加 --item 运行全部条目")
    if failed:
        raise LawscoreError("有例句不符合预期; 请按上面标为“不通过”的条目修改模式或例句")


@main.command()
@click.argument("report", type=click.Path())
@click.option("--item", "item_id", required=True, metavar="编号",
              help="要解释的事项编号(评分卡上每个事项旁都写着编号,如 c22-administrative-review)。")
@click.option("--checklist", "checklist", metavar="ID|FILE", help="用这个清单,不按报告年度自动选择。")
@click.option("--checklists", "checklists_dir", default=DEFAULT_CHECKLISTS, show_default=True, type=click.Path(),
              help="清单(YAML 文件)所在的文件夹。")
def explain(report: str, item_id: str, checklist: str | None, checklists_dir: str) -> None:
    """说明报告 REPORT 在一个事项上的判定从何而来: 句子类型、命中的词和具体程度。

    判错时可以用 lawscore review 改判(或在 lawscore serve 打开的评分卡上改判)。

    \b
    示例:
        lawscore explain reports/004_e58b04af1640b0b5.txt --item c22-administrative-review
    """
    from . import authoring, ingest, labels, manifest, pipeline

    setup = _load_setup(checklists_dir, checklist)
    try:
        doc = ingest.read(Path(report), report)
    except ReportError as exc:  # the reading's reason, with the file it is about (as review says it)
        raise ReportError(f"{display(report)}: {exc}") from None
    overrides = manifest.overrides_for(Path(report))  # its errors name manifest.yaml
    result = pipeline.evaluate_document(doc, setup, overrides)
    found = None
    for part in (result.outline, result.rules):
        if part is None:
            continue
        for r in part.items:
            if r.item.id == item_id:
                found = (part, r)
    meta = result.metadata
    if found is None:
        raise UsageError(_no_such_item(item_id, report, result, setup))
    _warn(result.warnings)
    part, r = found
    level = labels.LEVEL_LABELS.get(meta.level, meta.level) if meta.level else ""
    year = f"{meta.year}年度" if meta.year else ""
    click.echo(f"{report}: {meta.jurisdiction or '(名称不详)'} {level} {year}".rstrip())
    click.echo(f"清单 {part.checklist.id},条目 {r.item.id}: {r.item.title}")
    # the status in words; its code in brackets is what `lawscore review --status` also takes
    click.echo(f"结论: {_status_label(r)}(代码 {r.status})— {r.reason}")
    seg = result.segmentation
    if seg is None:
        return
    missed = authoring.misses(part.checklist, r.item.id, seg, {e.sentence for e in r.evidence})
    if not r.evidence and not missed:
        terms = sorted({t for p in r.item.patterns for t in (*p.any_of, *(t for g in p.all_of for t in g))})
        click.echo(f"没有句子含有查找的词: {'、'.join(terms)}")
    for e in r.evidence:
        s = seg.sentences[e.sentence]
        para = seg.paragraphs[s.paragraph]
        path = " > ".join(h for h in para.section_path if h) or "(无标题)"
        click.echo(f"- 第{e.sentence + 1}句,位于 {path}")
        click.echo(f"  类型: {labels.ROLE_LABELS.get(e.role, e.role)}({s.role_reason})")
        click.echo(f"  命中的词: {'、'.join(e.terms)}; 具体程度: {labels.STRENGTH_LABELS.get(e.strength, e.strength)}")
        signals = "、".join(f"{labels.SIGNAL_LABELS.get(g.kind, g.kind)}「{g.text}」" for g in e.signals)
        click.echo(f"  信号: {signals or '无'}")
        click.echo(f"  「{e.quote}」")
    if missed:
        click.echo("含有查找的词、但没有采用的句子:")
        for line in missed:
            click.echo(line)


def _status_label(r) -> str:
    from . import labels

    return labels.status_label(r.status, r.item.expect)


def _no_such_item(item_id: str, report: str, result, setup) -> str:
    """Why an item is not among a report's verdicts, and the `--checklist` that would give it."""
    used = [part.checklist for part in (result.outline, result.rules) if part is not None]
    used_ids = "、".join(c.id for c in used) or "(无)"
    year = result.metadata.year
    why = f"{report}(报告年度 {year})" if year else report
    pool = list(setup.checklists) + ([setup.override] if setup.override is not None else [])
    owners = sorted({c.id for c in pool if any(i.id == item_id for i in c.items)})
    if owners:
        return (f'条目 "{item_id}" 属于清单 {"、".join(owners)},而 {why} 按清单 {used_ids} 评分; '
                f"要按该清单解释,请加 --checklist {owners[0]}")
    hint = did_you_mean(item_id, {i.id for c in pool for i in c.items}, "条目 id 见清单文件(checklists/*.yaml)中各条目的 id")
    return f'没有 id 为 "{item_id}" 的条目({why} 按清单 {used_ids} 评分); {hint}'


@main.command()
@click.argument("report", type=click.Path())
@click.option("--item", "item_id", required=True, metavar="编号",
              help="要改判的事项编号(评分卡上每个事项旁都写着编号,如 c22-administrative-review)。")
@click.option("--status", "status", metavar="状态",
              help="复核后的状态,按评分卡上的写法或代码,如 已落实 或 met(全部状态见上)。")
@click.option("--reason", "reason", metavar="理由", help="为什么改判(显示在评分卡上)。")
@click.option("--by", "by", metavar="姓名", help="复核人。")
@click.option("--date", "day", default=None, metavar="YYYY-MM-DD", help="复核日期(默认今天)。")
@click.option("--undo", is_flag=True, help="撤销这一事项的复核,恢复系统判定。")
@click.option("--checklist", "checklist", metavar="ID|FILE", help="用这个清单,不按报告年度自动选择。")
@click.option("--checklists", "checklists_dir", default=DEFAULT_CHECKLISTS, show_default=True, type=click.Path(),
              help="清单(YAML 文件)所在的文件夹。")
def review(report: str, item_id: str, status: str | None, reason: str | None, by: str | None, day: str | None,
           undo: bool, checklist: str | None, checklists_dir: str) -> None:
    """人工复核: 更正报告 REPORT 在一个事项上的判定,记入报告旁边的 reviews.yaml。

    以后每次评分都采用复核后的状态,评分卡上显示“人工复核”、理由、复核人和日期,并保留系统判定。记录带有报告文件的 sha256: 报告文件改动后,这条复核显示为“待重新复核”,不再采用。reviews.yaml 中的其他记录和注释保持不变,文件整体一次替换。也可以在 lawscore serve 打开的评分卡上直接改判。

    \b
    状态(--status)按评分卡上的写法或代码:
        已落实 met           部分落实 partial      仅有表述 mentioned
        仅列为不足 gap       仅列为计划 planned    未提及 missing
        不适用 not_applicable

    \b
    示例:
        lawscore review reports/004_e58b04af1640b0b5.txt --item c22-administrative-review --status 已落实 --reason "第三部分写明全年办理行政复议案件" --by 张三
        lawscore review reports/004_e58b04af1640b0b5.txt --item c22-administrative-review --undo
    """
    import datetime

    from . import ingest, labels, manifest, pipeline, reviews
    from .model import Review

    path = Path(report)
    if undo:
        if status or reason or by or day:
            raise UsageError("--undo 撤销复核,不能同时写 --status、--reason、--by 或 --date")
        try:
            removed = reviews.remove_review(path.parent, path.name, item_id)
        except OSError as exc:
            raise LawscoreError(f"无法写入 {path.parent / reviews.REVIEWS}({exc.strerror or exc}); 请检查该文件夹及其权限") from None
        if not removed:
            raise UsageError(f"{path.parent / reviews.REVIEWS} 中没有 {path.name} 事项 {item_id} 的复核; 不需要撤销")
        click.echo(f"{path.parent / reviews.REVIEWS}: {path.name} {item_id}: 已撤销复核,以后评分按系统判定")
        return
    if status is None or reason is None or by is None:
        missing = "、".join(name for name, value in (("--status", status), ("--reason", reason), ("--by", by))
                           if value is None)
        raise UsageError(f"缺少 {missing}; 改判需要写明状态、理由和复核人(撤销复核用 --undo)")
    code = reviews.status_code(status)
    if code is None:
        raise UsageError(f'没有状态 "{status}"; 请用其中之一: {reviews.STATUS_CHOICES}')
    if not reason.strip() or not by.strip():
        raise UsageError("--reason 和 --by 不能为空; 请写明改判的理由和复核人")
    if day is None:
        day = datetime.date.today().isoformat()
    elif not reviews.is_date(day):
        raise UsageError(f'--date "{day}" 不是日期; 请写成 YYYY-MM-DD') from None
    setup = _load_setup(checklists_dir, checklist)
    try:
        doc = ingest.read(path, report)
        overrides = manifest.overrides_for(path)
    except ReportError as exc:
        raise ReportError(f"{display(report)}: {exc}") from None
    result = pipeline.evaluate_document(doc, setup, overrides)
    found = [r for part in (result.outline, result.rules) if part for r in part.items if r.item.id == item_id]
    if not found:
        known = {r.item.id for part in (result.outline, result.rules) if part for r in part.items}
        hint = did_you_mean(item_id, known, "评分卡上每个事项旁都写着编号")
        raise UsageError(f'{report} 所用的清单中没有事项 "{item_id}"; {hint}')
    entry = Review(report=path.name, item_id=item_id, status=code, reason=reason.strip(), by=by.strip(),
                   date=day, sha256=doc.sha256)
    try:
        written = reviews.write_review(path.parent, entry)
    except OSError as exc:
        raise LawscoreError(f"无法写入 {path.parent / reviews.REVIEWS}({exc.strerror or exc}); 请检查该文件夹及其权限") from None
    engine = found[0].status
    click.echo(f"{written}: {path.name} {item_id}: {labels.STATUS_LABELS[engine]} ({engine}) -> "
               f"人工复核 {labels.STATUS_LABELS[code]} ({code}), {entry.by} {entry.date}")


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--out", "out", default=DEFAULT_OUT, show_default=True, type=click.Path(),
              help="输出文件夹(与 evaluate 相同);改判后整体更新。")
@click.option("--port", "port", default=8765, show_default=True, type=click.IntRange(0, 65535), help="端口。")
@click.option("--host", "host", default="127.0.0.1", show_default=True,
              help="监听的地址;在办公网中共用时写 0.0.0.0,并须先设置环境变量 LAWSCORE_SERVE_PASSWORD(密码)。")
@click.option("--checklist", "checklist", metavar="ID|FILE", help="用这个清单评分,不按报告年度自动选择。")
@click.option("--checklists", "checklists_dir", default=DEFAULT_CHECKLISTS, show_default=True, type=click.Path(),
              help="清单(YAML 文件)所在的文件夹。")
@click.option("--jobs", "jobs", default=0, type=click.IntRange(min=0), help="开始时评分的并行进程数(默认每个处理器核心一个)。")
def serve(paths: tuple[str, ...], out: str, port: int, host: str, checklist: str | None, checklists_dir: str,
          jobs: int) -> None:
    """给 PATHS 中的报告评分(默认 reports/),并在浏览器中打开评分卡: 在每个事项旁直接改判或撤销复核。

    改判写入报告旁边的 reviews.yaml(与 lawscore review 相同),随即重新给这份报告评分,评分卡和首页立即更新。只在本机(127.0.0.1)监听;打开启动时打印的链接(含访问令牌)即可使用,按 Ctrl-C 停止。

    \b
    示例:
        lawscore serve
        LAWSCORE_SERVE_PASSWORD=… lawscore serve --host 0.0.0.0 --port 8765
    """
    import secrets

    from . import pipeline
    from . import serve as serve_mod

    given = list(paths) or [DEFAULT_REPORTS]
    absent = [p for p in given if not Path(p).exists()]
    if absent:
        raise UsageError(f"没有这个文件或文件夹: {'、'.join(absent)}; 请在项目文件夹中运行,或给出报告文件或文件夹的路径")
    password = os.environ.get(serve_mod.PASSWORD_ENV) or None
    if host not in serve_mod.LOOPBACK and password is None:
        raise UsageError(f"--host {host} 让办公网中的其他电脑也能访问,必须先设置密码; "
                         f"请设置环境变量 {serve_mod.PASSWORD_ENV},或去掉 --host(只在本机使用)")
    setup = _load_setup(checklists_dir, checklist)
    formats = frozenset(("html", "json", "csv", "xlsx"))
    review_files: list = []
    tasks, errors = pipeline.plan_batch(given, setup, review_files)
    _warn([str(p) for r in review_files for p in r.problems])
    try:
        batch = serve_mod.score_tasks(tasks, errors, setup, Path(out), formats, jobs or os.cpu_count() or 1)
    except OSError as exc:
        raise LawscoreError(f"无法写入 {out}({exc.strerror or exc}); 请检查该文件夹及其权限") from None
    token = secrets.token_urlsafe(24)
    hosts: set[str] | None = set() if host in serve_mod.LOOPBACK else None  # filled once the port is known
    app = serve_mod.create_app(batch, token, hosts, password)
    server = serve_mod.make_server(app, host, port)
    port = server.effective_port
    if hosts is not None:
        hosts.update(serve_mod.allowed_hosts(host, port) or ())
    shown = "127.0.0.1" if host in serve_mod.LOOPBACK else host
    click.echo(f"已评分 {len(batch.processed)} 份报告,{len(errors)} 份无法读取;评分卡在 {out}")
    click.echo("lawscore serve 已启动。请在浏览器中打开这个链接,在评分卡上每个事项旁点“改判”:")
    click.echo(f"    http://{shown}:{port}/?token={token}")
    if password is not None:
        click.echo(f"办公网中的其他电脑打开 http://<本机地址>:{port}/ 后输入密码即可。")
    click.echo("链接中含访问令牌,请只发给需要改判的人。按 Ctrl-C 停止。")
    try:
        server.run()
    except KeyboardInterrupt:
        click.echo("已停止。改判都已写入 reviews.yaml 和评分卡。", err=True)
    finally:
        server.close()


@main.command()
@click.argument("labels", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("--reviews", "reviews_file", type=click.Path(exists=True, dir_okay=False),
              help="与这个 reviews.yaml 中复核后的判定比较,而不是与 LABELS 比较。")
@click.option("--checklist", "checklist", metavar="ID|FILE", help="用这个清单,不按报告年度自动选择。")
@click.option("--checklists", "checklists_dir", default=DEFAULT_CHECKLISTS, show_default=True, type=click.Path(),
              help="清单(YAML 文件)所在的文件夹。")
@click.option("--summary", is_flag=True, help="只显示总体数字。")
def calibrate(labels: str | None, reviews_file: str | None, checklist: str | None, checklists_dir: str,
              summary: bool) -> None:
    """把系统判定与逐节人工标注 LABELS(JSON lines)或人工复核记录比较。

    显示已做工作、不足和计划三类的精确率、召回率和 F1(总体和逐节),以及每份判定不一致的
    报告和每个误判所依据的证据。加 --reviews: 与 reviews.yaml 中复核后的判定比较(已做工作的
    精确率和召回率,逐节),让复核记录也成为标注。

    \b
    示例:
        lawscore calibrate ../shared/dev/gold-seeds.jsonl
        lawscore calibrate --reviews reports/reviews.yaml
    """
    from . import calibrate as calibrate_mod

    if (labels is None) == (reviews_file is None):
        raise UsageError("请给出 LABELS 或 --reviews reviews.yaml 两者之一")
    setup = _load_setup(checklists_dir, checklist)
    if reviews_file is not None:
        agreement = calibrate_mod.review_agreement(Path(reviews_file), setup)
        for line in calibrate_mod.format_agreement(agreement, reviews_file):
            click.echo(line)
        return
    assert labels is not None
    cal = calibrate_mod.calibrate(Path(labels), setup)
    for line in calibrate_mod.format_report(cal, Path(labels).name, details=not summary):
        click.echo(line)


if __name__ == "__main__":  # pragma: no cover
    main()
