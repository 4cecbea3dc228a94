#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: ports=2
#
# Nothing the admin configured is lost: a VF function level reset, an
# igbvf reload, a full port reset and numvfs 0 -> N -> 0 -> N all come
# back with the same MACs, VLANs and policy, and traffic flows again.

# shellcheck source=selftests/lib.sh
. "$(dirname "$0")/lib.sh"

test_begin 2
claim_a_up 10.2.0.254/24
# Port B (igb) is the PF's peer on the wire.
ns_move "$(pf_netdev "$b")" peer 10.2.0.200/24
echo 0 >"$sysfs/sriov_drivers_autoprobe"
echo 2 >"$sysfs/sriov_numvfs"
modprobe igbvf

mac=(02:00:00:00:01:10 02:00:00:00:01:11)
ip link set "$ifa" vf 0 mac "${mac[0]}" vlan 100 max_tx_rate 50
ip link set "$ifa" vf 1 mac "${mac[1]}" vlan 100 trust on spoofchk off

# VF N up in namespace vN, once it has an interface again.
vf_up() { vf_ns_up "$a" "$1" "10.2.0.$(($1 + 1))/24"; }

# Everything configured is back, and VF 0 reaches VF 1 on VLAN 100.
all_back()
{
	local what=$1

	check_eq "$what: configuration unchanged" "$expected" "$(vf_config "$ifa")"
	check_eq "$what: VF 0 has its admin MAC" "${mac[0]}" \
		"$(ns_mac v0)"
	if ! check "$what: VF 0 <-> VF 1 on VLAN 100" wait_for 30 ns_ping v0 10.2.0.2; then
		# What each side looked like, for the log.
		for n in 0 1; do
			__ktap_diag "$(ip -n "v$n" -d link 2>&1; ip -n "v$n" -s neigh 2>&1)"
		done
		__ktap_diag "$(cat "/sys/kernel/debug/vfmgr/$a/vfs"; dmesg | grep -E 'igbvf|vfmgr' | tail -n 30)"
	fi
	check "$what: VF 0 still isolated from the untagged PF" ns_noping v0 10.2.0.254
	check "$what: VF 0 inserts VLAN 100 again" \
		sh -c "grep -A4 '^vf 0$' /sys/kernel/debug/vfmgr/$a/vfs | grep -q 'VMVIR 0x40000064'"
	check "$what: VF 1 anti-spoofing still off" \
		sh -c "grep -A4 '^vf 1$' /sys/kernel/debug/vfmgr/$a/vfs | grep -q 'spoof_mac 0'"
}

for n in 0 1; do
	vf_bind "$(vf_bdf "$a" "$n")" igbvf
	vf_up "$n"
done
expected=$(vf_config "$ifa")
all_back "initially"
check "PF <-> peer" wait_for 20 ns_ping peer 10.2.0.254

# A function level reset, as a VM reboot or a VFIO user causes it.
vf0=$(vf_bdf "$a" 0)
ip netns del v0
vf_bind "$vf0" none
check "VF 0 function level reset" sh -c "echo 1 >/sys/bus/pci/devices/$vf0/reset"
check "igbvf rebinds VF 0" vf_bind "$vf0" igbvf
check "VF 0 up again" vf_up 0
all_back "after VF FLR"

# The VF driver reloaded (a guest reloading its driver).
ip netns del v0
ip netns del v1
rmmod igbvf
check "igbvf reloaded" modprobe igbvf
settle
check "VF 0 up again" vf_up 0
check "VF 1 up again" vf_up 1
all_back "after igbvf reload"

# A full port reset: VFs lose clear-to-send and must redo the handshake.
ping -c 1 -W 2 10.2.0.1 >/dev/null 2>&1
check "ethtool --reset of the PF" ethtool --reset "$ifa" all
check "PF link back" wait_for 30 carrier_up "$ifa"
# Each VF driver notices the reset, restarts and completes its handshake.
handshakes_done()
{
	[ "$(grep -c 'cts 1' "/sys/kernel/debug/vfmgr/$a/vfs")" = 2 ]
}
check "both VFs redo their handshake after the reset" wait_for 90 handshakes_done
for n in 0 1; do
	check "VF $n link up after the reset" \
		wait_for 60 carrier_up "$(ns_ifname "v$n")" "v$n"
done
all_back "after port reset"
check "PF <-> peer after the reset" wait_for 20 ns_ping peer 10.2.0.254
check "the PF keeps its address" sh -c "ip -br addr show $ifa | grep -q 10.2.0.254"

# numvfs 0 -> 2: configuration is kept per VF index.
ip netns del v0
ip netns del v1
check "numvfs 0" sh -c "echo 0 >$sysfs/sriov_numvfs"
check "numvfs 2" sh -c "echo 2 >$sysfs/sriov_numvfs"
for n in 0 1; do vf_bind "$(vf_bdf "$a" "$n")" igbvf; done
check "VF 0 up again" vf_up 0
check "VF 1 up again" vf_up 1
all_back "after numvfs 0 -> 2"

for n in 0 1; do ip netns del "v$n"; done
ip netns del peer
rmmod vfmgr
rmmod igbvf
sysfs_release "$a"
ktap_end
