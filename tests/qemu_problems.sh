#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# pvprobe qemu's failures, each within its deadline with its message and
# exit code: a -cpu string QEMU refuses (2, QEMU's own message; the real
# QEMU when there is one), a missing QEMU (4), a guest that never reports
# (1 at the deadline, QEMU killed and reaped), a result stream cut short
# and garbage (1).  tests/fake_qemu.py plays the misbehaving QEMU.
# usage: qemu_problems.sh CASE   (meson: 77 = skip without /dev/kvm)
set -u
PVPROBE=${PVPROBE:?set PVPROBE}
FAKE=$(dirname "$0")/fake_qemu.py
[ -r /dev/kvm ] && [ -w /dev/kvm ] || { echo "SKIP: no usable /dev/kvm"; exit 77; }

run() {	# expected-rc max-seconds expected-stderr-pattern pvprobe-args...
	local want=$1 max=$2 pat=$3 start ms rc err
	shift 3
	PIDFILE=/tmp/qemu_problems.$$.pid
	rm -f "$PIDFILE"
	export FAKE_QEMU_PIDFILE=$PIDFILE
	start=$(date +%s%N)
	timeout 60 "$PVPROBE" qemu "$@" >/tmp/qemu_problems.$$.out 2>/tmp/qemu_problems.$$.err
	rc=$?
	ms=$((($(date +%s%N) - start) / 1000000))
	err=$(cat /tmp/qemu_problems.$$.err /tmp/qemu_problems.$$.out)
	rm -f /tmp/qemu_problems.$$.out /tmp/qemu_problems.$$.err
	echo "exit $rc in $ms ms: $err" | head -5
	[ "$rc" = "$want" ] || { echo "FAIL: exit $rc, want $want"; exit 1; }
	echo "$err" | grep -qE "$pat" || { echo "FAIL: no /$pat/ in the output"; exit 1; }
	[ "$ms" -lt $((max * 1000)) ] || { echo "FAIL: took more than $max s"; exit 1; }
	# The stand-in QEMU must be gone: killed and reaped, not left running
	# (kill -0 fails for a pid that no longer exists).
	if [ -s "$PIDFILE" ]; then
		pid=$(cat "$PIDFILE")
		rm -f "$PIDFILE"
		! kill -0 "$pid" 2>/dev/null || { echo "FAIL: QEMU (pid $pid) left running"; exit 1; }
	fi
	echo "ok"
}

case ${1:?case} in
bad-cpu)
	if command -v qemu-system-x86_64 >/dev/null; then
		run 2 30 "QEMU refused its arguments.*unable to find CPU model 'bogus'" -- -cpu bogus
	else
		FAKE_QEMU_MODE=badcpu run 2 10 "unable to find CPU model 'bogus'" --qemu "$FAKE" -- -cpu bogus
	fi ;;
missing-qemu)
	run 4 5 "SKIP: QEMU binary '/nonexistent/qemu' not found" --qemu /nonexistent/qemu -- -cpu host ;;
never-reports)
	FAKE_QEMU_MODE=hang run 1 8 "the guest never finished: QEMU killed at the .* ms deadline" \
		--timeout 3 --qemu "$FAKE" -- -cpu host ;;
cut-short)
	FAKE_QEMU_MODE=truncate run 1 10 "bad result stream .*stream cut short at byte 0: the page needs 4096 bytes, 100 left" \
		--qemu "$FAKE" -- -cpu host ;;
garbage)
	FAKE_QEMU_MODE=garbage run 1 10 "bad result stream .*garbage at byte 0" --qemu "$FAKE" -- -cpu host ;;
*)
	echo "unknown case $1"; exit 2 ;;
esac
