/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One statistic of a vCPU, read from KVM's binary statistics file
 * (KVM_GET_STATS_FD, Documentation/virt/kvm/api.rst "KVM_GET_STATS_FD").
 * Reading it needs no vCPU mutex, so another thread can read it while the
 * vCPU is inside KVM_RUN, e.g. whether it is asleep in kvm_vcpu_block()
 * ("blocking", virt/kvm/kvm_main.c kvm_vcpu_block()).  Opening it does:
 * KVM_GET_STATS_FD is a vCPU ioctl under vcpu->mutex (kvm_vcpu_ioctl()),
 * so open it before the vCPU's KVM_RUN, or it waits for that run to end.
 */
#ifndef PVPROBE_VCPU_STATS_H
#define PVPROBE_VCPU_STATS_H

#include <stdint.h>
#include <sys/types.h>

#include "vcpu.h"

struct vcpu_stat {
	int fd;		/* the vCPU's stats file, -1 when there is none */
	off_t off;	/* where the value is in it */
};

/*
 * Find statistic @name of @v.  Returns 0, or -1 with errno (ENOENT: KVM
 * has no such statistic; the stats file or its layout could not be read).
 * The file is KVM's but its contents are bounded here like any input.
 */
int vcpu_stat_open(struct vcpu *v, const char *name, struct vcpu_stat *st);
/* The current value (its first u64).  Returns 0, or -1 with errno. */
int vcpu_stat_read(const struct vcpu_stat *st, uint64_t *val);
void vcpu_stat_close(struct vcpu_stat *st);

#endif /* PVPROBE_VCPU_STATS_H */
