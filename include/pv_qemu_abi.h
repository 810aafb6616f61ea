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
