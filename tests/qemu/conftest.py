"""pytest fixtures for the QEMU scenarios (see tarnqemu.py).

    def test_boot(tarn_build, make_disk, uboot_env, qemu):
        disk = make_disk([tarn_build / "tarn.bin"])
        env = uboot_env(tarn_addr="0x60000000")
        q = qemu(disk=disk, env=env, mem="1G", icount=True)
        q.expect(r"Tarn .*\\n", timeout=30)
        q.check()

TARN_BUILD selects the build tree (default build/qemu-virt, relative to the
repository root); TARN_UBOOT and TARN_QEMU override the U-Boot binary and the
QEMU program; TARN_XEN the Xen image (default build/deps/xen/boot/xen-4.17-arm64).

Tarn/Xen parity (hypboot.py):

    def test_x(boot_hypervisor, testguest):
        run = boot_hypervisor("xen", [testguest], gic=2)
        assert "testguest: done" in run.lines[1]
"""

import os
import pathlib
import shutil
import subprocess
import sys

import pytest

import hypboot
import tarnqemu
import testguests

REPO = pathlib.Path(tarnqemu.REPO_ROOT)
UBOOT_ENV_TOOL = REPO / "tools" / "uboot-env.py"
MKDISK_TOOL = REPO / "tools" / "mkdisk.sh"
BOOT_CMD = REPO / "platform" / "qemu-virt" / "boot.cmd"


def _run(cmd):
    r = subprocess.run([str(c) for c in cmd], capture_output=True, text=True)
    if r.returncode != 0:
        raise AssertionError("command failed (%d): %s\n%s%s"
                             % (r.returncode, " ".join(map(str, cmd)),
                                r.stdout, r.stderr))


@pytest.fixture(scope="session")
def tarn_build():
    """Path of the build tree holding tarn.bin & co."""
    p = pathlib.Path(os.environ.get("TARN_BUILD", "build/qemu-virt"))
    return p if p.is_absolute() else REPO / p


@pytest.fixture
def uboot_env(tmp_path):
    """Factory: uboot_env(**overrides) -> path of a fresh env pflash image.
    Keyword arguments become --set key=value; a dict may be passed for names
    that are not Python identifiers.  bootdelay=0 and boot_targets=virtio0
    are always applied (by tools/uboot-env.py)."""
    count = [0]

    def make(overrides=None, /, **kw):
        sets = dict(overrides or {})
        sets.update(kw)
        count[0] += 1
        out = tmp_path / ("env-%d.img" % count[0])
        cmd = [sys.executable, UBOOT_ENV_TOOL, "--uboot", tarnqemu.UBOOT_BIN,
               "--out", out]
        for k, v in sets.items():
            cmd += ["--set", "%s=%s" % (k, v)]
        _run(cmd)
        return out
    return make


@pytest.fixture
def make_disk(tmp_path):
    """Factory: make_disk(files, bootcmd=BOOT_CMD) -> path of a fresh disk.
    files is a list of paths (copied under their basenames) or a dict
    {name on the FAT: source path}, e.g. {"tarn.bin": ..., "dom0.bin": ...}."""
    count = [0]

    def make(files, bootcmd=BOOT_CMD):
        count[0] += 1
        out = tmp_path / ("disk-%d.img" % count[0])
        if isinstance(files, dict):
            stage = tmp_path / ("disk-%d.files" % count[0])
            stage.mkdir()
            paths = []
            for name, src in files.items():
                dst = stage / name
                shutil.copyfile(src, dst)
                paths.append(dst)
        else:
            paths = list(files)
        for p in paths:
            if not pathlib.Path(p).is_file():
                raise AssertionError("make_disk: %s does not exist" % p)
        _run(["bash", MKDISK_TOOL, out, bootcmd] + paths)
        return out
    return make


@pytest.fixture
def qemu():
    """Factory: qemu(**kw) -> started tarnqemu.Qemu (same arguments); every
    instance is killed at teardown even if the test fails."""
    started = []

    def start(**kw):
        q = tarnqemu.Qemu(**kw)
        started.append(q)
        return q
    yield start
    for q in started:
        q.close()


@pytest.fixture(scope="session")
def testguest():
    """Path of the assembly test guest (tests/qemu/guests/testguest.S),
    built into build/test-guests/ once per session."""
    return pathlib.Path(testguests.build("testguest"))


@pytest.fixture
def boot_hypervisor(tmp_path, qemu):
    """Factory: boot_hypervisor(hyp, domus, **kw) -> hypboot.Run.  hyp is
    "tarn" or "xen"; domus a list of image paths or hypboot.Domu; keyword
    arguments as hypboot.boot (gic, smp, mem, icount, timeout, xen_bootargs,
    env_extra).  QEMU is killed once every guest printed its `until` line,
    and at teardown in any case."""
    count = [0]

    def boot(hyp, domus, **kw):
        count[0] += 1
        work = tmp_path / ("hyp-%d-%s" % (count[0], hyp))
        return hypboot.boot(hyp, domus, workdir=str(work), start_qemu=qemu, **kw)
    return boot
