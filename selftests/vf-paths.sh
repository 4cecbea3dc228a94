#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: ports=2
#
# Per-VF settings through rtnetlink (ip link set PF vf N ...) and through
# the vfmgr family (vfctl vf set, or YNL vf-set for what vfctl refuses
# before asking the kernel) get the same answer: for each case of a
# table, VF 0 starts from vf clear and gets the setting through
# rtnetlink, then (VF 0 cleared again: two VFs may not hold one MAC)
# VF 1 the same through the family; the two must both succeed or both be
# refused, and hold the same configuration (YNL vf-get) and the same pool
# registers (debugfs) after their change.  Then one vf-set of five settings to
# a running igbvf VF must restart the VF's handshake exactly once (the
# "restarts" counter of the debugfs mbx line) and send exactly one
# config-changed event.

# shellcheck source=selftests/lib.sh
. "$(dirname "$0")/lib.sh"

require_module
require_ports 1
require_ynl

tmp=$(mktemp -d)
mon=
cleanup()
{
	[ -n "$mon" ] && kill "$mon" 2>/dev/null
	ynl_serve_stop
	rm -rf "$tmp"
}
trap cleanup EXIT

ktap_begin
ports_init
claim_a_up 10.8.0.254/24
echo 0 >"$sysfs/sriov_drivers_autoprobe"
check "vfctl pf set: 2 VFs, no driver" "$VFCTL" pf set "$a" numvfs 2 driver none
settle
# Clearing, preparing and reading the VFs go through one YNL client.
if ! ynl_serve_start "$tmp/ynl.err"; then
	ktap_not_ok "the YNL client starts" "$(cat "$tmp/ynl.err")"
	ktap_end
fi

# snapshot V: VF V's vf-get reply and pool (see pool_state) into
# $tmp/cfgV.json and $tmp/poolV.
snapshot()
{
	ynl_ask vf-get "{\"pf-pci\": \"$a\", \"id\": $1}" >"$tmp/cfg$1.json" &&
	pool_state "$a" "$1" >"$tmp/pool$1"
}

# same_config: the snapshots of VF 0 and VF 1 have the same vf-get reply
# but for what differs by design: index, PCI address, IOMMU group and
# counters.  Prints the differences and fails when there are any.
same_config()
{
	python3 - "$tmp/cfg0.json" "$tmp/cfg1.json" <<'PY'
import json, sys
skip = {"id", "pci", "iommu-group", "mbx-requests", "mbx-accepted",
        "mbx-refused", "resets", "rx-packets", "tx-packets", "rx-bytes",
        "tx-bytes", "multicast"}
def load(path):
    try:
        return {k: v for k, v in json.load(open(path)).items() if k not in skip}
    except ValueError:
        print("%s: %s" % (path, open(path).read()))
        sys.exit(1)
a, b = load(sys.argv[1]), load(sys.argv[2])
bad = [(k, a.get(k, "absent"), b.get(k, "absent"))
       for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]
for k, x, y in bad:
    print("%s: VF 0 (rtnetlink) %s, VF 1 (genl) %s" % (k, x, y))
sys.exit(1 if bad else 0)
PY
}

# same_pools: the port held the same for both VFs.
same_pools()
{
	diff -u --label "VF 0 (rtnetlink)" --label "VF 1 (genl)" "$tmp/pool0" "$tmp/pool1"
}

# prepare V PRE: VF V back to defaults, then given PRE.
prepare()
{
	local out

	if ! out=$(ynl_ask vf-clear "{\"pf-pci\": \"$a\", \"id\": $1}") || {
		[ "$2" != - ] &&
		! out=$(ynl_ask vf-set "{\"pf-pci\": \"$a\", \"id\": $1, $2}"); }; then
		echo "$out"
		return 1
	fi
}

answer() { [ "$1" -eq 0 ] && echo ok || echo refused; }

