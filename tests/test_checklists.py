"""Loading a folder of checklists into a Setup, and the cache of loaded Setups."""
import shutil

from lawscore import checklists

from conftest import CHECKLISTS


def test_cache_key_covers_every_code_and_schema_file_of_the_package():
    names = {p.relative_to(checklists._PACKAGE).as_posix() for p in checklists.package_files()}
    assert {"checklist.py", "checklists.py", "yamlload.py", "model.py", "match.py", "pipeline.py",
            "checklist.schema.json", "results.schema.json", "render/views.py"} <= names


def test_a_change_in_any_module_is_seen_without_clearing_the_cache(tmp_path, monkeypatch):
    """The cache used to hash only pipeline.py, checklist.py and the schema: a change to e.g.
    yamlload.py went unseen, and the stale pickled checklists were served."""
    package = tmp_path / "lawscore"
    shutil.copytree(checklists._PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(checklists, "_PACKAGE", package)
    monkeypatch.setenv("LAWSCORE_CACHE", str(tmp_path / "cache"))
    loads = []
    real = checklists._load_checklists
    monkeypatch.setattr(checklists, "_load_checklists", lambda *a: loads.append(a) or real(*a))

    first = checklists.load_checklists(CHECKLISTS, None)
    assert checklists.load_checklists(CHECKLISTS, None) == first
    assert len(loads) == 1  # the second load came from the cache
    for name in ("yamlload.py", "render/index.py", "results.schema.json"):
        key = checklists._cache_key(CHECKLISTS, None)
        path = package / name
        path.write_bytes(path.read_bytes() + b"\n")
        assert checklists._cache_key(CHECKLISTS, None) != key, name
    checklists.load_checklists(CHECKLISTS, None)
    assert len(loads) == 2  # loaded again, not served from the stale cache


def test_a_change_in_a_checklist_file_is_seen(tmp_path, monkeypatch):
    folder = tmp_path / "c"
    shutil.copytree(CHECKLISTS, folder)
    key = checklists._cache_key(folder, None)
    path = folder / "report-rules.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert checklists._cache_key(folder, None) != key


def test_cache_off(tmp_path, monkeypatch):
    monkeypatch.setenv("LAWSCORE_CACHE", "off")
    setup = checklists.load_checklists(CHECKLISTS, None)
    assert {c.id for c in setup.checklists} >= {"outline-2021-2025", "outline-2015-2020", "report-rules"}


def test_a_change_in_a_yaml_file_one_folder_down_is_seen(tmp_path):
    folder = tmp_path / "c"
    shutil.copytree(CHECKLISTS, folder)
    (folder / "extra").mkdir()
    (folder / "extra" / "data.yaml").write_text("a: 1\n", encoding="utf-8")
    key = checklists._cache_key(folder, None)
    (folder / "extra" / "data.yaml").write_text("a: 2\n", encoding="utf-8")
    assert checklists._cache_key(folder, None) != key
