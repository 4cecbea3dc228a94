#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: ports=2
#
# devlink: a port vfmgr drives has one devlink instance, pci/<address>,
# from claim to release.  `devlink dev info` names the driver, the serial
# number (the PCIe Device Serial Number, or the station address on a
# port without one) and the NVM image version igb reports for the same
# port; the JSON form says the same.  There is no devlink port, so the
# interface keeps the name and phys_port_name it had under igb.  A port
# igb drives has no devlink instance.
#
# Its runtime params are the port's limits on VFs (vf_mbx_rate,
# vf_vlan_quota, vf_mac_quota): the defaults, set through devlink and
# seen by vfctl (genl pf-get) and the other way round, and out-of-range
# values refused with a message naming the param, changing nothing.
# Its vf_abuse health reporter is healthy until a hostile VFIO client
# floods the mailbox from VF 1: then it counts one error and stays in
# error (devlink's automatic recovery is refused), diagnose shows VF 1
# quarantined with its counters, the dump shows the quarantine's counts
# and the VF's last messages, and `devlink health recover` releases the
# VF (a released event; it is served again) and makes it healthy.  The
# flood is marked deliberate in the kernel log for the runner.

# shellcheck source=selftests/lib.sh
. "$(dirname "$0")/lib.sh"

if ! command -v devlink >/dev/null; then
	echo "# SKIP: the devlink tool (iproute2) is not installed"
	exit "$KSFT_SKIP"
fi

test_begin 1

tmp=$(mktemp -d)
monitor=
flooding=
cleanup()
{
	[ -n "$monitor" ] && kill "$monitor" 2>/dev/null
	[ -n "$flooding" ] && echo "vfmgr selftest: deliberate floods end" >/dev/kmsg
	rm -rf "$tmp"
}
trap cleanup EXIT

quarantined() { [ "$(mbx_count "$1" quarantined)" = 1 ]; }
released() { [ "$(mbx_count "$1" quarantined)" = 0 ]; }
mbx_count() { vf_dbg "$a" "$1" | sed -n "s/^  mbx:.* $2 \([0-9][0-9]*\).*/\1/p"; }

# dl_listed BDF: `devlink dev show` lists the port's instance.
dl_listed()
{
	devlink dev show | grep -qx "pci/$1"
}

# dl_port_listed BDF: `devlink port show` lists a port of the instance.
dl_port_listed()
{
	devlink port show | grep -q "^pci/$1/"
}

# ppn_errno IF: how reading the interface's phys_port_name ends: the
# errno's name, or "readable".
ppn_errno()
{
	python3 - "$1" <<'EOF'
import errno, sys
try:
    open("/sys/class/net/%s/phys_port_name" % sys.argv[1]).read()
    print("readable")
except OSError as e:
    print("EOPNOTSUPP" if e.errno == errno.EOPNOTSUPP else errno.errorcode.get(e.errno, e.errno))
EOF
}

# pci_dsn BDF: the PCIe Device Serial Number from config space, bytes
# from the most significant, dash separated; empty without one.
pci_dsn()
{
	python3 - "$1" <<'EOF'
import struct, sys
cfg = open("/sys/bus/pci/devices/%s/config" % sys.argv[1], "rb").read()
off = 0x100
while off and len(cfg) >= off + 12:
    hdr, = struct.unpack_from("<I", cfg, off)
    if hdr in (0, 0xffffffff):
        break
    if hdr & 0xffff == 0x0003:
        lo, hi = struct.unpack_from("<II", cfg, off + 4)
        print("-".join("%02x" % b for b in (hi << 32 | lo).to_bytes(8, "big")))
        break
    off = hdr >> 20
EOF
}

# udev_names IF: the names udev computed for an interface.
udev_names()
{
	udevadm info -q property -p "/sys/class/net/$1" 2>/dev/null | grep '^ID_NET_NAME_' | sort
}

# info_text BDF KEY: a value of `devlink dev info` (first field KEY).
info_text()
{
	devlink dev info "pci/$1" | awk -v k="$2" '$1 == k { print $2; exit }'
}

# info_json BDF: driver, serial and version, one a line, from the JSON form.
info_json()
{
	devlink -j dev info "pci/$1" | python3 -c '
import json, sys
d = json.load(sys.stdin)["info"][sys.argv[1]]
print(d.get("driver", ""))
print(d.get("serial_number", ""))
print(d.get("versions", {}).get("running", {}).get("fw.psid.api", ""))' "pci/$1"
}

# param_value BDF NAME: the runtime value of a devlink param (JSON form).
param_value()
{
	devlink -j dev param show "pci/$1" name "$2" | python3 -c '
import json, sys
d = json.load(sys.stdin)["param"][sys.argv[1]]
for p in d:
    if p["name"] == sys.argv[2]:
        for v in p["values"]:
            if v["cmode"] == "runtime":
                print(v["value"])' "pci/$1" "$2"
}

