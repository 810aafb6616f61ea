#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""pvprobe boot --self in pvprobe's own VM, with a tiny fake kernel.

A real kernel does not reach /init on every backend (kvm_pvm ends the boot
when the CPUs are up), so the fourth view's path through the VMM -- the
initramfs loaded where the zero page says, port 0xe9 collected, the frame
decoded and judged -- is tested here with a vmlinux of a few instructions:
it checks that the zero page's ramdisk_image points at a newc cpio (the
self-check initramfs), sends the frame stream with rep outsb to port 0xe9,
prints a few of Linux's lines to the console and halts.

  good      the self-report agrees with the model: every decision's fourth
            view is the value sent, and no decision is unseen for want of it
  disagree  the same with pv-ipi flipped: that decision is a MISMATCH
  badsum    one payload byte flipped: "frame checksum mismatch", exit 1
  initnone  /init's line on the console, nothing on the port
  noinit    neither: the kernel did not reach /init (not reached on kvm_pvm)
  oversize  300 KiB on the port: more than a self-report can be
  msragree  the report carries the guest's PV MSRs, equal to KVM's (the fake
            kernel writes none: KVM holds 0): every msr_compare row "ok";
            --self-module of a made-up module is named in the report
  msrdisagree  the same with MSR_KVM_STEAL_TIME 0x12340001: a MISMATCH naming
            that MSR, exit 1
  msrunknown   the guest could not read MSR_KVM_PV_EOI_EN (EIO): "unknown"
            with the reason, not a mismatch

