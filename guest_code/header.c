// SPDX-License-Identifier: GPL-2.0-only
/* The image header the host reads before loading (include/pvprobe_abi.h). */
#include "guest.h"

extern char _start[], __image_end[];

const struct pv_image_header pv_image_header
	__attribute__((section(".pv_header"), used)) = {
	.magic = PV_IMAGE_MAGIC,
	.abi_version = PV_ABI_VERSION,
	.load_addr = PV_IMAGE_ADDR,
	.entry = (uint64_t)_start,
	.end = (uint64_t)__image_end,
};
