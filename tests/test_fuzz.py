"""Property-based fuzzing of the YAML reader, the loader and the renderer.

Whatever the input (wrong types, huge strings, odd Unicode, deep nesting,
anchors, aliases and tags, binary junk, mutations of the real catalog), the
outcome is either a `Catalog` that renders, or a `CatalogError` whose every
problem names its file and, where the file has lines, the line. Any other
exception is a bug in the loader. And no text, however built, renders to
markup that runs.

Budget: the "ci" profile (default) is derandomized with a fixed number of
examples per test, so CI runs the same cases every time in well under a
minute. Explore further with random cases and more of them:

    FUZZ_PROFILE=explore FUZZ_SCALE=20 python3 -m pytest -q tests/test_fuzz.py
"""
from __future__ import annotations

import html
import json
import os
import re
import tempfile
from pathlib import Path

import markdown
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import hostile
from conftest import ROOT
from error_catalog.core import locales, permalinks
from error_catalog.core.loader import load_catalog
from error_catalog.core.problems import CatalogError
from error_catalog.core.yamlsource import MAX_DEPTH, last_line, load_document
from error_catalog.render.renderer import Renderer
from error_catalog.render.safe_markdown import md_plain, render
from error_catalog.render.sections import for_catalog

_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much,
          HealthCheck.large_base_example]
settings.register_profile("ci", derandomize=True, deadline=None, database=None, print_blob=True,
                          suppress_health_check=_QUIET)
settings.register_profile("explore", deadline=None, print_blob=True, suppress_health_check=_QUIET)
settings.load_profile(os.environ.get("FUZZ_PROFILE", "ci"))
_SCALE = float(os.environ.get("FUZZ_SCALE", "1"))


def budget(n: int) -> settings:
    return settings(max_examples=max(1, int(n * _SCALE)))


# -- inputs --------------------------------------------------------------------

# Pieces of YAML syntax, joined at random: most joins are invalid in some way.
_TOKENS = ["- ", ": ", "\n", "  ", "    ", "\t", "[", "]", "{", "}", ",", "? ", "&a ", "&b ", "*a", "*b",
           "!!str ", "!!int ", "!!float ", "!!bool ", "!!null ", "!!binary ", "!!timestamp ", "!!set ",
           "!!omap ", "!!python/object:os.system ", "!foo ", "! ", "<<", "---\n", "...\n", "%YAML 1.1\n",
           "%TAG ! tag:x,2000:\n", "#", "|\n", ">-\n", "'", '"', "\\x02", "\\ud800", "\\u2028", "code", "title",
           "categories", "id", "yes", "on", "~", "null", ".inf", ".nan", "0x1F", "1e999", "2024-01-31",
           "=", "é", "\u202e", "\u0000", "\ufeff", "𝒳", "\x85", "\u2029"]
yaml_soup = st.lists(st.one_of(st.sampled_from(_TOKENS), st.text(max_size=4)), max_size=60).map("".join)

scalar = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20), st.text(st.characters(codec="utf-8"), max_size=8),
    st.sampled_from(["", "x" * 5000, "line\nbreak", "<script>alert('xss')</script>", "javascript:alert('xss')",
                     "token/expired", "a/../b", "1001", "-", "_", ".", "é" * 50]))
json_like = st.recursive(scalar, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=4)), max_leaves=12)

good_code = st.from_regex(r"[A-Za-z0-9_.-]{1,10}(/[A-Za-z0-9_.-]{1,6}){0,2}", fullmatch=True)
code = st.one_of(good_code, good_code, st.text(max_size=12), scalar)
markdownish = st.lists(st.sampled_from(
    ["<", ">", "script", "img src=x", " onerror=", "alert('xss')", "javascript:", "jav&#x61;script:", "[", "](",
     ")", '"', "'", "`", "```", "\n", "\n\n", "{", "}", "{ #id }", "#", "&", "!", "*", "_", "|", "---", ":", " ",
     "<!--", "-->", "/", "=", "iframe", "svg onload=", "data:text/html,", "\\", "    ", "> ", "1. ", "- ",
     "[x]: ", "http://e.x/", "mailto:", "\x02", "\x03", "wzxhzdk:0", "{{ 7*7 }}", "{% raw %}"]),
    max_size=30).map("".join)


