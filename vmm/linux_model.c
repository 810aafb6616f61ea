// SPDX-License-Identifier: GPL-2.0-only
/*
 * What a Linux 6.12 x86-64 guest (Debian cloud config) decides about each
 * PV feature, from the CPUID KVM gives it, the number of possible CPUs and
 * its command line.  Every rule cites the 6.12 source it encodes (paths in
 * the linux-source-6.12 tree).
 *
 * Assumptions about the VM (pvprobe's own VMM): no HPET, no ACPI PM timer,
 * an in-kernel PIT (KVM_CREATE_PIT2), an ACPI MADT listing @nr_cpus CPUs,
 * no DSDT processor objects (so no ACPI _CST and no acpi_idle), no DMI,
 * one CPU package, no initramfs (the boot ends in the root-mount panic).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <asm/kvm_para.h>

#include "linux_model.h"

/*
 * CPUID as the guest sees it: KVM's kvm_cpuid() (arch/x86/kvm/cpuid.c).
 * A missing leaf reads as zeros, except on a non-AMD guest vendor where a
 * leaf beyond its class's range reads as the highest basic leaf
 * (get_out_of_range_cpuid_entry()).
 */
struct regs {
	uint32_t eax, ebx, ecx, edx;
};

static const struct kvm_cpuid_entry2 *find_entry(const struct kvm_cpuid2 *c, uint32_t fn,
						  uint32_t idx, bool any_index)
{
	uint32_t i;

	if (!c)
		return NULL;
	for (i = 0; i < c->nent; i++) {
		const struct kvm_cpuid_entry2 *e = &c->entries[i];

		if (e->function != fn)
			continue;
		if (any_index || !(e->flags & KVM_CPUID_FLAG_SIGNIFCANT_INDEX) || e->index == idx)
			return e;
	}
	return NULL;
}

/* Three registers spell @s (12 bytes) in the order given. */
static bool spells(uint32_t a, uint32_t b, uint32_t c, const char *s)
{
	char buf[12];

	memcpy(buf, &a, 4);
	memcpy(buf + 4, &b, 4);
	memcpy(buf + 8, &c, 4);
	return !memcmp(buf, s, 12);
}

/* A CPU vendor string is ebx, edx, ecx. */
static bool vendor_is(uint32_t ebx, uint32_t ecx, uint32_t edx, const char *v)
{
	return spells(ebx, edx, ecx, v);
}

/* A hypervisor signature is ebx, ecx, edx. */
static bool signature_is(const struct regs *r, const char *sig)
{
	return spells(r->ebx, r->ecx, r->edx, sig);
}

static const struct kvm_cpuid_entry2 *out_of_range(const struct kvm_cpuid2 *c, uint32_t fn,
						    uint32_t idx)
{
	const struct kvm_cpuid_entry2 *basic = find_entry(c, 0, 0, true), *class;

	if (!basic)
		return NULL;
	if (vendor_is(basic->ebx, basic->ecx, basic->edx, "AuthenticAMD") ||
	    vendor_is(basic->ebx, basic->ecx, basic->edx, "AMDisbetter!") ||
	    vendor_is(basic->ebx, basic->ecx, basic->edx, "HygonGenuine"))
		return NULL;
	if (fn >= 0x40000000 && fn <= 0x4fffffff)
		class = find_entry(c, fn & 0xffffff00, 0, true);
	else if (fn >= 0xc0000000)
		class = find_entry(c, 0xc0000000, 0, true);
	else
		class = find_entry(c, fn & 0x80000000, 0, true);
	if (class && fn <= class->eax)
		return NULL;
	return find_entry(c, basic->eax, idx, false);
}

static struct regs guest_cpuid(const struct kvm_cpuid2 *c, uint32_t fn, uint32_t idx)
{
	const struct kvm_cpuid_entry2 *e = find_entry(c, fn, idx, false);
	struct regs r = { 0, 0, 0, 0 };

	if (!e)
		e = out_of_range(c, fn, idx);
	if (e) {
		r.eax = e->eax;
		r.ebx = e->ebx;
		r.ecx = e->ecx;
		r.edx = e->edx;
	}
	return r;
}

/* ---- The boot CPU as Linux identifies it (arch/x86/kernel/cpu/) ---- */

enum vendor { V_OTHER, V_INTEL, V_AMD, V_HYGON, V_CENTAUR, V_ZHAOXIN };

