// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "run_cmd.h"

#define MAX_ARGS	32

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/*
 * $PVPROBE (meson sets it), else a pvprobe next to the test binary (the
 * installed kselftest collection, tests/collection/meson.build), else the
 * build tree's own: a test binary run by hand from build/tests/ finds
 * build/vmm/pvprobe.
 */
const char *pvprobe_path(void)
{
	static char path[4096];
	const char *env = getenv("PVPROBE");
	ssize_t n;
	char *slash;

	if (env && *env)
		return env;
	n = readlink("/proc/self/exe", path, sizeof(path) - 32);
	if (n <= 0)
		return NULL;
	path[n] = '\0';
	slash = strrchr(path, '/');
	if (!slash)
		return NULL;
	strcpy(slash, "/pvprobe");
	if (access(path, X_OK) == 0)
		return path;
	strcpy(slash, "/../vmm/pvprobe");
	return path;
}

int run_pvprobe(const char *const *argv, const char *const *env, int timeout_s,
		struct cmd_output *o)
{
	return run_prog(pvprobe_path(), argv, env, timeout_s, o);
}

static void close_pipe(int p[2])
{
	if (p[0] >= 0)
		close(p[0]);
	if (p[1] >= 0)
		close(p[1]);
}

int run_prog(const char *prog, const char *const *args, const char *const *env,
	     int timeout_s, struct cmd_output *o)
{
	int outp[2] = { -1, -1 }, errp[2] = { -1, -1 }, open_fds = 2, i, st;
	char *argv[MAX_ARGS + 2];
	size_t len[2] = { 0, 0 };
	long deadline;
	pid_t pid;

	memset(o, 0, sizeof(*o));
	o->status = -1;
	if (!prog || !*prog)
		return -1;
	argv[0] = (char *)prog;
	for (i = 0; args[i]; i++) {
		if (i >= MAX_ARGS)
			return -1;
		argv[i + 1] = (char *)args[i];
	}
	argv[i + 1] = NULL;

	if (pipe2(outp, O_CLOEXEC) || pipe2(errp, O_CLOEXEC)) {
		close_pipe(outp);
		close_pipe(errp);
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		close_pipe(outp);
		close_pipe(errp);
		return -1;
	}
	if (pid == 0) {
		/* Its own process group: a timeout kills whatever it started too. */
		setpgid(0, 0);
		dup2(outp[1], STDOUT_FILENO);
		dup2(errp[1], STDERR_FILENO);
		/*
		 * Only stdin, stdout and stderr, whatever the runner left open:
		 * kselftest's run_kselftest.sh hands its tests more descriptors
		 * than meson does, and real_fd_limit (kvm_host_problems.c)
		 * counts on the child having just these three.
		 */
		close_range(3, ~0U, 0);
		for (; env && *env; env++)
			putenv((char *)*env);
		execv(prog, argv);
		_exit(127);
	}
	setpgid(pid, pid);
	close(outp[1]);
	close(errp[1]);

	deadline = now_ms() + timeout_s * 1000L;
	while (open_fds) {
		struct pollfd pfd[2] = {
			{ .fd = outp[0], .events = POLLIN },
			{ .fd = errp[0], .events = POLLIN },
		};
		long left = deadline - now_ms();
		int k;

		if (left <= 0) {
			o->timed_out = 1;
			kill(-pid, SIGKILL);
			break;
		}
		if (poll(pfd, 2, (int)left) < 0) {
			if (errno == EINTR)
				continue;
			kill(-pid, SIGKILL);
			break;
		}
		for (k = 0; k < 2; k++) {
			char *buf = k ? o->err : o->out;
			char sink[4096];
			ssize_t n;

			if (pfd[k].fd < 0 || !(pfd[k].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			/* Keep the first RUN_CMD_OUT_MAX - 1 bytes; drain the rest. */
			if (len[k] < RUN_CMD_OUT_MAX - 1)
				n = read(pfd[k].fd, buf + len[k], RUN_CMD_OUT_MAX - 1 - len[k]);
			else
				n = read(pfd[k].fd, sink, sizeof(sink));
			if (n > 0 && len[k] < RUN_CMD_OUT_MAX - 1) {
				len[k] += (size_t)n;
			} else if (n == 0 || (n < 0 && errno != EINTR)) {
				close(pfd[k].fd);
				if (k)
					errp[0] = -1;
				else
					outp[0] = -1;
				open_fds--;
			}
		}
	}
	if (outp[0] >= 0)
		close(outp[0]);
	if (errp[0] >= 0)
		close(errp[0]);
	if (waitpid(pid, &st, 0) != pid)
		return -1;
	if (WIFEXITED(st))
		o->status = WEXITSTATUS(st);
	else if (WIFSIGNALED(st))
		o->status = 128 + WTERMSIG(st);
	return 0;
}
