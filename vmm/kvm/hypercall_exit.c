// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>
#include <string.h>

#include "hypercall_exit.h"
#include "pv_probes.h"

void hypercall_exit_handle(struct vcpu *vcpu, struct run_result *res)
{
	struct kvm_run *run = vcpu->run;
	const struct pv_results *page = vcpu_results_page(vcpu);
	uint64_t nr, args[3];
	int i, ok;

	/* The announcement is guest memory: copy once, compare only. */
	memcpy(&nr, (const void *)&page->hc_nr, sizeof(nr));
	memcpy(args, (const void *)page->hc_args, sizeof(args));

	res->nr_hcall_exits++;
	/* longmode overlays bit 0 of 6.12's flags (KVM_EXIT_HYPERCALL_LONG_MODE). */
	ok = run->hypercall.nr == nr && (run->hypercall.longmode & 1);
	for (i = 0; i < 3; i++)
		ok = ok && run->hypercall.args[i] == args[i];
	if (!ok)
		snprintf(res->hcall_exit, sizeof(res->hcall_exit),
			 "KVM_EXIT_HYPERCALL nr %llu args 0x%llx 0x%llx 0x%llx longmode %u; guest announced nr %llu args 0x%llx 0x%llx 0x%llx",
			 (unsigned long long)run->hypercall.nr,
			 (unsigned long long)run->hypercall.args[0],
			 (unsigned long long)run->hypercall.args[1],
			 (unsigned long long)run->hypercall.args[2],
			 run->hypercall.longmode & 1, (unsigned long long)nr,
			 (unsigned long long)args[0], (unsigned long long)args[1],
			 (unsigned long long)args[2]);
	else
		snprintf(res->hcall_exit, sizeof(res->hcall_exit),
			 "KVM_EXIT_HYPERCALL nr %llu with the announced arguments, long mode",
			 (unsigned long long)nr);
	run->hypercall.ret = ok ? PV_HC_EXIT_RET : PV_HC_EXIT_BAD_ARGS;
}
