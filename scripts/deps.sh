#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install every Debian package that building, testing and demonstrating
# vfmgr needs.  Idempotent: when everything is present it only checks.
#
# Usage: scripts/deps.sh [--check]
#   --check   report what is missing, install nothing (exit 1 if anything is)
set -eu

TRIXIE_LIST=/etc/apt/sources.list.d/vfmgr-trixie.sources
TRIXIE_PIN=/etc/apt/preferences.d/vfmgr-trixie

# Packages from the default (bookworm) suites.  linux-*-amd64 is Debian
# 12's own kernel, 6.1, the oldest vfmgr supports; debootstrap makes the
# trixie chroot that scripts/build-newest.sh builds in; libelf-dev,
# libssl-dev and cpio build the debug kernel (scripts/debug-kernel.sh);
# driverctl is the claim selftests/persist.sh makes and restores.
BOOKWORM_PKGS=(
	gcc make libc6-dev pkg-config bc flex bison
	libelf-dev libssl-dev cpio
	linux-image-6.12-amd64 linux-headers-6.12-amd64 linux-source-6.12
	linux-image-amd64 linux-headers-amd64
	busybox-static
	iproute2 iputils-ping ethtool tcpdump pciutils kmod dkms driverctl
	python3 python3-yaml python3-jsonschema
	sparse shellcheck xz-utils debootstrap
)
# QEMU's igb model with working VFs needs trixie's QEMU, which pulls in
# trixie's libnl-3-200; the libnl development packages must then come from
# the same suite, so they are installed in the same transaction.
TRIXIE_PKGS=(qemu-system-x86 libnl-3-dev libnl-genl-3-dev)
QEMU_MIN=10.0.13
# DPDK's testpmd, for selftests/dpdk.sh: bookworm's dpdk-dev ships it, but
# its -dev dependencies clash with trixie's QEMU libraries, so the binary
# is unpacked from the .deb (outside any clone, where the test VM sees it)
# and only the runtime libraries it links, plus the 82576 VF driver and the
# ring mempool it loads as plugins, are installed.
DPDK_DIR=/opt/vfmgr/dpdk
DPDK_PLUGINS=(librte-net-e1000-23 librte-mempool-ring23)

say() { printf 'deps: %s\n' "$*"; }

have_pkg() {
	dpkg-query -W -f='${Status}\n' "$1" 2>/dev/null | grep -q '^install ok installed$'
}

pkg_version() {
	dpkg-query -W -f='${Version}\n' "$1" 2>/dev/null || true
}

qemu_ok() {
	local v
	v=$(pkg_version qemu-system-x86)
	[ -n "$v" ] && dpkg --compare-versions "$v" ge "1:$QEMU_MIN"
}

missing=()
for p in "${BOOKWORM_PKGS[@]}"; do
	have_pkg "$p" || missing+=("$p")
done
need_qemu=0; qemu_ok || need_qemu=1
for p in libnl-3-dev libnl-genl-3-dev; do
	have_pkg "$p" || need_qemu=1
done
need_vng=0; command -v vng >/dev/null 2>&1 || need_vng=1
need_libvirt=0
for p in libvirt-daemon-system libvirt-clients; do
	have_pkg "$p" || need_libvirt=1
done
need_dpdk=0
testpmd=$DPDK_DIR/usr/bin/dpdk-testpmd
if [ ! -x "$testpmd" ] || ldd "$testpmd" 2>/dev/null | grep -q 'not found'; then
	need_dpdk=1
fi
for p in "${DPDK_PLUGINS[@]}"; do
	have_pkg "$p" || need_dpdk=1
done

if [ ${#missing[@]} -eq 0 ] && [ $need_qemu -eq 0 ] && [ $need_vng -eq 0 ] &&
   [ $need_libvirt -eq 0 ] && [ $need_dpdk -eq 0 ]; then
	say "all dependencies present"
	exit 0
fi

if [ "${1:-}" = "--check" ]; then
	[ ${#missing[@]} -eq 0 ] || say "missing: ${missing[*]}"
	[ $need_qemu -eq 0 ] || say "missing from trixie: qemu-system-x86 >= $QEMU_MIN or libnl dev"
	[ $need_vng -eq 0 ] || say "missing: virtme-ng (trixie)"
	[ $need_libvirt -eq 0 ] || say "missing: libvirt-daemon-system libvirt-clients (trixie)"
	[ $need_dpdk -eq 0 ] || say "missing: $testpmd or the DPDK libraries it needs"
	exit 1
fi

if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		exec sudo "$0" "$@"
	fi
	say "must run as root to install packages" >&2
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive

if [ ! -e "$TRIXIE_LIST" ]; then
	say "adding the trixie apt source, pinned low ($TRIXIE_LIST)"
	cat >"$TRIXIE_LIST" <<'SRC'
# Added by vfmgr scripts/deps.sh: QEMU's igb model with working VFs,
# virtme-ng and libvirt come from trixie.  Pinned low: nothing is taken
# from here unless asked for explicitly.
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
fi
if [ ! -e "$TRIXIE_PIN" ]; then
	cat >"$TRIXIE_PIN" <<'PIN'
Package: *
Pin: release n=trixie
Pin-Priority: 100
PIN
fi

say "apt-get update"
# A third-party source that cannot be reached must not stop us; the
# installs below fail loudly if Debian's own archive is unusable.
apt-get update -qq || say "apt-get update reported errors; continuing"

apt_install() {
	apt-get install -y -qq -o Dpkg::Use-Pty=0 --no-install-recommends "$@"
}

if [ $need_qemu -eq 1 ]; then
	say "installing from trixie: ${TRIXIE_PKGS[*]}"
	apt_install -t trixie "${TRIXIE_PKGS[@]}" ipxe-qemu
	qemu_ok || { say "qemu-system-x86 $(pkg_version qemu-system-x86) < $QEMU_MIN" >&2; exit 1; }
fi
if [ ${#missing[@]} -gt 0 ]; then
	say "installing: ${missing[*]}"
	apt_install "${missing[@]}"
fi
if [ $need_vng -eq 1 ]; then
	say "installing virtme-ng from trixie"
	apt_install virtme-ng/trixie
fi
if [ $need_libvirt -eq 1 ]; then
	say "installing libvirt from trixie"
	apt_install -t trixie libvirt-daemon-system libvirt-clients
fi
if [ $need_dpdk -eq 1 ]; then
	say "unpacking bookworm's dpdk-testpmd into $DPDK_DIR"
	tmp=$(mktemp -d)
	(cd "$tmp" && apt-get download -qq dpdk-dev/bookworm)
	rm -rf "$DPDK_DIR"
	mkdir -p "$DPDK_DIR"
	dpkg -x "$tmp"/dpdk-dev_*.deb "$DPDK_DIR"
	rm -rf "$tmp"
	# librte_net_e1000.so.23 is the package librte-net-e1000-23,
	# librte_eal.so.23 is librte-eal23.
	mapfile -t libs < <(objdump -p "$testpmd" | awk '$1 == "NEEDED" && $2 ~ /^librte_/ { print $2 }' |
		sed 's/^librte_//; s/\.so\.23$//; s/_/-/g; s/[0-9]$/&-/; s/^/librte-/; s/$/23/')
	say "installing DPDK's runtime libraries: ${libs[*]} ${DPDK_PLUGINS[*]}"
	apt_install "${libs[@]}" "${DPDK_PLUGINS[@]}"
	if ldd "$testpmd" | grep 'not found'; then
		say "dpdk-testpmd still misses libraries" >&2
		exit 1
	fi
fi
say "done"
