#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Test the DKMS packaging on this machine: `make dkms-install`, then dkms
# build and install for each kernel, check that modprobe for that kernel
# finds the module DKMS installed, then `make dkms-remove` and check that
# nothing is left behind.
#
# Usage: scripts/dkms-test.sh [KERNELRELEASE...]
#   default: the newest installed Debian 6.1 and 6.12 kernels with headers
#
# It removes vfmgr/VERSION from DKMS at the end: it refuses to run when
# that is already registered (a real installation) unless
# VFMGR_DKMS_TEST_FORCE=1.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/vm.sh
. "$ROOT/scripts/vm.sh"
VERSION=$(cat "$ROOT/VERSION")
MOD=vfmgr/$VERSION

if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		exec sudo "$0" "$@"
	fi
	echo "dkms-test: must run as root" >&2
	exit 1
fi

say() { printf 'dkms-test: %s\n' "$*"; }
fail() { say "FAIL: $*" >&2; failed=1; }
now() { printf '%s\n' "$EPOCHREALTIME"; }
took() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f s", b - a }'; }

# newest_kernel PREFIX: the newest of Debian's kernel releases PREFIX*
# (not a kernel built here, such as make check-debug's) with a build tree.
newest_kernel()
{
	local d k best=

	for d in /lib/modules/"$1"*-amd64/build; do
		[ -f "$d/Makefile" ] || continue
		k=${d#/lib/modules/}
		k=${k%/build}
		best=$(printf '%s\n%s\n' "$best" "$k" | sed '/^$/d' | sort -V | tail -n 1)
	done
	printf '%s\n' "$best"
}

registered() { [ -n "$(dkms status -m vfmgr -v "$VERSION" 2>/dev/null)" ]; }

# Every trace of the module, for the final check.
leftovers()
{
	local f

	for f in /usr/src/vfmgr-* /var/lib/dkms/vfmgr; do
		[ -e "$f" ] && echo "$f"
	done
	find /lib/modules -name 'vfmgr.ko*' 2>/dev/null
	grep -l 'vfmgr\.ko' /lib/modules/*/modules.dep 2>/dev/null | sed 's/$/ (mentions vfmgr.ko)/'
	return 0
}

if [ $# -gt 0 ]; then
	kernels=("$@")
else
	kernels=()
	for prefix in 6.1.0- 6.12.; do
		k=$(newest_kernel "$prefix")
		[ -n "$k" ] && kernels+=("$k")
	done
fi
if [ ${#kernels[@]} -eq 0 ]; then
	say "no kernel with headers under /lib/modules (run 'make deps')" >&2
	exit 1
fi
if registered && [ "${VFMGR_DKMS_TEST_FORCE:-0}" != 1 ]; then
	say "$MOD is already registered with DKMS; this test would remove it" >&2
	say "(set VFMGR_DKMS_TEST_FORCE=1 to run anyway)" >&2
	exit 1
fi

mkdir -p "$ROOT/.cache"
failed=0
cleanup()
{
	if registered || [ -e "/usr/src/vfmgr-$VERSION" ]; then
		make -s -C "$ROOT" dkms-remove >/dev/null 2>&1 || true
	fi
}
trap cleanup EXIT

t0=$(now)
t=$(now)
if ! make -s -C "$ROOT" dkms-install >"$ROOT/.cache/dkms-install.log" 2>&1; then
	cat "$ROOT/.cache/dkms-install.log" >&2
	fail "make dkms-install"
	exit 1
fi
say "make dkms-install: $(took "$t")"
registered || fail "dkms status does not list $MOD after make dkms-install"

for k in "${kernels[@]}"; do
	t=$(now)
	if ! dkms install "$MOD" -k "$k" >"$ROOT/.cache/dkms-$k.log" 2>&1; then
		fail "dkms install $MOD -k $k (log: .cache/dkms-$k.log)"
		tail -n 30 "$ROOT/.cache/dkms-$k.log" >&2
		continue
	fi
	say "dkms build + install for $k: $(took "$t")"

	# Where modprobe for that kernel finds the module.
	path=$(modprobe -S "$k" -n --show-depends vfmgr 2>/dev/null | awk '/vfmgr\.ko/ { print $2 }')
	if [ -z "$path" ]; then
		fail "modprobe -S $k does not find vfmgr"
		continue
	fi
	case $path in
	/lib/modules/"$k"/updates/dkms/vfmgr.ko*) ;;
	*) fail "vfmgr for $k is at $path, not under /lib/modules/$k/updates/dkms" ;;
	esac
	vermagic=$(modinfo -F vermagic "$path" | cut -d' ' -f1)
	[ "$vermagic" = "$k" ] || fail "$path was built for '$vermagic', not $k"
	version=$(modinfo -F version "$path")
	[ "$version" = "$VERSION" ] || fail "$path says version '$version', not $VERSION"
	dkms status -m vfmgr -v "$VERSION" -k "$k" 2>/dev/null | grep -q ': installed' ||
		fail "dkms status does not say installed for $k"
	say "$k: modprobe finds $path (vermagic $vermagic, version $version)"
	# And a machine booted on that kernel loads it.
	t=$(now)
	vmdir=$(mktemp -d "$ROOT/.cache/dkms-vm.XXXXXX")
	vm_run "$k" 1 300 "$vmdir" "$vmdir/console.log" \
		"modprobe vfmgr && grep -q '^vfmgr ' /proc/modules &&
		 modinfo -F filename vfmgr >$vmdir/where && rmmod vfmgr" || true
	if [ -s "$vmdir/where" ]; then
		say "$k: booted it, modprobe vfmgr loaded $(cat "$vmdir/where") ($(took "$t"))"
	else
		fail "modprobe vfmgr in a VM booted on $k"
		tail -n 20 "$vmdir/console.log" >&2
	fi
	rm -rf "$vmdir"
done

t=$(now)
if ! make -s -C "$ROOT" dkms-remove >"$ROOT/.cache/dkms-remove.log" 2>&1; then
	fail "make dkms-remove (log: .cache/dkms-remove.log)"
fi
say "make dkms-remove: $(took "$t")"
left=$(leftovers)
if [ -n "$left" ]; then
	fail "left behind after make dkms-remove:"
	printf '  %s\n' "$left" >&2
fi
for k in "${kernels[@]}"; do
	if modprobe -S "$k" -n vfmgr >/dev/null 2>&1; then
		fail "modprobe -S $k still finds vfmgr after removal"
	fi
done

if [ "$failed" -ne 0 ]; then
	say "FAILED ($(took "$t0"))"
	exit 1
fi
say "ok: ${kernels[*]} ($(took "$t0"))"
