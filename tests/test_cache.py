"""cache.py: values go in as JSON and come out equal; nothing else comes out."""
from __future__ import annotations

from array import array

import orjson
import pytest

from lawscore import cache
from lawscore.copies import Prints
from lawscore.render.views import ItemKey


def roundtrip(value):
    return cache.decode(orjson.loads(orjson.dumps(cache.encode(value))))


def test_bytes_arrays_and_named_tuples_come_back_equal_and_of_their_type():
    entry = '{"source": "嵊泗县2023.txt"}'.encode()
    assert cache.encode(entry) == {"u": '{"source": "嵊泗县2023.txt"}'}  # UTF-8 bytes are kept as text
    assert roundtrip(entry) == entry and type(roundtrip(entry)) is bytes
    docx = b"PK\x03\x04\xff\xfe"  # not UTF-8: base64
    assert cache.encode(docx) == {"b": "UEsDBP/+"} and roundtrip(docx) == docx
    hashes = array("Q", [2**64 - 1, 0, 12345])
    assert roundtrip(hashes) == hashes and roundtrip(hashes).typecode == "Q"
    key = ItemKey("c22-review", "（二十二）", "行政复议", (22,))
    assert roundtrip(key) == key and type(roundtrip(key)) is ItemKey


def test_fingerprints_of_the_copy_check_round_trip():
    prints = Prints(source="a.txt", page="嵊泗县", jurisdiction="浙江省舟山市嵊泗县", year=2023, published=None,
                    sentences=array("I", [3, 5]), paragraphs=array("I", [1, 1]), lengths=array("I", [14, 20]),
                    keys=array("Q", [2**64 - 1, 8]), exact=array("Q", [2**63, 7]), starts=array("I", [0, 2, 4]), sketches=array("I", [9, 11, 10, 12]),
                    outline=((1, 0, 0.75),))
    assert roundtrip(prints) == prints


@pytest.mark.parametrize("data", [
    {"a": ["u", ["x"]]},  # an array of characters: not made
    {"a": ["I"]},
    {"n": "collections:OrderedDict", "v": []},  # not lawscore's
    {"n": "lawscore.render.views:ItemKey", "v": ["too", "few"]},
    {"c": "lawscore.render.views:ItemKey", "f": {}},  # a named tuple is not filled field by field
    {"b": "not base64!"},
])
def test_anything_else_is_a_format_error(data):
    with pytest.raises(ValueError):
        cache.decode(data)


def test_turned_off_is_off_inside_and_as_before_after(monkeypatch, tmp_path):
    monkeypatch.setenv("LAWSCORE_CACHE", str(tmp_path))
    with cache.turned_off():
        assert cache.folder() is None
        cache.put_data("x", "k", [1])
    assert cache.folder() == tmp_path and not list(tmp_path.iterdir())
    monkeypatch.delenv("LAWSCORE_CACHE")
    with cache.turned_off():
        assert cache.folder() is None
    assert cache.folder() is not None


def test_two_json_texts_joined_are_json_and_split_back_each_unparsed():
    """An entry of two parts (incremental.py's read and done entries): the first is found
    without parsing the second; the whole is still JSON; a torn one is no entry."""
    first, second = b'    {"source": "\xe5\x98\xb5.txt", "q": "[1,2]"}', orjson.dumps({"terms": ["证明事项"]})
    joined = cache.join_parts(first, second)
    assert orjson.loads(joined) == [len(first), orjson.loads(first), orjson.loads(second)]
    parts = cache.split_parts(joined)
    assert parts is not None and bytes(parts[0]) == first and bytes(parts[1]) == second
    assert cache.split_parts(cache.join_parts(b"null", b"[]")) is not None
    for torn in (joined[: len(joined) // 2], joined[:-1], joined[:11], b"", b"[        99,1,2]", b"[         1,12,2]"):
        assert cache.split_parts(torn) is None
