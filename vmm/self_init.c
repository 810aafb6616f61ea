// SPDX-License-Identifier: GPL-2.0-only
/*
 * /init of the self-check initramfs (vmm/mkinitramfs.py): `pvprobe self
 * --json` inside the booted guest, sent back to the VMM in a checksummed
 * frame (include/pv_qemu_abi.h, PVQ_KIND_SELF) on the isa-debugcon port,
 * then a power-off.  Linked statically: the initramfs holds nothing else.
 *
 *   as PID 1:                 mount /proc, /sys, /dev; load /modules; collect;
 *                             send; power off
 *   pvprobe-self-init --stdout [--modules DIR]
 *                             (load the modules in DIR, then) collect here and
 *                             write the frames to stdout (what a test decodes
 *                             without a guest)
 *
 * The modules are what pvprobe boot --self-module put in the initramfs
 * (vmm/boot/boot_initrd.c, plain ELF: decompressed on the host), the msr
 * driver above all: without it pvprobe self cannot read the PV MSRs.  A
 * module that does not load is said in the report, with finit_module()'s
 * reason; the report goes on without it.
 *
 * The port, not the console: the kernel may still print while /init runs
 * (the TSC's refined calibration is a delayed work, arch/x86/kernel/tsc.c
 * tsc_refine_calibration_work()), and console output would interleave with
 * the frame; a port of its own carries the frame whole.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/io.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>

#include "linux_selfreport.h"
#include "self.h"
#include "self_report.h"

#define CLOCKSOURCE "/sys/devices/system/clocksource/clocksource0/current_clocksource"
#define MSR_MAJOR	202	/* arch/x86/kernel/msr.c: __register_chrdev(MSR_MAJOR, ...) */

