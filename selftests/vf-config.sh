#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: ports=2
#
# Per-VF configuration through the rtnetlink VF API (ip link set PF vf N),
# enforced against the stock igbvf driver: admin MAC, port VLAN isolation,
# MAC and VLAN requests mediated by trust, link state, frame size, and
# clear errors for bad input.

# shellcheck source=selftests/lib.sh
. "$(dirname "$0")/lib.sh"

test_begin 1
claim_a_up 10.1.0.254/24
echo 0 >"$sysfs/sriov_drivers_autoprobe"
echo 3 >"$sysfs/sriov_numvfs"
modprobe igbvf

mac=(02:00:00:00:00:10 02:00:00:00:00:11 02:00:00:00:00:12)
check "admin MAC for VF 0" ip link set "$ifa" vf 0 mac "${mac[0]}"
check "admin MAC for VF 1" ip link set "$ifa" vf 1 mac "${mac[1]}"
check "admin MAC for VF 2" ip link set "$ifa" vf 2 mac "${mac[2]}"
check "port VLAN 100 for VF 0" ip link set "$ifa" vf 0 vlan 100
check "port VLAN 100 qos 3 for VF 1" ip link set "$ifa" vf 1 vlan 100 qos 3

vfif=()
for n in 0 1 2; do
	bdf=$(vf_bdf "$a" "$n")
	vf_bind "$bdf" igbvf
	wait_for 20 test -e "/sys/bus/pci/devices/$bdf/net"
	vfif[n]=$(vf_netdev "$bdf")
	check_eq "VF $n came up with its admin MAC" "${mac[n]}" \
		"$(cat "/sys/class/net/${vfif[n]}/address")"
	ns_move "${vfif[n]}" "v$n" "10.1.0.$((n + 1))/24"
done
for n in 0 1 2; do
	check "VF $n link up" wait_for 30 carrier_up "${vfif[n]}" "v$n"
done

check "ip link show reports VF 1's port VLAN and qos" \
	sh -c "ip link show $ifa | grep -q 'vf 1 .*vlan 100, qos 3'"
check "VF 0 inserts VLAN 100 (VMVIR)" \
	sh -c "grep -A4 '^vf 0$' /sys/kernel/debug/vfmgr/$a/vfs | grep -q 'VMVIR 0x40000064'"
check "VF 1 inserts VLAN 100 with priority 3" \
	sh -c "grep -A4 '^vf 1$' /sys/kernel/debug/vfmgr/$a/vfs | grep -q 'VMVIR 0x40006064'"

check "VF 0 <-> VF 1 on the same port VLAN" ns_ping v0 10.1.0.2
check "VF 0 (VLAN 100) cannot reach VF 2 (untagged)" ns_noping v0 10.1.0.3
check "VF 0 (VLAN 100) cannot reach the untagged PF" ns_noping v0 10.1.0.254
check "VF 2 <-> PF, both untagged" ns_ping v2 10.1.0.254
check "PF -> VF 2" ping -c 3 -i 0.2 -W 2 10.1.0.3

# Mediation: MAC changes from the VF.
before=$(vf_dbg "$a" 2 | sed -n 's/.*refused \([0-9]*\).*/\1/p')
check_fail "untrusted VF 2 cannot override its admin MAC" \
	ip -n v2 link set "${vfif[2]}" address 02:00:00:00:00:99
after=$(vf_dbg "$a" 2 | sed -n 's/.*refused \([0-9]*\).*/\1/p')
check "the refusal is counted" test "$after" -gt "$before"
check "the refusal is logged with the reason" \
	grep -q "VF 2: MAC address refused: the admin set this VF's MAC" <(dmesg)
check "trust VF 2" ip link set "$ifa" vf 2 trust on
check "trusted VF 2 may change its MAC" \
	ip -n v2 link set "${vfif[2]}" address 02:00:00:00:00:99
check "the port filters the new MAC for VF 2" \
	sh -c "grep -A8 '^vf 2$' /sys/kernel/debug/vfmgr/$a/vfs | grep -q 'RAR .* 02:00:00:00:00:99'"
check "VF 2 reachable at its new MAC" ns_ping v2 10.1.0.254
check "ip link show reports trust" sh -c "ip link show $ifa | grep -q 'vf 2 .*trust on'"

# Mediation: VLANs from the VF.
check_fail "VF 0 cannot add a VLAN under its admin port VLAN" \
	ip -n v0 link add link "${vfif[0]}" name vl5 type vlan id 5
check "VF 2 (no port VLAN) may add VLAN 7" \
	ip -n v2 link add link "${vfif[2]}" name vl7 type vlan id 7
check "the port filters VLAN 7 for VF 2" \
	sh -c "grep -A12 '^vf 2$' /sys/kernel/debug/vfmgr/$a/vfs | grep -q 'VLVF .* vid 7'"

