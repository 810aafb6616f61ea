// SPDX-License-Identifier: GPL-2.0-only
/*
 * The frame decoder of pvprobe qemu's result stream (vmm/qemu/qemu_stream.c,
 * include/pv_qemu_abi.h): what the PVH image writes to isa-debugcon is
 * untrusted.  Good frames decode into the two results pages; a stream read
 * in pieces is refused as cut short until its last byte and then equals
 * the whole; garbage before the start, every truncation, a flipped byte,
 * an oversize or wrong length, a repeated entry, a page that fails
 * guest_results_check() and bytes after the end are each refused with the
 * reason, and random bytes never crash it.
 */
#include "kselftest_harness.h"

#include <stdlib.h>
#include <string.h>
#include <asm/kvm_para.h>

#include "pv_qemu_abi.h"
#include "pvprobe_abi.h"
#include "qemu_stream.h"

#define STREAM_MAX	(3 * (sizeof(struct pvq_frame) + PV_PAGE_SIZE))

/* A page as the PVH image leaves it after @entry on vCPU 0. */
static void page(uint8_t *p, uint32_t entry)
{
	struct pv_results *r = (struct pv_results *)p;

	memset(p, 0, PV_PAGE_SIZE);
	r->magic = PV_RESULTS_MAGIC;
	r->abi_version = PV_ABI_VERSION;
	r->vcpu = 0;
	r->entry = entry;
	r->sig_base[PV_SIG_KVM] = KVM_CPUID_SIGNATURE;
	r->kvm_leaf1.eax = 0x01007afb;
}

static size_t put_frame(uint8_t *out, uint32_t kind, uint32_t event, uint32_t entry,
			const uint8_t *payload, uint32_t len)
{
	struct pvq_frame f = {
		.magic = PVQ_MAGIC, .version = PVQ_VERSION, .kind = kind, .event = event,
		.vcpu = 0, .entry = entry, .len = len, .sum = pvq_sum(payload, len),
	};

	memcpy(out, &f, sizeof(f));
	if (len)
		memcpy(out + sizeof(f), payload, len);
	return sizeof(f) + len;
}

/* REPORT page, MSR_PROBES page, end: what a guest that finished sends. */
static size_t good_stream(uint8_t *out)
{
	uint8_t pg[PV_PAGE_SIZE];
	size_t n = 0;

	page(pg, PV_ENTRY_REPORT);
	n += put_frame(out + n, PVQ_KIND_PAGE, PV_EV_DONE, PV_ENTRY_REPORT, pg, PV_PAGE_SIZE);
	page(pg, PV_ENTRY_MSR_PROBES);
	n += put_frame(out + n, PVQ_KIND_PAGE, PV_EV_DONE, PV_ENTRY_MSR_PROBES, pg, PV_PAGE_SIZE);
	n += put_frame(out + n, PVQ_KIND_END, 0, 0, NULL, 0);
	return n;
}

FIXTURE(qs) {
	uint8_t *buf;
	size_t n;
	struct qemu_stream st;
	char err[256];
};

FIXTURE_SETUP(qs)
{
	self->buf = calloc(1, STREAM_MAX + 64);
	ASSERT_NE(NULL, self->buf);
	self->n = good_stream(self->buf);
}

FIXTURE_TEARDOWN(qs)
{
	free(self->buf);
}

static int decode(struct _test_data_qs *self, const uint8_t *b, size_t n)
{
	self->err[0] = '\0';
	return qemu_stream_decode(b, n, &self->st, self->err, sizeof(self->err));
}

TEST_F(qs, good_frames)
{
	ASSERT_EQ(0, decode(self, self->buf, self->n)) TH_LOG("%s", self->err);
	EXPECT_TRUE(self->st.have_report);
	EXPECT_TRUE(self->st.have_msrs);
	EXPECT_TRUE(self->st.ended);
	EXPECT_EQ(RUN_DONE, self->st.report.status);
	EXPECT_EQ(0x01007afbu, self->st.report.results.kvm_leaf1.eax);
	EXPECT_EQ(KVM_CPUID_SIGNATURE, self->st.msrs.results.sig_base[PV_SIG_KVM]);
}

