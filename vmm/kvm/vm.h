/* SPDX-License-Identifier: GPL-2.0-only */
/* A VM: its fd, its RAM, the loaded guest image and its vCPUs. */
#ifndef PVPROBE_VM_H
#define PVPROBE_VM_H

#include <stddef.h>
#include <stdint.h>

#include "kvm_sys.h"
#include "pvprobe_abi.h"

struct vcpu;
struct vm_uffd;

struct vm {
	const struct kvm_sys *kvm;
	int fd;
	uint8_t *ram;			/* ram_size bytes at GPA 0 */
	size_t ram_size;
	struct pv_image_header image;	/* checked copy of the image header (vm_create()) */
	struct vcpu *vcpus[PV_MAX_VCPUS];
	int nr_vcpus;

	/* What the VMM itself implements (vm_user_msr.c), and its gating. */
	int user_msr;			/* MIGRATION_CONTROL handled in userspace */
	uint32_t pv_eax;		/* 0x40000001 eax as KVM holds it */
	int enforce;			/* gate like guest_pv_has() does */
	uint64_t migration_control;

	/* Pages the VMM holds back (vm_uffd.c), resolved at PV_EV_APF_RESOLVE; or NULL. */
	struct vm_uffd *uffd;
};

/*
 * What a VM is made of, for vm_open(): @ram_size bytes of RAM at GPA 0 in
 * one memslot (a multiple of the page size), the in-kernel irqchip (always:
 * KVM gives each vCPU its LAPIC from it), and the in-kernel PIT when @pit.
 */
struct vm_spec {
	size_t ram_size;
	int pit;
};

/*
 * A VM as @spec says, with nothing in its RAM and no vCPU: the one place
 * pvprobe creates a VM (KVM_CREATE_VM honours $PVPROBE_FAIL_IOCTL).
 * Returns 0, or -1 with the failing step and errno in @err (@vm destroyed).
 */
int vm_open(const struct kvm_sys *kvm, struct vm *vm, const struct vm_spec *spec,
	    char *err, size_t errlen);

/*
 * The probe VM: vm_open() with PV_RAM_SIZE of RAM, then the descriptor
 * tables and page tables of include/pvprobe_abi.h and the embedded guest
 * image.  Returns 0, or -1 with the failing step and errno in @err.
 */
int vm_create(const struct kvm_sys *kvm, struct vm *vm, char *err, size_t errlen);
/* Its vCPUs, its fd and its RAM; safe to call again. */
void vm_destroy(struct vm *vm);

/*
 * Host pointer to guest-physical [gpa, gpa + len), or NULL if outside RAM
 * (@gpa and @len may come from the guest: checked without overflow).
 */
void *vm_gpa(const struct vm *vm, uint64_t gpa, size_t len);

#endif /* PVPROBE_VM_H */
