#!/usr/bin/env python3
"""Build a U-Boot environment flash image for booting Tarn on QEMU virt.

Why this exists
---------------
U-Boot (qemu_arm64) waits 2 s for a key press before autobooting.  That wait
is a busy loop, and under `-icount shift=0,sleep=off` it burns about 2e9
emulated instructions, which dominates test run time.  The only way to change
it without typing on the console is to give U-Boot a stored environment.

qemu_arm64 reads its stored environment from the start of the SECOND pflash
bank (0x04000000), CONFIG_ENV_SIZE = 0x40000.  A valid stored environment
REPLACES the built-in default environment entirely, so it must contain every
default variable (bootcmd, distro_bootcmd, kernel_addr_r, ...), not just the
ones we change.  We therefore extract the default environment from u-boot.bin
itself (it is embedded as NUL-separated "key=value" strings ending in an
empty string), apply overrides, run `mkenvimage -s 0x40000` (which adds the
CRC header) and pad the result to the 64 MiB size of a QEMU virt flash bank.

Overrides always applied (before any --set):
  bootdelay=0            no countdown (a key already waiting still aborts)
  boot_targets=virtio0   distro_bootcmd runs bootcmd_${target} for each
                         target; only probe the virtio disk (skips the qfw,
                         usb, scsi, nvme and dhcp attempts)

Usage:
  uboot-env.py --uboot u-boot.bin --out env.img [--set key=value ...]
  uboot-env.py --uboot u-boot.bin --print       # show the default env

QEMU: -drive if=pflash,unit=1,format=raw,readonly=on,file=env.img
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

ENV_SIZE = 0x40000            # CONFIG_ENV_SIZE of qemu_arm64
FLASH_BANK_SIZE = 64 << 20    # one QEMU virt pflash bank

DEFAULT_OVERRIDES = [
    ("bootdelay", "0"),
    ("boot_targets", "virtio0"),
]

# An environment variable name as found in U-Boot default environments.
_ENTRY_RE = re.compile(rb"^[A-Za-z0-9_.:+-]+=[\x09\x20-\x7e]*$")
# Variables that any usable default environment of this board must have.
_REQUIRED = ("bootcmd", "bootdelay", "boot_targets", "kernel_addr_r")


def die(msg):
    sys.stderr.write("uboot-env.py: error: %s\n" % msg)
    sys.exit(1)


def _is_entry(s):
    return bool(_ENTRY_RE.match(s))


def _block_around(data, pos):
    """Return (start, entries) of the NUL-separated key=value run containing
    the string that starts at pos, or None if it is not in such a run."""
    # Walk backwards over complete key=value strings.
    start = pos
    while start > 0 and data[start - 1] == 0:
        prev_end = start - 1                      # index of the NUL
        prev_start = data.rfind(b"\0", 0, prev_end) + 1
        if prev_start == prev_end or not _is_entry(data[prev_start:prev_end]):
            break
        start = prev_start
    # Walk forwards until the empty string that terminates the environment.
    entries = []
    cur = start
    while True:
        end = data.find(b"\0", cur)
        if end < 0:
            return None
        s = data[cur:end]
        if s == b"":
            break                                 # double NUL: end of env
        if not _is_entry(s):
            return None                           # not a clean env block
        entries.append(s.decode("ascii"))
        cur = end + 1
    return start, entries


def extract_default_env(data):
    """Find U-Boot's default environment in a u-boot.bin image."""
    best = None
    for m in re.finditer(rb"bootcmd=", data):
        pos = m.start()
        if pos > 0 and data[pos - 1] != 0:
            continue                              # e.g. "distro_bootcmd="
        found = _block_around(data, pos)
        if not found:
            continue
        _, entries = found
        if best is None or len(entries) > len(best):
            best = entries
    if not best:
        die("no default environment (NUL-separated key=value block with "
            "'bootcmd=') found in the U-Boot binary")
    env = {}
    order = []
    for e in best:
        k, v = e.split("=", 1)
        if k in env:
            die("default environment has duplicate variable %r" % k)
        env[k] = v
        order.append(k)
    missing = [k for k in _REQUIRED if k not in env]
    if missing:
        die("extracted environment lacks %s; is this a qemu_arm64 U-Boot?"
            % ", ".join(missing))
    return env, order


def main():
    ap = argparse.ArgumentParser(
        description="Build a U-Boot env pflash image (default env + overrides)")
    ap.add_argument("--uboot", required=True, help="path to u-boot.bin")
    ap.add_argument("--out", help="env image to write (64 MiB, sparse)")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                    help="override/add a variable (repeatable)")
    ap.add_argument("--print", action="store_true", dest="print_env",
                    help="print the resulting text environment")
    ap.add_argument("--mkenvimage", default="mkenvimage",
                    help="mkenvimage program (default: from PATH)")
    args = ap.parse_args()
    if not args.out and not args.print_env:
        ap.error("need --out and/or --print")

    try:
        with open(args.uboot, "rb") as f:
            data = f.read()
    except OSError as e:
        die("cannot read %s: %s" % (args.uboot, e))
    env, order = extract_default_env(data)

    overrides = list(DEFAULT_OVERRIDES)
    for s in args.set:
        if "=" not in s:
            die("--set wants KEY=VALUE, got %r" % s)
        k, v = s.split("=", 1)
        if not _is_entry(("%s=%s" % (k, v)).encode("ascii", "replace")):
            die("bad variable for --set (name chars or non-printable "
                "value): %r" % s)
        overrides.append((k, v))
    for k, v in overrides:
        if k not in env:
            order.append(k)
        env[k] = v

    text = "".join("%s=%s\n" % (k, env[k]) for k in order)
    if args.print_env:
        sys.stdout.write(text)
    if not args.out:
        return
    if len(text) + 5 > ENV_SIZE:                  # CRC + trailing NULs
        die("environment too large (%d bytes)" % len(text))
    if shutil.which(args.mkenvimage) is None:
        die("%s not found (Debian package u-boot-tools)" % args.mkenvimage)

    out = os.path.abspath(args.out)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        txt = os.path.join(tmp, "env.txt")
        img = os.path.join(tmp, "env.img")
        with open(txt, "w") as f:
            f.write(text)
        r = subprocess.run([args.mkenvimage, "-s", hex(ENV_SIZE), "-o", img,
                            txt], capture_output=True, text=True)
        if r.returncode != 0:
            die("mkenvimage failed: %s" % (r.stderr or r.stdout).strip())
        if os.path.getsize(img) != ENV_SIZE:
            die("mkenvimage produced %d bytes, expected %d"
                % (os.path.getsize(img), ENV_SIZE))
        # QEMU requires the pflash image to be exactly one bank; the rest
        # of the bank is never read, so leave it as a hole.
        with open(img, "r+b") as f:
            f.truncate(FLASH_BANK_SIZE)
        os.chmod(img, 0o644)
        os.replace(img, out)


if __name__ == "__main__":
    main()
