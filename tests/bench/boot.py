#!/usr/bin/env python3
"""Boot benchmark: how long Tarn takes from its first instruction to the boot
summary, and how big tarn.bin is.

QEMU runs with -icount shift=0,sleep=off on one CPU, so one guest instruction
is one nanosecond of virtual time and the counter Tarn reads at entry and at
the summary measures instructions (to the counter's 16 ns resolution at
QEMU's 62.5 MHz). Two runs give identical figures; the script checks that.

    tests/bench/boot.py --build build/qemu-virt [--runs 2]
"""

import argparse
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "qemu"))
import tarnqemu  # noqa: E402

REPO = tarnqemu.REPO_ROOT


def make_env(path):
    tool = os.path.join(REPO, "tools", "uboot-env.py")
    rc = os.system("%s %s --uboot %s --out %s >/dev/null"
                   % (sys.executable, tool, tarnqemu.UBOOT_BIN, path))
    if rc:
        sys.exit("bench: cannot make the U-Boot environment")


def boot_once(build, env, gic, mem):
    with tarnqemu.Qemu(disk=os.path.join(build, "disk.img"), env=env, gic=gic, smp=1,
                       mem=mem, icount=True, name="bench-boot-gic%d" % gic) as q:
        m = q.expect(r"boot: +entered at (\d+) ns, (\d+) ns from entry to this summary", 120)
        q.expect(r"no guests yet", 60)
        return int(m.group(1)), int(m.group(2))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build/qemu-virt")
    ap.add_argument("--runs", type=int, default=2)
    args = ap.parse_args()
    build = os.path.join(REPO, args.build) if not os.path.isabs(args.build) else args.build
    size = os.path.getsize(os.path.join(build, "tarn.bin"))

    with tempfile.TemporaryDirectory() as tmp:
        env = os.path.join(tmp, "env.img")
        make_env(env)
        print("%-44s %14s" % ("figure (QEMU virt, 1 CPU, icount)", "value"))
        for gic, mem in ((3, "512M"), (2, "512M"), (3, "2G")):
            runs = [boot_once(build, env, gic, mem) for _ in range(args.runs)]
            boots = [b for _, b in runs]
            # Tarn's part is deterministic to the counter's 16 ns resolution;
            # U-Boot's is not quite (virtio-blk I/O completes on host time).
            if max(boots) - min(boots) > 16:
                print("warning: Tarn's boot differs between runs: %r" % boots)
            entries = sorted(e for e, _ in runs)
            boot = boots[0]
            print("%-44s %14s" % ("QEMU start -> Tarn entry (GICv%d, %s)" % (gic, mem),
                                  "{:,} instr".format(entries[0]) if len(set(entries)) == 1
                                  else "{:,}..{:,}".format(entries[0], entries[-1])))
            print("%-44s %14s" % ("Tarn entry -> boot summary (GICv%d, %s)" % (gic, mem),
                                  "{:,} instr".format(boot)))
    print("%-44s %14s" % ("tarn.bin size", "{:,} bytes".format(size)))


if __name__ == "__main__":
    main()
