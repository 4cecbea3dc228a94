#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: ports=2
#
# Surprise removal of a claimed port: `echo 1 > .../remove` while its two
# VFs pass traffic under igbvf, one VF changes its MTU in a loop (each
# change is a mailbox request) and two vfctl loops set and read VF
# settings.  The removal completes without a kernel warning (the runner
# checks the log), every vfctl request either succeeds or is answered
# "no such device", the module unloads, and after a rescan and a new
# claim, `vfctl restore` brings back the saved configuration: the same
# save file, the same VF settings in `ip link`, the same switching
# registers, and traffic.

# shellcheck source=selftests/lib.sh
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
cleanup()
{
	touch "$tmp/stop"
	# shellcheck disable=SC2046 # one PID per word
	kill $(jobs -p) 2>/dev/null
	wait
	for ns in peer v0 v1; do ip netns del "$ns" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT
test_begin 2
claim_a_up 10.9.0.254/24
ns_move "$(pf_netdev "$b")" peer 10.9.0.200/24

check "2 VFs on igbvf" "$VFCTL" pf set "$a" numvfs 2 driver igbvf
check "VF 0: MAC, VLAN 90, rate" \
	"$VFCTL" vf set "$a" 0 mac 02:00:00:00:09:10 vlan 90 max_tx_rate 100
check "VF 1: MAC, VLAN 90, no spoof checking" \
	"$VFCTL" vf set "$a" 1 mac 02:00:00:00:09:11 vlan 90 spoofchk off
check "vfctl save" "$VFCTL" save "$tmp/saved.conf"
handshakes_done() { [ "$(grep -c 'cts 1' "/sys/kernel/debug/vfmgr/$a/vfs")" = 2 ]; }
for n in 0 1; do
	check "VF $n up in its namespace" vf_ns_up "$a" "$n" "10.9.0.$((n + 1))/24"
done
check "both VFs completed their handshake" wait_for 90 handshakes_done
check "VF 0 <-> VF 1 on VLAN 90" wait_for 60 ns_ping v0 10.9.0.2
check "PF <-> peer" wait_for 30 ns_ping peer 10.9.0.254
regs=$(switch_regs "$a")
vf0=$(vf_bdf "$a" 0) vf1=$(vf_bdf "$a" 1)
config=$(vf_config "$ifa")

# The load: traffic both ways, mailbox requests, genl sets and reads.
ip netns exec v0 ping -q -i 0.05 10.9.0.2 >/dev/null 2>&1 &
pings=$!
ip netns exec peer ping -q -i 0.05 10.9.0.254 >/dev/null 2>&1 &
pings+=" $!"
v1if=$(ns_ifname v1)
(
	while [ ! -e "$tmp/stop" ]; do
		ip -n v1 link set "$v1if" mtu 1400 2>/dev/null
		ip -n v1 link set "$v1if" mtu 1500 2>/dev/null
	done
) &
genl_load()
{
	local i=0 out

	while [ ! -e "$tmp/stop" ]; do
		i=$((i + 1))
		if [ "$1" = set ]; then
			out=$("$VFCTL" vf set "$a" 0 max_tx_rate $((100 + i % 2 * 100)) 2>&1)
		else
			out=$("$VFCTL" vf list "$a" 2>&1)
		fi
		echo "$? ${out//$'\n'/ | }" >>"$tmp/genl.$1"
	done
}
genl_load set &
genl_load list &
sleep 3

check "the port is removed (sysfs remove)" timeout 120 sh -c "echo 1 >/sys/bus/pci/devices/$a/remove"
check "... its device is gone" test ! -e "/sys/bus/pci/devices/$a"
check "... its VFs too" sh -c "! test -e /sys/bus/pci/devices/$vf0 && ! test -e /sys/bus/pci/devices/$vf1"
sleep 2
touch "$tmp/stop"
# shellcheck disable=SC2086 # two PIDs
kill $pings
wait
# What vfctl or the kernel say when the port is gone or going.
gone_re='no such PCI device\|driven by vfmgr\|No such device\|was released\|was removed'
for what in set list; do
	total=$(wc -l <"$tmp/genl.$what")
	ok=$(grep -c '^0 ' "$tmp/genl.$what")
	gone=$(grep -v '^0 ' "$tmp/genl.$what" | grep -c "$gone_re")
	__ktap_diag "vfctl vf $what: $total requests, $ok succeeded, $gone answered no such device"
	check_eq "vfctl vf $what: each request succeeded or found no device" "$total" "$((ok + gone))"
	check "vfctl vf $what: some succeeded before the removal" test "$ok" -gt 0
	check "vfctl vf $what: the ones after it found no device" test "$gone" -gt 0
	[ "$total" = $((ok + gone)) ] ||
		__ktap_diag "$(grep -v '^0 ' "$tmp/genl.$what" | grep -v "$gone_re" | sort | uniq -c | head)"
done
check_eq "vfctl pf list no longer has the port" 0 "$("$VFCTL" pf list | grep -c "$a")"
check "vfmgr unloads" vfmgr_unload

# The port comes back on a rescan (to igb: the claim was the device's),
# is claimed again, and the saved configuration is restored.
check "vfmgr loads again" vfmgr_load
check "a rescan brings the port back" sh -c "echo 1 >/sys/bus/pci/rescan"
check "... on igb with an interface" wait_for 30 test -e "/sys/bus/pci/devices/$a/net"
check "vfctl pf claim, as the admin guide says" "$VFCTL" pf claim "$a"
settle
ifa=$(pf_netdev "$a")
ip addr add 10.9.0.254/24 dev "$ifa"
ip link set "$ifa" up
check "vfctl restore" "$VFCTL" restore "$a" "$tmp/saved.conf"
check "the saved configuration is back (vfctl save)" \
	sh -c "'$VFCTL' save '$tmp/after.conf' && cmp -s '$tmp/saved.conf' '$tmp/after.conf'"
ip netns del v0 2>/dev/null
ip netns del v1 2>/dev/null
for n in 0 1; do
	check "VF $n up again in its namespace" vf_ns_up "$a" "$n" "10.9.0.$((n + 1))/24"
done
check "both VFs completed their handshake again" wait_for 90 handshakes_done
# Compared as before the removal: with both VF drivers up.
check_eq "the VF settings are back (ip link)" "$config" "$(vf_config "$ifa")"
check_eq "the switching registers equal those before the removal" "$regs" "$(switch_regs "$a")"
check "VF 0 <-> VF 1 on VLAN 90 again" wait_for 60 ns_ping v0 10.9.0.2
check "PF <-> peer again" wait_for 30 ns_ping peer 10.9.0.254
ktap_end
