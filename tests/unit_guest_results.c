// SPDX-License-Identifier: GPL-2.0-only
/*
 * guest_results_check() (vmm/kvm/guest_results.c): the host's only way in to
 * what a guest wrote.  The guest is untrusted, so every field of the
 * results page (include/pvprobe_abi.h) that is out of its documented range
 * must be refused, a good page accepted, the message always terminated, and
 * random garbage must never crash the host or read past the structure.
 */
#include "kselftest_harness.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <asm/kvm_para.h>

#include "guest_results.h"
#include "pvprobe_abi.h"

#define VCPU		3u
#define ENTRY		PV_ENTRY_RDMSR
#define PAGE		4096ul

/*
 * The page under test ends exactly where a PROT_NONE guard page begins, so
 * a read past struct pv_results is a SIGSEGV, not a silent pass.
 */
static struct pv_results *page_alloc(void)
{
	char *base = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (base == MAP_FAILED)
		return NULL;
	if (mprotect(base + PAGE, PAGE, PROT_NONE)) {
		munmap(base, 2 * PAGE);
		return NULL;
	}
	return (struct pv_results *)(base + PAGE - sizeof(struct pv_results));
}

static void page_free(struct pv_results *r)
{
	munmap((char *)r + sizeof(*r) - PAGE, 2 * PAGE);
}

/* What a well-behaved guest writes for PV_ENTRY_RDMSR on vCPU 3. */
static void page_good(struct pv_results *r)
{
	memset(r, 0, sizeof(*r));
	r->magic = PV_RESULTS_MAGIC;
	r->abi_version = PV_ABI_VERSION;
	r->vcpu = VCPU;
	r->entry = ENTRY;
	r->sig_base[PV_SIG_KVM] = KVM_CPUID_SIGNATURE;
	r->kvm_leaf1.eax = 0x01007efb;
	r->msr = MSR_KVM_STEAL_TIME;
	r->msr_fault = PV_FAULTED | 13;	/* #GP */
	r->msr_value = 0x1234;
	memcpy(r->msg, "hello", 5);
	r->msg_len = 5;
}

static int terminated(const struct pv_results *o)
{
	return strnlen(o->msg, PV_MSG_MAX) < PV_MSG_MAX;
}

FIXTURE(page) {
	struct pv_results *r;
	struct pv_results out;
	char err[256];
};

FIXTURE_SETUP(page)
{
	self->r = page_alloc();
	ASSERT_NE(NULL, self->r);
	page_good(self->r);
	memset(&self->out, 0xa5, sizeof(self->out));
	memset(self->err, 0, sizeof(self->err));
}

FIXTURE_TEARDOWN(page)
{
	if (self->r)
		page_free(self->r);
}

TEST_F(page, good_page_accepted)
{
	ASSERT_EQ(0, guest_results_check(self->r, VCPU, ENTRY, &self->out, self->err,
					 sizeof(self->err)))
		TH_LOG("%s", self->err);
	EXPECT_EQ(0, memcmp(self->r, &self->out, offsetof(struct pv_results, msg)));
	EXPECT_STREQ("hello", self->out.msg);
	EXPECT_EQ((uint32_t)PV_FAULTED | 13, self->out.msr_fault);
}

TEST_F(page, boundaries_accepted)
{
	struct pv_results *r = self->r;

	r->sig_base[PV_SIG_KVM] = 0x40000000;
	r->sig_base[PV_SIG_XEN] = 0x4000ff00;
	r->sig_base[PV_SIG_ACRN] = 0x40000100;
	r->msr_fault = 0;
	r->msg_len = 0;
	r->vcpu = PV_MAX_VCPUS - 1;
	r->entry = PV_NR_ENTRIES - 1;
	ASSERT_EQ(0, guest_results_check(r, PV_MAX_VCPUS - 1, PV_NR_ENTRIES - 1, &self->out,
					 self->err, sizeof(self->err)))
		TH_LOG("%s", self->err);
	EXPECT_STREQ("", self->out.msg);
	/* Every vector a fixup can report. */
	r->msr_fault = PV_FAULTED | 0;
	EXPECT_EQ(0, guest_results_check(r, PV_MAX_VCPUS - 1, PV_NR_ENTRIES - 1, &self->out,
					 self->err, sizeof(self->err)));
	r->msr_fault = PV_FAULTED | 31;
	EXPECT_EQ(0, guest_results_check(r, PV_MAX_VCPUS - 1, PV_NR_ENTRIES - 1, &self->out,
					 self->err, sizeof(self->err)));
}

