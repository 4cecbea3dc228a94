#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: ports=2
#
# SR-IOV on a vfmgr port: creating and removing VFs through sysfs never
# disturbs the PF's own traffic, the stock igbvf driver brings a VF up,
# and unloading with VFs in use cleans up.

# shellcheck source=selftests/lib.sh
. "$(dirname "$0")/lib.sh"

test_begin 2
claim_a_up 192.0.2.1/24
ifb=$(pf_netdev "$b")
ns_move "$ifb" peer 192.0.2.2/24
wait_for 20 carrier_up "$ifa"
wait_for 20 carrier_up "$ifb" peer

check_eq "sriov_totalvfs is 7 (pool 7 stays the PF's)" 7 "$(cat "$sysfs/sriov_totalvfs")"
check "PF reaches the peer before any VF exists" ns_ping peer 192.0.2.1

# The PF's traffic must not notice VFs coming and going.
echo 0 >"$sysfs/sriov_drivers_autoprobe"
ip netns exec peer ping -c 150 -i 0.05 -W 2 192.0.2.1 >/tmp/pf-ping.log 2>&1 &
ping_pid=$!
sleep 0.5
ok=1
for n in 3 0 7 0 3; do
	echo "$n" >"$sysfs/sriov_numvfs" || ok=0
	[ "$(cat "$sysfs/sriov_numvfs")" = "$n" ] || ok=0
	sleep 0.3
done
check_eq "sriov_numvfs 3, 0, 7, 0, 3 all applied" 1 "$ok"
wait "$ping_pid"
check "no PF packet lost while numvfs changed" \
	grep -q ' 150 received, 0% packet loss' /tmp/pf-ping.log
grep -q ' 0% packet loss' /tmp/pf-ping.log || sed 's/^/# /' /tmp/pf-ping.log

check_eq "3 VFs listed" 3 "$(find "$sysfs"/ -maxdepth 1 -name "virtfn*" | wc -l)"
check_fail "3 -> 2 directly is refused (PCI core: disable first)" \
	sh -c "echo 2 >$sysfs/sriov_numvfs"
check_fail "8 VFs refused" sh -c "echo 0 >$sysfs/sriov_numvfs; echo 8 >$sysfs/sriov_numvfs"
echo 3 >"$sysfs/sriov_numvfs"
vf0=$(vf_bdf "$a" 0)
check_eq "VF 0 is an 82576 VF" "0x10ca" "$(cat "/sys/bus/pci/devices/$vf0/device")"
check_eq "autoprobe off: no driver took VF 0" - "$(pf_driver "$vf0")"

modprobe igbvf
check "igbvf binds VF 0" vf_bind "$vf0" igbvf
check "VF 0 has an interface" wait_for 20 test -e "/sys/bus/pci/devices/$vf0/net"
if0=$(vf_netdev "$vf0")
check "VF 0 completed the reset handshake (clear to send)" \
	wait_for 20 sh -c "grep -A2 '^vf 0$' /sys/kernel/debug/vfmgr/$a/vfs | grep -q 'cts 1'"
check "VF 0 receive and transmit enabled" \
	sh -c "grep -A4 '^vf 0$' /sys/kernel/debug/vfmgr/$a/vfs | grep -q 'VFRE 1 VFTE 1'"
ns_move "$if0" v0 192.0.2.10/24
check "VF 0 link up" wait_for 30 carrier_up "$if0" v0
check "VF 0 reaches the peer on the wire" ns_ping v0 192.0.2.2
check "VF 0 reaches its PF" ns_ping v0 192.0.2.1
check "PF reaches VF 0" ping -c 3 -i 0.2 -W 2 192.0.2.10

check_fail "VF 1 not probed: sriov_drivers_autoprobe is off" \
	test -e "/sys/bus/pci/devices/$(vf_bdf "$a" 1)/driver"

check "rmmod vfmgr with VFs enabled and igbvf bound" rmmod vfmgr
check_fail "VFs are gone" test -e "$sysfs/virtfn0"
check_eq "port unbound" - "$(pf_driver "$a")"

ip netns del v0
ip netns del peer
rmmod igbvf
sysfs_release "$a"
ktap_end