# Link state.
check "link-state disable for VF 1" ip link set "$ifa" vf 1 state disable
check "VF 1 loses its carrier" wait_for 30 carrier_down "${vfif[1]}" v1
check "VF 1 unreachable while disabled" ns_noping v0 10.1.0.2
check "ip link show reports link-state disable" \
	sh -c "ip link show $ifa | grep -q 'vf 1 .*link-state disable'"
check "link-state auto for VF 1" ip link set "$ifa" vf 1 state auto
check "VF 1 carrier back" wait_for 60 carrier_up "${vfif[1]}" v1
check "VF 1 reachable again" wait_for 20 ns_ping v0 10.1.0.2

# Frame size: the VF asks for what its MTU needs, and no more gets in.
check "VF 1 MTU 1000" ip -n v1 link set "${vfif[1]}" mtu 1000
check "VF 1's pool accepts frames up to 1022 bytes" \
	wait_for 10 sh -c "grep -A2 '^vf 1$' /sys/kernel/debug/vfmgr/$a/vfs | grep -q 'max_frame 1022'"
check "a 900-byte ping reaches VF 1" ns_ping v0 10.1.0.2 -s 900
check "a 1400-byte frame is dropped by VF 1's pool" \
	sh -c "! ip netns exec v0 ping -c 2 -i 0.2 -W 1 -s 1400 10.1.0.2"
ip -n v1 link set "${vfif[1]}" mtu 1500

# Anti-spoofing and rate limiting: programmed, but QEMU does not enforce them.
check "spoofchk off for VF 0" ip link set "$ifa" vf 0 spoofchk off
check "VF 0's anti-spoofing bits cleared" \
	sh -c "grep -A4 '^vf 0$' /sys/kernel/debug/vfmgr/$a/vfs | grep -q 'spoof_mac 0 spoof_vlan 0'"
check "spoofchk on for VF 0" ip link set "$ifa" vf 0 spoofchk on
check "VF 0's anti-spoofing bits set" \
	sh -c "grep -A4 '^vf 0$' /sys/kernel/debug/vfmgr/$a/vfs | grep -q 'spoof_mac 1 spoof_vlan 1'"
skip "spoofed frames dropped" "QEMU's igb does not enforce anti-spoofing"
check "max_tx_rate 100 for VF 0" ip link set "$ifa" vf 0 max_tx_rate 100
check "ip link show reports the rate" \
	sh -c "ip link show $ifa | grep -q 'vf 0 .*max_tx_rate 100Mbps'"
skip "rate limiter registers and throughput" "QEMU's igb has no rate limiter registers (they read 0)"

# Per-VF counters.
rx=$(ip -s -j link show "$ifa" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["vfinfo_list"][2]["stats"]["rx"]["packets"])')
check "per-VF counters: VF 2 received packets ($rx)" test "$rx" -gt 0

# Bad input.
check_fail "VF index out of range" ip link set "$ifa" vf 9 mac 02:00:00:00:00:20
check "the log names the VF and the count" \
	grep -q "VF 9 does not exist (3 VFs enabled)" <(dmesg)
check_fail "multicast MAC refused" ip link set "$ifa" vf 0 mac 01:00:5e:00:00:01
check_fail "VLAN 4096 refused" ip link set "$ifa" vf 0 vlan 4096
check_fail "qos 8 refused" ip link set "$ifa" vf 0 vlan 10 qos 8
check_fail "802.1ad port VLAN refused" ip link set "$ifa" vf 0 vlan 10 proto 802.1ad
check_fail "min_tx_rate refused" ip link set "$ifa" vf 0 min_tx_rate 10
check "the log says why" grep -q "no minimum rate guarantee" <(dmesg)
check "query_rss off accepted (what every VF has)" ip link set "$ifa" vf 0 query_rss off
check_fail "query_rss on refused" ip link set "$ifa" vf 0 query_rss on
check "the log says why" grep -q "VF 0: RSS query refused" <(dmesg)
check_fail "rate above the link speed refused" ip link set "$ifa" vf 0 max_tx_rate 2000
check "nothing half-applied: VF 0 still on VLAN 100, rate 100" \
	sh -c "ip link show $ifa | grep -q 'vf 0 .*vlan 100, .*max_tx_rate 100Mbps'"

# Clearing the admin MAC (what libvirt does on release) is accepted and
# takes the address from the VF at once: igbvf redoes its handshake (and,
# given no address, asks again for the one it has).  Wait for that before
# the interfaces go: igbvf warns when it is closed in the middle of a
# reset.
restarts=$(vf_restarts "$a" 0)
check "all-zero MAC clears VF 0's admin MAC" ip link set "$ifa" vf 0 mac 00:00:00:00:00:00
vf0_redone()
{
	[ "$(vf_restarts "$a" 0)" -gt "$restarts" ] &&
		vf_dbg "$a" 0 | grep -q '^  vf: cts 1'
}
check "... igbvf on VF 0 redoes its handshake" wait_for 60 vf0_redone

for n in 0 1 2; do ip netns del "v$n"; done
rmmod vfmgr
rmmod igbvf
sysfs_release "$a"
ktap_end