/* A guest that filled the whole buffer: msg is cut at msg_len, never unterminated. */
TEST_F(page, full_message_terminated)
{
	struct pv_results *r = self->r;

	memset(r->msg, 'A', PV_MSG_MAX);
	r->msg_len = PV_MSG_MAX - 1;
	ASSERT_EQ(0, guest_results_check(r, VCPU, ENTRY, &self->out, self->err,
					 sizeof(self->err)))
		TH_LOG("%s", self->err);
	EXPECT_EQ((size_t)PV_MSG_MAX - 1, strnlen(self->out.msg, PV_MSG_MAX));

	r->msg_len = 10;
	ASSERT_EQ(0, guest_results_check(r, VCPU, ENTRY, &self->out, self->err,
					 sizeof(self->err)));
	EXPECT_EQ(10u, strnlen(self->out.msg, PV_MSG_MAX));

	/* Refused pages are terminated too. */
	r->msg_len = PV_MSG_MAX;
	EXPECT_EQ(-1, guest_results_check(r, VCPU, ENTRY, &self->out, self->err,
					  sizeof(self->err)));
	EXPECT_TRUE(terminated(&self->out));
	r->magic = 0;
	EXPECT_EQ(-1, guest_results_check(r, VCPU, ENTRY, &self->out, self->err,
					  sizeof(self->err)));
	EXPECT_TRUE(terminated(&self->out));
}

/* The check works on its copy: the page itself is left as the guest wrote it. */
TEST_F(page, page_not_modified)
{
	struct pv_results before;

	memset(self->r->msg, 'A', PV_MSG_MAX);
	self->r->msg_len = 3;
	memcpy(&before, self->r, sizeof(before));
	ASSERT_EQ(0, guest_results_check(self->r, VCPU, ENTRY, &self->out, self->err,
					 sizeof(self->err)));
	EXPECT_EQ(0, memcmp(&before, self->r, sizeof(before)));
}

TEST_F(page, small_error_buffer)
{
	char err[16];

	memset(err, 'X', sizeof(err));
	self->r->magic = 0;
	ASSERT_EQ(-1, guest_results_check(self->r, VCPU, ENTRY, &self->out, err, 8));
	EXPECT_EQ('\0', err[7]);
	EXPECT_EQ('X', err[8]);
}

/* ---- one bad field at a time ------------------------------------------ */

FIXTURE(bad) {
	struct pv_results *r;
};

FIXTURE_VARIANT(bad) {
	size_t offset;		/* field to overwrite */
	size_t size;		/* 4 bytes: every field here is a uint32_t */
	uint32_t value;
	const char *needle;	/* in the error message */
};

FIXTURE_SETUP(bad)
{
	self->r = page_alloc();
	ASSERT_NE(NULL, self->r);
	page_good(self->r);
}

FIXTURE_TEARDOWN(bad)
{
	if (self->r)
		page_free(self->r);
}

#define BAD(vname, field, v, n)						\
	FIXTURE_VARIANT_ADD(bad, vname) {				\
		.offset = offsetof(struct pv_results, field),		\
		.size = sizeof(((struct pv_results *)0)->field),	\
		.value = v, .needle = n,				\
	}

