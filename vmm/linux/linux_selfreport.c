// SPDX-License-Identifier: GPL-2.0-only
/*
 * The self-report frames (linux_selfreport.h).  The frame is the one the
 * PVH image uses under QEMU (include/pv_qemu_abi.h: magic, version, kind,
 * length, FNV-1a sum), so one format and one set of checks serve both
 * channels; the payload is the JSON report/self_report.c writes for
 * `pvprobe self --json`.  jansson parses it with duplicate keys refused
 * (which of two values would count is a guess) and nesting bounded
 * (JSON_PARSER_MAX_DEPTH); what is read from the tree is checked here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "linux_selfreport.h"

void linux_selfreport_header(struct pvq_frame *h, uint32_t kind, const void *payload,
			     uint32_t len)
{
	memset(h, 0, sizeof(*h));
	h->magic = PVQ_MAGIC;
	h->version = PVQ_VERSION;
	h->kind = kind;
	h->len = len;
	h->sum = pvq_sum(payload, len);
}

/* A frame header at @off of @n: 0, or -1 with @err. */
static int header_at(const uint8_t *buf, size_t n, size_t off, uint32_t kind,
		     struct pvq_frame *f, char *err, size_t errlen)
{
	if (n - off < sizeof(*f)) {
		snprintf(err, errlen, "stream cut short at byte %zu: a frame header needs %zu bytes, %zu left",
			 off, sizeof(*f), n - off);
		return -1;
	}
	memcpy(f, buf + off, sizeof(*f));
	if (f->magic != PVQ_MAGIC || f->version != PVQ_VERSION) {
		snprintf(err, errlen, "garbage at byte %zu: magic 0x%08x version %u, not a PVQ%u frame",
			 off, f->magic, f->version, PVQ_VERSION);
		return -1;
	}
	if (f->kind != kind) {
		snprintf(err, errlen, "frame at byte %zu: kind %u, expected %s", off, f->kind,
			 kind == PVQ_KIND_SELF ? "the self-report" : "the end frame");
		return -1;
	}
	if (kind == PVQ_KIND_END ? f->len != 0 : f->len == 0 || f->len > PVQ_SELF_MAX) {
		snprintf(err, errlen, "frame at byte %zu: length %u out of bounds (1-%u)", off, f->len,
			 kind == PVQ_KIND_END ? 0 : PVQ_SELF_MAX);
		return -1;
	}
	if (n - off - sizeof(*f) < f->len) {
		snprintf(err, errlen, "stream cut short at byte %zu: the payload needs %u bytes, %zu left",
			 off, f->len, n - off - sizeof(*f));
		return -1;
	}
	if (pvq_sum(buf + off + sizeof(*f), f->len) != f->sum) {
		snprintf(err, errlen, "frame checksum mismatch at byte %zu: header 0x%08x, the payload sums to 0x%08x",
			 off, f->sum, pvq_sum(buf + off + sizeof(*f), f->len));
		return -1;
	}
	return 0;
}

/* Printable ASCII only: a guest's string goes into pvprobe's report. */
static int printable(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return 0;
	return 1;
}

/*
 * The string at @key of @o into @dst (@max bytes with the NUL).  @opt: a
 * missing key or null is "".  @trunc: a longer string is cut (evidence);
 * else it is refused (a value is compared, so it must be whole).
 */
static int get_str(json_t *o, const char *key, char *dst, size_t max, int opt, int trunc,
		   const char *where, char *err, size_t errlen)
{
	json_t *v = json_object_get(o, key);
	const char *s;

	dst[0] = 0;
	if (!v || json_is_null(v)) {
		if (opt)
			return 0;
		snprintf(err, errlen, "self-report: %s: \"%s\" missing", where, key);
		return -1;
	}
	if (!json_is_string(v) || strlen(json_string_value(v)) != json_string_length(v)) {
		snprintf(err, errlen, "self-report: %s: \"%s\" is not a string", where, key);
		return -1;
	}
	s = json_string_value(v);
	if (!printable(s)) {
		snprintf(err, errlen, "self-report: %s: \"%s\" has a byte that is not printable ASCII",
			 where, key);
		return -1;
	}
	if (strlen(s) >= max && !trunc) {
		snprintf(err, errlen, "self-report: %s: \"%s\" is %zu bytes, at most %zu", where, key,
			 strlen(s), max - 1);
		return -1;
	}
	snprintf(dst, max, "%s", s);
	return 0;
}

