// SPDX-License-Identifier: GPL-2.0-only
/*
 * Where a value is in JSON text that jansson has already accepted, for the
 * "NAME:LINE:" of a schema error: jansson's json_t keeps no positions.
 *
 * Why a small scan is enough, and sound: json_loads() accepted the text up
 * to its NUL as one RFC 8259 value, so
 *   - a '"' inside a string is always escaped, and a bracket, comma or
 *     colon inside a string is skipped with the string;
 *   - a line break can only be white space between tokens (a string
 *     cannot hold a raw one), so a value's line is 1 + the '\n' bytes
 *     before its first byte;
 *   - objects keep their members in file order (jansson since 2.8 keeps
 *     insertion order) and no key twice (JSON_REJECT_DUPLICATES), so the
 *     k-th member json_object_foreach() gives is the k-th in the text,
 *     and the k-th array element is the k-th value in the brackets.
 * No value needs decoding: the scan only steps over them.  Every loop
 * stops at the NUL, so were the scan ever to disagree with jansson, the
 * cost would be a wrong line, never a read outside the text.
 */
#include "cpuid_dump.h"

static size_t ws(const char *t, size_t off)
{
	while (t[off] == ' ' || t[off] == '\t' || t[off] == '\r' || t[off] == '\n')
		off++;
	return off;
}

/* The string at @off (its '"'): the offset after its closing '"'. */
static size_t skip_string(const char *t, size_t off)
{
	if (!t[off])
		return off;
	for (off++; t[off] && t[off] != '"'; off++) {
		if (t[off] == '\\' && t[off + 1])
			off++;		/* \" and \\ do not end or start anything */
	}
	return t[off] ? off + 1 : off;
}

static int scalar_end(char ch)
{
	return !ch || ch == ',' || ch == ']' || ch == '}' || ch == ' ' ||
	       ch == '\t' || ch == '\r' || ch == '\n';
}

/* The value at @off: the offset just after it.  Iterative: any depth. */
static size_t skip_value(const char *t, size_t off)
{
	size_t depth = 0;

	do {
		char ch = t[off];

		if (!ch)
			return off;
		if (ch == '"') {
			off = skip_string(t, off);
		} else if (ch == '{' || ch == '[') {
			depth++;
			off++;
		} else if (ch == '}' || ch == ']') {
			if (!depth)
				return off;	/* not at a value: stay */
			depth--;
			off++;
		} else if (depth) {
			off++;
		} else {
			/* a number, true, false or null */
			while (!scalar_end(t[off]))
				off++;
		}
	} while (depth);
	return off;
}

/* At a member's key: the offset of its value. */
static size_t member_value(const char *t, size_t off)
{
	off = ws(t, skip_string(t, off));
	if (t[off] == ':')
		off++;
	return ws(t, off);
}

void cpuid_json_enter(struct cpuid_json_walk *w, const char *text, size_t off)
{
	w->t = text;
	w->obj = text[off] == '{';
	if (!text[off]) {
		w->off = off;
		return;
	}
	off = ws(text, off + 1);
	if (w->obj && text[off] == '"')
		off = member_value(text, off);
	w->off = off;
}

void cpuid_json_next(struct cpuid_json_walk *w)
{
	const char *t = w->t;
	size_t off = ws(t, skip_value(t, w->off));

	if (t[off] == ',') {
		off = ws(t, off + 1);
		if (w->obj)
			off = member_value(t, off);
	}
	w->off = off;
}

/*
 * Counted on from the last answer when @off is further on, as the reader
 * asks for the entries in file order: linear in the file, not quadratic.
 */
unsigned long cpuid_json_line(struct cpuid_json_lines *l, size_t off)
{
	if (off < l->off || !l->line) {
		l->off = 0;
		l->line = 1;
	}
	for (; l->off < off && l->t[l->off]; l->off++)
		l->line += l->t[l->off] == '\n';
	return l->line;
}
