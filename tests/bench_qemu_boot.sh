#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Boot a Linux guest kernel in QEMU with KVM and time its PV decisions: the
# reference for 'pvprobe boot' (same kernel, same kind of command line).
#
# usage: tests/bench_qemu_boot.sh --kernel PATH [--runs N] [--smp N]
#            [--qemu-flags 'kvm-steal-time=off,...'] [--append '...']
#            [--cmdline '...'] [--pvh] [--mem SIZE] [--timeout S] [--log FILE]
#
#   --kernel PATH   a bzImage (ci/guest-kernel puts one in
#                   build/guest-kernel/vmlinuz) or an uncompressed vmlinux
#                   ELF with a PVH note (booted through QEMU's PVH entry)
#   --runs N        boots (default 5)
#   --smp N         vCPUs (default 2: PV spinlocks, PV TLB flush and PV sched
#                   yield need at least 2)
#   --qemu-flags F  added to -cpu host,-arch-capabilities (QEMU 7.2 here
#                   needs -arch-capabilities), e.g. kvm-pv-sched-yield=off,
#                   kvm-steal-time=off
#   --append A      added to the guest command line (default: console=ttyS0
#                   panic=-1 noxsave clearcpuid=cx16; no disk, so the boot
#                   ends in the root-mount panic and -no-reboot ends QEMU)
#   --cmdline C     the guest command line instead of that default
#   --pvh           unpack the vmlinux ELF from the bzImage (zstd, xz,
#                   gzip, lz4) and boot that through the PVH entry: skips
#                   the bzImage's own decompressor
#   --mem SIZE      guest RAM (default 256M)
#   --timeout S     per boot, seconds (default 600); every QEMU runs under
#                   timeout(1)
#   --log FILE      the first run's serial console, as printed
#
# Times are wall seconds from QEMU's start until a line appears on the serial
# console.  Per run, one line:
#   run I/N: pv_last_s=T clocksource_s=T panic_s=T end=WHAT@T wall_s=T guest_s=T last_pv="..."
# pv_last_s: the last PV decision line (Hypervisor detected, kvm-clock,
# kvm-guest: ..., Switched to clocksource, cpuidle governor);
# clocksource_s: the last "clocksource: Switched to clocksource"; panic_s:
# "VFS: Unable to mount root fs" or "Kernel panic - not syncing" (the end
# marker: every PV decision comes before it); end: panic, or what stopped the
# guest before it (kvm-internal-error: QEMU's "KVM internal error", then the
# guest is stopped; timeout; qemu-exit-RC); guest_s: the printk time stamp
# of the last PV line (the guest prints its early lines before its console
# is up and replays them when it is).  "-": never seen.
# Last line: median_s=X.XXX, the median pv_last_s.
#
# Exit: 0 every run reached the end marker; 1 a run did not (the medians
# are still printed: they then time the last PV line the guest got to);
# 2 bad usage; 4 skipped (qemu-system-x86_64 not installed, no usable
# /dev/kvm, no decompressor for --pvh: "SKIP: reason").  Installs nothing.
set -u -o pipefail
shopt -s extglob

QEMU=qemu-system-x86_64
BASE_APPEND="console=ttyS0 panic=-1 noxsave clearcpuid=cx16"
# The lines that carry a PV decision of the guest (vmm/linux/linux_guest.h).
PV_RE='Hypervisor detected|kvm-clock: Using msrs|kvm-guest: |Booting paravirtualized kernel|clocksource: Switched to clocksource|cpuidle: using governor|haltpoll'
CS_RE='clocksource: Switched to clocksource'
PANIC_RE='VFS: Unable to mount root fs|Kernel panic - not syncing'

say() { printf '%s\n' "$*" >&2; }
usage() { sed -n '/^# usage:/,/^# 2 bad usage/s/^# \{0,1\}//p' "$0"; }
usage_error() {
	say "bench_qemu_boot: $*"
	say "usage: tests/bench_qemu_boot.sh --kernel PATH [--runs N] [--smp N] [--qemu-flags F] [--append A] (--help for more)"
	exit 2
}
skip() { printf 'SKIP: %s\n' "$*"; exit 4; }

kernel="" runs=5 smp=2 qflags="" append="" pvh=0 mem=256M tmo=600 logfile=""
base=$BASE_APPEND
while [ $# -gt 0 ]; do
	case $1 in
	--kernel | --runs | --smp | --qemu-flags | --append | --cmdline | --mem | --timeout | --log)
		[ $# -ge 2 ] || usage_error "$1 needs a value"
		case $1 in
		--kernel) kernel=$2 ;;
		--runs) runs=$2 ;;
		--smp) smp=$2 ;;
		--qemu-flags) qflags=$2 ;;
		--append) append=$2 ;;
		--cmdline) base=$2 ;;
		--mem) mem=$2 ;;
		--timeout) tmo=$2 ;;
		--log) logfile=$2 ;;
		esac
		shift 2
		;;
	--pvh) pvh=1; shift ;;
	-h | --help) usage; exit 0 ;;
	*) usage_error "unknown argument '$1'" ;;
	esac
