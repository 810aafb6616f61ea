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

/*
 * From now on a stop also ends the guest runs in flight (check, boot): the
 * handler kicks every armed watchdog (watchdog_kick_all()), and a run that
 * sees stop_run_ended() ends as interrupted instead of entering the guest
 * again.  A sweep does not ask for it: it stops between configurations.
 */
void stop_end_runs(void);
/* A stop came and runs are to end (stop_end_runs() was called). */
int stop_run_ended(void);
/* "SIGINT", "SIGTERM", or "" */
const char *stop_signal_name(void);

#endif /* PVPROBE_STOP_H */
