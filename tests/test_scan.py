"""The source scanner: grep's line semantics, checked against real GNU grep."""
from __future__ import annotations

import glob
import os
import re
import subprocess

import pytest

from error_catalog.core import scan


PATTERN = r'code\s*=\s*"([^"]+)"'

# Each file's bytes; together they cover what a chunked, whole-buffer search could get wrong.
TRICKY = {
    "plain.py": b'raise E(code="a/one")\nx = 1\nraise E(code = "b/two", status=400)\n',
    "two_per_line.py": b'pair = (code="p/one", code="p/two")\n',
    # A match would span the line end: grep finds none on line 1 and the one on line 2.
    "split.py": b'raise E(code=\n    "split/no")\nok(code="after/split")\n',
    # An unterminated string must not swallow the next line's match.
    "unterminated.py": b'code = "oops\nraise E(code="next/line")\n',
    "crlf.py": b'raise E(code="crlf/one")\r\nraise E(code="crlf/two")\r\n',
    "no_newline.py": b'x = 1\nraise E(code="last/line")',
    "empty.py": b"",
    "binary.py": b'\x00\x01\x02 code="in/binary"\n',
    "utf8.py": 'msg = "caf\u00e9"  # code="utf8/after"\n'.encode(),
    "latin1.py": b'msg = "caf\xe9" ; code="latin1/after"\n',
}


def _grep(root, pattern: str) -> set[tuple[str, int, str]]:
    proc = subprocess.run(["grep", "-rEon", pattern, "."], cwd=root, capture_output=True,
                          env={**os.environ, "LC_ALL": "C"}, check=False)
    assert proc.returncode in (0, 1), proc.stderr
    rx = re.compile(pattern.encode())
    out = set()
    for row in proc.stdout.splitlines():
        path, line, match = row.split(b":", 2)
        m = rx.fullmatch(match)
        if m:
            out.add((os.path.normpath(path.decode()), int(line), m.group(1).decode()))
    return out


def _ours(root, pattern: str) -> set[tuple[str, int, str]]:
    rx = scan.compile_pattern(pattern)
    return {(os.path.relpath(p, root), line, code)
            for p in scan.expand(root, "**/*") for line, code in scan.scan_file(p, rx) if code}


@pytest.fixture
def tricky(tmp_path):
    for name, data in TRICKY.items():
        (tmp_path / name).write_bytes(data)
    return tmp_path


@pytest.mark.parametrize("chunk", [1 << 20, 7, 1], ids=["1MiB", "7B", "1B"])
def test_same_matches_as_grep(tricky, monkeypatch, chunk):
    # Tiny chunks force every line (and lines longer than a chunk) across a chunk boundary.
    monkeypatch.setattr(scan, "CHUNK", chunk)
    ours = _ours(tricky, PATTERN)
    assert ours == _grep(tricky, PATTERN)
    assert ("split.py", 3, "after/split") in ours
    assert ("unterminated.py", 2, "next/line") in ours
    assert not any(code in ("split/no", "in/binary") for _, _, code in ours)


def test_expected_matches(tricky):
    assert sorted(_ours(tricky, PATTERN)) == [
        ("crlf.py", 1, "crlf/one"), ("crlf.py", 2, "crlf/two"),
        ("latin1.py", 1, "latin1/after"),
        ("no_newline.py", 2, "last/line"),
        ("plain.py", 1, "a/one"), ("plain.py", 3, "b/two"),
        ("split.py", 3, "after/split"),
        ("two_per_line.py", 1, "p/one"), ("two_per_line.py", 1, "p/two"),
        ("unterminated.py", 2, "next/line"),
        ("utf8.py", 1, "utf8/after"),
    ]


def test_anchors_work_per_line(tricky):
    (tricky / "anchored.py").write_bytes(b"ERR_ONE\n  ERR_TWO\nERR_THREE\n")
    got = {(f, n, c) for f, n, c in _ours(tricky, r"^(ERR_[A-Z]+)$")}
    assert got == {("anchored.py", 1, "ERR_ONE"), ("anchored.py", 3, "ERR_THREE")}


def test_non_ascii_pattern_matches_text(tmp_path):
    (tmp_path / "a.txt").write_text("erreur=«E1»\nerreur=«E2»\n", encoding="utf-8")
    rx = scan.compile_pattern("erreur=«([^»]+)»")
    assert isinstance(rx.pattern, str)
    assert list(scan.scan_file(str(tmp_path / "a.txt"), rx)) == [(1, "E1"), (2, "E2")]


@pytest.mark.parametrize("pattern, message", [
    ("code=(", "invalid regular expression: missing ), unterminated subpattern at position 5"),
    ("code=[a-", "invalid regular expression: unterminated character set at position 5"),
    ("code=\\w+", "the pattern has no group: put the code in group 1, like 'code=\"([^\"]+)\"'"),
])
def test_bad_patterns(pattern, message):
    with pytest.raises(scan.PatternError) as e:
        scan.compile_pattern(pattern)
    assert str(e.value) == message


def test_expand(tmp_path):
    for rel in ("src/a.py", "src/deep/er/b.py", "src/c.txt", "src/.hidden/d.py", "src/.e.py", "other/f.py"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x\n")
    cat = tmp_path / "catalog"
    cat.mkdir()
    names = lambda files: [os.path.relpath(f, tmp_path) for f in files]  # noqa: E731
    assert names(scan.expand(cat, "../src/**/*.py")) == ["src/a.py", "src/deep/er/b.py"]
    # A folder stands for every (non-hidden) file under it.
    assert names(scan.expand(cat, "../src")) == ["src/a.py", "src/c.txt", "src/deep/er/b.py"]
    # Paths are normalised: no 'catalog/../' in messages.
    assert all(".." not in f for f in scan.expand(cat, "../src/*"))
    assert scan.expand(cat, "../nowhere/*.py") == []


@pytest.mark.parametrize("pattern", ["**/*.py", "**", "src/**/*.py", "*/**/x.py", "**/b/*.go", "src/**",
                                     "**/.h/*.py", ".h/**/*.py", "*/*", "**/**/*.py", "[sb]*/**/*.py"])
def test_double_star_reads_as_glob_does(tmp_path, pattern):
    """The loop-safe `**` finds what glob finds, hidden names and all, in a tree without links."""
    for rel in ("src/a/x.py", "src/b/y.go", "src/.h/z.py", ".h/q.py", "b/b/w.py", "x.py", "src/a/b/x.py"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x\n")
    by_glob = {os.path.normpath(p) for p in glob.glob(os.path.join(tmp_path, pattern), recursive=True)}
    assert by_glob and {os.path.normpath(p) for p in scan._glob(os.path.join(tmp_path, pattern))} == by_glob


def test_links_to_folders_above_are_entered_once(tmp_path):
    """`loop -> .` and `up -> ..` in a service's tree: glob followed them forty levels
    deep (two such links never finished); each real folder is read once."""
    (tmp_path / "src" / "a").mkdir(parents=True)
    (tmp_path / "src" / "a" / "x.py").write_text("x\n")
    (tmp_path / "src" / "y.py").write_text("x\n")
    for name, target in (("loop", "."), ("loop2", "."), ("up", "..")):
        os.symlink(target, tmp_path / "src" / name)
    files = [os.path.relpath(f, tmp_path) for f in scan.expand(tmp_path, "src/**/*.py")]
    assert sorted(files) == ["src/a/x.py", "src/y.py"]
