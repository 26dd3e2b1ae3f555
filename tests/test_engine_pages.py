"""`error-catalog pages` and `outputs` (an engine without plugins, docs/guide/engines.md):
pages written inside the folder named, a team's own files never replaced or removed,
and the catalog macros offered through the mkdocs-macros module interface."""
from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

import error_catalog
from error_catalog import cli
from error_catalog.outputs import docsfolder


@pytest.fixture
def new_site(tmp_path, monkeypatch):
    # --requirement: these tests install nothing, so no wheel of the running copy is built
    assert cli.main(["init", str(tmp_path / "acme"), "--engine", "zensical", "--requirement", "error-catalog"]) == 0
    monkeypatch.chdir(tmp_path / "acme")
    return tmp_path / "acme"


def listed(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_pages_are_written_with_a_manifest_and_only_stale_ones_removed(new_site):
    site = new_site
    out = site / "docs" / "reference"
    assert cli.main(["pages", "--out", "docs/reference"]) == 0
    assert listed(out) == [docsfolder.MANIFEST, "auth.md", "index.md", "payments.md"]
    assert "# Authentication { #_title }" in (out / "auth.md").read_text(encoding="utf-8")
    (out / "notes.md").write_text("# Our notes\n", encoding="utf-8")
    # A category goes: its page goes with it, the team's page stays.
    catalog = site / "catalog" / "catalog.yaml"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text[: text.index("  - id: payments")], encoding="utf-8")
    (site / "catalog" / "errors" / "payments.yaml").unlink()
    (site / "catalog" / "permalinks.lock").unlink()
    assert cli.main(["pages", "--out", "docs/reference"]) == 0
    assert listed(out) == [docsfolder.MANIFEST, "auth.md", "index.md", "notes.md"]
    assert docsfolder.manifest(out) == {"auth.md", "index.md"}


def test_a_teams_own_category_page_is_refused_and_nothing_written(new_site, capsys):
    site = new_site
    out = site / "docs" / "reference"
    out.mkdir()
    (out / "auth.md").write_text("# Ours\n", encoding="utf-8")
    assert cli.main(["pages", "--out", "docs/reference"]) == 1
    assert "docs/reference/auth.md: exists, but category pages are generated" in capsys.readouterr().err
    assert listed(out) == ["auth.md"] and (out / "auth.md").read_text(encoding="utf-8") == "# Ours\n"


def test_a_teams_own_overview_is_kept(new_site):
    site = new_site
    out = site / "docs" / "reference"
    out.mkdir()
    (out / "index.md").write_text("# Our overview\n\n{{ az_index() }}\n", encoding="utf-8")
    assert cli.main(["pages", "--out", "docs/reference"]) == 0
    assert (out / "index.md").read_text(encoding="utf-8") == "# Our overview\n\n{{ az_index() }}\n"
    assert "index.md" not in docsfolder.manifest(out)


def test_nothing_is_written_through_a_link_out_of_the_folder(new_site, tmp_path, capsys):
    site = new_site
    outside = tmp_path / "outside"
    outside.mkdir()
    out = site / "docs" / "reference"
    out.mkdir()
    os.symlink(outside, out / "auth")
    yml = site / "mkdocs.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("catalog: catalog\n", "catalog: catalog\n      page_size: 1\n"),
                   encoding="utf-8")
    assert cli.main(["pages", "--out", "docs/reference"]) == 1  # auth is split: auth/<numbers>.md
    assert "outside the output folder" in capsys.readouterr().err
    assert list(outside.iterdir()) == [] and listed(out) == []


def test_a_manifest_never_removes_files_outside_the_folder(new_site, tmp_path):
    site = new_site
    victim = site / "docs" / "index.md"
    out = site / "docs" / "reference"
    out.mkdir()
    (out / docsfolder.MANIFEST).write_text(f"../index.md\n{victim}\nauth.md\n", encoding="utf-8")
    assert cli.main(["pages", "--out", "docs/reference"]) == 0
    assert victim.is_file()


