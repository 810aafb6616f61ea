#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""One case of the qemu matrix suite: run pvprobe qemu --json with one set
of QEMU flags and check what must hold beyond its own exit code.

usage: qemu_case.py --list            the cases, from include/pv_features.h
       qemu_case.py CASE              run one (exit 0 pass, 1 fail, 77 skip)

Cases: off:PROPERTY for each QEMU property of the feature table (its bits
must be clear in QEMU's claim and in the guest), enforce:on / enforce:off
(with kvm-steal-time=off: MSR_KVM_STEAL_TIME #GP, or accepted and named),
cpu:host, cpu:qemu64, kvm-off, hv (hv-relaxed; QEMU 7.2 refuses hv-vpindex on
kvm_pvm: KVM's leaves at
0x40000100 where the host has KVM_CAP_HYPERV, else named as not moved).
"""
import json
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TABLE = os.path.join(HERE, '..', 'include', 'pv_features.h')
# Named in the feature table but no property of QEMU 7.2 (target/i386/cpu.c
# names FEAT_KVM bit 10 NULL): QEMU refuses "=off" with exit 2, measured.
ABSENT_IN_QEMU = {'kvm-asyncpf-vmexit'}
ROW = re.compile(r'^X\((EAX|EDX), (\d+), (\w+), (?:"([\w-]+)"|NULL),', re.M)


def properties():
    """{qemu property: [(reg, bit), ...]}; kvmclock is bits 0 and 3."""
    props = {}
    for reg, bit, _name, prop in ROW.findall(open(TABLE).read()):
        if prop:
            props.setdefault(prop, []).append((reg.lower(), int(bit)))
    return props


def cases():
    return (['off:' + p for p in sorted(properties())] +
            ['enforce:on', 'enforce:off', 'cpu:host', 'cpu:qemu64', 'kvm-off', 'hv'])


def cpu_arg(case):
    if case.startswith('off:'):
        return 'host,%s=off' % case[4:]
    return {'enforce:on': 'host,kvm-pv-enforce-cpuid=on,kvm-steal-time=off',
            'enforce:off': 'host,kvm-pv-enforce-cpuid=off,kvm-steal-time=off',
            'cpu:host': 'host', 'cpu:qemu64': 'qemu64', 'kvm-off': 'host,kvm=off',
            'hv': 'host,hv-relaxed'}[case]


def probe(d, name):
    for p in d['probes']:
        if p['probe'] == name:
            return p
    return None


def main():
    if sys.argv[1:] == ['--list']:
        print('\n'.join(cases()))
        return 0
    case = sys.argv[1]
    if not shutil.which(os.environ.get('PVPROBE_QEMU', 'qemu-system-x86_64')):
        print('SKIP: no qemu-system-x86_64')
        return 77
    if not os.access('/dev/kvm', os.R_OK | os.W_OK):
        print('SKIP: no usable /dev/kvm')
        return 77
    cmd = [os.environ['PVPROBE'], 'qemu', '--json', '--timeout', '60', '--', '-cpu', cpu_arg(case)]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=90)
    print('$', ' '.join(cmd), '->', r.returncode)
    sys.stdout.write(r.stderr)
    if r.returncode == 4:
        print('SKIP:', r.stderr.strip())
        return 77
    prop = case[4:] if case.startswith('off:') else None
    if prop in ABSENT_IN_QEMU and r.returncode == 2 and "Property 'host-x86_64-cpu.%s' not found" % prop in r.stderr:
        print('QEMU has no property %s: pvprobe passes its refusal on with exit 2, as it must' % prop)
        return 0
    if not r.stdout.strip():
        print('FAIL: no report (exit %d)' % r.returncode)
        return 1
    d = json.loads(r.stdout)
    q, g = d['qemu'], d['guest']
    print('QEMU claim eax %s edx %s, guest eax %s edx %s base %s, enforce %s' %
          (q['eax'], q['edx'], g['eax'], g['edx'], g['kvm_base'], q['kvm_pv_enforce_cpuid']))
    for x in d['differences']:
        print('  %s%s: %s' % ('' if x['explained'] else '!! ', x['layers'], x['text']))
    bad = []
    if r.returncode != 0:
        bad.append('exit %d: %s' % (r.returncode, d['verdict']))
    if case.startswith('off:'):
        for reg, bit in properties()[case[4:]]:
            for layer in ('qemu', 'guest'):
                if int(d[layer][reg], 16) >> bit & 1:
                    bad.append('%s=off, but bit %d of %s is set in %s' % (case[4:], bit, reg, layer))
    elif case.startswith('enforce:'):
        on = case == 'enforce:on'
        st = probe(d, 'msr.STEAL_TIME.enable')
        if q['kvm_pv_enforce_cpuid'] != on:
            bad.append('QEMU claims kvm-pv-enforce-cpuid=%s' % q['kvm_pv_enforce_cpuid'])
        if int(g['eax'], 16) >> 5 & 1:
            bad.append('STEAL_TIME still set in the guest')
        if not st or st['observed'] != ('#GP' if on else 'accept'):
            bad.append('msr.STEAL_TIME.enable: %s' % (st and st['observed']))
        if not on and not any('STEAL_TIME hidden in CPUID but msr.STEAL_TIME.enable accepted' in x['text']
                              for x in d['differences']):
            bad.append('the enforce=off difference is not named')
    elif case == 'kvm-off':
        if g['kvm_base'] != '0x00000000' or q['kvm']:
            bad.append('kvm=off, yet the guest finds KVM at %s' % g['kvm_base'])
    elif case == 'hv':
        if not q['hyperv']:
            bad.append('QEMU does not report hv-* on')
        moved = g['kvm_base'] == '0x40000100'
        named = any('KVM_CAP_HYPERV' in x['text'] for x in d['differences'])
        if not moved and not named:
            bad.append('KVM leaves at %s, and no reason given' % g['kvm_base'])
    elif case.startswith('cpu:'):
        if q['eax'] != g['eax']:
            bad.append('claim %s, guest %s' % (q['eax'], g['eax']))
    for b in bad:
        print('FAIL:', b)
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
