// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_config.h"
#include "cli_sweep_journal.h"
#include "pvprobe_exit.h"

#ifndef PVPROBE_VERSION
#define PVPROBE_VERSION "unknown"
#endif

#define JOURNAL_MAX_BYTES	(1ull << 32)

static int io_error(const char *what, const char *name)
{
	fprintf(stderr, "pvprobe sweep: %s %s: %s\n", what, name, strerror(errno));
	return PV_EXIT_FAIL;
}

static int read_all(const char *name, struct cli_journal *cj)
{
	int fd = open(name, O_RDONLY | O_CLOEXEC);
	struct stat st;
	size_t got = 0;

	if (fd < 0 || fstat(fd, &st) || !S_ISREG(st.st_mode) ||
	    (unsigned long long)st.st_size > JOURNAL_MAX_BYTES) {
		if (fd >= 0 && !errno)
			errno = EINVAL;
		if (fd >= 0)
			close(fd);
		return -1;
	}
	cj->buf = malloc((size_t)st.st_size + 1);
	if (!cj->buf) {
		close(fd);
		return -1;
	}
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, cj->buf + got, (size_t)st.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	cj->buf[got] = '\0';
	cj->len = got;
	return 0;
}

/* The header, the kept batches and one done record for all of them, into @f. */
static int write_compacted(FILE *f, struct cli_journal *cj)
{
	char hdr[1024], *m = NULL, *rec;
	size_t mlen = 0, s, room;
	FILE *mf = open_memstream(&m, &mlen);
	int n, rc = -1;

	if (!mf)
		return -1;
	for (s = 0; s < cj->j.nspans; s++)
		fwrite(cj->buf + cj->j.spans[s].off, 1, cj->j.spans[s].len, mf);
	if (fclose(mf))
		return -1;
	room = cj->j.nr * 48 + 256;
	rec = malloc(room);
	n = sweep_journal_header(&cj->j, hdr, sizeof(hdr));
	if (rec && n > 0 && fwrite(hdr, 1, (size_t)n, f) == (size_t)n &&
	    fwrite(m, 1, mlen, f) == mlen) {
		n = cj->j.nr ? sweep_journal_record(m, mlen, cj->j.r, cj->j.nr, cj->j.configs,
						     cj->j.bad, cj->j.devs, rec, room) : 0;
		if (n >= 0 && fwrite(rec, 1, (size_t)n, f) == (size_t)n)
			rc = 0;
	}
	free(rec);
	free(m);
	return rc;
}

static int fsync_dir(const char *name)
{
	char *copy = strdup(name);
	int fd, rc = -1;

	if (!copy)
		return -1;
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(copy);
	if (fd >= 0) {
		rc = fsync(fd);
		close(fd);
	}
	return rc;
}

static int resume_file(struct sweep_plan *p, const char *name, struct cli_journal *cj,
		       struct sweep_totals *t)
{
	struct sweep_journal mine;
	char err[PV_ERR_MAX], tmp[4096];
	FILE *f;

	if (read_all(name, cj))
		return cli_usage_error("sweep", "--resume %s: %s", name, strerror(errno));
	if (sweep_journal_read(cj->buf, cj->len, &cj->j, err, sizeof(err)))
		return cli_usage_error("sweep", "--resume %s: %s", name, err);
	sweep_journal_identity(p, PVPROBE_VERSION, &mine);
	if (sweep_journal_differs(&cj->j, &mine, err, sizeof(err)))
		return cli_usage_error("sweep", "--resume %s: not this sweep's journal: %s", name, err);
	cj->resumed = 1;
	sweep_journal_totals(cj->buf, &cj->j, t);
	if (cj->j.dropped)
		fprintf(stderr, "pvprobe sweep: --resume %s: %llu configurations done, %zu bytes dropped (torn batches, old totals)\n",
			name, (unsigned long long)cj->j.configs, cj->j.dropped);
	/* Compacted beside it, then renamed over it: a crash leaves one or the other whole. */
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp", name) >= sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return io_error("--resume", name);
	}
	f = fopen(tmp, "we");
	if (!f)
		return io_error("--resume: cannot write", tmp);
	if (write_compacted(f, cj) || fflush(f) || fsync(fileno(f))) {
		int e = errno;

		fclose(f);
		unlink(tmp);
		errno = e ? e : EIO;
		return io_error("--resume: cannot write", tmp);
	}
	if (fclose(f) || rename(tmp, name) || fsync_dir(name)) {
		unlink(tmp);
		return io_error("--resume: cannot replace", name);
	}
	p->resume = &cj->j;
	p->jsonl = fopen(name, "ae");
	if (!p->jsonl)
		return io_error("--resume: cannot append to", name);
	return PV_EXIT_OK;
}

int cli_journal_open(struct sweep_plan *p, const char *name, int resume, struct cli_journal *cj,
		     struct sweep_totals *t)
{
	struct sweep_journal mine;
	char hdr[1024];
	int n, rc, fl;

	memset(cj, 0, sizeof(*cj));
	p->jsonl_name = name;
	if (resume) {
		rc = resume_file(p, name, cj, t);
		if (rc != PV_EXIT_OK)
			return rc;
	} else {
		p->jsonl = strcmp(name, "-") ? fopen(name, "we") : stdout;
		if (!p->jsonl)
			return io_error("--jsonl", name);
		sweep_journal_identity(p, PVPROBE_VERSION, &mine);
		n = sweep_journal_header(&mine, hdr, sizeof(hdr));
		if (n < 0 || fwrite(hdr, 1, (size_t)n, p->jsonl) != (size_t)n || fflush(p->jsonl))
			return io_error("--jsonl: cannot write", name);
	}
	/* The jobs append batches with write(): whole, at the end, from any job. */
	fl = fcntl(fileno(p->jsonl), F_GETFL);
	if (fl >= 0 && !(fl & O_APPEND))
		fcntl(fileno(p->jsonl), F_SETFL, fl | O_APPEND);
	return PV_EXIT_OK;
}

void cli_journal_free(struct cli_journal *cj)
{
	sweep_journal_free(&cj->j);
	free(cj->buf);
	cj->buf = NULL;
}
