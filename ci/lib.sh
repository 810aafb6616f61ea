# SPDX-License-Identifier: GPL-2.0-only
# Shared by the ci/ scripts: install what is missing, configure, build.
# Idempotent; works as root on a fresh Debian 12 machine.

PVPROBE_ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${PVPROBE_BUILD_DIR:-$PVPROBE_ROOT/build}

# The Debian packages pvprobe needs to build and test.
PVPROBE_PKGS="meson ninja-build gcc libc6-dev binutils python3 linux-libc-dev linux-source-6.12 xz-utils
pkg-config libzstd-dev liblzma-dev zlib1g-dev liblz4-dev"

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
	as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq || return 1
	# shellcheck disable=SC2086
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends $missing >/dev/null || return 1
}

# Configure (once) and build.
build_pvprobe() {
	ensure_pkgs $PVPROBE_PKGS || return 1
	if [ ! -f "$BUILD_DIR/build.ninja" ]; then
		meson setup "$BUILD_DIR" "$PVPROBE_ROOT" "$@" >/dev/null || {
			say "ci: meson setup failed; see $BUILD_DIR/meson-logs/meson-log.txt"
			return 1
		}
	fi
	ninja -C "$BUILD_DIR" >/dev/null || ninja -C "$BUILD_DIR"
}
