/* SPDX-License-Identifier: GPL-2.0-only */
/* pvprobe host's result (layer 1), rendered. */
#ifndef PVPROBE_HOST_REPORT_H
#define PVPROBE_HOST_REPORT_H

#include <stdio.h>

#include "format.h"
#include "host_view.h"

/* @hv in format @fmt on @f: 0, or -1 if host has no such format. */
int host_render(const struct host_view *hv, enum out_format fmt, FILE *f);

#endif /* PVPROBE_HOST_REPORT_H */
