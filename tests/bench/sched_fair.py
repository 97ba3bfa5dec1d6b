#!/usr/bin/env python3
"""Scheduler fairness: the same load guests on Tarn and on Xen 4.17 (credit).

Boots guests/sched-load (build/guests/sched-load/sched-load.img) as dom0less
domains on each hypervisor, QEMU virt, one CPU, -icount shift=0,sleep=off
(Xen with sched=credit), through the same U-Boot script
(tests/qemu/hypboot.py). No control domain: Xen's dom0less domains keep the
default weight without a toolstack, so every domain here has weight 256 on
both. Each load measures its own CPU share over the same window of its
virtual counter (see guests/sched-load/main.c; on Xen the counter starts at
domain creation, on Tarn at machine start, so the windows differ by the few
ms between domain creations on Xen).

Scenarios (SCENARIOS):
  fair     four hogs: each should get 25%;
  io       an I/O domain waking every 1 ms (50 us of work) next to three
           hogs: wake-to-run latency p50/p99/max (ns), deadlines missed;
  dodger   a tick-dodger (runs until 200 us before each 10 ms boundary of
           its counter, sleeps until 200 us after) next to a hog: a fair
           scheduler gives it no more than half;
  yielder  SCHEDOP_yield every 100 us of running, next to a hog.

    tests/bench/sched_fair.py [--hyp tarn xen] [--scenario fair io dodger yielder]
                              [--window-ms 3000] [--jobs N] [--markdown]

Prints a table, Tarn and Xen side by side. Exit status 1 if a boot failed or
a guest printed "not ok".
"""

import argparse
import concurrent.futures
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "qemu"))
import hypboot  # noqa: E402
from benchtable import print_markdown, print_text  # noqa: E402

GUEST = os.path.join(hypboot.REPO_ROOT, "build", "guests", "sched-load", "sched-load.img")
DONE = r"^# \d+ passed, \d+ failed, \d+ skipped$"
START_MS = 200
IO_WINDOW_MS = 1000  # 1000 wakes
HYP_NAMES = {"tarn": "Tarn", "xen": "Xen 4.17"}

# name: (description, [load bootargs per domain], window or None for --window-ms)
SCENARIOS = {
    "fair": ("4 equal hogs", ["hog"] * 4, None),
    "io": ("io every 1 ms + 3 hogs", ["io period_us=1000 work_us=50"] + ["hog"] * 3,
           IO_WINDOW_MS),
    "dodger": ("tick-dodger + hog", ["dodger", "hog"], None),
    "yielder": ("yielder + hog", ["yielder yield_us=100", "hog"], None),
}

SHARE = re.compile(r"^# share (\d+\.\d+)$")
LATENCY = re.compile(r"^# latency (.*)$")