# One case: NAME|PRE|RTNL|GENL|EXPECT.  PRE: vf-set attributes (JSON
# members) given to each VF after vf-clear ("-": none).  RTNL: the
# arguments of ip link set PF vf 0.  GENL: "vfctl SETTINGS" for VF 1,
# or "ynl ATTRS" (JSON members of a vf-set request), or "-" for what the
# family cannot express.  EXPECT: ok, refused, or empty when only the
# agreement counts.
run_case()
{
	local name=$1 pre=$2 rtnl=$3 genl=$4 expect=$5 r g rout gout v c p cout pout out
	local -a args

	# One VF at a time: two VFs may not hold one MAC.
	for v in 0 1; do
		if ! out=$(prepare "$v" "$pre"); then
			ktap_not_ok "$name: VF $v cleared and prepared" "$out"
			return
		fi
		[ "$v" = 1 ] && break
		read -ra args <<<"$rtnl"
		rout=$(ip link set "$ifa" vf 0 "${args[@]}" 2>&1)
		r=$(answer $?)
		snapshot 0
		prepare 0 - >/dev/null
	done
	case $genl in
	vfctl\ *)
		read -ra args <<<"${genl#vfctl }"
		gout=$("$VFCTL" vf set "$a" 1 "${args[@]}" 2>&1)
		g=$(answer $?)
		;;
	ynl\ *)
		gout=$(ynl_ask vf-set "{\"pf-pci\": \"$a\", \"id\": 1, ${genl#ynl }}")
		g=$(answer $?)
		;;
	*)
		g=-
		;;
	esac
	snapshot 1
	# VF 1 ends cleared too, so that no case leaves an address behind.
	prepare 1 - >/dev/null

	if [ "$g" = - ]; then
		if [ "$r" = "$expect" ]; then
			ktap_ok "$name (rtnetlink only): $r"
		else
			ktap_not_ok "$name (rtnetlink only): $r, want $expect" \
				"ip link set $ifa vf 0 $rtnl: $rout"
		fi
		name+=": VF 0 unchanged"
	elif [ "$r" = "$g" ] && { [ -z "$expect" ] || [ "$r" = "$expect" ]; }; then
		ktap_ok "$name: same answer ($r/$g)"
		name+=": same configuration and pool registers"
	else
		ktap_not_ok "$name: same answer ($r/$g)" \
			"want ${expect:-the same answer} from both paths
rtnetlink: ip link set $ifa vf 0 $rtnl: $r${rout:+: $rout}
genl: $genl: $g${gout:+: $gout}"
		name+=": same configuration and pool registers"
	fi
	cout=$(same_config)
	c=$?
	pout=$(same_pools)
	p=$?
	if [ $c -eq 0 ] && [ $p -eq 0 ]; then
		ktap_ok "$name"
	else
		ktap_not_ok "$name" "$cout
$pout"
	fi
}

while IFS='|' read -r name pre rtnl genl expect; do
	[ -z "$name" ] && continue
	run_case "$name" "$pre" "$rtnl" "$genl" "$expect"
done <<'CASES'
unicast MAC|-|mac 02:00:00:00:08:01|vfctl mac 02:00:00:00:08:01|ok
multicast MAC|-|mac 01:00:5e:00:00:01|ynl "mac": "01005e000001"|refused
all-zero MAC clears the admin MAC|"mac": "020000000802"|mac 00:00:00:00:00:00|vfctl mac 00:00:00:00:00:00|ok
vlan 100|-|vlan 100|vfctl vlan 100|ok
vlan 100 qos 3|-|vlan 100 qos 3|vfctl vlan 100 qos 3|ok
vlan 0 clears the port VLAN|"vlan": 100, "qos": 3|vlan 0|vfctl vlan 0|ok
qos 3 without vlan|-|vlan 0 qos 3|ynl "vlan": 0, "qos": 3|refused
qos 3 without vlan, under vlan 100|"vlan": 100|vlan 0 qos 3|ynl "vlan": 0, "qos": 3|refused
vlan 4095|-|vlan 4095|vfctl vlan 4095|
vlan 4096|-|vlan 4096|ynl "vlan": 4096|refused
spoofchk off|-|spoofchk off|vfctl spoofchk off|ok
spoofchk on|"spoofchk": 0|spoofchk on|vfctl spoofchk on|ok
trust on|-|trust on|vfctl trust on|ok
trust off|"trust": 1|trust off|vfctl trust off|ok
state enable|-|state enable|vfctl state enable|ok
state disable|-|state disable|vfctl state disable|ok
state auto|"link-state": "disable"|state auto|vfctl state auto|ok
max_tx_rate 100|-|max_tx_rate 100|vfctl max_tx_rate 100|ok
max_tx_rate 2000|-|max_tx_rate 2000|vfctl max_tx_rate 2000|refused
seven settings in one request|-|mac 02:00:00:00:08:03 vlan 20 qos 1 spoofchk off trust on state disable max_tx_rate 50|vfctl mac 02:00:00:00:08:03 vlan 20 qos 1 spoofchk off trust on state disable max_tx_rate 50|ok
min_tx_rate 10|-|min_tx_rate 10|-|refused
vlan 10 proto 802.1ad|-|vlan 10 proto 802.1ad|-|refused
CASES
ynl_ask vf-clear "{\"pf-pci\": \"$a\", \"id\": 0}" >/dev/null
ynl_ask vf-clear "{\"pf-pci\": \"$a\", \"id\": 1}" >/dev/null

