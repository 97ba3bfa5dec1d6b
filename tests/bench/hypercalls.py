#!/usr/bin/env python3
"""Hypercall and boot figures for the same guest on Xen 4.17 and on Tarn.

Both run on QEMU virt, one CPU, -icount shift=0,sleep=off, booted by the same
U-Boot script and disk layout (tests/qemu/hypboot.py), so guest instructions
are comparable: under icount one instruction is one nanosecond of virtual
time, and the generic counter (62.5 MHz) ticks once per 16 instructions.

    tests/bench/hypercalls.py [--hyp xen|tarn|both] [--guest IMAGE] [--gic 3]
                              [--mem 512M] [--runs 2]

Two kinds of guest:

* the assembly test guest (default, tests/qemu/guests/testguest.S): boot
  figures.  It prints CNTPCT_EL0 and CNTVCT_EL0 at its first instruction; Xen
  is booted with console_timestamps=raw, which stamps each of its lines with
  CNTPCT_EL0 (counting from QEMU's reset); Tarn's boot summary gives the
  counter at its own first instruction.  Reported: QEMU start -> the
  hypervisor's first instruction (Tarn) or first console line (Xen); QEMU
  start -> the guest's first instruction; the difference; domain creation ->
  the guest's first instruction (CNTVCT, when the hypervisor offsets it: Xen
  does when it creates the domain); the guest's first instruction -> its last
  line out (Xen).

* a benchmark guest (guests/bench, to come): prints one line per figure,

      bench: <name> <instructions>

  (per-operation path length, net of an empty loop, measured with
  CNTVCT_EL0), then "bench: done".  Reported: each figure on Xen and on Tarn
  and the ratio Tarn/Xen.

A hypervisor that runs no guests is reported as such.
Every run is checked for repeatability: the guest's own figures must agree
between runs (U-Boot's part does not quite: virtio-blk completes on host
time, so it is shown as a range).
"""

import argparse
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "qemu"))
import hypboot  # noqa: E402
import testguests  # noqa: E402

TICK = 16      # instructions per counter tick at 62.5 MHz under icount shift=0

XEN_BENCH_BOOTARGS = hypboot.XEN_DEFAULT_BOOTARGS + " console_timestamps=raw"
XEN_TS = re.compile(r"^\(XEN\) \[([0-9a-f]{16})\] (.*)$", re.M)
COUNTERS = re.compile(r"testguest: counters at entry pct=0x([0-9a-f]{16}) vct=0x([0-9a-f]{16})")
BENCH = re.compile(r"^bench: (\S+) (\d+)$")


def boot(hyp, guest, gic, mem, work, until):
    try:
        return hypboot.boot(hyp, [hypboot.Domu(guest, until=until)], workdir=work, gic=gic,
                            mem=mem, xen_bootargs=XEN_BENCH_BOOTARGS, timeout=300,
                            name="bench-%s-gic%d" % (hyp, gic))
    except AssertionError as e:
        print("%s: no figures: %s" % (hyp, str(e).splitlines()[0]), file=sys.stderr)
        return None


TARN_ENTRY = re.compile(r"^\(tarn\) boot: +entered at (\d+) ns", re.M)


def boot_figures(run):
    """Figures (instructions) from one run of the test guest.  Rows a
    hypervisor cannot give are left out for it."""
    guest = run.lines.get(1, [])
    m = next((COUNTERS.search(line) for line in guest if COUNTERS.search(line)), None)
    if not m:
        return None
    pct, vct = int(m.group(1), 16), int(m.group(2), 16)
    fig = {}
    # Xen: console_timestamps=raw stamps every line with CNTPCT_EL0.
    stamps = [(int(t, 16), text) for t, text in XEN_TS.findall(run.transcript)]
    # Tarn: its summary gives CNTPCT_EL0 at its first instruction (in ns).
    entry = TARN_ENTRY.search(run.transcript)
    if entry:
        fig["QEMU start -> hypervisor's first instruction"] = int(entry.group(1))
    if stamps:
        fig["QEMU start -> hypervisor's first line"] = stamps[0][0] * TICK
    fig["QEMU start -> guest's first instruction"] = pct * TICK
    if entry:
        fig["hypervisor's first instruction -> guest's first instruction"] = \
            pct * TICK - int(entry.group(1))
    if stamps:
        fig["hypervisor's first line -> guest's first instruction"] = \
            (pct - stamps[0][0]) * TICK
    # A zero virtual offset (CNTVCT == CNTPCT) says nothing about the domain.
    if vct != pct:
        fig["domain creation -> guest's first instruction (CNTVCT)"] = vct * TICK
    last_guest = [t for t, text in stamps if text.startswith("DOM1: ")]
    if last_guest:
        fig["guest's first instruction -> its last line out"] = (last_guest[-1] - pct) * TICK
    return fig


def bench_figures(run):
    fig = {}
    for line in run.lines.get(1, []):
        m = BENCH.match(line)
        if m and m.group(1) != "done":
            fig[m.group(1)] = int(m.group(2))
    return fig


def fmt(values):
    if not values:
        return "n/a"
    lo, hi = min(values), max(values)
    return "{:,}".format(lo) if lo == hi else "{:,}..{:,}".format(lo, hi)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hyp", choices=("xen", "tarn", "both"), default="both")
    ap.add_argument("--guest", help="guest Image (default: the assembly test guest)")
    ap.add_argument("--gic", type=int, choices=(2, 3), default=3)
    ap.add_argument("--mem", default="512M")
    ap.add_argument("--runs", type=int, default=2)
    args = ap.parse_args()

    guest = args.guest or testguests.build("testguest")
    is_testguest = args.guest is None
    until = r"testguest: done$" if is_testguest else r"^bench: done$"
    hyps = ["tarn", "xen"] if args.hyp == "both" else [args.hyp]

    results = {}       # hyp -> {figure: [value per run]}
    with tempfile.TemporaryDirectory() as tmp:
        for hyp in hyps:
            for i in range(args.runs):
                run = boot(hyp, guest, args.gic, args.mem, os.path.join(tmp, "%s-%d" % (hyp, i)),
                           until)
                if run is None:
                    break
                fig = boot_figures(run) if is_testguest else bench_figures(run)
                for k, v in (fig or {}).items():
                    results.setdefault(hyp, {}).setdefault(k, []).append(v)

    names = []
    for hyp in hyps:
        for k in results.get(hyp, {}):
            if k not in names:
                names.append(k)
    print("QEMU virt, 1 CPU, GICv%d, %s, -icount shift=0,sleep=off; %d run(s); "
          "unit: guest instructions" % (args.gic, args.mem, args.runs))
    print("%-62s %22s %22s %8s" % ("figure", "Tarn", "Xen 4.17", "Tarn/Xen"))
    for k in names:
        t = results.get("tarn", {}).get(k, [])
        x = results.get("xen", {}).get(k, [])
        ratio = "%.2f" % (min(t) / min(x)) if t and x and min(x) else "-"
        print("%-62s %22s %22s %8s" % (k, fmt(t), fmt(x), ratio))
    if "xen" in hyps:
        size = os.path.getsize(hypboot.hyp_image("xen"))
        print("%-62s %22s %22s" % ("hypervisor image size (bytes)",
                                   "{:,}".format(os.path.getsize(hypboot.TARN_IMAGE))
                                   if os.path.exists(hypboot.TARN_IMAGE) else "n/a",
                                   "{:,}".format(size)))
    for hyp in hyps:
        if hyp not in results:
            print("%s: no figures (see build/test-logs/bench-%s-gic%d.log)"
                  % (hyp, hyp, args.gic))


if __name__ == "__main__":
    main()
