#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: ports=1
#
# Tenant isolation through the mailbox, tried as a hostile tenant would:
# selftests/vfio-client drives VFs through VFIO and sends the PF requests
# a stock driver never would.  Whatever it asks, it must not take what
# another function holds: another VF's MAC (admin-set or in use), the
# PF's, a filter for them, another VF's port VLAN, or more than its share
# of the VLAN filter table.  Each refusal is checked three ways: the
# mailbox answer (NACK), the port's registers (the victims' and the
# attacker's pools as before), and the event that names the reason.
# Legitimate requests next to them are still granted.  The admin is held
# to the same rule (a MAC in use elsewhere is refused, naming the holder),
# and a port VLAN the admin sets takes the VLAN from the VFs that had
# joined it, with an event.  VLAN 0 leaves with a port VLAN and at reset.
# ip link reports the MAC a VF uses, as igb does, and clearing the admin
# MAC clears it at once.

# shellcheck source=selftests/lib.sh
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
tenants=()
monitor=

cleanup()
{
	local p

	for p in "${tenants[@]}" $monitor; do
		kill "$p" 2>/dev/null
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
# A tenant that died must not take the test with it when told to go on.
trap '' PIPE

require_module
require_ports 1
require_vfio_client "$tmp"
client=$VFIO_CLIENT_BIN
if ! modprobe vfio-pci; then
	echo "# SKIP: the vfio-pci module cannot be loaded"
	exit "$KSFT_SKIP"
fi
ktap_begin
ports_init
claim_a_up 10.8.0.254/24
modprobe 8021q
pf_mac=$(cat "/sys/class/net/$ifa/address")

check "vfctl pf set: 7 VFs bound to vfio-pci" \
	"$VFCTL" pf set "$a" numvfs 7 driver vfio-pci || ktap_end
settle
for v in 0 1 2 3 4 5 6; do
	bdf[v]=$(vf_bdf "$a" "$v")
	group=$(iommu_group "${bdf[v]}")
	if [ "$(ls "/sys/kernel/iommu_groups/$group/devices")" != "${bdf[v]}" ]; then
		skip "tenant isolation through VFIO" "VF $v shares IOMMU group $group"
		ktap_end
	fi
	wait_for 10 test -c "/dev/vfio/$group"
done

mac0=02:00:00:00:08:10 mac2=02:00:00:00:08:12 mac3=02:00:00:00:08:13
check "VF 0's admin MAC" ip link set "$ifa" vf 0 mac "$mac0"

"$VFCTL" -j monitor >"$tmp/events.jsonl" 2>"$tmp/monitor.err" &
monitor=$!
sleep 2

# tenant NAME VF REQUESTS...: the client as VF VF's driver in the
# background, its input a FIFO held open on fd tfd_NAME, its output in
# $tmp/NAME.out; "wait" in REQUESTS stops it until tenant_go NAME.
tenant()
{
	local name=$1 vf=$2 fd
	shift 2
	mkfifo "$tmp/$name.in"
	"$client" "${bdf[vf]}" request "$@" <"$tmp/$name.in" >"$tmp/$name.out" 2>&1 &
	tenants+=($!)
	eval "tpid_$name=\$!"
	exec {fd}>"$tmp/$name.in"
	eval "tfd_$name=\$fd"
}
# tenant_waits NAME N: the tenant stopped at its Nth "wait".
tenant_waits() { [ "$(grep -c '^waiting$' "$tmp/$1.out")" -ge "$2" ]; }
tenant_go() { local fd; eval "fd=\$tfd_$1"; echo go >&"$fd"; }
tenant_end()
{
	local fd pid
	eval "fd=\$tfd_$1 pid=\$tpid_$1"
	exec {fd}>&-
	wait "$pid"
}
# answer NAME REQUEST: the answer the tenant got to REQUEST (ACK, NACK),
# the Nth one when REQUEST repeats and N is given as a third argument.
answer()
{
	grep -F -- "$2: " "$tmp/$1.out" | sed -n "${3:-1}s/^.*: \([A-Z-]*\) reply .*/\1/p"
}
# vlans_of VF: the VLANs VF's pool is in, by the port's filter table.
vlans_of() { vf_dbg "$a" "$1" | sed -n 's/^  hw: VLVF [0-9]* vid //p' | sort -n | xargs; }
rars_of() { vf_dbg "$a" "$1" | sed -n 's/^  hw: RAR [0-9]* //p' | sort | xargs; }
events_with() { grep -F -c -- "$1" "$tmp/events.jsonl"; }
vlvf_used() { grep -c '^VLVF ' "/sys/kernel/debug/vfmgr/$a/regs"; }

# A neighbour tenant on VF 2 picks its own MAC and stays.
tenant t2 2 mac="$mac2" wait vlan-add=0 vlan-add=501 vlan-add=502 wait \
	vlan-add=503 vlan-add=504 vlan-add=505 vlan-add=506 vlan-add=507 vlan-add=508 wait
check "VF 2's tenant took its own MAC" wait_for 30 tenant_waits t2 1
check_eq "... granted" ACK "$(answer t2 "mac=$mac2")"
check "VF 0's port VLAN 100" ip link set "$ifa" vf 0 vlan 100

before0=$(pool_state "$a" 0)
before2=$(pool_state "$a" 2)
fresh1=02:00:00:00:08:a1 fresh2=02:00:00:00:08:a2
tenant t1 1 mac="$mac0" mac="$pf_mac" mac="$mac2" filter="$mac0" filter="$mac2" \
	filter="$pf_mac" vlan-add=100 mac="$fresh1" filter="$fresh2" vlan-add=301 wait \
	vlan-add=301 vlan-add=0 vlan-add=401 vlan-add=402 vlan-add=403 vlan-add=404 \
	vlan-add=405 vlan-add=406 vlan-add=407 vlan-add=408 wait
if ! check "the attacker on VF 1 ran its requests" wait_for 60 tenant_waits t1 1; then
	__ktap_diag "$(cat "$tmp/t1.out")"
fi
for r in "mac=$mac0" "mac=$pf_mac" "mac=$mac2" "filter=$mac0" "filter=$mac2" \
	"filter=$pf_mac" vlan-add=100; do
	check_eq "VF 1 asks $r: refused" NACK "$(answer t1 "$r")"
done
for r in "mac=$fresh1" "filter=$fresh2" vlan-add=301; do
	check_eq "VF 1 asks $r (no one's): granted" ACK "$(answer t1 "$r")"
done
check_eq "VF 1's pool holds only its own addresses" "$fresh1 $fresh2" "$(rars_of 1)"
check_eq "VF 1's pool is in VLAN 301 only" 301 "$(vlans_of 1)"
check_eq "VF 0's pool is as before (registers and state)" "$before0" "$(pool_state "$a" 0)"
check_eq "VF 2's pool is as before (registers and state)" "$before2" "$(pool_state "$a" 2)"
sleep 1
check "refused events: the address is another VF's (4)" \
	test "$(events_with "the address is another VF's")" -ge 4
check "refused events: the address is the PF's (2)" \
	test "$(events_with "the address is the PF's")" -ge 2
check "refused event: the VLAN is another VF's port VLAN" \
	test "$(events_with "another VF's port VLAN")" -ge 1

# The admin is held to the same rule, and told who holds the address.
check_fail_with "vfctl: VF 1's admin MAC = VF 2's MAC in use: refused" \
	"in use by VF 2" "$VFCTL" vf set "$a" 1 mac "$mac2"
check_fail_with "vfctl: VF 3's admin MAC = the PF's: refused" \
	"the PF's own address" "$VFCTL" vf set "$a" 3 mac "$pf_mac"
check_fail_with "ip link: VF 4's MAC = VF 0's admin MAC: refused" \
	"in use\|Address already in use" ip link set "$ifa" vf 4 mac "$mac0"
check_fail_with "ip link: the PF's address = VF 1's filter: refused" \
	"in use\|Address already in use" ip link set "$ifa" address "$fresh2"
check_eq "... the PF keeps its address" "$pf_mac" "$(cat "/sys/class/net/$ifa/address")"
check "an unused admin MAC is still taken" "$VFCTL" vf set "$a" 4 mac 02:00:00:00:08:14

# A port VLAN is a fence: the admin's wins over VF 1's membership.
check "VF 0's port VLAN 301, which VF 1 joined" ip link set "$ifa" vf 0 vlan 301
check_eq "... VF 1 is out of VLAN 301" "" "$(vlans_of 1)"
check_eq "... VF 0 is in it" 301 "$(vlans_of 0)"
check "... a withdrawn event for VF 1 says why" wait_for 5 grep -q \
	'"vf":1,"event":"withdrawn".*VLAN 301 became VF 0' "$tmp/events.jsonl"

# Quota: eight VLANs (VLAN 0 counts), then no more.
tenant_go t1
check "VF 1 asked for ten more VLANs" wait_for 60 tenant_waits t1 2
check_eq "VF 1 rejoins VLAN 301, now a port VLAN: refused" NACK "$(answer t1 vlan-add=301 2)"
check_eq "VF 1 joins VLAN 0: granted" ACK "$(answer t1 vlan-add=0)"
check_eq "VF 1 joins 401-407: granted" "ACK ACK ACK ACK ACK ACK ACK" \
	"$(for i in 1 2 3 4 5 6 7; do answer t1 vlan-add=40$i; done | xargs)"
check_eq "VF 1's ninth VLAN: refused" NACK "$(answer t1 vlan-add=408)"
check_eq "... VF 1's pool is in its eight" "0 401 402 403 404 405 406 407" "$(vlans_of 1)"
check "... the event says the quota" wait_for 5 grep -q \
	'"vf":1,"event":"refused".*VLAN quota reached' "$tmp/events.jsonl"
# With one VF at its quota, a neighbour still joins two VLANs.
tenant_go t2
check "VF 2 joins VLAN 0, 501, 502" wait_for 60 tenant_waits t2 2
check_eq "... granted" "ACK ACK ACK" \
	"$(for r in 0 501 502; do answer t2 vlan-add=$r; done | xargs)"

# VLAN 0 leaves with a port VLAN.
check "VF 1's port VLAN 320" ip link set "$ifa" vf 1 vlan 320
check_eq "... VF 1's pool is in VLAN 320 alone (no VLAN 0 left)" 320 "$(vlans_of 1)"
tenant_go t1
tenant_end t1
check "ip link: VF 1's port VLAN off" ip link set "$ifa" vf 1 vlan 0

# The shared table keeps room for the admin and the PF whatever the VFs
# do: VFs 2, 4, 3 fill their quotas, VF 1 asks for more, and the table
# refuses VFs once six entries are left.
tenant_go t2
check "VF 2 fills its quota" wait_for 60 tenant_waits t2 3
tenant t4 4 vlan-add=601 vlan-add=602 vlan-add=603 vlan-add=604 vlan-add=605 \
	vlan-add=606 vlan-add=607 vlan-add=608 wait
check "VF 4 fills its quota" wait_for 60 tenant_waits t4 1
tenant t3 3 vlan-add=701 vlan-add=702 vlan-add=703 vlan-add=704 vlan-add=705 \
	vlan-add=706 vlan-add=707 vlan-add=708 wait
check "VF 3 fills its quota" wait_for 60 tenant_waits t3 1
tenant t1b 1 vlan-add=1001 vlan-add=1002 vlan-add=1003 vlan-add=1004 vlan-add=1005 \
	vlan-add=1006 vlan-add=1007 vlan-add=1008 wait
check "VF 1 asks for eight more" wait_for 60 tenant_waits t1b 1
used=$(vlvf_used)
echo "# VLAN filter entries in use: $used of 32"
check_eq "the VFs stopped with 6 entries free" 26 "$used"
check "... refused with the reason" wait_for 5 grep -q \
	'"event":"refused".*kept for the admin and the PF' "$tmp/events.jsonl"
check "the admin sets port VLAN 801 on VF 5" ip link set "$ifa" vf 5 vlan 801
check "the admin sets port VLAN 802 on VF 6" "$VFCTL" vf set "$a" 6 vlan 802
check "the PF adds VLAN device 901" ip link add link "$ifa" name "$ifa.901" type vlan id 901
check "the PF adds VLAN device 902" ip link add link "$ifa" name "$ifa.902" type vlan id 902
check_eq "... in the filter table" 30 "$(vlvf_used)"
ip link del "$ifa.901"
ip link del "$ifa.902"
tenant_end t1b
tenant_end t3
tenant_end t4

# VLAN 0 leaves at reset: a new driver's handshake finds VF 2 in none.
tenant_go t2
tenant_end t2
check "a new driver on VF 2 resets it" "$client" "${bdf[2]}" request lpe=1518
check_eq "... VF 2's pool is in no VLAN (VLAN 0 gone too)" "" "$(vlans_of 2)"

# ip link reports the MAC in use; clearing the admin MAC clears it.
check "VF 3: admin MAC, trusted" ip link set "$ifa" vf 3 mac "$mac3" trust on
tenant t3b 3 mac=02:00:00:00:08:b3 wait
check "VF 3's trusted tenant changes its MAC" wait_for 30 tenant_waits t3b 1
check_eq "... granted" ACK "$(answer t3b mac=02:00:00:00:08:b3)"
check "ip link shows the MAC VF 3 uses" grep -q "vf 3 .*link/ether 02:00:00:00:08:b3" \
	<<<"$(ip link show "$ifa")"
check "ip link: VF 3's admin MAC cleared" \
	ip link set "$ifa" vf 3 mac 00:00:00:00:00:00
check "... ip link shows 00:00:00:00:00:00" grep -q \
	"vf 3 .*link/ether 00:00:00:00:00:00" <<<"$(ip link show "$ifa")"
check_eq "... no address left in VF 3's pool" "" "$(rars_of 3)"
tenant_end t3b

# Between an admin change and its handshake a VF is not clear to send.
# It is granted its own new MAC then (sriov-cni relies on it, k8s.sh),
# which changes nothing: no clear-to-send, no other address.
m5a=02:00:00:00:08:15 m5b=02:00:00:00:08:25
check "VF 5: admin MAC" ip link set "$ifa" vf 5 mac "$m5a"
tenant t5 5 wait mac="$m5b" wait
check "VF 5's tenant completed its handshake" wait_for 30 tenant_waits t5 1
check "the admin gives VF 5 another MAC" ip link set "$ifa" vf 5 mac "$m5b"
vf5_not_cts() { vf_dbg "$a" 5 | grep -q '^  vf: cts 0'; }
check "... VF 5 is told to restart (not clear to send)" wait_for 10 vf5_not_cts
tenant_go t5
check "VF 5 asks for its new MAC before its handshake" wait_for 30 tenant_waits t5 2
check_eq "... granted" ACK "$(answer t5 mac="$m5b")"
reply=$(grep -F "mac=$m5b: " "$tmp/t5.out" | sed -n 's/.* reply //p')
check "... without clear-to-send (reply ${reply:-none})" test $((${reply:-0x20000000} & 0x20000000)) -eq 0
check "... VF 5 is still not clear to send" vf5_not_cts
check_eq "... VF 5's pool has that MAC alone" "$m5b" "$(rars_of 5)"
tenant_end t5

# A frame size is answered in the mailbox interrupt, as igb answers every
# request; one it cannot grant goes to the mailbox work, which refuses it
# with the event.  Either way the pool's register follows the state.
fast() { sed -n 's/^mbx answered in interrupt \([0-9]*\)$/\1/p' "/sys/kernel/debug/vfmgr/$a/vfs"; }
rlpml_of()
{
	local vmolr

	vmolr=$(vf_dbg "$a" "$1" | sed -n 's/^  hw: VMOLR \(0x[0-9a-f]*\) .*/\1/p')
	echo $((vmolr & 0x3fff))
}
fast0=$(fast)
tenant t4b 4 lpe=9000 lpe=9000 lpe=9000 lpe=9000 wait lpe=20 wait raw=0x00010005,1600 wait
check "VF 4 asks for 9000-byte frames" wait_for 30 tenant_waits t4b 1
check_eq "... granted" "ACK ACK ACK ACK" "$(for i in 1 2 3 4; do answer t4b lpe=9000 "$i"; done | xargs)"
check_eq "... VF 4's pool takes 9000-byte frames" 9000 "$(rlpml_of 4)"
fast1=$(fast)
echo "# requests answered in the interrupt: $fast0 before, $fast1 after"
check "... answered in the interrupt" test "$fast1" -gt "$fast0"
tenant_go t4b
check "VF 4 asks for 20-byte frames" wait_for 30 tenant_waits t4b 2
check_eq "... refused" NACK "$(answer t4b lpe=20)"
check "... with the reason" wait_for 5 grep -q \
	'"vf":4,"event":"refused".*frame size out of range' "$tmp/events.jsonl"
check_eq "... VF 4's pool still takes 9000-byte frames" 9000 "$(rlpml_of 4)"
tenant_go t4b
check "VF 4 asks for 1600 with an info byte" wait_for 30 tenant_waits t4b 3
check_eq "... granted by the work" ACK "$(answer t4b raw=0x00010005,1600)"
check_eq "... VF 4's pool takes 1600-byte frames" 1600 "$(rlpml_of 4)"
tenant_end t4b

kill "$monitor"
wait "$monitor"
monitor=
echo 0 >"$sysfs/sriov_numvfs"
vfmgr_unload
rmmod vfio-pci 2>/dev/null
sysfs_release "$a"
ktap_end
