#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: ports=2
#
# Resets the PCI core does lose nothing: a VF reset through vfctl, which
# goes through the PCI core too, and a function reset of the PF
# through sysfs (what VFIO-style tooling and hot reset do) with two VFs
# under igbvf.  Afterwards the port's switching registers (receive
# addresses, VLAN filters, each pool's receive policy and VLAN insert)
# equal those before, each VF's config space is back (memory, bus
# mastering, MSI-X), both VFs redo their handshake and pass traffic
# again, and the PF keeps its address, VLAN device, promiscuous mode and
# traffic.  A stream of VF settings while the reset runs either succeeds
# or is refused with EBUSY and a message, never anything else, and the
# configuration after it is the one asked for.  Then PCIe errors are
# injected on the PF through the AER core (correctable, non-fatal,
# fatal), with the same checks after each; last, the port is released
# while ethtool keeps resetting it.

# shellcheck source=selftests/lib.sh
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
test_begin 2
claim_a_up 10.4.0.254/24
# Port B (igb) is the PF's peer on the wire, untagged and on VLAN 300.
ns_move "$(pf_netdev "$b")" peer 10.4.0.200/24
ip -n peer link add link "$(ns_ifname peer)" \
	name peer.300 type vlan id 300
ip -n peer addr add 10.4.3.200/24 dev peer.300
ip -n peer link set peer.300 up
ip link add link "$ifa" name "$ifa.300" type vlan id 300
ip addr add 10.4.3.254/24 dev "$ifa.300"
ip link set "$ifa.300" up
ip link set "$ifa" promisc on
echo 0 >"$sysfs/sriov_drivers_autoprobe"
echo 2 >"$sysfs/sriov_numvfs"
modprobe igbvf

mac=(02:00:00:00:04:10 02:00:00:00:04:11)
ip link set "$ifa" vf 0 mac "${mac[0]}" vlan 100 max_tx_rate 50
ip link set "$ifa" vf 1 mac "${mac[1]}" vlan 100 trust on spoofchk off

vf_up() { vf_ns_up "$a" "$1" "10.4.0.$(($1 + 1))/24"; }
handshakes_done() { [ "$(grep -c 'cts 1' "/sys/kernel/debug/vfmgr/$a/vfs")" = 2 ]; }

# A VF's config space as its driver set it up: memory decoding and bus
# mastering on, MSI-X enabled.
vf_cfg_ok()
{
	local cmd msix

	cmd=$(setpci -s "$1" COMMAND)
	msix=$(setpci -s "$1" CAP_MSIX+2.w)
	(((0x$cmd & 0x6) == 0x6 && (0x$msix & 0x8000)))
}

traffic()
{
	local what=$1 n

	check "$what: PF <-> peer" wait_for 30 ns_ping peer 10.4.0.254
	check "$what: PF <-> peer on VLAN 300" wait_for 30 ns_ping peer 10.4.3.254
	check "$what: the PF is still promiscuous" \
		sh -c "ip -d link show $ifa | grep -q 'promiscuity 1'"
	if ! check "$what: VF 0 <-> VF 1 on VLAN 100" wait_for 30 ns_ping v0 10.4.0.2; then
		for n in 0 1; do
			__ktap_diag "$(ip -n "v$n" -d link 2>&1; ip -n "v$n" -s neigh 2>&1)"
		done
		__ktap_diag "$(cat "/sys/kernel/debug/vfmgr/$a/vfs"; dmesg | grep -E 'igbvf|vfmgr' | tail -n 30)"
	fi
	check "$what: VF 0 still isolated from the untagged PF" ns_noping v0 10.4.0.254
}

# After WHAT, everything is as the admin and the stack set it: links,
# VF config space, handshakes, settings, switching registers, traffic.
all_back()
{
	local what=$1 n

	check "$what: PF link up" wait_for 30 carrier_up "$ifa"
	for n in 0 1; do
		check "$what: VF $n config space as before" vf_cfg_ok "$(vf_bdf "$a" "$n")"
	done
	check "$what: both VFs completed their handshake" wait_for 90 handshakes_done
	for n in 0 1; do
		check "$what: VF $n link up" wait_for 60 carrier_up "$(ns_ifname "v$n")" "v$n"
	done
	check_eq "$what: VF configuration unchanged" "$expected" "$(vf_config "$ifa")"
	check_eq "$what: switching registers equal the desired state" "$regs" "$(switch_regs "$a")"
	traffic "$what"
}

for n in 0 1; do
	vf_bind "$(vf_bdf "$a" "$n")" igbvf
	vf_up "$n"
