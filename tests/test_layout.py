"""The layout (which page holds each entry) as a value, the model frozen, and the
plugin's pure helpers: 404 prefixes, page URLs, the permalink/page rule, the nav."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from error_catalog.core import permalinks
from error_catalog.core.loader import load_catalog
from error_catalog.core.problems import Failure
from error_catalog.plugin import nav
from error_catalog.render import pagehtml
from error_catalog.render.sitepages import Planned
from permalink_servers import FIXTURES


@pytest.fixture(scope="module")
def shapes():
    return load_catalog(FIXTURES / "permalinks")


def test_layouts_of_one_catalog_coexist_and_leave_it_untouched(shapes):
    one, two = permalinks.layout(shapes), permalinks.layout(shapes, 2)
    e = shapes.entry("JOB_GONE")
    assert one.entry_page(e) == "reference/jobs/" and not one.is_split("jobs")
    assert two.is_split("jobs") and two.entry_page(e) == f"reference/jobs/{two.slugs[e.code]}/"
    assert [len(p.entries) for p in two.parts("auth")] == [2, 2]
    assert one.entry_page(e) == "reference/jobs/"  # the second layout changed nothing of the first
    assert permalinks.layout(shapes) == one
    # Nothing was written on the model: entries hold their fields only, the catalog
    # its fields and the indexes and maps it derives from them.
    assert all(vars(x).keys() == {f.name for f in dataclasses.fields(x)} for x in shapes.entries)
    extra = vars(shapes).keys() - {f.name for f in dataclasses.fields(shapes)}
    assert extra <= {"_by_code", "_by_category", "_categories", "_permalink_maps"}, extra
    with pytest.raises(dataclasses.FrozenInstanceError):
        one.page_size = 3
    with pytest.raises(TypeError):
        one.slugs["JOB_GONE"] = "x"


def test_catalog_indexes_are_not_attributes_set_by_hand(shapes):
    assert shapes.entry("token/expired").code == "token/expired"
    assert [e.code for e in shapes.entries_in("jobs")] == ["job/queue_full", "JOB_GONE", "Job-Timeout"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        shapes.service = "x"


def test_404_prefixes_and_page_urls(shapes):
    # type and documentation URL paths as their host has them, and under the site's path,
    # where their fallback pages are served
    assert permalinks.prefixes(shapes, "/docs/") == ["/codes/", "/docs/codes/", "/docs/errors/", "/docs/problems/",
                                                     "/problems/"]
    assert permalinks.prefixes(shapes) == ["/codes/", "/errors/", "/problems/"]
    assert permalinks.page_url("index.md") == ""
    assert permalinks.page_url("reference/index.md") == "reference/"
    assert permalinks.page_url("errors.md") == "errors/"
    assert permalinks.page_url("errors.md", directory_urls=False) == "errors.html"
    assert permalinks.page_folder("a/b/") == "a/b/" and permalinks.page_folder("a/b.html") == "a/"
    assert permalinks.page_folder("b.html") == ""


def test_a_permalink_path_that_is_a_page_fails_with_its_line(shapes):
    permalinks.check_page_paths(shapes, [("errors/", "errors.md"), ("reference/auth/", "reference/auth.md")])
    with pytest.raises(Failure) as found:
        permalinks.check_page_paths(shapes, [("Errors/Token/Expired/", "errors/token/expired.md")])
    e = shapes.entry("token/expired")
    assert found.value.lines == [f"{e.file}:{e.line}: code [token/expired]: permalink /errors/token/expired "
                                 "is also the page docs/errors/token/expired.md"]


def test_nav_section_after_the_home_page_and_pages_left_out(shapes):
    site = ["index.md", {"Guide": ["guide/a.md", "other/b.md"]}, "other/c.md"]
    kept = nav.without(site, ("other",))
    assert kept == ["index.md", {"Guide": ["guide/a.md"]}]
    assert nav.paths(site) == ["index.md", "guide/a.md", "other/b.md", "other/c.md"]
    out = nav.with_section(kept, {"errors.md"}, "Errors", [Planned("errors.md", "overview"), Planned("t.md", "translations")],
                           shapes.categories)
    assert out[0] == "index.md" and list(out[1]) == ["Errors"]
    assert out[1]["Errors"] == [{"Translations": "t.md"}, {"Auth": "reference/auth.md"},
                                {"Jobs": "reference/jobs.md"}]
    assert nav.under("other/x/y.md", ("other/",)) and not nav.under("otherwise.md", ("other",))


def test_left_out_compares_folders_not_spellings(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    only = {"./a": ["/team-a/"], "b": ["team-b"]}
    assert nav.left_out(tmp_path, tmp_path / "a", only) == ("team-b",)
    assert nav.left_out(tmp_path, Path(tmp_path / "b" / ".." / "b"), only) == ("team-a",)


def test_description_of_a_category_page_and_of_another_page(shapes):
    part = permalinks.layout(shapes).parts("auth")[0]
    text = pagehtml.description(shapes, part)
    assert text == "Auth: 4 Shapes error codes with cause and recovery: token/expired, PERMISSION_DENIED, " \
                   "api_key.revoked, token/legacy"
    assert pagehtml.description(shapes, None, "A & B") == (
        "A &amp; B · Every error code Shapes returns, with its cause, recovery and a permanent link.")
    assert pagehtml.description(shapes, None, "Shapes").startswith("Every error code Shapes")
