// SPDX-License-Identifier: GPL-2.0-only
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpuid_table.h"
#include "layout.h"
#include "linux_log.h"
#include "linux_model.h"
#include "pv_feature.h"
#include "pvprobe_exit.h"
#include "qemu_linux.h"

static void diff(struct qemu_linux_report *rep, int explained, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void diff(struct qemu_linux_report *rep, int explained, const char *fmt, ...)
{
	va_list ap;

	if (!explained)
		rep->unexplained++;
	if (rep->nr_diffs == QEMU_LINUX_MAX_DIFFS)
		return;
	rep->diffs[rep->nr_diffs].explained = explained;
	va_start(ap, fmt);
	vsnprintf(rep->diffs[rep->nr_diffs].text, sizeof(rep->diffs[0].text), fmt, ap);
	va_end(ap);
	rep->nr_diffs++;
}

int qemu_linux_smp(char *const *args, int n)
{
	int i;

	for (i = 0; i + 1 < n; i++) {
		const char *s = args[i + 1], *c;
		long v;

		if (strcmp(args[i], "-smp"))
			continue;
		c = strstr(s, "cpus=");
		v = strtol(c ? c + 5 : s, NULL, 10);
		return v >= 1 && v <= 8192 ? (int)v : 1;
	}
	return 1;
}

/* The guest's self-report, or why there is none (the boot's reasons, boot.c self_view()). */
static void self_view(struct qemu_linux_report *rep)
{
	const struct qemu_linux_run *lr = &rep->lr;
	char why[256];

	if (lr->frames_over) {
		snprintf(rep->self_note, sizeof(rep->self_note),
			 "the guest sent over %zu bytes on port 0xe9: more than a self-report can be",
			 (size_t)QEMU_LINUX_FRAMES_MAX - 1);
		return;
	}
	if (!linux_selfreport_decode(lr->frames, lr->frames_len, &rep->self, why, sizeof(why))) {
		rep->self_ok = 1;
		return;
	}
	if (lr->frames_len)
		snprintf(rep->self_note, sizeof(rep->self_note), "%s", why);
	else if (memmem(lr->console, lr->console_len, "Run /init as init process",
			strlen("Run /init as init process")))
		snprintf(rep->self_note, sizeof(rep->self_note),
			 "no self-report frame: /init ran but sent nothing on port 0xe9");
	else
		snprintf(rep->self_note, sizeof(rep->self_note),
			 "no self-report frame: the kernel did not reach /init (last console line: %s)",
			 rep->reached[0] ? rep->reached : "none");
}

/* The console's last non-empty line, printable, for "how far the boot got". */
static void last_line(struct qemu_linux_report *rep)
{
	const char *c = rep->lr.console, *end = c + rep->lr.console_len, *p = end, *s;
	size_t i, k = 0;

	while (p > c && (p[-1] == '\n' || p[-1] == '\r'))
		p--;
	end = p;
	while (p > c && p[-1] != '\n')
		p--;
	for (s = p; s < end && k + 1 < sizeof(rep->reached); s++)
		if (*s != '\r')
			rep->reached[k++] = (*s >= 0x20 && *s < 0x7f) ? *s : '.';
	rep->reached[k] = '\0';
	for (i = 0; rep->reached[i] == ' '; i++)
		;
	memmove(rep->reached, rep->reached + i, k - i + 1);
}

/*
 * The model's CPUID: the host's supported table with QEMU's claimed
 * 0x40000001 words where QEMU puts them: at 0x40000100 behind Hyper-V's
 * leaves with an hv-* property, nowhere with kvm=off or without -accel
 * kvm (QEMU builds the KVM leaves in target/i386/kvm/kvm.c
 * kvm_arch_init_vcpu()).
 */
static int model(struct qemu_linux_report *rep, const struct kvm_cpuid2 *supported)
{
	const struct qemu_claim *c = &rep->lr.run.claim;
	struct linux_model_input in = { .nr_cpus = rep->nr_cpus, .cmdline = rep->append,
					.settled = rep->self_ok };
	struct kvm_cpuid2 *t;
	struct layout l;
	char err[128];

	if (!supported || !c->ok) {
		if (!rep->self_ok)
			return 0;
		rep->model = rep->self.model;
		snprintf(rep->model_source, sizeof(rep->model_source),
			 "the guest's own model (%s)", !rep->kvm_accel ? "no KVM under this accelerator" :
			 !supported ? "no /dev/kvm here" : "QEMU's claim could not be read");
		return 1;
	}
	layout_parse(!c->kvm || !rep->kvm_accel ? "none" : c->hyperv ? "hyperv" : "kvm", &l, err,
		     sizeof(err));
	t = cpuid_build(supported, c->eax, c->edx, &l);
	if (!t)
		return 0;
	in.cpuid = t;
	if (memmem(rep->lr.console, rep->lr.console_len, "Unable to calibrate against PIT",
		   strlen("Unable to calibrate against PIT")))
		in.tsc_calibration_failed = 1;
	linux_model_predict(&in, &rep->model);
	free(t);
	snprintf(rep->model_source, sizeof(rep->model_source),
		 "QEMU's claim (eax 0x%08x edx 0x%08x%s), %d CPUs, the command line", c->eax, c->edx,
		 !c->kvm || !rep->kvm_accel ? ", no KVM leaves" : c->hyperv ? ", at 0x40000100" : "",
		 rep->nr_cpus);
	return 1;
}

/* QEMU's claim beside what the booted guest read from CPUID. */
static void claim_vs_guest(struct qemu_linux_report *rep)
{
	const struct qemu_claim *c = &rep->lr.run.claim;
	uint32_t want_base = !c->kvm || !rep->kvm_accel ? 0 : c->hyperv ? 0x40000100 : 0x40000000;
	uint32_t x;
	int bit;

	if (!c->ok || !rep->self_ok)
		return;
	if (rep->self.kvm_base != want_base) {
		diff(rep, 0, "the guest found KVM at 0x%08x, QEMU's claim puts it at 0x%08x",
		     rep->self.kvm_base, want_base);
		return;
	}
	if (!want_base)
		return;
	x = (c->eax ^ rep->self.eax);
	for (bit = 0; bit < 32; bit++) {
		const struct pv_feature *f = pv_feature_by_bit(PV_REG_EAX, bit);

		if (!(x & (1u << bit)))
			continue;
		diff(rep, 0, "%s (eax bit %d): QEMU claims %s, the guest read %s",
		     f ? f->name : "?", bit, c->eax & (1u << bit) ? "on" : "off",
		     rep->self.eax & (1u << bit) ? "on" : "off");
	}
	if (c->edx != rep->self.edx)
		diff(rep, 0, "hints: QEMU claims edx 0x%08x, the guest read 0x%08x", c->edx, rep->self.edx);
}

static int agrees(enum linux_decision d, const char *want, const char *seen)
{
	if (d == LD_KVMCLOCK && !strcmp(seen, "on"))
		return !strcmp(want, "new-msrs") || !strcmp(want, "old-msrs");
	return !strcmp(want, seen);
}

void qemu_linux_compare(struct qemu_linux_report *rep, const struct kvm_cpuid2 *supported)
{
	const struct qemu_linux_run *lr = &rep->lr;
	int d;

	last_line(rep);
	self_view(rep);
	linux_log_parse(lr->console, lr->console_len, &rep->log);
	rep->model_ok = model(rep, supported);
	claim_vs_guest(rep);

	rep->nr_mismatches = 0;
	for (d = 0; d < LD_NR && rep->model_ok; d++) {
		const char *seen[2] = { rep->log.value[d], rep->self.seen.value[d] };
		int i, known = 0, ok = 1;

		for (i = 0; i < 2; i++) {
			if (!seen[i][0])
				continue;
			known++;
			ok &= agrees(d, rep->model.value[d], seen[i]);
		}
		/* A boot that stopped before /init decided nothing more: not reached, not a mismatch. */
		if (!known && !rep->self_ok)
			rep->verdict[d] = BOOT_NOT_REACHED;
		else
			rep->verdict[d] = !known ? BOOT_UNSEEN : ok ? BOOT_AGREES : BOOT_DIFFERS;
		/*
		 * Unseen is unknown, as for pvprobe self: steal time and async
		 * PF are logged only with pr_debug() (kvm.c kvm_register_steal_time(),
		 * kvm_guest_cpu_init()), and under QEMU there is no view of KVM's MSRs.
		 */
		rep->nr_mismatches += rep->verdict[d] == BOOT_DIFFERS;
	}

	if (!lr->run.claim.ok) {
		rep->rc = PV_EXIT_FAIL;
		snprintf(rep->why, sizeof(rep->why), "QEMU's claim could not be read: %s", lr->run.claim_err);
	} else if (!rep->self_ok) {
		/*
		 * QEMU's dump marks the failing byte <cc>: Linux's own INT3
		 * (arch/x86/kernel/alternative.c int3_selftest()), which an
		 * emulator that gives up cannot deliver; QEMU cannot go on.
		 */
		const char *at = !lr->guest_error ? "" :
				 strstr(lr->run.qemu_err, "<cc>") ? " at int3 (Linux's int3_selftest())" :
				 strstr(lr->run.qemu_err, "<c4> 42") ? " at shlx (zstd in the in-guest decompressor; try --pvh)" :
				 strstr(lr->run.qemu_err, "<f0> 48 0f c7") ? " at lock cmpxchg16b" : "";

		rep->rc = PV_EXIT_FAIL;
		snprintf(rep->why, sizeof(rep->why), "no self-report from the guest: %s%s%s%s", rep->self_note,
			 lr->guest_error ? "; QEMU stopped the guest: KVM internal error" : "", at,
			 lr->guest_error ? " (QEMU's stderr follows)" : "");
	} else if (rep->unexplained || rep->nr_mismatches) {
		rep->rc = PV_EXIT_MISMATCH;
		snprintf(rep->why, sizeof(rep->why), "%d differences between QEMU's claim and the guest, %d decisions that differ from the model",
			 rep->unexplained, rep->nr_mismatches);
	} else {
		rep->rc = PV_EXIT_OK;
	}
}
