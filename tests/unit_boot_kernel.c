// SPDX-License-Identifier: GPL-2.0-only
/*
 * The guest kernel reader (vmm/boot/boot_kernel*.c, vmm/boot/boot_decompress.c), no
 * KVM: tiny bzImages made here -- a setup header laid out as
 * Documentation/arch/x86/boot.rst says and a payload compressed at test
 * time by the same libraries, with the size appended as the kernel's
 * size_append does -- around a tiny vmlinux-like ELF.  Each codec must give
 * the ELF back; each damaged header, payload or ELF must be refused with a
 * message naming the problem; loading must be all or nothing.
 *
 * PVPROBE_GUEST_KERNEL=/path/to/vmlinuz also reads a real kernel.
 */
#include "kselftest_harness.h"

#include <elf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>


#include "boot_decompress.h"
#include "boot_fake.h"
#include "boot_kernel.h"

#define MIB		(1u << 20)
#define RAM_SIZE	(4u * MIB)

#define BZ_MAX		(8u * MIB)

static Elf64_Ehdr *ehdr(uint8_t *elf)
{
	return (Elf64_Ehdr *)elf;
}

static Elf64_Phdr *phdr(uint8_t *elf, int i)
{
	return (Elf64_Phdr *)(elf + sizeof(Elf64_Ehdr)) + i;
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

static const enum boot_codec host_codecs[] = {
	BOOT_CODEC_GZIP, BOOT_CODEC_XZ, BOOT_CODEC_LZMA, BOOT_CODEC_ZSTD, BOOT_CODEC_LZ4,
};
#define NR_HOST_CODECS	(sizeof(host_codecs) / sizeof(host_codecs[0]))

static uint8_t elf[ELF_LEN];
static uint8_t img[BZ_MAX];
static uint8_t packed[BZ_MAX];
static char err[BOOT_KERNEL_ERR_MAX];

/* Parse @len bytes of @buf expecting failure with @what in the message. */
#define EXPECT_REFUSED(buf, len, max, what) do {					\
	struct boot_kernel _k;								\
	memset(err, 0, sizeof(err));							\
	EXPECT_EQ(-1, boot_kernel_parse(buf, len, max, "img", &_k, err, sizeof(err)));	\
	EXPECT_NE(NULL, strstr(err, what)) TH_LOG("want \"%s\" in: %s", what, err);	\
	EXPECT_EQ(0, strncmp(err, "img: ", 5)) TH_LOG("%s", err);			\
	EXPECT_EQ(NULL, _k.elf);							\
} while (0)

/* A bzImage whose payload is the fake ELF compressed with @c: its length. */
static size_t bz_with(enum boot_codec c)
{
	size_t n = fake_pack(c, elf, fake_elf(elf), packed, sizeof(packed));

	return n ? fake_bzimage(img, BZ_MAX, packed, n, ELF_LEN) : 0;
}

TEST(each_codec_gives_the_elf_back)
{
	size_t i, len;

	for (i = 0; i < NR_HOST_CODECS; i++) {
		enum boot_codec c = host_codecs[i];
		struct boot_kernel k;
		char format[32];

		len = bz_with(c);
		if (!len) {
			/* Built without the library: see missing_library_names_the_package. */
			EXPECT_FALSE(boot_codec_supported(c));
			continue;
		}
		ASSERT_TRUE(boot_codec_supported(c));
		ASSERT_EQ(0, boot_kernel_parse(img, len, BOOT_KERNEL_ELF_MAX, "img", &k, err, sizeof(err)))
			TH_LOG("%s: %s", boot_codec_name(c), err);
		snprintf(format, sizeof(format), "bzImage+%s", boot_codec_name(c));
		EXPECT_STREQ(format, k.format);
		ASSERT_EQ(ELF_LEN, k.elf_len);
		EXPECT_EQ(0, memcmp(elf, k.elf, ELF_LEN));
		EXPECT_TRUE(k.have_setup_header);
		EXPECT_EQ(0, memcmp(img + 0x1f1, k.setup_header, 0x270 - 0x1f1));
		EXPECT_EQ(0, k.setup_header[0x7f]);
		EXPECT_EQ(0x020f, k.boot_version);
		EXPECT_EQ(SEG0_PADDR, k.pref_address);
		EXPECT_EQ(0x400000, k.init_size);
		EXPECT_STREQ(BZ_RELEASE, k.release);
		EXPECT_EQ(ENTRY, k.entry);
		EXPECT_EQ(SEG0_PADDR, k.load_start);
		EXPECT_EQ(SEG1_PADDR + SEG1_MEMSZ, k.load_end);
		EXPECT_EQ(2, k.nr_load);
		boot_kernel_free(&k);
		EXPECT_EQ(NULL, k.elf);
	}
}

