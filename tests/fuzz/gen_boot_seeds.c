// SPDX-License-Identifier: GPL-2.0-only
/*
 * Writes the seed corpus of fuzz_boot_kernel: the tests' tiny vmlinux
 * (tests/boot_fake.c) bare and in a bzImage with each codec this build
 * can compress, and a few bzImages the reader refuses: about 1 KiB each.
 * Run after changing the fakes:
 *   gen_boot_seeds tests/fuzz/corpus/fuzz_boot_kernel
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot_fake.h"

#define SEED_MAX	4096

static const char *dir;

static void put(const char *name, const uint8_t *p, size_t n)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(p, 1, n, f) != n || fclose(f)) {
		perror(path);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	static const enum boot_codec codecs[] = {
		BOOT_CODEC_GZIP, BOOT_CODEC_XZ, BOOT_CODEC_LZMA, BOOT_CODEC_ZSTD, BOOT_CODEC_LZ4,
	};
	uint8_t elf[ELF_LEN], packed[SEED_MAX], img[SEED_MAX];
	char name[64];
	size_t i, n;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	dir = argv[1];
	fake_elf(elf);
	put("vmlinux", elf, ELF_LEN);
	for (i = 0; i < sizeof(codecs) / sizeof(codecs[0]); i++) {
		n = fake_pack(codecs[i], elf, ELF_LEN, packed, sizeof(packed));
		if (!n) {
			fprintf(stderr, "%s: built without %s, no seed for it\n", argv[0],
				boot_codec_name(codecs[i]));
			continue;
		}
		snprintf(name, sizeof(name), "bzimage-%s", boot_codec_name(codecs[i]));
		put(name, img, fake_bzimage(img, sizeof(img), packed, n, ELF_LEN));
	}
	/* Refused: a codec pvprobe has no decoder for, an old protocol. */
	put("bzimage-bzip2", img, fake_bzimage(img, sizeof(img), (const uint8_t *)"BZh91AY&SY", 10, 0));
	n = fake_bzimage(img, sizeof(img), elf, ELF_LEN, 0);
	img[0x206] = 0x07;
	put("bzimage-2.07", img, n);
	return 0;
}
