/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copy a vCPU's results page out of guest memory and check every field:
 * the guest is untrusted input.  Only the checked copy is used afterwards.
 */
#ifndef PVPROBE_GUEST_RESULTS_H
#define PVPROBE_GUEST_RESULTS_H

#include <stddef.h>
#include <stdint.h>
#include "pvprobe_abi.h"

/*
 * @page: the page in guest RAM; @vcpu, @entry: what the host started.
 * Returns 0, or -1 with what is wrong in @err.  On return @out always holds
 * a copy whose strings are terminated.
 */
int guest_results_check(const volatile void *page, uint32_t vcpu, uint32_t entry,
			struct pv_results *out, char *err, size_t errlen);

#endif /* PVPROBE_GUEST_RESULTS_H */
