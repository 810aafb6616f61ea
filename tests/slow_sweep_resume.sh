#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# A sweep killed 20 times at varied points (SIGINT, SIGTERM, SIGKILL of the
# parent and of a job) and resumed each time ends with the totals and the
# mismatch lines of an uninterrupted run.  Prints every kill point used.
# Usage: slow_sweep_resume.sh PVPROBE   (exit 0 pass, 1 fail, 4 skip)
P=${1:-$PVPROBE}
D=$(mktemp -d /tmp/pvprobe-resume-XXXXXX) || exit 1
trap 'rm -rf "$D"' EXIT
SET="--random 60 --seed 11 --jobs 2"
# shellcheck disable=SC2086
timeout 120 "$P" sweep $SET --jsonl "$D/ref.jsonl" >"$D/ref.out" 2>&1
rc=$?
[ $rc -eq 4 ] && { echo "SKIP: no usable /dev/kvm"; exit 4; }
[ $rc -le 1 ] || { echo "FAIL: reference run exit $rc"; cat "$D/ref.out"; exit 1; }
summary() {	# the totals without the time, and the mismatch lines, sorted
	grep '"totals"' "$1" | sed 's/, "elapsed_ms": [0-9]*//'
	grep '"probe"' "$1" | sort
}
summary "$D/ref.jsonl" >"$D/ref.sum"
kills="INT TERM KILL JOBKILL"
i=0 first=1 delays="0.3 0.5 0.8 0.4 1.1 0.6 0.2 0.9 0.7 1.3"
while [ $i -lt 20 ]; do
	sig=$(echo $kills | cut -d' ' -f$((i % 4 + 1)))
	delay=$(echo $delays | cut -d' ' -f$((i % 10 + 1)))
	if [ $first = 1 ]; then opt="--jsonl"; else opt="--resume"; fi
	# shellcheck disable=SC2086
	timeout 120 "$P" sweep $SET $opt "$D/run.jsonl" >"$D/run.out" 2>&1 &
	pid=$!
	sleep "$delay"
	# timeout's child is the sweep; a job is the sweep's child
	sweep=$(pgrep -P $pid | head -1)
	case $sig in
	JOBKILL) job=; [ -n "$sweep" ] && job=$(pgrep -P "$sweep" | head -1); [ -n "$job" ] && kill -KILL "$job" ;;
	*) [ -n "$sweep" ] && kill -$sig "$sweep" ;;
	esac
	wait $pid
	rc=$?
	echo "kill point $((i + 1)): SIG$sig after ${delay} s ($opt): exit $rc"
	case "$sig:$rc" in
	INT:130|TERM:143|KILL:137|JOBKILL:1|*:0) ;;
	*) echo "FAIL: unexpected exit"; cat "$D/run.out"; exit 1 ;;
	esac
	first=0
	if [ $rc -eq 0 ] || { [ $rc -eq 1 ] && [ $sig != JOBKILL ]; }; then
		# finished before the kill: check it, and start the next sweep afresh
		summary "$D/run.jsonl" >"$D/run.sum"
		cmp -s "$D/ref.sum" "$D/run.sum" || { echo "FAIL: resumed sweep differs"; diff "$D/ref.sum" "$D/run.sum"; exit 1; }
		echo "  finished: equal to the uninterrupted run"
		first=1
	fi
	i=$((i + 1))
done
# shellcheck disable=SC2086
timeout 120 "$P" sweep $SET --resume "$D/run.jsonl" >"$D/run.out" 2>&1
rc=$?
[ $rc -le 1 ] || { echo "FAIL: last resume exit $rc"; cat "$D/run.out"; exit 1; }
summary "$D/run.jsonl" >"$D/run.sum"
if ! cmp -s "$D/ref.sum" "$D/run.sum"; then
	echo "FAIL: the resumed sweep differs from the uninterrupted one"
	diff "$D/ref.sum" "$D/run.sum"
	exit 1
fi
"$P" sweep --merge "$D/run.jsonl" >/dev/null || [ $? -eq 1 ] || { echo "FAIL: --merge refused the resumed shard"; exit 1; }
echo "PASS: 20 kills, resumed; totals and mismatches equal the uninterrupted run's"
cat "$D/ref.sum" | head -3
