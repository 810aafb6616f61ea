#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Count TAP subtests in meson testlog.json files and print one closing line.

A test binary that skipped as a whole ("1..0 # SKIP") counts as one skip;
a meson test that failed without TAP output counts as one failure.
usage: tap_summary.py TESTLOG.json...
"""
import json
import re
import sys

OK = re.compile(r'^ok \d+')
NOT_OK = re.compile(r'^not ok \d+')
SKIP = re.compile(r'#\s*SKIP', re.I)
XFAIL = re.compile(r'#\s*(XFAIL|TODO)', re.I)


def count(test, totals):
    n = 0
    for line in (test.get('stdout') or '').splitlines():
        if OK.match(line):
            n += 1
            if SKIP.search(line):
                totals['skipped'] += 1
            elif XFAIL.search(line):
                totals['xfail'] += 1
            else:
                totals['passed'] += 1
        elif NOT_OK.match(line):
            n += 1
            totals['xfail' if XFAIL.search(line) else 'failed'] += 1
    if n == 0:
        if test.get('result') == 'SKIP':
            totals['skipped'] += 1
        elif test.get('result') not in ('OK', 'EXPECTEDFAIL'):
            totals['failed'] += 1


def main():
    totals = dict(passed=0, failed=0, skipped=0, xfail=0)
    for path in sys.argv[1:]:
        with open(path) as f:
            for line in f:
                if line.strip():
                    count(json.loads(line), totals)
    line = 'ci/test: %(passed)d passed, %(failed)d failed, %(skipped)d skipped' % totals
    if totals['xfail']:
        line += ' (%d known deviations as XFAIL)' % totals['xfail']
    print(line)
    return 1 if totals['failed'] else 0


if __name__ == '__main__':
    sys.exit(main())