def test_the_options_come_from_the_mkdocs_yml_entry(new_site, capsys):
    site = new_site
    yml = site / "mkdocs.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("catalog: catalog\n", "catalog: catalog\n      pagesize: 2\n"),
                   encoding="utf-8")
    assert cli.main(["pages", "--out", "docs/reference"]) == 1
    assert "plugins.error-catalog.pagesize: unknown option" in capsys.readouterr().err


def test_env_tags_read_as_mkdocs_reads_them(new_site, monkeypatch, capsys):
    """`!ENV [VAR, default]` in the entry: the variable when set, else the default."""
    yml = new_site / "mkdocs.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace(
        "catalog: catalog\n", "catalog: catalog\n      page_size: !ENV [ACME_PAGE_SIZE, 100]\n"), encoding="utf-8")
    monkeypatch.setenv("ACME_PAGE_SIZE", "1")  # every entry on a page of its own
    assert cli.main(["pages", "--out", "docs/reference"]) == 0
    split = sorted(p.name for p in (new_site / "docs" / "reference" / "auth").glob("*.md"))
    monkeypatch.delenv("ACME_PAGE_SIZE")
    assert cli.main(["pages", "--out", "docs/reference"]) == 0
    assert len(split) == 2 and not list((new_site / "docs" / "reference" / "auth").glob("*.md"))


def test_outputs_needs_a_built_site(new_site, capsys):
    site = new_site
    assert cli.main(["outputs", "site"]) == 1
    assert "site: no built site here (build it first)" in capsys.readouterr().err


def test_no_feed_without_the_changes_page_it_links_to(new_site, capsys):
    """With versions, `pages --out docs/reference` leaves docs/changes.md out: `outputs`
    then writes no changes.xml and says how to get the page; `--out docs` writes it."""
    catalog = new_site / "catalog" / "catalog.yaml"
    catalog.write_text(catalog.read_text(encoding="utf-8") + "versions:\n  - {version: '1.0', date: '2024-01-15'}\n",
                       encoding="utf-8")
    assert cli.main(["pages", "--out", "docs/reference"]) == 0
    assert not (new_site / "docs" / "changes.md").exists()
    (new_site / "site").mkdir()
    (new_site / "site" / "index.html").write_text("<!doctype html>\n", encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["outputs", "site"]) == 0
    assert "the site has no changes page (changes/)" in capsys.readouterr().err
    assert not (new_site / "site" / "changes.xml").exists() and (new_site / "site" / "errors.json").is_file()
    assert cli.main(["pages", "--out", "docs"]) == 0
    assert (new_site / "docs" / "changes.md").is_file()
    (new_site / "site" / "changes").mkdir()
    (new_site / "site" / "changes" / "index.html").write_text("<!doctype html>\n", encoding="utf-8")
    assert cli.main(["outputs", "site"]) == 0
    assert (new_site / "site" / "changes.xml").is_file()


class MacroEnv:
    """The mkdocs-macros module interface as Zensical's macros extension gives it."""

    def __init__(self, root: Path, url: str) -> None:
        self.conf = {"root_dir": str(root)}
        self.page = type("Page", (), {"url": url})()
        self.variables: dict = {}
        self.macros: dict = {}

    def macro(self, fn, name=None):
        self.macros[name or fn.__name__] = fn
        return fn


def test_define_env_offers_the_plugins_macros_without_mkdocs(new_site):
    site = new_site
    env = MacroEnv(new_site, "guide/")
    error_catalog.define_env(env)
    assert {"az_index", "status_table", "categories_table", "overview_intro", "translation_status",
            "headers_table", "shapes"} <= set(env.macros)
    assert env.variables["service"] == "Acme" and env.variables["catalog"].service == "Acme"
    table = env.macros["az_index"]()
    # Finished HTML left in the Markdown: no deferred token, links from the page's folder.
    assert "ec-slot-" not in table and 'href="../reference/auth/#token-expired"' in table
    assert "\n\n" not in table


