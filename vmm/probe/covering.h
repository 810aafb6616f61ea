/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef PVPROBE_COVERING_H
#define PVPROBE_COVERING_H

#include <stdint.h>

#define COVERING_MAX_FACTORS	33	/* 32 feature bits and enforcement */

/*
 * A covering array of strength 3 over @n binary factors: rows (bit i of a
 * row is factor i) such that for every three factors each of their eight
 * on/off combinations is in some row.  Greedy and deterministic (the same
 * rows on every run and machine).  Returns the number of rows, or -1 when
 * @max_rows is too small or @n is out of range (3..COVERING_MAX_FACTORS).
 */
int covering3(int n, uint64_t *rows, int max_rows);

/* Is @rows[0..nr) a covering array of strength @t (2 or 3) over @n factors? */
int covering_check(int n, int t, const uint64_t *rows, int nr);

#endif /* PVPROBE_COVERING_H */