done
[ -n "$kernel" ] || usage_error "--kernel is required"
[ -f "$kernel" ] || usage_error "--kernel $kernel: no such file"
for n in "$runs" "$smp" "$tmo"; do
	[[ $n =~ ^[1-9][0-9]*$ ]] || usage_error "'$n' is not a positive number"
done

command -v "$QEMU" >/dev/null 2>&1 || skip "$QEMU not installed (ci/kvm-host installs qemu-system-x86)"
command -v timeout >/dev/null 2>&1 || skip "timeout(1) not installed"
[ -c /dev/kvm ] || skip "no /dev/kvm"
if [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
	skip "/dev/kvm is not readable and writable for $(id -un)"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench_qemu_boot.XXXXXX") || exit 1
qpid=""
# shellcheck disable=SC2317  # (called by the EXIT trap)
cleanup() {
	[ -z "$qpid" ] || kill -TERM "$qpid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# "HdrS" at 0x202: a bzImage.
is_bzimage() { [ "$(dd if="$1" bs=1 skip=514 count=4 2>/dev/null)" = HdrS ]; }
u32_at() { od -An -tu4 -j "$2" -N 4 "$1" | tr -d ' '; }

# bzImage -> vmlinux ELF, through the payload fields of the setup header
# (Documentation/arch/x86/boot.rst: payload_offset 0x248, payload_length
# 0x24c, from the protected-mode code at (setup_sects + 1) * 512).
unpack_vmlinux() {
	local bz=$1 out=$2 sects pm off len magic tool
	sects=$(od -An -tu1 -j 497 -N 1 "$bz" | tr -d ' ')
	[ "$sects" != 0 ] || sects=4
	pm=$(((sects + 1) * 512))
	off=$(u32_at "$bz" 584)
	len=$(u32_at "$bz" 588)
	dd if="$bz" of="$tmp/payload" bs=64K iflag=skip_bytes,count_bytes \
		skip=$((pm + off)) count="$len" status=none || return 1
	magic=$(od -An -tx1 -N 4 "$tmp/payload" | tr -d ' ')
	# All but gzip have the uncompressed size appended (4 bytes).
	case $magic in
	28b52ffd) tool="zstd -dc" ;;
	fd377a58) tool="xz -dc" ;;
	5d00*) tool="xz -dc --format=lzma" ;;
	1f8b*) tool="gzip -dc" ;;
	02214c18) tool="lz4 -dc" ;;
	*) say "bench_qemu_boot: $bz: payload magic $magic not supported for --pvh"; return 1 ;;
	esac
	command -v "${tool%% *}" >/dev/null 2>&1 ||
		skip "--pvh: ${tool%% *} not installed (to unpack the $magic payload of $bz)"
	if [ "${tool%% *}" != gzip ]; then
		head -c -4 "$tmp/payload" >"$tmp/payload.x" && mv "$tmp/payload.x" "$tmp/payload"
	fi
	$tool <"$tmp/payload" >"$out" || return 1
	rm -f "$tmp/payload"
	[ "$(od -An -tx1 -N 4 "$out" | tr -d ' ')" = 7f454c46 ] || {
		say "bench_qemu_boot: the payload of $bz is not an ELF file"
		return 1
	}
}

boot_image=$kernel
if [ "$pvh" = 1 ]; then
	is_bzimage "$kernel" || usage_error "--pvh: $kernel is not a bzImage"
	unpack_vmlinux "$kernel" "$tmp/vmlinux" || exit 1
	boot_image=$tmp/vmlinux
fi

cpu="host,-arch-capabilities${qflags:+,$qflags}"
cmdline="$base${append:+ $append}"
qemu_cmd=("$QEMU" -accel kvm -cpu "$cpu" -smp "$smp" -m "$mem"
	-nodefaults -nographic -serial stdio -no-reboot
	-kernel "$boot_image" -append "$cmdline")
# The command, quoted for a shell only where it needs it.
shell_words() {
	local w out=""
	for w in "$@"; do
		[[ $w =~ ^[][A-Za-z0-9_./=,:+@%-]+$ ]] || w="'${w//\'/\'\\\'\'}'"
		out+="${out:+ }$w"
	done
	printf '%s\n' "$out"
}
say "bench_qemu_boot: $(shell_words timeout -k 5 "$tmo" "${qemu_cmd[@]}")"

