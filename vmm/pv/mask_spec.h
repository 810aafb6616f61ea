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
 * Parse @spec for register @reg (PV_REG_EAX for --mask, PV_REG_EDX for
 * --hints).  Returns 0, or -1 with a message naming the bad item in @err.
 */
int mask_spec_parse(int reg, const char *spec, uint32_t host,
		    struct mask_spec_result *res, char *err, size_t errlen);

#endif /* PVPROBE_MASK_SPEC_H */
