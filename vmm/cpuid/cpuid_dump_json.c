// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvprobe's own JSON (`pvprobe guest --json`, `pvprobe check --json`):
 * the top-level "cpuid" array, one object per entry of the table KVM
 * holds (KVM_GET_CPUID2):
 *
 *   {..., "cpuid": [{"function": "0x00000001", "index": 0,
 *                    "eax": "0x000a0671", "ebx": "0x01020800",
 *                    "ecx": "0xfffa3203", "edx": "0x1f8bfbff", "flags": 0},
 *                   ...], ...}
 *
 * Hex values are strings as json_hex32() writes them; "index" and "flags"
 * (the KVM_CPUID_FLAG_* bits) are numbers.  "function", "index" and the
 * four registers are required; without "flags" the has_index rule of
 * cpuid_dump_finish() decides, so a table written by hand reads too.
 * Every other key, at any level, is skipped.
 *
 * jansson parses: the whole file must be one JSON object (RFC 8259,
 * valid UTF-8, nothing after it), with no key twice in any object
 * (JSON_REJECT_DUPLICATES: which of two values would count is a guess).
 * JSON_ALLOW_NUL only lets a string hold "\u0000", as RFC 8259 allows;
 * the registers' strings then fail as hex.  jansson bounds the nesting
 * (JSON_PARSER_MAX_DEPTH) and reports the line of a syntax error.  What
 * is read from the tree is checked here, and the line of a bad value is
 * found in the text by cpuid_json_line() (cpuid_dump_json_pos.c).
 */
#include <string.h>
#include <jansson.h>
#include <linux/kvm.h>

#include "cpuid_dump.h"

#define JSON_FLAGS	(JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL)

struct reader {
	struct cpuid_dump_ctx *c;
	const char *text;
	struct cpuid_json_lines lines;
};

enum { F_FUNCTION, F_INDEX, F_EAX, F_EBX, F_ECX, F_EDX, F_FLAGS, F_NR };

static const char *const field_name[F_NR] = {
	"function", "index", "eax", "ebx", "ecx", "edx", "flags",
};

#define F_REQUIRED	((1u << F_FLAGS) - 1)	/* all but "flags" */

static unsigned long line_of(struct reader *r, size_t off)
{
	return cpuid_json_line(&r->lines, off);
}

/* What a value is, for "..., found X". */
static const char *kind(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
		return "true";
	case JSON_FALSE:
		return "false";
	default:
		return "null";
	}
}

/*
 * jansson's message ends with up to 20 bytes of the token it stopped at
 * ("near '...'"), copied from the file: quoted, so no control character
 * or stray byte reaches a terminal.
 */
static int syntax_error(struct cpuid_dump_ctx *c, const json_error_t *je)
{
	char text[JSON_ERROR_TEXT_LENGTH];
	const char *what;

	switch (json_error_code(je)) {
	case json_error_invalid_utf8:
		what = "invalid UTF-8";
		break;
	case json_error_stack_overflow:
		what = "objects and arrays nested too deep";
		break;
	case json_error_out_of_memory:
		what = "out of memory reading JSON";
		break;
	default:
		what = "invalid JSON";
		break;
	}
	cpuid_dump_quote(je->text, strlen(je->text), text, sizeof(text));
	/* Every syntax error has a line; out of memory may not. */
	return cpuid_dump_fail(c, je->line > 0 ? (unsigned long)je->line : 1, "%s: %s", what, text);
}

static int field_of(const char *key)
{
	int f;

	for (f = 0; f < F_NR; f++) {
		if (!strcmp(key, field_name[f]))
			return f;
	}
	return -1;
}

static int hex_field(struct reader *r, const json_t *v, size_t off, int f, int n, uint32_t *val)
{
	char q[CPUID_DUMP_QUOTE_MAX];
	const char *s;
	size_t len;

	if (!json_is_string(v))
		return cpuid_dump_fail(r->c, line_of(r, off), "\"%s\" of cpuid entry %d must be a hex string like \"0x0000000d\", found %s",
				       field_name[f], n, kind(v));
	s = json_string_value(v);
	len = json_string_length(v);	/* may hold a NUL: not a hex digit */
	switch (cpuid_dump_hex32(s, len, val)) {
	case CPUID_HEX_OK:
		return 0;
	case CPUID_HEX_WIDE:
		return cpuid_dump_fail(r->c, line_of(r, off), "\"%s\" of cpuid entry %d: \"%s\" is wider than 32 bits",
				       field_name[f], n, cpuid_dump_quote(s, len, q, sizeof(q)));
	default:
		return cpuid_dump_fail(r->c, line_of(r, off), "\"%s\" of cpuid entry %d: bad hex number \"%s\" (expected \"0x\" and hex digits)",
				       field_name[f], n, cpuid_dump_quote(s, len, q, sizeof(q)));
	}
}

