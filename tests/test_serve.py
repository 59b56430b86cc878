"""`lawscore serve` through Flask's test client: every route, the token, the Host check, CSRF,
a save and an undo re-scoring the report, two tabs saving at once, a save while `evaluate`
runs, and nothing written but reviews.yaml and the output folder. The same in a real browser:
tests/test_serve_browser.py."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import unquote

import pytest
from click.testing import CliRunner
from test_reviews import OUTLINE, REASON, REPORT

from lawscore import checklist_set, pipeline, serve
from lawscore.cli import main

from conftest import workspace

TOKEN = "t0ken-for-tests"
BASE = "http://127.0.0.1:8765"
FORMATS = frozenset(("html", "json", "csv", "xlsx"))
SECOND = "测试县2023年法治政府建设年度报告\n一、主要举措和成效\n全年收到行政复议申请12件。\n"


def make_batch(root: Path) -> serve.Batch:
    setup = checklist_set.load_checklists(root / "checklists", None)
    tasks, errors = pipeline.plan_batch([str(root / "reports")], setup, [])
    return serve.score_tasks(tasks, errors, setup, root / "out", FORMATS, 1)


@pytest.fixture
def site(tmp_path):
    """A scored one-report batch, its application, and a client that opened the printed link."""
    root = workspace(tmp_path, {"checklists/outline-test.yaml": OUTLINE, "reports/测试县2023.txt": REPORT})
    batch = make_batch(root)
    app = serve.create_app(batch, TOKEN, serve.allowed_hosts("127.0.0.1", 8765))
    client = app.test_client()
    assert client.get(f"/?token={TOKEN}", base_url=BASE).status_code == 303
    return root, batch, app, client


def card_path(root: Path) -> str:
    return "scorecards/" + next((root / "out/scorecards").glob("*.html")).name


def report_entry(root: Path) -> dict:
    return json.loads((root / "out/results.json").read_text(encoding="utf-8"))["reports"][0]


def status_of(root: Path, item: str) -> str:
    return next(i["status"] for i in report_entry(root)["items"] if i["id"] == item)


def form(app, report: str = "", item: str = "c22-review", **fields) -> dict:
    data = {"csrf": app.config["LAWSCORE_CSRF"], "report": report, "item": item}
    data.update(fields)
    return data


def save(app, client, item: str = "c22-review", reason: str = REASON, by: str = "张三", status: str = "已落实"):
    return client.post("/review", base_url=BASE, data=form(app, ANCHOR, item, status=status, reason=reason, by=by))


ANCHOR = ""  # set by the autouse fixture below: the anchor of the report's source


@pytest.fixture(autouse=True)
def _anchor(tmp_path):
    from lawscore.paths import anchor

    global ANCHOR
    ANCHOR = anchor(str(tmp_path / "reports/测试县2023.txt"))


def files_outside(root: Path) -> dict[str, bytes]:
    """Every file of the workspace except the output folder and reviews.yaml."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*")
            if p.is_file() and not p.relative_to(root).as_posix().startswith(("out/", ".out."))
            and p.name != "reviews.yaml"}


# ---------------------------------------------------------------- the token, the host, every route


def test_nothing_is_served_without_the_token_and_the_token_leaves_the_address_bar(site):
    root, batch, app, _ = site
    fresh = app.test_client()
    refused = fresh.get("/", base_url=BASE)
    assert refused.status_code == 403 and "需要访问令牌" in refused.text
    assert fresh.get("/?token=wrong", base_url=BASE).status_code == 403
    assert fresh.get(f"/{card_path(root)}", base_url=BASE).status_code == 403
    opened = fresh.get(f"/?token={TOKEN}", base_url=BASE)
    assert opened.status_code == 303 and opened.headers["Location"] == "/"
    cookie = opened.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and TOKEN not in cookie
    assert fresh.get("/", base_url=BASE).status_code == 200


