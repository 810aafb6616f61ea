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
 * Every other key, at any level, is skipped but still checked: the whole
 * file must be one JSON object (RFC 8259: strings with their escapes and
 * valid UTF-8, numbers, true/false/null) with nothing after it.
 *
 * A recursive descent over the text; nesting is bounded (NEST_MAX), so a
 * hostile file cannot exhaust the stack.
 */
#include <stdio.h>
#include <string.h>
#include <linux/kvm.h>

#include "cpuid_dump.h"

#define NEST_MAX	32	/* pvprobe writes at most 5 levels */
#define STR_MAX		64	/* decoded bytes kept of a string: more than any key or value read */

struct jp {
	struct cpuid_dump_ctx *c;
	const char *p;
	unsigned long line;
	int seen_cpuid;
};

struct jstr {
	char s[STR_MAX];
	size_t len;
	int cut;		/* longer than STR_MAX - 1 bytes: only the start kept */
};

struct jnum {
	uint64_t v;		/* saturates just above 32 bits */
	int integer;		/* no sign, fraction or exponent */
};

/* Handles one member of an object, the parser at its value. */
typedef int (*member_fn)(struct jp *j, const struct jstr *key, int depth, void *arg);

static int value(struct jp *j, int depth);

static void ws(struct jp *j)
{
	for (;; j->p++) {
		if (*j->p == '\n')
			j->line++;
		else if (*j->p != ' ' && *j->p != '\t' && *j->p != '\r')
			return;
	}
}

/* What is at the parser, for "expected X, found Y". */
static const char *found(const struct jp *j, char *buf, size_t size)
{
	unsigned char ch = (unsigned char)*j->p;

	if (!ch)
		return "the end of the file";
	if (ch > 0x20 && ch < 0x7f)
		snprintf(buf, size, "'%c'", ch);
	else
		snprintf(buf, size, "byte 0x%02x", ch);
	return buf;
}

static const char *quote(const struct jstr *s, char *buf, size_t size)
{
	return cpuid_dump_quote(s->s, s->len, buf, size);
}

static int hex4(const char *p, unsigned int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < 4; i++) {	/* stops at a NUL: it is not a digit */
		char ch = p[i];
		unsigned int dig;

		if (ch >= '0' && ch <= '9')
			dig = ch - '0';
		else if (ch >= 'a' && ch <= 'f')
			dig = ch - 'a' + 10;
		else if (ch >= 'A' && ch <= 'F')
			dig = ch - 'A' + 10;
		else
			return -1;
		*v = *v << 4 | dig;
	}
	return 0;
}

/*
 * Length of the valid UTF-8 sequence at @s, or 0 (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF).
 */
static int utf8_len(const unsigned char *s)
{
	unsigned char lo = 0x80, hi = 0xbf;
	int n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		if (s[0] == 0xe0)
			lo = 0xa0;
		if (s[0] == 0xed)
			hi = 0x9f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		if (s[0] == 0xf0)
			lo = 0x90;
		if (s[0] == 0xf4)
			hi = 0x8f;
	} else {
		return 0;
	}
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < n; i++) {	/* stops at a NUL: it is not a continuation byte */
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	}
	return n;
}

