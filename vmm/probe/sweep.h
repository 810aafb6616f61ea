/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pvprobe sweep: many configurations (mask x enforcement [x hints]), each
 * on a fresh vCPU of a reused VM (sweep_worker.c), spread over jobs and,
 * with --shard I/N, over machines: configuration k belongs to shard
 * (k mod N) + 1, so shards are disjoint and their union is everything.
 */
#ifndef PVPROBE_SWEEP_H
#define PVPROBE_SWEEP_H

#include <stdint.h>
#include <stdio.h>

#include "sweep_worker.h"

enum sweep_mode {
	SWEEP_EXHAUSTIVE,	/* every mask over the defined bits x enforcement (x REALTIME) */
	SWEEP_RANDOM,		/* N configurations from a seed */
	SWEEP_MASKS,		/* one spec per line of a file, x enforcement */
	SWEEP_PAIRWISE,		/* rows of a covering array: --pairwise, --covering 3 */
};

#define SWEEP_MAX_MASKS	4096

struct sweep_plan {
	enum sweep_mode mode;
	int hints;			/* exhaustive/random: REALTIME too */
	uint64_t random_n, seed;
	int nr_masks;			/* SWEEP_MASKS */
	uint32_t masks[SWEEP_MAX_MASKS];
	uint8_t enforce[SWEEP_MAX_MASKS];	/* SWEEP_PAIRWISE */
	uint32_t shard, shards;		/* 1-based; 1/1 = all */
	int jobs;
	struct guest_config base;	/* layout, timeout */
	FILE *jsonl;			/* mismatches, one JSON object a line, or NULL */
	int progress_tty;		/* a progress bar on stderr; else a line every 10 s */
};

struct sweep_totals {
	uint64_t total;			/* configurations in this shard */
	uint64_t done, bad_configs, deviations;
	uint64_t by_probe[CHECK_MAX_ROWS];	/* mismatches per probe_list index */
	uint64_t by_feature[32];	/* ... per eax bit gating the probe */
	double elapsed_ms;
	int vms;
	/* For the heat map: per probe and eax bit, configurations with the bit
	 * clear [0] or set [1], and how many of those the probe succeeded in. */
	uint32_t seen[CHECK_MAX_ROWS][32][2];
	uint32_t good[CHECK_MAX_ROWS][32][2];
	uint32_t bad[CHECK_MAX_ROWS];		/* mismatches per probe */
};

/*
 * Fill p->masks/p->enforce with a covering array of strength 2 over the
 * defined bits and enforcement (greedy, deterministic): for every two of
 * those factors, each of the four on/off combinations is in some row.
 */
void sweep_pairwise(struct sweep_plan *p);

/*
 * The same at strength 3 (--covering 3): every three of those factors in
 * all eight combinations (vmm/probe/covering.c says why).  -1 if the
 * array does not fit SWEEP_MAX_MASKS.
 */
int sweep_covering3(struct sweep_plan *p);

/* Every configuration index of the plan (before sharding). */
uint64_t sweep_count(const struct sweep_plan *p);
/* Configuration @k. */
void sweep_config_of(const struct sweep_plan *p, uint64_t k, struct sweep_config *c);

/* Run the shard; a PV_EXIT_* code for setup problems, @t filled. */
int sweep_run(const struct kvm_sys *kvm, const struct sweep_plan *p, struct sweep_totals *t,
	      char *err, size_t errlen);

void sweep_print(const struct sweep_plan *p, const struct sweep_totals *t, FILE *f);

/*
 * The feature x probe matrix as an SVG heat map: each cell is how much
 * setting the feature changes how often the probe succeeds (blue: it
 * enables it, red: it disables it, white: no effect); mismatching probes
 * are marked.  One picture of what masking does, readable at a glance.
 */
void sweep_svg(const struct sweep_totals *t, FILE *f);

/* The totals line that ends a --jsonl file (what --merge adds up). */
void sweep_totals_jsonl(const struct sweep_plan *p, const struct sweep_totals *t, FILE *f);

/* --merge: combine shards' --jsonl files; a PV_EXIT_* code. */
int sweep_merge(int nfiles, char **files, FILE *out);

#endif /* PVPROBE_SWEEP_H */
