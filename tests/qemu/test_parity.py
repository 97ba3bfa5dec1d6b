"""Parity: the same guest Image, the same disk layout and U-Boot script, on
Xen 4.17 and on Tarn; each guest's console lines must be the same.

The guest is the assembly test guest for now (tests/qemu/guests/testguest.S);
guest-kit's guests/hello replaces it when it lands (add it to GUESTS).  Lines
that are measurements (counter values) differ between hypervisors by nature
and are left out of the comparison (MEASUREMENT).

How Tarn prints a guest's line is hypboot.GUEST_LINE_PATTERNS["tarn"].
"""

import re

import pytest



MEASUREMENT = re.compile(r"^testguest: counters at entry ")

GICS = [3, 2]


def comparable(lines):
    return [line for line in lines if not MEASUREMENT.match(line)]


def run_guest(boot_hypervisor, hyp, guest, gic):
    run = boot_hypervisor(hyp, [guest], gic=gic)
    assert sorted(run.lines) == [1], "guest output from domains %r" % sorted(run.lines)
    return comparable(run.lines[1])


@pytest.mark.parametrize("gic", GICS)
def test_xen_reference(boot_hypervisor, testguest, gic):
    """The Xen half: the guest runs and says what it should."""
    lines = run_guest(boot_hypervisor, "xen", testguest, gic)
    assert lines == [
        "testguest: hello from a boot-time domain",
        "testguest: CurrentEL=1",
        "testguest: device tree at x0: ok",
        "testguest: done",
    ]


@pytest.mark.parametrize("gic", GICS)
def test_tarn_matches_xen(boot_hypervisor, testguest, gic):
    """The Tarn half: the same guest prints the same lines on Tarn as on Xen."""
    xen = run_guest(boot_hypervisor, "xen", testguest, gic)
    tarn = run_guest(boot_hypervisor, "tarn", testguest, gic)
    assert tarn == xen
