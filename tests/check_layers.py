#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The dependency rule of vmm/ (vmm/README.md), checked from #include lines.

    main -> cli -> report -> self | qemu -> probe | boot -> cpuid | pv | linux -> kvm -> util

A file may include headers of its own folder and of folders below it; never
of a folder above it, nor of a peer on its own level (probe and boot, self
and qemu, or cpuid, pv and linux, do not include each other).  include/ (shared with the
guest) is open to all.  Header include circles are refused too, the pure
folders (util, cpuid, pv, linux) make no ioctl, and the collectors (probe,
boot, self, qemu) print no results: they fill a result value that report/ renders,
and write only progress and traces, on stderr.  Prints TAP, one test
point per rule; exits 1 on any violation.

usage: check_layers.py VMM_DIR
"""
import os
import re
import sys

RANK = {'util': 0, 'kvm': 1, 'cpuid': 2, 'pv': 2, 'linux': 2,
        'probe': 3, 'boot': 3, 'self': 4, 'qemu': 4, 'report': 5, 'cli': 6, '.': 7}
PURE = ('util', 'cpuid', 'pv', 'linux')
COLLECTORS = ('probe', 'boot', 'self', 'qemu')
# A call that writes to a stream; the statement must name stderr.
PRINT = re.compile(r'\b(printf|vprintf|puts|putchar|fprintf|vfprintf|fputs|fputc|putc|'
                   r'fwrite|json_init)\s*\(')
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
IOCTL = re.compile(r'\bioctl\s*\(')


def scan(root):
    """{relative path: (folder, text)} of every .c and .h below root."""
    files = {}
    for d, _, names in os.walk(root):
        for n in names:
            if n.endswith(('.c', '.h')):
                p = os.path.join(d, n)
                rel = os.path.relpath(p, root)
                folder = os.path.dirname(rel) or '.'
                with open(p, encoding='utf-8', errors='replace') as f:
                    files[rel] = (folder, f.read())
    return files


def main(argv):
    if len(argv) != 1:
        print('usage: check_layers.py VMM_DIR', file=sys.stderr)
        return 2
    files = scan(argv[0])
    where = {}          # header name -> relative path
    for rel in files:
        if rel.endswith('.h'):
            where.setdefault(os.path.basename(rel), rel)
    folders, upward, unknown, impure, printing = [], [], [], [], []
    graph = {}
    for rel, (folder, text) in sorted(files.items()):
        if folder not in RANK:
            folders.append('%s: folder %s is not in the rule' % (rel, folder))
            continue
        if folder in PURE:
            for m in IOCTL.finditer(text):
                line = text.count('\n', 0, m.start()) + 1
                impure.append('%s:%d: ioctl in %s/, which is pure' % (rel, line, folder))
        if folder in COLLECTORS:
            for m in PRINT.finditer(text):
                end = text.find(';', m.end())
                if 'stderr' not in text[m.start():end if end >= 0 else len(text)]:
                    line = text.count('\n', 0, m.start()) + 1
                    printing.append('%s:%d: %s() in %s/, which prints no results '
                                    '(report/ renders them; stderr only)' % (
                                        rel, line, m.group(1), folder))
        for m in INCLUDE.finditer(text):
            line = text.count('\n', 0, m.start()) + 1
            h = os.path.basename(m.group(1))
            if h not in where:
                continue        # include/ or a build-generated header
            target = where[h]
            tfolder = os.path.dirname(target) or '.'
            if rel.endswith('.h'):
                graph.setdefault(rel, set()).add(target)
            if tfolder == folder or tfolder not in RANK:
                continue
            if RANK[tfolder] >= RANK[folder]:
                kind = 'a peer' if RANK[tfolder] == RANK[folder] else 'upward'
                upward.append('%s:%d: includes %s (%s: %s -> %s)' % (
                    rel, line, target, kind, folder, tfolder))

    circles = []
    state = {}

    def visit(h, path):
        state[h] = 1
        for t in sorted(graph.get(h, ())):
            if state.get(t) == 1:
                circles.append(' -> '.join(path[path.index(t):] + [t]))
            elif t not in state:
                visit(t, path + [t])
        state[h] = 2

    for h in sorted(graph):
        if h not in state:
            visit(h, [h])

    checks = [('every_folder_in_the_rule', folders),
              ('no_upward_or_peer_include', upward),
              ('no_header_circle', circles),
              ('pure_folders_make_no_ioctl', impure),
              ('collectors_print_no_results', printing)]
    print('TAP version 13')
    print('1..%d' % len(checks))
    bad = 0
    for i, (name, problems) in enumerate(checks, 1):
        for p in problems:
            print('# ' + p)
        print('%s %d %s' % ('not ok' if problems else 'ok', i, name))
        bad += bool(problems)
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