/* The stream as read() might deliver it: cut short until the last byte, then whole. */
TEST_F(qs, split_reads)
{
	static const size_t pieces[] = { 1, 7, 31, 4096, 2, 100, 5000, 3 };
	static struct qemu_stream whole;
	uint8_t *acc = malloc(self->n);
	size_t got = 0, i = 0;

	ASSERT_NE(NULL, acc);
	ASSERT_EQ(0, qemu_stream_decode(self->buf, self->n, &whole, self->err, sizeof(self->err)));
	while (got < self->n) {
		size_t k = pieces[i++ % (sizeof(pieces) / sizeof(pieces[0]))];

		if (k > self->n - got)
			k = self->n - got;
		memcpy(acc + got, self->buf + got, k);
		got += k;
		if (got < self->n) {
			ASSERT_EQ(-1, decode(self, acc, got)) TH_LOG("after %zu bytes", got);
			ASSERT_NE(NULL, strstr(self->err, "cut short")) TH_LOG("%zu: %s", got, self->err);
		}
	}
	ASSERT_EQ(0, decode(self, acc, got)) TH_LOG("%s", self->err);
	EXPECT_EQ(0, memcmp(&whole, &self->st, sizeof(whole)));
	free(acc);
}

TEST_F(qs, garbage_before_the_start)
{
	uint8_t *g = malloc(self->n + 5);

	ASSERT_NE(NULL, g);
	memcpy(g, "SeaBI", 5);
	memcpy(g + 5, self->buf, self->n);
	EXPECT_EQ(-1, decode(self, g, self->n + 5));
	EXPECT_NE(NULL, strstr(self->err, "garbage at byte 0")) TH_LOG("%s", self->err);
	EXPECT_FALSE(self->st.have_report);
	free(g);
}

/* Every prefix is refused as cut short; the frames before the cut are kept. */
TEST_F(qs, every_truncation)
{
	size_t k, first = sizeof(struct pvq_frame) + PV_PAGE_SIZE;

	for (k = 0; k < self->n; k++) {
		ASSERT_EQ(-1, decode(self, self->buf, k)) TH_LOG("prefix %zu", k);
		ASSERT_TRUE(strstr(self->err, "cut short") || strstr(self->err, "sent nothing"))
			TH_LOG("prefix %zu: %s", k, self->err);
		ASSERT_EQ(k >= first, self->st.have_report) TH_LOG("prefix %zu", k);
		ASSERT_FALSE(self->st.ended);
	}
}

TEST_F(qs, bad_checksum)
{
	self->buf[sizeof(struct pvq_frame) + 100] ^= 0x80;
	EXPECT_EQ(-1, decode(self, self->buf, self->n));
	EXPECT_NE(NULL, strstr(self->err, "checksum")) TH_LOG("%s", self->err);
	EXPECT_FALSE(self->st.have_report);
}

TEST_F(qs, oversize_length)
{
	struct pvq_frame *f = (struct pvq_frame *)self->buf;

	f->len = PV_PAGE_SIZE + 1;
	EXPECT_EQ(-1, decode(self, self->buf, self->n));
	EXPECT_NE(NULL, strstr(self->err, "with length 4097")) TH_LOG("%s", self->err);
	f->len = 0xffffffffu;
	EXPECT_EQ(-1, decode(self, self->buf, self->n));
	EXPECT_NE(NULL, strstr(self->err, "with length")) TH_LOG("%s", self->err);
	/* An end frame with a payload is refused too. */
	f->len = PV_PAGE_SIZE;
	((struct pvq_frame *)(self->buf + self->n - sizeof(*f)))->len = 1;
	EXPECT_EQ(-1, decode(self, self->buf, self->n));
	EXPECT_NE(NULL, strstr(self->err, "kind 2 with length 1")) TH_LOG("%s", self->err);
}

