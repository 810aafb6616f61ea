/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared by the kvm-suite tests (which include kselftest_harness.h first):
 * skip the whole binary cleanly where there is no usable /dev/kvm, and run
 * guest entries on a configured VM.
 */
#ifndef PVPROBE_KVM_TEST_H
#define PVPROBE_KVM_TEST_H

#include <stddef.h>
#include <stdint.h>

#include "host_view.h"
#include "kvm_sys.h"
#include "session.h"

/*
 * Is /dev/kvm usable?  Fills @host on success, @why otherwise.  Called
 * once by main(), before the harness forks any test.
 */
int kvm_test_available(struct host_view *host, char *why, size_t len);

/*
 * The whole binary skips: "1..0 # SKIP why".  Exit 4 (KSFT_SKIP) for
 * kselftest runners, 0 under meson (PVPROBE_MESON=1), which reads a
 * non-zero exit of a TAP test as an ERROR (meson 1.0.1's TAP parser).
 */
int kvm_test_skip_all(const char *why);

/* The host's PV set, read in main(). */
extern struct host_view kvm_test_host;

/* Open /dev/kvm in a test; asserts are the caller's. 0 or -1. */
int kvm_test_open(struct kvm_sys *kvm);

/*
 * One guest run on a fresh VM: @eax/@edx programmed, @enforce as given,
 * @entry with @arg (and @msr_value in the results page).  Returns the
 * session_create() code; @res is valid when it is PV_EXIT_OK.
 */
int kvm_test_run(uint32_t eax, uint32_t edx, int enforce, enum pv_entry entry,
		 uint64_t arg, uint64_t msr_value, unsigned int timeout_ms,
		 struct run_result *res);

/* Entries in directory @path (/proc/self/fd, /proc/self/task), or -1. */
int kvm_test_count(const char *path);

/* A new /tmp/pvprobe-XXXXXX file holding @text; its path in @path. 0 or -1. */
int kvm_test_write_temp(char *path, size_t len, const char *text);

/*
 * A tiny guest kernel for pvprobe boot: a vmlinux ELF of one PT_LOAD at
 * KVM_TEST_VMLINUX_PADDR holding @code (at most KVM_TEST_VMLINUX_CODE_MAX
 * bytes), entered at its start like a real one's 64-bit entry, in a new
 * /tmp/pvprobe-vmlinux-XXXXXX file; its path in @path.  0 or -1.
 */
#define KVM_TEST_VMLINUX_PADDR		0x1000000ull
#define KVM_TEST_VMLINUX_CODE_MAX	8192
int kvm_test_write_vmlinux(char *path, size_t len, const uint8_t *code, size_t n);

/* CLOCK_MONOTONIC in milliseconds. */
double kvm_test_now_ms(void);

/*
 * End the current test as XFAIL with @fmt as the reason, unless it has
 * already failed: a known host deviation is said, never passed silently.
 * (What the harness' SKIP() does, with KSFT_XFAIL.)
 */
#define KVM_TEST_XFAIL(fmt, ...) do {						\
	if (_metadata->exit_code == KSFT_PASS) {				\
		snprintf(_metadata->results->reason,				\
			 sizeof(_metadata->results->reason), fmt, ##__VA_ARGS__); \
		_metadata->exit_code = KSFT_XFAIL;				\
	}									\
	return;									\
} while (0)

#define KVM_TEST_MAIN							\
	struct host_view kvm_test_host;					\
	int main(int argc, char **argv)					\
	{								\
		char why[PV_ERR_MAX];					\
									\
		if (kvm_test_available(&kvm_test_host, why, sizeof(why))) \
			return kvm_test_skip_all(why);			\
		return test_harness_run(argc, argv);			\
	}

#endif /* PVPROBE_KVM_TEST_H */
