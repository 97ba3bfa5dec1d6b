#!/usr/bin/env python3
"""Control-domain records: instructions from Tarn's entry (U-Boot's
booti hands over there) to the tarnctl prompt; from `create` to the new
guest's first console line, for 16 MiB and 256 MiB guests; `destroy` of a
256 MiB guest.

QEMU runs with -icount shift=0,sleep=off on one CPU, so a nanosecond of
system time is one instruction. tarnctl says when it is ready ("tarnctl:
ready at N ns"); `time <command>` says when a command started and how long
it took; the ticker guest's first line is "ticker: up at N ns" (guests see
the same counter: CNTVOFF is 0). Two runs must agree; the script says so
when they do not.

    tests/bench/tarnctl_records.py [--runs 2] [--markdown]
"""

import argparse
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "qemu"))
import benchtable  # noqa: E402
import tarnqemu  # noqa: E402
from tarnctl_session import TarnctlSession, guest_image  # noqa: E402


def config(name, mib):
    return ('name = "%s"\nkernel = "ticker.img"\nmemory = %d\ncmdline = "period_ms=1000"\n'
            % (name, mib))


def start_qemu(**kw):
    kw["name"] = "bench-tarnctl"
    return tarnqemu.Qemu(**kw)


def run_once(tmp, n):
    s = TarnctlSession(start_qemu, os.path.join(tmp, "run%d" % n),
                       images={"ticker.img": guest_image("ticker")},
                       configs={"small.cfg": config("small", 16),
                                "big.cfg": config("big", 256)},
                       mem="1G", bootargs="dom0_mem=32M", icount=True)
    try:
        entry = int(s.expect(r"boot: +entered at (\d+) ns").group(1))
        ready = int(s.expect(r"tarnctl: ready at (\d+) ns").group(1))
        s.wait_prompt()
        figs = {"Tarn entry -> tarnctl prompt": ready - entry}
        for name in ("small", "big"):
            out = s.cmd("time create %s" % name)
            start = int(re.search(r"time: \d+ ns \(from (\d+) to", out).group(1))
            up = s.console_lines(name, r"ticker: up at \d+ ns")
            first = int(next(re.search(r"ticker: up at (\d+) ns", l).group(1)
                             for l in up if "up at" in l))
            figs["create -> first console line, %s MiB" % ("16" if name == "small" else "256")] = \
                first - start
        out = s.cmd("time destroy big")
        figs["destroy, 256 MiB (scrub included)"] = int(re.search(r"time: (\d+) ns", out).group(1))
        s.check()
        return figs
    finally:
        s.q.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--markdown", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        runs = [run_once(tmp, n) for n in range(args.runs)]
    table = [["record (QEMU virt, 1 CPU, GICv3, icount)", "instructions"]]
    for key in runs[0]:
        vals = sorted(r[key] for r in runs)
        text = "{:,}".format(vals[0])
        if vals[-1] - vals[0] > 64:
            text += " .. {:,}".format(vals[-1])
        table.append([key, text])
    (benchtable.print_markdown if args.markdown else benchtable.print_text)(table)


if __name__ == "__main__":
    main()
