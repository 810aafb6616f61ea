// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdarg.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include "guest_results.h"
#include "pv_probes.h"
#include "hypercall_exit.h"
#include "vm_uffd.h"
#include "vm_user_msr.h"
#include "stop.h"
#include "vcpu_run.h"
#include "watchdog.h"

enum { EXIT_CONTINUE, EXIT_STOP };

typedef int (*exit_handler_t)(struct vcpu *vcpu, struct run_result *res);

static const char *const status_names[] = {
	[RUN_DONE] = "done",
	[RUN_GUEST_FAIL] = "guest failure",
	[RUN_EXCEPTION] = "unexpected guest exception",
	[RUN_TIMEOUT] = "timeout",
	[RUN_SHUTDOWN] = "shutdown",
	[RUN_INTERNAL_ERROR] = "KVM internal error",
	[RUN_FAIL_ENTRY] = "VM entry failure",
	[RUN_PROTOCOL] = "guest protocol error",
	[RUN_UNEXPECTED_EXIT] = "unexpected exit",
	[RUN_KVM_ERROR] = "KVM ioctl error",
	[RUN_STOPPED] = "interrupted",
};

void vcpu_cancel(struct vcpu *vcpu, pthread_t thread)
{
	vcpu->cancel = 1;
	/* The watchdog's own signal: its handler makes KVM_RUN return EINTR. */
	pthread_kill(thread, watchdog_signal());
}

const char *run_status_name(enum run_status s)
{
	if ((unsigned int)s < sizeof(status_names) / sizeof(status_names[0]))
		return status_names[s];
	return "?";
}

static const char *const exit_names[] = {
	[KVM_EXIT_UNKNOWN] = "KVM_EXIT_UNKNOWN",
	[KVM_EXIT_EXCEPTION] = "KVM_EXIT_EXCEPTION",
	[KVM_EXIT_IO] = "KVM_EXIT_IO",
	[KVM_EXIT_HYPERCALL] = "KVM_EXIT_HYPERCALL",
	[KVM_EXIT_DEBUG] = "KVM_EXIT_DEBUG",
	[KVM_EXIT_HLT] = "KVM_EXIT_HLT",
	[KVM_EXIT_MMIO] = "KVM_EXIT_MMIO",
	[KVM_EXIT_IRQ_WINDOW_OPEN] = "KVM_EXIT_IRQ_WINDOW_OPEN",
	[KVM_EXIT_SHUTDOWN] = "KVM_EXIT_SHUTDOWN",
	[KVM_EXIT_FAIL_ENTRY] = "KVM_EXIT_FAIL_ENTRY",
	[KVM_EXIT_INTR] = "KVM_EXIT_INTR",
	[KVM_EXIT_SET_TPR] = "KVM_EXIT_SET_TPR",
	[KVM_EXIT_TPR_ACCESS] = "KVM_EXIT_TPR_ACCESS",
	[KVM_EXIT_NMI] = "KVM_EXIT_NMI",
	[KVM_EXIT_INTERNAL_ERROR] = "KVM_EXIT_INTERNAL_ERROR",
	[KVM_EXIT_SYSTEM_EVENT] = "KVM_EXIT_SYSTEM_EVENT",
	[KVM_EXIT_X86_RDMSR] = "KVM_EXIT_X86_RDMSR",
	[KVM_EXIT_X86_WRMSR] = "KVM_EXIT_X86_WRMSR",
};

const char *kvm_exit_name(uint32_t reason)
{
	if (reason < sizeof(exit_names) / sizeof(exit_names[0]) && exit_names[reason])
		return exit_names[reason];
	return "KVM_EXIT_?";
}

static void read_rip(struct vcpu *vcpu, struct run_result *res)
{
	struct kvm_regs regs;

	if (!ioctl(vcpu->fd, KVM_GET_REGS, &regs))
		res->rip = regs.rip;
}

