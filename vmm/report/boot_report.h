/* SPDX-License-Identifier: GPL-2.0-only */
/* pvprobe boot's result: model, log and KVM side by side; JSON; KTAP. */
#ifndef PVPROBE_BOOT_REPORT_H
#define PVPROBE_BOOT_REPORT_H

#include <stdio.h>

#include "boot.h"
#include "format.h"

/* @r (with what was asked, r->opts) in format @fmt on @f: 0, or -1 if boot has no such format. */
int boot_render(const struct boot_result *r, enum out_format fmt, FILE *f);

/* The last @n lines of the console, each prefixed with @prefix. */
void boot_report_console_tail(const struct boot_result *r, int n, const char *prefix, FILE *f);

const char *boot_verdict_name(enum boot_verdict v);
/* "ok", "not reached", "MISSING" (the fourth view, --self). */
const char *boot_self_state_name(enum boot_self_state s);

#endif /* PVPROBE_BOOT_REPORT_H */
