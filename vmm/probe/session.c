// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/kvm_para.h>

#include "pvprobe_exit.h"
#include "session.h"
#include "vm_user_msr.h"

void guest_config_default(struct guest_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->enforce = 1;
	cfg->nr_vcpus = 1;
	cfg->timeout_ms = PV_DEFAULT_TIMEOUT_MS;
	cfg->exit_hypercall = -1;
	layout_default(&cfg->layout);
}

static int cap_error(char *err, size_t len, const char *what)
{
	snprintf(err, len, "%s: %s", what, strerror(errno));
	return PV_EXIT_FAIL;
}

static int enable_vm_cap(struct vm *vm, uint32_t cap, uint64_t arg)
{
	struct kvm_enable_cap c = { .cap = cap, .args[0] = arg };

	return ioctl(vm->fd, KVM_ENABLE_CAP, &c);
}

/*
 * Per-VM capabilities, before any vCPU: KVM_CAP_EXIT_HYPERCALL for
 * MAP_GPA_RANGE (hypercalls.rst: "userspace must enable" it) and, when
 * asked, the fix-hypercall quirk off (KVM_CAP_DISABLE_QUIRKS2).
 */
static int vm_caps(const struct kvm_sys *kvm, const struct guest_config *cfg,
		   struct session *s, char *err, size_t errlen)
{
	uint64_t map_gpa = 1ull << KVM_HC_MAP_GPA_RANGE;
	int hc = kvm_check_cap(kvm, KVM_CAP_EXIT_HYPERCALL);

	if (cfg->exit_hypercall == 1 && !(hc & map_gpa)) {
		snprintf(err, errlen, "host KVM lacks KVM_CAP_EXIT_HYPERCALL for MAP_GPA_RANGE (Linux >= 5.16)");
		return PV_EXIT_SKIP;
	}
	if (cfg->exit_hypercall && (hc & map_gpa)) {
		if (enable_vm_cap(&s->vm, KVM_CAP_EXIT_HYPERCALL, map_gpa) < 0)
			return cap_error(err, errlen, "KVM_ENABLE_CAP(KVM_CAP_EXIT_HYPERCALL)");
		s->exit_hypercall = 1;
	}
	if (cfg->disable_exits) {
		int have = kvm_check_cap(kvm, KVM_CAP_X86_DISABLE_EXITS);

		if ((have & cfg->disable_exits) != cfg->disable_exits) {
			snprintf(err, errlen, "host KVM cannot disable these exits (KVM_CAP_X86_DISABLE_EXITS offers 0x%x, asked 0x%x)",
				 have, cfg->disable_exits);
			return PV_EXIT_SKIP;
		}
		if (enable_vm_cap(&s->vm, KVM_CAP_X86_DISABLE_EXITS, cfg->disable_exits) < 0)
			return cap_error(err, errlen, "KVM_ENABLE_CAP(KVM_CAP_X86_DISABLE_EXITS)");
	}
	if (cfg->no_fix_hypercall_quirk) {
		if (!(kvm_check_cap(kvm, KVM_CAP_DISABLE_QUIRKS2) & KVM_X86_QUIRK_FIX_HYPERCALL_INSN)) {
			snprintf(err, errlen, "host KVM cannot disable KVM_X86_QUIRK_FIX_HYPERCALL_INSN (KVM_CAP_DISABLE_QUIRKS2, Linux >= 5.19)");
			return PV_EXIT_SKIP;
		}
		if (enable_vm_cap(&s->vm, KVM_CAP_DISABLE_QUIRKS2, KVM_X86_QUIRK_FIX_HYPERCALL_INSN) < 0)
			return cap_error(err, errlen, "KVM_ENABLE_CAP(KVM_CAP_DISABLE_QUIRKS2)");
	}
	return PV_EXIT_OK;
}

static int fail(struct session *s, int code, char *err, size_t len, const char *what)
{
	int e = errno;

	snprintf(err, len, "%s: %s%s", what, strerror(e), kvm_errno_hint(e));
	session_destroy(s);
	return code;
}

/* A kvm/ call failed with @err naming it: add what to do about errno. */
static int fail_kvm(struct session *s, char *err, size_t len)
{
	int e = errno;
	size_t used = strlen(err);

	snprintf(err + used, len - used, "%s", kvm_errno_hint(e));
	session_destroy(s);
	return PV_EXIT_FAIL;
}

