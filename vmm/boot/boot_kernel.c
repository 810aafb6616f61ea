// SPDX-License-Identifier: GPL-2.0-only
/*
 * The guest kernel file (boot_kernel.h): a bzImage's setup header and
 * payload, or a bare vmlinux.  Offsets and fields are those of
 * Documentation/arch/x86/boot.rst, "The Real-Mode Kernel Header" and
 * "Details of Header Fields"; the ELF side is in boot_kernel_elf.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot_decompress.h"
#include "boot_file.h"
#include "boot_kernel.h"

/* Setup header fields (boot.rst, "The Real-Mode Kernel Header"). */
#define HDR_SETUP_SECTS		0x1f1
#define HDR_HEADER		0x202	/* "HdrS" */
#define HDR_VERSION		0x206
#define HDR_KERNEL_VERSION	0x20e
#define HDR_XLOADFLAGS		0x236	/* 2.12+ */
#define HDR_PAYLOAD_OFFSET	0x248	/* 2.08+ */
#define HDR_PAYLOAD_LENGTH	0x24c	/* 2.08+ */
#define HDR_PREF_ADDRESS	0x258	/* 2.10+ */
#define HDR_INIT_SIZE		0x260	/* 2.10+ */
#define XLF_KERNEL_64		(1u << 0)

static uint16_t le16(const uint8_t *p)
{
	return p[0] | p[1] << 8;
}

static uint32_t le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
	return le32(p) | (uint64_t)le32(p + 4) << 32;
}

static __attribute__((format(printf, 5, 6))) int kfail(char *err, size_t errlen,
		struct boot_kernel *k, const char *name, const char *fmt, ...)
{
	size_t n;
	va_list ap;

	boot_kernel_free(k);
	memset(k, 0, sizeof(*k));
	if (!errlen)
		return -1;
	snprintf(err, errlen, "%s: ", name);
	n = strlen(err);
	va_start(ap, fmt);
	vsnprintf(err + n, errlen - n, fmt, ap);
	va_end(ap);
	return -1;
}

/* After a failure: nothing to free, nothing half-filled. */
static int clear(struct boot_kernel *k)
{
	boot_kernel_free(k);
	memset(k, 0, sizeof(*k));
	return -1;
}

/* pref_address and init_size from the PT_LOADs: a vmlinux, or a bzImage before 2.10. */
static void set_span(struct boot_kernel *k)
{
	k->pref_address = k->load_start;
	k->init_size = k->load_end - k->load_start > UINT32_MAX ?
		UINT32_MAX : (uint32_t)(k->load_end - k->load_start);
}

/* The first word of a version string at @s (at most @n bytes), if any. */
static void set_release(struct boot_kernel *k, const uint8_t *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && i < sizeof(k->release) - 1; i++) {
		if (s[i] <= ' ' || s[i] >= 0x7f)
			break;
		k->release[i] = s[i];
	}
	k->release[i] = '\0';
}

/*
 * linux_banner (init/version-timestamp.c): "Linux version 6.12.117+deb12-
 * cloud-amd64 (...)" is in every vmlinux's .rodata.
 */
static void release_from_banner(struct boot_kernel *k)
{
	static const char banner[] = "Linux version ";
	const uint8_t *p = k->elf, *end = k->elf + k->elf_len;
	size_t bl = sizeof(banner) - 1;

	while (p < end && (p = memmem(p, end - p, banner, bl))) {
		p += bl;
		if (p < end && *p >= '0' && *p <= '9') {
			set_release(k, p, end - p);
			return;
		}
	}
}

/* The payload is not compressed with anything pvprobe knows or has. */
static int codec_fail(struct boot_kernel *k, const char *name, const uint8_t *p, size_t n,
		      char *err, size_t errlen)
{
	enum boot_codec c = boot_codec_detect(p, n);
	uint8_t b[4] = { 0 };

	if (c != BOOT_CODEC_UNKNOWN && boot_codec_package(c))
		return kfail(err, errlen, k, name,
			     "the payload is %s-compressed, but this pvprobe was built without %s: install %s and rebuild, or pass the uncompressed vmlinux",
			     boot_codec_name(c), boot_codec_name(c), boot_codec_package(c));
	if (c != BOOT_CODEC_UNKNOWN)
		return kfail(err, errlen, k, name,
			     "the payload is %s-compressed, which pvprobe cannot decompress: pass the uncompressed vmlinux (scripts/extract-vmlinux in the kernel source makes one)",
			     boot_codec_name(c));
	memcpy(b, p, n < 4 ? n : 4);
	return kfail(err, errlen, k, name,
		     "the payload's compression is unknown (it starts %02x %02x %02x %02x): pass the uncompressed vmlinux",
		     b[0], b[1], b[2], b[3]);
}

static int parse_bzimage(const uint8_t *img, size_t len, size_t elf_max, const char *name,
			 struct boot_kernel *k, char *err, size_t errlen)
{
	char who[BOOT_KERNEL_ERR_MAX];
	uint16_t version = le16(img + HDR_VERSION);
	uint64_t pm, off, kv;
	uint32_t plen;
	enum boot_codec c;
	unsigned int sects;
	size_t n;

	/* Fields up to init_size (2.10) are read below; a real image is far longer. */
	if (len < BOOT_SETUP_HEADER_END)
		return kfail(err, errlen, k, name, "%zu bytes, too short for a bzImage: truncated?", len);
	if (version < 0x208)
		return kfail(err, errlen, k, name,
			     "boot protocol %u.%02u is older than 2.08, which has no payload_offset: pass the uncompressed vmlinux",
			     version >> 8, version & 0xff);
	/* Before 2.12 there are no xloadflags; the ELF class is checked anyway. */
	if (version >= 0x20c && !(le16(img + HDR_XLOADFLAGS) & XLF_KERNEL_64))
		return kfail(err, errlen, k, name,
			     "not a 64-bit kernel (xloadflags 0x%x lacks XLF_KERNEL_64): pvprobe boots x86-64 kernels only",
			     le16(img + HDR_XLOADFLAGS));

