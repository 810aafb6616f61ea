// SPDX-License-Identifier: GPL-2.0-only
/*
 * sweep_journal_read() (vmm/probe/sweep_journal.c) reads a --jsonl file
 * that a killed sweep, a full disk or anyone may have left: untrusted.
 * For any bytes: reading stays inside the buffer (ASan), and what it
 * accepts is consistent: done ranges sorted, disjoint, inside the shard,
 * batch spans inside the file; and the header it reads writes back as a
 * header that reads to the same identity.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sweep_journal.h"

#define CHECK(cond)	do { if (!(cond)) __builtin_trap(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sweep_journal j, again;
	char err[256], hdr[1024];
	char *buf = malloc(size ? size : 1);	/* exact size: a read past it is an ASan error */
	size_t i;
	int n;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	memset(&j, 0, sizeof(j));
	if (!sweep_journal_read(buf, size, &j, err, sizeof(err))) {
		for (i = 0; i < j.nr; i++) {
			CHECK(j.r[i].lo < j.r[i].hi);
			CHECK(j.r[i].hi <= j.total);
			CHECK(!i || j.r[i - 1].hi < j.r[i].lo);	/* merged: no touching neighbours */
		}
		for (i = 0; i < j.nspans; i++)
			CHECK(j.spans[i].off <= size && j.spans[i].len <= size - j.spans[i].off);
		n = sweep_journal_header(&j, hdr, sizeof(hdr));
		if (n > 0) {
			memset(&again, 0, sizeof(again));
			CHECK(!sweep_journal_read(hdr, (size_t)n, &again, err, sizeof(err)));
			CHECK(!sweep_journal_differs(&j, &again, err, sizeof(err)));
			sweep_journal_free(&again);
		}
	}
	sweep_journal_free(&j);
	free(buf);
	return 0;
}