TEST(missing_library_names_the_package)
{
	size_t i;

	for (i = 0; i < NR_HOST_CODECS; i++) {
		enum boot_codec c = host_codecs[i];
		static const uint8_t magic[][6] = {
			[BOOT_CODEC_GZIP] = { 0x1f, 0x8b },
			[BOOT_CODEC_XZ] = { 0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00 },
			[BOOT_CODEC_LZMA] = { 0x5d, 0x00, 0x00 },
			[BOOT_CODEC_ZSTD] = { 0x28, 0xb5, 0x2f, 0xfd },
			[BOOT_CODEC_LZ4] = { 0x02, 0x21, 0x4c, 0x18 },
		};
		size_t len = fake_bzimage(img, BZ_MAX, magic[c], sizeof(magic[c]), 0);

		EXPECT_EQ(c, boot_codec_detect(magic[c], sizeof(magic[c])));
		EXPECT_NE(NULL, boot_codec_package(c));
		if (boot_codec_supported(c))
			continue;
		EXPECT_REFUSED(img, len, BOOT_KERNEL_ELF_MAX, "this pvprobe was built without");
		EXPECT_REFUSED(img, len, BOOT_KERNEL_ELF_MAX, boot_codec_package(c));
	}
}

TEST(bzimage_from_a_file)
{
	char path[] = "/tmp/pvprobe-unit-bzimage.XXXXXX";
	struct boot_kernel k;
	size_t len = 0;
	int fd, i;

	for (i = 0; !len && i < (int)NR_HOST_CODECS; i++)
		len = bz_with(host_codecs[i]);
	if (!len)
		SKIP(return, "built without any decompressor");
	fd = mkstemp(path);
	ASSERT_LE(0, fd);
	ASSERT_EQ((ssize_t)len, write(fd, img, len));
	close(fd);
	EXPECT_EQ(0, boot_kernel_open(path, &k, err, sizeof(err))) TH_LOG("%s", err);
	EXPECT_EQ(ELF_LEN, k.elf_len);
	EXPECT_STREQ(BZ_RELEASE, k.release);
	boot_kernel_free(&k);
	unlink(path);

	EXPECT_EQ(-1, boot_kernel_open(path, &k, err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, path)) TH_LOG("%s", err);
	EXPECT_NE(NULL, strstr(err, "No such file")) TH_LOG("%s", err);
	EXPECT_EQ(-1, boot_kernel_open("/tmp", &k, err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "not a regular file")) TH_LOG("%s", err);
}

TEST(bare_vmlinux)
{
	struct boot_kernel k;

	fake_elf(elf);
	ASSERT_EQ(0, boot_kernel_parse(elf, ELF_LEN, BOOT_KERNEL_ELF_MAX, "vmlinux", &k, err, sizeof(err)))
		TH_LOG("%s", err);
	EXPECT_STREQ("vmlinux", k.format);
	EXPECT_FALSE(k.have_setup_header);
	EXPECT_EQ(0, k.boot_version);
	EXPECT_EQ(SEG0_PADDR, k.pref_address);
	EXPECT_EQ(SEG1_PADDR + SEG1_MEMSZ - SEG0_PADDR, k.init_size);
	EXPECT_STREQ(ELF_RELEASE, k.release);
	EXPECT_EQ(ENTRY, k.entry);
	EXPECT_EQ(0, memcmp(elf, k.elf, ELF_LEN));
	boot_kernel_free(&k);
}

