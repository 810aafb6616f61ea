/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A booted Linux guest's own self-report: the `pvprobe self --json` that
 * the self-check initramfs's /init (vmm/self_init.c) sends in a frame of
 * include/pv_qemu_abi.h (PVQ_KIND_SELF, then PVQ_KIND_END).  The bytes
 * come from the guest and are untrusted: every header field, the length
 * bound, the checksum, the JSON's shape and every string is checked here
 * before anything is kept.  Pure: no I/O.
 */
#ifndef PVPROBE_LINUX_SELFREPORT_H
#define PVPROBE_LINUX_SELFREPORT_H

#include <stddef.h>
#include <stdint.h>

#include "linux_guest.h"
#include "pv_qemu_abi.h"

#define SELFREP_NOTE_MAX	160
#define SELFREP_MSR_CPUS	16	/* CPUs whose MSRs are kept (pvprobe boot: PV_MAX_VCPUS) */
#define SELFREP_MSRS		12	/* MSRs per CPU */
#define SELFREP_MODULES		8

/* One PV MSR as the guest read it through /dev/cpu/N/msr. */
struct selfrep_msr {
	char name[32];			/* "MSR_KVM_STEAL_TIME" */
	int read;
	uint64_t value;
	char why[48];			/* when not read: strerror ("Input/output error": a #GP) */
};

struct selfrep_cpu {
	int cpu;
	int nr;
	struct selfrep_msr msr[SELFREP_MSRS];
};

struct linux_selfreport {
	char release[65];		/* the guest's uname -r */
	int model_version;		/* the rules its own model used (612: 6.12) */
	uint32_t kvm_base;		/* the seed's hypervisor_cpuid_base() for KVM (0: none) */
	uint32_t eax, edx;		/* CPUID 0x40000001 as the guest read it */
	int possible_cpus;
	char clocksource[LD_VALUE_MAX];	/* sysfs current_clocksource ("" if absent) */
	char log_source[40];		/* /dev/kmsg, dmesg, ... */
	/*
	 * Per decision, what the guest saw itself: sysfs, else its PV MSRs,
	 * else its own kernel log ("" where it saw nothing); the evidence
	 * says which.  And its own model and verdict.
	 */
	struct linux_view seen;
	struct linux_view model;
	char verdict[LD_NR][12];	/* "ok", "DISAGREES", "unknown" (self_verdict_name()) */
	/* Its PV MSRs: "read", "not tried", "unavailable" ("" if unsaid) and why. */
	char msr_state[16];
	char msr_note[SELFREP_NOTE_MAX];
	int nr_msr_cpus, msr_cpus_total;	/* kept, and in the report */
	struct selfrep_cpu msr_cpu[SELFREP_MSR_CPUS];
	/* The modules its /init loaded (pvprobe boot --self-module). */
	int nr_modules;
	struct {
		char file[64];
		int loaded;
		char why[SELFREP_NOTE_MAX];
	} modules[SELFREP_MODULES];
	int nr_agree, nr_differ, nr_unknown;
	size_t payload_len;
};

/* The guest's @name on its CPU @cpu, or NULL when the report has no such CPU or MSR. */
const struct selfrep_msr *linux_selfreport_msr(const struct linux_selfreport *r, int cpu,
					       const char *name);

/* The header of a frame of @kind around @len bytes at @payload. */
void linux_selfreport_header(struct pvq_frame *h, uint32_t kind, const void *payload,
			     uint32_t len);

/*
 * Decode @n bytes: one PVQ_KIND_SELF frame, then the end frame, nothing
 * else.  0 with @r filled, or -1 with what is wrong in @err: no bytes,
 * garbage (a byte that starts no frame), a bad header, a length over
 * PVQ_SELF_MAX, a stream cut short, a checksum mismatch, bytes after the
 * end, or a payload that is not a self-report (JSON error, a missing or
 * ill-typed field, an unknown or repeated decision, a string that is too
 * long or not printable; an MSR value that is not 0x and 1-16 hex digits,
 * more than SELFREP_MSRS MSRs on a CPU, a CPU twice).
 */
int linux_selfreport_decode(const uint8_t *buf, size_t n, struct linux_selfreport *r,
			    char *err, size_t errlen);

#endif /* PVPROBE_LINUX_SELFREPORT_H */
