"""`lawscore serve`: the pages of a scored batch in a local web application, where a supervisor
corrects a verdict (改判) or undoes a correction (撤销复核) beside it.

The pages are the static ones `evaluate` writes, served from the output folder; on a scorecard
each verdict's `<details class="review-cli">` (the command lines to copy) is replaced by a form.
Saving writes the review to reviews.yaml beside the reports (reviews.write_review: locked,
re-read, atomic, comments kept), scores that one report again and rewrites the output folder
from the batch's prepared reports, so the scorecard and the index show the change at once.

Flask (Pallets) for the application and waitress (Pylons) as the server: both well kept and
pure Python. Flask's test client drives every route in the tests; waitress is a multi-threaded
production WSGI server with no C extension that runs the same on Linux and Windows, unlike the
standard library's http.server, which is not meant for it. Nothing here needs async.

Safe by default (each point tested in tests/test_serve.py):
- binds 127.0.0.1; any other --host needs a password (LAWSCORE_SERVE_PASSWORD);
- every request needs the session cookie, which only the random token of the printed URL
  (or the password) gives; the token leaves the address bar by a redirect at once;
- the Host header must name this server (DNS rebinding: a page of another site resolved to
  127.0.0.1 is refused);
- every write (POST) needs the CSRF token of the page's form, and an Origin, when the browser
  sends one, of this server;
- writes nothing but reviews.yaml of the report folders and the output folder;
- the static pages' CSP (default-src 'none', no script) is kept: only `form-action 'self'`
  replaces `form-action 'none'`, so the forms can post here and nowhere else.
"""
from __future__ import annotations

import hashlib
import hmac
import html
import logging
import re
import secrets
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, Response, abort, redirect, request
from werkzeug.security import safe_join
from werkzeug.wrappers import Response as BaseResponse

from . import ingest, output, pipeline, reviews
from .checklist_set import ChecklistSet
from .errors import LawscoreError
from .labels import STATUS_LABELS, group_name
from .model import Copies, ReportResult, Review
from .paths import anchor, scorecard_path

log = logging.getLogger(__name__)

LOOPBACK = ("127.0.0.1", "localhost", "::1")
PASSWORD_ENV = "LAWSCORE_SERVE_PASSWORD"
COOKIE = "lawscore_session"
BY_COOKIE = "lawscore_by"  # the reviewer's name, offered again in the next form
CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")
_STATIC_CSP = "form-action 'none'"
_REVIEW_CLI = re.compile(r'<details class="review-cli" data-report="([^"]*)" data-item="([^"]*)" '
                         r'data-status="([^"]*)" data-review="([^"]*)">.*?</details>', re.DOTALL)
MAX_TEXT = 2000  # characters of a reason or a name


class ServeError(LawscoreError):
    """The server cannot start as asked (a port in use, no password for an open address)."""


