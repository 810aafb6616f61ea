/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pvprobe self and pvprobe explain: the Linux guest policy model beside
 * what a real guest kernel did, inside that guest (self_live.c: CPUID,
 * kernel log, /proc, sysfs, /dev/cpu/N/msr) or from the files a bug
 * report carries (self_files.c: a CPUID dump and a kernel log).  Both fill
 * struct self_facts; self_judge() (self_judge.c, pure) turns the facts
 * into the same decisions, model and reasons as pvprobe boot
 * (linux_model.c, linux_log.c, boot_msrs.c), and report/self_report.c
 * renders them.
 */
#ifndef PVPROBE_SELF_H
#define PVPROBE_SELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/kvm.h>

#include "boot_msrs.h"
#include "linux_guest.h"
#include "linux_log_text.h"

#define SELF_MAX_CPUS	64	/* CPUs whose PV MSRs are read */
#define SELF_NOTE_MAX	192
#define SELF_ERR_MAX	320
#define SELF_MAX_MODULES 8	/* the modules the self-check /init loads */

enum self_msr_state {
	SELF_MSR_NOT_TRIED,	/* --no-msr, or explain */
	SELF_MSR_READ,
	SELF_MSR_UNAVAILABLE,	/* not root, no msr module, ... (msr_note) */
};

/* A module the self-check initramfs's /init loaded, or tried to (vmm/self_init.c). */
struct self_module {
	char file[64];
	int loaded;
	char why[SELF_NOTE_MAX];	/* "finit_module: ..." when it did not */
};

/* What was read, from where. */
struct self_facts {
	const char *command;		/* "self" or "explain" */
	struct kvm_cpuid2 *cpuid;	/* malloc'd */
	char cpuid_source[SELF_NOTE_MAX];
	char *log;			/* malloc'd, console form (linux_log_text.c), NUL-terminated */
	size_t log_len;
	char log_source[SELF_NOTE_MAX];	/* "/dev/kmsg", "dmesg", "journalctl -k", FILE */
	bool log_truncated;
	char log_note[SELF_NOTE_MAX];	/* why it is (or is not) whole */
	struct linux_log_facts log_facts;
	char cmdline[LOG_FACT_MAX];
	char cmdline_source[SELF_NOTE_MAX];
	int nr_cpus;			/* possible CPUs, the model's input; 0: unknown */
	char cpus_source[SELF_NOTE_MAX];
	int online_cpus;		/* 0: unknown */
	char release[65];		/* uname -r or the log's "Linux version" */
	char release_source[SELF_NOTE_MAX];
	/* sysfs (self only; "" where not read) */
	char clocksource[64], clocksources[256], cpuidle_driver[64];
	/* The PV MSRs through /dev/cpu/N/msr (self only) */
	enum self_msr_state msr_state;
	char msr_note[SELF_NOTE_MAX];
	int msr_cpus;
	struct boot_msrs msrs[SELF_MAX_CPUS];
	int msr_cpu[SELF_MAX_CPUS];		/* the CPU of msrs[i] */
	int msr_errno[SELF_MAX_CPUS][BM_NR];	/* why msrs[i].read[m] is 0 (EIO: a #GP) */
	/* The modules /init loaded first (only inside pvprobe boot --self's guest). */
	int nr_modules;
	struct self_module modules[SELF_MAX_MODULES];
};

enum self_verdict {
	SELF_AGREES,		/* everything seen equals the model */
	SELF_DIFFERS,		/* something seen differs: a disagreement */
	SELF_UNKNOWN,		/* nothing seen (the why says what is missing) */
};

struct self_result {
	const struct self_facts *facts;
	/* Layer 2: what the VMM gave this guest. */
	uint32_t sig_base[3];		/* the seed's hypervisor_cpuid_base(): KVM, Xen (2), ACRN */
	bool hypervisor_bit;		/* CPUID 1 ECX[31] */
	char leaf0_sig[13];		/* CPUID 0x40000000's signature, printable */
	bool hyperv_in_front;		/* "Microsoft Hv" at 0x40000000, KVM above it */
	uint32_t kvm_max_leaf, kvm_eax, kvm_edx;
	bool invariant_tsc, mwait, x2apic;	/* 0x80000007 EDX[8], CPUID 1 ECX[3], ECX[21] */
	/* The kernel's version, the model's (linux_rules.h) and why that one. */
	int kernel_version;		/* major * 100 + minor, 0: unknown */
	int model_version;
	char version_note[SELF_NOTE_MAX];
	/* Layer 3: the model and what the kernel did, three ways. */
	struct linux_view model, log, sysfs, msr;
	enum self_verdict verdict[LD_NR];
	char why[LD_NR][SELF_ERR_MAX];	/* the deciding input, or what was missing */
	int nr_agree, nr_differ, nr_unknown;
};

/* The facts of the running system.  @no_msr: skip /dev/cpu/N/msr.  0, or -1 with @err. */
int self_collect_live(struct self_facts *f, bool no_msr, char *err, size_t errlen);

/* The options of pvprobe explain: the files and what overrides them. */
struct explain_options {
	const char *cpuid_path, *log_path;
	const char *cmdline;		/* NULL: from the log */
	int nr_cpus;			/* 0: from the log or the dump */
	const char *kernel_version;	/* NULL: from the log */
};

/* The facts of a bug report's files: 0, or -1 with "FILE:LINE: what" in @err (bad input). */
int self_collect_files(const struct explain_options *o, struct self_facts *f, char *err,
		       size_t errlen);

/* Model, log, sysfs and MSRs, decision by decision (pure). */
void self_judge(const struct self_facts *f, struct self_result *r);

/* PV_EXIT_OK when nothing seen disagrees, PV_EXIT_MISMATCH otherwise. */
int self_exit_code(const struct self_result *r);

/* The CPUID inputs decision @d depends on, for a disagreement's "why". */
const char *self_deciding_inputs(enum linux_decision d);

void self_facts_free(struct self_facts *f);

#endif /* PVPROBE_SELF_H */
