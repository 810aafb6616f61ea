// SPDX-License-Identifier: GPL-2.0-only
/*
 * Made-up results for the renderers' golden tests (report_fixtures.h).
 * The values are chosen to reach branches, not to be a consistent run:
 * a renderer must print what it is given.
 */
#include <asm/kvm_para.h>
#include <linux/kvm.h>
#include <stdlib.h>
#include <string.h>

#include "report_fixtures.h"

static const struct deviation hang_dev = {
	.backend = "kvm_pvm", .probe_prefix = "hypercall.", .observed = OUT_TIMEOUT, .hangs = 1,
	.reason = "kvm_pvm: VMCALL never completes (a \"quoted\" reason\twith a tab)",
};

static void row(struct check_report *rep, const char *name, struct outcome exp,
		const char *reason, struct outcome obs, enum verdict v,
		const struct deviation *dev, const char *detail)
{
	struct check_row *r = &rep->rows[rep->nr_rows++];

	r->p = probe_by_name(name);
	if (!r->p)
		abort();
	r->exp.out = exp;
	r->exp.reason = reason;
	r->obs = obs;
	r->v = v;
	r->dev = dev;
	snprintf(r->detail, sizeof(r->detail), "%s", detail ? detail : "");
	if (v == V_OK)
		rep->oks++;
	else if (v == V_DEVIATION)
		rep->deviations++;
	else
		rep->mismatches++;
}

#define ACCEPT(v)	((struct outcome){ .kind = OUT_ACCEPT, .has_value = 1, .value = (v) })
#define ACCEPTED	((struct outcome){ .kind = OUT_ACCEPT })
#define FAULT(vec)	((struct outcome){ .kind = OUT_FAULT, .vector = (vec) })
#define RET(v)		((struct outcome){ .kind = OUT_RETURN, .has_value = 1, .value = (uint64_t)(v) })
#define TIMEOUT(rip)	((struct outcome){ .kind = OUT_TIMEOUT, .has_value = 1, .value = (rip) })
#define NOT_RUN		((struct outcome){ .kind = OUT_NOT_RUN })

static void cpuid_entry(struct kvm_cpuid_entry2 *e, uint32_t fn, uint32_t idx, int flags,
			uint32_t a, uint32_t b, uint32_t c, uint32_t d)
{
	memset(e, 0, sizeof(*e));
	e->function = fn;
	e->index = idx;
	e->flags = flags ? KVM_CPUID_FLAG_SIGNIFCANT_INDEX : 0;
	e->eax = a;
	e->ebx = b;
	e->ecx = c;
	e->edx = d;
}

void fixture_check(struct check_report *rep, int variant)
{
	memset(rep, 0, sizeof(*rep));
	rep->cfg.eax = variant ? 0 : 0x01007edb;
	rep->cfg.edx = variant ? 0x1 : 0;
	rep->cfg.enforce = !variant;
	rep->cfg.nr_vcpus = variant ? 1 : 2;
	rep->in.eax = variant ? 0 : 0x01007e5b;
	rep->in.edx = rep->cfg.edx;
	rep->in.exit_hypercall = !variant;
	rep->in.user_msr = 1;
	rep->in.quirk_off = !variant;
	snprintf(rep->facts.backend, sizeof(rep->facts.backend), "%s", variant ? "kvm_amd" : "kvm_pvm");
	snprintf(rep->facts.vendor, sizeof(rep->facts.vendor), "AuthenticAMD");
	rep->facts.vmcall = !variant;
	if (!variant)
		snprintf(rep->facts.clocksource, sizeof(rep->facts.clocksource), "tsc");
	rep->facts.sched_info = !variant;
	rep->facts.ignore_msrs = variant;
	rep->elapsed_ms = 206.4;
	cpuid_entry(&rep->set[0], 0x40000000, 0, 0, 0x40000001, 0x4b4d564b, 0x564b4d56, 0x4d);
	cpuid_entry(&rep->set[1], 0x40000001, 0, 0, rep->cfg.eax, 0, 0, rep->cfg.edx);
	cpuid_entry(&rep->set[2], 0xd, 1, 1, 0x1f, 0x240, 0, 0);
	rep->nr_set = 3;

	row(rep, "msr.STEAL_TIME.read", ACCEPT(0), "nothing written yet: reads 0", ACCEPT(0),
	    V_OK, NULL, NULL);
	row(rep, "msr.STEAL_TIME.readback", ACCEPT(0x45001), "reads back what was written",
	    ACCEPT(0x45001), V_OK, NULL, NULL);
	row(rep, "check.POLL_BIT1", FAULT(13), "MSR_KVM_POLL_CONTROL: only bit 0 -> #GP",
	    FAULT(13), V_OK, NULL, NULL);
	if (variant) {
		row(rep, "hypercall.FROM_RING3", RET(-1), "CPL > 0 -> -KVM_EPERM", RET(-1), V_OK,
		    NULL, NULL);
		return;
	}
	row(rep, "msr.PV_EOI_EN.enable", ACCEPTED, "gated feature available: accepted",
	    FAULT(13), V_MISMATCH, NULL, "vCPU 0: #GP at RIP 0x100200");
	row(rep, "hypercall.KICK_CPU", RET(0), "KVM_HC_KICK_CPU: 0 after kvm_pv_kick_cpu_op()",
	    TIMEOUT(0x1010b0), V_DEVIATION, &hang_dev,
	    "guest did not finish within 50 ms: kicked at RIP 0x1010b0");
	row(rep, "hypercall.SEND_IPI", NOT_RUN, "needs a second vCPU (--vcpus 1)", NOT_RUN, V_OK,
	    NULL, NULL);
	row(rep, "hypercall.UNKNOWN_NR", RET(-1000), "unknown nr -> -KVM_ENOSYS", RET(0),
	    V_MISMATCH, NULL, NULL);
	snprintf(rep->repro_extra, sizeof(rep->repro_extra), " --timeout 1000 --expect '%s'",
		 "msr.PV_EOI_EN.enable=accept");
}

