// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <jansson.h>

#include "qemu_qmp.h"

#define QMP_LINE_MAX	(256 * 1024)	/* a reply longer than this is refused */
#define KVM_FEATURES_LEAF	0x40000001u

struct qmp {
	int fd;
	double deadline;
	char buf[QMP_LINE_MAX];
	size_t len;
};

double qemu_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* One line (a QMP message ends with CRLF), under the deadline. */
static json_t *qmp_read(struct qmp *q, char *err, size_t errlen)
{
	for (;;) {
		char *nl = memchr(q->buf, '\n', q->len);
		struct pollfd p = { .fd = q->fd, .events = POLLIN };
		double left;
		ssize_t r;

		if (nl) {
			json_error_t je;
			size_t line = (size_t)(nl - q->buf) + 1;
			json_t *v = json_loadb(q->buf, line, 0, &je);

			memmove(q->buf, q->buf + line, q->len - line);
			q->len -= line;
			if (!v || !json_is_object(v)) {
				json_decref(v);
				snprintf(err, errlen, "QMP: not a JSON object: %s", v ? "" : je.text);
				return NULL;
			}
			return v;
		}
		if (q->len == sizeof(q->buf)) {
			snprintf(err, errlen, "QMP: a message longer than %d bytes", QMP_LINE_MAX);
			return NULL;
		}
		left = q->deadline - qemu_now_ms();
		if (left <= 0 || poll(&p, 1, (int)left + 1) == 0) {
			snprintf(err, errlen, "QMP: no answer before the deadline");
			return NULL;
		}
		r = read(q->fd, q->buf + q->len, sizeof(q->buf) - q->len);
		if (r <= 0) {
			snprintf(err, errlen, "QMP: QEMU closed the socket");
			return NULL;
		}
		q->len += (size_t)r;
	}
}

/* Send @cmd; return its "return" value (a new reference), skipping events. */
static json_t *qmp_cmd(struct qmp *q, json_t *cmd, char *err, size_t errlen)
{
	char *text = json_dumps(cmd, JSON_COMPACT);
	size_t n = text ? strlen(text) : 0;
	/* MSG_NOSIGNAL: a QEMU that died must not kill pvprobe with SIGPIPE. */
	int bad = !text || send(q->fd, text, n, MSG_NOSIGNAL) != (ssize_t)n ||
		  send(q->fd, "\n", 1, MSG_NOSIGNAL) != 1;

	free(text);
	json_decref(cmd);
	if (bad) {
		snprintf(err, errlen, "QMP: write: %s", strerror(errno));
		return NULL;
	}
	for (;;) {
		json_t *v = qmp_read(q, err, errlen), *ret;

		if (!v)
			return NULL;
		ret = json_object_get(v, "return");
		if (ret) {
			json_incref(ret);
			json_decref(v);
			return ret;
		}
		if (json_object_get(v, "error")) {
			const char *d = json_string_value(json_object_get(json_object_get(v, "error"), "desc"));

			snprintf(err, errlen, "QMP error: %.200s", d ? d : "(no description)");
			json_decref(v);
			return NULL;
		}
		json_decref(v);	/* an event */
	}
}

static json_t *qom_get(struct qmp *q, const char *path, const char *prop, char *err, size_t errlen)
{
	return qmp_cmd(q, json_pack("{s:s,s:{s:s,s:s}}", "execute", "qom-get", "arguments",
				    "path", path, "property", prop), err, errlen);
}

static int qom_bool(struct qmp *q, const char *path, const char *prop, int *out)
{
	char err[256];
	json_t *v = qom_get(q, path, prop, err, sizeof(err));
	int ok = v && json_is_boolean(v);

	if (ok)
		*out = json_is_true(v);
	json_decref(v);
	return ok ? 0 : -1;
}

/* The 0x40000001 words of a feature-words list: [{"cpuid-input-eax": ..., "cpuid-register": "EAX", "features": N}] */
static int feature_words(json_t *list, uint32_t *eax, uint32_t *edx)
{
	size_t i;
	json_t *w;
	int found = 0;

	if (!json_is_array(list))
		return -1;
	json_array_foreach(list, i, w) {
		json_t *leaf = json_object_get(w, "cpuid-input-eax");
		const char *reg = json_string_value(json_object_get(w, "cpuid-register"));
		json_t *feat = json_object_get(w, "features");

		if (!json_is_integer(leaf) || !reg || !json_is_integer(feat) ||
		    json_integer_value(leaf) != KVM_FEATURES_LEAF)
			continue;
		if (!strcmp(reg, "EAX"))
			*eax = (uint32_t)json_integer_value(feat), found |= 1;
		else if (!strcmp(reg, "EDX"))
			*edx = (uint32_t)json_integer_value(feat), found |= 2;
	}
	return found ? 0 : -1;
}

