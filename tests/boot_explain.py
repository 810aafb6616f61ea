#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""One boot, two read-outs: pvprobe boot's own KTAP, then pvprobe explain on
that boot's console log and CPUID.

usage: boot_explain.py [--out DIR] PVPROBE BOOT-ARGS...

Runs `PVPROBE boot --tap BOOT-ARGS` exactly as the linux-guest suite's
boot-NAME test always did (the kernel from PVPROBE_GUEST_KERNEL, or a
--kernel in BOOT-ARGS), plus `--console LOG --save-cpuid DUMP --save-json
JSON`, which only write files.  A guest boot takes minutes on kvm_pvm, so
the comparison uses the same boot instead of a second one.

KTAP out: boot's test points as boot printed them (its plan dropped: the
one plan, at the end, counts them all), then:
  boot-exit               pvprobe boot exited 0 (today's boot-NAME test
                          fails on any other exit; its stderr is quoted)
  explain-model-version   explain used boot's model version
  explain-possible-cpus   explain read as many possible CPUs as boot gave vCPUs
  explain-DECISION        per decision of boot's --json: explain's model
                          equals boot's, and where explain saw the decision
                          in the log its verdict is "ok" (the log equals
                          boot's model).  No line in the log (pr_debug only,
                          or after the backend's early end) is a SKIP, and
                          right only if boot's own reading had none either.
`pvprobe explain --cpuid DUMP --log LOG --json` takes the CPU count, the
command line and the kernel version from the log, as for a bug report.

--out DIR keeps the files there (console.log, cpuid.txt, boot.json,
boot.tap, explain.json), for a failure's post-mortem; default: a temporary
directory, removed.

Exit: 0 every point ok (or the boot skipped as a whole: its "1..0 # SKIP"
is passed on); 1 a point failed, with a "boot_explain: FAIL" line on
stderr that names the half; 2 bad usage.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

# A boot's own deadline is pvprobe boot --timeout (default 1800 s); meson's
# timeout for the test (1900 s) backs up both runs.
BOOT_TIMEOUT_S = 1850
EXPLAIN_TIMEOUT_S = 60


def one_line(text):
    return ' / '.join(line.strip() for line in (text or '').strip().splitlines()) or '(nothing on stderr)'


def run(cmd, timeout):
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired as t:
        out = t.stdout.decode(errors='replace') if isinstance(t.stdout, bytes) else (t.stdout or '')
        return None, out, f'killed after {timeout} s'
    except OSError as e:
        return None, '', str(e)


def boot_points(tap):
    """Boot's KTAP: (lines to pass on, number of test points, its skip-all plan)."""
    keep, n = [], 0
    for line in tap.splitlines():
        if line.startswith('TAP version'):
            continue
        if line.startswith('1..'):
            if line.startswith('1..0'):
                return keep, 0, line
            continue
        if line.startswith('ok ') or line.startswith('not ok '):
            n += 1
        keep.append(line)
    return keep, n, None


def load_json(path):
    try:
        with open(path) as f:
            return json.load(f), None
    except (OSError, ValueError) as e:
        return None, str(e)


def compare(boot, expl):
    """explain's report beside boot's: [(ok, name, why, skip)]."""
    points = [(boot['kernel']['model_version'] == expl['kernel']['model_version'],
               'explain-model-version',
               f'boot {boot["kernel"]["model_version"]}, explain {expl["kernel"]["model_version"]}',
               False),
              (expl['kernel']['possible_cpus'] == boot['vm']['vcpus'], 'explain-possible-cpus',
               f'boot {boot["vm"]["vcpus"]} vCPUs, explain {expl["kernel"]["possible_cpus"]} '
               f'({expl["kernel"]["cpus_source"]})', False)]
    ed = {d['name']: d for d in expl['decisions']}
    for d in boot['decisions']:
        name, x = 'explain-' + d['name'], ed.get(d['name'])
        if x is None:
            points.append((False, name, 'not in explain\'s report', False))
        elif x['model'] != d['model']:
            points.append((False, name, f'explain\'s model {x["model"]} != boot\'s {d["model"]}',
                           False))
        elif x['verdict'] == 'unknown':
            # no verdict: right only if boot's own reading of the console had none either
            points.append((d['log'] is None, name,
                           f'unknown in explain ({x["why"]}); boot: {d["verdict"]}, log {d["log"]}',
                           True))
        else:
            points.append((x['verdict'] == 'ok' and x['log'] == d['model'], name,
                           f'explain {x["verdict"]}: log {x["log"]}, boot\'s model {d["model"]}',
                           False))
    return points


def main(argv):
    args = argv[1:]
    out = None
    if args[:1] == ['--out']:
        if len(args) < 2:
            print(__doc__.strip().splitlines()[3], file=sys.stderr)
            return 2
        out, args = args[1], args[2:]
    if not args:
        print(__doc__.strip().splitlines()[3], file=sys.stderr)
        return 2
    pvprobe, boot_args = args[0], args[1:]

    tmp = None
    if out:
        os.makedirs(out, exist_ok=True)
        d = out
    else:
        d = tmp = tempfile.mkdtemp(prefix='pvprobe-boot-explain-')
    files = {k: os.path.join(d, k) for k in
             ('console.log', 'cpuid.txt', 'boot.json', 'boot.tap', 'explain.json')}
    for f in files.values():
        if os.path.exists(f):
            os.unlink(f)	# a file left by an earlier run is not this boot's
    try:
        return boot_then_explain(pvprobe, boot_args, files)
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


def boot_then_explain(pvprobe, boot_args, files):
    rc, tap, err = run([pvprobe, 'boot', '--tap'] + boot_args +
                       ['--console', files['console.log'], '--save-cpuid', files['cpuid.txt'],
                        '--save-json', files['boot.json']], BOOT_TIMEOUT_S)
    with open(files['boot.tap'], 'w') as f:
        f.write(tap)
    sys.stderr.write(err)
    lines, n, skip = boot_points(tap)
    print('TAP version 13')
    if skip is not None and rc == 4:
        print(skip)
        return 0
    if rc == 4:
        print(f'1..0 # SKIP pvprobe boot: {one_line(err)}')
        return 0
    for line in lines:
        print(line)

    # The boot half: its own points, as today, and its exit code.
    points = [(rc == 0, 'boot-exit',
               f'pvprobe boot {" ".join(boot_args)}: exit {rc}'
               + ('' if rc == 0 else f': {one_line(err)}'), False)]
    boot_failed = rc != 0 or any(l.startswith('not ok ') and '# TODO' not in l for l in lines)
    boot, why = load_json(files['boot.json'])
    if boot is None:
        points.append((False, 'explain-run', f'no --save-json report from pvprobe boot ({why})',
                       False))
    else:
        points += explain_points(pvprobe, boot, files)
    explain_failed = any(not ok for ok, name, _, _ in points if name.startswith('explain-'))

    for i, (ok, name, why, skip) in enumerate(points, n + 1):
        mark = ' # SKIP ' if skip and ok else ' # '
        print(f'{"ok" if ok else "not ok"} {i} {name}{mark}{why}')
    print(f'1..{n + len(points)}')
    if boot_failed or explain_failed:
        halves = [h for h, bad in (('boot (its own test points and exit code)', boot_failed),
                                   ('explain on the same boot', explain_failed)) if bad]
        print(f'boot_explain: FAIL: {" and ".join(halves)}; see the not ok lines', file=sys.stderr)
        return 1
    return 0


def explain_points(pvprobe, boot, files):
    rc, out, err = run([pvprobe, 'explain', '--cpuid', files['cpuid.txt'], '--log',
                        files['console.log'], '--json'], EXPLAIN_TIMEOUT_S)
    with open(files['explain.json'], 'w') as f:
        f.write(out)
    try:
        expl = json.loads(out)
    except ValueError:
        return [(False, 'explain-run', f'pvprobe explain exited {rc} without JSON: {one_line(err)}',
                 False)]
    print(f'# explain on the same boot: exit {rc}, {expl["kernel"]["model_note"]}; '
          f'boot: {boot["kernel"]["model_note"]}, end {boot["boot"]["end"]}')
    return compare(boot, expl)


if __name__ == '__main__':
    sys.exit(main(sys.argv))
