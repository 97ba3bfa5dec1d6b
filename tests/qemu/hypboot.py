"""Boot Tarn or Xen 4.17 with boot-time domains (dom0less) through U-Boot and
collect what each guest printed.  Stdlib only; used by the pytest fixture
`boot_hypervisor` (conftest.py) and by the benchmarks in tests/bench/.

    run = boot("xen", [Domu(testguest_bin)], workdir=tmp, gic=3)
    run.lines[1]    # ["testguest: counters ...", "testguest: hello ...", ...]

Both hypervisors are booted the same way: one disk made by tools/mkdisk.sh
from platform/qemu-virt/boot.cmd, holding the hypervisor ("tarn.bin" or
"xen") and domu1.bin .. domu4.bin; one U-Boot environment that sets
tarn_hyp and the domU knobs.  boot.cmd turns each domu<N>.bin into
/chosen/domU<N> (Xen's dom0less binding), so both see the same tree.

A dom0less guest cannot power the machine off (PSCI SYSTEM_OFF ends only the
domain), so a run ends when every domain has printed a line matching its
`until` pattern; QEMU is then killed.  It fails early on a hypervisor panic or
on a marker saying guests will never run (FATAL_MARKERS), and otherwise after
`timeout` seconds (plus tarnqemu's hard timeout on the QEMU process).

How a hypervisor shows a guest's console output is the GUEST_LINE_PATTERNS
table: one regex per way, with the groups `dom` (domain id) and `text` (what
the guest printed, prefix stripped).  Add a row when a hypervisor gains a
way (e.g. Tarn's console_io).
"""

import dataclasses
import os
import re
import shutil
import subprocess
import sys

import tarnqemu

REPO_ROOT = tarnqemu.REPO_ROOT
BOOT_CMD = os.path.join(REPO_ROOT, "platform", "qemu-virt", "boot.cmd")
MKDISK = os.path.join(REPO_ROOT, "tools", "mkdisk.sh")
UBOOT_ENV = os.path.join(REPO_ROOT, "tools", "uboot-env.py")

# Where tools/deps.sh puts Debian's xen-hypervisor-4.17-arm64.
XEN_IMAGE = os.environ.get("TARN_XEN", os.path.join(
    REPO_ROOT, "build", "deps", "xen", "boot", "xen-4.17-arm64"))
TARN_IMAGE = os.path.join(REPO_ROOT, os.environ.get("TARN_BUILD", "build/qemu-virt"),
                          "tarn.bin")

# The name boot.cmd loads for each value of env tarn_hyp.
HYP_FILE = {"tarn": "tarn.bin", "xen": "xen"}

# boot.cmd's default for xen_bootargs, and what the tests add to it: Xen 4.17
# (debug=n) prints only warnings by default, which hides "Xen dom0less mode
# detected" and guests' console_io output.
XEN_DEFAULT_BOOTARGS = "console=dtuart dtuart=/pl011@9000000 sched=credit bootscrub=0"
XEN_TEST_BOOTARGS = XEN_DEFAULT_BOOTARGS + " loglvl=all guest_loglvl=all"

# Optional "[<timestamp>] " Xen adds with console_timestamps=...
_XEN_TS = r"(?:\[[^\]\n]*\] )?"

# Each entry matches the start of one console line up to the end of the
# guest's text (named groups dom and text); a line counts once its newline
# has arrived.
GUEST_LINE_PATTERNS = {
    "xen": [
        # vpl011 (backend inside Xen for dom0less domUs), line-buffered.
        r"^\(XEN\) " + _XEN_TS + r"DOM(?P<dom>\d+): (?P<text>.*)",
        # HYPERVISOR_console_io(CONSOLEIO_write).
        r"^(?:\(XEN\) )?" + _XEN_TS + r"\(d(?P<dom>\d+)\) (?P<text>.*)",
    ],
    # hyp/console/console.c console_guest_line(): "(d<id>) " + the guest's line
    # (vpl011, line-buffered).  Tarn's own lines start "(tarn) ".
    "tarn": [
        r"^\(d(?P<dom>\d+)\) (?P<text>.*)",
    ],
}

# Console text after which no guest line will come.
FATAL_MARKERS = {
    "xen": [r"Panic on CPU \d+", r"\(XEN\) Reboot in five seconds"],
    "tarn": [r"TARN PANIC", r"Tarn stopped: .*", r"no guests yet: idling"],
}

# The hypervisor's first console line (for timing and sanity).
BANNER = {
    "xen": r"\(XEN\) " + _XEN_TS + r"Xen version 4\.17",
    "tarn": r"\(tarn\) Tarn \S+ \(\S+\) starting",
}


@dataclasses.dataclass
class Domu:
    """One boot-time domain: image (an arm64 Image) and boot.cmd's knobs;
    None leaves a knob unset (boot.cmd's default).  `until` is the regex a
    line of its output must match for the run to count it as finished."""
    image: str
    memory_kib: int = None
    cpus: int = None
    vpl011: bool = True
    bootargs: str = None
    until: str = r"testguest: done$"


@dataclasses.dataclass
class Run:
    hyp: str
    transcript: str
    lines: dict          # domain id -> [guest lines, prefix stripped]
    log_path: str


def _check(cmd):
    r = subprocess.run([str(c) for c in cmd], capture_output=True, text=True)
    if r.returncode != 0:
        raise AssertionError("command failed (%d): %s\n%s%s" % (
            r.returncode, " ".join(map(str, cmd)), r.stdout, r.stderr))


