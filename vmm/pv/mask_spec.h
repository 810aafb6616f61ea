/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Mask and hint specs (--mask, --hints): comma-separated items applied
 * left to right, starting from the host-supported set.
 *   host | all | none           the host set, every defined bit, nothing
 *   NAME | +NAME | -NAME        set or clear; NAME as pv_feature_lookup()
 *   NAME=on | NAME=off          the QEMU way
 *   0xHEX                       the register, absolutely
 */
#ifndef PVPROBE_MASK_SPEC_H
#define PVPROBE_MASK_SPEC_H

#include <stddef.h>
#include <stdint.h>

struct mask_spec_result {
	uint32_t value;
	uint32_t undefined;	/* bits of the result no row defines (from the host or a hex item) */
};

/*
 * A spec parsed once, before the host is known: its result for any host
 * set is (host & keep) | set, since every item either keeps, sets, clears
 * or replaces bits.
 */
struct mask_spec {
	int reg;
	uint32_t keep, set;
};

/* Parse @spec for @reg into @ms.  0, or -1 with a message naming the bad item. */
int mask_spec_compile(int reg, const char *spec, struct mask_spec *ms, char *err, size_t errlen);
/* The register a compiled spec gives on a host supporting @host. */
void mask_spec_resolve(const struct mask_spec *ms, uint32_t host, struct mask_spec_result *res);

/*
 * Both at once: parse @spec for register @reg (PV_REG_EAX for --mask, PV_REG_EDX for
 * --hints).  Returns 0, or -1 with a message naming the bad item in @err.
 */
int mask_spec_parse(int reg, const char *spec, uint32_t host,
		    struct mask_spec_result *res, char *err, size_t errlen);

#endif /* PVPROBE_MASK_SPEC_H */
