// SPDX-License-Identifier: GPL-2.0-only
/*
 * qemu_args_split_irqchip() (vmm/qemu/qemu_run.c): whether the user's
 * QEMU arguments leave kernel-irqchip=split, which explains QEMU's claim
 * of MSI_EXT_DEST_ID on a host whose KVM never offers it
 * (vmm/qemu/qemu_layers.c host_vs_claim()).
 */
#include "kselftest_harness.h"

#include "qemu_run.h"

#define SPLIT(...) ({							\
	char *a[] = { __VA_ARGS__ };					\
	qemu_args_split_irqchip(a, sizeof(a) / sizeof(a[0]));		\
})

TEST(split_in_machine_accel_or_m)
{
	EXPECT_EQ(1, SPLIT("-accel", "kvm", "-machine", "kernel-irqchip=split"));
	EXPECT_EQ(1, SPLIT("-M", "pc,kernel-irqchip=split,pit=off"));
	EXPECT_EQ(1, SPLIT("-accel", "kvm,kernel-irqchip=split"));
}

TEST(on_off_or_absent_is_not_split)
{
	EXPECT_EQ(0, SPLIT("-accel", "kvm", "-cpu", "host"));
	EXPECT_EQ(0, SPLIT("-machine", "kernel-irqchip=on"));
	EXPECT_EQ(0, SPLIT("-machine", "kernel-irqchip=off"));
	EXPECT_EQ(0, qemu_args_split_irqchip(NULL, 0));
}

TEST(the_last_one_wins)
{
	EXPECT_EQ(0, SPLIT("-machine", "kernel-irqchip=split", "-machine", "kernel-irqchip=on"));
	EXPECT_EQ(1, SPLIT("-machine", "kernel-irqchip=on,kernel-irqchip=split"));
}

TEST(only_a_whole_option)
{
	EXPECT_EQ(0, SPLIT("-machine", "kernel-irqchip=splitx"));
	EXPECT_EQ(0, SPLIT("-machine", "xkernel-irqchip=split"));
	EXPECT_EQ(0, SPLIT("-cpu", "host,kernel-irqchip=on"));
}

TEST_HARNESS_MAIN
