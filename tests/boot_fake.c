// SPDX-License-Identifier: GPL-2.0-only
/*
 * The tiny kernels of boot_fake.h.  The bzImage's header fields are at the
 * offsets of Documentation/arch/x86/boot.rst, with the values a Debian
 * x86-64 kernel has where they matter.
 */
#include <stdlib.h>
#include <string.h>

#ifdef PVPROBE_HAVE_ZLIB
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

#include "boot_fake.h"

#define MIB		(1u << 20)

size_t fake_elf(uint8_t *buf)
{
	Elf64_Ehdr eh = {
		.e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64, ELFDATA2LSB, EV_CURRENT },
		.e_type = ET_EXEC, .e_machine = EM_X86_64, .e_version = EV_CURRENT,
		.e_entry = ENTRY, .e_phoff = sizeof(Elf64_Ehdr), .e_ehsize = sizeof(Elf64_Ehdr),
		.e_phentsize = sizeof(Elf64_Phdr), .e_phnum = ELF_PHNUM,
	};
	Elf64_Phdr ph[ELF_PHNUM] = {
		{ .p_type = PT_LOAD, .p_flags = PF_R | PF_X, .p_offset = ELF_DATA,
		  .p_vaddr = SEG0_VADDR, .p_paddr = SEG0_PADDR,
		  .p_filesz = SEG0_FILESZ, .p_memsz = SEG0_MEMSZ, .p_align = 0x200000 },
		{ .p_type = PT_LOAD, .p_flags = PF_R | PF_W, .p_offset = ELF_DATA + SEG0_FILESZ,
		  .p_vaddr = SEG0_VADDR + 0x100000, .p_paddr = SEG1_PADDR,
		  .p_filesz = SEG1_FILESZ, .p_memsz = SEG1_MEMSZ, .p_align = 0x200000 },
		{ .p_type = PT_NOTE, .p_offset = ELF_DATA, .p_filesz = 4, .p_memsz = 4 },
	};
	size_t i;

	memset(buf, 0, ELF_LEN);
	memcpy(buf, &eh, sizeof(eh));
	memcpy(buf + eh.e_phoff, ph, sizeof(ph));
	for (i = ELF_DATA; i < ELF_LEN; i++)
		buf[i] = 0x40 + i % 61;
	/* linux_banner's shape, for a bare vmlinux's release. */
	memcpy(buf + ELF_DATA + 0x20, "Linux version " ELF_RELEASE " (t@t) #1", 31);
	return ELF_LEN;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v;
	p[1] = v >> 8;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v);
	put16(p + 2, v >> 16);
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, v);
	put32(p + 4, v >> 32);
}

size_t fake_bzimage(uint8_t *img, size_t cap, const uint8_t *payload, size_t plen,
		    uint32_t size_append)
{
	size_t len = BZ_PM + BZ_PAYLOAD_OFF + plen + (size_append ? 4 : 0);

	if (len > cap)
		abort();
	memset(img, 0, BZ_PM + BZ_PAYLOAD_OFF);
	img[0x1f1] = 1;				/* setup_sects */
	put16(img + 0x1fe, 0xaa55);		/* boot_flag */
	img[0x200] = 0xeb;			/* jump: the header ends at 0x202 + 0x6a */
	img[0x201] = 0x6a;
	memcpy(img + 0x202, "HdrS", 4);
	put16(img + 0x206, 0x020f);		/* version 2.15 */
	put16(img + 0x20e, 0x100);		/* kernel_version: the string at 0x300 */
	put16(img + 0x236, 0x7f);		/* xloadflags, as Debian's */
	put32(img + 0x238, 2047);		/* cmdline_size */
	put32(img + 0x248, BZ_PAYLOAD_OFF);	/* payload_offset */
	put32(img + 0x24c, plen + (size_append ? 4 : 0));
	put64(img + 0x258, SEG0_PADDR);		/* pref_address */
	put32(img + 0x260, 0x400000);		/* init_size */
	memcpy(img + 0x300, BZ_RELEASE " (t@t) #1 SMP", 24);
	memcpy(img + BZ_PM + BZ_PAYLOAD_OFF, payload, plen);
	if (size_append)
		put32(img + BZ_PM + BZ_PAYLOAD_OFF + plen, size_append);
	return len;
}

size_t fake_pack(enum boot_codec c, const uint8_t *in, size_t n, uint8_t *out, size_t cap)
{
	switch (c) {
#ifdef PVPROBE_HAVE_ZLIB
	case BOOT_CODEC_GZIP: {
		z_stream z;

		memset(&z, 0, sizeof(z));
		if (deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
			abort();
		z.next_in = (Bytef *)in;
		z.avail_in = n;
		z.next_out = out;
		z.avail_out = cap;
		if (deflate(&z, Z_FINISH) != Z_STREAM_END)
			abort();
		deflateEnd(&z);
		return z.total_out;
	}
#endif
#ifdef PVPROBE_HAVE_LZMA
	case BOOT_CODEC_XZ: {
		size_t pos = 0;

		if (lzma_easy_buffer_encode(6, LZMA_CHECK_CRC32, NULL, in, n, out, &pos, cap) != LZMA_OK)
			abort();
		return pos;
	}
	case BOOT_CODEC_LZMA: {
		lzma_stream s = LZMA_STREAM_INIT;
		lzma_options_lzma opt;

		/* .lzma of unknown size with an end marker, as `lzma -9` from a pipe. */
		if (lzma_lzma_preset(&opt, 6) || lzma_alone_encoder(&s, &opt) != LZMA_OK)
			abort();
		s.next_in = in;
		s.avail_in = n;
		s.next_out = out;
		s.avail_out = cap;
		if (lzma_code(&s, LZMA_FINISH) != LZMA_STREAM_END)
			abort();
		lzma_end(&s);
		return s.total_out;
	}
#endif
#ifdef PVPROBE_HAVE_ZSTD
	case BOOT_CODEC_ZSTD: {
		ZSTD_CCtx *cc = ZSTD_createCCtx();
		size_t r;

		/* A pipe's frame: no content size, as cmd_zstd22 makes. */
		ZSTD_CCtx_setParameter(cc, ZSTD_c_compressionLevel, 19);
		ZSTD_CCtx_setParameter(cc, ZSTD_c_contentSizeFlag, 0);
		r = ZSTD_compress2(cc, out, cap, in, n);
		ZSTD_freeCCtx(cc);
		if (ZSTD_isError(r))
			abort();
		return r;
	}
#endif
#ifdef PVPROBE_HAVE_LZ4
	case BOOT_CODEC_LZ4: {
		/* The legacy frame: magic, then (size, block) per 8 MiB. */
		size_t pos = 4, done = 0, chunk;
		int r;

		put32(out, 0x184c2102);
		while (done < n) {
			chunk = n - done < 8 * MIB ? n - done : 8 * MIB;
			r = LZ4_compress_default((const char *)in + done, (char *)out + pos + 4,
						 chunk, cap - pos - 4);
			if (r <= 0)
				abort();
			put32(out + pos, r);
			pos += 4 + r;
			done += chunk;
		}
		return pos;
	}
#endif
	default:
		return 0;
	}
}
