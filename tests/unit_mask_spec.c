// SPDX-License-Identifier: GPL-2.0-only
/*
 * The --mask/--hints spec parser (vmm/pv/mask_spec.c): every form of the
 * grammar, left-to-right application, undefined bits of hex values, and
 * bad input.  A spec is user input that decides which CPUID bits a guest
 * sees, so a silently misparsed item is a wrong experiment; every bad item
 * must be refused with a message that names it.  Expected values are built
 * from the uapi KVM_FEATURE_* / KVM_HINTS_* constants.
 */
#include "kselftest_harness.h"

#include <stdint.h>
#include <string.h>
#include <asm/kvm_para.h>

#include "mask_spec.h"
#include "pv_features.h"

#define F(name)		(1u << KVM_FEATURE_##name)
#define HINT(name)	(1u << KVM_HINTS_##name)

/* Every bit <asm/kvm_para.h> defines for CPUID 0x40000001 eax / edx. */
#define ALL_EAX	(F(CLOCKSOURCE) | F(NOP_IO_DELAY) | F(MMU_OP) | F(CLOCKSOURCE2) |	\
		 F(ASYNC_PF) | F(STEAL_TIME) | F(PV_EOI) | F(PV_UNHALT) |		\
		 F(PV_TLB_FLUSH) | F(ASYNC_PF_VMEXIT) | F(PV_SEND_IPI) |		\
		 F(POLL_CONTROL) | F(PV_SCHED_YIELD) | F(ASYNC_PF_INT) |		\
		 F(MSI_EXT_DEST_ID) | F(HC_MAP_GPA_RANGE) | F(MIGRATION_CONTROL) |	\
		 F(CLOCKSOURCE_STABLE_BIT))
#define ALL_EDX	HINT(REALTIME)

/* The CI hosts' KVM_GET_SUPPORTED_CPUID eax, ci/README.md "This machine's KVM" (0x01007efb). */
#define HOST_EAX (F(CLOCKSOURCE) | F(NOP_IO_DELAY) | F(CLOCKSOURCE2) | F(ASYNC_PF) |	\
		  F(STEAL_TIME) | F(PV_EOI) | F(PV_UNHALT) | F(PV_TLB_FLUSH) |		\
		  F(ASYNC_PF_VMEXIT) | F(PV_SEND_IPI) | F(POLL_CONTROL) |		\
		  F(PV_SCHED_YIELD) | F(ASYNC_PF_INT) | F(CLOCKSOURCE_STABLE_BIT))

#define KVMCLOCK	(F(CLOCKSOURCE) | F(CLOCKSOURCE2))

/* 70 characters: longer than any item the parser takes (64). */
#define A10		"aaaaaaaaaa"
#define LONG_ITEM	A10 A10 A10 A10 A10 A10 A10

static void check_terminated(struct __test_metadata *_metadata, const char *err,
			     size_t len)
{
	EXPECT_LT(strnlen(err, len), len);
}

/* ---- good specs ------------------------------------------------------- */

FIXTURE(good) {};
FIXTURE_SETUP(good) {}
FIXTURE_TEARDOWN(good) {}

FIXTURE_VARIANT(good) {
	int reg;
	const char *spec;
	uint32_t host;
	uint32_t value;
	uint32_t undefined;
};

#define GOOD(vname, r, s, h, v, u)				\
	FIXTURE_VARIANT_ADD(good, vname) {			\
		.reg = PV_REG_##r, .spec = s, .host = h,	\
		.value = v, .undefined = u,			\
	}

GOOD(host, EAX, "host", HOST_EAX, HOST_EAX, 0);
GOOD(host_zero, EAX, "host", 0, 0, 0);
GOOD(host_upper, EAX, "HOST", HOST_EAX, HOST_EAX, 0);
GOOD(all, EAX, "all", 0, ALL_EAX, 0);
GOOD(all_upper, EAX, "All", HOST_EAX, ALL_EAX, 0);
GOOD(none, EAX, "none", HOST_EAX, 0, 0);
GOOD(plus_name, EAX, "none,+CLOCKSOURCE2", HOST_EAX, F(CLOCKSOURCE2), 0);
GOOD(bare_name, EAX, "none,STEAL_TIME", HOST_EAX, F(STEAL_TIME), 0);
GOOD(bare_name_adds_to_host, EAX, "PV_TLB_FLUSH", F(STEAL_TIME),
     F(STEAL_TIME) | F(PV_TLB_FLUSH), 0);
