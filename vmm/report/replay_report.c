// SPDX-License-Identifier: GPL-2.0-only
/* As `guest` and `check` print them, after a line naming the dump. */
#include "check_report.h"
#include "guest_report.h"
#include "json.h"
#include "replay_report.h"

static void replay_text(const struct replay_report *rep, FILE *f)
{
	fprintf(f, "Replaying %s (%s, %d leaves%s)\n\n", rep->file, rep->format, rep->nr_leaves,
		rep->nr_cpus > 1 ? ", the first CPU's" : "");
	guest_render(&rep->guest, OUT_TEXT, f);
	fprintf(f, "\n");
	check_render(&rep->check, OUT_TEXT, f);
}

static void replay_json(const struct replay_report *rep, FILE *f)
{
	struct json j;

	json_init(&j, f);
	json_obj_begin(&j, NULL);
	json_obj_begin(&j, "replay");
	json_str(&j, "file", rep->file);
	json_str(&j, "format", rep->format);
	json_int(&j, "cpus", rep->nr_cpus);
	json_int(&j, "leaves", rep->nr_leaves);
	json_obj_end(&j);
	guest_json_obj(&j, "guest", &rep->guest);
	check_json_obj(&j, "check", &rep->check);
	json_obj_end(&j);
	json_end(&j);
}

int replay_render(const struct replay_report *rep, enum out_format fmt, FILE *f)
{
	switch (fmt) {
	case OUT_TEXT:
		replay_text(rep, f);
		return 0;
	case OUT_JSON:
		replay_json(rep, f);
		return 0;
	default:
		return -1;
	}
}
