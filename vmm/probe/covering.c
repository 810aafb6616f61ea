// SPDX-License-Identifier: GPL-2.0-only
/*
 * Strength-3 covering arrays for 'pvprobe sweep --covering 3'.
 *
 * Why strength 3: KVM's PV gating has three-way interactions that no pair
 * of settings shows.  kvm_pv_enable_async_pf() (arch/x86/kvm/x86.c) rejects
 * MSR_KVM_ASYNC_PF_EN's "deliver as #PF VM exit" bit only when the guest
 * has ASYNC_PF but not ASYNC_PF_VMEXIT *and* enforcement is on: a KVM
 * that lost that check passes every run where one of the three differs.
 * A pairwise array covers such a triple only by chance; this one covers
 * every triple of (feature bits, enforcement) in all eight combinations,
 * in a few dozen configurations instead of the 2^19 of --exhaustive.
 *
 * The construction is greedy in the AETG manner: each new row starts from
 * the first combination not yet covered (so every row makes progress and
 * the loop ends), fills the other factors from a fixed pseudo-random
 * sequence, and is improved by flipping single factors while that covers
 * more.  Best of a few candidates per row.
 */
#include <string.h>

#include "covering.h"

#define CANDIDATES	12

/* Triples (a < b < c) numbered in lexicographic order. */
static uint8_t tri_a[5456], tri_b[5456], tri_c[5456];	/* C(33, 3) = 5456 */

static int tri_setup(int n)
{
	int a, b, c, k = 0;

	for (a = 0; a < n; a++)
		for (b = a + 1; b < n; b++)
			for (c = b + 1; c < n; c++) {
				tri_a[k] = (uint8_t)a;
				tri_b[k] = (uint8_t)b;
				tri_c[k] = (uint8_t)c;
				k++;
			}
	return k;
}

static unsigned int combo(uint64_t row, int k)
{
	return (unsigned int)((row >> tri_a[k] & 1) << 2 | (row >> tri_b[k] & 1) << 1 |
			      (row >> tri_c[k] & 1));
}

/* How many uncovered (triple, combination) pairs @row covers. */
static int gain(const uint8_t *cov, int nt, uint64_t row)
{
	int k, g = 0;

	for (k = 0; k < nt; k++)
		g += !(cov[k] & (1u << combo(row, k)));
	return g;
}

/* splitmix64, as the sweep's random mode uses: fixed, portable. */
static uint64_t next_rand(uint64_t *s)
{
	uint64_t x = (*s += 0x9e3779b97f4a7c15ull);

	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

int covering3(int n, uint64_t *rows, int max_rows)
{
	static uint8_t cov[5456];
	uint64_t seed = 0xc0fe3ull, all;
	int nt, nr = 0, k, left;

	if (n < 3 || n > COVERING_MAX_FACTORS)
		return -1;
	all = (1ull << n) - 1;
	nt = tri_setup(n);
	memset(cov, 0, sizeof(cov));
	left = nt * 8;
	while (left) {
		uint64_t best = 0, fixed;
		int best_gain = -1, first, cand, i;
		unsigned int v;

		if (nr == max_rows)
			return -1;
		/* The first uncovered combination: its three factors are fixed. */
		for (first = 0; cov[first] == 0xff; first++)
			;
		for (v = 0; cov[first] & (1u << v); v++)
			;
		fixed = 1ull << tri_a[first] | 1ull << tri_b[first] | 1ull << tri_c[first];
		for (cand = 0; cand < CANDIDATES; cand++) {
			uint64_t row = next_rand(&seed) & all & ~fixed;
			int g, improved;

			row |= (uint64_t)(v >> 2 & 1) << tri_a[first] |
			       (uint64_t)(v >> 1 & 1) << tri_b[first] |
			       (uint64_t)(v & 1) << tri_c[first];
			g = gain(cov, nt, row);
			do {
				improved = 0;
				for (i = 0; i < n; i++) {
					uint64_t r2 = row ^ (1ull << i);
					int g2;

					if (fixed & (1ull << i))
						continue;
					g2 = gain(cov, nt, r2);
					if (g2 > g) {
						row = r2;
						g = g2;
						improved = 1;
					}
				}
			} while (improved);
			if (g > best_gain) {
				best_gain = g;
				best = row;
			}
		}
		for (k = 0; k < nt; k++) {
			uint8_t bit = (uint8_t)(1u << combo(best, k));

			if (!(cov[k] & bit)) {
				cov[k] |= bit;
				left--;
			}
		}
		rows[nr++] = best;
	}
	return nr;
}

int covering_check(int n, int t, const uint64_t *rows, int nr)
{
	int a, b, c, r;

	if (n > COVERING_MAX_FACTORS || (t != 2 && t != 3))
		return 0;
	for (a = 0; a < n; a++)
		for (b = a + 1; b < n; b++) {
			if (t == 2) {
				unsigned int seen = 0;

				for (r = 0; r < nr; r++)
					seen |= 1u << ((rows[r] >> a & 1) << 1 | (rows[r] >> b & 1));
				if (seen != 0xf)
					return 0;
				continue;
			}
			for (c = b + 1; c < n; c++) {
				unsigned int seen = 0;

				for (r = 0; r < nr; r++)
					seen |= 1u << ((rows[r] >> a & 1) << 2 | (rows[r] >> b & 1) << 1 |
						       (rows[r] >> c & 1));
				if (seen != 0xff)
					return 0;
			}
		}
	return 1;
}
