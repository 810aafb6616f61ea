/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The compressors a bzImage payload may use (arch/x86/boot/compressed/
 * Makefile, suffix-$(CONFIG_KERNEL_*)), told apart by their magic numbers
 * as Documentation/arch/x86/boot.rst (payload_offset) says, and the ones
 * pvprobe can undo on the host: gzip (zlib), xz and lzma (liblzma), zstd
 * (libzstd), lz4 (liblz4).  Each library is optional at build time
 * (PVPROBE_HAVE_*); without it the codec is refused with what to install.
 *
 * Decompression is streaming into a growing buffer and stops past @max
 * bytes: the size the kernel appends after the payload (size_append in
 * scripts/Makefile.lib) and a zstd frame's content size are never trusted.
 */
#ifndef PVPROBE_BOOT_DECOMPRESS_H
#define PVPROBE_BOOT_DECOMPRESS_H

#include <stddef.h>
#include <stdint.h>

enum boot_codec {
	BOOT_CODEC_UNKNOWN,
	BOOT_CODEC_GZIP,
	BOOT_CODEC_XZ,
	BOOT_CODEC_LZMA,
	BOOT_CODEC_ZSTD,
	BOOT_CODEC_BZIP2,
	BOOT_CODEC_LZ4,
	BOOT_CODEC_LZO,
};

/* The codec @p[0..@len) starts with, by magic number. */
enum boot_codec boot_codec_detect(const uint8_t *p, size_t len);

/* "gzip", "xz", ..., "unknown". */
const char *boot_codec_name(enum boot_codec c);

/* This pvprobe can decompress @c (it was built with the library). */
int boot_codec_supported(enum boot_codec c);

/* The Debian package pvprobe needs at build time for @c; NULL: no decoder at all. */
const char *boot_codec_package(enum boot_codec c);

/*
 * Decompress @in[0..@len) with @c into a malloc'd *@out of *@out_len bytes,
 * at most @max.  Data after the end of the (first) compressed stream is
 * ignored.  0, or -1 with the problem in @err (no file name: the caller
 * adds it).
 */
int boot_decompress(enum boot_codec c, const uint8_t *in, size_t len, size_t max,
		    uint8_t **out, size_t *out_len, char *err, size_t errlen);

#endif /* PVPROBE_BOOT_DECOMPRESS_H */
