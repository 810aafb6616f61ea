// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvprobe check and pvprobe boot stopped by SIGINT and SIGTERM: each is
 * signalled while its VM is alive (a "kvm-vcpu" descriptor is open in the
 * process), and must exit 130 / 143 within a bound far below its own
 * deadlines, with output that is still whole: --json parses (python3's
 * json module), --tap has a plan and exactly that many test points,
 * numbered 1..N, and every SKIP in it says why.  The boot runs a tiny
 * vmlinux that spins with interrupts off (kvm_test_write_vmlinux()), with
 * a 100 s deadline and no stall check: only the signal can end it early.
 */
#include "kselftest_harness.h"
#include "kvm_test.h"

#include <dirent.h>
#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "run_cmd.h"

#define OUT_MAX		(512 * 1024)
/* How long a stopped command may take to exit: its runs end at once. */
#define STOP_BOUND_MS	10000.0
/* How long the command may take to open its first vCPU. */
#define START_BOUND_MS	30000.0

struct stopped {
	int status;		/* exit code; 1000 + signal if the signal killed it; -1 */
	double stop_ms;		/* from the signal to the exit */
	char out[OUT_MAX];
	char err[4096];
};

static struct stopped res;

/* Does process @pid hold a vCPU descriptor ("anon_inode:kvm-vcpu:N")? */
static int has_vcpu(pid_t pid)
{
	char dir[64], link[320], target[128];
	struct dirent *d;
	DIR *fds;
	int found = 0;

	snprintf(dir, sizeof(dir), "/proc/%d/fd", (int)pid);
	fds = opendir(dir);
	if (!fds)
		return 0;
	while (!found && (d = readdir(fds))) {
		ssize_t n;

		snprintf(link, sizeof(link), "%s/%s", dir, d->d_name);
		n = readlink(link, target, sizeof(target) - 1);
		if (n > 0) {
			target[n] = 0;
			found = !strncmp(target, "anon_inode:kvm-vcpu", 19);
		}
	}
	closedir(fds);
	return found;
}

static void read_file(const char *path, char *buf, size_t cap)
{
	FILE *f = fopen(path, "r");
	size_t n = 0;

	if (f) {
		n = fread(buf, 1, cap - 1, f);
		fclose(f);
	}
	buf[n] = 0;
}

/*
 * Run pvprobe @argv (argv[0] is its first argument), send @sig once it
 * holds a vCPU, and wait for it (killed after the bounds).  0, or -1 if it
 * could not be run or never opened a vCPU.
 */
static int run_and_stop(const char *const *argv, int sig, struct stopped *r)
{
	char outp[] = "/tmp/pvprobe-int-out-XXXXXX", errp[] = "/tmp/pvprobe-int-err-XXXXXX";
	const char *args[32];
	int ofd = mkstemp(outp), efd = mkstemp(errp), i, st = 0, started = 0;
	double t0, t_sig = 0;
	pid_t pid, w = 0;

	memset(r, 0, sizeof(*r));
	r->status = -1;
	if (ofd < 0 || efd < 0)
		return -1;
	args[0] = pvprobe_path();
	for (i = 0; argv[i] && i < 30; i++)
		args[i + 1] = argv[i];
	args[i + 1] = NULL;
	pid = fork();
	if (pid == 0) {
		dup2(ofd, 1);
		dup2(efd, 2);
		execv(args[0], (char *const *)args);
		_exit(127);
	}
	close(ofd);
	close(efd);
	if (pid < 0)
		return -1;
	t0 = kvm_test_now_ms();
	while (kvm_test_now_ms() - t0 < START_BOUND_MS) {
		w = waitpid(pid, &st, WNOHANG);
		if (w == pid)
			break;
		if (has_vcpu(pid)) {
			started = 1;
			break;
		}
		usleep(1000);
	}
	if (started) {
		kill(pid, sig);
		t_sig = kvm_test_now_ms();
		while ((w = waitpid(pid, &st, WNOHANG)) == 0 &&
		       kvm_test_now_ms() - t_sig < STOP_BOUND_MS + 20000)
			usleep(2000);
		r->stop_ms = kvm_test_now_ms() - t_sig;
	}
	if (w != pid) {
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
	}
	if (WIFEXITED(st))
		r->status = WEXITSTATUS(st);
	else if (WIFSIGNALED(st))
		r->status = 1000 + WTERMSIG(st);	/* no handler: not the exit asked for */
	read_file(outp, r->out, sizeof(r->out));
	read_file(errp, r->err, sizeof(r->err));
	unlink(outp);
	unlink(errp);
	return started ? 0 : -1;
}

/*
 * A whole KTAP document: "1..N" once, then exactly N top-level results
 * numbered 1..N; each SKIP names a reason.  Returns N, or -1 (what is
 * wrong in @why); *@skips gets the SKIPs that mention @skip_word.
 */
static int ktap_whole(const char *text, const char *skip_word, int *skips, char *why,
		      size_t len)
{
	const char *line = text;
	int plan = -1, n = 0;

	*skips = 0;
	while (*line) {
		const char *end = strchr(line, '\n');
		size_t l = end ? (size_t)(end - line) : strlen(line);
		char buf[1024];
		int num;

		snprintf(buf, sizeof(buf), "%.*s", (int)(l < sizeof(buf) - 1 ? l : sizeof(buf) - 1),
			 line);
		if (sscanf(buf, "1..%d", &plan) == 1) {
			/* the plan */
		} else if (sscanf(buf, "ok %d", &num) == 1 || sscanf(buf, "not ok %d", &num) == 1) {
			char *skip = strstr(buf, "# SKIP");

			if (num != ++n) {
				snprintf(why, len, "test point %d numbered %d", n, num);
				return -1;
			}
			if (skip && !skip[6 + strspn(skip + 6, " ")]) {
				snprintf(why, len, "test point %d: a SKIP without a reason", n);
				return -1;
			}
			if (skip && strstr(skip, skip_word))
				(*skips)++;
		}
		line += l + (end ? 1 : 0);
	}
	if (plan < 0) {
		snprintf(why, len, "no plan");
		return -1;
	}
	if (plan != n) {
		snprintf(why, len, "plan 1..%d, %d test points", plan, n);
		return -1;
	}
	return n;
}