# Seconds from $t0 to $1 (default: now), 3 decimals.
since() {
	awk -v a="$t0" -v b="${1:-$EPOCHREALTIME}" 'BEGIN { printf "%.3f", b - a }'
}

# One boot: sets r_pv r_cs r_panic r_end r_wall r_lastpv r_guest; the serial log
# in $tmp/serial.log.
boot_once() {
	local line now fifo=$tmp/fifo stop_after="" rc
	r_pv=- r_cs=- r_panic=- r_end="" r_lastpv="" r_guest=-
	rm -f "$fifo"
	mkfifo "$fifo" || return 1
	t0=$EPOCHREALTIME
	timeout -k 5 "$tmo" "${qemu_cmd[@]}" </dev/null >"$fifo" 2>&1 &
	qpid=$!
	while IFS= read -r line; do
		now=$EPOCHREALTIME
		line=${line//$'\r'/}
		# SeaBIOS' terminal resets.
		line=${line//$'\e['*([0-9;?])[A-Za-z]/}
		line=${line//$'\e'[c=>]/}
		printf '%s\n' "$line" >>"$tmp/serial.log"
		if [[ $line =~ $PV_RE ]]; then
			r_pv=$(since "$now")
			r_lastpv=${line#\[*\] }
			r_guest=-
			[[ $line =~ ^\[\ *([0-9]+\.[0-9]+)\] ]] && r_guest=${BASH_REMATCH[1]}
		fi
		[[ $line =~ $CS_RE ]] && r_cs=$(since "$now")
		if [[ $line =~ $PANIC_RE ]] && [ "$r_panic" = - ]; then
			r_panic=$(since "$now")
			r_end="panic@$r_panic"
		fi
		if [[ $line == *"KVM internal error"* ]] && [ -z "$r_end" ]; then
			r_end="kvm-internal-error@$(since "$now")"
			stop_after=Code=
		fi
		# QEMU stops the guest after an internal error and waits: end it
		# once its register dump is out.
		if [ -n "$stop_after" ] && [[ $line == "$stop_after"* ]]; then
			kill -TERM "$qpid" 2>/dev/null
			stop_after=""
		fi
	done <"$fifo"
	wait "$qpid"
	rc=$?
	qpid=""
	r_wall=$(since)
	if [ -z "$r_end" ]; then
		case $rc in
		124 | 137) r_end="timeout@$r_wall" ;;
		*) r_end="qemu-exit-$rc@$r_wall" ;;
		esac
	fi
	return 0
}

median() {
	sort -g | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print "-"; exit }
		if (NR % 2) printf "%.3f\n", v[(NR + 1) / 2]
		else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2
	}'
}

pvs=() guests=() css=() panics=() complete=0 rc=0
for ((i = 1; i <= runs; i++)); do
	: >"$tmp/serial.log"
	boot_once || exit 1
	if [ "$i" = 1 ] && [ -n "$logfile" ]; then
		cp "$tmp/serial.log" "$logfile" || say "bench_qemu_boot: cannot write $logfile"
	fi
	printf 'run %d/%d: pv_last_s=%s clocksource_s=%s panic_s=%s end=%s wall_s=%s guest_s=%s last_pv="%s"\n' \
		"$i" "$runs" "$r_pv" "$r_cs" "$r_panic" "$r_end" "$r_wall" "$r_guest" "$r_lastpv"
	[ "$r_pv" = - ] || pvs+=("$r_pv")
	[ "$r_guest" = - ] || guests+=("$r_guest")
	[ "$r_cs" = - ] || css+=("$r_cs")
	if [ "$r_panic" != - ]; then
		panics+=("$r_panic")
		complete=$((complete + 1))
	else
		rc=1
	fi
	if [ "$r_pv" = - ]; then
		say "bench_qemu_boot: run $i: no PV decision line; the end of its serial log:"
		tail -n 15 "$tmp/serial.log" | sed 's/^/    /' >&2
	fi
done

printf 'runs=%d reached_end=%d median_guest_s=%s median_clocksource_s=%s median_panic_s=%s\n' "$runs" "$complete" \
	"$(printf '%s\n' "${guests[@]}" | grep -v '^$' | median)" \
	"$(printf '%s\n' "${css[@]}" | grep -v '^$' | median)" \
	"$(printf '%s\n' "${panics[@]}" | grep -v '^$' | median)"
[ "$complete" = "$runs" ] ||
	say "bench_qemu_boot: $((runs - complete)) of $runs runs stopped before the root-mount panic: median_s times the last PV line they got to"
printf 'median_s=%s\n' "$(printf '%s\n' "${pvs[@]}" | grep -v '^$' | median)"
exit $rc
