/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The result channel of the PVH image under QEMU (guest_code/pvh/): the
 * guest writes frames byte by byte to isa-debugcon and ends by writing to
 * isa-debug-exit.  The host (vmm/qemu/) treats the stream as untrusted:
 * every frame is checked (magic, version, length, checksum) and its page
 * then goes through the same guest_results_check() as a KVM run.
 */
#ifndef PV_QEMU_ABI_H
#define PV_QEMU_ABI_H

#ifndef __ASSEMBLER__
#include <stdint.h>
#endif

/* QEMU's "-device isa-debugcon,iobase=..." and "isa-debug-exit,iobase=..." */
#define PVQ_DEBUGCON_PORT	0xe9
#define PVQ_EXIT_PORT		0xf4
/* Written to the exit port at the end: QEMU exits with (v << 1) | 1. */
#define PVQ_EXIT_DONE		0x10
#define PVQ_EXIT_STATUS		((PVQ_EXIT_DONE << 1) | 1)

/*
 * Which hypercall lanes the PVH image runs (vmm/qemu/qemu_hcalls.c decides,
 * from the backend's known hangs and the vCPUs there are): a fw_cfg file
 * (QEMU "-fw_cfg name=...,string=0xHEX"), its value laid out as a
 * PV_ENTRY_HYPERCALL_LANE argument: bits 0-15 a mask of enum pv_lane,
 * PV_HC_ARG_VMCALL, the target APIC ID at PV_HC_ARG_TARGET_SHIFT.  No file,
 * or 0: no hypercall is made.  The image runs the lanes in ascending order
 * and sends one PV_ENTRY_HYPERCALL_LANE page for each, after the MSR page.
 */
#define PVQ_HC_FW_CFG		"opt/pvprobe/hcalls"
#define PVQ_HC_LANE_MASK	0xffffu

#define PVQ_MAGIC		0x31515650u	/* "PVQ1" */
#define PVQ_VERSION		1

/* One frame per entry the image ran, then PVQ_KIND_END with no payload. */
enum pvq_kind {
	PVQ_KIND_PAGE = 1,	/* payload: the results page after event @event */
	PVQ_KIND_END,		/* no more frames */
	PVQ_KIND_SELF,		/* payload: a Linux guest's `pvprobe self --json`
				   (vmm/self_init.c), at most PVQ_SELF_MAX bytes */
	PVQ_KIND_SMP,		/* payload: struct pvq_smp, once, after the MSR page */
	PVQ_KIND_WAITER,	/* payload: the AP's results page after its wait for a
				   KICK or IPI lane (vcpu: its index, entry:
				   PV_ENTRY_HALT_WAIT or _IPI_WAIT); event: how the AP
				   ended, or PVQ_WAITER_STILL when it was still
				   waiting at the guest's bound */
};

#define PVQ_WAITER_STILL	0

/*
 * The second vCPU (guest_code/pvh/pvh_smp.c): the CPUs the guest found
 * (the ACPI MADT, else fw_cfg's CPU count with APIC IDs 0..n-1), and the
 * one AP it brought up with INIT-SIPI-SIPI: the one with the highest APIC
 * ID, so that SEND_IPI's bit past its target is no vCPU's.
 */
#define PVQ_SMP_MAX_CPUS	16

enum pvq_smp_source {
	PVQ_SMP_SRC_NONE,	/* neither: one CPU assumed */
	PVQ_SMP_SRC_MADT,	/* the MADT's enabled local APIC entries */
	PVQ_SMP_SRC_FW_CFG,	/* FW_CFG_NB_CPUS, APIC IDs 0..n-1 assumed */
};

enum pvq_ap_status {
	PVQ_AP_NONE,		/* one CPU: nothing to bring up */
	PVQ_AP_STARTED,		/* its C code ran and set the flag */
	PVQ_AP_NOT_STARTED,	/* no flag within PVQ_AP_START_MS */
	PVQ_AP_BAD_ID,		/* APIC ID 0 or >= PVQ_SMP_MAX_CPUS: no stack or page for it */
	PVQ_AP_NO_LAPIC,	/* the BSP's LAPIC is disabled or its xAPIC page unmappable */
};

enum pvq_lapic { PVQ_LAPIC_XAPIC = 1, PVQ_LAPIC_X2APIC };

/* The guest's bound on the AP setting its flag after the second SIPI. */
#define PVQ_AP_START_MS		2000
#define PVQ_AP_START_MS_STR	"2000"

struct pvq_smp {
	uint32_t nr_cpus;		/* CPUs found, at most PVQ_SMP_MAX_CPUS listed */
	uint32_t source;		/* enum pvq_smp_source */
	uint32_t apic_ids[PVQ_SMP_MAX_CPUS];
	uint32_t bsp_apic_id;		/* CPUID.1 EBX[31:24] on the BSP */
	uint32_t ap_apic_id;		/* the AP sent INIT-SIPI-SIPI */
	uint32_t status;		/* enum pvq_ap_status */
	uint32_t lapic;			/* enum pvq_lapic: how the BSP sent them */
	uint32_t ap_cpuid_apic_id;	/* CPUID.1 EBX[31:24] on the AP, once started */
	uint32_t reserved;
	uint64_t tsc_per_ms;		/* TSC ticks over the 10 ms INIT delay (PIT-timed) */
	uint64_t start_tsc;		/* TSC ticks from the INIT to the AP's flag */
};

/*
 * The self-check initramfs's /init sends one PVQ_KIND_SELF frame and the
 * end frame to the same port (isa-debugcon under QEMU, the port pvprobe
 * boot listens on in its own VM): a channel of its own, so the kernel's
 * console output never interleaves with the frame.  The bound is far
 * above a real report (about 10 KiB) and keeps a hostile guest from
 * making the host buffer without end.
 */
#define PVQ_SELF_MAX		(256u << 10)

#ifndef __ASSEMBLER__
struct pvq_frame {
	uint32_t magic;
	uint32_t version;
	uint32_t kind;
	uint32_t event;		/* enum pv_event that sent the page */
	uint32_t vcpu;
	uint32_t entry;		/* enum pv_entry */
	uint32_t len;		/* payload bytes: PV_PAGE_SIZE or 0 */
	uint32_t sum;		/* pvq_sum() of the payload */
};

/* FNV-1a: cheap on both sides, and any flipped or dropped byte shows. */
static inline uint32_t pvq_sum(const volatile uint8_t *p, uint32_t n)
{
	uint32_t h = 2166136261u;
	uint32_t i;

	for (i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}
#endif

#endif /* PV_QEMU_ABI_H */