BAD(magic_zero, magic, 0, "magic");
BAD(magic_byteswapped, magic, __builtin_bswap32(PV_RESULTS_MAGIC), "magic");
BAD(magic_off_by_one, magic, PV_RESULTS_MAGIC + 1, "magic");
BAD(abi_old, abi_version, PV_ABI_VERSION - 1, "ABI");
BAD(abi_new, abi_version, PV_ABI_VERSION + 1, "ABI");
BAD(vcpu_other, vcpu, VCPU + 1, "vCPU");
BAD(vcpu_huge, vcpu, 0xffffffffu, "vCPU");
BAD(entry_other, entry, PV_ENTRY_WRMSR, "entry");
BAD(entry_huge, entry, 0x80000000u, "entry");
BAD(sig_below, sig_base[PV_SIG_KVM], 0x3fffff00u, "0x3fffff00");
BAD(sig_above, sig_base[PV_SIG_KVM], 0x40010000u, "0x40010000");
BAD(sig_past_last, sig_base[PV_SIG_XEN], 0x4000ff00u + 0x100, "0x40010000");
BAD(sig_unaligned, sig_base[PV_SIG_KVM], 0x40000001u, "0x40000001");
BAD(sig_half_aligned, sig_base[PV_SIG_XEN], 0x40000080u, "0x40000080");
BAD(sig_last_unaligned, sig_base[PV_SIG_ACRN], 0x4000ffffu, "0x4000ffff");
BAD(sig_all_ones, sig_base[PV_SIG_ACRN], 0xffffffffu, "0xffffffff");
BAD(sig_low, sig_base[PV_SIG_KVM], 0x100u, "0x00000100");
BAD(msg_len_max, msg_len, PV_MSG_MAX, "length");
BAD(msg_len_huge, msg_len, 0xffffffffu, "length");
BAD(msg_len_page, msg_len, 4096, "length");
BAD(msr_fault_high_bit, msr_fault, 0x200u, "0x200");
BAD(msr_fault_top_bit, msr_fault, 0x80000000u | PV_FAULTED | 13, "fault");
/* "0 or PV_FAULTED | vector": a vector without the flag is neither. */
BAD(msr_fault_no_flag, msr_fault, 13u, "fault");

TEST_F(bad, refused)
{
	struct pv_results out;
	char err[256] = "";

	ASSERT_EQ(sizeof(uint32_t), variant->size);
	memcpy((char *)self->r + variant->offset, &variant->value, sizeof(uint32_t));
	EXPECT_EQ(-1, guest_results_check(self->r, VCPU, ENTRY, &out, err, sizeof(err)))
		TH_LOG("value 0x%x accepted", variant->value);
	EXPECT_NE('\0', err[0]);
	EXPECT_NE(NULL, strstr(err, variant->needle))
		TH_LOG("\"%s\" does not contain \"%s\"", err, variant->needle);
	EXPECT_TRUE(terminated(&out));
}

/* The host asked for something else than the guest answered. */
TEST_F(page, host_side_mismatch)
{
	EXPECT_EQ(-1, guest_results_check(self->r, VCPU + 1, ENTRY, &self->out, self->err,
					  sizeof(self->err)));
	EXPECT_EQ(-1, guest_results_check(self->r, VCPU, PV_ENTRY_REPORT, &self->out,
					  self->err, sizeof(self->err)));
	EXPECT_EQ(0, guest_results_check(self->r, VCPU, ENTRY, &self->out, self->err,
					 sizeof(self->err)));
}

/* ---- random pages ----------------------------------------------------- */

/* xorshift64*: fixed seed, so a failure is reproducible. */
static uint64_t rnd_next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dull;
}

static void rnd_fill(uint64_t *s, void *p, size_t len)
{
	unsigned char *c = p;
	size_t i;

	for (i = 0; i < len; i++)
		c[i] = (unsigned char)rnd_next(s);
}

