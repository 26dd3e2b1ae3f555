from __future__ import annotations

import json

import pytest

import hostile
from macros.jsonout import dumps


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
    with pytest.raises(ValueError):
        dumps(float("nan"))
