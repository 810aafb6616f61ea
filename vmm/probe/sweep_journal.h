/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The sweep journal: what a --jsonl file says about which configurations
 * of a shard are finished, so that 'sweep --resume FILE' runs only the
 * rest.  The format (vmm/probe/README.md, "The sweep journal"):
 *
 *   {"journal": "pvprobe-sweep/1", "pvprobe": V, "set": S, "shard": "I/N",
 *    "seed": N, "configurations": T, "crc": "xxxxxxxx"}       first line
 *   ...mismatch lines of a batch...
 *   {"done": [[A, B], ...], "configurations": C, "bad_configurations": D,
 *    "deviations": E, "bytes": M, "crc": "xxxxxxxx"}          closes the batch
 *
 * [A, B) are shard-local indexes (configuration k = I-1 + j*N).  A done
 * record's crc covers the M bytes before it (its batch's mismatch lines)
 * and the record up to ', "crc"'; a job writes a batch and its record with
 * one write(), so a batch torn by a kill or a full disk fails its crc and
 * is dropped: its configurations count as not run.  The file is read as
 * untrusted input.
 */
#ifndef PVPROBE_SWEEP_JOURNAL_H
#define PVPROBE_SWEEP_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

#define SWEEP_JOURNAL_MAGIC	"pvprobe-sweep/1"
#define SWEEP_JOURNAL_MAX_RANGES	(1u << 20)

struct sweep_range {
	uint64_t lo, hi;		/* [lo, hi) */
};

struct sweep_span {
	size_t off, len;		/* a batch's mismatch lines in the file */
};

struct sweep_journal {
	char version[64], set[256];
	uint32_t shard, shards;
	uint64_t seed, total;		/* total: configurations in the shard */
	struct sweep_range *r;		/* done, sorted, disjoint, merged */
	size_t nr, room;
	struct sweep_span *spans;	/* valid batches' mismatch lines */
	size_t nspans, span_room;
	uint64_t configs, bad, devs;	/* the done records, added */
	size_t dropped;			/* bytes neither header nor a valid batch */
};

/*
 * Read the journal in @buf (@len bytes) into @j (freed with
 * sweep_journal_free() whatever the result).  0, or -1 with @err: no valid
 * header, or a valid record that contradicts the header or another
 * record (a range outside the shard, or one done twice).
 */
int sweep_journal_read(const char *buf, size_t len, struct sweep_journal *j,
		       char *err, size_t errlen);
void sweep_journal_free(struct sweep_journal *j);

/* Is shard-local index @idx done? */
int sweep_journal_has(const struct sweep_journal *j, uint64_t idx);

/*
 * Add [lo, hi) to @j's done set (merging neighbours).  0, or -1 if it
 * overlaps what is there or memory runs out.
 */
int sweep_journal_add(struct sweep_journal *j, uint64_t lo, uint64_t hi);

/* The header line for @j's identity into @out. Its length, or -1 if it does not fit. */
int sweep_journal_header(const struct sweep_journal *j, char *out, size_t len);

/*
 * The done record closing a batch of @mlen bytes of mismatch lines at @m,
 * for ranges @r[@nr] and the counts, into @out.  Its length, or -1.
 */
int sweep_journal_record(const char *m, size_t mlen, const struct sweep_range *r, size_t nr,
			 uint64_t configs, uint64_t bad, uint64_t devs, char *out, size_t len);

/* First field that differs between @a (the file) and @b (this run), into @err. 0 if none. */
int sweep_journal_differs(const struct sweep_journal *a, const struct sweep_journal *b,
			  char *err, size_t errlen);

#endif /* PVPROBE_SWEEP_JOURNAL_H */