TEST_F(qs, repeated_entry_and_bad_event)
{
	uint8_t pg[PV_PAGE_SIZE];
	size_t n = 0;

	page(pg, PV_ENTRY_REPORT);
	n += put_frame(self->buf, PVQ_KIND_PAGE, PV_EV_DONE, PV_ENTRY_REPORT, pg, PV_PAGE_SIZE);
	n += put_frame(self->buf + n, PVQ_KIND_PAGE, PV_EV_DONE, PV_ENTRY_REPORT, pg, PV_PAGE_SIZE);
	EXPECT_EQ(-1, decode(self, self->buf, n));
	EXPECT_NE(NULL, strstr(self->err, "unexpected or repeated")) TH_LOG("%s", self->err);
	EXPECT_TRUE(self->st.have_report);	/* the first one is kept */
	n = put_frame(self->buf, PVQ_KIND_PAGE, 0x77, PV_ENTRY_REPORT, pg, PV_PAGE_SIZE);
	EXPECT_EQ(-1, decode(self, self->buf, n));
	EXPECT_NE(NULL, strstr(self->err, "event 119")) TH_LOG("%s", self->err);
}

/*
 * Hypercall lane pages: accepted after the MSR page, in the order they
 * came; one before it, or more than there are lanes, is refused.
 */
TEST(lane_pages)
{
	static uint8_t buf[(PV_NR_LANES + 4) * (sizeof(struct pvq_frame) + PV_PAGE_SIZE)];
	static struct qemu_stream st;
	uint8_t pg[PV_PAGE_SIZE];
	char err[256];
	size_t n = 0, msr_end;
	int i;

	page(pg, PV_ENTRY_REPORT);
	n += put_frame(buf + n, PVQ_KIND_PAGE, PV_EV_DONE, PV_ENTRY_REPORT, pg, PV_PAGE_SIZE);
	page(pg, PV_ENTRY_HYPERCALL_LANE);
	ASSERT_EQ(-1, qemu_stream_decode(buf, n + put_frame(buf + n, PVQ_KIND_PAGE, PV_EV_DONE,
							     PV_ENTRY_HYPERCALL_LANE, pg, PV_PAGE_SIZE),
					 &st, err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "unexpected or repeated")) TH_LOG("before the MSR page: %s", err);
	page(pg, PV_ENTRY_MSR_PROBES);
	n += put_frame(buf + n, PVQ_KIND_PAGE, PV_EV_DONE, PV_ENTRY_MSR_PROBES, pg, PV_PAGE_SIZE);
	msr_end = n;
	for (i = 0; i < 2; i++) {
		page(pg, PV_ENTRY_HYPERCALL_LANE);
		((struct pv_results *)pg)->hc_ret = 100 + i;
		n += put_frame(buf + n, PVQ_KIND_PAGE, i ? PV_EV_EXCEPTION : PV_EV_DONE,
			       PV_ENTRY_HYPERCALL_LANE, pg, PV_PAGE_SIZE);
	}
	n += put_frame(buf + n, PVQ_KIND_END, 0, 0, NULL, 0);
	ASSERT_EQ(0, qemu_stream_decode(buf, n, &st, err, sizeof(err))) TH_LOG("%s", err);
	ASSERT_EQ(2, st.nr_lanes);
	EXPECT_EQ(100, st.lanes[0].results.hc_ret);
	EXPECT_EQ(RUN_DONE, st.lanes[0].status);
	EXPECT_EQ(101, st.lanes[1].results.hc_ret);
	EXPECT_EQ(RUN_EXCEPTION, st.lanes[1].status);
	/* One page more than there are lanes. */
	n = msr_end;
	for (i = 0; i <= PV_NR_LANES; i++)
		n += put_frame(buf + n, PVQ_KIND_PAGE, PV_EV_DONE, PV_ENTRY_HYPERCALL_LANE, pg, PV_PAGE_SIZE);
	ASSERT_EQ(-1, qemu_stream_decode(buf, n, &st, err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "unexpected or repeated")) TH_LOG("%s", err);
	EXPECT_EQ(PV_NR_LANES, st.nr_lanes);
}

static size_t put_vframe(uint8_t *out, uint32_t kind, uint32_t event, uint32_t vcpu, uint32_t entry,
			 const void *payload, uint32_t len)
{
	size_t n = put_frame(out, kind, event, entry, payload, len);

	((struct pvq_frame *)out)->vcpu = vcpu;
	return n;
}

