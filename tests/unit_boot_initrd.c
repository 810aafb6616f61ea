// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvprobe boot --self-module without KVM: the module check and reader
 * (vmm/boot/boot_initrd.c: plain and xz-compressed, and each kind of file
 * that is no module), the initramfs it builds (the embedded archive with a
 * second newc archive of /modules appended, parsed here the way Linux's
 * init/initramfs.c unpack_to_rootfs() walks it), the guest's MSRs in its
 * self-report (vmm/linux/linux_selfreport.c), and their comparison with
 * KVM's (vmm/boot/boot_msrs.c boot_msrs_compare()): agree, disagree,
 * unknown.  The expected layout is the newc format of
 * Documentation/driver-api/early-userspace/buffer-format.rst.
 */
#include "kselftest_harness.h"

#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "boot_initrd.h"
#include "boot_msrs.h"
#include "cli_initramfs.h"
#include "linux_selfreport.h"

/*
 * A minimal module: ET_REL x86-64 with .modinfo ("vermagic=@vermagic"),
 * .gnu.linkonce.this_module and .shstrtab.  @drop names a section to
 * leave out.  Returns its size in @buf.
 */
static size_t fake_module(uint8_t *buf, size_t max, const char *vermagic, const char *drop)
{
	static const char shstr[] = "\0.modinfo\0.gnu.linkonce.this_module\0.shstrtab";
	const size_t n_modinfo = 1, n_this = 10, n_shstr = 36;
	char modinfo[128];
	Elf64_Ehdr *eh = (Elf64_Ehdr *)buf;
	Elf64_Shdr sh[4];
	size_t at = sizeof(*eh), mi_len, this_off, shstr_off;
	int ns = 1;

	memset(buf, 0, max);
	mi_len = snprintf(modinfo, sizeof(modinfo), "license=GPL%cvermagic=%s", 0, vermagic) + 1;
	memcpy(buf + at, modinfo, mi_len);
	memset(sh, 0, sizeof(sh));
	if (!drop || strcmp(drop, ".modinfo")) {
		sh[ns].sh_name = n_modinfo;
		sh[ns].sh_type = SHT_PROGBITS;
		sh[ns].sh_offset = at;
		sh[ns++].sh_size = mi_len;
	}
	at += mi_len;
	this_off = at;
	at += 64;
	if (!drop || strcmp(drop, ".gnu.linkonce.this_module")) {
		sh[ns].sh_name = n_this;
		sh[ns].sh_type = SHT_PROGBITS;
		sh[ns].sh_offset = this_off;
		sh[ns++].sh_size = 64;
	}
	shstr_off = at;
	memcpy(buf + at, shstr, sizeof(shstr));
	at += sizeof(shstr);
	sh[ns].sh_name = n_shstr;
	sh[ns].sh_type = SHT_STRTAB;
	sh[ns].sh_offset = shstr_off;
	sh[ns].sh_size = sizeof(shstr);
	at = (at + 7) & ~7ul;
	memcpy(buf + at, sh, (ns + 1) * sizeof(sh[0]));
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_REL;
	eh->e_machine = EM_X86_64;
	eh->e_version = EV_CURRENT;
	eh->e_ehsize = sizeof(*eh);
	eh->e_shoff = at;
	eh->e_shentsize = sizeof(Elf64_Shdr);
	eh->e_shnum = ns + 1;
	eh->e_shstrndx = ns;
	return at + (ns + 1) * sizeof(sh[0]);
}

static int write_file(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (!f)
		return -1;
	if (fwrite(p, 1, n, f) != n) {
		fclose(f);
		return -1;
	}
	return fclose(f);
}

FIXTURE(mod) {
	char dir[64];
	uint8_t elf[4096];
	size_t len;
	struct boot_module m;
	char err[BOOT_INITRD_ERR_MAX];
};

