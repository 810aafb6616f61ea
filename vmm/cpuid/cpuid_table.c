// SPDX-License-Identifier: GPL-2.0-only
#include <stdlib.h>
#include <string.h>

#include "cpuid_table.h"
#include "layout.h"

#define CPUID_1_ECX_HYPERVISOR	(1u << 31)

struct kvm_cpuid_entry2 *cpuid_find(struct kvm_cpuid2 *c, uint32_t fn, uint32_t idx)
{
	uint32_t i;

	for (i = 0; i < c->nent; i++) {
		struct kvm_cpuid_entry2 *e = &c->entries[i];

		if (e->function != fn)
			continue;
		if ((e->flags & KVM_CPUID_FLAG_SIGNIFCANT_INDEX) && e->index != idx)
			continue;
		return e;
	}
	return NULL;
}

struct kvm_cpuid2 *cpuid_build(const struct kvm_cpuid2 *base, uint32_t eax, uint32_t edx,
			       const struct layout *layout)
{
	size_t n = base->nent + 16;
	struct kvm_cpuid2 *c = calloc(1, sizeof(*c) + n * sizeof(c->entries[0]));
	struct kvm_cpuid_entry2 *e;

	if (!c)
		return NULL;
	memcpy(c->entries, base->entries, base->nent * sizeof(c->entries[0]));
	c->nent = base->nent;
	if (!layout)
		return c;

	layout_apply(c, layout, eax, edx);
	e = cpuid_find(c, 1, 0);
	if (e)
		e->ecx |= CPUID_1_ECX_HYPERVISOR;
	return c;
}

const char *cpuid_reg_name(int reg)
{
	static const char *const names[] = { "eax", "ebx", "ecx", "edx" };

	return reg >= 0 && reg < 4 ? names[reg] : "?";
}

int cpuid_diff(struct kvm_cpuid2 *set, struct kvm_cpuid2 *got,
	       struct cpuid_change *out, int max)
{
	int count = 0, r;
	uint32_t i;

	for (i = 0; i < set->nent; i++) {
		struct kvm_cpuid_entry2 *s = &set->entries[i];
		struct kvm_cpuid_entry2 *g = cpuid_find(got, s->function, s->index);
		uint32_t sv[4] = { s->eax, s->ebx, s->ecx, s->edx };

		if (!g) {
			if (count < max)
				out[count] = (struct cpuid_change){ s->function, s->index,
								    -1, 0, 0, 1 };
			count++;
			continue;
		}
		{
			uint32_t gv[4] = { g->eax, g->ebx, g->ecx, g->edx };

			for (r = 0; r < 4; r++) {
				if (sv[r] == gv[r])
					continue;
				if (count < max)
					out[count] = (struct cpuid_change){ s->function, s->index,
									    r, sv[r], gv[r], 0 };
				count++;
			}
		}
	}
	return count;
}
