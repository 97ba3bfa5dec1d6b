"""Domains that go wrong, and the others that must not notice.

Crashes: guests/hostile with crash=HOW crashes on purpose beside a
neighbour (guests/checksum) on the same physical CPU.  Tarn must report the
domain as crashed, with the reason and its registers, scrub and free its
memory, list it as crashed under the 'q' debug key, and the neighbour's
checksum must go on, unchanged, after the crash.

Bad input: boots with several dom0less domains of
which one (or two) is wrong: a module that is not an Image, modules that
overlap (tarn_pre_boot moves one module's reg onto another's), more memory
than is free, cpus of 0 or too many, no kernel (module node removed, or a bare
xen,domain node), two kernels, a kernel too big for the RAM asked for, an
Image header whose sizes wrap around.  For each, Tarn must print
"domain <name>: <why>; not created", not run it, and run the others, which
print their TAP lines.  Domain ids are Tarn's, given in tree order to the
domains it creates, so the good ones are found by name.

What Xen 4.17 does with the same trees is in docs/xen.md (it panics on most).
All on one CPU under icount.
"""

import collections
import random
import re
import struct

import pytest

from hypboot import Domu
from tarnguests import TarnRun, assert_tap, guest_image

NEIGHBOUR_ARGS = "rounds=30 every=2"
GOOD_ARGS = "rounds=2 every=1 mib=1"  # a quick, small good domain

# ---- crashes ---------------------------------------------------------------

Crash = collections.namedtuple("Crash", "reason ec pc far")
REG = r"[0-9a-f]{16}"

CRASHES = {
    # VBAR_EL1 = the end of its 16 MiB of RAM: the fetch of the sync vector faults.
    "vbar": Crash("instruction abort in its exception vectors", 0x20, "0000000041000200",
                  "0000000041000200"),
    # Its vector table's entries load from 0x10000000, which is not its RAM.
    "vector-abort": Crash("data abort in its exception vectors", 0x24, REG,
                          "0000000010000000"),
    "shutdown": Crash(r"the guest reported a crash \(SCHEDOP_shutdown\)", 0x16, REG, REG),
}


@pytest.mark.parametrize("how", sorted(CRASHES))
def test_crashed_domain_is_reported_and_cleaned_up(qemu, tmp_path, how):
    want = CRASHES[how]
    domus = [Domu(guest_image("checksum"), bootargs=NEIGHBOUR_ARGS),
             Domu(guest_image("hostile"), bootargs="crash=" + how)]
    run = TarnRun(qemu, tmp_path, domus, gic=3, mem="512M")
    assert run.wait_started() == {"domU1": 1, "domU2": 2}
    found = run.wait_for({
        "crash": r"^\(tarn\) domain 2 \(domU2\) vCPU 0 crashed: %s$" % want.reason,
        "regs": r"^\(tarn\)   PC (%s)  PSTATE [0-9a-f]{8}  ESR_EL2 ([0-9a-f]{8})  FAR (%s)$"
                % (want.pc, want.far),
        "sp": r"^\(tarn\)   x30 %s  SP_EL1 %s  VBAR %s$" % (REG, REG, REG),
        "crashed": r"^\(tarn\) domain 2 \(domU2\) crashed: %s$" % want.reason,
        "scrubbed": r"^\(tarn\) domain 2 \(domU2\): 16384 KiB returned to the free pool, "
                    r"scrubbed$",
        "neighbour": run.tap_end("domU1"),
    })
    order = [found[k].start() for k in ("crash", "regs", "sp", "crashed", "scrubbed")]
    assert order == sorted(order), "crash report out of order"
    assert int(found["regs"].group(2), 16) >> 26 == want.ec, found["regs"].group(0)

    assert run.lines("domU2") == ["1..1", "ok 1 - crashing on purpose: " + how]
    assert_tap(run.lines("domU1"), "neighbour domU1")
    after = re.search(run.guest_pattern("domU1", r"ok \d+ - round \d+ .*unchanged$"),
                      run.transcript[found["crash"].end():], re.M)
    assert after, "the neighbour made no progress after the crash"

    listing = run.debug_key("q")
    assert re.search(r"^\(tarn\) domain 2 \(domU2\): crashed, 0 KiB$", listing, re.M), listing
    assert re.search(r"^\(tarn\)   vCPU 0: stopped on CPU 0", listing, re.M), listing
    run.check()


