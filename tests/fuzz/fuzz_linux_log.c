// SPDX-License-Identifier: GPL-2.0-only
/*
 * linux_log_parse() (vmm/linux/linux_log.c) reads the guest's console: any
 * bytes, from a guest that may be hostile.  Parsing must stay inside the
 * bytes (ASan: the copy has no NUL after it); every value and evidence
 * must be a NUL-terminated, printable string that fits; a value comes with
 * its evidence; a decision with a fixed vocabulary (linux_guest.h) may
 * only take a word of it; and the same bytes give the same view.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "linux_guest.h"
#include "linux_log.h"

#define CHECK(cond)	do { if (!(cond)) __builtin_trap(); } while (0)

static struct linux_view view, again;

static bool printable(const char *s, size_t cap)
{
	size_t i;

	for (i = 0; i < cap && s[i]; i++)
		if (s[i] < 0x20 || s[i] >= 0x7f)
			return false;
	return i < cap;
}

static bool in_vocabulary(enum linux_decision d, const char *s)
{
	static const char *const words[] = {
		"", "on", "off", "new-msrs", "old-msrs", "off-realtime", "off-single-cpu",
		"off-nopvspin", "off-no-host-support", "on-no-poll-control", "none",
	};
	size_t i;

	/* The hypervisor's name and the clocksource's are the guest's words. */
	if (d == LD_CLOCKSOURCE || (d == LD_HYPERVISOR && strcmp(s, "none")))
		return true;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcmp(words[i], s))
			return true;
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Exact size: a read past the end is an ASan error. */
	char *log = malloc(size ? size : 1);
	int d;

	if (!log)
		return 0;
	memcpy(log, data, size);
	linux_log_parse(log, size, &view);
	for (d = 0; d < LD_NR; d++) {
		CHECK(printable(view.value[d], LD_VALUE_MAX));
		CHECK(printable(view.evidence[d], LD_EVIDENCE_MAX));
		CHECK(!view.value[d][0] == !view.evidence[d][0]);
		CHECK(in_vocabulary(d, view.value[d]));
	}
	memset(&again, 0x5a, sizeof(again));
	linux_log_parse(log, size, &again);
	CHECK(!memcmp(&view, &again, sizeof(view)));
	free(log);
	return 0;
}
