/*
 * MBR partition entries (see mbr.h): four 16-byte entries from byte 446,
 * type at +4, first LBA at +8 and length at +12 (little-endian 32-bit),
 * signature 0x55 0xAA at byte 510.
 */
#include "ctl/mbr.h"

#define MBR_TABLE 446
#define MBR_ENTRY 16
#define MBR_SIG	  510

static uint32_t le32_at(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int mbr_part(const uint8_t *sector, unsigned int n, struct mbr_part *out)
{
	const uint8_t *e;

	if (sector[MBR_SIG] != 0x55 || sector[MBR_SIG + 1] != 0xaa || n < 1 || n > 4)
		return -22;
	e = sector + MBR_TABLE + (n - 1) * MBR_ENTRY;
	if (e[4] == 0 || le32_at(e + 12) == 0)
		return -2;
	out->type = e[4];
	out->lba = le32_at(e + 8);
	out->sectors = le32_at(e + 12);
	return 0;
}