/* The hv-* properties that make QEMU put Hyper-V's leaves at 0x40000000 (target/i386/kvm/kvm.c kvm_arch_init_vcpu()). */
static const char *const hv_props[] = {
	"hv-relaxed", "hv-vapic", "hv-time", "hv-crash", "hv-reset", "hv-vpindex", "hv-runtime",
	"hv-synic", "hv-stimer", "hv-frequencies", "hv-reenlightenment", "hv-tlbflush",
	"hv-evmcs", "hv-ipi", "hv-stimer-direct", "hv-passthrough",
};

static int claim(struct qmp *q, struct qemu_claim *c, char *err, size_t errlen)
{
	json_t *cpus, *v;
	const char *path;
	char pathbuf[256];
	size_t i;

	cpus = qmp_cmd(q, json_pack("{s:s}", "execute", "query-cpus-fast"), err, errlen);
	if (!cpus)
		return -1;
	path = json_string_value(json_object_get(json_array_get(cpus, 0), "qom-path"));
	if (!path || strlen(path) >= sizeof(pathbuf)) {
		json_decref(cpus);
		snprintf(err, errlen, "QMP: query-cpus-fast gave no qom-path");
		return -1;
	}
	strcpy(pathbuf, path);
	json_decref(cpus);

	v = qom_get(q, pathbuf, "feature-words", err, errlen);
	if (!v || feature_words(v, &c->eax, &c->edx)) {
		json_decref(v);
		if (v)
			snprintf(err, errlen, "QMP: feature-words has no 0x40000001 word");
		return -1;
	}
	json_decref(v);
	v = qom_get(q, pathbuf, "filtered-features", err, errlen);
	if (v)
		feature_words(v, &c->filtered_eax, &c->filtered_edx);
	json_decref(v);
	c->enforce = 0;
	qom_bool(q, pathbuf, "kvm-pv-enforce-cpuid", &c->enforce);
	c->kvm = 1;
	qom_bool(q, pathbuf, "kvm", &c->kvm);
	for (i = 0; i < sizeof(hv_props) / sizeof(hv_props[0]); i++) {
		int on = 0;

		if (!qom_bool(q, pathbuf, hv_props[i], &on) && on)
			c->hyperv = 1;
	}
	v = qom_get(q, pathbuf, "type", err, errlen);
	snprintf(c->model, sizeof(c->model), "%s", json_string_value(v) ? json_string_value(v) : "?");
	json_decref(v);
	c->ok = 1;
	return 0;
}

/* Has @pid exited?  WNOWAIT: the caller reaps it. */
static int exited(int pid)
{
	siginfo_t si = { 0 };

	return !waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) && si.si_pid == pid;
}

int qemu_qmp_claim(const char *path, int pid, double deadline_ms, struct qemu_claim *c,
		   char *err, size_t errlen)
{
	static struct qmp q;
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	json_t *v;
	int rc = -1;

	memset(c, 0, sizeof(*c));
	if (strlen(path) >= sizeof(sa.sun_path)) {
		snprintf(err, errlen, "QMP socket path too long");
		return -1;
	}
	strcpy(sa.sun_path, path);
	q.len = 0;
	q.deadline = deadline_ms;
	for (;;) {
		q.fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (q.fd < 0) {
			snprintf(err, errlen, "socket: %s", strerror(errno));
			return -1;
		}
		if (!connect(q.fd, (struct sockaddr *)&sa, sizeof(sa)))
			break;
		close(q.fd);
		if (exited(pid)) {
			snprintf(err, errlen, "QEMU exited before it opened its QMP socket");
			return -1;
		}
		if (qemu_now_ms() >= deadline_ms) {
			snprintf(err, errlen, "QMP: QEMU never opened its socket");
			return -1;
		}
		usleep(10000);
	}
	v = qmp_read(&q, err, errlen);	/* the greeting */
	if (v && json_object_get(v, "QMP")) {
		json_decref(v);
		v = qmp_cmd(&q, json_pack("{s:s}", "execute", "qmp_capabilities"), err, errlen);
		if (v && !claim(&q, c, err, errlen)) {
			json_decref(v);
			v = qmp_cmd(&q, json_pack("{s:s}", "execute", "cont"), err, errlen);
			rc = v ? 0 : -1;
		}
	} else if (v) {
		snprintf(err, errlen, "QMP: no greeting");
	}
	json_decref(v);
	close(q.fd);
	return rc;
}
