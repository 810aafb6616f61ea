#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# meson test --benchmark: the time a Linux guest takes to its last PV
# decision, booted by 'pvprobe boot' and by QEMU with KVM (same kernel, the
# equivalent -cpu flags), measured in one run, medians side by side.
#
# usage: tests/bench_boot.sh PVPROBE KERNEL [RUNS] [MASK QEMU_FLAGS]
#   e.g. tests/bench_boot.sh build/vmm/pvprobe build/guest-kernel/vmlinuz 3 \
#            -STEAL_TIME kvm-steal-time=off
#
# Both sides time wall seconds from the start to the console line of the
# last PV decision (kvm-guest:, kvm-clock:, Hypervisor detected, APIC: eoi(),
# clocksource switches).  QEMU boots the vmlinux through its PVH entry
# (tests/bench_qemu_boot.sh --pvh), so neither side runs the bzImage's
# in-guest decompressor.  Exit 4 (SKIP) without the kernel; the QEMU column
# says "not installed" without qemu-system-x86_64.
set -u -o pipefail

pv=${1:?usage: bench_boot.sh PVPROBE KERNEL [RUNS] [MASK QEMU_FLAGS]}
kernel=${2:?usage: bench_boot.sh PVPROBE KERNEL [RUNS] [MASK QEMU_FLAGS]}
runs=${3:-3}
mask=${4:-host}
qflags=${5:-}
here=$(cd "$(dirname "$0")" && pwd)

if [ ! -r "$kernel" ]; then
	echo "SKIP: no guest kernel at $kernel (run ci/guest-kernel)"
	exit 4
fi

median() { sort -n | awk '{ v[NR] = $1 } END { if (!NR) { print "-"; exit } m = int((NR + 1) / 2); if (NR % 2) print v[m]; else printf "%.3f\n", (v[m] + v[m + 1]) / 2 }'; }

pv_times=() end_times=()
for i in $(seq 1 "$runs"); do
	out=$("$pv" boot --kernel "$kernel" --mask "$mask" --json 2>/dev/null)
	rc=$?
	line=$(printf '%s' "$out" | python3 -c '
import json, sys
try:
    b = json.load(sys.stdin)["boot"]
    print("%.3f %.3f %s" % (b["last_pv_line_ms"] / 1000, b["boot_ms"] / 1000, b["end"]))
except Exception:
    print("- - no-json")')
	set -- $line
	echo "pvprobe run $i/$runs: pv_last_s=$1 end_s=$2 end=$3 rc=$rc"
	[ "$1" != "-" ] && pv_times+=("$1") && end_times+=("$2")
done
pv_med=$(printf '%s\n' "${pv_times[@]}" | median)
end_med=$(printf '%s\n' "${end_times[@]}" | median)

qemu_med="not installed"
if command -v qemu-system-x86_64 >/dev/null 2>&1; then
	qargs=(--kernel "$kernel" --pvh --runs "$runs")
	[ -n "$qflags" ] && qargs+=(--qemu-flags "$qflags")
	qout=$(bash "$here/bench_qemu_boot.sh" "${qargs[@]}" 2>&1)
	printf '%s\n' "$qout" | grep -E '^run ' | sed 's/^/qemu /'
	qemu_med=$(printf '%s\n' "$qout" | sed -n 's/^median_s=//p' | tail -n 1)
	[ -n "$qemu_med" ] || qemu_med="failed"
fi

echo "mask $mask (QEMU: ${qflags:-host flags}), $runs runs each, medians to the last PV decision line:"
echo "  pvprobe boot: ${pv_med} s (its end marker at ${end_med} s)"
echo "  QEMU -accel kvm: ${qemu_med} s"
if [[ "$pv_med" =~ ^[0-9.]+$ && "$qemu_med" =~ ^[0-9.]+$ ]]; then
	awk -v a="$pv_med" -v b="$qemu_med" 'BEGIN { printf "  ratio pvprobe/QEMU: %.2f\n", a / b }'
fi
[ "${#pv_times[@]}" -gt 0 ]