static int number_field(struct reader *r, const json_t *v, size_t off, int f, int n, uint32_t *val)
{
	json_int_t i;

	if (!json_is_number(v))
		return cpuid_dump_fail(r->c, line_of(r, off), "\"%s\" of cpuid entry %d must be a number, found %s",
				       field_name[f], n, kind(v));
	i = json_is_integer(v) ? json_integer_value(v) : -1;
	if (i < 0)
		return cpuid_dump_fail(r->c, line_of(r, off), "\"%s\" of cpuid entry %d must be a whole number from 0 to 4294967295",
				       field_name[f], n);
	if (i > 0xffffffffll)
		return cpuid_dump_fail(r->c, line_of(r, off), "\"%s\" of cpuid entry %d is wider than 32 bits",
				       field_name[f], n);
	*val = (uint32_t)i;
	return 0;
}

static int field(struct reader *r, const json_t *v, size_t off, int f, int n,
		 struct cpuid_dump_entry *e)
{
	uint32_t *reg[F_NR] = {
		[F_FUNCTION] = &e->function, [F_INDEX] = &e->index,
		[F_EAX] = &e->eax, [F_EBX] = &e->ebx,
		[F_ECX] = &e->ecx, [F_EDX] = &e->edx,
	};
	uint32_t flags;

	if (f == F_INDEX)
		return number_field(r, v, off, f, n, reg[f]);
	if (f == F_FLAGS) {
		if (number_field(r, v, off, f, n, &flags))
			return -1;
		/* The other bits (STATEFUL_FUNC, READ_NEXT) no KVM sets since 5.x. */
		e->has_index = !!(flags & KVM_CPUID_FLAG_SIGNIFCANT_INDEX);
		return 0;
	}
	return hex_field(r, v, off, f, n, reg[f]);
}

/* Entry @n (1-based), the value at @off in the text. */
static int entry(struct reader *r, json_t *obj, size_t off, int n)
{
	struct cpuid_dump_entry e = { .has_index = -1 };
	unsigned long line = line_of(r, off);
	struct cpuid_json_walk w;
	unsigned int seen = 0;
	const char *key;
	json_t *v;
	int f;

	if (!json_is_object(obj))
		return cpuid_dump_fail(r->c, line, "expected cpuid entry %d, a {\"function\", ...} object, found %s",
				       n, kind(obj));
	cpuid_json_enter(&w, r->text, off);
	json_object_foreach(obj, key, v) {
		f = field_of(key);	/* jansson refuses a NUL in a key */
		if (f >= 0) {
			seen |= 1u << f;
			if (field(r, v, w.off, f, n, &e))
				return -1;
		}
		/* Any other key is one a later pvprobe may add. */
		cpuid_json_next(&w);
	}
	for (f = 0; f < F_NR; f++) {
		if ((F_REQUIRED & 1u << f) && !(seen & 1u << f))
			return cpuid_dump_fail(r->c, line, "cpuid entry %d has no \"%s\" (an entry has \"function\", \"index\", \"eax\", \"ebx\", \"ecx\", \"edx\")",
					       n, field_name[f]);
	}
	return cpuid_dump_add(r->c, line, &e);
}

static int cpuid_array(struct reader *r, json_t *arr, size_t off)
{
	struct cpuid_json_walk w;
	size_t i;
	json_t *v;

	if (!json_is_array(arr))
		return cpuid_dump_fail(r->c, line_of(r, off), "\"cpuid\" must be an array of {\"function\", \"index\", \"eax\", ...} objects, found %s",
				       kind(arr));
	if (!json_array_size(arr))
		return cpuid_dump_fail(r->c, line_of(r, off), "no CPUID entries: the \"cpuid\" array is empty");
	cpuid_json_enter(&w, r->text, off);
	json_array_foreach(arr, i, v) {
		/* cpuid_dump_add() stops at entry CPUID_DUMP_MAX + 1: n stays small. */
		if (entry(r, v, w.off, (int)i + 1))
			return -1;
		cpuid_json_next(&w);
	}
	return 0;
}

int cpuid_dump_parse_json(struct cpuid_dump_ctx *c, const char *text)
{
	struct reader r = { .c = c, .text = text, .lines = { .t = text } };
	size_t top = strspn(text, " \t\r\n");	/* the caller found a '{' there */
	struct cpuid_json_walk w;
	size_t cpuid_off = 0;
	json_t *root, *cpuid = NULL, *v;
	json_error_t je;
	const char *key;
	int rc;

	root = json_loads(text, JSON_FLAGS, &je);
	if (!root)
		return syntax_error(c, &je);
	/* Only top-level keys count: a "cpuid" nested anywhere else is some other thing. */
	cpuid_json_enter(&w, text, top);
	json_object_foreach(root, key, v) {
		if (!strcmp(key, "cpuid")) {
			cpuid = v;
			cpuid_off = w.off;
		}
		cpuid_json_next(&w);
	}
	/* w.off: the top-level object's closing '}', where a missing key shows. */
	if (!cpuid)
		rc = cpuid_dump_fail(c, line_of(&r, w.off), "no \"cpuid\" key in the top-level object (the table pvprobe guest --json and check --json print)");
	else
		rc = cpuid_array(&r, cpuid, cpuid_off);
	if (!rc) {
		c->d->nr_cpus = 1;
		rc = cpuid_dump_finish(c, line_of(&r, w.off));
	}
	json_decref(root);
	return rc;
}
