// SPDX-License-Identifier: GPL-2.0-only
/*
 * meson test --benchmark: the sweep against the bare-KVM floor, in one run.
 *
 *  floor   only the KVM work one configuration needs: a fresh vCPU of a
 *          reused VM, KVM_SET_CPUID2 of a prebuilt table, enforcement, the
 *          same guest entry (every MSR access and exit of the MSR probes),
 *          close -- no CPUID building, no read-back, no model;
 *  sweep   sweep_worker_run(), everything a sweep does, on one job;
 *  jobs    sweep_run() with every CPU;
 *  check   one `pvprobe check` as a whole process (exec, start-up
 *          included) against the same check_run() in this process, as a
 *          kselftest-style binary would do it.
 * Each is run REPEATS times; medians and ratios are printed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pv_features.h"
#include "pvprobe_exit.h"
#include "sweep.h"

#define REPEATS	5
#define CONFIGS	2000

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v)
{
	qsort(v, REPEATS, sizeof(v[0]), cmp);
	return v[REPEATS / 2];
}

/* Configurations per second of the floor. */
static double floor_rate(const struct kvm_sys *kvm, struct sweep_worker *w)
{
	struct kvm_cpuid2 *table = cpuid_build(w->s.supported, 0x01007efb, 0, &w->base.layout);
	struct run_result res;
	char err[PV_ERR_MAX];
	double t0 = now_ms();
	int i;

	(void)kvm;
	for (i = 0; i < CONFIGS; i++) {
		struct vcpu *v;

		if (w->next_id > w->max_id) {
			session_destroy(&w->s);
			session_create(w->kvm, &w->base, &w->s, err, sizeof(err));
			w->next_id = 1;
		}
		v = vcpu_open(&w->s.vm, w->next_id++, 0, err, sizeof(err));
		if (!v || vcpu_set_cpuid(v, table) || vcpu_enforce_pv_cpuid(v, i & 1) ||
		    vcpu_setup_entry(v, PV_ENTRY_MSR_PROBES, 0)) {
			fprintf(stderr, "floor: %s\n", err);
			exit(1);
		}
		vcpu_run_guest(v, 2000, &res);
		vcpu_destroy(v);
	}
	free(table);
	return CONFIGS * 1000.0 / (now_ms() - t0);
}

static double worker_rate(struct sweep_worker *w)
{
	char err[PV_ERR_MAX];
	double t0 = now_ms();
	int i;

	for (i = 0; i < CONFIGS; i++) {
		struct sweep_config c = { .eax = (uint32_t)(i * 2654435761u) & PV_DEFINED_EAX,
					  .enforce = i & 1 };

		if (sweep_worker_run(w, &c, err, sizeof(err))) {
			fprintf(stderr, "sweep: %s\n", err);
			exit(1);
		}
	}
	return CONFIGS * 1000.0 / (now_ms() - t0);
}

static double jobs_rate(const struct kvm_sys *kvm, int jobs)
{
	static struct sweep_plan p;
	static struct sweep_totals t;
	char err[PV_ERR_MAX];

	memset(&p, 0, sizeof(p));
	p.mode = SWEEP_RANDOM;
	p.random_n = CONFIGS * jobs;
	p.seed = 1;
	p.shard = p.shards = 1;
	p.jobs = jobs;
	guest_config_default(&p.base);
	if (sweep_run(kvm, &p, &t, err, sizeof(err))) {
		fprintf(stderr, "jobs: %s\n", err);
		exit(1);
	}
	return t.done * 1000.0 / t.elapsed_ms;
}

/* Milliseconds of one check in this process. */
static double check_inproc_ms(const struct kvm_sys *kvm)
{
	static struct check_report rep;
	struct guest_config cfg;
	char err[PV_ERR_MAX];
	double t0 = now_ms();

	guest_config_default(&cfg);
	cfg.eax = 0x01007efb;
	cfg.nr_vcpus = 2;
	if (check_run(kvm, &cfg, CHECK_ALL, &rep, err, sizeof(err))) {
		fprintf(stderr, "check: %s\n", err);
		exit(1);
	}
	return now_ms() - t0;
}

/* Milliseconds of `pvprobe check` as a process ($PVPROBE, or next to us). */
static double check_process_ms(const char *pvprobe)
{
	char cmd[4200];
	double t0 = now_ms();

	snprintf(cmd, sizeof(cmd), "'%s' check > /dev/null", pvprobe);
	if (system(cmd) != 0) {
		fprintf(stderr, "%s failed\n", cmd);
		exit(1);
	}
	return now_ms() - t0;
}

int main(void)
{
	static struct sweep_worker w;
	double fl[REPEATS], sw[REPEATS], jb[REPEATS], ci[REPEATS], cp[REPEATS];
	const char *pvprobe = getenv("PVPROBE");
	char self[4096];
	ssize_t len;
	int ncpu = (int)sysconf(_SC_NPROCESSORS_ONLN), i;
	struct guest_config cfg;
	struct kvm_sys kvm;
	char err[PV_ERR_MAX];

	if (kvm_sys_open(&kvm, err, sizeof(err)) != PV_EXIT_OK) {
		printf("SKIP: %s\n", err);
		return 0;
	}
	guest_config_default(&cfg);
	if (sweep_worker_init(&w, &kvm, &cfg, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	if (!pvprobe) {
		len = readlink("/proc/self/exe", self, sizeof(self) - 32);
		self[len > 0 ? len : 0] = '\0';
		if (strrchr(self, '/'))
			strcpy(strrchr(self, '/'), "/../vmm/pvprobe");
		pvprobe = self;
	}
	for (i = 0; i < REPEATS; i++) {
		ci[i] = check_inproc_ms(&kvm);
		cp[i] = check_process_ms(pvprobe);
		fl[i] = floor_rate(&kvm, &w);
		sw[i] = worker_rate(&w);
		jb[i] = jobs_rate(&kvm, ncpu);
	}
	sweep_worker_fini(&w);
	printf("configurations/s, median of %d runs of %d:\n", REPEATS, CONFIGS);
	printf("  floor (bare KVM work)  %8.0f\n", median(fl));
	printf("  sweep, 1 job           %8.0f  (%.0f%% of the floor)\n", median(sw),
	       100 * median(sw) / median(fl));
	printf("  sweep, %d jobs          %8.0f  (%.2fx one job)\n", ncpu, median(jb),
	       median(jb) / median(sw));
	printf("  exhaustive (524,288) at that rate: %.1f min\n", 524288 / median(jb) / 60);
	printf("one check: %.0f ms as a pvprobe process, %.0f ms in-process (%.2fx)\n",
	       median(cp), median(ci), median(cp) / median(ci));
	return 0;
}
