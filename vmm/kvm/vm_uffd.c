// SPDX-License-Identifier: GPL-2.0-only
/*
 * A memslot whose pages only the VMM can fault in (userfaultfd,
 * Documentation/admin-guide/mm/userfaultfd.rst).  Why KVM then takes an
 * async page fault: KVM's first try at the page is a GUP with FOLL_NOWAIT
 * (virt/kvm/kvm_main.c hva_to_pfn_slow(), asked for by
 * arch/x86/kvm/mmu/mmu.c __kvm_faultin_pfn() with &async), and
 * handle_userfault() (fs/userfaultfd.c) answers a fault that may not wait
 * (FAULT_FLAG_RETRY_NOWAIT) with VM_FAULT_RETRY before it queues anything.
 * So the vCPU thread itself never waits here when async PF is on; the
 * work queued instead (virt/kvm/async_pf.c async_pf_execute(), a
 * get_user_pages_remote() from a kworker) does, and is the fault the VMM
 * reads.  A fault from the vCPU's own thread means KVM faulted in
 * synchronously (no async PF).
 *
 * Not UFFD_USER_MODE_ONLY: these faults come from the kernel's GUP, which
 * handle_userfault() refuses for such a descriptor.  Creating one that
 * sees kernel faults needs CAP_SYS_PTRACE or vm.unprivileged_userfaultfd=1
 * (fs/userfaultfd.c userfaultfd_syscall_allowed()), or access to
 * /dev/userfaultfd.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <linux/kvm.h>
#include <linux/userfaultfd.h>

#include "pv_probes.h"
#include "vm_layout.h"
#include "vm_uffd.h"

static int uffd_new(void)
{
	int fd = -1;
#ifdef SYS_userfaultfd
	fd = (int)syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	if (fd >= 0 || (errno != EPERM && errno != ENOSYS))
		return fd;
#endif
#ifdef USERFAULTFD_IOC_NEW
	{
		int dev = open("/dev/userfaultfd", O_RDWR | O_CLOEXEC), e;

		if (dev >= 0) {
			fd = ioctl(dev, USERFAULTFD_IOC_NEW, O_CLOEXEC | O_NONBLOCK);
			e = errno;
			close(dev);
			errno = e;
		}
	}
#endif
	return fd;
}

static void pthread_cond_init_monotonic(pthread_cond_t *c)
{
	pthread_condattr_t a;

	pthread_condattr_init(&a);
	pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
	pthread_cond_init(c, &a);
	pthread_condattr_destroy(&a);
}

static void *resolver(void *arg);

static int uffd_fail(struct vm_uffd *u, char *err, size_t len, const char *what)
{
	int e = errno;

	snprintf(err, len, "%s: %s", what, strerror(e));
	vm_uffd_close(u);
	vm_uffd_unmap(u);
	errno = e;
	return -1;
}

int vm_uffd_open(struct vm *vm, struct vm_uffd *u, int slot, uint64_t gpa, int npages,
		 char *err, size_t errlen)
{
	struct uffdio_api api = { .api = UFFD_API, .features = UFFD_FEATURE_THREAD_ID };
	struct uffdio_register reg = { 0 };
	struct kvm_userspace_memory_region region = { 0 };

	memset(u, 0, sizeof(*u));
	u->fd = -1;
	u->stop_fd = -1;
	u->vcpu_tid = -1;
	pthread_mutex_init(&u->lock, NULL);
	pthread_cond_init_monotonic(&u->cond);
	u->mem = MAP_FAILED;
	u->size = (size_t)npages * PV_PAGE_SIZE;
	u->gpa = gpa;
	u->mem = mmap(NULL, u->size, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (u->mem == MAP_FAILED)
		return uffd_fail(u, err, errlen, "mmap of the held-back pages");
	/* 4 KiB pages, each its own fault: a THP would fill both at once. */
	madvise(u->mem, u->size, MADV_NOHUGEPAGE);
	u->fd = uffd_new();
	if (u->fd < 0)
		return uffd_fail(u, err, errlen,
				 "userfaultfd (needs CAP_SYS_PTRACE, vm.unprivileged_userfaultfd=1 or /dev/userfaultfd)");
	if (ioctl(u->fd, UFFDIO_API, &api) < 0)
		return uffd_fail(u, err, errlen, "UFFDIO_API with UFFD_FEATURE_THREAD_ID");
	reg.range.start = (uint64_t)(uintptr_t)u->mem;
	reg.range.len = u->size;
	reg.mode = UFFDIO_REGISTER_MODE_MISSING;
	if (ioctl(u->fd, UFFDIO_REGISTER, &reg) < 0)
		return uffd_fail(u, err, errlen, "UFFDIO_REGISTER (missing)");
	if (!(reg.ioctls & (1ull << _UFFDIO_COPY))) {
		errno = ENOTSUP;
		return uffd_fail(u, err, errlen, "UFFDIO_REGISTER offers no UFFDIO_COPY");
	}
	region.slot = (uint32_t)slot;
	region.guest_phys_addr = gpa;
	region.memory_size = u->size;
	region.userspace_addr = (uint64_t)(uintptr_t)u->mem;
	if (ioctl(vm->fd, KVM_SET_USER_MEMORY_REGION, &region) < 0)
		return uffd_fail(u, err, errlen, "KVM_SET_USER_MEMORY_REGION (held-back pages)");
	u->stop_fd = eventfd(0, EFD_CLOEXEC);
	if (u->stop_fd < 0)
		return uffd_fail(u, err, errlen, "eventfd for the resolver");
	errno = pthread_create(&u->thread, NULL, resolver, u);
	if (errno)
		return uffd_fail(u, err, errlen, "the resolver thread");
	u->started = 1;
	vm_layout_map_extra(vm->ram, gpa, npages);
	vm->uffd = u;
	return 0;
}

