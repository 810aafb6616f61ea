// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>
#include <string.h>

#include "guest_results.h"
#include "pv_qemu_abi.h"
#include "qemu_stream.h"

static void page_status(struct run_result *res, uint32_t event)
{
	const struct pv_exception *e = &res->results.exc;

	switch (event) {
	case PV_EV_DONE:
		res->status = RUN_DONE;
		snprintf(res->detail, sizeof(res->detail), "guest done (under QEMU)");
		break;
	case PV_EV_FAIL:
		res->status = RUN_GUEST_FAIL;
		snprintf(res->detail, sizeof(res->detail), "guest failed: %s", res->results.msg);
		break;
	default:	/* EXCEPTION, NESTED: the frame check allowed no other */
		res->status = RUN_EXCEPTION;
		res->rip = e->rip;
		snprintf(res->detail, sizeof(res->detail),
			 "unexpected guest exception: vector %llu, error code 0x%llx, RIP 0x%llx, CR2 0x%llx",
			 (unsigned long long)e->vector, (unsigned long long)e->error_code,
			 (unsigned long long)e->rip, (unsigned long long)e->cr2);
	}
}

const char *qemu_smp_status(const struct pvq_smp *s)
{
	switch (s->status) {
	case PVQ_AP_NONE:
		return "no AP: the guest found one CPU";
	case PVQ_AP_STARTED:
		return "started";
	case PVQ_AP_NOT_STARTED:
		return "AP did not start: no sign of it " PVQ_AP_START_MS_STR " ms after INIT-SIPI-SIPI";
	case PVQ_AP_BAD_ID:
		return "AP not started: its APIC ID is 0 or above 15, where the guest has no stack or page for it";
	case PVQ_AP_NO_LAPIC:
		return "AP not started: the BSP's LAPIC is disabled or its xAPIC page cannot be mapped";
	default:
		return "?";
	}
}

const char *qemu_smp_source(const struct pvq_smp *s)
{
	return s->source == PVQ_SMP_SRC_MADT ? "the ACPI MADT" :
	       s->source == PVQ_SMP_SRC_FW_CFG ? "fw_cfg FW_CFG_NB_CPUS, APIC IDs 0..n-1 assumed" :
	       "neither MADT nor fw_cfg: one CPU assumed";
}

/* The guest's SMP record: untrusted, so every field is checked before it is used. */
static int smp_frame(const struct pvq_frame *f, const uint8_t *payload, struct qemu_stream *st,
		     size_t off, char *err, size_t errlen)
{
	struct pvq_smp s;

	if (f->len != sizeof(s) || st->have_smp || !st->have_msrs) {
		snprintf(err, errlen, "frame at byte %zu: SMP frame of %u bytes %s", off, f->len,
			 f->len != sizeof(s) ? "(wrong size)" : st->have_smp ? "repeated" : "before the MSR page");
		return -1;
	}
	memcpy(&s, payload, sizeof(s));
	if (s.nr_cpus < 1 || s.nr_cpus > 8192 || s.source > PVQ_SMP_SRC_FW_CFG ||
	    s.status > PVQ_AP_NO_LAPIC || s.lapic > PVQ_LAPIC_X2APIC ||
	    (s.status == PVQ_AP_STARTED && (s.ap_apic_id == 0 || s.ap_apic_id >= PVQ_SMP_MAX_CPUS ||
					    s.ap_apic_id == s.bsp_apic_id || !s.lapic))) {
		snprintf(err, errlen, "frame at byte %zu: SMP record out of range (cpus %u, source %u, status %u, "
			 "lapic %u, AP %u)", off, s.nr_cpus, s.source, s.status, s.lapic, s.ap_apic_id);
		return -1;
	}
	st->smp = s;
	st->have_smp = 1;
	return 0;
}

static int waiter_frame(const struct pvq_frame *f, const uint8_t *payload, struct qemu_stream *st,
			size_t off, char *err, size_t errlen)
{
	int lane = f->entry == PV_ENTRY_HALT_WAIT ? PV_LANE_KICK : f->entry == PV_ENTRY_IPI_WAIT ? PV_LANE_IPI : -1;
	struct run_result *res;
	char why[200];

	if (lane < 0 || !st->have_smp || st->smp.status != PVQ_AP_STARTED || f->vcpu != st->smp.ap_apic_id ||
	    st->have_waiter[lane] || f->len != PV_PAGE_SIZE) {
		snprintf(err, errlen, "frame at byte %zu: waiter page of vCPU %u, entry %u unexpected or repeated",
			 off, f->vcpu, f->entry);
		return -1;
	}
	if (f->event != PVQ_WAITER_STILL && f->event != PV_EV_DONE && f->event != PV_EV_FAIL &&
	    f->event != PV_EV_EXCEPTION && f->event != PV_EV_NESTED) {
		snprintf(err, errlen, "frame at byte %zu: event %u is none the guest sends", off, f->event);
		return -1;
	}
	res = &st->waiters[lane];
	memset(res, 0, sizeof(*res));
	if (guest_results_check(payload, f->vcpu, f->entry, &res->results, why, sizeof(why))) {
		snprintf(err, errlen, "frame at byte %zu: the AP's page: %s", off, why);
		return -1;
	}
	st->have_waiter[lane] = 1;
	if (f->event == PVQ_WAITER_STILL && !res->results.ready) {
		/* Not a wake that did not come: the AP never got as far as waiting. */
		res->status = RUN_GUEST_FAIL;
		snprintf(res->detail, sizeof(res->detail), "the AP (APIC ID %u) never became ready for its wait",
			 f->vcpu);
		return 0;
	}
	if (f->event == PVQ_WAITER_STILL) {
		res->status = RUN_TIMEOUT;
		snprintf(res->detail, sizeof(res->detail), "the AP (APIC ID %u) was still waiting at the guest's bound",
			 f->vcpu);
		return 0;
	}
	page_status(res, f->event);
	return 0;
}

