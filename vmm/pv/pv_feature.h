/* SPDX-License-Identifier: GPL-2.0-only */
/* The PV feature table (include/pv_features.h) as data, and name lookup. */
#ifndef PVPROBE_PV_FEATURE_H
#define PVPROBE_PV_FEATURE_H

#include <stddef.h>
#include <stdint.h>
#include "pv_features.h"

struct pv_feature {
	int reg;			/* PV_REG_EAX or PV_REG_EDX */
	int bit;
	const char *name;		/* STEAL_TIME */
	const char *canonical;		/* KVM_FEATURE_STEAL_TIME */
	const char *qemu;		/* kvm-steal-time, or NULL */
	uint32_t msrs[PV_MAX_MSRS + 1];	/* zero-terminated */
	uint32_t hcalls[PV_MAX_HCALLS + 1];
	const char *linux_use;
};

/* Every row, in table order: the seed's order for EAX, then the hints. */
extern const struct pv_feature pv_features[PV_NR_ROWS];

const struct pv_feature *pv_feature_by_bit(int reg, int bit);

/*
 * Resolve @name (any case; '-' and '_' alike) to the bits it names in
 * @reg: the canonical name, the bare name, the dashed name or the QEMU
 * property.  A QEMU property may name several bits ("kvmclock" is both
 * CLOCKSOURCE and CLOCKSOURCE2, as in QEMU).  Returns 0 if nothing in @reg
 * matches; *other_reg is set when the name exists in the other register.
 */
uint32_t pv_feature_lookup(int reg, const char *name, int *other_reg);

/* The known name closest to @name, for "did you mean" (NULL if none is close). */
const char *pv_feature_suggest(int reg, const char *name);

/* "steal-time" for STEAL_TIME; @buf must hold 32 bytes. */
const char *pv_feature_dashed(const struct pv_feature *f, char *buf, size_t len);

const char *pv_reg_name(int reg);	/* "eax" / "edx" */

#endif /* PVPROBE_PV_FEATURE_H */
