"""Boot-time domains on Tarn for the isolation and domain-error scenarios
(test_isolation.py, test_domain_errors.py): guest-kit guest images, TAP
verdicts, which domain got which id, and Tarn's debug keys.  Stdlib only.

    run = TarnRun(qemu, tmp_path, [Domu(guest_image("checksum")), ...],
                  gic=3, mem="1G", env_extra={"tarn_addr": "0x60000000"})
    run.wait_started()                  # {"domU1": 1, ...}: who was created
    run.wait_for({"done": run.tap_end("domU1")})
    assert_tap(run.lines("domU1"), "domU1")
    run.debug_key("q")                  # Tarn's answer, as text

Domain ids cannot be assumed: Tarn numbers the domains it creates 1, 2, ...
in /chosen order, so a domain it refuses shifts the ids of those after it.
TarnRun reads them from Tarn's "domain <id> (<name>): ..." lines.
"""

import fcntl
import os
import re
import subprocess
import time

import hypboot
import tarnqemu

REPO = tarnqemu.REPO_ROOT
GUESTS_OUT = os.path.join(REPO, "build", "guests")

# Tarn's line for each domain it created (hyp/domain/domain-build.c).
CREATED = re.compile(r"^\(tarn\) domain (\d+) \((\S+)\): \d+ vCPUs?, \d+ MiB", re.M)
STARTED = r"^\(tarn\) (?:(\d+) domains? started|no guests yet: idling)"
# After these nothing more will happen; PANIC_MARKERS are checked at the end.
FATAL = re.compile(r"TARN PANIC|Tarn stopped: |\*\*\* ")

# guest-kit's tap_done() summary: the last line a TAP guest prints.
TAP_SUMMARY = r"# \d+ passed, \d+ failed, \d+ skipped$"
_PLAN = re.compile(r"^1\.\.(\d+)(?:\s|$)")
_RESULT = re.compile(r"^(not )?ok (\d+)\b")


def guest_image(name):
    """build/guests/NAME/NAME.img, built from guests/NAME first (make; under
    the lock test_guests.py takes too, since pytest-xdist workers share the
    build tree and guest-kit's library)."""
    os.makedirs(GUESTS_OUT, exist_ok=True)
    with open(os.path.join(REPO, "build", ".guests.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        r = subprocess.run(["make", "--no-print-directory", "-C",
                            os.path.join(REPO, "guests", name)],
                           capture_output=True, text=True)
    if r.returncode != 0:
        raise AssertionError("building guests/%s failed:\n%s%s" % (name, r.stdout, r.stderr))
    return os.path.join(GUESTS_OUT, name, name + ".img")


def tap_problems(lines):
    """What is wrong with one guest's TAP output (empty list: it passed): a
    "not ok", no plan, results out of order, or a count that is not the plan."""
    plans = [int(m.group(1)) for m in map(_PLAN.match, lines) if m]
    results = [m for m in map(_RESULT.match, lines) if m]
    problems = ["%r" % line for line in lines if line.startswith("not ok")]
    if len(plans) != 1:
        problems.append("%d plan lines" % len(plans))
    numbers = [int(m.group(2)) for m in results]
    if numbers != list(range(1, len(numbers) + 1)):
        problems.append("results numbered %s" % numbers)
    if plans and len(results) != plans[0]:
        problems.append("%d results for a plan of %d" % (len(results), plans[0]))
    return problems


def assert_tap(lines, who):
    problems = tap_problems(lines)
    assert not problems, "%s: TAP failed: %s\n%s" % (who, "; ".join(problems), "\n".join(lines))


def tap_results(lines):
    """{number: description} of the ok lines."""
    out = {}
    for line in lines:
        m = re.match(r"^ok (\d+) - (.*)$", line)
        if m:
            out[int(m.group(1))] = m.group(2)
    return out


class TarnRun:
    """Tarn booted (1 CPU, icount, unless smp/icount say otherwise) with the
    boot-time domains `domus` (hypboot.Domu) and extra U-Boot env settings,
    on a `start_qemu` factory (the pytest `qemu` fixture, which kills QEMU at
    teardown)."""

    def __init__(self, start_qemu, workdir, domus, *, gic=3, mem="512M", env_extra=None,
                 extra_files=None, timeout=120, name=None, smp=1, icount=True):
        os.makedirs(str(workdir), exist_ok=True)
        disk = hypboot.make_disk("tarn", domus, str(workdir), extra_files)
        env = hypboot.make_env(hypboot.env_settings("tarn", domus, None, env_extra),
                               os.path.join(str(workdir), "env.img"))
        self.timeout = timeout
        self.q = start_qemu(disk=disk, env=env, gic=gic, smp=smp, mem=mem, icount=icount,
                            hard_timeout=timeout + 60, name=name)
        self.ids = {}

    @property
    def transcript(self):
        return self.q.transcript

    def wait_started(self):
        """Waits for Tarn's "N domains started"; {name: id} of those created."""
        self.q.expect(STARTED, timeout=self.timeout)
        self.ids = {name: int(i) for i, name in CREATED.findall(self.transcript)}
        return self.ids

    def guest_pattern(self, name, text):
        """A regex for a console line of domain `name` with `text` (a regex)."""
        return r"^\(d%d\) %s" % (self.ids[name], text)

    def tap_end(self, name):
        return self.guest_pattern(name, TAP_SUMMARY)

    def wait_for(self, patterns):
        """Waits until every regex of {key: regex} matches the console (in any
        order, anywhere); returns {key: match}.  Fails at once on a panic."""
        deadline = time.monotonic() + self.timeout
        found = {}
        while True:
            text = self.transcript
            for key, pat in patterns.items():
                if key not in found:
                    m = re.search(pat, text, re.M)
                    if m:
                        found[key] = m
            handoff = text.find(tarnqemu.HANDOFF_MARKER)
            fatal = FATAL.search(text, handoff) if handoff >= 0 else None
            if fatal:
                self.q._fail("Tarn cannot go on: %r" % fatal.group(0))
            if len(found) == len(patterns):
                return found
            left = deadline - time.monotonic()
            if left <= 0:
                self.q._fail("timeout (%ss) waiting for %s" % (
                    self.timeout, ", ".join(repr(patterns[k]) for k in patterns
                                            if k not in found)))
            try:
                self.q.expect(r"\n", timeout=left)
            except AssertionError:
                pass  # timeout or exit: reported above with what was missing

    def lines(self, name):
        """What domain `name` printed, prefix stripped."""
        return hypboot.guest_lines("tarn", self.transcript).get(self.ids[name], [])

    def debug_key(self, key):
        """Presses `key` on Tarn's console; Tarn's lines in answer, up to and
        including the answer to a 't' pressed after it (which marks the end)."""
        self.q.expect(r"\Z", timeout=1)  # what came before is not the answer
        start = len(self.transcript)
        self.q.send(key if key == "t" else key + "t")
        m = self.q.expect(r"^\(tarn\) ticks: .*\n", timeout=self.timeout)
        return self.transcript[start:m.end()]

    def check(self):
        """No panic marker and no "not ok" on the console."""
        self.q.check()
