// SPDX-License-Identifier: GPL-2.0-only
/*
 * linux_selfreport_decode() (vmm/linux/linux_selfreport.c) reads what a
 * booted guest's /init wrote to port 0xe9: any bytes.  The decoder must
 * stay inside them (ASan), and what it keeps must be NUL-terminated,
 * printable strings that fit, with counts that add up.  The input is also
 * tried wrapped in a valid frame pair, so the JSON checks are reached.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "linux_selfreport.h"

#define CHECK(cond)	do { if (!(cond)) __builtin_trap(); } while (0)

static void printable(const char *s, size_t cap)
{
	size_t i;

	for (i = 0; i < cap && s[i]; i++)
		CHECK(s[i] >= 0x20 && s[i] < 0x7f);
	CHECK(i < cap);
}

static void check(const uint8_t *b, size_t n)
{
	static struct linux_selfreport r;
	char err[256];
	int d;

	if (linux_selfreport_decode(b, n, &r, err, sizeof(err))) {
		CHECK(strlen(err) < sizeof(err));
		CHECK(r.nr_agree == 0 && r.seen.value[0][0] == 0);
		return;
	}
	CHECK(r.nr_agree + r.nr_differ + r.nr_unknown == LD_NR);
	printable(r.release, sizeof(r.release));
	printable(r.clocksource, sizeof(r.clocksource));
	for (d = 0; d < LD_NR; d++) {
		printable(r.seen.value[d], LD_VALUE_MAX);
		printable(r.seen.evidence[d], LD_EVIDENCE_MAX);
		printable(r.model.value[d], LD_VALUE_MAX);
		CHECK(r.model.value[d][0]);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *copy = malloc(size ? size : 1), *wrapped;
	struct pvq_frame h;

	memcpy(copy, data, size);
	check(copy, size);
	free(copy);
	if (size > PVQ_SELF_MAX)
		return 0;
	wrapped = malloc(size + 2 * sizeof(h));
	linux_selfreport_header(&h, PVQ_KIND_SELF, data, size);
	memcpy(wrapped, &h, sizeof(h));
	memcpy(wrapped + sizeof(h), data, size);
	linux_selfreport_header(&h, PVQ_KIND_END, NULL, 0);
	memcpy(wrapped + sizeof(h) + size, &h, sizeof(h));
	check(wrapped, size + 2 * sizeof(h));
	free(wrapped);
	return 0;
}
