/* SPDX-License-Identifier: GPL-2.0-only */
/* What a probe did, or is expected to do, and how to compare and print it. */
#ifndef PVPROBE_OUTCOME_H
#define PVPROBE_OUTCOME_H

#include <stddef.h>
#include <stdint.h>

enum outcome_kind {
	OUT_ACCEPT,	/* MSR access completed (value: read or written) */
	OUT_FAULT,	/* exception, vector */
	OUT_CHECK,	/* a functional check's result (enum pv_check_result) */
	OUT_RETURN,	/* hypercall returned value */
	OUT_NOT_RUN,	/* the guest did not get to it, or it does not apply */
	OUT_TIMEOUT,	/* the vCPU had to be kicked (value: RIP) */
	OUT_FAILED,	/* the guest run ended otherwise (see the detail) */
};

struct outcome {
	enum outcome_kind kind;
	uint32_t vector;	/* OUT_FAULT */
	int has_value;		/* compare value too */
	uint64_t value;
};

#define OUTCOME_STR_MAX	64

/* Equal for the purpose of a verdict: kind, vector, and value if expected has one. */
int outcome_matches(const struct outcome *expected, const struct outcome *observed);

/* "accept", "accept 0x45001", "#GP", "ok", "ret -1000", "timeout @0x100123" */
const char *outcome_str(const struct outcome *o, char *buf, size_t len);

const char *vector_name(uint32_t vector);	/* "#GP", "#UD", ... */

/* The inverse of outcome_str(): 0, or -1 if @s is no outcome. */
int outcome_parse(const char *s, struct outcome *o);

#endif /* PVPROBE_OUTCOME_H */
