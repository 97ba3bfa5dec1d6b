"""Drive QEMU (virt + U-Boot + Tarn) from pytest scenarios.

Stdlib only.  A scenario builds a disk (tools/mkdisk.sh) and a U-Boot env
image (tools/uboot-env.py), then:

    with Qemu(disk=disk, env=env, smp=2, mem="1G", icount=True) as q:
        q.expect(r"PAYLOAD AT EL(\\d)", timeout=60)
        q.send("help\\n", slow=True)
        q.expect(r"tarn> ")
        check_transcript(q.transcript)

The serial console is QEMU's stdio (stdin/stdout pipes, stderr merged in).
Every transcript is also written, as it arrives, to
build/test-logs/<testname>.log; the test name defaults to the running pytest
test (PYTEST_CURRENT_TEST).  Besides the per-call timeouts of expect(), every
QEMU gets a hard timeout after which the process is killed whatever the test
is doing, so a wedged guest can never hang the test run.
"""

import codecs
import os
import re
import select
import signal
import subprocess
import threading
import time

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
LOG_DIR = os.path.join(REPO_ROOT, "build", "test-logs")
UBOOT_BIN = os.environ.get("TARN_UBOOT", "/usr/lib/u-boot/qemu_arm64/u-boot.bin")
QEMU_BIN = os.environ.get("TARN_QEMU", "qemu-system-aarch64")

# Console text that means something went badly wrong in the guest.  "*** "
# starts Tarn's exception reports.
PANIC_MARKERS = ("TARN PANIC", "*** ")
# U-Boot prints this just before jumping to the image; check_transcript only
# looks at what follows it (when present), so U-Boot's own "*** Warning - ..."
# messages are not mistaken for Tarn exception reports.
HANDOFF_MARKER = "Starting kernel ..."
_TAP_NOT_OK = re.compile(r"^\s*not ok\b.*$", re.MULTILINE)

TAIL_LINES = 60


def _tail(text, n=TAIL_LINES):
    lines = text.splitlines()
    return "\n".join(lines[-n:])


def check_transcript(text, after=HANDOFF_MARKER):
    """Raise AssertionError if the console shows a panic marker or a TAP
    "not ok" line.  Only the text after the first `after` marker is checked
    if that marker occurs (pass after=None to check everything)."""
    if after:
        i = text.find(after)
        if i >= 0:
            text = text[i + len(after):]
    for line in text.splitlines():
        for m in PANIC_MARKERS:
            if m in line:
                raise AssertionError("panic marker %r on console: %r\n"
                                     "--- last %d lines ---\n%s"
                                     % (m, line, TAIL_LINES, _tail(text)))
    m = _TAP_NOT_OK.search(text)
    if m:
        raise AssertionError("TAP failure on console: %r\n--- last %d lines "
                             "---\n%s" % (m.group(0), TAIL_LINES, _tail(text)))


def _default_test_name():
    cur = os.environ.get("PYTEST_CURRENT_TEST", "")
    # "tests/qemu/test_boot.py::test_x[param] (call)"
    name = cur.split(" ")[0].split("::")[-1] if cur else "qemu"
    return name


def _safe_name(name):
    return re.sub(r"[^A-Za-z0-9_.,=+-]+", "_", name).strip("_") or "qemu"