static struct self_module modules[SELF_MAX_MODULES];
static int nr_modules;

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* One line on the console (stderr is /dev/console under the kernel). */
static void say(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "pvprobe-init: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void mount_one(const char *type, const char *dir)
{
	mkdir(dir, 0755);
	if (mount(type, dir, type, 0, NULL) && errno != EBUSY)
		say("mount %s on %s failed", type, dir);
}

/*
 * A kernel that booted on tsc-early replaces it by tsc once the refined
 * calibration ran (tsc.c tsc_refine_calibration_work(), a delayed work
 * queued by init_tsc_clocksource() at device_initcall, so after /init may
 * start).  The model predicts the settled kernel: wait for it, up to 5 s.
 */
static void wait_settled(void)
{
	struct timespec tick = { 0, 100 * 1000 * 1000 };
	char cs[64];
	int i;

	for (i = 0; i < 50; i++) {
		FILE *f = fopen(CLOCKSOURCE, "r");

		if (!f)
			return;
		if (!fgets(cs, sizeof(cs), f))
			cs[0] = 0;
		fclose(f);
		if (strncmp(cs, "tsc-early", 9))
			return;
		nanosleep(&tick, NULL);
	}
}

static int only_files(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/*
 * finit_module(2) of every file in @dir, in name order (NN-NAME: the
 * order of --self-module).  EEXIST: the kernel has it already (built in,
 * or loaded before), which is what was wanted.
 */
static void load_modules(const char *dir)
{
	struct dirent **ent;
	char path[320];
	int n, i;

	n = scandir(dir, &ent, only_files, alphasort);
	for (i = 0; i < n; i++) {
		struct self_module *m = &modules[nr_modules];
		int fd;

		if (nr_modules < SELF_MAX_MODULES) {
			snprintf(m->file, sizeof(m->file), "%.63s", ent[i]->d_name);
			snprintf(path, sizeof(path), "%s/%s", dir, ent[i]->d_name);
			fd = open(path, O_RDONLY | O_CLOEXEC);
			if (fd < 0) {
				snprintf(m->why, sizeof(m->why), "open: %s", strerror(errno));
			} else if (syscall(SYS_finit_module, fd, "", 0) == 0) {
				m->loaded = 1;
			} else if (errno == EEXIST) {
				m->loaded = 1;
				snprintf(m->why, sizeof(m->why), "(it was there already)");
			} else {
				snprintf(m->why, sizeof(m->why), "finit_module: %s%s", strerror(errno),
					 errno == ENOEXEC ? " (not a module for this kernel: its log says why)" :
					 errno == EPERM ? " (needs CAP_SYS_MODULE)" : "");
			}
			if (fd >= 0)
				close(fd);
			say("module %s: %s%s", m->file, m->loaded ? "loaded " : "", m->why);
			nr_modules++;
		}
		free(ent[i]);
	}
	if (n >= 0)
		free(ent);
}

/*
 * The msr driver's nodes: devtmpfs has them as soon as it loaded
 * (msr_device_create() -> device_create() -> devtmpfs_create_node(), the
 * name from msr_devnode(): "cpu/N/msr").  Without devtmpfs (its mount
 * failed), make them: character major 202, minor the CPU.
 */
static void msr_nodes(void)
{
	char path[48], line[128];
	int cpu, last = 0;
	FILE *f;

	if (!access("/dev/cpu/0/msr", F_OK))
		return;
	f = fopen("/sys/devices/system/cpu/possible", "r");
	if (f && fgets(line, sizeof(line), f)) {
		char *dash = strrchr(line, '-');

		last = atoi(dash ? dash + 1 : line);
	}
	if (f)
		fclose(f);
	mkdir("/dev/cpu", 0755);
	for (cpu = 0; cpu <= last && cpu < SELF_MAX_CPUS; cpu++) {
		snprintf(path, sizeof(path), "/dev/cpu/%d", cpu);
		mkdir(path, 0755);
		snprintf(path, sizeof(path), "/dev/cpu/%d/msr", cpu);
		if (mknod(path, S_IFCHR | 0600, makedev(MSR_MAJOR, cpu)))
			say("mknod %s: %s", path, strerror(errno));
	}
	say("made /dev/cpu/0-%d/msr (devtmpfs did not have them)", cpu - 1);
}

static int msr_loaded(void)
{
	int i;

	/* "msr.ko", or "NN-msr.ko" as pvprobe boot names it */
	for (i = 0; i < nr_modules; i++) {
		const char *dash = strchr(modules[i].file, '-');

		if (modules[i].loaded && (!strcmp(modules[i].file, "msr.ko") ||
					  (dash && !strcmp(dash + 1, "msr.ko"))))
			return 1;
	}
	return 0;
}

/* The whole stream: the self-report frame, then the end frame.  malloc'd. */
static uint8_t *frames(size_t *len, int *rc)
{
	static struct self_facts facts;
	static struct self_result res;
	struct pvq_frame h, e;
	char err[SELF_ERR_MAX], *json = NULL;
	size_t jlen = 0;
	uint8_t *out;
	FILE *m;

	if (self_collect_live(&facts, false, err, sizeof(err))) {
		say("self: %s", err);
		return NULL;
	}
	facts.nr_modules = nr_modules;
	memcpy(facts.modules, modules, sizeof(modules));
	if (facts.msr_state != SELF_MSR_READ && nr_modules && !msr_loaded())
		snprintf(facts.msr_note + strlen(facts.msr_note),
			 sizeof(facts.msr_note) - strlen(facts.msr_note),
			 "; the msr driver was not loaded (see modules)");
	else if (facts.msr_state != SELF_MSR_READ && !nr_modules && getpid() == 1)
		snprintf(facts.msr_note, sizeof(facts.msr_note),
			 "no msr driver in the initramfs: pvprobe boot --self-module msr.ko");
	self_judge(&facts, &res);
	*rc = self_exit_code(&res);
	m = open_memstream(&json, &jlen);
	if (!m || self_render(&res, OUT_JSON, m) || fclose(m) || jlen > PVQ_SELF_MAX) {
		say("the report could not be written (or is over the frame's %u-byte bound)", PVQ_SELF_MAX);
		free(json);
		self_facts_free(&facts);
		return NULL;
	}
	self_facts_free(&facts);
	linux_selfreport_header(&h, PVQ_KIND_SELF, json, jlen);
	linux_selfreport_header(&e, PVQ_KIND_END, NULL, 0);
	*len = sizeof(h) + jlen + sizeof(e);
	out = malloc(*len);
	if (out) {
		memcpy(out, &h, sizeof(h));
		memcpy(out + sizeof(h), json, jlen);
		memcpy(out + sizeof(h) + jlen, &e, sizeof(e));
	}
	free(json);
	return out;
}

/* rep outsb: one exit per string (KVM hands the VMM up to a page at once). */
static void port_write(const uint8_t *p, size_t n)
{
	asm volatile("rep outsb" : "+S"(p), "+c"(n) : "d"((uint16_t)PVQ_DEBUGCON_PORT) : "memory");
}

static __attribute__((noreturn)) void as_init(void)
{
	size_t len = 0;
	uint8_t *buf;
	int rc = 0;

	mount_one("proc", "/proc");
	mount_one("sysfs", "/sys");
	mount_one("devtmpfs", "/dev");
	load_modules("/modules");
	if (msr_loaded())
		msr_nodes();
	wait_settled();
	buf = frames(&len, &rc);
	if (buf && ioperm(PVQ_DEBUGCON_PORT, 1, 1) == 0) {
		port_write(buf, len);
		say("self-report sent to port 0xe9: %zu bytes, sum 0x%08x, self exit %d", len,
		    ((struct pvq_frame *)buf)->sum, rc);
	} else if (buf) {
		say("ioperm(0xe9): %s", strerror(errno));
	}
	free(buf);
	sync();
	reboot(RB_POWER_OFF);
	say("power-off failed: %s", strerror(errno));
	for (;;)
		pause();
}

int main(int argc, char **argv)
{
	size_t len = 0;
	uint8_t *buf;
	int rc = 0;

	if (getpid() == 1)
		as_init();
	if ((argc != 2 && argc != 4) || strcmp(argv[1], "--stdout") ||
	    (argc == 4 && strcmp(argv[2], "--modules"))) {
		fprintf(stderr, "usage: pvprobe-self-init --stdout [--modules DIR]   (as PID 1: the self-check initramfs's /init)\n");
		return 2;
	}
	if (argc == 4)
		load_modules(argv[3]);
	buf = frames(&len, &rc);
	if (!buf || fwrite(buf, 1, len, stdout) != len || fflush(stdout)) {
		free(buf);
		return 1;
	}
	free(buf);
	return 0;
}