def maybe(s):
    """A field's value: mostly of the right kind, sometimes anything at all."""
    return st.one_of(s, s, s, json_like)


entry = st.fixed_dictionaries(
    {"code": code, "category": maybe(st.sampled_from(["auth", "input", "ghost"])),
     "title": maybe(markdownish.map(lambda t: t.replace("\n", " ") or "t"))},
    optional={
        "status": maybe(st.integers(90, 610)), "number": maybe(st.integers(-5, 3100)),
        "surfaces": maybe(st.lists(st.sampled_from(["http", "socket", "grpc"]), max_size=3)),
        "retryable": maybe(st.booleans()), "expose_details": maybe(st.booleans()),
        "message": maybe(markdownish), "cause": maybe(markdownish), "recovery": maybe(markdownish),
        "details": json_like, "aliases": maybe(st.lists(code, max_size=3)),
        "lifecycle": maybe(st.sampled_from(["active", "deprecated", "retired"])), "replaced_by": code,
        "variants": maybe(st.dictionaries(st.sampled_from(["http", "socket", "grpc"]), st.fixed_dictionaries(
            {}, optional={"title": markdownish, "message": markdownish, "cause": markdownish,
                          "details": json_like}), max_size=2)),
        "typo_field": scalar,
    })

head = st.fixed_dictionaries(
    {"service": maybe(st.text(max_size=20)), "envelope": maybe(st.sampled_from(["problem", "simple", "soap"])),
     "categories": maybe(st.lists(st.fixed_dictionaries(
         {"id": maybe(st.sampled_from(["auth", "input", "Bad Id"])), "title": maybe(st.text(max_size=20))},
         optional={"summary": markdownish, "numbers": maybe(st.sampled_from(["1000-1999", "2000-2999",
                                                                             "1500-2500", "9-1", "x"]))}),
         max_size=3))},
    optional={
        "permalinks": maybe(st.fixed_dictionaries({}, optional={
            "errors_path": maybe(st.sampled_from(["/errors/", "/", "/a/b/", "errors", "/../x/", "//x/"])),
            "type_base": maybe(st.sampled_from(["https://x.example/errors/", "javascript:x//",
                                                "https://x.example/a/../"])),
            "documentation_base": maybe(st.sampled_from(["https://d.example/e/", "ftp://x/"]))})),
        "locales": maybe(st.lists(st.sampled_from(["en", "fr", "zh-Hans", "English"]), max_size=3)),
        "surfaces": maybe(st.dictionaries(st.sampled_from(["http", "socket", "Bad Id"]), st.text(max_size=10),
                                          max_size=3)),
        "troubleshooting": maybe(st.dictionaries(st.sampled_from(["400", "429", "4xx"]), markdownish, max_size=2)),
        "headers": maybe(st.lists(st.fixed_dictionaries({"name": st.sampled_from(["Retry-After", "Bad Name"]),
                                                         "description": markdownish}), max_size=2)),
        "bogus": scalar,
    })


def dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


# -- what must hold --------------------------------------------------------------

# Problems about a whole file or folder, which have no line to cite.
_WHOLE = ("file not found", "no error entries", "folder not found", "cannot read", "file of ",
          "a link to a file outside")


def check_catalog(root: Path) -> None:
    """Load `root`: a clean Catalog that renders, or problems that all say where."""
    try:
        catalog = load_catalog(root)
    except CatalogError as e:
        assert e.problems
        for p in e.problems:
            assert p.file and Path(p.file).resolve().is_relative_to(root.resolve()), p
            assert p.line >= 1 or p.message.startswith(_WHOLE), p
            assert "\n" not in str(p), p
        e.report()
        return
    renderer = Renderer(catalog, for_catalog(catalog, locales.load(catalog)))
    for c in catalog.categories:
        renderer.category_page(c)
    renderer.az_index(), renderer.categories_table(), renderer.status_table()
    permalinks.permalink_map(catalog)
    for e in catalog.entries:
        json.dumps([e.details, *(v.details for v in e.variants.values())], allow_nan=False)
        for p in permalinks.permalink_paths(catalog, e):
            assert p.startswith(catalog.permalinks.errors_path[:1]) and "//" not in p and "/../" not in p, p


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass"))
    return root


