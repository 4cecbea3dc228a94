#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The debug kernel of `make check-debug`: Debian's linux-source-6.12 with
# allnoconfig, virtme-ng's options and scripts/debug-kernel.config
# (KASAN, lockdep, kmemleak, UBSAN, fault injection), built once per
# configuration and kept in a cache outside the tree, keyed by a hash of
# what decides the build (the source package's version, the config
# fragment, virtme-ng's version, the recipe below).  Then installed where the test runner boots
# kernels from: /boot/vmlinuz-RELEASE and /lib/modules/RELEASE, with
# its build tree as /lib/modules/RELEASE/build for building vfmgr.ko.
#
# Usage: debug-kernel.sh            (prints the release on its last line)
#        debug-kernel.sh --cached   (exit 0 if the cache holds this build)
# Environment: VFMGR_KCACHE, the cache (default /var/cache/vfmgr/kdebug).

set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
tarball=/usr/src/linux-source-6.12.tar.xz
fragment=$root/scripts/debug-kernel.config
cache=${VFMGR_KCACHE:-/var/cache/vfmgr/kdebug}
say() { echo "debug-kernel: $*" >&2; }

if [ ! -f "$tarball" ]; then
	say "$tarball is missing (apt-get install linux-source-6.12)"
	exit 1
fi
pkg=$(dpkg-query -W -f '${Version}' linux-source-6.12)
# What decides the build; bump recipe when the build steps below change.
recipe=1
key=$( { echo "$recipe $pkg"; cat "$fragment"; vng --version; } | sha256sum | cut -c1-16)
dir=$cache/$key
src=$dir/linux-source-6.12

if [ "${1:-}" = --cached ]; then
	test -e "$dir/done"
	exit
fi
if [ -e "$dir/done" ]; then
	say "cached build $key (linux-source-6.12 $pkg)"
else
	start=$(date +%s)
	rm -rf "$dir"
	mkdir -p "$dir"
	say "building $key (linux-source-6.12 $pkg) in $dir"
	tar -C "$dir" -xf "$tarball"
	(
		cd "$src"
		make -s allnoconfig
		# The fragment before virtme-ng's options (they need PCI and
		# the network), and again after, so that it has the last word.
		./scripts/kconfig/merge_config.sh -m .config "$fragment" >/dev/null 2>&1
		virtme-configkernel --update >/dev/null 2>&1
		./scripts/kconfig/merge_config.sh -m .config "$fragment" >/dev/null 2>&1
		# (Overriding what an earlier step set is the point here.)
		make -s olddefconfig 2>&1 | { grep -v 'override: reassigning' || true; } >&2
		# Every line of the fragment must have stuck (a dependency
		# missing would silently drop a checker).
		grep -E '^CONFIG_[A-Z0-9_]+=' "$fragment" | while IFS= read -r line; do
			opt=${line%%=*} val=${line#*=}
			if [ "$val" = n ]; then
				! grep -q "^$opt=" .config
			else
				grep -qx "$line" .config
			fi || { echo "debug-kernel: $line did not stick" >&2; exit 1; }
		done
		nice make -j"$(nproc)" -s LOCALVERSION=-vfmgr-debug bzImage modules
		make -s LOCALVERSION=-vfmgr-debug INSTALL_MOD_PATH="$dir/mods" \
			INSTALL_MOD_STRIP=1 modules_install
		make -s LOCALVERSION=-vfmgr-debug kernelrelease >"$dir/release"
		cp arch/x86/boot/bzImage "$dir/vmlinuz"
	)
	touch "$dir/done"
	say "built in $(($(date +%s) - start)) s"
fi

release=$(cat "$dir/release")
install -m 0644 "$dir/vmlinuz" "/boot/vmlinuz-$release"
rm -rf "/lib/modules/$release"
cp -a "$dir/mods/lib/modules/$release" "/lib/modules/$release"
ln -sfn "$src" "/lib/modules/$release/build"
echo "$release"