/* Fill the page at @off with PV_APF_PATTERN and wake whoever waits on it: 0 or -1. */
static int fill_page(struct vm_uffd *u, size_t off)
{
	uint64_t buf[PV_PAGE_SIZE / 8];
	struct uffdio_copy c = { 0 };
	size_t i;

	for (i = 0; i < PV_PAGE_SIZE / 8; i++)
		buf[i] = PV_APF_PATTERN(u->gpa + off + i * 8);
	c.dst = (uint64_t)(uintptr_t)u->mem + off;
	c.src = (uint64_t)(uintptr_t)buf;
	c.len = PV_PAGE_SIZE;
	return ioctl(u->fd, UFFDIO_COPY, &c) < 0 && errno != EEXIST ? -1 : 0;
}

/* Pages with at least one fault from another thread than the vCPU's. Under the lock. */
static int held_pages(const struct vm_uffd *u)
{
	int i, j, n = 0;

	for (i = 0; i < u->nr_events; i++) {
		if (u->event_tid[i] == u->vcpu_tid)
			continue;
		for (j = 0; j < i; j++)
			if (u->event_tid[j] != u->vcpu_tid && u->event_gpa[j] == u->event_gpa[i])
				break;
		n += j == i;
	}
	return n;
}

/*
 * The resolver: reads every fault.  One from the vCPU's own thread is KVM
 * faulting the page in synchronously (no async PF; on kvm_pvm its
 * instruction emulator's guest read, a copy_from_user that waits
 * uninterruptibly for the page, watchdog or not): fill that page at once,
 * or the run could never end.  Any other (KVM's async work, a kworker) is
 * held until the guest rings PV_EV_APF_RESOLVE.  It waits in poll() for a
 * fault or the stop eventfd, nothing else.
 */
static void *resolver(void *arg)
{
	struct vm_uffd *u = arg;

	for (;;) {
		struct pollfd p[2] = { { .fd = u->fd, .events = POLLIN },
				       { .fd = u->stop_fd, .events = POLLIN } };
		struct uffd_msg msg[4];
		ssize_t n;
		int i;

		if (poll(p, 2, -1) < 0 && errno != EINTR)
			break;
		if (p[1].revents)
			break;
		while ((n = read(u->fd, msg, sizeof(msg))) > 0) {
			for (i = 0; i < (int)(n / (ssize_t)sizeof(msg[0])); i++) {
				size_t off;
				pid_t tid;

				if (msg[i].event != UFFD_EVENT_PAGEFAULT)
					continue;
				off = (msg[i].arg.pagefault.address - (uint64_t)(uintptr_t)u->mem) &
				      ~(PV_PAGE_SIZE - 1);
				tid = (pid_t)msg[i].arg.pagefault.feat.ptid;
				pthread_mutex_lock(&u->lock);
				if (u->nr_events < VM_UFFD_MAX_EVENTS) {
					u->event_gpa[u->nr_events] = u->gpa + off;
					u->event_tid[u->nr_events++] = tid;
				}
				if (tid == u->vcpu_tid)
					u->nr_sync++;
				pthread_cond_broadcast(&u->cond);
				pthread_mutex_unlock(&u->lock);
				if (tid == u->vcpu_tid && off < u->size)
					fill_page(u, off);
			}
		}
	}
	return NULL;
}

int vm_uffd_start(struct vm_uffd *u, pid_t vcpu_tid)
{
	pthread_mutex_lock(&u->lock);
	u->vcpu_tid = vcpu_tid;
	pthread_mutex_unlock(&u->lock);
	return 0;
}

int vm_uffd_resolve(struct vm_uffd *u, int want, unsigned int timeout_ms)
{
	struct timespec t0, t1, deadline;
	size_t off;
	int rc = 0;

	if (u->fd < 0) {
		errno = EBADF;
		return -1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	deadline = t0;
	deadline.tv_sec += timeout_ms / 1000;
	deadline.tv_nsec += (long)(timeout_ms % 1000) * 1000000;
	if (deadline.tv_nsec >= 1000000000) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000;
	}
	pthread_mutex_lock(&u->lock);
	while (held_pages(u) < want &&
	       pthread_cond_timedwait(&u->cond, &u->lock, &deadline) != ETIMEDOUT)
		;
	u->nr_held = held_pages(u);
	pthread_mutex_unlock(&u->lock);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	u->wait_ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
	for (off = 0; off < u->size; off += PV_PAGE_SIZE)
		if (fill_page(u, off))
			rc = -1;
	u->resolved = !rc;
	return rc;
}

void vm_uffd_close(struct vm_uffd *u)
{
	uint64_t one = 1;

	if (u->started) {
		if (write(u->stop_fd, &one, sizeof(one)) != sizeof(one))
			pthread_cancel(u->thread);
		pthread_join(u->thread, NULL);
		u->started = 0;
	}
	if (u->stop_fd >= 0)
		close(u->stop_fd);
	u->stop_fd = -1;
	if (u->fd >= 0)
		close(u->fd);
	u->fd = -1;
}

void vm_uffd_unmap(struct vm_uffd *u)
{
	if (u->mem != MAP_FAILED && u->mem)
		munmap(u->mem, u->size);
	u->mem = MAP_FAILED;
}
