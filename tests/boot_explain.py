#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""pvprobe boot, then pvprobe explain on that boot's console log and CPUID.

usage: boot_explain.py PVPROBE KERNEL BOOT-ARGS...

Boots KERNEL with `pvprobe boot --json BOOT-ARGS --console LOG --save-cpuid
DUMP` and runs `pvprobe explain --cpuid DUMP --log LOG --json` on what it
saved (the CPU count, the command line and the version from the log, as
for a bug report). KTAP, one test point per decision: explain's model
equals boot's model, and where explain saw the decision in the log its
verdict is "ok", i.e. the log equals boot's model; a decision with no line
in the log (pr_debug only, or after the backend's early end) is a SKIP,
and must be one boot's own reading of the console had no value for either. Also:
explain read as many possible CPUs as boot gave vCPUs, and both used the
same model version.

Exit: 0 pass, 1 fail, 77 skip (no kernel, or boot skipped: no /dev/kvm).
"""
import json
import os
import subprocess
import sys
import tempfile


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    pvprobe, kernel, args = argv[1], argv[2], argv[3:]
    if not os.path.exists(kernel):
        print(f'SKIP: no guest kernel at {kernel} (ci/guest-kernel fetches one)')
        return 77
    with tempfile.TemporaryDirectory(prefix='pvprobe-boot-explain-') as tmp:
        log, dump = os.path.join(tmp, 'console.log'), os.path.join(tmp, 'cpuid.txt')
        b = subprocess.run([pvprobe, 'boot', '--kernel', kernel, '--json', '--console', log,
                            '--save-cpuid', dump] + args,
                           capture_output=True, text=True, timeout=1850)
        if b.returncode == 4:
            print(f'SKIP: pvprobe boot: {b.stderr.strip()}')
            return 77
        try:
            boot = json.loads(b.stdout)
        except ValueError:
            print(f'Bail out! pvprobe boot exited {b.returncode} without JSON: {b.stderr.strip()}')
            return 1
        e = subprocess.run([pvprobe, 'explain', '--cpuid', dump, '--log', log, '--json'],
                           capture_output=True, text=True, timeout=60)
        try:
            expl = json.loads(e.stdout)
        except ValueError:
            print(f'Bail out! pvprobe explain exited {e.returncode} without JSON: {e.stderr.strip()}')
            return 1

    bd = {d['name']: d for d in boot['decisions']}
    ed = {d['name']: d for d in expl['decisions']}
    points = []
    print('TAP version 13')
    print(f'# boot {" ".join(args)}: exit {b.returncode}, {boot["kernel"]["model_note"]}, '
          f'end {boot["boot"]["end"]}; explain exit {e.returncode}, {expl["kernel"]["model_note"]}')
    points.append((boot['kernel']['model_version'] == expl['kernel']['model_version'],
                   'model-version', f'boot {boot["kernel"]["model_version"]}, explain '
                   f'{expl["kernel"]["model_version"]}', False))
    points.append((expl['kernel']['possible_cpus'] == boot['vm']['vcpus'], 'possible-cpus',
                   f'boot {boot["vm"]["vcpus"]} vCPUs, explain {expl["kernel"]["possible_cpus"]} '
                   f'({expl["kernel"]["cpus_source"]})', False))
    for name, d in bd.items():
        x = ed.get(name)
        if x is None:
            points.append((False, name, 'not in explain\'s report', False))
            continue
        if x['model'] != d['model']:
            points.append((False, name, f'explain\'s model {x["model"]} != boot\'s {d["model"]}', False))
        elif x['verdict'] == 'unknown':
            # no verdict: right only if boot's own reading of the console had none either
            points.append((d['log'] is None, name,
                           f'unknown in explain ({x["why"]}); boot: {d["verdict"]}, log {d["log"]}', True))
        else:
            points.append((x['verdict'] == 'ok' and x['log'] == d['model'], name,
                           f'explain {x["verdict"]}: log {x["log"]}, boot\'s model {d["model"]}', False))
    print(f'1..{len(points)}')
    failed = 0
    for i, (ok, name, why, skip) in enumerate(points, 1):
        if skip and ok:
            print(f'ok {i} {name} # SKIP {why}')
        else:
            print(f'{"ok" if ok else "not ok"} {i} {name} # {why}')
        failed += not ok
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