def test_every_route_answers_with_the_strict_csp(site):
    root, batch, app, client = site
    index = client.get("/", base_url=BASE)
    assert index.status_code == 200 and "法治政府建设年度报告评分" in index.text
    card = client.get(f"/{card_path(root)}", base_url=BASE)
    assert card.status_code == 200
    assert card.text.count('<details class="review-form">') == card.text.count('<div class="item-id">') == 3  # one per item
    assert '<details class="review-cli"' not in card.text  # the command lines gave way to the forms
    assert "form-action 'self'" in card.text and "form-action 'none'" not in card.text and "<script" not in card.text
    assert json.loads(client.get("/results.json", base_url=BASE).data)["reports"][0]["coverage"] == 33.3
    assert client.get("/results.csv", base_url=BASE).mimetype == "text/csv"
    for missing in ("/nothing.html", "/../reports/测试县2023.txt", "/%2e%2e/reports/测试县2023.txt", "/.lawscore-output"):
        assert client.get(missing, base_url=BASE).status_code == 404, missing
    for resp in (index, card):
        assert resp.headers["Content-Security-Policy"] == serve.CSP
        assert "default-src 'none'" in serve.CSP and "script" not in serve.CSP
        assert resp.headers["X-Frame-Options"] == "DENY" and resp.headers["Referrer-Policy"] == "same-origin"
    assert client.get("/login", base_url=BASE).status_code == 404  # no password, no login page


def test_a_host_header_of_another_name_is_refused_against_dns_rebinding(site):
    _, _, _, client = site
    for host in ("evil.example:8765", "127.0.0.1:9999", "evil.example"):
        resp = client.get("/", base_url=f"http://{host}")
        assert resp.status_code == 403 and "不是本服务的地址" in resp.text, host
    # localhost is this server: it is asked for the token (its cookie belongs to 127.0.0.1), not refused
    local = client.get("/", base_url="http://localhost:8765")
    assert local.status_code == 403 and "需要访问令牌" in local.text
    assert client.get(f"/?token={TOKEN}", base_url="http://localhost:8765").status_code == 303


def test_a_write_without_the_forms_csrf_token_or_from_another_site_is_refused(site):
    root, _, app, client = site
    data = form(app, ANCHOR, status="met", reason=REASON, by="张三")
    for bad in ({**data, "csrf": ""}, {**data, "csrf": "0" * 64}, {k: v for k, v in data.items() if k != "csrf"}):
        resp = client.post("/review", base_url=BASE, data=bad)
        assert resp.status_code == 403 and "请刷新页面后再保存" in resp.text
    foreign = client.post("/review", base_url=BASE, data=data, headers={"Origin": "http://evil.example"})
    assert foreign.status_code == 403 and "别的网站" in foreign.text
    stranger = app.test_client().post("/review", base_url=BASE, data=data)  # no cookie: the token was never opened
    assert stranger.status_code == 403
    assert app.test_client().post("/review", base_url=BASE, data={**data, "action": "undo"}).status_code == 403
    assert not (root / "reports/reviews.yaml").exists()
    assert status_of(root, "c22-review") == "missing"


def test_a_bad_form_is_refused_in_chinese_and_nothing_is_written(site):
    root, _, app, client = site
    cases = [
        (form(app, ANCHOR, status="done", reason="x", by="张三"), 400, "没有这个状态"),
        (form(app, ANCHOR, status="met", reason="  ", by="张三"), 400, "请写明改判的理由和复核人"),
        (form(app, ANCHOR, status="met", reason="x", by=""), 400, "请写明改判的理由和复核人"),
        (form(app, "r00000000", status="met", reason="x", by="张三"), 404, "没有这份报告"),
        (form(app, ANCHOR, item="c99-nothing", status="met", reason="x", by="张三"), 400, '清单中没有事项 &quot;c99-nothing&quot;'),
    ]
    for data, code, words in cases:
        resp = client.post("/review", base_url=BASE, data=data)
        assert resp.status_code == code and words in resp.text, (data, resp.text)
    assert not (root / "reports/reviews.yaml").exists()