def _depth(x) -> int:
    if isinstance(x, dict):
        return 1 + max(map(_depth, x.values()), default=0)
    if isinstance(x, list):
        return 1 + max(map(_depth, x), default=0)
    return 0


def _plain(x) -> bool:
    """Data whose every key is text and every value JSON-like: PyYAML must agree with us."""
    if isinstance(x, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in x.items())
    if isinstance(x, list):
        return all(map(_plain, x))
    return x is None or isinstance(x, (str, int, float, bool))


def check_document(text: str) -> None:
    doc, problems = load_document(text, "f.yaml")
    lines = last_line(text)
    for p in problems:
        assert p.file == "f.yaml" and 1 <= p.line <= lines and str(p), p
    if problems:
        return
    json.dumps(doc.data, allow_nan=False)
    assert _depth(doc.data) <= MAX_DEPTH + 1
    assert all(1 <= n <= lines for n in doc.lines.values())
    try:  # differential: where PyYAML reads plain data, we read the same
        theirs = yaml.load(text, Loader=yaml.CSafeLoader)
    except Exception:  # noqa: BLE001 - PyYAML's own failures (`!!timestamp ''` raises AttributeError)
        return
    if _plain(theirs) and theirs is not None:
        assert doc.data == theirs


# -- the YAML reader ----------------------------------------------------------------

@budget(300)
@given(st.one_of(yaml_soup, st.text(max_size=200), st.text(st.characters(codec="utf-8"), max_size=60)))
@example("a: &a [1, 2]\nb: *a\nc: *a\n")
@example("[" * 100_000)
@example("- " * 5_000 + "x")
@example("!!timestamp ")
@example("!!int ")
def test_yaml_reader_never_crashes(text):
    check_document(text)


@budget(150)
@given(json_like, st.sampled_from(["block", "flow", "canonical"]))
def test_yaml_reader_agrees_with_pyyaml(data, style):
    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=style == "flow", canonical=style == "canonical")
    check_document(text)  # equal to what PyYAML reads back (which is not always `data`: '\x85' keys)


def test_alias_bomb_is_refused_unexpanded():
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    levels += [f"{c}: &{c} [{', '.join(['*' + p] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi")]
    doc, problems = load_document("\n".join(levels) + "\n", "bomb.yaml")
    assert [str(p) for p in problems] == [
        "bomb.yaml:6: aliases expand to more than 100,000 values (an alias bomb?); refused"]
    assert doc.data is None


def test_honest_aliases_are_shared_not_copied():
    doc, problems = load_document("base: &d {retry: true}\nx: *d\ny: *d\n", "f.yaml")
    assert not problems and doc.data == {"base": {"retry": True}, "x": {"retry": True}, "y": {"retry": True}}
    assert doc.data["x"] is doc.data["base"]


# -- the loader ------------------------------------------------------------------

@budget(120)
@given(st.one_of(head.map(dump), yaml_soup, st.binary(max_size=50)),
       st.lists(st.one_of(st.lists(entry, max_size=4).map(dump), yaml_soup, st.binary(max_size=50),
                          entry.map(dump)), max_size=3))
def test_loader_reports_or_builds(head_text, entry_texts):
    with tempfile.TemporaryDirectory() as tmp:
        files = {"catalog.yaml": head_text}
        files.update({f"errors/e{i}.yaml": t for i, t in enumerate(entry_texts)})
        check_catalog(write(Path(tmp), files))


