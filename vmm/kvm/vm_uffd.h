/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest memory the VMM holds back on purpose: a memslot of fresh anonymous
 * memory registered with userfaultfd, which no one can fault in until the
 * VMM fills it.  The async page fault probe's pages (PV_APF_MEM_GPA).
 */
#ifndef PVPROBE_VM_UFFD_H
#define PVPROBE_VM_UFFD_H

#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <sys/types.h>

#include "vm.h"

#define VM_UFFD_MAX_EVENTS	8

struct vm_uffd {
	int fd;
	int stop_fd;		/* eventfd that ends the resolver */
	pthread_t thread;	/* the resolver (vm_uffd.c) */
	int started;
	pthread_mutex_t lock;	/* the fields below */
	pthread_cond_t cond;	/* a fault was seen */
	pid_t vcpu_tid;		/* faults from this thread are filled at once */
	int nr_sync;		/* faults from it */
	int nr_held;		/* pages held back until PV_EV_APF_RESOLVE, at that time */
	uint8_t *mem;
	size_t size;
	uint64_t gpa;
	/* Every fault seen: the page (GPA) and the faulting thread. */
	int nr_events;
	uint64_t event_gpa[VM_UFFD_MAX_EVENTS];
	pid_t event_tid[VM_UFFD_MAX_EVENTS];
	int resolved;		/* pages filled */
	double wait_ms;		/* how long it waited for the events */
};

/*
 * Add @npages pages at @gpa to @vm as memslot @slot, held back by a new
 * userfaultfd read by a resolver thread, and map them in the guest's page
 * tables.  Returns 0, or -1
 * with errno and @err: ENOSYS, EPERM or EACCES mean the host does not let
 * this process use userfaultfd for kernel faults (a skip, not a failure).
 */
int vm_uffd_open(struct vm *vm, struct vm_uffd *u, int slot, uint64_t gpa, int npages,
		 char *err, size_t errlen);

/*
 * The thread that runs the vCPU: its faults (KVM faulting in synchronously)
 * are filled at once by the resolver thread, never held.  Call before the run.
 */
int vm_uffd_start(struct vm_uffd *u, pid_t vcpu_tid);

/*
 * Wait, at most @timeout_ms, until faults on @want distinct pages came
 * from other threads than the vCPU's (KVM's async work faults from a
 * kworker), then fill every page with PV_APF_PATTERN, which wakes the
 * waiters.  0, or -1 with errno (the events seen are in @u either way).
 */
int vm_uffd_resolve(struct vm_uffd *u, int want, unsigned int timeout_ms);

/*
 * Stop the resolver and close the userfaultfd, first: that wakes every thread still waiting on
 * it (a kworker of KVM's async work that would otherwise hold up the VM's
 * destruction in kvm_clear_async_pf_completion_queue()).  The memory stays
 * until vm_uffd_unmap(), after the VM is gone.  Safe to call again.
 */
void vm_uffd_close(struct vm_uffd *u);
void vm_uffd_unmap(struct vm_uffd *u);

#endif /* PVPROBE_VM_UFFD_H */