TEST(load_copies_and_zeroes)
{
	uint8_t *ram = malloc(RAM_SIZE);
	struct boot_kernel k;
	uint64_t entry = 0, end = 0;
	size_t i;

	ASSERT_NE(NULL, ram);
	fake_elf(elf);
	ASSERT_EQ(0, boot_kernel_parse(elf, ELF_LEN, BOOT_KERNEL_ELF_MAX, "vmlinux", &k, err, sizeof(err)));
	memset(ram, 0xaa, RAM_SIZE);
	ASSERT_EQ(0, boot_kernel_load(&k, ram, RAM_SIZE, &entry, &end, err, sizeof(err))) TH_LOG("%s", err);
	EXPECT_EQ(ENTRY, entry);
	EXPECT_EQ(SEG1_PADDR + SEG1_MEMSZ, end);
	EXPECT_EQ(0, memcmp(ram + SEG0_PADDR, elf + ELF_DATA, SEG0_FILESZ));
	EXPECT_EQ(0, memcmp(ram + SEG1_PADDR, elf + ELF_DATA + SEG0_FILESZ, SEG1_FILESZ));
	for (i = SEG0_FILESZ; i < SEG0_MEMSZ; i++)
		ASSERT_EQ(0, ram[SEG0_PADDR + i]) TH_LOG("seg0 + 0x%zx", i);
	for (i = SEG1_FILESZ; i < SEG1_MEMSZ; i++)
		ASSERT_EQ(0, ram[SEG1_PADDR + i]) TH_LOG("seg1 + 0x%zx", i);
	/* Nothing outside the segments, the PT_NOTE included. */
	EXPECT_EQ(0xaa, ram[SEG0_PADDR - 1]);
	EXPECT_EQ(0xaa, ram[SEG0_PADDR + SEG0_MEMSZ]);
	EXPECT_EQ(0xaa, ram[SEG1_PADDR + SEG1_MEMSZ]);
	EXPECT_EQ(0xaa, ram[0]);
	boot_kernel_free(&k);
	free(ram);
}

TEST(virtual_entry_is_translated)
{
	struct boot_kernel k;

	fake_elf(elf);
	ehdr(elf)->e_entry = SEG0_VADDR + 0x10;
	ASSERT_EQ(0, boot_kernel_parse(elf, ELF_LEN, BOOT_KERNEL_ELF_MAX, "vmlinux", &k, err, sizeof(err)))
		TH_LOG("%s", err);
	EXPECT_EQ(ENTRY, k.entry);
	boot_kernel_free(&k);
}

TEST(not_a_kernel)
{
	static const char text[] = "#!/bin/sh\necho this is not a kernel, but long enough to have offset 0x206 "
		"...............................................................................................\n"
		"...............................................................................................\n"
		"...............................................................................................\n"
		"...............................................................................................\n"
		"...............................................................................................\n";
	size_t n;

	EXPECT_REFUSED((const uint8_t *)text, sizeof(text), BOOT_KERNEL_ELF_MAX, "neither a bzImage");
	EXPECT_REFUSED((const uint8_t *)"", 0, BOOT_KERNEL_ELF_MAX, "neither a bzImage");
	n = fake_pack(BOOT_CODEC_GZIP, (const uint8_t *)text, sizeof(text), packed, sizeof(packed));
	if (n)
		EXPECT_REFUSED(packed, n, BOOT_KERNEL_ELF_MAX, "a bare gzip stream");
}

TEST(header_problems)
{
	uint8_t payload[16] = { 0x28, 0xb5, 0x2f, 0xfd };
	size_t len = fake_bzimage(img, BZ_MAX, payload, sizeof(payload), 0);

	put16(img + 0x206, 0x0207);
	EXPECT_REFUSED(img, len, BOOT_KERNEL_ELF_MAX, "boot protocol 2.07 is older than 2.08");
	put16(img + 0x206, 0x020f);

	put16(img + 0x236, 0x7e);
	EXPECT_REFUSED(img, len, BOOT_KERNEL_ELF_MAX, "lacks XLF_KERNEL_64");
	put16(img + 0x236, 0x7f);

	EXPECT_REFUSED(img, 0x240, BOOT_KERNEL_ELF_MAX, "too short for a bzImage");

	put32(img + 0x24c, sizeof(payload) + 1);
	EXPECT_REFUSED(img, len, BOOT_KERNEL_ELF_MAX, "the image is truncated");
	put32(img + 0x24c, sizeof(payload));
	EXPECT_REFUSED(img, len - 1, BOOT_KERNEL_ELF_MAX, "the image is truncated");

	put32(img + 0x248, sizeof(payload) + BZ_PAYLOAD_OFF);
	EXPECT_REFUSED(img, len, BOOT_KERNEL_ELF_MAX, "past the end of the file");
	put32(img + 0x248, 0xffffffffu);
	EXPECT_REFUSED(img, len, BOOT_KERNEL_ELF_MAX, "past the end of the file");
	put32(img + 0x248, BZ_PAYLOAD_OFF);

	put32(img + 0x24c, 0);
	EXPECT_REFUSED(img, len, BOOT_KERNEL_ELF_MAX, "payload_length is 0");
}

