"""`error-catalog explain`: every code, number and alias of the examples prints its entry,
from a catalog folder, an errors.json file and its URL on a local server (never the network)."""
from __future__ import annotations

import argparse
import functools
import http.server
import json
import shutil
import threading
from pathlib import Path

import pytest

from conftest import ROOT
from error_catalog import cli
from error_catalog.cli import explain
from error_catalog.core import locales
from error_catalog.core.loader import load_catalog
from error_catalog.outputs import export

EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if (p / "catalog.yaml").exists())


def args(code: str, source: str, **kw) -> argparse.Namespace:
    return argparse.Namespace(code=code, source=source, locale=kw.get("locale"), width=kw.get("width"))


@pytest.mark.parametrize("folder", EXAMPLES, ids=lambda p: p.name)
def test_every_code_number_and_alias_prints_its_entry(folder, capsys, monkeypatch):
    catalog = load_catalog(folder)
    data = explain._read(str(folder))  # read once; each name below is looked up in it
    monkeypatch.setattr(explain, "_read", lambda source: data)
    for e in catalog.entries:
        names = [e.code, *e.aliases, *([str(e.number)] if e.number is not None else [])]
        for name in names:
            assert explain.run(args(name, str(folder))) == 0, name
            out = capsys.readouterr().out
            assert out.splitlines()[0] == f"{e.code}: {e.title}"
            assert out.rstrip().endswith(f"/errors/{e.code}")
            if e.status is not None:
                assert f"HTTP {e.status}" in out
            for text in (e.cause, e.recovery):
                if text:
                    assert " ".join(text.split())[:30] in " ".join(out.split())