/* The AP's page after a wait, as the guest sends it. */
static void ap_page(uint8_t *p, uint32_t entry, uint32_t ready, uint32_t woken, uint32_t ipis)
{
	struct pv_results *r = (struct pv_results *)p;

	page(p, entry);
	r->vcpu = 1;
	r->ready = ready;
	r->woken = woken;
	r->ipi_count = ipis;
}

/* The SMP record and the AP's waiter pages: checked, then by lane; a wait still on is a timeout. */
TEST(smp_and_waiter_frames)
{
	static uint8_t buf[8 * (sizeof(struct pvq_frame) + PV_PAGE_SIZE)];
	static struct qemu_stream st;
	struct pvq_smp smp = { .nr_cpus = 2, .source = PVQ_SMP_SRC_MADT, .apic_ids = { 0, 1 },
			       .ap_apic_id = 1, .status = PVQ_AP_STARTED, .lapic = PVQ_LAPIC_XAPIC,
			       .ap_cpuid_apic_id = 1, .tsc_per_ms = 1000000, .start_tsc = 11000000 };
	uint8_t pg[PV_PAGE_SIZE];
	char err[256];
	size_t n = 0, base, k;

	page(pg, PV_ENTRY_REPORT);
	n += put_frame(buf + n, PVQ_KIND_PAGE, PV_EV_DONE, PV_ENTRY_REPORT, pg, PV_PAGE_SIZE);
	/* Before the MSR page: refused. */
	k = put_frame(buf + n, PVQ_KIND_SMP, PV_EV_DONE, 0, (const uint8_t *)&smp, sizeof(smp));
	ASSERT_EQ(-1, qemu_stream_decode(buf, n + k, &st, err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "before the MSR page")) TH_LOG("%s", err);
	page(pg, PV_ENTRY_MSR_PROBES);
	n += put_frame(buf + n, PVQ_KIND_PAGE, PV_EV_DONE, PV_ENTRY_MSR_PROBES, pg, PV_PAGE_SIZE);
	base = n;
	n += put_frame(buf + n, PVQ_KIND_SMP, PV_EV_DONE, 0, (const uint8_t *)&smp, sizeof(smp));
	ap_page(pg, PV_ENTRY_HALT_WAIT, 1, 1, 0);
	n += put_vframe(buf + n, PVQ_KIND_WAITER, PV_EV_DONE, 1, PV_ENTRY_HALT_WAIT, pg, PV_PAGE_SIZE);
	ap_page(pg, PV_ENTRY_IPI_WAIT, 1, 0, 0);
	n += put_vframe(buf + n, PVQ_KIND_WAITER, PVQ_WAITER_STILL, 1, PV_ENTRY_IPI_WAIT, pg, PV_PAGE_SIZE);
	n += put_frame(buf + n, PVQ_KIND_END, 0, 0, NULL, 0);
	ASSERT_EQ(0, qemu_stream_decode(buf, n, &st, err, sizeof(err))) TH_LOG("%s", err);
	ASSERT_TRUE(st.have_smp);
	EXPECT_EQ(PVQ_AP_STARTED, st.smp.status);
	EXPECT_EQ(1, st.smp.ap_apic_id);
	ASSERT_TRUE(st.have_waiter[PV_LANE_KICK] && st.have_waiter[PV_LANE_IPI]);
	EXPECT_EQ(RUN_DONE, st.waiters[PV_LANE_KICK].status);
	EXPECT_EQ(1, st.waiters[PV_LANE_KICK].results.woken);
	EXPECT_EQ(RUN_TIMEOUT, st.waiters[PV_LANE_IPI].status);

	/* Still waiting but never ready: a failure, not a wake that did not come. */
	n = base + put_frame(buf + base, PVQ_KIND_SMP, PV_EV_DONE, 0, (const uint8_t *)&smp, sizeof(smp));
	ap_page(pg, PV_ENTRY_IPI_WAIT, 0, 0, 0);
	n += put_vframe(buf + n, PVQ_KIND_WAITER, PVQ_WAITER_STILL, 1, PV_ENTRY_IPI_WAIT, pg, PV_PAGE_SIZE);
	n += put_frame(buf + n, PVQ_KIND_END, 0, 0, NULL, 0);
	ASSERT_EQ(0, qemu_stream_decode(buf, n, &st, err, sizeof(err))) TH_LOG("%s", err);
	EXPECT_EQ(RUN_GUEST_FAIL, st.waiters[PV_LANE_IPI].status);
	EXPECT_NE(NULL, strstr(st.waiters[PV_LANE_IPI].detail, "never became ready"));

	/* A waiter page of another vCPU than the AP, or one with the AP not started: refused. */
	n = base + put_frame(buf + base, PVQ_KIND_SMP, PV_EV_DONE, 0, (const uint8_t *)&smp, sizeof(smp));
	ap_page(pg, PV_ENTRY_HALT_WAIT, 1, 1, 0);
	n += put_vframe(buf + n, PVQ_KIND_WAITER, PV_EV_DONE, 2, PV_ENTRY_HALT_WAIT, pg, PV_PAGE_SIZE);
	ASSERT_EQ(-1, qemu_stream_decode(buf, n, &st, err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "waiter page")) TH_LOG("%s", err);
	smp.status = PVQ_AP_NOT_STARTED;
	n = base + put_frame(buf + base, PVQ_KIND_SMP, PV_EV_DONE, 0, (const uint8_t *)&smp, sizeof(smp));
	n += put_vframe(buf + n, PVQ_KIND_WAITER, PV_EV_DONE, 1, PV_ENTRY_HALT_WAIT, pg, PV_PAGE_SIZE);
	ASSERT_EQ(-1, qemu_stream_decode(buf, n, &st, err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "waiter page")) TH_LOG("%s", err);

	/* An SMP record out of range (an AP at the BSP's APIC ID), or of the wrong size. */
	smp.status = PVQ_AP_STARTED;
	smp.ap_apic_id = 0;
	n = base + put_frame(buf + base, PVQ_KIND_SMP, PV_EV_DONE, 0, (const uint8_t *)&smp, sizeof(smp));
	ASSERT_EQ(-1, qemu_stream_decode(buf, n, &st, err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "out of range")) TH_LOG("%s", err);
	n = base + put_frame(buf + base, PVQ_KIND_SMP, PV_EV_DONE, 0, (const uint8_t *)&smp, sizeof(smp) - 8);
	ASSERT_EQ(-1, qemu_stream_decode(buf, n, &st, err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "length")) TH_LOG("%s", err);
}