def test_define_env_leaves_mkdocs_to_the_plugin():
    class MacrosPlugin:
        def register_macros(self, items):
            raise AssertionError("the plugin offers the macros under MkDocs")

    error_catalog.define_env(MacrosPlugin())


def test_the_docs_folder_as_out_writes_the_changes_page_too(new_site, capsys):
    site = new_site
    shutil.rmtree(site / "catalog")
    shutil.copytree(Path(__file__).parent / "fixtures" / "versions", site / "catalog")
    assert cli.main(["pages", "--out", "docs/reference"]) == 0
    assert "outside it, not written: changes.md (--out the docs folder writes them)" in capsys.readouterr().out
    assert not (site / "docs" / "changes.md").exists()
    assert cli.main(["pages", "--out", "docs"]) == 0
    assert (site / "docs" / "changes.md").is_file() and (site / "docs" / "index.md").read_text(encoding="utf-8")
    assert {"changes.md", "reference/auth.md"} <= docsfolder.manifest(site / "docs")
    assert "index.md" not in docsfolder.manifest(site / "docs")  # the home page is the site's own


def test_a_markdown_setup_that_drops_the_anchors_is_warned_about(new_site, capsys):
    yml = new_site / "mkdocs.yml"
    text = yml.read_text(encoding="utf-8")
    yml.write_text(text.replace("  - attr_list\n", ""), encoding="utf-8")
    assert cli.main(["pages", "--out", "docs/reference"]) == 0
    assert "lists neither attr_list nor error_catalog.render.headings" in capsys.readouterr().err
    yml.write_text(text.replace("  - attr_list\n", "  - error_catalog.render.headings\n"), encoding="utf-8")
    assert cli.main(["pages", "--out", "docs/reference"]) == 0
    assert "attr_list" not in capsys.readouterr().err


