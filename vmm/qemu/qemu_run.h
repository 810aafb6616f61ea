/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One QEMU run of the PVH image: QEMU started with the user's arguments
 * plus what pvprobe needs (no display, the result channel, -no-reboot, -S
 * and a QMP socket for the claim), under one deadline; its process is
 * always reaped, killed at the deadline.  A collector: prints nothing.
 */
#ifndef PVPROBE_QEMU_RUN_H
#define PVPROBE_QEMU_RUN_H

#include <stddef.h>
#include <stdint.h>

#include "pv_qemu_abi.h"
#include "qemu_qmp.h"
#include "qemu_stream.h"

#define QEMU_DEFAULT_BINARY	"qemu-system-x86_64"
#define QEMU_DEFAULT_TIMEOUT_S	60

enum qemu_end {
	QEMU_END_DONE,		/* the guest finished through isa-debug-exit */
	QEMU_END_EXIT,		/* QEMU exited otherwise (status in exit_status) */
	QEMU_END_SIGNAL,	/* QEMU died of a signal */
	QEMU_END_TIMEOUT,	/* the deadline passed: QEMU was killed */
};

struct qemu_run {
	enum qemu_end end;
	int exit_status;	/* QEMU_END_EXIT; the signal for QEMU_END_SIGNAL */
	double elapsed_ms;
	char qemu_err[1024];	/* the end of QEMU's stderr */
	struct qemu_claim claim;
	char claim_err[256];	/* why the claim could not be read */
	size_t stream_len;
	int stream_ok;
	char stream_err[256];
	struct qemu_stream st;
	char cmdline[2048];	/* what was run, for the report */
};

/*
 * Returns PV_EXIT_OK when QEMU ran (how it ended is in @r), PV_EXIT_SKIP
 * when @qemu cannot be executed, PV_EXIT_FAIL for a local failure; @err
 * says why.  @image is written to a private temporary directory.
 * @hc_config: the hypercall lanes the guest runs (PVQ_HC_FW_CFG, given to
 * QEMU as a fw_cfg file), 0 for none.
 */
/*
 * 1 when @args leave QEMU with kernel-irqchip=split (-machine, -M or
 * -accel kvm,...: the last kernel-irqchip= wins, as QEMU's option parsing
 * does); 0 for on, off or not given (QEMU 7.2's default for pc and q35 is
 * on).  QMP cannot say: the machine's kernel-irqchip property has no getter.
 */
int qemu_args_split_irqchip(char *const *args, int nr_args);

int qemu_run(const char *qemu, unsigned int timeout_s, char *const *args, int nr_args,
	     const unsigned char *image, size_t image_size, uint64_t hc_config, struct qemu_run *r,
	     char *err, size_t errlen);

/*
 * pvprobe qemu --kernel: one QEMU run of a Linux kernel with the
 * self-check initramfs.  The console (the 16550 at COM1, -serial) and the
 * self-report frames (isa-debugcon at 0xe9, the port /init writes:
 * vmm/self_init.c) go to files of their own, so they never interleave.
 */
#define QEMU_LINUX_CONSOLE_MAX	(4u << 20)
#define QEMU_LINUX_FRAMES_MAX	(PVQ_SELF_MAX + 2 * sizeof(struct pvq_frame) + 1)
#define QEMU_LINUX_TIMEOUT_S	300

struct qemu_linux_run {
	struct qemu_run run;	/* end, exit status, QEMU's stderr, the claim, the command line */
	int guest_error;	/* QEMU stopped the guest: "KVM internal error" on its stderr */
	char *console;		/* malloc'd, NUL-terminated, at most QEMU_LINUX_CONSOLE_MAX */
	size_t console_len;
	uint8_t *frames;	/* malloc'd: what arrived on port 0xe9 */
	size_t frames_len;
	int frames_over;	/* more than QEMU_LINUX_FRAMES_MAX - 1 bytes */
};

/*
 * Boot @kernel with @initrd (@initrd_len bytes, written to a private
 * temporary directory) and @append in QEMU with the user's @args; with
 * @elf (@elf_len bytes: the vmlinux pvprobe decompressed, --pvh) QEMU is
 * given that instead, written beside the initramfs.  As
 * qemu_run(); a guest that QEMU stops on an internal error ends the run
 * at once instead of at the deadline (QEMU keeps running with the guest
 * paused).  Free @r with qemu_linux_run_free().
 */
int qemu_run_linux(const char *qemu, unsigned int timeout_s, char *const *args, int nr_args,
		   const char *kernel, const uint8_t *elf, size_t elf_len,
		   const uint8_t *initrd, size_t initrd_len,
		   const char *append, struct qemu_linux_run *r, char *err, size_t errlen);
void qemu_linux_run_free(struct qemu_linux_run *r);

/* Is @binary something execvp() would run? */
int qemu_binary_found(const char *binary);

#endif /* PVPROBE_QEMU_RUN_H */