FIXTURE_SETUP(mod)
{
	snprintf(self->dir, sizeof(self->dir), "/tmp/pvprobe-initrd.XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
	self->len = fake_module(self->elf, sizeof(self->elf), "6.12.0-test SMP mod_unload", NULL);
	memset(&self->m, 0, sizeof(self->m));
}

FIXTURE_TEARDOWN(mod)
{
	char cmd[128];

	boot_module_free(&self->m);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", self->dir);
	if (system(cmd))
		TH_LOG("could not remove %s", self->dir);
}

TEST_F(mod, check_accepts_and_reads_vermagic)
{
	ASSERT_EQ(0, boot_module_check(self->elf, self->len, &self->m, self->err, sizeof(self->err)))
		TH_LOG("%s", self->err);
	EXPECT_STREQ("6.12.0-test SMP mod_unload", self->m.vermagic);
}

TEST_F(mod, check_refuses_what_is_no_module)
{
	uint8_t bad[4096];
	size_t n;

	EXPECT_EQ(-1, boot_module_check((const uint8_t *)"hello\n", 6, &self->m, self->err,
					sizeof(self->err)));
	EXPECT_NE(NULL, strstr(self->err, "no ELF header"));
	memcpy(bad, self->elf, self->len);
	((Elf64_Ehdr *)bad)->e_type = ET_EXEC;
	EXPECT_EQ(-1, boot_module_check(bad, self->len, &self->m, self->err, sizeof(self->err)));
	EXPECT_NE(NULL, strstr(self->err, "ET_REL"));
	memcpy(bad, self->elf, self->len);
	((Elf64_Ehdr *)bad)->e_machine = EM_386;
	EXPECT_EQ(-1, boot_module_check(bad, self->len, &self->m, self->err, sizeof(self->err)));
	n = fake_module(bad, sizeof(bad), "x", ".modinfo");
	EXPECT_EQ(-1, boot_module_check(bad, n, &self->m, self->err, sizeof(self->err)));
	EXPECT_NE(NULL, strstr(self->err, "without .modinfo")) TH_LOG("%s", self->err);
	n = fake_module(bad, sizeof(bad), "x", ".gnu.linkonce.this_module");
	EXPECT_EQ(-1, boot_module_check(bad, n, &self->m, self->err, sizeof(self->err)));
	EXPECT_NE(NULL, strstr(self->err, "this_module")) TH_LOG("%s", self->err);
	/* cut inside the section headers, and a section past the end */
	EXPECT_EQ(-1, boot_module_check(self->elf, self->len - 8, &self->m, self->err,
					sizeof(self->err)));
	memcpy(bad, self->elf, self->len);
	((Elf64_Shdr *)(bad + ((Elf64_Ehdr *)bad)->e_shoff))[1].sh_size = 1u << 30;
	EXPECT_EQ(-1, boot_module_check(bad, self->len, &self->m, self->err, sizeof(self->err)));
	EXPECT_NE(NULL, strstr(self->err, "not inside the file")) TH_LOG("%s", self->err);
}

TEST_F(mod, read_names_the_bad_path)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/missing.ko", self->dir);
	EXPECT_EQ(-1, boot_module_read(path, &self->m, self->err, sizeof(self->err)));
	EXPECT_EQ(0, strncmp(self->err, path, strlen(path))) TH_LOG("%s", self->err);
	EXPECT_NE(NULL, strstr(self->err, "No such file"));
	snprintf(path, sizeof(path), "%s/text.ko", self->dir);
	ASSERT_EQ(0, write_file(path, "not a module\n", 13));
	EXPECT_EQ(-1, boot_module_read(path, &self->m, self->err, sizeof(self->err)));
	EXPECT_NE(NULL, strstr(self->err, "not a kernel module")) TH_LOG("%s", self->err);
	snprintf(path, sizeof(path), "%s/empty.ko", self->dir);
	ASSERT_EQ(0, write_file(path, "", 0));
	EXPECT_EQ(-1, boot_module_read(path, &self->m, self->err, sizeof(self->err)));
	EXPECT_NE(NULL, strstr(self->err, "0 bytes")) TH_LOG("%s", self->err);
	EXPECT_EQ(-1, boot_module_read(self->dir, &self->m, self->err, sizeof(self->err)));
	EXPECT_NE(NULL, strstr(self->err, "not a regular file"));
}

