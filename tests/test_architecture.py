"""The pipeline's import rules, as a test (docs/architecture.md draws them).

Every module under src/yusuan is parsed (ast) and each of its imports — top-level, inside
functions, under TYPE_CHECKING — is checked against the stages' order: a stage may import the
shared vocabulary and any earlier stage, never a later one nor a sibling of the same rank; and
nothing imports a front end (``yusuan.cli``, ``yusuan.web``), except that the command line may
import the web app (``yusuan serve`` starts it, ``yusuan user`` keeps its accounts).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "yusuan"

# Rank of each top-level package or module of yusuan. 0: shared vocabulary, importable by all.
LAYERS: dict[str, int] = {
    "errors": 0,  # the one error type users see
    "vocab": 0,  # the words extraction recognises
    "model": 0,  # the canonical model (the public JSON contract)
    "batch": 0,  # garbage-collector settings for batch work
    "blocks": 1,  # the block model: paragraphs and tables with their sources
    "readers": 2,  # file formats → blocks
    "extract": 3,  # blocks → the canonical model
    "check": 4,  # rules over the model
    "render": 4,  # the model → a published disclosure; the fill-in workbook and its importer
    "pipeline": 5,  # the way in: every input → the model (uses render's workbook importer)
    "store": 6,  # the database: loader, queries, use cases (service)
    "review": 6,  # many files at once: folders and ZIPs unpacked, parts joined, one workbook
    "api": 7,  # the Python API: open, check, load
    "cli": 8,  # front ends
    "web": 8,
}
FRONT_ENDS = {"cli", "web"}
ALLOWED = {("cli", "web")}  # (importer, imported) across front ends


def _stage(module: str) -> str | None:
    """The stage of a dotted module name inside yusuan, None for the package root."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def _imported(tree: ast.AST, module: str, is_package: bool) -> list[tuple[int, str]]:
    """(line, dotted name) of everything ``module`` imports from yusuan."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against this module's package
                pkg = module.split(".") if is_package else module.split(".")[:-1]
                pkg = pkg[: len(pkg) - node.level + 1]
                base = ".".join([*pkg, base] if base else pkg)
            # `from yusuan import api` imports the module yusuan.api; `__version__` is the root's
            found += [
                (node.lineno, f"{base}.{a.name}" if base == "yusuan" and a.name[0] != "_" else base)
                for a in node.names
            ]
    return [(n, name) for n, name in found if name == "yusuan" or name.startswith("yusuan.")]


def violations(module: str, source: str, is_package: bool = False) -> list[str]:
    """What in ``source`` (the text of ``module``) breaks the import rules."""
    mine = _stage(module)
    if mine is None:
        return []  # yusuan/__init__.py: the API's lazy re-exports, nothing else
    if mine not in LAYERS:
        return [f"{module}: stage {mine!r} is not placed in LAYERS (tests/test_architecture.py)"]
    out = []
    for line, name in _imported(ast.parse(source), module, is_package):
        theirs = _stage(name)
        if theirs is None or theirs == mine or (mine, theirs) in ALLOWED:
            continue
        if theirs not in LAYERS:
            out.append(f"{module}:{line} imports {name}: stage {theirs!r} is not in LAYERS")
        elif theirs in FRONT_ENDS:
            out.append(f"{module}:{line} imports {name}: nothing imports a front end")
        elif LAYERS[theirs] and LAYERS[theirs] >= LAYERS[mine]:
            out.append(
                f"{module}:{line} imports {name}: {mine} (rank {LAYERS[mine]}) may import only "
                f"the shared vocabulary and earlier stages, not {theirs} (rank {LAYERS[theirs]})"
            )
    return out


def _modules() -> list[tuple[str, Path]]:
    out = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts.pop()
        out.append((".".join(parts), path))
    return out


def test_every_import_follows_the_stages() -> None:
    found = []
    for module, path in _modules():
        src = path.read_text(encoding="utf-8")
        found += violations(module, src, is_package=path.name == "__init__.py")
    assert not found, "\n".join(found)


def test_every_stage_is_placed() -> None:
    stages = {p.stem if p.is_file() else p.name for p in SRC.iterdir()}
    stages = {s for s in stages if not s.startswith("__") and s not in ("py",)}
    stages = {s for s in stages if (SRC / s).is_dir() or (SRC / f"{s}.py").is_file()}
    assert stages <= set(LAYERS), stages - set(LAYERS)


@pytest.mark.parametrize(
    ("module", "source", "broken"),
    [
        ("yusuan.model.x", "from yusuan.store import db", True),  # shared → a stage
        ("yusuan.readers.x", "def f():\n    from yusuan.extract import extract", True),
        ("yusuan.check.x", "from yusuan.render import render", True),  # siblings
        ("yusuan.store.x", "from yusuan.cli import app", True),  # into a front end
        ("yusuan.web.x", "import yusuan.cli.console", True),
        ("yusuan.store.x", "from yusuan import api", True),  # `from yusuan import module`
        ("yusuan.extract.x", "from yusuan.nowhere import y", True),  # an unplaced stage
        ("yusuan.extract.x", "from ..store import db", True),  # relative
        ("yusuan.newstage", "", True),
        ("yusuan.store.x", "from yusuan.check.engine import check\nimport yusuan.model", False),
        ("yusuan.cli.x", "from yusuan.web.users import User", False),
        ("yusuan.web.x", "from yusuan import __version__", False),
        ("yusuan.extract.x", "from . import tables\nfrom .tables import t", False),
    ],
)
def test_the_checker_finds_a_broken_rule(module: str, source: str, broken: bool) -> None:
    assert bool(violations(module, source)) is broken