/* Does @text parse as one JSON document (python3 -c json.load)? */
/*
 * The partial report must be one whole JSON document: jansson, as pvprobe
 * reads JSON (no python3: this runs inside ci/kvm-host's busybox host too).
 */
static int json_parses(const char *text, char *why, size_t len)
{
	json_error_t e;
	json_t *j = json_loads(text, JSON_REJECT_DUPLICATES, &e);

	if (!j) {
		snprintf(why, len, "invalid JSON at line %d column %d: %s", e.line, e.column, e.text);
		return 0;
	}
	json_decref(j);
	snprintf(why, len, "valid JSON");
	return 1;
}

static void check_stopped(struct __test_metadata *_metadata, int sig, int tap)
{
	const char *argv[] = { "check", tap ? "--tap" : "--json", NULL };
	char why[4096];
	int n, skips;

	ASSERT_EQ(0, run_and_stop(argv, sig, &res)) {
		TH_LOG("pvprobe check never opened a vCPU; exit %d, stderr: %s", res.status, res.err);
	}
	EXPECT_EQ(128 + sig, res.status) {
		TH_LOG("stderr: %s", res.err);
	}
	EXPECT_LT(res.stop_ms, STOP_BOUND_MS);
	if (tap) {
		n = ktap_whole(res.out, "interrupted", &skips, why, sizeof(why));
		EXPECT_LT(0, n) {
			TH_LOG("%s\n%s", why, res.out);
		}
		/* Whatever was not run says so, and the totals agree. */
		if (skips) {
			char totals[64];

			snprintf(totals, sizeof(totals), " skip:%d ", skips);
			EXPECT_NE(NULL, strstr(res.out, totals)) {
				TH_LOG("%d SKIPs, totals: %s", skips, strstr(res.out, "# Totals"));
			}
		}
	} else {
		EXPECT_TRUE(json_parses(res.out, why, sizeof(why))) {
			TH_LOG("%s\nstdout: %.2000s", why, res.out);
		}
		EXPECT_NE(NULL, strstr(res.out, sig == SIGINT ? "\"interrupted_by\": \"SIGINT\"" :
							    "\"interrupted_by\": \"SIGTERM\""));
	}
	EXPECT_NE(NULL, strstr(res.err, "interrupted by")) {
		TH_LOG("stderr: %s", res.err);
	}
}

TEST(check_sigint_tap)
{
	check_stopped(_metadata, SIGINT, 1);
}

TEST(check_sigterm_json)
{
	check_stopped(_metadata, SIGTERM, 0);
}

TEST(check_sigterm_tap)
{
	check_stopped(_metadata, SIGTERM, 1);
}

TEST(check_sigint_json)
{
	check_stopped(_metadata, SIGINT, 0);
}

static void boot_stopped(struct __test_metadata *_metadata, int sig, int tap)
{
	/* cli; jmp . : only the deadline or the signal ends it */
	static const uint8_t code[] = { 0xfa, 0xeb, 0xfe };
	char path[64], why[4096];
	const char *argv[] = { "boot", "--kernel", path, "--vcpus", "1", "--stall", "0",
			       "--timeout", "100", tap ? "--tap" : "--json", NULL };
	int n, skips;

	ASSERT_EQ(0, kvm_test_write_vmlinux(path, sizeof(path), code, sizeof(code)));
	if (run_and_stop(argv, sig, &res)) {
		unlink(path);
		ASSERT_TRUE(0) {
			TH_LOG("pvprobe boot never opened a vCPU; exit %d, stderr: %s", res.status,
			       res.err);
		}
	}
	unlink(path);
	EXPECT_EQ(128 + sig, res.status) {
		TH_LOG("stderr: %s", res.err);
	}
	EXPECT_LT(res.stop_ms, STOP_BOUND_MS);
	if (tap) {
		n = ktap_whole(res.out, "interrupted", &skips, why, sizeof(why));
		EXPECT_LT(0, n) {
			TH_LOG("%s\n%s", why, res.out);
		}
		/* The guest decided nothing: every point but none is a SKIP. */
		EXPECT_EQ(n, skips) {
			TH_LOG("%s", res.out);
		}
	} else {
		EXPECT_TRUE(json_parses(res.out, why, sizeof(why))) {
			TH_LOG("%s\nstdout: %.2000s", why, res.out);
		}
		EXPECT_NE(NULL, strstr(res.out, "\"end\": \"interrupted\"")) {
			TH_LOG("stdout: %.2000s", res.out);
		}
	}
}

TEST(boot_sigint_tap)
{
	boot_stopped(_metadata, SIGINT, 1);
}

TEST(boot_sigterm_json)
{
	boot_stopped(_metadata, SIGTERM, 0);
}

TEST(boot_sigterm_tap)
{
	boot_stopped(_metadata, SIGTERM, 1);
}

TEST(boot_sigint_json)
{
	boot_stopped(_metadata, SIGINT, 0);
}

KVM_TEST_MAIN