static int get_hex32(json_t *o, const char *key, uint32_t *out, const char *where, char *err,
		     size_t errlen)
{
	char s[16], *end;
	unsigned long v;

	if (get_str(o, key, s, sizeof(s), 0, 0, where, err, errlen))
		return -1;
	v = strtoul(s, &end, 16);
	if (strncmp(s, "0x", 2) || strlen(s) != 10 || *end) {
		snprintf(err, errlen, "self-report: %s: \"%s\" is \"%s\", not 0x and 8 hex digits",
			 where, key, s);
		return -1;
	}
	*out = v;
	return 0;
}

static int get_int(json_t *o, const char *key, int lo, int hi, int *out, const char *where,
		   char *err, size_t errlen)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi) {
		snprintf(err, errlen, "self-report: %s: \"%s\" is not an integer in %d-%d", where,
			 key, lo, hi);
		return -1;
	}
	*out = json_integer_value(v);
	return 0;
}

static json_t *get_obj(json_t *o, const char *key, char *err, size_t errlen)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_object(v))
		snprintf(err, errlen, "self-report: \"%s\" is not an object", key);
	return json_is_object(v) ? v : NULL;
}

/* One element of "decisions". */
static int decision(json_t *o, struct linux_selfreport *r, unsigned int *seen_mask, size_t idx,
		    char *err, size_t errlen)
{
	/* What the guest saw itself, most direct first: sysfs, its MSRs, its log. */
	static const char *const src[][2] = {
		{ "sysfs", "sysfs_why" }, { "msr", "msr_why" }, { "log", "log_line" },
	};
	char where[48], name[LD_VALUE_MAX], value[LD_VALUE_MAX], why[LD_EVIDENCE_MAX];
	char ev[LD_EVIDENCE_MAX + 16];
	int d;
	size_t i;

	snprintf(where, sizeof(where), "decisions[%zu]", idx);
	if (!json_is_object(o)) {
		snprintf(err, errlen, "self-report: %s is not an object", where);
		return -1;
	}
	if (get_str(o, "name", name, sizeof(name), 0, 0, where, err, errlen))
		return -1;
	d = linux_decision_find(name, strlen(name));
	if (d < 0 || (*seen_mask & (1u << d))) {
		snprintf(err, errlen, "self-report: %s: decision \"%s\" %s", where, name,
			 d < 0 ? "is none pvprobe knows" : "is there twice");
		return -1;
	}
	*seen_mask |= 1u << d;
	if (get_str(o, "model", value, sizeof(value), 0, 0, where, err, errlen) ||
	    get_str(o, "model_why", why, sizeof(why), 1, 1, where, err, errlen))
		return -1;
	linux_view_set(&r->model, d, value, why);
	if (get_str(o, "verdict", r->verdict[d], sizeof(r->verdict[d]), 0, 0, where, err, errlen))
		return -1;
	if (strcmp(r->verdict[d], "ok") && strcmp(r->verdict[d], "DISAGREES") &&
	    strcmp(r->verdict[d], "unknown")) {
		snprintf(err, errlen, "self-report: %s: verdict \"%s\" is none pvprobe self gives",
			 where, r->verdict[d]);
		return -1;
	}
	r->nr_agree += !strcmp(r->verdict[d], "ok");
	r->nr_differ += !strcmp(r->verdict[d], "DISAGREES");
	r->nr_unknown += !strcmp(r->verdict[d], "unknown");
	for (i = 0; i < sizeof(src) / sizeof(src[0]); i++) {
		if (get_str(o, src[i][0], value, sizeof(value), 1, 0, where, err, errlen) ||
		    get_str(o, src[i][1], why, sizeof(why), 1, 1, where, err, errlen))
			return -1;
		if (value[0] && !r->seen.value[d][0]) {
			snprintf(ev, sizeof(ev), "%s: %s", src[i][0], why);
			linux_view_set(&r->seen, d, value, ev);
		}
	}
	return 0;
}

/* "0x" and 1-16 hex digits (report/json.c json_hex64()). */
static int hex64(const char *s, uint64_t *v)
{
	size_t n = strlen(s), i;

	if (n < 3 || n > 18 || strncmp(s, "0x", 2))
		return -1;
	*v = 0;
	for (i = 2; i < n; i++) {
		int c = s[i], d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;

		if (d < 0)
			return -1;
		*v = *v << 4 | (uint64_t)d;
	}
	return 0;
}

