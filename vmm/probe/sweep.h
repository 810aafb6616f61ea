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

#include "sweep_journal.h"
#include "sweep_worker.h"

enum sweep_mode {
	SWEEP_EXHAUSTIVE,	/* every mask over the defined bits x enforcement (x REALTIME) */
	SWEEP_RANDOM,		/* N configurations from a seed */
	SWEEP_MASKS,		/* one spec per line of a file, x enforcement */
	SWEEP_PAIRWISE,		/* rows of a covering array: --pairwise, --covering 3 */
};

#define SWEEP_MAX_MASKS	4096
/* Shard-local indexes a job takes at a time: one journal batch at most. */
#define SWEEP_MAX_CHUNK	256

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
	/*
	 * Each mismatch as it is found, on @jsonl (line-buffered: one write()
	 * a line, whole under O_APPEND from any job): the caller's renderer
	 * (vmm/report/sweep_report.c), or NULL for none.
	 */
	FILE *jsonl;
	void (*mismatch)(FILE *f, const struct check_report *rep, const struct check_row *row);
	/*
	 * With @jsonl, a job writes each batch of finished configurations
	 * (their mismatch lines and a done record, sweep_journal.h) with one
	 * write() on @jsonl's descriptor, which must be O_APPEND; @jsonl_name
	 * names it in messages.  @resume: the journal of an earlier run, whose
	 * done configurations are skipped (NULL: none).
	 */
	const char *jsonl_name;
	const struct sweep_journal *resume;
	int progress_tty;		/* a progress bar on stderr; else a line every 10 s */
};

struct sweep_totals {
	uint32_t shard, shards;		/* the plan's, for the report */
	int jobs;
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

/* The defined eax bits in table order, into @bits[32]; returns how many. */
int sweep_defined_bits(int *bits);

/* Every configuration index of the plan (before sharding). */
uint64_t sweep_count(const struct sweep_plan *p);
/* Configuration @k. */
void sweep_config_of(const struct sweep_plan *p, uint64_t k, struct sweep_config *c);

/*
 * Run the shard; a PV_EXIT_* code for setup problems, a dead job or a
 * failed write, @t filled with what was committed.  A SIGINT/SIGTERM
 * (util/stop.h) stops every job at its next configuration boundary; the
 * caller sees it in stop_signal().
 */
int sweep_run(const struct kvm_sys *kvm, const struct sweep_plan *p, struct sweep_totals *t,
	      char *err, size_t errlen);

/*
 * This run's identity in a journal header (@j's version, set, shard, seed,
 * total), for a new file or to compare with a resumed one.
 */
void sweep_journal_identity(const struct sweep_plan *p, const char *version,
			    struct sweep_journal *j);

/* Shard-local configurations of @p (what sweep_totals.total counts). */
uint64_t sweep_shard_count(const struct sweep_plan *p);

/*
 * Add what journal @j (read from @buf) records as done to @t: counts,
 * and per probe and gating feature from its mismatch lines.
 */
void sweep_journal_totals(const char *buf, const struct sweep_journal *j, struct sweep_totals *t);

#define SWEEP_MERGE_MAX_SHARDS	4096

/* --merge: the shards' --jsonl files added up. */
struct sweep_merged {
	unsigned int shards;		/* N of the shards' I/N */
	unsigned int nseen;		/* shards read */
	unsigned char seen[SWEEP_MERGE_MAX_SHARDS + 1];	/* seen[I]: shard I/N was read */
	unsigned long long configs, bad, devs;	/* their totals lines, added */
	unsigned long long mism;	/* mismatch lines */
	uint64_t by_probe[CHECK_MAX_ROWS];	/* ... per probe_list index */
};

/*
 * --merge: read the --jsonl files of a sweep's shards into @m.  Returns
 * PV_EXIT_OK, or PV_EXIT_USAGE with @err naming the file (and line) that
 * is not one of the same sweep's shards.
 */
int sweep_merge(int nfiles, char **files, struct sweep_merged *m, char *err, size_t errlen);

/* PV_EXIT_OK, or PV_EXIT_MISMATCH: mismatches, or shards missing (an incomplete sweep is no pass). */
int sweep_merged_verdict(const struct sweep_merged *m);

#endif /* PVPROBE_SWEEP_H */