/* 2.08 and 2.09 have no pref_address/init_size, before 2.12 no xloadflags. */
TEST(older_protocols_use_the_elf)
{
	struct boot_kernel k;
	size_t len = bz_with(BOOT_CODEC_GZIP);

	if (!len)
		SKIP(return, "built without zlib");
	put16(img + 0x206, 0x0209);
	put16(img + 0x236, 0);
	ASSERT_EQ(0, boot_kernel_parse(img, len, BOOT_KERNEL_ELF_MAX, "img", &k, err, sizeof(err)))
		TH_LOG("%s", err);
	EXPECT_EQ(0x0209, k.boot_version);
	EXPECT_EQ(SEG0_PADDR, k.pref_address);
	EXPECT_EQ(SEG1_PADDR + SEG1_MEMSZ - SEG0_PADDR, k.init_size);
	boot_kernel_free(&k);
}

TEST(codecs_pvprobe_cannot_undo)
{
	static const struct {
		const char *payload;
		const char *what;
	} cases[] = {
		{ "BZh91AY&SY-not-really", "bzip2-compressed, which pvprobe cannot decompress" },
		{ "\x89LZO\0\r\n\x1a\n", "lzo-compressed, which pvprobe cannot decompress" },
		{ "\x01\x02\x03\x04 what", "compression is unknown (it starts 01 02 03 04)" },
	};
	size_t i, len;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		len = fake_bzimage(img, BZ_MAX, (const uint8_t *)cases[i].payload, strlen(cases[i].payload) + 1, 0);
		EXPECT_REFUSED(img, len, BOOT_KERNEL_ELF_MAX, cases[i].what);
		EXPECT_REFUSED(img, len, BOOT_KERNEL_ELF_MAX, "pass the uncompressed vmlinux");
	}
}

TEST(truncated_stream)
{
	size_t i, n, len;

	for (i = 0; i < NR_HOST_CODECS; i++) {
		enum boot_codec c = host_codecs[i];

		n = fake_pack(c, elf, fake_elf(elf), packed, sizeof(packed));
		if (!n)
			continue;
		/* The header says the short length: only the stream is cut. */
		len = fake_bzimage(img, BZ_MAX, packed, n / 2, 0);
		EXPECT_REFUSED(img, len, BOOT_KERNEL_ELF_MAX, boot_codec_name(c));
		EXPECT_REFUSED(img, len, BOOT_KERNEL_ELF_MAX, "ends early");
	}
}

TEST(decompression_bomb)
{
	uint8_t *zeros = calloc(3, MIB);
	size_t i, n, len;

	ASSERT_NE(NULL, zeros);
	EXPECT_EQ(512u * MIB, BOOT_KERNEL_ELF_MAX);
	for (i = 0; i < NR_HOST_CODECS; i++) {
		enum boot_codec c = host_codecs[i];

		n = fake_pack(c, zeros, 3 * MIB, packed, sizeof(packed));
		if (!n)
			continue;
		/* The appended size lies too: it is only a hint. */
		len = fake_bzimage(img, BZ_MAX, packed, n, 1000);
		EXPECT_REFUSED(img, len, MIB, "decompresses to more than 1 MiB");
		EXPECT_REFUSED(img, len, MIB, boot_codec_name(c));
		EXPECT_REFUSED(img, len, MIB + 1, "decompresses to more than 1048577 bytes");
	}
	free(zeros);
}

TEST(payload_not_elf)
{
	static const uint8_t junk[] = "this decompresses fine but is no ELF";
	size_t i, n, len;

	for (i = 0; i < NR_HOST_CODECS; i++) {
		n = fake_pack(host_codecs[i], junk, sizeof(junk), packed, sizeof(packed));
		if (!n)
			continue;
		len = fake_bzimage(img, BZ_MAX, packed, n, sizeof(junk));
		EXPECT_REFUSED(img, len, BOOT_KERNEL_ELF_MAX, "the decompressed payload: not an ELF file");
	}
}

