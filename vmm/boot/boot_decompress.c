// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host-side decompression of a bzImage payload (boot_decompress.h).  Every
 * codec streams into one growing buffer and stops once it holds more than
 * @max bytes, so a small payload that inflates without end (or a frame that
 * claims any size) costs at most @max of memory.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef PVPROBE_HAVE_ZLIB
#define ZLIB_CONST
#include <zlib.h>
#endif
#ifdef PVPROBE_HAVE_LZMA
#include <lzma.h>
#endif
#ifdef PVPROBE_HAVE_ZSTD
#include <zstd.h>
#endif
#ifdef PVPROBE_HAVE_LZ4
#include <lz4.h>
#endif

#include "boot_decompress.h"

/* liblzma may use this much for its dictionary: kernel xz/lzma use 32-64 MiB. */
#define LZMA_MEMLIMIT		(256ull << 20)
/* lz4 -l (the kernel's cmd_lz4): legacy frames of 8 MiB blocks (lib/decompress_unlz4.c). */
#define LZ4_LEGACY_MAGIC	0x184c2102u
#define LZ4_LEGACY_BLOCK	(8u << 20)

static const struct {
	enum boot_codec codec;
	const char *name;
	const char *lib;	/* the Debian package that brings it; NULL: unsupported */
	uint8_t magic[6];
	size_t magic_len;
} codecs[] = {
	/* Magic numbers: Documentation/arch/x86/boot.rst (payload_offset) and each format's spec. */
	{ BOOT_CODEC_GZIP,  "gzip",  "zlib1g-dev",  { 0x1f, 0x8b }, 2 },
	{ BOOT_CODEC_XZ,    "xz",    "liblzma-dev", { 0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00 }, 6 },
	{ BOOT_CODEC_LZMA,  "lzma",  "liblzma-dev", { 0x5d, 0x00, 0x00 }, 3 },
	{ BOOT_CODEC_ZSTD,  "zstd",  "libzstd-dev", { 0x28, 0xb5, 0x2f, 0xfd }, 4 },
	{ BOOT_CODEC_BZIP2, "bzip2", NULL,          { 'B', 'Z', 'h' }, 3 },
	{ BOOT_CODEC_LZ4,   "lz4",   "liblz4-dev",  { 0x02, 0x21, 0x4c, 0x18 }, 4 },
	{ BOOT_CODEC_LZO,   "lzo",   NULL,          { 0x89, 0x4c, 0x5a, 0x4f }, 4 },
};
#define NR_CODECS	(sizeof(codecs) / sizeof(codecs[0]))

enum boot_codec boot_codec_detect(const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < NR_CODECS; i++)
		if (len >= codecs[i].magic_len && !memcmp(p, codecs[i].magic, codecs[i].magic_len))
			return codecs[i].codec;
	return BOOT_CODEC_UNKNOWN;
}

const char *boot_codec_name(enum boot_codec c)
{
	size_t i;

	for (i = 0; i < NR_CODECS; i++)
		if (codecs[i].codec == c)
			return codecs[i].name;
	return "unknown";
}

const char *boot_codec_package(enum boot_codec c)
{
	size_t i;

	for (i = 0; i < NR_CODECS; i++)
		if (codecs[i].codec == c)
			return codecs[i].lib;
	return NULL;
}

int boot_codec_supported(enum boot_codec c)
{
	switch (c) {
#ifdef PVPROBE_HAVE_ZLIB
	case BOOT_CODEC_GZIP:
		return 1;
#endif
#ifdef PVPROBE_HAVE_LZMA
	case BOOT_CODEC_XZ:
	case BOOT_CODEC_LZMA:
		return 1;
#endif
#ifdef PVPROBE_HAVE_ZSTD
	case BOOT_CODEC_ZSTD:
		return 1;
#endif
#ifdef PVPROBE_HAVE_LZ4
	case BOOT_CODEC_LZ4:
		return 1;
#endif
	default:
		return 0;
	}
}

/* The output: grows by doubling, never past @limit bytes. */
struct outbuf {
	uint8_t *p;
	size_t len, cap, limit;
	size_t max;		/* more than this is a bomb */
	const char *codec;
	char *err;
	size_t errlen;
};

static __attribute__((format(printf, 2, 3))) int fail(struct outbuf *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(o->err, o->errlen, fmt, ap);
	va_end(ap);
	free(o->p);
	o->p = NULL;
	return -1;
}

static int bomb(struct outbuf *o)
{
	if (o->max % (1u << 20) == 0)
		return fail(o, "the %s payload decompresses to more than %zu MiB: not a kernel image",
			    o->codec, o->max >> 20);
	return fail(o, "the %s payload decompresses to more than %zu bytes: not a kernel image",
		    o->codec, o->max);
}

/* Used by the codecs only: unused in a build without any library. */
static __attribute__((unused)) int truncated(struct outbuf *o)
{
	return fail(o, "the %s stream ends early after %zu bytes of output: the payload is truncated",
		    o->codec, o->len);
}

