// SPDX-License-Identifier: GPL-2.0-only
/*
 * The async page fault probe's VM: the configuration's CPUID on one vCPU,
 * two held-back pages at PV_APF_MEM_GPA, and PV_ENTRY_ASYNC_PF under the
 * run's deadline, in a thread of its own while the main VM's probes run.
 * A VM of its own because async PF state is per vCPU and its memslot is
 * not one the other probes may see (their boundary probes need RAM to end
 * at PV_RAM_SIZE), and so that no sweep VM carries a userfaultfd.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>

#include "check_apf.h"
#include "guest_results.h"
#include "pvprobe_exit.h"

static void *apf_thread(void *p)
{
	struct check_apf *a = p;

	struct timespec t0, t1;

	a->vcpu_tid = (pid_t)syscall(SYS_gettid);
	vm_uffd_start(&a->u, a->vcpu_tid);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	session_run_timeout(&a->s, 0, PV_ENTRY_ASYNC_PF, 0, a->timeout_ms, &a->res);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	a->run_ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
	return NULL;
}

void check_apf_start(struct check_apf *a, const struct kvm_sys *kvm,
		     const struct guest_config *cfg, const struct host_facts *facts)
{
	struct guest_config c = *cfg;
	struct model_input in;

	memset(a, 0, sizeof(*a));
	a->u.fd = -1;
	c.nr_vcpus = 1;
	c.last_vcpu_id = 0;
	c.exit_hypercall = 0;
	c.no_fix_hypercall_quirk = 0;
	/* The run's deadline, plus the VMM's bounded wait for KVM's faults inside it. */
	a->timeout_ms = cfg->timeout_ms + PV_APF_RESOLVE_MS;
	if (session_create(kvm, &c, &a->s, a->err, sizeof(a->err)) != PV_EXIT_OK) {
		a->not_run = "the async PF probe's VM could not be made";
		return;
	}
	a->have_session = 1;
	check_model_input(&in, &a->s, a->s.kvm_eax, a->s.kvm_edx, cfg->enforce, 1, 0, facts);
	a->not_run = model_apf_not_run(&in);
	if (a->not_run)
		return;
	if (vm_uffd_open(&a->s.vm, &a->u, 1, PV_APF_MEM_GPA, PV_APF_MEM_PAGES, a->err,
			 sizeof(a->err))) {
		in.no_userfaultfd = 1;
		a->not_run = model_apf_not_run(&in);
		return;
	}
	a->have_uffd = 1;
	a->started = !pthread_create(&a->thread, NULL, apf_thread, a);
	if (!a->started)
		apf_thread(a);	/* no thread: run it here, still under its deadline */
}

/* What the VMM saw on the held-back pages, for the first row's detail. */
static void describe_events(const struct check_apf *a, int asked, char *buf, size_t len)
{
	int n = snprintf(buf, len, "guest run %.1f ms; the VMM saw %d fault(s) on the held-back "
			 "pages, %d from the vCPU's own thread (KVM faulting in synchronously: "
			 "filled at once)", a->run_ms, a->u.nr_events, a->u.nr_sync);

	if (asked && n > 0 && (size_t)n < len)
		snprintf(buf + n, len - n, "; at the guest's request %d page(s) faulted by KVM's "
			 "async work, after %.1f ms of waiting", a->u.nr_held, a->u.wait_ms);
}

static void obs(struct check_row *row, enum outcome_kind k, uint32_t vector, uint64_t value)
{
	row->obs = (struct outcome){ .kind = k, .vector = vector, .value = value,
				     .has_value = k == OUT_CHECK };
}

void check_apf_finish(struct check_apf *a, struct check_report *rep)
{
	const struct pv_results *got = NULL;
	const struct probe_desc *stopped = NULL;
	struct pv_results page;
	char err[PV_ERR_MAX], events[400] = "";
	int i;

	if (a->started)
		pthread_join(a->thread, NULL);
	a->started = 0;
	rep->in.no_userfaultfd = a->have_session && a->not_run && !a->have_uffd &&
				 a->err[0] != '\0';
	if (a->have_uffd) {
		int asked = a->u.resolved;

		/* A run that stopped early: fill the pages, which wakes any waiter. */
		if (!asked)
			vm_uffd_resolve(&a->u, PV_APF_MEM_PAGES, 0);
		vm_uffd_close(&a->u);	/* joins the resolver: its counts are final */
		describe_events(a, asked, events, sizeof(events));
		if (a->res.status == RUN_DONE)
			got = &a->res.results;
		else if (!guest_results_check(vcpu_results_page(a->s.vm.vcpus[0]), 0,
					      PV_ENTRY_ASYNC_PF, &page, err, sizeof(err)))
			got = &page;
	}
	for (i = 0; i < rep->nr_rows; i++) {
		struct check_row *row = &rep->rows[i];
		const struct probe_desc *p = row->p;
		const struct pv_probe_rec *rec = NULL;

		if (p->kind != PK_APF)
			continue;
		if (!a->have_uffd) {
			obs(row, OUT_NOT_RUN, 0, 0);
			snprintf(row->detail, sizeof(row->detail), "%s", a->err);
			continue;
		}
		if (got && (int)got->nr_probes > p->step)
			rec = &got->probes[p->step];
		if (rec && rec->done) {
			if (rec->fault)
				obs(row, OUT_FAULT, PV_FAULT_VECTOR(rec->fault), 0);
			else
				obs(row, OUT_CHECK, 0, rec->value);
		} else if (a->res.status == RUN_DONE) {
			obs(row, OUT_NOT_RUN, 0, 0);	/* a check before it failed */
		} else if (!stopped) {
			stopped = p;
			if (a->res.status == RUN_STOPPED) {
				obs(row, OUT_NOT_RUN, 0, 0);
				row->interrupted = 1;
			} else {
				obs(row, a->res.status == RUN_TIMEOUT ? OUT_TIMEOUT : OUT_FAILED, 0,
				    a->res.rip);
			}
			snprintf(row->detail, sizeof(row->detail), "%s", a->res.detail);
		} else {
			obs(row, a->res.status == RUN_STOPPED ? OUT_NOT_RUN :
			    a->res.status == RUN_TIMEOUT ? OUT_TIMEOUT : OUT_FAILED, 0, a->res.rip);
			row->interrupted = a->res.status == RUN_STOPPED;
			snprintf(row->detail, sizeof(row->detail),
				 "not reached: the run stopped in %s", stopped->name);
		}
		if (got && rec && rec->done && p->step > PV_APF_NOT_PRESENT)
			snprintf(row->detail, sizeof(row->detail),
				 "tokens: not present 0x%x, 0x%x; page ready 0x%x, 0x%x (%u interrupts)",
				 got->apf_token[0], got->apf_token[1], got->apf_token[2],
				 got->apf_token[3], got->apf_irqs);
		if (p->step == PV_APF_NOT_PRESENT && !row->detail[0])
			snprintf(row->detail, sizeof(row->detail), "%s", events);
		else if (p->step == PV_APF_NOT_PRESENT) {
			size_t n = strlen(row->detail);

			snprintf(row->detail + n, sizeof(row->detail) - n, "; %s", events);
		}
	}
	if (a->have_session) {
		vm_uffd_close(&a->u);
		session_destroy(&a->s);
	}
	vm_uffd_unmap(&a->u);
}
