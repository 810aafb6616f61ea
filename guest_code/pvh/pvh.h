/* SPDX-License-Identifier: GPL-2.0-only */
/* The PVH image's own functions (guest_code/pvh/). */
#ifndef PVPROBE_PVH_H
#define PVPROBE_PVH_H

/*
 * Where the BSP copies the AP's trampoline (pvh_ap.S): a free page of
 * pvprobe's layout below 1 MiB (after the two page tables at PV_PT_ADDR,
 * before the results pages), which the PVH entry zeroes with the rest.
 */
#define PVH_AP_TRAMPOLINE	0x8000

#ifndef __ASSEMBLER__
#include <stdint.h>

#include "pv_qemu_abi.h"

_Static_assert(PVH_AP_TRAMPOLINE >= PV_PT_ADDR + (PV_RAM_SIZE >> 21) * PV_PAGE_SIZE &&
	       PVH_AP_TRAMPOLINE + PV_PAGE_SIZE <= PV_RESULTS_ADDR,
	       "the AP trampoline's page overlaps pvprobe's layout");

void pvh_main(void);
/* The PVQ_HC_FW_CFG value (pvh_fw_cfg.c): which hypercall lanes to run; 0 none. */
uint64_t pvh_hcall_config(void);
/* FW_CFG_NB_CPUS (pvh_fw_cfg.c): the CPUs QEMU started with, 0 without fw_cfg. */
uint32_t pvh_fw_cfg_nb_cpus(void);
/* guest_code/main.c: the entry points both images share. */
void guest_main(uint64_t vcpu, uint64_t entry, uint64_t arg);
/* Send the end frame and leave through isa-debug-exit; never returns. */
void __attribute__((noreturn)) pvh_finish(void);
/* Send one frame (pvh_channel.c). */
void pvh_send_frame(uint32_t kind, uint32_t event, uint32_t vcpu, uint32_t entry,
		    const volatile void *payload, uint32_t len);

/* The CPUs: the MADT, else fw_cfg (pvh_madt.c); fills nr_cpus, source, apic_ids. */
void pvh_find_cpus(struct pvq_smp *s);

/* One entry on vCPU 0 on a zeroed results page, its page sent (pvh_main.c). */
void pvh_run_entry(uint32_t entry, uint64_t arg);

/* The AP (pvh_smp.c). */
void pvh_smp_find(void);	/* the CPUs, first of all (pvh_find_cpus()) */
void pvh_smp_start(void);	/* bring the AP up once, send the PVQ_KIND_SMP frame */
/* Lane KICK or IPI (@arg as from the host) with the AP waiting, then its PVQ_KIND_WAITER page. */
void pvh_smp_lane(int lane, uint64_t arg);
/* On the AP: end its job with @ev (guest_ring() there); never returns. */
void __attribute__((noreturn)) pvh_ap_ring(uint32_t ev);
/* Is the caller the AP?  (its stack says: guest_results() is not page 0) */
int pvh_on_ap(void);
#endif

#endif /* PVPROBE_PVH_H */