_FILES = sorted(p.relative_to(ROOT / "catalog").as_posix() for p in (ROOT / "catalog").rglob("*.yaml"))
_KEYS = ["code", "category", "title", "status", "number", "message", "cause", "recovery", "aliases",
         "surfaces", "lifecycle", "replaced_by", "retryable", "details", "id", "numbers", "service"]


@st.composite
def mutated_catalog(draw) -> dict[str, bytes]:
    """The real catalog with one file changed by a few byte- and line-level mutations."""
    rel = draw(st.sampled_from(_FILES))
    data = bytearray((ROOT / "catalog" / rel).read_bytes())
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["flip", "truncate", "junk", "drop", "dup", "swap", "rename", "value"]))
        pos = draw(st.integers(0, max(len(data) - 1, 0)))
        lines = data.split(b"\n")
        i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
        if kind == "flip" and data:
            data[pos] ^= draw(st.sampled_from([0x01, 0x20, 0x80, 0xFF, 0x09 ^ 0x20]))
        elif kind == "truncate":
            del data[pos:]
        elif kind == "junk":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=8))
        elif kind == "drop":
            del lines[i]
            data = bytearray(b"\n".join(lines))
        elif kind == "dup":
            lines.insert(j, lines[i])
            data = bytearray(b"\n".join(lines))
        elif kind == "swap":
            lines[i], lines[j] = lines[j], lines[i]
            data = bytearray(b"\n".join(lines))
        elif kind == "rename":
            a, b = draw(st.sampled_from(_KEYS)), draw(st.sampled_from(_KEYS))
            data = bytearray(bytes(data).replace(f"{a}:".encode(), f"{b}:".encode(), 1))
        elif kind == "value":
            new = draw(st.sampled_from(["*nope", "&x", "!!binary x", "[", '"\\x02"', "-1", "1001", "~",
                                        "<script>alert('xss')</script>", "x" * 300, "token/expired"]))
            key = draw(st.sampled_from(_KEYS)).encode() + b": "
            at = bytes(data).find(key, pos)
            if at >= 0:
                end = bytes(data).find(b"\n", at)
                data[at + len(key):end if end >= 0 else len(data)] = new.encode()
    return {rel: bytes(data)}


@budget(100)
@given(mutated_catalog())
def test_mutated_real_catalog_reports_or_builds(mutation):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write(root, {rel: (ROOT / "catalog" / rel).read_bytes() for rel in _FILES})
        check_catalog(write(root, mutation))


# -- rendering ---------------------------------------------------------------------

# The site's markdown configuration (mkdocs.yml), which turns generated pages into HTML.
_SITE_MD = dict(extensions=["attr_list", "md_in_html", "admonition", "tables", "toc",
                            "pymdownx.superfences", "pymdownx.details"],
                extension_configs={"toc": {"permalink": True}})


@budget(120)
@given(st.lists(markdownish, min_size=6, max_size=6), st.lists(code, min_size=1, max_size=1))
def test_rendered_pages_never_run_script(texts, codes):
    title, message, cause, recovery, summary, service = texts
    data = {"code": codes[0] if isinstance(codes[0], str) else "X", "category": "auth",
            "title": title.replace("\n", " ").strip() or "t", "message": message or "m", "cause": cause,
            "recovery": recovery, "aliases": ["ALIAS"], "status": 400, "surfaces": ["http", "socket"],
            "variants": {"socket": {"title": title.replace("\n", " ").strip() or "t", "message": message,
                                    "cause": cause}}}
    catalog_text = dump({"service": service.replace("\n", " ").strip() or "s", "envelope": "problem",
                         "surfaces": {"http": "HTTP", "socket": (service.replace("\n", " ").strip() or "s")},
                         "categories": [{"id": "auth", "title": title.replace("\n", " ").strip() or "t",
                                         "summary": summary}],
                         "troubleshooting": {"400": cause}})
    with tempfile.TemporaryDirectory() as tmp:
        root = write(Path(tmp), {"catalog.yaml": catalog_text, "errors/a.yaml": dump([data])})
        try:
            catalog = load_catalog(root)
        except CatalogError:
            return  # e.g. a code that is not one; the loader tests cover that
        renderer = Renderer(catalog, for_catalog(catalog, locales.load(catalog)))
        page = renderer.category_page(catalog.categories[0]).split("---\n", 2)[2]
        html = markdown.markdown(page, **_SITE_MD)
        html += renderer.az_index() + renderer.categories_table() + renderer.status_table()
        assert hostile.scan_html(html) == []
        assert "<script" not in html.lower()


