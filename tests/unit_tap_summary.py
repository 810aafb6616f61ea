#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""ci/tap_summary.py never crashes and always prints its closing line.

A missing, unreadable or malformed meson log is a failed stage, named; a
stage that failed without a log of its own counts as one failure; good
logs are counted subtest by subtest.  Prints TAP.
usage: unit_tap_summary.py PATH/TO/ci/tap_summary.py
"""
import json
import os
import re
import subprocess
import sys
import tempfile

CLOSING = re.compile(r'^ci/test: (\d+) passed, (\d+) failed, (\d+) skipped$')
results = []


def run(summary, args):
    p = subprocess.run([sys.executable, summary] + args, capture_output=True,
                       text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


def check(name, cond, why=''):
    results.append((name, bool(cond), why))


def closing(out):
    lines = out.strip().splitlines()
    return CLOSING.match(lines[-1]) if lines else None


def main():
    summary = sys.argv[1]
    tmp = tempfile.mkdtemp(prefix='pvprobe-summary-')
    good = os.path.join(tmp, 'good.json')
    with open(good, 'w') as f:
        f.write(json.dumps({'name': 'a', 'result': 'OK',
                            'stdout': 'TAP version 13\n1..3\nok 1 x\nok 2 y # SKIP no\n'
                                      'not ok 3 z # XFAIL known\n'}) + '\n')
        f.write(json.dumps({'name': 'b', 'result': 'FAIL', 'stdout': 'crashed\n'}) + '\n')
    bad = os.path.join(tmp, 'bad.json')
    with open(bad, 'w') as f:
        f.write('{"name": "a", "stdout": "ok 1 x\\n"}\n{not json\n')
    missing = os.path.join(tmp, 'removed.json')

    # A removed log: the stage fails by name, the closing line is there.
    stages = os.path.join(tmp, 'stages')
    with open(stages, 'w') as f:
        f.write('suites 12 ok %s\n' % good)
        f.write('valgrind 30 ok %s\n' % missing)
    rc, out, err = run(summary, ['--stages', stages])
    m = closing(out)
    check('removed_log_fails_the_stage', rc == 1 and 'stage valgrind failed' in out
          and missing in out, out + err)
    check('removed_log_no_traceback', 'Traceback' not in out + err, err)
    check('removed_log_closing_line', m and m.groups() == ('1', '2', '1'), out)
    check('stage_times_printed', re.search(r'^valgrind\s+30\s+FAILED$', out, re.M)
          and re.search(r'^suites\s+12\s+ok$', out, re.M), out)

    # A malformed log line names the file and line.
    rc, out, err = run(summary, [bad])
    check('malformed_log_named', rc == 1 and bad + ':2:' in out
          and 'Traceback' not in out + err and closing(out), out + err)

    # A stage that failed with no log (a fuzzer crash) counts once.
    with open(stages, 'w') as f:
        f.write('fuzz 7 failed\n')
    rc, out, err = run(summary, ['--stages', stages])
    m = closing(out)
    check('failed_stage_without_log_counts', rc == 1 and m and m.group(2) == '1', out)

    # A missing stage list still ends with the closing line.
    rc, out, err = run(summary, ['--stages', os.path.join(tmp, 'none')])
    check('missing_stage_list', rc == 1 and closing(out)
          and 'Traceback' not in out + err, out + err)

    # All good: exit 0.
    ok = os.path.join(tmp, 'ok.json')
    with open(ok, 'w') as f:
        f.write(json.dumps({'name': 'a', 'result': 'OK', 'stdout': 'ok 1 x\n'}) + '\n')
    rc, out, err = run(summary, [ok])
    m = closing(out)
    check('all_good_exit_0', rc == 0 and m and m.groups() == ('1', '0', '0'), out)

    for name in os.listdir(tmp):
        os.unlink(os.path.join(tmp, name))
    os.rmdir(tmp)

    print('TAP version 13')
    print('1..%d' % len(results))
    for i, (name, ok, why) in enumerate(results, 1):
        if not ok:
            for line in why.splitlines():
                print('# ' + line)
        print('%s %d %s' % ('ok' if ok else 'not ok', i, name))
    return 0 if all(r[1] for r in results) else 1


if __name__ == '__main__':
    sys.exit(main())
