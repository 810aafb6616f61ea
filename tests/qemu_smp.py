#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The PVH guest's AP bring-up under QEMU (guest_code/pvh/pvh_smp.c): run
pvprobe qemu --json and check what the guest reported about its CPUs.

usage: qemu_smp.py CASE        (exit 0 pass, 1 fail, 77 skip)

Cases:
  tcg-1  -accel tcg -smp 1: one CPU found, no AP, nothing started
  tcg-2  -accel tcg -smp 2: CPUs 0 and 1 from the MADT, AP 1 started (xAPIC
         MMIO: TCG in QEMU 7.2 has no x2APIC), its own CPUID says APIC ID 1
  tcg-3  -accel tcg -smp 3: the AP is the highest APIC ID, 2
  kvm-2  -accel kvm -smp 2: AP 1 started; KICK_CPU_WAKES and
         SEND_IPI_DELIVERED judged as the model says (a known deviation
         counts), or not run because this backend's hypercalls hang
         (kvm_pvm: XFAIL-style reason named), never "AP did not start"
"""
import json
import os
import shutil
import subprocess
import sys

CASES = {
    'tcg-1': (['-accel', 'tcg', '-smp', '1'], 1, None),
    'tcg-2': (['-accel', 'tcg', '-smp', '2'], 2, 1),
    'tcg-3': (['-accel', 'tcg', '-smp', '3'], 3, 2),
    'kvm-2': (['-accel', 'kvm', '-cpu', 'host', '-smp', '2'], 2, 1),
}


def fail(msg):
    print('FAIL:', msg)
    return 1


def probe(d, name):
    return next((p for p in d['probes'] if p['probe'] == name), None)


def main():
    case = sys.argv[1]
    args, cpus, ap = CASES[case]
    if not shutil.which(os.environ.get('PVPROBE_QEMU', 'qemu-system-x86_64')):
        print('SKIP: no qemu-system-x86_64')
        return 77
    if case.startswith('kvm') and not os.access('/dev/kvm', os.R_OK | os.W_OK):
        print('SKIP: no usable /dev/kvm')
        return 77
    cmd = [os.environ['PVPROBE'], 'qemu', '--json', '--timeout', '90', '--'] + args
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    print('$', ' '.join(cmd), '->', r.returncode)
    sys.stdout.write(r.stderr)
    if r.returncode == 4:
        print('SKIP:', r.stderr.strip())
        return 77
    try:
        d = json.loads(r.stdout)
    except ValueError:
        return fail('no JSON on stdout: %r' % r.stdout[:200])
    smp = d['smp']
    print('smp:', json.dumps(smp))
    if not smp['known']:
        return fail('the guest sent no SMP record')
    if smp['cpus'] != cpus or smp['apic_ids'] != list(range(cpus)):
        return fail('CPUs %s, expected APIC IDs 0..%d' % (smp['apic_ids'], cpus - 1))
    if smp['source'] != 'madt':
        return fail('CPUs from %s, not the MADT SeaBIOS installs' % smp['source'])
    if ap is None:
        if smp['ap_started']:
            return fail('an AP started with one CPU')
        return 0 if r.returncode == 0 else fail('exit %d' % r.returncode)
    if not smp['ap_started']:
        return fail('AP did not start: %s' % smp['ap_status'])
    if smp['ap_apic_id'] != ap or smp['ap_cpuid_apic_id'] != ap:
        return fail('AP APIC ID %d (its CPUID: %d), expected %d' %
                    (smp['ap_apic_id'], smp['ap_cpuid_apic_id'], ap))
    if not 0 < smp['ap_start_us'] < 5000000:
        return fail('AP start time %d us' % smp['ap_start_us'])
    if case.startswith('tcg'):
        if smp['lapic'] != 'xapic':
            return fail('lapic %s under TCG' % smp['lapic'])
        return 0 if r.returncode == 0 else fail('exit %d: %s' % (r.returncode, d['verdict']))
    # KVM: the pairs ran against the AP, or were kept out by a known hang.
    for name in ('hypercall.KICK_CPU_WAKES', 'hypercall.SEND_IPI_DELIVERED'):
        p = probe(d, name)
        if p is None:
            return fail('no row %s' % name)
        why = p.get('not_run', '')
        print(name, p['observed'], p['verdict'], why)
        if why:
            if 'AP did not start' in why or 'never completes' not in why:
                return fail('%s not run: %s' % (name, why))
        elif p['verdict'] == 'mismatch':
            return fail('%s: expected %s, got %s' % (name, p['expected'], p['observed']))
    return 0


if __name__ == '__main__':
    sys.exit(main())
