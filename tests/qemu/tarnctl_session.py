"""Tarn with tarnctl as the control domain, driven over the serial console as
a person would: U-Boot boots Tarn, Tarn starts tarnctl (dom0.bin), tarnctl
opens the store on the disk's second partition and shows its prompt.
Stdlib only.

    s = TarnctlSession(qemu, tmp_path, images={"ticker.img": path},
                       configs={"ticker.cfg": 'name = "ticker"\\n...'})
    s.wait_prompt()
    out = s.cmd("list")              # what tarnctl printed for the command

The store is made and filled with the host tool (tools/tarn-store), exactly
as `make run` does, at the second partition of the disk tools/mkdisk.sh
makes.  Guests the scenario creates are quiet on Tarn's console (as xl's
domains are): their output is read with `console <dom>`.

Without -icount by default: under icount with sleep=off an idle machine's
clock jumps from timer to timer as fast as QEMU can run them, so a guest that
prints on a timer fills its 16 KiB console ring in milliseconds of host time
and what it printed first is gone before a test can look.  The benchmarks
(tests/bench/tarnctl_records.py) ask for icount.
"""

import os
import re
import subprocess
import time

import hypboot
import tarnqemu

REPO = tarnqemu.REPO_ROOT
TARNCTL_IMG = os.path.join(REPO, "build", "ctl", "tarnctl.img")
TARN_STORE = os.path.join(REPO, "build", "tools", "tarn-store")
GUESTS_OUT = os.path.join(REPO, "build", "guests")
# tools/mkdisk.sh: partition 2 (the store) starts at sector 67584.
STORE_OFFSET = 67584 * 512
STORE_SIZE = "64M"

PROMPT = "tarnctl> "
FATAL = re.compile(r"TARN PANIC|Tarn stopped: |\*\*\* ")


def guest_image(name):
    path = os.path.join(GUESTS_OUT, name, name + ".img")
    if not os.path.isfile(path):
        raise AssertionError("guest image %s not found: run make guests" % path)
    return path


def run_tool(*args):
    r = subprocess.run([TARN_STORE] + [str(a) for a in args], capture_output=True, text=True)
    if r.returncode != 0:
        raise AssertionError("tarn-store %s failed (%d): %s%s" % (
            " ".join(map(str, args)), r.returncode, r.stdout, r.stderr))
    return r.stdout


def fill_store(disk, workdir, images, configs):
    """mkfs the store partition and add each image and config."""
    run_tool("--offset", STORE_OFFSET, "mkfs", disk, STORE_SIZE)
    for name, src in images.items():
        run_tool("--offset", STORE_OFFSET, "add", disk, name, src, "--type", "image")
    for name, text in configs.items():
        path = os.path.join(str(workdir), "cfg-" + name)
        with open(path, "w") as f:
            f.write(text)
        run_tool("--offset", STORE_OFFSET, "add", disk, name, path, "--type", "config")


def damage_bytes(disk, text):
    """Flip a byte of the one store payload holding text, as a bad sector would."""
    with open(disk, "r+b") as f:
        f.seek(STORE_OFFSET)
        data = f.read(4 << 20)
        at = data.find(text)
        if at < 0 or data.find(text, at + 1) >= 0:
            raise AssertionError("damage: %r not found once in the store" % text)
        f.seek(STORE_OFFSET + at)
        f.write(bytes([data[at] ^ 0xff]))


class TarnctlSession:
    def __init__(self, start_qemu, workdir, *, images=None, configs=None, gic=3, smp=1,
                 mem="1G", icount=False, timeout=180, bootargs="dom0_mem=32M",
                 store=True, damage=None):
        os.makedirs(str(workdir), exist_ok=True)
        if not os.path.isfile(TARNCTL_IMG):
            raise AssertionError("%s not found: run make guests" % TARNCTL_IMG)
        disk = hypboot.make_disk("tarn", [], str(workdir), {"dom0.bin": TARNCTL_IMG})
        if store:
            fill_store(disk, workdir, images or {}, configs or {})
        if damage:
            damage_bytes(disk, damage)
        self.disk = disk
        env = hypboot.make_env(hypboot.env_settings("tarn", [], None, {"bootargs": bootargs}),
                               os.path.join(str(workdir), "env.img"))
        self.timeout = timeout
        self.mark = 0  # where expect() starts looking in the transcript
        self.q = start_qemu(disk=disk, env=env, gic=gic, smp=smp, mem=mem, icount=icount,
                            hard_timeout=timeout * 4, name=None)

    @property
    def transcript(self):
        return self.q.transcript

    def _fatal(self, since=0):
        text = self.q.transcript
        handoff = text.find(tarnqemu.HANDOFF_MARKER)
        m = FATAL.search(text, max(handoff, since)) if handoff >= 0 else None
        if m:
            self.q._fail("Tarn cannot go on: %r" % m.group(0))

    def expect(self, regex, timeout=None):
        """Wait for regex (re.M) in what follows; fails at once on a panic."""
        deadline = time.monotonic() + (timeout or self.timeout)
        pat = re.compile(regex, re.M)
        start = self.mark
        while True:
            m = pat.search(self.q.transcript, start)
            if m:
                self.mark = m.end()
                return m
            self._fatal()
            left = deadline - time.monotonic()
            if left <= 0:
                self.q._fail("timeout waiting for %r" % regex)
            try:
                self.q.expect(r"[\s\S]", timeout=min(left, 1))
            except AssertionError:
                pass

    def expect_since(self, pos, regex, timeout=None):
        """As expect(), looking from transcript position pos on (the text a
        command printed counts too)."""
        self.mark = pos
        return self.expect(regex, timeout)

    def wait_prompt(self):
        # At a line start: the line editor's redraws print it after a CR.
        return self.expect(r"\n" + re.escape(PROMPT))

    def send(self, text):
        self.q.send(text, slow=True, char_delay=0.002)

    def cmd(self, line, timeout=None):
        """Type line and Enter; returns what tarnctl printed before its next
        prompt (the echoed line left out)."""
        start = len(self.q.transcript)
        self.mark = start
        self.send(line + "\r")
        m = self.expect(r"\n" + re.escape(PROMPT), timeout)
        out = self.q.transcript[start:m.start() + 1]
        out = out.replace("\r\n", "\n").replace("\r", "")
        first, _, rest = out.partition("\n")
        return rest

    def console_lines(self, dom, until, timeout=None):
        """`console dom` until a console line matches until (a regex), then
        Ctrl-]; returns the lines it showed."""
        start = len(self.q.transcript)
        self.mark = start
        self.send("console %s\r" % dom)
        self.expect(until, timeout)
        self.send("\x1d")
        m = self.wait_prompt()
        text = self.q.transcript[start:m.start()].replace("\r", "")
        return text.split("\n")

    def check(self):
        self.q.check()
