/* SPDX-License-Identifier: GPL-2.0-only */
/* pvprobe features: the PV feature table, rendered. */
#ifndef PVPROBE_FEATURES_REPORT_H
#define PVPROBE_FEATURES_REPORT_H

#include <stdio.h>

#include "format.h"

/* The feature table in format @fmt on @f: 0, or -1 if features has no such format. */
int features_render(enum out_format fmt, FILE *f);

#endif /* PVPROBE_FEATURES_REPORT_H */
