/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel modules for the self-check initramfs (pvprobe boot --self
 * --self-module FILE): each module is read, decompressed on the host when
 * it is .ko.xz/.ko.zst/.ko.gz (boot_decompress.c), checked to be an
 * x86-64 relocatable ELF with a .modinfo section, and appended to the
 * embedded archive as a second newc cpio, /modules/NN-NAME.ko.  Linux
 * unpacks concatenated archives one after the other, skipping the zero
 * padding between them (init/initramfs.c unpack_to_rootfs()), and the
 * static /init (vmm/self_init.c) loads the files of /modules in name order with
 * finit_module(2) before it runs pvprobe self.
 *
 * Decompressing here, not in the guest: finit_module()'s
 * MODULE_INIT_COMPRESSED_FILE works only in a kernel built with
 * CONFIG_MODULE_DECOMPRESS (kernel/module/main.c idempotent_init_module()
 * -> init_module_from_file(), module_decompress() returns -EOPNOTSUPP
 * without it); a plain ELF loads in every kernel.
 */
#ifndef PVPROBE_BOOT_INITRD_H
#define PVPROBE_BOOT_INITRD_H

#include <stddef.h>
#include <stdint.h>

#define BOOT_INITRD_MAX_MODULES	8
#define BOOT_MODULE_FILE_MAX	(64u << 20)	/* a module file, compressed or not */
#define BOOT_MODULE_MAX		(64u << 20)	/* ... and decompressed */
#define BOOT_INITRD_ERR_MAX	512

struct boot_module {
	const char *path;		/* as given */
	char name[64];			/* "msr.ko": the file name without .xz/.zst/.gz */
	char codec[8];			/* "xz", ... or "" (not compressed) */
	char vermagic[96];		/* its modinfo vermagic ("" if it has none) */
	uint8_t *elf;			/* the plain module, malloc'd */
	size_t elf_len;
};

/*
 * Read the module at @path into @m: 0, or -1 with "PATH: what" in @err
 * (missing, not a regular file, too big, a codec this pvprobe lacks, not a
 * kernel module).
 */
int boot_module_read(const char *path, struct boot_module *m, char *err, size_t errlen);

/* Check that @p[0..@len) is a kernel module and find its vermagic: 0, or -1 with @err. */
int boot_module_check(const uint8_t *p, size_t len, struct boot_module *m, char *err,
		      size_t errlen);

void boot_module_free(struct boot_module *m);

/*
 * @base (the embedded archive, ending in its trailer) with a second newc
 * archive of /modules and each module as /modules/NN-NAME, NN its place
 * in @mods: a malloc'd *@out of *@out_len bytes.  0, or -1 (out of memory).
 */
int boot_initrd_build(const uint8_t *base, size_t base_len, const struct boot_module *mods,
		      int n, uint8_t **out, size_t *out_len);

/*
 * The msr driver matching a kernel at @kernel of release @release, found
 * without being asked: msr.ko[.xz|.zst|.gz] beside the kernel file, else
 * /lib/modules/RELEASE/kernel/arch/x86/kernel/msr.ko*.  0 with @path, or
 * -1 (none there).
 */
int boot_module_find_msr(const char *kernel, const char *release, char *path, size_t size);

#endif /* PVPROBE_BOOT_INITRD_H */
