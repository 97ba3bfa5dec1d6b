/*
 * hostile: a guest that attacks the hypervisor it runs on, for the isolation
 * and crash scenarios (tests/qemu/test_isolation.py). What it does is chosen
 * by its bootargs (/chosen/bootargs, domu<N>_bootargs in boot.cmd):
 *
 *   (none)             probe: read, write and execute outside its own RAM
 *                      and devices and touch EL2-only registers; every access
 *                      must fault into the guest itself (probes.c). Optional
 *                      "tarn=ADDR" (where the hypervisor's image sits in host
 *                      RAM), "host-ram=BASE,SIZE" (host RAM to sweep) and
 *                      "pause-ms=N" (sleep that long before each group of
 *                      probes, so that a neighbour runs in between).
 *   crash=vbar         crash on purpose: VBAR_EL1 at memory that is not its
 *   crash=vector-abort own, or a vector table that itself faults, or
 *   crash=shutdown     SCHEDOP_shutdown(SHUTDOWN_crash) (crash.c).
 *
 * Reports with TAP; the probe run ends with tap_done()'s summary line.
 */
#include <stdlib.h>
#include <string.h>

#include <guestkit/guestkit.h>

#include "hostile.h"

static const char *bootargs(void)
{
	int chosen = fdt_path_offset(gk_fdt(), "/chosen");
	const char *args = chosen >= 0 ? fdt_getprop(gk_fdt(), chosen, "bootargs", NULL) : NULL;

	return args ? args : "";
}

/* Where "key=" starts a word of the bootargs, pointing after the '='. */
static const char *arg_value(const char *key)
{
	const char *args = bootargs();
	size_t n = strlen(key);

	for (const char *p = args; (p = strstr(p, key)) != NULL; p += n)
		if ((p == args || p[-1] == ' ') && p[n] == '=')
			return p + n + 1;
	return NULL;
}

uint64_t arg_u64(const char *key, uint64_t def)
{
	const char *v = arg_value(key);
	char *end;
	uint64_t n;

	if (!v)
		return def;
	n = strtoull(v, &end, 0);
	return end == v ? def : n;
}

bool arg_str(const char *key, char *buf, unsigned int len)
{
	const char *v = arg_value(key);
	unsigned int i = 0;

	if (!v || !len)
		return false;
	for (; v[i] && v[i] != ' ' && i + 1 < len; i++)
		buf[i] = v[i];
	buf[i] = '\0';
	return true;
}

bool guest_ram(uint64_t *base, uint64_t *size)
{
	int node = fdt_node_offset_by_prop_value(gk_fdt(), -1, "device_type", "memory",
						 sizeof("memory"));

	return node >= 0 && gk_fdt_reg(node, 0, base, size) == 0 && *size;
}

int main(void)
{
	char how[32];

	if (arg_str("crash", how, sizeof(how)))
		return crash_run(how);
	return probes_run();
}
