// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "covering.h"
#include "crc32.h"
#include "stop.h"
#include "model.h"
#include "pv_feature.h"
#include "pvprobe_exit.h"
#include "sweep.h"

/* The defined eax bits, in table order: exhaustive index bit i is defined bit i. */
int sweep_defined_bits(int *bits)
{
	size_t i;
	int n = 0;

	for (i = 0; i < PV_NR_ROWS; i++)
		if (pv_features[i].reg == PV_REG_EAX)
			bits[n++] = pv_features[i].bit;
	return n;
}

/* splitmix64: configuration k of a seed, independent of how many came before. */
static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

uint64_t sweep_shard_count(const struct sweep_plan *p)
{
	uint64_t total = sweep_count(p);

	return total >= p->shard ? (total - p->shard) / p->shards + 1 : 0;
}

uint64_t sweep_count(const struct sweep_plan *p)
{
	int bits[32];

	switch (p->mode) {
	case SWEEP_EXHAUSTIVE:
		return (1ull << sweep_defined_bits(bits)) * 2 * (p->hints ? 2 : 1);
	case SWEEP_RANDOM:
		return p->random_n;
	case SWEEP_PAIRWISE:
		return (uint64_t)p->nr_masks;
	default:
		return (uint64_t)p->nr_masks * 2;
	}
}

#define PW_FACTORS	33	/* 32 bits at most, and enforcement */
#define PW_CANDIDATES	64

/* Is the pair (a, b) with values (va, vb) covered: bit 2*va+vb of cov[a][b]. */
static int pw_gain(const uint8_t cov[PW_FACTORS][PW_FACTORS], int n, uint64_t row)
{
	int a, b, g = 0;

	for (a = 0; a < n; a++)
		for (b = a + 1; b < n; b++)
			g += !(cov[a][b] & (1u << ((row >> a & 1) * 2 + (row >> b & 1))));
	return g;
}

void sweep_pairwise(struct sweep_plan *p)
{
	static uint8_t cov[PW_FACTORS][PW_FACTORS];
	int bits[32], nb = sweep_defined_bits(bits), n = nb + 1, a, b, i;
	uint64_t seed = 0x70f1ee70ull, left = (uint64_t)n * (n - 1) / 2 * 4;

	memset(cov, 0, sizeof(cov));
	p->nr_masks = 0;
	while (left && p->nr_masks < SWEEP_MAX_MASKS) {
		uint64_t best = 0;
		int best_gain = -1;

		/* The best of a few random rows and their complements. */
		for (i = 0; i < PW_CANDIDATES; i++) {
			uint64_t row = mix(seed++) & ((1ull << n) - 1);
			int g;

			if (i & 1)
				row = ~best & ((1ull << n) - 1);
			g = pw_gain((const uint8_t (*)[PW_FACTORS])cov, n, row);
			if (g > best_gain) {
				best_gain = g;
				best = row;
			}
		}
		for (a = 0; a < n; a++) {
			for (b = a + 1; b < n; b++) {
				uint8_t bit = 1u << ((best >> a & 1) * 2 + (best >> b & 1));

				if (!(cov[a][b] & bit)) {
					cov[a][b] |= bit;
					left--;
				}
			}
		}
		p->masks[p->nr_masks] = 0;
		for (i = 0; i < nb; i++)
			if (best & (1ull << i))
				p->masks[p->nr_masks] |= 1u << bits[i];
		p->enforce[p->nr_masks++] = (uint8_t)(best >> nb & 1);
	}
}

int sweep_covering3(struct sweep_plan *p)
{
	static uint64_t rows[SWEEP_MAX_MASKS];
	int bits[32], nb = sweep_defined_bits(bits), nr, r, i;

	/* Factors 0..nb-1 are the defined bits, factor nb is enforcement. */
	nr = covering3(nb + 1, rows, SWEEP_MAX_MASKS);
	if (nr < 0)
		return -1;
	for (r = 0; r < nr; r++) {
		p->masks[r] = 0;
		for (i = 0; i < nb; i++)
			if (rows[r] & (1ull << i))
				p->masks[r] |= 1u << bits[i];
		p->enforce[r] = (uint8_t)(rows[r] >> nb & 1);
	}
	p->nr_masks = nr;
	return 0;
}