@budget(200)
@given(markdownish)
def test_safe_markdown_never_emits_script(text):
    out = str(render(text))
    assert hostile.scan_html(out) == []
    assert "<script" not in out.lower() and "<iframe" not in out.lower() and "<img src=x" not in out.lower()


@budget(200)
@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), min_size=1, max_size=40)
       .filter(lambda t: t.strip()))
@example("a_b*c [d](e) { #x } \\ `f` | g ~ h > i & j &amp; &#39; <b> #")
def test_plain_text_in_a_heading_reads_as_written(text):
    """`md_plain` escapes exactly once: the heading shows the text, whatever it holds."""
    out = markdown.markdown(f"## {md_plain(text)} {{ #x }}", **_SITE_MD)
    assert out.startswith('<h2 id="x">'), out
    shown = html.unescape(re.sub(r"<[^>]+>", "", re.sub(r'<a class="headerlink".*?</a>', "", out)))
    assert shown.split() == text.split()


# -- file-system shapes and interrupted writes (issue 14) ------------------------------

_SLOTS = ["catalog.yaml", "errors", "errors/auth.yaml", "errors/more.yaml", "locales", "locales/de.po",
          "locales/messages.pot", "locales/fr.po", "permalinks.lock"]
_SHAPES = ["link-in", "link-out", "link-dangling", "folder", "file", "fifo", "empty", "latin-1", "utf-16",
           "cp1252-declared", "unknown-charset", "bytes"]
_I18N_HEAD = 'msgid ""\nmsgstr ""\n"Language: de\\n"\n"Content-Type: text/plain; charset={cs}\\n"\n\n'


def _shape(root: Path, outside: Path, slot: str, shape: str, junk: bytes) -> None:
    """Put `shape` where `slot` belongs in the catalog at `root`."""
    p = root / slot
    if any(q.is_symlink() or (q.exists() and not q.is_dir()) for q in p.parents if root in q.parents):
        return  # an earlier shape replaced a folder above this slot
    if p.is_symlink() or p.is_file() or (p.exists() and not p.is_dir()):
        p.unlink()
    elif p.is_dir():
        import shutil
        shutil.rmtree(p)
    p.parent.mkdir(parents=True, exist_ok=True)
    po = _I18N_HEAD + 'msgctxt "token/expired"\nmsgid "Authentication token expired"\nmsgstr "{t}"\n'
    if shape == "link-in":
        p.symlink_to(root / "errors" / "auth.yaml" if (root / "errors" / "auth.yaml").exists() else root)
    elif shape == "link-out":
        p.symlink_to(outside / ("tree" if slot in ("errors", "locales") else "secret.txt"))
    elif shape == "link-dangling":
        p.symlink_to(root / "nowhere")
    elif shape == "folder":
        p.mkdir()
    elif shape == "file":
        p.write_bytes(junk)
    elif shape == "fifo":
        os.mkfifo(p)
    elif shape == "empty":
        p.write_bytes(b"")
    elif shape == "latin-1":
        p.write_bytes(po.replace("{cs}", "ISO-8859-1").replace("{t}", "Jeton expiré").encode("latin-1"))
    elif shape == "utf-16":
        p.write_bytes(po.replace("{cs}", "UTF-16").replace("{t}", "x").encode("utf-16"))
    elif shape == "cp1252-declared":
        p.write_bytes(po.replace("{cs}", "cp1252").replace("{t}", "Jeton expiré").encode("utf-8"))
    elif shape == "unknown-charset":
        p.write_bytes(po.replace("{cs}", "x-nonsense").replace("{t}", "x").encode())
    else:
        p.write_bytes(junk)


