"""Boot scenarios: U-Boot's distro boot runs boot.scr, which starts Tarn;
Tarn reaches its boot summary with the numbers the machine really has.

Single-CPU runs use -icount shift=0,sleep=off (deterministic). QEMU 7.2 can
stall a CPU sleeping in WFI for ~100 ms of virtual time when it is sent an
IPI under icount with several CPUs (shown by Tarn's boot-time IPI check, see
docs/qemu.md), so multi-CPU runs use multi-threaded TCG instead, and their
checks hold however busy the host is: they wait for events, never for time.
"""

import re

import pytest

import tarnqemu

# What Tarn's boot may keep for itself beyond the frame table (16 bytes per
# 4 KiB page): its image, the device tree, one 16 KiB stack per secondary CPU.
BOOT_SLACK_KIB = 1024


def mem_kib(mem):
    n, unit = int(mem[:-1]), mem[-1]
    return n << {"M": 10, "G": 20}[unit]


def boot_summary(q, timeout=120):
    q.expect(r"==== Tarn \S+ boot summary ====", timeout=timeout)
    q.expect(r"no guests yet: idling.*\n", timeout=timeout)
    text = q.transcript
    return text[text.rfind("==== Tarn"):]


def field(summary, pattern):
    m = re.search(pattern, summary)
    assert m, "summary lacks %r:\n%s" % (pattern, summary)
    return m


CONFIGS = [
    # gic, smp, mem, icount
    (3, 1, "512M", True),
    (2, 1, "512M", True),
    (3, 4, "2G", False),
    (2, 4, "2G", False),
    (3, 1, "4G", True),
    (2, 2, "4G", False),
]


@pytest.mark.parametrize("gic,smp,mem,icount", CONFIGS,
                         ids=["gic%d-smp%d-%s%s" % (g, s, m, "-icount" if i else "")
                              for g, s, m, i in CONFIGS])
def test_summary_matches_machine(tarn_build, uboot_env, qemu, gic, smp, mem, icount):
    q = qemu(disk=tarn_build / "disk.img", env=uboot_env(), gic=gic, smp=smp, mem=mem,
             icount=icount)
    s = boot_summary(q)
    assert field(s, r"GIC: +v(\d)").group(1) == str(gic)
    cpus = field(s, r"CPUs: +(\d+) online of (\d+), IPIs answered by (\d+) of (\d+)")
    assert [int(x) for x in cpus.groups()] == [smp, smp, smp - 1, smp - 1]
    ram = field(s, r"\((\d+) KiB total, (\d+) KiB free\)")
    total, free = int(ram.group(1)), int(ram.group(2))
    assert total == mem_kib(mem)
    frames_kib = total // 256
    used = total - free
    assert frames_kib <= used <= frames_kib + BOOT_SLACK_KIB + 16 * smp, \
        "Tarn keeps %d KiB of %d KiB" % (used, total)
    assert field(s, r"platform: +(\S+)").group(1) == "qemu-virt"
    q.check()


def read_ticks(q):
    q.send("t")
    m = q.expect(r"ticks:((?: cpu\d+=\d+)+)\r?\n", timeout=60)
    return {int(c): int(n) for c, n in re.findall(r"cpu(\d+)=(\d+)", m.group(1))}


@pytest.mark.parametrize("gic", [2, 3])
def test_timer_ticks_on_every_cpu(tarn_build, uboot_env, qemu, gic):
    q = qemu(disk=tarn_build / "disk.img", env=uboot_env(), gic=gic, smp=4, mem="1G")
    boot_summary(q)
    first = read_ticks(q)
    assert sorted(first) == [0, 1, 2, 3]
    # Wait for a later reading in which every CPU has ticked again.
    for _ in range(200):
        later = read_ticks(q)
        if all(later[c] > first[c] for c in first):
            break
    else:
        pytest.fail("some CPU stopped ticking: %r then %r" % (first, later))
    q.check()


