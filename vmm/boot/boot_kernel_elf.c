// SPDX-License-Identifier: GPL-2.0-only
/*
 * The vmlinux ELF: checked as untrusted input, then loaded the way the
 * in-guest decompressor's parse_elf() (arch/x86/boot/compressed/misc.c)
 * would have: each PT_LOAD at its p_paddr.  Unlike parse_elf(), the
 * p_memsz - p_filesz tail (.bss) is zeroed here too; the kernel clears its
 * own .bss again in clear_bss() (arch/x86/kernel/head64.c).
 */
#include <elf.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "boot_kernel.h"

/* vmlinux has 5 (text, data, percpu, init, note); anything near this is not a kernel. */
#define ELF_MAX_PHDRS	64

static __attribute__((format(printf, 4, 5))) int efail(char *err, size_t errlen, const char *who,
						      const char *fmt, ...)
{
	size_t n;
	va_list ap;

	if (!errlen)
		return -1;
	snprintf(err, errlen, "%s: ", who);
	n = strlen(err);
	va_start(ap, fmt);
	vsnprintf(err + n, errlen - n, fmt, ap);
	va_end(ap);
	return -1;
}

static void phdr(const struct boot_kernel *k, const Elf64_Ehdr *eh, int i, Elf64_Phdr *ph)
{
	/* e_phoff need not be aligned: copy rather than cast. */
	memcpy(ph, k->elf + eh->e_phoff + (size_t)i * sizeof(*ph), sizeof(*ph));
}

int boot_kernel_elf_check(struct boot_kernel *k, const char *who, char *err, size_t errlen)
{
	uint64_t start = UINT64_MAX, end = 0, entry = 0;
	int i, j, nr = 0, found = 0;
	Elf64_Ehdr eh;
	Elf64_Phdr ph, other;

	if (k->elf_len >= SELFMAG && !memcmp(k->elf, ELFMAG, SELFMAG) && k->elf_len < sizeof(eh))
		return efail(err, errlen, who, "an ELF of %zu bytes, too short for its header: truncated",
			     k->elf_len);
	if (k->elf_len < sizeof(eh) || memcmp(k->elf, ELFMAG, SELFMAG)) {
		uint8_t b[4] = { 0 };

		memcpy(b, k->elf, k->elf_len < 4 ? k->elf_len : 4);
		return efail(err, errlen, who,
			     "not an ELF file (%zu bytes, starting %02x %02x %02x %02x): a damaged image, or pass the uncompressed vmlinux",
			     k->elf_len, b[0], b[1], b[2], b[3]);
	}
	memcpy(&eh, k->elf, sizeof(eh));
	if (eh.e_ident[EI_CLASS] != ELFCLASS64)
		return efail(err, errlen, who, "a 32-bit ELF (EI_CLASS %u): pvprobe boots x86-64 kernels only",
			     eh.e_ident[EI_CLASS]);
	if (eh.e_ident[EI_DATA] != ELFDATA2LSB)
		return efail(err, errlen, who, "a big-endian ELF (EI_DATA %u): pvprobe boots x86-64 kernels only",
			     eh.e_ident[EI_DATA]);
	if (eh.e_machine != EM_X86_64)
		return efail(err, errlen, who, "ELF for machine %u, not x86-64 (%u): pvprobe boots x86-64 kernels only",
			     eh.e_machine, EM_X86_64);
	if (eh.e_type != ET_EXEC)
		return efail(err, errlen, who, "ELF type %u, not ET_EXEC: not a vmlinux (a module or an object file?)",
			     eh.e_type);
	if (eh.e_phentsize != sizeof(Elf64_Phdr) || !eh.e_phnum || eh.e_phnum > ELF_MAX_PHDRS)
		return efail(err, errlen, who, "%u program headers of %u bytes: a damaged ELF",
			     eh.e_phnum, eh.e_phentsize);
	if (eh.e_phoff > k->elf_len || (size_t)eh.e_phnum * sizeof(ph) > k->elf_len - eh.e_phoff)
		return efail(err, errlen, who, "program headers at 0x%llx run past the end (%zu bytes): truncated",
			     (unsigned long long)eh.e_phoff, k->elf_len);

	for (i = 0; i < eh.e_phnum; i++) {
		phdr(k, &eh, i, &ph);
		if (ph.p_type != PT_LOAD)
			continue;
		if (ph.p_filesz > ph.p_memsz)
			return efail(err, errlen, who, "PT_LOAD %d has p_filesz 0x%llx > p_memsz 0x%llx: a damaged ELF",
				     i, (unsigned long long)ph.p_filesz, (unsigned long long)ph.p_memsz);
		if (ph.p_offset > k->elf_len || ph.p_filesz > k->elf_len - ph.p_offset)
			return efail(err, errlen, who,
				     "PT_LOAD %d's 0x%llx bytes at offset 0x%llx run past the end (%zu bytes): truncated",
				     i, (unsigned long long)ph.p_filesz, (unsigned long long)ph.p_offset, k->elf_len);
		if (ph.p_memsz > UINT64_MAX - ph.p_paddr || ph.p_memsz > UINT64_MAX - ph.p_vaddr)
			return efail(err, errlen, who, "PT_LOAD %d: address 0x%llx + size 0x%llx overflows",
				     i, (unsigned long long)ph.p_paddr, (unsigned long long)ph.p_memsz);
		if (!ph.p_memsz)
			continue;
		/* Two segments at one address: one would overwrite the other. */
		for (j = 0; j < i; j++) {
			phdr(k, &eh, j, &other);
			if (other.p_type == PT_LOAD && other.p_memsz &&
			    ph.p_paddr < other.p_paddr + other.p_memsz &&
			    other.p_paddr < ph.p_paddr + ph.p_memsz)
				return efail(err, errlen, who, "PT_LOAD %d and %d overlap at paddr 0x%llx: a damaged ELF",
					     j, i, (unsigned long long)ph.p_paddr);
		}
		nr++;
		if (ph.p_paddr < start)
			start = ph.p_paddr;
		if (ph.p_paddr + ph.p_memsz > end)
			end = ph.p_paddr + ph.p_memsz;
		/*
		 * vmlinux's e_entry is physical (ENTRY(phys_startup_64)); a
		 * virtual one is translated.  Either must be in the file's bytes.
		 */
		if (!found && eh.e_entry >= ph.p_paddr && eh.e_entry - ph.p_paddr < ph.p_filesz) {
			entry = eh.e_entry;
			found = 1;
		}
	}
	for (i = 0; !found && i < eh.e_phnum; i++) {
		phdr(k, &eh, i, &ph);
		if (ph.p_type == PT_LOAD && eh.e_entry >= ph.p_vaddr && eh.e_entry - ph.p_vaddr < ph.p_filesz) {
			entry = eh.e_entry - ph.p_vaddr + ph.p_paddr;
			found = 1;
		}
	}
	if (!nr)
		return efail(err, errlen, who, "no PT_LOAD segment: nothing to load");
	if (!found)
		return efail(err, errlen, who, "the entry point 0x%llx is in no PT_LOAD segment's file bytes",
			     (unsigned long long)eh.e_entry);
	k->entry = entry;
	k->load_start = start;
	k->load_end = end;
	k->nr_load = nr;
	return 0;
}