void sweep_config_of(const struct sweep_plan *p, uint64_t k, struct sweep_config *c)
{
	int bits[32], n = sweep_defined_bits(bits), i;
	uint64_t r;

	memset(c, 0, sizeof(*c));
	switch (p->mode) {
	case SWEEP_EXHAUSTIVE:
		for (i = 0; i < n; i++)
			if (k & (1ull << i))
				c->eax |= 1u << bits[i];
		c->enforce = !(k >> n & 1);
		c->edx = p->hints ? (uint32_t)(k >> (n + 1) & 1) : 0;
		return;
	case SWEEP_RANDOM:
		r = mix(p->seed ^ mix(k));
		for (i = 0; i < n; i++)
			if (r & (1ull << i))
				c->eax |= 1u << bits[i];
		c->enforce = !(r >> 40 & 1);
		c->edx = p->hints ? (uint32_t)(r >> 41 & 1) : 0;
		return;
	case SWEEP_PAIRWISE:
		c->eax = p->masks[k];
		c->enforce = p->enforce[k];
		return;
	default:
		c->eax = p->masks[k / 2];
		c->enforce = !(k & 1);
	}
}

/*
 * Jobs are processes, not threads: every configuration maps and unmaps a
 * vCPU's kvm_run page, and in one address space each munmap shoots down the
 * other job's TLB -- measured 1.57x on two threads against 1.79x for two
 * processes.  Jobs share only this: the next configuration index, the
 * first error, and one totals block each.
 */
struct sweep_shared {
	uint64_t next;			/* atomic: next shard-local index */
	uint64_t chunk;			/* indexes a job takes at a time */
	int rc;				/* first error, under CAS */
	int stop;			/* the parent saw SIGINT/SIGTERM */
	pid_t parent;
	char err[PV_ERR_MAX];
	struct sweep_totals t[];	/* one per job */
};

/* The feature bit that gates probe @pd, or -1 (model.c). */
static int probe_gate(const struct probe_desc *pd)
{
	return pd->kind == PK_HCALL ? model_hcall_gate(probe_hcall_nr(pd->hcall)) :
	       model_msr_gate(pd->kind == PK_MSR ? pd->msr : probe_msr_number(pd->msr_index));
}

static void record(const struct sweep_plan *p, struct sweep_totals *t,
		   const struct sweep_worker *w, FILE *mf)
{
	const struct check_report *rep = &w->rep;
	int i;

	t->deviations += rep->deviations;
	if (rep->mismatches)
		t->bad_configs++;
	for (i = 0; i < rep->nr_rows; i++) {
		const struct check_row *row = &rep->rows[i];
		int idx = (int)(row->p - probe_list), bit, ok;

		if (idx < 0 || idx >= CHECK_MAX_ROWS)
			continue;
		ok = row->obs.kind == OUT_ACCEPT ||
		     (row->obs.kind == OUT_CHECK && row->obs.value == PV_CHECK_OK);
		for (bit = 0; bit < 32; bit++) {
			int set = !!(rep->cfg.eax & (1u << bit));

			t->seen[idx][bit][set]++;
			t->good[idx][bit][set] += ok;
		}
		if (row->v != V_MISMATCH)
			continue;
		t->bad[idx]++;
		t->by_probe[idx]++;
		bit = probe_gate(row->p);
		if (bit >= 0)
			t->by_feature[bit]++;
		if (mf && p->mismatch)
			p->mismatch(mf, rep, row);
	}
	t->done++;
}

