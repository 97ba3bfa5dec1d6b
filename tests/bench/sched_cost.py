#!/usr/bin/env python3
"""Cost of one scheduling decision of the credit scheduler, in instructions.

Runs the host simulator's benchmark driver (tests/sim/bench.c, built -O2
without sanitizers as build/unit/sched_bench) under valgrind's callgrind for
each configuration in CONFIGS: N always-runnable vCPUs on C CPUs for a few
simulated seconds. Every pick goes through bench_pick_acct() (the first pick
of each 30 ms accounting period, which shares out credit to every unit),
bench_pick_resort() (the first pick of a period on each other CPU, which
re-sorts that CPU's queues) or bench_pick_plain() (all others); callgrind
collects only inside them, so the instructions per pick are exact and repeat
run to run.

    tests/bench/sched_cost.py [--build DIR] [--seconds S] [--no-make] [--markdown]

Prints a table: vCPUs, CPUs, picks, instructions per pick over all picks, per
plain, re-sorting and accounting pick (the costliest kind). Exit status 2 if
valgrind is missing (Debian package: valgrind), 1 if a run failed.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# (vCPUs, CPUs): 4 on one CPU, 64 and 1,000 on four.
CONFIGS = [(4, 1), (64, 4), (1000, 4)]
WRAPPERS = ("bench_pick_plain", "bench_pick_resort", "bench_pick_acct")


def need(tool):
    if shutil.which(tool) is None:
        print(f"sched_cost: {tool} not found; install the Debian package 'valgrind' "
              "(apt-get install valgrind)", file=sys.stderr)
        sys.exit(2)


def build(build_dir):
    target = os.path.join(build_dir, "unit", "sched_bench")
    subprocess.run(["make", "--no-print-directory", "-C", ROOT, f"BUILD={build_dir}",
                    target], check=True, stdout=subprocess.DEVNULL)
    return os.path.join(ROOT, target) if not os.path.isabs(target) else target


def inclusive_ir(outfile):
    """Inclusive instructions of each wrapper, from callgrind_annotate."""
    text = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100", outfile],
                          check=True, capture_output=True, text=True).stdout
    found = {}
    for line in text.splitlines():
        m = re.match(r"\s*([\d,]+)\s+\([^)]*\)\s+\S*:(\w+)\s", line)
        if m and m.group(2) in WRAPPERS and m.group(2) not in found:
            found[m.group(2)] = int(m.group(1).replace(",", ""))
    return found


def run(binary, nvcpus, ncpus, seconds):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "callgrind.out")
        proc = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                               *(f"--toggle-collect={w}" for w in WRAPPERS),
                               binary, str(nvcpus), str(ncpus), str(seconds)],
                              capture_output=True, text=True)
        m = re.search(r"picks (\d+) acct (\d+) resort (\d+) plain (\d+)", proc.stdout)
        if proc.returncode or not m:
            sys.stderr.write(proc.stdout + proc.stderr)
            return None
        ir = inclusive_ir(out)
    picks, *counts = (int(g) for g in m.groups())
    acct, resort, plain = counts
    irs = {w: ir.get(w, 0) for w in WRAPPERS}

    def per(w, n):
        return irs[w] / n if n else None

    return {
        "vcpus": nvcpus, "cpus": ncpus, "picks": picks,
        "all": sum(irs.values()) / picks,
        "plain": per("bench_pick_plain", plain),
        "resort": per("bench_pick_resort", resort),
        "acct": per("bench_pick_acct", acct),
    }


def show(rows, markdown):
    head = ("vCPUs", "CPUs", "picks", "Ir/pick", "Ir/plain pick", "Ir/re-sort pick",
            "Ir/accounting pick")
    def fmt(v):
        return "-" if v is None else f"{v:.0f}"

    cells = [(str(r["vcpus"]), str(r["cpus"]), str(r["picks"]), fmt(r["all"]), fmt(r["plain"]),
              fmt(r["resort"]), fmt(r["acct"])) for r in rows]
    if markdown:
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
        for c in cells:
            print("| " + " | ".join(c) + " |")
        return
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(head)]
    print("  ".join(h.rjust(w) for h, w in zip(head, widths)))
    for c in cells:
        print("  ".join(v.rjust(w) for v, w in zip(c, widths)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build", help="build directory (default: build)")
    ap.add_argument("--seconds", type=float, default=3.0, help="simulated seconds per run")
    ap.add_argument("--no-make", action="store_true", help="use the existing binary")
    ap.add_argument("--markdown", action="store_true")
    args = ap.parse_args()
    need("valgrind")
    need("callgrind_annotate")
    binary = os.path.join(ROOT, args.build, "unit", "sched_bench")
    if not args.no_make:
        binary = build(args.build)
    rows = []
    for nvcpus, ncpus in CONFIGS:
        r = run(binary, nvcpus, ncpus, args.seconds)
        if r is None:
            sys.exit(f"sched_cost: the run with {nvcpus} vCPUs on {ncpus} CPUs failed")
        rows.append(r)
    show(rows, args.markdown)


if __name__ == "__main__":
    main()