/* One element of kernel.msrs: {"cpu": N, "NAME": "0x...", ..., "unread": {"NAME": "why"}}. */
static int msr_cpu(json_t *o, struct linux_selfreport *r, size_t idx, char *err, size_t errlen)
{
	struct selfrep_cpu c = { .cpu = (int)idx };
	char where[48], val[24];
	const char *key;
	json_t *v, *unread;
	size_t i;

	snprintf(where, sizeof(where), "kernel.msrs[%zu]", idx);
	if (!json_is_object(o)) {
		snprintf(err, errlen, "self-report: %s is not an object", where);
		return -1;
	}
	if (json_object_get(o, "cpu") && get_int(o, "cpu", 0, 8191, &c.cpu, where, err, errlen))
		return -1;
	for (i = 0; i < (size_t)r->nr_msr_cpus; i++)
		if (r->msr_cpu[i].cpu == c.cpu) {
			snprintf(err, errlen, "self-report: %s: CPU %d is there twice", where, c.cpu);
			return -1;
		}
	unread = json_object_get(o, "unread");
	if (unread && !json_is_object(unread)) {
		snprintf(err, errlen, "self-report: %s: \"unread\" is not an object", where);
		return -1;
	}
	for (int pass = 0; pass < 2; pass++) {
		json_t *obj = pass ? unread : o;

		if (!obj)
			continue;
		json_object_foreach(obj, key, v) {
			struct selfrep_msr *m;

			if (!pass && (!strcmp(key, "cpu") || !strcmp(key, "unread")))
				continue;
			if (!printable(key) || strlen(key) >= sizeof(m->name) || !*key) {
				snprintf(err, errlen, "self-report: %s: an MSR name that is empty, over %zu bytes or not printable",
					 where, sizeof(m->name) - 1);
				return -1;
			}
			if (c.nr == SELFREP_MSRS) {
				snprintf(err, errlen, "self-report: %s: more than %d MSRs", where, SELFREP_MSRS);
				return -1;
			}
			m = &c.msr[c.nr];
			memset(m, 0, sizeof(*m));
			snprintf(m->name, sizeof(m->name), "%s", key);
			if (pass) {
				if (get_str(obj, key, m->why, sizeof(m->why), 0, 1, where, err, errlen))
					return -1;
			} else {
				if (get_str(obj, key, val, sizeof(val), 0, 0, where, err, errlen))
					return -1;
				if (hex64(val, &m->value)) {
					snprintf(err, errlen, "self-report: %s: \"%s\" is \"%s\", not 0x and 1-16 hex digits",
						 where, key, val);
					return -1;
				}
				m->read = 1;
			}
			c.nr++;
		}
	}
	r->msr_cpus_total++;
	if (r->nr_msr_cpus < SELFREP_MSR_CPUS)
		r->msr_cpu[r->nr_msr_cpus++] = c;
	return 0;
}

static int modules(json_t *a, struct linux_selfreport *r, char *err, size_t errlen)
{
	json_t *v, *loaded;
	char where[48];
	size_t i;

	if (!json_is_array(a) || json_array_size(a) > SELFREP_MODULES) {
		snprintf(err, errlen, "self-report: kernel.modules is not an array of at most %d",
			 SELFREP_MODULES);
		return -1;
	}
	json_array_foreach(a, i, v) {
		snprintf(where, sizeof(where), "kernel.modules[%zu]", i);
		loaded = json_is_object(v) ? json_object_get(v, "loaded") : NULL;
		if (!json_is_boolean(loaded)) {
			snprintf(err, errlen, "self-report: %s: \"loaded\" is not true or false", where);
			return -1;
		}
		if (get_str(v, "file", r->modules[i].file, sizeof(r->modules[i].file), 0, 1, where, err,
			    errlen) ||
		    get_str(v, "why", r->modules[i].why, sizeof(r->modules[i].why), 1, 1, where, err,
			    errlen))
			return -1;
		r->modules[i].loaded = json_is_true(loaded);
		r->nr_modules++;
	}
	return 0;
}

const struct selfrep_msr *linux_selfreport_msr(const struct linux_selfreport *r, int cpu,
					       const char *name)
{
	int i, k;

	for (i = 0; i < r->nr_msr_cpus; i++) {
		if (r->msr_cpu[i].cpu != cpu)
			continue;
		for (k = 0; k < r->msr_cpu[i].nr; k++)
			if (!strcmp(r->msr_cpu[i].msr[k].name, name))
				return &r->msr_cpu[i].msr[k];
	}
	return NULL;
}

