/* SPDX-License-Identifier: GPL-2.0-only */
/* pvprobe self and pvprobe explain: layer 2, layer 3 and the explanation; JSON; KTAP. */
#ifndef PVPROBE_SELF_REPORT_H
#define PVPROBE_SELF_REPORT_H

#include <stdio.h>

#include "format.h"
#include "self.h"

/* @r in format @fmt on @f: 0, or -1 if the command has no such format. */
int self_render(const struct self_result *r, enum out_format fmt, FILE *f);

const char *self_verdict_name(enum self_verdict v);

#endif /* PVPROBE_SELF_REPORT_H */