TEST_F(mod, read_plain_and_xz)
{
	char path[128], cmd[320];

	snprintf(path, sizeof(path), "%s/fake.ko", self->dir);
	ASSERT_EQ(0, write_file(path, self->elf, self->len));
	ASSERT_EQ(0, boot_module_read(path, &self->m, self->err, sizeof(self->err)))
		TH_LOG("%s", self->err);
	EXPECT_STREQ("fake.ko", self->m.name);
	EXPECT_STREQ("", self->m.codec);
	ASSERT_EQ(self->len, self->m.elf_len);
	EXPECT_EQ(0, memcmp(self->elf, self->m.elf, self->len));
	boot_module_free(&self->m);

	/* Debian ships its modules as .ko.xz (CONFIG_MODULE_COMPRESS_XZ) */
	snprintf(cmd, sizeof(cmd), "xz -c '%s' > '%s.xz'", path, path);
	if (system(cmd))
		SKIP(return, "no xz(1) (xz-utils)");
	snprintf(path + strlen(path), sizeof(path) - strlen(path), ".xz");
	ASSERT_EQ(0, boot_module_read(path, &self->m, self->err, sizeof(self->err)))
		TH_LOG("%s", self->err);
	EXPECT_STREQ("fake.ko", self->m.name);
	EXPECT_STREQ("xz", self->m.codec);
	ASSERT_EQ(self->len, self->m.elf_len);
	EXPECT_EQ(0, memcmp(self->elf, self->m.elf, self->len));
	EXPECT_STREQ("6.12.0-test SMP mod_unload", self->m.vermagic);
}

TEST_F(mod, find_msr_beside_the_kernel)
{
	char kernel[128], path[256], want[128];

	snprintf(kernel, sizeof(kernel), "%s/vmlinuz", self->dir);
	EXPECT_EQ(-1, boot_module_find_msr(kernel, "0.0-none", path, sizeof(path)));
	snprintf(want, sizeof(want), "%s/msr.ko.xz", self->dir);
	ASSERT_EQ(0, write_file(want, "x", 1));
	ASSERT_EQ(0, boot_module_find_msr(kernel, "0.0-none", path, sizeof(path)));
	EXPECT_STREQ(want, path);
	/* a release with a slash is never a path */
	EXPECT_EQ(-1, boot_module_find_msr("vmlinuz", "../../etc", path, sizeof(path)));
}

/* One newc header field (8 hex digits) at @p. */
static unsigned long field(const uint8_t *p, int i)
{
	char s[9];

	memcpy(s, p + 6 + 8 * i, 8);
	s[8] = 0;
	return strtoul(s, NULL, 16);
}

struct walk {
	char names[32][96];
	size_t size[32], data[32];
	int n, archives;
	size_t second;		/* offset of the second archive */
};

/*
 * Walk concatenated newc archives as unpack_to_rootfs() does: a header
 * at a 4-aligned '0', zero bytes skipped between archives.  0, or -1 on
 * a malformed stream.
 */
static int walk(const uint8_t *p, size_t len, struct walk *w)
{
	size_t at = 0;
	int in_archive = 0;

	memset(w, 0, sizeof(*w));
	while (at < len) {
		size_t nlen, fsize;

		if (!p[at]) {
			at++;
			continue;
		}
		if (at & 3 || len - at < 110 || memcmp(p + at, "070701", 6))
			return -1;
		if (!in_archive) {
			in_archive = 1;
			if (w->archives++ == 1)
				w->second = at;
		}
		fsize = field(p + at, 6);
		nlen = field(p + at, 11);
		if (len - at - 110 < nlen || w->n == 32)
			return -1;
		if (!strcmp((const char *)p + at + 110, "TRAILER!!!")) {
			in_archive = 0;
		} else {
			snprintf(w->names[w->n], sizeof(w->names[0]), "%s", p + at + 110);
			w->size[w->n] = fsize;
			w->data[w->n++] = (at + 110 + nlen + 3) & ~3ul;
		}
		at = (((at + 110 + nlen + 3) & ~3ul) + fsize + 3) & ~3ul;
	}
	return in_archive ? -1 : 0;
}