/* Make room for at least one more byte (@want more if the limit allows). */
static __attribute__((unused)) int out_grow(struct outbuf *o, size_t want)
{
	size_t cap = o->cap;
	uint8_t *p;

	while (cap - o->len < want && cap < o->limit)
		cap = cap > o->limit / 2 ? o->limit : cap * 2;
	if (cap == o->cap)
		return o->len < o->cap ? 0 : bomb(o);
	p = realloc(o->p, cap);
	if (!p)
		return fail(o, "out of memory for %zu bytes of decompressed %s", cap, o->codec);
	o->p = p;
	o->cap = cap;
	return 0;
}

#ifdef PVPROBE_HAVE_ZLIB
static int gunzip(const uint8_t *in, size_t len, struct outbuf *o)
{
	z_stream z;
	int ret;

	if (len > UINT_MAX)
		return fail(o, "a gzip payload of %zu bytes is too big", len);
	memset(&z, 0, sizeof(z));
	/* 16 + MAX_WBITS: a gzip wrapper only, as cmd_gzip makes (scripts/Makefile.lib). */
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
		return fail(o, "zlib: cannot initialise");
	z.next_in = in;
	z.avail_in = (uInt)len;
	for (;;) {
		if (o->len > o->max) {
			inflateEnd(&z);
			return bomb(o);
		}
		if (o->len == o->cap && out_grow(o, 1)) {
			inflateEnd(&z);
			return -1;
		}
		z.next_out = o->p + o->len;
		z.avail_out = o->cap - o->len > UINT_MAX ? UINT_MAX : (uInt)(o->cap - o->len);
		ret = inflate(&z, Z_NO_FLUSH);
		o->len = z.next_out - o->p;
		if (ret == Z_STREAM_END)
			break;
		if (ret == Z_OK)
			continue;
		inflateEnd(&z);
		if (ret == Z_BUF_ERROR)
			return truncated(o);
		return fail(o, "the gzip payload is corrupt: %s", z.msg ? z.msg : "zlib error");
	}
	inflateEnd(&z);
	return o->len > o->max ? bomb(o) : 0;
}
#endif

#ifdef PVPROBE_HAVE_LZMA
static const char *lzma_problem(lzma_ret ret)
{
	switch (ret) {
	case LZMA_MEMLIMIT_ERROR:
		return "it needs more than 256 MiB of decoder memory";
	case LZMA_FORMAT_ERROR:
		return "bad header";
	case LZMA_OPTIONS_ERROR:
		return "unsupported options";
	case LZMA_DATA_ERROR:
		return "corrupt data";
	case LZMA_MEM_ERROR:
		return "out of memory";
	default:
		return "liblzma error";
	}
}

/* .xz (xz_wrap.sh, cmd_xzkern) or .lzma (cmd_lzma): the same library. */
static int unxz(const uint8_t *in, size_t len, struct outbuf *o, int alone)
{
	lzma_stream s = LZMA_STREAM_INIT;
	lzma_ret ret;

	/* No LZMA_CONCATENATED: the size the kernel appends is not a second stream. */
	ret = alone ? lzma_alone_decoder(&s, LZMA_MEMLIMIT) : lzma_stream_decoder(&s, LZMA_MEMLIMIT, 0);
	if (ret != LZMA_OK)
		return fail(o, "liblzma: cannot initialise (%d)", (int)ret);
	s.next_in = in;
	s.avail_in = len;
	for (;;) {
		if (o->len > o->max) {
			lzma_end(&s);
			return bomb(o);
		}
		if (o->len == o->cap && out_grow(o, 1)) {
			lzma_end(&s);
			return -1;
		}
		s.next_out = o->p + o->len;
		s.avail_out = o->cap - o->len;
		/* All the input is there: LZMA_FINISH from the start. */
		ret = lzma_code(&s, LZMA_FINISH);
		o->len = s.next_out - o->p;
		if (ret == LZMA_STREAM_END)
			break;
		if (ret == LZMA_OK)
			continue;
		lzma_end(&s);
		if (ret == LZMA_BUF_ERROR)
			return truncated(o);
		return fail(o, "the %s payload is corrupt: %s", o->codec, lzma_problem(ret));
	}
	lzma_end(&s);
	return o->len > o->max ? bomb(o) : 0;
}
#endif

#ifdef PVPROBE_HAVE_ZSTD
static int unzstd(const uint8_t *in, size_t len, struct outbuf *o)
{
	ZSTD_DCtx *d = ZSTD_createDCtx();
	ZSTD_inBuffer ib = { in, len, 0 };
	ZSTD_outBuffer ob;
	size_t r;

	if (!d)
		return fail(o, "libzstd: cannot initialise");
	/* One frame; the 4 bytes after it are the size (cmd_zstd22_with_size). */
	for (;;) {
		if (o->len > o->max) {
			ZSTD_freeDCtx(d);
			return bomb(o);
		}
		if (o->len == o->cap && out_grow(o, 1)) {
			ZSTD_freeDCtx(d);
			return -1;
		}
		ob.dst = o->p + o->len;
		ob.size = o->cap - o->len;
		ob.pos = 0;
		r = ZSTD_decompressStream(d, &ob, &ib);
		o->len += ob.pos;
		if (ZSTD_isError(r)) {
			ZSTD_freeDCtx(d);
			return fail(o, "the zstd payload is corrupt: %s", ZSTD_getErrorName(r));
		}
		if (!r)
			break;
		/* Input used up with room left in the output: nothing more can come. */
		if (ib.pos == ib.size && ob.pos < ob.size) {
			ZSTD_freeDCtx(d);
			return truncated(o);
		}
	}
	ZSTD_freeDCtx(d);
	return o->len > o->max ? bomb(o) : 0;
}
#endif

