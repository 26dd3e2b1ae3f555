from __future__ import annotations

import json

import pytest

import hostile
from error_catalog.outputs.jsonout import dumps


def test_round_trips_and_is_inert():
    data = {"message": "</script><script>alert('xss')</script> & <b>", "line": "a\u2028b", "n": [1, 2.5, None]}
    text = dumps(data)
    assert json.loads(text) == data
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert hostile.scan_html(text, strict=True) == []
    assert text.endswith("}\n") and not text.endswith("\n\n")


def test_is_stable_and_refuses_non_json():
    assert dumps({"b": 1, "a": 2}) == dumps({"b": 1, "a": 2}) == '{\n  "b": 1,\n  "a": 2\n}\n'
    assert dumps([1], indent=None) == "[1]\n"
    # Two levels one member per line, then one line per member (an errors.json entry).
    assert dumps({"errors": [{"code": "a", "n": [1, 2]}], "v": 1}) == (
        '{\n  "errors": [\n    {"code": "a", "n": [1, 2]}\n  ],\n  "v": 1\n}\n')
    assert dumps({"a": {}, "b": []}, levels=5) == '{\n  "a": {},\n  "b": []\n}\n'
    for data in ({"a": [{"b": {"c": [1, None, True, "x"]}}]}, [], {}, "s", 3):
        for levels in range(4):
            assert json.loads(dumps(data, levels=levels)) == data
    with pytest.raises(ValueError):
        dumps(float("nan"))
    with pytest.raises(TypeError):
        dumps({1: "x"})


def test_a_flat_object_is_laid_out_like_any_other():
    """A flat object (a locale's messages) takes json's own indented writer: same text."""
    flat = {"z": "é \u2028 </x>", "a": 1, "m": 2.5, "t": True, "n": None, "": "-"}
    nested = {**flat, "zz": []}  # one non-scalar member: the general layout
    assert dumps(flat) == dumps(nested).replace(',\n  "zz": []', "")
    assert dumps({}) == "{}\n" and dumps({"a": "b"}, indent=4) == '{\n    "a": "b"\n}\n'