# ---------------------------------------------------------------- saving and undoing


def test_saving_writes_reviews_yaml_rescores_the_report_and_shows_the_updated_scorecard_and_index(site):
    root, _, app, client = site
    assert report_entry(root)["coverage"] == 33.3
    saved = save(app, client)
    assert saved.status_code == 303
    assert unquote(saved.headers["Location"]) == f"/{card_path(root)}#{ANCHOR}-i1"  # the row of c22-review
    text = (root / "reports/reviews.yaml").read_text(encoding="utf-8")
    sha = hashlib.sha256(REPORT.encode("utf-8")).hexdigest()
    assert f"测试县2023.txt:\n  c22-review:\n    status: met\n    reason: {REASON}\n    by: 张三\n" in text
    assert text.endswith(f"    sha256: {sha}\n")
    card = client.get(f"/{card_path(root)}", base_url=BASE).text
    assert f"人工复核为“已落实”：{REASON}（张三，" in card and '<span class="review-tag">人工复核</span>' in card
    assert card.count("撤销复核</button>") == 1
    assert 'name="by" value="张三"' in card  # the reviewer's name is offered again
    assert report_entry(root)["coverage"] == 83.3
    index = client.get("/", base_url=BASE).text
    assert "83.3" in index and "33.3" not in index


def test_the_served_output_is_what_evaluate_writes_after_the_same_review(tmp_path):
    """Byte for byte, with the batch's copy check: the 2024 report repeats the 2023 one."""
    root = workspace(tmp_path, {"checklists/outline-test.yaml": OUTLINE, "reports/测试县2023.txt": REPORT,
                                "reports/测试县2024.txt": REPORT.replace("2023", "2024")})
    app = serve.create_app(make_batch(root), TOKEN, serve.allowed_hosts("127.0.0.1", 8765))
    client = app.test_client()
    assert client.get(f"/?token={TOKEN}", base_url=BASE).status_code == 303
    assert save(app, client).status_code == 303
    copied = json.loads((root / "out/results.json").read_text(encoding="utf-8"))["reports"][1]["copies"]
    assert copied["share"] > 0.5  # the copy check found the repeated year, and a save keeps it
    fresh = CliRunner().invoke(main, ["evaluate", str(root / "reports"), "--checklists", str(root / "checklists"),
                                      "--out", str(root / "again"), "--jobs", "1"])
    assert fresh.exit_code == 0, fresh.output
    written = sorted(p.relative_to(root / "out").as_posix() for p in (root / "out").rglob("*") if p.is_file())
    assert written == sorted(p.relative_to(root / "again").as_posix() for p in (root / "again").rglob("*") if p.is_file())
    for rel in written:
        assert (root / "out" / rel).read_bytes() == (root / "again" / rel).read_bytes(), rel


def test_undo_removes_the_review_and_the_engines_verdict_comes_back(site):
    root, _, app, client = site
    assert save(app, client).status_code == 303 and status_of(root, "c22-review") == "met"
    undone = client.post("/review", base_url=BASE, data=form(app, ANCHOR, action="undo"))
    assert undone.status_code == 303
    assert status_of(root, "c22-review") == "missing" and report_entry(root)["coverage"] == 33.3
    assert "c22-review" not in (root / "reports/reviews.yaml").read_text(encoding="utf-8")
    assert "撤销复核</button>" not in client.get(f"/{card_path(root)}", base_url=BASE).text


