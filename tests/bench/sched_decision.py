#!/usr/bin/env python3
"""The cost of one scheduling decision in Tarn, under icount.

Boots Tarn on one CPU under -icount shift=0,sleep=off with a yielder as the
control domain (it calls SCHEDOP_yield every 100 us: one decision each) and
N hog vCPUs in four boot-time domains, so every decision is taken with
N + 1 runnable vCPUs. At the end of the window it presses debug key 'r',
whose line per CPU gives the number of decisions and their average and
largest cost (hyp/schedule/schedule.c times ops->pick() with the counter; under
icount a ns is an instruction, and averaged over thousands of decisions the
counter's 16-instruction steps wash out).

    tests/bench/sched_decision.py [--window-ms 400] [--markdown]

Boot-time domains are limited to four by the boot script and to 8 vCPUs
each, so the largest case here is 33 runnable vCPUs; the simulator's
benchmark (tests/bench/sched_cost.py) goes to 1,000.
"""

import argparse
import concurrent.futures
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "qemu"))
import hypboot  # noqa: E402
import tarnguests  # noqa: E402
import tarnqemu  # noqa: E402

# (runnable vCPUs, hog vCPUs per boot-time domain): four domains each.
CASES = [(4, 3, 1), (9, 4, 2), (33, 4, 8)]  # (total, domains, vCPUs each)
DECISIONS = re.compile(r"^\(tarn\) sched: cpu0 (\d+) decisions, (\d+) ns each on average, "
                       r"(\d+) ns at most", re.M)


def boot_case(case, window_ms, workroot):
    total, ndom, per = case
    image = tarnguests.guest_image("sched-load")
    args = "start_ms=100 window_ms=%d" % window_ms
    domus = [hypboot.Domu(image, cpus=per, memory_kib=8192, bootargs="hog " + args)
             for _ in range(ndom)]
    work = os.path.join(workroot, "case%d" % total)
    os.makedirs(work)
    disk = hypboot.make_disk("tarn", domus, work, {"dom0.bin": image})
    env = hypboot.make_env(hypboot.env_settings("tarn", domus, None, {
        "dom0_bootargs": "yielder " + args,
        "bootargs": "dom0_mem=16M"}), os.path.join(work, "env.img"))
    q = tarnqemu.Qemu(disk=disk, env=env, gic=3, smp=1, mem="512M", icount=True,
                      hard_timeout=300, name="bench-sched-decision-%d" % total)
    try:
        q.expect(r"^\(d0\) " + tarnguests.TAP_SUMMARY, timeout=240)
        q.send("r")
        m = q.expect(DECISIONS, timeout=60)
    finally:
        q.close()
    return total, int(m.group(1)), int(m.group(2)), int(m.group(3))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--window-ms", type=int, default=400)
    ap.add_argument("--markdown", action="store_true")
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="tarn-bench-") as work, \
            concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        for fut in [pool.submit(boot_case, c, args.window_ms, work) for c in CASES]:
            rows.append(fut.result())
    if args.markdown:
        print("| runnable vCPUs | decisions | instructions per decision (avg) | largest |")
        print("|---|---|---|---|")
        for total, n, avg, mx in rows:
            print("| %d | %s | %s | %s |" % (total, "{:,}".format(n), "{:,}".format(avg),
                                          "{:,}".format(mx)))
    else:
        print("scheduling decision under icount (1 CPU, Tarn): instructions per ops->pick()")
        for total, n, avg, mx in rows:
            print("  %4d runnable vCPUs: %7d decisions, %5d on average, %6d at most"
                  % (total, n, avg, mx))
    return 0


if __name__ == "__main__":
    sys.exit(main())
