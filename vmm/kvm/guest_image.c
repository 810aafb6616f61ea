// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>
#include <string.h>

#include "guest_image.h"

int guest_image_load(const unsigned char *image, size_t size, uint8_t *ram,
		     size_t ram_size, struct pv_image_header *hdr,
		     char *err, size_t errlen)
{
	if (size < sizeof(*hdr)) {
		snprintf(err, errlen, "guest image: %zu bytes, smaller than its header", size);
		return -1;
	}
	memcpy(hdr, image, sizeof(*hdr));
	if (hdr->magic != PV_IMAGE_MAGIC || hdr->abi_version != PV_ABI_VERSION) {
		snprintf(err, errlen, "guest image: bad header (magic 0x%llx, ABI %u, want ABI %u): rebuild",
			 (unsigned long long)hdr->magic, hdr->abi_version, PV_ABI_VERSION);
		return -1;
	}
	if (hdr->load_addr != PV_IMAGE_ADDR || size > PV_IMAGE_MAX ||
	    hdr->end < hdr->load_addr + size ||
	    hdr->end > PV_IMAGE_ADDR + PV_IMAGE_MAX || hdr->end > ram_size ||
	    hdr->entry < hdr->load_addr || hdr->entry >= hdr->load_addr + size) {
		snprintf(err, errlen, "guest image: header out of bounds (load 0x%llx, entry 0x%llx, end 0x%llx, %zu bytes)",
			 (unsigned long long)hdr->load_addr,
			 (unsigned long long)hdr->entry,
			 (unsigned long long)hdr->end, size);
		return -1;
	}
	memcpy(ram + hdr->load_addr, image, size);
	memset(ram + hdr->load_addr + size, 0, hdr->end - hdr->load_addr - size);
	return 0;
}
