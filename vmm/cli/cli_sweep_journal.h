/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sweep --jsonl FILE and --resume FILE: open the journal for a sweep's
 * jobs (vmm/probe/sweep_journal.h).  A new file gets its header; a resumed
 * one is read, checked against this run, and rewritten compacted (the
 * valid batches and one done record, to FILE.tmp, fsync, rename), so
 * that torn batches and old totals lines are gone before jobs append.
 */
#ifndef PVPROBE_CLI_SWEEP_JOURNAL_H
#define PVPROBE_CLI_SWEEP_JOURNAL_H

#include "sweep.h"

struct cli_journal {
	struct sweep_journal j;		/* the resumed file's, with its done set */
	char *buf;			/* its text */
	size_t len;
	int resumed;
};

/*
 * Open @name for @p (p->jsonl, O_APPEND), fresh or (@resume) continued;
 * @t gets what the resumed file had done.  PV_EXIT_OK, PV_EXIT_USAGE (not
 * this run's journal, with a message saying what differs), or
 * PV_EXIT_FAIL (I/O), the message printed.
 */
int cli_journal_open(struct sweep_plan *p, const char *name, int resume, struct cli_journal *cj,
		     struct sweep_totals *t);
void cli_journal_free(struct cli_journal *cj);

#endif /* PVPROBE_CLI_SWEEP_JOURNAL_H */
