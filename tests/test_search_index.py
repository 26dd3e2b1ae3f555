"""The lean search index (error_catalog/outputs/search.py) in real built sites: each
entry's document holds what finds it (aliases, number, status, the exact
message, cause, recovery), never the translations or the example bodies."""
from __future__ import annotations

import json
from html import escape

import pytest

from error_catalog.core import locales, permalinks
from error_catalog.core.loader import load_catalog
from error_catalog.outputs import search
from permalink_servers import ROOT, catalog_id, catalogs

pytestmark = pytest.mark.slow


@pytest.fixture(params=[ROOT / "catalog", *[c for c in catalogs() if "examples" in str(c)][:2]], ids=catalog_id)
def built(request, build):
    return load_catalog(request.param), build(request.param)


def test_entry_documents_are_lean(built):
    catalog, site = built
    docs = json.loads((site / search.INDEX).read_text(encoding="utf-8"))["docs"]
    by_location = {d["location"]: d for d in docs}
    translations = locales.load(catalog)
    layout = permalinks.layout(catalog)
    for e in catalog.entries:
        doc = by_location[layout.entry_target(e, "/")[1:]]
        assert f"<code>{escape(e.code, quote=False)}</code>" in doc["title"]
        text = doc["text"]
        assert text == search.entry_text(e)
        if e.message:
            assert f"<p>{escape(e.message)}</p>" in text
        for a in e.aliases:
            assert f"<code>{escape(a)}</code>" in text
        if e.number is not None:
            assert f"No. {e.number}" in text
        assert "<pre>" not in text and "<a " not in text and "<table" not in text
        for loc in catalog.locales[1:]:
            tr = translations.lookup(loc, e.code).text
            if tr and tr != e.message and tr not in (e.cause + e.recovery):
                assert escape(tr) not in text, (e.code, loc)


def test_other_documents_kept(built):
    """Guide and overview documents are Material's own, untouched."""
    catalog, site = built
    docs = json.loads((site / search.INDEX).read_text(encoding="utf-8"))["docs"]
    layout = permalinks.layout(catalog)
    entry_locations = {layout.entry_target(e, "/")[1:] for e in catalog.entries}
    assert search.lean_docs(catalog, docs) == docs  # already lean: a second pass changes nothing
    assert any(d["location"] not in entry_locations for d in docs)