static int page_frame(const struct pvq_frame *f, const uint8_t *payload, struct qemu_stream *st,
		      size_t off, char *err, size_t errlen)
{
	struct run_result *res;
	char why[200];

	if (f->event != PV_EV_DONE && f->event != PV_EV_FAIL && f->event != PV_EV_EXCEPTION &&
	    f->event != PV_EV_NESTED) {
		snprintf(err, errlen, "frame at byte %zu: event %u is none the guest sends", off, f->event);
		return -1;
	}
	if (f->entry == PV_ENTRY_REPORT && !st->have_report) {
		res = &st->report;
		st->have_report = 1;
	} else if (f->entry == PV_ENTRY_MSR_PROBES && !st->have_msrs) {
		res = &st->msrs;
		st->have_msrs = 1;
	} else if (f->entry == PV_ENTRY_HYPERCALL_LANE && st->have_msrs && st->nr_lanes < PV_NR_LANES) {
		/* After the MSR page, at most one page per lane. */
		res = &st->lanes[st->nr_lanes++];
	} else {
		snprintf(err, errlen, "frame at byte %zu: entry %u unexpected or repeated", off, f->entry);
		return -1;
	}
	memset(res, 0, sizeof(*res));
	if (guest_results_check(payload, 0, f->entry, &res->results, why, sizeof(why))) {
		res->status = RUN_PROTOCOL;
		snprintf(res->detail, sizeof(res->detail), "results page: %s", why);
		snprintf(err, errlen, "frame at byte %zu: results page: %s", off, why);
		return -1;
	}
	page_status(res, f->event);
	return 0;
}

int qemu_stream_decode(const uint8_t *buf, size_t n, struct qemu_stream *st,
		       char *err, size_t errlen)
{
	size_t off = 0;

	memset(st, 0, sizeof(*st));
	while (off < n) {
		struct pvq_frame f;
		const uint8_t *payload;

		if (st->ended) {
			snprintf(err, errlen, "%zu bytes after the end frame", n - off);
			return -1;
		}
		if (n - off < sizeof(f)) {
			snprintf(err, errlen, "stream cut short at byte %zu: a frame header needs %zu bytes, %zu left",
				 off, sizeof(f), n - off);
			return -1;
		}
		memcpy(&f, buf + off, sizeof(f));
		if (f.magic != PVQ_MAGIC || f.version != PVQ_VERSION) {
			snprintf(err, errlen, "garbage at byte %zu: magic 0x%08x version %u, not a PVQ%u frame",
				 off, f.magic, f.version, PVQ_VERSION);
			return -1;
		}
		if (f.kind == PVQ_KIND_END ? f.len != 0 :
		    f.kind == PVQ_KIND_SMP ? f.len != sizeof(struct pvq_smp) :
		    (f.kind != PVQ_KIND_PAGE && f.kind != PVQ_KIND_WAITER) || f.len != PV_PAGE_SIZE) {
			snprintf(err, errlen, "frame at byte %zu: kind %u with length %u", off, f.kind, f.len);
			return -1;
		}
		if (n - off - sizeof(f) < f.len) {
			snprintf(err, errlen, "stream cut short at byte %zu: the page needs %u bytes, %zu left",
				 off, f.len, n - off - sizeof(f));
			return -1;
		}
		payload = buf + off + sizeof(f);
		if (pvq_sum(payload, f.len) != f.sum) {
			snprintf(err, errlen, "frame at byte %zu: checksum 0x%08x, the payload sums to 0x%08x",
				 off, f.sum, pvq_sum(payload, f.len));
			return -1;
		}
		if (f.kind == PVQ_KIND_END)
			st->ended = 1;
		else if (f.kind == PVQ_KIND_SMP ? smp_frame(&f, payload, st, off, err, errlen) :
			 f.kind == PVQ_KIND_WAITER ? waiter_frame(&f, payload, st, off, err, errlen) :
			 page_frame(&f, payload, st, off, err, errlen))
			return -1;
		off += sizeof(f) + f.len;
	}
	if (!st->ended) {
		snprintf(err, errlen, n ? "stream cut short after %zu bytes: no end frame" :
			 "the guest sent nothing%.0zu", n);
		return -1;
	}
	return 0;
}
