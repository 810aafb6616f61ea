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
 */
int qemu_run(const char *qemu, unsigned int timeout_s, char *const *args, int nr_args,
	     const unsigned char *image, size_t image_size, struct qemu_run *r,
	     char *err, size_t errlen);

/* Is @binary something execvp() would run? */
int qemu_binary_found(const char *binary);

#endif /* PVPROBE_QEMU_RUN_H */
