// SPDX-License-Identifier: GPL-2.0-only
/*
 * The CPUID dump readers (vmm/cpuid/cpuid_dump*.c) behind `pvprobe replay FILE`:
 * real `cpuid -1 -r` and `cpuid -r` dumps of a KVM guest
 * ($CPUID_DUMP_DATA, tests/data/cpuid), pvprobe's JSON written by hand and
 * by vmm/util/json.c, the has_index rule, and bad files.  A dump decides what
 * CPUID a replayed guest sees, so a misread value is a wrong experiment:
 * every bad file must be refused with its line and what is wrong.
 */
#include "kselftest_harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>		/* JSON_PARSER_MAX_DEPTH: the reader's nesting limit */

#include "cpuid_dump.h"
#include "json.h"

static struct cpuid_dump dump, again;	/* 14 KiB each: not on the stack */
static char err[CPUID_DUMP_ERR_MAX];

static const struct cpuid_dump_entry *find(const struct cpuid_dump *d, uint32_t fn, uint32_t idx)
{
	int i;

	for (i = 0; i < d->nr; i++) {
		if (d->e[i].function == fn && d->e[i].index == idx)
			return &d->e[i];
	}
	return NULL;
}

/* $CPUID_DUMP_DATA/@file, malloc'd and NUL-terminated. */
static char *read_data(struct __test_metadata *_metadata, const char *file)
{
	const char *dir = getenv("CPUID_DUMP_DATA");
	char path[4096];
	char *text;
	FILE *f;
	long n;

	ASSERT_NE(NULL, dir) TH_LOG("CPUID_DUMP_DATA (tests/data/cpuid) is not set; run with meson test");
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	f = fopen(path, "r");
	ASSERT_NE(NULL, f) TH_LOG("cannot open %s", path);
	ASSERT_EQ(0, fseek(f, 0, SEEK_END));
	n = ftell(f);
	ASSERT_GT(n, 0);
	rewind(f);
	text = malloc(n + 1);
	ASSERT_NE(NULL, text);
	ASSERT_EQ((size_t)n, fread(text, 1, n, f));
	text[n] = '\0';
	fclose(f);
	return text;
}

static void parse_ok(struct __test_metadata *_metadata, const char *text, struct cpuid_dump *d)
{
	err[0] = '\0';
	ASSERT_EQ(0, cpuid_dump_parse(text, "t", d, err, sizeof(err))) TH_LOG("%s", err);
	ASSERT_GT(d->nr, 0);
	ASSERT_LE(d->nr, CPUID_DUMP_MAX);
}

/* Fetch (fn, idx) of @d into @e, or fail the test. */
#define GET(d, fn, idx, e)							\
	do {									\
		e = find(d, fn, idx);						\
		ASSERT_NE(NULL, e) TH_LOG("no leaf 0x%x subleaf 0x%x", (unsigned int)(fn), (unsigned int)(idx)); \
	} while (0)

/* ---- this machine's dumps (a 2-CPU KVM guest, Intel) -------------------- */

static void check_this_machine(struct __test_metadata *_metadata, const struct cpuid_dump *d)
{
	const struct cpuid_dump_entry *e;
	char vendor[13], kvm[13];

	EXPECT_EQ(73, d->nr);

	GET(d, 0, 0, e);
	EXPECT_EQ(0x24u, e->eax);
	memcpy(vendor, &e->ebx, 4);
	memcpy(vendor + 4, &e->edx, 4);
	memcpy(vendor + 8, &e->ecx, 4);
	vendor[12] = '\0';
	EXPECT_STREQ("GenuineIntel", vendor);
	EXPECT_EQ(0, e->has_index);

	GET(d, 0x40000000, 0, e);
	EXPECT_EQ(0x40000001u, e->eax);
	memcpy(kvm, &e->ebx, 4);
	memcpy(kvm + 4, &e->ecx, 4);
	memcpy(kvm + 8, &e->edx, 4);
	kvm[12] = '\0';
	EXPECT_STREQ("KVMKVMKVM", kvm);

	/* cpuid -1 -r -l 0x40000001 on this machine */
	GET(d, 0x40000001, 0, e);
	EXPECT_EQ(0x01007efbu, e->eax);
	EXPECT_EQ(0u, e->edx);
	EXPECT_EQ(0, e->has_index);

	GET(d, 4, 3, e);
	EXPECT_EQ(0x04004163u, e->eax);
	EXPECT_EQ(0x00077fffu, e->ecx);
	EXPECT_EQ(1, e->has_index);

	GET(d, 0xd, 0x12, e);		/* "0x12": the subleaf is hex too */
	EXPECT_EQ(0x00002000u, e->eax);
	EXPECT_EQ(0x00000b00u, e->ebx);

	GET(d, 0x80000008, 0, e);
	EXPECT_EQ(0x00303930u, e->eax);
	GET(d, 0xc0000000, 0, e);
	EXPECT_EQ(0x00070001u, e->ebx);

	/* has_index: on the list with subleaf 0 only */
	GET(d, 0xf, 0, e);
	EXPECT_EQ(1, e->has_index);
	/* not on the list, but the dump has two subleaves */
	GET(d, 0x1b, 0, e);
	EXPECT_EQ(1, e->has_index);
	GET(d, 0x1b, 1, e);
	EXPECT_EQ(1, e->has_index);
	/* neither */
	GET(d, 0x80000001, 0, e);
	EXPECT_EQ(0, e->has_index);
}