TEST_F(mod, initramfs_layout)
{
	struct boot_module mods[2];
	uint8_t second[4096], *out = NULL;
	size_t out_len = 0, n2;
	struct walk w;
	int i, init = -1;

	n2 = fake_module(second, sizeof(second), "other", NULL);
	memset(mods, 0, sizeof(mods));
	snprintf(mods[0].name, sizeof(mods[0].name), "msr.ko");
	mods[0].elf = self->elf;
	mods[0].elf_len = self->len;
	snprintf(mods[1].name, sizeof(mods[1].name), "second.ko");
	mods[1].elf = second;
	mods[1].elf_len = n2;
	ASSERT_EQ(0, boot_initrd_build(pv_self_initramfs, cli_initramfs_size(), mods, 2, &out,
				       &out_len));
	EXPECT_EQ(0, out_len % 512);
	/* the embedded archive comes first, byte for byte */
	EXPECT_EQ(0, memcmp(out, pv_self_initramfs, cli_initramfs_size()));
	ASSERT_EQ(0, walk(out, out_len, &w));
	EXPECT_EQ(2, w.archives);
	EXPECT_EQ(0, w.second % 4);
	EXPECT_LE(cli_initramfs_size(), w.second);
	for (i = 0; i < w.n; i++)
		if (!strcmp(w.names[i], "init"))
			init = i;
	ASSERT_LE(0, init);
	EXPECT_LT(w.data[init], w.second);	/* /init is the embedded one */
	ASSERT_LE(3, w.n);
	EXPECT_STREQ("modules", w.names[w.n - 3]);
	EXPECT_STREQ("modules/00-msr.ko", w.names[w.n - 2]);
	EXPECT_STREQ("modules/01-second.ko", w.names[w.n - 1]);
	ASSERT_EQ(self->len, w.size[w.n - 2]);
	EXPECT_EQ(0, memcmp(out + w.data[w.n - 2], self->elf, self->len));
	ASSERT_EQ(n2, w.size[w.n - 1]);
	EXPECT_EQ(0, memcmp(out + w.data[w.n - 1], second, n2));
	free(out);
}

/* ---- the guest's MSRs in its report, against KVM's ------------------------ */

static const char *const names[LD_NR] = {
	"hypervisor", "kvm-clock", "steal-time", "pv-eoi", "async-pf", "pv-tlb-flush",
	"pv-sched-yield", "pv-ipi", "pv-spinlocks", "haltpoll", "clocksource",
};

/* A self-report with @kernel_extra inside "kernel" (its msr fields). */
static int decode(const char *kernel_extra, struct linux_selfreport *r, char *err, size_t errlen)
{
	static char json[16384];
	static uint8_t buf[16384 + 64];
	struct pvq_frame h, e;
	size_t n;
	int d;

	n = snprintf(json, sizeof(json), "{\"command\": \"self\", \"cpuid\": {\"kvm_base\": \"0x40000000\", "
		     "\"eax\": \"0x01007efb\", \"edx\": \"0x00000000\"}, \"kernel\": {\"release\": \"6.12.0\", "
		     "\"model_version\": 612, \"possible_cpus\": 2%s%s}, \"decisions\": [",
		     kernel_extra ? ", " : "", kernel_extra ? kernel_extra : "");
	for (d = 0; d < LD_NR; d++)
		n += snprintf(json + n, sizeof(json) - n, "%s{\"name\": \"%s\", \"model\": \"on\", "
			      "\"verdict\": \"ok\"}", d ? ", " : "", names[d]);
	n += snprintf(json + n, sizeof(json) - n, "]}");
	linux_selfreport_header(&h, PVQ_KIND_SELF, json, n);
	linux_selfreport_header(&e, PVQ_KIND_END, NULL, 0);
	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), json, n);
	memcpy(buf + sizeof(h) + n, &e, sizeof(e));
	return linux_selfreport_decode(buf, sizeof(h) + n + sizeof(e), r, err, errlen);
}

