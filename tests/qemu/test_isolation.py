"""Isolation: a hostile domain attacks everything outside itself while a
neighbour domain on the same physical CPU watches its own memory; every
attack must fault into the attacker alone.

The attacker is guests/hostile (probes.c and the files it names): reads,
writes and a fetch just past its RAM and far away in guest-physical space; at
the host-physical address of Tarn's image (Tarn is booted at TARN_ADDR, which is
not guest RAM for a 16 MiB guest); over all of host RAM, 2 MiB apart (the
neighbour's RAM is somewhere in there); at the host GIC's distributor, CPU,
hypervisor (GICH) and virtual CPU (GICV) interfaces, ITS and redistributors;
at host devices (UART, virtio, flash, PCIe ...); EL2-only system registers
(ICH_*: UNDEFINED at EL1); hypercalls whose pointers are not its RAM or that
name another domain; every SPI of its vGIC raised and SGIs to every target;
and last, every register of its vGIC distributor and redistributor (GICv2:
its GICV) read and written with all ones.  Each is one TAP line.  It sleeps
between groups of probes so that the neighbour runs in between.

The neighbour is guests/checksum: 12 MiB of its RAM filled with a pattern and
checksummed over and over; it reports the sum unchanged, every few rounds and
at the end word by word, and that it took no interrupt (it enables none).
Its reports must come while the attack goes on and after it.  Tarn must keep
running: both domains finish, their memory is scrubbed and freed, and Tarn's
't' and 'q' debug keys still answer.

One CPU under icount, so the two domains share it deterministically.
"""

import re

import pytest

import tarnguests
from hypboot import Domu
from tarnguests import TarnRun, assert_tap, guest_image

TARN_ADDR = 0x60000000
MEM = "1G"
HOST_RAM = (0x40000000, 1 << 30)

NEIGHBOUR_ARGS = "rounds=40 every=2"
HOSTILE_ARGS = "tarn=0x%x host-ram=0x%x,0x%x pause-ms=20" % ((TARN_ADDR,) + HOST_RAM)

# Probe groups that must be there (a regex on some ok line of the attacker),
# so that a guest that quietly probes less cannot pass.
MUST_PROBE = [
    r"^just past its last page 0x41000000: read and write fault",
    r"^executing 4 MiB past its RAM .*: fetch faults",
    r"^far away: last page of IPA space",
    r"^the hypervisor's image \(host physical\) 0x%x: " % TARN_ADDR,
    r"^host GICv2 GICH \(hypervisor interface\) 0x8030000: ",
    r"^host GICv2 GICV \(virtual CPU interface\) 0x8040000: ",
    r"^host UART 0x9000000: ",
    r"^host virtio-mmio 0 0xa000000: ",
    r"^ICH_HCR_EL2 read from EL1: UNDEFINED",
    r"^ICH_LR0_EL2 write from EL1: UNDEFINED",
    r"^console_io write from host RAM it maps but does not own .*: -14$",
    r"^hvm_op\(get_param\) of domain 0: -\d+$",
    r"^all 64 SPIs pending and enabled on its vGIC: 64 taken",
    r"^SGI \d+ to every target it can name: 1 taken",
    r"^its GICD 0x3001000 .* fuzzed with all ones",
    r"^host RAM 0x7e000000-0x80000000: 16 addresses",
    r"^the hypervisor still answers hypercalls",
]
SWEEP_WINDOWS = 32  # host RAM in 32 MiB windows


def first_index(lines, pattern):
    return next((i for i, line in enumerate(lines) if re.search(pattern, line)), None)


@pytest.mark.parametrize("gic", [3, 2])
def test_hostile_domain_faults_only_itself(qemu, tmp_path, gic):
    domus = [Domu(guest_image("checksum"), bootargs=NEIGHBOUR_ARGS),
             Domu(guest_image("hostile"), bootargs=HOSTILE_ARGS)]
    run = TarnRun(qemu, tmp_path, domus, gic=gic, mem=MEM,
                  env_extra={"tarn_addr": "0x%x" % TARN_ADDR})
    assert run.wait_started() == {"domU1": 1, "domU2": 2}
    assert re.search(r"\(tarn\) image: +at 0x%x," % TARN_ADDR, run.transcript)
    run.wait_for({n: run.tap_end(n) for n in ("domU1", "domU2")})

    neighbour, hostile = run.lines("domU1"), run.lines("domU2")
    assert_tap(hostile, "hostile domU2")
    assert_tap(neighbour, "neighbour domU1")
    probed = list(tarnguests.tap_results(hostile).values())
    for pat in MUST_PROBE:
        assert any(re.search(pat, p) for p in probed), "no probe %r" % pat
    assert sum(p.startswith("host RAM ") for p in probed) == SWEEP_WINDOWS
    assert any(re.search(r"^past the guest's GICv2 GICC", p) for p in probed) == (gic == 2)

    check_neighbour_ran_throughout(run)
    check_tarn_still_answers(run)
    run.check()


def check_neighbour_ran_throughout(run):
    """The neighbour's checksum was reported unchanged while the attack went on
    and after it: its lines interleave with the attacker's on the console."""
    text = run.transcript
    attack_start = re.search(run.guest_pattern("domU2", r"1\.\.\d+$"), text, re.M).start()
    attack_end = re.search(run.tap_end("domU2"), text, re.M).start()
    rounds = [m.start() for m in re.finditer(
        run.guest_pattern("domU1", r"ok \d+ - round \d+ .*unchanged$"), text, re.M)]
    during = [p for p in rounds if attack_start < p < attack_end]
    after = [p for p in rounds if p > attack_end]
    assert during, "no neighbour checksum while the attack ran"
    assert after, "no neighbour checksum after the attack"


def check_tarn_still_answers(run):
    run.wait_for({n: r"^\(tarn\) domain %d \(%s\): 16384 KiB returned to the free pool, "
                  r"scrubbed$" % (i, n) for n, i in run.ids.items()})
    assert re.search(r"^\(tarn\) ticks: cpu0=\d+$", run.debug_key("t"), re.M)
    listing = run.debug_key("q")
    for name, i in run.ids.items():
        assert re.search(r"^\(tarn\) domain %d \(%s\): shutdown, 0 KiB$" % (i, name),
                         listing, re.M), listing