def test_two_tabs_saving_at_once_keep_both_reviews(site):
    root, _, app, client = site
    other = app.test_client()
    assert other.get(f"/?token={TOKEN}", base_url=BASE).status_code == 303
    results = {}
    start = threading.Barrier(2)

    def tab(name, c, item, status):
        start.wait()
        results[name] = save(app, c, item=item, status=status, reason=f"{name}的理由").status_code

    threads = [threading.Thread(target=tab, args=("甲", client, "c22-review", "met")),
               threading.Thread(target=tab, args=("乙", other, "c23-suits", "gap"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert results == {"甲": 303, "乙": 303}
    assert status_of(root, "c22-review") == "met" and status_of(root, "c23-suits") == "gap"
    text = (root / "reports/reviews.yaml").read_text(encoding="utf-8")
    assert "甲的理由" in text and "乙的理由" in text


def test_a_save_while_evaluate_runs_is_kept_and_both_finish(site):
    root, _, app, client = site
    (root / "reports/测试县2024.txt").write_text(SECOND * 200, encoding="utf-8")  # a little work for evaluate
    run = subprocess.Popen([sys.executable, "-m", "lawscore", "evaluate", str(root / "reports"), "--checklists",
                            str(root / "checklists"), "--out", str(root / "out"), "--jobs", "1"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    saved = save(app, client)
    out, err = run.communicate(timeout=120)
    assert run.returncode == 0, err.decode("utf-8", "replace")
    assert saved.status_code in (303, 503), saved.text  # 503: evaluate held the output folder; the review is kept
    assert "c22-review" in (root / "reports/reviews.yaml").read_text(encoding="utf-8")
    assert (root / "out/index.html").is_file() and json.loads((root / "out/results.json").read_text(encoding="utf-8"))
    again = CliRunner().invoke(main, ["evaluate", str(root / "reports"), "--checklists", str(root / "checklists"),
                                      "--out", str(root / "out"), "--jobs", "1"])
    assert again.exit_code == 0 and "人工复核: 采用 1 条" in again.output


def test_saving_writes_nothing_but_reviews_yaml_and_the_output_folder(site):
    root, _, app, client = site
    before = files_outside(root)
    assert save(app, client).status_code == 303
    assert client.post("/review", base_url=BASE, data=form(app, ANCHOR, action="undo")).status_code == 303
    assert save(app, client, item="c9-norms", status="部分落实").status_code == 303
    assert files_outside(root) == before
    assert sorted(p.name for p in root.iterdir()) == ["checklists", "out", "reports"]


def test_report_text_in_a_form_is_escaped():
    page = ('<details class="review-cli" data-report="r1" data-item="&#34;&gt;&lt;script&gt;x()&lt;/script&gt;" '
            'data-status="met" data-review="applied"><summary>改判</summary></details>')
    served = serve.serve_html(page, "c" * 64, '"><script>y()</script>')
    assert "<script" not in served and "&lt;script&gt;" in served and 'name="action" value="undo"' in served


# ---------------------------------------------------------------- an office network


def test_an_address_other_than_loopback_refuses_to_start_without_a_password(tmp_path, monkeypatch):
    monkeypatch.delenv(serve.PASSWORD_ENV, raising=False)
    root = workspace(tmp_path, {"checklists/outline-test.yaml": OUTLINE, "reports/测试县2023.txt": REPORT})
    result = CliRunner().invoke(main, ["serve", str(root / "reports"), "--checklists", str(root / "checklists"),
                                       "--out", str(root / "out"), "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert result.output == ("错误: --host 0.0.0.0 让办公网中的其他电脑也能访问,必须先设置密码; "
                             f"请设置环境变量 {serve.PASSWORD_ENV},或去掉 --host(只在本机使用)\n")
    assert not (root / "out").exists()


def test_the_server_binds_127_0_0_1_by_default(site):
    _, _, app, _ = site
    default = next(p.default for p in main.commands["serve"].params if p.name == "host")
    assert default == "127.0.0.1"
    server = serve.make_server(app, default, 0)
    try:
        assert server.socket.getsockname()[0] == "127.0.0.1"
    finally:
        server.close()


def test_with_a_password_any_host_may_ask_but_only_the_password_lets_in(tmp_path):
    root = workspace(tmp_path, {"checklists/outline-test.yaml": OUTLINE, "reports/测试县2023.txt": REPORT})
    app = serve.create_app(make_batch(root), TOKEN, None, password="正确的密码")
    client = app.test_client()
    office = "http://192.168.1.20:8765"
    first = client.get("/", base_url=office)
    assert first.status_code == 303 and first.headers["Location"] == "/login"
    assert "请输入 lawscore serve 的密码" in client.get("/login", base_url=office).text
    assert client.post("/login", base_url=office, data={"password": "错误"}).status_code == 403
    assert client.get("/", base_url=office).status_code == 303
    assert client.post("/login", base_url=office, data={"password": "正确的密码"}).status_code == 303
    assert client.get("/", base_url=office).status_code == 200


class _Stopped:
    """A server that stops at once, so the command's printout can be read."""

    effective_port = 8765

    def run(self) -> None:
        raise KeyboardInterrupt

    def close(self) -> None:
        pass


def test_what_serve_prints_tells_a_supervisor_what_to_open(tmp_path, monkeypatch):
    root = workspace(tmp_path, {"checklists/outline-test.yaml": OUTLINE, "reports/测试县2023.txt": REPORT})
    made = {}

    def fake_server(app, host, port):
        made.update(app=app, host=host, port=port)
        return _Stopped()

    monkeypatch.setattr(serve, "make_server", fake_server)
    result = CliRunner().invoke(main, ["serve", str(root / "reports"), "--checklists", str(root / "checklists"),
                                       "--out", str(root / "out"), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"已评分 1 份报告,0 份无法读取;评分卡在 {root / 'out'}"
    assert lines[1] == "lawscore serve 已启动。请在浏览器中打开这个链接,在评分卡上每个事项旁点“改判”:"
    url = lines[2].strip()
    assert url.startswith("http://127.0.0.1:8765/?token=") and len(url.split("token=")[1]) >= 32
    assert lines[3] == "链接中含访问令牌,请只发给需要改判的人。按 Ctrl-C 停止。"
    assert made["host"] == "127.0.0.1" and made["port"] == 8765
    client = made["app"].test_client()
    assert client.get(url.split("8765", 1)[1], base_url=BASE).status_code == 303  # the printed link lets one in


def test_the_readmes_third_block_is_lawscore_serve():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    blocks = readme.split("```")[1::2]
    assert blocks[2].strip() == "sh\n. .venv/bin/activate && lawscore serve"


def test_a_report_inside_a_zip_is_reviewed_as_archive_zip_member(tmp_path):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("2023/测试县2023.txt", REPORT.encode("utf-8"))
    root = workspace(tmp_path, {"checklists/outline-test.yaml": OUTLINE, "reports/全县.zip": buffer.getvalue()})
    batch = make_batch(root)
    app = serve.create_app(batch, TOKEN, serve.allowed_hosts("127.0.0.1", 8765))
    client = app.test_client()
    assert client.get(f"/?token={TOKEN}", base_url=BASE).status_code == 303
    source = batch.tasks[0][0]
    data = form(app, anchor_of(source.shown), status="met", reason=REASON, by="张三")
    assert client.post("/review", base_url=BASE, data=data).status_code == 303
    assert "全县.zip!2023/测试县2023.txt:\n  c22-review:\n" in (root / "reports/reviews.yaml").read_text(encoding="utf-8")
    assert status_of(root, "c22-review") == "met"


def anchor_of(shown: str) -> str:
    from lawscore.paths import anchor

    return anchor(shown)


def test_a_port_in_use_is_an_error_that_says_what_to_do(site):
    _, _, app, _ = site
    first = serve.make_server(app, "127.0.0.1", 0)
    try:
        with pytest.raises(serve.ServeError) as caught:
            serve.make_server(app, "127.0.0.1", first.effective_port)
        assert caught.value.format_message().endswith("; 请用 --port 另选一个端口")
    finally:
        first.close()
