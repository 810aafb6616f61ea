/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * QEMU's claim, asked over QMP (docs/interop/qmp-spec.rst) from a QEMU
 * started with -S: the CPU's feature words for 0x40000001 (qom-get
 * "feature-words"), the bits QEMU dropped because the host lacks them
 * ("filtered-features"), and the properties that decide what the guest
 * sees (kvm-pv-enforce-cpuid, kvm, hv-*).  QEMU's replies are untrusted.
 */
#ifndef PVPROBE_QEMU_QMP_H
#define PVPROBE_QEMU_QMP_H

#include <stddef.h>
#include <stdint.h>

struct qemu_claim {
	int ok;				/* the words below were read */
	uint32_t eax, edx;		/* FEAT_KVM, FEAT_KVM_HINTS */
	uint32_t filtered_eax, filtered_edx;	/* dropped: host lacks them */
	int enforce;			/* kvm-pv-enforce-cpuid */
	int kvm;			/* the "kvm" property (kvm=off: 0) */
	int hyperv;			/* an hv-* property is on: leaves move to 0x40000100 */
	char model[64];			/* the CPU's QOM type */
	int split_irqchip;		/* kernel-irqchip=split in the user's arguments (not over QMP) */
};

/*
 * Connect to the QMP socket @path of QEMU process @pid (given up on as
 * soon as it has exited) until @deadline_ms (CLOCK_MONOTONIC),
 * read the claim into @c, then resume the guest ("cont").  Returns 0, or
 * -1 with the reason in @err.
 */
int qemu_qmp_claim(const char *path, int pid, double deadline_ms, struct qemu_claim *c,
		   char *err, size_t errlen);

double qemu_now_ms(void);

#endif /* PVPROBE_QEMU_QMP_H */