struct guest {
	const struct kvm_cpuid2 *cpuid;
	int32_t level;			/* c->cpuid_level: CPUID 0 eax */
	uint32_t xlevel;		/* c->extended_cpuid_level */
	enum vendor vendor;
	unsigned int family, model;
	bool hypervisor;		/* X86_FEATURE_HYPERVISOR: CPUID 1 ecx[31] */
	bool mwait;			/* X86_FEATURE_MWAIT after filter_cpuid_features() */
	bool tsc, apic;			/* CPUID 1 edx[4], edx[9] */
	bool constant_tsc, nonstop_tsc;
	uint32_t kvm_base;		/* kvm_cpuid_base(), 0 = !kvm_para_available() */
	uint32_t kvm_features, kvm_hints;	/* base+1 eax, edx */
};

static void identify(const struct kvm_cpuid2 *c, struct guest *g)
{
	struct regs r0 = guest_cpuid(c, 0, 0), r;
	uint32_t power = 0;

	memset(g, 0, sizeof(*g));
	g->cpuid = c;
	/* common.c cpu_detect(): the vendor string is ebx, edx, ecx. */
	g->level = (int32_t)r0.eax;
	if (vendor_is(r0.ebx, r0.ecx, r0.edx, "GenuineIntel"))
		g->vendor = V_INTEL;
	else if (vendor_is(r0.ebx, r0.ecx, r0.edx, "AuthenticAMD"))
		g->vendor = V_AMD;
	else if (vendor_is(r0.ebx, r0.ecx, r0.edx, "HygonGenuine"))
		g->vendor = V_HYGON;
	else if (vendor_is(r0.ebx, r0.ecx, r0.edx, "CentaurHauls"))
		g->vendor = V_CENTAUR;
	else if (vendor_is(r0.ebx, r0.ecx, r0.edx, "  Shanghai  "))
		g->vendor = V_ZHAOXIN;

	/* common.c cpu_detect()/get_cpu_cap(): leaf 1 only if cpuid_level >= 1. */
	if (g->level >= 1) {
		r = guest_cpuid(c, 1, 0);
		g->family = (r.eax >> 8) & 0xf;
		if (g->family == 0xf)
			g->family += (r.eax >> 20) & 0xff;
		g->model = (r.eax >> 4) & 0xf;
		if (g->family >= 6)
			g->model += ((r.eax >> 16) & 0xf) << 4;
		g->hypervisor = r.ecx & (1u << 31);
		g->mwait = r.ecx & (1u << 3);
		g->tsc = r.edx & (1u << 4);
		g->apic = r.edx & (1u << 9);
	}
	/* common.c filter_cpuid_features(): MWAIT needs cpuid_level >= 5. */
	if (g->level < 5)
		g->mwait = false;

	/* common.c get_cpu_cap(): x86_power = 0x80000007 edx. */
	r = guest_cpuid(c, 0x80000000, 0);
	g->xlevel = (r.eax & 0xffff0000) == 0x80000000 ? r.eax : 0;
	if (g->xlevel >= 0x80000007)
		power = guest_cpuid(c, 0x80000007, 0).edx;

	/*
	 * CONSTANT_TSC/NONSTOP_TSC: early_init_intel(), early_init_amd(),
	 * early_init_hygon(), early_init_centaur(), early_init_zhaoxin() set
	 * both from x86_power bit 8 (invariant TSC); Intel, Centaur and
	 * Zhaoxin also set CONSTANT_TSC alone for some families.
	 */
	switch (g->vendor) {
	case V_INTEL:
		if ((g->family == 0xf && g->model >= 3) || (g->family == 6 && g->model >= 0xe))
			g->constant_tsc = true;
		break;
	case V_CENTAUR:
		if ((g->family == 6 && g->model >= 0xf) || g->family >= 7)
			g->constant_tsc = true;
		break;
	case V_ZHAOXIN:
		if (g->family >= 6)
			g->constant_tsc = true;
		break;
	default:
		break;
	}
	if (g->vendor != V_OTHER && (power & (1u << 8))) {
		g->constant_tsc = true;
		g->nonstop_tsc = true;
	}
}

/* arch/x86/include/asm/cpuid.h hypervisor_cpuid_base() */
static uint32_t hypervisor_cpuid_base(const struct guest *g, const char *sig, uint32_t leaves)
{
	uint32_t base;

	for (base = 0x40000000; base < 0x40010000; base += 0x100) {
		struct regs r = guest_cpuid(g->cpuid, base, 0);

		if (signature_is(&r, sig) && (leaves == 0 || r.eax - base >= leaves))
			return base;
	}
	return 0;
}

/* ---- The command line (lib/cmdline.c next_arg(), init/main.c) ---- */

enum idle_override { IDLE_NO_OVERRIDE, IDLE_POLL, IDLE_HALT, IDLE_NOMWAIT };

