"""Is the output the same as before? For refactors that must not change behaviour.

    python benchmarks/same_output.py snapshot DIR   # write today's outputs into DIR
    python benchmarks/same_output.py compare DIR    # compare today's outputs with DIR

Runs the installed ``yusuan`` command (its console-script entry point, in process) on the seeds,
the national fixture and every file of ../shared/real (the Jiangsu pairs also with ``--merge``):
``read --json`` and ``check --format json``. Compares byte for byte and names each file that
differs, with the first differing line. Exit code 1 when anything differs.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from importlib.metadata import entry_points
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def _inputs() -> list[tuple[str, list[str]]]:
    """(name, files) of every run: one file, or the parts of one disclosure."""
    files = [
        *sorted((SHARED / "seeds").glob("*.txt")),
        *sorted((ROOT / "tests" / "fixtures").glob("*.txt")),
        *sorted(p for p in (SHARED / "real").iterdir() if p.suffix in (".pdf", ".xlsx")),
    ]
    runs = [(p.name, [str(p)]) for p in files]
    for text in sorted((SHARED / "real").glob("*.text.pdf")):
        tables = text.with_name(text.name.replace(".text.", ".tables."))
        if tables.exists():
            runs.append((text.name.replace(".text.", ".merged."), [str(text), str(tables)]))
    return runs


def _outputs() -> dict[str, str]:
    from typer.testing import CliRunner

    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "yusuan"]
    app = script.load()
    runner = CliRunner()
    out: dict[str, str] = {}
    for name, paths in _inputs():
        merge = ["--merge"] if len(paths) > 1 else []
        for what, args in (
            ("read", ["read", *paths, *merge, "--json"]),
            ("check", ["check", *paths, *merge, "--format", "json"]),
        ):
            result = runner.invoke(app, args)
            # The checkout's own path is not output: a snapshot from another worktree compares.
            text = result.stdout.replace(str(ROOT), "<checkout>")
            out[f"{name}.{what}.json"] = f"exit {result.exit_code}\n{text}"
            print(f"  {what:5} {name}", file=sys.stderr)
    return out


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("mode", choices=("snapshot", "compare"))
    ap.add_argument("folder", type=Path)
    args = ap.parse_args(argv)
    outputs = _outputs()
    if args.mode == "snapshot":
        args.folder.mkdir(parents=True, exist_ok=True)
        for name, text in outputs.items():
            (args.folder / name).write_text(text, encoding="utf-8")
        print(f"{len(outputs)} outputs written to {args.folder}")
        return 0
    differ = 0
    for name, text in outputs.items():
        before = args.folder / name
        if not before.exists():
            print(f"new    {name}")
            differ += 1
            continue
        old = before.read_text(encoding="utf-8")
        if old != text:
            differ += 1
            diff = difflib.unified_diff(old.splitlines(), text.splitlines(), lineterm="", n=0)
            first = [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]
            print(f"differs {name}: " + " | ".join(first[:4]))
    print(f"{len(outputs) - differ} of {len(outputs)} outputs identical")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
