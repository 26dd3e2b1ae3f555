"""The bad-input corpus: each folder in bad_catalogs/ is a small catalog with one
mistake, and its expected.txt holds the exact report lines (`file:line: field
[code]: message`), paths relative to the catalog folder.

To add a case: copy a folder, make one mistake, write the lines you expect.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from error_catalog.cli.validate import valid_or_fail
from error_catalog.core import gate
from error_catalog.core.loader import load_catalog
from error_catalog.core.problems import CatalogError, Failure

CORPUS = Path(__file__).parent / "bad_catalogs"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())


def test_corpus_is_large():
    assert len(CASES) >= 30


def findings(folder: str = ".") -> list[str]:
    """Every problem `check` finds, as report lines: the catalog, its translations and
    lock (what the build reads first), then the emitted-code gate."""
    try:
        catalog = valid_or_fail(folder)
    except CatalogError as e:
        # The report a user reads is one header and one indented line per problem.
        assert e.report().splitlines()[1:] == [f"  {p}" for p in e.problems]
        return [str(p) for p in e.problems]
    except Failure as e:
        return e.lines
    return [str(p) for p in gate.check(catalog).errors]


@pytest.mark.parametrize("name", CASES)
def test_bad_catalog_reports_exactly(name, monkeypatch):
    folder = CORPUS / name
    expected = (folder / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert expected, f"{name}/expected.txt is empty"
    monkeypatch.chdir(folder)
    assert findings() == expected


def test_every_problem_names_file_and_line():
    """A problem without a line is only one about a whole file or folder."""
    for name in CASES:
        for line in (CORPUS / name / "expected.txt").read_text(encoding="utf-8").splitlines():
            where = line.split(": ", 1)[0]
            if ":" not in where:
                assert line.endswith(("file not found", "hold none", "add errors/*.yaml files",
                                      "go in errors/*.yaml files", "; refused", "(its translations would be ignored)")), line


def test_oversized_file_is_refused_unread(monkeypatch, tmp_path):
    """The size limit, shown with a small limit instead of a 20 MB file."""
    from error_catalog.core import catalogfiles

    monkeypatch.setattr(catalogfiles, "MAX_FILE_BYTES", 100)
    (tmp_path / "errors").mkdir()
    (tmp_path / "catalog.yaml").write_text("service: S\nenvelope: problem\ncategories: [{id: a, title: A}]\n")
    (tmp_path / "errors" / "a.yaml").write_text("- {code: A, category: a, title: T}\n" * 3)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CatalogError) as info:
        load_catalog(".")
    assert [str(p) for p in info.value.problems] == [
        "errors/a.yaml: file of 105 bytes is larger than the limit of 100; refused"]
