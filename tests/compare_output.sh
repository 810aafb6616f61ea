#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# usage: tests/compare_output.sh OLD_PVPROBE NEW_PVPROBE
#
# Runs the same deterministic command lines with two pvprobe binaries and
# compares what each printed: stdout, stderr, the exit code and any file
# it wrote (--svg, --jsonl, --console).  Only timing fields are masked
# (elapsed and load times, rates, ETAs, the sweep's progress lines, the
# RIP at which a spinning vCPU was kicked).  One
# line per command, OK or DIFF (with the first lines of the difference);
# exit 0 when everything is the same, 1 on any difference, 2 on bad usage.
# A few command lines are declared changed on purpose (changed, below,
# with the reason): they print CHANGED and their diff, and do not fail.
#
# For restructuring the output layer: text, --json, --tap, --markdown,
# --svg and --jsonl must stay byte for byte what they were.  Commands that
# need /dev/kvm are reported SKIP without it.  pvprobe boot runs tiny
# vmlinux images written here (a console that prints a few of Linux's PV
# lines, and a hung guest), not a real kernel: each takes well under a
# second.
set -u

if [ $# -ne 2 ] || [ ! -x "$1" ] || [ ! -x "$2" ]; then
	echo "usage: $0 OLD_PVPROBE NEW_PVPROBE (two executables)" >&2
	exit 2
fi
old=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
new=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
data=$(cd "$(dirname "$0")" && pwd)/data
tmp=$(mktemp -d /tmp/pvprobe-compare.XXXXXX) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir "$tmp/in"
kvm=0
[ -r "${PVPROBE_DEV_KVM:-/dev/kvm}" ] && [ -w "${PVPROBE_DEV_KVM:-/dev/kvm}" ] && kvm=1

# Tiny vmlinux ELFs (one PT_LOAD at 16 MiB, entered in 64-bit mode as
# pvprobe boot enters a real kernel).  "console": write a message to the
# 16550A at 0x3f8 byte by byte, then cli; hlt forever.  "hang": cli; jmp .
python3 - "$tmp/in" <<'EOF'
import struct, sys
LOAD = 0x1000000
def vmlinux(path, code):
    eh = struct.pack('<16sHHIQQQIHHHHHH', b'\x7fELF\x02\x01\x01' + b'\0' * 9,
                     2, 62, 1, LOAD, 64, 0, 0, 64, 56, 1, 0, 0, 0)
    ph = struct.pack('<IIQQQQQQ', 1, 5, 4096, LOAD, LOAD, len(code), len(code), 4096)
    with open(path, 'wb') as f:
        f.write((eh + ph).ljust(4096, b'\0') + code)
# cli; lea msg(%rip),%rsi; mov $0x3f8,%dx; 1: lodsb; test %al,%al; jz 2f;
# out %al,(%dx); jmp 1b; 2: hlt; jmp 2b; msg: ...
console = bytes([0xfa, 0x48, 0x8d, 0x35]) + struct.pack('<i', 15) + bytes([
    0x66, 0xba, 0xf8, 0x03, 0xac, 0x84, 0xc0, 0x74, 0x03, 0xee, 0xeb, 0xf8,
    0xf4, 0xeb, 0xfd])
msg = ('Linux version 6.99.0-compare (pvprobe) #1 SMP\r\n'
       'Hypervisor detected: KVM\n'
       'kvm-clock: Using msrs 4b564d01 and 4b564d00\n'
       'kvm-guest: PV spinlocks disabled, single CPU\n'
       'clocksource: Switched to clocksource kvm-clock\x01\n'
       'smp: Brought up 1 node, 1 CPU\n')
vmlinux(sys.argv[1] + '/console.vmlinux', console + msg.encode() + b'\0')
vmlinux(sys.argv[1] + '/hang.vmlinux', bytes([0xfa, 0xeb, 0xfe]))
EOF
[ $? -eq 0 ] || { echo "$0: python3 could not write the test kernels" >&2; exit 2; }
printf 'none,+STEAL_TIME\n-ASYNC_PF_INT\n' > "$tmp/in/masks"

# One CPU for both: KVM_GET_SUPPORTED_CPUID reports the APIC ID of the CPU
# the ioctl ran on (leaf 1 ebx), which every programmed table carries.
pin=
command -v taskset > /dev/null && pin="taskset -c 0 "
# A command whose outputs differ runs again, both sides, up to RUNS (5) times,
# and passes when some output of one binary is an output of the other: on
# kvm_pvm a probe that hangs gets a 50 ms deadline (vmm/probe/check.h), and
# on a loaded machine one near it can end either way (the same binary gave
# 4 different check --tap in 6 runs at load 11).  A renderer's difference is
# in every output of the new binary, so none of them is one the old printed.
RUNS=${RUNS:-5}

# Timing is all that may differ between two runs of the same binary: the
# times, and where a vCPU that had to be kicked was when the watchdog fired
# (on kvm_pvm a CPL-0 hypercall spins, and a loaded host kicks it at one
# instruction or another of its path).
mask() {
	sed -E \
	    -e 's/(timeout @|RIP )0x[0-9a-f]+/\10xRIP/g' \
	    -e 's/\(([0-9]+) ms\)$/(N ms)/' \
	    -e 's/, [0-9]+ ms$/, N ms/' \
	    -e 's/loaded in [0-9]+ ms/loaded in N ms/' \
	    -e 's/(after|from|at) [0-9]+\.[0-9] s/\1 N s/g' \
	    -e 's/in [0-9]+\.[0-9] s: [0-9]+\/s/in N s: N\/s/' \
	    -e 's/"(elapsed_ms|load_ms|boot_ms|first_console_ms|last_pv_line_ms)": [0-9]+/"\1": N/g' \
	    -e '/^sweep: [0-9]+\/[0-9]+, /d' \
	    "$1"
}

n=0 ok=0 bad=0 skip=0 changed=0 why=
# run SIDE N 'SHELL COMMAND': its outputs, masked, in $tmp/SIDE/N.
run() {
	d=$tmp/$1/$2
	rm -rf "$d"
	mkdir -p "$d/files"
	eval "bin=\$$1"
	(cd "$d/files" && P="$pin$bin" IN=$tmp/in timeout 300 sh -c "$3" \
		> "$d/stdout" 2> "$d/stderr"; echo "exit $?" > "$d/rc")
	for f in "$d/stdout" "$d/stderr" "$d"/files/*; do
		[ -f "$f" ] || continue
		case $f in
		# A --jsonl file is compared as a set of lines after its header:
		# with two jobs its records come in the jobs' finishing order,
		# which differs between two runs of the same binary.
		*.jsonl) { mask "$f" | head -n 1; mask "$f" | tail -n +2 | LC_ALL=C sort; } \
				> "$f.masked" ;;
		*) mask "$f" > "$f.masked" ;;
		esac
	done
	(cd "$d" && find . -name '*.masked' -o -name rc | sort) > "$d.list"
}

# same A B: did runs $tmp/old/A and $tmp/new/B print the same?
same() {
	cmp -s "$tmp/old/$1.list" "$tmp/new/$2.list" || return 1
	while read -r f; do
		cmp -s "$tmp/old/$1/$f" "$tmp/new/$2/$f" || return 1
	done < "$tmp/old/$1.list"
}

# compare any|kvm 'SHELL COMMAND': $P is the pvprobe under test, $IN the inputs.
compare() {
	n=$((n + 1))
	if [ "$1" = kvm ] && [ $kvm = 0 ]; then
		printf 'SKIP %s (no usable /dev/kvm)\n' "$2"
		skip=$((skip + 1))
		return
	fi
	t=0
	while [ $t -lt $RUNS ]; do
		t=$((t + 1))
		run old $n.$t "$2"
		run new $n.$t "$2"
		# this run of either side against every run of the other so far
		i=0
		while [ $i -lt $t ]; do
			i=$((i + 1))
			if same $n.$t $n.$i || same $n.$i $n.$t; then
				if [ $t = 1 ]; then
					printf 'OK   %s\n' "$2"
				else
					printf 'OK   %s (an output both printed, within %d runs each)\n' "$2" $t
				fi
				ok=$((ok + 1))
				return
			fi
		done
	done
	if [ -n "${why:-}" ]; then
		printf 'CHANGED %s (%s)\n' "$2" "$why"
		changed=$((changed + 1))
	else
		printf 'DIFF %s\n' "$2"
		bad=$((bad + 1))
	fi
	o=$tmp/old/$n.1 w=$tmp/new/$n.1
	diff -u "$o.list" "$w.list" | sed 's/^/     /' | head -5
	while read -r f; do
		[ -f "$w/$f" ] || continue
		diff -u --label "old/$f" --label "new/$f" "$o/$f" "$w/$f" |
			head -20 | cut -c1-300 | sed 's/^/     /'
	done < "$o.list"
}

# changed any|kvm 'SHELL COMMAND' 'WHY': a deliberate change of its output.
changed() {
	why=$3
	compare "$1" "$2"
	why=
}

# No KVM needed.
compare any '$P features'
compare any '$P features --json'
compare any '$P features --markdown'
compare any '$P probes'
compare any '$P probes --json'
compare any '$P probes --markdown'
compare any 'PVPROBE_DEV_KVM=/nonexistent $P check --tap'
compare any 'PVPROBE_DEV_KVM=/nonexistent PVPROBE_MESON=1 $P check --tap'
compare any 'PVPROBE_DEV_KVM=/nonexistent $P host --json'
compare any 'PVPROBE_GUEST_KERNEL=/nonexistent/vmlinuz $P boot --tap'
compare any '$P check --json --tap'
compare any '$P probes --json --markdown'
compare any '$P host --json=1'
compare any '$P sweep --exhaustive --shard 65536/65536 --list'
compare any '$P sweep --random 20 --seed 3 --hints realtime --list'
compare any '$P sweep --covering 3 --list'
for c in host guest check replay bisect cpuid-verify probes features; do
	compare any "\$P $c --help"
done
changed any '$P boot --help' 'names --self-module FILE (the msr driver for the self-check initramfs)'
# The output layer (vmm/report/format.c) writes every usage line and
# format help line from its table: sweep's now names --svg, and its two
# file formats are listed together.
changed any '$P sweep --help' 'usage line from the format table: adds --svg'
# One option parser for every command's formats: one message for two of them.
changed any '$P boot --kernel /dev/null --json --tap' \
	'"--json and --tap: choose one" is now "exclude each other", as check says it'


# The host and guest views.
compare kvm '$P host'
compare kvm '$P host --json'
compare kvm '$P guest'
compare kvm '$P guest --json'
compare kvm '$P guest --mask -STEAL_TIME --disable-exits hlt --vcpus 2'
compare kvm '$P guest --mask -STEAL_TIME --disable-exits hlt --json'
compare kvm '$P guest --layout hyperv --json'
compare kvm '$P guest --layout none'
compare kvm '$P guest --layout xen,eax=0x0 --no-enforce'

# check: every row, and a forced mismatch (--expect) with its reproduce line.
compare kvm '$P check'
compare kvm '$P check --json'
compare kvm '$P check --tap'
compare kvm '$P check --mask none --tap'
compare kvm '$P check --mask none --hints realtime --no-enforce'
compare kvm '$P check --vcpus 1 --tap'
compare kvm '$P check --vcpus 1 --json'
compare kvm "\$P check --expect 'msr.STEAL_TIME.read=#GP' --timeout 1000"
compare kvm "\$P check --expect 'msr.STEAL_TIME.read=#GP' --json"
compare kvm "\$P check --expect 'msr.STEAL_TIME.read=#GP' --tap"

# cpuid-verify, replay.
compare kvm '$P cpuid-verify'
compare kvm '$P cpuid-verify --json'
compare kvm '$P cpuid-verify --layout xen --disable-exits hlt'
compare kvm "\$P replay '$data/cpuid/this-machine-1r.txt'"
compare kvm "\$P replay '$data/cpuid/this-machine-1r.txt' --json"
compare kvm "\$P replay '$data/cpuid/this-machine-r.txt' --no-enforce --vcpus 1"

# bisect, as tests/kvm_bisect.c runs it.
compare kvm '$P bisect --good none --bad all --probe check.APF_VMEXIT_BIT'
compare kvm '$P bisect --good none --bad all --probe check.APF_VMEXIT_BIT --json'
compare kvm '$P bisect --good none --bad all --probe msr.STEAL_TIME.read --json'
compare kvm '$P bisect --good all --bad none --probe msr.STEAL_TIME.read --no-enforce'
compare kvm '$P bisect --good none --bad none'
compare kvm '$P bisect --good none --bad all --probe hypercall.FROM_RING3'

# sweep: text, --jsonl (a file and stdout), --svg, shards and --merge.
compare kvm '$P sweep --random 200 --seed 1 --jobs 2'
compare kvm '$P sweep --random 200 --seed 1 --jobs 2 --svg heat.svg --jsonl m.jsonl'
compare kvm '$P sweep --random 50 --seed 1 --jobs 1 --jsonl -'
compare kvm '$P sweep --pairwise --jobs 2'
compare kvm '$P sweep --covering 3 --jobs 2 --jsonl c.jsonl'
compare kvm '$P sweep --masks "$IN/masks" --jobs 1'
compare kvm 'for i in 1 2 3; do $P sweep --random 60 --shard $i/3 --jobs 1 --jsonl s$i.jsonl; done; $P sweep --merge s1.jsonl s2.jsonl s3.jsonl'
compare kvm '$P sweep --random 20 --shard 1/2 --jobs 1 --jsonl s1.jsonl; $P sweep --merge s1.jsonl'

# boot: the console kernel (decisions seen, some mismatching), its
# --expect lines, and a hung guest (a stall, with the console's tail).
for fmt in '' --json --tap; do
	compare kvm "\$P boot --kernel \"\$IN/console.vmlinux\" --vcpus 1 --stall 5 --timeout 30 $fmt"
done
compare kvm '$P boot --kernel "$IN/console.vmlinux" --vcpus 1 --stall 5 --expect pv-spinlocks=off-single-cpu --expect haltpoll=on --expect kvm-clock=new-msrs --tap --console log.txt'
compare kvm '$P boot --kernel "$IN/console.vmlinux" --vcpus 1 --stall 5 --expect pv-spinlocks=on --expect haltpoll=off --json'
compare kvm '$P boot --kernel "$IN/console.vmlinux" --vcpus 1 --stall 5 --mask none --hints realtime --layout hyperv --expect pv-ipi=off'
compare kvm '$P boot --kernel "$IN/hang.vmlinux" --vcpus 1 --stall 1 --timeout 30'
compare kvm '$P boot --kernel "$IN/hang.vmlinux" --vcpus 1 --stall 1 --timeout 30 --tap'

printf '%d commands: %d OK, %d DIFF, %d CHANGED on purpose, %d SKIP\n' \
	"$n" "$ok" "$bad" "$changed" "$skip"
[ $bad = 0 ]
