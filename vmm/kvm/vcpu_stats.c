// SPDX-License-Identifier: GPL-2.0-only
/*
 * KVM's binary statistics: a struct kvm_stats_header, then at desc_offset
 * one struct kvm_stats_desc per statistic, each followed by a name of
 * header.name_size bytes, and at data_offset the values, the descriptor's
 * offset into them (virt/kvm/binary_stats.c kvm_stats_read()).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <linux/kvm.h>

#include "vcpu_stats.h"

/* Far above any kernel's: x86 has a few dozen statistics, names < 48 bytes. */
#define STATS_MAX_DESCS		4096u
#define STATS_MAX_NAME		256u

int vcpu_stat_open(struct vcpu *v, const char *name, struct vcpu_stat *st)
{
	struct kvm_stats_header h;
	size_t dsz;
	char *buf = NULL;
	uint32_t i;
	int fd, err = ENOENT;

	st->fd = -1;
	fd = ioctl(v->fd, KVM_GET_STATS_FD, NULL);
	if (fd < 0)
		return -1;
	if (pread(fd, &h, sizeof(h), 0) != (ssize_t)sizeof(h) || !h.num_desc ||
	    h.num_desc > STATS_MAX_DESCS || !h.name_size || h.name_size > STATS_MAX_NAME) {
		err = EPROTO;
		goto fail;
	}
	dsz = sizeof(struct kvm_stats_desc) + h.name_size;
	buf = malloc(dsz);
	if (!buf) {
		err = ENOMEM;
		goto fail;
	}
	for (i = 0; i < h.num_desc; i++) {
		const struct kvm_stats_desc *d = (const void *)buf;

		if (pread(fd, buf, dsz, h.desc_offset + (off_t)i * dsz) != (ssize_t)dsz) {
			err = EPROTO;
			goto fail;
		}
		buf[dsz - 1] = 0;
		if (strcmp(d->name, name))
			continue;
		if (!d->size) {
			err = EPROTO;
			goto fail;
		}
		st->fd = fd;
		st->off = h.data_offset + d->offset;
		free(buf);
		return 0;
	}
fail:
	free(buf);
	close(fd);
	errno = err;
	return -1;
}

int vcpu_stat_read(const struct vcpu_stat *st, uint64_t *val)
{
	ssize_t n;

	if (st->fd < 0) {
		errno = EBADF;
		return -1;
	}
	n = pread(st->fd, val, sizeof(*val), st->off);
	if (n == (ssize_t)sizeof(*val))
		return 0;
	if (n >= 0)
		errno = EPROTO;	/* short: the offset is past KVM's data */
	return -1;
}

void vcpu_stat_close(struct vcpu_stat *st)
{
	if (st->fd >= 0)
		close(st->fd);
	st->fd = -1;
}