# ---- bad input -------------------------------------------------------------

class Case:
    """One bad-input boot: the domUs (domU1.. in this order), env settings,
    host RAM, what Tarn must refuse ({name: regex of why}) and the names of
    the domains in the tree."""

    def __init__(self, domus, refused, env=None, mem="512M", extra_names=()):
        self.domus, self.refused = domus, refused
        self.env, self.mem = env or {}, mem
        self.names = list(extra_names) + ["domU%d" % i for i in range(1, len(domus) + 1)]

    @property
    def running(self):
        return [n for n in self.names if n not in self.refused]


def good():
    return Domu(guest_image("checksum"), bootargs=GOOD_ARGS)


def random_file(tmp_path):
    path = tmp_path / "random.bin"
    path.write_bytes(random.Random(3).randbytes(8192))
    return str(path)


def patched_image(tmp_path, name, offset, value, pad_to=0):
    """checksum.img with the 64-bit header field at offset set to value."""
    data = bytearray(open(guest_image("checksum"), "rb").read())
    struct.pack_into("<Q", data, offset, value)
    data += bytes(max(0, pad_to - len(data)))
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


IMAGE_TEXT_OFFSET, IMAGE_SIZE = 8, 16
DOESNT_FIT = r"kernel \(\d+ bytes.*\) does not fit in %d KiB of RAM"
OVERLAP_PRE_BOOT = ("fdt set /chosen/domU2/module@${tarn_domu2_addr} reg "
                    "<0x0 0x${tarn_domu3_addr} 0x0 0x${tarn_domu2_size}>")
BARE_NODE_PRE_BOOT = ("fdt mknode /chosen domU9; "
                      "fdt set /chosen/domU9 compatible xen,domain; "
                      "fdt set /chosen/domU9 memory <0x0 0x4000>; "
                      "fdt set /chosen/domU9 cpus <0x1>")
SECOND_KERNEL_PRE_BOOT = ("fdt mknode /chosen/domU2 module@50000000; "
                          "fdt set /chosen/domU2/module@50000000 compatible "
                          "multiboot,kernel multiboot,module; "
                          "fdt set /chosen/domU2/module@50000000 reg <0x0 0x50000000 0x0 0x1000>")


def with_domu2(tmp_path, **kw):
    d = good()
    for k, v in kw.items():
        setattr(d, k, v)
    return [good(), d, good()]


def case_not_an_image(tmp_path):
    return Case([good(), Domu(random_file(tmp_path)), good()],
                {"domU2": r"kernel module is not an arm64 Image \(no ARM\\x64 magic\)"})


def case_overlapping_modules(tmp_path):
    # domU2's module is moved onto domU3's: both modules are unusable.
    return Case([good(), good(), good(), good()],
                {"domU2": r"kernel module module@\w+ overlaps module domU3/module@\w+",
                 "domU3": r"kernel module module@\w+ overlaps module domU2/module@\w+"},
                env={"tarn_pre_boot": OVERLAP_PRE_BOOT})


def case_more_memory_than_free(tmp_path):
    return Case(with_domu2(tmp_path, memory_kib=1 << 20),
                {"domU2": r"wants 1024 MiB but only \d+ MiB is free"})


def case_memory_runs_out(tmp_path):
    # Each fits alone; the third finds too little left by the first two.
    domus = [good(), good(), good()]
    domus[1].memory_kib = domus[2].memory_kib = 300 << 10
    return Case(domus, {"domU3": r"wants 300 MiB but only \d+ MiB is free"})


def case_memory_absurd(tmp_path):
    return Case(with_domu2(tmp_path, memory_kib=0xffffffff),
                {"domU2": r"memory = 4294967295 KiB, must be a multiple of 2 MiB from 4 MiB "
                          r"to 3 GiB"})


def case_cpus_0(tmp_path):
    return Case(with_domu2(tmp_path, cpus=0), {"domU2": r"cpus = 0, Tarn allows 1 to \d+"})


