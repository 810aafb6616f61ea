/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Tiny guest kernels for the tests of vmm/boot/boot_kernel*.c: a vmlinux-like
 * ELF, a bzImage around any payload, and payloads compressed as the
 * kernel's Makefiles do.  Shared by tests/unit_boot_kernel.c and the
 * fuzzer's seed generator (tests/fuzz/gen_boot_seeds.c).
 */
#ifndef PVPROBE_BOOT_FAKE_H
#define PVPROBE_BOOT_FAKE_H

#include <elf.h>
#include <stddef.h>
#include <stdint.h>

#include "boot_decompress.h"

/* The fake vmlinux: two PT_LOADs and a PT_NOTE, entry inside the first. */
#define ELF_PHNUM	3
#define ELF_DATA	(sizeof(Elf64_Ehdr) + ELF_PHNUM * sizeof(Elf64_Phdr))
#define ELF_LEN		(ELF_DATA + 0xa0)
#define SEG0_PADDR	0x100000ull
#define SEG0_VADDR	0xffffffff80100000ull
#define SEG0_FILESZ	0x80ull
#define SEG0_MEMSZ	0x1000ull
#define SEG1_PADDR	0x200000ull
#define SEG1_FILESZ	0x20ull
#define SEG1_MEMSZ	0x3000ull
#define ENTRY		(SEG0_PADDR + 0x10)
#define ELF_RELEASE	"6.98.1-elf"	/* in a linux_banner-like string */

/* The fake bzImage: setup_sects 1, so the protected-mode code is at 0x400. */
#define BZ_PM		0x400
#define BZ_PAYLOAD_OFF	0x10
#define BZ_RELEASE	"6.99.0-test"	/* at kernel_version */

/* Write the fake vmlinux (ELF_LEN bytes) to @buf; returns ELF_LEN. */
size_t fake_elf(uint8_t *buf);

/*
 * A bzImage (protocol 2.15) around @payload, plus the 4-byte size the
 * kernel appends if @size_append is not 0, in @img of @cap bytes.  Returns
 * the image length (aborts if @cap is too small).
 */
size_t fake_bzimage(uint8_t *img, size_t cap, const uint8_t *payload, size_t plen,
		    uint32_t size_append);

/*
 * @in compressed with @c into @out as scripts/Makefile.lib would (cmd_gzip,
 * cmd_xzkern, cmd_lzma, cmd_zstd22, cmd_lz4 -l); 0 if this build has no
 * such compressor.
 */
size_t fake_pack(enum boot_codec c, const uint8_t *in, size_t n, uint8_t *out, size_t cap);

#endif /* PVPROBE_BOOT_FAKE_H */
