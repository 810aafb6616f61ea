/* SPDX-License-Identifier: GPL-2.0-only */
/* pvprobe check's result, rendered: a table, JSON, or KTAP for CI. */
#ifndef PVPROBE_CHECK_REPORT_H
#define PVPROBE_CHECK_REPORT_H

#include <stdio.h>

#include "check.h"
#include "format.h"

/* @rep in format @fmt on @f: 0, or -1 if check has no such format. */
int check_render(const struct check_report *rep, enum out_format fmt, FILE *f);

struct json;
/* The --json object as member @key of an enclosing JSON value (replay). */
void check_json_obj(struct json *j, const char *key, const struct check_report *rep);

/* "pvprobe check --mask 0x... --hints 0x... [--no-enforce] --vcpus N" */
void check_reproduce(const struct check_report *rep, char *buf, size_t len);

/* "ok", "known deviation", "MISMATCH" */
const char *verdict_name(enum verdict v);

#endif /* PVPROBE_CHECK_REPORT_H */