def case_cpus_99(tmp_path):
    return Case(with_domu2(tmp_path, cpus=99), {"domU2": r"cpus = 99, Tarn allows 1 to \d+"})


def case_kernel_module_removed(tmp_path):
    return Case([good(), good(), good()],
                {"domU2": r"no kernel module \(multiboot,kernel\)"},
                env={"tarn_pre_boot": "fdt rm /chosen/domU2/module@${tarn_domu2_addr}"})


def case_bare_domain_node(tmp_path):
    # fdt mknode puts the new node first in /chosen.
    return Case([good(), good()], {"domU9": r"no kernel module \(multiboot,kernel\)"},
                env={"tarn_pre_boot": BARE_NODE_PRE_BOOT}, extra_names=["domU9"])


def case_two_kernels(tmp_path):
    return Case([good(), good(), good()], {"domU2": r"more than one kernel module"},
                env={"tarn_pre_boot": SECOND_KERNEL_PRE_BOOT})


def case_kernel_too_big(tmp_path):
    big = patched_image(tmp_path, "big.img", IMAGE_TEXT_OFFSET, 0, pad_to=3 << 20)
    return Case([good(), Domu(big, memory_kib=4096), good()], {"domU2": DOESNT_FIT % 4096})


def case_image_size_wraps(tmp_path):
    # image_size + 2 MiB (the device tree's room) wraps to 0 in 64 bits.
    img = patched_image(tmp_path, "isz.img", IMAGE_SIZE, (1 << 64) - (2 << 20))
    return Case([good(), Domu(img, bootargs=GOOD_ARGS), good()], {"domU2": DOESNT_FIT % 16384})


def case_text_offset_wraps(tmp_path):
    # RAM base + text_offset wraps to 1 MiB below the RAM.
    img = patched_image(tmp_path, "toff.img", IMAGE_TEXT_OFFSET, (1 << 64) - (1 << 20))
    return Case([good(), Domu(img, bootargs=GOOD_ARGS), good()], {"domU2": DOESNT_FIT % 16384})


BAD_INPUT = {
    "not-an-image": case_not_an_image,
    "overlapping-modules": case_overlapping_modules,
    "more-memory-than-free": case_more_memory_than_free,
    "memory-runs-out": case_memory_runs_out,
    "memory-absurd": case_memory_absurd,
    "cpus-0": case_cpus_0,
    "cpus-99": case_cpus_99,
    "kernel-module-removed": case_kernel_module_removed,
    "bare-domain-node": case_bare_domain_node,
    "two-kernels": case_two_kernels,
    "kernel-too-big": case_kernel_too_big,
    "image-size-wraps": case_image_size_wraps,
    "text-offset-wraps": case_text_offset_wraps,
}


@pytest.mark.parametrize("case", sorted(BAD_INPUT))
def test_bad_domain_is_refused_and_the_others_boot(qemu, tmp_path, case):
    c = BAD_INPUT[case](tmp_path)
    run = TarnRun(qemu, tmp_path / "run", c.domus, mem=c.mem, env_extra=c.env)
    ids = run.wait_started()
    text = run.transcript
    for name, why in c.refused.items():
        assert re.search(r"^\(tarn\) domain %s: %s; not created$" % (name, why), text, re.M), \
            "no refusal of %s matching %r" % (name, why)
    # The others are created, numbered from 1 in tree order, and run to the end.
    assert ids == {n: i for i, n in enumerate(c.running, 1)}
    assert re.search(r"^\(tarn\) %d domains? started$" % len(c.running), text, re.M)
    run.wait_for({n: run.tap_end(n) for n in c.running})
    for name in c.running:
        assert_tap(run.lines(name), name)
    run.wait_for({n: r"^\(tarn\) domain %d \(%s\): \d+ KiB returned" % (i, n)
                  for n, i in ids.items()})
    listed = re.findall(r"^\(tarn\) domain \d+ \((\S+)\): (\w+),", run.debug_key("q"), re.M)
    assert listed == [(n, "shutdown") for n in c.running]
    run.check()