struct cmdline {
	bool nopv, no_kvmclock, no_kvmapf, nopvspin;
	enum idle_override idle;
	bool haltpoll_force;
	long cpuidle_off;
	long intel_idle_max_cstate;	/* -1: not given */
	bool notsc, tsc_unstable, tsc_early_khz;
	char clocksource[32];		/* clocksource= (CS_NAME_LEN) */
	bool apic_disabled;		/* nolapic, disableapic */
	bool no_smp;			/* nosmp, maxcpus=0 */
	long nr_cpus;			/* nr_cpus=N, 0: not given */
	long possible_cpus;		/* possible_cpus=N, 0: not given */
};

/* The kernel's isspace() (lib/ctype.c): also 0xa0. */
static bool k_isspace(unsigned char ch)
{
	return ch == ' ' || (ch >= '\t' && ch <= '\r') || ch == 0xa0;
}

/* kernel/params.c parameq(): '-' and '_' are the same. */
static bool parameq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a == '-' ? '_' : *a, y = *b == '-' ? '_' : *b;

		if (x != y)
			return false;
	}
	return *a == *b;
}

/* __setup() matching (init/main.c obsolete_checksetup()): a prefix. */
static bool paramprefix(const char *a, const char *prefix)
{
	for (; *prefix; a++, prefix++) {
		char x = *a == '-' ? '_' : *a, y = *prefix == '-' ? '_' : *prefix;

		if (!*a || x != y)
			return false;
	}
	return true;
}

/* lib/kstrtox.c kstrtobool() */
static int k_strtobool(const char *s, bool *res)
{
	if (!s)
		return -1;
	switch (s[0]) {
	case 'y': case 'Y': case 't': case 'T': case '1':
		*res = true;
		return 0;
	case 'n': case 'N': case 'f': case 'F': case '0':
		*res = false;
		return 0;
	case 'o': case 'O':
		if (s[1] == 'n' || s[1] == 'N') {
			*res = true;
			return 0;
		}
		if (s[1] == 'f' || s[1] == 'F') {
			*res = false;
			return 0;
		}
		break;
	}
	return -1;
}

/* get_option()/kstrtoint(): a whole number, any base; false if none. */
static bool k_strtol(const char *s, long *out)
{
	char *end;

	if (!s || !*s)
		return false;
	*out = strtol(s, &end, 0);
	return end != s && (*end == '\0' || *end == '\n' || *end == ',');
}

/* lib/cmdline.c next_arg(), exactly (it edits @args in place). */
static char *next_arg(char *args, char **param, char **val)
{
	unsigned int i, equals = 0;
	int in_quote = 0, quoted = 0;

	if (*args == '"') {
		args++;
		in_quote = 1;
		quoted = 1;
	}
	for (i = 0; args[i]; i++) {
		if (k_isspace(args[i]) && !in_quote)
			break;
		if (equals == 0 && args[i] == '=')
			equals = i;
		if (args[i] == '"')
			in_quote = !in_quote;
	}
	*param = args;
	if (!equals) {
		*val = NULL;
	} else {
		args[equals] = '\0';
		*val = args + equals + 1;
		if (**val == '"') {
			(*val)++;
			if (args[i - 1] == '"')
				args[i - 1] = '\0';
		}
	}
	if (quoted && i > 0 && args[i - 1] == '"')
		args[i - 1] = '\0';
	if (args[i]) {
		args[i] = '\0';
		args += i + 1;
	} else {
		args += i;
	}
	while (k_isspace(*args))
		args++;
	return args;
}

