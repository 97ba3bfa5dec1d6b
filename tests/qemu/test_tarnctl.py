"""tarnctl scenarios: Tarn boots tarnctl as its control domain
from the boot disk; the tests type at its prompt as a person would and read
what it prints.  See tarnctl_session.py for the set-up.

Guests created by tarnctl are quiet on Tarn's console; what they print is
read through `console <dom>` (Ctrl-] detaches).  Free memory is read from
Tarn itself (debug key m, reached with Ctrl-A three times), exact to the KiB.
"""

import re

import pytest

from tarnctl_session import TarnctlSession, guest_image

TICKER_CFG = """name = "ticker"
kernel = "ticker.img"
memory = 16
vcpus = 1
cmdline = "period_ms=50"
"""

TICK = re.compile(r"ticker: tick (\d+)")
FREE = re.compile(r"\(tarn\) memory: (\d+) KiB free")


def ticks(lines):
    return [int(m.group(1)) for line in lines for m in [TICK.search(line)] if m]


def session(qemu, tmp_path, configs=None, images=None, **kw):
    imgs = {"ticker.img": guest_image("ticker")}
    imgs.update(images or {})
    cfgs = {"ticker.cfg": TICKER_CFG}
    cfgs.update(configs or {})
    s = TarnctlSession(qemu, tmp_path, images=imgs, configs=cfgs, **kw)
    s.wait_prompt()
    return s


def free_kib(s):
    """Tarn's free memory in KiB, asked with debug key m."""
    s.mark = len(s.transcript)
    s.send("\x01\x01\x01")
    s.expect(r"Serial input to Tarn")
    s.send("m")
    m = s.expect(FREE.pattern)
    s.send("\x01\x01\x01")
    s.expect(r"Serial input to the control domain")
    s.cmd("")  # a fresh prompt
    return int(m.group(1))


def last_tick(s, dom="ticker", at_least=1):
    lines = s.console_lines(dom, r"ticker: tick (\d*[%d-9]|\d{2,})\b" % min(at_least, 9)
                            if at_least < 10 else r"ticker: tick \d+")
    return max(ticks(lines))


@pytest.mark.parametrize("gic", [3, 2])
def test_create_console_destroy(qemu, tmp_path, gic):
    """create from a config, list shows it, console shows its output (and
    that a domU calling domctl gets -EPERM), destroy returns every page."""
    s = session(qemu, tmp_path, gic=gic)
    before = free_kib(s)
    out = s.cmd("create ticker.cfg")
    assert "Parsing config from ticker.cfg" in out and "Started domain ticker (id=1)" in out, out
    out = s.cmd("list")
    assert re.search(r"^ticker\s+1\s+16\s+1\s+(?:r-----|-b----)\s+\d+\.\d$", out, re.M), out
    # 32 MiB of RAM and the 4 MiB DMA window for its disk (docs/passthrough.md)
    assert re.search(r"^control\s+0\s+36\s+1\s+r-----", out, re.M), out
    lines = s.console_lines("ticker", r"ticker: tick 3\b")
    assert any(re.match(r"ok 1 - domctl from a domU is refused with -EPERM", l)
               for l in lines), lines
    assert free_kib(s) <= before - 16 * 1024  # its RAM, and Tarn's own for it
    out = s.cmd("destroy ticker")  # Tarn says what came back
    assert re.search(r"^\(tarn\) domain 1 \(ticker\) destroyed: 16384 KiB returned to the "
                     r"free pool, scrubbed$", out, re.M), out
    assert "ticker" not in s.cmd("list")
    assert free_kib(s) == before
    s.check()