/* The fake ELF with one change, refused at parse time with @what. */
#define EXPECT_ELF_REFUSED(change, what) do {		\
	fake_elf(elf);					\
	change;						\
	EXPECT_REFUSED(elf, ELF_LEN, BOOT_KERNEL_ELF_MAX, what);	\
} while (0)

TEST(elf_problems)
{
	EXPECT_ELF_REFUSED(elf[EI_CLASS] = ELFCLASS32, "a 32-bit ELF");
	EXPECT_ELF_REFUSED(ehdr(elf)->e_machine = EM_386, "not x86-64");
	EXPECT_ELF_REFUSED(elf[EI_DATA] = ELFDATA2MSB, "a big-endian ELF");
	EXPECT_ELF_REFUSED(ehdr(elf)->e_type = ET_DYN, "not ET_EXEC");
	EXPECT_ELF_REFUSED(ehdr(elf)->e_phentsize = 32, "program headers of 32 bytes");
	EXPECT_ELF_REFUSED(ehdr(elf)->e_phnum = 0, "0 program headers");
	EXPECT_ELF_REFUSED(ehdr(elf)->e_phoff = ELF_LEN - 8, "program headers at");
	EXPECT_ELF_REFUSED(ehdr(elf)->e_phoff = UINT64_MAX - 8, "program headers at");
	EXPECT_ELF_REFUSED(phdr(elf, 0)->p_offset = ELF_LEN - 8, "run past the end");
	EXPECT_ELF_REFUSED(phdr(elf, 0)->p_offset = UINT64_MAX - 0x10, "run past the end");
	EXPECT_ELF_REFUSED(phdr(elf, 1)->p_filesz = phdr(elf, 1)->p_memsz = UINT64_MAX - 0x10,
			   "run past the end");
	EXPECT_ELF_REFUSED(phdr(elf, 1)->p_filesz = SEG1_MEMSZ + 1, "p_filesz 0x3001 > p_memsz");
	EXPECT_ELF_REFUSED(phdr(elf, 1)->p_paddr = UINT64_MAX - 0x100, "overflows");
	EXPECT_ELF_REFUSED(phdr(elf, 1)->p_paddr = SEG0_PADDR + 0x800, "PT_LOAD 0 and 1 overlap");
	EXPECT_ELF_REFUSED(ehdr(elf)->e_entry = SEG0_PADDR + SEG0_FILESZ, "entry point 0x100080");
	EXPECT_ELF_REFUSED(ehdr(elf)->e_entry = 0, "entry point 0x0");
	EXPECT_ELF_REFUSED(phdr(elf, 0)->p_type = phdr(elf, 1)->p_type = PT_NULL, "no PT_LOAD");
	fake_elf(elf);
	EXPECT_REFUSED(elf, sizeof(Elf64_Ehdr) - 1, BOOT_KERNEL_ELF_MAX, "too short for its header");
}

TEST(load_refuses_what_does_not_fit)
{
	uint8_t *ram = malloc(RAM_SIZE);
	struct boot_kernel k;
	uint64_t entry, end;
	size_t i;

	ASSERT_NE(NULL, ram);
	memset(ram, 0xaa, RAM_SIZE);
	fake_elf(elf);
	phdr(elf, 1)->p_paddr = RAM_SIZE;
	ASSERT_EQ(0, boot_kernel_parse(elf, ELF_LEN, BOOT_KERNEL_ELF_MAX, "vmlinux", &k, err, sizeof(err)));
	EXPECT_EQ(-1, boot_kernel_load(&k, ram, RAM_SIZE, &entry, &end, err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "PT_LOAD 1 at paddr 0x400000 is outside guest RAM (4 MiB)")) TH_LOG("%s", err);
	boot_kernel_free(&k);

	fake_elf(elf);
	phdr(elf, 1)->p_paddr = RAM_SIZE - 0x1000;	/* memsz 0x3000: two pages too far */
	ASSERT_EQ(0, boot_kernel_parse(elf, ELF_LEN, BOOT_KERNEL_ELF_MAX, "vmlinux", &k, err, sizeof(err)));
	EXPECT_EQ(-1, boot_kernel_load(&k, ram, RAM_SIZE, &entry, &end, err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "runs past the end of guest RAM")) TH_LOG("%s", err);
	/* All or nothing: segment 0 fitted, but was not written. */
	for (i = 0; i < RAM_SIZE; i++)
		ASSERT_EQ(0xaa, ram[i]) TH_LOG("RAM written at 0x%zx", i);
	EXPECT_EQ(-1, boot_kernel_load(&k, ram, SEG0_PADDR, &entry, &end, err, sizeof(err)));
	boot_kernel_free(&k);

	/* A struct not from boot_kernel_open() is checked again. */
	memset(&k, 0, sizeof(k));
	EXPECT_EQ(-1, boot_kernel_load(&k, ram, RAM_SIZE, &entry, &end, err, sizeof(err)));
	fake_elf(elf);
	k.elf = elf;
	k.elf_len = ELF_LEN;
	phdr(elf, 0)->p_offset = UINT64_MAX;
	EXPECT_EQ(-1, boot_kernel_load(&k, ram, RAM_SIZE, &entry, &end, err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "run past the end")) TH_LOG("%s", err);
	free(ram);
}

