# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
# Debian kernel packages for ci/kvm-host and ci/guest-kernel: the named hosts
# of ci/kvm-hosts.list, picking the newest linux-image package apt can
# download, and the download cache the two share (a .deb is downloaded once
# per version, whichever script asks first).
#
# Source it after ci/lib.sh.  The sourcing script defines usage_error (called
# by resolve_spec for a bad --kernel).  Environment: PVPROBE_KVMHOST_DIR
# (cache, lock and ci/kvm-host's runs; default build-kvmhost).

HOSTS_LIST=$PVPROBE_ROOT/ci/kvm-hosts.list
WORK=${PVPROBE_KVMHOST_DIR:-$PVPROBE_ROOT/build-kvmhost}
CACHE=$WORK/cache
KPKG_ME=ci/$(basename "$0")

# ---- the named hosts -------------------------------------------------------

# "NAME REGEX" per line.
list_hosts() {
	sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$HOSTS_LIST" | awk '{ print $1, $2 }'
}

host_regex() {
	list_hosts | awk -v n="$1" '$1 == n { print $2; exit }'
}

# ---- kernel packages -------------------------------------------------------

# apt-cache with a package cache file of our own: this machine's apt keeps
# none (Dir::Cache::pkgcache ""), so each apt-cache call would parse every
# package list again (0.4 s); apt rebuilds the file when the lists change.
apt_cache() {
	local opt=()
	if mkdir -p "$CACHE/apt" 2>/dev/null && [ -w "$CACHE/apt" ]; then
		opt=(-o "Dir::Cache::pkgcache=$CACHE/apt/pkgcache.bin")
	fi
	apt-cache "${opt[@]}" "$@"
}

candidate() {
	apt_cache policy "$1" 2>/dev/null | awk '/Candidate:/ { print $2; exit }'
}

have_candidate() {
	local c
	c=$(candidate "$1")
	[ -n "$c" ] && [ "$c" != "(none)" ]
}

apt_updated=0
apt_update_once() {
	[ "$apt_updated" = 0 ] || return 0
	apt_updated=1
	as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1
}

# The newest package matching REGEX that apt can download.
newest_pkg() {
	local regex=$1 p try
	for try in 1 2; do
		for p in $(apt_cache pkgnames linux-image- 2>/dev/null | grep -E -- "$regex" | sort -rV); do
			if have_candidate "$p"; then
				echo "$p"
				return 0
			fi
		done
		[ "$try" = 1 ] && apt_update_once
	done
	return 1
}

# SPEC -> "NAME KIND VALUE" (KIND: pkg, deb) or "NAME skip REASON".
resolve_spec() {
	local spec=$1 regex pkg
	regex=$(host_regex "$spec")
	if [ -n "$regex" ]; then
		if pkg=$(newest_pkg "$regex"); then
			echo "$spec pkg $pkg"
		else
			echo "$spec skip no package matching '$regex' in this machine's apt sources" \
				"(apt-cache policy; check with: apt-cache search --names-only '$regex')"
		fi
		return
	fi
	case $spec in
	*.deb)
		if [ -f "$spec" ]; then
			pkg=$(dpkg-deb -f "$spec" Package 2>/dev/null) ||
				usage_error "--kernel $spec: not a Debian package"
			echo "${pkg#linux-image-} deb $(cd "$(dirname "$spec")" && pwd)/$(basename "$spec")"
		else
			usage_error "--kernel $spec: no such file"
		fi
		return
		;;
	esac
	if have_candidate "$spec"; then
		echo "${spec#linux-image-} pkg $spec"
	elif pkg=$(newest_pkg "$spec"); then
		echo "${pkg#linux-image-} pkg $pkg"
	else
		echo "$spec skip '$spec' is neither a host in ci/kvm-hosts.list ($(list_hosts | awk '{ printf "%s%s", s, $1; s = ", " }')) nor a linux-image package in this machine's apt sources"
	fi
}

# PKG VER -> path of its .deb in the cache, downloaded once.  Any
# architecture: linux-headers-*-common is an _all package.
fetch_deb_at() {
	local pkg=$1 ver=$2 f opt=()
	mkdir -p "$CACHE/debs" || return 1
	for f in "$CACHE/debs/${pkg}_${ver//:/%3a}"_*.deb; do
		[ -s "$f" ] && { echo "$f"; return 0; }
	done
	[ -n "$ver" ] || return 1
	say "$KPKG_ME: downloading $pkg $ver"
	# apt's download sandbox user cannot write into a root-owned tree.
	[ "$(id -u)" = 0 ] && opt=(-o APT::Sandbox::User=root)
	(cd "$CACHE/debs" && apt-get download -q "${opt[@]}" "$pkg=$ver" >/dev/null) || return 1
	for f in "$CACHE/debs/${pkg}_${ver//:/%3a}"_*.deb; do
		[ -s "$f" ] && { echo "$f"; return 0; }
	done
	return 1
}

# PKG -> path of its .deb in the cache (the candidate version, downloaded
# once per version).
fetch_deb() {
	local pkg=$1 f old
	f=$(fetch_deb_at "$pkg" "$(candidate "$pkg")") && { echo "$f"; return 0; }
	# Offline: an older download of the same package will do.
	# (A loop, not ls: under nullglob an unmatched glob made it
	# list the current directory.)
	old=$(for f in "$CACHE/debs/${pkg}"_*.deb; do
		[ -s "$f" ] && printf '%s\n' "$f"
	done | sort -V | tail -n 1)
	[ -n "$old" ] || return 1
	say "$KPKG_ME: download failed, using the cached $(basename "$old")"
	echo "$old"
}

# The newest .deb in the cache whose package name matches REGEX (for when
# apt knows no such package at all: no package lists and no network).
cached_deb() {
	local regex=$1 f
	for f in "$CACHE"/debs/*.deb; do
		[ -s "$f" ] || continue
		f=${f##*/}
		printf '%s\n' "${f%%_*}" | grep -qE -- "$regex" && printf '%s\n' "$f"
	done | sort -V | tail -n 1 | sed "s|^|$CACHE/debs/|"
}

# Run "$@" holding $WORK/.lock (the download cache; ci/kvm-host's static
# build and extracted kernels).
with_lock() {
	mkdir -p "$WORK" || return 1
	(
		flock 9 || exit 1
		"$@"
	) 9>"$WORK/.lock"
}
