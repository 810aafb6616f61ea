#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Fail the build if the guest image contains an SSE/AVX/x87-state instruction.

On kvm_pvm one vectorised instruction in guest code turns into
KVM_EXIT_INTERNAL_ERROR on kvm_pvm (ci/README.md, "This machine's KVM"), so the image must be
general-registers-only.  usage: check_no_simd.py OBJDUMP ELF STAMP
"""
import re
import subprocess
import sys

# Any vector register operand, or an instruction that touches SIMD/FPU state
# without naming a register.
VECTOR_REG = re.compile(r'%(?:[xyz]mm\d+|mm\d|k[0-7]\b|st(?:\(\d\))?\b)')
STATE_INSN = re.compile(r'\s(?:ldmxcsr|stmxcsr|fxsave|fxrstor|xsave\w*|xrstor\w*|'
                        r'vzeroupper|vzeroall|emms|fninit|fld\w*|fst\w*)\b')


def main():
    objdump, elf, stamp = sys.argv[1:4]
    out = subprocess.run([objdump, '-d', '--no-show-raw-insn', elf],
                         check=True, capture_output=True, text=True).stdout
    bad = [l.strip() for l in out.splitlines()
           if VECTOR_REG.search(l) or STATE_INSN.search(l)]
    if bad:
        sys.stderr.write('%s: %d SIMD/FPU instruction(s) in the guest image; '
                         'build guest code with -mgeneral-regs-only:\n' % (elf, len(bad)))
        for l in bad[:20]:
            sys.stderr.write('  %s\n' % l)
        return 1
    with open(stamp, 'w') as f:
        f.write('ok: no SIMD/FPU instruction in %s\n' % elf)
    return 0


if __name__ == '__main__':
    sys.exit(main())
