/* SPDX-License-Identifier: GPL-2.0-only */
/* The guest image embedded at build time (guest_code/embed.py). */
#ifndef PVPROBE_GUEST_IMAGE_H
#define PVPROBE_GUEST_IMAGE_H

#include <stddef.h>
#include <stdint.h>
#include "pvprobe_abi.h"

extern const unsigned char pv_guest_image[];
extern const size_t pv_guest_image_size;

/*
 * Check @image's header and copy it into RAM at its load address, zeroing
 * up to the end of its .bss.  Returns 0, or -1 with the reason in @err.
 */
int guest_image_load(const unsigned char *image, size_t size, uint8_t *ram,
		     size_t ram_size, struct pv_image_header *hdr,
		     char *err, size_t errlen);

#endif /* PVPROBE_GUEST_IMAGE_H */
