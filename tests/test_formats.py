"""Issue 26: the files offices exchange (.doc, .wps, .rtf, .mht, .ofd, a .zip of them) are read and
scored like the same text saved as .txt; a converter that is not installed, and a hostile
archive, give a Chinese reason while the batch goes on.

The .doc files (and the LibreOffice .rtf) are checked in gzipped, made by
scripts/make_formats.py; .mht, .ofd, WordPad .rtf and .zip files are written here (formats.py).
"""
from __future__ import annotations

import gzip
import shutil
import zipfile
from pathlib import Path

import formats
import pytest

from lawscore import ingest, pipeline
from lawscore.errors import ReportError
from lawscore.ingest import archive, convert, doc

from conftest import REPORTS

FIXTURES = Path(__file__).parent / "data" / "formats"
SEED_FILES = sorted(REPORTS.glob("*.txt"))
HAS_DOC_READER = bool(convert.installed(doc.PROGRAMS))
needs_doc_reader = pytest.mark.skipif(not HAS_DOC_READER, reason="no .doc converter: apt-get install antiword catdoc")


def fixture(tmp_path: Path, name: str, as_name: str | None = None) -> Path:
    """A checked-in fixture, unpacked into tmp_path (as `as_name` when given)."""
    path = tmp_path / (as_name or name)
    path.write_bytes(gzip.decompress((FIXTURES / f"{name}.gz").read_bytes()))
    return path


def written(tmp_path: Path, seed: Path, suffix: str) -> Path:
    """The seed report saved as `suffix`: from the checked-in fixtures or written here."""
    text = seed.read_text(encoding="utf-8")
    if suffix == ".doc":
        return fixture(tmp_path, seed.stem + ".doc")
    if suffix == ".wps":  # WPS Office saves Word 97 inside a .wps; LibreOffice cannot write .wps
        return fixture(tmp_path, seed.stem + ".doc", seed.stem + ".wps")
    if suffix == ".rtf":
        return fixture(tmp_path, seed.stem + ".rtf")
    path = tmp_path / f"{seed.stem}{suffix}"
    path.write_bytes({".mht": formats.mht, ".ofd": formats.ofd, ".ansi.rtf": formats.rtf_ansi}[suffix](text))
    return path


def scores(result) -> tuple:
    assert result.errors == (), result.errors
    return tuple((part.score, part.coverage) for part in (result.outline, result.rules) if part is not None)


def statuses(result) -> dict:
    return {r.item.id: r.status for part in (result.outline, result.rules) if part for r in part.items}


@pytest.fixture(scope="module")
def as_text(setup):
    return {seed.stem: pipeline.evaluate_file(seed, str(seed), setup) for seed in SEED_FILES}


# --- every format, every seed -----------------------------------------------------------------

FORMATS = [
    pytest.param(".doc", marks=needs_doc_reader),
    pytest.param(".wps", marks=needs_doc_reader),
    ".rtf", ".ansi.rtf", ".mht", ".ofd",
]


@pytest.mark.parametrize("suffix", FORMATS)
def test_each_seed_in_each_format_scores_like_its_text(tmp_path, setup, as_text, suffix):
    for seed in SEED_FILES:
        path = written(tmp_path, seed, suffix)
        result = pipeline.evaluate_file(path, path.name, setup)
        expected = as_text[seed.stem]
        for (score, coverage), (want_score, want_coverage) in zip(scores(result), scores(expected)):
            assert abs(score - want_score) <= 1, (seed.name, suffix, score, want_score)
            assert coverage is None or abs(coverage - want_coverage) <= 1, (seed.name, suffix, coverage, want_coverage)


@pytest.mark.parametrize("suffix", FORMATS)
def test_the_same_text_in_each_format_scores_exactly_like_the_txt(tmp_path, setup, as_text, suffix):
    seed = SEED_FILES[0]
    path = written(tmp_path, seed, suffix)
    result = pipeline.evaluate_file(path, path.name, setup)
    assert scores(result) == scores(as_text[seed.stem])
    assert statuses(result) == statuses(as_text[seed.stem])


# --- a .zip of them all -------------------------------------------------------------------------

def test_a_zip_of_every_format_scores_every_report_named_archive_member(tmp_path, setup, as_text):
    suffixes = [".txt", ".rtf", ".mht", ".ofd"] + ([".doc", ".wps"] if HAS_DOC_READER else [])
    members = {}
    for seed in SEED_FILES:
        for suffix in suffixes:
            path = seed if suffix == ".txt" else written(tmp_path, seed, suffix)
            members[f"县级报告/{seed.stem}{suffix}"] = path.read_bytes()  # a GBK folder name, as Windows writes it
    members["县级报告/说明.xml"] = b"<not-a-report/>"  # not a report format: left alone
    bundle = tmp_path / "all.zip"
    bundle.write_bytes(formats.zip_of(members, gbk_names=True))

    results, errors = pipeline.run_batch([str(bundle)], setup)

    assert errors == []
    assert [r.source for r in results] == sorted(f"{bundle}!{name}" for name in members if not name.endswith(".xml"))
    for result in results:
        seed = result.source.rsplit("/", 1)[1].split(".")[0]
        for (score, _), (want, _) in zip(scores(result), scores(as_text[seed])):
            assert abs(score - want) <= 1, (result.source, score, want)


