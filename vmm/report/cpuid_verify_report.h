/* SPDX-License-Identifier: GPL-2.0-only */
/* pvprobe cpuid-verify's result, rendered. */
#ifndef PVPROBE_CPUID_VERIFY_REPORT_H
#define PVPROBE_CPUID_VERIFY_REPORT_H

#include <stdio.h>

#include "cpuid_verify.h"
#include "format.h"

/* @rep in format @fmt on @f: 0, or -1 if cpuid-verify has no such format. */
int cpuid_verify_render(const struct cpuid_verify_report *rep, enum out_format fmt, FILE *f);

#endif /* PVPROBE_CPUID_VERIFY_REPORT_H */