void fixture_guest(struct guest_view *gv, int variant)
{
	struct cpuid_change *c;

	memset(gv, 0, sizeof(*gv));
	gv->failed_vcpu = -1;
	gv->disagree_vcpu = -1;
	layout_default(&gv->cfg.layout);
	gv->cfg.enforce = !variant;
	gv->cfg.nr_vcpus = variant ? 1 : 2;
	cpuid_entry(&gv->set[0], 0x40000000, 0, 0, 0x40000001, 0x4b4d564b, 0x564b4d56, 0x4d);
	cpuid_entry(&gv->set[1], 0x40000001, 0, 0, 0x01007efb, 0, 0, 0);
	gv->nr_set = 2;
	if (variant) {
		gv->replayed = 1;
		gv->nr_refused = 1;
		cpuid_entry(&gv->refused[0], 0xd, 0, 1, 0x60207, 0x988, 0x2b00, 0);
		gv->run[0].status = RUN_DONE;
		snprintf(gv->run[0].detail, sizeof(gv->run[0].detail), "guest done after 1 exits");
		return;
	}
	gv->cfg.eax = 0x01007edb;
	gv->cfg.edx = 0x1;
	gv->cfg.disable_exits = KVM_X86_DISABLE_EXITS_HLT;
	gv->kvm_base = 0x40000000;
	gv->kvm_eax = 0x01007e5b;
	gv->kvm_edx = 0x1;
	gv->expect_base[PV_SIG_KVM] = 0x40000000;
	gv->sig_base[PV_SIG_KVM] = 0x40000000;
	gv->sig_base[PV_SIG_XEN] = 0x40000100;	/* a disagreement, printed as found */
	gv->leaf0.eax = 0x40000001;
	gv->leaf1.eax = gv->eax = 0x01007e5b;
	gv->leaf1.edx = gv->edx = 0x1;
	c = &gv->changes[gv->nr_changes++];
	*c = (struct cpuid_change){ 0x40000001, 0, 0, 0x01007edb, 0x01007e5b, 0 };
	c = &gv->changes[gv->nr_changes++];
	*c = (struct cpuid_change){ 1, 0, 2, 0x81202000, 0xf7f83203 & ~(1u << 27), 0 };
	c = &gv->changes[gv->nr_changes++];
	*c = (struct cpuid_change){ 1, 0, 3, 0x078bfbff, 0x078bf9ff, 0 };
	c = &gv->changes[gv->nr_changes++];
	*c = (struct cpuid_change){ 0xd, 0, 1, 0x240, 0x988, 0 };
	c = &gv->changes[gv->nr_changes++];
	*c = (struct cpuid_change){ 0x1d, 0, -1, 0, 0, 1 };
	gv->run[0].status = RUN_DONE;
	snprintf(gv->run[0].detail, sizeof(gv->run[0].detail), "guest done after 3 exits");
	gv->run[1].status = RUN_TIMEOUT;
	snprintf(gv->run[1].detail, sizeof(gv->run[1].detail),
		 "guest did not finish within 2000 ms: kicked at RIP 0x100abc");
	gv->failed_vcpu = 1;
}

void fixture_host(struct host_view *hv, int variant)
{
	int i;

	memset(hv, 0, sizeof(*hv));
	snprintf(hv->dev, sizeof(hv->dev), "/dev/kvm");
	snprintf(hv->backend, sizeof(hv->backend), "%s", variant ? "kvm_intel" : "kvm_pvm");
	hv->api_version = 12;
	for (i = 0; i < HOST_NR_CAPS; i++)
		hv->caps[i] = variant ? 0 : i == 2 ? 0xf : 1;
	if (variant)
		return;
	hv->has_kvm_leaves = 1;
	hv->sig_eax = 0x40000001;
	memcpy(hv->signature, "KVMKVMKVM\0\0\0", 13);
	hv->eax = 0x01007efb;
	hv->edx = 0x1;
}

