/*
 * The MBR partition table (the boot disk tools/mkdisk.sh makes): finding a
 * partition in sector 0. Pure, host-testable; the control domain and the
 * host tool read the same table with it.
 */
#ifndef CTL_MBR_H
#define CTL_MBR_H

#include <stdint.h>

#define MBR_TYPE_STORE 0xda /* "non-FS data": the Tarn store */

struct mbr_part {
	uint8_t type;
	uint64_t lba;	  /* first sector */
	uint64_t sectors; /* length */
};

/*
 * Read entry n (1..4) of the table in sector (512 bytes). 0, or -22 (EINVAL)
 * without the 0x55 0xAA signature, -2 (ENOENT) for an empty entry.
 */
int mbr_part(const uint8_t *sector, unsigned int n, struct mbr_part *out);

#endif /* CTL_MBR_H */