TEST(this_machine_one_cpu)
{
	char *text = read_data(_metadata, "this-machine-1r.txt");
	const struct cpuid_dump_entry *e;

	parse_ok(_metadata, text, &dump);
	EXPECT_STREQ("cpuid-r", dump.format);
	EXPECT_EQ(1, dump.nr_cpus);
	check_this_machine(_metadata, &dump);
	/* cpuid -1 ran on CPU 1 when the dump was made: APIC ID 1 */
	GET(&dump, 1, 0, e);
	EXPECT_EQ(0x01020800u, e->ebx);
	EXPECT_EQ(0x000a0671u, e->eax);
	free(text);
}

TEST(this_machine_every_cpu)
{
	char *one = read_data(_metadata, "this-machine-1r.txt");
	char *all = read_data(_metadata, "this-machine-r.txt");
	const struct cpuid_dump_entry *e;
	int i;

	parse_ok(_metadata, all, &dump);
	EXPECT_EQ(2, dump.nr_cpus);
	check_this_machine(_metadata, &dump);

	/* CPU 0's leaves, not CPU 1's: APIC ID 0 in leaf 1 and the topology leaves */
	GET(&dump, 1, 0, e);
	EXPECT_EQ(0x00020800u, e->ebx);
	GET(&dump, 0xb, 1, e);
	EXPECT_EQ(0u, e->edx);
	GET(&dump, 0x1f, 2, e);
	EXPECT_EQ(0u, e->edx);

	/* Everything else is what CPU 1 saw in the -1 dump, in the same order. */
	parse_ok(_metadata, one, &again);
	ASSERT_EQ(dump.nr, again.nr);
	for (i = 0; i < dump.nr; i++) {
		const struct cpuid_dump_entry *a = &dump.e[i], *b = &again.e[i];

		EXPECT_EQ(a->function, b->function);
		EXPECT_EQ(a->index, b->index);
		EXPECT_EQ(a->eax, b->eax);
		EXPECT_EQ(a->ecx, b->ecx);
		EXPECT_EQ(a->has_index, b->has_index);
		if (a->function != 1)
			EXPECT_EQ(a->ebx, b->ebx) TH_LOG("leaf 0x%x.%u", a->function, a->index);
		if (a->function != 0xb && a->function != 0x1f)
			EXPECT_EQ(a->edx, b->edx) TH_LOG("leaf 0x%x.%u", a->function, a->index);
	}
	free(one);
	free(all);
}

/* ---- cpuid -r details ----------------------------------------------------- */

#define L0	"   0x00000000 0x00: eax=0x00000010 ebx=0x68747541 ecx=0x444d4163 edx=0x69746e65\n"
#define L1	"   0x00000001 0x00: eax=0x00a20f10 ebx=0x00000800 ecx=0xfef8320b edx=0x178bfbff\n"
#define L4_0	"   0x00000004 0x00: eax=0x00000121 ebx=0x01c0003f ecx=0x0000003f edx=0x00000000\n"
#define L4_1	"   0x00000004 0x01: eax=0x00000122 ebx=0x01c0003f ecx=0x0000003f edx=0x00000000\n"

TEST(several_cpus_first_kept)
{
	const struct cpuid_dump_entry *e;

	parse_ok(_metadata, "CPU 0:\n" L0 L1 "CPU 1:\n" L0
		 "   0x00000001 0x00: eax=0x11111111 ebx=0x01000800 ecx=0x0 edx=0x0\n"
		 "   0x00000099 0x00: eax=0x0 ebx=0x0 ecx=0x0 edx=0x0\n"
		 "CPU 2:\n" L0 L0 /* a duplicate in a CPU not kept */, &dump);
	EXPECT_EQ(3, dump.nr_cpus);
	EXPECT_EQ(2, dump.nr);
	GET(&dump, 1, 0, e);
	EXPECT_EQ(0x00a20f10u, e->eax);
	EXPECT_EQ(NULL, find(&dump, 0x99, 0));
}

TEST(leaves_without_a_header)
{
	parse_ok(_metadata, L0 L1, &dump);
	EXPECT_EQ(1, dump.nr_cpus);
	EXPECT_EQ(2, dump.nr);
}

