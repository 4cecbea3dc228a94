#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: ports=2
#
# What the Kubernetes SR-IOV stack does to a PF, step by step, through
# sysfs and rtnetlink only (no vfctl): sriov-network-operator writes
# sriov_numvfs 0 then N, lets the kernel VF driver take the VFs, copies a
# VF's MAC into its admin MAC and moves it to vfio-pci; the SR-IOV device
# plugin finds VFs by vendor, device, driver, IOMMU group and PF; the
# sriov CNI plugin sets MAC, VLAN, spoof check, trust, link state and rate
# one attribute at a time, reads the MAC back, moves the VF into the
# pod's namespace and gives its netdev the same MAC, and on delete puts
# back what it found.

# shellcheck source=selftests/lib.sh
. "$(dirname "$0")/lib.sh"

test_begin 2
claim_a_up 10.5.0.254/24
modprobe igbvf
modprobe vfio-pci

# --- sriov-network-operator: numvfs 0, then N; the kernel driver first.
check "operator: sriov_numvfs 0" sh -c "echo 0 >$sysfs/sriov_numvfs"
check "operator: sriov_numvfs 3" sh -c "echo 3 >$sysfs/sriov_numvfs"
settle
for n in 0 1 2; do
	check "VF $n gets a netdev from igbvf" \
		wait_for 30 test -e "/sys/bus/pci/devices/$(vf_bdf "$a" "$n")/net"
done
settle

# --- SR-IOV device plugin: what it reads to select and advertise a VF.
# discoverable N DRIVER: VF N looks as the device plugin expects.
discoverable()
{
	local d

	d=/sys/bus/pci/devices/$(vf_bdf "$a" "$1")

	[ "$(cat "$d/vendor")" = 0x8086 ] && [ "$(cat "$d/device")" = 0x10ca ] &&
	[ "$(basename "$(readlink "$d/physfn")")" = "$a" ] &&
	[ "$(basename "$(readlink "$d/driver")")" = "$2" ] &&
	[ -e "$d/iommu_group" ] &&
	[ "$(ls "$d/physfn/net")" = "$ifa" ] &&
	if [ "$2" = vfio-pci ]; then
		[ -e "/dev/vfio/$(basename "$(readlink "$d/iommu_group")")" ]
	else
		[ -n "$(ls "$d/net")" ]
	fi
}
check_eq "device plugin: sriov_totalvfs" 7 "$(cat "$sysfs/sriov_totalvfs")"
check_eq "device plugin: sriov_numvfs" 3 "$(cat "$sysfs/sriov_numvfs")"
for n in 0 1 2; do
	check "device plugin: VF $n on igbvf is discoverable" discoverable "$n" igbvf
done

# vf_mac N: the MAC of VF N, as ip link lists it.
vf_mac() { vf_config "$ifa" | sed -n "s/^vf $1 .*link\/ether \([0-9a-f:]*\).*/\1/p"; }

# The operator's vfio-pci pool: VF 2 keeps the MAC its kernel driver had.
vf2=$(vf_bdf "$a" 2)
vf2_mac=$(cat "/sys/bus/pci/devices/$vf2/net/"*/address)
check "operator: VF 2's MAC becomes its admin MAC" ip link set "$ifa" vf 2 mac "$vf2_mac"
check "operator: VF 2 to vfio-pci" vf_bind "$vf2" vfio-pci
check "device plugin: VF 2 on vfio-pci is discoverable" discoverable 2 vfio-pci
check_eq "VF 2's admin MAC is the one copied" "$vf2_mac" \
	"$(vf_mac 2)"

