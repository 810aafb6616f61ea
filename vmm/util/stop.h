/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SIGINT and SIGTERM as a request to stop: the handler only records the
 * first signal, and a long run (a sweep, check, boot) polls stop_signal()
 * at its next boundary, tears down what it holds and exits 128 + signal
 * (130, 143), as a shell reports a process killed by it.  SA_RESTART is not
 * set: a blocking call (KVM_RUN, waitpid) returns EINTR, so a waiting
 * loop sees the request at once.
 */
#ifndef PVPROBE_STOP_H
#define PVPROBE_STOP_H

/* Install the handlers (idempotent). 0, or -1 with errno. */
int stop_install(void);
/* The first SIGINT/SIGTERM received, or 0. */
int stop_signal(void);
/* 128 + stop_signal(), or 0 when none came. */
int stop_exit_code(void);
/* Block SIGINT/SIGTERM in the calling process (a sweep job: its parent decides). */
void stop_block(void);

#endif /* PVPROBE_STOP_H */