TEST(crlf_tabs_case_and_old_lines)
{
	const struct cpuid_dump_entry *e;

	parse_ok(_metadata, "\r\nCPU:\r\n"
		 "\t0X0000000A 0X00:\teax=0XABCDEF01 ebx=0x0 ecx=0x00000000000000ff edx=0x1\r\n"
		 "0x80000000: eax=0x80000008 ebx=0x0 ecx=0x0 edx=0x0   \r\n\r\n", &dump);
	EXPECT_EQ(2, dump.nr);
	GET(&dump, 0xa, 0, e);
	EXPECT_EQ(0xabcdef01u, e->eax);
	EXPECT_EQ(0xffu, e->ecx);	/* leading zeros are not width */
	GET(&dump, 0x80000000, 0, e);	/* no subleaf: subleaf 0 */
	EXPECT_EQ(0x80000008u, e->eax);
	EXPECT_EQ(0, e->has_index);
}

TEST(has_index_rule)
{
	const struct cpuid_dump_entry *e;

	parse_ok(_metadata, L0 L4_0 L4_1
		 "   0x00000007 0x00: eax=0x0 ebx=0x0 ecx=0x0 edx=0x0\n"
		 "   0x00000002 0x01: eax=0x0 ebx=0x0 ecx=0x0 edx=0x0\n"
		 "   0x80000026 0x00: eax=0x0 ebx=0x0 ecx=0x0 edx=0x0\n"
		 "   0x40000010 0x00: eax=0x0 ebx=0x0 ecx=0x0 edx=0x0\n"
		 "   0x40000010 0x01: eax=0x0 ebx=0x0 ecx=0x0 edx=0x0\n", &dump);
	GET(&dump, 0, 0, e);
	EXPECT_EQ(0, e->has_index);
	GET(&dump, 4, 0, e);
	EXPECT_EQ(1, e->has_index);
	GET(&dump, 7, 0, e);		/* on the list, one subleaf */
	EXPECT_EQ(1, e->has_index);
	GET(&dump, 2, 1, e);		/* a subleaf other than 0 */
	EXPECT_EQ(1, e->has_index);
	GET(&dump, 0x80000026, 0, e);
	EXPECT_EQ(1, e->has_index);
	GET(&dump, 0x40000010, 0, e);	/* two subleaves */
	EXPECT_EQ(1, e->has_index);
}

static void many_lines(char *buf, size_t size, int n)
{
	size_t off = 0;
	int i;

	for (i = 0; i < n; i++)
		off += snprintf(buf + off, size - off,
				"   0x%08x 0x00: eax=0x%08x ebx=0x0 ecx=0x0 edx=0x0\n", i, i);
}

TEST(most_entries)
{
	static char text[(CPUID_DUMP_MAX + 1) * 80];
	const struct cpuid_dump_entry *e;

	many_lines(text, sizeof(text), CPUID_DUMP_MAX);
	parse_ok(_metadata, text, &dump);
	EXPECT_EQ(CPUID_DUMP_MAX, dump.nr);
	GET(&dump, CPUID_DUMP_MAX - 1, 0, e);
	EXPECT_EQ((uint32_t)CPUID_DUMP_MAX - 1, e->eax);

	many_lines(text, sizeof(text), CPUID_DUMP_MAX + 1);
	EXPECT_EQ(-1, cpuid_dump_parse(text, "t", &dump, err, sizeof(err)));
	EXPECT_STREQ("t:513: more than 512 CPUID entries", err);
}

/* ---- bad files ------------------------------------------------------------ */

FIXTURE(bad) {};
FIXTURE_SETUP(bad) {}
FIXTURE_TEARDOWN(bad) {}

FIXTURE_VARIANT(bad) {
	const char *text;
	const char *where;	/* "t:LINE: " */
	const char *what;
};

#define BAD(vname, t, w, n)						\
	FIXTURE_VARIANT_ADD(bad, vname) { .text = t, .where = w, .what = n }

#define E4	" eax=0x0 ebx=0x0 ecx=0x0 edx=0x0"
#define ENT(fn)	"{\"function\": \"" fn "\", \"index\": 0, \"eax\": \"0x1\", \"ebx\": \"0x2\", \"ecx\": \"0x3\", \"edx\": \"0x4\", \"flags\": 0}"

/* cpuid -r */
BAD(empty, "", "t:1: ", "no CPUID entries");
BAD(blank_lines, "\n  \n\n", "t:3: ", "no CPUID entries");
BAD(header_only, "CPU 0:\n", "t:1: ", "no CPUID entries");
BAD(first_cpu_empty, "CPU 0:\nCPU 1:\n" L0, "t:3: ", "no CPUID entries");
BAD(decoded_output, "CPU 0:\n   vendor_id = \"GenuineIntel\"\n", "t:2: ",
	"not a cpuid -r line: \"vendor_id = \"GenuineIntel\"\"");
BAD(comment, L0 "# a comment\n", "t:2: ", "not a cpuid -r line");
BAD(bad_header, "CPU x:\n" L0, "t:1: ", "bad CPU header \"CPU x:\"");
BAD(header_junk, "CPU 0: extra\n" L0, "t:1: ", "bad CPU header");
BAD(bad_hex_reg, L0 "   0x00000001 0x00: eax=0x0000001g ebx=0x0 ecx=0x0 edx=0x0\n", "t:2: ",
	"bad hex number \"0x0000001g\" for eax");