int boot_kernel_load(const struct boot_kernel *k, uint8_t *ram, size_t ram_size,
		     uint64_t *entry, uint64_t *end, char *err, size_t errlen)
{
	struct boot_kernel c = *k;	/* checked again: @k may not come from boot_kernel_open() */
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	int i, pass;

	if (!c.elf)
		return efail(err, errlen, "kernel", "no kernel image loaded");
	if (boot_kernel_elf_check(&c, "kernel", err, errlen))
		return -1;
	memcpy(&eh, c.elf, sizeof(eh));
	/* Pass 0 checks every segment fits, pass 1 writes: all or nothing. */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < eh.e_phnum; i++) {
			phdr(&c, &eh, i, &ph);
			if (ph.p_type != PT_LOAD || !ph.p_memsz)
				continue;
			if (pass == 0 && ph.p_paddr >= ram_size)
				return efail(err, errlen, "kernel",
					     "PT_LOAD %d at paddr 0x%llx is outside guest RAM (%zu MiB): give the guest more RAM",
					     i, (unsigned long long)ph.p_paddr, ram_size >> 20);
			if (pass == 0 && ph.p_memsz > ram_size - ph.p_paddr)
				return efail(err, errlen, "kernel",
					     "PT_LOAD %d (paddr 0x%llx, 0x%llx bytes) runs past the end of guest RAM (%zu MiB): give the guest more RAM",
					     i, (unsigned long long)ph.p_paddr, (unsigned long long)ph.p_memsz,
					     ram_size >> 20);
			if (pass == 0)
				continue;
			memcpy(ram + ph.p_paddr, c.elf + ph.p_offset, ph.p_filesz);
			memset(ram + ph.p_paddr + ph.p_filesz, 0, ph.p_memsz - ph.p_filesz);
		}
	}
	*entry = c.entry;
	*end = c.load_end;
	return 0;
}