static void set_error(struct sweep_shared *sh, int rc, const char *err)
{
	int zero = 0;

	if (__atomic_compare_exchange_n(&sh->rc, &zero, rc, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		snprintf(sh->err, sizeof(sh->err), "%s", err);
}

static void add_totals(struct sweep_totals *t, const struct sweep_totals *j);

/* A job's batch: the configurations it finished since its last commit. */
struct sweep_batch {
	struct sweep_totals t;		/* their totals */
	struct sweep_range r[SWEEP_MAX_CHUNK];	/* their shard-local indexes */
	size_t nr;
	char *m;			/* their mismatch lines (open_memstream) */
	size_t mlen;
	FILE *mf;
};

static void batch_add(struct sweep_batch *b, uint64_t j)
{
	if (b->nr && b->r[b->nr - 1].hi == j)
		b->r[b->nr - 1].hi = j + 1;
	else {
		b->r[b->nr].lo = j;
		b->r[b->nr++].hi = j + 1;
	}
}

/* Write all of @buf to @fd (O_APPEND): 0, or -1 with errno. */
static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (!n)
				errno = ENOSPC;
			return -1;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Commit @b: its mismatch lines and its done record in one write(), so a
 * kill or a full disk tears at most this batch, which the reader then
 * drops (its configurations are run again on --resume); then its totals
 * into the job's shared block, which only ever holds what is written.
 */
static int batch_commit(const struct sweep_plan *p, struct sweep_batch *b,
			struct sweep_totals *t, char *err, size_t errlen)
{
	static char rec[SWEEP_MAX_CHUNK * 48 + 256];
	int rc = 0, n;

	if (b->mf) {
		fclose(b->mf);
		b->mf = NULL;
	}
	if (p->jsonl && b->nr) {
		char *all;

		n = sweep_journal_record(b->m ? b->m : "", b->mlen, b->r, b->nr, b->t.done,
					 b->t.bad_configs, b->t.deviations, rec, sizeof(rec));
		all = n < 0 ? NULL : malloc(b->mlen + (size_t)n);
		if (!all) {
			snprintf(err, errlen, "--jsonl %s: out of memory for a batch", p->jsonl_name);
			rc = -1;
		} else {
			if (b->mlen)
				memcpy(all, b->m, b->mlen);
			memcpy(all + b->mlen, rec, (size_t)n);
			if (write_all(fileno(p->jsonl), all, b->mlen + (size_t)n)) {
				snprintf(err, errlen, "--jsonl %s: write: %s", p->jsonl_name,
					 strerror(errno));
				rc = -1;
			}
			free(all);
		}
	}
	if (!rc)
		add_totals(t, &b->t);
	free(b->m);
	b->m = NULL;
	b->mlen = 0;
	b->nr = 0;
	memset(&b->t, 0, sizeof(b->t));
	return rc;
}

static int batch_open(const struct sweep_plan *p, struct sweep_batch *b)
{
	if (!p->jsonl)
		return 0;
	b->mf = open_memstream(&b->m, &b->mlen);
	return b->mf ? 0 : -1;
}

static int stopping(struct sweep_shared *sh)
{
	return __atomic_load_n(&sh->stop, __ATOMIC_ACQUIRE) ||
	       __atomic_load_n(&sh->rc, __ATOMIC_ACQUIRE);
}

static void sweep_job(const struct kvm_sys *kvm, const struct sweep_plan *p,
		      struct sweep_shared *sh, struct sweep_totals *t)
{
	struct sweep_worker *w = calloc(1, sizeof(*w));
	struct sweep_batch *b = calloc(1, sizeof(*b));
	uint64_t total = sweep_shard_count(p), j0, j, end;
	char err[PV_ERR_MAX] = "out of memory";
	int rc = PV_EXIT_FAIL;

	/*
	 * The parent decides when to stop (a SIGINT from the terminal reaches
	 * the whole group; here it would only cut a KVM_RUN short), and a job
	 * must not outlive a parent killed with SIGKILL: its batches would
	 * land in a file a --resume is rewriting.
	 */
	stop_block();
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != sh->parent)
		_exit(1);
	if (w && b)
		rc = sweep_worker_init(w, kvm, &p->base, err, sizeof(err));
	while (rc == PV_EXIT_OK && !stopping(sh)) {
		j0 = __atomic_fetch_add(&sh->next, sh->chunk, __ATOMIC_RELAXED);
		if (j0 >= total)
			break;
		end = j0 + sh->chunk < total ? j0 + sh->chunk : total;
		if (batch_open(p, b)) {
			snprintf(err, sizeof(err), "out of memory");
			rc = PV_EXIT_FAIL;
			break;
		}
		for (j = j0; j < end && rc == PV_EXIT_OK; j++) {
			struct sweep_config c;

			/* The configuration boundary: a stop request is seen here. */
			if (stopping(sh))
				break;
			if (p->resume && sweep_journal_has(p->resume, j))
				continue;
			sweep_config_of(p, p->shard - 1 + j * p->shards, &c);
			rc = sweep_worker_run(w, &c, err, sizeof(err));
			if (rc == PV_EXIT_OK) {
				record(p, &b->t, w, b->mf);
				if (b->mf)
					fflush(b->mf);
				batch_add(b, j);
			}
		}
		if (batch_commit(p, b, t, err, sizeof(err)))
			rc = PV_EXIT_FAIL;
	}
	if (rc != PV_EXIT_OK)
		set_error(sh, rc, err);
	if (w) {
		t->vms = (int)w->vms;
		sweep_worker_fini(w);
		free(w);
	}
	free(b);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void progress(const struct sweep_plan *p, uint64_t done, uint64_t total,
		     uint64_t bad, double ms)
{
	double rate = ms > 0 ? done * 1000.0 / ms : 0;
	double eta = rate > 0 ? (total - done) / rate : 0;

	if (p->progress_tty)
		fprintf(stderr, "\r%llu/%llu configurations, %.0f/s, ETA %.0f s, %llu mismatching",
			(unsigned long long)done, (unsigned long long)total, rate, eta,
			(unsigned long long)bad);
	else
		fprintf(stderr, "sweep: %llu/%llu, %.0f/s, ETA %.0f s, %llu mismatching\n",
			(unsigned long long)done, (unsigned long long)total, rate, eta,
			(unsigned long long)bad);
}

static void add_totals(struct sweep_totals *t, const struct sweep_totals *j)
{
	size_t i, n = sizeof(t->seen) / sizeof(uint32_t);
	uint32_t *ts = &t->seen[0][0][0], *tg = &t->good[0][0][0];
	const uint32_t *js = &j->seen[0][0][0], *jg = &j->good[0][0][0];

	t->done += j->done;
	t->bad_configs += j->bad_configs;
	t->deviations += j->deviations;
	t->vms += j->vms;
	for (i = 0; i < CHECK_MAX_ROWS; i++) {
		t->by_probe[i] += j->by_probe[i];
		t->bad[i] += j->bad[i];
	}
	for (i = 0; i < 32; i++)
		t->by_feature[i] += j->by_feature[i];
	for (i = 0; i < n; i++) {
		ts[i] += js[i];
		tg[i] += jg[i];
	}
}

int sweep_run(const struct kvm_sys *kvm, const struct sweep_plan *p, struct sweep_totals *t,
	      char *err, size_t errlen)
{
	int i, n = p->jobs < 1 ? 1 : p->jobs > 64 ? 64 : p->jobs, started = 0;
	size_t size = sizeof(struct sweep_shared) + n * sizeof(struct sweep_totals);
	uint64_t total = sweep_shard_count(p), todo, done, bad;
	double t0 = now_ms(), last = t0;
	struct sweep_shared *sh;
	pid_t pids[64];
	int rc;

	memset(t, 0, sizeof(*t));
	t->shard = p->shard;
	t->shards = p->shards;
	t->jobs = p->jobs;
	t->total = total;
	todo = total - (p->resume ? p->resume->configs : 0);
	sh = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED) {
		snprintf(err, errlen, "mmap of the jobs' shared totals: %s", strerror(errno));
		return PV_EXIT_FAIL;
	}
	/*
	 * Chunks of about 1/64 of a job's share, at most SWEEP_MAX_CHUNK: few
	 * journal records on a long sweep, a balanced end on a short one.
	 */
	sh->chunk = total / ((uint64_t)n * 64);
	sh->chunk = sh->chunk < 1 ? 1 : sh->chunk > SWEEP_MAX_CHUNK ? SWEEP_MAX_CHUNK : sh->chunk;
	sh->parent = getpid();
	if (p->jsonl)
		fflush(p->jsonl);
	fflush(stdout);
	fflush(stderr);
	for (i = 0; i < n; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			sweep_job(kvm, p, sh, &sh->t[i]);
			_exit(0);
		}
		started += pids[i] > 0;
	}
	if (!started) {
		munmap(sh, size);
		snprintf(err, errlen, "cannot start a sweep job: %s", strerror(errno));
		return PV_EXIT_FAIL;
	}
	/* Progress until every job has exited. */
	for (;;) {
		int alive = 0;

		/* Each job stops at its next configuration and commits its batch. */
		if (stop_signal())
			__atomic_store_n(&sh->stop, 1, __ATOMIC_RELEASE);
		for (i = 0; i < n; i++) {
			if (pids[i] > 0 && waitpid(pids[i], &rc, WNOHANG) == pids[i]) {
				if (WIFSIGNALED(rc)) {
					char m[64];

					snprintf(m, sizeof(m), "a sweep job died (signal %d)", WTERMSIG(rc));
					set_error(sh, PV_EXIT_FAIL, m);
				} else if (WEXITSTATUS(rc)) {
					set_error(sh, PV_EXIT_FAIL, "a sweep job died");
				}
				pids[i] = 0;
			}
			alive += pids[i] > 0;
		}
		if (!alive)
			break;
		usleep(20 * 1000);
		if (now_ms() - last >= (p->progress_tty ? 500 : 10000)) {
			last = now_ms();
			for (i = 0, done = bad = 0; i < n; i++) {
				done += __atomic_load_n(&sh->t[i].done, __ATOMIC_ACQUIRE);
				bad += sh->t[i].bad_configs;
			}
			progress(p, done, todo, bad, last - t0);
		}
	}
	for (i = 0; i < n; i++)
		add_totals(t, &sh->t[i]);
	t->elapsed_ms = now_ms() - t0;
	if (p->progress_tty)
		fputc('\n', stderr);
	rc = sh->rc;
	if (rc)
		snprintf(err, errlen, "%s", sh->err);
	munmap(sh, size);
	return rc ? rc : PV_EXIT_OK;
}