BAD(bad_hex_leaf, "   0xzz 0x00:" E4 "\n", "t:1: ", "bad hex number \"0xzz\" for leaf");
BAD(bad_hex_subleaf, "   0x00000004 0x1q:" E4 "\n", "t:1: ", "bad hex number \"0x1q\" for subleaf");
BAD(no_digits, "   0x00000004 0x00: eax=0x ebx=0x0 ecx=0x0 edx=0x0\n", "t:1: ",
	"bad hex number \"0x\" for eax");
BAD(empty_value, "   0x00000004 0x00: eax= ebx=0x0 ecx=0x0 edx=0x0\n", "t:1: ",
	"bad hex number \"\" for eax");
BAD(decimal_value, "   0x00000004 0x00: eax=12 ebx=0x0 ecx=0x0 edx=0x0\n", "t:1: ",
	"bad hex number \"12\" for eax");
BAD(missing_edx, L0 L1 "   0x00000002 0x00: eax=0x0 ebx=0x0 ecx=0x0\n", "t:3: ", "missing edx=");
BAD(missing_ecx, "   0x00000002 0x00: eax=0x0 ebx=0x0 edx=0x0\n", "t:1: ",
	"missing ecx=: found \"edx=0x0\" in its place");
BAD(no_registers, "   0x00000002 0x00:\n", "t:1: ", "missing eax=");
BAD(not_a_register, "   0x00000002 0x00: eax=0x0 foo=0x0 ecx=0x0 edx=0x0\n", "t:1: ",
	"expected ebx=0x..., found \"foo=0x0\"");
BAD(wide_reg, "   0x00000002 0x00: eax=0x100000000 ebx=0x0 ecx=0x0 edx=0x0\n", "t:1: ",
	"eax value \"0x100000000\" is wider than 32 bits");
BAD(wide_leaf, "   0x123456789 0x00:" E4 "\n", "t:1: ", "leaf value \"0x123456789\" is wider than 32 bits");
BAD(no_colon, "   0x00000000 0x00" E4 "\n", "t:1: ", "expected ':' after leaf 0x00000000");
BAD(duplicate, "CPU 0:\n" L4_0 L4_1 L0 L4_1, "t:5: ",
	"duplicate leaf 0x00000004 subleaf 0x1 (first on line 3)");
BAD(duplicate_spelled_differently, L0 "0x0: eax=0x0 ebx=0x0 ecx=0x0 edx=0x0\n", "t:2: ",
	"duplicate leaf 0x00000000 subleaf 0x0 (first on line 1)");
BAD(trailing, L0 "   0x00000001 0x00:" E4 " extra\n", "t:2: ", "unexpected \"extra\" after edx");
BAD(bad_line_in_later_cpu, "CPU 0:\n" L0 "CPU 1:\n   0x00000000 0x00: eax=0xg" E4 "\n", "t:4: ",
	"bad hex number \"0xg\" for eax");
BAD(control_chars_quoted, L0 "\x1b[31mred\n", "t:2: ", "not a cpuid -r line: \"?[31mred\"");

/*
 * pvprobe JSON.  Syntax errors are jansson's words after "invalid JSON: "
 * (or "invalid UTF-8: "), at the line jansson stopped on; schema errors
 * are ours, at the line of the value (cpuid_dump_json_pos.c).
 */
#define R2(s)		s s
#define R16(s)		R2(R2(R2(R2(s))))
#define R2048(s)	R16(R16(R2(R2(R2(s)))))
_Static_assert(JSON_PARSER_MAX_DEPTH == 2048, "json_too_deep nests 2048 arrays in the top object");

BAD(json_open, "{", "t:1: ", "invalid JSON: string or '}' expected near end of file");
BAD(json_no_cpuid, "{\"config\": {\"eax\": \"0x0\"}\n}\n", "t:2: ", "no \"cpuid\" key");
BAD(json_cpuid_nested_only, "{\"config\": {\"cpuid\": [" ENT("0x1") "]}}", "t:1: ", "no \"cpuid\" key");
BAD(json_empty_array, "{\n\"eax\": \"0x0\",\n\"cpuid\": [\n]}", "t:3: ", "no CPUID entries");
BAD(json_not_array, "{\"cpuid\": {}}", "t:1: ", "\"cpuid\" must be an array");
BAD(json_entry_not_object, "{\"cpuid\": [1]}", "t:1: ", "expected cpuid entry 1, a {\"function\", ...} object, found a number");
BAD(json_missing_edx, "{\"cpuid\": [\n" ENT("0x0") ",\n"
	"{\"function\": \"0x1\", \"index\": 0, \"eax\": \"0x1\", \"ebx\": \"0x2\",\n \"ecx\": \"0x3\"}]}",
	"t:3: ", "cpuid entry 2 has no \"edx\"");
BAD(json_missing_function, "{\"cpuid\": [{\"index\": 0, \"eax\": \"0x1\", \"ebx\": \"0x2\", \"ecx\": \"0x3\", \"edx\": \"0x4\"}]}",
	"t:1: ", "cpuid entry 1 has no \"function\"");
