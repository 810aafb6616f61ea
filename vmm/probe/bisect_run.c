// SPDX-License-Identifier: GPL-2.0-only
/*
 * The oracle of pvprobe bisect: every test is a real check_run() of the
 * good mask with some bits flipped, judged by whether its observed
 * outcomes are the bad mask's.  Observed, not verdicts: the question is
 * what changed in the guest, whether or not the model predicted it.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bisect.h"
#include "pvprobe_exit.h"

int bisect_same_outcome(const struct outcome *a, const struct outcome *b)
{
	return outcome_matches(a, b) && outcome_matches(b, a);
}

int bisect_compares(const struct bisect_request *req, const struct check_row *row)
{
	return !req->probe || row->p == req->probe;
}

int bisect_rows_differ(const struct bisect_request *req, const struct check_row *a,
		       const struct check_row *b)
{
	return bisect_compares(req, a) && !bisect_same_outcome(&a->obs, &b->obs);
}

/* Does @rep behave as @ref in every row bisect compares? */
static int same_behaviour(const struct bisect_request *req, const struct check_report *ref,
			  const struct check_report *rep)
{
	int i;

	/* Same scope, same probe list: the rows line up. */
	if (ref->nr_rows != rep->nr_rows)
		return 0;
	for (i = 0; i < ref->nr_rows; i++)
		if (ref->rows[i].p != rep->rows[i].p ||
		    bisect_rows_differ(req, &ref->rows[i], &rep->rows[i]))
			return 0;
	return 1;
}

struct oracle {
	const struct kvm_sys *kvm;
	struct bisect_report *rep;
	struct check_report *scratch;
	uint32_t pair_bits;	/* the set rep->pair was run with, if have_pair */
	int have_pair;
	int rc;
	char *err;
	size_t errlen;
};

static int run_one(struct oracle *o, uint32_t eax, struct check_report *out)
{
	struct guest_config cfg = o->rep->req.cfg;

	cfg.eax = eax;
	o->rep->runs++;
	o->rc = check_run(o->kvm, &cfg, o->rep->scope, out, o->err, o->errlen);
	return o->rc == PV_EXIT_OK ? 0 : -1;
}

static int oracle_test(uint32_t flipped, void *ctx)
{
	struct oracle *o = ctx;
	struct bisect_report *rep = o->rep;

	if (run_one(o, rep->req.good ^ flipped, o->scratch))
		return -1;
	if (!same_behaviour(&rep->req, &rep->bad, o->scratch)) {
		/* bad's own re-run: kept to show what did not reproduce. */
		if (flipped == rep->diff)
			rep->pair = *o->scratch;
		return 0;
	}
	/* ddmin ends on a set that failed: usually this one, so keep it. */
	rep->pair = *o->scratch;
	o->pair_bits = flipped;
	o->have_pair = 1;
	return 1;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int bisect_run(const struct kvm_sys *kvm, const struct bisect_request *req,
	       struct bisect_report *rep, char *err, size_t errlen)
{
	struct oracle o = { .kvm = kvm, .rep = rep, .err = err, .errlen = errlen };
	struct ddmin_result dd;
	double t0 = now_ms();

	memset(rep, 0, sizeof(*rep));
	rep->req = *req;
	rep->scope = req->probe && req->probe->kind == PK_HCALL ? CHECK_HCALLS : CHECK_MSRS;
	rep->diff = req->good ^ req->bad;
	if (!rep->diff) {
		rep->status = BISECT_SAME;	/* the same mask: no VM needed to know */
		return PV_EXIT_OK;
	}
	o.scratch = malloc(sizeof(*o.scratch));
	if (!o.scratch) {
		snprintf(err, errlen, "out of memory for a check report");
		return PV_EXIT_FAIL;
	}
	if (run_one(&o, req->good, &rep->good) || run_one(&o, req->bad, &rep->bad))
		goto out;
	if (same_behaviour(req, &rep->good, &rep->bad)) {
		rep->status = BISECT_SAME;
		goto done;
	}

	/* ddmin's first test is the whole set: bad again, which proves it deterministic. */
	bisect_ddmin(rep->diff, oracle_test, &o, &dd);
	rep->tests = dd.calls;
	if (dd.status == DDMIN_ERROR)
		goto out;
	if (dd.status == DDMIN_NO_FAILURE) {
		rep->status = BISECT_FLAKY;
		goto done;
	}
	rep->status = BISECT_FOUND;
	rep->bits = dd.bits;
	/* Only if ddmin answered the final set from its cache: run the pair once more. */
	if (!o.have_pair || o.pair_bits != dd.bits) {
		if (run_one(&o, req->good ^ dd.bits, &rep->pair))
			goto out;
		if (!same_behaviour(req, &rep->bad, &rep->pair))
			rep->status = BISECT_FLAKY;
	}
done:
	o.rc = PV_EXIT_OK;
out:
	rep->elapsed_ms = now_ms() - t0;
	free(o.scratch);
	return o.rc;
}
