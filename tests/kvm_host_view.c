// SPDX-License-Identifier: GPL-2.0-only
/*
 * The CLI's two lists against KVM itself: `pvprobe host --json` must equal
 * a decode of KVM_GET_SUPPORTED_CPUID done here with raw ioctls, and
 * `pvprobe guest --mask -STEAL_TIME --json` must show STEAL_TIME
 * unsupported and every other host-supported feature supported.
 */
#include "kselftest_harness.h"
#include "kvm_test.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <asm/kvm_para.h>

#include "pv_feature.h"
#include "pvprobe_exit.h"
#include "run_cmd.h"

/* KVM_GET_SUPPORTED_CPUID 0x40000001, independently of vmm/. */
static int raw_supported(uint32_t *eax, uint32_t *edx)
{
	int fd = open(kvm_dev_path(), O_RDWR), nent = 256, ret = -1;
	struct kvm_cpuid2 *c;
	uint32_t i;

	if (fd < 0)
		return -1;
	c = calloc(1, sizeof(*c) + nent * sizeof(c->entries[0]));
	c->nent = nent;
	if (!ioctl(fd, KVM_GET_SUPPORTED_CPUID, c)) {
		for (i = 0; i < c->nent; i++) {
			if (c->entries[i].function == KVM_CPUID_FEATURES) {
				*eax = c->entries[i].eax;
				*edx = c->entries[i].edx;
				ret = 0;
			}
		}
	}
	free(c);
	close(fd);
	return ret;
}

/* Our JSON writer's exact form: '{"name": "X", "bit": N, "supported": B}'. */
static int json_says(const char *json, const char *name, int bit, int supported)
{
	char want[160];

	snprintf(want, sizeof(want), "{\"name\": \"%s\", \"bit\": %d, \"supported\": %s}",
		 name, bit, supported ? "true" : "false");
	return strstr(json, want) != NULL;
}

static struct cmd_output out;

TEST(host_json_equals_supported_cpuid)
{
	const char *argv[] = { "host", "--json", NULL };
	uint32_t eax = 0, edx = 0;
	char hex[32];
	size_t i;

	ASSERT_EQ(0, raw_supported(&eax, &edx));
	ASSERT_EQ(0, run_pvprobe(argv, NULL, 20, &out));
	ASSERT_EQ(PV_EXIT_OK, out.status) TH_LOG("%s", out.err);
	snprintf(hex, sizeof(hex), "\"eax\": \"0x%08x\"", eax);
	EXPECT_NE(NULL, strstr(out.out, hex)) TH_LOG("want %s in %s", hex, out.out);
	snprintf(hex, sizeof(hex), "\"edx\": \"0x%08x\"", edx);
	EXPECT_NE(NULL, strstr(out.out, hex));
	for (i = 0; i < PV_NR_ROWS; i++) {
		const struct pv_feature *f = &pv_features[i];
		uint32_t reg = f->reg == PV_REG_EDX ? edx : eax;

		EXPECT_TRUE(json_says(out.out, f->canonical, f->bit, !!(reg & (1u << f->bit))))
			TH_LOG("%s", f->canonical);
	}
	EXPECT_NE(NULL, strstr(out.out, "\"backend\": \""));
	EXPECT_NE(NULL, strstr(out.out, "\"KVM_CAP_ENFORCE_PV_FEATURE_CPUID\": "));
}

TEST(host_text_lists_every_feature)
{
	const char *argv[] = { "host", NULL };
	size_t i;

	ASSERT_EQ(0, run_pvprobe(argv, NULL, 20, &out));
	ASSERT_EQ(PV_EXIT_OK, out.status) TH_LOG("%s", out.err);
	EXPECT_NE(NULL, strstr(out.out, "Supported PV features:"));
	for (i = 0; i < PV_NR_ROWS; i++)
		EXPECT_NE(NULL, strstr(out.out, pv_features[i].canonical));
}

TEST(guest_without_steal_time)
{
	const char *argv[] = { "guest", "--mask", "-STEAL_TIME", "--json", NULL };
	uint32_t eax = 0, edx = 0;
	size_t i;

	ASSERT_EQ(0, raw_supported(&eax, &edx));
	ASSERT_EQ(0, run_pvprobe(argv, NULL, 20, &out));
	ASSERT_EQ(PV_EXIT_OK, out.status) TH_LOG("%s", out.err);
	EXPECT_NE(NULL, strstr(out.out, "\"KVMKVMKVM\": \"0x40000000\""));
	EXPECT_NE(NULL, strstr(out.out, "\"XenVMMXenVMM\": null"));
	EXPECT_NE(NULL, strstr(out.out, "\"ACRNACRNACRN\": null"));
	for (i = 0; i < PV_NR_ROWS; i++) {
		const struct pv_feature *f = &pv_features[i];
		int want;

		if (f->reg != PV_REG_EAX)
			continue;
		want = f->bit != KVM_FEATURE_STEAL_TIME && (eax & (1u << f->bit));
		EXPECT_TRUE(json_says(out.out, f->canonical, f->bit, want)) TH_LOG("%s", f->canonical);
	}
}

TEST(guest_text_default_mask)
{
	const char *argv[] = { "guest", NULL };

	ASSERT_EQ(0, run_pvprobe(argv, NULL, 20, &out));
	ASSERT_EQ(PV_EXIT_OK, out.status) TH_LOG("%s", out.err);
	EXPECT_NE(NULL, strstr(out.out, "hypervisor_cpuid_base(\"KVMKVMKVM\\0\\0\\0\", 0)"));
	EXPECT_NE(NULL, strstr(out.out, "= 0x40000000"));
	EXPECT_NE(NULL, strstr(out.out, "Unsupported PV features:"));
}

/* With no /dev/kvm the CLI skips (4) and says why. */
TEST(no_device_is_skip)
{
	const char *argv[] = { "guest", NULL };
	const char *env[] = { "PVPROBE_DEV_KVM=/nonexistent/kvm", NULL };

	ASSERT_EQ(0, run_pvprobe(argv, env, 20, &out));
	EXPECT_EQ(PV_EXIT_SKIP, out.status);
	EXPECT_NE(NULL, strstr(out.err, "/nonexistent/kvm"));
}

KVM_TEST_MAIN