BAD(json_wide, "{\"cpuid\": [{\"function\": \"0x1\", \"index\": 0,\n\"eax\": \"0x100000000\"}]}",
	"t:2: ", "\"eax\" of cpuid entry 1: \"0x100000000\" is wider than 32 bits");
BAD(json_bad_hex, "{\"cpuid\": [{\"function\": \"1\"}]}", "t:1: ",
	"\"function\" of cpuid entry 1: bad hex number \"1\"");
BAD(json_reg_number, "{\"cpuid\": [{\"eax\": 5}]}", "t:1: ",
	"\"eax\" of cpuid entry 1 must be a hex string like \"0x0000000d\", found a number");
BAD(json_index_string, "{\"cpuid\": [{\"index\": \"0x1\"}]}", "t:1: ",
	"\"index\" of cpuid entry 1 must be a number, found a string");
BAD(json_index_fraction, "{\"cpuid\": [{\"index\": 1.5}]}", "t:1: ",
	"\"index\" of cpuid entry 1 must be a whole number");
BAD(json_index_negative, "{\"cpuid\": [{\"index\": -1}]}", "t:1: ",
	"\"index\" of cpuid entry 1 must be a whole number");
BAD(json_index_wide, "{\"cpuid\": [{\"index\": 4294967296}]}", "t:1: ",
	"\"index\" of cpuid entry 1 is wider than 32 bits");
BAD(json_flags_wide, "{\"cpuid\": [{\"flags\": 99999999999999999999999}]}", "t:1: ",
	"invalid JSON: too big integer");
BAD(json_duplicate_entry, "{\"cpuid\": [\n" ENT("0x7") ",\n" ENT("0x1") ",\n" ENT("0x7") "]}",
	"t:4: ", "duplicate leaf 0x00000007 subleaf 0x0 (first on line 2)");
BAD(json_duplicate_field, "{\"cpuid\": [{\"eax\": \"0x1\", \"eax\": \"0x2\"}]}", "t:1: ",
	"invalid JSON: duplicate object key near '\"eax\"'");
BAD(json_two_cpuid_keys, "{\"cpuid\": [" ENT("0x1") "],\n\"cpuid\": [" ENT("0x2") "]}", "t:2: ",
	"invalid JSON: duplicate object key near '\"cpuid\"'");
BAD(json_trailing, "{\"cpuid\": [" ENT("0x1") "]}\n\nx", "t:3: ", "invalid JSON: end of file expected near 'x'");
BAD(json_two_objects, "{\"cpuid\": [" ENT("0x1") "]} {}", "t:1: ", "invalid JSON: end of file expected near '{'");
BAD(json_trailing_comma_object, "{\"a\": 1,\n}", "t:2: ", "invalid JSON: string or '}' expected near '}'");
BAD(json_trailing_comma_array, "{\"a\": [1, 2,]}", "t:1: ", "invalid JSON: unexpected token near ']'");
BAD(json_missing_colon, "{\"a\" 1}", "t:1: ", "invalid JSON: ':' expected near '1'");
BAD(json_missing_comma, "{\"a\": 1 \"b\": 2}", "t:1: ", "invalid JSON: '}' expected near '\"b\"'");
BAD(json_single_quotes, "{'a': 1}", "t:1: ", "invalid JSON: string or '}' expected near '''");
BAD(json_bad_literal, "{\"a\": tru}", "t:1: ", "invalid JSON: invalid token near 'tru'");
BAD(json_bad_escape, "{\"a\\x\": 1}", "t:1: ", "invalid JSON: invalid escape near '\"a\\x'");
BAD(json_bad_unicode, "{\"a\": \"\\u12g4\"}", "t:1: ", "invalid JSON: invalid escape near '\"\\u12g'");
BAD(json_lone_low_surrogate, "{\"a\": \"\\udc00\"}", "t:1: ", "invalid JSON: invalid Unicode '\\uDC00'");
BAD(json_lone_high_surrogate, "{\"a\": \"\\ud800x\"}", "t:1: ", "invalid JSON: invalid Unicode '\\uD800'");
BAD(json_raw_newline, "{\"a\": \"x\ny\"}", "t:1: ", "invalid JSON: unexpected newline near '\"x'");
BAD(json_unterminated, "{\n\"a\": \"xy", "t:2: ", "invalid JSON: premature end of input near '\"xy'");
BAD(json_control_char, "{\"a\": \"x\ty\"}", "t:1: ", "invalid JSON: control character 0x9 near '\"x'");
BAD(json_bad_utf8, "{\"a\": \"\xc3\x28\"}", "t:1: ", "invalid UTF-8: unable to decode byte 0xc3");
BAD(json_overlong_utf8, "{\"a\": \"\xc0\xaf\"}", "t:1: ", "invalid UTF-8: unable to decode byte 0xc0");
BAD(json_overlong_utf8_3, "{\"a\": \"\xe0\x80\xaf\"}", "t:1: ", "invalid UTF-8: unable to decode byte 0xe0");
BAD(json_utf8_surrogate, "{\"a\": \"\xed\xa0\x80\"}", "t:1: ", "invalid UTF-8: unable to decode byte 0xed");
BAD(json_leading_zero, "{\"a\": 01}", "t:1: ", "invalid JSON: invalid token near '0'");
BAD(json_bare_minus, "{\"a\": -}", "t:1: ", "invalid JSON: invalid token near '-'");
BAD(json_bad_fraction, "{\"a\": 1.}", "t:1: ", "invalid JSON: invalid token near '1.'");
BAD(json_bad_exponent, "{\"a\": 1e+}", "t:1: ", "invalid JSON: invalid token near '1e+'");
BAD(json_plus_number, "{\"a\": +1}", "t:1: ", "invalid JSON: invalid token near '+'");
BAD(json_too_deep, "{\"a\": " R2048("[") R2048("]") "}",	/* 2049 levels with the top object */
	"t:1: ", "objects and arrays nested too deep: maximum parsing depth reached near '['");