void fixture_cpuid_verify(struct cpuid_verify_report *rep)
{
	static const struct cv_diff d[] = {
		{ 1, 0, 2, 0x81202000, 0xf7f83203, 0xf7f83203, 1u << 27, CV_EDIT,
		  "OSXSAVE follows the guest's CR4.OSXSAVE" },
		{ 1, 0, 2, 0x81202000, 0xf7f83203, 0xf7f83203, 0x76d81203, CV_DEVIATION,
		  "kvm_pvm: leaf 1 is this machine's own" },
		{ 0x40000001, 0, 0, 0x01007efb, 0x01007efb, 0x01007e7b, 1u << 7, CV_MISMATCH,
		  "the hypervisor leaves must reach the guest exactly as programmed" },
	};

	memset(rep, 0, sizeof(*rep));
	snprintf(rep->backend, sizeof(rep->backend), "kvm_pvm");
	rep->nr_leaves = 62;
	rep->nr_hv_leaves = 2;
	memcpy(rep->d, d, sizeof(d));
	rep->nr_diffs = 3;
	rep->edits = 1;
	rep->deviations = 1;
	rep->mismatches = 1;
}

void fixture_sweep(struct sweep_plan *p, struct sweep_totals *t)
{
	/* by name: the list grows (and the heat map with it: one row per MSR probe) */
	int st = (int)(probe_by_name("msr.SYSTEM_TIME.read") - probe_list);
	int steal = (int)(probe_by_name("msr.STEAL_TIME.read") - probe_list);
	int i, b;

	memset(p, 0, sizeof(*p));
	memset(t, 0, sizeof(*t));
	p->mode = SWEEP_RANDOM;
	p->random_n = 200;
	p->seed = 1;
	p->shard = 2;
	p->shards = 3;
	p->jobs = 2;
	t->shard = p->shard;
	t->shards = p->shards;
	t->jobs = p->jobs;
	t->total = 67;
	t->done = 67;
	t->bad_configs = 3;
	t->deviations = 5;
	t->elapsed_ms = 512.5;
	t->vms = 2;
	t->by_probe[st] = 2;
	t->by_probe[steal] = 1;
	t->by_feature[0] = 2;
	t->by_feature[5] = 1;
	t->bad[st] = 2;
	t->bad[steal] = 1;
	for (i = 0; i < probe_count && i < CHECK_MAX_ROWS; i++) {
		for (b = 0; b < 32; b++) {
			t->seen[i][b][0] = 30 + (b & 3);
			t->seen[i][b][1] = 37 - (b & 3);
			t->good[i][b][0] = (uint32_t)((i * 7 + b * 3) % 31);
			t->good[i][b][1] = (uint32_t)((i * 5 + b * 11) % 35);
		}
	}
}

void fixture_bisect(struct bisect_report *rep, int variant)
{
	memset(rep, 0, sizeof(*rep));
	rep->req.cfg.edx = 0;
	rep->req.cfg.enforce = variant != 1;
	rep->req.cfg.nr_vcpus = 2;
	rep->req.good = 0;
	rep->req.bad = variant == 3 ? 0 : 0x01007efb;
	rep->req.probe = variant == 0 || variant == 1 ? probe_by_name("check.APF_VMEXIT_BIT") : NULL;
	rep->scope = CHECK_MSRS;
	rep->diff = rep->req.good ^ rep->req.bad;
	rep->elapsed_ms = 1834.6;
	if (variant == 3)
		return;
	fixture_check(&rep->good, 1);
	fixture_check(&rep->bad, 1);
	rep->good.cfg.eax = rep->req.good;
	rep->bad.cfg.eax = rep->req.bad;
	rep->bad.rows[0].obs = FAULT(13);
	rep->bad.rows[2].obs = ACCEPTED;
	rep->runs = 2;
	if (variant == 1) {
		rep->status = BISECT_SAME;
		rep->bad.rows[0].obs = rep->good.rows[0].obs;
		rep->bad.rows[2].obs = rep->good.rows[2].obs;
		return;
	}
	rep->pair = rep->bad;
	if (variant == 2) {
		rep->status = BISECT_FLAKY;
		rep->pair.rows[0].obs = rep->good.rows[0].obs;
		rep->pair.rows[2].obs = rep->good.rows[2].obs;
		rep->runs = 9;
		rep->tests = 7;
		return;
	}
	rep->status = BISECT_FOUND;
	rep->bits = (1u << 4) | (1u << 10);
	rep->pair.cfg.eax = rep->req.good ^ rep->bits;
	rep->runs = 31;
	rep->tests = 28;
}

