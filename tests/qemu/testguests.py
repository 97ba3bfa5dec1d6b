#!/usr/bin/env python3
"""Build the throwaway assembly test guests of tests/qemu/guests/ (no Makefile).

    build("testguest") -> path of build/test-guests/testguest.bin

Each guests/<name>.S becomes an arm64 Image linked at 0x40000000 (the guest
RAM base of Xen on Arm and Tarn) with aarch64-linux-gnu-as, -ld and -objcopy.
Rebuilt only when the source is newer; the result is written under a
temporary name and renamed, so parallel pytest workers never see half a file.

From the shell:  tests/qemu/testguests.py [name ...]   (default: all)
"""

import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
SRC_DIR = os.path.join(HERE, "guests")
OUT_DIR = os.path.join(REPO_ROOT, "build", "test-guests")
CROSS = os.environ.get("CROSS_COMPILE", "aarch64-linux-gnu-")
LINK_ADDR = 0x40000000


def _run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError("command failed (%d): %s\n%s%s" % (
            r.returncode, " ".join(cmd), r.stdout, r.stderr))


def names():
    return sorted(f[:-2] for f in os.listdir(SRC_DIR) if f.endswith(".S"))


def build(name, out_dir=OUT_DIR):
    src = os.path.join(SRC_DIR, name + ".S")
    if not os.path.isfile(src):
        raise FileNotFoundError("no test guest %s" % src)
    os.makedirs(out_dir, exist_ok=True)
    out = os.path.join(out_dir, name + ".bin")
    if os.path.exists(out) and os.path.getmtime(out) >= os.path.getmtime(src):
        return out
    with tempfile.TemporaryDirectory(dir=out_dir) as tmp:
        obj = os.path.join(tmp, name + ".o")
        elf = os.path.join(tmp, name + ".elf")
        binf = os.path.join(tmp, name + ".bin")
        _run([CROSS + "as", "-o", obj, src])
        _run([CROSS + "ld", "-nostdlib", "--build-id=none", "-z", "noexecstack",
              "-N", "-Ttext=0x%x" % LINK_ADDR, "-e", "_start", "-o", elf, obj])
        _run([CROSS + "objcopy", "-O", "binary", "-j", ".text", elf, binf])
        with open(binf, "rb") as f:
            head = f.read(64)
        if len(head) < 64 or head[56:60] != b"ARM\x64":
            raise RuntimeError("%s: no arm64 Image header" % binf)
        os.replace(elf, os.path.join(out_dir, name + ".elf"))
        os.replace(binf, out)
    return out


if __name__ == "__main__":
    for n in sys.argv[1:] or names():
        print(build(n))
