// SPDX-License-Identifier: GPL-2.0-only
/*
 * The INIT probes: what an INIT does to each PV MSR.  A real guest's CPUs
 * take INIT on every INIT-SIPI-SIPI bring-up, on kexec and on a VMM's
 * reset, and KVM must clear the guest's PV state there, or it goes on
 * writing records into memory the guest has reused (kvm_vcpu_reset() in
 * arch/x86/kvm/x86.c).  The guest cannot look after its own INIT, so the
 * host does it: KVM_SET_MSRS, an INIT, KVM_GET_MSRS.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "check_init.h"
#include "vcpu_state.h"

#define GP_VECTOR	13	/* how a refused access is shown, as for the guest */

static void obs(struct check_row *row, enum outcome_kind k, uint32_t vector, uint64_t value)
{
	row->obs = (struct outcome){ .kind = k, .vector = vector, .value = value,
				     .has_value = k == OUT_ACCEPT };
}

static void failed(struct check_row *row, const char *what, int e)
{
	obs(row, OUT_FAILED, 0, 0);
	snprintf(row->detail, sizeof(row->detail), "%s: %s", what, strerror(e));
}

void check_init_probes(struct check_report *rep, struct vcpu *vcpu)
{
	int written[CHECK_MAX_ROWS];
	uint32_t mp;
	int i, r, init_rc, init_errno;

	for (i = 0; i < rep->nr_rows; i++) {
		const struct probe_desc *p = rep->rows[i].p;

		written[i] = -1;
		if (p->kind != PK_INIT)
			continue;
		written[i] = vcpu_set_msr(vcpu, p->msr, pv_init_value(p->msr, p->gpa));
		if (written[i] < 0)
			failed(&rep->rows[i], "KVM_SET_MSRS", errno);
	}
	init_rc = vcpu_init_signal(vcpu, &mp);
	init_errno = errno;
	for (i = 0; i < rep->nr_rows; i++) {
		struct check_row *row = &rep->rows[i];
		uint64_t v = 0;

		if (written[i] < 0)	/* not an INIT probe, or KVM_SET_MSRS failed */
			continue;
		if (!written[i]) {
			obs(row, OUT_FAULT, GP_VECTOR, 0);
			snprintf(row->detail, sizeof(row->detail),
				 "KVM_SET_MSRS refused the write, before the INIT");
			continue;
		}
		if (init_rc < 0) {
			failed(row, "the INIT (KVM_SET_VCPU_EVENTS latched_init, KVM_GET_MP_STATE)",
			       init_errno);
			continue;
		}
		r = vcpu_get_msr(vcpu, row->p->msr, &v);
		if (r < 0) {
			failed(row, "KVM_GET_MSRS", errno);
		} else if (!r) {
			obs(row, OUT_FAULT, GP_VECTOR, 0);
			snprintf(row->detail, sizeof(row->detail),
				 "KVM_GET_MSRS refused the read after the INIT");
		} else {
			obs(row, OUT_ACCEPT, 0, v);
		}
	}
}