/* A well-framed page that guest_results_check() refuses. */
TEST_F(qs, bad_page)
{
	uint8_t pg[PV_PAGE_SIZE];
	size_t n;

	page(pg, PV_ENTRY_REPORT);
	((struct pv_results *)pg)->magic ^= 1;
	n = put_frame(self->buf, PVQ_KIND_PAGE, PV_EV_DONE, PV_ENTRY_REPORT, pg, PV_PAGE_SIZE);
	EXPECT_EQ(-1, decode(self, self->buf, n));
	EXPECT_NE(NULL, strstr(self->err, "results page")) TH_LOG("%s", self->err);
	EXPECT_EQ(RUN_PROTOCOL, self->st.report.status);
}

TEST_F(qs, bytes_after_the_end)
{
	self->buf[self->n] = 0;
	EXPECT_EQ(-1, decode(self, self->buf, self->n + 1));
	EXPECT_NE(NULL, strstr(self->err, "1 bytes after the end")) TH_LOG("%s", self->err);
	EXPECT_TRUE(self->st.ended);
}

TEST(random_garbage)
{
	static uint8_t buf[STREAM_MAX];
	static struct qemu_stream st;
	unsigned int seed = 7;
	char err[256];
	size_t k, n;
	int i;

	for (i = 0; i < 500; i++) {
		n = rand_r(&seed) % sizeof(buf);
		for (k = 0; k < n; k++)
			buf[k] = rand_r(&seed);
		if (i & 1 && n >= sizeof(struct pvq_frame)) {
			struct pvq_frame f = { .magic = PVQ_MAGIC, .version = PVQ_VERSION,
					       .kind = PVQ_KIND_PAGE, .len = PV_PAGE_SIZE };

			memcpy(buf, &f, sizeof(f));
		}
		ASSERT_EQ(-1, qemu_stream_decode(buf, n, &st, err, sizeof(err)));
		ASSERT_LT(strlen(err), sizeof(err));
	}
}

TEST_HARNESS_MAIN