done
check "both VFs completed their handshake" wait_for 60 handshakes_done
traffic "before"
# vfctl vf reset goes through the PCI core: VF 0's config space is saved
# and restored around its function level reset (a raw reset left memory
# decoding, bus mastering and MSI-X off), and igbvf is bound again around
# it, so it starts over with the admin MAC on a new interface.
check "vfctl vf reset VF 0 (igbvf bound)" "$VFCTL" vf reset "$a" 0
check "VF 0 config space restored after its reset" vf_cfg_ok "$(vf_bdf "$a" 0)"
vf_driver_is() { [ "$(pf_driver "$(vf_bdf "$a" "$1")")" = "$2" ]; }
check "igbvf bound to VF 0 again" wait_for 30 vf_driver_is 0 igbvf
ip netns del v0
check "VF 0 up again, a new interface" vf_up 0
check "VF 0 redoes its handshake" wait_for 90 handshakes_done
check_eq "VF 0 has its admin MAC" "${mac[0]}" "$(ns_mac v0)"
check "VF 0 <-> VF 1 after VF 0's reset" wait_for 60 ns_ping v0 10.4.0.2
# The same with VF 1's interface down (igbvf's own reset callbacks would
# wait forever there), through a VF reset that must come back at once.
ip -n v1 link set "$(ns_ifname v1)" down
check "vfctl vf reset VF 1, its interface down, returns" timeout 60 "$VFCTL" vf reset "$a" 1
check "igbvf bound to VF 1 again" wait_for 30 vf_driver_is 1 igbvf
ip netns del v1
check "VF 1 up again, a new interface" vf_up 1
check "both VFs redo their handshake after their resets" wait_for 90 handshakes_done
check "VF 0 <-> VF 1 after both resets" wait_for 60 ns_ping v0 10.4.0.2
# Reopening the rings (an MTU change) keeps the pool's promiscuous mode.
pf_pool_vmolr() { sed -n 's/^pool 7 VMOLR \(0x[0-9a-f]*\) .*/\1/p' "/sys/kernel/debug/vfmgr/$a/regs"; }
ip link set "$ifa" mtu 1400
check "an MTU change keeps the PF pool promiscuous (ROPE, MPME)" \
	test $(($(pf_pool_vmolr) & 0x14000000)) = $((0x14000000))
ip link set "$ifa" mtu 1500
expected=$(vf_config "$ifa")
regs=$(switch_regs "$a")
echo "# switching registers before:"
while read -r line; do echo "#   $line"; done <<<"$regs"

# VF settings from genl while the reset runs: each one done or refused
# with EBUSY and why, nothing else.
(
	for i in $(seq 1 40); do
		out=$("$VFCTL" vf set "$a" 1 max_tx_rate $((i % 2 ? 70 : 60)) 2>&1)
		rc=$?
		echo "rc=$rc ${out//$'\n'/ }"
	done
) >"$tmp/sets.log" 2>&1 &
setter=$!
sleep 0.2
restored=$(dmesg | grep -c 'configuration restored')
check "function reset of the PF through sysfs" sh -c "echo 1 >$sysfs/reset"
wait "$setter"
check_eq "the kernel log says the configuration was restored" $((restored + 1)) \
	"$(dmesg | grep -c 'configuration restored')"
check "the VF settings during the reset: done, or refused with EBUSY and why" \
	sh -c "! grep -v '^rc=0 *\$' '$tmp/sets.log' | grep -v 'being reset'"
echo "# VF settings during the reset: $(grep -c '^rc=0' "$tmp/sets.log") done," \
	"$(grep -c 'being reset' "$tmp/sets.log") refused"
check "VF 1's rate set back once the port is back" "$VFCTL" vf set "$a" 1 max_tx_rate 0
all_back "after the reset"

# PCIe errors on the PF, injected through the AER core: a correctable
# one is only logged; a non-fatal and a fatal one go through the error
# handlers (the fatal one with a link reset) and must lose nothing.
recovered() { dmesg | grep -c 'PCIe error recovery complete'; }
recovered_since() { [ "$(recovered)" -gt "$1" ]; }
aer_case()
{
	local kind=$1 before

	before=$(recovered)
	check "$kind error injected on the PF" "$AER_INJECT" "$a" "$kind" || return
	if [ "$kind" = correctable ]; then
		sleep 2
		check_eq "$kind: no recovery ran" "$before" "$(recovered)"
	else
		check "$kind: recovery completes" wait_for 60 recovered_since "$before"
	fi
	all_back "$kind"
}
AER_INJECT=$VFMGR_ROOT/selftests/aer-inject
if [ ! -x "$AER_INJECT" ]; then
	skip "PCIe error injection" "selftests/aer-inject is not built (make -C selftests)"
elif ! modprobe aer_inject 2>/dev/null || [ ! -c /dev/aer_inject ]; then
	skip "PCIe error injection" "this kernel has no aer_inject module"
else
	for kind in correctable nonfatal fatal; do
		aer_case "$kind"
	done
	__ktap_diag "$(dmesg | grep -E 'AER|aer|vfmgr .*(error|recover|reset)' | tail -n 40)"
fi

# The port released while ethtool keeps resetting it: each reset is
# done or refused, the release completes and nothing is left behind (the
# runner checks the kernel log for splats after the test).
for n in 0 1; do ip netns del "v$n"; done
ip netns del peer
(
	for _ in $(seq 1 100); do
		[ "$(pf_driver "$a")" = vfmgr ] || break
		ethtool --reset "$ifa" all 2>/dev/null
	done
) &
resetter=$!
sleep 1
check "the port is released while ethtool resets it" sysfs_release "$a"
wait "$resetter"
pf_is() { [ "$(pf_driver "$1")" = "$2" ]; }
check "igb has the port back" wait_for 30 pf_is "$a" igb
check "the module unloads" rmmod vfmgr
rmmod igbvf
ktap_end