def test_init_for_zensical_builds_in_three_steps_on_netlify_too(new_site):
    site = new_site
    netlify = (site / "netlify.toml").read_text(encoding="utf-8")
    assert "&& error-catalog pages --out docs/reference && zensical build --strict && error-catalog outputs site\"" \
        in netlify and "mkdocs build" not in netlify
    assert "zensical>=0.0.73" in (site / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert "/docs/reference/" in (site / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_the_manifest_records_what_was_written_and_pages_say_they_are_generated(new_site):
    out = new_site / "docs" / "reference"
    assert cli.main(["pages", "--out", "docs/reference"]) == 0
    text = (out / "auth.md").read_text(encoding="utf-8")
    assert text.startswith("---\n") and f"\n---\n{docsfolder.MARK}" in text  # after the front matter
    lines = [line for line in (out / docsfolder.MANIFEST).read_text(encoding="utf-8").splitlines()
             if not line.startswith("#")]
    assert lines == [f"{hashlib.sha256((out / rel).read_bytes()).hexdigest()}  {rel}"
                     for rel in ("auth.md", "index.md", "payments.md")]


def test_an_edited_overview_is_kept_as_the_sites_own_and_named(new_site, capsys):
    out = new_site / "docs" / "reference"
    assert cli.main(["pages", "--out", "docs/reference"]) == 0
    ours = (out / "index.md").read_text(encoding="utf-8") + "\nOur words.\n"
    (out / "index.md").write_text(ours, encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["pages", "--out", "docs/reference"]) == 0
    assert ("docs/reference/index.md: edited since error-catalog pages wrote it, so kept as the site's own page "
            "and no longer written; delete it to get the generated page back") in capsys.readouterr().err
    assert (out / "index.md").read_text(encoding="utf-8") == ours
    assert docsfolder.manifest(out) == {"auth.md", "payments.md"}
    assert "reference/index.md" not in docsfolder.written_pages(new_site / "docs")  # the plugin keeps it too
    assert cli.main(["pages", "--out", "docs/reference"]) == 0  # said once: the site's own from now on
    assert "edited since" not in capsys.readouterr().err and (out / "index.md").read_text(encoding="utf-8") == ours
    (out / "index.md").unlink()  # deleted: the generated page is back
    assert cli.main(["pages", "--out", "docs/reference"]) == 0
    assert "Our words." not in (out / "index.md").read_text(encoding="utf-8")
    assert "index.md" in docsfolder.manifest(out)


def test_an_edited_category_page_is_refused_and_never_removed(new_site, capsys):
    out = new_site / "docs" / "reference"
    assert cli.main(["pages", "--out", "docs/reference"]) == 0
    ours = (out / "auth.md").read_text(encoding="utf-8") + "\nOur words.\n"
    (out / "auth.md").write_text(ours, encoding="utf-8")
    before = {p: p.read_bytes() for p in out.iterdir()}
    capsys.readouterr()
    assert cli.main(["pages", "--out", "docs/reference"]) == 1
    assert ("docs/reference/auth.md: edited since error-catalog pages wrote it, but category pages are generated: "
            "delete it to get the generated page back") in capsys.readouterr().err
    assert {p: p.read_bytes() for p in out.iterdir()} == before  # nothing written
    # Its category goes: the page is no longer generated, but the edit is not removed with it.
    catalog = new_site / "catalog" / "catalog.yaml"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace(text[text.index("  - id: auth"):text.index("  - id: payments")], ""),
                       encoding="utf-8")
    (new_site / "catalog" / "errors" / "auth.yaml").unlink()
    (new_site / "catalog" / "permalinks.lock").unlink()
    assert cli.main(["pages", "--out", "docs/reference"]) == 0
    assert "docs/reference/auth.md: edited since error-catalog pages wrote it, so kept" in capsys.readouterr().err
    assert (out / "auth.md").read_text(encoding="utf-8") == ours
    assert docsfolder.manifest(out) == {"index.md", "payments.md"}


def test_an_older_manifest_without_hashes_is_taken_as_written_once(new_site):
    out = new_site / "docs" / "reference"
    out.mkdir()
    (out / "auth.md").write_text("# written by an older error-catalog pages\n", encoding="utf-8")
    (out / "gone.md").write_text("# a category since removed\n", encoding="utf-8")
    (out / docsfolder.MANIFEST).write_text("# Written by `error-catalog pages`\nauth.md\ngone.md\n", encoding="utf-8")
    assert cli.main(["pages", "--out", "docs/reference"]) == 0
    assert listed(out) == [docsfolder.MANIFEST, "auth.md", "index.md", "payments.md"]
    assert "# Authentication { #_title }" in (out / "auth.md").read_text(encoding="utf-8")
    assert docsfolder.recorded(out)["auth.md"] == hashlib.sha256((out / "auth.md").read_bytes()).hexdigest()


@pytest.mark.parametrize(("setting", "expected"), [
    ("plugins: 5", "a list of plugins"), ("extra_javascript: 5", "a list of scripts"),
    ("extra_css: true", "a list of stylesheets"), ("markdown_extensions: 7", "a list of extensions"),
    ("theme: 5", "a theme name or a mapping of theme settings"), ("extra: [1]", "a mapping of settings"),
    ("theme:\n  name: [1]", "a theme name")])
@pytest.mark.parametrize("command", [["pages", "--out", "docs/reference"], ["outputs", "site"]])
def test_a_setting_of_the_wrong_shape_is_one_failure_naming_it(new_site, capsys, setting, expected, command):
    (new_site / "mkdocs.yml").write_text(f"site_name: Acme\n{setting}\n", encoding="utf-8")
    before = listed(new_site)
    assert cli.main(command) == 1  # not a traceback
    key = setting.split(":")[0] + (".name" if "name:" in setting else "")
    err = capsys.readouterr().err
    assert err.splitlines()[0] == f"{new_site / 'mkdocs.yml'}: {key}: expected {expected}"
    assert "Traceback" not in err and listed(new_site) == before
