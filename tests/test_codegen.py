"""`error-catalog codegen`: client constants that real compilers accept.

The TypeScript of every example catalog (and of the catalogs with retired
codes, aliases and hostile text) passes `tsc --strict` in one run, the Python
`mypy --strict` in one run; the Python module behaves at run time (lookups,
deprecation warnings); a build publishes both beside errors.json.
"""
from __future__ import annotations

import importlib.util
import json
import keyword
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from goldens import GOLDEN
from error_catalog import cli
from error_catalog.core.constnames import constant_name, constant_names, title_of
from error_catalog.core.loader import load_catalog
from error_catalog.outputs import clientcode
from permalink_servers import engine_bin, host_engines_dir
from test_python_versions import other_python  # noqa: F401 - the fixture: Python 3.13 (or 3.11)

CATALOGS = {p.name: p for p in sorted((ROOT / "examples").iterdir()) if (p / "catalog.yaml").exists()}
CATALOGS |= {"own": ROOT / "catalog", **{f"fx_{n}": ROOT / "tests" / "fixtures" / n
                                         for n in ("versions", "hostile", "permalinks", "minimal")}}
SITE = "https://errors.example.dev/"


@pytest.mark.parametrize("code, name", [
    ("token/expired", "TOKEN_EXPIRED"), ("TOKEN_EXPIRED", "TOKEN_EXPIRED"), ("tokenExpired", "TOKEN_EXPIRED"),
    ("HTTP2Error", "HTTP_2_ERROR"), ("2002", "E_2002"), ("rate-limit.exceeded", "RATE_LIMIT_EXCEEDED"),
    ("_", "CODE_5F")])
def test_constant_names(code, name):
    assert constant_name(code) == name


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"\A[A-Za-z0-9_.-]{1,20}(/[A-Za-z0-9_.-]{1,20}){0,3}\Z"))
def test_every_code_gets_an_identifier_of_both_languages(code):
    name = constant_name(code)
    assert name.isidentifier() and name.isascii() and not keyword.iskeyword(name)
    assert name == name.upper() and not name[0].isdigit()  # never a helper's name (those have lower case)


def test_first_titles():
    assert title_of("token/expired") == title_of("TOKEN_EXPIRED") == title_of("tokenExpired") == "Token expired"


def test_collisions_are_located_and_fail_codegen(tmp_path, capsys):
    (tmp_path / "errors").mkdir()
    (tmp_path / "catalog.yaml").write_text("service: S\nenvelope: simple\ncategories: [{id: a, title: A}]\n")
    (tmp_path / "errors" / "a.yaml").write_text(
        "- {code: tokenExpired, category: a, title: T}\n- {code: token_expired, category: a, title: U}\n")
    names, problems = constant_names(load_catalog(tmp_path))
    assert names == {"tokenExpired": "TOKEN_EXPIRED"}
    assert [str(p) for p in problems] == [
        f"{tmp_path}/errors/a.yaml:2: code [token_expired]: its constant would be TOKEN_EXPIRED, the name "
        f"'tokenExpired' ({tmp_path}/errors/a.yaml:1) has already; constants are the code's words in capitals, "
        "so rename one code (and keep the old name as an alias)"]
    assert cli.main(["codegen", str(tmp_path), "--lang", "python", "--out", str(tmp_path / "x.py")]) == 1
    assert "share a constant name" in capsys.readouterr().err
    assert not (tmp_path / "x.py").exists()


def test_output_is_deterministic_and_covers_every_code():
    catalog = load_catalog(CATALOGS["fx_versions"])
    for lang in clientcode.LANGUAGES:
        text = clientcode.RENDER[lang](catalog, SITE)
        assert text == clientcode.RENDER[lang](load_catalog(CATALOGS["fx_versions"]), SITE)
        for e in catalog.entries:
            assert json.dumps(e.code) in text and constant_name(e.code) in text


@pytest.mark.parametrize("lang", clientcode.LANGUAGES)
def test_golden_bytes(lang):
    """The modules of a catalog with retired and deprecated codes and aliases, byte for byte
    (`UPDATE_GOLDEN=1` rewrites them; review the diff)."""
    text = clientcode.RENDER[lang](load_catalog(CATALOGS["fx_versions"]), SITE)
    path = GOLDEN / "clients" / f"versions.{'ts' if lang == 'typescript' else 'py'}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


