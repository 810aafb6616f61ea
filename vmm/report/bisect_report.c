// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvprobe bisect's result, rendered: the minimal set of bits, the minimal
 * pair, the rows that differ and the two `pvprobe check` lines that
 * reproduce it -- as text or JSON.
 */
#include "bisect_report.h"
#include "check_report.h"
#include "json.h"
#include "pv_feature.h"

static const char *bit_name(int bit, char *buf, size_t len)
{
	const struct pv_feature *f = pv_feature_by_bit(PV_REG_EAX, bit);

	if (f)
		return f->name;
	snprintf(buf, len, "bit%d", bit);
	return buf;
}

static const char *status_name(enum bisect_status s)
{
	switch (s) {
	case BISECT_FOUND: return "found";
	case BISECT_SAME: return "same";
	default: return "not reproducible";
	}
}

static int compared_rows(const struct bisect_report *rep)
{
	int i, n = 0;

	for (i = 0; i < rep->good.nr_rows; i++)
		n += bisect_compares(&rep->req, &rep->good.rows[i]);
	return n;
}

/* The two reports whose rows are shown, and what to call them. */
struct shown {
	const struct check_report *a, *b;
	const char *a_name, *b_name;
};

static struct shown shown_of(const struct bisect_report *rep)
{
	if (rep->status == BISECT_FOUND)
		return (struct shown){ &rep->good, &rep->pair, "good", "flipped" };
	/* bad's own re-run, or (rarely) the pair's confirming run */
	if (rep->status == BISECT_FLAKY)
		return (struct shown){ &rep->bad, &rep->pair, "bad",
				       rep->pair.cfg.eax == rep->req.bad ? "again" : "pair" };
	return (struct shown){ &rep->good, &rep->bad, "good", "bad" };
}

static void print_rows(const struct bisect_report *rep, const struct shown *sh, FILE *f)
{
	char e1[OUTCOME_STR_MAX], o1[OUTCOME_STR_MAX], e2[OUTCOME_STR_MAX], o2[OUTCOME_STR_MAX];
	char h[4][40];
	int i;

	snprintf(h[0], sizeof(h[0]), "%s expected", sh->a_name);
	snprintf(h[1], sizeof(h[1]), "%s observed", sh->a_name);
	snprintf(h[2], sizeof(h[2]), "%s expected", sh->b_name);
	snprintf(h[3], sizeof(h[3]), "%s observed", sh->b_name);
	fprintf(f, "\n%-38s %-18s %-20s %-18s %s\n", "probe", h[0], h[1], h[2], h[3]);
	for (i = 0; i < sh->a->nr_rows && i < sh->b->nr_rows; i++) {
		const struct check_row *a = &sh->a->rows[i], *b = &sh->b->rows[i];

		if (!bisect_rows_differ(&rep->req, a, b))
			continue;
		fprintf(f, "%-38s %-18s %-20s %-18s %s\n", a->p->name,
			outcome_str(&a->exp.out, e1, sizeof(e1)), outcome_str(&a->obs, o1, sizeof(o1)),
			outcome_str(&b->exp.out, e2, sizeof(e2)), outcome_str(&b->obs, o2, sizeof(o2)));
	}
}

/* With --probe, what that probe did in both: a hang on both sides is worth seeing. */
static void print_same(const struct bisect_report *rep, FILE *f)
{
	char o[OUTCOME_STR_MAX];
	int i;

	for (i = 0; rep->req.probe && i < rep->good.nr_rows; i++)
		if (rep->good.rows[i].p == rep->req.probe)
			fprintf(f, "%s observed %s under both masks\n", rep->req.probe->name,
				outcome_str(&rep->good.rows[i].obs, o, sizeof(o)));
}

