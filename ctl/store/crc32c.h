/*
 * CRC32C (Castagnoli), the checksum on every Tarn store sector that matters.
 *
 * Reflected polynomial 0x82F63B78, initial value and final XOR 0xFFFFFFFF: the
 * CRC of iSCSI, ext4 metadata and virtio, so its check value is the standard
 * one (crc32c("123456789") == 0xE3069283) and any other implementation can
 * verify a store. Pure C, no state, no allocation: it builds for the host and
 * for a freestanding guest alike.
 */
#ifndef CTL_STORE_CRC32C_H
#define CTL_STORE_CRC32C_H

#include <stddef.h>
#include <stdint.h>

/*
 * Continue a CRC: crc is the finished CRC32C of the bytes before data (0 for
 * none), the result the finished CRC32C of those bytes followed by data. So a
 * payload can be checksummed chunk by chunk, zlib-style:
 *   crc = 0; for each chunk: crc = crc32c_update(crc, chunk, n);
 */
uint32_t crc32c_update(uint32_t crc, const void *data, size_t len);

/* The CRC32C of one buffer. */
uint32_t crc32c(const void *data, size_t len);

#endif /* CTL_STORE_CRC32C_H */
