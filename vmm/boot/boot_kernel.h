/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest kernel for `pvprobe boot --kernel FILE`: a bzImage or a bare
 * vmlinux, turned into the uncompressed vmlinux ELF on the host.
 *
 * Why on the host: the bzImage's own decompressor (arch/x86/boot/compressed)
 * runs in the guest, and on a nested or slow KVM backend it alone takes
 * minutes.  The 64-bit boot protocol (Documentation/arch/x86/boot.rst,
 * "64-bit Boot Protocol") lets a loader enter the kernel in long mode, so
 * pvprobe decompresses the payload itself, loads vmlinux's PT_LOAD segments
 * at their physical addresses -- where the in-guest decompressor's
 * parse_elf() would put them -- and enters at e_entry, which vmlinux's
 * linker script sets to phys_startup_64 (arch/x86/kernel/vmlinux.lds.S).
 *
 * The file is untrusted input: every offset and size is bounds-checked, and
 * decompression stops at BOOT_KERNEL_ELF_MAX whatever the image claims.
 */
#ifndef PVPROBE_BOOT_KERNEL_H
#define PVPROBE_BOOT_KERNEL_H

#include <stddef.h>
#include <stdint.h>

/* The uncompressed vmlinux may be at most this big (6.12 cloud: ~60 MiB). */
#define BOOT_KERNEL_ELF_MAX	(512u << 20)
/* A file larger than this is refused before it is read. */
#define BOOT_KERNEL_FILE_MAX	(1024u << 20)
/* An @err buffer this size holds any message. */
#define BOOT_KERNEL_ERR_MAX	512

/* struct setup_header is at 0x1f1 of a bzImage (arch/x86/include/uapi/asm/bootparam.h). */
#define BOOT_SETUP_HEADER_OFF	0x1f1
#define BOOT_SETUP_HEADER_END	0x270

struct boot_kernel {
	uint8_t *elf;			/* the uncompressed vmlinux (malloc'd) */
	size_t elf_len;
	int have_setup_header;		/* from a bzImage: setup_header below is valid */
	/*
	 * Bytes 0x1f1 .. 0x270 of the bzImage, verbatim (the last byte 0): the
	 * zero page's hdr.  The header proper ends at 0x202 + the byte at 0x201.
	 */
	uint8_t setup_header[0x80];
	uint16_t boot_version;		/* setup_header.version, 0 for a bare vmlinux */
	uint64_t pref_address;		/* setup_header.pref_address, or the lowest PT_LOAD paddr */
	uint32_t init_size;		/* setup_header.init_size, or the PT_LOAD span */
	char format[16];		/* "bzImage+zstd", "bzImage+xz", ..., "vmlinux" */
	char release[65];		/* "6.12.117+deb12-cloud-amd64", or "" if not found */
	/* From the ELF's program headers (physical addresses): */
	uint64_t entry;			/* e_entry as a physical address */
	uint64_t load_start;		/* lowest PT_LOAD p_paddr */
	uint64_t load_end;		/* highest PT_LOAD p_paddr + p_memsz */
	int nr_load;			/* PT_LOAD segments */
};

/*
 * Read @path: a bzImage (its payload decompressed here) or an uncompressed
 * vmlinux ELF.  0, or -1 with a message naming the file and what to do in
 * @err (@k then holds nothing to free).
 */
int boot_kernel_open(const char *path, struct boot_kernel *k, char *err, size_t errlen);

/*
 * The same for an image already in memory (@name for messages), with the
 * decompressed size capped at @elf_max bytes.  @img is not kept.
 */
int boot_kernel_parse(const uint8_t *img, size_t len, size_t elf_max, const char *name,
		      struct boot_kernel *k, char *err, size_t errlen);

void boot_kernel_free(struct boot_kernel *k);

/*
 * Copy the ELF's PT_LOAD segments into @ram (guest-physical 0 ..
 * @ram_size) at their p_paddr, zeroing each p_memsz - p_filesz tail.
 * @entry = the physical entry point, @end = the highest loaded paddr + 1.
 * Nothing is written unless every segment fits.  0, or -1 with @err.
 */
int boot_kernel_load(const struct boot_kernel *k, uint8_t *ram, size_t ram_size,
		     uint64_t *entry, uint64_t *end, char *err, size_t errlen);

/* ---- shared by boot_kernel*.c only --------------------------------- */

/*
 * Check k->elf[0..k->elf_len) is an x86-64 ET_EXEC whose program headers
 * and PT_LOAD file ranges lie inside it; fill entry, load_start, load_end
 * and nr_load.  0, or -1 with "@who: problem" in @err.
 */
int boot_kernel_elf_check(struct boot_kernel *k, const char *who, char *err, size_t errlen);

#endif /* PVPROBE_BOOT_KERNEL_H */