#define ARCH_REQ_XCOMP_GUEST_PERM	0x1025	/* arch/x86/include/uapi/asm/prctl.h */
#define XFEATURE_MASK_USER_DYNAMIC	(1ull << 18)	/* XTILEDATA (AMX) */

/*
 * A replayed table may enable dynamic XSAVE features (AMX): KVM then wants
 * this process to have asked for them (kvm_check_cpuid() ->
 * fpu_enable_guest_xfd_features(), -EPERM otherwise), as QEMU does.
 */
static void request_xfeature_perm(struct kvm_cpuid2 *c)
{
	struct kvm_cpuid_entry2 *e = cpuid_find(c, 0xd, 0);
	uint64_t xf = e ? ((uint64_t)e->edx << 32 | e->eax) : 0;

	if (xf & XFEATURE_MASK_USER_DYNAMIC)
		syscall(SYS_arch_prctl, ARCH_REQ_XCOMP_GUEST_PERM, 18);
}

/*
 * A replayed table KVM_SET_CPUID2 refuses as a whole: find the leaves it
 * refuses one by one (KVM accepts a new table any number of times before
 * the first KVM_RUN), drop them, and say which in s->refused.  -1 if no
 * single leaf explains it.
 */
static int drop_refused(struct vcpu *v, struct session *s)
{
	struct kvm_cpuid2 *c = s->set;
	uint32_t i;

	for (i = 0; i < c->nent && s->nr_refused < PV_MAX_REFUSED; ) {
		struct kvm_cpuid_entry2 e = c->entries[i];

		memmove(&c->entries[i], &c->entries[i + 1], (c->nent - i - 1) * sizeof(e));
		c->nent--;
		if (!vcpu_set_cpuid(v, c)) {
			s->refused[s->nr_refused++] = e;
			return 0;
		}
		/* Not this one: put it back. */
		memmove(&c->entries[i + 1], &c->entries[i], (c->nent - i) * sizeof(e));
		c->entries[i] = e;
		c->nent++;
		i++;
	}
	errno = EINVAL;
	return -1;
}

int session_create(const struct kvm_sys *kvm, const struct guest_config *cfg,
		   struct session *s, char *err, size_t errlen)
{
	struct kvm_cpuid_entry2 *e;
	int i, rc;

	memset(s, 0, sizeof(*s));
	s->cfg = *cfg;
	s->vm.fd = -1;
	s->vm.ram = NULL;
	if (cfg->nr_vcpus < 1 || cfg->nr_vcpus > PV_MAX_VCPUS) {
		snprintf(err, errlen, "%d vCPUs: pvprobe runs 1 to %d", cfg->nr_vcpus, PV_MAX_VCPUS);
		return PV_EXIT_USAGE;
	}
	if (cfg->enforce && !kvm_check_cap(kvm, KVM_CAP_ENFORCE_PV_FEATURE_CPUID)) {
		snprintf(err, errlen, "host KVM lacks KVM_CAP_ENFORCE_PV_FEATURE_CPUID (Linux >= 5.10): rerun with --no-enforce");
		return PV_EXIT_SKIP;
	}
	s->supported = kvm_get_supported_cpuid(kvm);
	if (!s->supported)
		return fail(s, PV_EXIT_FAIL, err, errlen, "KVM_GET_SUPPORTED_CPUID");
	s->set = cpuid_build(cfg->table ? cfg->table : s->supported, cfg->eax, cfg->edx,
			     cfg->table ? NULL : &cfg->layout);
	if (!s->set)
		return fail(s, PV_EXIT_FAIL, err, errlen, "building CPUID");
	if (vm_create(kvm, &s->vm, err, errlen))
		return fail_kvm(s, err, errlen);
	rc = vm_caps(kvm, cfg, s, err, errlen);
	if (rc != PV_EXIT_OK) {
		session_destroy(s);
		return rc;
	}
	/* Before the vCPUs: the MSR filter is per VM. */
	if (kvm_check_cap(kvm, KVM_CAP_X86_USER_SPACE_MSR) &&
	    kvm_check_cap(kvm, KVM_CAP_X86_MSR_FILTER) && vm_user_msr_enable(&s->vm) < 0)
		return fail(s, PV_EXIT_FAIL, err, errlen,
			    "KVM_CAP_X86_USER_SPACE_MSR / KVM_X86_SET_MSR_FILTER");
	for (i = 0; i < cfg->nr_vcpus; i++) {
		struct vcpu *v = i == cfg->nr_vcpus - 1 && cfg->last_vcpu_id ?
				 vcpu_create_id(&s->vm, cfg->last_vcpu_id, err, errlen) :
				 vcpu_create(&s->vm, err, errlen);
		enum vcpu_cpuid_step step;

		if (!v)
			return fail_kvm(s, err, errlen);
		/* KVM refuses a changed CPUID after the first KVM_RUN: set it now. */
		if (!i && cfg->table)
			request_xfeature_perm(s->set);
		step = vcpu_program_cpuid(v, s->set, cfg->enforce, err, errlen);
		/*
		 * A replayed table KVM refuses as a whole: drop the leaves it
		 * refuses, then program what is left (KVM_SET_CPUID2 of the
		 * table drop_refused() just had accepted, and enforcement).
		 */
		if (step == VCPU_CPUID_SET && (errno == EINVAL || errno == EPERM) &&
		    cfg->table && !i) {
			if (drop_refused(v, s) < 0)
				return fail(s, PV_EXIT_FAIL, err, errlen, "KVM_SET_CPUID2");
			step = vcpu_program_cpuid(v, s->set, cfg->enforce, err, errlen);
		}
		if (step != VCPU_CPUID_OK)
			return fail_kvm(s, err, errlen);
	}