static void one_param(struct cmdline *cl, const char *p, const char *v)
{
	long n;

	/* early_param()s (do_early_param(): exact name, any value) */
	if (parameq(p, "nopv"))				/* cpu/hypervisor.c */
		cl->nopv = true;
	else if (parameq(p, "no-kvmclock"))		/* kvmclock.c */
		cl->no_kvmclock = true;
	else if (parameq(p, "no-kvmapf"))		/* kvm.c */
		cl->no_kvmapf = true;
	else if (parameq(p, "nopvspin"))		/* locking/qspinlock.c */
		cl->nopvspin = true;
	else if (parameq(p, "idle") && v) {		/* process.c idle_setup() */
		if (!strcmp(v, "poll"))
			cl->idle = IDLE_POLL;
		else if (!strcmp(v, "halt"))
			cl->idle = IDLE_HALT;
		else if (!strcmp(v, "nomwait"))
			cl->idle = IDLE_NOMWAIT;
	} else if (parameq(p, "nolapic") || parameq(p, "disableapic")) {	/* apic.c */
		cl->apic_disabled = true;
	} else if (parameq(p, "nosmp")) {		/* kernel/smp.c */
		cl->no_smp = true;
	} else if (parameq(p, "maxcpus")) {
		if (k_strtol(v, &n) && n == 0)
			cl->no_smp = true;
	} else if (parameq(p, "nr_cpus")) {
		if (k_strtol(v, &n) && n > 0)
			cl->nr_cpus = n;
	} else if (parameq(p, "possible_cpus")) {	/* cpu/topology.c */
		if (k_strtol(v, &n) && n > 0)
			cl->possible_cpus = n;
	} else if (parameq(p, "tsc_early_khz")) {	/* tsc.c */
		if (k_strtol(v, &n))
			cl->tsc_early_khz = n != 0;
	}
	/* built-in module parameters (kernel/params.c parse_one()) */
	else if (parameq(p, "cpuidle_haltpoll.force")) {
		bool b;

		if (!k_strtobool(v ? v : "1", &b))
			cl->haltpoll_force = b;
	} else if (parameq(p, "cpuidle.off")) {
		if (k_strtol(v, &n))
			cl->cpuidle_off = n;
	} else if (parameq(p, "intel_idle.max_cstate")) {
		if (k_strtol(v, &n))
			cl->intel_idle_max_cstate = n;
	}
	/* __setup()s (a prefix of "name=value") */
	else if (v && parameq(p, "tsc")) {		/* tsc.c tsc_setup() */
		if (!strcmp(v, "unstable"))
			cl->tsc_unstable = true;
	} else if (paramprefix(p, "notsc")) {		/* tsc.c notsc_setup() */
		cl->notsc = true;
	} else if (v && (parameq(p, "clocksource") || parameq(p, "clock"))) {
		/* time/clocksource.c boot_override_clocksource(), boot_override_clock() */
		snprintf(cl->clocksource, sizeof(cl->clocksource), "%s",
			 !strcmp(p, "clock") && !strcmp(v, "pmtmr") ? "acpi_pm" : v);
	}
}

static void parse_cmdline(const char *s, struct cmdline *cl)
{
	char buf[2048];		/* COMMAND_LINE_SIZE on x86 */
	char *args = buf, *p, *v;

	memset(cl, 0, sizeof(*cl));
	cl->intel_idle_max_cstate = -1;
	if (!s)
		return;
	snprintf(buf, sizeof(buf), "%s", s);
	while (k_isspace(*args))
		args++;
	while (*args) {
		args = next_arg(args, &p, &v);
		if (!v && !strcmp(p, "--"))	/* kernel/params.c parse_args() */
			break;
		one_param(cl, p, v);
	}
}

/* ---- The decisions ---- */

/* Which platform detect_hypervisor_vendor() (cpu/hypervisor.c) picks. */
enum platform { P_NONE, P_XEN_HVM, P_VMWARE, P_HYPERV, P_KVM };

static const char *const platform_names[] = {
	[P_NONE] = "none", [P_XEN_HVM] = "Xen HVM", [P_VMWARE] = "VMware",
	[P_HYPERV] = "Microsoft Hyper-V", [P_KVM] = "KVM",
};

static enum platform detect_hypervisor(const struct guest *g, const struct cmdline *cl,
				       char *why, size_t len)
{
	/* The order of hypervisors[]; the highest detect() wins, the first on a tie. */
	uint32_t pri[5] = { 0 }, max = 0;
	enum platform p, best = P_NONE;

	/* xen_pv: only in a Xen PV domain.  xen_hvm has ignore_nopv. */
	if (g->hypervisor)
		pri[P_XEN_HVM] = hypervisor_cpuid_base(g, "XenVMMXenVMM", 2);
	if (!cl->nopv && g->hypervisor) {
		struct regs r = guest_cpuid(g->cpuid, 0x40000000, 0);

		/* vmware.c vmware_platform(): no DMI here, so only the CPUID way */
		if (signature_is(&r, "VMwareVMware"))
			pri[P_VMWARE] = 0x40000000;
		/* mshyperv.c ms_hyperv_platform(): HYPERCALL and VP_INDEX MSRs needed */
		if (r.eax >= 0x40000005 && r.eax <= 0x4000ffff &&
		    signature_is(&r, "Microsoft Hv") &&
		    (guest_cpuid(g->cpuid, 0x40000003, 0).eax & 0x60) == 0x60)
			pri[P_HYPERV] = 0x40000000;
		/* kvm.c kvm_detect(): kvm_cpuid_base() */
		pri[P_KVM] = g->kvm_base;
	}
	for (p = P_XEN_HVM; p <= P_KVM; p++) {
		if (pri[p] > max) {
			max = pri[p];
			best = p;
		}
	}
	if (!g->hypervisor)
		snprintf(why, len, "cpu/hypervisor.c: CPUID 1 ECX[31] HYPERVISOR clear%s",
			 g->level < 1 ? " (CPUID 0 eax < 1: leaf 1 unread)" : "");
	else if (best == P_NONE && cl->nopv)
		snprintf(why, len, "cpu/hypervisor.c detect_hypervisor_vendor(): \"nopv\" skips all but Xen");
	else if (best == P_NONE)
		snprintf(why, len, "cpu/hypervisor.c detect_hypervisor_vendor(): no signature in 0x40000000-0x4000ff00");
	else
		snprintf(why, len, "cpu/hypervisor.c detect_hypervisor_vendor(): %s signature at %#x wins",
			 platform_names[best], max);
	return best;
}

