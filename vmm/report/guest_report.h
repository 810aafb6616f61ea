/* SPDX-License-Identifier: GPL-2.0-only */
/* pvprobe guest's result (layers 2 and 3), rendered. */
#ifndef PVPROBE_GUEST_REPORT_H
#define PVPROBE_GUEST_REPORT_H

#include <stdio.h>

#include "format.h"
#include "guest_view.h"

/* @gv in format @fmt on @f: 0, or -1 if guest has no such format. */
int guest_render(const struct guest_view *gv, enum out_format fmt, FILE *f);

struct json;
/* The --json object as member @key of an enclosing JSON value (replay). */
void guest_json_obj(struct json *j, const char *key, const struct guest_view *gv);

#endif /* PVPROBE_GUEST_REPORT_H */