	s->got = vcpu_get_cpuid(s->vm.vcpus[0], s->set->nent + 8);
	if (!s->got)
		return fail(s, PV_EXIT_FAIL, err, errlen, "KVM_GET_CPUID2");
	/* KVM gates PV features on the leaf after the base it finds itself. */
	s->kvm_base = layout_kvm_base(s->got);
	e = s->kvm_base ? cpuid_find(s->got, s->kvm_base + 1, 0) : NULL;
	if (e) {
		s->kvm_eax = e->eax;
		s->kvm_edx = e->edx;
	}
	s->nr_changes = cpuid_diff(s->set, s->got, s->changes, PV_MAX_CHANGES);
	s->vm.pv_eax = s->kvm_eax;
	s->vm.enforce = cfg->enforce;
	return PV_EXIT_OK;
}

void session_destroy(struct session *s)
{
	if (s->vm.fd >= 0 || s->vm.ram)
		vm_destroy(&s->vm);
	free(s->supported);
	free(s->set);
	free(s->got);
	s->supported = s->set = s->got = NULL;
}

static void run_one(struct session *s, int vcpu, enum pv_entry entry, uint64_t arg,
		    uint64_t msr_value, unsigned int timeout_ms, struct run_result *res);

void session_run(struct session *s, int vcpu, enum pv_entry entry, uint64_t arg,
		 uint64_t msr_value, struct run_result *res)
{
	run_one(s, vcpu, entry, arg, msr_value, s->cfg.timeout_ms, res);
}

void session_run_timeout(struct session *s, int vcpu, enum pv_entry entry, uint64_t arg,
			 unsigned int timeout_ms, struct run_result *res)
{
	run_one(s, vcpu, entry, arg, 0, timeout_ms, res);
}

static void run_one(struct session *s, int vcpu, enum pv_entry entry, uint64_t arg,
		    uint64_t msr_value, unsigned int timeout_ms, struct run_result *res)
{
	struct vcpu *v;

	if (vcpu < 0 || vcpu >= s->vm.nr_vcpus) {
		memset(res, 0, sizeof(*res));
		res->status = RUN_KVM_ERROR;
		snprintf(res->detail, sizeof(res->detail), "no vCPU %d", vcpu);
		return;
	}
	v = s->vm.vcpus[vcpu];
	if (vcpu_setup_entry(v, entry, arg) < 0) {
		memset(res, 0, sizeof(*res));
		res->status = RUN_KVM_ERROR;
		snprintf(res->detail, sizeof(res->detail), "setting up vCPU %d: %s",
			 vcpu, strerror(errno));
		return;
	}
	vcpu_results_page(v)->msr_value = msr_value;
	vcpu_run_guest(v, timeout_ms, res);
}
