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
# The guest writes its transcript (each command, then its output and
# errors, in order) to a file shared with the host, followed here as it
# grows; the VM's console, where the kernel's own lines land out of step
# with the transcript, is shown only if the demo fails.
: >"$res/transcript"
vm_run "$kver" 2 900 "$res" "$res/console.log" "$ROOT/scripts/demo-guest.sh $res" &
vm=$!
tail -n +1 -f --pid="$vm" "$res/transcript"
wait "$vm" || true
if [ ! -f "$res/done" ]; then
	echo "demo: the VM did not finish; its console's last lines:" >&2
	tail -n 40 "$res/console.log" >&2
	exit 1
fi
