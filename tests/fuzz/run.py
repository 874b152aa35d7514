"""Read every file of a fuzz corpus in a bounded child process and count the outcomes.

    python tests/fuzz/run.py DIR [--timeout 5] [--memory 500] [--jobs 2] [--show 20]

Each file is read as ``yusuan read`` reads it (reader, then extraction) in a process forked from
one that has imported yusuan already, so a case costs its own work only. Outcomes:

* ``ok`` — read;
* ``refused`` — a clear one-line error about the input (``YusuanError``);
* ``internal`` — any other exception: a bug;
* ``over time`` — used more than ``--timeout`` seconds of CPU, or still running after four
  times that on the clock (killed). CPU time, not the clock, is judged so that a busy machine
  (other tests, other jobs) does not make a case look slow; on an idle machine they agree;
* ``over memory`` — its peak resident memory passed ``--memory`` MB, or it died of the cap.

Peak memory is what a fresh ``yusuan read`` process would reach: the resident size of a fresh
interpreter that has imported yusuan, plus what the child grew while reading. (A forked child
starts with its parent's pages, and the parent may be a large pytest process.)
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import select
import signal
import subprocess
import sys
import time
import traceback
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

OUTCOMES = ("ok", "refused", "internal", "over time", "over memory")
WALL = 4  # a case still running after WALL × timeout seconds on the clock is killed


@dataclass
class Result:
    path: Path
    outcome: str
    seconds: float
    peak_mb: float
    detail: str = ""


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _reset_peak() -> None:
    """Start this process's peak-RSS mark afresh: a forked child inherits its parent's."""
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")


def _peak_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _fresh_mb() -> float:
    """Peak resident memory of a fresh interpreter that has imported what a case uses."""
    # VmHWM, not ru_maxrss: exec keeps the forking parent's ru_maxrss, a new mm starts afresh.
    code = (
        "import yusuan.readers, yusuan.extract;"
        "print(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(out.stdout) / 1024


def _child(path: str, cap_mb: int) -> tuple[str, str]:
    # A hard cap far above the limit that is judged: a runaway case cannot take the machine.
    # Above what the forked child already maps: its parent may be a large pytest process.
    with open("/proc/self/statm") as f:
        mapped = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    cap = mapped + cap_mb * 4 * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    from yusuan.errors import YusuanError
    from yusuan.extract import extract
    from yusuan.readers import read_document

    try:
        extract(read_document(path))
        return "ok", ""
    except YusuanError as e:
        return "refused", e.zh
    except MemoryError:
        return "over memory", "MemoryError"
    except BaseException as e:
        frame = traceback.extract_tb(e.__traceback__)[-1]
        where = f"{Path(frame.filename).name}:{frame.lineno} {frame.name}"
        return "internal", f"{type(e).__name__} at {where}: {e}"[:300]


@dataclass
class _Running:
    path: Path
    pid: int
    fd: int
    start: float
    data: bytes = b""


def _spawn(path: Path, memory_mb: int) -> _Running:
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: read, say how it went, leave without cleanup
        os.close(r)
        try:
            _reset_peak()
            start = _rss_mb()
            msg = (*_child(str(path), memory_mb), _peak_mb() - start)
        except BaseException as e:  # pragma: no cover - the harness itself failed
            msg = ("internal", f"harness: {type(e).__name__}: {e}", 0.0)
        try:
            os.write(w, json.dumps(msg, ensure_ascii=False).encode("utf-8"))
        finally:
            os._exit(0)
    os.close(w)
    return _Running(path, pid, r, time.monotonic())


def _finish(
    job: _Running, timed_out: bool, timeout: float, memory_mb: int, fresh_mb: float
) -> Result:
    if timed_out:
        os.kill(job.pid, signal.SIGKILL)
    _, _, usage = os.wait4(job.pid, 0)  # the child's own peak resident memory
    os.close(job.fd)
    seconds = usage.ru_utime + usage.ru_stime  # the child's own CPU time
    peak = usage.ru_maxrss / 1024  # killed: all the child held, inherited pages too
    if timed_out:
        outcome, detail = "over time", f"killed after {WALL * timeout:.0f} s on the clock"
    elif not job.data:  # died without a word: killed by the memory cap
        outcome, detail = "over memory", "killed by the memory cap"
    else:
        outcome, detail, grown = json.loads(job.data.decode("utf-8"))
        peak = fresh_mb + grown
    if outcome in ("ok", "refused", "internal") and peak > memory_mb:
        outcome, detail = "over memory", f"peak {peak:.0f} MB ({outcome})"
    elif outcome in ("ok", "refused", "internal") and seconds > timeout:
        outcome, detail = "over time", f"{seconds:.1f} s of CPU ({outcome})"
    return Result(job.path, outcome, seconds, peak, detail)


def run(
    paths: Iterable[Path], timeout: float = 5.0, memory_mb: int = 500, jobs: int = 2
) -> list[Result]:
    """Each file in its own forked child, ``jobs`` at a time (no threads: fork stays safe)."""
    import yusuan.extract  # loaded once, before the forks
    import yusuan.readers  # noqa: F401

    fresh = _fresh_mb()
    queue = sorted(paths)
    running: dict[int, _Running] = {}
    results: list[Result] = []
    while queue or running:
        while queue and len(running) < max(1, jobs):
            job = _spawn(queue.pop(0), memory_mb)
            running[job.fd] = job
        now = time.monotonic()
        wait = max(0.0, min(j.start + WALL * timeout for j in running.values()) - now)
        ready, _, _ = select.select(list(running), [], [], wait)
        for fd in ready:
            job = running[fd]
            chunk = os.read(fd, 65536)
            if chunk:
                job.data += chunk
                continue
            results.append(_finish(running.pop(fd), False, timeout, memory_mb, fresh))
        now = time.monotonic()
        for fd in [fd for fd, j in running.items() if now - j.start > WALL * timeout]:
            results.append(_finish(running.pop(fd), True, timeout, memory_mb, fresh))
    return sorted(results, key=lambda r: r.path)


def report(results: list[Result], show: int = 20) -> str:
    counts = Counter(r.outcome for r in results)
    lines = [
        f"{len(results)} files: "
        + "，".join(f"{o} {counts.get(o, 0)}" for o in OUTCOMES)
        + f"; slowest {max((r.seconds for r in results), default=0):.2f} s CPU, "
        f"peak {max((r.peak_mb for r in results), default=0):.0f} MB"
    ]
    bad = [r for r in results if r.outcome in ("internal", "over time", "over memory")]
    for r in bad[:show]:
        lines.append(
            f"  {r.outcome:<11} {r.seconds:5.1f}s {r.peak_mb:5.0f}MB {r.path.name}: {r.detail}"
        )
    slow = sorted(results, key=lambda r: -r.seconds)[:5]
    lines.append("  slowest: " + "; ".join(f"{r.path.name} {r.seconds:.2f}s" for r in slow))
    big = sorted(results, key=lambda r: -r.peak_mb)[:5]
    lines.append("  largest: " + "; ".join(f"{r.path.name} {r.peak_mb:.0f}MB" for r in big))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("dir", type=Path)
    ap.add_argument("--timeout", type=float, default=5.0)
    ap.add_argument("--memory", type=int, default=500, help="MB")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--show", type=int, default=20)
    args = ap.parse_args(argv)
    results = run(args.dir.iterdir(), args.timeout, args.memory, args.jobs)
    print(report(results, args.show))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    sys.exit(main())
