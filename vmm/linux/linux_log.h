/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What a Linux guest's console log tells about its PV decisions
 * (linux_guest.h).  Pure: no I/O (tests/unit_linux_log.c,
 * tests/fuzz/fuzz_linux_log.c).
 */
#ifndef PVPROBE_LINUX_LOG_H
#define PVPROBE_LINUX_LOG_H

#include <stddef.h>

#include "linux_guest.h"

/*
 * Parse a guest console log (untrusted bytes, not NUL-terminated, may
 * contain anything) into @out (cleared first).  A decision the log does
 * not settle stays "".
 */
void linux_log_parse(const char *log, size_t len, struct linux_view *out);

/*
 * The same, for a kernel of @version (major * 100 + minor), which decides
 * the lines it prints (linux_log.c); 0: the log's own "Linux version".
 */
void linux_log_parse_version(const char *log, size_t len, int version, struct linux_view *out);

#endif /* PVPROBE_LINUX_LOG_H */
