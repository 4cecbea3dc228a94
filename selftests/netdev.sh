#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: ports=2
#
# The PF's own interface: port A on vfmgr talks to port B on igb across
# the virtual wire, each in its own network namespace.

# shellcheck source=selftests/lib.sh
. "$(dirname "$0")/lib.sh"

test_begin 2
mac_a=$(cat /sys/bus/pci/devices/"$a"/net/*/address)

vfmgr_load
check "claim port A" sysfs_claim "$a"
check_eq "port A bound to vfmgr" vfmgr "$(pf_driver "$a")"
check "port A has an interface" wait_for 10 test -e "/sys/bus/pci/devices/$a/net"
ifa=$(pf_netdev "$a")
ifb=$(pf_netdev "$b")
check_eq "interface keeps the port's station address" "$mac_a" \
	"$(cat "/sys/class/net/$ifa/address")"
check_eq "ethtool -i names the driver" "driver: vfmgr" \
	"$(ethtool -i "$ifa" | grep '^driver:')"
check_eq "ethtool -i gives the bus address" "bus-info: $a" \
	"$(ethtool -i "$ifa" | grep '^bus-info:')"

ip netns add nsa
ip netns add nsb
ip link set "$ifa" netns nsa
ip link set "$ifb" netns nsb
ip -n nsa addr add 192.0.2.1/24 dev "$ifa"
ip -n nsb addr add 192.0.2.2/24 dev "$ifb"
ip -n nsa link set "$ifa" up
ip -n nsb link set "$ifb" up
check "carrier up on the vfmgr port" wait_for 20 carrier_up "$ifa" nsa
wait_for 20 carrier_up "$ifb" nsb
check "ethtool reports the link speed" \
	sh -c "ip netns exec nsa ethtool $ifa | grep -q 'Speed: 1000Mb/s'"

check "ping vfmgr port -> igb port" \
	ip netns exec nsa ping -c 3 -i 0.2 -W 2 192.0.2.2
check "ping igb port -> vfmgr port" \
	ip netns exec nsb ping -c 3 -i 0.2 -W 2 192.0.2.1
check "large frames: 1472-byte ping" \
	ip netns exec nsa ping -c 2 -i 0.2 -W 2 -s 1472 -M "do" 192.0.2.2
check "100 pings in a flood lose nothing" \
	ip netns exec nsa ping -c 100 -i 0.01 -W 2 -q 192.0.2.2

rx=$(ip netns exec nsa cat "/sys/class/net/$ifa/statistics/rx_packets")
check "interface counts received packets ($rx)" test "$rx" -ge 100
check "ethtool -S reports counters" \
	sh -c "ip netns exec nsa ethtool -S $ifa | grep -q 'tx_packets: [1-9]'"

# A VLAN on top of the PF: the VLAN filter must let tagged frames in.
ip -n nsa link add link "$ifa" name "$ifa.42" type vlan id 42
ip -n nsb link add link "$ifb" name "$ifb.42" type vlan id 42
ip -n nsa addr add 198.51.100.1/24 dev "$ifa.42"
ip -n nsb addr add 198.51.100.2/24 dev "$ifb.42"
ip -n nsa link set "$ifa.42" up
ip -n nsb link set "$ifb.42" up
check "ping over VLAN 42" ip netns exec nsa ping -c 3 -i 0.2 -W 2 198.51.100.2
check "VLAN 42 in the port's VLAN filter" \
	grep -Eq "^VLVF [0-9]+ 0x8008002a$" "/sys/kernel/debug/vfmgr/$a/regs"

check "MTU 1900 accepted" ip -n nsa link set "$ifa" mtu 1900
check "ping after MTU change" ip netns exec nsa ping -c 2 -i 0.2 -W 2 192.0.2.2
check_fail "MTU above the buffer size refused" ip -n nsa link set "$ifa" mtu 9000

check "interface down" ip -n nsa link set "$ifa" down
check "interface up again" ip -n nsa link set "$ifa" up
check "carrier back" wait_for 20 carrier_up "$ifa" nsa
check "ping after down/up" ip netns exec nsa ping -c 2 -i 0.2 -W 2 192.0.2.2

check "rmmod with the interface up" rmmod vfmgr
check_eq "port A unbound" - "$(pf_driver "$a")"
ip netns del nsa
ip netns del nsb
sysfs_release "$a"
ktap_end
