"""The package's layers: each imports only from layers below it, with no cycles
and no private name taken from another module (read from the source with `ast`)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "error_catalog"
# Layer -> the layers (and third-party roots) it must never import.
ORDER = ["core", "render", "outputs", "plugin", "cli"]
ENGINE = ("mkdocs", "material", "mkdocs_macros", "properdocs")


def modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


def imports(name: str, path: Path) -> list[tuple[str, list[str]]]:
    """(imported module, names) for every import in the file, relative ones resolved."""
    is_pkg = path.name == "__init__.py"
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(a.name, []) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_pkg else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            out.append((mod, [a.name for a in node.names]))
    return out


def layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "error_catalog" and parts[1] in ORDER else None


MODULES = modules()


@pytest.mark.parametrize("name", [n for n in MODULES if layer(n)])
def test_imports_point_down_only(name):
    mine = ORDER.index(layer(name))
    for mod, names in imports(name, MODULES[name]):
        targets = [mod] + [f"{mod}.{n}" for n in names]
        for t in targets:
            other = layer(t)
            if other is not None:
                assert ORDER.index(other) <= mine, f"{name} imports {t} from a layer above"
        if layer(name) in ("core", "render", "outputs"):
            assert not mod.split(".")[0] in ENGINE, f"{name} imports {mod}: only the plugin knows the engine"


@pytest.mark.parametrize("name", list(MODULES))
def test_no_private_name_from_another_module(name):
    for mod, names in imports(name, MODULES[name]):
        if mod.startswith("error_catalog"):
            private = [n for n in names if n.startswith("_") and n != "__version__"]
            assert not private, f"{name} imports {private} from {mod}"


def edges(name: str) -> set[str]:
    """The modules of the package that `name` imports (`from . import x` is module x)."""
    out = set()
    for mod, names in imports(name, MODULES[name]):
        subs = {f"{mod}.{n}" for n in names if f"{mod}.{n}" in MODULES}
        out.update(subs)
        if mod in MODULES and len(subs) < max(len(names), 1):  # a name defined in `mod` itself
            out.add(mod)
    out.discard(name)
    return out


def cycles() -> list[list[str]]:
    graph = {n: edges(n) for n in MODULES}
    found, done = [], set()

    def visit(n: str, path: list[str]) -> None:
        if n in path:
            found.append(path[path.index(n):] + [n])
            return
        if n in done:
            return
        for d in sorted(graph[n]):
            visit(d, path + [n])
        done.add(n)

    for n in sorted(graph):
        visit(n, [])
    return found


def test_no_import_cycles():
    assert cycles() == []


def test_the_cycle_check_sees_a_cycle(monkeypatch):
    # A module importing its importer is reported (the check can fail).
    real = edges
    extra = {"error_catalog.outputs": {"error_catalog.plugin.plugin"}}
    monkeypatch.setitem(globals(), "edges", lambda n: real(n) | extra.get(n, set()))
    assert any("error_catalog.outputs" in c for c in cycles())