void fixture_boot(struct boot_options *o, struct boot_result *r, int variant)
{
	static char console[] = "Linux version 6.12.0 (x@y)\r\n"
		"kvm-clock: Using msrs 4b564d01 and 4b564d00\n\x1b[1mbold\x1b[0m\n"
		"\n\tsmp: Brought up 1 node, 2 CPUs\n";
	static const char *const model[LD_NR] = {
		"KVM", "new-msrs", "off", "on", "on", "off", "off", "on", "on", "off", "tsc",
	};
	int d;

	memset(o, 0, sizeof(*o));
	memset(r, 0, sizeof(*r));
	r->opts = o;
	o->kernel = variant ? "/tmp/hang.vmlinux" : "build/guest-kernel/vmlinuz";
	layout_default(&o->layout);
	if (variant)
		layout_parse("none", &o->layout, r->end_detail, sizeof(r->end_detail));
	o->enforce = !variant;
	o->nr_vcpus = variant ? 1 : 2;
	o->ram_mib = 256;
	snprintf(r->format, sizeof(r->format), "%s", variant ? "vmlinux" : "bzImage+zstd");
	if (!variant)
		snprintf(r->release, sizeof(r->release), "6.12.117+deb12-cloud-amd64");
	r->model_version = 612;
	snprintf(r->model_note, sizeof(r->model_note), variant ? "model 6.12 (kernel version unknown)" :
		 "model 6.12 (Linux 6.12)");
	r->entry = 0x1000000;
	r->load_ms = 151.2;
	snprintf(r->backend, sizeof(r->backend), "kvm_pvm");
	snprintf(r->cmdline, sizeof(r->cmdline), "earlyprintk=ttyS0 console=ttyS0 panic=-1");
	r->nr_vcpus = o->nr_vcpus;
	r->nr_ran = variant ? 1 : 2;
	r->console = console;
	r->console_len = strlen(console);
	for (d = 0; d < LD_NR; d++) {
		linux_view_set(&r->model, d, model[d], "kvm.c: the model's reason");
		r->verdict[d] = BOOT_AGREES;
	}
	if (variant) {
		r->end = BOOT_END_STALL;
		snprintf(r->end_detail, sizeof(r->end_detail),
			 "no progress for 1000 ms: vCPU 0 at RIP 0x1000001");
		r->boot_ms = 1501.0;
		for (d = 0; d < LD_NR; d++)
			r->verdict[d] = BOOT_UNSEEN;
		r->nr_mismatches = LD_NR;
		return;
	}
	o->nr_expect = 3;
	o->expect[0].d = LD_PV_SPINLOCKS;
	snprintf(o->expect[0].value, sizeof(o->expect[0].value), "on");
	o->expect[1].d = LD_HALTPOLL;
	snprintf(o->expect[1].value, sizeof(o->expect[1].value), "off");
	o->expect[2].d = LD_PV_IPI;
	snprintf(o->expect[2].value, sizeof(o->expect[2].value), "off");
	r->host_reason = "kvm_pvm: the boot ends when every CPU is up";
	r->kvm_base = 0x40000000;
	r->kvm_eax = 0x01007efb;
	r->nr_int3 = 1;
	r->nr_fwait = 12;
	r->nr_emul_retries = 3;
	r->end = BOOT_END_DONE;
	snprintf(r->end_detail, sizeof(r->end_detail), "console: smp: Brought up 1 node, 2 CPUs");
	r->boot_ms = 77512.0;
	r->first_ms = 10812.0;
	r->pv_ms = 39004.0;
	linux_view_set(&r->log, LD_KVMCLOCK, "new-msrs", "kvm-clock: Using msrs 4b564d01 and 4b564d00");
	linux_view_set(&r->kvm, LD_KVMCLOCK, "on", "KVM_GET_MSRS: system time bit 0 set");
	linux_view_set(&r->log, LD_PV_IPI, "off", "no \"kvm-guest: setup PV IPIs\" before: smp: ...");
	r->verdict[LD_PV_IPI] = BOOT_DIFFERS;
	linux_view_set(&r->kvm, LD_STEAL_TIME, "on", "MSR_KVM_STEAL_TIME bit 0 on 2 of 2 vCPUs");
	r->verdict[LD_STEAL_TIME] = BOOT_DIFFERS;
	r->verdict[LD_HALTPOLL] = BOOT_NOT_REACHED;
	r->verdict[LD_CLOCKSOURCE] = BOOT_NOT_REACHED;
	r->expect_ok[0] = 1;
	r->expect_ok[1] = 1;
	r->expect_ok[2] = 0;
	r->nr_mismatches = 3;
}
