"""The line a new site's `requirements.txt` gives pip to install this tool, as it
was installed where `init` runs, so that a fresh clone of the site installs it too.

How the running copy came (PEP 610's `direct_url.json` of its distribution):
- from a package index (no `direct_url.json`): `error-catalog==<version>`;
- from a version-control URL: that URL at the exact commit;
- from an archive URL: that URL (with its hash when pip recorded one);
- from a local folder or file (a source checkout, an editable install, a wheel on
  disk): a path no other machine has, so the site gets the wheel itself, in
  `vendor/`, and the line names it. pip builds it from the folder.

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
    if "vcs_info" in info:
        vcs = info["vcs_info"]
        return f"{NAME} @ {vcs['vcs']}+{url}@{vcs['commit_id']}", {}
    if not url.startswith("file:"):
        hashes = info.get("archive_info", {}).get("hashes", {})
        frag = f"#sha256={hashes['sha256']}" if "sha256" in hashes else ""
        return f"{NAME} @ {url}{frag}", {}
    source = _file_path(url)
    name, data = (source.name, source.read_bytes()) if source.suffix == ".whl" else build_wheel(source)
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
    with tempfile.TemporaryDirectory(prefix="error-catalog-wheel-") as tmp:
        # Built from a copy: the build backend writes build/ and *.egg-info where it runs.
        copy = Path(tmp) / "src"
        shutil.copytree(source / "error_catalog", copy / "error_catalog",
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        for p in source.iterdir():
            if p.is_file() and (p.name in _PROJECT_FILES or p.name.startswith("LICENSE")):
                shutil.copy2(p, copy / p.name)
        cmd = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--disable-pip-version-check",
               "-w", tmp, str(copy)]
        if importlib.util.find_spec("setuptools") is not None:
            cmd.insert(4, "--no-build-isolation")  # the backend is here: nothing to download
        proc = subprocess.run(cmd, capture_output=True, text=True)
        wheels = sorted(Path(tmp).glob("*.whl"))
        if proc.returncode != 0 or len(wheels) != 1:
            raise Failure([f"{source}: could not build the tool's wheel for the new site: "
                           f"{(proc.stderr or proc.stdout).strip()[-500:] or 'no wheel'}"],
                          "Nothing was written", "Name the requirement with --requirement.")
        return wheels[0].name, wheels[0].read_bytes()