def test_pause_unpause_memset_reboot(qemu, tmp_path):
    s = session(qemu, tmp_path)
    base = free_kib(s)
    s.cmd("create ticker")
    first = last_tick(s, at_least=3)
    assert s.cmd("pause ticker").strip() == ""
    out = s.cmd("list ticker")
    assert re.search(r"^ticker\s+1\s+16\s+1\s+--p---", out, re.M), out
    paused = max(ticks(s.console_lines("ticker", r"ticker: tick %d\b" % first)))
    for _ in range(5):  # time passes: the control domain runs, the ticker does not
        s.cmd("vcpu-list ticker")
    again = s.console_lines("ticker", r"ticker: tick %d\b" % paused)
    assert max(ticks(again)) == paused, again[-5:]
    assert "invalid argument" in s.cmd("pause ticker")  # already paused
    assert s.cmd("unpause ticker").strip() == ""
    resumed = s.console_lines("ticker", r"ticker: tick %d\b" % (paused + 3))
    assert max(ticks(resumed)) >= paused + 3
    out = s.cmd("vcpu-list ticker")
    assert re.search(r"^ticker\s+1\s+0\s+0\s+[rb-]{3}\s+\d+\.\d\s+all / all", out, re.M), out
    # mem-set: the guest's balloon gives 8 MiB back, then takes it again
    before = free_kib(s)
    assert s.cmd("mem-set ticker 8m").strip() == ""
    s.console_lines("ticker", r"ticker: balloon holds 2048 pages")
    assert re.search(r"^ticker\s+1\s+8\s+1\s", s.cmd("list ticker"), re.M)
    # Back to the pool: 8 MiB, less what Tarn keeps for the domain until it
    # goes (stage-2 tables that split 2 MiB blocks, a larger extent table)
    kept = before + 8192 - free_kib(s)
    assert 0 <= kept <= 256, kept
    assert s.cmd("mem-set ticker 16m").strip() == ""
    s.console_lines("ticker", r"ticker: balloon holds 0 pages")
    assert re.search(r"^ticker\s+1\s+16\s+1\s", s.cmd("list ticker"), re.M)
    assert before - 256 <= free_kib(s) <= before
    # reboot: built again from its config, under a new id
    pos = len(s.transcript)
    s.cmd("reboot ticker")
    s.expect_since(pos, r"ticker \(domain 1\) rebooted: restarted as domain 2")
    s.cmd("")
    lines = s.console_lines("2", r"ticker: tick 2\b")
    assert ticks(lines)[0] == 1  # a fresh start
    pos = len(s.transcript)
    s.cmd("shutdown ticker")
    s.expect_since(pos, r"ticker \(domain 2\) shut down: destroyed")
    s.cmd("")
    assert "ticker" not in s.cmd("list")
    assert free_kib(s) == base  # the balloon's traces went with the domain
    s.check()


CRASHER_CFG = """name = "crasher"
kernel = "ticker.img"
memory = 8
cmdline = "period_ms=20 crash_after=2"
on_crash = "restart"
"""


KEEPER_CFG = CRASHER_CFG.replace('"crasher"', '"keeper"').replace('"restart"', '"preserve"')


def test_on_crash_restart_and_info(qemu, tmp_path):
    s = session(qemu, tmp_path, configs={"crasher.cfg": CRASHER_CFG, "keeper.cfg": KEEPER_CFG,
                                         "autostart": "# started at boot\nticker.cfg\n"})
    assert re.search(r"autostart: ticker\.cfg", s.transcript)
    assert re.search(r"^ticker\s+1\s", s.cmd("list"), re.M)
    pos = len(s.transcript)
    s.cmd("create crasher")
    s.expect_since(pos, r"\(tarn\) domain 2 \(crasher\) vCPU 0 crashed")
    s.expect(r"crasher \(domain 2\) crashed: restarted as domain 3")
    s.expect(r"crasher \(domain 3\) crashed: restarted as domain 4")
    s.expect(r"crasher \(domain 4\) crashed: restarted as domain 5")
    s.expect(r"crasher \(domain 5\) crashed 4 times within 10 s: not restarting it; "
             r"destroyed")
    s.cmd("")
    assert "crasher" not in s.cmd("list")
    # on_crash = "preserve": kept, shown crashed, until destroyed
    pos = len(s.transcript)
    s.cmd("create keeper")
    s.expect_since(pos, r"keeper \(domain 6\) crashed: kept as it is")
    s.cmd("")
    assert re.search(r"^keeper\s+6\s+0\s+1\s+---sc-", s.cmd("list"), re.M)
    assert "domain 6 (keeper) destroyed" in s.cmd("destroy keeper")
    # The line editor over the serial line: a typo fixed with Backspace, a
    # word inserted after moving left, the last line again with Up.
    out = s.cmd("lisx\x7ft")
    assert out.startswith("Name") and "ticker" in out, out
    out = s.cmd("list\x1b[D\x1b[D\x1b[D\x1b[Dvcpu-")
    assert "VCPU   CPU State" in out, out
    out = s.cmd("\x1b[A")
    assert "VCPU   CPU State" in out, out
    out = s.cmd("sched-credit -d ticker -w 512 -c 50")
    assert out.strip() == "", out
    out = s.cmd("sched-credit -d ticker")
    assert re.search(r"^ticker\s+1\s+512\s+50$", out, re.M), out
    out = s.cmd("sched-credit -s")
    assert "Cpupool Pool-0: tslice=30ms ratelimit=1000us" in out, out
    out = s.cmd("info")
    assert re.search(r"^nr_cpus\s+: 1$", out, re.M) and "xen_scheduler" in out, out
    out = s.cmd("dmesg")
    assert "Tarn 0.1.0 (qemu-virt) starting" in out, out
    s.send("top\r")
    s.expect(r"ticker\s+1\s+\d+\.\d \[")
    s.send("q")
    s.wait_prompt()
    s.check()


