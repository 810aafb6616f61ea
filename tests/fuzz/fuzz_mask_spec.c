// SPDX-License-Identifier: GPL-2.0-only
/*
 * mask_spec_parse() (vmm/pv/mask_spec.c) takes --mask and --hints straight
 * from the command line.  For any bytes, for both registers and a few
 * host sets, the parser must not touch memory it does not own (ASan) and
 * must keep its promises:
 *   - success: undefined is exactly the value's bits no table row defines;
 *   - failure: err is a non-empty, terminated message, also when errlen is
 *     small (then a prefix of the full message);
 *   - the same call twice gives the same answer;
 *   - a successful value printed as 0x%08x parses back to itself.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mask_spec.h"
#include "pv_features.h"

#define ERR_LEN		256

#define CHECK(cond)	do { if (!(cond)) __builtin_trap(); } while (0)

struct answer {
	int rc;
	struct mask_spec_result res;
	char err[ERR_LEN];
};

/* A message must be non-empty and end within its buffer. */
static int err_ok(const char *err, size_t len)
{
	return len && err[0] && memchr(err, '\0', len);
}

static void parse(int reg, const char *spec, uint32_t host, struct answer *a)
{
	memset(a, 0, sizeof(*a));
	a->rc = mask_spec_parse(reg, spec, host, &a->res, a->err, sizeof(a->err));
}

/*
 * @again: also check determinism and a short error buffer of @small bytes.
 * Once per register is enough: a failure does not depend on the host set,
 * and an unknown name's suggestion search dominates the fuzzer's time.
 */
static void check_one(int reg, const char *spec, uint32_t host, int again, size_t small)
{
	uint32_t defined = reg == PV_REG_EDX ? PV_DEFINED_EDX : PV_DEFINED_EAX;
	struct answer a, b, hex;
	char hexspec[16], *err;

	parse(reg, spec, host, &a);
	CHECK(a.rc == 0 || a.rc == -1);
	if (again) {
		parse(reg, spec, host, &b);
		CHECK(a.rc == b.rc);
		CHECK(a.rc || (a.res.value == b.res.value && a.res.undefined == b.res.undefined));
		CHECK(!a.rc || !strcmp(a.err, b.err));
	}

	if (a.rc) {
		CHECK(err_ok(a.err, sizeof(a.err)));
		if (!again)
			return;
		/* A short buffer (exactly that long, for ASan) gets a prefix. */
		err = malloc(small);
		CHECK(err);
		CHECK(mask_spec_parse(reg, spec, host, &b.res, err, small) == -1);
		CHECK(small < 2 || err_ok(err, small));
		CHECK(!strncmp(err, a.err, strlen(err)));
		free(err);
		return;
	}

	CHECK(a.res.undefined == (a.res.value & ~defined));

	snprintf(hexspec, sizeof(hexspec), "0x%08x", a.res.value);
	parse(reg, hexspec, host ^ 0xffffffffu, &hex);
	CHECK(hex.rc == 0);
	CHECK(hex.res.value == a.res.value && hex.res.undefined == a.res.undefined);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The host KVM sets a spec starts from: nothing, everything. */
	static const uint32_t hosts[] = { 0, 0xffffffffu };
	char *spec = malloc(size + 1);	/* exact size: a read past the NUL is an ASan error */
	size_t i;

	if (!spec)
		return 0;
	/* A spec comes from argv: it ends at the first NUL, wherever that is. */
	memcpy(spec, data, size);
	spec[size] = '\0';

	for (i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++) {
		check_one(PV_REG_EAX, spec, hosts[i], !i, 1 + size % 24);
		check_one(PV_REG_EDX, spec, hosts[i], !i, 1 + size % 24);
	}
	free(spec);
	return 0;
}