#define GOOD_MSRS \
	"\"msr\": \"read\", \"msr_note\": \"read through /dev/cpu/N/msr on 2 CPUs\", \"msrs\": [" \
	"{\"cpu\": 0, \"MSR_KVM_SYSTEM_TIME\": \"0x2a01001\", \"MSR_KVM_SYSTEM_TIME_NEW\": \"0x2a01001\", " \
	"\"MSR_KVM_STEAL_TIME\": \"0x7e81a041\", \"MSR_KVM_ASYNC_PF_EN\": \"0x7e81a0c1\", " \
	"\"MSR_KVM_PV_EOI_EN\": \"0x7e81a101\", \"unread\": {}}, " \
	"{\"cpu\": 1, \"MSR_KVM_SYSTEM_TIME\": \"0x2a01041\", \"MSR_KVM_SYSTEM_TIME_NEW\": \"0x2a01041\", " \
	"\"MSR_KVM_STEAL_TIME\": \"0x7e95a041\", \"MSR_KVM_ASYNC_PF_EN\": \"0x7e95a0c1\", " \
	"\"unread\": {\"MSR_KVM_PV_EOI_EN\": \"Input/output error\"}}], " \
	"\"modules\": [{\"file\": \"00-msr.ko\", \"loaded\": true, \"why\": null}]"

/* KVM's MSRs for the report above (CPU 1's PV EOI: the guest could not read it). */
static void kvm_msrs(struct boot_msrs m[2])
{
	static const uint64_t v[2][5] = {
		{ 0x2a01001, 0x2a01001, 0x7e81a041, 0x7e81a0c1, 0x7e81a101 },
		{ 0x2a01041, 0x2a01041, 0x7e95a041, 0x7e95a0c1, 0x7e95a101 },
	};
	static const enum boot_msr which[5] = {
		BM_SYSTEM_TIME, BM_SYSTEM_TIME_NEW, BM_STEAL_TIME, BM_ASYNC_PF_EN, BM_PV_EOI_EN,
	};
	int c, i;

	memset(m, 0, 2 * sizeof(m[0]));
	for (c = 0; c < 2; c++)
		for (i = 0; i < 5; i++) {
			m[c].read[which[i]] = 1;
			m[c].value[which[i]] = v[c][i];
		}
}

static const struct boot_msr_cmp *cmp_of(const struct boot_msr_cmp *c, enum boot_msr m)
{
	int i;

	for (i = 0; i < BOOT_MSR_CMP_NR; i++)
		if (c[i].msr == m)
			return &c[i];
	return NULL;
}

TEST(selfreport_msrs_decoded)
{
	struct linux_selfreport r;
	const struct selfrep_msr *m;
	char err[256];

	ASSERT_EQ(0, decode(GOOD_MSRS, &r, err, sizeof(err))) TH_LOG("%s", err);
	EXPECT_STREQ("read", r.msr_state);
	EXPECT_EQ(2, r.nr_msr_cpus);
	m = linux_selfreport_msr(&r, 1, "MSR_KVM_STEAL_TIME");
	ASSERT_NE(NULL, m);
	EXPECT_EQ(1, m->read);
	EXPECT_EQ(0x7e95a041ull, m->value);
	m = linux_selfreport_msr(&r, 1, "MSR_KVM_PV_EOI_EN");
	ASSERT_NE(NULL, m);
	EXPECT_EQ(0, m->read);
	EXPECT_STREQ("Input/output error", m->why);
	EXPECT_EQ(NULL, linux_selfreport_msr(&r, 2, "MSR_KVM_STEAL_TIME"));
	ASSERT_EQ(1, r.nr_modules);
	EXPECT_STREQ("00-msr.ko", r.modules[0].file);
	EXPECT_EQ(1, r.modules[0].loaded);
}

