"""Where the code reads YAML or PO text its own way (no documented API of PyYAML
or Babel does that one step), it must agree with the dependency: these fail when
a PyYAML or Babel release reads the same text differently."""
from __future__ import annotations

import io
import math

import pytest
import yaml
from babel.messages.catalog import Catalog as PoCatalog
from babel.messages.pofile import read_po, write_po
from hypothesis import given, settings
from hypothesis import strategies as st

from error_catalog.core import potools, yamlscalars
from error_catalog.core.locales import unquote

_TAG = "tag:yaml.org,2002:"
# Plain scalars of every implicit type, and near misses of each.
PLAIN = ["", "~", "null", "Null", "NULL", "nul", "yes", "No", "ON", "off", "oN", "y", "true", "False",
         "0", "-0", "+1", "42", "0042", "0o17", "0x1F", "0b101", "1_000", "1:30", "-1:30", "1.", "1.5", "-1.5e+3",
         "1e3", ".5", "+.inf", "-.Inf", ".NaN", ".nan", "-.nan", "1:30.5", "2024-01-31", "2024-1-31 10:00:00",
         "2024-01-31T10:00:00Z", "2024-01-31 10:00:00 +01:00", "<<", "=", "!", "&", "*", "abc", "1 2", "0.1.2"]


def _pyyaml_tag(plain: str) -> str:
    """The tag PyYAML's own reading gives a plain scalar (through documented calls only)."""
    node = yaml.compose(f"- {plain}\n", Loader=yaml.SafeLoader) if plain else None
    return node.value[0].tag if node is not None else _TAG + "null"


@pytest.mark.parametrize("plain", PLAIN)
def test_plain_scalars_resolve_as_pyyaml_resolves_them(plain):
    if plain in ("!", "&", "*"):  # not a plain scalar in a document: only the pattern is ours
        assert yamlscalars.resolve(plain) == _TAG + "yaml"
        return
    assert yamlscalars.resolve(plain) == _pyyaml_tag(plain)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789+-._:eExXbBoOaAfFnNtTlLsSuUyYiI ~<=", max_size=12))
def test_any_plain_scalar_resolves_as_pyyaml_resolves_it(text):
    try:
        events = list(yaml.parse(f"- {text}\n", Loader=yaml.SafeLoader))
    except yaml.YAMLError:
        return
    scalars = [e for e in events if isinstance(e, yaml.ScalarEvent)]
    if len(scalars) != 1 or not scalars[0].implicit[0]:
        return  # not one plain scalar
    value = scalars[0].value
    assert yamlscalars.resolve(value) == _pyyaml_tag(value)


@pytest.mark.parametrize("tag, text", [("null", "~"), ("null", "null"), ("bool", "yes"), ("bool", "Off"),
                                       ("int", "0"), ("int", "-17"), ("float", "1.5"), ("float", "-2e3"),
                                       ("float", "1E-2"), ("float", "7"), ("float", "+.inf"), ("float", ".nan")])
def test_constructed_values_are_pyyamls(tag, text):
    ours = yamlscalars.construct(_TAG + tag, text)
    theirs = yaml.safe_load(f"!!{tag} {text}")
    if isinstance(theirs, float) and math.isnan(theirs):
        assert math.isnan(ours)
    else:
        assert (type(ours), ours) == (type(theirs), theirs)


@pytest.mark.parametrize("text", ['Say: "hi"\n', "tab\there\r", "back\\slash", "plain"])
def test_po_strings_unquote_as_babel_reads_them(text):
    po = PoCatalog(locale="de")
    po.add(text, text, context="c")
    buf = io.BytesIO()
    write_po(buf, po, width=0)
    literal = [line for line in buf.getvalue().decode().splitlines() if line.startswith("msgstr ")][-1]
    assert unquote(literal[len("msgstr "):]) == text
    assert read_po(io.BytesIO(buf.getvalue())).get(text, context="c").string == text


@pytest.mark.parametrize("literal", ['"b\\q"', '"\\a\\b\\f\\v"', '"\\\\n"'])
def test_other_po_escapes_read_as_babel_reads_them(literal):
    data = f'msgctxt "c"\nmsgid "a"\nmsgstr {literal}\n'.encode()
    assert unquote(literal) == read_po(io.BytesIO(data)).get("a", context="c").string


def test_previous_text_is_wrapped_as_gettext_wraps_it():
    """potools writes `#|` lines with Babel's `normalize`, which is not in Babel's documented
    API (no documented call writes one string in PO layout): its wrapping, as the
    committed PO files have it, pinned here."""
    words = " ".join(["lorem"] * 30)
    assert potools.normalize(words, prefix="#| ") == '""\n' + "\n".join(
        ['#| "lorem lorem lorem lorem lorem lorem "'] * 4 + ['#| "lorem lorem lorem lorem lorem lorem"'])
    assert potools.normalize("short", prefix="#| ") == '"short"'
