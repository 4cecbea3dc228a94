#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of `make demo`.  Each step prints the command, then runs it.

res=$1
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export PATH="$ROOT/tools/vfctl:$PATH"
# One stream, in order: what each step prints and the errors it gives
# go to the transcript the host shows (scripts/demo.sh).
exec >>"$res/transcript" 2>&1
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
# The new interface gets its name from udev (eth0 until then).
udevadm settle -t 20 2>/dev/null
ifname=$(basename "$(ls -d /sys/bus/pci/devices/"$pf"/net/*)")
step vfctl pf list
step vfctl -p pf show "$pf"
step_sh "dmesg | grep vfmgr"

ip link set "$ifname" up

say "SR-IOV: VFs are created through the standard sysfs file.  With" \
    "autoprobe off no host driver grabs them until asked."
step_sh "echo 0 >/sys/bus/pci/devices/$pf/sriov_drivers_autoprobe"
step_sh "echo 4 >/sys/bus/pci/devices/$pf/sriov_numvfs"
step vfctl vf list "$pf"

say "Configure VFs with the standard rtnetlink VF API (what libvirt," \
    "systemd-networkd and NetworkManager use)."
step ip link set "$ifname" vf 0 mac 02:00:00:00:00:10 vlan 100
step ip link set "$ifname" vf 1 mac 02:00:00:00:00:11 vlan 100
step ip link set "$ifname" vf 2 mac 02:00:00:00:00:12 trust on
step ip link set "$ifname" vf 3 mac 02:00:00:00:00:13 spoofchk on
step ip link show "$ifname"

say "Bind VFs 0 and 1 to the stock igbvf driver; each gets its admin MAC" \
    "from vfmgr through the PF<->VF mailbox."
modprobe igbvf
vfif=()
for n in 0 1; do
	vf=$(basename "$(readlink "/sys/bus/pci/devices/$pf/virtfn$n")")
	step_sh "echo igbvf >/sys/bus/pci/devices/$vf/driver_override; echo $vf >/sys/bus/pci/drivers_probe"
	udevadm settle -t 20 2>/dev/null
	vfif[n]=$(basename "$(ls -d /sys/bus/pci/devices/"$vf"/net/*)")
	ip netns add "v$n"
	ip link set "${vfif[n]}" netns "v$n"
	ip -n "v$n" addr add "10.0.0.$((n + 1))/24" dev "${vfif[n]}"
	ip -n "v$n" link set "${vfif[n]}" up
done
step ip -n v0 -br link show "${vfif[0]}"
step ip -n v1 -br link show "${vfif[1]}"
for _ in $(seq 150); do
	[ "$(ip netns exec v1 cat "/sys/class/net/${vfif[1]}/carrier" 2>/dev/null)" = 1 ] &&
	[ "$(ip netns exec v0 cat "/sys/class/net/${vfif[0]}/carrier" 2>/dev/null)" = 1 ] && break
	sleep 0.2
done

say "VF 0 -> VF 1: both on port VLAN 100, switched inside the NIC."
step ip netns exec v0 ping -c 3 10.0.0.2

say "The VF is not trusted: it may not override the MAC the admin set."
step ip -n v0 link set "${vfif[0]}" address 02:00:00:00:00:99
step_sh "dmesg | grep 'VF 0: MAC address refused'"

say "VF 3 goes to vfio-pci, ready for a VM; its IOMMU group is its own."
modprobe vfio-pci
vf3=$(basename "$(readlink "/sys/bus/pci/devices/$pf/virtfn3")")
step_sh "echo vfio-pci >/sys/bus/pci/devices/$vf3/driver_override; echo $vf3 >/sys/bus/pci/drivers_probe"
step vfctl vf list "$pf"
step ls /dev/vfio

say "What vfmgr programmed for VF 0 (debugfs), next to what was asked."
step_sh "sed -n '/^vf 0$/,/^vf 1$/p' /sys/kernel/debug/vfmgr/$pf/vfs | head -n 7"

say "A port with VFs is not released; remove the VFs first."
step vfctl pf release "$pf"
step_sh "echo 0 >/sys/bus/pci/devices/$pf/sriov_numvfs"
step vfctl pf release "$pf"
step vfctl pf list
step rmmod vfmgr

echo "done" >"$res/done"
