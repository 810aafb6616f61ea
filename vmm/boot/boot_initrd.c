// SPDX-License-Identifier: GPL-2.0-only
/* Kernel modules in the self-check initramfs (boot_initrd.h). */
#include <elf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "boot_decompress.h"
#include "boot_file.h"
#include "boot_initrd.h"

static int mfail(char *err, size_t errlen, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int mfail(char *err, size_t errlen, const char *path, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(err, errlen, "%s: ", path);
	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < errlen)
		vsnprintf(err + n, errlen - n, fmt, ap);
	va_end(ap);
	return -1;
}

/* Section @i's header, or NULL when it lies outside the file. */
static const Elf64_Shdr *shdr(const uint8_t *p, size_t len, const Elf64_Ehdr *eh, unsigned int i)
{
	uint64_t off = eh->e_shoff + (uint64_t)i * sizeof(Elf64_Shdr);

	if (i >= eh->e_shnum || off + sizeof(Elf64_Shdr) > len)
		return NULL;
	return (const Elf64_Shdr *)(p + off);
}

/*
 * What the kernel's loader needs before it looks further (kernel/module/
 * main.c elf_validity_cache_copy(), setup_load_info()): an x86-64
 * ELFCLASS64 ET_REL object whose sections are inside the file, with a
 * .gnu.linkonce.this_module ("No module found in object" without it) and
 * a .modinfo.  Relocations and symbols are the guest kernel's to judge.
 */
int boot_module_check(const uint8_t *p, size_t len, struct boot_module *m, char *err,
		      size_t errlen)
{
	const Elf64_Shdr *strs, *s;
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)p;
	int this_module = 0, modinfo = 0;
	unsigned int i;

	m->vermagic[0] = 0;
	if (len < sizeof(*eh) || memcmp(p, ELFMAG, SELFMAG)) {
		snprintf(err, errlen, "not a kernel module: no ELF header");
		return -1;
	}
	if (p[EI_CLASS] != ELFCLASS64 || p[EI_DATA] != ELFDATA2LSB || eh->e_type != ET_REL ||
	    eh->e_machine != EM_X86_64) {
		snprintf(err, errlen, "not a kernel module: an ELF of class %u, type %u, machine %u, not an x86-64 relocatable object (ET_REL)",
			 p[EI_CLASS], eh->e_type, eh->e_machine);
		return -1;
	}
	if (eh->e_shentsize != sizeof(Elf64_Shdr) || !eh->e_shnum ||
	    !(strs = shdr(p, len, eh, eh->e_shstrndx)) || strs->sh_offset > len ||
	    strs->sh_size > len - strs->sh_offset) {
		snprintf(err, errlen, "not a kernel module: its section headers are not inside the file");
		return -1;
	}
	for (i = 0; i < eh->e_shnum; i++) {
		const char *name;

		s = shdr(p, len, eh, i);
		if (!s || (s->sh_type != SHT_NOBITS &&
			   (s->sh_offset > len || s->sh_size > len - s->sh_offset))) {
			snprintf(err, errlen, "not a kernel module: section %u is not inside the file", i);
			return -1;
		}
		if (s->sh_name >= strs->sh_size)
			continue;
		name = (const char *)p + strs->sh_offset + s->sh_name;
		if (!memchr(name, 0, strs->sh_size - s->sh_name))
			continue;
		if (!strcmp(name, ".gnu.linkonce.this_module"))
			this_module = 1;
		if (!strcmp(name, ".modinfo") && s->sh_type != SHT_NOBITS) {
			const char *mi = (const char *)p + s->sh_offset, *e = mi + s->sh_size, *q;

			modinfo = 1;
			/* NUL-separated "key=value" strings (include/linux/moduleparam.h) */
			for (q = mi; q < e; q += strnlen(q, e - q) + 1)
				if ((size_t)(e - q) > 9 && !strncmp(q, "vermagic=", 9))
					snprintf(m->vermagic, sizeof(m->vermagic), "%.*s",
						 (int)strnlen(q + 9, e - q - 9), q + 9);
		}
	}
	if (!this_module || !modinfo) {
		snprintf(err, errlen, "not a kernel module: an x86-64 object without %s",
			 !this_module ? ".gnu.linkonce.this_module" : ".modinfo");
		return -1;
	}
	return 0;
}