	k->have_setup_header = 1;
	memcpy(k->setup_header, img + BOOT_SETUP_HEADER_OFF,
	       BOOT_SETUP_HEADER_END - BOOT_SETUP_HEADER_OFF);
	k->boot_version = version;

	/* "The 32-bit (non-real-mode) kernel starts at offset (setup_sects+1)*512" */
	sects = img[HDR_SETUP_SECTS] ? img[HDR_SETUP_SECTS] : 4;
	pm = (uint64_t)(sects + 1) * 512;
	off = pm + le32(img + HDR_PAYLOAD_OFFSET);
	plen = le32(img + HDR_PAYLOAD_LENGTH);
	if (off >= len)
		return kfail(err, errlen, k, name,
			     "payload_offset 0x%x puts the payload at 0x%llx, past the end of the file (%zu bytes): a damaged image",
			     le32(img + HDR_PAYLOAD_OFFSET), (unsigned long long)off, len);
	if (plen > len - off)
		return kfail(err, errlen, k, name,
			     "the payload (%u bytes at 0x%llx) runs past the end of the file (%zu bytes): the image is truncated",
			     plen, (unsigned long long)off, len);
	if (!plen)
		return kfail(err, errlen, k, name, "payload_length is 0: a damaged image");

	c = boot_codec_detect(img + off, plen);
	if (!boot_codec_supported(c))
		return codec_fail(k, name, img + off, plen, err, errlen);
	if (boot_decompress(c, img + off, plen, elf_max, &k->elf, &k->elf_len, who, sizeof(who)))
		return kfail(err, errlen, k, name, "%s", who);
	snprintf(k->format, sizeof(k->format), "bzImage+%s", boot_codec_name(c));

	snprintf(who, sizeof(who), "%s: the decompressed payload", name);
	if (boot_kernel_elf_check(k, who, err, errlen))
		return clear(k);
	set_span(k);
	if (version >= 0x20a) {
		k->pref_address = le64(img + HDR_PREF_ADDRESS);
		k->init_size = le32(img + HDR_INIT_SIZE);
	}

	/* kernel_version: "a pointer ... less 0x200", valid below setup_sects * 0x200. */
	kv = le16(img + HDR_KERNEL_VERSION);
	if (kv && kv + 0x200 < pm && kv + 0x200 < len) {
		n = len - (kv + 0x200);
		set_release(k, img + kv + 0x200, n < pm - (kv + 0x200) ? n : pm - (kv + 0x200));
	}
	if (!k->release[0])
		release_from_banner(k);
	return 0;
}

/* @img is taken over (freed or kept as k->elf) when @own. */
static int parse(uint8_t *img, size_t len, int own, size_t elf_max, const char *name,
		 struct boot_kernel *k, char *err, size_t errlen)
{
	static const uint8_t elfmag[4] = { 0x7f, 'E', 'L', 'F' };
	enum boot_codec c;
	int ret;

	memset(k, 0, sizeof(*k));
	if (len >= 4 && !memcmp(img, elfmag, 4)) {
		if (own) {
			k->elf = img;
		} else {
			k->elf = malloc(len ? len : 1);
			if (!k->elf)
				return kfail(err, errlen, k, name, "out of memory for %zu bytes", len);
			memcpy(k->elf, img, len);
		}
		k->elf_len = len;
		snprintf(k->format, sizeof(k->format), "vmlinux");
		if (boot_kernel_elf_check(k, name, err, errlen))
			return clear(k);
		set_span(k);
		release_from_banner(k);
		return 0;
	}
	if (len >= HDR_HEADER + 4 && !memcmp(img + HDR_HEADER, "HdrS", 4)) {
		ret = parse_bzimage(img, len, elf_max, name, k, err, errlen);
		if (own)
			free(img);
		return ret;
	}

	c = boot_codec_detect(img, len);
	if (own)
		free(img);
	if (c != BOOT_CODEC_UNKNOWN)
		return kfail(err, errlen, k, name,
			     "a bare %s stream, not a kernel: decompress it first (it may hold the vmlinux), or pass a bzImage",
			     boot_codec_name(c));
	return kfail(err, errlen, k, name,
		     "neither a bzImage (no \"HdrS\" at 0x202) nor an ELF vmlinux: pass a Linux x86-64 kernel such as /boot/vmlinuz-VERSION");
}

int boot_kernel_parse(const uint8_t *img, size_t len, size_t elf_max, const char *name,
		      struct boot_kernel *k, char *err, size_t errlen)
{
	return parse((uint8_t *)img, len, 0, elf_max, name, k, err, errlen);
}

int boot_kernel_open(const char *path, struct boot_kernel *k, char *err, size_t errlen)
{
	static const struct boot_file_words words = {
		.pass_path = "pass the path of a bzImage (e.g. /boot/vmlinuz-VERSION) or a vmlinux",
		.pass_file = "pass a bzImage or vmlinux file",
		.what = "a kernel image",
	};
	char why[256];
	uint8_t *buf;
	size_t len;

	memset(k, 0, sizeof(*k));
	if (boot_file_read(path, BOOT_KERNEL_FILE_MAX, &words, &buf, &len, why, sizeof(why)))
		return kfail(err, errlen, k, path, "%s", why);
	return parse(buf, len, 1, BOOT_KERNEL_ELF_MAX, path, k, err, errlen);
}

void boot_kernel_free(struct boot_kernel *k)
{
	free(k->elf);
	k->elf = NULL;
	k->elf_len = 0;
}
