#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""tests/boot_explain.py without a guest kernel: a fake pvprobe boot plays
back one real boot's files (data/boot-explain/: the KTAP, --save-json,
--console and --save-cpuid of the linux-guest suite's boot-no-steal-time
on kvm_pvm), the real pvprobe explain reads them.  The real files must pass;
each single change that one half of the check exists for must fail that
half, by name.  Prints TAP.

usage: unit_boot_explain.py PVPROBE BOOT_EXPLAIN DATA_DIR
"""
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile

# Plays back FAKE_BOOT_DIR for `boot` (each file only if it is there: a
# boot that failed early writes none), hands `explain` to the real pvprobe.
FAKE = r'''#!PYTHON
import os, shutil, sys
d, argv = os.environ['FAKE_BOOT_DIR'], sys.argv[1:]
if argv[0] != 'boot':
    os.execv(os.environ['REAL_PVPROBE'], [os.environ['REAL_PVPROBE']] + argv)
with open(os.path.join(d, 'argv'), 'w') as f:
    f.write('\n'.join(argv) + '\n')
for opt, name in (('--console', 'console.log'), ('--save-cpuid', 'cpuid.txt'),
                  ('--save-json', 'boot.json')):
    if opt in argv and os.path.exists(os.path.join(d, name)):
        shutil.copy(os.path.join(d, name), argv[argv.index(opt) + 1])
for name, f in (('boot.tap', sys.stdout), ('stderr', sys.stderr)):
    if os.path.exists(os.path.join(d, name)):
        f.write(open(os.path.join(d, name)).read())
sys.exit(int(open(os.path.join(d, 'rc')).read()) if os.path.exists(os.path.join(d, 'rc')) else 0)
'''
ARGS = ['--mask', '-STEAL_TIME', '--expect', 'pv-sched-yield=off', '--expect', 'pv-tlb-flush=off',
        '--expect', 'steal-time=off']
results = []


def check(name, cond, why=''):
    results.append((name, bool(cond), why))


class Case:
    def __init__(self, tmp, data, name):
        self.dir = os.path.join(tmp, name)
        shutil.copytree(data, self.dir)

    def path(self, name):
        return os.path.join(self.dir, name)

    def edit_json(self, fn):
        with open(self.path('boot.json')) as f:
            j = json.load(f)
        fn(j)
        with open(self.path('boot.json'), 'w') as f:
            json.dump(j, f)

    def write(self, name, text):
        with open(self.path(name), 'w') as f:
            f.write(text)

    def run(self, fake, boot_explain, real):
        env = dict(os.environ, FAKE_BOOT_DIR=self.dir, REAL_PVPROBE=real)
        p = subprocess.run([sys.executable, boot_explain, '--out', self.path('out'), fake] + ARGS,
                           capture_output=True, text=True, timeout=120, env=env)
        return p.returncode, p.stdout, p.stderr


def tap_ok(out):
    """A plan that counts the points, numbered 1..N in order."""
    nums = [int(m.group(1)) for m in re.finditer(r'^(?:not )?ok (\d+) ', out, re.M)]
    plan = re.findall(r'^1\.\.(\d+)', out, re.M)
    return len(plan) == 1 and int(plan[0]) == len(nums) and nums == list(range(1, len(nums) + 1))


def failed(out):
    return [l for l in out.splitlines() if l.startswith('not ok ')]


def main():
    real, boot_explain, data = sys.argv[1:4]
    tmp = tempfile.mkdtemp(prefix='pvprobe-unit-boot-explain-')
    fake = os.path.join(tmp, 'fake-pvprobe')
    with open(fake, 'w') as f:
        f.write(FAKE.replace('PYTHON', sys.executable))
    os.chmod(fake, os.stat(fake).st_mode | stat.S_IXUSR)
    with open(os.path.join(data, 'boot.json')) as f:
        boot = json.load(f)
    decisions = [d['name'] for d in boot['decisions']]
    with open(os.path.join(data, 'boot.tap')) as f:
        boot_tap_points = [l for l in f.read().splitlines() if re.match(r'(not )?ok \d+ ', l)]

    def run(case):
        return case.run(fake, boot_explain, real)

    # The real boot: every point ok, boot's own points passed on unchanged.
    c = Case(tmp, data, 'real')
    rc, out, err = run(c)
    check('real_boot_passes', rc == 0 and not failed(out), out + err)
    check('real_boot_tap_well_formed', tap_ok(out), out)
    check('real_boot_points_passed_on',
          all(p in out.splitlines() for p in boot_tap_points) and len(boot_tap_points) > 0, out)
    check('real_boot_every_decision_compared',
          all(re.search(rf'^ok \d+ explain-{re.escape(n)}( |$)', out, re.M) for n in decisions)
          and 'explain-model-version' in out and 'explain-possible-cpus' in out, out)
    argv = open(c.path('argv')).read().split('\n')
    check('boot_runs_as_the_boot_test_did',
          argv[:2 + len(ARGS)] == ['boot', '--tap'] + ARGS
          and all(o in argv for o in ('--console', '--save-cpuid', '--save-json')), argv)
    check('files_kept_in_out',
          all(os.path.exists(c.path('out/' + n)) for n in
              ('console.log', 'cpuid.txt', 'boot.json', 'boot.tap', 'explain.json')), os.listdir(c.dir))

    # The explain half: boot's model changed for one decision.
    c = Case(tmp, data, 'model')
    c.edit_json(lambda j: [d.update(model='off-realtime') for d in j['decisions']
                           if d['name'] == 'pv-spinlocks'])
    rc, out, err = run(c)
    f = failed(out)
    check('model_differs_fails', rc == 1 and len(f) == 1 and 'explain-pv-spinlocks' in f[0]
          and f"!= boot's off-realtime" in f[0] and 'explain on the same boot' in err, out + err)
    check('model_differs_tap_well_formed', tap_ok(out), out)

    c = Case(tmp, data, 'version')
    c.edit_json(lambda j: j['kernel'].update(model_version=510))
    rc, out, err = run(c)
    f = failed(out)
    check('model_version_differs_fails', rc == 1 and len(f) == 1
          and 'explain-model-version' in f[0] and 'boot 510' in f[0], out + err)

    c = Case(tmp, data, 'cpus')
    c.edit_json(lambda j: j['vm'].update(vcpus=j['vm']['vcpus'] + 1))
    rc, out, err = run(c)
    f = failed(out)
    check('cpu_count_differs_fails', rc == 1 and len(f) == 1
          and 'explain-possible-cpus' in f[0], out + err)

    # The log disagreeing with boot's model: the line a decision is read
    # from, removed from the console log (explain then reads it as off or
    # unknown, where boot saw it).
    seen = [d for d in boot['decisions'] if d['log'] is not None and d['log_line']
            and d['log_line'] in open(os.path.join(data, 'console.log')).read()]
    check('data_has_a_logged_decision', seen, [d['name'] for d in boot['decisions']])
    if seen:
        d = seen[0]
        c = Case(tmp, data, 'log')
        log = open(c.path('console.log')).read()
        c.write('console.log', '\n'.join(l for l in log.split('\n') if d['log_line'] not in l))
        rc, out, err = run(c)
        f = failed(out)
        check('logged_line_removed_fails', rc == 1 and any('explain-' + d['name'] in l for l in f),
              f'{d["name"]}: {d["log_line"]}\n' + out + err)

    # The boot half: boot's own failure fails the test, with explain clean.
    c = Case(tmp, data, 'boot-fails')
    c.write('rc', '1\n')
    c.write('stderr', 'pvprobe boot: MISMATCH: the guest kernel\'s PV decisions differ\n')
    rc, out, err = run(c)
    f = failed(out)
    check('boot_exit_fails', rc == 1 and len(f) == 1 and 'boot-exit' in f[0]
          and 'MISMATCH' in f[0] and 'FAIL: boot' in err and 'explain on' not in err, out + err)

    c = Case(tmp, data, 'boot-not-ok')
    c.write('rc', '1\n')
    c.write('boot.tap', open(c.path('boot.tap')).read().replace('ok 2 ', 'not ok 2 ', 1))
    rc, out, err = run(c)
    check('boot_not_ok_passed_on', rc == 1 and re.search(r'^not ok 2 ', out, re.M)
          and tap_ok(out), out + err)

    # A boot that ended without a report: no traceback, a named failure.
    c = Case(tmp, data, 'no-report')
    for n in ('boot.json', 'console.log', 'cpuid.txt'):
        os.unlink(c.path(n))
    c.write('boot.tap', '')
    c.write('rc', '1\n')
    c.write('stderr', 'pvprobe boot: KVM_RUN: Bad address\n')
    rc, out, err = run(c)
    check('no_report_fails_by_name', rc == 1 and 'not ok 2 explain-run' in out
          and 'KVM_RUN: Bad address' in out and tap_ok(out) and 'Traceback' not in err, out + err)

    # A skipped boot (no kernel, no /dev/kvm) is a skip, not a failure.
    c = Case(tmp, data, 'skip')
    c.write('boot.tap', 'TAP version 13\n1..0 # SKIP no guest kernel\n')
    c.write('rc', '4\n')
    rc, out, err = run(c)
    check('skip_is_skip', rc == 0 and '1..0 # SKIP no guest kernel' in out
          and not re.search(r'^(not )?ok ', out, re.M), out + err)

    shutil.rmtree(tmp, ignore_errors=True)
    print('TAP version 13')
    print(f'1..{len(results)}')
    for i, (name, ok, why) in enumerate(results, 1):
        print(f'{"ok" if ok else "not ok"} {i} {name}')
        if not ok:
            for line in str(why).splitlines()[:40]:
                print(f'# {line}')
    return 0 if all(ok for _, ok, _ in results) else 1


if __name__ == '__main__':
    sys.exit(main())