class Qemu:
    """One QEMU virt machine booting U-Boot, with its console on pipes."""

    def __init__(self, *, gic=3, smp=1, mem="512M", icount=False, disk=None,
                 env=None, semihosting=False, extra_args=(), cpu="cortex-a57",
                 bios=UBOOT_BIN, qemu=QEMU_BIN, hard_timeout=300, name=None,
                 log_dir=LOG_DIR, start=True):
        if gic not in (2, 3):
            raise ValueError("gic must be 2 or 3")
        self.gic, self.smp, self.mem, self.icount = gic, smp, mem, icount
        self.disk, self.env, self.semihosting = disk, env, semihosting
        self.extra_args = list(extra_args)
        self.cpu, self.bios, self.qemu = cpu, bios, qemu
        self.hard_timeout = hard_timeout
        self.name = _safe_name(name or _default_test_name())
        self.log_path = os.path.join(log_dir, self.name + ".log")
        self.proc = None
        self.hard_timed_out = False
        self._text = []             # decoded console chunks
        self._pos = 0               # expect() searches from here
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self._log = None
        self._timer = None
        self._eof = False
        if start:
            self.start()

    # -- command line -------------------------------------------------------

    def command(self):
        cmd = [self.qemu,
               "-M", "virt,virtualization=on,gic-version=%d,dtb-randomness=off"
               % self.gic,
               "-cpu", self.cpu,
               "-smp", str(self.smp),
               "-m", str(self.mem),
               "-bios", self.bios,
               "-display", "none", "-serial", "stdio", "-monitor", "none",
               "-net", "none"]         # else QEMU wants efi-virtio.rom
        if self.icount:
            # Deterministic instruction counting; sleep=off makes WFI/timer
            # waits skip ahead in virtual time instead of idling in real time.
            cmd += ["-icount", "shift=0,sleep=off"]
        if self.disk:
            # A virtio-mmio disk (virtio-blk-device): U-Boot boots from it and
            # Tarn hands it to the control domain.  (-drive if=virtio would be
            # virtio-blk-pci on virt, which Tarn does not pass through.)
            cmd += ["-drive", "if=none,id=disk0,format=raw,snapshot=on,file=%s" % self.disk,
                    "-device", "virtio-blk-device,drive=disk0"]
        if self.env:
            # qemu_arm64 U-Boot reads its stored env from pflash bank 1.
            cmd += ["-drive", "if=pflash,unit=1,format=raw,readonly=on,file=%s"
                    % self.env]
        if self.semihosting:
            cmd += ["-semihosting-config", "enable=on,target=native"]
        cmd += self.extra_args
        return cmd

    # -- life cycle ---------------------------------------------------------

    def start(self):
        if self.proc:
            raise RuntimeError("already started")
        os.makedirs(os.path.dirname(self.log_path), exist_ok=True)
        self._log = open(self.log_path, "w", encoding="utf-8")
        self._log.write("# %s\n" % " ".join(self.command()))
        self._log.flush()
        self.proc = subprocess.Popen(self.command(), stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, bufsize=0,
                                     start_new_session=True)
        os.set_blocking(self.proc.stdout.fileno(), False)
        self._start_time = time.monotonic()
        self._timer = threading.Timer(self.hard_timeout, self._hard_kill)
        self._timer.daemon = True
        self._timer.start()
        return self

    def _hard_kill(self):
        if self.proc and self.proc.poll() is None:
            self.hard_timed_out = True
            try:
                self.proc.kill()
            except OSError:
                pass

    def close(self):
        """Kill QEMU (always), drain its output, close the log."""
        if self._timer:
            self._timer.cancel()
        if self.proc:
            if self.proc.poll() is None:
                try:
                    self.proc.send_signal(signal.SIGKILL)
                except OSError:
                    pass
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
            self._drain()
            for f in (self.proc.stdin, self.proc.stdout):
                try:
                    f.close()
                except OSError:
                    pass
        if self._log:
            if self.hard_timed_out:
                self._log.write("\n# QEMU killed: hard timeout (%ss)\n"
                                % self.hard_timeout)
            self._log.close()
            self._log = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass

    # -- console ------------------------------------------------------------

    @property
    def transcript(self):
        """Everything QEMU printed so far (CRs removed)."""
        if len(self._text) > 1:
            self._text = ["".join(self._text)]
        return self._text[0] if self._text else ""

    @property
    def elapsed(self):
        return time.monotonic() - self._start_time

    def _add(self, data):
        s = self._decoder.decode(data).replace("\r", "")
        if s:
            self._text.append(s)
            if self._log:
                self._log.write(s)
                self._log.flush()

    def _read_available(self):
        """Read whatever is ready now; returns False at EOF."""
        fd = self.proc.stdout.fileno()
        while True:
            try:
                data = os.read(fd, 65536)
            except BlockingIOError:
                return True
            except OSError:
                data = b""
            if not data:
                self._eof = True
                return False
            self._add(data)

    def _pump(self, timeout):
        """Wait up to timeout seconds for output and consume it."""
        if self._eof:
            time.sleep(min(timeout, 0.05))
            return
        r, _, _ = select.select([self.proc.stdout], [], [], max(timeout, 0))
        if r:
            self._read_available()

    def _drain(self):
        if self.proc and not self._eof:
            try:
                self._read_available()
            except (OSError, ValueError):
                pass

    def _fail(self, why):
        self._drain()
        raise AssertionError("%s\n--- last %d lines of %s ---\n%s"
                             % (why, TAIL_LINES, self.log_path,
                                _tail(self.transcript)))

    def expect(self, regex, timeout=30):
        r"""Wait until regex matches console output not yet consumed by an
        earlier expect(); return the match and consume up to its end.

        The regex is tried against whatever has arrived so far, so a line
        may be matched before it is complete: r"x=(\w+)" can match "x=1"
        of "x=1234".  End such patterns with "\n" (re.MULTILINE is on, but
        "$" also matches at the end of the text received so far)."""
        pat = re.compile(regex, re.MULTILINE) if isinstance(regex, str) else regex
        deadline = time.monotonic() + timeout
        while True:
            m = pat.search(self.transcript, self._pos)
            if m:
                self._pos = m.end()
                return m
            if self.hard_timed_out:
                self._fail("QEMU killed by hard timeout (%ss) waiting for %r"
                           % (self.hard_timeout, pat.pattern))
            if self._eof or self.proc.poll() is not None:
                self._drain()
                m = pat.search(self.transcript, self._pos)
                if m:
                    self._pos = m.end()
                    return m
                self._fail("QEMU exited (status %s) while waiting for %r"
                           % (self.proc.wait(), pat.pattern))
            left = deadline - time.monotonic()
            if left <= 0:
                self._fail("timeout (%ss) waiting for %r"
                           % (timeout, pat.pattern))
            self._pump(min(left, 0.5))

    def send(self, text, slow=False, char_delay=0.02):
        """Write text to the serial input.  With slow=True, one character at
        a time with char_delay seconds between them (a guest polling its UART
        without a FIFO drops characters that arrive too fast); output is
        consumed meanwhile so QEMU never blocks on a full stdout pipe."""
        data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
        try:
            if not slow:
                self.proc.stdin.write(data)
                self.proc.stdin.flush()
                return
            for i in range(len(data)):
                self.proc.stdin.write(data[i:i + 1])
                self.proc.stdin.flush()
                end = time.monotonic() + char_delay
                while True:
                    left = end - time.monotonic()
                    if left <= 0:
                        break
                    self._pump(left)
        except BrokenPipeError:
            self._fail("QEMU is gone; cannot send %r" % text)

    def wait_exit(self, timeout=30):
        """Wait for QEMU to exit on its own (e.g. semihosting SYS_EXIT) and
        return its exit status, consuming output meanwhile."""
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None:
            left = deadline - time.monotonic()
            if left <= 0:
                self._fail("timeout (%ss) waiting for QEMU to exit" % timeout)
            self._pump(min(left, 0.5))
        self._drain()
        if self.hard_timed_out:
            self._fail("QEMU killed by hard timeout (%ss)" % self.hard_timeout)
        return self.proc.returncode

    def check(self):
        """check_transcript() on everything seen so far."""
        self._drain()
        check_transcript(self.transcript)
