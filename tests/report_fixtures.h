/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Made-up results of every command, for the renderers' golden tests
 * (tests/unit_report.c, tests/data/report/): each fills a result value the
 * way the probe or boot layer would, with the rows a real run on this
 * machine seldom or never shows -- mismatches, reproduce lines, probes not
 * run, KVM's edits with their reasons, a boot that stalled -- so that every
 * branch of every renderer has bytes to compare.  Plain data: no KVM.
 */
#ifndef PVPROBE_REPORT_FIXTURES_H
#define PVPROBE_REPORT_FIXTURES_H

#include "bisect.h"
#include "boot.h"
#include "check.h"
#include "cpuid_verify.h"
#include "guest_view.h"
#include "host_view.h"
#include "sweep.h"

/* Variant 0: every kind of row (ok, not run, deviation, mismatch); 1: all ok. */
void fixture_check(struct check_report *rep, int variant);
/* 0: KVM's edits, a refused leaf, a failed vCPU; 1: a replayed table without KVM. */
void fixture_guest(struct guest_view *gv, int variant);
/* 0: this machine's kind of host; 1: no KVM leaves at all. */
void fixture_host(struct host_view *hv, int variant);
void fixture_cpuid_verify(struct cpuid_verify_report *rep);
/* A finished shard with mismatches per probe and per feature, and the heat map's counts. */
void fixture_sweep(struct sweep_plan *p, struct sweep_totals *t);
/* 0: found; 1: good and bad the same; 2: not reproducible; 3: the same mask. */
void fixture_bisect(struct bisect_report *rep, int variant);
/*
 * 0: a boot to its end with mismatches, not-reached decisions, --expect
 * lines and the VMM's stepping in; 1: a stall without a KVM signature.
 * @r->console points at static storage: do not boot_result_free() it.
 */
void fixture_boot(struct boot_options *o, struct boot_result *r, int variant);

#endif /* PVPROBE_REPORT_FIXTURES_H */
