/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pvprobe bisect: which feature bits explain why two masks behave
 * differently?  Delta debugging (Zeller and Hildebrandt, "Simplifying and
 * Isolating Failure-Inducing Input", TSE 2002: ddmin) over the eax bits
 * in which the good and the bad mask differ.
 *
 * bisect_ddmin() is the algorithm alone, with the test as a callback, so
 * that it can be tested without KVM; bisect_run() is the oracle that runs
 * real VMs through check_run().
 */
#ifndef PVPROBE_BISECT_H
#define PVPROBE_BISECT_H

#include <stdint.h>

#include "check.h"

/*
 * The test: does flipping @flipped_bits in the good mask give the bad
 * outcome?  Returns 1 (failing: the bad outcome), 0 (the good outcome, or
 * a third one: ddmin cannot use either), or < 0 to stop the search (an
 * error the callback keeps in @ctx).
 */
typedef int (*bisect_test_fn)(uint32_t flipped_bits, void *ctx);

enum ddmin_status {
	DDMIN_FOUND,		/* bits holds a 1-minimal failing set */
	DDMIN_NO_FAILURE,	/* the whole set did not fail (or was empty) */
	DDMIN_ERROR,		/* the test returned < 0; error holds it */
};

struct ddmin_result {
	enum ddmin_status status;
	uint32_t bits;		/* DDMIN_FOUND: flip exactly these */
	int calls;		/* calls of the test (each set is tested once) */
	int error;		/* DDMIN_ERROR: what the test returned */
};

/*
 * ddmin over the bits of @diff.  The whole of @diff is tested first (the
 * bad mask itself: if it does not fail, nothing can be isolated).  The
 * result is 1-minimal: it fails, and clearing any one of its bits makes
 * it pass.  Each distinct set is tested once; at most
 * n^2 + 3n + 1 calls for n = popcount(@diff) (Zeller's worst case, plus
 * the first test).
 */
void bisect_ddmin(uint32_t diff, bisect_test_fn test, void *ctx, struct ddmin_result *res);

/* Deadline of each guest run: MSR probes finish in milliseconds. */
#define BISECT_TIMEOUT_MS	500

struct bisect_request {
	struct guest_config cfg;	/* edx, enforcement, vCPUs, deadline (eax unused) */
	uint32_t good, bad;		/* the two eax values */
	const struct probe_desc *probe;	/* compare this probe only, or NULL: all in scope */
};

enum bisect_status {
	BISECT_FOUND,		/* bits explains the difference */
	BISECT_SAME,		/* good and bad behave the same */
	BISECT_FLAKY,		/* bad did not reproduce its own outcome */
};

struct bisect_report {
	struct bisect_request req;
	unsigned int scope;		/* CHECK_MSRS or CHECK_HCALLS */
	enum bisect_status status;
	uint32_t diff;			/* good ^ bad */
	uint32_t bits;			/* BISECT_FOUND: flip these in good */
	int runs;			/* check_run() calls, one VM set-up each */
	int tests;			/* ddmin's test calls (runs minus good and bad) */
	double elapsed_ms;
	struct check_report good, bad;	/* the first run of each */
	struct check_report pair;	/* good ^ bits; BISECT_FLAKY: bad's second run */
};

/*
 * Two observed outcomes are the same behaviour when outcome_matches()
 * holds both ways: the same kind, the same vector for a fault, the same
 * value when either has one (read-back values, hypercall returns, check
 * results).  A timeout's RIP and how a failed run ended are not compared:
 * a vCPU kicked a few instructions apart is the same hang.
 */
int bisect_same_outcome(const struct outcome *a, const struct outcome *b);

/* Is @row one of the rows @req compares? */
int bisect_compares(const struct bisect_request *req, const struct check_row *row);

/* Do @a and @b (the same row of two reports) differ as bisect compares them? */
int bisect_rows_differ(const struct bisect_request *req, const struct check_row *a,
		       const struct check_row *b);

/*
 * Run good and bad, then ddmin with a real VM per test.  Returns a
 * PV_EXIT_* code for a run that could not be set up (@err says why);
 * otherwise PV_EXIT_OK with the answer in @rep->status.
 */
int bisect_run(const struct kvm_sys *kvm, const struct bisect_request *req,
	       struct bisect_report *rep, char *err, size_t errlen);

#endif /* PVPROBE_BISECT_H */
