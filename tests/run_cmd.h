/* SPDX-License-Identifier: GPL-2.0-only */
/* Run the pvprobe binary (path in $PVPROBE) with a deadline; capture its output. */
#ifndef PVPROBE_RUN_CMD_H
#define PVPROBE_RUN_CMD_H

#include <stddef.h>

#define RUN_CMD_OUT_MAX	(256 * 1024)

struct cmd_output {
	int status;		/* exit code, or 128 + signal, or -1 */
	int timed_out;
	char out[RUN_CMD_OUT_MAX];
	char err[RUN_CMD_OUT_MAX];
};

/*
 * Run $PVPROBE with @argv (NULL-terminated, argv[0] is the first argument
 * after the program) and @env (NULL-terminated "K=V" strings added to the
 * environment, or NULL), killing it after @timeout_s.  Returns 0, or -1
 * if it could not be started.
 */
int run_pvprobe(const char *const *argv, const char *const *env, int timeout_s,
		struct cmd_output *o);

/* $PVPROBE, or build/vmm/pvprobe next to the running test binary's directory. */
const char *pvprobe_path(void);

/* The same for any program @prog. */
int run_prog(const char *prog, const char *const *argv, const char *const *env,
	     int timeout_s, struct cmd_output *o);

#endif /* PVPROBE_RUN_CMD_H */
