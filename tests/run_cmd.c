// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "run_cmd.h"

static void drain(int fd, char *buf, size_t *len, int *open_)
{
	ssize_t n = read(fd, buf + *len, RUN_CMD_OUT_MAX - 1 - *len);

	if (n > 0)
		*len += (size_t)n;
	else if (n == 0 || (errno != EINTR && errno != EAGAIN))
		*open_ = 0;
	buf[*len] = '\0';
	if (*len >= RUN_CMD_OUT_MAX - 1)
		*open_ = 0;
}

int run_pvprobe(const char *const *argv, const char *const *env, int timeout_s,
		struct cmd_output *o)
{
	return run_prog(getenv("PVPROBE"), argv, env, timeout_s, o);
}

int run_prog(const char *prog, const char *const *argv, const char *const *env,
	     int timeout_s, struct cmd_output *o)
{
	int out[2], err[2], open_out = 1, open_err = 1, st;
	size_t lo = 0, le = 0, n = 0;
	struct timespec t0, t;
	const char *args[64];
	pid_t pid;

	memset(o, 0, sizeof(*o));
	o->status = -1;
	if (!prog || pipe(out) || pipe(err))
		return -1;
	args[n++] = prog;
	while (argv[n - 1] && n < 63) {
		args[n] = argv[n - 1];
		n++;
	}
	args[n] = NULL;

	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(out[1], 1);
		dup2(err[1], 2);
		close(out[0]);
		close(err[0]);
		for (; env && *env; env++)
			putenv((char *)*env);
		execv(prog, (char *const *)args);
		_exit(127);
	}
	close(out[1]);
	close(err[1]);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (open_out || open_err) {
		struct pollfd p[2] = { { out[0], POLLIN, 0 }, { err[0], POLLIN, 0 } };

		clock_gettime(CLOCK_MONOTONIC, &t);
		if (t.tv_sec - t0.tv_sec >= timeout_s) {
			kill(pid, SIGKILL);
			o->timed_out = 1;
			break;
		}
		if (poll(p, 2, 100) < 0 && errno != EINTR)
			break;
		if (open_out && (p[0].revents & (POLLIN | POLLHUP | POLLERR)))
			drain(out[0], o->out, &lo, &open_out);
		if (open_err && (p[1].revents & (POLLIN | POLLHUP | POLLERR)))
			drain(err[0], o->err, &le, &open_err);
	}
	close(out[0]);
	close(err[0]);
	if (waitpid(pid, &st, 0) == pid)
		o->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	return 0;
}
