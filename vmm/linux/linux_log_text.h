/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A kernel log as people save it (`dmesg`, `journalctl -k`, /dev/kmsg
 * records, a serial console), turned into the console form linux_log.c
 * reads, and the boot facts it states: the command line, the number of
 * CPUs and the kernel version.  Untrusted bytes; pure: no I/O
 * (tests/unit_self.c, tests/fuzz/fuzz_linux_log_text.c).
 */
#ifndef PVPROBE_LINUX_LOG_TEXT_H
#define PVPROBE_LINUX_LOG_TEXT_H

#include <stddef.h>

#define LOG_FACT_MAX	2048	/* COMMAND_LINE_SIZE on x86 */

struct linux_log_facts {
	char cmdline[LOG_FACT_MAX];	/* "Kernel command line: X"; "" if none */
	unsigned long cmdline_line;	/* its line, 0: none */
	int possible_cpus;		/* "setup_percpu: ... nr_cpu_ids:N", "Allowing N ..."; 0: none */
	int online_cpus;		/* "smp: Brought up N nodes, M CPUs": M; 0: none */
	char release[65];		/* "Linux version X": X; "" if none */
	int version;			/* X's major * 100 + minor, 0: none */
	int starts_at_boot;		/* the first kernel line is "Linux version" or at time 0 */
	unsigned long lines;		/* lines read */
};

/*
 * Copy @log (@len bytes) into @out (@cap bytes, NUL-terminated, at most
 * @len + 1 needed) with the prefixes of journalctl's formats ("Dec 02
 * 20:00:00 host kernel: ", "[    0.1] host kernel: ") cut, so that each
 * line is "[ time] message" or "message" as on a console; then read the
 * facts of the result into @f (cleared first).  Returns the bytes written
 * to @out (without the NUL).
 */
size_t linux_log_text_normalize(const char *log, size_t len, char *out, size_t cap,
				struct linux_log_facts *f);

/* "X.Y..." as X * 100 + Y, or 0 when it does not start so. */
int linux_log_text_version(const char *release);

#endif /* PVPROBE_LINUX_LOG_TEXT_H */
