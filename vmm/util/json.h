/* SPDX-License-Identifier: GPL-2.0-only */
/* A small streaming JSON writer: keys in objects, NULL keys in arrays. */
#ifndef PVPROBE_JSON_H
#define PVPROBE_JSON_H

#include <stdint.h>
#include <stdio.h>

#define JSON_DEPTH_MAX	16

struct json {
	FILE *f;
	int depth;
	int count[JSON_DEPTH_MAX];
	int too_deep;		/* a value opened past JSON_DEPTH_MAX */
	int over;		/* levels open past it */
};

void json_init(struct json *j, FILE *f);
void json_obj_begin(struct json *j, const char *key);
void json_obj_end(struct json *j);
void json_arr_begin(struct json *j, const char *key);
void json_arr_end(struct json *j);
void json_str(struct json *j, const char *key, const char *val);	/* NULL: null */
void json_int(struct json *j, const char *key, long long val);
void json_bool(struct json *j, const char *key, int val);
void json_hex32(struct json *j, const char *key, uint32_t val);	/* "0x%08x" */
void json_hex64(struct json *j, const char *key, uint64_t val);	/* "0x%llx" */
/* Newline after the top value; -1 (said on stderr) if it nested too deep. */
int json_end(struct json *j);

struct kvm_cpuid_entry2;
/*
 * A CPUID table as pvprobe replay reads it back: [{"function", "index",
 * "flags", "eax", "ebx", "ecx", "edx"}], hex strings but index and flags.
 */
void json_cpuid_table(struct json *j, const char *key, const struct kvm_cpuid_entry2 *e, int n);

#endif /* PVPROBE_JSON_H */
