"""MkDocs hooks (listed in mkdocs.yml); each forwards to `macros.plugin.plugin`."""
import sys
from pathlib import Path

# MkDocs imports hooks by file path; make the `macros` package importable too.
_root = str(Path(__file__).resolve().parent.parent)
if _root not in sys.path:
    sys.path.insert(0, _root)

from macros.plugin import plugin as site  # noqa: E402

on_config = site.on_config
on_files = site.on_files
on_page_content = site.on_page_content
on_post_build = site.on_post_build
on_template_context = site.on_template_context
on_serve = site.on_serve
on_startup = site.on_startup
