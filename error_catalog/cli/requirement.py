"""The line a new site's `requirements.txt` gives pip to install this tool, as it
was installed where `init` runs, so that a fresh clone of the site installs it too.

How the running copy came (PEP 610's `direct_url.json` of its distribution):
- from a package index (no `direct_url.json`): `error-catalog==<version>`;
- from a version-control URL: that URL at the exact commit;
- from an archive URL: that URL (with its hash when pip recorded one);
  either with the `#subdirectory=` the project sits in, when pip recorded one;
- from a local folder or file (a source checkout, an editable install, a wheel or
  an sdist on disk): a path no other machine has, so the site gets the file itself
  in `vendor/` (a folder as the wheel pip builds from it), and the line names it.

A team that publishes the tool on its own index replaces the line (`init
--requirement`).
"""
from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlparse
from urllib.request import url2pathname

from ..core.problems import Failure

NAME = "error-catalog"
VENDOR = "vendor"
_NAME_IT = "Name the requirement with --requirement."
# What a source folder's build reads besides the package itself.
_PROJECT_FILES = {"pyproject.toml", "setup.py", "setup.cfg", "MANIFEST.in", "README.md"}


def this_distribution() -> importlib.metadata.Distribution:
    """The installed distribution whose files are the running package (a source
    folder on `sys.path` can hold a stale `*.egg-info` of the same name)."""
    here = Path(__file__).resolve().parents[1]
    found = list(importlib.metadata.distributions(name=NAME))
    for dist in found:  # installed from this folder (editable, or a local path)
        url = _direct_url(dist).get("url", "")
        if url.startswith("file:") and here.is_relative_to(_file_path(url)):
            return dist
    for dist in found:  # installed by an installer (not a build's egg-info) into where it runs
        if dist.read_text("INSTALLER") and Path(str(dist.locate_file("error_catalog"))).resolve() == here:
            return dist
    if found:
        return found[0]
    raise Failure([f"{NAME} is not installed as a distribution (run from a source folder?); "
                   "name the requirement with --requirement"], "Nothing was written")


def requirement(dist: importlib.metadata.Distribution | None = None) -> tuple[str, dict[str, bytes]]:
    """The requirement line for `dist` (default: the running copy's), and the files it
    needs beside it (site-relative path -> bytes)."""
    dist = dist or this_distribution()
    info = _direct_url(dist)
    url = info.get("url", "")
    if not info:
        return f"{NAME}=={dist.version}", {}
    sub = info.get("subdirectory")
    if "vcs_info" in info:
        vcs = info["vcs_info"]
        frag = f"#subdirectory={sub}" if sub else ""
        return f"{NAME} @ {vcs['vcs']}+{url}@{vcs['commit_id']}{frag}", {}
    if not url.startswith("file:"):
        hashes = info.get("archive_info", {}).get("hashes", {})
        frag = "&".join(([f"sha256={hashes['sha256']}"] if "sha256" in hashes else [])
                        + ([f"subdirectory={sub}"] if sub else []))
        return f"{NAME} @ {url}{'#' if frag else ''}{frag}", {}
    source = _file_path(url)
    if source.is_dir():
        name, data = build_wheel(source / sub if sub else source)
    elif sub:  # a requirements.txt path takes no fragment, and pip would need one
        raise Failure([f"{source}: the tool was installed from the folder {sub} inside this archive, which a "
                       "requirements.txt line cannot name"], "Nothing was written", _NAME_IT)
    else:  # a wheel or an sdist: pip installs either as it is
        try:
            name, data = source.name, source.read_bytes()
        except OSError as e:
            raise Failure([f"{source}: could not read the archive the tool was installed from: "
                           f"{e.strerror or type(e).__name__}"], "Nothing was written", _NAME_IT) from None
    rel = f"{VENDOR}/{name}"
    return f"./{rel}", {rel: data}


def _direct_url(dist: importlib.metadata.Distribution) -> dict:
    text = dist.read_text("direct_url.json")
    try:
        data = json.loads(text) if text else {}
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _file_path(url: str) -> Path:
    return Path(url2pathname(unquote(urlparse(url).path))).resolve()


def build_wheel(source: Path) -> tuple[str, bytes]:
    """The wheel of the source folder `source` (file name, bytes), built by pip."""
    def failed(why: str) -> Failure:
        return Failure([f"{source}: could not build the tool's wheel for the new site: {why}"],
                       "Nothing was written", _NAME_IT)

    with tempfile.TemporaryDirectory(prefix="error-catalog-wheel-") as tmp:
        # Built from a copy: the build backend writes build/ and *.egg-info where it runs.
        copy = Path(tmp) / "src"
        cmd = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--disable-pip-version-check",
               "-w", tmp, str(copy)]
        if importlib.util.find_spec("setuptools") is not None:
            cmd.insert(4, "--no-build-isolation")  # the backend is here: nothing to download
        try:
            shutil.copytree(source / "error_catalog", copy / "error_catalog",
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            for p in source.iterdir():
                if p.is_file() and (p.name in _PROJECT_FILES or p.name.startswith("LICENSE")):
                    shutil.copy2(p, copy / p.name)
            proc = subprocess.run(cmd, capture_output=True, text=True)
        except OSError as e:  # shutil.Error is one: a file it could not copy, or no pip to run
            raise failed(str(e)[-500:] or type(e).__name__) from None
        wheels = sorted(Path(tmp).glob("*.whl"))
        if proc.returncode != 0 or len(wheels) != 1:
            raise failed((proc.stderr or proc.stdout).strip()[-500:] or "no wheel")
        return wheels[0].name, wheels[0].read_bytes()
