#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make demo`: boot a VM with two emulated 82576 ports and walk through
# what vfmgr does, printing each command before its output.  Needs no
# SR-IOV hardware: QEMU emulates the NICs, under software emulation.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/vm.sh
. "$ROOT/scripts/vm.sh"

kver=$(vm_kernel "$ROOT" "${KVER:-}")
mkdir -p "$ROOT/.cache"
res=$(mktemp -d "$ROOT/.cache/demo.XXXXXX")
trap 'rm -rf "$res"' EXIT

echo "==> booting Linux $kver under QEMU (software emulation, about a minute)"
echo "    with two emulated Intel 82576 ports behind a virtual Intel IOMMU"
vm_run "$kver" 2 900 "$res" - "$ROOT/scripts/demo-guest.sh $res"
[ -f "$res/done" ] || { echo "demo: the VM did not finish" >&2; exit 1; }
