/* SPDX-License-Identifier: GPL-2.0-only */
/* pvprobe qemu's output: the four layers and their differences. */
#ifndef PVPROBE_QEMU_REPORT_H
#define PVPROBE_QEMU_REPORT_H

#include <stdio.h>

#include "format.h"
#include "qemu_layers.h"
#include "qemu_linux.h"

/* @fmt: OUT_TEXT, OUT_JSON or OUT_TAP.  Returns 0, or -1 on a write error. */
int qemu_render(const struct qemu_report *rep, enum out_format fmt, FILE *f);

/* pvprobe qemu --kernel (report/qemu_linux_report.c): the same formats. */
int qemu_linux_render(const struct qemu_linux_report *rep, enum out_format fmt, FILE *f);

#endif /* PVPROBE_QEMU_REPORT_H */
