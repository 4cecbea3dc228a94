#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: ports=2
#
# The events group: one scripted sequence of changes through every path
# (vfctl, ip link, sysfs binding, the VF's own driver), watched at once by
# `vfctl -j monitor` and by the kernel's YNL client.  vfctl's stream must
# equal selftests/golden/events.jsonl line for line; YNL must see the
# same events.  An unprivileged listener is refused.

# shellcheck source=selftests/lib.sh
. "$(dirname "$0")/lib.sh"

require_module
require_ynl
ktap_begin

GOLDEN=$VFMGR_ROOT/selftests/golden/events.jsonl
tmp=$(mktemp -d)
ports_init
claim_a_up 10.6.0.254/24
modprobe igbvf

out=$(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
	"$VFCTL" monitor 2>&1)
check "an unprivileged listener is refused" grep -qi "not permitted" <<<"$out"

"$VFCTL" -j monitor >"$tmp/vfctl.jsonl" 2>"$tmp/vfctl.err" &
monitor=$!
timeout 150 python3 "$YNL_CLI" --spec "$YNL_SPEC" --no-schema --output-json \
	--subscribe events --sleep 75 >"$tmp/ynl.json" 2>&1 &
ynl_pid=$!
# Both listeners must have joined before the first change; the YNL
# client needs a few seconds to start here.
sleep 12

vf_get() { "$VFCTL" -j vf show "$a" "$1"; }
resets_above() { [ "$(vf_get "$2" | json_get 'd[0]["resets"]')" -gt "$1" ]; }
cts() { [ "$(vf_get "$1" | json_get 'd[0]["cts"]')" = True ] || \
	[ "$(vf_get "$1" | json_get 'd[0]["cts"]')" = 1 ]; }

check "vfctl pf set: 2 VFs, no driver" "$VFCTL" pf set "$a" numvfs 2 driver none
settle
check "vfctl vf set: VF 0's MAC" "$VFCTL" vf set "$a" 0 mac 02:00:00:00:06:00
check "ip link: VF 1's VLAN" ip link set "$ifa" vf 1 vlan 6
check "vfctl vf clear VF 1" "$VFCTL" vf clear "$a" 1
r=$(vf_get 1 | json_get 'd[0]["resets"]')
check "vfctl vf reset VF 1" "$VFCTL" vf reset "$a" 1
check "the reset reached the port" wait_for 10 resets_above "$r" 1
vf0=$(vf_bdf "$a" 0)
check "VF 0 bound to igbvf" vf_bind "$vf0" igbvf
check "VF 0 completes its handshake" wait_for 30 cts 0 ||
	{ dmesg | grep -i "igbvf\|vfmgr" | tail -25 | sed 's/^/# /'; vf_dbg "$a" 0 | sed 's/^/# /'; }
if0=$(vf_netdev "$vf0")
ip link set "$if0" address 02:00:00:00:06:99 2>/dev/null
check "VF 0 unbound" vf_bind "$vf0" none
check "vfctl pf set: no VFs" "$VFCTL" pf set "$a" numvfs 0
echo "# the changes took $SECONDS s since the start"
sleep 2
kill "$monitor"
wait "$monitor"
check_eq "vfctl monitor ends cleanly on SIGTERM" "" "$(cat "$tmp/vfctl.err")"

# How often igbvf repeats its reset handshake while probing depends on
# timing; repeats of one event are compared as one.
sed "s/$a/PF/g" "$tmp/vfctl.jsonl" | uniq >"$tmp/got.jsonl"
if diff -u "$GOLDEN" "$tmp/got.jsonl" >"$tmp/diff"; then
	ktap_ok "the event stream equals the golden file ($(wc -l <"$GOLDEN") events)"
else
	ktap_not_ok "the event stream equals the golden file" "$(cat "$tmp/diff")"
fi

wait "$ynl_pid"
same_events()
{
	python3 - "$tmp/ynl.json" "$tmp/vfctl.jsonl" <<'PY'
import json, sys
ynl = json.load(open(sys.argv[1]))
got = [(m["msg"]["event"], m["msg"]["id"]) for m in ynl if m["name"] == "vf-event"]
want = [(e["event"], e["vf"]) for e in map(json.loads, open(sys.argv[2]))]
if isinstance(ynl, dict):
    ynl = [ynl]
if got != want:
    print("YNL:  ", got)
    print("vfctl:", want)
    sys.exit(1)
PY
}
check "the YNL client saw the same events" same_events

vfmgr_unload
rmmod igbvf 2>/dev/null
sysfs_release "$a"
rm -rf "$tmp"
ktap_end
