#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: ports=1
#
# A VF that floods the mailbox is quarantined (that a stock driver never
# is, reload.sh shows).  VF 0 runs igbvf.  VF 1 is a hostile tenant
# through VFIO
# (vfio-client BDF flood N MS, random requests back to back, sustained
# for MS milliseconds so that it spans the rate's one-second windows
# however fast the PF reads them): it must be
# quarantined within a bounded number of served messages, with an event
# and one log line, and from then on its messages are not even read
# (the port's accepted and refused counts stand still while it floods).
# VF 0's traffic loses nothing meanwhile.  Only the admin releases it
# (vfctl vf reset); its own reset does not; flooding again is caught
# at half the threshold.  The runner fails any other test that gets a VF
# quarantined: these floods are marked in the kernel log.

# shellcheck source=selftests/lib.sh
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
flooder=
monitor=
cleanup()
{
	[ -n "$flooder" ] && kill "$flooder" 2>/dev/null
	[ -n "$monitor" ] && kill "$monitor" 2>/dev/null
	echo "vfmgr selftest: deliberate floods end" >/dev/kmsg
	rm -rf "$tmp"
}
trap cleanup EXIT

require_module
require_ports 1
require_vfio_client "$tmp"
client=$VFIO_CLIENT_BIN
if ! modprobe vfio-pci || ! modprobe igbvf; then
	echo "# SKIP: vfio-pci or igbvf cannot be loaded"
	exit "$KSFT_SKIP"
fi
ktap_begin
ports_init
claim_a_up 10.9.0.254/24

check "vfctl pf set: 2 VFs, no driver" "$VFCTL" pf set "$a" numvfs 2 driver none ||
	ktap_end
settle
vf0=$(vf_bdf "$a" 0)
vf1=$(vf_bdf "$a" 1)
check "VF 1 on vfio-pci" vf_bind "$vf1" vfio-pci
vf_field() { "$VFCTL" -j vf show "$a" "$1" | json_get "d[0][\"$2\"]"; }
truthy() { case $1 in 1|True|true) return 0 ;; esac; return 1; }
quarantined() { [ "$(mbx_count "$1" quarantined)" = 1 ]; }
released() { [ "$(mbx_count "$1" quarantined)" = 0 ]; }
mbx_count() { vf_dbg "$a" "$1" | sed -n "s/^  mbx:.* $2 \([0-9][0-9]*\).*/\1/p"; }
served() { echo $(($(mbx_count "$1" accepted) + $(mbx_count "$1" refused))); }
vf_cts() { vf_dbg "$a" "$1" | grep -q '^  vf: cts 1'; }

# VF 0 is on igbvf, as a stock tenant.
check "VF 0 on igbvf" vf_bind "$vf0" igbvf
check "... completes its handshake" wait_for 30 vf_cts 0

# VF 0 carries traffic from a namespace while VF 1 floods.
if0=$(vf_netdev "$vf0")
ns_move "$if0" nb 10.9.0.1/24
check "VF 0 reaches the PF" wait_for 30 ns_ping nb 10.9.0.254

"$VFCTL" -j monitor >"$tmp/events.jsonl" 2>&1 &
monitor=$!
sleep 2
echo "vfmgr selftest: deliberate floods begin" >/dev/kmsg

ip netns exec nb ping -c 60 -i 0.1 -W 2 10.9.0.254 >"$tmp/ping.out" 2>&1 &
pinger=$!
limit=$("$VFCTL" -j pf show "$a" | json_get 'd[0]["vf_mbx_rate"]' 2>/dev/null)
limit=${limit:-200}
run0=$(mbx_count 1 requests)
out=$(timeout 120 "$client" "$vf1" flood 20000 2500 2>&1)
rc=$?
__ktap_diag "$out"
check_eq "the flooding client ran to the end" 0 "$rc"
check "VF 1 is quarantined" quarantined 1
check "... vfctl vf show says so" truthy "$(vf_field 1 quarantined)"
n=$(($(mbx_count 1 requests) - run0))
echo "# VF 1: $n messages read before the quarantine (threshold $limit/s)"
check "... after at most twice the threshold ($n read)" test "$n" -le $((2 * limit + 2))
check "... and the rest not read (ignored $(mbx_count 1 ignored))" \
	test "$(mbx_count 1 ignored)" -gt 0
check "a quarantined event with the counts" wait_for 5 grep -q \
	'"vf":1,"event":"quarantined".*messages in' "$tmp/events.jsonl"
check_eq "one log line for it" 1 "$(dmesg | grep -c "VF 1: quarantined")"
wait "$pinger"
loss=$(sed -n 's/.* \([0-9.]*\)% packet loss.*/\1/p' "$tmp/ping.out")
check_eq "VF 0's traffic lost nothing meanwhile" 0 "$loss"
check "VF 0 was not quarantined" test "$(mbx_count 0 quarantines)" = 0

# While quarantined, nothing VF 1 sends is read, its own reset included.
before=$(served 1)
read -r runs0 ns0 < <(sed -n 's/^mbx service runs \([0-9]*\) ns \([0-9]*\)/\1 \2/p' \
	"/sys/kernel/debug/vfmgr/$a/vfs")
timeout 120 "$client" "$vf1" flood 5000 >/dev/null 2>&1
read -r runs1 ns1 < <(sed -n 's/^mbx service runs \([0-9]*\) ns \([0-9]*\)/\1 \2/p' \
	"/sys/kernel/debug/vfmgr/$a/vfs")
check_eq "a second flood: not one request served" "$before" "$(served 1)"
check "... VF 1 stays quarantined across its own resets" quarantined 1
if [ "$runs1" -gt "$runs0" ]; then
	echo "# host cost while quarantined: $(((ns1 - ns0) / (runs1 - runs0))) ns per service run, $((runs1 - runs0)) runs"
fi

# The admin releases it; it is served again; a new flood is caught sooner.
check "vfctl vf reset releases VF 1" "$VFCTL" vf reset "$a" 1
check "... no longer quarantined" released 1
check "a released event" wait_for 5 grep -q '"vf":1,"event":"released"' "$tmp/events.jsonl"
out=$("$client" "$vf1" request lpe=1518 2>&1)
check "VF 1 is served again" grep -q "lpe=1518: ACK" <<<"$out"
run0=$(mbx_count 1 requests)
timeout 120 "$client" "$vf1" flood 20000 2500 >/dev/null 2>&1
n=$(($(mbx_count 1 requests) - run0))
echo "# VF 1 flooding again: $n messages read before the second quarantine"
check "quarantined again" quarantined 1
check_eq "... the second time" 2 "$(mbx_count 1 quarantines)"
check "... at half the threshold ($n read)" test "$n" -le $((limit + 2))
"$VFCTL" vf reset "$a" 1 >/dev/null

kill "$monitor"
monitor=
ip netns del nb
echo 0 >"$sysfs/sriov_numvfs"
vfmgr_unload
rmmod vfio-pci igbvf 2>/dev/null
sysfs_release "$a"
ktap_end
