// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pv_qemu_abi.h"
#include "pvprobe_exit.h"
#include "qemu_run.h"

#define MAX_ARGS	128
/* The report, the MSR page and one page per hypercall lane fit; a longer stream is garbage anyway. */
#define STREAM_MAX	(128 * 1024)

int qemu_binary_found(const char *binary)
{
	const char *path = getenv("PATH");
	char buf[4096];

	if (strchr(binary, '/'))
		return access(binary, X_OK) == 0;
	while (path && *path) {
		size_t n = strcspn(path, ":");

		if (snprintf(buf, sizeof(buf), "%.*s/%s", (int)n, path, binary) < (int)sizeof(buf) &&
		    access(buf, X_OK) == 0)
			return 1;
		path += n + (path[n] == ':');
	}
	return 0;
}

static int write_file(const char *path, const unsigned char *data, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	ssize_t w;

	if (fd < 0)
		return -1;
	w = write(fd, data, n);
	close(fd);
	return w == (ssize_t)n ? 0 : -1;
}

/* Up to @max bytes of @path; the tail when @tail (QEMU's last words matter). */
static size_t read_file(const char *path, void *buf, size_t max, int tail)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat sb;
	ssize_t r;

	if (fd < 0)
		return 0;
	if (tail && !fstat(fd, &sb) && (size_t)sb.st_size > max)
		lseek(fd, sb.st_size - (off_t)max, SEEK_SET);
	r = read(fd, buf, max);
	close(fd);
	return r > 0 ? (size_t)r : 0;
}

static int has_arg(char *const *args, int n, const char *a)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(args[i], a))
			return 1;
	return 0;
}

/* Has QEMU said it stopped the guest (target/i386/kvm/kvm.c, accel/kvm/kvm-all.c)? */
static int guest_stopped(const char *log)
{
	char buf[4096];
	size_t n = read_file(log, buf, sizeof(buf) - 1, 1);

	buf[n] = '\0';
	return strstr(buf, "KVM internal error") != NULL;
}

/*
 * Reap QEMU by @deadline (then kill it).  @log: QEMU's stderr, watched for
 * a guest QEMU stopped (NULL: not watched); *@stopped is set then.
 */
static void wait_reaped_watch(pid_t pid, double deadline, struct qemu_run *r, const char *log,
			      int *stopped)
{
	double next = 0;
	int status;

	for (;;) {
		pid_t w = waitpid(pid, &status, WNOHANG);

		if (w == pid)
			break;
		if (w < 0 && errno != EINTR) {
			status = 0;
			break;
		}
		if (log && qemu_now_ms() >= next) {
			next = qemu_now_ms() + 200;
			if (guest_stopped(log)) {
				*stopped = 1;
				deadline = 0;	/* kill it now */
			}
		}
		if (qemu_now_ms() >= deadline) {
			kill(pid, SIGKILL);
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
			r->end = QEMU_END_TIMEOUT;
			return;
		}
		usleep(5000);
	}
	if (WIFSIGNALED(status)) {
		r->end = QEMU_END_SIGNAL;
		r->exit_status = WTERMSIG(status);
	} else {
		r->exit_status = WEXITSTATUS(status);
		r->end = r->exit_status == PVQ_EXIT_STATUS ? QEMU_END_DONE : QEMU_END_EXIT;
	}
}

static void wait_reaped(pid_t pid, double deadline, struct qemu_run *r)
{
	wait_reaped_watch(pid, deadline, r, NULL, NULL);
}
/* QEMU's command line as run, for the report (cut at @size). */
static void join_cmdline(const char *const *argv, int n, char *out, size_t size)
{
	int i, len;

	out[0] = 0;
	for (i = 0, len = 0; i < n && len < (int)size; i++)
		len += snprintf(out + len, size - len, "%s%s", i ? " " : "", argv[i]);
}