def test_a_zip_member_scores_exactly_like_the_same_file_outside_it(tmp_path, setup, as_text):
    seed = SEED_FILES[0]
    bundle = tmp_path / "one.zip"
    bundle.write_bytes(formats.zip_of({"报告.txt": seed.read_bytes()}))
    (result,), errors = pipeline.run_batch([str(tmp_path)], setup)
    assert errors == [] and result.source == f"{bundle}!报告.txt"
    assert statuses(result) == statuses(as_text[seed.stem]) and scores(result) == scores(as_text[seed.stem])


# --- hostile archives ----------------------------------------------------------------------------

def deflate_bomb(name: str, inflated: int) -> bytes:
    """A zip whose one member inflates to `inflated` bytes of zeros: the deflate stream of 1 MB
    of zeros, flushed to a byte boundary, repeated (a few MB on disk, gigabytes inflated).
    The CRC is left 0: a reader that checks sizes first never gets far enough to check it."""
    import struct
    import zlib

    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(bytes(1 << 20)) + packer.flush(zlib.Z_FULL_FLUSH)
    stream = block * (inflated >> 20) + packer.flush()
    raw = name.encode()
    local = struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, 0, 8, 0, 0, 0, len(stream), inflated, len(raw), 0) + raw
    central = struct.pack("<4s6H3I5H2I", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, 0, len(stream), inflated, len(raw),
                          0, 0, 0, 0, 0, 0) + raw
    end = struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, 1, 1, len(central), len(local) + len(stream), 0)
    return local + stream + central + end


def test_a_3_mb_docx_inflating_to_3_gib_fails_at_once_with_a_reason(tmp_path):
    bomb = tmp_path / "bomb.docx"
    bomb.write_bytes(deflate_bomb("word/document.xml", 3 << 30))
    assert bomb.stat().st_size < 4 << 20
    with pytest.raises(ReportError, match=r"Word 文件解压后共 3072 MB, 超过上限 512 MB, 不读取\(可能是压缩炸弹\)"):
        ingest.read(bomb)


def test_hostile_zips_are_listed_with_a_reason_and_the_batch_goes_on(tmp_path, setup, monkeypatch):
    work = tmp_path / "tmp"
    work.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(work))  # converters' private folders go here
    reports = tmp_path / "reports"
    reports.mkdir()
    seed = SEED_FILES[0].read_bytes()
    (reports / "many.zip").write_bytes(formats.zip_of({f"r{i}.txt": b"x" for i in range(archive.MAX_MEMBERS + 1)}))
    (reports / "bomb.zip").write_bytes(deflate_bomb("report.txt", 8 << 20))
    members = {"../../escaped.txt": seed, "/etc/lawscore-escaped.txt": seed, "a/../../up.doc": seed,
               "inner.zip": formats.zip_of({"r.txt": seed}), "good.txt": seed}
    (reports / "names.zip").write_bytes(formats.zip_of(members))
    (reports / "broken.zip").write_bytes(b"PK\x03\x04 not really a zip")
    before = sorted(p for p in tmp_path.parent.iterdir())

    results, errors = pipeline.run_batch([str(reports)], setup)

    reasons = dict(errors) | {r.source: "; ".join(r.errors) for r in results if r.errors}
    assert [r.source for r in results if not r.errors] == [f"{reports}/names.zip!good.txt"]
    assert f"有 {archive.MAX_MEMBERS + 1} 个文件, 超过上限 {archive.MAX_MEMBERS} 个" in reasons[f"{reports}/many.zip"]
    assert "压缩比超过 200 倍(可能是压缩炸弹)" in reasons[f"{reports}/bomb.zip!report.txt"]
    assert "含有 .. (指向压缩包以外)" in reasons[f"{reports}/names.zip!../../escaped.txt"]
    assert "含有 .. (指向压缩包以外)" in reasons[f"{reports}/names.zip!a/../../up.doc"]
    assert "是绝对路径" in reasons[f"{reports}/names.zip!/etc/lawscore-escaped.txt"]
    assert "压缩包中的压缩包不展开" in reasons[f"{reports}/names.zip!inner.zip"]
    assert "无法读取压缩包" in reasons[f"{reports}/broken.zip"]
    # Nothing was extracted anywhere: no new file beside the test's folder or in /etc, no
    # converter folder left behind.
    assert sorted(p for p in tmp_path.parent.iterdir()) == before
    assert not Path("/etc/lawscore-escaped.txt").exists()
    assert list(work.iterdir()) == []


# --- converters -----------------------------------------------------------------------------------

