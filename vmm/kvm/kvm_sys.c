// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "kvm_sys.h"
#include "pvprobe_exit.h"

const char *kvm_dev_path(void)
{
	const char *p = getenv("PVPROBE_DEV_KVM");

	return p && *p ? p : "/dev/kvm";
}

int kvm_sys_open(struct kvm_sys *kvm, char *err, size_t errlen)
{
	const char *path = kvm_dev_path();

	memset(kvm, 0, sizeof(*kvm));
	snprintf(kvm->path, sizeof(kvm->path), "%s", path);
	kvm->fd = open(path, O_RDWR | O_CLOEXEC);
	if (kvm->fd < 0) {
		int e = errno;

		if (e == ENOENT || e == ENXIO || e == ENODEV)
			snprintf(err, errlen, "%s: %s: this machine has no KVM (load kvm_intel or kvm_amd, or run on a KVM host)",
				 path, strerror(e));
		else if (e == EACCES || e == EPERM)
			snprintf(err, errlen, "%s: %s: run as root or add yourself to the group that owns %s (usually 'kvm')",
				 path, strerror(e), path);
		else
			snprintf(err, errlen, "%s: %s", path, strerror(e));
		return PV_EXIT_SKIP;
	}
	kvm->api_version = ioctl(kvm->fd, KVM_GET_API_VERSION, 0);
	if (kvm->api_version < 0) {
		snprintf(err, errlen, "%s is not a KVM device (KVM_GET_API_VERSION: %s)",
			 path, strerror(errno));
		close(kvm->fd);
		kvm->fd = -1;
		return PV_EXIT_SKIP;
	}
	if (kvm->api_version != KVM_API_VERSION) {
		snprintf(err, errlen, "%s: KVM API version %d, pvprobe needs %d",
			 path, kvm->api_version, KVM_API_VERSION);
		close(kvm->fd);
		kvm->fd = -1;
		return PV_EXIT_SKIP;
	}
	return PV_EXIT_OK;
}

void kvm_sys_close(struct kvm_sys *kvm)
{
	if (kvm->fd >= 0)
		close(kvm->fd);
	kvm->fd = -1;
}

/* Is @name listed in the comma-separated $@var? */
static int env_lists(const char *var, const char *name)
{
	const char *list = getenv(var), *p;
	size_t n = strlen(name);

	for (p = list; p && *p; p += strcspn(p, ","), p += *p == ',') {
		size_t len = strcspn(p, ",:");

		if (len == n && !strncmp(p, name, n))
			return 1;
	}
	return 0;
}

int kvm_cap_hidden(long cap)
{
	static const struct { long cap; const char *name; } names[] = {
		{ KVM_CAP_ENFORCE_PV_FEATURE_CPUID, "KVM_CAP_ENFORCE_PV_FEATURE_CPUID" },
		{ KVM_CAP_EXIT_HYPERCALL, "KVM_CAP_EXIT_HYPERCALL" },
		{ KVM_CAP_X86_DISABLE_EXITS, "KVM_CAP_X86_DISABLE_EXITS" },
		{ KVM_CAP_X86_USER_SPACE_MSR, "KVM_CAP_X86_USER_SPACE_MSR" },
		{ KVM_CAP_X86_MSR_FILTER, "KVM_CAP_X86_MSR_FILTER" },
		{ KVM_CAP_DISABLE_QUIRKS2, "KVM_CAP_DISABLE_QUIRKS2" },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].cap == cap)
			return env_lists("PVPROBE_HIDE_CAPS", names[i].name);
	return 0;
}

int kvm_check_cap(const struct kvm_sys *kvm, long cap)
{
	int r;

	if (kvm_cap_hidden(cap))
		return 0;
	r = ioctl(kvm->fd, KVM_CHECK_EXTENSION, cap);
	return r < 0 ? 0 : r;
}

int kvm_fail_injected(const char *ioctl_name)
{
	const char *list = getenv("PVPROBE_FAIL_IOCTL"), *p;
	size_t n = strlen(ioctl_name);

	/* NAME:ERRNO[,NAME:ERRNO...], ERRNO as a number or EINVAL/ENOMEM/EMFILE/EFAULT */
	for (p = list; p && *p; p += strcspn(p, ","), p += *p == ',') {
		static const struct { const char *name; int err; } errs[] = {
			{ "EINVAL", EINVAL }, { "ENOMEM", ENOMEM }, { "EMFILE", EMFILE },
			{ "EFAULT", EFAULT }, { "E2BIG", E2BIG }, { "EBUSY", EBUSY },
		};
		const char *colon = strchr(p, ':');
		size_t i;

		if (!colon || (size_t)(colon - p) != n || strncmp(p, ioctl_name, n))
			continue;
		for (i = 0; i < sizeof(errs) / sizeof(errs[0]); i++)
			if (!strncmp(colon + 1, errs[i].name, strlen(errs[i].name)))
				return errs[i].err;
		return atoi(colon + 1) > 0 ? atoi(colon + 1) : EINVAL;
	}
	return 0;
}

const char *kvm_errno_hint(int e)
{
	switch (e) {
	case EMFILE:
	case ENFILE:
		return " (pvprobe needs a few dozen file descriptors: raise the limit, ulimit -n)";
	case ENOMEM:
		return " (free memory, or raise the address-space limit, ulimit -v)";
	case EINVAL:
		return " (KVM refused what pvprobe passed: rerun with the same options and report it)";
	case EBUSY:
	case EEXIST:
		return " (another user of this KVM object? retry)";
	default:
		return "";
	}
}

static struct kvm_cpuid2 *read_supported_cpuid(const struct kvm_sys *kvm)
{
	int nent = 64;

	/* KVM says E2BIG until the buffer is large enough. */
	for (;;) {
		struct kvm_cpuid2 *c = calloc(1, sizeof(*c) + nent * sizeof(c->entries[0]));

		if (!c)
			return NULL;
		c->nent = nent;
		if (!ioctl(kvm->fd, KVM_GET_SUPPORTED_CPUID, c))
			return c;
		free(c);
		if (errno != E2BIG || nent >= 4096)
			return NULL;
		nent *= 2;
	}
}

/*
 * What the host supports does not change while pvprobe runs, so it is read
 * from KVM once per process (the host view, the host facts and every
 * session's CPUID table all start from it) and copied out to each caller.
 */
struct kvm_cpuid2 *kvm_get_supported_cpuid(const struct kvm_sys *kvm)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	static struct kvm_cpuid2 *cached;
	struct kvm_cpuid2 *c = NULL;
	size_t size;
	int e = 0;

	pthread_mutex_lock(&lock);
	if (!cached) {
		cached = read_supported_cpuid(kvm);
		e = errno;
	}
	if (cached) {
		size = sizeof(*cached) + cached->nent * sizeof(cached->entries[0]);
		c = malloc(size);
		if (c)
			memcpy(c, cached, size);
		else
			e = ENOMEM;
	}
	pthread_mutex_unlock(&lock);
	if (!c)
		errno = e;
	return c;
}

const char *kvm_backend(char *buf, size_t len)
{
	static const char *const modules[] = { "kvm_intel", "kvm_amd", "kvm_pvm" };
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < sizeof(modules) / sizeof(modules[0]); i++) {
		char path[64];

		snprintf(path, sizeof(path), "/sys/module/%s", modules[i]);
		if (access(path, F_OK))
			continue;
		used += snprintf(buf + used, used < len ? len - used : 0, "%s%s",
				 used ? "+" : "", modules[i]);
	}
	if (!buf[0])
		snprintf(buf, len, "unknown");
	return buf;
}
