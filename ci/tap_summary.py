#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Count TAP subtests in meson's testlog.json and print one closing line.

A test binary that skipped as a whole ("1..0 # SKIP") counts as one skip;
a meson test that failed without TAP output counts as one failure.
"""
import json
import re
import sys

OK = re.compile(r'^ok \d+')
NOT_OK = re.compile(r'^not ok \d+')
SKIP = re.compile(r'#\s*SKIP', re.I)
XFAIL = re.compile(r'#\s*(XFAIL|TODO)', re.I)


def main():
    passed = failed = skipped = xfail = 0
    with open(sys.argv[1]) as f:
        for line in f:
            t = json.loads(line)
            out = t.get('stdout') or ''
            n = 0
            for l in out.splitlines():
                if OK.match(l):
                    n += 1
                    if SKIP.search(l):
                        skipped += 1
                    elif XFAIL.search(l):
                        xfail += 1
                    else:
                        passed += 1
                elif NOT_OK.match(l):
                    n += 1
                    if XFAIL.search(l):
                        xfail += 1
                    else:
                        failed += 1
            if n == 0:
                if t.get('result') == 'SKIP':
                    skipped += 1
                elif t.get('result') not in ('OK', 'EXPECTEDFAIL'):
                    failed += 1
    line = 'ci/test: %d passed, %d failed, %d skipped' % (passed, failed, skipped)
    if xfail:
        line += ' (%d known deviations as XFAIL)' % xfail
    print(line)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
