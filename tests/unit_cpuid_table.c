// SPDX-License-Identifier: GPL-2.0-only
/*
 * The sweep worker builds its CPUID table once and, per configuration,
 * only applies the layout again with that configuration's features
 * (vmm/probe/sweep_worker.c): that must give exactly the table
 * cpuid_build() makes for the configuration, for every layout kind, after
 * any number of configurations before it.  No KVM needed: the base table
 * is made up here.
 */
#include "kselftest_harness.h"

#include <stdlib.h>
#include <string.h>

#include "cpuid_table.h"
#include "layout.h"

#define NR_CONFIGS	300

/* A KVM_GET_SUPPORTED_CPUID-like table: standard, KVM and extended leaves. */
static struct kvm_cpuid2 *base_table(void)
{
	static const uint32_t fns[] = { 0, 1, 7, 0xd, 0x40000000, 0x40000001, 0x80000000,
					0x80000001 };
	struct kvm_cpuid2 *c = calloc(1, sizeof(*c) + 16 * sizeof(c->entries[0]));
	size_t i;

	if (!c)
		return NULL;
	for (i = 0; i < sizeof(fns) / sizeof(fns[0]); i++) {
		struct kvm_cpuid_entry2 *e = &c->entries[c->nent++];

		e->function = fns[i];
		e->eax = 0x1000 + i;
		e->ebx = 0x2000 + i;
		e->ecx = fns[i] == 1 ? 0x00202000 : 0x3000 + i;	/* HYPERVISOR clear */
		e->edx = 0x4000 + i;
	}
	return c;
}

FIXTURE(in_place) {
	struct kvm_cpuid2 *base;
};

FIXTURE_VARIANT(in_place) {
	const char *layout;
};

FIXTURE_VARIANT_ADD(in_place, kvm) { .layout = "kvm" };
FIXTURE_VARIANT_ADD(in_place, kvm_at_0x40000100) { .layout = "kvm@0x40000100" };
FIXTURE_VARIANT_ADD(in_place, kvm_sig_eax) { .layout = "kvm,eax=0x40000010" };
FIXTURE_VARIANT_ADD(in_place, old_host) { .layout = "old-host" };
FIXTURE_VARIANT_ADD(in_place, hyperv) { .layout = "hyperv" };
FIXTURE_VARIANT_ADD(in_place, xen) { .layout = "xen" };
FIXTURE_VARIANT_ADD(in_place, acrn) { .layout = "acrn" };
FIXTURE_VARIANT_ADD(in_place, none) { .layout = "none" };

FIXTURE_SETUP(in_place)
{
	self->base = base_table();
	ASSERT_NE(NULL, self->base);
}

FIXTURE_TEARDOWN(in_place)
{
	free(self->base);
}

TEST_F(in_place, equals_a_fresh_build)
{
	struct kvm_cpuid2 *cached;
	struct layout l;
	char err[256];
	uint32_t x = 1;
	int i;

	ASSERT_EQ(0, layout_parse(variant->layout, &l, err, sizeof(err))) TH_LOG("%s", err);
	cached = cpuid_build(self->base, 0, 0, &l);
	ASSERT_NE(NULL, cached);
	for (i = 0; i < NR_CONFIGS; i++) {
		struct kvm_cpuid2 *fresh;
		uint32_t eax, edx;

		/* xorshift: every bit pattern, not just the defined ones */
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		eax = x;
		edx = i & 1 ? x >> 7 : 0;
		layout_apply(cached, &l, eax, edx);
		fresh = cpuid_build(self->base, eax, edx, &l);
		ASSERT_NE(NULL, fresh);
		ASSERT_EQ(fresh->nent, cached->nent) TH_LOG("configuration %d", i);
		EXPECT_EQ(0, memcmp(fresh->entries, cached->entries,
				    fresh->nent * sizeof(fresh->entries[0])))
			TH_LOG("configuration %d: eax 0x%08x edx 0x%08x", i, eax, edx);
		free(fresh);
	}
	/* And the HYPERVISOR bit cpuid_build() sets is still there. */
	ASSERT_NE(NULL, cpuid_find(cached, 1, 0));
	EXPECT_NE(0, cpuid_find(cached, 1, 0)->ecx & (1u << 31));
	free(cached);
}

TEST_HARNESS_MAIN
