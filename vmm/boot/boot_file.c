// SPDX-License-Identifier: GPL-2.0-only
/* A whole input file read into memory (boot_file.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "boot_file.h"

int boot_file_read(const char *path, size_t max, const struct boot_file_words *w,
		   uint8_t **out, size_t *len, char *why, size_t whylen)
{
	size_t size, got = 0;
	struct stat st;
	uint8_t *buf;
	ssize_t n;
	int fd;

	*out = NULL;
	*len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, whylen, "%s: %s", strerror(errno), w->pass_path);
		return -1;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		snprintf(why, whylen, "not a regular file: %s", w->pass_file);
		return -1;
	}
	if (!st.st_size || (unsigned long long)st.st_size > max) {
		close(fd);
		snprintf(why, whylen, "%lld bytes: %s is between 1 byte and %zu MiB",
			 (long long)st.st_size, w->what, max >> 20);
		return -1;
	}
	size = st.st_size;
	buf = malloc(size);
	if (!buf) {
		close(fd);
		snprintf(why, whylen, "out of memory for %zu bytes", size);
		return -1;
	}
	while (got < size) {
		n = read(fd, buf + got, size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			snprintf(why, whylen, "read: %s", n ? strerror(errno) : "the file shrank");
			free(buf);
			close(fd);
			return -1;
		}
		got += n;
	}
	close(fd);
	*out = buf;
	*len = size;
	return 0;
}
