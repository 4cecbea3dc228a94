#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: ports=2 cpu=max
#
# DPDK's VF driver (net_e1000_igb_vf, a second implementation of the
# 82576 VF mailbox, with its own timeouts) on a VF held through vfio-pci,
# run by Debian's dpdk-testpmd: it gets the admin MAC while the machine is
# busy, its requests are mediated as igbvf's are (an untrusted VF neither
# replaces the admin MAC nor goes promiscuous), it answers an igbvf
# neighbour on the same port VLAN, and the VF goes back to igbvf cleanly
# once DPDK exits.  DPDK is built for SSE4.2: the VM runs QEMU's "max"
# CPU.

# shellcheck source=selftests/lib.sh
. "$(dirname "$0")/lib.sh"

TESTPMD=${TESTPMD:-/opt/vfmgr/dpdk/usr/bin/dpdk-testpmd}

test_begin 2
if [ ! -x "$TESTPMD" ]; then
	skip "DPDK testpmd on a VF" "no $TESTPMD (make deps unpacks it)"
	ktap_end
fi
if ! grep -qw sse4_2 /proc/cpuinfo; then
	skip "DPDK testpmd on a VF" "the CPU has no SSE4.2, which Debian's DPDK is built for"
	ktap_end
fi

claim_a_up 10.4.0.254/24
echo 0 >"$sysfs/sriov_drivers_autoprobe"
echo 2 >"$sysfs/sriov_numvfs"
modprobe igbvf
modprobe vfio-pci
mac=(02:00:00:00:04:10 02:00:00:00:04:11)
for n in 0 1; do
	ip link set "$ifa" vf "$n" mac "${mac[$n]}" vlan 100
done
vf0=$(vf_bdf "$a" 0)
vf1=$(vf_bdf "$a" 1)
vf_bind "$vf1" igbvf
vf_ns_up "$a" 1 10.4.0.2/24
check "VF 0 on vfio-pci" vf_bind "$vf0" vfio-pci

echo 160 >/proc/sys/vm/nr_hugepages
mkdir -p /dev/hugepages
mountpoint -q /dev/hugepages || mount -t hugetlbfs none /dev/hugepages
check_eq "160 huge pages for DPDK" 160 "$(cat /proc/sys/vm/nr_hugepages)"

# What the admin set, as the switching registers hold it: VF 0's receive
# address, its VLAN filter and the VLAN its pool inserts.
admin_regs() { vf_dbg "$a" 0 | grep -oE 'RAR [0-9]+ [0-9a-f:]+|VLVF [0-9]+ vid [0-9]+|VMVIR 0x[0-9a-f]+'; }
not_promisc() { vf_dbg "$a" 0 | grep -q 'mc_promisc 0 uc_promisc 0 '; }
regs_before=$(admin_regs)
pmd_log=$(mktemp)
# Busy: both CPUs run a loop while the driver starts and asks for its MAC.
for c in 0 1; do
	timeout 60 taskset -c "$c" sh -c 'while :; do :; done' &
done
# icmpecho: answer ARP and ping for any address, from the port's MAC.
"$TESTPMD" -l 0-1 -n 1 -a "$vf0" --file-prefix vfmgr-selftest --log-level=pmd.net.e1000.*:info -- \
	--forward-mode=icmpecho --total-num-mbufs=2048 --stats-period 2 \
	</dev/null >"$pmd_log" 2>&1 &
pmd=$!
# With --stats-period, statistics follow once forwarding runs.
started() { grep -q 'NIC statistics for port 0' "$pmd_log"; }
if ! check "testpmd starts on VF 0" wait_for 180 started; then
	__ktap_diag "$(head -n 60 "$pmd_log")"
fi
pkill -f 'while :; do :; done' || true
pmd_mac=$(sed -n 's/^Port 0: \([0-9A-Fa-f:]*\)$/\1/p' "$pmd_log" | head -n 1)
check_eq "DPDK's VF driver got the admin MAC" "${mac[0]}" "${pmd_mac,,}"
# testpmd asks for promiscuous mode at start: an untrusted VF is refused.
check "its promiscuous request was refused" \
	sh -c "dmesg | grep -q 'VF 0: promiscuous mode refused: promiscuous mode needs a trusted VF'"
check "VF 0's pool is not promiscuous" not_promisc
check_eq "VF 0's admin MAC and VLAN registers unchanged" "$regs_before" "$(admin_regs)"

# The igbvf neighbour reaches it on port VLAN 100.
check "igbvf on VF 1 pings DPDK on VF 0" wait_for 30 ns_ping v1 10.4.0.9
check_eq "VF 1 resolved DPDK's address to the admin MAC" "${mac[0]}" \
	"$(ip -n v1 neigh show 10.4.0.9 | sed -n 's/.* lladdr \([0-9a-f:]*\).*/\1/p')"

kill -INT "$pmd"
wait "$pmd"
check_eq "testpmd exits cleanly" 0 "$?"
check "testpmd closed the port" grep -q 'Port 0 is closed' "$pmd_log"
check "the PF saw VF 0 closed" wait_for 10 sh -c "dmesg | grep -q 'VF 0 closed'"

# Back to a kernel driver, with the admin configuration.
check "VF 0 back on igbvf" vf_bind "$vf0" igbvf
check "VF 0 up on igbvf" vf_ns_up "$a" 0 10.4.0.1/24
check_eq "igbvf on VF 0 has the admin MAC" "${mac[0]}" "$(ns_mac v0)"
check "VF 0 <-> VF 1 on VLAN 100" wait_for 30 ns_ping v0 10.4.0.2

rm -f "$pmd_log"
for n in 0 1; do ip netns del "v$n"; done
rmmod vfmgr
rmmod igbvf
sysfs_release "$a"
ktap_end