static size_t utf8_put(unsigned int u, char *out)
{
	if (u < 0x80) {
		out[0] = (char)u;
		return 1;
	}
	if (u < 0x800) {
		out[0] = (char)(0xc0 | u >> 6);
		out[1] = (char)(0x80 | (u & 0x3f));
		return 2;
	}
	if (u < 0x10000) {
		out[0] = (char)(0xe0 | u >> 12);
		out[1] = (char)(0x80 | (u >> 6 & 0x3f));
		out[2] = (char)(0x80 | (u & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | u >> 18);
	out[1] = (char)(0x80 | (u >> 12 & 0x3f));
	out[2] = (char)(0x80 | (u >> 6 & 0x3f));
	out[3] = (char)(0x80 | (u & 0x3f));
	return 4;
}

static void put(struct jstr *s, const char *b, size_t n)
{
	if (s->cut || s->len + n >= STR_MAX) {
		s->cut = 1;
		return;
	}
	memcpy(s->s + s->len, b, n);
	s->len += n;
	s->s[s->len] = '\0';
}

/* A \uXXXX escape (a surrogate pair: two) at @p, as UTF-8 in @out. */
static int unicode_escape(struct jp *j, const char **pp, char *out, size_t *n)
{
	const char *p = *pp;
	unsigned int u, lo;

	if (hex4(p + 2, &u))
		return cpuid_dump_fail(j->c, j->line, "bad \\u escape in a string: expected 4 hex digits");
	p += 6;
	if (u >= 0xdc00 && u <= 0xdfff)
		return cpuid_dump_fail(j->c, j->line, "\\u%04x in a string: a low surrogate without a high one",
				       u);
	if (u >= 0xd800 && u <= 0xdbff) {
		if (p[0] != '\\' || p[1] != 'u' || hex4(p + 2, &lo) || lo < 0xdc00 || lo > 0xdfff)
			return cpuid_dump_fail(j->c, j->line, "\\u%04x in a string: a high surrogate not followed by a low one (\\udc00-\\udfff)",
					       u);
		p += 6;
		u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
	}
	*n = utf8_put(u, out);
	*pp = p;
	return 0;
}

/* A string at the parser (at its '"'), decoded into @s. */
static int string(struct jp *j, struct jstr *s)
{
	const char *p = j->p + 1;

	s->len = 0;
	s->cut = 0;
	s->s[0] = '\0';
	for (;;) {
		unsigned char ch = (unsigned char)*p;
		char out[4];
		size_t n = 1;

		if (ch == '"')
			break;
		if (!ch)
			return cpuid_dump_fail(j->c, j->line, "unterminated string: the file ends before its closing '\"'");
		if (ch == '\n')
			return cpuid_dump_fail(j->c, j->line, "unterminated string: the line ends before its closing '\"'");
		if (ch < 0x20)
			return cpuid_dump_fail(j->c, j->line, "control character 0x%02x in a string (JSON needs it escaped)",
					       ch);
		if (ch != '\\') {
			n = utf8_len((const unsigned char *)p);
			if (!n)
				return cpuid_dump_fail(j->c, j->line, "invalid UTF-8 in a string (byte 0x%02x)",
						       ch);
			put(s, p, n);
			p += n;
			continue;
		}
		switch (p[1]) {
		case '"':
		case '\\':
		case '/':
			out[0] = p[1];
			break;
		case 'b':
			out[0] = '\b';
			break;
		case 'f':
			out[0] = '\f';
			break;
		case 'n':
			out[0] = '\n';
			break;
		case 'r':
			out[0] = '\r';
			break;
		case 't':
			out[0] = '\t';
			break;
		case 'u':
			if (unicode_escape(j, &p, out, &n))
				return -1;
			put(s, out, n);
			continue;
		default: {
			char buf[16];
			struct jp at = { .p = p + 1 };

			return cpuid_dump_fail(j->c, j->line, "bad escape in a string: '\\' followed by %s (expected one of \"\\/bfnrtu)",
					       found(&at, buf, sizeof(buf)));
		}
		}
		put(s, out, 1);
		p += 2;
	}
	j->p = p + 1;
	return 0;
}

/* A number at the parser (at '-' or a digit). */
static int number(struct jp *j, struct jnum *num)
{
	const char *p = j->p;
	char buf[16];

	num->v = 0;
	num->integer = 1;
	if (*p == '-') {
		num->integer = 0;
		p++;
	}
	if (*p == '0') {
		p++;
	} else if (*p >= '1' && *p <= '9') {
		for (; *p >= '0' && *p <= '9'; p++) {
			if (num->v <= 0xffffffffu)
				num->v = num->v * 10 + (uint64_t)(*p - '0');
		}
	} else {
		j->p = p;
		return cpuid_dump_fail(j->c, j->line, "expected a digit in a number, found %s",
				       found(j, buf, sizeof(buf)));
	}
	if (*p == '.') {
		num->integer = 0;
		if (*++p < '0' || *p > '9') {
			j->p = p;
			return cpuid_dump_fail(j->c, j->line, "expected a digit after '.' in a number, found %s",
					       found(j, buf, sizeof(buf)));
		}
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p == 'e' || *p == 'E') {
		num->integer = 0;
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (*p < '0' || *p > '9') {
			j->p = p;
			return cpuid_dump_fail(j->c, j->line, "expected a digit in the exponent of a number, found %s",
					       found(j, buf, sizeof(buf)));
		}
		while (*p >= '0' && *p <= '9')
			p++;
	}
	/* JSON has no leading zeros: "01" is a syntax error, not 1. */
	if (*p >= '0' && *p <= '9') {
		j->p = p;
		return cpuid_dump_fail(j->c, j->line, "a number with a leading zero");
	}
	j->p = p;
	return 0;
}

static int literal(struct jp *j, const char *word)
{
	size_t n = strlen(word);
	char buf[16];

	if (strncmp(j->p, word, n))	/* stops at the text's NUL */
		return cpuid_dump_fail(j->c, j->line, "expected a value, found %s",
				       found(j, buf, sizeof(buf)));
	j->p += n;
	return 0;
}

/* An object at the parser (at its '{'); @fn handles each member, or NULL: skip them. */
static int object(struct jp *j, int depth, member_fn fn, void *arg)
{
	char buf[16], kq[CPUID_DUMP_QUOTE_MAX];

	if (depth > NEST_MAX)
		return cpuid_dump_fail(j->c, j->line, "objects and arrays nested deeper than %d levels",
				       NEST_MAX);
	j->p++;
	ws(j);
	if (*j->p == '}') {
		j->p++;
		return 0;
	}
	for (;;) {
		struct jstr key;

		ws(j);
		if (*j->p != '"')
			return cpuid_dump_fail(j->c, j->line, "expected a key (a string) in an object, found %s",
					       found(j, buf, sizeof(buf)));
		if (string(j, &key))
			return -1;
		ws(j);
		if (*j->p != ':')
			return cpuid_dump_fail(j->c, j->line, "expected ':' after the key \"%s\", found %s",
					       quote(&key, kq, sizeof(kq)), found(j, buf, sizeof(buf)));
		j->p++;
		ws(j);
		if (fn ? fn(j, &key, depth, arg) : value(j, depth))
			return -1;
		ws(j);
		if (*j->p == '}') {
			j->p++;
			return 0;
		}
		if (*j->p != ',')
			return cpuid_dump_fail(j->c, j->line, "expected ',' or '}' after the value of \"%s\", found %s",
					       quote(&key, kq, sizeof(kq)), found(j, buf, sizeof(buf)));
		j->p++;
	}
}

static int array(struct jp *j, int depth)
{
	char buf[16];

	if (depth > NEST_MAX)
		return cpuid_dump_fail(j->c, j->line, "objects and arrays nested deeper than %d levels",
				       NEST_MAX);
	j->p++;
	ws(j);
	if (*j->p == ']') {
		j->p++;
		return 0;
	}
	for (;;) {
		if (value(j, depth))
			return -1;
		ws(j);
		if (*j->p == ']') {
			j->p++;
			return 0;
		}
		if (*j->p != ',')
			return cpuid_dump_fail(j->c, j->line, "expected ',' or ']' in an array, found %s",
					       found(j, buf, sizeof(buf)));
		j->p++;
	}
}

/* Any value, checked and skipped; @depth: the level it is in. */
static int value(struct jp *j, int depth)
{
	struct jstr s;
	struct jnum num;
	char buf[16];

	ws(j);
	switch (*j->p) {
	case '{':
		return object(j, depth + 1, NULL, NULL);
	case '[':
		return array(j, depth + 1);
	case '"':
		return string(j, &s);
	case 't':
		return literal(j, "true");
	case 'f':
		return literal(j, "false");
	case 'n':
		return literal(j, "null");
	default:
		if (*j->p == '-' || (*j->p >= '0' && *j->p <= '9'))
			return number(j, &num);
		return cpuid_dump_fail(j->c, j->line, "expected a value, found %s",
				       found(j, buf, sizeof(buf)));
	}
}

/* ---- the "cpuid" array ---------------------------------------------- */

enum { F_FUNCTION, F_INDEX, F_EAX, F_EBX, F_ECX, F_EDX, F_FLAGS, F_NR };

static const char *const field_name[F_NR] = {
	"function", "index", "eax", "ebx", "ecx", "edx", "flags",
};

#define F_REQUIRED	((1u << F_FLAGS) - 1)	/* all but "flags" */

struct entry {
	struct cpuid_dump_entry e;
	unsigned int seen;	/* 1 << F_* */
	int n;			/* 1-based, for messages */
};

static int field_of(const struct jstr *key)
{
	int f;

	for (f = 0; f < F_NR && !key->cut; f++) {
		if (key->len == strlen(field_name[f]) && !memcmp(key->s, field_name[f], key->len))
			return f;
	}
	return -1;
}

static int hex_field(struct jp *j, struct entry *en, int f, uint32_t *val)
{
	char buf[16], q[CPUID_DUMP_QUOTE_MAX];
	struct jstr s;

	if (*j->p != '"')
		return cpuid_dump_fail(j->c, j->line, "\"%s\" of cpuid entry %d must be a hex string like \"0x0000000d\", found %s",
				       field_name[f], en->n, found(j, buf, sizeof(buf)));
	if (string(j, &s))
		return -1;
	switch (s.cut ? CPUID_HEX_WIDE : cpuid_dump_hex32(s.s, s.len, val)) {
	case CPUID_HEX_OK:
		return 0;
	case CPUID_HEX_WIDE:
		return cpuid_dump_fail(j->c, j->line, "\"%s\" of cpuid entry %d: \"%s\" is wider than 32 bits",
				       field_name[f], en->n, quote(&s, q, sizeof(q)));
	default:
		return cpuid_dump_fail(j->c, j->line, "\"%s\" of cpuid entry %d: bad hex number \"%s\" (expected \"0x\" and hex digits)",
				       field_name[f], en->n, quote(&s, q, sizeof(q)));
	}
}

static int number_field(struct jp *j, struct entry *en, int f, uint32_t *val)
{
	struct jnum num;
	char buf[16];

	if (*j->p != '-' && (*j->p < '0' || *j->p > '9'))
		return cpuid_dump_fail(j->c, j->line, "\"%s\" of cpuid entry %d must be a number, found %s",
				       field_name[f], en->n, found(j, buf, sizeof(buf)));
	if (number(j, &num))
		return -1;
	if (!num.integer)
		return cpuid_dump_fail(j->c, j->line, "\"%s\" of cpuid entry %d must be a whole number from 0 to 4294967295",
				       field_name[f], en->n);
	if (num.v > 0xffffffffu)
		return cpuid_dump_fail(j->c, j->line, "\"%s\" of cpuid entry %d is wider than 32 bits",
				       field_name[f], en->n);
	*val = (uint32_t)num.v;
	return 0;
}

static int entry_member(struct jp *j, const struct jstr *key, int depth, void *arg)
{
	struct entry *en = arg;
	uint32_t *reg[F_NR] = {
		[F_FUNCTION] = &en->e.function, [F_INDEX] = &en->e.index,
		[F_EAX] = &en->e.eax, [F_EBX] = &en->e.ebx,
		[F_ECX] = &en->e.ecx, [F_EDX] = &en->e.edx,
	};
	uint32_t flags;
	int f = field_of(key);

	if (f < 0)
		return value(j, depth);	/* a key a later pvprobe may add */
	if (en->seen & 1u << f)
		return cpuid_dump_fail(j->c, j->line, "duplicate key \"%s\" in cpuid entry %d",
				       field_name[f], en->n);
	en->seen |= 1u << f;
	if (f == F_INDEX)
		return number_field(j, en, f, reg[f]);
	if (f == F_FLAGS) {
		if (number_field(j, en, f, &flags))
			return -1;
		/* The other bits (STATEFUL_FUNC, READ_NEXT) no KVM sets since 5.x. */
		en->e.has_index = !!(flags & KVM_CPUID_FLAG_SIGNIFCANT_INDEX);
		return 0;
	}
	return hex_field(j, en, f, reg[f]);
}

static int entry(struct jp *j, int depth, int n)
{
	struct entry en = { .e.has_index = -1, .n = n };
	unsigned long line = j->line;
	int f;

	if (object(j, depth, entry_member, &en))
		return -1;
	for (f = 0; f < F_NR; f++) {
		if ((F_REQUIRED & 1u << f) && !(en.seen & 1u << f))
			return cpuid_dump_fail(j->c, line, "cpuid entry %d has no \"%s\" (an entry has \"function\", \"index\", \"eax\", \"ebx\", \"ecx\", \"edx\")",
					       n, field_name[f]);
	}
	return cpuid_dump_add(j->c, line, &en.e);
}

static int cpuid_array(struct jp *j, int depth)
{
	unsigned long line = j->line;
	char buf[16];
	int n;

	if (*j->p != '[')
		return cpuid_dump_fail(j->c, j->line, "\"cpuid\" must be an array of {\"function\", \"index\", \"eax\", ...} objects, found %s",
				       found(j, buf, sizeof(buf)));
	j->p++;
	ws(j);
	if (*j->p == ']')
		return cpuid_dump_fail(j->c, line, "no CPUID entries: the \"cpuid\" array is empty");
	for (n = 1;; n++) {
		ws(j);
		if (*j->p != '{')
			return cpuid_dump_fail(j->c, j->line, "expected cpuid entry %d, a {\"function\", ...} object, found %s",
					       n, found(j, buf, sizeof(buf)));
		if (entry(j, depth + 1, n))
			return -1;
		ws(j);
		if (*j->p == ']') {
			j->p++;
			return 0;
		}
		if (*j->p != ',')
			return cpuid_dump_fail(j->c, j->line, "expected ',' or ']' after cpuid entry %d, found %s",
					       n, found(j, buf, sizeof(buf)));
		j->p++;
	}
}

static int top_member(struct jp *j, const struct jstr *key, int depth, void *arg)
{
	(void)arg;
	if (key->cut || key->len != 5 || memcmp(key->s, "cpuid", 5))
		return value(j, depth);
	if (j->seen_cpuid)
		return cpuid_dump_fail(j->c, j->line, "a second \"cpuid\" key in the top-level object");
	j->seen_cpuid = 1;
	return cpuid_array(j, depth + 1);
}

int cpuid_dump_parse_json(struct cpuid_dump_ctx *c, const char *text)
{
	struct jp j = { .c = c, .p = text, .line = 1 };
	unsigned long end;
	char buf[16];

	ws(&j);		/* the caller found a '{' after white space */
	if (object(&j, 1, top_member, NULL))
		return -1;
	end = j.line;
	ws(&j);
	if (*j.p)
		return cpuid_dump_fail(c, j.line, "unexpected %s after the top-level object",
				       found(&j, buf, sizeof(buf)));
	if (!j.seen_cpuid)
		return cpuid_dump_fail(c, end, "no \"cpuid\" key in the top-level object (the table pvprobe guest --json and check --json print)");
	c->d->nr_cpus = 1;
	return cpuid_dump_finish(c, end);
}