# param_names BDF: the params of the port's instance, in order.  (The
# devlink of iproute2 6.1 shows one device's params only by name.)
param_names()
{
	devlink -j dev param show | python3 -c '
import json, sys
d = json.load(sys.stdin)["param"].get(sys.argv[1], [])
print(" ".join(p["name"] for p in d))' "pci/$1"
}

# param_set BDF NAME VALUE
param_set()
{
	devlink dev param set "pci/$1" name "$2" value "$3" cmode runtime
}

# param_set_all BDF RATE VLANS MACS
param_set_all()
{
	param_set "$1" vf_mbx_rate "$2" && param_set "$1" vf_vlan_quota "$3" &&
		param_set "$1" vf_mac_quota "$4"
}

# pf_limit BDF KEY: a limit as vfctl (genl pf-get) shows it.
pf_limit()
{
	"$VFCTL" -j pf show "$1" | json_get "d[0][\"$2\"]"
}

# limits BDF: the three limits through devlink, then through vfctl.
limits()
{
	local p

	for p in vf_mbx_rate vf_vlan_quota vf_mac_quota; do
		printf '%s ' "$(param_value "$1" "$p")"
	done
	for p in vf_mbx_rate vf_vlan_quota vf_mac_quota; do
		printf '%s ' "$(pf_limit "$1" "$p")"
	done
	echo
}

# health BDF: state, error and recover counts of the vf_abuse reporter.
health()
{
	devlink -j health show "pci/$1" reporter vf_abuse | python3 -c '
import json, sys
d = json.load(sys.stdin)["health"][sys.argv[1]]
r = [r for r in d if r["reporter"] == "vf_abuse"][0]
print(r["state"], r["error"], r["recover"])' "pci/$1"
}

# health_is BDF "STATE ERRORS RECOVERIES"
health_is()
{
	[ "$(health "$1")" = "$2" ]
}

# health_json BDF diagnose|dump EXPR: an expression over the reporter's
# diagnose or dump output (JSON, parsed as d).
health_json()
{
	local out

	if [ "$2" = dump ]; then
		out=$(devlink -j health dump show "pci/$1" reporter vf_abuse)
	else
		out=$(devlink -j health diagnose "pci/$1" reporter vf_abuse)
	fi
	json_get "$3" <<<"$out"
}

# diag_vf BDF VF: VF's entry of the diagnose output, as "key value ...".
diag_vf()
{
	health_json "$1" diagnose "' '.join('%s %s' % (k, str(v).lower()) for e in d['vfs'] if e['vf'] == $2 for k, v in e.items())"
}

# What the port is under igb, before vfmgr takes it: the reference.
ifa=$(pf_netdev "$a")
mac_a=$(ethtool -P "$ifa" | awk '{ print $3 }')
fw_igb=$(ethtool -i "$ifa" | sed -n 's/^firmware-version: //p')
ppn_igb=$(ppn_errno "$ifa")
names_igb=$(udev_names "$ifa")
dsn=$(pci_dsn "$a")
serial=${dsn:-$mac_a}
echo "# under igb: interface $ifa, permanent address $mac_a, firmware $fw_igb," \
	"phys_port_name ${ppn_igb}, DSN ${dsn:-none}"
check "igb reports port A's NVM version" test -n "$fw_igb"
check_fail "port A on igb has no devlink instance" dl_listed "$a"

vfmgr_load
dmesg -C
check "claim port A" sysfs_claim "$a"
check_eq "port A bound to vfmgr" vfmgr "$(pf_driver "$a")"
check "devlink dev show lists pci/$a" dl_listed "$a"
check "devlink dev show pci/$a" devlink dev show "pci/$a"

check_eq "dev info: driver" vfmgr "$(info_text "$a" driver)"
check_eq "dev info: serial_number (${dsn:+DSN}${dsn:-no DSN: station address})" \
	"$serial" "$(info_text "$a" serial_number)"
check_eq "dev info: running fw.psid.api is igb's firmware-version" \
	"$fw_igb" "$(info_text "$a" fw.psid.api)"
echo "# devlink dev info pci/$a:"
__ktap_diag "$(devlink dev info "pci/$a" 2>&1)"
__ktap_diag "$(devlink -j dev info "pci/$a" 2>&1)"

if json=$(info_json "$a" 2>&1); then
	ktap_ok "devlink -j dev info parses"
else
	ktap_not_ok "devlink -j dev info parses" "$json
$(devlink -j dev info "pci/$a" 2>&1)"
fi
check_eq "JSON info: the same driver, serial and version" \
	"vfmgr $serial $fw_igb" "$(paste -sd ' ' <<<"$json")"

