/* SPDX-License-Identifier: GPL-2.0-only */
/* The PVH image's own functions (guest_code/pvh/). */
#ifndef PVPROBE_PVH_H
#define PVPROBE_PVH_H

#include <stdint.h>

void pvh_main(void);
/* The PVQ_HC_FW_CFG value (pvh_fw_cfg.c): which hypercall lanes to run; 0 none. */
uint64_t pvh_hcall_config(void);
/* guest_code/main.c: the entry points both images share. */
void guest_main(uint64_t vcpu, uint64_t entry, uint64_t arg);
/* Send the end frame and leave through isa-debug-exit; never returns. */
void __attribute__((noreturn)) pvh_finish(void);

#endif /* PVPROBE_PVH_H */
