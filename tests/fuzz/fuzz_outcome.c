// SPDX-License-Identifier: GPL-2.0-only
/*
 * outcome_parse() (vmm/pv/outcome.c) reads --expect PROBE=OUTCOME from the
 * command line, and outcome_str() prints what a probe did.  For any
 * string: parsing must stay inside it (ASan), and what parses must print
 * as a string that parses back to a matching outcome, so that an outcome
 * pvprobe prints can always be given back to --expect.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "outcome.h"

#define CHECK(cond)	do { if (!(cond)) __builtin_trap(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct outcome first, again;
	char buf[OUTCOME_STR_MAX];
	char *s = malloc(size + 1);	/* exact size: a read past the NUL is an ASan error */

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	if (!outcome_parse(s, &first)) {
		outcome_str(&first, buf, sizeof(buf));
		CHECK(memchr(buf, '\0', sizeof(buf)));
		CHECK(!outcome_parse(buf, &again));
		CHECK(outcome_matches(&first, &again));
	}
	free(s);
	return 0;
}