def boot_once(hyp, scenario, window_ms, guest, work):
    """One boot; returns {domain id: {"share": float, "latency": {...}}}, problems."""
    _, loads, win = SCENARIOS[scenario]
    win = win or window_ms
    domus = [hypboot.Domu(guest, bootargs="%s start_ms=%d window_ms=%d" % (a, START_MS, win),
                          until=DONE) for a in loads]
    tag = "%s-%s" % (hyp, scenario)
    res = hypboot.boot(hyp, domus, workdir=os.path.join(work, tag), smp=1, mem="512M",
                       icount=True, timeout=300, xen_bootargs=hypboot.XEN_DEFAULT_BOOTARGS,
                       name="bench-sched-" + tag)
    figs, problems = {}, []
    for dom in range(1, len(loads) + 1):
        lines = res.lines.get(dom, [])
        f = figs.setdefault(dom, {})
        for line in lines:
            m = SHARE.match(line)
            if m:
                f["share"] = float(m.group(1))
            m = LATENCY.match(line)
            if m:
                f["latency"] = {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", m.group(1))}
            if line.startswith("not ok"):
                problems.append("%s d%d: %s" % (tag, dom, line))
        if "share" not in f:
            problems.append("%s d%d: no share line (log %s)" % (tag, dom, res.log_path))
    return figs, problems


def run_all(args):
    jobs = [(hyp, sc) for sc in args.scenario for hyp in args.hyp]
    results, problems = {}, []
    with tempfile.TemporaryDirectory(prefix="tarn-bench-sched-") as work, \
            concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = {pool.submit(boot_once, hyp, sc, args.window_ms, args.guest, work): (hyp, sc)
                   for hyp, sc in jobs}
        for fut in concurrent.futures.as_completed(futures):
            hyp, sc = futures[fut]
            try:
                figs, probs = fut.result()
            except AssertionError as e:
                problems.append("%s %s: %s" % (hyp, sc, str(e).splitlines()[0]))
                continue
            results[(hyp, sc)] = figs
            problems += probs
    return results, problems


def cell(results, hyp, sc, dom, key, sub=None):
    f = results.get((hyp, sc), {}).get(dom, {})
    v = f.get(key)
    if sub is not None and v is not None:
        v = v.get(sub)
    if v is None:
        return "-"
    return "%.4f" % v if isinstance(v, float) else "{:,}".format(v)


def rows(results, hyps, scenarios):
    out = []

    def row(label, sc, dom, key, sub=None):
        out.append([label] + [cell(results, h, sc, dom, key, sub) for h in hyps])

    if "fair" in scenarios:
        for d in range(1, 5):
            row("4 equal hogs: d%d share (fair 0.25)" % d, "fair", d, "share")
        spread = []
        for h in hyps:
            s = [f.get("share") for f in results.get((h, "fair"), {}).values()]
            spread.append("%.4f" % (max(s) - min(s)) if s and None not in s else "-")
        out.append(["4 equal hogs: max - min share"] + spread)
    if "io" in scenarios:
        for sub in ("p50", "p99", "max"):
            row("io 1 ms + 3 hogs: wake-to-run %s (ns)" % sub, "io", 1, "latency", sub)
        row("io 1 ms + 3 hogs: deadlines missed (of 1000)", "io", 1, "latency", "missed")
        row("io 1 ms + 3 hogs: io share", "io", 1, "share")
        for d in (2, 3, 4):
            row("io 1 ms + 3 hogs: hog d%d share" % d, "io", d, "share")
    if "dodger" in scenarios:
        row("tick-dodger + hog: dodger share (fair <= 0.5)", "dodger", 1, "share")
        row("tick-dodger + hog: hog share", "dodger", 2, "share")
    if "yielder" in scenarios:
        row("yielder (every 100 us) + hog: yielder share", "yielder", 1, "share")
        row("yielder (every 100 us) + hog: hog share", "yielder", 2, "share")
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hyp", nargs="+", choices=("tarn", "xen"), default=["tarn", "xen"])
    ap.add_argument("--scenario", nargs="+", choices=list(SCENARIOS), default=list(SCENARIOS))
    ap.add_argument("--window-ms", type=int, default=3000,
                    help="measurement window of fair, dodger, yielder (default 3000)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                    help="QEMUs at once (icount figures do not depend on host load)")
    ap.add_argument("--guest", default=GUEST, help="the sched-load Image")
    ap.add_argument("--markdown", action="store_true", help="also print the table as Markdown")
    args = ap.parse_args()
    if not os.path.isfile(args.guest):
        sys.exit("sched_fair.py: %s not found: run `make guests`" % args.guest)
    for hyp in args.hyp:
        try:
            hypboot.hyp_image(hyp)
        except AssertionError as e:
            sys.exit("sched_fair.py: %s" % e)

    results, problems = run_all(args)
    print("QEMU virt, 1 CPU, 512 MiB, -icount shift=0,sleep=off; guest: %s, 16 MiB, 1 vCPU, "
          "weight 256 each; Xen: sched=credit; window %d ms from %d ms (io: %d ms); "
          "shares in CPUs, by each guest's own measure"
          % (os.path.relpath(args.guest, hypboot.REPO_ROOT), args.window_ms, START_MS,
             IO_WINDOW_MS))
    table = [["scenario"] + [HYP_NAMES[h] for h in args.hyp]] + \
        rows(results, args.hyp, args.scenario)
    print_text(table)
    if args.markdown:
        print()
        print_markdown(table)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
