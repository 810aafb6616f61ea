/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CPUID dumps read from a file, for `pvprobe replay FILE`: the raw output
 * of the `cpuid` tool (`cpuid -r`, `cpuid -1 -r`) or pvprobe's own --json
 * output (its top-level "cpuid" array).  Pure parsing: no KVM here.
 *
 * A dump is untrusted input, so every problem is refused with the file
 * name, the line and what is wrong; nothing is guessed.
 */
#ifndef PVPROBE_CPUID_DUMP_H
#define PVPROBE_CPUID_DUMP_H

#include <stddef.h>
#include <stdint.h>
#include <linux/kvm.h>

#define CPUID_DUMP_MAX		512	/* entries, as many as a kvm_cpuid2 pvprobe builds */
#define CPUID_DUMP_ERR_MAX	256	/* an @err buffer this size holds any message */

struct cpuid_dump_entry {
	uint32_t function, index, eax, ebx, ecx, edx;
	int has_index;		/* KVM_CPUID_FLAG_SIGNIFCANT_INDEX */
};

struct cpuid_dump {
	int nr;			/* entries */
	struct cpuid_dump_entry e[CPUID_DUMP_MAX];
	/* CPUs found in the file (cpuid -r without -1 prints every CPU); only the first is kept */
	int nr_cpus;
	char format[16];	/* "cpuid-r" or "pvprobe-json" */
};

/*
 * Parse @text (NUL-terminated; @name for messages).  The format is found
 * from the first character that is not white space: '{' is pvprobe JSON,
 * anything else cpuid -r.  Returns 0, or -1 with "NAME:LINE: what is
 * wrong" in @err (@d is then unspecified).
 *
 * has_index of an entry: JSON entries with "flags" take bit 0 of it.
 * For the others (every cpuid -r entry, JSON entries without "flags"),
 * see cpuid_dump_finish().
 */
int cpuid_dump_parse(const char *text, const char *name, struct cpuid_dump *d,
		     char *err, size_t errlen);

/* The dump as a KVM_SET_CPUID2 table (replay, explain): malloc'd, or NULL. */
struct kvm_cpuid2 *cpuid_dump_table(const struct cpuid_dump *d);

/* ---- shared by cpuid_dump*.c only ---------------------------------- */

/* One parse: where messages and entries go. */
struct cpuid_dump_ctx {
	const char *name;
	char *err;
	size_t errlen;
	struct cpuid_dump *d;
	unsigned long line[CPUID_DUMP_MAX];	/* where each entry was, for "first on line N" */
};

/* Write "NAME:LINE: message" to the context's @err; returns -1. */
int cpuid_dump_fail(struct cpuid_dump_ctx *c, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* @s[0..@len) as a short printable excerpt for a message, in @buf. */
const char *cpuid_dump_quote(const char *s, size_t len, char *buf, size_t size);
#define CPUID_DUMP_QUOTE_MAX	40

enum cpuid_dump_hex {
	CPUID_HEX_OK,
	CPUID_HEX_BAD,		/* not "0x" and hex digits only */
	CPUID_HEX_WIDE,		/* a value above 0xffffffff */
};

/* @s[0..@len) as "0x" and hex digits, leading zeros allowed. */
enum cpuid_dump_hex cpuid_dump_hex32(const char *s, size_t len, uint32_t *val);

/*
 * Append @e, read at @line: refused when the dump is full or already has
 * this (function, index).  e->has_index < 0 leaves it to
 * cpuid_dump_finish().
 */
int cpuid_dump_add(struct cpuid_dump_ctx *c, unsigned long line,
		   const struct cpuid_dump_entry *e);

/*
 * Decide has_index where the file did not say; refuse a dump with no
 * entries (@line: where the reader stopped).
 */
int cpuid_dump_finish(struct cpuid_dump_ctx *c, unsigned long line);

int cpuid_dump_parse_cpuid(struct cpuid_dump_ctx *c, const char *text);
int cpuid_dump_parse_json(struct cpuid_dump_ctx *c, const char *text);

/*
 * Positions of values in JSON text jansson accepted (cpuid_dump_json_pos.c:
 * why that is sound).  A walk steps through the values of one object or
 * array in file order: an object's member values, an array's elements.
 */
struct cpuid_json_walk {
	const char *t;
	size_t off;		/* the current value's first byte, or the closing bracket */
	int obj;
};

/* Start at the first value of the object or array at @text[@off]. */
void cpuid_json_enter(struct cpuid_json_walk *w, const char *text, size_t off);
/* On to the next value (after the last one: the closing bracket). */
void cpuid_json_next(struct cpuid_json_walk *w);

struct cpuid_json_lines {
	const char *t;
	size_t off;		/* where @line was counted to; line 0: not yet */
	unsigned long line;
};

/* The line of @l->t[@off], 1-based. */
unsigned long cpuid_json_line(struct cpuid_json_lines *l, size_t off);

#endif /* PVPROBE_CPUID_DUMP_H */
