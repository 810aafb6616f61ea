/* SPDX-License-Identifier: GPL-2.0-only */
/* pvprobe boot's reports: model, log and KVM side by side; JSON; KTAP. */
#ifndef PVPROBE_BOOT_REPORT_H
#define PVPROBE_BOOT_REPORT_H

#include <stdio.h>

#include "boot.h"

void boot_report_text(const struct boot_options *o, const struct boot_result *r, FILE *f);
void boot_report_json(const struct boot_options *o, const struct boot_result *r, FILE *f);
void boot_report_tap(const struct boot_options *o, const struct boot_result *r, FILE *f);

/* The last @n lines of the console, each prefixed with @prefix. */
void boot_report_console_tail(const struct boot_result *r, int n, const char *prefix, FILE *f);

const char *boot_verdict_name(enum boot_verdict v);

#endif /* PVPROBE_BOOT_REPORT_H */
