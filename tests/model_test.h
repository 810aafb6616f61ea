/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers of the model's unit tests (unit_model, unit_model_bounds): a
 * probe by name (abort if the table lost it) and its expectation, and the
 * model input of a host where everything documented is available.
 */
#ifndef PVPROBE_MODEL_TEST_H
#define PVPROBE_MODEL_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "probe_list.h"

static inline const struct probe_desc *P(const char *name)
{
	const struct probe_desc *p = probe_by_name(name);

	if (!p) {
		fprintf(stderr, "no probe %s\n", name);
		abort();
	}
	return p;
}

static inline struct expectation E(const struct model_input *in, const char *name)
{
	struct expectation e;

	memset(&e, 0, sizeof(e));
	model_expect(in, P(name), &e);
	return e;
}

static inline struct model_input documented(uint32_t eax, int enforce)
{
	struct model_input in = {
		.eax = eax, .enforce = enforce, .nr_vcpus = 2, .user_msr = 1,
		.exit_hypercall = 1, .quirk_off = 1, .sched_info = 1, .tsc_clocksource = 1,
	};

	return in;
}

#endif /* PVPROBE_MODEL_TEST_H */
