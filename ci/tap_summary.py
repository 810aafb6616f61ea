#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Count TAP subtests in meson testlog.json files and print one closing line.

A test binary that skipped as a whole ("1..0 # SKIP") counts as one skip;
a meson test that failed without TAP output counts as one failure.  A log
that is missing, unreadable or not meson's format is a failed stage, named,
and counts as one failure: the closing line is printed whatever happens.

usage: tap_summary.py TESTLOG.json...
       tap_summary.py --stages FILE    (lines "NAME SECONDS ok|failed [LOG...]",
                                        as ci/test writes them: a time table,
                                        then the closing line)
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


def read_log(path, totals):
    """Count one meson log; None, or why it could not be read."""
    try:
        with open(path, encoding='utf-8', errors='replace') as f:
            for nr, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    test = json.loads(line)
                except ValueError as e:
                    return '%s:%d: not a meson test log line (%s)' % (path, nr, e)
                if not isinstance(test, dict):
                    return '%s:%d: not a meson test log line (a JSON %s)' % (
                        path, nr, type(test).__name__)
                count(test, totals)
    except OSError as e:
        return '%s: %s (the stage did not write its log)' % (path, e.strerror or e)
    return None


def read_stages(path):
    """[(name, seconds, ok, [logs])] from ci/test's stage file."""
    stages = []
    with open(path, encoding='utf-8', errors='replace') as f:
        for line in f:
            w = line.split()
            if len(w) < 3:
                continue
            stages.append((w[0], w[1], w[2] == 'ok', w[3:]))
    return stages


def main(argv):
    totals = dict(passed=0, failed=0, skipped=0, xfail=0)
    if argv[:1] == ['--stages']:
        if len(argv) != 2:
            print('usage: tap_summary.py --stages FILE', file=sys.stderr)
            return 2
        try:
            stages = read_stages(argv[1])
        except OSError as e:
            stages = [('stages', '?', False, [])]
            print('ci/test: cannot read the stage list %s: %s' % (argv[1], e.strerror))
    else:
        stages = [('logs', '-', True, argv)]

    bad = []
    rows = []
    for name, secs, ok, logs in stages:
        before = totals['failed']
        for log in logs:
            why = read_log(log, totals)
            if why:
                ok = False
                print('ci/test: stage %s failed: %s' % (name, why))
        # A stage that failed with no failed subtest of its own (a build
        # error, a fuzzer crash, a missing log) still counts once.
        if not ok and totals['failed'] == before:
            totals['failed'] += 1
        if not ok:
            bad.append(name)
        rows.append((name, secs, 'ok' if ok else 'FAILED'))

    if argv[:1] == ['--stages'] and rows:
        print('stage        seconds  result')
        for name, secs, res in rows:
            print('%-12s %7s  %s' % (name, secs, res))
        if bad:
            print('failed stages: %s' % ' '.join(bad))
    if totals['xfail']:
        print('ci/test: %d known deviations as XFAIL (counted apart)' % totals['xfail'])
    # The closing line, alone and last: "N passed, N failed, N skipped".
    print('ci/test: %(passed)d passed, %(failed)d failed, %(skipped)d skipped' % totals)
    return 1 if totals['failed'] else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
