# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
# ci/kvm-host --emulator bochs: a kvm_intel host in Bochs (ci/README.md,
# "An Intel host in Bochs").  QEMU TCG emulates SVM but not VMX; Debian's
# Bochs 2.7 is built with --enable-vmx=2 (VMX with EPT, VPID, unrestricted
# guest), so it is the one emulator here in which kvm_intel loads.
#
# Bochs cannot load a 64-bit bzImage itself: the host boots an ISO
# (isolinux, vmlinuz, initrd.gz).  Its console is COM1 written to a file
# (mode=file, one write per byte sent), streamed by tail.  Debian's build
# has no 'nogui' display; the rfb one opens a VNC port on every address,
# so Bochs runs in a network namespace of its own (unshare --net, or
# unshare --user --net without root), where nothing can reach the port.
# Bochs exits 1 even after a clean ACPI power-off: the console markers are
# the verdict, not its exit status.
#
# Source it after ci/lib.sh.  Environment: KVM_HOST_BOCHS_CPU (Bochs CPU
# model, default corei7_haswell_4770), KVM_HOST_BOCHS_IPS (instructions
# per emulated second, default 20000000), KVM_HOST_BOCHS_MEM (MiB, 1024).

BOCHS=bochs
BOCHS_CPU=${KVM_HOST_BOCHS_CPU:-corei7_haswell_4770}
BOCHS_IPS=${KVM_HOST_BOCHS_IPS:-20000000}
BOCHS_MEM=${KVM_HOST_BOCHS_MEM:-1024}
# The host kernel's command line leaves out what is slow in Bochs and is
# not KVM (guest clock, measured with initcall_debug on Debian 6.12.118,
# 2026-12-04): the crypto self-tests (crypto_algapi_init 9.5 s), the
# jitter entropy RNG's own test (jent_mod_init 13.8 s), the vmlinux BTF
# parse for BPF's kfuncs and struct_ops (bpf_tcp_ca_kfunc_init 10.3 s,
# bpf_dummy_struct_ops_init 3.8 s, dev_map_init 4.6 s once those are
# gone), the built-in X.509 keys (load_system_certificate_list 8.8 s:
# the modules load unsigned, below), kprobe and trace-event setup
# (init_kprobe_trace 5.2 s, trace_eval_init 4.6 s) and IPv6 (inet6_init
# 7.4 s).  /init at 28 s of guest clock instead of 80.  KVM_HOST_BOCHS_APPEND
# adds to it (e.g. to measure a boot option).
BOCHS_KERNEL_ARGS="cryptomgr.notests=1 initcall_blacklist=jent_mod_init,crypto_kdf108_init,bpf_tcp_ca_kfunc_init,bpf_dummy_struct_ops_init,dev_map_init,load_system_certificate_list,init_kprobe_trace,trace_eval_init,inet6_init"
BOCHS_APPEND="$BOCHS_KERNEL_ARGS ${KVM_HOST_BOCHS_APPEND:-}"
BOCHS_DEFECTS=$PVPROBE_ROOT/ci/emulator-defects.list

# How Bochs is kept off the network: "unshare --net" (root), "unshare
# --user --map-root-user --net", or nothing (empty: none works here).
bochs_netns() {
	if unshare --net true 2>/dev/null; then
		echo "unshare --net"
	elif unshare --user --map-root-user --net true 2>/dev/null; then
		echo "unshare --user --map-root-user --net"
	fi
}