@dataclass
class Batch:
    """The served batch: what `evaluate` would write, kept prepared so one report can be
    scored again and the output folder rewritten without scoring the others."""

    setup: ChecklistSet
    tasks: list[pipeline.Task]
    errors: list[tuple[str, str]]
    out: Path
    formats: frozenset[str]
    processed: list[output.Processed] = field(default_factory=list)
    # What the batch's copy check found in each report, and the sha256 of the file it read: a
    # report scored again alone gets the same copies while its file is the same.
    copies: list[tuple[Copies | None, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def index_of(self, report_anchor: str) -> int | None:
        for k, (source, _, _) in enumerate(self.tasks):
            if anchor(source.shown) == report_anchor:
                return k
        return None

    def write(self) -> None:
        output.write_stream(self.out, iter(self.processed), list(self.errors), set(self.formats))


def score_tasks(tasks: list[pipeline.Task], errors: list[tuple[str, str]], setup: ChecklistSet, out: Path,
                formats: frozenset[str], jobs: int = 1) -> Batch:
    """Score every planned report (pipeline.plan_batch) and write the output folder, as
    `evaluate` does; the prepared reports are kept for the saves to come."""
    batch = Batch(setup, tasks, list(errors), Path(out), formats)
    for result in pipeline.iter_batch(tasks, setup, None, jobs):  # None: whole results, one at a time
        assert isinstance(result, ReportResult)
        batch.processed.append(output.prepare(result, formats))
        batch.copies.append((result.copies, result.document.sha256 if result.document else ""))
    batch.write()
    return batch


def review_name(source) -> str:
    """How reviews.yaml names a report: its file name, `archive.zip!member` for a zip's member."""
    return source.path.name if source.member is None else f"{source.path.name}!{source.member}"


def rescore(batch: Batch, k: int, item_id: str) -> str:
    """Score the k-th report again with the reviews its reviews.yaml holds now; the place of
    the item on its scorecard (`scorecards/x.html#row`), relative to the output folder."""
    source, overrides, _ = batch.tasks[k]
    shown = source.shown
    items = reviews.known_items(batch.setup.checklists + ((batch.setup.override,) if batch.setup.override else ()))
    reviewed = reviews.load_reviews(source.path.parent, items).reviews.get(review_name(source), {})
    batch.tasks[k] = (source, overrides, reviewed)
    read = pipeline.read_file(source.path, shown, overrides, source.member)
    if isinstance(read, ReportResult):  # it can no longer be read
        result = read
    else:
        copies, sha = batch.copies[k]
        result = pipeline.score_document(read, batch.setup, reviewed, copies if read.document.sha256 == sha else None)
    batch.processed[k] = output.prepare(result, batch.formats)
    row = anchor(shown)  # a required part's row has no anchor of its own: the report's section
    outline = [ir.item.id for ir in result.outline.items] if result.outline is not None else []
    if item_id in outline:
        row = f"{row}-i{outline.index(item_id)}"  # as render.scorecard names the rows
    return f"{scorecard_path(group_name(result))}#{row}"


# ---------------------------------------------------------------- pages


def _page(title: str, body: str, status: int = 200) -> Response:
    text = ('<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{html.escape(title)}</title>'
            '<style>body{font-family:sans-serif;max-width:40em;margin:3em auto;padding:0 1em;line-height:1.6}'
            'input,button{font:inherit;padding:2px 8px}</style></head>'
            f"<body><h1>{html.escape(title)}</h1>{body}</body></html>\n")
    return Response(text, status=status, mimetype="text/html")


def _refused(message: str, status: int = 403) -> Response:
    return _page("无法完成", f'<p>{html.escape(message)}</p><p><a href="/">返回首页</a></p>', status)


def _form(batch_csrf: str, report: str, item: str, status: str, review: str, by: str) -> str:
    """The 改判 form (and 撤销复核 when the item has a review) put in place of one verdict's command lines."""
    e = html.escape
    hidden = (f'<input type="hidden" name="csrf" value="{e(batch_csrf)}">'
              f'<input type="hidden" name="report" value="{e(report)}">'
              f'<input type="hidden" name="item" value="{e(item)}">')
    options = "".join(f'<option value="{code}"{" selected" if code == status else ""}>{e(label)}</option>'
                      for code, label in STATUS_LABELS.items())
    out = ('<details class="review-form"><summary>改判</summary>'
           f'<form class="review" method="post" action="/review">{hidden}'
           f'<label>复核后的状态<select name="status">{options}</select></label>'
           f'<label>理由<textarea name="reason" rows="2" maxlength="{MAX_TEXT}" required></textarea></label>'
           f'<label>复核人<input name="by" value="{e(by)}" maxlength="100" required></label>'
           '<button type="submit">保存改判</button></form></details>')
    if review:
        out += (f'<form class="undo" method="post" action="/review">{hidden}'
                '<input type="hidden" name="action" value="undo"><button type="submit">撤销复核</button></form>')
    return out


def serve_html(text: str, csrf: str, by: str) -> str:
    """A static page as served: forms in place of the command lines, forms allowed to post here."""
    text = text.replace(_STATIC_CSP, "form-action 'self'", 1)
    def form(m: re.Match) -> str:
        report, item, status, review = (html.unescape(g) for g in m.groups())
        return _form(csrf, report, item, status, review, by)

    return _REVIEW_CLI.sub(form, text)


# ---------------------------------------------------------------- the application


def create_app(batch: Batch, token: str, hosts: set[str] | None, password: str | None = None) -> Flask:
    """The application over `batch`. `token`: the secret of the printed URL; `hosts`: the
    Host headers accepted (None: any, only with a password); `password`: for an office network."""
    app = Flask(__name__, static_folder=None)
    session = secrets.token_urlsafe(32)
    csrf = hmac.new(secrets.token_bytes(32), session.encode("ascii"), hashlib.sha256).hexdigest()
    app.config["LAWSCORE_CSRF"] = csrf  # for the tests

    def same(a: str | None, b: str) -> bool:
        return a is not None and hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))

    def logged_in(resp: BaseResponse) -> BaseResponse:
        resp.set_cookie(COOKIE, session, httponly=True, samesite="Strict", path="/")
        return resp

    @app.before_request
    def guard():
        if hosts is not None and request.host.lower() not in hosts:
            return _refused(f"这个地址({request.host})不是本服务的地址; 请打开 lawscore serve 打印的链接")
        if request.method == "POST":
            origin = request.headers.get("Origin")
            if origin is not None and urlsplit(origin).netloc.lower() != request.host.lower():
                return _refused("请求来自别的网站,已拒绝; 请在 lawscore serve 打开的页面上操作")
        if request.path == "/login" and password is not None:
            return None
        if same(request.cookies.get(COOKIE), session):
            if request.method == "POST" and not same(request.form.get("csrf"), csrf):
                return _refused("表单已过期或不是本服务的页面发出的; 请刷新页面后再保存")
            return None
        if request.method == "GET" and same(request.args.get("token"), token):
            return logged_in(redirect(request.path, code=303))  # the token leaves the address bar
        if password is not None and request.method == "GET":
            return redirect("/login", code=303)
        return _refused("需要访问令牌: 请打开 lawscore serve 启动时打印的完整链接(含 ?token=…)")

    @app.after_request
    def headers(resp: Response) -> Response:
        resp.headers["Content-Security-Policy"] = CSP
        resp.headers["X-Content-Type-Options"] = "nosniff"
        # same-origin, not no-referrer: with no-referrer a browser posts its forms with `Origin: null`
        resp.headers["Referrer-Policy"] = "same-origin"
        resp.headers["X-Frame-Options"] = "DENY"
        resp.headers["Cache-Control"] = "no-store"
        return resp

    @app.route("/login", methods=["GET", "POST"])
    def login():
        if password is None:
            abort(404)
        form = ('<form method="post" action="/login"><label>密码 <input type="password" name="password" '
                'autofocus required></label> <button type="submit">登录</button></form>')
        if request.method == "POST":
            if same(request.form.get("password"), password):
                return logged_in(redirect("/", code=303))
            return _page("lawscore 评分卡", "<p>密码不对,请重试。</p>" + form, 403)
        return _page("lawscore 评分卡", "<p>请输入 lawscore serve 的密码(LAWSCORE_SERVE_PASSWORD)。</p>" + form)

    @app.get("/")
    @app.get("/<path:rel>")
    def page(rel: str = "index.html"):
        path = safe_join(str(batch.out), rel)
        if path is None or not Path(path).is_file() or "/." in f"/{rel}":
            return _refused(f"没有这个页面: {rel}; 请从首页进入", 404)
        if not rel.endswith(".html"):
            return Response(Path(path).read_bytes(), mimetype=_MIME.get(Path(rel).suffix, "application/octet-stream"))
        text = Path(path).read_text(encoding="utf-8")
        return Response(serve_html(text, csrf, request.cookies.get(BY_COOKIE, "")), mimetype="text/html")

    def _save(k: int, item: str, change) -> BaseResponse:
        with batch.lock:
            try:
                change()
            except reviews.ReviewError as exc:
                return _refused("reviews.yaml 有问题,没有写入: " + "; ".join(str(p) for p in exc.problems), 409)
            except LawscoreError as exc:  # the report can no longer be read
                return _refused(f"没有写入: {exc.format_message()}", 409)
            except OSError as exc:
                return _refused(f"无法写入 reviews.yaml({exc.strerror or exc}); 请检查报告文件夹的权限", 500)
            page = rescore(batch, k, item)
            try:
                batch.write()
            except (LawscoreError, OSError) as exc:
                log.warning("output not rewritten: %s", exc)
                return _refused(f"复核已写入 reviews.yaml,但评分卡没有更新({exc}); 请稍后刷新,或重新运行 lawscore evaluate", 503)
            return redirect(f"/{page}", code=303)

    @app.post("/review")
    def review():
        """改判 (a status, a reason, a name), or 撤销复核 with action=undo."""
        k = batch.index_of(request.form.get("report", ""))
        if k is None:
            return _refused("没有这份报告(可能已重新评分); 请刷新页面后再试", 404)
        item = request.form.get("item", "")
        if item not in reviews.known_items(batch.setup.checklists + ((batch.setup.override,) if batch.setup.override else ())):
            return _refused(f'清单中没有事项 "{item}"; 请刷新页面后再试', 400)
        source = batch.tasks[k][0]
        name, folder = review_name(source), source.path.parent
        if request.form.get("action") == "undo":
            return _save(k, item, lambda: reviews.remove_review(folder, name, item))
        code = reviews.status_code(request.form.get("status"))
        reason = " ".join(request.form.get("reason", "").split())[:MAX_TEXT]
        by = " ".join(request.form.get("by", "").split())[:100]
        if code is None:
            return _refused(f"没有这个状态; 请选择其中之一: {reviews.STATUS_CHOICES}", 400)
        if not reason or not by:
            return _refused("请写明改判的理由和复核人", 400)

        def change() -> None:
            import datetime

            sha = ingest.read(source.path, source.shown, source.member).sha256  # as a run will compare it
            entry = Review(report=name, item_id=item, status=code, reason=reason, by=by,
                           date=datetime.date.today().isoformat(), sha256=sha)
            reviews.write_review(folder, entry)

        resp = _save(k, item, change)
        if resp.status_code == 303:
            resp.set_cookie(BY_COOKIE, by, httponly=True, samesite="Strict", path="/", max_age=180 * 86400)
        return resp

    return app


_MIME = {".json": "application/json", ".csv": "text/csv; charset=utf-8", ".docx":
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def allowed_hosts(host: str, port: int) -> set[str] | None:
    """The Host headers a server bound to `host` answers: its loopback names, or any (None)
    when it listens on an office network (a password guards it there)."""
    if host not in LOOPBACK:
        return None
    return {f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"}


def make_server(app: Flask, host: str, port: int):
    """A waitress server bound to host:port (port 0: any free one); not yet serving."""
    from waitress.server import create_server

    try:
        return create_server(app, host=host, port=port, threads=4, ident="lawscore")
    except OSError as exc:
        raise ServeError(f"无法在 {host}:{port} 上启动({exc.strerror or exc}); 请用 --port 另选一个端口") from None