static bool has_feature(const struct guest *g, int bit)
{
	return g->kvm_features & (1u << bit);
}

static bool has_hint(const struct guest *g, int bit)
{
	return g->kvm_hints & (1u << bit);
}

/* intel_idle registers its cpuidle driver before cpuidle-haltpoll (drivers/Makefile order). */
static bool intel_idle_loads(const struct guest *g, const struct cmdline *cl)
{
	/* intel_idle_ids[] entries with a state table (tmt/TREMONT needs ACPI _CST). */
	static const unsigned char models[] = {
		0x1a, 0x1e, 0x1f, 0x25, 0x2c, 0x2e, 0x1c, 0x26, 0x2f, 0x2a, 0x2d, 0x36,
		0x37, 0x4a, 0x4c, 0x3a, 0x3e, 0x3c, 0x3f, 0x45, 0x46, 0x4d, 0x3d, 0x47,
		0x4f, 0x56, 0x4e, 0x5e, 0x8e, 0x9e, 0x55, 0x6a, 0x6c, 0x97, 0x9a, 0xaa,
		0xbe, 0x8f, 0xcf, 0xad, 0x57, 0x85, 0x5c, 0x7a, 0x5f, 0x86, 0xb6, 0xaf,
	};
	struct regs r5;
	size_t i;

	if (cl->idle != IDLE_NO_OVERRIDE || cl->intel_idle_max_cstate == 0)
		return false;
	if (g->vendor != V_INTEL || g->family != 6 || !g->mwait || g->level < 5)
		return false;
	r5 = guest_cpuid(g->cpuid, 5, 0);
	if ((r5.ecx & 3) != 3 || !r5.edx)
		return false;
	for (i = 0; i < sizeof(models); i++)
		if (models[i] == g->model)
			return true;
	return false;
}

/*
 * tsc.c native_calibrate_tsc(): TSC_KNOWN_FREQ on Intel from CPUID 0x15
 * (denominator, numerator, crystal Hz; Denverton's crystal is hardcoded).
 */
static bool cpuid15_known_freq(const struct guest *g)
{
	struct regs r;

	if (g->vendor != V_INTEL || g->level < 0x15)
		return false;
	r = guest_cpuid(g->cpuid, 0x15, 0);
	return r.eax && r.ebx && (r.ecx || (g->family == 6 && g->model == 0x5f));
}

#define SET(d, v, ...) do {						\
		snprintf(ev, sizeof(ev), __VA_ARGS__);			\
		linux_view_set(out, d, v, ev);				\
	} while (0)

