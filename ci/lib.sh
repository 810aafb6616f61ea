# SPDX-License-Identifier: GPL-2.0-only
# Shared by the ci/ scripts: install what is missing, configure, build.
# Idempotent; works as root on a fresh Debian 12 machine.

PVPROBE_ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${PVPROBE_BUILD_DIR:-$PVPROBE_ROOT/build}

# The Debian packages pvprobe needs to build and test.  valgrind is among
# them because meson.build defines the 'valgrind' test setup only when it
# finds valgrind at configure time: installed later, the setup would be
# missing (ci/test's valgrind stage failed that way on a fresh machine).
# libjansson-dev: jansson parses the JSON CPUID dumps (vmm/cpuid/), and
# its libjansson.a links the static build (ci/kvm-host) and the self-check
# initramfs's static /init (vmm/self_init.c, with libc6-dev's libc.a; the
# archive itself is written by vmm/mkinitramfs.py, no cpio needed).
PVPROBE_PKGS="meson ninja-build gcc libc6-dev binutils python3 linux-libc-dev linux-source-6.12 xz-utils
pkg-config libzstd-dev liblzma-dev zlib1g-dev liblz4-dev libjansson-dev valgrind help2man"
# ci/fuzz: clang and its runtime (libclang_rt.fuzzer is in libclang-rt-14-dev).
FUZZ_PKGS="clang libclang-rt-14-dev util-linux"
# ci/kvm-host: the emulator and the initramfs tools.
KVMHOST_PKGS="qemu-system-x86 busybox-static cpio gzip xz-utils libc6-dev kmod binutils util-linux"
# ci/kvm-host --emulator bochs: Bochs 2.7 (built with VMX; bochs pulls a
# GUI plugin package, its BIOS and VGA BIOS), isolinux and genisoimage for
# the ISO it boots (it cannot load a 64-bit bzImage itself), util-linux
# for unshare (its network namespace).
BOCHS_PKGS="bochs bochsbios vgabios isolinux syslinux-common genisoimage util-linux coreutils"
# ci/kvm-modules: Debian's KVM modules rebuilt out of tree from linux-source
# with the image's linux-headers and linux-kbuild (unpacked with dpkg -x,
# not installed, so their Depends are listed here: gcc-12 is the compiler
# the image was built with, dwarves the pahole for the modules' BTF,
# libelf1/libssl3/zlib1g what linux-kbuild's prebuilt tools link), patch
# for the mutants, kmod to compare the CRCs and vermagic with the image's,
# libc6-dev for the static KVM selftest.  No flex, bison or libelf-dev:
# genksyms and objtool come prebuilt in linux-kbuild; no rsync: the
# selftest's headers come from 'make headers', not headers_install.
MUTANT_PKGS="gcc-12 make binutils dwarves libelf1 libssl3 zlib1g patch xz-utils kmod libc6-dev
dpkg apt tar util-linux"

say() { printf '%s\n' "$*" >&2; }

as_root() {
	if [ "$(id -u)" = 0 ]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		say "ci: need root to run: $*"
		return 1
	fi
}

# Install the packages among "$@" that are not installed yet.
ensure_pkgs() {
	missing=""
	for p in "$@"; do
		st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
		case "$st" in
		*"ok installed"*) ;;
		*) missing="$missing $p" ;;
		esac
	done
	[ -n "$missing" ] || return 0
	say "ci: installing:$missing"
	as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq || return 1
	# shellcheck disable=SC2086
	as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
		--no-install-recommends $missing >/dev/null || return 1
}

# What meson.build looks for at configure time and changes the build when
# found: a tree configured before one of them was installed is stale.
configure_inputs() {
	for t in valgrind clang help2man; do
		printf '%s=%s\n' "$t" "$(command -v "$t" || true)"
	done
	for m in libzstd liblzma zlib liblz4 jansson; do
		printf '%s=%s\n' "$m" "$(pkg-config --modversion "$m" 2>/dev/null || true)"
	done
}

# meson_setup DIR [MESON SETUP ARGS...]: configure DIR once, and again
# (--reconfigure) when configure_inputs() changed since it was configured.
meson_setup() {
	ms_dir=$1
	shift
	ms_now=$(configure_inputs)
	if [ -f "$ms_dir/build.ninja" ]; then
		[ "$ms_now" = "$(cat "$ms_dir/ci-configure-inputs" 2>/dev/null)" ] && return 0
		say "ci: $ms_dir was configured with other tools or libraries than now; reconfiguring"
		meson setup --reconfigure "$ms_dir" "$PVPROBE_ROOT" "$@" >/dev/null || {
			say "ci: meson setup --reconfigure failed; see $ms_dir/meson-logs/meson-log.txt"
			return 1
		}
	else
		meson setup "$ms_dir" "$PVPROBE_ROOT" "$@" >/dev/null || {
			say "ci: meson setup failed; see $ms_dir/meson-logs/meson-log.txt"
			return 1
		}
	fi
	printf '%s\n' "$ms_now" >"$ms_dir/ci-configure-inputs"
}

# Install (before any configure), configure (once, or again when stale) and build.
build_pvprobe() {
	ensure_pkgs $PVPROBE_PKGS || return 1
	meson_setup "$BUILD_DIR" "$@" || return 1
	ninja -C "$BUILD_DIR" >/dev/null || ninja -C "$BUILD_DIR"
}
