// SPDX-License-Identifier: GPL-2.0-only
/*
 * /init of the self-check initramfs (vmm/mkinitramfs.py): `pvprobe self
 * --json` inside the booted guest, sent back to the VMM in a checksummed
 * frame (include/pv_qemu_abi.h, PVQ_KIND_SELF) on the isa-debugcon port,
 * then a power-off.  Linked statically: the initramfs holds nothing else.
 *
 *   as PID 1:                 mount /proc, /sys, /dev; collect; send; power off
 *   pvprobe-self-init --stdout   collect here and write the frames to stdout
 *                                (what a test decodes without a guest)
 *
 * The port, not the console: the kernel may still print while /init runs
 * (the TSC's refined calibration is a delayed work, arch/x86/kernel/tsc.c
 * tsc_refine_calibration_work()), and console output would interleave with
 * the frame; a port of its own carries the frame whole.
 */
#include <errno.h>
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

#include "linux_selfreport.h"
#include "self.h"
#include "self_report.h"

#define CLOCKSOURCE "/sys/devices/system/clocksource/clocksource0/current_clocksource"

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
	if (argc != 2 || strcmp(argv[1], "--stdout")) {
		fprintf(stderr, "usage: pvprobe-self-init --stdout   (as PID 1: the self-check initramfs's /init)\n");
		return 2;
	}
	buf = frames(&len, &rc);
	if (!buf || fwrite(buf, 1, len, stdout) != len || fflush(stdout)) {
		free(buf);
		return 1;
	}
	free(buf);
	return 0;
}
