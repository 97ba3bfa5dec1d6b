"""Xen 4.17 through the same U-Boot script and disk layout as Tarn.

boot.cmd with tarn_hyp=xen loads "xen" instead of tarn.bin, sets
/chosen/xen,xen-bootargs, and describes domu<N>.bin as dom0less domains
(/chosen/domU<N>, compatible "xen,domain"); everything else is shared.  The
guest is the assembly test guest (tests/qemu/guests/testguest.S), which
prints on its vpl011.  One CPU under -icount shift=0,sleep=off.  A dom0less
guest cannot power the machine off, so each run is killed once the guests'
last lines are out (hypboot.py).
"""

import re

import pytest

import hypboot

# What the test guest prints after its counters line (the same on any
# hypervisor that follows Xen's guest ABI).
TESTGUEST_LINES = [
    "testguest: hello from a boot-time domain",
    "testguest: CurrentEL=1",
    "testguest: device tree at x0: ok",
    "testguest: done",
]
COUNTERS = re.compile(r"^testguest: counters at entry pct=0x([0-9a-f]{16}) vct=0x([0-9a-f]{16})$")


def check_testguest(lines):
    assert lines, "the guest printed nothing"
    assert COUNTERS.match(lines[0]), lines
    assert lines[1:] == TESTGUEST_LINES


def chosen_block(text):
    """The /chosen node U-Boot printed for tarn_fdt_debug."""
    i = text.find("chosen {")
    assert i >= 0, "no /chosen printed (tarn_fdt_debug)"
    depth, j = 0, i
    while True:
        if text[j] == "{":
            depth += 1
        elif text[j] == "}":
            depth -= 1
            if depth == 0:
                return text[i:j + 1]
        j += 1


@pytest.mark.parametrize("gic", [3, 2])
def test_xen_dom0less_boot(boot_hypervisor, testguest, gic):
    run = boot_hypervisor("xen", [testguest], gic=gic)
    t = run.transcript
    assert "TARN BOOT: xen at 0x40400000" in t
    assert "Xen dom0less mode detected" in t
    assert re.search(r"\(XEN\) GICv%d: " % gic, t)
    assert "Using scheduler: SMP Credit Scheduler (credit)" in t
    assert "(XEN) DOM1: testguest: hello from a boot-time domain\n" in t
    check_testguest(run.lines[1])
    assert sorted(run.lines) == [1]
    assert "Panic" not in t


def test_xen_two_domus_and_knobs(boot_hypervisor, testguest):
    domus = [hypboot.Domu(testguest, memory_kib=32768, cpus=2, bootargs="one two"),
             hypboot.Domu(testguest)]
    run = boot_hypervisor("xen", domus, env_extra={"tarn_fdt_debug": "1"})
    t = run.transcript
    chosen = chosen_block(t)
    # Node order is load order; the module regs use the domain's 2/2 cells.
    d1, d2 = chosen.index("domU1 {"), chosen.index("domU2 {")
    assert d1 < d2
    a1 = re.search(r"TARN BOOT: domu1\.bin at 0x([0-9a-f]+), size 0x1000", t).group(1)
    a2 = re.search(r"TARN BOOT: domu2\.bin at 0x([0-9a-f]+), size 0x1000", t).group(1)
    assert int(a1, 16) % 0x200000 == 0 and int(a2, 16) == int(a1, 16) + 0x200000
    dom1, dom2 = chosen[d1:d2], chosen[d2:]
    assert "memory = <0x00000000 0x00008000>;" in dom1
    assert "cpus = <0x00000002>;" in dom1
    assert "memory = <0x00000000 0x00004000>;" in dom2
    assert "cpus = <0x00000001>;" in dom2
    for dom, addr in ((dom1, a1), (dom2, a2)):
        assert 'compatible = "xen,domain";' in dom
        assert "vpl011;" in dom
        assert "#address-cells = <0x00000002>;" in dom
        assert "#size-cells = <0x00000002>;" in dom
        assert "module@%s {" % addr in dom
        assert "reg = <0x00000000 0x%s 0x00000000 0x00001000>;" % addr.rjust(8, "0") in dom
        assert 'compatible = "multiboot,kernel", "multiboot,module";' in dom
    assert 'bootargs = "one two";' in dom1
    assert 'bootargs = "";' in dom2
    # Xen took the knobs (it prints memory in hex KiB).
    assert "*** LOADING DOMU cpus=2 memory=8000KB ***" in t
    assert "*** LOADING DOMU cpus=1 memory=4000KB ***" in t
    assert "Loading d1 kernel from boot module @ %016x" % int(a1, 16) in t
    assert "Loading d2 kernel from boot module @ %016x" % int(a2, 16) in t
    check_testguest(run.lines[1])
    check_testguest(run.lines[2])


def test_vpl011_knob_leaves_it_out(make_disk, uboot_env, qemu, testguest):
    disk = make_disk({"xen": hypboot.hyp_image("xen"), "domu1.bin": testguest})
    env = uboot_env(tarn_hyp="xen", domu1_vpl011="no", tarn_fdt_debug="1")
    q = qemu(disk=disk, env=env, icount=True)
    q.expect(r"Starting kernel \.\.\.", timeout=120)
    chosen = chosen_block(q.transcript)
    assert "domU1 {" in chosen and "vpl011" not in chosen
    assert 'xen,xen-bootargs = "%s";' % hypboot.XEN_DEFAULT_BOOTARGS in chosen


def test_unknown_hypervisor_is_refused(make_disk, uboot_env, qemu, tarn_build):
    disk = make_disk([tarn_build / "tarn.bin"])
    q = qemu(disk=disk, env=uboot_env(tarn_hyp="kvm"), icount=True)
    q.expect(r"TARN BOOT ERROR: tarn_hyp=kvm: must be tarn or xen", timeout=120)
    q.expect(r"=> ", timeout=60)       # back at U-Boot's prompt: nothing booted
    assert "Starting kernel" not in q.transcript


def test_tarn_gets_the_same_domu_tree(make_disk, uboot_env, qemu, tarn_build, testguest):
    """Tarn (the default hypervisor) sees the dom0less domain's kernel."""
    disk = make_disk({"tarn.bin": tarn_build / "tarn.bin", "domu1.bin": testguest})
    q = qemu(disk=disk, env=uboot_env(domu1_bootargs="x=1"), icount=True)
    q.expect(r"modules: +1\n", timeout=120)
    q.expect(r'module 0: kernel domU1/module@[0-9a-f]+ at 0x[0-9a-f]+, 4096 bytes, '
             r'bootargs "x=1"', timeout=30)
    q.check()


def test_bad_domu_knob_is_refused(make_disk, uboot_env, qemu, testguest):
    disk = make_disk({"xen": hypboot.hyp_image("xen"), "domu1.bin": testguest})
    q = qemu(disk=disk, env=uboot_env(tarn_hyp="xen", domu1_memory_kib="lots"), icount=True)
    q.expect(r"TARN BOOT ERROR: cannot describe domU1 \(domu1_memory_kib=lots, "
             r"domu1_cpus=1\)", timeout=120)
    q.expect(r"=> ", timeout=60)
    assert "Starting kernel" not in q.transcript
