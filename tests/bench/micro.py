#!/usr/bin/env python3
"""Micro-benchmarks: the same guest Image on Tarn and on Xen 4.17.

Boots the benchmark guest (guests/bench, build/guests/bench/bench.img) as a
dom0less domain on each hypervisor, GICv3 and GICv2, on QEMU virt with one
CPU under -icount shift=0,sleep=off (Xen with sched=credit), through the same
U-Boot script (tests/qemu/hypboot.py). Under icount a guest instruction is a
virtual nanosecond, so the guest's figures are path lengths in instructions,
comparable between the two hypervisors.

Two boots make one set of figures (CONFIGS): a 1-vCPU domain for everything
but vcpu_switch (the set-up of the Xen reference run described in
docs/performance.md, whose Xen figures it reproduces), and a 2-vCPU domain
for vcpu_switch alone (a domain's vCPU count changes some paths by a few
instructions on both hypervisors).

    tests/bench/micro.py [--runs 2] [--gic 3 2] [--hyp tarn xen] [--jobs N]
                         [--guest IMAGE] [--markdown]

The guest prints "bench: <name> <instructions>" (or "n/a") per figure and
"bench: done"; see guests/bench/main.c for what each figure measures. Each
configuration is booted --runs times: icount makes the figures repeat
exactly, and a difference between runs is reported (and shown as a range).
Prints a table: figure, Tarn, Xen, Tarn/Xen per GIC version, and the
figures of the Xen reference run (docs/performance.md). Exit status 1 if a
boot gave no figures.
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

GUEST = os.path.join(hypboot.REPO_ROOT, "build", "guests", "bench", "bench.img")
BENCH_LINE = re.compile(r"^bench: (\S+) (\d+|n/a)$")
DONE = r"^bench: done$"
GUEST_MEM_KIB = 16384

# (label, vCPUs, guest bootargs): each boot gives the figures it prints.
CONFIGS = [
    ("1vcpu", 1, None),
    ("2vcpu", 2, "only=vcpu_switch"),  # a second vCPU to switch to
]

# What each figure is, in table order, with the Xen reference run's figure
# (docs/performance.md); None where that run has none.
FIGURES = [
    ("null_hypercall", "null hypercall: xen_version(XENVER_version, NULL)", 417),
    ("yield", "sched_op(SCHEDOP_yield), nobody else runnable", 1663),
    ("vcpu_switch", "vCPU switch: 2 vCPUs on 1 CPU yield to each other, per switch", None),
    ("sgi_latency", "SGI to self: send -> handler entry", None),
    ("sgi_roundtrip", "SGI to self: send -> handled -> back in the sender", None),
    ("mmio_read", "trapped MMIO read (vpl011 flag register)", 635),
    ("sysreg_read", "trapped system-register read (PMCCNTR_EL0, RAZ)", 434),
]


def boot_once(hyp, gic, config, run, guest, workroot):
    """One boot; returns ({figure: int or None}, info lines) or raises."""
    label, cpus, bootargs = config
    tag = "%s-gic%d-%s-run%d" % (hyp, gic, label, run)
    domu = hypboot.Domu(guest, cpus=cpus, memory_kib=GUEST_MEM_KIB, bootargs=bootargs, until=DONE)
    res = hypboot.boot(hyp, [domu], workdir=os.path.join(workroot, tag), gic=gic, smp=1,
                       mem="512M", icount=True, timeout=120,
                       xen_bootargs=hypboot.XEN_DEFAULT_BOOTARGS, name="bench-micro-" + tag)
    figures, info = {}, []
    for line in res.lines.get(1, []):
        m = BENCH_LINE.match(line)
        if m and m.group(1) != "done":
            figures[m.group(1)] = None if m.group(2) == "n/a" else int(m.group(2))
        elif line.startswith("bench-info: "):
            info.append(line)
    return figures, info


def merge(figs, more):
    """Adds one boot's figures to a run's: a number wins over n/a."""
    for name, value in more.items():
        if figs.get(name) is None:
            figs[name] = value


def run_all(args):
    """{(hyp, gic): [figures of each run]}, plus failures and info lines."""
    jobs = [(hyp, gic, cfg, run) for gic in args.gic for hyp in args.hyp for cfg in CONFIGS
            for run in range(args.runs)]
    runs, failures, info = {}, [], {}
    with tempfile.TemporaryDirectory(prefix="tarn-bench-") as work, \
            concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = {pool.submit(boot_once, hyp, gic, cfg, run, args.guest, work): (hyp, gic, cfg, run)
                   for hyp, gic, cfg, run in jobs}
        for fut in concurrent.futures.as_completed(futures):
            hyp, gic, cfg, run = futures[fut]
            try:
                figs, lines = fut.result()
            except AssertionError as e:
                failures.append("%s GICv%d %s run %d: %s"
                                % (hyp, gic, cfg[0], run, str(e).splitlines()[0]))
                continue
            merge(runs.setdefault((hyp, gic, run), {}), figs)
            seen = info.setdefault((hyp, gic), [])
            seen += [line for line in lines if line not in seen]
    results = {}
    for (hyp, gic, run) in sorted(runs):
        results.setdefault((hyp, gic), []).append(runs[(hyp, gic, run)])
    return results, failures, info


def values(results, hyp, gic, name):
    """The figure's value in each run of (hyp, gic) that gave one."""
    return [figs[name] for figs in results.get((hyp, gic), []) if figs.get(name) is not None]


