/*
 * The Tarn store's on-disk format: magics, the byte layout of the superblock
 * and of a record header, and the little-endian accessors that read and write
 * them. docs/store.md describes the format in prose; this file is its exact
 * statement, and the only place that knows a field's offset.
 *
 * Everything on disk is little-endian and is read and written byte by byte,
 * so the format does not depend on the host's byte order or on alignment (the
 * control domain runs with strict alignment checking).
 *
 * Internal to ctl/store/ (and to the unit tests, which build damaged records
 * by hand); users of the store include store.h.
 */
#ifndef CTL_STORE_FORMAT_H
#define CTL_STORE_FORMAT_H

#include <stdint.h>

#define STORE_FORMAT_VERSION 1

/* Sector 0: the superblock. The CRC covers bytes 0..63 with the CRC field zero. */
#define SB_MAGIC       "TARNSTOR"
#define SB_OFF_MAGIC   0  /* 8 bytes */
#define SB_OFF_CRC     8  /* u32 */
#define SB_OFF_VERSION 12 /* u32: STORE_FORMAT_VERSION */
#define SB_OFF_ID      16 /* u64: store id, chosen at mkfs; every record repeats it */
#define SB_OFF_SECTORS 24 /* u64: size of the store in sectors, superblock included */
#define SB_OFF_SECSIZE 32 /* u32: 512 */
#define SB_OFF_FLAGS   36 /* u32: 0 */
#define SB_CRC_LEN     64 /* bytes 40..63 and 64..511 are zero */

/*
 * A record header fills one sector; the payload (if any) starts at the next
 * one. The CRC covers bytes 0..127 with the CRC field zero.
 */
#define RH_MAGIC	   "TARNRECD"
#define RH_OFF_MAGIC	   0  /* 8 bytes */
#define RH_OFF_CRC	   8  /* u32 */
#define RH_OFF_TYPE	   12 /* u16: enum store_type */
#define RH_OFF_FLAGS	   14 /* u16: 0 */
#define RH_OFF_ID	   16 /* u64: the superblock's store id */
#define RH_OFF_SEQ	   24 /* u64: sequence number, unique and increasing */
#define RH_OFF_LEN	   32 /* u64: payload bytes (0 for delete and commit) */
#define RH_OFF_PAYLOAD_CRC 40 /* u32: CRC32C of the payload bytes (0 when empty) */
#define RH_OFF_RESERVED	   44 /* u32: 0 */
#define RH_OFF_FIRST	   48 /* u64: commit only: first sequence number committed */
#define RH_OFF_LAST	   56 /* u64: commit only: last sequence number committed */
#define RH_OFF_NAME	   64 /* 64 bytes: NUL-terminated name, zero-padded ("" for commit) */
#define RH_CRC_LEN	   128

#define FORMAT_MAGIC_LEN 8

static inline uint16_t le16_get(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t le32_get(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}

static inline uint64_t le64_get(const uint8_t *p)
{
	return (uint64_t)le32_get(p) | ((uint64_t)le32_get(p + 4) << 32);
}

static inline void le16_put(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void le32_put(uint8_t *p, uint32_t v)
{
	le16_put(p, (uint16_t)v);
	le16_put(p + 2, (uint16_t)(v >> 16));
}

static inline void le64_put(uint8_t *p, uint64_t v)
{
	le32_put(p, (uint32_t)v);
	le32_put(p + 4, (uint32_t)(v >> 32));
}

#endif /* CTL_STORE_FORMAT_H */
