"""Run every benchmark (``make bench``) and write a summary of the figures.

The full-corpus product index is built (or copied from a finished one) once and reused by all of them.
Each benchmark runs as its own process (clean memory figures, one failure doesn't stop the rest).
The summary is written to ``.giljabi-bench/results/SUMMARY.md``; docs/BENCHMARKS.md quotes it.

    python benchmarks/run_all.py [--quick] [--only side_by_side,latency,...] [--sizes 10000,100000,500000]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import RESULTS_DIR, machine  # noqa: E402

HERE = Path(__file__).resolve().parent
ORDER = ("ingest_throughput", "side_by_side", "latency", "scale")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="small corpus subset, 20 questions, small scale sizes"
    )
    parser.add_argument(
        "--only", default=",".join(ORDER), help="comma-separated subset of " + ", ".join(ORDER)
    )
    parser.add_argument("--sizes", default=None, help="scale sizes (passed to scale.py)")
    args = parser.parse_args(argv)
    chosen = [n for n in ORDER if n in args.only.split(",")]
    failed: list[str] = []
    timings: dict[str, float] = {}
    for name in chosen:
        cmd = [sys.executable, str(HERE / f"{name}.py")] + (["--quick"] if args.quick else [])
        if name == "scale" and args.sizes:
            cmd += ["--sizes", args.sizes]
        print(f"\n=== {name}: {' '.join(cmd[1:])}", flush=True)
        started = time.perf_counter()
        if subprocess.run(cmd).returncode != 0:
            failed.append(name)
        timings[name] = round(time.perf_counter() - started, 1)

    suffix = "-quick" if args.quick else ""
    m = machine()
    parts = [
        f"# Benchmark summary ({m['date']})\n",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM, Python {m['python']}, "
        f"load average {m['load_avg_1m']} at the end.\n",
    ]
    for name in chosen:
        path = RESULTS_DIR / f"{name}{suffix}.json"
        if not path.exists():
            parts.append(f"\n## {name}\n\n(no result)\n")
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        parts.append(
            f"\n## {name} (`{data['command']}`, {timings.get(name, '?')} s)\n\n{data.get('markdown', '')}\n"
        )
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    summary = RESULTS_DIR / f"SUMMARY{suffix}.md"
    summary.write_text("".join(parts), encoding="utf-8")
    print(f"\nsummary → {summary}")
    if failed:
        print("failed: " + ", ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