TEST(selfreport_msrs_refused)
{
	static const struct {
		const char *kernel, *needle;
	} bad[] = {
		{ "\"msrs\": [{\"cpu\": 0, \"MSR_KVM_STEAL_TIME\": \"0x12345678901234567\"}]", "1-16 hex" },
		{ "\"msrs\": [{\"cpu\": 0, \"MSR_KVM_STEAL_TIME\": \"12\"}]", "1-16 hex" },
		{ "\"msrs\": [{\"cpu\": 0, \"MSR_KVM_STEAL_TIME\": \"0xg\"}]", "1-16 hex" },
		{ "\"msrs\": [{\"cpu\": 0, \"MSR_KVM_STEAL_TIME\": 5}]", "not a string" },
		{ "\"msrs\": [{\"cpu\": 0}, {\"cpu\": 0}]", "twice" },
		{ "\"msrs\": [{\"cpu\": -1}]", "cpu" },
		{ "\"msrs\": {}", "not an array" },
		{ "\"msrs\": [{\"cpu\": 0, \"unread\": 3}]", "unread" },
		{ "\"msrs\": [{\"cpu\": 0, \"a\": \"0x1\", \"b\": \"0x1\", \"c\": \"0x1\", \"d\": \"0x1\", "
		  "\"e\": \"0x1\", \"f\": \"0x1\", \"g\": \"0x1\", \"h\": \"0x1\", \"i\": \"0x1\", "
		  "\"j\": \"0x1\", \"k\": \"0x1\", \"l\": \"0x1\", \"m\": \"0x1\"}]", "more than 12" },
		{ "\"modules\": [{\"file\": \"msr.ko\"}]", "loaded" },
		{ "\"modules\": [1, 2, 3, 4, 5, 6, 7, 8, 9]", "at most 8" },
	};
	struct linux_selfreport r;
	char err[256];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = 0;
		EXPECT_EQ(-1, decode(bad[i].kernel, &r, err, sizeof(err))) TH_LOG("%s", bad[i].kernel);
		EXPECT_NE(NULL, strstr(err, bad[i].needle)) TH_LOG("%s: %s", bad[i].kernel, err);
	}
}

TEST(compare_agree)
{
	struct boot_msr_cmp c[BOOT_MSR_CMP_NR];
	struct linux_selfreport r;
	struct boot_msrs kvm[2];
	char err[256];

	ASSERT_EQ(0, decode(GOOD_MSRS, &r, err, sizeof(err))) TH_LOG("%s", err);
	kvm_msrs(kvm);
	boot_msrs_compare(kvm, 2, &r, c);
	EXPECT_EQ(BMC_AGREE, cmp_of(c, BM_STEAL_TIME)->state) TH_LOG("%s", cmp_of(c, BM_STEAL_TIME)->why);
	EXPECT_EQ(2, cmp_of(c, BM_STEAL_TIME)->nr_agree);
	EXPECT_NE(NULL, strstr(cmp_of(c, BM_STEAL_TIME)->why, "0x7e81a041"));
	EXPECT_EQ(BMC_AGREE, cmp_of(c, BM_SYSTEM_TIME_NEW)->state);
	EXPECT_EQ(BMC_AGREE, cmp_of(c, BM_SYSTEM_TIME)->state);
	EXPECT_EQ(BMC_AGREE, cmp_of(c, BM_ASYNC_PF_EN)->state);
	/* one vCPU: CPU 1's unread PV EOI is not asked about */
	boot_msrs_compare(kvm, 1, &r, c);
	EXPECT_EQ(BMC_AGREE, cmp_of(c, BM_PV_EOI_EN)->state);
}

