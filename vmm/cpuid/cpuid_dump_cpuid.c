// SPDX-License-Identifier: GPL-2.0-only
/*
 * The raw dump of the `cpuid` tool (Debian's cpuid package), as printed
 * by `cpuid -r` and `cpuid -1 -r`:
 *
 *   CPU 0:                                  ("CPU:" with -1)
 *      0x00000000 0x00: eax=0x00000010 ebx=0x68747541 ecx=0x444d4163 edx=0x69746e65
 *      0x00000004 0x01: eax=...
 *   CPU 1:
 *      ...
 *
 * Without -1 the tool prints every CPU.  They are counted, and only the
 * first CPU's leaves are kept: one table is programmed into every vCPU,
 * and what differs between CPUs (APIC IDs) KVM does not take from it.
 * Leaf lines before any header are the first CPU, so a dump trimmed by
 * hand still reads.  Later CPUs' lines are checked as strictly as the
 * first CPU's, except for duplicates: they are not kept.
 *
 * The tool's older "0xLEAF: eax=..." lines (no subleaf) read as subleaf 0.
 */
#include <string.h>

#include "cpuid_dump.h"

static int blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r';
}

static const char *skip_blank(const char *p, const char *eol)
{
	while (p < eol && blank(*p))
		p++;
	return p;
}

/* Where the field at @p ends: white space, @stop or the end of the line. */
static const char *field_end(const char *p, const char *eol, char stop)
{
	while (p < eol && !blank(*p) && *p != stop)
		p++;
	return p;
}

static int hex(struct cpuid_dump_ctx *c, unsigned long line, const char *what,
	       const char *s, const char *end, uint32_t *val)
{
	char q[CPUID_DUMP_QUOTE_MAX];

	switch (cpuid_dump_hex32(s, end - s, val)) {
	case CPUID_HEX_OK:
		return 0;
	case CPUID_HEX_WIDE:
		return cpuid_dump_fail(c, line, "%s value \"%s\" is wider than 32 bits", what,
				       cpuid_dump_quote(s, end - s, q, sizeof(q)));
	default:
		return cpuid_dump_fail(c, line, "bad hex number \"%s\" for %s (expected 0x and hex digits)",
				       cpuid_dump_quote(s, end - s, q, sizeof(q)), what);
	}
}

/* "CPU:" or "CPU N:", @p at "CPU". */
static int parse_header(struct cpuid_dump_ctx *c, unsigned long line,
			const char *p, const char *eol)
{
	const char *q = p + 3;
	char buf[CPUID_DUMP_QUOTE_MAX];

	if (q < eol && blank(*q)) {
		const char *digits;

		q = skip_blank(q, eol);
		digits = q;
		while (q < eol && *q >= '0' && *q <= '9')
			q++;
		if (q == digits)
			q = eol;	/* "CPU " without a number */
	}
	if (q < eol && *q == ':' && skip_blank(q + 1, eol) == eol)
		return 0;
	return cpuid_dump_fail(c, line, "bad CPU header \"%s\" (expected \"CPU:\" or \"CPU N:\")",
			       cpuid_dump_quote(p, eol - p, buf, sizeof(buf)));
}

/* "0xLEAF 0xSUBLEAF: eax=0x... ebx=0x... ecx=0x... edx=0x...", @p at "0x". */
static int parse_leaf(struct cpuid_dump_ctx *c, unsigned long line,
		      const char *p, const char *eol, struct cpuid_dump_entry *e)
{
	static const char *const reg[] = { "eax", "ebx", "ecx", "edx" };
	uint32_t *val[] = { &e->eax, &e->ebx, &e->ecx, &e->edx };
	char buf[CPUID_DUMP_QUOTE_MAX];
	const char *f;
	int r;

	f = field_end(p, eol, ':');
	if (hex(c, line, "leaf", p, f, &e->function))
		return -1;
	p = skip_blank(f, eol);
	if (p < eol && *p != ':') {
		f = field_end(p, eol, ':');
		if (hex(c, line, "subleaf", p, f, &e->index))
			return -1;
		p = skip_blank(f, eol);
	}
	if (p == eol || *p != ':')
		return cpuid_dump_fail(c, line, "expected ':' after leaf 0x%08x and its subleaf, found \"%s\"",
				       e->function, cpuid_dump_quote(p, eol - p, buf, sizeof(buf)));
	p++;

	for (r = 0; r < 4; r++) {
		p = skip_blank(p, eol);
		if (p == eol)
			return cpuid_dump_fail(c, line, "missing %s= (a leaf line has eax=, ebx=, ecx=, edx=)",
					       reg[r]);
		f = field_end(p, eol, '\0');
		if (f - p < 4 || memcmp(p, reg[r], 3) || p[3] != '=') {
			cpuid_dump_quote(p, f - p, buf, sizeof(buf));
			/* Another register where this one belongs: this one is missing. */
			if (f - p >= 4 && p[0] == 'e' && p[2] == 'x' && p[3] == '=')
				return cpuid_dump_fail(c, line, "missing %s=: found \"%s\" in its place (a leaf line has eax=, ebx=, ecx=, edx=, in this order)",
						       reg[r], buf);
			return cpuid_dump_fail(c, line, "expected %s=0x..., found \"%s\"", reg[r], buf);
		}
		if (hex(c, line, reg[r], p + 4, f, val[r]))
			return -1;
		p = f;
	}
	p = skip_blank(p, eol);
	if (p != eol)
		return cpuid_dump_fail(c, line, "unexpected \"%s\" after edx",
				       cpuid_dump_quote(p, eol - p, buf, sizeof(buf)));
	return 0;
}

int cpuid_dump_parse_cpuid(struct cpuid_dump_ctx *c, const char *text)
{
	struct cpuid_dump *d = c->d;
	const char *p = text;
	unsigned long line = 1;
	int cpu = -1;		/* the CPU the lines are for; -1 before any */

	for (;; p++, line++) {
		const char *eol = strchrnul(p, '\n');
		const char *q = skip_blank(p, eol);
		char buf[CPUID_DUMP_QUOTE_MAX];

		if (q == eol) {
			/* blank */
		} else if (eol - q >= 3 && !memcmp(q, "CPU", 3)) {
			if (parse_header(c, line, q, eol))
				return -1;
			cpu++;
			d->nr_cpus = cpu + 1;
		} else if (q[0] == '0' && (q[1] == 'x' || q[1] == 'X')) {
			struct cpuid_dump_entry e = { .has_index = -1 };

			if (cpu < 0) {
				cpu = 0;
				d->nr_cpus = 1;
			}
			if (parse_leaf(c, line, q, eol, &e))
				return -1;
			if (cpu == 0 && cpuid_dump_add(c, line, &e))
				return -1;
		} else {
			return cpuid_dump_fail(c, line, "not a cpuid -r line: \"%s\" (expected \"CPU N:\", \"0xLEAF 0xSUBLEAF: eax=0x... ...\" or a blank line)",
					       cpuid_dump_quote(q, eol - q, buf, sizeof(buf)));
		}
		p = eol;
		if (!*p)
			break;
	}
	/* A final newline ends the last line; it does not start another. */
	if (line > 1 && p > text && p[-1] == '\n')
		line--;
	return cpuid_dump_finish(c, line);
}