GOOD(minus_from_all, EAX, "all,-STEAL_TIME", 0, ALL_EAX & ~F(STEAL_TIME), 0);
GOOD(minus_from_host, EAX, "-STEAL_TIME", HOST_EAX, HOST_EAX & ~F(STEAL_TIME), 0);
GOOD(minus_absent, EAX, "-MIGRATION_CONTROL", HOST_EAX, HOST_EAX, 0);
GOOD(hex_then_dashed, EAX, "0x0,+steal-time", HOST_EAX, F(STEAL_TIME), 0);
GOOD(eq_on, EAX, "none,steal-time=on", HOST_EAX, F(STEAL_TIME), 0);
GOOD(eq_on_upper, EAX, "none,STEAL_TIME=ON", HOST_EAX, F(STEAL_TIME), 0);
GOOD(eq_off, EAX, "all,kvm-steal-time=off", 0, ALL_EAX & ~F(STEAL_TIME), 0);
GOOD(eq_off_mixed, EAX, "host,Pv-Eoi=Off", HOST_EAX, HOST_EAX & ~F(PV_EOI), 0);
GOOD(canonical, EAX, "none,KVM_FEATURE_PV_UNHALT", HOST_EAX, F(PV_UNHALT), 0);
GOOD(canonical_lower, EAX, "none,+kvm_feature_pv_send_ipi", HOST_EAX, F(PV_SEND_IPI), 0);
GOOD(qemu_prop, EAX, "none,+kvm-pv-unhalt", HOST_EAX, F(PV_UNHALT), 0);
GOOD(qemu_prop_eq, EAX, "none,kvm-pv-ipi=on,kvm-poll-control=on", HOST_EAX,
     F(PV_SEND_IPI) | F(POLL_CONTROL), 0);
GOOD(qemu_kvmclock, EAX, "none,kvmclock", HOST_EAX, KVMCLOCK, 0);
GOOD(qemu_kvmclock_off, EAX, "host,kvmclock=off", HOST_EAX, HOST_EAX & ~KVMCLOCK, 0);
GOOD(mixed_case, EAX, "NONE,+Steal_Time,+pv-EOI", HOST_EAX, F(STEAL_TIME) | F(PV_EOI), 0);
GOOD(hex_zero, EAX, "0x0", HOST_EAX, 0, 0);
GOOD(hex_host, EAX, "0x1007efb", 0, HOST_EAX, 0);
GOOD(hex_upper_x, EAX, "0XFF", 0, 0xff, 0xffu & ~ALL_EAX);
GOOD(hex_lower_digits, EAX, "0xabc", 0, 0xabc, 0xabcu & ~ALL_EAX);
GOOD(hex_leading_zeros, EAX, "0x000000000001", HOST_EAX, F(CLOCKSOURCE), 0);
GOOD(hex_all_ones, EAX, "0xffffffff", 0, 0xffffffffu, ~ALL_EAX);
GOOD(hex_then_clear, EAX, "0xffffffff,-STEAL_TIME", 0, ~F(STEAL_TIME), ~ALL_EAX);
GOOD(hex_undefined_cleared, EAX, "0x100,none", 0, 0, 0);
GOOD(hex_then_host, EAX, "0xff,host", HOST_EAX, HOST_EAX, 0);
GOOD(left_to_right_off, EAX, "+STEAL_TIME,-STEAL_TIME", 0, 0, 0);
GOOD(left_to_right_on, EAX, "-STEAL_TIME,+STEAL_TIME", 0, F(STEAL_TIME), 0);
GOOD(left_to_right_none_all, EAX, "none,all", HOST_EAX, ALL_EAX, 0);
GOOD(left_to_right_all_none, EAX, "all,none", HOST_EAX, 0, 0);
GOOD(left_to_right_last_hex, EAX, "all,0x8", HOST_EAX, F(CLOCKSOURCE2), 0);
GOOD(whitespace, EAX, "  none , +CLOCKSOURCE2 ,\t-NOP_IO_DELAY\t", HOST_EAX,
     F(CLOCKSOURCE2), 0);
GOOD(whitespace_hex, EAX, " 0x8 ", HOST_EAX, F(CLOCKSOURCE2), 0);
GOOD(hints_realtime, EDX, "realtime", 0, HINT(REALTIME), 0);
GOOD(hints_plus_realtime, EDX, "+realtime", 0, HINT(REALTIME), 0);
GOOD(hints_canonical, EDX, "KVM_HINTS_REALTIME", 0, HINT(REALTIME), 0);
GOOD(hints_none, EDX, "none", HINT(REALTIME), 0, 0);
GOOD(hints_host, EDX, "host", HINT(REALTIME), HINT(REALTIME), 0);
GOOD(hints_all, EDX, "all", 0, ALL_EDX, 0);
GOOD(hints_qemu_on, EDX, "kvm-hint-dedicated=on", 0, HINT(REALTIME), 0);
GOOD(hints_qemu_off, EDX, "kvm-hint-dedicated=off", HINT(REALTIME), 0, 0);
GOOD(hints_minus, EDX, "-REALTIME", HINT(REALTIME), 0, 0);
GOOD(hints_hex, EDX, "0x3", 0, 0x3, 0x3u & ~ALL_EDX);

