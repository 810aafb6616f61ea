// SPDX-License-Identifier: GPL-2.0-only
/*
 * boot_kernel_parse() and boot_kernel_load() (vmm/boot/boot_kernel*.c,
 * vmm/boot/boot_decompress.c) read the file given to `pvprobe boot --kernel`:
 * any bytes, a bzImage whose payload goes through zlib, liblzma, libzstd or
 * liblz4, or an ELF.  Parsing must stay inside the input and the
 * decompressed buffer (ASan), decompression must stop at the cap, and the
 * answers must keep their promises:
 *   - failure: "f: " and a printable message, no ELF kept;
 *   - success: an ELF of at most the cap, a known format, a printable
 *     release, the entry inside the PT_LOAD span;
 *   - loading into a small RAM fails exactly when the span does not fit,
 *     writes nothing then, and otherwise puts each segment's bytes at its
 *     p_paddr with a zeroed tail.
 */
#include <elf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "boot_kernel.h"

#define ELF_CAP		(16u << 20)	/* the fuzzer's BOOT_KERNEL_ELF_MAX: fast, same code */
#define RAM_SIZE	(4u << 20)

#define CHECK(cond)	do { if (!(cond)) __builtin_trap(); } while (0)

static char err[BOOT_KERNEL_ERR_MAX];

static int printable(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len && s[i]; i++)
		if (s[i] < 0x20 || s[i] >= 0x7f)
			return 0;
	return i < len;
}

static void check_load(const struct boot_kernel *k, uint8_t *ram)
{
	uint64_t entry = 0, end = 0;
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	int i;

	ram[0] = 0xa5;
	ram[RAM_SIZE - 1] = 0x5a;
	if (boot_kernel_load(k, ram, RAM_SIZE, &entry, &end, err, sizeof(err))) {
		CHECK(k->load_end > RAM_SIZE);
		CHECK(printable(err, sizeof(err)) && err[0]);
		CHECK(ram[0] == 0xa5 && ram[RAM_SIZE - 1] == 0x5a);
		return;
	}
	CHECK(k->load_end <= RAM_SIZE);
	CHECK(entry == k->entry && end == k->load_end);
	memcpy(&eh, k->elf, sizeof(eh));
	for (i = 0; i < eh.e_phnum; i++) {
		memcpy(&ph, k->elf + eh.e_phoff + (size_t)i * sizeof(ph), sizeof(ph));
		if (ph.p_type != PT_LOAD || !ph.p_memsz)
			continue;
		CHECK(!memcmp(ram + ph.p_paddr, k->elf + ph.p_offset, ph.p_filesz));
		CHECK(ph.p_memsz == ph.p_filesz || !ram[ph.p_paddr + ph.p_memsz - 1]);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t *ram;
	struct boot_kernel k;

	if (!ram) {
		/* Untouched pages cost nothing: only what a load writes is resident. */
		ram = mmap(NULL, RAM_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		CHECK(ram != MAP_FAILED);
	}
	memset(err, 0, sizeof(err));
	if (boot_kernel_parse(data, size, ELF_CAP, "f", &k, err, sizeof(err))) {
		CHECK(!k.elf && !k.elf_len);
		CHECK(!strncmp(err, "f: ", 3));
		CHECK(printable(err, sizeof(err)));
		return 0;
	}
	CHECK(k.elf && k.elf_len >= sizeof(Elf64_Ehdr) && k.elf_len <= (k.have_setup_header ? ELF_CAP : size));
	CHECK(k.have_setup_header ? !strncmp(k.format, "bzImage+", 8) : !strcmp(k.format, "vmlinux"));
	CHECK(k.have_setup_header ? k.boot_version >= 0x208 : !k.boot_version);
	CHECK(printable(k.release, sizeof(k.release)) && !strchr(k.release, ' '));
	CHECK(k.nr_load >= 1);
	CHECK(k.load_start < k.load_end);
	CHECK(k.entry >= k.load_start && k.entry < k.load_end);
	check_load(&k, ram);
	boot_kernel_free(&k);
	return 0;
}
