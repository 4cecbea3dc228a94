#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build vfmgr against the newest kernel Debian has: the newest
# linux-headers-*-amd64 in trixie-backports (7.x).  Those headers need
# trixie's compiler and kbuild, so the build runs in a minimal trixie
# chroot, made once with debootstrap and kept in $VFMGR_CHROOT (default
# /var/cache/vfmgr/trixie).  Each run refreshes the chroot's package
# lists (at most once an hour), installs newer headers when there are
# some, copies the module's sources in and builds with W=1.  Any warning
# fails the build.
#
# Usage: scripts/build-newest.sh [KBUILD VARIABLES...]    e.g. C=2
#
# The log and the module are left in .cache/newest/.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CHROOT=${VFMGR_CHROOT:-/var/cache/vfmgr/trixie}
MIRROR=${VFMGR_MIRROR:-http://deb.debian.org/debian}
OUT=$ROOT/.cache/newest
# What the chroot needs besides the headers (which bring the compiler).
BASE_PKGS=(make libc6-dev binutils)

say() { printf 'build-newest: %s\n' "$*"; }
took() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f s", b - a }'; }

if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		exec sudo "$0" "$@"
	fi
	say "must run as root (debootstrap, chroot)" >&2
	exit 1
fi
case $CHROOT in
/?*/?*) ;;
*) say "VFMGR_CHROOT must be an absolute path two levels deep or more" >&2; exit 1 ;;
esac
command -v debootstrap >/dev/null || { say "debootstrap missing (run 'make deps')" >&2; exit 1; }

# in_chroot CMD...: run CMD in the chroot with a clean environment and
# its own /proc (objtool reads it), unmounted when CMD ends.
in_chroot()
{
	# shellcheck disable=SC2016 # expanded by the inner shell
	unshare --mount --fork /bin/sh -c \
		'mount -t proc proc "$0/proc" && exec chroot "$0" "$@"' "$CHROOT" \
		env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
		DEBIAN_FRONTEND=noninteractive "$@"
}

# apt_in_chroot ARGS...: apt-get in the chroot, its output in apt.log.
apt_in_chroot()
{
	if ! in_chroot apt-get -qq -o Dpkg::Use-Pty=0 "$@" >>"$OUT/apt.log" 2>&1; then
		tail -n 20 "$OUT/apt.log" >&2
		say "apt-get $* failed (log: .cache/newest/apt.log)" >&2
		exit 1
	fi
}

mkdir -p "$(dirname "$CHROOT")" "$OUT"
exec 9>"$CHROOT.lock"
flock 9
: >"$OUT/apt.log"
t0=$EPOCHREALTIME

if [ ! -f "$CHROOT/.vfmgr-complete" ]; then
	t=$EPOCHREALTIME
	say "debootstrap trixie into $CHROOT (once)"
	rm -rf "$CHROOT" "$CHROOT.new"
	debootstrap --variant=minbase --include="$(IFS=,; echo "${BASE_PKGS[*]}")" \
		trixie "$CHROOT.new" "$MIRROR" \
		>"$OUT/debootstrap.log" 2>&1 ||
		{ tail -n 20 "$OUT/debootstrap.log" >&2; say "debootstrap failed" >&2; exit 1; }
	cat >"$CHROOT.new/etc/apt/sources.list.d/trixie-backports.sources" <<SRC
Types: deb
URIs: $MIRROR
Suites: trixie-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
	rm -f "$CHROOT.new/var/cache/apt/archives/"*.deb
	mv "$CHROOT.new" "$CHROOT"
	touch "$CHROOT/.vfmgr-complete"
	say "debootstrap: $(took "$t")"
fi

t=$EPOCHREALTIME
if [ -z "$(find "$CHROOT/.vfmgr-apt-updated" -mmin -60 2>/dev/null)" ]; then
	apt_in_chroot update
	touch "$CHROOT/.vfmgr-apt-updated"
fi
pkg=$(in_chroot apt-cache pkgnames linux-headers- |
	grep -E '^linux-headers-[0-9][0-9.]*\+deb[0-9]+-amd64$' | sort -V | tail -n 1)
if [ -z "$pkg" ]; then
	say "no linux-headers-*-amd64 in the chroot's sources" >&2
	exit 1
fi
kver=${pkg#linux-headers-}
if [ ! -f "$CHROOT/usr/src/$pkg/Makefile" ] ||
   ! in_chroot dpkg-query -W "${BASE_PKGS[@]}" >/dev/null 2>&1; then
	say "installing $pkg"
	apt_in_chroot install --no-install-recommends "$pkg" "${BASE_PKGS[@]}"
	apt_in_chroot clean
fi
# Keep only the newest headers.
# shellcheck disable=SC2016 # dpkg-query's format, not the shell's
old=$(in_chroot dpkg-query -W -f '${db:Status-Abbrev} ${Package}\n' \
	'linux-headers-*' 'linux-kbuild-*' 2>/dev/null |
	awk -v v="${kver%-amd64}" '$1 == "ii" && index($2, v) == 0 { print $2 }')
if [ -n "$old" ]; then
	# shellcheck disable=SC2086 # package names, one per word
	apt_in_chroot purge $old
	apt_in_chroot autoremove --purge
fi
say "headers $pkg ready: $(took "$t")"

t=$EPOCHREALTIME
rm -rf "$CHROOT/build/vfmgr"
mkdir -p "$CHROOT/build/vfmgr"
# shellcheck disable=SC2046 # a list of paths without spaces
(cd "$ROOT" && tar -cf - $(make -s --no-print-directory dkms-files)) |
	tar -xf - -C "$CHROOT/build/vfmgr"
if ! in_chroot make -C /build/vfmgr -j"$(nproc)" module \
		KDIR="/usr/src/linux-headers-$kver" W=1 "$@" >"$OUT/build.log" 2>&1; then
	cat "$OUT/build.log" >&2
	say "build against $kver failed" >&2
	exit 1
fi
say "build: $(took "$t")"
cp "$CHROOT/build/vfmgr/vfmgr.ko" "$OUT/vfmgr.ko"
cp "$CHROOT/build/vfmgr/compat-probes.h" "$OUT/compat-probes.h"

if grep -Eiq 'warning|error' "$OUT/build.log"; then
	grep -Ei 'warning|error' "$OUT/build.log" >&2
	say "warnings building against $kver (log: .cache/newest/build.log)" >&2
	exit 1
fi
say "ok: vfmgr.ko for $kver without warnings ($(took "$t0")), in .cache/newest/"
