// SPDX-License-Identifier: GPL-2.0-only
/*
 * CPUID dumps: format detection and what both readers share — messages,
 * hex values, the entry table with its duplicate check, and the has_index
 * rule.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpuid_dump.h"

int cpuid_dump_fail(struct cpuid_dump_ctx *c, unsigned long line, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!c->err || !c->errlen)
		return -1;
	n = snprintf(c->err, c->errlen, "%s:%lu: ", c->name, line);
	if (n < 0 || (size_t)n >= c->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(c->err + n, c->errlen - n, fmt, ap);
	va_end(ap);
	return -1;
}

/*
 * Messages quote what was found; a dump may hold any bytes, and a control
 * character copied to a terminal would garble the message, so only
 * printable ASCII is kept.
 */
const char *cpuid_dump_quote(const char *s, size_t len, char *buf, size_t size)
{
	size_t i, n = 0;

	if (!size)
		return "";
	for (i = 0; i < len && n + 1 < size; i++) {
		unsigned char ch = (unsigned char)s[i];

		/* The rest does not fit: end with "..." while there is room for it. */
		if (len - i > size - 1 - n && size >= 4 && n + 4 >= size) {
			memcpy(buf + n, "...", 3);
			n += 3;
			break;
		}
		buf[n++] = ch >= 0x20 && ch < 0x7f ? (char)ch : '?';
	}
	buf[n] = '\0';
	return buf;
}

static int hex_digit(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

enum cpuid_dump_hex cpuid_dump_hex32(const char *s, size_t len, uint32_t *val)
{
	uint64_t v = 0;
	int wide = 0;
	size_t i;

	if (len < 3 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
		return CPUID_HEX_BAD;
	for (i = 2; i < len; i++) {
		int dig = hex_digit(s[i]);

		if (dig < 0)
			return CPUID_HEX_BAD;
		/* Leading zeros do not make a value wide; keep scanning for a bad digit. */
		if (!wide) {
			v = v << 4 | (unsigned int)dig;
			wide = v > 0xffffffffu;
		}
	}
	if (wide)
		return CPUID_HEX_WIDE;
	*val = (uint32_t)v;
	return CPUID_HEX_OK;
}

int cpuid_dump_add(struct cpuid_dump_ctx *c, unsigned long line,
		   const struct cpuid_dump_entry *e)
{
	struct cpuid_dump *d = c->d;
	int i;

	for (i = 0; i < d->nr; i++) {
		if (d->e[i].function == e->function && d->e[i].index == e->index)
			return cpuid_dump_fail(c, line,
					       "duplicate leaf 0x%08x subleaf 0x%x (first on line %lu)",
					       e->function, e->index, c->line[i]);
	}
	if (d->nr == CPUID_DUMP_MAX)
		return cpuid_dump_fail(c, line, "more than %d CPUID entries", CPUID_DUMP_MAX);
	c->line[d->nr] = line;
	d->e[d->nr++] = *e;
	return 0;
}

/*
 * Leaves whose output depends on ECX: the SDM's and APM's subleaf leaves,
 * the same list as KVM's cpuid_function_is_indexed() plus the newer
 * Intel leaves 0x20 and 0x23 and AMD's 0x80000026.
 */
static int function_is_indexed(uint32_t function)
{
	static const uint32_t indexed[] = {
		0x4, 0x7, 0xb, 0xd, 0xf, 0x10, 0x12, 0x14, 0x17, 0x18, 0x1d,
		0x1e, 0x1f, 0x20, 0x23, 0x24, 0x8000001d, 0x80000026,
	};
	size_t i;

	for (i = 0; i < sizeof(indexed) / sizeof(indexed[0]); i++) {
		if (indexed[i] == function)
			return 1;
	}
	return 0;
}

/*
 * The has_index rule, for entries whose file did not say (cpuid -r never
 * does): an entry is indexed (KVM_CPUID_FLAG_SIGNIFCANT_INDEX) when
 *   - its function is a known subleaf leaf (function_is_indexed()), even
 *     if the dump holds only subleaf 0 of it: the CPU still reads ECX; or
 *   - the dump holds the same function with another index: the tool
 *     found subleaves that differ, whatever the list says; or
 *   - its index is not 0: without the flag KVM would ignore the index
 *     and hand this entry out for subleaf 0 as well.
 * Everything else is not indexed, as KVM_GET_SUPPORTED_CPUID reports it.
 */
int cpuid_dump_finish(struct cpuid_dump_ctx *c, unsigned long line)
{
	struct cpuid_dump *d = c->d;
	int i, k;

	if (!d->nr)
		return cpuid_dump_fail(c, line, "no CPUID entries");
	for (i = 0; i < d->nr; i++) {
		struct cpuid_dump_entry *e = &d->e[i];

		if (e->has_index >= 0)
			continue;
		e->has_index = function_is_indexed(e->function) || e->index != 0;
		for (k = 0; k < d->nr && !e->has_index; k++) {
			/* Duplicates are refused, so the same function is another index. */
			if (k != i && d->e[k].function == e->function)
				e->has_index = 1;
		}
	}
	return 0;
}

int cpuid_dump_parse(const char *text, const char *name, struct cpuid_dump *d,
		     char *err, size_t errlen)
{
	struct cpuid_dump_ctx c = {
		.name = name ? name : "-", .err = err, .errlen = errlen, .d = d,
	};
	const char *p = text;

	if (err && errlen)
		err[0] = '\0';
	memset(d, 0, sizeof(*d));
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	if (*p == '{') {
		strcpy(d->format, "pvprobe-json");
		return cpuid_dump_parse_json(&c, text);
	}
	strcpy(d->format, "cpuid-r");
	return cpuid_dump_parse_cpuid(&c, text);
}

struct kvm_cpuid2 *cpuid_dump_table(const struct cpuid_dump *d)
{
	struct kvm_cpuid2 *c = calloc(1, sizeof(*c) + d->nr * sizeof(c->entries[0]));
	int i;

	if (!c)
		return NULL;
	for (i = 0; i < d->nr; i++) {
		struct kvm_cpuid_entry2 *e = &c->entries[i];

		e->function = d->e[i].function;
		e->index = d->e[i].index;
		e->flags = d->e[i].has_index ? KVM_CPUID_FLAG_SIGNIFCANT_INDEX : 0;
		e->eax = d->e[i].eax;
		e->ebx = d->e[i].ebx;
		e->ecx = d->e[i].ecx;
		e->edx = d->e[i].edx;
	}
	c->nent = d->nr;
	return c;
}
