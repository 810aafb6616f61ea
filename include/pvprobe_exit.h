/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Exit codes of every pvprobe program, kselftest conventions
 * (tools/testing/selftests/kselftest.h KSFT_*).
 */
#ifndef PVPROBE_EXIT_H
#define PVPROBE_EXIT_H

#define PV_EXIT_OK		0	/* everything as expected */
#define PV_EXIT_MISMATCH	1	/* a check failed */
#define PV_EXIT_FAIL		1	/* an operation failed: an ioctl, I/O, the guest did not finish */
#define PV_EXIT_USAGE		2	/* bad usage or bad input */
#define PV_EXIT_SKIP		4	/* no /dev/kvm, no permission, capability missing */

#endif /* PVPROBE_EXIT_H */
