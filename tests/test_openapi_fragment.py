"""`error-catalog openapi`: the components fragment validates with a real OpenAPI validator,
alone and `$ref`ed from a minimal spec, and holds every code and an example response per code."""
from __future__ import annotations

import shutil

import pytest
import yaml
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename

from conftest import ROOT
from error_catalog import cli
from error_catalog.core import gate
from error_catalog.core.constnames import constant_name
from error_catalog.core.loader import load_catalog
from error_catalog.outputs import openapifrag
from error_catalog.render import responses

EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if (p / "catalog.yaml").exists())
SITE = "https://errors.example.dev/"


@pytest.mark.parametrize("folder", EXAMPLES, ids=lambda p: p.name)
def test_fragment_validates_alone_and_referenced(folder, tmp_path):
    frag = tmp_path / "errors.openapi.yaml"
    assert cli.main(["openapi", str(folder), "--site-url", SITE, "--out", str(frag)]) == 0
    validate(*read_from_filename(str(frag)))
    name = next(iter(yaml.safe_load(frag.read_text(encoding="utf-8"))["components"].get("responses", {})), None)
    spec = {
        "openapi": "3.1.0", "info": {"title": "API", "version": "1"},
        "paths": {"/things": {"get": {"responses": {
            "200": {"description": "ok"},
            **({"default": {"$ref": f"errors.openapi.yaml#/components/responses/{name}"}} if name else {})}}}},
        "components": {"schemas": {"Problem": {"type": "object", "properties": {
            "code": {"$ref": "errors.openapi.yaml#/components/schemas/ErrorCode"}}}}},
    }
    wrapper = tmp_path / "openapi.yaml"
    wrapper.write_text(yaml.safe_dump(spec), encoding="utf-8")
    validate(*read_from_filename(str(wrapper)))


@pytest.mark.parametrize("folder", EXAMPLES, ids=lambda p: p.name)
def test_every_code_alias_and_response(folder):
    catalog = load_catalog(folder)
    frag = openapifrag.fragment(catalog, SITE)
    schema = frag["components"]["schemas"]["ErrorCode"]
    names = [n for e in catalog.entries for n in (e.code, *e.aliases)]
    assert schema["enum"] == [b["const"] for b in schema["oneOf"]] == names
    assert len(schema["x-enum-varnames"]) == len(set(schema["x-enum-varnames"])) == len(names)
    for e in catalog.entries:
        branch = schema["oneOf"][names.index(e.code)]
        assert branch["title"] == e.title
        assert branch["externalDocs"] == {"url": SITE + catalog.permalinks.errors_path.lstrip("/") + e.code}
        assert branch.get("deprecated", False) == (e.lifecycle != "active")
        example = frag["components"].get("responses", {}).get(constant_name(e.code))
        if responses.has_http_response(e):
            body = next(iter(example["content"].values()))["example"]
            assert body == responses.http_example(catalog, e).body
        else:
            assert example is None


def test_without_a_site_url_permalinks_are_named_in_text(tmp_path):
    catalog = load_catalog(EXAMPLES[0])
    branch = openapifrag.fragment(catalog)["components"]["schemas"]["ErrorCode"]["oneOf"][0]
    assert "externalDocs" not in branch and branch["description"].startswith("See /errors/")
    out = tmp_path / "f.json"
    assert cli.main(["openapi", str(EXAMPLES[0]), "--out", str(out)]) == 0
    validate(*read_from_filename(str(out)))


def test_a_spec_referencing_the_fragment_passes_the_gate(tmp_path):
    """The loop closes: the fragment's enum, read as an `openapi` emitted source, is all documented."""
    folder = ROOT / "examples" / "levelchat"
    root = tmp_path / "repo"
    catalog_dir = root / "catalog"
    shutil.copytree(folder, catalog_dir)
    (root / ".git").mkdir()  # the repository the sources must stay in
    assert cli.main(["openapi", str(catalog_dir), "--out", str(root / "errors.openapi.yaml")]) == 0
    text = (catalog_dir / "catalog.yaml").read_text(encoding="utf-8")
    (catalog_dir / "catalog.yaml").write_text(
        text.replace("  - list: emitted-codes.txt\n", "  - list: emitted-codes.txt\n"
                     "  - openapi: ../errors.openapi.yaml\n    schemas: [ErrorCode]\n"), encoding="utf-8")
    found = gate.check(load_catalog(catalog_dir))
    assert not found.errors, found.errors
