"""How long the command takes to start: ``yusuan --help`` and ``yusuan rules``, and the slowest
imports of ``yusuan --help`` (``python -X importtime``).

Target (issue 15): ``yusuan --help`` in under 0.3 s. Uses hyperfine when it is installed,
else a loop of runs (the median and the best). Prints numbers only.
Usage: python benchmarks/startup.py [RUNS]   (default 15)
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMANDS = {
    "yusuan --help": [sys.executable, "-m", "yusuan.cli", "--help"],
    "yusuan check --help": [sys.executable, "-m", "yusuan.cli", "check", "--help"],
}


def _hyperfine(name: str, argv: list[str], runs: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "h.json"
        subprocess.run(
            ["hyperfine", "-N", "-w", "2", "-r", str(runs), "--export-json", str(out), "--", *argv],
            check=True,
            capture_output=True,
        )
        times = json.loads(out.read_text())["results"][0]["times"]
    return statistics.median(times), min(times)


def _loop(argv: list[str], runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs + 2):
        t0 = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True, env={**os.environ, "COLUMNS": "100"})
        times.append(time.perf_counter() - t0)
    times = times[2:]  # warm-up runs
    return statistics.median(times), min(times)


def _imports(top: int = 8) -> list[tuple[int, str]]:
    r = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "yusuan.cli", "--help"],
        capture_output=True,
        text=True,
    )
    rows = []
    for line in r.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            _, cumulative, name = line.split("|")
            if cumulative.strip().isdigit():
                rows.append((int(cumulative), name.rstrip()))
    return sorted(rows, reverse=True)[:top]


def main(argv: list[str]) -> None:
    runs = int(argv[0]) if argv else 15
    tool = "hyperfine" if shutil.which("hyperfine") else "loop"
    print(f"{runs} runs each ({tool})")
    print(f"{'command':<24} {'median s':>9} {'best s':>7}")
    for name, cmd in COMMANDS.items():
        med, best = _hyperfine(name, cmd, runs) if tool == "hyperfine" else _loop(cmd, runs)
        print(f"{name:<24} {med:>9.3f} {best:>7.3f}")
    print("slowest imports of `yusuan --help` (cumulative µs):")
    for us, name in _imports():
        print(f"{us:>9} {name}")


if __name__ == "__main__":
    main(sys.argv[1:])
