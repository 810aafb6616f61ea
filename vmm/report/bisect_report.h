/* SPDX-License-Identifier: GPL-2.0-only */
/* pvprobe bisect's result, rendered. */
#ifndef PVPROBE_BISECT_REPORT_H
#define PVPROBE_BISECT_REPORT_H

#include <stdio.h>

#include "bisect.h"
#include "format.h"

/* @rep in format @fmt on @f: 0, or -1 if bisect has no such format. */
int bisect_render(const struct bisect_report *rep, enum out_format fmt, FILE *f);

#endif /* PVPROBE_BISECT_REPORT_H */
