// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvprobe sweep --merge FILE...: combine the --jsonl files of shards.
 * Each file holds a shard's mismatch lines and, last, its totals line
 * (both written by vmm/report/sweep_report.c); the merge checks that the
 * shards are the N distinct slices of one sweep before it adds them up.
 * The files are input: a line that is neither kind is refused, by name.
 * The journal's lines (its header and done records, sweep_journal.h) are
 * passed over: a resumed shard's file is a shard like any other; a
 * stopped one (its "partial" line) is refused until it is resumed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pvprobe_exit.h"
#include "sweep.h"

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

int sweep_merge(int nfiles, char **files, struct sweep_merged *m, char *err, size_t errlen)
{
	char *line = NULL, name[128];
	size_t room = 0;
	int i, k;

	memset(m, 0, sizeof(*m));
	for (i = 0; i < nfiles; i++) {
		FILE *f = fopen(files[i], "r");
		int lineno = 0, totals = 0;

		if (!f) {
			snprintf(err, errlen, "--merge %s: cannot open it", files[i]);
			return PV_EXIT_USAGE;
		}
		while (getline(&line, &room, f) >= 0) {
			unsigned int si, sn;
			unsigned long long c, b, d;
			double ms;

			lineno++;
			if (sscanf(line, "{\"totals\": {\"shard\": \"%u/%u\", \"configurations\": %llu, \"bad_configurations\": %llu, \"deviations\": %llu, \"elapsed_ms\": %lf}}",
				   &si, &sn, &c, &b, &d, &ms) == 6) {
				if (!sn || si < 1 || si > sn || sn > SWEEP_MERGE_MAX_SHARDS ||
				    (m->shards && sn != m->shards) || m->seen[si]) {
					/* si is the file's: index seen[] only within its bounds */
					int twice = si <= SWEEP_MERGE_MAX_SHARDS && m->seen[si] &&
						    sn == m->shards;

					snprintf(err, errlen, "%s:%d: shard %u/%u %s", files[i], lineno,
						 si, sn, twice ?
						 "is there twice" : "does not belong to the same sweep");
					fclose(f);
					free(line);
					return PV_EXIT_USAGE;
				}
				m->shards = sn;
				m->seen[si] = 1;
				m->nseen++;
				m->configs += c;
				m->bad += b;
				m->devs += d;
				totals = 1;
				continue;
			}
			if (!strncmp(line, "{\"journal\": ", 12) || !strncmp(line, "{\"done\": [", 10))
				continue;
			if (!strncmp(line, "{\"partial\": ", 12)) {
				snprintf(err, errlen, "%s:%d: this shard was stopped before its end: finish it with 'sweep --resume %s'",
					 files[i], lineno, files[i]);
				fclose(f);
				free(line);
				return PV_EXIT_USAGE;
			}
			if (probe_of(line, name, sizeof(name))) {
				snprintf(err, errlen, "%s:%d: neither a mismatch line nor a totals line",
					 files[i], lineno);
				fclose(f);
				free(line);
				return PV_EXIT_USAGE;
			}
			m->mism++;
			for (k = 0; k < probe_count && k < CHECK_MAX_ROWS; k++)
				if (!strcmp(probe_list[k].name, name))
					m->by_probe[k]++;
		}
		fclose(f);
		if (!totals) {
			snprintf(err, errlen, "%s: no totals line: not a finished 'sweep --jsonl' file",
				 files[i]);
			free(line);
			return PV_EXIT_USAGE;
		}
	}
	free(line);
	return PV_EXIT_OK;
}

int sweep_merged_verdict(const struct sweep_merged *m)
{
	/* An incomplete sweep is not a pass. */
	return m->bad || m->mism || m->nseen != m->shards ? PV_EXIT_MISMATCH : PV_EXIT_OK;
}
