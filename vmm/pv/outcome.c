// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outcome.h"
#include "pv_probes.h"

const char *vector_name(uint32_t vector)
{
	static const char *const names[32] = {
		"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "vec9",
		"#TS", "#NP", "#SS", "#GP", "#PF", "vec15", "#MF", "#AC", "#MC", "#XM",
		"#VE", "#CP", "vec22", "vec23", "vec24", "vec25", "vec26", "vec27",
		"#HV", "#VC", "#SX", "vec31",
	};

	return vector < 32 ? names[vector] : "vec?";
}

int outcome_matches(const struct outcome *e, const struct outcome *o)
{
	if (e->kind != o->kind)
		return 0;
	if (e->kind == OUT_FAULT && e->vector != o->vector)
		return 0;
	if (e->kind == OUT_TIMEOUT || e->kind == OUT_FAILED)
		return 1;
	return !e->has_value || e->value == o->value;
}

static const uint64_t check_results[] = {
	PV_CHECK_OK, PV_CHECK_ACCEPTED, PV_CHECK_VERSION_ODD, PV_CHECK_VERSION_ZERO,
	PV_CHECK_NOT_ADVANCING, PV_CHECK_NOT_UPDATED, PV_CHECK_EMPTY,
	PV_CHECK_NOT_WOKEN, PV_CHECK_WRONG_COUNT, PV_CHECK_BAD_FIELD, PV_CHECK_WRITTEN,
	PV_CHECK_NOT_SET, PV_CHECK_IN_SERVICE, PV_CHECK_NO_IRQ, PV_CHECK_WOKEN_EARLY,
	PV_CHECK_TSC_OUTSIDE, PV_CHECK_NO_APF, PV_CHECK_BUSY_DELIVERED,
};

static const char *check_name(uint64_t v);

/* Decimal (possibly negative, two's complement) or 0x hex, the whole string. */
static int parse_number(const char *s, uint64_t *v)
{
	char *end;

	if (!*s)
		return -1;
	errno = 0;
	if (s[0] == '-')
		*v = (uint64_t)strtoll(s, &end, 10);
	else
		*v = strtoull(s, &end, 0);
	return errno || *end ? -1 : 0;
}

int outcome_parse(const char *s, struct outcome *o)
{
	uint32_t v;
	size_t i;

	memset(o, 0, sizeof(*o));
	if (!strcmp(s, "accept")) {
		o->kind = OUT_ACCEPT;
		return 0;
	}
	if (!strncmp(s, "accept ", 7)) {
		o->kind = OUT_ACCEPT;
		o->has_value = 1;
		return parse_number(s + 7, &o->value);
	}
	if (!strncmp(s, "ret ", 4)) {
		o->kind = OUT_RETURN;
		o->has_value = 1;
		return parse_number(s + 4, &o->value);
	}
	if (!strcmp(s, "not run")) {
		o->kind = OUT_NOT_RUN;
		return 0;
	}
	if (!strcmp(s, "timeout")) {
		o->kind = OUT_TIMEOUT;
		return 0;
	}
	if (!strncmp(s, "timeout @", 9)) {	/* as printed: the RIP is not compared */
		o->kind = OUT_TIMEOUT;
		return parse_number(s + 9, &o->value);
	}
	for (v = 0; v < 32; v++) {
		if (!strcmp(s, vector_name(v))) {
			o->kind = OUT_FAULT;
			o->vector = v;
			return 0;
		}
	}
	for (i = 0; i < sizeof(check_results) / sizeof(check_results[0]); i++) {
		if (!strcmp(s, check_name(check_results[i]))) {
			o->kind = OUT_CHECK;
			o->has_value = 1;
			o->value = check_results[i];
			return 0;
		}
	}
	return -1;
}

static const char *check_name(uint64_t v)
{
	switch (v) {
	case PV_CHECK_OK: return "ok";
	case PV_CHECK_ACCEPTED: return "accepted";
	case PV_CHECK_VERSION_ODD: return "version odd";
	case PV_CHECK_VERSION_ZERO: return "never written";
	case PV_CHECK_NOT_ADVANCING: return "time not advancing";
	case PV_CHECK_NOT_UPDATED: return "not updated";
	case PV_CHECK_EMPTY: return "empty";
	case PV_CHECK_NOT_RUN: return "not run";
	case PV_CHECK_NOT_WOKEN: return "not woken";
	case PV_CHECK_WRONG_COUNT: return "wrong IPI count";
	case PV_CHECK_BAD_FIELD: return "bad field";
	case PV_CHECK_WRITTEN: return "written";
	case PV_CHECK_NOT_SET: return "bit not set";
	case PV_CHECK_IN_SERVICE: return "still in service";
	case PV_CHECK_NO_IRQ: return "no interrupt";
	case PV_CHECK_WOKEN_EARLY: return "woken early";
	case PV_CHECK_TSC_OUTSIDE: return "tsc outside";
	case PV_CHECK_NO_APF: return "no async #PF";
	case PV_CHECK_BUSY_DELIVERED: return "delivered while busy";
	default: return "?";
	}
}

const char *outcome_str(const struct outcome *o, char *buf, size_t len)
{
	switch (o->kind) {
	case OUT_ACCEPT:
		if (o->has_value)
			snprintf(buf, len, "accept 0x%llx", (unsigned long long)o->value);
		else
			snprintf(buf, len, "accept");
		break;
	case OUT_FAULT:
		snprintf(buf, len, "%s", vector_name(o->vector));
		break;
	case OUT_CHECK:
		snprintf(buf, len, "%s", check_name(o->value));
		break;
	case OUT_RETURN:
		if ((int64_t)o->value < 0 && (int64_t)o->value > -100000)
			snprintf(buf, len, "ret %lld", (long long)o->value);
		else
			snprintf(buf, len, "ret 0x%llx", (unsigned long long)o->value);
		break;
	case OUT_NOT_RUN:
		snprintf(buf, len, "not run");
		break;
	case OUT_TIMEOUT:
		snprintf(buf, len, "timeout @0x%llx", (unsigned long long)o->value);
		break;
	default:
		snprintf(buf, len, "run failed");
	}
	return buf;
}