static int payload(const char *text, size_t len, struct linux_selfreport *r, char *err,
		   size_t errlen)
{
	json_error_t jerr;
	json_t *root, *cpuid, *kernel, *decisions, *v;
	unsigned int seen_mask = 0;
	char cmd[16];
	size_t i;
	int rc = -1;

	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		snprintf(err, errlen, "self-report: not JSON: line %d: %s", jerr.line, jerr.text);
		return -1;
	}
	if (!json_is_object(root)) {
		snprintf(err, errlen, "self-report: not a JSON object");
		goto out;
	}
	if (get_str(root, "command", cmd, sizeof(cmd), 0, 0, "top level", err, errlen))
		goto out;
	if (strcmp(cmd, "self")) {
		snprintf(err, errlen, "self-report: command \"%s\", not \"self\"", cmd);
		goto out;
	}
	cpuid = get_obj(root, "cpuid", err, errlen);
	kernel = cpuid ? get_obj(root, "kernel", err, errlen) : NULL;
	if (!kernel)
		goto out;
	if (get_hex32(cpuid, "kvm_base", &r->kvm_base, "cpuid", err, errlen) ||
	    get_hex32(cpuid, "eax", &r->eax, "cpuid", err, errlen) ||
	    get_hex32(cpuid, "edx", &r->edx, "cpuid", err, errlen) ||
	    get_str(kernel, "release", r->release, sizeof(r->release), 0, 0, "kernel", err, errlen) ||
	    get_int(kernel, "model_version", 0, 9999, &r->model_version, "kernel", err, errlen) ||
	    get_int(kernel, "possible_cpus", 0, 8192, &r->possible_cpus, "kernel", err, errlen) ||
	    get_str(kernel, "clocksource", r->clocksource, sizeof(r->clocksource), 1, 0, "kernel",
		    err, errlen) ||
	    get_str(kernel, "log_source", r->log_source, sizeof(r->log_source), 1, 1, "kernel",
		    err, errlen) ||
	    get_str(kernel, "msr", r->msr_state, sizeof(r->msr_state), 1, 0, "kernel", err, errlen) ||
	    get_str(kernel, "msr_note", r->msr_note, sizeof(r->msr_note), 1, 1, "kernel", err, errlen))
		goto out;
	v = json_object_get(kernel, "msrs");
	if (v && !json_is_array(v)) {
		snprintf(err, errlen, "self-report: kernel.msrs is not an array");
		goto out;
	}
	if (v && json_array_size(v) > 8192) {
		snprintf(err, errlen, "self-report: kernel.msrs has over 8192 CPUs");
		goto out;
	}
	if (v) {
		json_t *c;

		json_array_foreach(v, i, c)
			if (msr_cpu(c, r, i, err, errlen))
				goto out;
	}
	v = json_object_get(kernel, "modules");
	if (v && modules(v, r, err, errlen))
		goto out;
	decisions = json_object_get(root, "decisions");
	if (!json_is_array(decisions) || json_array_size(decisions) != LD_NR) {
		snprintf(err, errlen, "self-report: \"decisions\" is not an array of %d", LD_NR);
		goto out;
	}
	json_array_foreach(decisions, i, v)
		if (decision(v, r, &seen_mask, i, err, errlen))
			goto out;
	rc = 0;
out:
	json_decref(root);
	return rc;
}

int linux_selfreport_decode(const uint8_t *buf, size_t n, struct linux_selfreport *r,
			    char *err, size_t errlen)
{
	struct pvq_frame f, e;
	size_t end;

	memset(r, 0, sizeof(*r));
	if (!n) {
		snprintf(err, errlen, "no self-report frame: the guest sent nothing");
		return -1;
	}
	if (header_at(buf, n, 0, PVQ_KIND_SELF, &f, err, errlen))
		return -1;
	end = sizeof(f) + f.len;
	if (header_at(buf, n, end, PVQ_KIND_END, &e, err, errlen))
		return -1;
	if (n > end + sizeof(e)) {
		snprintf(err, errlen, "%zu bytes after the end frame", n - end - sizeof(e));
		return -1;
	}
	r->payload_len = f.len;
	if (payload((const char *)buf + sizeof(f), f.len, r, err, errlen)) {
		size_t keep = r->payload_len;

		memset(r, 0, sizeof(*r));
		r->payload_len = keep;
		return -1;
	}
	return 0;
}
