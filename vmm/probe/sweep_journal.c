// SPDX-License-Identifier: GPL-2.0-only
/*
 * The sweep journal's reader and record formatter (sweep_journal.h has the
 * format).  The reader trusts nothing: a line is a record only if its
 * checksum holds, numbers are bounded, and the ranges of valid records must
 * lie in the shard and not overlap.  Everything else (a batch torn by a
 * kill, a full disk) is counted in 'dropped' and left out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crc32.h"
#include "sweep_journal.h"

#define REC_START	"{\"done\": ["
#define CRC_FIELD	", \"crc\": \""

void sweep_journal_free(struct sweep_journal *j)
{
	free(j->r);
	free(j->spans);
	j->r = NULL;
	j->spans = NULL;
	j->nr = j->room = j->nspans = j->span_room = 0;
}

int sweep_journal_has(const struct sweep_journal *j, uint64_t idx)
{
	size_t lo = 0, hi = j->nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (idx < j->r[mid].lo)
			hi = mid;
		else if (idx >= j->r[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

int sweep_journal_add(struct sweep_journal *j, uint64_t lo, uint64_t hi)
{
	size_t a = 0, b = j->nr, i, next;
	int left, right;

	if (lo >= hi)
		return lo == hi ? 0 : -1;
	/* i: the first range that ends at or after lo. */
	while (a < b) {
		size_t mid = a + (b - a) / 2;

		if (j->r[mid].hi < lo)
			a = mid + 1;
		else
			b = mid;
	}
	i = a;
	left = i < j->nr && j->r[i].hi == lo;
	next = left ? i + 1 : i;
	if (next < j->nr && j->r[next].lo < hi)
		return -1;		/* overlaps: done twice */
	right = next < j->nr && j->r[next].lo == hi;
	if (left && right) {
		j->r[i].hi = j->r[next].hi;
		memmove(&j->r[next], &j->r[next + 1], (j->nr - next - 1) * sizeof(j->r[0]));
		j->nr--;
		return 0;
	}
	if (left) {
		j->r[i].hi = hi;
		return 0;
	}
	if (right) {
		j->r[next].lo = lo;
		return 0;
	}
	if (j->nr == j->room) {
		size_t room = j->room ? j->room * 2 : 16;
		struct sweep_range *r;

		if (room > SWEEP_JOURNAL_MAX_RANGES)
			return -1;
		r = realloc(j->r, room * sizeof(*r));
		if (!r)
			return -1;
		j->r = r;
		j->room = room;
	}
	memmove(&j->r[next + 1], &j->r[next], (j->nr - next) * sizeof(j->r[0]));
	j->r[next].lo = lo;
	j->r[next].hi = hi;
	j->nr++;
	return 0;
}

static int add_span(struct sweep_journal *j, size_t off, size_t len)
{
	if (!len)
		return 0;
	if (j->nspans == j->span_room) {
		size_t room = j->span_room ? j->span_room * 2 : 16;
		struct sweep_span *s = realloc(j->spans, room * sizeof(*s));

		if (!s)
			return -1;
		j->spans = s;
		j->span_room = room;
	}
	j->spans[j->nspans].off = off;
	j->spans[j->nspans++].len = len;
	return 0;
}

/* A decimal number at *p (no sign, no overflow), then @sep. 0 or -1. */
static int num(const char **p, const char *end, uint64_t *v, const char *sep)
{
	const char *s = *p;
	size_t n = strlen(sep);
	uint64_t x = 0;

	if (s >= end || *s < '0' || *s > '9')
		return -1;
	while (s < end && *s >= '0' && *s <= '9') {
		if (x > (UINT64_MAX - 9) / 10)
			return -1;
		x = x * 10 + (uint64_t)(*s++ - '0');
	}
	if ((size_t)(end - s) < n || memcmp(s, sep, n))
		return -1;
	*v = x;
	*p = s + n;
	return 0;
}

static int lit(const char **p, const char *end, const char *s)
{
	size_t n = strlen(s);

	if ((size_t)(end - *p) < n || memcmp(*p, s, n))
		return -1;
	*p += n;
	return 0;
}

static int hex8(const char *s, const char *end, uint32_t *v)
{
	int i;

	*v = 0;
	if (end - s < 10 || s[8] != '"' || s[9] != '}')
		return -1;
	for (i = 0; i < 8; i++) {
		char c = s[i];

		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v |= (uint32_t)(c - 'a' + 10);
		else
			return -1;
	}
	return end - s == 10 ? 0 : -1;
}

/*
 * The done record at @buf[@off] up to @end (its line's end): checked and
 * added.  1 taken, 0 not a valid record (dropped), -1 a valid record that
 * contradicts the journal (@err).
 */
