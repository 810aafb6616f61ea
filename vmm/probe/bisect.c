// SPDX-License-Identifier: GPL-2.0-only
/*
 * ddmin (Zeller and Hildebrandt 2002) over a set of at most 32 bits.
 * Pure: the only thing it touches is the test callback, so every branch
 * is checked with fake oracles in tests/unit_bisect.c.
 */
#include <string.h>

#include "bisect.h"

/*
 * Enough to remember every set ddmin can test for 32 bits (n^2 + 3n + 1 =
 * 1121): each test is a VM run, so no set is run twice.
 */
#define DD_CACHE_MAX	1152

struct dd {
	bisect_test_fn test;
	void *ctx;
	struct ddmin_result *res;
	int nr_cached;
	uint32_t set[DD_CACHE_MAX];
	signed char failed[DD_CACHE_MAX];
};

/* 1 failing, 0 not, < 0 the test's error. */
static int dd_test(struct dd *d, uint32_t c)
{
	int i, r;

	for (i = 0; i < d->nr_cached; i++)
		if (d->set[i] == c)
			return d->failed[i];
	r = d->test(c, d->ctx);
	d->res->calls++;
	if (r < 0) {
		d->res->error = r;
		return r;
	}
	r = r > 0;
	if (d->nr_cached < DD_CACHE_MAX) {
		d->set[d->nr_cached] = c;
		d->failed[d->nr_cached++] = (signed char)r;
	}
	return r;
}

/*
 * Part @i of @n near-equal parts of @c, taking its bits in ascending
 * order: neighbouring bits stay together, as related features often sit
 * side by side (ASYNC_PF_VMEXIT is not, but ddmin does not depend on it).
 */
static uint32_t dd_part(uint32_t c, int n, int i)
{
	int k = __builtin_popcount(c), lo = i * k / n, hi = (i + 1) * k / n;
	int bit, idx = 0;
	uint32_t part = 0;

	for (bit = 0; bit < 32; bit++) {
		if (!(c & (1u << bit)))
			continue;
		if (idx >= lo && idx < hi)
			part |= 1u << bit;
		idx++;
	}
	return part;
}

void bisect_ddmin(uint32_t diff, bisect_test_fn test, void *ctx, struct ddmin_result *res)
{
	struct dd d;		/* 6 KiB: fine on the stack, and reentrant */
	uint32_t c = diff;
	int n = 2, k, i, r;

	memset(res, 0, sizeof(*res));
	d.test = test;
	d.ctx = ctx;
	d.res = res;
	d.nr_cached = 0;
	res->status = DDMIN_NO_FAILURE;
	if (!diff)
		return;
	/* ddmin assumes the whole set fails; for pvprobe that is bad's second run. */
	r = dd_test(&d, diff);
	if (r <= 0)
		goto out;

	while ((k = __builtin_popcount(c)) >= 2) {
		int reduced = 0;

		if (n > k)
			n = k;
		/* Reduce to a part: start again with two parts of it. */
		for (i = 0; i < n && !reduced; i++) {
			uint32_t part = dd_part(c, n, i);

			r = dd_test(&d, part);
			if (r < 0)
				goto out;
			if (r) {
				c = part;
				n = 2;
				reduced = 1;
			}
		}
		/* Reduce to a complement; with two parts these are the parts themselves. */
		for (i = 0; i < n && !reduced && n > 2; i++) {
			uint32_t rest = c & ~dd_part(c, n, i);

			r = dd_test(&d, rest);
			if (r < 0)
				goto out;
			if (r) {
				c = rest;
				n = n - 1 > 2 ? n - 1 : 2;
				reduced = 1;
			}
		}
		if (reduced)
			continue;
		/* Every single bit and every set of all but one passed: 1-minimal. */
		if (n >= k)
			break;
		n = 2 * n < k ? 2 * n : k;
	}
	res->status = DDMIN_FOUND;
	res->bits = c;
	return;
out:
	if (r < 0)
		res->status = DDMIN_ERROR;
}
