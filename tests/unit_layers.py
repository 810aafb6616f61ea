#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""vmm/ keeps its dependency rule, and the check of it can fail.

The real tree must pass tests/check_layers.py; copies of it with one
deliberate break each (an upward include, a peer include, a header circle,
an ioctl in a pure folder, a collector printing) must each fail, naming the
file.  Prints TAP.
usage: unit_layers.py CHECK_LAYERS.py VMM_DIR
"""
import os
import shutil
import subprocess
import sys
import tempfile

BREAKS = [
    ('upward_include_fails', 'util/json.c', '#include "cli.h"\n', 'util/json.c:'),
    ('peer_include_fails', 'pv/model.c', '#include "linux_model.h"\n', 'pv/model.c:'),
    ('header_circle_fails', 'kvm/vm.h', '#include "vcpu.h"\n', None),
    ('ioctl_in_pure_folder_fails', 'cpuid/layout.c', 'static int f(int fd) { return ioctl(fd, 0); }\n',
     'cpuid/layout.c:'),
    ('collector_printing_fails', 'probe/host_view.c', 'static void f(FILE *o) { fprintf(o, "x"); }\n',
     'probe/host_view.c:'),
    ('collector_json_fails', 'boot/boot.c', 'static void f(struct json *j) { json_init(j, stdout); }\n',
     'boot/boot.c:'),
]


def check(script, root):
    p = subprocess.run([sys.executable, script, root], capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout + p.stderr


def main(argv):
    script, vmm = argv
    results = []
    rc, out = check(script, vmm)
    results.append(('real_tree_keeps_the_rule', rc == 0, out))
    for name, rel, text, must_name in BREAKS:
        tmp = tempfile.mkdtemp(prefix='pvprobe-layers-')
        try:
            root = os.path.join(tmp, 'vmm')
            shutil.copytree(vmm, root, ignore=shutil.ignore_patterns('*.md', 'meson.build'))
            path = os.path.join(root, rel)
            with open(path) as f:
                body = f.read()
            if name == 'header_circle_fails':
                # vm.h -> vcpu.h -> vm.h
                with open(os.path.join(root, 'kvm', 'vcpu.h')) as f:
                    vcpu = f.read()
                with open(os.path.join(root, 'kvm', 'vcpu.h'), 'w') as f:
                    f.write('#include "vm.h"\n' + vcpu)
            with open(path, 'w') as f:
                f.write(text + body)
            rc, out = check(script, root)
            ok = rc == 1 and (must_name is None or must_name in out)
            if name == 'header_circle_fails':
                ok = ok and 'not ok 3 no_header_circle' in out
            results.append((name, ok, out))
        finally:
            shutil.rmtree(tmp)
    print('TAP version 13')
    print('1..%d' % len(results))
    for i, (name, ok, out) in enumerate(results, 1):
        if not ok:
            for line in out.splitlines():
                print('# ' + line)
        print('%s %d %s' % ('ok' if ok else 'not ok', i, name))
    return 0 if all(r[1] for r in results) else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
