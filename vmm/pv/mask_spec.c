// SPDX-License-Identifier: GPL-2.0-only
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mask_spec.h"
#include "pv_feature.h"

#define ITEM_MAX	64

static const char *option_of(int reg)
{
	return reg == PV_REG_EDX ? "--hints" : "--mask";
}

static int fail(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -1;
}

static int parse_hex(const char *item, uint32_t *out, char *err, size_t len,
		     int reg)
{
	const char *p = item + 2;
	uint64_t v = 0;

	if (!*p)
		return fail(err, len, "bad number '%s' in %s: no digits after 0x",
			    item, option_of(reg));
	for (; *p; p++) {
		if (!isxdigit((unsigned char)*p))
			return fail(err, len, "bad number '%s' in %s: '%c' is not a hex digit",
				    item, option_of(reg), *p);
		v = v * 16 + (uint64_t)(isdigit((unsigned char)*p) ? *p - '0' :
					tolower((unsigned char)*p) - 'a' + 10);
		if (v > 0xffffffffull)
			return fail(err, len, "bad number '%s' in %s: wider than 32 bits",
				    item, option_of(reg));
	}
	*out = (uint32_t)v;
	return 0;
}

static int unknown_name(int reg, const char *name, int other, char *err,
			size_t len)
{
	const char *hint;

	if (other)
		return fail(err, len, "'%s' is a %s bit, not a %s one: use %s",
			    name, reg == PV_REG_EAX ? "hint (edx)" : "feature (eax)",
			    reg == PV_REG_EAX ? "feature" : "hint",
			    reg == PV_REG_EAX ? "--hints" : "--mask");
	hint = pv_feature_suggest(reg, name);
	if (hint)
		return fail(err, len, "unknown %s '%s' in %s (did you mean %s?)",
			    reg == PV_REG_EAX ? "feature" : "hint", name,
			    option_of(reg), hint);
	return fail(err, len, "unknown %s '%s' in %s (run 'pvprobe features' for the list)",
		    reg == PV_REG_EAX ? "feature" : "hint", name, option_of(reg));
}

static int apply_item(int reg, char *item, uint32_t defined,
		      struct mask_spec *ms, char *err, size_t len)
{
	char sign = 0, *eq, *name = item;
	uint32_t bits;
	int other, on = 1;

	if (!strcasecmp(item, "host")) {
		ms->keep = ~0u;
		ms->set = 0;
		return 0;
	}
	if (!strcasecmp(item, "all")) {
		ms->keep = 0;
		ms->set = defined;
		return 0;
	}
	if (!strcasecmp(item, "none")) {
		ms->keep = 0;
		ms->set = 0;
		return 0;
	}
	if (item[0] == '0' && (item[1] == 'x' || item[1] == 'X')) {
		if (parse_hex(item, &ms->set, err, len, reg))
			return -1;
		ms->keep = 0;
		return 0;
	}
	if (isdigit((unsigned char)item[0]))
		return fail(err, len, "bad number '%s' in %s: write register values in hex with 0x",
			    item, option_of(reg));

	if (item[0] == '+' || item[0] == '-') {
		sign = item[0];
		name++;
	}
	eq = strchr(name, '=');
	if (eq == name || !*name)
		return fail(err, len, "'%s' in %s: a feature name must come %s",
			    item, option_of(reg), eq ? "before '='" : sign ? "after the sign" : "here");
	if (eq) {
		if (sign)
			return fail(err, len, "'%s' in %s: use either %c%.*s or %.*s=on|off, not both",
				    item, option_of(reg), sign, (int)(eq - name), name,
				    (int)(eq - name), name);
		if (!strcasecmp(eq + 1, "on"))
			on = 1;
		else if (!strcasecmp(eq + 1, "off"))
			on = 0;
		else
			return fail(err, len, "bad value in '%s' in %s: use on or off (%.*s=on)",
				    item, option_of(reg), (int)(eq - name), name);
		*eq = '\0';
	} else if (sign == '-') {
		on = 0;
	}

	bits = pv_feature_lookup(reg, name, &other);
	if (!bits)
		return unknown_name(reg, name, other, err, len);
	if (on) {
		ms->set |= bits;
	} else {
		ms->set &= ~bits;
		ms->keep &= ~bits;
	}
	return 0;
}

int mask_spec_compile(int reg, const char *spec, struct mask_spec *ms, char *err, size_t errlen)
{
	uint32_t defined = reg == PV_REG_EDX ? PV_DEFINED_EDX : PV_DEFINED_EAX;
	const char *p = spec;

	/* Items apply left to right, starting from the host set. */
	ms->reg = reg;
	ms->keep = ~0u;
	ms->set = 0;
	if (!spec || !*spec)
		return fail(err, errlen, "empty %s spec: give e.g. 'host', 'none,+%s' or '0x0'",
			    option_of(reg), reg == PV_REG_EDX ? "REALTIME" : "CLOCKSOURCE2");

	for (;;) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		char item[ITEM_MAX];
		size_t a = 0, b = n;

		while (a < b && isspace((unsigned char)p[a]))
			a++;
		while (b > a && isspace((unsigned char)p[b - 1]))
			b--;
		if (a == b)
			return fail(err, errlen, "empty item in %s spec '%s'",
				    option_of(reg), spec);
		if (b - a >= ITEM_MAX)
			return fail(err, errlen, "item '%.*s...' in %s is too long",
				    20, p + a, option_of(reg));
		memcpy(item, p + a, b - a);
		item[b - a] = '\0';
		if (apply_item(reg, item, defined, ms, err, errlen))
			return -1;
		if (!end)
			break;
		p = end + 1;
	}
	return 0;
}

void mask_spec_resolve(const struct mask_spec *ms, uint32_t host, struct mask_spec_result *res)
{
	uint32_t defined = ms->reg == PV_REG_EDX ? PV_DEFINED_EDX : PV_DEFINED_EAX;

	res->value = (host & ms->keep) | ms->set;
	res->undefined = res->value & ~defined;
}

int mask_spec_parse(int reg, const char *spec, uint32_t host,
		    struct mask_spec_result *res, char *err, size_t errlen)
{
	struct mask_spec ms;

	res->value = host;
	res->undefined = 0;
	if (mask_spec_compile(reg, spec, &ms, err, errlen))
		return -1;
	mask_spec_resolve(&ms, host, res);
	return 0;
}
