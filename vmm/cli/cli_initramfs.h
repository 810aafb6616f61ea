/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The self-check initramfs built into pvprobe (vmm/mkinitramfs.py, the
 * .incbin of libpvprobe_initramfs): /init is a static `pvprobe self
 * --json` that sends its report in a frame on port 0xe9 and powers off.
 */
#ifndef PVPROBE_CLI_INITRAMFS_H
#define PVPROBE_CLI_INITRAMFS_H

#include <stddef.h>
#include <stdint.h>

extern const uint8_t pv_self_initramfs[], pv_self_initramfs_end[];

static inline size_t cli_initramfs_size(void)
{
	return pv_self_initramfs_end - pv_self_initramfs;
}

#endif /* PVPROBE_CLI_INITRAMFS_H */