def test_without_a_doc_converter_the_file_names_the_package_and_the_batch_goes_on(tmp_path, setup, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs"))
    reports = tmp_path / "reports"
    reports.mkdir()
    fixture(reports, SEED_FILES[0].stem + ".doc", "old.doc")
    (reports / "new.txt").write_bytes(SEED_FILES[0].read_bytes())

    results, errors = pipeline.run_batch([str(reports)], setup)

    assert errors == []
    new, old = results  # sorted by name
    assert old.errors == ("无法读取Word .doc 或 WPS .wps 文件: 未安装转换程序; 请安装: apt-get install antiword 或 "
                          "catdoc 或 libreoffice-writer-nogui; 或用 Word 或 WPS 打开并另存为 .docx",)
    assert new.errors == () and new.outline is not None


def test_a_converter_that_takes_too_long_is_stopped_and_its_folder_removed(tmp_path, monkeypatch):
    work = tmp_path / "tmp"
    work.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(work))
    monkeypatch.setenv("LAWSCORE_CONVERT_SECONDS", "1")
    # A converter that starts a child and never ends: both are stopped.
    slow = convert.Program((shutil.which("sh") or "/bin/sh", "-c", "sleep 67 & sleep 67", "sh"), "slow-package")
    monkeypatch.setattr(doc, "PROGRAMS", (slow,))
    path = tmp_path / "r.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + bytes(500))
    with pytest.raises(ReportError, match=r"sh 转换超时\(超过1秒\)"):
        ingest.read(path)
    assert list(work.iterdir()) == []


@pytest.mark.parametrize("value", ["inf", "nan", "-5", "x"])
def test_a_converter_time_limit_that_is_not_a_finite_number_is_ignored(monkeypatch, value):
    monkeypatch.setenv("LAWSCORE_CONVERT_SECONDS", value)
    assert convert.seconds() == (1.0 if value == "-5" else convert.SECONDS)


@needs_doc_reader
def test_a_word_table_reads_as_the_docx_reader_reads_it(tmp_path):
    docx_text = ingest.read(Path(__file__).parent / "data" / "captures" / "d01_deqing_header_table.docx").text
    for suffix in (".doc", ".rtf"):
        got = ingest.read(fixture(tmp_path, "d01_deqing_header_table" + suffix)).text
        assert "文号 | 德清政发〔2022〕8号 | 发文日期 | 2022-02-18" in got.split("\n")
        assert [line for line in got.split("\n") if line.strip()] == [line for line in docx_text.split("\n") if line.strip()]


def test_an_ofd_with_external_entities_reads_no_file_and_no_network(tmp_path):
    text = SEED_FILES[0].read_text(encoding="utf-8")
    package = zipfile.ZipFile(tmp_path / "x.zip", "w")
    source = zipfile.ZipFile(__import__("io").BytesIO(formats.ofd(text)))
    for info in source.infolist():
        data = source.read(info)
        if info.filename.endswith("Page_0/Content.xml"):
            data = data.replace(b"?>\n", b'?>\n<!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">'
                                         b'<!ENTITY w SYSTEM "http://127.0.0.1:9/x">]>\n', 1)
            data = data.replace(b"</ofd:TextCode>", b"&x;&w;</ofd:TextCode>", 1)
        package.writestr(info, data)
    package.close()
    path = tmp_path / "x.ofd"
    (tmp_path / "x.zip").rename(path)
    got = ingest.read(path).text
    assert "root:" not in got and got.startswith(ingest.read(written(tmp_path, SEED_FILES[0], ".ofd")).text[:20])


# --- the file's own properties, as a labelled fallback ---------------------------------------------

def _without_header(text: str) -> str:
    """A seed's text from its first body paragraph: no page header, so no publication date."""
    return text[text.index("2022年,县人民政府"):]


def test_a_creation_date_in_the_files_properties_stands_in_for_a_missing_publication_date(tmp_path, setup):
    text = _without_header(SEED_FILES[0].read_text(encoding="utf-8"))
    plain = tmp_path / "r.txt"
    plain.write_text(text, encoding="utf-8")
    ofd_file = tmp_path / "r.ofd"
    ofd_file.write_bytes(formats.ofd(text))  # DocInfo: CreationDate 2023-03-29

    as_text = pipeline.evaluate_file(plain, "r.txt", setup)
    as_ofd = pipeline.evaluate_file(ofd_file, "r.ofd", setup)

    assert as_text.metadata.published is None and as_text.metadata.year == 2022
    assert as_ofd.metadata.published == "2023-03-29"
    assert ("published", "文件属性(创建日期)") in as_ofd.metadata.sources
    assert "正文中没有发布日期, 采用文件属性中的创建日期2023-03-29(仅作参考)" in as_ofd.warnings


def test_a_creation_date_far_from_the_reported_year_is_not_taken(tmp_path, setup):
    import docx

    text = _without_header(SEED_FILES[0].read_text(encoding="utf-8"))
    document = docx.Document()  # python-docx's template says it was created on 2013-12-23
    for line in text.split("\n"):
        document.add_paragraph(line)
    path = tmp_path / "r.docx"
    document.save(str(path))
    result = pipeline.evaluate_file(path, "r.docx", setup)
    assert ingest.read(path).properties.created == "2013-12-23"
    assert result.metadata.published is None and not any("文件属性" in w for w in result.warnings)
