/* SPDX-License-Identifier: GPL-2.0-only */
/* pvprobe replay's result, rendered: the dump, the guest view, every probe. */
#ifndef PVPROBE_REPLAY_REPORT_H
#define PVPROBE_REPLAY_REPORT_H

#include <stdio.h>

#include "format.h"
#include "replay.h"

/* @rep in format @fmt on @f: 0, or -1 if replay has no such format. */
int replay_render(const struct replay_report *rep, enum out_format fmt, FILE *f);

#endif /* PVPROBE_REPLAY_REPORT_H */
