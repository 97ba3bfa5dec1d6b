"""The boot disk passed through to the control domain (docs/passthrough.md).

guests/test-blk runs as the control domain (dom0.bin, domain 0): it finds its
DMA window in its device tree, opens the virtio-blk disk with guest-kit's
driver, reads the MBR (signature, partition 2 of type 0xda at LBA 67584),
writes patterns inside partition 2, flushes, reads them back (one sector, a
few, 150 KiB in several requests), and checks that transfers past the end
fail.  The same image runs beside it as a domU (bootarg "domu"): it has no
virtio-mmio node, and reading or writing the disk's registers faults into it.

QEMU's `-drive if=virtio` is a virtio-blk-pci device on virt, so the disk is
attached here as virtio-blk-device (virtio-mmio; U-Boot boots from it the
same way).  It is opened with snapshot=on and TarnRun builds a fresh disk image
in the test's own directory, so the writes reach neither the image another
test uses nor the file.  Both GIC versions; on GICv3 also with QEMU's modern
(version 2) virtio-mmio transport instead of the legacy one it defaults to.

Every run fails on a `not ok`, a missing plan, a crash, a Tarn panic or a
timeout (TarnRun.wait_for, assert_tap, run.check).
"""

import re

import pytest

from hypboot import Domu
from tarnguests import TarnRun, assert_tap, guest_image

TIMEOUT = 90
DOM0_MEM_MIB = 32
TARN_BOOTARGS = "dom0_mem=%dM" % DOM0_MEM_MIB
DMA_WINDOW_KIB = 4096
MODERN = ["-global", "virtio-mmio.force-legacy=false"]



PASSED = re.compile(r"^\(tarn\) domain 0 \(control\): 32 virtio-mmio devices passed through "
                    r"\(0xa000000\.\., INTIDs 48\.\.79\), DMA window 0x([0-9a-f]+), %d KiB$"
                    % DMA_WINDOW_KIB, re.M)


@pytest.mark.parametrize("gic,modern", [(3, False), (2, False), (3, True)],
                         ids=["gicv3", "gicv2", "gicv3-modern"])
def test_control_domain_owns_the_disk(qemu, tmp_path, gic, modern):
    image = guest_image("test-blk")

    def start_qemu(**kw):
        return qemu(extra_args=MODERN if modern else [], **kw)

    run = TarnRun(start_qemu, tmp_path, [Domu(image, bootargs="domu")], gic=gic,
                  extra_files={"dom0.bin": image}, env_extra={"bootargs": TARN_BOOTARGS},
                  timeout=TIMEOUT)
    ids = run.wait_started()
    assert ids == {"control": 0, "domU1": 1}, "created: %s" % ids
    m = PASSED.search(run.transcript)
    assert m, "no passthrough line from Tarn"
    window = int(m.group(1), 16)
    assert window >= 0x40000000 + (DOM0_MEM_MIB << 20), "window 0x%x inside RAM0" % window

    run.wait_for({n: run.tap_end(n) for n in ids})
    ctl, domu = run.lines("control"), run.lines("domU1")
    assert_tap(ctl, "control domain (d0)")
    assert_tap(domu, "domU1 (d1)")
    version = 2 if modern else 1
    assert any(re.match(r"^# disk: \d+ sectors, virtio-mmio version %d$" % version, line)
               for line in ctl), "\n".join(ctl)
    assert any(re.match(r"^ok \d+ - 300 sectors at LBA \d+ .*the same$", line)
               for line in ctl), "\n".join(ctl)

    # The control domain shut down: its RAM and the DMA window go back, scrubbed.
    run.wait_for({"freed": r"^\(tarn\) domain 0 \(control\): %d KiB returned to the free pool, "
                           r"scrubbed$" % ((DOM0_MEM_MIB << 10) + DMA_WINDOW_KIB)})
    run.check()