# --- sriov CNI plugin (its cmdAdd and cmdDel, upstream's order, with no
# pause between calls): ADD saves the VF's state from the PF's VF list,
# sets VLAN (with qos and protocol), MAC, rates, spoof check, trust and
# link state one call each, then takes the VF's netdev down, renames it,
# gives it the pod's MAC, moves it into the pod, renames and raises it.
orig=$(vf_config "$ifa")
pod_mac=(02:00:00:00:05:10 02:00:00:00:05:11)
host_if=()
eff_mac=()
restarts='' slow=''
# cni_add N ADDR [PAUSE]: PAUSE seconds between taking the interface
# down and giving it the pod's MAC, as on a busy node: vfmgr has told
# igbvf to restart by then, and the closed interface has not, so igbvf
# asks for the MAC before its handshake.
cni_add()
{
	local n=$1 dev idx

	dev=${host_if[n]}
	[ -n "$dev" ] || return 1
	ip link set "$ifa" vf "$n" vlan 200 qos 0 proto 802.1Q &&
	ip link set "$ifa" vf "$n" mac "${pod_mac[$n]}" &&
	ip link set "$ifa" vf "$n" min_tx_rate 0 max_tx_rate 100 &&
	ip link set "$ifa" vf "$n" spoofchk on &&
	ip link set "$ifa" vf "$n" trust off &&
	ip link set "$ifa" vf "$n" state enable || return 1
	# SetupVF
	idx=$(cat "/sys/class/net/$dev/ifindex")
	ip link set "$dev" down &&
	ip link set "$dev" name "temp_$idx" || return 1
	sleep "${3:-0}"
	ip link set "temp_$idx" address "${pod_mac[$n]}" || return 1
	ip netns add "pod$n" &&
	ip link set "temp_$idx" netns "pod$n" &&
	ip -n "pod$n" link set "temp_$idx" name net1 &&
	ip -n "pod$n" link set net1 up &&
	ip -n "pod$n" addr add "$2" dev net1
}
for n in 0 1; do
	# What the plugin saves before it changes anything (check runs
	# cni_add in a subshell).
	host_if[n]=$(vf_netdev "$(vf_bdf "$a" "$n")")
	eff_mac[n]=$(cat "/sys/class/net/${host_if[n]}/address")
	restarts=$(vf_restarts "$a" "$n")
	slow=
	[ "$n" = 1 ] && slow=" (a plugin paused 1 s)"
	check "cni ADD: pod $n on VF $n$slow" cni_add "$n" "10.5.1.$((n + 1))/24" "$n"
	# Six calls, two of which need igbvf to restart (MAC, link state):
	# one restart at most, none if the interface came up (and igbvf
	# reset) before the changes settled.
	check "cni ADD: VF $n restarted at most once for its six calls" \
		test "$(($(vf_restarts "$a" "$n") - restarts))" -le 1
	check_eq "cni ADD: the MAC it reads back" "${pod_mac[$n]}" "$(vf_mac "$n")"
	check "pod $n: link up" wait_for 60 carrier_up net1 "pod$n"
	check_eq "pod $n: net1 has the pod's MAC" "${pod_mac[$n]}" "$(ns_mac "pod$n")"
done
check "ip link reports what the plugin set" sh -c \
	"ip link show $ifa | grep -q 'vf 0 .*link/ether ${pod_mac[0]}.*vlan 200.*max_tx_rate 100Mbps.*spoof checking on, link-state enable, trust off'"
check "pod 0 <-> pod 1 on VLAN 200" wait_for 30 ns_ping pod0 10.5.1.2
check "pod 0 does not reach the untagged PF" ns_noping pod0 10.5.0.254

# DEL: ResetVFConfig (the VF's saved VLAN, spoof check and admin MAC,
# trust off, saved rates and link state), then ReleaseVF (in the pod:
# down, the host name back, the MAC it had, back to the host).
# cni_del N
cni_del()
{
	local n=$1 line omac ovlan ospoof ostate

	line=$(sed -n "s/^vf $n //p" <<<"$orig")
	omac=$(sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p' <<<"$line")
	ovlan=$(sed -n 's/.*, vlan \([0-9]*\).*/\1/p' <<<"$line")
	ospoof=$(sed -n 's/.*spoof checking \([a-z]*\).*/\1/p' <<<"$line")
	ostate=$(sed -n 's/.*link-state \([a-z]*\).*/\1/p' <<<"$line")
	ip link set "$ifa" vf "$n" vlan "${ovlan:-0}" qos 0 proto 802.1Q &&
	ip link set "$ifa" vf "$n" spoofchk "${ospoof:-on}" &&
	ip link set "$ifa" vf "$n" mac "$omac" &&
	ip link set "$ifa" vf "$n" trust off &&
	ip link set "$ifa" vf "$n" min_tx_rate 0 max_tx_rate 0 &&
	ip link set "$ifa" vf "$n" state "${ostate:-auto}" || return 1
	# ReleaseVF
	ip -n "pod$n" link set net1 down &&
	ip -n "pod$n" link set net1 name "${host_if[$n]}" &&
	ip -n "pod$n" link set "${host_if[$n]}" address "${eff_mac[$n]}" &&
	ip -n "pod$n" link set "${host_if[$n]}" netns 1 &&
	ip netns del "pod$n"
}
for n in 0 1; do
	check "cni DEL: pod $n" cni_del "$n"
	check "VF $n's netdev back on the host as ${host_if[$n]}" test -e "/sys/class/net/${host_if[$n]}"
	check_eq "VF $n's netdev has the MAC it had" "${eff_mac[$n]}" \
		"$(cat "/sys/class/net/${host_if[$n]}/address")"
done
check_eq "every VF as the plugin found it" "$orig" "$(vf_config "$ifa")"

# --- operator: numvfs 0 with nothing in use, then the VFs come back.
check "operator: sriov_numvfs 0 at the end" sh -c "echo 0 >$sysfs/sriov_numvfs"
check "operator: sriov_numvfs 3 again" sh -c "echo 3 >$sysfs/sriov_numvfs"
check_eq "VF 2 kept the MAC the operator copied" "$vf2_mac" \
	"$(vf_mac 2)"

echo 0 >"$sysfs/sriov_numvfs"
rmmod vfmgr
rmmod igbvf
sysfs_release "$a"
ktap_end