# One request of five settings to a running VF: one restart, one event.
modprobe igbvf
vf0=$(vf_bdf "$a" 0)
check "vfctl vf bind A 0 igbvf" "$VFCTL" vf bind "$a" 0 igbvf
wait_for 20 test -e "/sys/bus/pci/devices/$vf0/net"
settle
if0=$(vf_netdev "$vf0")
echo "# VF 0 is $vf0, interface $if0"
ip link set "$if0" up

cts_up() { vf_dbg "$a" 0 | grep -q '^  vf: cts 1 ' && carrier_up "$if0"; }
# Settled: clear to send, link up, and no handshake for 2 s.
quiet()
{
	local r

	r=$(vf_resets "$a" 0)
	sleep 2
	cts_up && [ "$(vf_resets "$a" 0)" = "$r" ]
}
check "VF 0 completes its handshake, link up" wait_for 60 cts_up
check "... and settles" wait_for 30 quiet

"$VFCTL" -j monitor >"$tmp/events" 2>&1 &
mon=$!
sleep 1
restarts=$(vf_restarts "$a" 0)
resets=$(vf_resets "$a" 0)
mbx_before=$(vf_dbg "$a" 0 | grep '^  mbx: ')
mac=02:00:00:00:00:55
start=$SECONDS
check "one vfctl vf set: mac, vlan, qos, spoofchk, state" \
	"$VFCTL" vf set "$a" 0 mac "$mac" vlan 10 qos 2 spoofchk off state enable
restarted() { [ "$(vf_resets "$a" 0)" -gt "$resets" ] && cts_up; }
check "VF 0 restarts its handshake and comes back" wait_for 30 restarted
check "... and settles" wait_for 30 quiet
echo "# settled $((SECONDS - start)) s after the request"
mbx_after=$(vf_dbg "$a" 0 | grep '^  mbx: ')
echo "# before: $mbx_before"
echo "# after:  $mbx_after"
echo "# VF handshakes (resets) meanwhile: $(($(vf_resets "$a" 0) - resets))"
kill "$mon"
wait "$mon" 2>/dev/null
mon=
__ktap_diag "$(cat "$tmp/events")"

out=$(ynl_ask vf-get "{\"pf-pci\": \"$a\", \"id\": 0}")
check_eq "vf-get: all five settings applied" "$mac 10 2 0 enable" \
	"$(json_get 'd["mac"], d["vlan"], d["qos"], d["spoofchk"], d["link-state"]' <<<"$out" | tr -d "(),'")"
n=$(python3 - "$tmp/events" "$a" <<'PY'
import json, sys
n = 0
for line in open(sys.argv[1]):
    try:
        e = json.loads(line)
    except ValueError:
        continue
    n += (e.get("pf"), e.get("vf"), e.get("event"), e.get("source")) == \
         (sys.argv[2], 0, "config-changed", "genl")
print(n)
PY
)
check_eq "exactly one config-changed event (source genl) for VF 0" 1 "$n"
after=$(vf_restarts "$a" 0)
if [ -z "$restarts" ] || [ -z "$after" ]; then
	ktap_not_ok "exactly one PF-initiated restart of VF 0 (restarts +1)" \
		"the debugfs mbx line has no restarts counter: '$mbx_after'"
else
	check_eq "exactly one PF-initiated restart of VF 0 (restarts $restarts -> $after)" \
		1 "$((after - restarts))"
fi

"$VFCTL" vf bind "$a" 0 none >/dev/null
ynl_ask vf-clear "{\"pf-pci\": \"$a\", \"id\": 0}" >/dev/null
ynl_serve_stop
check "vfctl pf set numvfs 0" "$VFCTL" pf set "$a" numvfs 0
echo 1 >"$sysfs/sriov_drivers_autoprobe"
vfmgr_unload
rmmod igbvf 2>/dev/null
sysfs_release "$a"
ktap_end