# ci/emulator-defects.list, the lines for Bochs with CPU model $BOCHS_CPU:
# "EMULATOR CPU TEST FILTER ACTION ID | what is seen | evidence".
bochs_defect_lines() {
	awk -v cpu="$BOCHS_CPU" '
	/^[ \t]*(#|$)/ { next }
	$1 == "bochs" && ($2 == cpu || $2 == "*")
	' "$BOCHS_DEFECTS"
}

# "ID BINARY FILTER" of the entries that keep a test out (ACTION exclude
# or slow):
# /init runs BINARY with FILTER, a kselftest harness option (-V VARIANT).
bochs_excludes() {
	bochs_defect_lines | awk '$5 == "exclude" || $5 == "slow" { print $6, $3, $4 }'
}

# One line per defect for the summary: "not run: ..." (exclude) or
# "recorded: ..." (note: the test runs, its failure is named).
bochs_defects() {
	bochs_defect_lines | awk -F'|' '{
		split($1, f, " ")
		w = $2; gsub(/^[ \t]+|[ \t]+$/, "", w)
		out = f[5] == "exclude" || f[5] == "slow"
		printf "%s %s%s %s (%s %s, %s): %s\n",
			out ? "not run:" : "recorded:", f[3], f[4] == "-" ? "" : " " f[4],
			out ? "kept out" : "may fail",
			f[5] == "slow" ? "too slow here," : "emulator defect", f[6], f[2], w
	}'
}

# bochs_lean_module KO: KO without its BTF and without its signature; the
# code KVM runs is the same.  Both cost insmod time in Bochs and neither is
# KVM (guest clock, measured):
# - BTF (BPF's type data) is checked against the vmlinux BTF at load: 3.3 s
#   of insmod irqbypass.ko's 3.4 s, the first module, when that is parsed;
# - verifying the signature was 29 of insmod kvm.ko's 64.9 s (36.2 s
#   unsigned); CONFIG_MODULE_SIG_FORCE is off, so an unsigned module only
#   taints (kernel/module/signing.c module_sig_check()).
# objcopy writes the ELF alone, so the signature that scripts/sign-file
# appends after it is not copied; modinfo checks that it is gone.
bochs_lean_module() {
	objcopy --remove-section=.BTF "$1" "$1.lean" && mv "$1.lean" "$1" || return 1
	if [ -n "$(modinfo -F signer "$1" 2>/dev/null)" ]; then
		say "ci/kvm-host: $1 still has a signature after objcopy"
		return 1
	fi
}

# bochs_media KDIR RUNDIR: RUNDIR/host.iso (isolinux, KDIR/vmlinuz,
# RUNDIR/initrd.gz) and RUNDIR/bochsrc, RUNDIR/bochs.rc.
bochs_media() {
	local kdir=$1 rundir=$2 iso=$2/iso
	rm -rf "$iso" && mkdir -p "$iso/isolinux" || return 1
	cp /usr/lib/ISOLINUX/isolinux.bin /usr/lib/syslinux/modules/bios/ldlinux.c32 \
		"$iso/isolinux/" || return 1
	cp "$kdir/vmlinuz" "$iso/vmlinuz" && cp "$rundir/initrd.gz" "$iso/initrd.gz" || return 1
	# 115200 baud: Bochs sends at the rate the divisor sets, and the
	# kernel's default 9600 makes a 100 KB TAP log take minutes.
	cat >"$iso/isolinux/isolinux.cfg" <<-EOF
	DEFAULT host
	PROMPT 0
	TIMEOUT 0
	LABEL host
	  KERNEL /vmlinuz
	  APPEND initrd=/initrd.gz console=ttyS0,115200 quiet panic=-1 $BOCHS_APPEND
	EOF
	genisoimage -quiet -o "$rundir/host.iso" -b isolinux/isolinux.bin -c isolinux/boot.cat \
		-no-emul-boot -boot-load-size 4 -boot-info-table -R "$iso" || return 1
	rm -rf "$iso"
	# No sound: the ALSA plugin aborts Bochs 2.7 ("buffer overflow
	# detected") where there is no sound card.  error: ignore, as Linux
	# reads APERF/MPERF (unknown to Bochs) on every tick, each an
	# "RDMSR: Unknown register" error line.
	# clock sync=none: emulated time follows the instruction count
	# (ips), so a loaded machine slows the host down without making its
	# timers fire early.
	cat >"$rundir/bochsrc" <<-EOF
	cpu: model=$BOCHS_CPU, count=1, ips=$BOCHS_IPS
	memory: guest=$BOCHS_MEM, host=$BOCHS_MEM
	clock: sync=none, time0=local
	romimage: file=/usr/share/bochs/BIOS-bochs-latest
	vgaromimage: file=/usr/share/vgabios/vgabios.bin
	ata0-master: type=cdrom, path=$rundir/host.iso, status=inserted
	boot: cdrom
	com1: enabled=1, mode=file, dev=$rundir/com1.out
	display_library: rfb, options="timeout=0"
	mouse: enabled=0
	sound: driver=dummy
	speaker: enabled=0
	log: $rundir/bochs.log
	panic: action=fatal
	error: action=ignore
	info: action=report
	debug: action=ignore
	EOF
	# Bochs's debugger stops at the first instruction; this goes on.
	echo c >"$rundir/bochs.rc"
}