def hyp_image(hyp):
    path = {"tarn": TARN_IMAGE, "xen": XEN_IMAGE}[hyp]
    if not os.path.isfile(path):
        hint = "run tools/deps.sh (or make deps)" if hyp == "xen" else "run make"
        raise AssertionError("%s image %s not found: %s" % (hyp, path, hint))
    return path


def _as_domu(d):
    return d if isinstance(d, Domu) else Domu(image=str(d))


def make_disk(hyp, domus, workdir, extra_files=None):
    """A boot disk with the hypervisor and domu<N>.bin for each domain."""
    stage = os.path.join(workdir, "disk-files")
    shutil.rmtree(stage, ignore_errors=True)
    os.makedirs(stage)
    files = {HYP_FILE[hyp]: hyp_image(hyp)}
    for i, d in enumerate(domus, 1):
        files["domu%d.bin" % i] = d.image
    files.update(extra_files or {})
    paths = []
    for name, src in files.items():
        dst = os.path.join(stage, name)
        shutil.copyfile(src, dst)
        paths.append(dst)
    disk = os.path.join(workdir, "disk-%s.img" % hyp)
    _check(["bash", MKDISK, disk, BOOT_CMD] + paths)
    return disk


def env_settings(hyp, domus, xen_bootargs=None, extra=None):
    sets = {"tarn_hyp": hyp}
    if hyp == "xen":
        sets["xen_bootargs"] = XEN_TEST_BOOTARGS if xen_bootargs is None else xen_bootargs
    for i, d in enumerate(domus, 1):
        if d.memory_kib is not None:
            sets["domu%d_memory_kib" % i] = str(d.memory_kib)
        if d.cpus is not None:
            sets["domu%d_cpus" % i] = str(d.cpus)
        if not d.vpl011:
            sets["domu%d_vpl011" % i] = "no"
        if d.bootargs is not None:
            sets["domu%d_bootargs" % i] = d.bootargs
    sets.update(extra or {})
    return sets


def make_env(sets, path):
    cmd = [sys.executable, UBOOT_ENV, "--uboot", tarnqemu.UBOOT_BIN, "--out", path]
    for k, v in sets.items():
        cmd += ["--set", "%s=%s" % (k, v)]
    _check(cmd)
    return path


def guest_lines(hyp, text):
    """{domain id: [line, ...]} of the guest output in a console transcript,
    in the order printed, prefixes stripped (trailing whitespace removed)."""
    found = []
    for p in GUEST_LINE_PATTERNS[hyp]:
        for m in re.finditer(p + r"\n", text, re.M):
            found.append((m.start(), int(m.group("dom")), m.group("text").rstrip()))
    lines = {}
    for _, dom, t in sorted(found):
        lines.setdefault(dom, []).append(t)
    return lines


def wait_guests(q, hyp, untils, timeout):
    """Consume console output until, for every domain id in `untils`, a guest
    line matches its regex.  Fails at once on a FATAL_MARKERS line."""
    # A hypervisor with no GUEST_LINE_PATTERNS row waits here for a fatal
    # marker or the timeout, so the failure says what happened.
    alts = ["(?P<fatal>%s)" % "|".join(FATAL_MARKERS[hyp])]
    alts += ["(?:%s)\\n" % _ungroup(p) for p in GUEST_LINE_PATTERNS[hyp]]
    combined = re.compile("|".join(alts), re.M)
    pending = {dom: re.compile(u) for dom, u in untils.items()}
    while pending:
        m = q.expect(combined, timeout=timeout)
        if m.group("fatal"):
            q._fail("%s will run no (more) guests: %r" % (hyp, m.group("fatal")))
        for dom, t in guest_lines(hyp, m.group(0)).items():
            for text in t:
                if dom in pending and pending[dom].search(text):
                    del pending[dom]


def _ungroup(pattern):
    """Drop the names of named groups (a combined regex may repeat them)."""
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


def boot(hyp, domus, *, workdir, gic=3, smp=1, mem="512M", icount=True, timeout=120,
         xen_bootargs=None, env_extra=None, name=None, start_qemu=None, qemu_kw=None):
    """Boot `hyp` with the boot-time domains `domus` (Domu or image paths),
    wait for each to print its `until` line, kill QEMU, return a Run.

    start_qemu(**kw) -> tarnqemu.Qemu may be given (the pytest `qemu`
    fixture) so that the machine is also killed at test teardown."""
    if hyp not in HYP_FILE:
        raise ValueError("hyp must be one of %s" % ", ".join(HYP_FILE))
    domus = [_as_domu(d) for d in domus]
    if not 1 <= len(domus) <= 4:
        raise ValueError("boot.cmd takes 1 to 4 boot-time domains")
    os.makedirs(workdir, exist_ok=True)
    disk = make_disk(hyp, domus, workdir)
    env = make_env(env_settings(hyp, domus, xen_bootargs, env_extra),
                   os.path.join(workdir, "env-%s.img" % hyp))
    kw = dict(disk=disk, env=env, gic=gic, smp=smp, mem=mem, icount=icount,
              name=name or "%s-%s" % (tarnqemu._default_test_name(), hyp))
    kw.update(qemu_kw or {})
    q = (start_qemu or tarnqemu.Qemu)(**kw)
    try:
        q.expect(BANNER[hyp], timeout=timeout)
        # Dom0less domain ids are 1, 2, ... in /chosen order (= domu<N> order).
        wait_guests(q, hyp, {i: d.until for i, d in enumerate(domus, 1)}, timeout)
    finally:
        q.close()
    text = q.transcript
    return Run(hyp=hyp, transcript=text, lines=guest_lines(hyp, text),
               log_path=q.log_path)
