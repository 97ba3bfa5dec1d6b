/*
 * What the boot device tree tells Tarn about the machine, read once at boot
 * (hyp/boot/bootinfo.c) into plain structs that the rest of Tarn uses.
 *
 * bootinfo_parse() checks the tree before trusting it: a truncated or
 * corrupt blob, overlapping memory banks, no memory, or a module that lies
 * outside RAM are refused with a message naming the problem, and Tarn stops
 * rather than running on garbage.
 */
#ifndef HYP_BOOTINFO_H
#define HYP_BOOTINFO_H

#include "lib/types.h"

#define BOOT_MAX_BANKS	  16
#define BOOT_MAX_RESERVED 32
#define BOOT_MAX_MODULES  16
#define BOOT_MAX_DOMAINS  8
#define BOOT_MAX_CPUS	  64
#define BOOT_MAX_REDIST	  8
#define BOOT_MAX_VIRTIO	  32 /* QEMU virt has 32 virtio-mmio transports */
#define BOOT_NAME_LEN	  64
#define BOOT_ARGS_LEN	  256

struct mem_range {
	uint64_t base;
	uint64_t size;
};

struct reserved_range {
	uint64_t base;
	uint64_t size;
	char what[BOOT_NAME_LEN]; /* "device tree", "/memreserve/", node path... */
};

enum boot_module_kind { MODULE_KERNEL, MODULE_RAMDISK, MODULE_DTB, MODULE_OTHER };

struct boot_module {
	uint64_t base;
	uint64_t size;
	enum boot_module_kind kind;
	char node[BOOT_NAME_LEN];   /* path below /chosen, e.g. "module@44000000" */
	char domain[BOOT_NAME_LEN]; /* enclosing xen,domain node, "" at top level */
	char bootargs[BOOT_ARGS_LEN];
	/* Why the module cannot be used (it overlaps another module or the tree:
	 * its bytes are not what was loaded), "" when it can. Its domain is not
	 * built; the rest of the tree is still good. */
	char bad[96];
};

/*
 * A boot-time domain of Xen's dom0less binding: a /chosen child compatible
 * "xen,domain". Its values are recorded as found; checking them is the
 * domain builder's job, so that one bad domain does not stop the others.
 */
struct boot_domain {
	char name[BOOT_NAME_LEN];
	uint64_t memory_kib;   /* "memory" (KiB), 0 if absent */
	uint32_t cpus;	       /* "cpus", 0 if absent */
	bool vpl011;	       /* "vpl011" present */
	int kernel;	       /* index in modules[] of its multiboot,kernel, -1 if none */
	unsigned int nkernels; /* kernel modules found (more than one is an error) */
};

enum cpu_enable { CPU_ENABLE_NONE, CPU_ENABLE_PSCI, CPU_ENABLE_SPIN_TABLE };

struct boot_cpu {
	uint64_t mpidr;
	enum cpu_enable enable;
	uint64_t release_addr; /* spin-table only */
};

enum psci_conduit { PSCI_NONE, PSCI_SMC, PSCI_HVC };

struct boot_gic {
	unsigned int version; /* 2 or 3 */
	struct mem_range dist;
	struct mem_range redist[BOOT_MAX_REDIST]; /* v3 */
	unsigned int nredist;
	struct mem_range cpu;	/* v2 GICC (v3: optional) */
	struct mem_range hyp;	/* GICH */
	struct mem_range vcpu;	/* GICV */
	unsigned int maint_irq; /* INTID, 0 if none */
};

struct boot_timer {
	unsigned int phys_irq; /* INTIDs of the architected timer's PPIs */
	unsigned int virt_irq;
	unsigned int hyp_irq;
	uint32_t freq; /* clock-frequency property, 0 if absent (use CNTFRQ) */
};

struct boot_uart {
	uint64_t base;
	uint64_t size;
	unsigned int irq; /* INTID, 0 if none */
	char path[BOOT_NAME_LEN];
};

/*
 * A "virtio,mmio" transport of the host, for passthrough to the control
 * domain (hyp/domain/passthrough.c): its registers and its GIC SPI.
 */
struct boot_virtio {
	uint64_t base;
	uint64_t size;
	unsigned int spi; /* INTID (32 + the tree's SPI number) */
	uint32_t flags;	  /* the interrupt specifier's third cell (trigger type) */
};

struct bootinfo {
	uint64_t fdt_base;
	uint64_t fdt_size;
	struct mem_range banks[BOOT_MAX_BANKS];
	unsigned int nbanks;
	struct reserved_range reserved[BOOT_MAX_RESERVED];
	unsigned int nreserved;
	struct boot_cpu cpus[BOOT_MAX_CPUS];
	unsigned int ncpus;
	unsigned int ncpus_ignored; /* beyond BOOT_MAX_CPUS or without a usable reg */
	struct boot_gic gic;
	struct boot_timer timer;
	enum psci_conduit psci;
	bool psci_v02;	      /* PSCI 0.2+ function numbers (else 0.1 from the tree) */
	uint32_t psci_cpu_on; /* function id of CPU_ON */
	struct boot_uart uart;
	struct mem_range rtc; /* an arm,pl031 real-time clock, size 0 if none */
	struct boot_virtio virtio[BOOT_MAX_VIRTIO]; /* enabled "virtio,mmio" nodes, tree order */
	unsigned int nvirtio;
	unsigned int nvirtio_ignored; /* beyond BOOT_MAX_VIRTIO, or no usable reg or SPI */
	struct boot_module modules[BOOT_MAX_MODULES];
	unsigned int nmodules;
	struct boot_domain domains[BOOT_MAX_DOMAINS];
	unsigned int ndomains;
	char bootargs[BOOT_ARGS_LEN]; /* Tarn's own command line */
};

/*
 * Read the flattened device tree at fdt (fdt_pa is its physical address,
 * avail the bytes known to be readable there) into bi, and add the tree
 * itself to the reserved ranges. Returns 0, or a negative error with a
 * one-line explanation in err.
 */
int bootinfo_parse(const void *fdt, uint64_t fdt_pa, size_t avail, struct bootinfo *bi, char *err,
		   size_t errlen);

/*
 * Check that [base, base+size) is in RAM and overlaps neither a reserved range
 * nor a module; used for Tarn's own image. Returns 0 or -TARN_EINVAL with a
 * message naming what it overlaps.
 */
int bootinfo_check_image(const struct bootinfo *bi, uint64_t base, uint64_t size, char *err,
			 size_t errlen);

/*
 * The host's boot description: the last tree bootinfo_parse() accepted
 * (Tarn parses one, at boot, into storage that lives as long as Tarn), NULL
 * before. For what is read late, such as the devices the control domain gets.
 */
const struct bootinfo *bootinfo_host(void);

uint64_t bootinfo_ram_total(const struct bootinfo *bi);

const char *bootinfo_module_kind_name(enum boot_module_kind kind);

/* The memory the page allocator plans from (bootinfo-mm.c): bi's banks, and
 * Tarn's image, the reserved ranges and the modules as taken. */
struct mm_layout;
void bootinfo_mm_layout(const struct bootinfo *bi, uint64_t image_base, uint64_t image_size,
			struct mm_layout *out);

#endif /* HYP_BOOTINFO_H */