/* What an accepted page must satisfy, from include/pvprobe_abi.h. */
static int sane(const struct pv_results *o)
{
	int i;

	if (o->magic != PV_RESULTS_MAGIC || o->abi_version != PV_ABI_VERSION ||
	    o->vcpu != VCPU || o->entry != ENTRY)
		return 0;
	for (i = 0; i < PV_NR_SIGS; i++) {
		uint32_t b = o->sig_base[i];

		if (b && (b < 0x40000000u || b > 0x4000ff00u || (b & 0xff)))
			return 0;
	}
	if (o->msr_fault && (o->msr_fault & ~0xffu) != PV_FAULTED)
		return 0;
	return o->msg_len < PV_MSG_MAX && strlen(o->msg) <= o->msg_len;
}

/*
 * A page a correct guest could have written, with random contents wherever
 * the ABI allows any value, and a random choice among the valid ones
 * elsewhere.  Fields this test does not know stay as page_good() left them.
 */
static void page_plausible(uint64_t *s, struct pv_results *r)
{
	static const uint32_t bases[] = { 0, 0x40000000u, 0x40000100u, 0x4000ff00u };
	int i;

	page_good(r);
	for (i = 0; i < PV_NR_SIGS; i++)
		r->sig_base[i] = bases[rnd_next(s) % 4];
	rnd_fill(s, &r->kvm_leaf0, sizeof(r->kvm_leaf0));
	rnd_fill(s, &r->kvm_leaf1, sizeof(r->kvm_leaf1));
	rnd_fill(s, &r->msr, sizeof(r->msr));
	rnd_fill(s, &r->msr_value, sizeof(r->msr_value));
	rnd_fill(s, &r->exc, sizeof(r->exc));
	r->msr_fault = rnd_next(s) & 1 ? PV_FAULTED | (uint32_t)(rnd_next(s) % 32) : 0;
	rnd_fill(s, r->msg, PV_MSG_MAX);
	r->msg_len = (uint32_t)(rnd_next(s) % PV_MSG_MAX);
}

TEST(random_pages)
{
	struct pv_results *r = page_alloc();
	uint64_t seed = 0x5eed0f9e57ull;
	int i, accepted = 0;

	ASSERT_NE(NULL, r);
	for (i = 0; i < 1000; i++) {
		struct pv_results out;
		char err[128] = "";
		int rc;

		if (i % 4 == 1) {
			page_plausible(&seed, r);
		} else {
			rnd_fill(&seed, r, sizeof(*r));
			if (i % 4 == 3) {
				/* Past the header, to reach the later checks with garbage. */
				r->magic = PV_RESULTS_MAGIC;
				r->abi_version = PV_ABI_VERSION;
				r->vcpu = VCPU;
				r->entry = ENTRY;
			} else if (r->magic == PV_RESULTS_MAGIC) {
				r->magic ^= 1;
			}
		}
		rc = guest_results_check(r, VCPU, ENTRY, &out, err, sizeof(err));
		ASSERT_TRUE(terminated(&out)) TH_LOG("iteration %d", i);
		ASSERT_LT(strnlen(err, sizeof(err)), sizeof(err));
		if (i % 2 == 0) {
			ASSERT_EQ(-1, rc) TH_LOG("iteration %d: wrong magic accepted", i);
		} else if (i % 4 == 1) {
			ASSERT_EQ(0, rc) TH_LOG("iteration %d: plausible page refused: %s", i, err);
			EXPECT_EQ(r->msr_value, out.msr_value);
			EXPECT_EQ(0, memcmp(r->sig_base, out.sig_base, sizeof(out.sig_base)));
			EXPECT_EQ(0, strncmp(r->msg, out.msg, out.msg_len));
		}
		if (rc == 0) {
			accepted++;
			ASSERT_TRUE(sane(&out)) TH_LOG("iteration %d: insane page accepted", i);
		}
	}
	EXPECT_GE(accepted, 250);
	page_free(r);
}

TEST_HARNESS_MAIN