void linux_model_predict(const struct linux_model_input *in, struct linux_view *out)
{
	struct guest g;
	struct cmdline cl;
	enum platform hv;
	char ev[LD_EVIDENCE_MAX], why[LD_EVIDENCE_MAX];
	const char *kvmclock = "off", *cs;
	long possible;
	bool kvm, kvmclock_on, tsc_usable, known_freq;

	memset(out, 0, sizeof(*out));
	if (!in)
		return;
	identify(in->cpuid, &g);
	parse_cmdline(in->cmdline, &cl);

	/* kvm.c __kvm_cpuid_base(): needs HYPERVISOR, then scans for "KVMKVMKVM". */
	if (g.hypervisor)
		g.kvm_base = hypervisor_cpuid_base(&g, "KVMKVMKVM\0\0\0", 0);
	if (g.kvm_base) {
		/* kvm.c kvm_arch_para_features()/_hints(): base | 1, eax and edx */
		struct regs r = guest_cpuid(in->cpuid, g.kvm_base | KVM_CPUID_FEATURES, 0);

		g.kvm_features = r.eax;
		g.kvm_hints = r.edx;
	}

	hv = detect_hypervisor(&g, &cl, why, sizeof(why));
	kvm = hv == P_KVM;
	linux_view_set(out, LD_HYPERVISOR, platform_names[hv], why);

	/*
	 * num_possible_cpus(): cpu/topology.c topology_apply_cmdline_limits_early()
	 * and topology_init_possible_cpus(); kernel/smp.c nrcpus().
	 */
	possible = in->nr_cpus > 0 ? in->nr_cpus : 1;	/* no MADT: restrict_to_up() */
	if (cl.no_smp || cl.apic_disabled)
		possible = 1;
	if (cl.nr_cpus && cl.nr_cpus < possible)
		possible = cl.nr_cpus;
	if (cl.possible_cpus && cl.possible_cpus < possible)
		possible = cl.possible_cpus;

	/* kvmclock.c kvmclock_init(), called from kvm_init_platform() */
	if (!kvm)
		SET(LD_KVMCLOCK, "off", "kvmclock.c kvmclock_init(): runs from kvm_init_platform(), KVM not the platform");
	else if (cl.no_kvmclock)
		SET(LD_KVMCLOCK, "off", "kvmclock.c kvmclock_init(): \"no-kvmclock\" on the command line");
	else if (has_feature(&g, KVM_FEATURE_CLOCKSOURCE2))
		SET(LD_KVMCLOCK, kvmclock = "new-msrs", "kvmclock.c kvmclock_init(): CLOCKSOURCE2 set, MSRs 4b564d01/4b564d00");
	else if (has_feature(&g, KVM_FEATURE_CLOCKSOURCE))
		SET(LD_KVMCLOCK, kvmclock = "old-msrs", "kvmclock.c kvmclock_init(): CLOCKSOURCE2 clear, CLOCKSOURCE set, MSRs 12/11");
	else
		SET(LD_KVMCLOCK, "off", "kvmclock.c kvmclock_init(): CLOCKSOURCE2 and CLOCKSOURCE clear");

	/* kvm.c kvm_guest_init() -> kvm_guest_cpu_init() -> kvm_register_steal_time() */
	if (!kvm)
		SET(LD_STEAL_TIME, "off", "kvm.c kvm_guest_init(): KVM not the platform");
	else if (has_feature(&g, KVM_FEATURE_STEAL_TIME))
		SET(LD_STEAL_TIME, "on", "kvm.c kvm_guest_init(): STEAL_TIME set (no-steal-acc only stops accounting)");
	else
		SET(LD_STEAL_TIME, "off", "kvm.c kvm_guest_init(): STEAL_TIME clear");

	/* kvm.c kvm_guest_cpu_init(): MSR_KVM_PV_EOI_EN */
	if (!kvm)
		SET(LD_PV_EOI, "off", "kvm.c kvm_guest_init(): KVM not the platform");
	else if (has_feature(&g, KVM_FEATURE_PV_EOI))
		SET(LD_PV_EOI, "on", "kvm.c kvm_guest_init(): PV_EOI set, eoi() -> kvm_guest_apic_eoi_write()");
	else
		SET(LD_PV_EOI, "off", "kvm.c kvm_guest_init(): PV_EOI clear");

	/* kvm.c kvm_guest_cpu_init(): ASYNC_PF_INT && kvmapf; ASYNC_PF itself unchecked */
	if (!kvm)
		SET(LD_ASYNC_PF, "off", "kvm.c kvm_guest_cpu_init(): KVM not the platform");
	else if (!has_feature(&g, KVM_FEATURE_ASYNC_PF_INT))
		SET(LD_ASYNC_PF, "off", "kvm.c kvm_guest_cpu_init(): ASYNC_PF_INT clear");
	else if (cl.no_kvmapf)
		SET(LD_ASYNC_PF, "off", "kvm.c kvm_guest_cpu_init(): \"no-kvmapf\" on the command line");
	else
		SET(LD_ASYNC_PF, "on", "kvm.c kvm_guest_cpu_init(): ASYNC_PF_INT set (ASYNC_PF bit not checked)");

	/* kvm.c pv_tlb_flush_supported() and pv_sched_yield_supported() */
	{
		static const struct {
			enum linux_decision d;
			int bit;
			const char *name, *fn;
		} pv[] = {
			{ LD_PV_TLB_FLUSH, KVM_FEATURE_PV_TLB_FLUSH, "PV_TLB_FLUSH", "pv_tlb_flush_supported()" },
			{ LD_PV_SCHED_YIELD, KVM_FEATURE_PV_SCHED_YIELD, "PV_SCHED_YIELD", "pv_sched_yield_supported()" },
		};
		size_t i;

		for (i = 0; i < sizeof(pv) / sizeof(pv[0]); i++) {
			if (!kvm)
				SET(pv[i].d, "off", "kvm.c kvm_guest_init(): KVM not the platform");
			else if (!has_feature(&g, pv[i].bit))
				SET(pv[i].d, "off", "kvm.c %s: %s clear", pv[i].fn, pv[i].name);
			else if (has_hint(&g, KVM_HINTS_REALTIME))
				SET(pv[i].d, "off", "kvm.c %s: HINTS_REALTIME set", pv[i].fn);
			else if (!has_feature(&g, KVM_FEATURE_STEAL_TIME))
				SET(pv[i].d, "off", "kvm.c %s: STEAL_TIME clear", pv[i].fn);
			else if (g.mwait)
				SET(pv[i].d, "off", "kvm.c %s: MWAIT set (CPUID 1 ECX[3])", pv[i].fn);
			else if (possible == 1)
				SET(pv[i].d, "off", "kvm.c %s: one possible CPU", pv[i].fn);
			else
				SET(pv[i].d, "on", "kvm.c %s: %s and STEAL_TIME set, %ld CPUs", pv[i].fn,
				    pv[i].name, possible);
		}
	}

	/* kvm.c kvm_apic_init() (apic_post_init, from apic_intr_mode_init()) */
	if (!kvm)
		SET(LD_PV_IPI, "off", "kvm.c kvm_apic_init(): set by kvm_init_platform(), KVM not the platform");
	else if (!has_feature(&g, KVM_FEATURE_PV_SEND_IPI))
		SET(LD_PV_IPI, "off", "kvm.c pv_ipi_supported(): PV_SEND_IPI clear");
	else if (possible == 1)
		SET(LD_PV_IPI, "off", "kvm.c pv_ipi_supported(): one possible CPU");
	else if (!g.apic)
		SET(LD_PV_IPI, "off", "apic.c apic_intr_mode_init(): CPUID 1 EDX[9] APIC clear, PIC mode, no apic_post_init");
	else
		SET(LD_PV_IPI, "on", "kvm.c pv_ipi_supported(): PV_SEND_IPI set, %ld CPUs", possible);

	/* kvm.c kvm_spinlock_init() (from kvm_smp_prepare_boot_cpu()), in its order */
	if (!kvm)
		SET(LD_PV_SPINLOCKS, "off", "kvm.c kvm_spinlock_init(): smp_prepare_boot_cpu hook not set, KVM not the platform");
	else if (has_hint(&g, KVM_HINTS_REALTIME))
		SET(LD_PV_SPINLOCKS, "off-realtime", "kvm.c kvm_spinlock_init(): HINTS_REALTIME set");
	else if (possible == 1)
		SET(LD_PV_SPINLOCKS, "off-single-cpu", "kvm.c kvm_spinlock_init(): one possible CPU");
	else if (cl.nopvspin)
		SET(LD_PV_SPINLOCKS, "off-nopvspin", "kvm.c kvm_spinlock_init(): \"nopvspin\" on the command line");
	else if (!has_feature(&g, KVM_FEATURE_PV_UNHALT))
		SET(LD_PV_SPINLOCKS, "off-no-host-support", "kvm.c kvm_spinlock_init(): PV_UNHALT clear");
	else
		SET(LD_PV_SPINLOCKS, "on", "kvm.c kvm_spinlock_init(): PV_UNHALT set, %ld CPUs", possible);

	/*
	 * cpuidle-haltpoll.c haltpoll_init() (device_initcall): only
	 * kvm_para_available(), not which platform won, so nopv does not
	 * stop it.  Then kvm.c arch_haltpoll_enable() for each CPU.
	 */
	if (!g.kvm_base)
		SET(LD_HALTPOLL, "off", "cpuidle-haltpoll.c haltpoll_init(): !kvm_para_available()");
	else if (cl.idle != IDLE_NO_OVERRIDE)
		SET(LD_HALTPOLL, "off", "cpuidle-haltpoll.c haltpoll_init(): \"idle=\" override");
	else if (!has_hint(&g, KVM_HINTS_REALTIME) && !cl.haltpoll_force)
		SET(LD_HALTPOLL, "off", "cpuidle-haltpoll.c haltpoll_want(): HINTS_REALTIME clear, no cpuidle_haltpoll.force");
	else if (cl.cpuidle_off)
		SET(LD_HALTPOLL, "off", "cpuidle/driver.c cpuidle_register_driver(): \"cpuidle.off\"");
	else if (intel_idle_loads(&g, &cl))
		SET(LD_HALTPOLL, "off", "intel_idle.c intel_idle_init(): MWAIT + CPUID 5 + known model, registers first");
	else if (!has_feature(&g, KVM_FEATURE_POLL_CONTROL))
		SET(LD_HALTPOLL, "on-no-poll-control", "kvm.c arch_haltpoll_enable(): POLL_CONTROL clear (%s)",
		    has_hint(&g, KVM_HINTS_REALTIME) ? "HINTS_REALTIME" : "forced");
	else
		SET(LD_HALTPOLL, "on", "cpuidle-haltpoll.c haltpoll_init(): %s, POLL_CONTROL set",
		    has_hint(&g, KVM_HINTS_REALTIME) ? "HINTS_REALTIME" : "forced");

	/*
	 * The clocksource at the root-mount panic (kernel/time/clocksource.c:
	 * the highest rating registered wins, the first registered on a tie;
	 * the first selection is at fs_initcall).
	 *
	 * - kvm-clock registers in setup_arch() with rating 400, or 299 when
	 *   CONSTANT_TSC && NONSTOP_TSC (kvmclock_init(); tsc=unstable and
	 *   notsc are __setup()s, parsed after setup_arch(), so they do not
	 *   change the rating).  Its calibrate hooks (kvm_get_tsc_khz()) set
	 *   TSC_KNOWN_FREQ.
	 * - Without kvm-clock, tsc.c native_calibrate_tsc() sets
	 *   TSC_KNOWN_FREQ only on Intel with CPUID 0x15 eax, ebx and ecx
	 *   (crystal Hz) non-zero (Denverton: crystal hardcoded); the early
	 *   TSC frequency otherwise comes from CPUID 0x16 or the PIT, which
	 *   we assume works (in-kernel PIT).
	 * - tsc_init() registers tsc-early (299) unless the TSC is unusable
	 *   (no TSC, notsc, tsc=unstable; unsynchronized_tsc() on a
	 *   non-Intel CPU without CONSTANT_TSC needs >1 package: assumed not).
	 * - init_tsc_clocksource() (device_initcall) registers tsc (300) at
	 *   once with TSC_KNOWN_FREQ; otherwise only after
	 *   tsc_refine_calibration_work() has waited a second (HZ), which we
	 *   assume is after the root-mount panic: tsc-early is still in use.
	 * - No HPET, no ACPI PM timer; the PIT clocksource is 32-bit only.
	 *   Left: refined-jiffies (2), jiffies (1).
	 * - clocksource= names one of those still registered: it wins.
	 */
	kvmclock_on = strcmp(kvmclock, "off") != 0;
	tsc_usable = g.tsc && !cl.notsc && !cl.tsc_unstable;
	known_freq = kvmclock_on || (!cl.tsc_early_khz && cpuid15_known_freq(&g));
	if (kvmclock_on && g.constant_tsc && g.nonstop_tsc && tsc_usable && known_freq) {
		cs = "tsc";
		snprintf(why, sizeof(why), "kvmclock.c: invariant TSC, kvm-clock rating 299; tsc.c: TSC_KNOWN_FREQ (kvm_get_tsc_khz()), tsc 300 at device_initcall");
	} else if (kvmclock_on) {
		cs = "kvm-clock";
		if (g.constant_tsc && g.nonstop_tsc)
			snprintf(why, sizeof(why), "kvmclock.c kvmclock_init(): rating 299 (invariant TSC); tsc.c: TSC unusable (%s)",
				 !g.tsc ? "no TSC" : cl.notsc ? "notsc" : "tsc=unstable");
		else
			snprintf(why, sizeof(why), "kvmclock.c kvmclock_init(): rating 400, no CONSTANT_TSC+NONSTOP_TSC (CPUID 0x80000007 EDX[8])");
	} else if (tsc_usable && known_freq) {
		cs = "tsc";
		snprintf(why, sizeof(why), "tsc.c native_calibrate_tsc(): CPUID 0x15 crystal, TSC_KNOWN_FREQ: tsc 300 at device_initcall");
	} else if (tsc_usable) {
		cs = "tsc-early";
		snprintf(why, sizeof(why), "tsc.c init_tsc_clocksource(): no kvm-clock, no TSC_KNOWN_FREQ: tsc after 1 s refinement, tsc-early at the panic");
	} else {
		cs = "refined-jiffies";
		snprintf(why, sizeof(why), "clocksource.c: no kvm-clock, TSC unusable (%s), no HPET/PM timer: refined-jiffies",
			 !g.tsc ? "no TSC" : cl.notsc ? "notsc" : "tsc=unstable");
	}
	if (cl.clocksource[0]) {
		const char *o = cl.clocksource;
		bool registered = !strcmp(o, "refined-jiffies") || !strcmp(o, "jiffies") ||
			(!strcmp(o, "kvm-clock") && kvmclock_on) ||
			(!strcmp(o, "tsc") && tsc_usable && known_freq) ||
			(!strcmp(o, "tsc-early") && tsc_usable && !known_freq);

		if (registered && strcmp(o, cs)) {
			snprintf(why, sizeof(why), "clocksource.c __clocksource_select(): \"clocksource=%s\" override", o);
			cs = o;
		}
	}
	linux_view_set(out, LD_CLOCKSOURCE, cs, why);
}