def test_runs_wherever_booti_puts_it(tarn_build, uboot_env, qemu):
    q = qemu(disk=tarn_build / "disk.img", env=uboot_env(tarn_addr="0x60000000"),
             mem="1G", icount=True)
    s = boot_summary(q)
    assert field(s, r"image: +at (0x[0-9a-f]+)").group(1) == "0x60000000"
    q.check()


def test_modules_are_listed(tarn_build, make_disk, uboot_env, qemu, tmp_path):
    dom0 = tmp_path / "dom0.bin"
    dom0.write_bytes(b"\x01" * 12345)
    mod1 = tmp_path / "mod1.bin"
    mod1.write_bytes(b"\x02" * 4096)
    disk = make_disk({"tarn.bin": tarn_build / "tarn.bin", "dom0.bin": dom0,
                      "mod1.bin": mod1})
    env = uboot_env({"dom0_bootargs": "console=hvc0 quiet"})
    q = qemu(disk=disk, env=env, mem="1G", icount=True)
    s = boot_summary(q)
    assert field(s, r"modules: +(\d+)").group(1) == "2"
    mods = re.findall(r"module (\d+): (\S+) (\S+) at (0x[0-9a-f]+), (\d+) bytes, "
                      r"bootargs \"([^\"]*)\"", s)
    assert [(m[0], m[1], int(m[4]), m[5]) for m in mods] == [
        ("0", "kernel", 12345, "console=hvc0 quiet"), ("1", "kernel", 4096, "")]
    assert int(mods[0][3], 16) % 0x200000 == 0
    q.check()


BROKEN_MODULES = {
    "outside-ram": ("fdt mknode /chosen module@f0000000; "
                    "fdt set /chosen/module@f0000000 compatible multiboot,module; "
                    "fdt set /chosen/module@f0000000 reg <0x0 0xf0000000 0x0 0x1000>",
                    r"ERROR: module /chosen/module@f0000000: \[0xf0000000, 0xf0001000\) "
                    r"lies outside RAM"),
    "no-reg": ("fdt mknode /chosen module@0; "
               "fdt set /chosen/module@0 compatible multiboot,module",
               r"ERROR: module /chosen/module@0: missing or empty reg"),
}


@pytest.mark.parametrize("case", sorted(BROKEN_MODULES))
def test_broken_module_is_reported(tarn_build, uboot_env, qemu, case):
    edit, message = BROKEN_MODULES[case]
    pre = "fdt addr ${fdt_addr_r}; fdt set /chosen \"#address-cells\" <2>; " \
          "fdt set /chosen \"#size-cells\" <2>; " + edit
    q = qemu(disk=tarn_build / "disk.img", env=uboot_env(tarn_pre_boot=pre),
             mem="1G", icount=True)
    q.expect(message, timeout=60)
    q.expect(r"Tarn stopped: it will not run on a broken boot description", timeout=30)
    assert "boot summary" not in q.transcript
    q.check()


def test_crash_report(tarn_build, uboot_env, qemu):
    q = qemu(disk=tarn_build / "disk.img", env=uboot_env(), smp=2, mem="512M")
    boot_summary(q)
    q.send("C")
    q.expect(r"\*\*\* TARN PANIC: unexpected exception \(sync, EL2\) on CPU 0", timeout=30)
    q.expect(r"EC 0x25 \(data abort, same EL\) +ESR 0x[0-9a-f]{8}", timeout=30)
    q.expect(r"FAR 0000800000000000 +ELR [0-9a-f]{16} +SPSR [0-9a-f]{8}", timeout=30)
    q.expect(r"x30 [0-9a-f]{16} +sp +[0-9a-f]{16}", timeout=30)
    q.expect(r"\*\*\* CPU 0 stopped", timeout=30)
    with pytest.raises(AssertionError, match="TARN PANIC"):
        tarnqemu.check_transcript(q.transcript)
