// SPDX-License-Identifier: GPL-2.0-only
#include <linux/kvm.h>

#include "json.h"

void json_init(struct json *j, FILE *f)
{
	j->f = f;
	j->depth = 0;
	j->count[0] = 0;
	j->too_deep = 0;
	j->over = 0;
}

/*
 * The length of the well-formed UTF-8 sequence at @s (RFC 3629: no
 * overlong forms, no surrogates, nothing above U+10FFFF), or 0.
 */
static int utf8_len(const unsigned char *s)
{
	int n, i;
	unsigned int u;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, u = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, u = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, u = s[0] & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;	/* also stops at the NUL */
		u = u << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && u < 0x800) || (n == 4 && (u < 0x10000 || u > 0x10ffff)) ||
	    (u >= 0xd800 && u <= 0xdfff))
		return 0;
	return n;
}

/*
 * Valid UTF-8 passes through; control characters and DEL are escaped; a
 * byte that is not part of valid UTF-8 (guest or file text can hold
 * anything) becomes U+FFFD, so the output is always valid JSON.
 */
static void put_string(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', f);
	while (*p) {
		unsigned char c = *p;
		int n;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\u%04x", c);
		else if (c < 0x80)
			fputc(c, f);
		else if ((n = utf8_len(p))) {
			fwrite(p, 1, n, f);
			p += n;
			continue;
		} else
			fputs("\\ufffd", f);
		p++;
	}
	fputc('"', f);
}

static void key(struct json *j, const char *k)
{
	if (j->count[j->depth]++)
		fputs(", ", j->f);
	if (k) {
		put_string(j->f, k);
		fputs(": ", j->f);
	}
}

static void open_(struct json *j, const char *k, char c)
{
	key(j, k);
	fputc(c, j->f);
	/* Deeper than the writer can track: an error json_end() reports. */
	if (j->depth + 1 >= JSON_DEPTH_MAX || j->over) {
		j->too_deep = 1;
		j->over++;
		return;
	}
	j->depth++;
	j->count[j->depth] = 0;
}

static void close_(struct json *j, char c)
{
	fputc(c, j->f);
	if (j->over)
		j->over--;
	else if (j->depth > 0)
		j->depth--;
}

void json_obj_begin(struct json *j, const char *k) { open_(j, k, '{'); }
void json_obj_end(struct json *j) { close_(j, '}'); }
void json_arr_begin(struct json *j, const char *k) { open_(j, k, '['); }
void json_arr_end(struct json *j) { close_(j, ']'); }

void json_str(struct json *j, const char *k, const char *val)
{
	key(j, k);
	if (val)
		put_string(j->f, val);
	else
		fputs("null", j->f);
}

void json_int(struct json *j, const char *k, long long val)
{
	key(j, k);
	fprintf(j->f, "%lld", val);
}

void json_bool(struct json *j, const char *k, int val)
{
	key(j, k);
	fputs(val ? "true" : "false", j->f);
}

void json_hex32(struct json *j, const char *k, uint32_t val)
{
	key(j, k);
	fprintf(j->f, "\"0x%08x\"", val);
}

void json_hex64(struct json *j, const char *k, uint64_t val)
{
	key(j, k);
	fprintf(j->f, "\"0x%llx\"", (unsigned long long)val);
}

int json_end(struct json *j)
{
	fputc('\n', j->f);
	fflush(j->f);
	if (j->too_deep) {
		fprintf(stderr, "pvprobe: internal error: JSON nested deeper than %d levels; the output is not valid\n",
			JSON_DEPTH_MAX);
		return -1;
	}
	return 0;
}

void json_cpuid_table(struct json *j, const char *key, const struct kvm_cpuid_entry2 *e, int n)
{
	int i;

	json_arr_begin(j, key);
	for (i = 0; i < n; i++) {
		json_obj_begin(j, NULL);
		json_hex32(j, "function", e[i].function);
		json_int(j, "index", e[i].index);
		json_int(j, "flags", e[i].flags);
		json_hex32(j, "eax", e[i].eax);
		json_hex32(j, "ebx", e[i].ebx);
		json_hex32(j, "ecx", e[i].ecx);
		json_hex32(j, "edx", e[i].edx);
		json_obj_end(j);
	}
	json_arr_end(j);
}
