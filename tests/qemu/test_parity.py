"""Parity: the same guest Image, the same disk layout and
U-Boot script, on Xen 4.17 and on Tarn; each guest's console lines must be
the same.

The guests:
- the assembly test guest (tests/qemu/guests/testguest.S): no MMU, no stack,
  no hypercalls; the vpl011 and PSCI SYSTEM_OFF only (GICv3 and GICv2);
- guest-kit's guests/hello: the library's whole start-up (MMU, GIC, timer,
  console from the tree), hypercalls (xen_version), PSCI, malloc, time and a
  timer interrupt; it exits through SCHEDOP_shutdown (GICv3 and GICv2);
- tests/qemu/guests/mmuoff.S: console_io from a guest whose MMU is still off,
  as early boot code does; Xen copies from its RAM (GICv3 only: no GIC).

Each scenario boots Xen first and checks that its half says what it should
(so a failure tells which side is wrong), then Tarn, and compares.  Lines
that are measurements (counter values) differ between hypervisors by nature
and are left out of the comparison (Guest.measurement).

How Tarn prints a guest's line is hypboot.GUEST_LINE_PATTERNS["tarn"].
"""

import collections
import re

import pytest

import testguests
from hypboot import Domu
from tarnguests import guest_image


# image(request): its path; until: its last line (hypboot stops there);
# measurement: a regex of the lines not compared, or None; reference(lines,
# gic): whether Xen's half printed what it must.
Guest = collections.namedtuple("Guest", "image until measurement reference")


def reference_testguest(lines, gic):
    return lines == [
        "testguest: hello from a boot-time domain",
        "testguest: CurrentEL=1",
        "testguest: device tree at x0: ok",
        "testguest: done",
    ]


def reference_hello(lines, gic):
    # Its exact lines are guests/hello's business; these are the facts.
    return (lines[:1] == ["Hello from guest-kit"] and "GIC: v%d" % gic in lines
            and "console: vpl011" in lines and lines[-1:] == ["hello: all checks passed"]
            and not any("FAILED" in line for line in lines))


def reference_mmuoff(lines, gic):
    return lines == ["console_io with the MMU off", "1..1",
                     "ok 1 - console_io from a guest with its MMU off returned 0"]


GUESTS = {
    "testguest": Guest(lambda request: str(request.getfixturevalue("testguest")),
                       r"^testguest: done$", re.compile(r"^testguest: counters at entry "),
                       reference_testguest),
    "hello": Guest(lambda request: guest_image("hello"), r"^hello: ", None, reference_hello),
    "mmuoff": Guest(lambda request: testguests.build("mmuoff"), r"^(not )?ok 1 - ", None,
                    reference_mmuoff),
}
SCENARIOS = [("testguest", 3), ("testguest", 2), ("hello", 3), ("hello", 2),
             ("mmuoff", 3)]


def run_guest(boot_hypervisor, hyp, guest, image, gic):
    run = boot_hypervisor(hyp, [Domu(image, until=guest.until)], gic=gic)
    assert sorted(run.lines) == [1], "guest output from domains %r (log %s)" % (
        sorted(run.lines), run.log_path)
    return [line for line in run.lines[1]
            if not (guest.measurement and guest.measurement.match(line))]


@pytest.mark.parametrize("name,gic", SCENARIOS)
def test_tarn_matches_xen(boot_hypervisor, request, name, gic):
    guest = GUESTS[name]
    image = guest.image(request)
    xen = run_guest(boot_hypervisor, "xen", guest, image, gic)
    assert guest.reference(xen, gic), "Xen 4.17's half is not as expected:\n" + "\n".join(xen)
    tarn = run_guest(boot_hypervisor, "tarn", guest, image, gic)
    assert tarn == xen
