/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pvprobe boot: boot a real Linux kernel in pvprobe's own VM with a chosen
 * PV feature mask, and set the guest kernel's PV decisions as it logged
 * them and as KVM holds them beside what the Linux guest policy model
 * predicts (linux_guest.h).
 */
#ifndef PVPROBE_BOOT_H
#define PVPROBE_BOOT_H

#include <stddef.h>
#include <stdint.h>

#include "boot_kernel.h"
#include "boot_layout.h"
#include "boot_msrs.h"
#include "boot_vm.h"
#include "kvm_sys.h"
#include "layout.h"
#include "linux_guest.h"
#include "linux_selfreport.h"

/*
 * A boot fails for lack of progress (BOOT_DEFAULT_STALL_MS with no console
 * byte, no exit and no RIP movement), not for being slow: a loaded or slow
 * host only makes it longer.  The whole-boot deadline is a safety net for
 * a guest that moves but never ends (a livelock).
 */
#define BOOT_DEFAULT_TIMEOUT_MS	1800000u
#define BOOT_DEFAULT_STALL_MS	60000u

enum boot_verdict {
	BOOT_AGREES,		/* every observation equals the model */
	BOOT_DIFFERS,		/* an observation differs: a mismatch */
	BOOT_UNSEEN,		/* nothing observed: a mismatch */
	BOOT_NOT_REACHED,	/* the backend's boot ends before it (XFAIL) */
};

#define BOOT_MAX_EXPECT	16

/* --expect DECISION=VALUE: what the engineer says the guest must decide. */
struct boot_expect {
	enum linux_decision d;
	char value[LD_VALUE_MAX];
};

struct boot_options {
	const char *kernel;		/* bzImage or vmlinux, for the report */
	double kernel_ms;		/* boot_kernel_open() took, for the report */
	uint32_t eax, edx;		/* CPUID 0x40000001 to program */
	struct layout layout;
	int enforce;			/* KVM_CAP_ENFORCE_PV_FEATURE_CPUID */
	int nr_vcpus;
	const char *append;		/* added to the command line, or NULL */
	unsigned int timeout_ms;
	unsigned int stall_ms;		/* 0: no stall check */
	unsigned int ram_mib;
	int nr_expect;
	struct boot_expect expect[BOOT_MAX_EXPECT];
	/*
	 * --self: the self-check initramfs (its /init sends `pvprobe self
	 * --json` in a frame on port 0xe9, vmm/self_init.c); NULL: no initramfs.
	 */
	const uint8_t *initrd;
	size_t initrd_len;
	/* The modules in it (--self-module, or the msr driver found), for the report. */
	char self_modules[320];
};

/* The fourth view, the guest's own self-report. */
enum boot_self_state {
	BOOT_SELF_OFF,		/* no --self */
	BOOT_SELF_OK,		/* a valid report arrived */
	BOOT_SELF_NOT_REACHED,	/* the backend's boot ends before /init (XFAIL) */
	BOOT_SELF_MISSING,	/* no report, or a bad one: a mismatch (self_note says why) */
};

struct boot_result {
	const struct boot_options *opts;	/* what was asked (the report shows it) */
	/* The kernel. */
	char format[16];
	char release[65];
	int kernel_version;		/* release's major * 100 + minor, 0: unknown */
	int model_version;		/* the model's rules (linux_rules.h) */
	char model_note[96];		/* "model 6.12 (nearest to 6.15)" */
	uint64_t entry;
	double load_ms;			/* read + decompress + load */
	/* The VM. */
	char backend[64];
	char cmdline[BOOT_CMDLINE_MAX];
	const char *host_reason;	/* why the backend's extra arguments and early end */
	unsigned int not_reached;	/* 1 << LD_*: decided after the backend's end */
	uint32_t kvm_base;		/* where Linux will find KVM (0: nowhere) */
	uint32_t kvm_eax, kvm_edx;	/* its 0x40000001 as KVM holds it */
	int nr_vcpus, nr_ran;		/* vCPUs, and those that left wait-for-SIPI */
	struct boot_msrs msrs[BOOT_MAX_VCPUS];
	/* Where the VMM did what the backend's emulator could not (boot_run.c). */
	uint64_t nr_int3, nr_fwait, nr_emul_retries;
	/* The run. */
	enum boot_end end;
	char end_detail[256];
	double boot_ms;			/* first KVM_RUN to the end */
	double first_ms;		/* ... to the console's first byte */
	double pv_ms;			/* ... to the last PV decision line */
	char *console;			/* malloc'd, NUL-terminated */
	size_t console_len;
	struct kvm_cpuid2 *guest_cpuid;	/* what the guest sees (the model's input), malloc'd */
	/* The guest's self-report (--self): its state, why, and the report. */
	enum boot_self_state self_state;
	char self_note[320];
	size_t self_bytes;		/* what arrived on port 0xe9 (kept or not) */
	uint64_t initrd_addr;
	struct linux_selfreport self;	/* self.seen is the fourth view */
	/* Its MSRs against KVM's (only with a report). */
	int nr_msr_cmp;
	struct boot_msr_cmp msr_cmp[BOOT_MSR_CMP_NR];
	/* The three (four with --self) views and their verdicts. */
	struct linux_view model, log, kvm;
	enum boot_verdict verdict[LD_NR];
	int expect_ok[BOOT_MAX_EXPECT];	/* model and every observation say so */
	int nr_mismatches;
};

/*
 * The kernel arguments that keep a guest off what backend @backend cannot
 * run (none changes a PV decision), or NULL; *@reason says why.  pvprobe
 * qemu --kernel gives QEMU's guest the same.
 */
const char *boot_host_args(const char *backend, const char **reason);

/* Parse "DECISION=VALUE" into @e: 0, or -1 with a message in @err. */
int boot_expect_parse(const char *arg, struct boot_expect *e, char *err, size_t errlen);

/*
 * Returns PV_EXIT_OK (everything agrees), PV_EXIT_MISMATCH (a decision
 * differs), PV_EXIT_FAIL (the boot did not get far enough, or a KVM call
 * failed), PV_EXIT_USAGE (the kernel image is unusable), PV_EXIT_SKIP (the
 * host lacks something); @err says
 * why when it is not OK.  @k: the kernel, read with boot_kernel_open()
 * (before KVM is opened: a bad image is bad input).  @r is filled as far
 * as the boot went.
 */
int boot_linux(const struct kvm_sys *kvm, const struct boot_options *o,
	       const struct boot_kernel *k, struct boot_result *r, char *err, size_t errlen);
void boot_result_free(struct boot_result *r);

#endif /* PVPROBE_BOOT_H */
