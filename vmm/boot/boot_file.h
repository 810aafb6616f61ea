/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A whole input file (a kernel image, a module) read into memory, with the
 * checks and messages every such file gets: a regular file of 1 byte to
 * @max bytes, read to the end even across EINTR.
 */
#ifndef PVPROBE_BOOT_FILE_H
#define PVPROBE_BOOT_FILE_H

#include <stddef.h>
#include <stdint.h>

/* How the messages name the file the user should pass. */
struct boot_file_words {
	const char *pass_path;	/* "pass the path of a bzImage ..." */
	const char *pass_file;	/* "pass a bzImage or vmlinux file" */
	const char *what;	/* "a kernel image" (is between 1 byte and N MiB) */
};

/*
 * 0 and the file in *@out (malloc'd, *@len bytes); -1 with the reason in
 * @why (without the path: the caller names it).
 */
int boot_file_read(const char *path, size_t max, const struct boot_file_words *w,
		   uint8_t **out, size_t *len, char *why, size_t whylen);

#endif /* PVPROBE_BOOT_FILE_H */
