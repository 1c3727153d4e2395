"""Top-N tables from py-spy's raw (collapsed-stack) output: where a process spends its CPU.

    py-spy record --format raw --nolineno --subprocesses -o worker.raw -- python -m bench.worker --quick
    python -m bench.profile_tables worker.raw --process _worker_child --top 20

Each raw line is `frame;frame;...;frame COUNT`, led by frames naming the process chain when py-spy
followed subprocesses. Prints two tables for the processes whose own process frame
contains `--process`: functions by self samples (where the CPU is burnt) and by inclusive samples (what
it is burnt for), each as a share of that process's samples. Idle samples are not recorded
(py-spy leaves out idle threads unless `--idle`), so shares are of CPU, not of wall time.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path


def read_stacks(path: Path, process: str, under: str = "") -> Counter[tuple[str, ...]]:
    stacks: Counter[tuple[str, ...]] = Counter()
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = stack.split(";")
        # py-spy names the process chain first (parent, child, ...); the innermost one is the sampled one.
        chain = 0
        while chain < len(frames) and frames[chain].startswith("process "):
            chain += 1
        if (chain == 0 or process in frames[chain - 1]) and any(under in frame for frame in frames[chain:]):
            stacks[tuple(frames[chain:])] += int(count)
    return stacks


def tables(stacks: Counter[tuple[str, ...]], top: int) -> str:
    total = sum(stacks.values())
    own: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    for frames, count in stacks.items():
        if frames:
            own[frames[-1]] += count
        for frame in set(frames):
            inclusive[frame] += count
    # Frames on every stack (the process's entry and the event loop) say nothing: left out.
    inclusive = Counter({frame: count for frame, count in inclusive.items() if count < total})
    lines = [f"{total} samples"]
    for title, counter in (("self", own), ("inclusive", inclusive)):
        lines += ["", f"top {top} by {title} samples", f"{'share':>6} {'samples':>8}  function (module)"]
        lines += [f"{count / total:>6.1%} {count:>8}  {frame}" for frame, count in counter.most_common(top)]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("raw", type=Path, help="py-spy record --format raw output")
    parser.add_argument("--process", default="", help="keep the stacks whose process frame contains this")
    parser.add_argument("--under", default="", help="keep the stacks with a frame containing this")
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args()
    print(tables(read_stacks(args.raw, args.process, args.under), args.top))


if __name__ == "__main__":
    main()