int boot_module_read(const char *path, struct boot_module *m, char *err, size_t errlen)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	static const struct boot_file_words words = {
		.pass_path = "pass the path of a kernel module (.ko, .ko.xz, .ko.zst, .ko.gz)",
		.pass_file = "pass a kernel module file",
		.what = "a module file",
	};
	char why[BOOT_INITRD_ERR_MAX];
	size_t len, blen;
	enum boot_codec c;
	uint8_t *buf;

	memset(m, 0, sizeof(*m));
	m->path = path;
	if (boot_file_read(path, BOOT_MODULE_FILE_MAX, &words, &buf, &len, why, sizeof(why)))
		return mfail(err, errlen, path, "%s", why);

	c = boot_codec_detect(buf, len);
	if (c != BOOT_CODEC_UNKNOWN && memcmp(buf, ELFMAG, SELFMAG)) {
		uint8_t *plain;
		size_t plen;

		if (!boot_codec_supported(c)) {
			free(buf);
			return mfail(err, errlen, path, "%s-compressed, and this pvprobe was built without its decoder (install %s and build again)",
				     boot_codec_name(c), boot_codec_package(c) ? boot_codec_package(c) : "a decoder");
		}
		if (boot_decompress(c, buf, len, BOOT_MODULE_MAX, &plain, &plen, why, sizeof(why))) {
			free(buf);
			return mfail(err, errlen, path, "%s: %s", boot_codec_name(c), why);
		}
		free(buf);
		buf = plain;
		len = plen;
		snprintf(m->codec, sizeof(m->codec), "%s", boot_codec_name(c));
	}
	if (boot_module_check(buf, len, m, why, sizeof(why))) {
		free(buf);
		return mfail(err, errlen, path, "%s", why);
	}
	m->elf = buf;
	m->elf_len = len;
	/* The name the guest sees: without the compressor's suffix. */
	blen = strlen(base);
	if (m->codec[0] && strrchr(base, '.') && strstr(base, ".ko."))
		blen = strstr(base, ".ko.") - base + 3;
	snprintf(m->name, sizeof(m->name), "%.*s", (int)blen, base);
	return 0;
}

void boot_module_free(struct boot_module *m)
{
	free(m->elf);
	m->elf = NULL;
}

/*
 * One newc entry (Documentation/driver-api/early-userspace/buffer-format.rst)
 * at @out, or only its size when @out is NULL.
 */
static size_t entry(uint8_t *out, unsigned int ino, const char *name, unsigned int mode,
		    const uint8_t *data, size_t len)
{
	size_t n, nlen = strlen(name) + 1;
	char hdr[128];

	snprintf(hdr, sizeof(hdr), "070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x",
		 ino, mode, 0, 0, S_ISDIR(mode) ? 2 : 1, 0, (unsigned int)len, 0, 0, 0, 0,
		 (unsigned int)nlen, 0);
	n = 110;
	if (out) {
		memcpy(out, hdr, 110);
		memcpy(out + n, name, nlen);
	}
	/* @out is zeroed (calloc): the padding is only skipped */
	n = (n + nlen + 3) & ~(size_t)3;
	if (out && len)
		memcpy(out + n, data, len);
	return (n + len + 3) & ~(size_t)3;
}

static size_t archive(uint8_t *out, const struct boot_module *mods, int n)
{
	char name[96];
	size_t at = 0;
	int i;

	/* inode numbers above the embedded archive's (mkinitramfs.py counts from 1) */
	at += entry(out ? out + at : NULL, 1001, "modules", S_IFDIR | 0755, NULL, 0);
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "modules/%02d-%s", i, mods[i].name);
		at += entry(out ? out + at : NULL, 1002 + i, name, S_IFREG | 0644, mods[i].elf,
			    mods[i].elf_len);
	}
	at += entry(out ? out + at : NULL, 0, "TRAILER!!!", 0, NULL, 0);
	return (at + 511) & ~(size_t)511;
}

int boot_initrd_build(const uint8_t *base, size_t base_len, const struct boot_module *mods,
		      int n, uint8_t **out, size_t *out_len)
{
	/* The second archive starts 4-aligned (unpack_to_rootfs() looks for '0' there). */
	size_t pad = -base_len % 512, len = base_len + pad + archive(NULL, mods, n);
	uint8_t *p = calloc(1, len);

	if (!p)
		return -1;
	memcpy(p, base, base_len);
	archive(p + base_len + pad, mods, n);
	*out = p;
	*out_len = len;
	return 0;
}

int boot_module_find_msr(const char *kernel, const char *release, char *path, size_t size)
{
	static const char *const suffix[] = { "", ".xz", ".zst", ".gz" };
	const char *slash = strrchr(kernel, '/');
	int dirlen = slash ? (int)(slash - kernel) : 1;
	const char *dir = slash ? kernel : ".";
	size_t i;

	for (i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		snprintf(path, size, "%.*s/msr.ko%s", dirlen, dir, suffix[i]);
		if (!access(path, R_OK))
			return 0;
	}
	for (i = 0; release && *release && !strchr(release, '/') &&
		    i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		snprintf(path, size, "/lib/modules/%s/kernel/arch/x86/kernel/msr.ko%s", release,
			 suffix[i]);
		if (!access(path, R_OK))
			return 0;
	}
	path[0] = 0;
	return -1;
}
