// SPDX-License-Identifier: GPL-2.0-only
/*
 * The JSON writer (vmm/util/json.c): valid UTF-8 passes through as it is,
 * control characters are escaped, bytes that are not valid UTF-8 (guest
 * console text, file names) become U+FFFD so the output stays valid JSON,
 * and nesting past the limit is an error, not a silent clamp.
 */
#include "kselftest_harness.h"

#include <stdlib.h>
#include <string.h>

#include "json.h"

static char *buf;
static size_t len;

static FILE *open_buf(void)
{
	free(buf);
	buf = NULL;
	return open_memstream(&buf, &len);
}

/* @s as json_str() writes it, in buf. */
static int str(const char *s)
{
	struct json j;
	FILE *f = open_buf();
	int rc;

	if (!f)
		return -1;
	json_init(&j, f);
	json_str(&j, NULL, s);
	rc = json_end(&j);
	fclose(f);
	return rc;
}

TEST(utf8_passes_through)
{
	ASSERT_EQ(0, str("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\xa7"));
	EXPECT_STREQ("\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\xa7\"\n", buf);
}

TEST(controls_escaped)
{
	ASSERT_EQ(0, str("a\"b\\c\nd\te\x7f"));
	EXPECT_STREQ("\"a\\\"b\\\\c\\nd\\u0009e\\u007f\"\n", buf);
}

TEST(invalid_utf8_is_replaced)
{
	/* a lone continuation byte, an overlong '/', a surrogate, a truncated sequence, > U+10FFFF */
	ASSERT_EQ(0, str("\x80|\xc0\xaf|\xed\xa0\x80|\xe2\x82|\xf4\x90\x80\x80"));
	EXPECT_STREQ("\"\\ufffd|\\ufffd\\ufffd|\\ufffd\\ufffd\\ufffd|\\ufffd\\ufffd|\\ufffd\\ufffd\\ufffd\\ufffd\"\n", buf);
}

TEST(nesting_limit_is_an_error)
{
	struct json j;
	FILE *f = open_buf();
	int i;

	ASSERT_NE(NULL, f);
	json_init(&j, f);
	for (i = 0; i < JSON_DEPTH_MAX + 2; i++)
		json_arr_begin(&j, NULL);
	for (i = 0; i < JSON_DEPTH_MAX + 2; i++)
		json_arr_end(&j);
	EXPECT_EQ(-1, json_end(&j));
	fclose(f);
}

TEST(nesting_within_the_limit)
{
	struct json j;
	FILE *f = open_buf();
	int i;

	ASSERT_NE(NULL, f);
	json_init(&j, f);
	for (i = 0; i < JSON_DEPTH_MAX - 1; i++)
		json_arr_begin(&j, NULL);
	json_int(&j, NULL, 1);
	json_int(&j, NULL, 2);
	for (i = 0; i < JSON_DEPTH_MAX - 1; i++)
		json_arr_end(&j);
	EXPECT_EQ(0, json_end(&j));
	fclose(f);
	EXPECT_NE(NULL, strstr(buf, "[1, 2]"));
}

TEST_HARNESS_MAIN