static int record_at(const char *buf, size_t off, const char *end, struct sweep_journal *j,
		     size_t *taken, char *err, size_t errlen)
{
	const char *p = buf + off + strlen(REC_START), *crc_at;
	uint64_t lo, hi, c, b, d, m;
	uint32_t want, got;
	size_t nr = 0, i;
	struct sweep_range *rr = NULL;

	crc_at = NULL;
	for (const char *q = end - 1; q >= buf + off; q--) {
		if (*q == ',' && (size_t)(end - q) >= strlen(CRC_FIELD) &&
		    !memcmp(q, CRC_FIELD, strlen(CRC_FIELD))) {
			crc_at = q;
			break;
		}
	}
	if (!crc_at || hex8(crc_at + strlen(CRC_FIELD), end, &want))
		return 0;
	/* The ranges, then the counts; parsed only up to the crc field. */
	for (;;) {
		if (lit(&p, crc_at, "[") || num(&p, crc_at, &lo, ", ") || num(&p, crc_at, &hi, "]"))
			goto bad;
		nr++;
		if (!lit(&p, crc_at, ", "))
			continue;
		if (!lit(&p, crc_at, "]"))
			break;
		goto bad;
	}
	if (lit(&p, crc_at, ", \"configurations\": ") || num(&p, crc_at, &c, ", \"bad_configurations\": ") ||
	    num(&p, crc_at, &b, ", \"deviations\": ") || num(&p, crc_at, &d, ", \"bytes\": "))
		goto bad;
	{
		/* bytes is the last field before crc */
		const char *s = p;
		uint64_t x = 0;

		if (s >= crc_at)
			goto bad;
		while (s < crc_at && *s >= '0' && *s <= '9') {
			if (x > (UINT64_MAX - 9) / 10)
				goto bad;
			x = x * 10 + (uint64_t)(*s++ - '0');
		}
		if (s != crc_at)
			goto bad;
		m = x;
	}
	if (m > off)
		goto bad;
	got = crc32_update(0, buf + off - m, (size_t)m);
	got = crc32_update(got, buf + off, (size_t)(crc_at - (buf + off)));
	if (got != want)
		goto bad;
	/* Valid: the ranges again, this time into the journal. */
	rr = malloc((nr ? nr : 1) * sizeof(*rr));
	if (!rr) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	p = buf + off + strlen(REC_START);
	for (i = 0; i < nr; i++) {
		lit(&p, crc_at, "[");
		num(&p, crc_at, &rr[i].lo, ", ");
		num(&p, crc_at, &rr[i].hi, "]");
		lit(&p, crc_at, ", ");
	}
	for (i = 0; i < nr; i++) {
		if (rr[i].lo > rr[i].hi || rr[i].hi > j->total) {
			snprintf(err, errlen, "byte %zu: done range [%llu, %llu) is outside the shard's %llu configurations",
				 off, (unsigned long long)rr[i].lo, (unsigned long long)rr[i].hi,
				 (unsigned long long)j->total);
			free(rr);
			return -1;
		}
		if (sweep_journal_add(j, rr[i].lo, rr[i].hi)) {
			snprintf(err, errlen, "byte %zu: done range [%llu, %llu) was done before", off,
				 (unsigned long long)rr[i].lo, (unsigned long long)rr[i].hi);
			free(rr);
			return -1;
		}
	}
	free(rr);
	if (add_span(j, off - (size_t)m, (size_t)m)) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	j->configs += c;
	j->bad += b;
	j->devs += d;
	*taken = (size_t)m + (size_t)(end - (buf + off)) + 1;
	return 1;
bad:
	return 0;
}

static int header(const char *line, size_t n, struct sweep_journal *j)
{
	char body[512], fmt[] = "{\"journal\": \"" SWEEP_JOURNAL_MAGIC "\", \"pvprobe\": \"%63[^\"]\", \"set\": \"%255[^\"]\", \"shard\": \"%u/%u\", \"seed\": %llu, \"configurations\": %llu, \"crc\": \"%8x\"}%c";
	const char *crc_at;
	unsigned long long seed, total;
	unsigned int want;
	char tail;

	if (n >= sizeof(body))
		return -1;
	memcpy(body, line, n);
	body[n] = '\0';
	if (sscanf(body, fmt, j->version, j->set, &j->shard, &j->shards, &seed, &total, &want,
		   &tail) != 7)
		return -1;
	crc_at = strstr(body, CRC_FIELD);
	if (!crc_at || crc32_update(0, body, (size_t)(crc_at - body)) != want)
		return -1;
	if (!j->shards || !j->shard || j->shard > j->shards)
		return -1;
	j->seed = seed;
	j->total = total;
	return 0;
}

