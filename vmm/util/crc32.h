/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CRC-32 (the IEEE 802.3 polynomial, reflected, as zlib's crc32()): the
 * checksum of the sweep journal's records (vmm/probe/sweep_journal.h), so
 * that a record torn by a kill or a full disk is seen and dropped.
 */
#ifndef PVPROBE_CRC32_H
#define PVPROBE_CRC32_H

#include <stddef.h>
#include <stdint.h>

/* Continue @crc (0 to start) over @len bytes at @p. */
uint32_t crc32_update(uint32_t crc, const void *p, size_t len);

#endif /* PVPROBE_CRC32_H */
