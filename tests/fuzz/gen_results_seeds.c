// SPDX-License-Identifier: GPL-2.0-only
/*
 * Writes the seed corpus of fuzz_guest_results: results pages as a
 * well-behaved guest writes them for each kind of entry, and a few with one
 * field out of range, each prefixed with the u32 vcpu and u32 entry the
 * host started (the fuzz target's input format).  Run once after an ABI
 * change:  gen_results_seeds tests/fuzz/corpus/fuzz_guest_results
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pvprobe_abi.h"

struct seed {
	uint32_t vcpu, entry;
	struct pv_results r;
};

static const char *dir;

static void page_good(struct seed *s, uint32_t vcpu, uint32_t entry)
{
	memset(s, 0, sizeof(*s));
	s->vcpu = vcpu;
	s->entry = entry;
	s->r.magic = PV_RESULTS_MAGIC;
	s->r.abi_version = PV_ABI_VERSION;
	s->r.vcpu = vcpu;
	s->r.entry = entry;
}

static void put(const char *name, const struct seed *s, size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(s, 1, len, f) != len || fclose(f)) {
		perror(path);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	struct seed s;
	int i;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	dir = argv[1];

	/* PV_ENTRY_REPORT: KVM found at the base, the others not. */
	page_good(&s, 0, PV_ENTRY_REPORT);
	s.r.sig_base[PV_SIG_KVM] = 0x40000000u;
	s.r.kvm_leaf0 = (struct pv_cpuid_regs){ 0x40000001u, 0x4b4d564b, 0x564b4d56, 0x4d };
	s.r.kvm_leaf1.eax = 0x01007efbu;
	put("ok-report", &s, sizeof(s));

	/* PV_ENTRY_RDMSR that took a #GP. */
	page_good(&s, 3, PV_ENTRY_RDMSR);
	s.r.msr = 0x4b564d03u;
	s.r.msr_fault = PV_FAULTED | 13;
	put("ok-rdmsr-gp", &s, sizeof(s));

	/* PV_EV_FAIL with a message. */
	page_good(&s, 1, PV_ENTRY_REPORT);
	s.r.msg_len = (uint32_t)strlen("guest: no KVM signature");
	memcpy(s.r.msg, "guest: no KVM signature", s.r.msg_len);
	put("ok-fail-msg", &s, sizeof(s));

	/* PV_ENTRY_HYPERCALL that returned -KVM_ENOSYS. */
	page_good(&s, 0, PV_ENTRY_HYPERCALL);
	s.r.hc_nr = 5;
	s.r.hc_ret = (uint64_t)-1000;
	s.r.hc_done = 1;
	put("ok-hypercall", &s, sizeof(s));

	/* PV_ENTRY_MSR_PROBES: every slot, some faulted. */
	page_good(&s, 0, PV_ENTRY_MSR_PROBES);
	s.r.nr_probes = PV_MAX_PROBES;
	for (i = 0; i < PV_MAX_PROBES; i++) {
		s.r.probes[i].done = 1;
		s.r.probes[i].fault = i % 3 ? 0 : PV_FAULTED | 13;
		s.r.probes[i].value = (uint64_t)i * 0x1001;
	}
	put("ok-probes", &s, sizeof(s));

	/* One field out of range each. */
	page_good(&s, 0, PV_ENTRY_REPORT);
	s.r.magic = 0x50524553u;
	put("bad-magic", &s, sizeof(s));

	page_good(&s, 0, PV_ENTRY_REPORT);
	s.r.abi_version = PV_ABI_VERSION + 1;
	put("bad-abi", &s, sizeof(s));

	page_good(&s, 2, PV_ENTRY_REPORT);
	s.vcpu = 1;
	put("bad-vcpu", &s, sizeof(s));

	page_good(&s, 0, PV_ENTRY_REPORT);
	s.r.sig_base[PV_SIG_XEN] = 0x40000100u + 1;
	put("bad-sig-base", &s, sizeof(s));

	page_good(&s, 0, PV_ENTRY_HYPERCALL);
	s.r.hc_done = 2;
	put("bad-hc-done", &s, sizeof(s));

	page_good(&s, 0, PV_ENTRY_MSR_PROBES);
	s.r.nr_probes = PV_MAX_PROBES + 1;
	put("bad-nr-probes", &s, sizeof(s));

	page_good(&s, 0, PV_ENTRY_MSR_PROBES);
	s.r.nr_probes = 2;
	s.r.probes[1].done = 1;
	s.r.probes[1].fault = 0x200 | 6;
	put("bad-probe-fault", &s, sizeof(s));

	page_good(&s, 1, PV_ENTRY_REPORT);
	s.r.msg_len = PV_MSG_MAX;
	memset(s.r.msg, 'A', PV_MSG_MAX);
	put("bad-msg-len", &s, sizeof(s));

	/* Cut off after the header: the rest of the page reads as zeros. */
	page_good(&s, 0, PV_ENTRY_REPORT);
	put("short-header", &s, 8 + 16);
	return 0;
}