def worth_showing(info_line, runs):
    """General info, or why a figure is n/a, unless another boot gave it."""
    m = re.match(r"bench-info: (\w+): ", info_line)
    return not m or any(figs.get(m.group(1)) is None for figs in runs)


def fmt(vals):
    if not vals:
        return "n/a"
    lo, hi = min(vals), max(vals)
    return "{:,}".format(lo) if lo == hi else "{:,}..{:,}".format(lo, hi)


def ratio(t, x):
    return "%.2f" % (min(t) / min(x)) if t and x and min(x) else "-"


def repeatability(results):
    """A line per figure whose value differs between runs of one configuration."""
    out = []
    for (hyp, gic), runs in sorted(results.items()):
        for name in sorted({n for figs in runs for n in figs}):
            got = [figs.get(name) for figs in runs]
            if len(set(got)) > 1:
                out.append("not repeatable: %s GICv%d %s: %s" % (hyp, gic, name, got))
    return out


def rows(results, gics):
    """(description, per-GIC [Tarn, Xen, ratio]..., reference) for each figure."""
    out = []
    for name, desc, ref in FIGURES:
        cells = []
        for gic in gics:
            t, x = values(results, "tarn", gic, name), values(results, "xen", gic, name)
            cells += [fmt(t), fmt(x), ratio(t, x)]
        out.append([desc + " [%s]" % name] + cells + ["{:,}".format(ref) if ref else "-"])
    return out


def header(gics):
    cols = ["figure"]
    for gic in gics:
        cols += ["Tarn v%d" % gic, "Xen v%d" % gic, "T/X v%d" % gic]
    return cols + ["Xen ref"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=2, help="boots per configuration (default 2)")
    ap.add_argument("--gic", type=int, nargs="+", choices=(2, 3), default=[3, 2])
    ap.add_argument("--hyp", nargs="+", choices=("tarn", "xen"), default=["tarn", "xen"])
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                    help="QEMUs at once (icount figures do not depend on host load)")
    ap.add_argument("--guest", default=GUEST, help="the benchmark guest Image")
    ap.add_argument("--markdown", action="store_true", help="also print the table as Markdown")
    args = ap.parse_args()
    if not os.path.isfile(args.guest):
        sys.exit("micro.py: %s not found: run `make guests`" % args.guest)
    for hyp in args.hyp:
        try:
            hypboot.hyp_image(hyp)
        except AssertionError as e:
            sys.exit("micro.py: %s" % e)

    results, failures, info = run_all(args)
    print("QEMU virt, 1 CPU, 512 MiB, -icount shift=0,sleep=off; guest: %s, %d MiB, "
          "1 vCPU (vcpu_switch: 2 vCPUs); Xen: sched=credit; %d run(s) each; "
          "unit: guest instructions"
          % (os.path.relpath(args.guest, hypboot.REPO_ROOT), GUEST_MEM_KIB // 1024, args.runs))
    for (hyp, gic), lines in sorted(info.items()):
        for line in lines:
            if worth_showing(line, results.get((hyp, gic), [])):
                print("  %s GICv%d %s" % (hyp, gic, line))
    table = [header(args.gic)] + rows(results, args.gic)
    print_text(table)
    if args.markdown:
        print()
        print_markdown(table)
    for line in repeatability(results) + failures:
        print(line)
    if not failures and not repeatability(results):
        print("every figure repeated exactly across runs")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