def test_a_folder_an_errors_json_and_its_url_agree(tmp_path, capsys):
    folder = ROOT / "examples" / "levelchat"
    catalog = load_catalog(folder)
    (tmp_path / "errors.json").write_text(export.to_json(export.dictionary(locales.load(catalog))),
                                          encoding="utf-8")
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a):
            pass
    handler = functools.partial(Quiet, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/errors.json"
        outs = []
        for source in (str(folder), str(tmp_path / "errors.json"), url):
            assert cli.main(["explain", "token/expired", source, "--width", "60"]) == 0
            outs.append(capsys.readouterr().out)
        assert cli.main(["explain", "token/expired", url.replace("errors.json", "missing.json")]) == 1
        assert f"{url.replace('errors.json', 'missing.json')}: HTTP 404" in capsys.readouterr().err
    finally:
        server.shutdown()
        server.server_close()
    assert outs[0] == outs[1] == outs[2]  # errors.json carries the cause and recovery too
    assert "\nCause\n" in outs[0] and "\nRecovery\n" in outs[0]


def test_an_errors_json_without_cause_names_the_page(tmp_path, capsys):
    """A site built by an older release published no cause or recovery."""
    data = export.dictionary(locales.load(load_catalog(ROOT / "examples" / "levelchat")))
    for item in data["errors"]:
        for key in ("cause", "recovery", "explained"):
            del item[key]
    (tmp_path / "errors.json").write_text(export.to_json(data), encoding="utf-8")
    assert cli.main(["explain", "token/expired", str(tmp_path / "errors.json")]) == 0
    out = capsys.readouterr().out
    assert "Cause and recovery: on the page below." in out and "\nCause\n" not in out


@pytest.mark.parametrize("source", ["file:///etc/passwd", "ftp://127.0.0.1/errors.json"])
def test_only_http_urls_are_read(source, capsys):
    assert cli.main(["explain", "x", source]) == 1
    assert "only http:// and https:// URLs are read" in capsys.readouterr().err


def test_not_an_errors_json(tmp_path, capsys):
    (tmp_path / "x.json").write_text('{"errors": 3}', encoding="utf-8")
    assert cli.main(["explain", "x", str(tmp_path / "x.json")]) == 1
    assert "not an errors.json" in capsys.readouterr().err


def test_unknown_code_suggests_and_exits_1(capsys):
    assert cli.main(["explain", "TOKEN/EXPIRED", str(ROOT / "examples" / "levelchat")]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "no code, alias or number 'TOKEN/EXPIRED'" in captured.err
    assert "did you mean token/expired" in captured.err
    assert cli.main(["explain", "zzzzzzzz", str(ROOT / "examples" / "levelchat")]) == 1
    assert "did you mean" not in capsys.readouterr().err


def test_locale_narrow_terminal_and_plain_when_piped(capsys):
    catalog_dir = ROOT / "catalog"
    assert cli.main(["explain", "EXPIRED_TOKEN", str(catalog_dir), "--locale", "fr", "--width", "30"]) == 0
    out = capsys.readouterr().out
    assert "Message [fr]" in out and "\033" not in out  # capsys is no terminal: plain text
    assert all(len(line) <= 30 for line in out.splitlines() if " " in line.strip())
    assert cli.main(["explain", "EXPIRED_TOKEN", str(catalog_dir), "--locale", "xx"]) == 0
    assert "Message [en] (no xx translation)" in capsys.readouterr().out


def test_styled_on_a_terminal():
    data = explain._read(str(ROOT / "catalog"))
    entry = next(e for e in data["errors"] if e["code"] == "token/expired")
    styled = explain.text(entry, data, None, 80, styled=True)
    assert styled.startswith("\033[1mtoken/expired: ") and "\033[0m" in styled
    assert "\033" not in explain.text(entry, data, None, 80, styled=False)


def test_an_imported_entry_says_it_is_not_yet_explained(tmp_path, capsys, monkeypatch):
    shutil.copytree(Path(__file__).parent / "import_gap", tmp_path, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["import", "catalog", "--category", "general"]) == 0
    capsys.readouterr()
    assert cli.main(["explain", "payment_declined", "catalog"]) == 0
    assert "Not yet explained" in capsys.readouterr().out


HOSTILE = "\u001b]52;c;aGVsbG8=\u0007\u001b]0;pwned\u001b\\\u001b[8mhidden\u009b2J\u0000"


def hostile_json(tmp_path: Path) -> Path:
    """An errors.json whose every printed value carries terminal control sequences."""
    entry = {"code": f"evil{HOSTILE}", "title": HOSTILE, "status": 400, "reason": HOSTILE, "number": 7,
             "retryable": True, "lifecycle": HOSTILE, "replaced_by": HOSTILE, "aliases": [HOSTILE],
             "messages": {HOSTILE: HOSTILE, "en": HOSTILE}, "cause": HOSTILE, "recovery": HOSTILE,
             "url": HOSTILE}
    path = tmp_path / "errors.json"
    path.write_text(json.dumps({"locales": [HOSTILE], "errors": [entry]}), encoding="utf-8")
    return path


def no_controls(s: str) -> bool:
    return not any(c not in "\n\t" and (ord(c) < 0x20 or 0x7f <= ord(c) <= 0x9f) for c in s)


def test_untrusted_text_reaches_the_terminal_without_control_characters(tmp_path, capsys):
    path = hostile_json(tmp_path)
    assert cli.main(["explain", "7", str(path)]) == 0
    out = capsys.readouterr().out
    assert "hidden" in out and "evil" in out and no_controls(out)
    data = json.loads(path.read_text(encoding="utf-8"))
    styled = explain.text(data["errors"][0], data, None, 80, styled=True)
    assert no_controls(styled.replace("\033[1m", "").replace("\033[0m", ""))


def test_a_suggestion_is_printed_without_control_characters(tmp_path, capsys):
    path = tmp_path / "errors.json"
    path.write_text(json.dumps({"errors": [{"code": "ab\u001b]0;t\u0007"}]}), encoding="utf-8")
    assert cli.main(["explain", "ab]0;t", str(path)]) == 1
    err = capsys.readouterr().err
    assert "did you mean ab\ufffd]0;t\ufffd?" in err and no_controls(err)


def test_a_servers_reason_phrase_is_printed_without_control_characters(capsys):
    class Hostile(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(404, "Gone\x1b]0;pwned\x07")
            self.end_headers()

        def log_message(self, *a):
            pass
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        assert cli.main(["explain", "x", f"http://127.0.0.1:{server.server_address[1]}/errors.json"]) == 1
    finally:
        server.shutdown()
        server.server_close()
    err = capsys.readouterr().err
    assert "HTTP 404 Gone" in err and no_controls(err)


@pytest.mark.parametrize("entry, top, field, expected", [
    ({"aliases": [1]}, {}, "errors[0].aliases", "a list of strings"),
    ({"aliases": 5}, {}, "errors[0].aliases", "a list of strings"),
    ({"aliases": "x"}, {}, "errors[0].aliases", "a list of strings"),  # `in` a str would match substrings
    ({"messages": ["hi"]}, {}, "errors[0].messages", "an object of strings (locale -> message)"),
    ({"messages": {"en": 3}}, {}, "errors[0].messages", "an object of strings (locale -> message)"),
    ({"number": "7"}, {}, "errors[0].number", "an integer"),
    ({"number": True}, {}, "errors[0].number", "an integer"),
    ({}, {"locales": "en"}, "locales", "a list of strings"),
    ({}, {"locales": {"en": 1}}, "locales", "a list of strings"),
])
def test_an_ill_formed_field_exits_1_naming_file_and_field(tmp_path, capsys, entry, top, field, expected):
    path = tmp_path / "errors.json"
    path.write_text(json.dumps({**top, "errors": [{"code": "ok", "title": "Fine", "messages": {"en": "m"}},
                                                  {"code": "x", **entry}][::-1]}), encoding="utf-8")
    for query in ("x", "ok", "nope", "7"):
        assert cli.main(["explain", query, str(path)]) == 1
        assert f"{path}: {field}: expected {expected}" in capsys.readouterr().err


def test_absent_or_null_optional_fields_are_fine(tmp_path, capsys):
    path = tmp_path / "errors.json"
    path.write_text(json.dumps({"locales": None, "errors": [{"code": "x", "aliases": None, "number": None,
                                                             "messages": None}]}), encoding="utf-8")
    assert cli.main(["explain", "x", str(path)]) == 0
    assert capsys.readouterr().out.startswith("x:\n")


def test_markdown_keeps_its_lists_and_code_blocks():
    from error_catalog.cli.explain import markdown_lines

    text = ("First paragraph, long enough to wrap at this width.\n\n- item one is long enough to wrap\n"
            "- item two\n  - nested\n\n```python\nprint('a')\n\nprint('b')\n```\nAfter.")
    assert markdown_lines(text, 30) == [
        "  First paragraph, long enough", "  to wrap at this width.", "",
        "  - item one is long enough to", "    wrap", "  - item two", "    - nested", "",
        "  ```python", "  print('a')", "", "  print('b')", "  ```", "  After."]
