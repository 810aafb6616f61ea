// SPDX-License-Identifier: GPL-2.0-only
#include <stdarg.h>

#include "ktap.h"

void ktap_begin(struct ktap *t, FILE *f)
{
	*t = (struct ktap){ .f = f };
	fprintf(f, "TAP version 13\n");
}

void ktap_plan(struct ktap *t, int n)
{
	fprintf(t->f, "1..%d\n", n);
}

void ktap_skip_all(FILE *f, const char *reason)
{
	fprintf(f, "TAP version 13\n1..0 # SKIP %s\n", reason);
}

void ktap_result(struct ktap *t, enum ktap_result r, const char *name, const char *fmt, ...)
{
	static const char *const directive[] = {
		[KTAP_PASS] = "", [KTAP_FAIL] = "", [KTAP_XFAIL] = "XFAIL ", [KTAP_SKIP] = "SKIP ",
	};
	va_list ap;

	t->n++;
	switch (r) {
	case KTAP_PASS:
		t->c.pass++;
		break;
	case KTAP_FAIL:
		t->c.fail++;
		break;
	case KTAP_XFAIL:
		t->c.xfail++;
		break;
	case KTAP_SKIP:
		t->c.skip++;
		break;
	}
	fprintf(t->f, "%sok %d %s", r == KTAP_FAIL ? "not " : "", t->n, name);
	if (fmt) {
		fprintf(t->f, " # %s", directive[r]);
		va_start(ap, fmt);
		vfprintf(t->f, fmt, ap);
		va_end(ap);
	}
	fputc('\n', t->f);
}

void ktap_diag(struct ktap *t, const char *fmt, ...)
{
	va_list ap;

	fputs("# ", t->f);
	va_start(ap, fmt);
	vfprintf(t->f, fmt, ap);
	va_end(ap);
	fputc('\n', t->f);
}

void ktap_totals(struct ktap *t, const struct ktap_counts *c)
{
	if (!c)
		c = &t->c;
	fprintf(t->f, "# Totals: pass:%d fail:%d xfail:%d xpass:%d skip:%d error:%d\n",
		c->pass, c->fail, c->xfail, c->xpass, c->skip, c->error);
}