TEST(errors_fit_short_buffers)
{
	struct boot_kernel k;
	char small[8];

	EXPECT_EQ(-1, boot_kernel_parse((const uint8_t *)"nope", 4, BOOT_KERNEL_ELF_MAX, "img",
					&k, small, sizeof(small)));
	EXPECT_STREQ("img: ne", small);
}

/*
 * A real kernel: Debian's are at LOAD_PHYSICAL_ADDR 0x1000000 with
 * e_entry = phys_startup_64 (0x1000000 in 6.1; 0x1000b53 in 6.12, where
 * .head.text has C code before startup_64).
 */
TEST(real_kernel)
{
	const char *path = getenv("PVPROBE_GUEST_KERNEL");
	size_t ram_size = 512u * MIB;
	struct boot_kernel k;
	char banner[96];
	uint64_t entry, end;
	uint8_t *ram;

	if (!path || !*path)
		SKIP(return, "PVPROBE_GUEST_KERNEL is not set (a bzImage or vmlinux to read)");
	ASSERT_EQ(0, boot_kernel_open(path, &k, err, sizeof(err))) TH_LOG("%s", err);
	TH_LOG("%s: %s, release %s, entry 0x%llx, PT_LOADs 0x%llx-0x%llx", path, k.format, k.release,
	       (unsigned long long)k.entry, (unsigned long long)k.load_start,
	       (unsigned long long)k.load_end);
	EXPECT_TRUE(!strncmp(k.format, "bzImage+", 8) || !strcmp(k.format, "vmlinux"));
	EXPECT_EQ(!strcmp(k.format, "vmlinux"), !k.have_setup_header);
	EXPECT_TRUE(k.release[0] >= '0' && k.release[0] <= '9') TH_LOG("release \"%s\"", k.release);
	/* The setup header's version string and the vmlinux's banner agree. */
	snprintf(banner, sizeof(banner), "Linux version %s ", k.release);
	EXPECT_NE(NULL, memmem(k.elf, k.elf_len, banner, strlen(banner)));
	EXPECT_EQ(k.pref_address, k.load_start);
	EXPECT_EQ(0x1000000, k.load_start);
	EXPECT_LE(0x1000000, k.entry);
	EXPECT_GT(0x1001000, k.entry);
	if (k.have_setup_header)
		EXPECT_GE(k.pref_address + k.init_size, k.load_end);

	ram = mmap(NULL, ram_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ram);
	ASSERT_EQ(0, boot_kernel_load(&k, ram, ram_size, &entry, &end, err, sizeof(err))) TH_LOG("%s", err);
	EXPECT_EQ(k.entry, entry);
	EXPECT_EQ(k.load_end, end);
	/*
	 * startup_64 (arch/x86/kernel/head_64.S) begins "mov %rsi, %r15" in
	 * 6.12, "leaq _text(%rip), %rdi" in 6.1: either way a REX.W prefix.
	 */
	EXPECT_EQ(0x48, ram[entry] & 0xf8) TH_LOG("0x%02x at the entry", ram[entry]);
	munmap(ram, ram_size);
	boot_kernel_free(&k);
}

TEST_HARNESS_MAIN