/* What the set is, in a journal header: the mode and what defines its members. */
void sweep_journal_identity(const struct sweep_plan *p, const char *version,
			    struct sweep_journal *j)
{
	int bits[32], nb = sweep_defined_bits(bits);
	uint32_t crc;

	memset(j, 0, sizeof(*j));
	snprintf(j->version, sizeof(j->version), "%s", version);
	switch (p->mode) {
	case SWEEP_EXHAUSTIVE:
		snprintf(j->set, sizeof(j->set), "exhaustive over %d bits%s", nb,
			 p->hints ? " x REALTIME" : "");
		break;
	case SWEEP_RANDOM:
		snprintf(j->set, sizeof(j->set), "random %llu over %d bits%s",
			 (unsigned long long)p->random_n, nb, p->hints ? " x REALTIME" : "");
		break;
	default:
		/* The masks themselves (and enforcement of a covering array's rows). */
		crc = crc32_update(0, p->masks, (size_t)p->nr_masks * sizeof(p->masks[0]));
		if (p->mode == SWEEP_PAIRWISE)
			crc = crc32_update(crc, p->enforce, (size_t)p->nr_masks);
		snprintf(j->set, sizeof(j->set), "%s %d masks, crc %08x",
			 p->mode == SWEEP_PAIRWISE ? "covering array of" : "file of", p->nr_masks, crc);
	}
	j->shard = p->shard;
	j->shards = p->shards;
	j->seed = p->mode == SWEEP_RANDOM ? p->seed : 0;
	j->total = sweep_shard_count(p);
}

void sweep_journal_totals(const char *buf, const struct sweep_journal *j, struct sweep_totals *t)
{
	size_t s;

	t->done += j->configs;
	t->bad_configs += j->bad;
	t->deviations += j->devs;
	/* Each mismatch line names its probe; the rest follows from the probe. */
	for (s = 0; s < j->nspans; s++) {
		const char *p = buf + j->spans[s].off, *end = p + j->spans[s].len;

		while (p < end) {
			const char *nl = memchr(p, '\n', (size_t)(end - p)), *q;
			int k;

			nl = nl ? nl : end;
			q = memmem(p, (size_t)(nl - p), "\"probe\": \"", 10);
			for (k = 0; q && k < probe_count && k < CHECK_MAX_ROWS; k++) {
				size_t n = strlen(probe_list[k].name);

				if ((size_t)(nl - q - 10) > n && !memcmp(q + 10, probe_list[k].name, n) &&
				    q[10 + n] == '"') {
					int bit = probe_gate(&probe_list[k]);

					t->by_probe[k]++;
					t->bad[k]++;
					if (bit >= 0)
						t->by_feature[bit]++;
					break;
				}
			}
			p = nl + 1;
		}
	}
}
