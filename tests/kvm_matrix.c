// SPDX-License-Identifier: GPL-2.0-only
/*
 * The matrix: for none, host, all, every defined bit alone and every
 * defined bit cleared (variants generated from the PV feature table), with
 * PV enforcement on and off, run the probes and judge every one against
 * the expectation model.  Two tests per variant: the MSR probes with their
 * checks, and the hypercalls.  A mismatch fails; probes that only meet a
 * known deviation of this backend make the test XFAIL with its reason.
 */
#include "kselftest_harness.h"
#include "kvm_test.h"

#include "check_report.h"
#include "pv_feature.h"
#include "pvprobe_exit.h"

enum base { BASE_NONE, BASE_ALL, BASE_HOST };

FIXTURE(matrix) {
	struct check_report rep;
	struct guest_config cfg;
};

FIXTURE_VARIANT(matrix) {
	enum base base;
	int reg, bit, set;	/* bit -1: none */
	int enforce;
};

#define MATRIX_VARIANTS(REG, BIT, NAME, QEMU, MSRS, HCALLS, USE)		\
	FIXTURE_VARIANT_ADD(matrix, only_##NAME) {				\
		.base = BASE_NONE, .reg = PV_REG_##REG, .bit = BIT, .set = 1,	\
		.enforce = 1 };							\
	FIXTURE_VARIANT_ADD(matrix, only_##NAME##_no_enforce) {		\
		.base = BASE_NONE, .reg = PV_REG_##REG, .bit = BIT, .set = 1 };	\
	FIXTURE_VARIANT_ADD(matrix, all_but_##NAME) {				\
		.base = BASE_ALL, .reg = PV_REG_##REG, .bit = BIT, .set = 0,	\
		.enforce = 1 };							\
	FIXTURE_VARIANT_ADD(matrix, all_but_##NAME##_no_enforce) {		\
		.base = BASE_ALL, .reg = PV_REG_##REG, .bit = BIT, .set = 0 };
PV_FEATURE_TABLE(MATRIX_VARIANTS)

FIXTURE_VARIANT_ADD(matrix, none) { .base = BASE_NONE, .bit = -1, .enforce = 1 };
FIXTURE_VARIANT_ADD(matrix, none_no_enforce) { .base = BASE_NONE, .bit = -1 };
FIXTURE_VARIANT_ADD(matrix, host) { .base = BASE_HOST, .bit = -1, .enforce = 1 };
FIXTURE_VARIANT_ADD(matrix, host_no_enforce) { .base = BASE_HOST, .bit = -1 };
FIXTURE_VARIANT_ADD(matrix, all) { .base = BASE_ALL, .bit = -1, .enforce = 1 };
FIXTURE_VARIANT_ADD(matrix, all_no_enforce) { .base = BASE_ALL, .bit = -1 };

FIXTURE_SETUP(matrix)
{
	uint32_t *reg;

	guest_config_default(&self->cfg);
	self->cfg.nr_vcpus = 2;
	self->cfg.enforce = variant->enforce;
	switch (variant->base) {
	case BASE_NONE:
		break;
	case BASE_ALL:
		self->cfg.eax = PV_DEFINED_EAX;
		self->cfg.edx = PV_DEFINED_EDX;
		break;
	default:
		self->cfg.eax = kvm_test_host.eax;
		self->cfg.edx = kvm_test_host.edx;
	}
	reg = variant->reg == PV_REG_EDX ? &self->cfg.edx : &self->cfg.eax;
	if (variant->bit >= 0)
		*reg = variant->set ? *reg | 1u << variant->bit : *reg & ~(1u << variant->bit);
}

FIXTURE_TEARDOWN(matrix)
{
}

static void log_rows(struct __test_metadata *_metadata, const struct check_report *rep,
		     enum verdict v)
{
	char e[OUTCOME_STR_MAX], o[OUTCOME_STR_MAX];
	int i;

	for (i = 0; i < rep->nr_rows; i++) {
		const struct check_row *row = &rep->rows[i];

		if (row->v != v)
			continue;
		TH_LOG("%s: expected %s (%s), observed %s%s%s", row->p->name,
		       outcome_str(&row->exp.out, e, sizeof(e)), row->exp.reason,
		       outcome_str(&row->obs, o, sizeof(o)), row->detail[0] ? ": " : "",
		       row->detail);
	}
}

static void judge(struct __test_metadata *_metadata, FIXTURE_DATA(matrix) *self,
		  unsigned int scope)
{
	struct kvm_sys kvm;
	char err[PV_ERR_MAX], repro[768];

	ASSERT_EQ(0, kvm_test_open(&kvm));
	ASSERT_EQ(PV_EXIT_OK, check_run(&kvm, &self->cfg, scope, &self->rep, err, sizeof(err)))
		TH_LOG("%s", err);
	kvm_sys_close(&kvm);
	ASSERT_GT(self->rep.nr_rows, 0);
	if (self->rep.mismatches) {
		log_rows(_metadata, &self->rep, V_MISMATCH);
		check_reproduce(&self->rep, repro, sizeof(repro));
		TH_LOG("reproduce with: %s", repro);
	}
	EXPECT_EQ(0, self->rep.mismatches);
}

static const char *first_deviation(const struct check_report *rep)
{
	int i;

	for (i = 0; i < rep->nr_rows; i++)
		if (rep->rows[i].v == V_DEVIATION)
			return rep->rows[i].dev->reason;
	return NULL;
}

TEST_F(matrix, msrs)
{
	judge(_metadata, self, CHECK_MSRS);
	if (self->rep.deviations)
		KVM_TEST_XFAIL("%d known deviation(s): %s", self->rep.deviations,
			       first_deviation(&self->rep));
}

TEST_F(matrix, hypercalls)
{
	judge(_metadata, self, CHECK_HCALLS);
	if (self->rep.deviations)
		KVM_TEST_XFAIL("%d known deviation(s): %s", self->rep.deviations,
			       first_deviation(&self->rep));
}

KVM_TEST_MAIN
