// SPDX-License-Identifier: GPL-2.0-only
/*
 * cpuid_dump_parse() (vmm/cpuid/cpuid_dump*.c) reads the file given to
 * `pvprobe replay`: any bytes.  Parsing must stay inside the text (ASan);
 * what is accepted must be a table KVM_SET_CPUID2 can take (1 to
 * CPUID_DUMP_MAX entries, no (function, index) twice); what is refused
 * must say so with a printable "NAME:LINE: ..." naming a line the text
 * has; and an accepted dump, written back as pvprobe's JSON by vmm/util/json.c,
 * must read back to the same table.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpuid_dump.h"
#include "json.h"

#define CHECK(cond)	do { if (!(cond)) __builtin_trap(); } while (0)

static struct cpuid_dump dump, again;
static char err[CPUID_DUMP_ERR_MAX];

static void check_table(const struct cpuid_dump *d)
{
	int i, k;

	CHECK(d->nr >= 1 && d->nr <= CPUID_DUMP_MAX);
	CHECK(d->nr_cpus >= 1);
	for (i = 0; i < d->nr; i++) {
		CHECK(d->e[i].has_index == 0 || d->e[i].has_index == 1);
		for (k = i + 1; k < d->nr; k++)
			CHECK(d->e[i].function != d->e[k].function || d->e[i].index != d->e[k].index);
	}
}

static void check_error(const char *text)
{
	unsigned long line, lines = 1;
	const char *p;
	char *end;

	CHECK(memchr(err, '\0', sizeof(err)));
	CHECK(!strncmp(err, "f:", 2));
	line = strtoul(err + 2, &end, 10);
	CHECK(end > err + 2 && *end == ':');
	for (p = text; *p; p++)
		lines += *p == '\n';
	CHECK(line >= 1 && line <= lines);
	for (p = err; *p; p++)
		CHECK(*p >= 0x20 && *p < 0x7f);
}

static void round_trip(const struct cpuid_dump *d)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct json j;
	int i;

	if (!f)
		return;
	json_init(&j, f);
	json_obj_begin(&j, NULL);
	json_arr_begin(&j, "cpuid");
	for (i = 0; i < d->nr; i++) {
		json_obj_begin(&j, NULL);
		json_hex32(&j, "function", d->e[i].function);
		json_int(&j, "index", d->e[i].index);
		json_hex32(&j, "eax", d->e[i].eax);
		json_hex32(&j, "ebx", d->e[i].ebx);
		json_hex32(&j, "ecx", d->e[i].ecx);
		json_hex32(&j, "edx", d->e[i].edx);
		json_int(&j, "flags", d->e[i].has_index);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_obj_end(&j);
	json_end(&j);
	fclose(f);

	CHECK(!cpuid_dump_parse(buf, "rt", &again, err, sizeof(err)));
	CHECK(!strcmp(again.format, "pvprobe-json"));
	CHECK(again.nr == d->nr);
	CHECK(!memcmp(again.e, d->e, d->nr * sizeof(d->e[0])));
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);	/* exact size: a read past the NUL is an ASan error */
	const char *p;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	memset(err, 0, sizeof(err));
	if (cpuid_dump_parse(s, "f", &dump, err, sizeof(err))) {
		check_error(s);
	} else {
		check_table(&dump);
		for (p = s; *p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'; p++)
			;
		CHECK(!strcmp(dump.format, *p == '{' ? "pvprobe-json" : "cpuid-r"));
		round_trip(&dump);
	}
	free(s);
	return 0;
}
