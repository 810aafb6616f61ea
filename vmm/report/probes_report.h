/* SPDX-License-Identifier: GPL-2.0-only */
/* pvprobe probes: the probe list (vmm/pv/probe_list.c), rendered. */
#ifndef PVPROBE_PROBES_REPORT_H
#define PVPROBE_PROBES_REPORT_H

#include <stdio.h>

#include "format.h"

/* Every probe in format @fmt on @f: 0, or -1 if probes has no such format. */
int probes_render(enum out_format fmt, FILE *f);

#endif /* PVPROBE_PROBES_REPORT_H */
