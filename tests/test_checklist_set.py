"""Loading a folder of checklists into a ChecklistSet, and the cache of loaded Setups."""
import dataclasses
import json
import shutil

import pytest

from lawscore import cache, checklist_set
from lawscore.errors import Problem

from conftest import CHECKLISTS


def test_cache_key_covers_every_code_and_schema_file_of_the_package():
    names = {p.relative_to(checklist_set._PACKAGE).as_posix() for p in checklist_set.package_files()}
    assert {"checklist.py", "checklist_set.py", "yamlload.py", "model.py", "match.py", "pipeline.py",
            "checklist.schema.json", "results.schema.json", "render/views.py"} <= names


def test_a_change_in_any_module_is_seen_without_clearing_the_cache(tmp_path, monkeypatch):
    """The cache used to hash only pipeline.py, checklist.py and the schema: a change to e.g.
    yamlload.py went unseen, and the stale pickled checklists were served."""
    package = tmp_path / "lawscore"
    shutil.copytree(checklist_set._PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(checklist_set, "_PACKAGE", package)
    monkeypatch.setenv("LAWSCORE_CACHE", str(tmp_path / "cache"))
    loads = []
    real = checklist_set._load_checklists
    monkeypatch.setattr(checklist_set, "_load_checklists", lambda *a: loads.append(a) or real(*a))

    first = checklist_set.load_checklists(CHECKLISTS, None)
    assert checklist_set.load_checklists(CHECKLISTS, None) == first
    assert len(loads) == 1  # the second load came from the cache
    for name in ("yamlload.py", "render/index.py", "results.schema.json"):
        key = checklist_set._cache_key(CHECKLISTS, None)
        path = package / name
        path.write_bytes(path.read_bytes() + b"\n")
        assert checklist_set._cache_key(CHECKLISTS, None) != key, name
    checklist_set.load_checklists(CHECKLISTS, None)
    assert len(loads) == 2  # loaded again, not served from the stale cache


def test_a_change_in_a_checklist_file_is_seen(tmp_path, monkeypatch):
    folder = tmp_path / "c"
    shutil.copytree(CHECKLISTS, folder)
    key = checklist_set._cache_key(folder, None)
    path = folder / "report-rules.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert checklist_set._cache_key(folder, None) != key


def test_cache_off(tmp_path, monkeypatch):
    monkeypatch.setenv("LAWSCORE_CACHE", "off")
    setup = checklist_set.load_checklists(CHECKLISTS, None)
    assert {c.id for c in setup.checklists} >= {"outline-2021-2025", "outline-2015-2020", "report-rules"}


def test_a_change_in_a_yaml_file_one_folder_down_is_seen(tmp_path):
    folder = tmp_path / "c"
    shutil.copytree(CHECKLISTS, folder)
    (folder / "extra").mkdir()
    (folder / "extra" / "data.yaml").write_text("a: 1\n", encoding="utf-8")
    key = checklist_set._cache_key(folder, None)
    (folder / "extra" / "data.yaml").write_text("a: 2\n", encoding="utf-8")
    assert checklist_set._cache_key(folder, None) != key


class _Payload:
    """Unpickling this runs code: it creates the file `path`."""

    def __init__(self, path):
        self.path = str(path)

    def __reduce__(self):
        return (open, (self.path, "w"))


def test_a_planted_cache_file_never_runs_code(tmp_path, monkeypatch):
    """Anyone who could write to a shared LAWSCORE_CACHE ran code as the user: the cache was a
    pickle. Now it is JSON, naming only lawscore's own dataclasses."""
    import pickle

    cache = tmp_path / "cache"
    cache.mkdir()
    monkeypatch.setenv("LAWSCORE_CACHE", str(cache))
    key = checklist_set._cache_key(CHECKLISTS, None)
    ran = tmp_path / "ran"
    (cache / f"setup-{key}.pickle").write_bytes(pickle.dumps(_Payload(ran)))
    json_entry = cache / f"setup-{key}.json"
    json_entry.write_text(json.dumps({"c": "subprocess:Popen", "f": {"args": ["touch", str(ran)]}}), encoding="utf-8")
    json_entry.chmod(0o600)
    setup = checklist_set.load_checklists(CHECKLISTS, None)
    assert not ran.exists()
    assert {c.id for c in setup.checklists} >= {"outline-2021-2025", "report-rules"}
    assert checklist_set.load_checklists(CHECKLISTS, None) == setup  # the entry was replaced by a good one


def test_a_cache_file_others_may_write_is_not_used(tmp_path, monkeypatch):
    monkeypatch.setenv("LAWSCORE_CACHE", str(tmp_path / "cache"))
    setup = checklist_set.load_checklists(CHECKLISTS, None)
    (entry,) = (tmp_path / "cache").glob("setup-*.json")
    assert entry.stat().st_mode & 0o777 == 0o600
    forged = dataclasses.replace(setup, checklists=setup.checklists[:1])
    entry.write_text(json.dumps(cache.encode(forged)), encoding="utf-8")
    entry.chmod(0o666)
    assert checklist_set.load_checklists(CHECKLISTS, None) == setup
    entry.write_text(json.dumps(cache.encode(forged)), encoding="utf-8")
    entry.chmod(0o600)
    assert checklist_set.load_checklists(CHECKLISTS, None) == forged  # the user's own file is trusted


@pytest.mark.parametrize("data", [
    {"c": "os:system", "f": {}},
    {"c": "lawscore.output:OutputError", "f": {}},  # a lawscore class, but not a dataclass
    {"c": "lawscore.model:Pattern", "f": {"regex": "x"}},  # fields missing
    {"x": [1]},
    {"d": [[1, 2, 3]]},
])
def test_the_cache_decoder_makes_only_lawscore_dataclasses(data):
    with pytest.raises(cache.CacheFormatError):
        cache.decode(data)


def test_the_cache_keeps_every_kind_of_value():
    value = (None, True, 1, 1.5, "文", [1, (2,)], {"a": {3}, 4: frozenset({5})},
             Problem("x.yaml", 3, "item", "坏"))
    assert cache.decode(json.loads(json.dumps(cache.encode(value)))) == value
