// SPDX-License-Identifier: GPL-2.0-only
/*
 * guest_results_check() (vmm/kvm/guest_results.c) is the host's only way in to
 * what a guest wrote: the results page is untrusted input.
 *
 * Input: u32 vcpu, u32 entry (what the host started), then the page,
 * zero-padded or truncated to one page.  The page is a heap buffer of
 * exactly one page, so ASan reports any read past it.  On success the
 * checked copy must be within every documented range; either way its
 * message must be terminated inside msg[].
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "guest_results.h"
#include "pvprobe_abi.h"

#define ERR_LEN		256

#define CHECK(cond)	do { if (!(cond)) __builtin_trap(); } while (0)

static int fault_ok(uint32_t fault)
{
	return !fault || (fault & ~0xffu) == PV_FAULTED;
}

static void check_accepted(const struct pv_results *r, uint32_t vcpu, uint32_t entry)
{
	uint32_t i;

	CHECK(r->magic == PV_RESULTS_MAGIC && r->abi_version == PV_ABI_VERSION);
	CHECK(r->vcpu == vcpu && r->entry == entry);
	for (i = 0; i < PV_NR_SIGS; i++)
		CHECK(!r->sig_base[i] ||
		      (r->sig_base[i] >= 0x40000000u && r->sig_base[i] <= 0x4000ff00u &&
		       !(r->sig_base[i] & 0xff)));
	CHECK(fault_ok(r->msr_fault));
	CHECK(r->hc_done <= 1 && fault_ok(r->hc_fault));
	CHECK(r->msg_len < PV_MSG_MAX);
	CHECK(r->msg[r->msg_len] == '\0');	/* an earlier NUL is the guest's business */
	CHECK(r->nr_probes <= PV_MAX_PROBES);
	for (i = 0; i < r->nr_probes; i++)
		CHECK(r->probes[i].done <= 1 && fault_ok(r->probes[i].fault));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t ids[2] = { 0, 0 };
	struct pv_results *out;
	uint8_t *page;
	char err[ERR_LEN];
	size_t n;

	n = size < sizeof(ids) ? size : sizeof(ids);
	memcpy(ids, data, n);
	data += n;
	size -= n;

	page = calloc(1, PV_PAGE_SIZE);
	out = malloc(sizeof(*out));
	if (!page || !out)
		goto out;
	memcpy(page, data, size < PV_PAGE_SIZE ? size : PV_PAGE_SIZE);
	/* Poison what the checker must overwrite. */
	memset(out, 0xa5, sizeof(*out));
	memset(err, 0, sizeof(err));

	if (!guest_results_check(page, ids[0], ids[1], out, err, sizeof(err))) {
		check_accepted(out, ids[0], ids[1]);
	} else {
		CHECK(err[0] && memchr(err, '\0', sizeof(err)));
		CHECK(memchr(out->msg, '\0', PV_MSG_MAX));
	}
	/* The checked copy is a copy: the page is left as the guest wrote it. */
	CHECK(!memcmp(page, data, size < PV_PAGE_SIZE ? size : PV_PAGE_SIZE));
out:
	free(out);
	free(page);
	return 0;
}