# The command that runs Bochs for RUNDIR (sets bochs_cmd).
bochs_command() {
	local rundir=$1 ns
	ns=$(bochs_netns)
	# shellcheck disable=SC2206  # (ns is a fixed word list)
	bochs_cmd=(timeout --foreground -k 10 "$QEMU_TIMEOUT" $ns
		"$BOCHS" -q -f "$rundir/bochsrc" -rc "$rundir/bochs.rc")
}

# run_bochs: like run_qemu (ci/kvm-host), for Bochs.  Bochs runs in the
# background; its COM1 file is streamed into the same parser.  Once the
# console says "=== DONE" (or Bochs is gone) the stream ends; a Bochs still
# running 30 s after DONE (a power-off that did not end it) is stopped.
run_bochs() {
	local wd line bpid tpid
	rm -f "$rundir/qemu.pid" "$rundir/froze" "$rundir/com1.out"
	: >"$rundir/com1.out"
	done_seen=0 froze=""
	"${bochs_cmd[@]}" </dev/null >"$rundir/bochs.out" 2>&1 &
	bpid=$!
	echo "$bpid" >"$rundir/qemu.pid"
	watch_freeze "$log" "$rundir/qemu.pid" "$rundir/froze" &
	wd=$!
	# tail stops when Bochs does (--pid); "=== POWEROFF" (the console
	# drained, /init powers off) ends the reader without waiting for it.
	while IFS= read -r line; do
		printf '%s %s\n' "$tag" "$line"
		case $line in
		*"=== INIT "*) [ -n "$t_init" ] || t_init=$(now) ;;
		"=== KVM ok"*) [ -n "$t_kvm" ] || t_kvm=$(now); kvm_state=ok ;;
		"=== KVM ERROR"*) kvm_state=${line#=== KVM } ;;
		"=== HOST "*) host_info=${line#=== HOST } ;;
		"=== DONE "*) t_done=$(now); done_seen=1 ;;
		"=== POWEROFF"*) break ;;
		esac
	done < <(tail -n +1 -F --pid="$bpid" -s 0.5 "$rundir/com1.out" 2>/dev/null |
		sed -u -e 's/\r//g' -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\x1b[c=>]//g' |
		tee -a "$log")
	# After POWEROFF: Bochs gets 30 s to power off by itself (with
	# panic=-1 a failed power-off would reboot it, never ending).
	local i
	for i in $(seq 60); do
		kill -0 "$bpid" 2>/dev/null || break
		sleep 0.5
	done
	kill "$bpid" 2>/dev/null
	wait "$bpid"
	qrc=$?
	kill "$wd" 2>/dev/null
	wait "$wd" 2>/dev/null
	# Bochs exits 1 after a clean power-off ("ACPI control: soft power
	# off" in its log): that is success here.
	if [ "$qrc" = 1 ] && grep -q 'soft power off' "$rundir/bochs.log" 2>/dev/null; then
		qrc=0
	fi
	[ -s "$rundir/froze" ] && froze=$(cat "$rundir/froze")
	return 0
}