TEST_F(good, parses)
{
	struct mask_spec_result res = { 0xdeadbeef, 0xdeadbeef };
	char err[256] = "";

	ASSERT_EQ(0, mask_spec_parse(variant->reg, variant->spec, variant->host,
				     &res, err, sizeof(err)))
		TH_LOG("'%s': %s", variant->spec, err);
	EXPECT_EQ(variant->value, res.value) TH_LOG("'%s'", variant->spec);
	EXPECT_EQ(variant->undefined, res.undefined) TH_LOG("'%s'", variant->spec);
}

/* ---- bad specs -------------------------------------------------------- */

FIXTURE(bad) {};
FIXTURE_SETUP(bad) {}
FIXTURE_TEARDOWN(bad) {}

FIXTURE_VARIANT(bad) {
	int reg;
	const char *spec;
	const char *needle;	/* must be in the message: the bad item */
	const char *needle2;	/* and this, if set: the fix */
};

#define BAD(vname, r, s, n, n2)					\
	FIXTURE_VARIANT_ADD(bad, vname) {			\
		.reg = PV_REG_##r, .spec = s, .needle = n,	\
		.needle2 = n2,					\
	}

BAD(empty, EAX, "", "empty", "--mask");
BAD(only_spaces, EAX, "   ", "empty", NULL);
BAD(typo, EAX, "stealtime", "'stealtime'", "did you mean STEAL_TIME");
BAD(typo_dashed, EAX, "none,+stealtime", "stealtime", "did you mean STEAL_TIME");
BAD(unknown, EAX, "bogus", "'bogus'", NULL);
BAD(unknown_middle, EAX, "none,bogus,all", "'bogus'", NULL);
BAD(plus_alone, EAX, "+", "'+'", NULL);
BAD(minus_alone, EAX, "-", "'-'", NULL);
BAD(hex_no_digits, EAX, "0x", "'0x'", NULL);
BAD(hex_bad_digit, EAX, "0xZZ", "'0xZZ'", NULL);
BAD(hex_negative, EAX, "0x-1", "'0x-1'", NULL);
BAD(hex_too_wide, EAX, "0x123456789", "'0x123456789'", NULL);
BAD(hex_space_inside, EAX, "0x1 2", "'0x1 2'", NULL);
BAD(decimal, EAX, "12", "'12'", "0x");
BAD(zero_decimal, EAX, "0", "'0'", NULL);
BAD(eq_bad_value, EAX, "steal-time=maybe", "maybe", "steal-time");
BAD(eq_no_value, EAX, "steal-time=", "steal-time", "on or off");
BAD(eq_no_name, EAX, "=on", "=on", NULL);
BAD(eq_alone, EAX, "none,=", "'='", NULL);
BAD(sign_and_eq, EAX, "+STEAL_TIME=on", "+STEAL_TIME=on", NULL);
BAD(lone_comma, EAX, ",", "','", NULL);
BAD(empty_item, EAX, "host,,none", "'host,,none'", NULL);
BAD(trailing_comma, EAX, "host,", "'host,'", NULL);
BAD(hint_in_mask, EAX, "REALTIME", "'REALTIME'", "--hints");
BAD(hint_qemu_in_mask, EAX, "none,kvm-hint-dedicated=on", "kvm-hint-dedicated", "--hints");
BAD(feature_in_hints, EDX, "STEAL_TIME", "'STEAL_TIME'", "--mask");
BAD(hints_unknown, EDX, "bogus", "'bogus'", "--hints");
BAD(hints_typo, EDX, "realtim", "'realtim'", "did you mean REALTIME");
BAD(hints_too_wide, EDX, "0x100000000", "'0x100000000'", NULL);
BAD(too_long, EAX, "none," LONG_ITEM, A10 A10, "too long");

TEST_F(bad, refused)
{
	struct mask_spec_result res;
	char err[256];

	memset(err, 'X', sizeof(err));
	ASSERT_EQ(-1, mask_spec_parse(variant->reg, variant->spec, HOST_EAX, &res,
				      err, sizeof(err)))
		TH_LOG("'%s' accepted: value 0x%x", variant->spec, res.value);
	check_terminated(_metadata, err, sizeof(err));
	EXPECT_NE(NULL, strstr(err, variant->needle))
		TH_LOG("'%s': message \"%s\" does not contain \"%s\"",
		       variant->spec, err, variant->needle);
	if (variant->needle2)
		EXPECT_NE(NULL, strstr(err, variant->needle2))
			TH_LOG("'%s': message \"%s\" does not contain \"%s\"",
			       variant->spec, err, variant->needle2);
}

