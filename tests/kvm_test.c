// SPDX-License-Identifier: GPL-2.0-only
#include <dirent.h>
#include <elf.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "kvm_test.h"
#include "pvprobe_exit.h"

int kvm_test_available(struct host_view *host, char *why, size_t len)
{
	struct kvm_sys kvm;

	if (kvm_sys_open(&kvm, why, len) != PV_EXIT_OK)
		return -1;
	if (host_view_read(&kvm, host, why, len)) {
		kvm_sys_close(&kvm);
		return -1;
	}
	kvm_sys_close(&kvm);
	return 0;
}

int kvm_test_skip_all(const char *why)
{
	const char *meson = getenv("PVPROBE_MESON");

	printf("TAP version 13\n1..0 # SKIP %s\n", why);
	fflush(stdout);
	return meson && *meson == '1' ? PV_EXIT_OK : PV_EXIT_SKIP;
}

int kvm_test_open(struct kvm_sys *kvm)
{
	char err[PV_ERR_MAX];

	if (kvm_sys_open(kvm, err, sizeof(err)) != PV_EXIT_OK) {
		fprintf(stderr, "# %s\n", err);
		return -1;
	}
	return 0;
}

int kvm_test_run(uint32_t eax, uint32_t edx, int enforce, enum pv_entry entry,
		 uint64_t arg, uint64_t msr_value, unsigned int timeout_ms,
		 struct run_result *res)
{
	struct guest_config cfg;
	struct kvm_sys kvm;
	struct session s;
	char err[PV_ERR_MAX];
	int rc;

	memset(res, 0, sizeof(*res));
	if (kvm_test_open(&kvm))
		return PV_EXIT_SKIP;
	guest_config_default(&cfg);
	cfg.eax = eax;
	cfg.edx = edx;
	cfg.enforce = enforce;
	cfg.timeout_ms = timeout_ms;
	rc = session_create(&kvm, &cfg, &s, err, sizeof(err));
	if (rc != PV_EXIT_OK) {
		fprintf(stderr, "# session: %s\n", err);
		kvm_sys_close(&kvm);
		return rc;
	}
	session_run(&s, 0, entry, arg, msr_value, res);
	session_destroy(&s);
	kvm_sys_close(&kvm);
	return PV_EXIT_OK;
}

int kvm_test_count(const char *path)
{
	DIR *d = opendir(path);
	int n = 0;

	if (!d)
		return -1;
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

double kvm_test_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int kvm_test_write_temp(char *path, size_t len, const char *text)
{
	size_t n = strlen(text);
	int fd;

	snprintf(path, len, "/tmp/pvprobe-XXXXXX");
	fd = mkstemp(path);
	if (fd < 0)
		return -1;
	if (write(fd, text, n) != (ssize_t)n) {
		close(fd);
		unlink(path);
		return -1;
	}
	return close(fd);
}

int kvm_test_write_vmlinux(char *path, size_t len, const uint8_t *code, size_t n)
{
	struct {
		Elf64_Ehdr eh;
		Elf64_Phdr ph;
	} hdr = {
		.eh = {
			.e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64,
				     ELFDATA2LSB, EV_CURRENT },
			.e_type = ET_EXEC, .e_machine = EM_X86_64, .e_version = EV_CURRENT,
			.e_entry = KVM_TEST_VMLINUX_PADDR, .e_phoff = sizeof(Elf64_Ehdr),
			.e_ehsize = sizeof(Elf64_Ehdr), .e_phentsize = sizeof(Elf64_Phdr),
			.e_phnum = 1,
		},
		.ph = {
			.p_type = PT_LOAD, .p_flags = PF_R | PF_X, .p_offset = 4096,
			.p_vaddr = KVM_TEST_VMLINUX_PADDR, .p_paddr = KVM_TEST_VMLINUX_PADDR,
			.p_filesz = n, .p_memsz = n, .p_align = 4096,
		},
	};
	static uint8_t buf[4096 + KVM_TEST_VMLINUX_CODE_MAX];
	int fd, ok;

	if (n > KVM_TEST_VMLINUX_CODE_MAX)
		return -1;
	memset(buf, 0, sizeof(buf));
	memcpy(buf, &hdr, sizeof(hdr));
	memcpy(buf + 4096, code, n);
	snprintf(path, len, "/tmp/pvprobe-vmlinux-XXXXXX");
	fd = mkstemp(path);
	if (fd < 0)
		return -1;
	ok = write(fd, buf, 4096 + n) == (ssize_t)(4096 + n);
	close(fd);
	if (!ok)
		unlink(path);
	return ok ? 0 : -1;
}