# No devlink port: the interface is named and described as under igb.
ifa_dl=$(pf_netdev "$a")
check_eq "interface name as under igb" "$ifa" "$ifa_dl"
ppn=$(ppn_errno "$ifa_dl")
check_eq "phys_port_name unreadable: EOPNOTSUPP" EOPNOTSUPP "$ppn"
check_eq "phys_port_name as under igb" "$ppn_igb" "$ppn"
if [ -n "$names_igb" ]; then
	check_eq "udev computes the names it did under igb" "$names_igb" \
		"$(udev_names "$ifa_dl")"
else
	skip "udev computes the names it did under igb" "udev has no ID_NET_NAME_* for $ifa"
fi
check_fail "devlink port show lists no port of pci/$a" dl_port_listed "$a"
check_fail "ip -d link show has no port name" \
	sh -c "ip -d link show $ifa_dl | grep -Eq 'portname|portid'"

# Runtime params: the port's limits on VFs, the values genl pf-set edits.
check_eq "devlink dev param show lists the three params of pci/$a" \
	"vf_mbx_rate vf_vlan_quota vf_mac_quota" "$(param_names "$a")"
__ktap_diag "$(devlink dev param show 2>&1)"
check_eq "params and vfctl pf show: the defaults (rate, VLANs, MACs)" \
	"200 8 3 200 8 3 " "$(limits "$a")"
check "param set vf_mbx_rate 500" param_set "$a" vf_mbx_rate 500
check "param set vf_vlan_quota 4" param_set "$a" vf_vlan_quota 4
check "param set vf_mac_quota 1" param_set "$a" vf_mac_quota 1
check_eq "vfctl pf show (genl pf-get) agrees" "500 4 1 500 4 1 " "$(limits "$a")"
check "vfctl pf set vf_mbx_rate 300 vf_vlan_quota 32 vf_mac_quota 0" \
	"$VFCTL" pf set "$a" vf_mbx_rate 300 vf_vlan_quota 32 vf_mac_quota 0
check_eq "devlink dev param show agrees" "300 32 0 300 32 0 " "$(limits "$a")"
check_fail_with "vf_mbx_rate 100001 refused, naming the param" \
	"vf_mbx_rate must be at most 100000" param_set "$a" vf_mbx_rate 100001
check_fail_with "vf_vlan_quota 33 refused, naming the param" \
	"vf_vlan_quota must be at most 32" param_set "$a" vf_vlan_quota 33
check_fail_with "vf_mac_quota 4 refused, naming the param" \
	"vf_mac_quota must be at most 3" param_set "$a" vf_mac_quota 4
check_eq "... and nothing changed" "300 32 0 300 32 0 " "$(limits "$a")"
check "vf_mbx_rate 100000, the largest, taken" param_set "$a" vf_mbx_rate 100000
check "back to the defaults" param_set_all "$a" 200 8 3
check_eq "... through both" "200 8 3 200 8 3 " "$(limits "$a")"

# The vf_abuse health reporter: healthy, until a VF floods the mailbox.
check "devlink health show lists vf_abuse" \
	sh -c "devlink health show pci/$a reporter vf_abuse | grep -q vf_abuse"
__ktap_diag "$(devlink health show "pci/$a" reporter vf_abuse 2>&1)"
check_eq "vf_abuse healthy: no error, no recovery" "healthy 0 0" "$(health "$a")"

client=$VFMGR_ROOT/selftests/vfio-client
if [ ! -x "$client" ]; then
	skip "a flood quarantines VF 1 and vf_abuse reports it" \
		"selftests/vfio-client is not built (make -C selftests vfio-client)"
elif ! modprobe vfio-pci; then
	skip "a flood quarantines VF 1 and vf_abuse reports it" "vfio-pci cannot be loaded"