int sweep_journal_read(const char *buf, size_t len, struct sweep_journal *j,
		       char *err, size_t errlen)
{
	const char *nl = memchr(buf, '\n', len), *p;
	size_t off, kept;

	memset(j, 0, sizeof(*j));
	if (!nl || header(buf, (size_t)(nl - buf), j)) {
		snprintf(err, errlen, "no valid journal header on line 1 (not a 'sweep --jsonl' file of this pvprobe, or a damaged one)");
		return -1;
	}
	kept = (size_t)(nl - buf) + 1;
	off = kept;
	while (off < len && (p = memmem(buf + off, len - off, REC_START, strlen(REC_START)))) {
		size_t at = (size_t)(p - buf);
		const char *end = memchr(p, '\n', len - at);
		size_t taken = 0;
		int rc;

		if (!end)
			break;		/* the last record, torn before its newline */
		rc = record_at(buf, at, end, j, &taken, err, errlen);
		if (rc < 0)
			return -1;
		kept += taken;
		off = (size_t)(end - buf) + 1;
	}
	/* totals/partial lines are neither; they are not the journal's and counted as dropped */
	j->dropped = len - (kept < len ? kept : len);
	return 0;
}

int sweep_journal_header(const struct sweep_journal *j, char *out, size_t len)
{
	int n = snprintf(out, len, "{\"journal\": \"" SWEEP_JOURNAL_MAGIC "\", \"pvprobe\": \"%s\", \"set\": \"%s\", \"shard\": \"%u/%u\", \"seed\": %llu, \"configurations\": %llu",
			 j->version, j->set, j->shard, j->shards, (unsigned long long)j->seed,
			 (unsigned long long)j->total);
	int m;

	if (n < 0 || (size_t)n >= len)
		return -1;
	m = snprintf(out + n, len - n, CRC_FIELD "%08x\"}\n", crc32_update(0, out, (size_t)n));
	if (m < 0 || (size_t)m >= len - n)
		return -1;
	return n + m;
}

int sweep_journal_record(const char *m, size_t mlen, const struct sweep_range *r, size_t nr,
			 uint64_t configs, uint64_t bad, uint64_t devs, char *out, size_t len)
{
	size_t n, i;
	int w;
	uint32_t crc;

	w = snprintf(out, len, REC_START);
	n = (size_t)w;
	for (i = 0; i < nr; i++) {
		w = snprintf(out + n, len > n ? len - n : 0, "%s[%llu, %llu]", i ? ", " : "",
			     (unsigned long long)r[i].lo, (unsigned long long)r[i].hi);
		if (w < 0 || (size_t)w >= (len > n ? len - n : 0))
			return -1;
		n += (size_t)w;
	}
	w = snprintf(out + n, len - n, "], \"configurations\": %llu, \"bad_configurations\": %llu, \"deviations\": %llu, \"bytes\": %zu",
		     (unsigned long long)configs, (unsigned long long)bad,
		     (unsigned long long)devs, mlen);
	if (w < 0 || (size_t)w >= len - n)
		return -1;
	n += (size_t)w;
	crc = crc32_update(0, m, mlen);
	crc = crc32_update(crc, out, n);
	w = snprintf(out + n, len - n, CRC_FIELD "%08x\"}\n", crc);
	if (w < 0 || (size_t)w >= len - n)
		return -1;
	return (int)(n + (size_t)w);
}

int sweep_journal_differs(const struct sweep_journal *a, const struct sweep_journal *b,
			  char *err, size_t errlen)
{
	if (strcmp(a->set, b->set))
		snprintf(err, errlen, "the configuration set differs: the file has '%s', this run '%s'",
			 a->set, b->set);
	else if (a->shard != b->shard || a->shards != b->shards)
		snprintf(err, errlen, "the shard differs: the file has %u/%u, this run %u/%u",
			 a->shard, a->shards, b->shard, b->shards);
	else if (a->seed != b->seed)
		snprintf(err, errlen, "the seed differs: the file has %llu, this run %llu",
			 (unsigned long long)a->seed, (unsigned long long)b->seed);
	else if (a->total != b->total)
		snprintf(err, errlen, "the shard's size differs: the file has %llu configurations, this run %llu",
			 (unsigned long long)a->total, (unsigned long long)b->total);
	else if (strcmp(a->version, b->version))
		snprintf(err, errlen, "the pvprobe version differs: the file was written by %s, this is %s",
			 a->version, b->version);
	else
		return 0;
	return -1;
}
