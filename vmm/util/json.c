// SPDX-License-Identifier: GPL-2.0-only
#include <linux/kvm.h>

#include "json.h"

void json_init(struct json *j, FILE *f)
{
	j->f = f;
	j->depth = 0;
	j->count[0] = 0;
}

static void put_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
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
	if (j->depth + 1 < JSON_DEPTH_MAX)
		j->depth++;
	j->count[j->depth] = 0;
}

static void close_(struct json *j, char c)
{
	fputc(c, j->f);
	if (j->depth > 0)
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

void json_end(struct json *j)
{
	fputc('\n', j->f);
	fflush(j->f);
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
