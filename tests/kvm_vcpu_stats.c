// SPDX-License-Identifier: GPL-2.0-only
/*
 * vmm/kvm/vcpu_stats.c, which check's KICK_CPU and SEND_IPI pairs use to
 * call only once the waiting vCPU is asleep in kvm_vcpu_block(): KVM's
 * "blocking" statistic must be found, be 0 while the vCPU is not in
 * KVM_RUN, and turn 1 while it sits in a HLT with interrupts off (only a
 * kick or the run's deadline ends that).  An unknown name is ENOENT.
 */
#include "kselftest_harness.h"
#include "kvm_test.h"

#include <errno.h>
#include <pthread.h>
#include <unistd.h>

#include "pvprobe_exit.h"
#include "vcpu_stats.h"

struct halted {
	struct session *s;
	struct run_result res;
};

static void *halt_thread(void *arg)
{
	struct halted *h = arg;

	/* cli; hlt: asleep until the 2 s deadline kicks it. */
	session_run_timeout(h->s, 1, PV_ENTRY_HALT_WAIT, 0, 2000, &h->res);
	return NULL;
}

FIXTURE(stats) {
	struct kvm_sys kvm;
	struct session s;
};

FIXTURE_SETUP(stats)
{
	struct guest_config cfg;
	char err[PV_ERR_MAX];

	ASSERT_EQ(0, kvm_test_open(&self->kvm));
	guest_config_default(&cfg);
	cfg.eax = kvm_test_host.eax;
	cfg.nr_vcpus = 2;
	ASSERT_EQ(PV_EXIT_OK, session_create(&self->kvm, &cfg, &self->s, err, sizeof(err)))
		TH_LOG("%s", err);
}

FIXTURE_TEARDOWN(stats)
{
	session_destroy(&self->s);
	kvm_sys_close(&self->kvm);
}

TEST_F(stats, unknown_name_is_enoent)
{
	struct vcpu_stat st;

	errno = 0;
	EXPECT_EQ(-1, vcpu_stat_open(self->s.vm.vcpus[0], "no_such_statistic", &st));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_EQ(-1, st.fd);
}

TEST_F(stats, blocking_while_halted)
{
	struct halted h = { .s = &self->s };
	struct vcpu_stat st;
	uint64_t v = 2;
	pthread_t t;
	int i, seen = 0;

	ASSERT_EQ(0, vcpu_stat_open(self->s.vm.vcpus[1], "blocking", &st))
		TH_LOG("KVM_GET_STATS_FD / blocking: %s", strerror(errno));
	ASSERT_EQ(0, vcpu_stat_read(&st, &v));
	EXPECT_EQ(0, v);
	ASSERT_EQ(0, pthread_create(&t, NULL, halt_thread, &h));
	for (i = 0; i < 1500 && !seen; i++) {
		ASSERT_EQ(0, vcpu_stat_read(&st, &v));
		seen = v == 1;
		usleep(1000);
	}
	pthread_join(t, NULL);
	EXPECT_EQ(1, seen) TH_LOG("blocking never 1 while the vCPU was in cli; hlt");
	EXPECT_EQ(RUN_TIMEOUT, h.res.status) TH_LOG("%s", h.res.detail);
	ASSERT_EQ(0, vcpu_stat_read(&st, &v));
	EXPECT_EQ(0, v);
	vcpu_stat_close(&st);
}

KVM_TEST_MAIN