/* The line of a bad value after strings that hold brackets, commas, colons and escaped quotes. */
BAD(json_line_after_tricky_strings,
	"{\"a\": \"]}[{,:\\\"\\\\\",\n"
	" \"b\\\"]}\": [\"}\", {\"c\": \"\\\\\"}, [], {}],\n"
	" \"cpuid\": [" ENT("0x1") ",\n"
	"  {\"x\": \"],\\\"{\", \"function\": \"0x2\", \"index\": 0, \"eax\": \"0x1\", \"ebx\": \"0x2\",\n"
	"   \"ecx\": \"0x3\", \"y\": [{\"z\": [1, 2.5e3, true, null]}],\n"
	"   \"edx\":\n\n \"0xq\"}]}",
	"t:8: ", "\"edx\" of cpuid entry 2: bad hex number \"0xq\"");
BAD(json_number_on_later_line, "{\"cpuid\": [{\"function\":\n\"0x1\", \"index\":\r\n\n\t-1}]}", "t:4: ",
	"\"index\" of cpuid entry 1 must be a whole number");
BAD(json_entry_line, "{\"cpuid\": [\n" ENT("0x1") ",\n\n   \"0x2\"]}", "t:4: ",
	"expected cpuid entry 2, a {\"function\", ...} object, found a string");
/* JSON_REJECT_DUPLICATES holds in every object, not only in the ones read. */
BAD(json_duplicate_key_elsewhere, "{\"config\": {\"a\": 1,\n \"a\": 2}, \"cpuid\": [" ENT("0x1") "]}", "t:2: ",
	"invalid JSON: duplicate object key near '\"a\"'");
BAD(json_duplicate_spelled_differently, "{\"cpuid\": [" ENT("0x1") "],\n\"cpu\\u0069d\": []}", "t:2: ",
	"invalid JSON: duplicate object key");
/* "\u0000" is allowed in a value (JSON_ALLOW_NUL), not in a key (jansson keys are C strings). */
BAD(json_nul_in_key, "{\"a\\u0000b\": 1, \"cpuid\": [" ENT("0x1") "]}", "t:1: ",
	"invalid JSON: NUL byte in object key not supported");
BAD(json_nul_in_register, "{\"cpuid\": [{\"function\": \"0x1\\u0000\"}]}", "t:1: ",
	"\"function\" of cpuid entry 1: bad hex number \"0x1?\"");
BAD(json_real_overflow, "{\"a\": 1e999}", "t:1: ", "invalid JSON: real number overflow near '1e999'");
BAD(json_negative_overflow, "{\"cpuid\": [{\"index\": -99999999999999999999}]}", "t:1: ",
	"invalid JSON: too big negative integer");
/* jansson quotes the bytes it stopped at: only printable ASCII reaches the message. */
BAD(json_message_quoted, "{\"\x7f\xc3\xa9\\q\": 1}", "t:1: ", "invalid JSON: invalid escape near '\"???\\q'");
BAD(json_nul_inside, "{\"cpuid\": [" ENT("0x1") "]\0}", "t:1: ", "invalid JSON: '}' expected near end of file");

TEST_F(bad, refused)
{
	char line[32];

	memset(err, 'X', sizeof(err));
	ASSERT_EQ(-1, cpuid_dump_parse(variant->text, "t", &dump, err, sizeof(err)))
		TH_LOG("accepted: %d entries", dump.nr);
	ASSERT_NE(NULL, memchr(err, '\0', sizeof(err)));
	/* The line first, right after the name: "t:LINE: " */
	snprintf(line, sizeof(line), "%.*s", (int)strlen(variant->where), err);
	EXPECT_STREQ(variant->where, line) TH_LOG("message \"%s\"", err);
	EXPECT_NE(NULL, strstr(err, variant->what))
		TH_LOG("message \"%s\" does not contain \"%s\"", err, variant->what);
}