BAD_CONFIGS = {
    "unknown.cfg": 'name = "u"\nkernel = "ticker.img"\ncolour = "blue"\n',
    "huge.cfg": 'name = "huge"\nkernel = "ticker.img"\nmemory = 3000\n',
    "nokernel.cfg": 'name = "nk"\nkernel = "missing.img"\n',
    "toobig.cfg": 'name = "tb"\nkernel = "big.img"\nmemory = 16\n',
    "dup.cfg": 'name = "ticker"\nkernel = "ticker.img"\nmemory = 16\n',
}


def test_bad_input(qemu, tmp_path):
    # An Image header that claims 1 GiB: the builder must refuse it.
    big = bytearray(open(guest_image("ticker"), "rb").read())
    big[16:24] = (1 << 30).to_bytes(8, "little")
    (tmp_path / "big.img").write_bytes(bytes(big))
    s = session(qemu, tmp_path, configs=BAD_CONFIGS, images={"big.img": str(tmp_path / "big.img")})
    before = free_kib(s)
    s.cmd("create ticker")
    cases = [
        ("create nosuch.cfg", r"cannot read config nosuch\.cfg: not in the store"),
        ("create unknown", r"unknown\.cfg:3: .*colour"),
        ("create huge", r"memory = 3000 MiB but only \d+ MiB is free"),
        ("create nokernel", r"kernel missing\.img: not in the store"),
        ("create toobig", r"kernel big\.img: kernel of \d+ bytes \(image_size 1073741824, "
                          r"text_offset 0\) does not fit in 14336 KiB"),
        ("create dup", r"a domain with that name exists"),
        ("create", r"usage: create \[-c\] <config>"),
        ("destroy 0", r"domain 0 is the control domain: refused"),
        ("destroy control", r"domain 0 is the control domain: refused"),
        ("pause", r"usage: pause <dom>"),
        ("pause nosuch", r"nosuch is an invalid domain identifier"),
        ("unpause ticker", r"unpause ticker failed: invalid argument"),
        ("mem-set ticker lots", r"mem-set: lots: not a memory size"),
        ("sched-credit -d ticker -w 0", r"weight 1\.\.65535"),
        ("sched-credit -s -t 5000", r"tslice 1\.\.1000 ms"),
        ("frobnicate", r"unknown command 'frobnicate'"),
        ('list "unterminated', r"unterminated quote"),
    ]
    for line, want in cases:
        out = s.cmd(line)
        assert re.search(want, out), (line, out)
    out = s.cmd("list")
    assert len(re.findall(r"^\S+\s+\d+\s+\d+\s+\d+\s", out, re.M)) == 2, out  # nothing new
    assert "domain 1 (ticker) destroyed" in s.cmd("destroy ticker")
    assert free_kib(s) == before
    s.check()


def test_damaged_store_record(qemu, tmp_path):
    """A record whose payload was damaged on the disk is reported at boot and
    skipped; the rest of the store works."""
    configs = {"ticker.cfg": TICKER_CFG, "other.cfg": TICKER_CFG.replace('"ticker"', '"o"', 1)}
    s = TarnctlSession(qemu, tmp_path, images={"ticker.img": guest_image("ticker")},
                       configs=configs, damage=b'name = "o"')
    s.wait_prompt()
    assert re.search(r"store: .*record other\.cfg: skipped", s.transcript)
    out = s.cmd("store")
    assert "ticker.img" in out and "other.cfg" not in out, out
    assert "Started domain ticker" in s.cmd("create ticker")
    s.check()


def test_create_destroy_200_cycles_leak_nothing(qemu, tmp_path):
    s = session(qemu, tmp_path, timeout=600)
    before = free_kib(s)
    for i in range(200):
        out = s.cmd("create ticker")
        assert "Started domain ticker" in out, (i, out)
        out = s.cmd("destroy ticker")
        assert "destroyed: 16384 KiB returned" in out, (i, out)
    assert free_kib(s) == before
    s.check()
