#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Extract kselftest_harness.h and kselftest.h from a Debian linux-source
# tarball into DEST (the build area), once.  Run by meson at configure time;
# the harness is a dependency, never a file of this repository.
# usage: get-harness.sh TARBALL DEST
set -eu
tarball=$1
dest=$2
if [ -f "$dest/kselftest_harness.h" ] && [ -f "$dest/kselftest.h" ]; then
	echo "$dest"
	exit 0
fi
if [ ! -r "$tarball" ]; then
	echo "get-harness.sh: $tarball not found: apt-get install linux-source-6.12, or configure with -Dselftests_dir=<kernel tree>/tools/testing/selftests" >&2
	exit 1
fi
tmp=$(mktemp -d "${dest%/*}/.harness.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
tar -xJf "$tarball" -C "$tmp" --wildcards --no-anchored \
	'tools/testing/selftests/kselftest_harness.h' \
	'tools/testing/selftests/kselftest.h'
mkdir -p "$dest"
for f in kselftest_harness.h kselftest.h; do
	src=$(find "$tmp" -path "*/tools/testing/selftests/$f" | head -n 1)
	[ -n "$src" ] || { echo "get-harness.sh: $f not in $tarball" >&2; exit 1; }
	cp "$src" "$dest/$f.tmp"
	mv "$dest/$f.tmp" "$dest/$f"
done
echo "$dest"