/* ---- pvprobe JSON --------------------------------------------------------- */

/* Written by hand in the documented format, as pvprobe guest --json prints it. */
static const char hand_json[] =
	"{\"cpuid_base\": \"0x40000000\", \"eax\": \"0x01007efb\", \"edx\": \"0x00000000\",\n"
	" \"config\": {\"eax\": \"0x01007efb\", \"edx\": \"0x00000000\"},\n"
	" \"cpuid\": [\n"
	"  {\"function\": \"0x00000000\", \"index\": 0, \"eax\": \"0x00000024\", \"ebx\": \"0x756e6547\", \"ecx\": \"0x6c65746e\", \"edx\": \"0x49656e69\", \"flags\": 0},\n"
	"  {\"function\": \"0x00000007\", \"index\": 1, \"eax\": \"0x00001c30\", \"ebx\": \"0x00000000\", \"ecx\": \"0x00000000\", \"edx\": \"0x00084000\", \"flags\": 1},\n"
	"  {\"function\": \"0x00000004\", \"index\": 0, \"eax\": \"0x04000121\", \"ebx\": \"0x02c0003f\", \"ecx\": \"0x0000003f\", \"edx\": \"0x00000000\", \"flags\": 0},\n"
	"  {\"function\": \"0x40000001\", \"index\": 0, \"eax\": \"0x01007efb\", \"ebx\": \"0x00000000\", \"ecx\": \"0x00000000\", \"edx\": \"0xFFFFFFFF\", \"flags\": 6}\n"
	" ],\n"
	" \"vcpus\": [{\"vcpu\": 0, \"status\": \"ok\", \"detail\": null}]}\n";

TEST(json_by_hand)
{
	const struct cpuid_dump_entry *e;

	parse_ok(_metadata, hand_json, &dump);
	EXPECT_STREQ("pvprobe-json", dump.format);
	EXPECT_EQ(1, dump.nr_cpus);
	ASSERT_EQ(4, dump.nr);
	e = &dump.e[0];		/* file order is kept */
	EXPECT_EQ(0u, e->function);
	EXPECT_EQ(0x24u, e->eax);
	EXPECT_EQ(0x756e6547u, e->ebx);
	EXPECT_EQ(0x6c65746eu, e->ecx);
	EXPECT_EQ(0x49656e69u, e->edx);
	EXPECT_EQ(0, e->has_index);
	e = &dump.e[1];
	EXPECT_EQ(7u, e->function);
	EXPECT_EQ(1u, e->index);
	EXPECT_EQ(0x1c30u, e->eax);
	EXPECT_EQ(0x84000u, e->edx);
	EXPECT_EQ(1, e->has_index);
	/* "flags" wins over the rule: KVM's own word */
	e = &dump.e[2];
	EXPECT_EQ(4u, e->function);
	EXPECT_EQ(0, e->has_index);
	e = &dump.e[3];
	EXPECT_EQ(0x40000001u, e->function);
	EXPECT_EQ(0x01007efbu, e->eax);
	EXPECT_EQ(0xffffffffu, e->edx);
	EXPECT_EQ(0, e->has_index);	/* bits 1 and 2 are not SIGNIFCANT_INDEX */
}

/* @d as the "cpuid" key pvprobe's writer (vmm/util/json.c) will print, among others. */
static char *write_json(const struct cpuid_dump *d)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct json j;
	int i;

	if (!f)
		return NULL;
	json_init(&j, f);
	json_obj_begin(&j, NULL);
	json_hex32(&j, "cpuid_base", 0x40000000);
	json_obj_begin(&j, "config");
	json_hex32(&j, "eax", 0x01007efb);
	json_str(&j, "note", "\"quoted\" \\ and\nnewline \x01");
	json_obj_end(&j);
	json_arr_begin(&j, "cpuid");
	for (i = 0; i < d->nr; i++) {
		json_obj_begin(&j, NULL);
		json_hex32(&j, "function", d->e[i].function);
		json_int(&j, "index", d->e[i].index);
		json_hex32(&j, "eax", d->e[i].eax);
		json_hex32(&j, "ebx", d->e[i].ebx);
		json_hex32(&j, "ecx", d->e[i].ecx);
		json_hex32(&j, "edx", d->e[i].edx);
		json_int(&j, "flags", d->e[i].has_index ? 1 : 0);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_arr_begin(&j, "vcpus");
	json_obj_begin(&j, NULL);
	json_int(&j, "vcpu", 0);
	json_str(&j, "detail", NULL);
	json_bool(&j, "ok", 1);
	json_obj_end(&j);
	json_arr_end(&j);
	json_obj_end(&j);
	json_end(&j);
	fclose(f);
	return buf;
}

TEST(json_round_trip)
{
	char *text = read_data(_metadata, "this-machine-r.txt");
	char *json;

	parse_ok(_metadata, text, &dump);
	json = write_json(&dump);
	ASSERT_NE(NULL, json);
	parse_ok(_metadata, json, &again);
	EXPECT_STREQ("pvprobe-json", again.format);
	ASSERT_EQ(dump.nr, again.nr);
	EXPECT_EQ(0, memcmp(dump.e, again.e, dump.nr * sizeof(dump.e[0])));
	check_this_machine(_metadata, &again);
	free(json);
	free(text);
}

