// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvprobe boot ends a run for lack of progress, not for being slow:
 *  - a guest that hangs (cli; jmp .: no console byte, no exit, RIP fixed)
 *    is reported as "stall" within the stall limit, long before the
 *    whole-boot deadline;
 *  - a guest that keeps moving but never finishes, with exits (an OUT
 *    loop) or without (a long NOP sled: only its RIP moves), is never cut
 *    short by the stall check: it runs to the whole-boot deadline, many
 *    stall limits later.
 * The kernels are tiny vmlinux ELFs written here, entered at their 64-bit
 * entry point like a real one.
 */
#include "kselftest_harness.h"
#include "kvm_test.h"

#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run_cmd.h"

#define LOAD_PADDR	0x1000000ull
#define CODE_MAX	8192

static struct cmd_output out;

/* A vmlinux of one PT_LOAD at 16 MiB holding @code, entered at its start. */
static int write_vmlinux(char *path, size_t len, const uint8_t *code, size_t n)
{
	struct {
		Elf64_Ehdr eh;
		Elf64_Phdr ph;
	} hdr = {
		.eh = {
			.e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64,
				     ELFDATA2LSB, EV_CURRENT },
			.e_type = ET_EXEC, .e_machine = EM_X86_64, .e_version = EV_CURRENT,
			.e_entry = LOAD_PADDR, .e_phoff = sizeof(Elf64_Ehdr),
			.e_ehsize = sizeof(Elf64_Ehdr), .e_phentsize = sizeof(Elf64_Phdr),
			.e_phnum = 1,
		},
		.ph = {
			.p_type = PT_LOAD, .p_flags = PF_R | PF_X, .p_offset = 4096,
			.p_vaddr = LOAD_PADDR, .p_paddr = LOAD_PADDR,
			.p_filesz = n, .p_memsz = n, .p_align = 4096,
		},
	};
	static uint8_t buf[4096 + CODE_MAX];
	int fd, ok;

	if (n > CODE_MAX)
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
	return ok ? 0 : -1;
}

/* pvprobe boot --json of @code with @stall and @timeout seconds: its exit code. */
static int boot(const uint8_t *code, size_t n, const char *stall, const char *timeout,
		double *secs)
{
	char path[64];
	const char *argv[] = { "boot", "--kernel", path, "--vcpus", "1", "--stall", stall,
			       "--timeout", timeout, "--json", NULL };
	double t0;

	if (write_vmlinux(path, sizeof(path), code, n))
		return -1;
	t0 = kvm_test_now_ms();
	if (run_pvprobe(argv, NULL, 120, &out)) {
		unlink(path);
		return -1;
	}
	*secs = (kvm_test_now_ms() - t0) / 1000;
	unlink(path);
	return out.status;
}

TEST(hung_guest_is_a_stall)
{
	/* cli; jmp . */
	static const uint8_t code[] = { 0xfa, 0xeb, 0xfe };
	double secs = 0;

	ASSERT_EQ(1, boot(code, sizeof(code), "2", "100", &secs)) {
		TH_LOG("stdout: %s\nstderr: %s", out.out, out.err);
	}
	EXPECT_NE(NULL, strstr(out.out, "\"end\": \"stall\"")) {
		TH_LOG("stdout: %s", out.out);
	}
	EXPECT_NE(NULL, strstr(out.out, "no progress for 2000 ms"));
	/* Reported within the stall limit (and a little), not at the deadline. */
	EXPECT_GE(secs, 2.0);
	EXPECT_LT(secs, 30.0);
}

TEST(exits_are_progress)
{
	/* cli; 1: out %al, $0x80; jmp 1b */
	static const uint8_t code[] = { 0xfa, 0xe6, 0x80, 0xeb, 0xfc };
	double secs = 0;

	ASSERT_EQ(1, boot(code, sizeof(code), "1", "6", &secs)) {
		TH_LOG("stdout: %s\nstderr: %s", out.out, out.err);
	}
	EXPECT_NE(NULL, strstr(out.out, "\"end\": \"timeout\"")) {
		TH_LOG("stdout: %s", out.out);
	}
	/* Six stall limits went by without a stall. */
	EXPECT_GE(secs, 6.0);
}

TEST(a_moving_rip_is_progress)
{
	/* cli; 1: nop x 4000; jmp 1b (jmp rel32 back over the sled) */
	static uint8_t code[1 + 4000 + 5];
	int32_t rel = -(int32_t)(4000 + 5);
	double secs = 0;

	code[0] = 0xfa;
	memset(code + 1, 0x90, 4000);
	code[4001] = 0xe9;
	memcpy(code + 4002, &rel, 4);
	ASSERT_EQ(1, boot(code, sizeof(code), "1", "6", &secs)) {
		TH_LOG("stdout: %s\nstderr: %s", out.out, out.err);
	}
	EXPECT_NE(NULL, strstr(out.out, "\"end\": \"timeout\"")) {
		TH_LOG("stdout: %s", out.out);
	}
	EXPECT_GE(secs, 6.0);
}

TEST(bad_stall_values)
{
	static const char *const bad[] = { "-1", "x", "", "99999999" };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *argv[] = { "boot", "--kernel", "/dev/null", "--stall", bad[i], NULL };

		ASSERT_EQ(0, run_pvprobe(argv, NULL, 30, &out));
		EXPECT_EQ(2, out.status) {
			TH_LOG("--stall '%s': %s", bad[i], out.err);
		}
		EXPECT_NE(NULL, strstr(out.err, "--stall"));
	}
}

KVM_TEST_MAIN