DEPRECATED_BY_TYPESCRIPT = """
const ts = require(process.argv[1]);
const file = process.argv[2];
const src = ts.createSourceFile(file, require("fs").readFileSync(file, "utf8"), ts.ScriptTarget.ES2020, true);
const out = {};
for (const st of src.statements) {
  if (ts.isVariableStatement(st)) out[st.declarationList.declarations[0].name.text] = !!ts.getJSDocDeprecatedTag(st);
}
console.log(JSON.stringify(out));
"""


@pytest.mark.slow
def test_deprecated_as_typescript_reads_it(generated):
    """TypeScript's own JSDoc reader finds `@deprecated` on exactly the deprecated and retired codes."""
    typescript = host_engines_dir() / "node_modules" / "typescript"
    engine_bin("tsc")  # installed, or skip (fail under CI)
    found = json.loads(subprocess.run(["node", "-e", DEPRECATED_BY_TYPESCRIPT, str(typescript),
                                       str(generated / "fx_versions.ts")],
                                      capture_output=True, text=True, check=True).stdout)
    catalog = load_catalog(CATALOGS["fx_versions"])
    assert {"SESSION_LEGACY", "INPUT_TOO_LARGE"} <= {n for n, d in found.items() if d}
    assert found == {**{constant_name(e.code): e.lifecycle != "active" for e in catalog.entries},
                     "errorInfo": False, "aliases": False}


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("clients")
    proto = tmp_path_factory.mktemp("proto")  # codes and aliases named like members of every JS object
    (proto / "errors").mkdir()
    (proto / "catalog.yaml").write_text("service: P\nenvelope: simple\ncategories: [{id: a, title: A}]\n")
    (proto / "errors" / "a.yaml").write_text("- {code: __proto__, category: a, title: P, aliases: [constructor]}\n"
                                             "- {code: hasOwnProperty, category: a, title: H, aliases: [valueOf]}\n")
    for name, folder in {**CATALOGS, "proto": proto}.items():
        for lang, ext in (("typescript", "ts"), ("python", "py")):
            assert cli.main(["codegen", str(folder), "--lang", lang, "--site-url", SITE,
                             "--out", str(out / f"{name}.{ext}")]) == 0
    return out


LOOKUP_IN_NODE = """
const m = require(process.argv[1]);
const out = Object.create(null);  // no __proto__ setter: a code named so is a key like any other
for (const code of Object.keys(m.errorInfo)) out[code] = m.lookup(code).code;
for (const alias of Object.keys(m.aliases)) out[alias] = m.lookup(alias).code;
out["no/such/code"] = m.lookup("no/such/code") === undefined ? "undefined" : "found";
out["toString"] = m.lookup("toString") === undefined ? "undefined" : "found";
console.log(JSON.stringify(out));
"""