TEST(compare_disagree)
{
	struct boot_msr_cmp c[BOOT_MSR_CMP_NR];
	struct linux_selfreport r;
	struct boot_msrs kvm[2];
	char err[256];

	ASSERT_EQ(0, decode(GOOD_MSRS, &r, err, sizeof(err))) TH_LOG("%s", err);
	kvm_msrs(kvm);
	kvm[1].value[BM_STEAL_TIME] = 0x7e95a040;	/* enable bit clear on vCPU 1 */
	kvm[0].value[BM_SYSTEM_TIME_NEW] = 0x2a02001;	/* another GPA */
	boot_msrs_compare(kvm, 2, &r, c);
	EXPECT_EQ(BMC_DIFFER, cmp_of(c, BM_STEAL_TIME)->state);
	EXPECT_NE(NULL, strstr(cmp_of(c, BM_STEAL_TIME)->why, "MSR_KVM_STEAL_TIME"));
	EXPECT_NE(NULL, strstr(cmp_of(c, BM_STEAL_TIME)->why, "CPU 1"))
		TH_LOG("%s", cmp_of(c, BM_STEAL_TIME)->why);
	EXPECT_NE(NULL, strstr(cmp_of(c, BM_STEAL_TIME)->why, "0x7e95a040"));
	EXPECT_EQ(BMC_DIFFER, cmp_of(c, BM_SYSTEM_TIME_NEW)->state);
	EXPECT_NE(NULL, strstr(cmp_of(c, BM_SYSTEM_TIME_NEW)->why, "MSR_KVM_SYSTEM_TIME_NEW"));
	EXPECT_EQ(BMC_AGREE, cmp_of(c, BM_SYSTEM_TIME)->state);
	EXPECT_EQ(BMC_AGREE, cmp_of(c, BM_ASYNC_PF_EN)->state);
	EXPECT_STREQ("MISMATCH", boot_msr_cmp_name(BMC_DIFFER));
}

TEST(compare_unknown)
{
	struct boot_msr_cmp c[BOOT_MSR_CMP_NR];
	struct linux_selfreport r;
	struct boot_msrs kvm[3];
	char err[256];
	int i;

	ASSERT_EQ(0, decode(GOOD_MSRS, &r, err, sizeof(err))) TH_LOG("%s", err);
	kvm_msrs(kvm);
	memset(&kvm[2], 0, sizeof(kvm[2]));
	kvm[2].read[BM_STEAL_TIME] = 1;
	kvm[0].read[BM_ASYNC_PF_EN] = 0;
	boot_msrs_compare(kvm, 3, &r, c);
	/* the guest could not read CPU 1's PV EOI: unknown with its reason */
	EXPECT_EQ(BMC_UNKNOWN, cmp_of(c, BM_PV_EOI_EN)->state);
	EXPECT_NE(NULL, strstr(cmp_of(c, BM_PV_EOI_EN)->why, "CPU 1: the guest could not read it: Input/output error"))
		TH_LOG("%s", cmp_of(c, BM_PV_EOI_EN)->why);
	EXPECT_NE(NULL, strstr(cmp_of(c, BM_PV_EOI_EN)->why, "#GP"));
	/* a vCPU the report does not have */
	EXPECT_EQ(BMC_UNKNOWN, cmp_of(c, BM_STEAL_TIME)->state);
	EXPECT_NE(NULL, strstr(cmp_of(c, BM_STEAL_TIME)->why, "CPU 2: not in the guest's report"));
	EXPECT_EQ(2, cmp_of(c, BM_STEAL_TIME)->nr_agree);
	/* KVM did not return it */
	EXPECT_EQ(BMC_UNKNOWN, cmp_of(c, BM_ASYNC_PF_EN)->state);
	EXPECT_NE(NULL, strstr(cmp_of(c, BM_ASYNC_PF_EN)->why, "vCPU 0: KVM_GET_MSRS"));

	/* no MSRs at all: the guest's note and the module that did not load */
	ASSERT_EQ(0, decode("\"msr\": \"unavailable\", \"msr_note\": \"/dev/cpu/0/msr: No such file or directory\", "
			    "\"modules\": [{\"file\": \"00-msr.ko\", \"loaded\": false, "
			    "\"why\": \"finit_module: Exec format error\"}]", &r, err, sizeof(err)))
		TH_LOG("%s", err);
	kvm_msrs(kvm);
	boot_msrs_compare(kvm, 2, &r, c);
	for (i = 0; i < BOOT_MSR_CMP_NR; i++) {
		EXPECT_EQ(BMC_UNKNOWN, c[i].state);
		EXPECT_NE(NULL, strstr(c[i].why, "/dev/cpu/0/msr: No such file")) TH_LOG("%s", c[i].why);
		EXPECT_NE(NULL, strstr(c[i].why, "00-msr.ko: finit_module: Exec format error"));
	}
}

TEST_HARNESS_MAIN
