/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pvprobe sweep's results, rendered: the totals as text, as the --jsonl
 * file's closing line and as the SVG heat map; each mismatch as a --jsonl
 * line while the sweep runs; the --merge of shards' files as text.
 */
#ifndef PVPROBE_SWEEP_REPORT_H
#define PVPROBE_SWEEP_REPORT_H

#include <stdio.h>

#include "format.h"
#include "sweep.h"

/*
 * @t in format @fmt on @f: OUT_TEXT the summary, OUT_JSONL the totals line
 * that ends a --jsonl file (what --merge adds up), OUT_SVG the feature x
 * probe heat map.  0, or -1 if sweep has no such format.
 */
int sweep_render(const struct sweep_totals *t, enum out_format fmt, FILE *f);

/*
 * The line a stopped sweep ends its --jsonl file with: the totals of what
 * was done, as "partial" ('sweep --merge' refuses it: resume the shard).
 */
void sweep_partial_jsonl(const struct sweep_totals *t, FILE *f);

/* --list: this shard's configurations, one "K --mask ... --hints ..." line each. 0, or -1. */
int sweep_plan_render(const struct sweep_plan *p, enum out_format fmt, FILE *f);

/* One mismatch as a --jsonl line, with its reproduce command (sweep_plan.mismatch). */
void sweep_mismatch_jsonl(FILE *f, const struct check_report *rep, const struct check_row *row);

/* The merged shards in format @fmt (OUT_TEXT): 0, or -1. */
int sweep_merged_render(const struct sweep_merged *m, enum out_format fmt, FILE *f);

#endif /* PVPROBE_SWEEP_REPORT_H */