/* In the forked child: stderr to @log, stdin and stdout to /dev/null, exec. */
static void __attribute__((noreturn)) exec_qemu(const char *qemu, const char *const *argv,
						const char *log)
{
	int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	int nul = open("/dev/null", O_RDWR);

	if (fd >= 0)
		dup2(fd, 2);
	if (nul >= 0) {
		dup2(nul, 0);
		dup2(nul, 1);
	}
	execvp(qemu, (char *const *)argv);
	_exit(127);
}


int qemu_run(const char *qemu, unsigned int timeout_s, char *const *args, int nr_args,
	     const unsigned char *image, size_t image_size, uint64_t hc_config, struct qemu_run *r,
	     char *err, size_t errlen)
{
	char dir[] = "/tmp/pvprobe-qemu.XXXXXX";
	char img[64], out[64], qmp[64], log[64], chardev[96], qmparg[96], fwcfg[96];
	const char *argv[MAX_ARGS + 32];
	static uint8_t stream[STREAM_MAX];
	double start, deadline;
	int n = 0, i;
	pid_t pid;

	memset(r, 0, sizeof(*r));
	if (!qemu_binary_found(qemu)) {
		snprintf(err, errlen, "QEMU binary '%s' not found or not executable", qemu);
		return PV_EXIT_SKIP;
	}
	if (nr_args > MAX_ARGS) {
		snprintf(err, errlen, "more than %d QEMU arguments", MAX_ARGS);
		return PV_EXIT_USAGE;
	}
	if (!mkdtemp(dir)) {
		snprintf(err, errlen, "mkdtemp: %s", strerror(errno));
		return PV_EXIT_FAIL;
	}
	snprintf(img, sizeof(img), "%s/guest-pvh.elf", dir);
	snprintf(out, sizeof(out), "%s/results", dir);
	snprintf(qmp, sizeof(qmp), "%s/qmp", dir);
	snprintf(log, sizeof(log), "%s/stderr", dir);
	snprintf(chardev, sizeof(chardev), "file,id=pvq,path=%s", out);
	snprintf(qmparg, sizeof(qmparg), "unix:%s,server=on,wait=off", qmp);
	if (write_file(img, image, image_size)) {
		snprintf(err, errlen, "%s: %s", img, strerror(errno));
		rmdir(dir);
		return PV_EXIT_FAIL;
	}

	argv[n++] = qemu;
	for (i = 0; i < nr_args; i++)
		argv[n++] = args[i];
	/* The guest's layout is 4 MiB (include/pvprobe_abi.h): RAM past it would change the boundary probes. */
	if (!has_arg(args, nr_args, "-m")) {
		argv[n++] = "-m";
		argv[n++] = "4M";
	}
	argv[n++] = "-display";
	argv[n++] = "none";
	argv[n++] = "-nodefaults";
	argv[n++] = "-no-reboot";
	argv[n++] = "-S";
	argv[n++] = "-kernel";
	argv[n++] = img;
	argv[n++] = "-chardev";
	argv[n++] = chardev;
	argv[n++] = "-device";
	argv[n++] = "isa-debugcon,iobase=0xe9,chardev=pvq";
	argv[n++] = "-device";
	argv[n++] = "isa-debug-exit,iobase=0xf4,iosize=4";
	argv[n++] = "-qmp";
	argv[n++] = qmparg;
	if (hc_config) {
		/* The hypercall lanes the guest runs (include/pv_qemu_abi.h). */
		snprintf(fwcfg, sizeof(fwcfg), "name=%s,string=0x%llx", PVQ_HC_FW_CFG,
			 (unsigned long long)hc_config);
		argv[n++] = "-fw_cfg";
		argv[n++] = fwcfg;
	}
	argv[n] = NULL;
	join_cmdline(argv, n, r->cmdline, sizeof(r->cmdline));

	start = qemu_now_ms();
	deadline = start + timeout_s * 1e3;
	pid = fork();
	if (pid < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		unlink(img);
		rmdir(dir);
		return PV_EXIT_FAIL;
	}
	if (pid == 0)
		exec_qemu(qemu, argv, log);
	if (qemu_qmp_claim(qmp, pid, deadline, &r->claim, r->claim_err, sizeof(r->claim_err)))
		kill(pid, SIGKILL);	/* paused with -S: without "cont" it would wait for the deadline */
	r->claim.split_irqchip = qemu_args_split_irqchip(args, nr_args);
	wait_reaped(pid, deadline, r);
	r->elapsed_ms = qemu_now_ms() - start;

	r->qemu_err[read_file(log, r->qemu_err, sizeof(r->qemu_err) - 1, 1)] = '\0';
	/* QEMU's words go to a terminal: no control bytes (QEMU is untrusted input). */
	for (i = 0; r->qemu_err[i]; i++)
		if ((unsigned char)r->qemu_err[i] < 0x20 && r->qemu_err[i] != '\n')
			r->qemu_err[i] = '?';
	r->stream_len = read_file(out, stream, sizeof(stream), 0);
	r->stream_ok = !qemu_stream_decode(stream, r->stream_len, &r->st, r->stream_err,
					   sizeof(r->stream_err));
	unlink(img);
	unlink(out);
	unlink(qmp);
	unlink(log);
	rmdir(dir);
	return PV_EXIT_OK;
}

