// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "guest_image.h"
#include "vcpu.h"
#include "vm.h"
#include "vm_layout.h"
#include "vm_uffd.h"

/*
 * Intel needs three pages for the real-mode TSS below 4 GiB, out of RAM
 * (arch/x86/kvm/vmx/vmx.c vmx_set_tss_addr()): RAM ends below them.
 */
#define PV_TSS_IDENTITY_ADDR	0xfffbd000ull

static int vm_fail(struct vm *vm, char *err, size_t len, const char *what)
{
	int e = errno;

	snprintf(err, len, "%s: %s", what, strerror(e));
	vm_destroy(vm);
	errno = e;
	return -1;
}

int vm_open(const struct kvm_sys *kvm, struct vm *vm, const struct vm_spec *spec,
	    char *err, size_t errlen)
{
	struct kvm_userspace_memory_region region = { 0 };

	memset(vm, 0, sizeof(*vm));
	vm->kvm = kvm;
	vm->fd = -1;
	vm->ram = MAP_FAILED;
	if (!spec->ram_size || spec->ram_size > PV_TSS_IDENTITY_ADDR) {
		snprintf(err, errlen, "guest RAM of %zu bytes: 1 to 0x%llx", spec->ram_size,
			 PV_TSS_IDENTITY_ADDR);
		errno = EINVAL;
		return -1;
	}

	errno = kvm_fail_injected("KVM_CREATE_VM");
	vm->fd = errno ? -1 : ioctl(kvm->fd, KVM_CREATE_VM, 0);
	if (vm->fd < 0)
		return vm_fail(vm, err, errlen, "KVM_CREATE_VM");
	if (kvm_check_cap(kvm, KVM_CAP_SET_TSS_ADDR) &&
	    ioctl(vm->fd, KVM_SET_TSS_ADDR, PV_TSS_IDENTITY_ADDR) < 0)
		return vm_fail(vm, err, errlen, "KVM_SET_TSS_ADDR");
	/*
	 * Before any vCPU: KVM creates each vCPU's LAPIC with the irqchip.
	 * Measured on kvm_pvm: after the irqchip, the memslot and the MSR
	 * filter each wait for an SRCU grace period (7.5 and 14 ms), but
	 * creating the irqchip last moves a longer wait (15 ms) into the VM's
	 * destruction: this order is the cheaper whole lifecycle (~13 ms).
	 */
	if (ioctl(vm->fd, KVM_CREATE_IRQCHIP, 0) < 0)
		return vm_fail(vm, err, errlen, "KVM_CREATE_IRQCHIP");
	/*
	 * The PIT needs the in-kernel PIC, so it comes after the irqchip
	 * (arch/x86/kvm/x86.c kvm_arch_vm_ioctl(), KVM_CREATE_PIT2: -ENOENT
	 * without it).  The speaker port stays a dummy: no device behind it.
	 */
	if (spec->pit) {
		struct kvm_pit_config pit = { .flags = KVM_PIT_SPEAKER_DUMMY };

		if (ioctl(vm->fd, KVM_CREATE_PIT2, &pit) < 0)
			return vm_fail(vm, err, errlen, "KVM_CREATE_PIT2");
	}

	vm->ram_size = spec->ram_size;
	vm->ram = mmap(NULL, vm->ram_size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (vm->ram == MAP_FAILED)
		return vm_fail(vm, err, errlen, "mmap guest RAM");
	region.slot = 0;
	region.guest_phys_addr = 0;
	region.memory_size = vm->ram_size;
	region.userspace_addr = (uint64_t)(uintptr_t)vm->ram;
	if (ioctl(vm->fd, KVM_SET_USER_MEMORY_REGION, &region) < 0)
		return vm_fail(vm, err, errlen, "KVM_SET_USER_MEMORY_REGION");
	return 0;
}

int vm_create(const struct kvm_sys *kvm, struct vm *vm, char *err, size_t errlen)
{
	const struct vm_spec spec = { .ram_size = PV_RAM_SIZE };

	if (vm_open(kvm, vm, &spec, err, errlen))
		return -1;
	vm_layout_write(vm->ram, vm->ram_size);
	if (guest_image_load(pv_guest_image, pv_guest_image_size, vm->ram,
			     vm->ram_size, &vm->image, err, errlen)) {
		vm_destroy(vm);
		errno = EINVAL;
		return -1;
	}
	return 0;
}

void vm_destroy(struct vm *vm)
{
	int i;

	/* First: it wakes a kworker still waiting on a held-back page (vm_uffd.h). */
	if (vm->uffd)
		vm_uffd_close(vm->uffd);
	vm->uffd = NULL;
	for (i = 0; i < vm->nr_vcpus; i++)
		vcpu_destroy(vm->vcpus[i]);
	vm->nr_vcpus = 0;
	if (vm->fd >= 0)
		close(vm->fd);
	vm->fd = -1;
	if (vm->ram != MAP_FAILED && vm->ram)
		munmap(vm->ram, vm->ram_size);
	vm->ram = MAP_FAILED;
}

void *vm_gpa(const struct vm *vm, uint64_t gpa, size_t len)
{
	if (gpa > vm->ram_size || len > vm->ram_size - gpa)
		return NULL;
	return vm->ram + gpa;
}