/* ---- the rest of the contract ----------------------------------------- */

TEST(null_spec_refused)
{
	struct mask_spec_result res;
	char err[128] = "";

	EXPECT_EQ(-1, mask_spec_parse(PV_REG_EAX, NULL, HOST_EAX, &res, err, sizeof(err)));
	EXPECT_NE('\0', err[0]);
}

TEST(padded_item_accepted)
{
	/* Padding does not count towards the item length limit. */
	char spec[160];
	struct mask_spec_result res;
	char err[128] = "";

	snprintf(spec, sizeof(spec), "none,%-70s,+PV_EOI", "+KVM_FEATURE_STEAL_TIME");
	ASSERT_EQ(0, mask_spec_parse(PV_REG_EAX, spec, HOST_EAX, &res, err, sizeof(err)))
		TH_LOG("%s", err);
	EXPECT_EQ(F(STEAL_TIME) | F(PV_EOI), res.value);
}

TEST(small_error_buffer_not_overrun)
{
	struct mask_spec_result res;
	char err[32];

	memset(err, 'X', sizeof(err));
	ASSERT_EQ(-1, mask_spec_parse(PV_REG_EAX, "stealtime", HOST_EAX, &res, err, 8));
	EXPECT_EQ('\0', err[7]);
	EXPECT_EQ(7u, strlen(err));
	EXPECT_EQ('X', err[8]);
	EXPECT_EQ('X', err[31]);
}

TEST(spec_is_not_modified)
{
	char spec[] = "none,steal-time=on,+PV_EOI";
	struct mask_spec_result res;
	char err[128] = "";

	ASSERT_EQ(0, mask_spec_parse(PV_REG_EAX, spec, 0, &res, err, sizeof(err)));
	EXPECT_STREQ("none,steal-time=on,+PV_EOI", spec);
}

TEST(every_feature_by_itself)
{
	/* Each single bit, set from none and cleared from all, by bit number. */
	static const struct { const char *name; int bit; } rows[] = {
		{ "CLOCKSOURCE", KVM_FEATURE_CLOCKSOURCE },
		{ "NOP_IO_DELAY", KVM_FEATURE_NOP_IO_DELAY },
		{ "MMU_OP", KVM_FEATURE_MMU_OP },
		{ "CLOCKSOURCE2", KVM_FEATURE_CLOCKSOURCE2 },
		{ "ASYNC_PF", KVM_FEATURE_ASYNC_PF },
		{ "STEAL_TIME", KVM_FEATURE_STEAL_TIME },
		{ "PV_EOI", KVM_FEATURE_PV_EOI },
		{ "PV_UNHALT", KVM_FEATURE_PV_UNHALT },
		{ "PV_TLB_FLUSH", KVM_FEATURE_PV_TLB_FLUSH },
		{ "ASYNC_PF_VMEXIT", KVM_FEATURE_ASYNC_PF_VMEXIT },
		{ "PV_SEND_IPI", KVM_FEATURE_PV_SEND_IPI },
		{ "POLL_CONTROL", KVM_FEATURE_POLL_CONTROL },
		{ "PV_SCHED_YIELD", KVM_FEATURE_PV_SCHED_YIELD },
		{ "ASYNC_PF_INT", KVM_FEATURE_ASYNC_PF_INT },
		{ "MSI_EXT_DEST_ID", KVM_FEATURE_MSI_EXT_DEST_ID },
		{ "HC_MAP_GPA_RANGE", KVM_FEATURE_HC_MAP_GPA_RANGE },
		{ "MIGRATION_CONTROL", KVM_FEATURE_MIGRATION_CONTROL },
		{ "CLOCKSOURCE_STABLE_BIT", KVM_FEATURE_CLOCKSOURCE_STABLE_BIT },
	};
	struct mask_spec_result res;
	char spec[64], err[128];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		snprintf(spec, sizeof(spec), "none,+%s", rows[i].name);
		ASSERT_EQ(0, mask_spec_parse(PV_REG_EAX, spec, 0, &res, err, sizeof(err)))
			TH_LOG("%s: %s", spec, err);
		EXPECT_EQ(1u << rows[i].bit, res.value) TH_LOG("%s", spec);
		snprintf(spec, sizeof(spec), "all,-%s", rows[i].name);
		ASSERT_EQ(0, mask_spec_parse(PV_REG_EAX, spec, 0, &res, err, sizeof(err)))
			TH_LOG("%s: %s", spec, err);
		EXPECT_EQ(ALL_EAX & ~(1u << rows[i].bit), res.value) TH_LOG("%s", spec);
	}
}

TEST_HARNESS_MAIN