@budget(60)
@given(st.lists(st.tuples(st.sampled_from(_SLOTS), st.sampled_from(_SHAPES), st.binary(max_size=40)),
                min_size=1, max_size=3),
       st.sampled_from(["validate", "check", "extract", "update", "lock"]))
def test_file_system_shapes_give_located_problems_and_touch_nothing_outside(shapes, command):
    import contextlib
    import io
    import shutil

    from error_catalog import cli

    secret = "SECRET-" + os.urandom(8).hex()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        outside = tmp / "outside"
        (outside / "tree").mkdir(parents=True)
        (outside / "secret.txt").write_text(f"{secret}\n")
        (outside / "tree" / "x.yaml").write_text(f"- code: {secret}\n  category: auth\n  title: {secret}\n")
        (outside / "tree" / "de.po").write_text(f'msgctxt "{secret}"\nmsgid "{secret}"\nmsgstr "{secret}"\n')
        root = tmp / "repo" / "catalog"
        shutil.copytree(ROOT / "tests" / "fixtures" / "minimal", root)
        (root / "catalog.yaml").write_text((root / "catalog.yaml").read_text().replace(
            "envelope: problem", "envelope: problem\nlocales: [en, de]"))
        for slot, shape, junk in shapes:
            _shape(root, outside, slot, shape, junk)
        before = {str(p): p.read_bytes() for p in outside.rglob("*") if p.is_file()}
        out = io.StringIO()
        os.environ["EC_FUZZ_SECRET"] = secret
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
                code = cli.main([command, str(root)])
        finally:
            del os.environ["EC_FUZZ_SECRET"]
        assert code in (0, 1), out.getvalue()
        assert secret not in out.getvalue()
        assert {str(p): p.read_bytes() for p in outside.rglob("*") if p.is_file()} == before
        if code == 0 and command == "update":
            for po in (root / "locales" / "de.po", root / "locales" / "messages.pot"):
                if po.is_file():
                    text = po.read_bytes().decode("utf-8")  # written back as UTF-8 ...
                    assert "charset=utf-8" in text.lower()  # ... and saying so
                    assert "Ã" not in text  # never encoded twice


@budget(80)
@given(st.text(max_size=300), st.text(max_size=300),
       st.sampled_from(["write", "flush", "fsync", "chmod", "replace"]))
def test_an_interrupted_write_leaves_the_old_file_whole(old, new, step):
    """Whatever step of `write_atomic` fails, the old file is there, whole, and no
    temporary file is left beside it."""
    from error_catalog.core import files

    class Interrupted(Exception):
        pass

    def boom(*a, **k):
        raise Interrupted

    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "de.po"
        target.write_bytes(old.encode("utf-8"))  # bytes: a "\r" must come back as it was
        real = {"fsync": os.fsync, "chmod": os.chmod, "replace": os.replace}
        try:
            if step in real:
                setattr(os, step, boom)
                pass_through = None
            else:
                pass_through = step
            if pass_through:
                import io as _io
                method = getattr(_io.BufferedWriter, pass_through)
                # A BufferedWriter method cannot be patched; wrap fdopen instead.
                real_fdopen = os.fdopen

                class Failing:
                    def __init__(self, fh):
                        self.fh = fh

                    def __enter__(self):
                        return self

                    def __exit__(self, *exc):
                        self.fh.close()

                    def __getattr__(self, name):
                        if name == pass_through:
                            return boom
                        return getattr(self.fh, name)

                files.os.fdopen = lambda *a, **k: Failing(real_fdopen(*a, **k))
                assert method
            try:
                files.write_atomic(target, new)
            except Interrupted:
                pass
            else:
                raise AssertionError("the write was not interrupted")
        finally:
            for name, fn in real.items():
                setattr(os, name, fn)
            if step not in real:
                files.os.fdopen = real_fdopen
        assert target.read_bytes().decode("utf-8") == old
        assert sorted(p.name for p in Path(tmp).iterdir()) == ["de.po"]
