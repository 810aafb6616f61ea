/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The one KTAP writer (Documentation/dev-tools/ktap.rst): the version
 * line, the plan, one result line per test point
 *
 *	ok 3 name
 *	not ok 4 name # what differed
 *	ok 5 name # XFAIL reason
 *	ok 6 name # SKIP reason
 *
 * diagnostic lines ("# ..."), a whole-run skip ("1..0 # SKIP reason") and
 * kselftest's closing totals line (tools/testing/selftests/kselftest.h
 * ksft_print_cnts()).  Test points are numbered in the order written.
 * No nesting: no pvprobe command has subtests.
 */
#ifndef PVPROBE_KTAP_H
#define PVPROBE_KTAP_H

#include <stdio.h>

enum ktap_result {
	KTAP_PASS,	/* ok N name [# description] */
	KTAP_FAIL,	/* not ok N name [# description] */
	KTAP_XFAIL,	/* ok N name # XFAIL reason: a known deviation */
	KTAP_SKIP,	/* ok N name # SKIP reason */
};

struct ktap_counts {
	int pass, fail, xfail, xpass, skip, error;
};

struct ktap {
	FILE *f;
	int n;			/* test points written */
	struct ktap_counts c;	/* ... of each result */
};

/* "TAP version 13": what kselftest and meson's TAP reader take. */
void ktap_begin(struct ktap *t, FILE *f);
/* "1..N" */
void ktap_plan(struct ktap *t, int n);
/* "TAP version 13", "1..0 # SKIP reason": the whole run skipped. */
void ktap_skip_all(FILE *f, const char *reason);
/*
 * Test point t->n + 1.  @fmt (printf-style; NULL: none) is the text after
 * "# ": a description for a pass or a failure, the reason of an XFAIL or
 * a SKIP (which need one).
 */
void ktap_result(struct ktap *t, enum ktap_result r, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* "# ..." */
void ktap_diag(struct ktap *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/*
 * "# Totals: pass:P fail:F xfail:X xpass:0 skip:S error:0" of @c, or of
 * the test points written when @c is NULL.
 */
void ktap_totals(struct ktap *t, const struct ktap_counts *c);

#endif /* PVPROBE_KTAP_H */
