#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of `make demo`.  Each step prints the command, then runs it.

res=$1
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export PATH="$ROOT/tools/vfctl:$PATH"
# The guest's kernel log goes to the console at warning level only.
dmesg -n 1

step()
{
	printf '\n\033[1m$ %s\033[0m\n' "$*"
	"$@"
}

# step_sh "PIPELINE": the same for a shell pipeline.
step_sh()
{
	printf '\n\033[1m$ %s\033[0m\n' "$1"
	bash -c "$1"
}

say()
{
	printf '\n'
	printf '# %s\n' "$@"
}

pf=$(lspci -D -n -d 8086:10c9 | awk 'NR == 1 { print $1 }')
for _ in $(seq 50); do
	[ -e "/sys/bus/pci/devices/$pf/net" ] && break
	sleep 0.2
done

say "Two emulated 82576 ports.  At boot the stock igb driver owns both."
step lspci -nn -d 8086:10c9
step vfctl pf list

say "Loading vfmgr takes nothing: a port is given to it only on request."
step insmod "$ROOT/vfmgr.ko"
step vfctl pf list

ifname=$(basename "$(ls -d /sys/bus/pci/devices/"$pf"/net/*)")
say "Claim the first port ($ifname).  vfctl does what driverctl or an admin" \
    "would do by hand: driver_override, unbind from igb, reprobe."
step vfctl pf claim "$ifname"
step vfctl pf list
step vfctl -p pf show "$pf"
step_sh "dmesg | grep vfmgr"

say "Give the port back to igb."
step vfctl pf release "$pf"
step vfctl pf list
step rmmod vfmgr

echo "done" >"$res/done"
