// SPDX-License-Identifier: GPL-2.0-only
#include "crc32.h"

/* Bitwise: records are short and written a few times a second. */
uint32_t crc32_update(uint32_t crc, const void *p, size_t len)
{
	const unsigned char *b = p;
	int i;

	crc = ~crc;
	while (len--) {
		crc ^= *b++;
		for (i = 0; i < 8; i++)
			crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
	}
	return ~crc;
}