#ifdef PVPROBE_HAVE_LZ4
static uint32_t le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/*
 * The legacy frame lib/decompress_unlz4.c reads: the magic, then blocks of
 * a 4-byte compressed size and data, each at most 8 MiB decompressed; a
 * magic may repeat, a zero size ends it.  liblz4's frame API does not read
 * this format, so the blocks are walked here and decoded with
 * LZ4_decompress_safe().
 */
static int unlz4(const uint8_t *in, size_t len, struct outbuf *o)
{
	size_t pos = 4;
	uint32_t c;
	int r;

	if (len < 4 || le32(in) != LZ4_LEGACY_MAGIC)
		return fail(o, "the lz4 payload is not a legacy frame (lz4 -l)");
	while (len - pos >= 4) {
		/* The last 4 bytes: the size cmd_lz4_with_size appends. */
		if (len - pos == 4)
			return 0;
		c = le32(in + pos);
		if (c == LZ4_LEGACY_MAGIC) {
			pos += 4;
			continue;
		}
		if (!c)
			return 0;
		pos += 4;
		if (c > (uint32_t)LZ4_compressBound(LZ4_LEGACY_BLOCK))
			return fail(o, "the lz4 payload is corrupt: a %u-byte block at offset %zu, larger than any 8 MiB block compresses to",
				    c, pos - 4);
		if (c > len - pos)
			return truncated(o);
		if (out_grow(o, LZ4_LEGACY_BLOCK))
			return -1;
		r = LZ4_decompress_safe((const char *)in + pos, (char *)o->p + o->len, (int)c,
					LZ4_LEGACY_BLOCK);
		if (r < 0)
			return fail(o, "the lz4 payload is corrupt: block at offset %zu", pos - 4);
		o->len += r;
		pos += c;
		if (o->len > o->max)
			return bomb(o);
	}
	if (len != pos)
		return truncated(o);
	return 0;
}
#endif

int boot_decompress(enum boot_codec c, const uint8_t *in, size_t len, size_t max,
		    uint8_t **out, size_t *out_len, char *err, size_t errlen)
{
	struct outbuf o = {
		.max = max, .limit = max + 1, .codec = boot_codec_name(c),
		.err = err, .errlen = errlen,
	};
	size_t slack = c == BOOT_CODEC_LZ4 ? LZ4_LEGACY_BLOCK : 1;
	size_t hint = 0;
	int ret;

	*out = NULL;
	*out_len = 0;
	if (!boot_codec_supported(c)) {
		if (boot_codec_package(c))
			snprintf(err, errlen, "this pvprobe was built without %s: install %s and rebuild",
				 o.codec, boot_codec_package(c));
		else
			snprintf(err, errlen, "pvprobe cannot decompress %s", o.codec);
		return -1;
	}
	/*
	 * Start with the size the kernel appends (gzip's ISIZE is there too)
	 * when it is plausible, so a real kernel needs no realloc: a hint only.
	 */
	if (len >= 4)
		hint = in[len - 4] | in[len - 3] << 8 | in[len - 2] << 16 | (uint32_t)in[len - 1] << 24;
	o.limit = max + slack;
	o.cap = hint >= len && hint <= max ? hint + slack : (len < max / 4 ? len * 4 : max) + slack;
	if (o.cap < (1u << 16) && o.limit >= (1u << 16))
		o.cap = 1u << 16;
	o.p = malloc(o.cap);
	if (!o.p) {
		snprintf(err, errlen, "out of memory for %zu bytes of decompressed %s", o.cap, o.codec);
		return -1;
	}

	switch (c) {
#ifdef PVPROBE_HAVE_ZLIB
	case BOOT_CODEC_GZIP:
		ret = gunzip(in, len, &o);
		break;
#endif
#ifdef PVPROBE_HAVE_LZMA
	case BOOT_CODEC_XZ:
	case BOOT_CODEC_LZMA:
		ret = unxz(in, len, &o, c == BOOT_CODEC_LZMA);
		break;
#endif
#ifdef PVPROBE_HAVE_ZSTD
	case BOOT_CODEC_ZSTD:
		ret = unzstd(in, len, &o);
		break;
#endif
#ifdef PVPROBE_HAVE_LZ4
	case BOOT_CODEC_LZ4:
		ret = unlz4(in, len, &o);
		break;
#endif
	default:
		ret = fail(&o, "pvprobe cannot decompress %s", o.codec);
		break;
	}
	if (ret)
		return -1;
	*out = o.p;
	*out_len = o.len;
	return 0;
}