@pytest.mark.slow
def test_typescript_passes_tsc_strict(generated, tmp_path):
    """One tsc run over every catalog's module (emitting JavaScript: strictness is the same), then
    one module's `lookup` run by Node."""
    tsc = engine_bin("tsc")
    files = sorted(str(p) for p in generated.glob("*.ts"))
    proc = subprocess.run([str(tsc), "--strict", "--target", "es2020", "--module", "commonjs",
                           "--outDir", str(tmp_path), *files], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    found = json.loads(subprocess.run(["node", "-e", LOOKUP_IN_NODE, str(tmp_path / "fx_versions.js")],
                                      capture_output=True, text=True, check=True).stdout)
    catalog = load_catalog(CATALOGS["fx_versions"])
    assert found == {**{e.code: e.code for e in catalog.entries},
                     **{a: e.code for e in catalog.entries for a in e.aliases},
                     "no/such/code": "undefined", "toString": "undefined"}
    found = json.loads(subprocess.run(["node", "-e", LOOKUP_IN_NODE, str(tmp_path / "proto.js")],
                                      capture_output=True, text=True, check=True).stdout)
    assert found == {"__proto__": "__proto__", "constructor": "__proto__", "hasOwnProperty": "hasOwnProperty",
                     "valueOf": "hasOwnProperty", "no/such/code": "undefined", "toString": "undefined"}


@pytest.mark.slow
def test_python_passes_mypy_strict(generated, tmp_path):
    files = sorted(str(p) for p in generated.glob("*.py"))
    proc = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental",
                           "--cache-dir", str(tmp_path / "cache"), *files], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def load_module(path: Path):
    spec = importlib.util.spec_from_file_location(f"gen_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # as `import` does: dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_python_module_at_run_time(generated):
    catalog = load_catalog(CATALOGS["fx_versions"])
    mod = load_module(generated / "fx_versions.py")
    for e in catalog.entries:
        info = mod.lookup(e.code)
        assert (info.code, info.title, info.number, info.status, info.retryable, info.lifecycle) == (
            e.code, e.title, e.number, e.status, e.retryable, e.lifecycle)
        assert info.permalink == SITE + "errors/" + e.code
        for a in e.aliases:
            assert mod.lookup(a) is info
        name = constant_name(e.code)
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            assert getattr(mod, name) == e.code
        assert [w.category for w in seen] == ([DeprecationWarning] if e.lifecycle != "active" else [])
    assert mod.lookup("no/such/code") is None
    with pytest.raises(AttributeError):
        mod.NO_SUCH_CONSTANT


@pytest.mark.parametrize("service", ["Media transcoding: v2", "Files (coding=utf-16)"])
def test_a_service_name_is_never_read_as_the_files_encoding(tmp_path, service):
    """PEP 263: a `coding:` comment on line 1 or 2 names the encoding; a service name is no such thing."""
    (tmp_path / "errors").mkdir()
    (tmp_path / "catalog.yaml").write_text(f"service: {json.dumps(service)}\nenvelope: simple\n"
                                           "categories: [{id: a, title: A}]\n")
    (tmp_path / "errors" / "a.yaml").write_text("- {code: media/too_long, category: a, title: T}\n")
    assert cli.main(["codegen", str(tmp_path), "--lang", "python", "--out", str(tmp_path / "media.py")]) == 0
    assert load_module(tmp_path / "media.py").lookup("media/too_long").title == "T"
    assert f"# Error codes of {service}." in (tmp_path / "media.py").read_text(encoding="utf-8")


def test_hostile_text_stays_inside_its_literals(generated):
    mod = load_module(generated / "fx_hostile.py")
    catalog = load_catalog(CATALOGS["fx_hostile"])
    assert {e.code: e.title for e in catalog.entries} == {c: i.title for c, i in mod.error_info.items()}
    for file in ("fx_hostile.py", "fx_hostile.ts"):  # no tag anywhere, comments included
        assert not re.search(r"<[A-Za-z/!?]", (generated / file).read_text(encoding="utf-8")), file


@pytest.mark.slow
def test_build_publishes_both_beside_errors_json(build):
    site = build(ROOT / "examples" / "levelchat")
    catalog = load_catalog(ROOT / "examples" / "levelchat")
    assert (site / "errors.json").exists()
    for lang, file in clientcode.FILES.items():
        assert (site / file).read_text(encoding="utf-8") == clientcode.RENDER[lang](catalog, "")


RUN_ON_OTHER = """
import importlib.util, sys, warnings
spec = importlib.util.spec_from_file_location("gen", sys.argv[1])
mod = importlib.util.module_from_spec(spec)
sys.modules["gen"] = mod
spec.loader.exec_module(mod)
warned = {}
for name in sys.argv[2:]:
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        getattr(mod, name)
    warned[name] = [w.category.__name__ for w in seen]
print(sorted((n, w) for n, w in warned.items()), mod.lookup(next(iter(mod.aliases))).code)
"""


@pytest.mark.slow
def test_python_module_on_the_other_python(generated, other_python):
    """The module needs the standard library only, on 3.11 and 3.13 alike (the DeprecationWarning included)."""
    catalog = load_catalog(CATALOGS["fx_versions"])
    names = [constant_name(e.code) for e in catalog.entries]
    outs = [subprocess.run([python, "-c", RUN_ON_OTHER, str(generated / "fx_versions.py"), *names],
                           capture_output=True, text=True, check=True).stdout
            for python in (sys.executable, other_python)]
    assert outs[0] == outs[1]
    assert "DeprecationWarning" in outs[0]