static void bisect_text(const struct bisect_report *rep, FILE *f)
{
	const struct bisect_request *req = &rep->req;
	struct shown sh = shown_of(rep);
	char name[16], good[768], flipped[768], label[2][16];
	int bit, sep = 0;

	fprintf(f, "Bisect: good eax 0x%08x, bad eax 0x%08x, edx 0x%08x, enforcement %s\n",
		req->good, req->bad, req->cfg.edx, req->cfg.enforce ? "on" : "off");
	fprintf(f, "Differing bits (%d):", __builtin_popcount(rep->diff));
	for (bit = 0; bit < 32; bit++)
		if (rep->diff & (1u << bit))
			fprintf(f, " %s", bit_name(bit, name, sizeof(name)));
	fprintf(f, "\nCompared: %s\n", req->probe ? req->probe->name :
		"every MSR probe's observed outcome");

	if (!rep->diff) {
		fprintf(f, "\ngood and bad are the same mask: there is nothing to bisect\n");
		return;
	}
	if (rep->status == BISECT_SAME) {
		int n = compared_rows(rep);

		fprintf(f, "\ngood and bad do not differ: %d compared probe%s the same in both\n",
			n, n == 1 ? " observes" : "s observe");
		print_same(rep, f);
	} else if (rep->status == BISECT_FLAKY) {
		fprintf(f, "\nnot reproducible: eax 0x%08x gave bad's outcome once and not when run again\n",
			rep->pair.cfg.eax);
		print_rows(rep, &sh, f);
	} else {
		fprintf(f, "\nMinimal set (%d bit%s):", __builtin_popcount(rep->bits),
			__builtin_popcount(rep->bits) == 1 ? "" : "s");
		for (bit = 0; bit < 32; bit++) {
			if (!(rep->bits & (1u << bit)))
				continue;
			/* + when the flip sets the bit, - when it clears it */
			fprintf(f, "%s %c%s (bit %d)", sep++ ? "," : "",
				req->good & (1u << bit) ? '-' : '+', bit_name(bit, name, sizeof(name)), bit);
		}
		fprintf(f, "\nMinimal pair: good 0x%08x, flipped 0x%08x\n",
			req->good, req->good ^ rep->bits);
		print_rows(rep, &sh, f);
	}
	if (rep->tests)
		fprintf(f, "\n%d VM runs (good, bad, %d ddmin tests; the first re-runs bad%s), %.0f ms\n",
			rep->runs, rep->tests,
			rep->runs > rep->tests + 2 ? "; one more for the pair" : "", rep->elapsed_ms);
	else
		fprintf(f, "\n%d VM runs (good and bad), %.0f ms\n", rep->runs, rep->elapsed_ms);
	check_reproduce(sh.a, good, sizeof(good));
	check_reproduce(sh.b, flipped, sizeof(flipped));
	snprintf(label[0], sizeof(label[0]), "%s:", sh.a_name);
	snprintf(label[1], sizeof(label[1]), "%s:", sh.b_name);
	fprintf(f, "reproduce %-9s%s\n", label[0], good);
	fprintf(f, "reproduce %-9s%s\n", label[1], flipped);
}

static void json_bits(struct json *j, const char *key, uint32_t bits, uint32_t good)
{
	char name[16];
	int bit;

	json_arr_begin(j, key);
	for (bit = 0; bit < 32; bit++) {
		if (!(bits & (1u << bit)))
			continue;
		json_obj_begin(j, NULL);
		json_str(j, "name", bit_name(bit, name, sizeof(name)));
		json_int(j, "bit", bit);
		json_str(j, "flip", good & (1u << bit) ? "clear" : "set");
		json_obj_end(j);
	}
	json_arr_end(j);
}

static void json_side(struct json *j, const char *key, const struct check_row *row)
{
	char buf[OUTCOME_STR_MAX];

	json_obj_begin(j, key);
	json_str(j, "expected", outcome_str(&row->exp.out, buf, sizeof(buf)));
	json_str(j, "observed", outcome_str(&row->obs, buf, sizeof(buf)));
	json_str(j, "verdict", verdict_name(row->v));
	json_obj_end(j);
}

static void bisect_json(const struct bisect_report *rep, FILE *f)
{
	const struct bisect_request *req = &rep->req;
	struct shown sh = shown_of(rep);
	char buf[768];
	struct json j;
	int i, ran = rep->runs > 0;

	json_init(&j, f);
	json_obj_begin(&j, NULL);
	json_str(&j, "result", status_name(rep->status));
	json_hex32(&j, "good", req->good);
	json_hex32(&j, "bad", req->bad);
	json_hex32(&j, "hints", req->cfg.edx);
	json_bool(&j, "enforce", req->cfg.enforce);
	json_str(&j, "probe", req->probe ? req->probe->name : NULL);
	json_bits(&j, "differing_bits", rep->diff, req->good);
	json_bits(&j, "bits", rep->status == BISECT_FOUND ? rep->bits : 0, req->good);
	json_obj_begin(&j, "pair");
	json_hex32(&j, sh.a_name, sh.a == &rep->good ? req->good : req->bad);
	json_hex32(&j, sh.b_name, sh.b == &rep->bad ? req->bad : rep->pair.cfg.eax);
	json_obj_end(&j);
	json_arr_begin(&j, "rows");
	for (i = 0; ran && i < sh.a->nr_rows && i < sh.b->nr_rows; i++) {
		if (!bisect_rows_differ(req, &sh.a->rows[i], &sh.b->rows[i]))
			continue;
		json_obj_begin(&j, NULL);
		json_str(&j, "probe", sh.a->rows[i].p->name);
		json_side(&j, sh.a_name, &sh.a->rows[i]);
		json_side(&j, sh.b_name, &sh.b->rows[i]);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_int(&j, "runs", rep->runs);
	json_int(&j, "tests", rep->tests);
	json_int(&j, "elapsed_ms", (long long)(rep->elapsed_ms + 0.5));
	json_obj_begin(&j, "reproduce");
	if (ran) {
		check_reproduce(sh.a, buf, sizeof(buf));
		json_str(&j, sh.a_name, buf);
		check_reproduce(sh.b, buf, sizeof(buf));
		json_str(&j, sh.b_name, buf);
	}
	json_obj_end(&j);
	json_obj_end(&j);
	json_end(&j);
}

int bisect_render(const struct bisect_report *rep, enum out_format fmt, FILE *f)
{
	switch (fmt) {
	case OUT_TEXT:
		bisect_text(rep, f);
		return 0;
	case OUT_JSON:
		bisect_json(rep, f);
		return 0;
	default:
		return -1;
	}
}