TEST(json_other_keys)
{
	const struct cpuid_dump_entry *e;

	parse_ok(_metadata,
		 "\r\n\t {\"a\\\"b\\\\c\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\": \"x\\\"\\u0000y\",\r\n"
		 "  \"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\": [],\n"
		 "  \"config\": {\"a\": [1, {\"b\": null, \"c\": [true, false]}, -0.5e+3, 0, 1E2],\n"
		 "             \"cpuid\": \"not this one\", \"d\": {}},\n"
		 "  \"cpu\\u0069d\": [{\"extra\": {\"deep\": [[{}]]}, \"edx\": \"0x4\", \"ecx\": \"0x3\",\n"
		 "              \"ebx\": \"0x2\", \"eax\": \"0x00000000000000001\", \"index\": 0,\n"
		 "              \"function\": \"0x0000000f\", \"future\": 1.5}],\n"
		 "  \"cpuidx\": {\"function\": 0}, \"cpui\": 0\n"
		 "}  \n\n", &dump);
	ASSERT_EQ(1, dump.nr);
	e = &dump.e[0];
	EXPECT_EQ(0xfu, e->function);
	EXPECT_EQ(1u, e->eax);
	EXPECT_EQ(4u, e->edx);
	EXPECT_EQ(1, e->has_index);	/* no "flags": the rule (0xf is indexed) */
}

/* {"a": [[...]], "cpuid": [...]} with @arrays nested arrays */
static void nested(char *buf, size_t size, int arrays)
{
	size_t off = snprintf(buf, size, "{\"a\": ");
	int i;

	for (i = 0; i < arrays; i++)
		buf[off++] = '[';
	for (i = 0; i < arrays; i++)
		buf[off++] = ']';
	snprintf(buf + off, size - off, ", \"cpuid\": [" ENT("0x1") "]}");
}

TEST(json_deep_enough)
{
	static char text[2 * JSON_PARSER_MAX_DEPTH + 256];

	/* The top object is level 1: jansson's limit is reached with one array fewer. */
	nested(text, sizeof(text), JSON_PARSER_MAX_DEPTH - 1);
	parse_ok(_metadata, text, &dump);
	EXPECT_EQ(1, dump.nr);
	nested(text, sizeof(text), JSON_PARSER_MAX_DEPTH);
	EXPECT_EQ(-1, cpuid_dump_parse(text, "t", &dump, err, sizeof(err)));
	EXPECT_STREQ("t:1: objects and arrays nested too deep: maximum parsing depth reached near '['", err);
}

TEST(json_most_entries)
{
	static char text[(CPUID_DUMP_MAX + 2) * 140];
	size_t off;
	int n, i;

	for (n = CPUID_DUMP_MAX; n <= CPUID_DUMP_MAX + 1; n++) {
		off = snprintf(text, sizeof(text), "{\"cpuid\": [\n");
		for (i = 0; i < n; i++)
			off += snprintf(text + off, sizeof(text) - off,
					"%s{\"function\": \"0x%08x\", \"index\": %d, \"eax\": \"0x0\", \"ebx\": \"0x0\", \"ecx\": \"0x0\", \"edx\": \"0x0\"}\n",
					i ? "," : "", 4, i);
		snprintf(text + off, sizeof(text) - off, "]}\n");
		if (n == CPUID_DUMP_MAX) {
			parse_ok(_metadata, text, &dump);
			EXPECT_EQ(CPUID_DUMP_MAX, dump.nr);
			EXPECT_EQ(1, dump.e[CPUID_DUMP_MAX - 1].has_index);
		} else {
			EXPECT_EQ(-1, cpuid_dump_parse(text, "t", &dump, err, sizeof(err)));
			EXPECT_STREQ("t:514: more than 512 CPUID entries", err);
		}
	}
}

/* ---- the rest of the contract ------------------------------------------- */

TEST(small_error_buffer)
{
	char small[12];

	memset(small, 'X', sizeof(small));
	EXPECT_EQ(-1, cpuid_dump_parse("junk", "a-long-file-name.txt", &dump, small, sizeof(small)));
	EXPECT_NE(NULL, memchr(small, '\0', sizeof(small)));
	EXPECT_EQ(-1, cpuid_dump_parse("junk", "t", &dump, NULL, 0));
}

TEST(no_name)
{
	EXPECT_EQ(-1, cpuid_dump_parse("junk", NULL, &dump, err, sizeof(err)));
	EXPECT_EQ(0, strncmp(err, "-:1: ", 5)) TH_LOG("%s", err);
}

TEST(error_clears_after_success)
{
	strcpy(err, "stale");
	parse_ok(_metadata, L0, &dump);
	EXPECT_STREQ("", err);
}

TEST_HARNESS_MAIN
