// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvprobe sweep --merge FILE...: combine the --jsonl files of shards into
 * one report.  Each file holds a shard's mismatch lines and, last, its
 * totals line (sweep_totals_jsonl()); the merge checks that the shards are
 * the N distinct slices of one sweep before it adds them up.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pvprobe_exit.h"
#include "sweep.h"

#define MERGE_LINE_MAX	4096
#define MERGE_MAX_SHARDS	4096

void sweep_totals_jsonl(const struct sweep_plan *p, const struct sweep_totals *t, FILE *f)
{
	fprintf(f, "{\"totals\": {\"shard\": \"%u/%u\", \"configurations\": %llu, \"bad_configurations\": %llu, \"deviations\": %llu, \"elapsed_ms\": %.0f}}\n",
		p->shard, p->shards, (unsigned long long)t->done,
		(unsigned long long)t->bad_configs, (unsigned long long)t->deviations,
		t->elapsed_ms);
}

/* The probe named in a mismatch line, into @name; 0 or -1. */
static int probe_of(const char *line, char *name, size_t len)
{
	const char *p = strstr(line, "\"probe\": \"");
	size_t n;

	if (!p)
		return -1;
	p += 10;
	n = strcspn(p, "\"");
	if (!n || n >= len || p[n] != '"')
		return -1;
	memcpy(name, p, n);
	name[n] = '\0';
	return 0;
}

int sweep_merge(int nfiles, char **files, FILE *out)
{
	static uint64_t by_probe[CHECK_MAX_ROWS];
	static unsigned char seen[MERGE_MAX_SHARDS + 1];
	unsigned long long configs = 0, bad = 0, devs = 0, mism = 0;
	unsigned int shards = 0, nseen = 0;
	char line[MERGE_LINE_MAX], name[128];
	int i, k;

	memset(by_probe, 0, sizeof(by_probe));
	memset(seen, 0, sizeof(seen));
	for (i = 0; i < nfiles; i++) {
		FILE *f = fopen(files[i], "r");
		int lineno = 0, totals = 0;

		if (!f) {
			fprintf(stderr, "pvprobe sweep: --merge %s: cannot open it\n", files[i]);
			return PV_EXIT_USAGE;
		}
		while (fgets(line, sizeof(line), f)) {
			unsigned int si, sn;
			unsigned long long c, b, d;
			double ms;

			lineno++;
			if (sscanf(line, "{\"totals\": {\"shard\": \"%u/%u\", \"configurations\": %llu, \"bad_configurations\": %llu, \"deviations\": %llu, \"elapsed_ms\": %lf}}",
				   &si, &sn, &c, &b, &d, &ms) == 6) {
				if (!sn || si < 1 || si > sn || sn > MERGE_MAX_SHARDS ||
				    (shards && sn != shards) || seen[si]) {
					fprintf(stderr, "pvprobe sweep: %s:%d: shard %u/%u %s\n", files[i],
						lineno, si, sn, seen[si] && sn == shards ?
						"is there twice" : "does not belong to the same sweep");
					fclose(f);
					return PV_EXIT_USAGE;
				}
				shards = sn;
				seen[si] = 1;
				nseen++;
				configs += c;
				bad += b;
				devs += d;
				totals = 1;
				continue;
			}
			if (probe_of(line, name, sizeof(name))) {
				fprintf(stderr, "pvprobe sweep: %s:%d: neither a mismatch line nor a totals line\n",
					files[i], lineno);
				fclose(f);
				return PV_EXIT_USAGE;
			}
			mism++;
			for (k = 0; k < probe_count && k < CHECK_MAX_ROWS; k++)
				if (!strcmp(probe_list[k].name, name))
					by_probe[k]++;
		}
		fclose(f);
		if (!totals) {
			fprintf(stderr, "pvprobe sweep: %s: no totals line: not a finished 'sweep --jsonl' file\n",
				files[i]);
			return PV_EXIT_USAGE;
		}
	}
	fprintf(out, "%u of %u shards: %llu configurations, %llu with a mismatch, %llu known deviations seen\n",
		nseen, shards, configs, bad, devs);
	if (nseen != shards)
		fprintf(out, "missing shards:");
	for (i = 1; nseen != shards && i <= (int)shards; i++)
		if (!seen[i])
			fprintf(out, " %d/%u", i, shards);
	if (nseen != shards)
		fputc('\n', out);
	for (k = 0; k < probe_count && k < CHECK_MAX_ROWS; k++)
		if (by_probe[k])
			fprintf(out, "  %-38s %llu mismatches\n", probe_list[k].name,
				(unsigned long long)by_probe[k]);
	/* An incomplete sweep is not a pass. */
	return bad || mism || nseen != shards ? PV_EXIT_MISMATCH : PV_EXIT_OK;
}