/* A whole file of at most @max bytes, malloc'd and NUL-terminated; *@over if it was longer. */
static char *slurp(const char *path, size_t max, size_t *len, int *over)
{
	struct stat sb;
	char *buf = malloc(max + 1);

	*len = 0;
	if (!buf)
		return NULL;
	*len = read_file(path, buf, max, 0);
	buf[*len] = '\0';
	if (over)
		*over = !stat(path, &sb) && (size_t)sb.st_size > max;
	return buf;
}

int qemu_run_linux(const char *qemu, unsigned int timeout_s, char *const *args, int nr_args,
		   const char *kernel, const uint8_t *elf, size_t elf_len,
		   const uint8_t *initrd, size_t initrd_len,
		   const char *append, struct qemu_linux_run *lr, char *err, size_t errlen)
{
	char dir[] = "/tmp/pvprobe-qemu.XXXXXX";
	char vmlinux[64], rd[64], con[64], frames[64], qmp[64], log[64], serial[96], chardev[96], qmparg[96];
	const char *argv[MAX_ARGS + 40];
	struct qemu_run *r = &lr->run;
	double start, deadline;
	int n = 0, i;
	pid_t pid;

	memset(lr, 0, sizeof(*lr));
	if (!qemu_binary_found(qemu)) {
		snprintf(err, errlen, "QEMU binary '%s' not found or not executable", qemu);
		return PV_EXIT_SKIP;
	}
	if (nr_args > MAX_ARGS) {
		snprintf(err, errlen, "more than %d QEMU arguments", MAX_ARGS);
		return PV_EXIT_USAGE;
	}
	if (!mkdtemp(dir)) {
		snprintf(err, errlen, "mkdtemp: %s", strerror(errno));
		return PV_EXIT_FAIL;
	}
	snprintf(rd, sizeof(rd), "%s/self.cpio", dir);
	snprintf(vmlinux, sizeof(vmlinux), "%s/vmlinux", dir);
	snprintf(con, sizeof(con), "%s/console", dir);
	snprintf(frames, sizeof(frames), "%s/frames", dir);
	snprintf(qmp, sizeof(qmp), "%s/qmp", dir);
	snprintf(log, sizeof(log), "%s/stderr", dir);
	snprintf(serial, sizeof(serial), "file:%s", con);
	snprintf(chardev, sizeof(chardev), "file,id=pvq,path=%s", frames);
	snprintf(qmparg, sizeof(qmparg), "unix:%s,server=on,wait=off", qmp);
	if (write_file(rd, initrd, initrd_len) || (elf && write_file(vmlinux, elf, elf_len))) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		unlink(rd);
		unlink(vmlinux);
		rmdir(dir);
		return PV_EXIT_FAIL;
	}
	if (elf)
		kernel = vmlinux;

	argv[n++] = qemu;
	for (i = 0; i < nr_args; i++)
		argv[n++] = args[i];
	/* The kernel and the initramfs need more than QEMU's 128 MiB default on some configs. */
	if (!has_arg(args, nr_args, "-m")) {
		argv[n++] = "-m";
		argv[n++] = "512M";
	}
	argv[n++] = "-display";
	argv[n++] = "none";
	argv[n++] = "-nodefaults";
	argv[n++] = "-no-reboot";
	argv[n++] = "-S";
	argv[n++] = "-kernel";
	argv[n++] = kernel;
	argv[n++] = "-initrd";
	argv[n++] = rd;
	argv[n++] = "-append";
	argv[n++] = append;
	argv[n++] = "-serial";
	argv[n++] = serial;
	argv[n++] = "-chardev";
	argv[n++] = chardev;
	argv[n++] = "-device";
	argv[n++] = "isa-debugcon,iobase=0xe9,chardev=pvq";
	argv[n++] = "-qmp";
	argv[n++] = qmparg;
	argv[n] = NULL;
	join_cmdline(argv, n, r->cmdline, sizeof(r->cmdline));

	start = qemu_now_ms();
	deadline = start + timeout_s * 1e3;
	pid = fork();
	if (pid < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		unlink(rd);
		unlink(vmlinux);
		rmdir(dir);
		return PV_EXIT_FAIL;
	}
	if (pid == 0)
		exec_qemu(qemu, argv, log);
	if (qemu_qmp_claim(qmp, pid, deadline, &r->claim, r->claim_err, sizeof(r->claim_err)))
		kill(pid, SIGKILL);
	r->claim.split_irqchip = qemu_args_split_irqchip(args, nr_args);
	wait_reaped_watch(pid, deadline, r, log, &lr->guest_error);
	r->elapsed_ms = qemu_now_ms() - start;

	r->qemu_err[read_file(log, r->qemu_err, sizeof(r->qemu_err) - 1, 1)] = '\0';
	for (i = 0; r->qemu_err[i]; i++)
		if ((unsigned char)r->qemu_err[i] < 0x20 && r->qemu_err[i] != '\n')
			r->qemu_err[i] = '?';
	lr->console = slurp(con, QEMU_LINUX_CONSOLE_MAX, &lr->console_len, NULL);
	lr->frames = (uint8_t *)slurp(frames, QEMU_LINUX_FRAMES_MAX - 1, &lr->frames_len,
				      &lr->frames_over);
	unlink(rd);
	unlink(vmlinux);
	unlink(con);
	unlink(frames);
	unlink(qmp);
	unlink(log);
	rmdir(dir);
	if (!lr->console || !lr->frames) {
		qemu_linux_run_free(lr);
		snprintf(err, errlen, "out of memory");
		return PV_EXIT_FAIL;
	}
	return PV_EXIT_OK;
}

void qemu_linux_run_free(struct qemu_linux_run *r)
{
	free(r->console);
	r->console = NULL;
	free(r->frames);
	r->frames = NULL;
}

int qemu_args_split_irqchip(char *const *args, int nr_args)
{
	static const char key[] = "kernel-irqchip=";
	int i, split = 0;

	for (i = 0; i < nr_args; i++) {
		const char *p = args[i];

		while ((p = strstr(p, key))) {
			/* An option of its own: at the start or after a comma. */
			if (p == args[i] || p[-1] == ',') {
				const char *v = p + sizeof(key) - 1;

				split = !strncmp(v, "split", 5) && (v[5] == ',' || !v[5]);
			}
			p += sizeof(key) - 1;
		}
	}
	return split;
}