usage: boot_self_fake.py PVPROBE CASE     (TAP; a SKIP plan without /dev/kvm)
"""
import json
import os
import struct
import subprocess
import sys
import tempfile

LOAD = 0x1000000
MAGIC, VERSION, KIND_SELF, KIND_END = 0x31515650, 1, 3, 2
NAMES = ['hypervisor', 'kvm-clock', 'steal-time', 'pv-eoi', 'async-pf', 'pv-tlb-flush',
         'pv-sched-yield', 'pv-ipi', 'pv-spinlocks', 'haltpoll', 'clocksource']


def fnv(b):
    h = 2166136261
    for x in b:
        h = ((h ^ x) * 16777619) & 0xffffffff
    return h


def frames(payload):
    hdr = struct.pack('<8I', MAGIC, VERSION, KIND_SELF, 0, 0, 0, len(payload), fnv(payload))
    end = struct.pack('<8I', MAGIC, VERSION, KIND_END, 0, 0, 0, 0, fnv(b''))
    return hdr + payload + end


def vmlinux(path, stream, console):
    """cli; if [0x2218] (ramdisk_image) points at "0707": rep outsb the stream
    to 0xe9; print the console text on 0x3f8; hlt forever."""
    code = bytearray()
    code += b'\xfa'                                   # cli
    code += b'\x8b\x04\x25\x18\x22\x00\x00'           # mov eax, [0x2218]
    code += b'\x85\xc0'                               # test eax, eax
    jz1 = len(code); code += b'\x74\x00'              # jz skip
    code += b'\x81\x38' + b'0707'                     # cmp dword [rax], "0707"
    jz2 = len(code); code += b'\x75\x00'              # jne skip
    lea1 = len(code); code += b'\x48\x8d\x35\0\0\0\0'  # lea rsi, [rip+stream]
    code += b'\xb9' + struct.pack('<I', len(stream))  # mov ecx, len
    code += b'\x66\xba\xe9\x00'                       # mov dx, 0xe9
    if stream:
        code += b'\xf3\x6e'                           # rep outsb
    skip = len(code)
    code[jz1 + 1] = skip - (jz1 + 2)
    code[jz2 + 1] = skip - (jz2 + 2)
    lea2 = len(code); code += b'\x48\x8d\x35\0\0\0\0'  # lea rsi, [rip+msg]
    code += b'\x66\xba\xf8\x03'                       # mov dx, 0x3f8
    code += b'\xac\x84\xc0\x74\x03\xee\xeb\xf8'       # 1: lodsb; test; jz 2f; out; jmp 1b
    code += b'\xf4\xeb\xfd'                           # 2: hlt; jmp 2b
    data_stream = len(code)
    code += stream
    data_msg = len(code)
    code += console.encode() + b'\0'
    struct.pack_into('<i', code, lea1 + 3, data_stream - (lea1 + 7))
    struct.pack_into('<i', code, lea2 + 3, data_msg - (lea2 + 7))
    eh = struct.pack('<16sHHIQQQIHHHHHH', b'\x7fELF\x02\x01\x01' + b'\0' * 9,
                     2, 62, 1, LOAD, 64, 0, 0, 64, 56, 1, 0, 0, 0)
    ph = struct.pack('<IIQQQQQQ', 1, 5, 4096, LOAD, LOAD, len(code), len(code), 4096)
    with open(path, 'wb') as f:
        f.write((eh + ph).ljust(4096, b'\0') + bytes(code))


MSRS = ['MSR_KVM_SYSTEM_TIME', 'MSR_KVM_SYSTEM_TIME_NEW', 'MSR_KVM_STEAL_TIME',
        'MSR_KVM_ASYNC_PF_EN', 'MSR_KVM_PV_EOI_EN']


def fake_module(path):
    """An x86-64 ET_REL with .modinfo and .gnu.linkonce.this_module (boot_initrd.c's check)."""
    shstr = b'\0.modinfo\0.gnu.linkonce.this_module\0.shstrtab\0'
    modinfo = b'license=GPL\0vermagic=6.99.0-fake SMP\0'
    body = modinfo + b'\0' * 64 + shstr
    body += b'\0' * (-len(body) % 8)
    shoff = 64 + len(body)
    secs = [(0, 0, 0, 0), (1, 1, 64, len(modinfo)), (10, 1, 64 + len(modinfo), 64),
            (36, 3, 64 + len(modinfo) + 64, len(shstr))]
    sh = b''.join(struct.pack('<IIQQQQIIQQ', n, t, 0, 0, off, size, 0, 0, 1, 0)
                  for n, t, off, size in secs)
    eh = struct.pack('<16sHHIQQQIHHHHHH', b'\x7fELF\x02\x01\x01' + b'\0' * 9,
                     1, 62, 1, 0, 0, shoff, 0, 64, 0, 0, 64, 4, 3)
    with open(path, 'wb') as f:
        f.write(eh + body + sh)


def report(values, msrs=None):
    """A self-report in report/self_report.c's shape with @values as its sysfs view."""
    kernel = {'release': '6.99.0-fake', 'model_version': 612, 'possible_cpus': 1,
              'clocksource': values['clocksource'] or None, 'log_source': '/dev/kmsg'}
    if msrs is not None:
        kernel.update({'msr': 'read', 'msr_note': 'read through /dev/cpu/N/msr on 1 CPUs',
                       'msrs': [msrs], 'modules': [{'file': '00-fake.ko', 'loaded': True,
                                                    'why': None}]})
    return json.dumps({
        'command': 'self',
        'cpuid': {'kvm_base': '0x40000000', 'eax': '0x00000000', 'edx': '0x00000000'},
        'kernel': kernel,
        'decisions': [{'name': n, 'model': values[n] or 'off', 'model_why': 'fake',
                       'log': None, 'log_line': None, 'sysfs': values[n] or None,
                       'sysfs_why': 'the fake kernel\'s report', 'msr': None,
                       'verdict': 'ok'} for n in NAMES]}).encode()


CONSOLE = ('Linux version 6.99.0-fake (pvprobe) #1 SMP\n'
           'Hypervisor detected: KVM\n')
INIT = 'Run /init as init process\n'
END = 'Kernel panic - not syncing: the fake kernel is done\n'
# What /init's power-off ends with in pvprobe's VM (no ACPI power-off: kernel/reboot.c).
HALT = 'reboot: Power off not available: System halted instead\n'


def boot(pvprobe, kernel, self_, more=()):
    args = [pvprobe, 'boot', '--kernel', kernel, '--vcpus', '1', '--mask', 'none',
            '--stall', '10', '--timeout', '120', '--json'] + (['--self'] if self_ else [])
    args += list(more)
    p = subprocess.run(args, capture_output=True, text=True, timeout=200)
    if p.returncode == 4:
        print('1..0 # SKIP %s' % (p.stderr.strip().splitlines() or ['no KVM'])[-1])
        sys.exit(0)
    try:
        return p.returncode, json.loads(p.stdout), p.stderr
    except ValueError:
        print('Bail out! pvprobe boot gave no JSON (exit %d): %s' % (p.returncode, p.stderr))
        sys.exit(1)


def main(argv):
    if len(argv) != 3:
        print(__doc__.split('\n\n')[-1], file=sys.stderr)
        return 2
    pvprobe, case = argv[1], argv[2]
    dev = os.environ.get('PVPROBE_DEV_KVM', '/dev/kvm')
    if not os.access(dev, os.R_OK | os.W_OK):
        print('1..0 # SKIP no usable %s' % dev)
        return 0
    checks = []

    def ok(cond, name, why=''):
        checks.append((bool(cond), name, why))

    with tempfile.TemporaryDirectory(prefix='pvprobe-bootself.') as tmp:
        kernel = os.path.join(tmp, 'fake.vmlinux')
        # The model's values for this VM, from a boot without the fourth view.
        vmlinux(kernel, b'', CONSOLE + END)
        _, base, _ = boot(pvprobe, kernel, False)
        model = {d['name']: d['model'] for d in base['decisions']}
        ok('self' not in base, 'no fourth view without --self')
        sent = dict(model)
        if case == 'disagree':
            sent['pv-ipi'] = 'on' if model['pv-ipi'] != 'on' else 'off'
        msrs = None
        if case.startswith('msr'):
            # KVM holds 0 for each: the fake kernel writes no MSR, and a host-initiated
            # read of one refused to the guest returns 0 (arch/x86/kvm/x86.c
            # kvm_do_msr_access(), KVM_MSR_RET_UNSUPPORTED)
            msrs = {'cpu': 0, 'unread': {}}
            msrs.update({m: '0x0' for m in MSRS})
            if case == 'msrdisagree':
                msrs['MSR_KVM_STEAL_TIME'] = '0x12340001'
            if case == 'msrunknown':
                del msrs['MSR_KVM_PV_EOI_EN']
                msrs['unread']['MSR_KVM_PV_EOI_EN'] = 'Input/output error'
        payload = report(sent, msrs)
        stream = frames(payload)
        console = CONSOLE + INIT + (HALT if case in ('good', 'disagree') or msrs else END)
        if case == 'badsum':
            stream = bytearray(stream)
            stream[32 + 10] ^= 0x01
            stream = bytes(stream)
        elif case == 'initnone':
            stream = b''
        elif case == 'noinit':
            stream, console = b'', CONSOLE + END
        elif case == 'oversize':
            stream = b'\x5a' * (300 << 10)
        vmlinux(kernel, stream, console)
        more = []
        if case == 'msragree':
            fake_module(os.path.join(tmp, 'fake.ko'))
            more = ['--self-module', os.path.join(tmp, 'fake.ko')]
        rc, r, err = boot(pvprobe, kernel, True, more)
        s = r.get('self', {})
        verdict = {d['name']: d['verdict'] for d in r['decisions']}
        seen = {d['name']: d.get('self') for d in r['decisions']}
        ok(s.get('bytes') == len(stream), 'port 0xe9 carried the stream',
           'got %s bytes, sent %d' % (s.get('bytes'), len(stream)))
        ok(s.get('initrd_addr', '0x0') != '0x0000000000000000', 'initrd placed',
           s.get('initrd_addr', ''))
        cmp = {c['msr']: c for c in s.get('msr_compare', [])}
        if case in ('good', 'disagree', 'msragree', 'msrdisagree', 'msrunknown'):
            ok(sorted(cmp) == sorted(MSRS), 'every PV MSR compared', ' '.join(sorted(cmp)))
        if case == 'good':
            ok(all(c['verdict'] == 'unknown' and 'read no MSRs' in c['why'] for c in cmp.values()),
               'no MSRs in the report: each one unknown, saying why',
               '; '.join('%s %s' % (c['verdict'], c['why']) for c in cmp.values()))
        if case == 'msragree':
            bad = ['%s %s' % (m, c['verdict']) for m, c in cmp.items() if c['verdict'] != 'ok']
            ok(not bad, 'every MSR equal to KVM\'s', ' '.join(bad))
            ok('fake.ko' in (s.get('modules_given') or ''), '--self-module named',
               s.get('modules_given') or '')
            ok([m['file'] for m in s.get('modules', [])] == ['00-fake.ko'],
               'the guest\'s modules decoded', str(s.get('modules')))
        if case == 'msrdisagree':
            c = cmp.get('MSR_KVM_STEAL_TIME', {})
            ok(c.get('verdict') == 'MISMATCH' and '0x12340001' in c.get('why', ''),
               'MSR_KVM_STEAL_TIME differs: a MISMATCH with both values', str(c))
            ok(rc == 1, 'an MSR difference exits 1', 'exit %d' % rc)
            others = [m for m in MSRS if m != 'MSR_KVM_STEAL_TIME' and cmp[m]['verdict'] != 'ok']
            ok(not others, 'the other MSRs agree', ' '.join(others))
        if case == 'msrunknown':
            c = cmp.get('MSR_KVM_PV_EOI_EN', {})
            ok(c.get('verdict') == 'unknown' and 'could not read it: Input/output error'
               in c.get('why', ''), 'an MSR the guest could not read is unknown, with why', str(c))
        if case in ('good', 'disagree', 'msragree', 'msrdisagree', 'msrunknown'):
            ok(s.get('state') == 'ok', 'self-report decoded', s.get('note') or '')
            ok(s.get('release') == '6.99.0-fake', 'its release read', s.get('release', ''))
            for n in NAMES:
                want = sent[n] or None
                ok(seen[n] == want, 'fourth view of %s' % n, 'got %s, sent %s' % (seen[n], want))
            # Where the log and KVM saw nothing, the fourth view alone decides.
            rmodel = {d['name']: d['model'] for d in r['decisions']}
            for i, n in enumerate(NAMES):
                if r['decisions'][i].get('log') or r['decisions'][i].get('kvm'):
                    continue
                want = 'ok' if rmodel[n] == sent[n] else 'MISMATCH'
                ok(verdict[n] == want, '%s: seen only by the guest: %s' % (n, want),
                   'verdict %s, model %s, sent %s' % (verdict[n], rmodel[n], sent[n]))
            if case == 'disagree':
                ok(verdict['pv-ipi'] == 'MISMATCH', 'pv-ipi flipped is a MISMATCH',
                   verdict['pv-ipi'])
            bad = [n for n in NAMES if verdict[n] in ('MISMATCH', 'NOT SEEN')]
            bad += [m for m, c in cmp.items() if c['verdict'] == 'MISMATCH']
            ok(rc == (1 if bad else 0), 'exit code follows the verdicts',
               'exit %d, not agreeing: %s' % (rc, ' '.join(bad)))
        else:
            want = {'badsum': 'frame checksum mismatch',
                    'initnone': '/init ran but sent nothing',
                    'noinit': 'no self-report frame',
                    'oversize': 'more than a self-report can be'}[case]
            note = s.get('note') or ''
            ok(want in note, 'says why: %s' % want, note)
            backend = r['vm']['backend']
            if case == 'noinit' and 'kvm_pvm' in backend:
                ok(s.get('state') == 'not reached', 'not reached on %s' % backend, s.get('state'))
            else:
                ok(s.get('state') == 'MISSING', 'a missing self-report', s.get('state'))
                ok(rc == 1, 'exits 1', 'exit %d' % rc)
            ok(all(v is None for v in seen.values()), 'no fourth-view values kept')
    print('1..%d' % len(checks))
    for i, (good, name, why) in enumerate(checks, 1):
        print('%s %d %s%s' % ('ok' if good else 'not ok', i, name,
                               '' if good or not why else ' # ' + why))
    return 0 if all(c[0] for c in checks) else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv))
