// SPDX-License-Identifier: GPL-2.0-only
/*
 * linux_log_text_normalize() (vmm/linux/linux_log_text.c) reads the kernel
 * log of a bug report for pvprobe explain: any bytes.  It must stay inside
 * them (ASan: the copy has no NUL after it) and inside the output buffer
 * (exactly as large as the header promises: @len + 1), end the output
 * with a NUL within it, never make it longer than the input, fill the
 * facts with NUL-terminated printable strings and sane counts, and give
 * the same result for the same bytes.  The normalized text then goes
 * through linux_log_parse() as pvprobe explain does.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "linux_guest.h"
#include "linux_log.h"
#include "linux_log_text.h"

#define CHECK(cond)	do { if (!(cond)) __builtin_trap(); } while (0)

static struct linux_log_facts facts, again;
static struct linux_view view;

static bool printable(const char *s, size_t cap)
{
	size_t i;

	for (i = 0; i < cap && s[i]; i++)
		if (s[i] < 0x20 || s[i] >= 0x7f)
			return false;
	return i < cap;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *log = malloc(size ? size : 1), *out = malloc(size + 1), *out2 = malloc(size + 1);
	size_t n, n2;

	if (!log || !out || !out2)
		goto done;
	memcpy(log, data, size);
	n = linux_log_text_normalize(log, size, out, size + 1, &facts);
	CHECK(n <= size);
	CHECK(out[n] == '\0');
	CHECK(printable(facts.cmdline, sizeof(facts.cmdline)));
	CHECK(printable(facts.release, sizeof(facts.release)));
	CHECK(facts.possible_cpus >= 0 && facts.possible_cpus < 100000);
	CHECK(facts.online_cpus >= 0 && facts.online_cpus < 1000000);
	CHECK(facts.cmdline_line <= facts.lines);
	CHECK(facts.version == 0 || (facts.version >= 100 && facts.version < 100000));
	memset(&again, 0x5a, sizeof(again));
	n2 = linux_log_text_normalize(log, size, out2, size + 1, &again);
	CHECK(n == n2 && !memcmp(out, out2, n + 1) && !memcmp(&facts, &again, sizeof(facts)));
	linux_log_parse(out, n, &view);
done:
	free(log);
	free(out);
	free(out2);
	return 0;
}
