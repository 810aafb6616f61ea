#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""A stand-in for qemu-system-x86_64 that pvprobe qemu's tests start with
--qemu: it speaks enough QMP for the claim, then misbehaves as
$FAKE_QEMU_MODE says (its pid in $FAKE_QEMU_PIDFILE), so that each failure is shown without a real guest:

  hang      never writes a frame and never exits (the deadline must end it)
  truncate  half a results frame, then isa-debug-exit's status
  garbage   bytes that are no frame, then isa-debug-exit's status
  badcpu    QEMU's refusal of a -cpu string: a message and exit 1
"""
import json
import os
import socket
import sys
import time

MAGIC = 0x31515650


def arg_after(flag, prefix):
    a = sys.argv
    for i, v in enumerate(a[:-1]):
        if v == flag and a[i + 1].startswith(prefix):
            return a[i + 1]
    sys.exit('fake_qemu: no %s %s...' % (flag, prefix))


def qmp_serve(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(path)
    s.listen(1)
    c, _ = s.accept()
    f = c.makefile('rw')
    f.write(json.dumps({'QMP': {'version': {}, 'capabilities': []}}) + '\r\n')
    f.flush()
    for line in f:
        cmd = json.loads(line)
        ex, args = cmd['execute'], cmd.get('arguments', {})
        ret = {}
        if ex == 'query-cpus-fast':
            ret = [{'qom-path': '/machine/unattached/device[0]', 'cpu-index': 0}]
        elif ex == 'qom-get' and args['property'] == 'feature-words':
            ret = [{'cpuid-input-eax': 0x40000001, 'cpuid-register': 'EAX', 'features': 0x7afb},
                   {'cpuid-input-eax': 0x40000001, 'cpuid-register': 'EDX', 'features': 0}]
        elif ex == 'qom-get' and args['property'] == 'filtered-features':
            ret = []
        elif ex == 'qom-get' and args['property'] == 'type':
            ret = 'fake-x86_64-cpu'
        elif ex == 'qom-get':
            ret = args['property'] == 'kvm'
        f.write(json.dumps({'return': ret}) + '\r\n')
        f.flush()
        if ex == 'cont':
            return


def main():
    mode = os.environ.get('FAKE_QEMU_MODE', 'hang')
    if os.environ.get('FAKE_QEMU_PIDFILE'):
        with open(os.environ['FAKE_QEMU_PIDFILE'], 'w') as f:
            f.write('%d\n' % os.getpid())
    if mode == 'badcpu':
        sys.stderr.write("qemu-system-x86_64: unable to find CPU model 'bogus'\n")
        return 1
    out = arg_after('-chardev', 'file,').split('path=')[1]
    qmp_serve(arg_after('-qmp', 'unix:')[5:].split(',')[0])
    if mode == 'hang':
        while True:
            time.sleep(1)
    with open(out, 'wb') as f:
        if mode == 'truncate':
            hdr = [MAGIC, 1, 1, 1, 0, 0, 4096, 0]
            f.write(b''.join(x.to_bytes(4, 'little') for x in hdr) + b'\0' * 100)
        else:
            f.write(b'this is not a frame\n' * 4)
    return 33


if __name__ == '__main__':
    sys.exit(main())