else
	check "vfctl pf set: 2 VFs, no driver" "$VFCTL" pf set "$a" numvfs 2 driver none
	settle
	vf1=$(vf_bdf "$a" 1)
	check "VF 1 on vfio-pci" vf_bind "$vf1" vfio-pci
	"$VFCTL" -j monitor >"$tmp/events.jsonl" 2>&1 &
	monitor=$!
	sleep 2
	echo "vfmgr selftest: deliberate floods begin" >/dev/kmsg
	flooding=1
	out=$(timeout 120 "$client" "$vf1" flood 20000 2500 2>&1)
	check_eq "the flooding client ran to the end" 0 "$?" || __ktap_diag "$out"
	check "VF 1 is quarantined" wait_for 10 quarantined 1
	wait_for 10 health_is "$a" "error 1 0"
	check_eq "vf_abuse: one error, in error, not recovered by itself" "error 1 0" \
		"$(health "$a")"
	__ktap_diag "$(devlink health show "pci/$a" reporter vf_abuse 2>&1)"
	check_eq "... still quarantined after devlink's automatic recovery" 1 \
		"$(mbx_count 1 quarantined)"

	__ktap_diag "$(devlink health diagnose "pci/$a" reporter vf_abuse 2>&1)"
	check_eq "diagnose: VF 1 quarantined with its counters" \
		"vf 1 requests $(mbx_count 1 requests) refused $(mbx_count 1 refused) ignored $(mbx_count 1 ignored) quarantines 1 quarantined true" \
		"$(diag_vf "$a" 1)"
	check_eq "diagnose: VF 0 not quarantined" "quarantined false" \
		"$(diag_vf "$a" 0 | grep -o 'quarantined [a-z]*$')"
	check_eq "diagnose: the enabled VFs, 0 and 1" "0 1" \
		"$(health_json "$a" diagnose "' '.join(str(e['vf']) for e in d['vfs'])")"

	__ktap_diag "$(devlink health dump show "pci/$a" reporter vf_abuse 2>&1)"
	check_eq "dump: VF 1, quarantined once, over the limit of 200/s" "1 True 1 200" \
		"$(health_json "$a" dump "d['vf'], d['quarantined'], d['quarantines'], d['limit']" | tr -d '(),')"
	n=$(health_json "$a" dump "d['messages']")
	check "dump: the messages that tripped it ($n) are over the limit" test "${n:-0}" -gt 200
	check_eq "dump: the VF's last 8 messages" 8 \
		"$(health_json "$a" dump "len(d['last_messages'])")"
	check "dump: each as hex words" sh -c "devlink -j health dump show pci/$a reporter vf_abuse |
		python3 -c 'import json, re, sys; m = json.load(sys.stdin)[\"last_messages\"];
sys.exit(not all(re.fullmatch(\"[0-9a-f]{8}( [0-9a-f]{8})*\", x) for x in m))'"

	check "devlink health recover releases the VF" \
		devlink health recover "pci/$a" reporter vf_abuse
	check "... VF 1 no longer quarantined (debugfs)" released 1
	check_eq "... nor in vf-get (vfctl vf show)" False \
		"$("$VFCTL" -j vf show "$a" 1 | json_get 'bool(d[0]["quarantined"])')"
	check "... a released event" wait_for 5 grep -q '"vf":1,"event":"released"' \
		"$tmp/events.jsonl"
	check_eq "... vf_abuse healthy again, one recovery" "healthy 1 1" "$(health "$a")"
	out=$("$client" "$vf1" request lpe=1518 2>&1)
	check "VF 1 is served again" grep -q "lpe=1518: ACK" <<<"$out"
	echo "vfmgr selftest: deliberate floods end" >/dev/kmsg
	flooding=
	kill "$monitor"
	monitor=
	echo 0 >"$sysfs/sriov_numvfs"
	rmmod vfio-pci 2>/dev/null
fi
check_eq "interface name as under igb, with params and reporter" "$ifa" "$(pf_netdev "$a")"

# Side by side: igb registers no devlink instance.
if [ -n "$b" ]; then
	check_eq "port B on igb" igb "$(pf_driver "$b")"
	check_fail "port B on igb has no devlink instance" dl_listed "$b"
	check_fail "devlink dev info pci/$b fails" devlink dev info "pci/$b"
else
	skip "port B on igb has no devlink instance" "one port in this VM"
fi

# Gone with the port, back with the next claim.
if [ -x "$VFCTL" ]; then
	check "vfctl pf release $a" "$VFCTL" pf release "$a"
else
	check "release port A" sysfs_release "$a"
fi
wait_for 30 test -e "/sys/bus/pci/devices/$a/driver"
check_eq "port A back on igb" igb "$(pf_driver "$a")"
check_fail "instance gone after release" dl_listed "$a"
check_fail "devlink dev info pci/$a fails after release" devlink dev info "pci/$a"

check "claim port A again" sysfs_claim "$a"
check "instance back after the new claim" dl_listed "$a"
check_eq "JSON info after the new claim" "vfmgr $serial $fw_igb" \
	"$(info_json "$a" 2>&1 | paste -sd ' ')"

check "rmmod vfmgr" rmmod vfmgr
check_fail "instance gone after rmmod" dl_listed "$a"
check_fail "no NVM read failure logged" grep -q "cannot read the NVM" <(dmesg)

# Leave port A on igb, as the boot gave it.
sysfs_release "$a"
wait_for 30 test -e "/sys/bus/pci/devices/$a/net"
check_eq "port A back on igb after rmmod" igb "$(pf_driver "$a")"
ktap_end