static int stop(struct run_result *res, enum run_status st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int stop(struct run_result *res, enum run_status st, const char *fmt, ...)
{
	va_list ap;

	res->status = st;
	va_start(ap, fmt);
	vsnprintf(res->detail, sizeof(res->detail), fmt, ap);
	va_end(ap);
	return EXIT_STOP;
}

/* The doorbell: one 32-bit OUT to PV_DOORBELL_PORT (include/pvprobe_abi.h). */
static int handle_io(struct vcpu *vcpu, struct run_result *res)
{
	struct kvm_run *run = vcpu->run;
	uint32_t ev;
	char err[160];

	read_rip(vcpu, res);
	if (run->io.port != PV_DOORBELL_PORT || run->io.direction != KVM_EXIT_IO_OUT ||
	    run->io.size != 4 || run->io.count != 1)
		return stop(res, RUN_PROTOCOL,
			    "guest %s port 0x%x (size %u, count %u) at RIP 0x%llx; only OUT of 4 bytes to 0x%x is the doorbell",
			    run->io.direction == KVM_EXIT_IO_OUT ? "wrote" : "read",
			    run->io.port, run->io.size, run->io.count,
			    (unsigned long long)res->rip, PV_DOORBELL_PORT);
	if (run->io.data_offset > vcpu->run_size - 4)
		return stop(res, RUN_KVM_ERROR, "KVM_EXIT_IO data offset %llu out of the run page",
			    (unsigned long long)run->io.data_offset);
	memcpy(&ev, (uint8_t *)run + run->io.data_offset, 4);

	if (ev == PV_EV_SYNC) {
		/*
		 * The guest asks to be descheduled (steal time, kvmclock checks):
		 * give the CPU away; the next KVM_RUN reloads the vCPU, which is
		 * when KVM updates its PV records (kvm_arch_vcpu_load()).
		 */
		res->nr_syncs++;
		sched_yield();
		return EXIT_CONTINUE;
	}
	if (ev == PV_EV_APF_RESOLVE) {
		/*
		 * The async PF probe took its two #PFs: wait (bounded) for KVM's
		 * two async works to report their faults, then fill the pages.
		 * Only a VM with held-back pages has this event.
		 */
		if (!vcpu->vm->uffd)
			return stop(res, RUN_PROTOCOL,
				    "guest asked to resolve held-back pages at RIP 0x%llx, but this VM has none",
				    (unsigned long long)res->rip);
		if (vm_uffd_resolve(vcpu->vm->uffd, PV_APF_MEM_PAGES, PV_APF_RESOLVE_MS))
			return stop(res, RUN_KVM_ERROR, "UFFDIO_COPY of the held-back pages: %s",
				    strerror(errno));
		return EXIT_CONTINUE;
	}
	if (ev != PV_EV_DONE && ev != PV_EV_EXCEPTION && ev != PV_EV_FAIL && ev != PV_EV_NESTED)
		return stop(res, RUN_PROTOCOL, "guest rang the doorbell with unknown event %u at RIP 0x%llx",
			    ev, (unsigned long long)res->rip);
	if (guest_results_check(vcpu_results_page(vcpu), (uint32_t)vcpu->slot,
				vcpu->entry, &res->results, err, sizeof(err)))
		return stop(res, RUN_PROTOCOL, "%s", err);

	switch (ev) {
	case PV_EV_DONE:
		return stop(res, RUN_DONE, "guest done after %llu exits",
			    (unsigned long long)res->nr_exits);
	case PV_EV_EXCEPTION:
		res->rip = res->results.exc.rip;
		return stop(res, RUN_EXCEPTION,
			    "unexpected guest exception: vector %llu, error code 0x%llx, RIP 0x%llx, CR2 0x%llx",
			    (unsigned long long)res->results.exc.vector,
			    (unsigned long long)res->results.exc.error_code,
			    (unsigned long long)res->results.exc.rip,
			    (unsigned long long)res->results.exc.cr2);
	case PV_EV_NESTED:
		res->rip = res->results.exc.cr2;
		return stop(res, RUN_EXCEPTION,
			    "exception inside the guest's exception handler: vector %llu at RIP 0x%llx while handling vector %llu from RIP 0x%llx",
			    (unsigned long long)res->results.exc.error_code,
			    (unsigned long long)res->results.exc.cr2,
			    (unsigned long long)res->results.exc.vector,
			    (unsigned long long)res->results.exc.rip);
	default:
		return stop(res, RUN_GUEST_FAIL, "guest failed: %s", res->results.msg);
	}
}

static int handle_hlt(struct vcpu *vcpu, struct run_result *res)
{
	read_rip(vcpu, res);
	return stop(res, RUN_UNEXPECTED_EXIT, "guest halted without reporting, RIP 0x%llx",
		    (unsigned long long)res->rip);
}

static int handle_shutdown(struct vcpu *vcpu, struct run_result *res)
{
	read_rip(vcpu, res);
	/*
	 * kvm-amd re-initialises the VMCB on a shutdown intercept
	 * (arch/x86/kvm/svm/svm.c shutdown_interception()), so the RIP read
	 * now is the reset vector, not where the guest died.
	 */
	return stop(res, RUN_SHUTDOWN, "KVM_EXIT_SHUTDOWN (triple fault), RIP 0x%llx%s",
		    (unsigned long long)res->rip,
		    res->rip == 0xfff0 ? " (the reset vector: KVM reset the vCPU, the faulting RIP is lost)" : "");
}

static int handle_internal_error(struct vcpu *vcpu, struct run_result *res)
{
	struct kvm_run *run = vcpu->run;
	uint32_t i, n = run->internal.ndata;
	size_t used;

	read_rip(vcpu, res);
	res->suberror = run->internal.suberror;
	if (n > RUN_DATA_MAX)
		n = RUN_DATA_MAX;
	if (n > sizeof(run->internal.data) / sizeof(run->internal.data[0]))
		n = sizeof(run->internal.data) / sizeof(run->internal.data[0]);
	res->ndata = n;
	for (i = 0; i < n; i++)
		res->data[i] = run->internal.data[i];
	stop(res, RUN_INTERNAL_ERROR, "KVM_EXIT_INTERNAL_ERROR suberror %u, RIP 0x%llx, data:",
	     res->suberror, (unsigned long long)res->rip);
	used = strlen(res->detail);
	for (i = 0; i < n && used < sizeof(res->detail); i++)
		used += snprintf(res->detail + used, sizeof(res->detail) - used,
				 " 0x%llx", (unsigned long long)res->data[i]);
	return EXIT_STOP;
}

static int handle_fail_entry(struct vcpu *vcpu, struct run_result *res)
{
	read_rip(vcpu, res);
	return stop(res, RUN_FAIL_ENTRY, "KVM_EXIT_FAIL_ENTRY reason 0x%llx on CPU %u, RIP 0x%llx",
		    (unsigned long long)vcpu->run->fail_entry.hardware_entry_failure_reason,
		    vcpu->run->fail_entry.cpu, (unsigned long long)res->rip);
}

static int handle_mmio(struct vcpu *vcpu, struct run_result *res)
{
	read_rip(vcpu, res);
	return stop(res, RUN_PROTOCOL, "guest %s unbacked guest-physical address 0x%llx at RIP 0x%llx",
		    vcpu->run->mmio.is_write ? "wrote" : "read",
		    (unsigned long long)vcpu->run->mmio.phys_addr,
		    (unsigned long long)res->rip);
}

/* The VMM's own MSRs (vm_user_msr.c); 0 there means: resume the guest. */
static int handle_user_msr(struct vcpu *vcpu, struct run_result *res)
{
	vm_user_msr_exit(vcpu, res);
	return EXIT_CONTINUE;
}

static int handle_hypercall(struct vcpu *vcpu, struct run_result *res)
{
	hypercall_exit_handle(vcpu, res);
	return EXIT_CONTINUE;
}

static const exit_handler_t exit_handlers[] = {
	[KVM_EXIT_HYPERCALL] = handle_hypercall,
	[KVM_EXIT_X86_RDMSR] = handle_user_msr,
	[KVM_EXIT_X86_WRMSR] = handle_user_msr,
	[KVM_EXIT_IO] = handle_io,
	[KVM_EXIT_HLT] = handle_hlt,
	[KVM_EXIT_MMIO] = handle_mmio,
	[KVM_EXIT_SHUTDOWN] = handle_shutdown,
	[KVM_EXIT_FAIL_ENTRY] = handle_fail_entry,
	[KVM_EXIT_INTERNAL_ERROR] = handle_internal_error,
};

static int dispatch(struct vcpu *vcpu, struct run_result *res)
{
	uint32_t reason = vcpu->run->exit_reason;

	res->exit_reason = reason;
	if (reason < sizeof(exit_handlers) / sizeof(exit_handlers[0]) && exit_handlers[reason])
		return exit_handlers[reason](vcpu, res);
	read_rip(vcpu, res);
	return stop(res, RUN_UNEXPECTED_EXIT, "unexpected %s (%u) at RIP 0x%llx",
		    kvm_exit_name(reason), reason, (unsigned long long)res->rip);
}

void vcpu_run_guest(struct vcpu *vcpu, unsigned int timeout_ms, struct run_result *res)
{
	struct watchdog wd = { 0 };

	memset(res, 0, sizeof(*res));
	vcpu->cancel = 0;

	if (watchdog_arm(&wd, vcpu->run, timeout_ms) < 0) {
		stop(res, RUN_KVM_ERROR, "cannot arm the watchdog: %s", strerror(errno));
		return;
	}
	for (;;) {
		int r;

		/*
		 * Checked after the watchdog is armed (a stop from then on kicks
		 * this thread) and at every return from KVM_RUN: a SIGINT/SIGTERM
		 * the command asked to end runs (util/stop.h) never waits for the
		 * deadline.
		 */
		if (stop_run_ended()) {
			watchdog_disarm(&wd, vcpu->run);
			read_rip(vcpu, res);
			stop(res, RUN_STOPPED, "interrupted by %s before it finished: RIP 0x%llx",
			     stop_signal_name(), (unsigned long long)res->rip);
			return;
		}
		r = ioctl(vcpu->fd, KVM_RUN, 0);
		if (r < 0 && (errno == EINTR || errno == EAGAIN)) {
			if (stop_run_ended())
				continue;
			if (vcpu->cancel || watchdog_expired(&wd)) {
				watchdog_disarm(&wd, vcpu->run);
				read_rip(vcpu, res);
				stop(res, RUN_TIMEOUT, vcpu->cancel ?
				     "stopped by the host before its %u ms deadline: nothing more was coming; RIP 0x%llx" :
				     "guest did not finish within %u ms: kicked at RIP 0x%llx",
				     timeout_ms, (unsigned long long)res->rip);
				return;
			}
			vcpu->run->immediate_exit = 0;
			continue;
		}
		if (r < 0) {
			int e = errno;

			watchdog_disarm(&wd, vcpu->run);
			read_rip(vcpu, res);
			stop(res, RUN_KVM_ERROR, "KVM_RUN: %s (RIP 0x%llx)", strerror(e),
			     (unsigned long long)res->rip);
			return;
		}
		res->nr_exits++;
		if (dispatch(vcpu, res) == EXIT_STOP)
			break;
	}
	watchdog_disarm(&wd, vcpu->run);
}
