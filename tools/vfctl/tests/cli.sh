#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Command-line tests for vfctl, run against a fake sysfs tree through
# VFCTL_SYSFS, so they need neither root, the vfmgr module nor an 82576,
# and a fake /proc through VFCTL_PROC for the processes holding a VF.
# Prints KTAP; exits 0 if every check passed, 1 otherwise.
#
# A fake tree cannot bind or unbind anything, so claim and release are
# checked for what they write and for how they report the driver that did
# not move, which is also their real failure path.
#
# The vf commands talk to the vfmgr generic netlink family. Here they are
# checked for what needs no kernel: argument checks (usage errors come
# before any lookup), and the error or sysfs fallback without the module.
# Where the module happens to be loaded those checks are skipped.
#
# Usage: tests/cli.sh   (VFCTL=path/to/vfctl overrides ../vfctl)

set -u

here=$(cd "$(dirname "$0")" && pwd)
vfctl=$(realpath -m "${VFCTL:-$here/../vfctl}")
if [ ! -x "$vfctl" ]; then
	echo "cli.sh: $vfctl is not built (run make first)" >&2
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sys=$tmp/sys
proc=$tmp/proc
mkdir -p "$proc"

# Results are kept until the end: the plan line must precede them.
results=()
total=0
failed=0
rc=0
out=
err=

# skip DESCRIPTION REASON
skip() {
	total=$((total + 1))
	results+=("ok $total - $1 # SKIP $2")
}

# check DESCRIPTION: records the exit status of the command just before it.
check() {
	local status=$? desc=$1

	total=$((total + 1))
	if [ "$status" -eq 0 ]; then
		results+=("ok $total - $desc")
		return
	fi
	results+=("# exit status: $rc")
	results+=("# stdout: ${out//$'\n'/$'\n'# stdout: }")
	results+=("# stderr: ${err//$'\n'/$'\n'# stderr: }")
	results+=("not ok $total - $desc")
	failed=$((failed + 1))
}

# Runs vfctl on the fake tree; sets rc, out and err.
run() {
	VFCTL_SYSFS=$sys VFCTL_PROC=$proc "$vfctl" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	out=$(<"$tmp/out")
	err=$(<"$tmp/err")
}

# Like run, with stdin from the file named first.
run_stdin() {
	local input=$1

	shift
	VFCTL_SYSFS=$sys VFCTL_PROC=$proc "$vfctl" "$@" <"$input" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	out=$(<"$tmp/out")
	err=$(<"$tmp/err")
}

rc_is() { [ "$rc" -eq "$1" ]; }
err_is() { [ "$err" = "$1" ]; }
out_has() { grep -qF -- "$1" <<<"$out"; }
out_lacks() { ! grep -qF -- "$1" <<<"$out"; }
err_has() { grep -qF -- "$1" <<<"$err"; }
out_is() { [ "$out" = "$1" ]; }
# file_is FILE CONTENT: byte for byte, CONTENT with printf %b escapes
file_is() { cmp -s "$1" <(printf '%b' "$2"); }

# Evaluates a Python expression over the JSON document in $out (as d).
# Duplicate keys are an error: Python would silently keep the last one.
json_ok() {
	python3 -c "
import json, sys

def pairs(kv):
    keys = [k for k, _ in kv]
    if len(keys) != len(set(keys)):
        raise ValueError('duplicate key')
    return dict(kv)

d = json.load(sys.stdin, object_pairs_hook=pairs)
sys.exit(0 if ($1) else 1)" <<<"$out" 2>/dev/null
}

# Without the module the vf commands have no kernel family to talk to.
if "$vfctl" -V 2>/dev/null | grep -q "family not found"; then
	nofamily=
else
	nofamily="the vfmgr module is loaded here"
fi

# nomod DESCRIPTION: check, or skip where the module is loaded.
nomod() {
	local status=$?

	if [ -n "$nofamily" ]; then
		skip "$1" "$nofamily"
	else
		(exit "$status")
		check "$1"
	fi
}

# ---- the fake sysfs tree ----

# mkdev ADDR VENDOR DEVICE DRIVER(or -) NUMVFS(or -) TOTALVFS(or -)
mkdev() {
	local addr=$1 dev=$sys/devices/pci0000:00/$1

	mkdir -p "$dev"
	echo "$2" >"$dev/vendor"
	echo "$3" >"$dev/device"
	echo "(null)" >"$dev/driver_override"
	ln -s "../../../devices/pci0000:00/$addr" "$sys/bus/pci/devices/$addr"
	[ "$4" = - ] || ln -s "../../../bus/pci/drivers/$4" "$dev/driver"
	[ "$5" = - ] || echo "$5" >"$dev/sriov_numvfs"
	[ "$6" = - ] || echo "$6" >"$dev/sriov_totalvfs"
}

# mknet ADDR NAME: a network interface on a PCI device
mknet() {
	mkdir -p "$sys/devices/pci0000:00/$1/net/$2"
	ln -s "../../../$1" "$sys/devices/pci0000:00/$1/net/$2/device"
	ln -s "../../devices/pci0000:00/$1/net/$2" "$sys/class/net/$2"
}

# mkgroup ADDR GROUP
mkgroup() {
	mkdir -p "$sys/kernel/iommu_groups/$2"
	ln -s "../../../kernel/iommu_groups/$2" "$sys/devices/pci0000:00/$1/iommu_group"
}

# mkvf PF INDEX VF
mkvf() {
	ln -s "../$3" "$sys/devices/pci0000:00/$1/virtfn$2"
}

mkdir -p "$sys/bus/pci/devices" "$sys/class/net" "$sys/devices/virtual/net/lo"
for drv in igb e1000 vfio-pci vfmgr; do
	mkdir -p "$sys/bus/pci/drivers/$drv"
	: >"$sys/bus/pci/drivers/$drv/bind"
	: >"$sys/bus/pci/drivers/$drv/unbind"
done
: >"$sys/bus/pci/drivers_probe"
ln -s ../../devices/virtual/net/lo "$sys/class/net/lo"

mkdev 0000:00:02.0 0x8086 0x100e e1000 - -
mknet 0000:00:02.0 eth1
mkdev 0000:00:03.0 0x8086 0x10c9 igb 0 7
mknet 0000:00:03.0 eth0
mkgroup 0000:00:03.0 5
mkdev 0000:00:04.0 0x8086 0x10c9 - 0 7
mkdev 0000:00:05.0 0x8086 0x10c9 vfmgr 2 7
mkdev 0000:00:06.0 0x8086 0x10c9 vfmgr 0 7
mkdev 0000:00:10.0 0x8086 0x10ca vfio-pci - -
mkgroup 0000:00:10.0 12
mkdev 0000:00:10.2 0x8086 0x10ca - - -
mkvf 0000:00:05.0 0 0000:00:10.0
mkvf 0000:00:05.0 1 0000:00:10.2

dev3=$sys/devices/pci0000:00/0000:00:03.0
dev4=$sys/devices/pci0000:00/0000:00:04.0
dev6=$sys/devices/pci0000:00/0000:00:06.0
drivers=$sys/bus/pci/drivers
probe=$sys/bus/pci/drivers_probe

# ---- help and usage errors ----

run help
rc_is 0
check "help exits 0"
out_has "Usage: vfctl"
check "help prints usage on stdout"
run -h
rc_is 0 && out_has "Objects:"
check "-h exits 0 with usage"
run pf help
rc_is 0 && out_has "claim PF"
check "pf help exits 0 and lists claim"
run vf help
rc_is 0 && out_has "list [PF]"
check "vf help exits 0 and lists list"
out_has "  show PF VF " && out_has "  set PF VF SETTINGS " && out_has "  clear PF VF " &&
	out_has "  reset PF VF "
check "vf help lists show, set, clear and reset"
out_has "Usage: vfctl vf { list [PF] | show PF VF | set PF VF SETTINGS | clear PF VF | reset PF VF | bind PF VF DRIVER | help }"
check "vf help starts with the vf usage"
out_has "VF := " &&
	out_has "SETTINGS := [mac MAC] [vlan VID [qos Q]] [spoofchk on|off] [trust on|off]" &&
	out_has "            [state auto|enable|disable] [max_tx_rate MBPS] [max_frame BYTES]"
check "vf help explains VF and SETTINGS"
out_has "  bind PF VF DRIVER   bind a VF to a driver now" &&
	out_has "DRIVER := { vfio-pci | igbvf | none | kernel }"
check "vf help lists bind and its DRIVER words"
run pf help
out_lacks "[mac MAC]" && out_lacks "VF :="
check "pf help has no vf syntax"
out_has "Usage: vfctl pf { list | show PF | set PF SETTINGS | claim PF | release PF | help }" &&
	out_has "  set PF SETTINGS    set a vfmgr PF's VFs" &&
	out_has "DRIVER := { vfio-pci | igbvf | none | kernel }"
check "pf help lists set with its DRIVER words"
out_has "SETTINGS := [numvfs N] [driver DRIVER] [vf_vlan_quota VLANS]" &&
	out_has "            [vf_mac_quota MACS] [vf_mbx_rate MSGS]" &&
	out_has "VLANS := the VLANs a VF may join, 0-32 (default 8)" &&
	out_has "MACS := the extra MAC filters a VF may add, 0-3 (default 3)" &&
	out_has '        "vf reset", 0-100000, 0 for no limit (default 200)'
check "pf help explains SETTINGS and the limits' ranges and defaults"
run vf help
out_has "  reset PF VF         reset a VF (FLR), keep its settings, end any quarantine"
check "vf help: reset ends a quarantine"
run p h
rc_is 0 && out_has "release PF"
check "abbreviated pf help"
run help
out_has "       vfctl [-j] monitor" && out_has "       vfctl save [FILE]" &&
	out_has "  monitor            print VF events" && out_has "  save [FILE]        write"
check "help lists monitor and save"
out_has "       vfctl [-j] check PF VF" &&
	out_has "       vfctl hostdev-xml PF VF [--interface [--mac MAC] [--vlan VID]]" &&
	out_has "  check PF VF        say whether a VF can be assigned" &&
	out_has "                     print the libvirt domain XML"
check "help lists check and hostdev-xml"
run h
rc_is 2 && err_has 'ambiguous object "h"'
check "\"h\" is ambiguous between hostdev-xml and help"
run monitor help
rc_is 0 && out_has "Usage: vfctl [-j] monitor" &&
	out_has 'Each event: PF vf VF EVENT [source SOURCE] [reason "TEXT"] [driver DRIVER]' &&
	out_has "EVENT := { created | removed | bound | unbound | reset | refused | config-changed |" &&
	out_has "          opened | closed | withdrawn | quarantined | released }" &&
	out_has "SOURCE := { genl | rtnetlink | vf }"
check "monitor help describes the event lines"
(cd "$tmp" && VFCTL_SYSFS=$sys "$vfctl" save help >"$tmp/out" 2>"$tmp/err")
rc=$?
out=$(<"$tmp/out")
err=$(<"$tmp/err")
rc_is 0 && out_has "Usage: vfctl save [FILE]" && out_has 'FILE := ' && [ ! -e "$tmp/help" ]
check "save help prints help and writes no file named help"

run
rc_is 2 && err_has "Usage: vfctl"
check "no arguments is a usage error"
run frob
rc_is 2 && err_has "unknown object \"frob\""
check "unknown object exits 2"
run pf frob
rc_is 2 && err_has "Usage: vfctl pf {"
check "unknown pf command exits 2 with pf usage"
run pf
rc_is 2 && err_has "missing COMMAND"
check "missing command exits 2"
run pf show
rc_is 2 && err_has "missing PF"
check "missing PF argument exits 2"
run pf list extra
rc_is 2 && err_has "unexpected argument \"extra\""
check "extra argument exits 2"
run -x pf list
rc_is 2 && err_has "unknown option \"-x\""
check "unknown option exits 2"
run pf listing
rc_is 2 && err_has "unknown command"
check "longer than the keyword is unknown"
run monitor now
rc_is 2 && err_has 'vfctl: monitor: unexpected argument "now"' &&
	err_has "Usage: vfctl [-j] monitor"
check "monitor takes no arguments"
run save a b
rc_is 2 && err_has 'vfctl: save: unexpected argument "b"' && err_has "Usage: vfctl save [FILE]"
check "save takes one FILE at most"
run m help
rc_is 0 && out_has "Usage: vfctl [-j] monitor"
check "abbreviated \"m\" is monitor"

# ---- pf list ----

run pf list
rc_is 0
check "pf list exits 0"
out_has "PCI           DRIVER      NETDEV            VFS"
check "pf list has a header"
out_has "0000:00:03.0  igb         eth0              0/7"
check "pf list shows the igb PF with its netdev"
out_has "0000:00:04.0  -           -                 0/7"
check "pf list shows the unbound PF"
out_has "0000:00:05.0  vfmgr       -                 2/7"
check "pf list shows vfmgr PFs"
out_lacks "0000:00:02.0"
check "pf list leaves out other devices"
out_lacks "0000:00:10.0"
check "pf list leaves out VFs"
[ "$(wc -l <<<"$out")" -eq 5 ]
check "pf list has one line per PF"
text_list=$out

run p l
out_is "$text_list"
check "abbreviated \"p l\" is pf list"

mv "$drivers/vfmgr" "$tmp/vfmgr-driver"
run pf list
rc_is 1 && out_is "$text_list" &&
	err_is "vfctl: vfmgr module not loaded: no port is managed by it (modprobe vfmgr)"
check "pf list without the module: the ports, then exit 1 saying it is not loaded"
mkdir -p "$tmp/empty/bus/pci/devices" "$tmp/empty/bus/pci/drivers/vfmgr"
VFCTL_SYSFS=$tmp/empty "$vfctl" pf list >"$tmp/out" 2>"$tmp/err"
rc=$? out=$(<"$tmp/out") err=$(<"$tmp/err")
rc_is 0 && out_is "" && err_is "vfctl: no Intel 82576 port (8086:10c9) on this machine"
check "pf list without any port says so"
mv "$tmp/vfmgr-driver" "$drivers/vfmgr"

run -j pf list
rc_is 0
check "-j pf list exits 0"
json_ok True
check "-j pf list is valid JSON"
json_ok '[p["pci"] for p in d] ==
	 ["0000:00:03.0", "0000:00:04.0", "0000:00:05.0", "0000:00:06.0"]'
check "-j pf list is an array of the four PFs"
json_ok 'all(set(p) == {"pci", "driver", "netdev", "numvfs", "totalvfs"} for p in d)'
check "-j pf list objects have exactly the stable keys"
json_ok 'd[0] == {"pci": "0000:00:03.0", "driver": "igb", "netdev": ["eth0"],
		 "numvfs": 0, "totalvfs": 7}'
check "-j pf list values for the igb PF"
json_ok 'd[1]["driver"] is None and d[1]["netdev"] == []'
check "-j pf list: unbound is null, no netdev is []"
[ "$(wc -l <<<"$out")" -eq 1 ]
check "-j output is compact"
compact=$out

run -js p l
out_is "$compact"
check "abbreviated -js option gives JSON"
run --json pf list
out_is "$compact"
check "--json is accepted"

run -p pf list
json_ok 'len(d) == 4'
check "-p pretty-prints valid JSON"
out_has $'[\n    {\n        "pci": "0000:00:03.0",'
check "-p indents by four spaces"

# ---- pf show ----

run pf show 0000:00:03.0
rc_is 0
check "pf show by address exits 0"
out_has "driver       igb"
check "pf show prints the driver"
out_has "vendor       8086" && out_has "device       10c9"
check "pf show prints ids"
out_has "iommu_group  5"
check "pf show prints the IOMMU group"
full=$out
run pf show 00:03.0
out_is "$full"
check "pf show by short address"
run pf show 0:3.0
out_is "$full"
check "pf show by unpadded address"
run pf show eth0
out_is "$full"
check "pf show by netdev name"
run p sh eth0
out_is "$full"
check "abbreviated \"p sh\" is pf show"
run p s eth0
rc_is 2 && err_has 'vfctl: pf: ambiguous command "s"'
check "pf s is ambiguous between show and set"

run pf show 00:04.0
rc_is 0 && out_lacks "iommu_group" && out_has "driver       -"
check "pf show without an IOMMU group omits the line"

run -j pf show eth0
json_ok 'd == [{"pci": "0000:00:03.0", "vendor": "8086", "device": "10c9",
	       "driver": "igb", "netdev": ["eth0"], "numvfs": 0, "totalvfs": 7,
	       "iommu_group": 5, "ifname": None, "link_up": None,
	       "link_speed": None, "vf_driver": None, "mbx_requests": None,
	       "mbx_refused": None, "vf_resets": None, "vf_vlan_quota": None,
	       "vf_mac_quota": None, "vf_mbx_rate": None}]'
check "-j pf show keys and values"
json_ok 'list(d[0]) == ["pci", "vendor", "device", "driver", "netdev", "numvfs",
		       "totalvfs", "iommu_group", "ifname", "link_up", "link_speed",
		       "vf_driver", "mbx_requests", "mbx_refused", "vf_resets",
		       "vf_vlan_quota", "vf_mac_quota", "vf_mbx_rate"]'
check "-j pf show keys in a stable order"
run -j pf show 00:04.0
json_ok 'd[0]["iommu_group"] is None'
check "-j pf show: no IOMMU group is null"

run pf show 00:3g.0
rc_is 2 && err_has "invalid PCI address \"00:3g.0\"" && err_has "Usage: vfctl pf {"
check "malformed address exits 2 with usage"
run pf show 00:20.0
rc_is 2
check "device number above 0x1f exits 2"
run pf show "bad/name"
rc_is 2
check "impossible interface name exits 2"
run pf show 00:09.0
rc_is 1 && err_has "vfctl: 0000:00:09.0: no such PCI device"
check "missing device exits 1"
run pf show eth9
rc_is 1 && err_has "eth9: no such network interface"
check "missing interface exits 1"
run pf show lo
rc_is 1 && err_has "lo: not backed by a PCI device"
check "virtual interface exits 1"
run pf show eth1
rc_is 1 && err_has "0000:00:02.0: not an Intel 82576 PF (8086:100e)"
check "interface of another NIC is refused"
run pf show 00:10.0
rc_is 1 && err_has "is an Intel 82576 VF"
check "a VF is refused as PF"

# ---- pf claim ----

rm -r "${drivers:?}/vfmgr"
run pf claim 00:03.0
rc_is 1 && err_has "vfctl: vfmgr module is not loaded"
check "claim without the vfmgr driver fails"
file_is "$dev3/driver_override" "(null)\n"
check "claim without vfmgr leaves driver_override alone"
mkdir "$drivers/vfmgr"
: >"$drivers/vfmgr/unbind"

run pf claim 00:02.0
rc_is 1 && err_has "not an Intel 82576 PF" &&
	file_is "$sys/devices/pci0000:00/0000:00:02.0/driver_override" "(null)\n"
check "claim of another NIC is refused"

echo 3 >"$dev3/sriov_numvfs"
run pf claim eth0
rc_is 1 && err_has "3 VFs are enabled under igb" &&
	file_is "$dev3/driver_override" "(null)\n"
check "claim with VFs enabled is refused"
echo 0 >"$dev3/sriov_numvfs"

# igb's unbind as a FIFO holds vfctl in the middle of the claim (opening it
# blocks until there is a reader), after driver_override was written and
# before it is restored, so the value written can be seen.
rm "$drivers/igb/unbind"
mkfifo "$drivers/igb/unbind"
VFCTL_SYSFS=$sys "$vfctl" pf claim eth0 >"$tmp/out" 2>"$tmp/err" &
pid=$!
for _ in $(seq 50); do
	[ "$(cat "$dev3/driver_override")" = vfmgr ] && break
	sleep 0.1
done
seen_override=$(cat "$dev3/driver_override")
seen_unbind=$(timeout 5 cat "$drivers/igb/unbind")
wait "$pid"
rc=$?
out=$(<"$tmp/out")
err=$(<"$tmp/err")
rm "$drivers/igb/unbind"
: >"$drivers/igb/unbind"

[ "$seen_override" = vfmgr ]
check "claim writes vfmgr to driver_override before unbinding"
[ "$seen_unbind" = 0000:00:03.0 ]
check "claim unbinds the old driver"
rc_is 1 && err_has "0000:00:03.0: vfmgr did not bind"
check "claim fails when vfmgr does not bind"
file_is "$probe" "0000:00:03.0"
check "claim asks the PCI core to probe"
file_is "$dev3/driver_override" "\n" &&
	err_has "driver_override restored, device is bound to igb"
check "failed claim restores driver_override"

: >"$probe"
echo "(null)" >"$dev3/driver_override"
run pf claim 00:04.0
rc_is 1 && file_is "$probe" "0000:00:04.0" && file_is "$drivers/igb/unbind" "" &&
	file_is "$dev4/driver_override" "\n"
check "claim of an unbound PF probes without unbinding"

run pf claim 00:05.0
rc_is 0 && out_is "0000:00:05.0: already claimed, bound to vfmgr"
check "claim of a vfmgr PF is a no-op"
run -j pf claim 00:05.0
json_ok 'd == {"pci": "0000:00:05.0", "driver": "vfmgr"}'
check "-j claim reports the driver as JSON"

# ---- pf release ----

run pf release eth0
rc_is 1 && err_has "0000:00:03.0: not bound to vfmgr (driver: igb)"
check "release of an igb PF is refused"
run pf release 00:05.0
rc_is 1 && err_has "2 VFs are enabled"
check "release with VFs enabled is refused"
mkdir -p "$proc/777/fd"
echo qemu-system-x86 >"$proc/777/comm"
ln -s /dev/vfio/12 "$proc/777/fd/20"
run pf release 00:05.0
rc_is 1 && err_has "0000:00:05.0: VF 0 is in use through VFIO (held by qemu-system-x86 pid 777); stop its user first" &&
	! err_has "VFs are enabled"
check "release names the VF a VFIO user holds, and the holder"
rm -rf "${proc:?}/777"

: >"$probe"
echo vfmgr >"$dev6/driver_override"
run pf release 00:06.0
file_is "$dev6/driver_override" "\n"
check "release clears driver_override"
file_is "$drivers/vfmgr/unbind" "0000:00:06.0"
check "release unbinds from vfmgr"
file_is "$probe" "0000:00:06.0"
check "release asks the PCI core to probe"
rc_is 1 && err_has "0000:00:06.0: still bound to vfmgr"
check "release reports a driver that did not let go"

chmod a-w "$dev6/driver_override"
if [ -w "$dev6/driver_override" ]; then
	# Running as root: permissions do not stop the write, use a directory.
	rm "$dev6/driver_override"
	mkdir "$dev6/driver_override"
fi
run pf release 00:06.0
rc_is 1 &&
	err_has "0000:00:06.0: cannot write $sys/bus/pci/devices/0000:00:06.0/driver_override: "
check "write errors name the device, the file and the errno"

# ---- vf list ----

# Without the module, from sysfs.
run vf list
rc_is 0
nomod "vf list exits 0"
out_has "0000:00:05.0  0    0000:00:10.0  vfio-pci    -                 12"
nomod "vf list shows VF 0 with driver and group"
out_has "0000:00:05.0  1    0000:00:10.2  -           -                 -"
nomod "vf list shows VF 1 unbound"
run -j vf list 00:05.0
json_ok 'd == [{"pf": "0000:00:05.0", "vf": 0, "pci": "0000:00:10.0",
	       "driver": "vfio-pci", "netdev": [], "iommu_group": 12},
	      {"pf": "0000:00:05.0", "vf": 1, "pci": "0000:00:10.2",
	       "driver": None, "netdev": [], "iommu_group": None}]'
nomod "-j vf list PF keys and values"
run -j vf list eth0
rc_is 0 && json_ok "d == []"
nomod "-j vf list of a PF without VFs is []"

# ---- vf show, set, clear: usage errors ----

# vf_usage ARGS... MESSAGE: exit 2, the message, then the vf usage line.
vf_usage() {
	local msg=${*: -1}

	run vf "${@:1:$#-1}"
	rc_is 2 && err_has "vfctl: $msg" && err_has "Usage: vfctl vf {"
}

vf_usage show "vf show: missing PF VF"
check "vf show without arguments exits 2"
vf_usage show 00:05.0 "vf show: missing PF VF"
check "vf show without VF exits 2"
vf_usage show 00:05.0 0 1 'vf show: unexpected argument "1"'
check "vf show with an extra argument exits 2"
vf_usage show 00:05.0 x 'invalid VF "x" (expected a number from 0 to 255)'
check "vf show: VF not a number exits 2"
vf_usage show 00:05.0 256 'invalid VF "256"'
check "vf show: VF above 255 exits 2"
vf_usage show 00:05.0 -1 'invalid VF "-1"'
check "vf show: negative VF exits 2"
vf_usage show 00:3g.0 0 'invalid PCI address "00:3g.0"'
check "vf show: malformed PF address exits 2"
vf_usage show bad/name 0 'invalid PF "bad/name"'
check "vf show: impossible interface name exits 2"
vf_usage clear 00:05.0 "vf clear: missing PF VF"
check "vf clear without VF exits 2"
vf_usage clear 00:05.0 0 trust 'vf clear: unexpected argument "trust"'
check "vf clear takes no settings"
vf_usage clear 00:05.0 y 'invalid VF "y"'
check "vf clear: VF not a number exits 2"
vf_usage set 00:05.0 "vf set: missing PF VF SETTINGS"
check "vf set without VF exits 2"
vf_usage s 00:05.0 0 'vf: ambiguous command "s"'
check "vf s is ambiguous between show and set"

# vf_set_usage SETTINGS... MESSAGE: vf set refuses the settings with exit 2.
vf_set_usage() {
	local msg=${*: -1}

	run vf set 00:05.0 0 "${@:1:$#-1}"
	rc_is 2 && err_has "vfctl: $msg" && err_has "Usage: vfctl vf {" &&
		err_has "SETTINGS := [mac MAC]" && [ -z "$out" ]
}

vf_set_usage "nothing to set"
check "vf set with nothing to set exits 2"
vf_set_usage frob on 'unknown setting "frob"'
check "vf set: unknown setting exits 2"
vf_set_usage trust on frob on 'unknown setting "frob"'
check "vf set: unknown setting after a good one exits 2"
vf_set_usage tr on 'unknown setting "tr"'
check "vf set: settings are not abbreviated"
vf_set_usage mac 'missing value for "mac"'
check "vf set: missing MAC exits 2"
vf_set_usage trust on vlan 'missing value for "vlan"'
check "vf set: missing VLAN ID exits 2"
vf_set_usage vlan 5 qos 'missing value for "qos"'
check "vf set: missing qos exits 2"
vf_set_usage mac 02:00:00:00:00:0 'invalid MAC "02:00:00:00:00:0"'
check "vf set: short MAC exits 2"
vf_set_usage mac 02:00:00:00:00:zz 'invalid MAC "02:00:00:00:00:zz"'
check "vf set: MAC not hex exits 2"
vf_set_usage mac 01:00:5e:00:00:01 'MAC "01:00:5e:00:00:01" is multicast'
check "vf set: multicast MAC exits 2"
vf_set_usage vlan 4096 'invalid VLAN ID "4096" (expected 0-4095)'
check "vf set: VLAN 4096 exits 2"
vf_set_usage vlan ten 'invalid VLAN ID "ten"'
check "vf set: VLAN not a number exits 2"
vf_set_usage vlan 5 qos 8 'invalid qos "8" (expected 0-7)'
check "vf set: qos 8 exits 2"
vf_set_usage qos 3 '"qos" must directly follow "vlan VID"'
check "vf set: qos without vlan exits 2"
vf_set_usage vlan 5 trust on qos 3 '"qos" must directly follow "vlan VID"'
check "vf set: qos apart from its vlan exits 2"
vf_set_usage vlan 0 qos 3 "qos 3 needs a VLAN ID other than 0"
check "vf set: qos on VLAN 0 exits 2"
vf_set_usage spoofchk yes 'invalid spoofchk "yes" (expected on or off)'
check "vf set: spoofchk yes exits 2"
vf_set_usage trust 1 'invalid trust "1" (expected on or off)'
check "vf set: trust 1 exits 2"
vf_set_usage state up 'invalid state "up" (expected auto, enable or disable)'
check "vf set: unknown state exits 2"
vf_set_usage max_tx_rate 100001 'invalid max_tx_rate "100001"'
check "vf set: rate above the family's range exits 2"
vf_set_usage max_frame 65536 'invalid max_frame "65536"'
check "vf set: frame size above the family's range exits 2"
vf_set_usage trust on trust off '"trust" given twice'
check "vf set: a setting given twice exits 2"
vf_set_usage vlan 1 qos 1 qos 2 '"qos" given twice'
check "vf set: qos given twice exits 2"

run vf set 00:05.0 x trust on
rc_is 2 && err_has 'invalid VF "x"'
check "vf set: VF not a number exits 2"

vf_usage reset 00:05.0 "vf reset: missing PF VF"
check "vf reset without VF exits 2"
vf_usage reset 00:05.0 0 now 'vf reset: unexpected argument "now"'
check "vf reset takes no settings"
vf_usage reset 00:05.0 z 'invalid VF "z"'
check "vf reset: VF not a number exits 2"
vf_usage reset 00:3g.0 0 'invalid PCI address "00:3g.0"'
check "vf reset: malformed PF address exits 2"
vf_usage r 00:05.0 1 2 'vf reset: unexpected argument "2"'
check "abbreviated \"vf r\" is vf reset"

# vf_bind_usage ARGS... MESSAGE: exit 2, the message, the vf usage, DRIVER, no output.
vf_bind_usage() {
	local msg=${*: -1}

	run vf bind "${@:1:$#-1}"
	rc_is 2 && err_has "vfctl: $msg" && err_has "Usage: vfctl vf {" &&
		err_has "DRIVER := { vfio-pci | igbvf | none | kernel }" && [ -z "$out" ]
}

vf_bind_usage 00:05.0 0 "vf bind: missing PF VF DRIVER"
check "vf bind without a DRIVER exits 2"
vf_bind_usage 00:05.0 0 vfio-pci now 'vf bind: unexpected argument "now"'
check "vf bind takes nothing after DRIVER"
vf_bind_usage 00:05.0 0 vfio 'invalid driver "vfio" (expected vfio-pci, igbvf, none or kernel)'
check "vf bind: an unknown driver exits 2 and names the drivers"
vf_bind_usage 00:05.0 0 VFIO-PCI 'invalid driver "VFIO-PCI"'
check "vf bind: driver names are exact"
vf_bind_usage 00:05.0 x igbvf 'invalid VF "x"'
check "vf bind: VF not a number exits 2"
vf_bind_usage 00:3g.0 0 igbvf 'invalid PCI address "00:3g.0"'
check "vf bind: malformed PF address exits 2"
run vf bind 00:09.0 0 frob
rc_is 2 && err_has 'invalid driver "frob"'
check "vf bind: the driver is checked before the PF is looked up"
run vf bind 00:09.0 0 none
rc_is 1 && err_is "vfctl: 0000:00:09.0: no such PCI device"
check "vf bind: missing PF device exits 1"
run v b 00:05.0 1 2 3
rc_is 2 && err_has 'vf bind: unexpected argument "3"'
check "abbreviated \"vf b\" is vf bind"

# ---- pf set: usage errors ----

# pf_set_usage ARGS... MESSAGE: exit 2, the message, the pf usage, no output.
pf_set_usage() {
	local msg=${*: -1}

	run pf set "${@:1:$#-1}"
	rc_is 2 && err_has "vfctl: $msg" && err_has "Usage: vfctl pf {" &&
		err_has "SETTINGS := [numvfs N] [driver DRIVER] [vf_vlan_quota VLANS]" &&
		err_has "DRIVER := { vfio-pci | igbvf | none | kernel }" && [ -z "$out" ]
}

pf_set_usage "pf set: missing PF SETTINGS"
check "pf set without a PF exits 2"
pf_set_usage 00:05.0 "nothing to set"
check "pf set with nothing to set exits 2"
pf_set_usage 00:05.0 driver foo 'invalid driver "foo" (expected vfio-pci, igbvf, none or kernel)'
check "pf set: an unknown driver exits 2 and names the drivers"
pf_set_usage 00:05.0 numvfs 2 driver VFIO-PCI 'invalid driver "VFIO-PCI"'
check "pf set: driver names are exact"
pf_set_usage 00:05.0 driver 'missing value for "driver"'
check "pf set: missing driver exits 2"
pf_set_usage 00:05.0 numvfs 'missing value for "numvfs"'
check "pf set: missing count exits 2"
pf_set_usage 00:05.0 numvfs four 'invalid numvfs "four" (expected 0-256)'
check "pf set: a count that is not a number exits 2"
pf_set_usage 00:05.0 numvfs 257 'invalid numvfs "257"'
check "pf set: a count above 256 exits 2"
pf_set_usage 00:05.0 numvfs 1 numvfs 2 '"numvfs" given twice'
check "pf set: numvfs given twice exits 2"
pf_set_usage 00:05.0 num 2 'unknown setting "num"'
check "pf set: settings are not abbreviated"
pf_set_usage 00:05.0 numvfs 2 trust on 'unknown setting "trust"'
check "pf set: a VF setting exits 2"
pf_set_usage 00:3g.0 numvfs 2 'invalid PCI address "00:3g.0"'
check "pf set: malformed PF address exits 2"
pf_set_usage 00:05.0 vf_vlan_quota 33 'invalid vf_vlan_quota "33" (expected 0-32 VLANs per VF)'
check "pf set: a VLAN quota above 32 exits 2"
pf_set_usage 00:05.0 numvfs 2 vf_mac_quota 4 'invalid vf_mac_quota "4" (expected 0-3 MAC filters per VF)'
check "pf set: a MAC quota above 3 exits 2"
pf_set_usage 00:05.0 vf_mbx_rate 100001 \
	'invalid vf_mbx_rate "100001" (expected 0-100000 messages/s, 0 for no limit)'
check "pf set: a mailbox rate above 100000 exits 2"
pf_set_usage 00:05.0 vf_mbx_rate -5 'invalid vf_mbx_rate "-5"'
check "pf set: a negative mailbox rate exits 2"
pf_set_usage 00:05.0 vf_vlan_quota 'missing value for "vf_vlan_quota"'
check "pf set: a limit without its value exits 2"
pf_set_usage 00:05.0 vf_mac_quota 1 vf_mac_quota 1 '"vf_mac_quota" given twice'
check "pf set: a limit given twice exits 2"
pf_set_usage 00:05.0 vf-mbx-rate 10 'unknown setting "vf-mbx-rate"'
check "pf set: the limits are spelt with underscores, as vf set's"
run pf set 00:09.0 vf_mbx_rate 0 vf_vlan_quota 32 vf_mac_quota 0
rc_is 1 && err_has "vfctl: 0000:00:09.0: no such PCI device"
check "pf set: the limits' extremes pass the checks"
run pf set 00:09.0 driver frob
rc_is 2 && err_has 'invalid driver "frob"'
check "pf set: settings are checked before the PF is looked up"
run pf set 00:09.0 numvfs 2
rc_is 1 && err_has "vfctl: 0000:00:09.0: no such PCI device"
check "pf set: missing PF device exits 1"
run vf set 00:09.0 0 frob on
rc_is 2 && err_has 'unknown setting "frob"'
check "vf set: settings are checked before the PF is looked up"
run vf set 00:09.0 0 trust on
rc_is 1 && err_has "vfctl: 0000:00:09.0: no such PCI device"
check "vf set: missing PF device exits 1"
run vf show eth9 0
rc_is 1 && err_has "eth9: no such network interface"
check "vf show: missing interface exits 1"

# ---- vf commands without the vfmgr module ----

nomod_msg='vfctl: vfmgr module not loaded (no "vfmgr" generic netlink family)'
run vf show 00:05.0 0
rc_is 1 && err_is "$nomod_msg" && [ -z "$out" ]
nomod "vf show without the module: exit 1, says the module is not loaded"
run -j vf show eth0 1
rc_is 1 && err_is "$nomod_msg" && [ -z "$out" ]
nomod "-j vf show without the module: exit 1, no output"
run vf set 00:05.0 0 mac 02:00:00:00:00:01 vlan 10 qos 1 trust on
rc_is 1 && err_is "$nomod_msg"
nomod "vf set without the module: exit 1"
run vf set 00:05.0 0 mac 00:00:00:00:00:00
rc_is 1 && err_is "$nomod_msg"
nomod "vf set: an all-zero MAC passes the checks"
run vf clear 00:05.0 0
rc_is 1 && err_is "$nomod_msg"
nomod "vf clear without the module: exit 1"
run vf reset 00:05.0 0
rc_is 1 && err_is "$nomod_msg"
nomod "vf reset without the module: exit 1"
run vf bind 00:05.0 0 vfio-pci
rc_is 1 && err_is "$nomod_msg" && [ -z "$out" ]
nomod "vf bind without the module: exit 1"
run pf set 00:05.0 numvfs 2 driver vfio-pci
rc_is 1 && err_is "$nomod_msg" && [ -z "$out" ]
nomod "pf set without the module: exit 1"
run pf set eth0 driver none
rc_is 1 && err_is "$nomod_msg"
nomod "pf set by interface name without the module: exit 1"
run pf set 00:05.0 vf_vlan_quota 4 vf_mac_quota 1 vf_mbx_rate 50
rc_is 1 && err_is "$nomod_msg" && [ -z "$out" ]
nomod "pf set with the limits alone, without the module: exit 1"
run monitor
rc_is 1 && err_is "$nomod_msg" && [ -z "$out" ]
nomod "monitor without the module: exit 1, no output"
run -j monitor
rc_is 1 && err_is "$nomod_msg" && [ -z "$out" ]
nomod "-j monitor without the module: exit 1, no output"
run save
rc_is 1 && err_is "$nomod_msg" && [ -z "$out" ]
nomod "save without the module: exit 1, nothing on stdout"
run save -
rc_is 1 && err_is "$nomod_msg" && [ -z "$out" ]
nomod "save - without the module: exit 1"
run save "$tmp/saved.batch"
rc_is 1 && err_is "$nomod_msg" && [ ! -e "$tmp/saved.batch" ] &&
	[ -z "$(find "$tmp" -maxdepth 1 -name 'saved.batch.*')" ]
nomod "save FILE without the module: exit 1, no file, no temporary"
echo "# old" >"$tmp/old.batch"
run save "$tmp/old.batch"
rc_is 1 && file_is "$tmp/old.batch" "# old\n"
nomod "save FILE without the module leaves an existing FILE alone"

run vf list
rc_is 0 && err_is "vfctl: vfmgr module not loaded; listing from sysfs"
nomod "vf list without the module says it lists from sysfs, once"
run -j vf list
rc_is 0 && json_ok "len(d) == 2" &&
	err_is "vfctl: vfmgr module not loaded; listing from sysfs"
nomod "-j vf list without the module: sysfs JSON on stdout, note on stderr"
run vf list 00:3g.0
rc_is 2 && err_has 'invalid PCI address "00:3g.0"' && ! err_has "listing from sysfs"
check "vf list: a malformed PF is a usage error before anything else"

run pf show 00:05.0
rc_is 0 && out_lacks "link " && out_lacks "ifname" && out_lacks "vf_driver" &&
	out_lacks "mbx_" && out_lacks "vf_resets"
nomod "pf show without the module: none of the family's lines"
run -j pf show 00:05.0
rc_is 0 && json_ok 'd[0]["ifname"] is None and d[0]["link_up"] is None and
		    d[0]["link_speed"] is None and d[0]["vf_driver"] is None and
		    d[0]["mbx_requests"] is None and d[0]["mbx_refused"] is None and
		    d[0]["vf_resets"] is None'
nomod "-j pf show without the module: the family's keys are null"

# ---- -batch ----

cat >"$tmp/ok.batch" <<'EOF'
# show two PFs

pf show '00:03.0'   # by address
  p sh "eth0"
EOF
run -batch "$tmp/ok.batch"
rc_is 0 && [ "$(grep -c "^pci " <<<"$out")" -eq 2 ]
check "batch file runs every line"

cat >"$tmp/fail.batch" <<'EOF'
pf show 00:03.0
# the next line fails
pf show 00:09.0
pf show 00:04.0
EOF
run -batch "$tmp/fail.batch"
rc_is 1 && err_has "vfctl: $tmp/fail.batch:3: 0000:00:09.0: no such PCI device"
check "batch stops at a failing line with its number"
out_has "0000:00:03.0" && out_lacks "0000:00:04.0"
check "batch runs nothing after the failing line"

printf 'pf list\npf show 00:3g.0\n' >"$tmp/usage.batch"
run -b "$tmp/usage.batch"
rc_is 1 && err_has "usage.batch:2: invalid PCI address"
check "batch usage error exits 1 with the line"
printf 'vf help\nvf set 00:05.0 0 vlan 5000\nvf list\n' >"$tmp/vfset.batch"
run -batch "$tmp/vfset.batch"
rc_is 1 && err_has 'vfset.batch:2: invalid VLAN ID "5000"' && out_lacks "PF  "
check "batch stops at a vf set usage error with its line"
printf 'pf list\npf show "eth0\n' >"$tmp/quote.batch"
run -batch "$tmp/quote.batch"
rc_is 1 && err_has "quote.batch:2: unterminated quote"
check "batch unterminated quote is reported"

printf 'pf show eth0\n\n# done\n' >"$tmp/stdin.batch"
run_stdin "$tmp/stdin.batch" -batch -
rc_is 0 && out_is "$full"
check "batch from stdin"
printf 'vf list\npf frob\n' >"$tmp/stdin.batch"
run_stdin "$tmp/stdin.batch" -batch -
rc_is 1 && err_has "vfctl: <stdin>:2: pf: unknown command \"frob\""
check "batch from stdin names <stdin> in errors"
printf 'pf list\npf show eth0\n' >"$tmp/json.batch"
run -j -batch "$tmp/json.batch"
rc_is 0 && [ "$(wc -l <<<"$out")" -eq 2 ]
check "batch with -j prints one JSON document per command"

# What save writes: every line must get past the argument checks, so
# without the module the first command fails for that reason and no other.
cat >"$tmp/saved.batch" <<'EOF'
# vfmgr configuration written by "vfctl save": every PF vfmgr drives,
# its number of VFs, their driver and the settings of each VF.
# Apply it with "vfctl -batch FILE", or one PF's lines with
# "vfctl restore PF FILE".

pf set 0000:00:05.0 numvfs 2 driver vfio-pci
vf set 0000:00:05.0 0 mac 02:00:00:00:00:10 vlan 100 qos 3 spoofchk on trust off state auto max_tx_rate 0 max_frame 0
vf set 0000:00:05.0 1 mac 00:00:00:00:00:00 vlan 0 qos 0 spoofchk on trust off state auto max_tx_rate 0 max_frame 0
EOF
run -batch "$tmp/saved.batch"
rc_is 1 && err_is "vfctl: $tmp/saved.batch:6: ${nomod_msg#vfctl: }"
nomod "batch reads a saved file; without the module its first command fails"
grep -v "^pf set" "$tmp/saved.batch" >"$tmp/saved-vf.batch"
run -batch "$tmp/saved-vf.batch"
rc_is 1 && err_is "vfctl: $tmp/saved-vf.batch:6: ${nomod_msg#vfctl: }"
nomod "batch reads a saved vf set line"
sed '6a vf bind 0000:00:05.0 1 igbvf' "$tmp/saved.batch" | grep -v "^pf set" >"$tmp/saved-bind.batch"
run -batch "$tmp/saved-bind.batch"
rc_is 1 && err_is "vfctl: $tmp/saved-bind.batch:6: ${nomod_msg#vfctl: }"
nomod "batch reads a saved vf bind line"

# A thousand lines: every one runs, and quickly.
for i in $(seq 1000); do echo "pf show 00:0$((i % 2 + 3)).0"; done >"$tmp/long.batch"
start=$(date +%s%N)
run -batch "$tmp/long.batch"
elapsed=$((($(date +%s%N) - start) / 1000000))
results+=("# 1000 lines took $elapsed ms")
rc_is 0 && [ "$(grep -c "^pci " <<<"$out")" -eq 1000 ] && [ "$elapsed" -lt 10000 ]
check "batch of 1000 lines runs every line, in under 10 s"

run -batch "$tmp/missing.batch"
rc_is 1 && err_has "cannot open"
check "missing batch file exits 1"
run -batch
rc_is 2
check "-batch without FILE exits 2"
run -batch "$tmp/ok.batch" pf list
rc_is 2
check "-batch with a command line too exits 2"

# ---- restore ----

# restore_usage ARGS... MESSAGE: exit 2, the message, restore's usage, no output.
restore_usage() {
	local msg=${*: -1}

	run restore "${@:1:$#-1}"
	rc_is 2 && err_has "vfctl: $msg" && err_has "Usage: vfctl restore PF [FILE]" &&
		err_has "PF := " && err_has "FILE := " && [ -z "$out" ]
}

restore_usage "restore: missing PF [FILE]"
check "restore without a PF exits 2"
restore_usage 00:05.0 "$tmp/ok.batch" extra 'restore: unexpected argument "extra"'
check "restore takes one FILE at most"
restore_usage 00:3g.0 "$tmp/ok.batch" 'invalid PCI address "00:3g.0"'
check "restore: a malformed PF address exits 2"
restore_usage bad/name 'invalid PF "bad/name"'
check "restore: an impossible interface name exits 2"
restore_usage 00:3g.0 "$tmp/missing.conf" 'invalid PCI address "00:3g.0"'
check "restore: the PF is checked before the file"
run restore 00:09.0 "$tmp/ok.batch"
rc_is 1 && err_is "vfctl: 0000:00:09.0: no such PCI device"
check "restore: a missing PF device exits 1"
run restore eth9
rc_is 1 && err_is "vfctl: eth9: no such network interface"
check "restore: a missing interface exits 1"
(cd "$tmp" && VFCTL_SYSFS=$sys "$vfctl" restore help >"$tmp/out" 2>"$tmp/err")
rc=$?
out=$(<"$tmp/out")
err=$(<"$tmp/err")
rc_is 0 && out_has "Usage: vfctl restore PF [FILE]" && out_has "FILE := " &&
	out_has "/etc/vfmgr/vfmgr.conf" && [ -z "$err" ]
check "restore help prints the usage and the default file"
run help
out_has "       vfctl restore PF [FILE]" && out_has "  restore PF [FILE]  apply"
check "help lists restore"

run restore 00:05.0 "$tmp/missing.conf"
rc_is 1 && err_is "vfctl: restore: cannot open $tmp/missing.conf: No such file or directory" &&
	[ -z "$out" ]
check "restore: a missing FILE named on the command line exits 1"
if [ -e /etc/vfmgr/vfmgr.conf ]; then
	skip "restore: no default file, nothing to do: exit 0, silent" \
		"/etc/vfmgr/vfmgr.conf exists here"
else
	run restore 00:05.0
	rc_is 0 && [ -z "$out" ] && [ -z "$err" ]
	check "restore: no default file, nothing to do: exit 0, silent"
fi
run restore 00:05.0 "$tmp"
rc_is 1 && err_is "vfctl: cannot read $tmp: Is a directory"
check "restore: a FILE that cannot be read exits 1"

# Lines for other PFs are skipped without touching the kernel, so a file
# with none for this PF restores nothing, successfully, module or not.
cat >"$tmp/other.conf" <<'END'
# vfmgr configuration written by "vfctl save": every PF vfmgr drives,
# its number of VFs, their driver and the settings of each VF.

pf set 0000:00:05.0 numvfs 2 driver vfio-pci
vf set 0000:00:05.0 0 mac 02:00:00:00:00:10 vlan 100 qos 3 spoofchk on trust off state auto max_tx_rate 0 max_frame 0
vf clear 0:5.0 1
pf claim 00:05.0
pf set eth0 numvfs 1
vf reset 0000:00:03.0 0

pf set 0000:00:07.0 numvfs 1
END
run restore 00:06.0 "$tmp/other.conf"
rc_is 0 && [ -z "$out" ] && [ -z "$err" ]
check "restore: only other PFs' lines, any command: exit 0, silent"
run_stdin "$tmp/other.conf" restore 0000:00:06.0 -
rc_is 0 && [ -z "$err" ]
check "restore: FILE - reads stdin"
run r 00:06.0 "$tmp/other.conf"
rc_is 0 && [ -z "$err" ]
check "abbreviated \"r\" is restore"

# Every line that is wrong is reported with its number, and the next runs.
printf '%s\n' "pf claim 0000:00:06.0" "monitor" "pf set eth9 numvfs 1" \
	"vf reset 00:06.0 0" "pf frob" "vf show 00:06.0 \"0" "pf set 00:3g.0" \
	"vf set 00:06.0 0 vlan 5000" "vf s 00:06.0 0" "pf list" "restore 00:06.0" \
	"pf release 0000:00:05.0" >"$tmp/bad.conf"
printf 'pf show 00:06.0\0\nhelp\n' >>"$tmp/bad.conf"
run restore 00:06.0 "$tmp/bad.conf"
not_allowed='is not allowed here; a restore file holds only pf set, vf bind, vf set and vf clear lines'
rc_is 1 && [ -z "$out" ] &&
	err_has "vfctl: $tmp/bad.conf:1: restore: \"pf claim\" $not_allowed" &&
	err_has "vfctl: $tmp/bad.conf:2: restore: \"monitor\" $not_allowed" &&
	err_has "vfctl: $tmp/bad.conf:3: eth9: no such network interface" &&
	err_has "vfctl: $tmp/bad.conf:4: restore: \"vf reset\" $not_allowed" &&
	err_has "vfctl: $tmp/bad.conf:5: pf: unknown command \"frob\"" &&
	err_has "vfctl: $tmp/bad.conf:6: unterminated quote" &&
	err_has "vfctl: $tmp/bad.conf:7: invalid PCI address \"00:3g.0\"" &&
	err_has "vfctl: $tmp/bad.conf:8: invalid VLAN ID \"5000\"" &&
	err_has "vfctl: $tmp/bad.conf:9: vf: ambiguous command \"s\"" &&
	err_has "vfctl: $tmp/bad.conf:10: restore: \"pf list\" $not_allowed" &&
	err_has "vfctl: $tmp/bad.conf:11: restore: \"restore\" $not_allowed" &&
	err_has "vfctl: $tmp/bad.conf:13: NUL byte in line" &&
	err_has "vfctl: $tmp/bad.conf:14: restore: \"help\" $not_allowed" &&
	[ "$(grep -c "^vfctl: $tmp/bad.conf:" <<<"$err")" -eq 13 ]
check "restore reports every bad line with its number and goes on"
! err_has "bad.conf:12:"
check "restore skips a line it would refuse when it is for another PF"

# With lines for this PF: each runs, in order; without the module each
# fails for that reason alone, and the lines after it still run.
cat >"$tmp/mine.conf" <<'END'
pf set 0000:00:05.0 numvfs 2 driver vfio-pci
pf set 0000:00:03.0 numvfs 2 driver igbvf
vf set 0000:00:03.0 0 mac 02:00:00:00:00:10 vlan 100 qos 3 spoofchk on trust off state auto max_tx_rate 0 max_frame 0
vf set 0000:00:05.0 0 trust on
  v cl 0:3.0 1   # abbreviated, another spelling of the address
vf set eth0 1 trust on
vf bind 0000:00:05.0 0 vfio-pci
vf bind eth0 1 igbvf
END
run restore eth0 "$tmp/mine.conf"
lines=$(sed -n "s|^vfctl: $tmp/mine.conf:\([0-9]*\): .*|\1|p" <<<"$err" | tr '\n' ' ')
rc_is 1 && [ -z "$out" ] && [ "$lines" = "2 3 5 6 8 " ] &&
	[ "$(grep -cF -- "${nomod_msg#vfctl: }" <<<"$err")" -eq 5 ]
nomod "restore by interface name runs the lines for its PF, all of them"

printf 'restore 00:06.0 %s\npf show 00:06.0\n' "$tmp/bad.conf" >"$tmp/nested.batch"
run -batch "$tmp/nested.batch"
rc_is 1 && err_has "vfctl: $tmp/bad.conf:1: restore:" && out_lacks "pci "
check "restore in a batch file: its own lines in messages, the batch stops"

# ---- the udev rule that runs restore ----

render=$here/../../../udev/render-rule.sh
rule='ACTION=="bind", SUBSYSTEM=="pci", DRIVER=="vfmgr", TEST=="/etc/vfmgr/vfmgr.conf", RUN+="/usr/local/sbin/vfctl restore %k /etc/vfmgr/vfmgr.conf"'
if [ -f "$render" ]; then
	sh "$render" /usr/local/sbin/vfctl /etc/vfmgr/vfmgr.conf >"$tmp/rule" 2>"$tmp/err"
	rc=$?
	out=$(<"$tmp/rule")
	err=$(<"$tmp/err")
	rc_is 0 && [ -z "$err" ] && [ "$(grep -v '^#' <<<"$out")" = "$rule" ]
	check "udev rule: one rule, on bind to vfmgr, runs restore with the file"
	if udevadm verify --help >/dev/null 2>&1; then
		udevadm verify --no-summary "$tmp/rule" >"$tmp/out" 2>"$tmp/err"
		rc=$?
		out=$(<"$tmp/out")
		err=$(<"$tmp/err")
		rc_is 0
		check "udev rule: udevadm verify accepts it"
	else
		skip "udev rule: udevadm verify accepts it" "no udevadm verify here"
	fi
	sh "$render" /opt/t-1/vfctl_2 /tmp/tmp.Ab+9/vfmgr.conf >"$tmp/out" 2>"$tmp/err"
	rc=$?
	out=$(<"$tmp/out")
	err=$(<"$tmp/err")
	rc_is 0 && out_has 'TEST=="/tmp/tmp.Ab+9/vfmgr.conf", RUN+="/opt/t-1/vfctl_2 restore %k /tmp/tmp.Ab+9/vfmgr.conf"' &&
		out_lacks "@"
	check "udev rule: renders with other paths"
	# render_bad ARGS...: exit 2, a message, nothing on stdout.
	render_bad() {
		sh "$render" "$@" >"$tmp/out" 2>"$tmp/err"
		rc=$?
		out=$(<"$tmp/out")
		err=$(<"$tmp/err")
		rc_is 2 && [ -z "$out" ] && err_has "render-rule.sh"
	}
	render_bad vfctl /etc/x && render_bad /usr/sbin/vfctl x.conf &&
		render_bad /a%b /c && render_bad /a "/c\$d" && render_bad /a '/c d' &&
		render_bad /a '/c"' && render_bad /a && render_bad /a /b /c
	check "udev rule: refuses relative paths, blanks, % and \$, exit 2, no output"
else
	skip "udev rule: rendered" "no $render (vfctl outside its tree)"
fi

# ---- check and hostdev-xml ----

# mkcfg FILE TYPE LEN [ACS_CTRL]: a config space of LEN bytes, a PCIe
# function of device/port TYPE (0 endpoint, 4 root port) with its PCIe
# capability at 0x40 and, with ACS_CTRL, an ACS capability at 0x100.
mkcfg() {
	python3 - "$@" <<'PY'
import struct, sys
path, kind, length = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
cfg = bytearray(4096)
cfg[0:4] = bytes([0x86, 0x80, 0xca, 0x10])
cfg[0x06] = 0x10
cfg[0x0e] = 1 if kind == 4 else 0
cfg[0x34] = 0x40
cfg[0x40:0x44] = bytes([0x10, 0x00, 0x02 | kind << 4, 0x00])
if len(sys.argv) > 4:
    cfg[0x100:0x104] = struct.pack("<I", 0x000d | 1 << 16)
    cfg[0x104:0x108] = struct.pack("<HH", 0x1f, int(sys.argv[4], 0))
open(path, "wb").write(bytes(cfg[:length]))
PY
}

# A second tree: a root port with ACS, a vfmgr PF behind it and two VFs,
# VF 0 alone in its IOMMU group, VF 1 sharing one with the PF.
sys_main=$sys
sys=$tmp/sys2
mkdir -p "$sys/bus/pci/devices" "$sys/class/net" "$sys/kernel/iommu_groups"
for drv in igbvf vfmgr vfio-pci pcieport; do
	mkdir -p "$sys/bus/pci/drivers/$drv"
done
port=$sys/devices/pci0000:00/0000:00:1c.0
# mkdev2 ADDR DIR VENDOR DEVICE DRIVER: a device in DIR
mkdev2() {
	mkdir -p "$2/$1"
	echo "$3" >"$2/$1/vendor"
	echo "$4" >"$2/$1/device"
	ln -s "$(realpath --relative-to="$sys/bus/pci/devices" "$2/$1")" "$sys/bus/pci/devices/$1"
	[ "$5" = - ] || ln -s "$(realpath --relative-to="$2/$1" "$sys/bus/pci/drivers/$5")" "$2/$1/driver"
}
# mkgroup2 ADDR DIR GROUP
mkgroup2() {
	mkdir -p "$sys/kernel/iommu_groups/$3/devices"
	ln -s "$(realpath --relative-to="$2/$1" "$sys/kernel/iommu_groups/$3")" "$2/$1/iommu_group"
	ln -s "$(realpath --relative-to="$sys/kernel/iommu_groups/$3/devices" "$2/$1")" \
		"$sys/kernel/iommu_groups/$3/devices/$1"
}
mkdev2 0000:00:1c.0 "$sys/devices/pci0000:00" 0x8086 0x1c10 pcieport
mkcfg "$port/config" 4 4096 0x1d
mkdev2 0000:03:00.0 "$port" 0x8086 0x10c9 vfmgr
echo 2 >"$port/0000:03:00.0/sriov_numvfs"
echo 7 >"$port/0000:03:00.0/sriov_totalvfs"
mkdev2 0000:03:10.0 "$port" 0x8086 0x10ca igbvf
mkdev2 0000:03:10.2 "$port" 0x8086 0x10ca -
ln -s ../0000:03:10.0 "$port/0000:03:00.0/virtfn0"
ln -s ../0000:03:10.2 "$port/0000:03:00.0/virtfn1"
mkcfg "$port/0000:03:10.0/config" 0 4096
mkcfg "$port/0000:03:10.2/config" 0 64
echo flr >"$port/0000:03:10.0/reset_method"
mkgroup2 0000:03:10.0 "$port" 20
mkgroup2 0000:00:1c.0 "$sys/devices/pci0000:00" 21
mkgroup2 0000:03:00.0 "$port" 21
mkgroup2 0000:03:10.2 "$port" 21

run check 03:00.0 0
rc_is 0 && out_is "pci          0000:03:10.0
type         PCIe endpoint
iommu_group  20
member       0000:03:10.0 igbvf
viable       yes
acs          0000:00:1c.0 SV+ RR+ CR+ UF+
reset        flr
driver       igbvf
in_use       unknown (vfmgr module not loaded)
verdict: assignable" && [ -z "$err" ]
nomod "check: a VF alone in its group is assignable, exit 0"
run check 03:00.0 1
rc_is 1 && out_is "pci          0000:03:10.2
type         unknown (reading config space beyond 64 bytes needs root)
iommu_group  21
member       0000:00:1c.0 pcieport
member       0000:03:00.0 vfmgr
member       0000:03:10.2 -
viable       no: 0000:03:00.0 (vfmgr)
acs          0000:00:1c.0 SV+ RR+ CR+ UF+
reset        none
driver       -
in_use       unknown (vfmgr module not loaded)
verdict: not assignable: group not viable: 0000:03:00.0 (vfmgr)" && [ -z "$err" ]
nomod "check: a group shared with the PF is not viable, exit 1; short config said so"
mkcfg "$port/config" 4 256
run -j check 0000:03:00.0 0
rc_is 0 && json_ok 'd["pci"] == "0000:03:10.0" and d["type"] == "endpoint" and
	d["endpoint"] is True and d["iommu_group"] == 20 and
	d["members"] == [{"pci": "0000:03:10.0", "driver": "igbvf"}] and
	d["viable"] is True and d["blocker"] is None and
	d["upstream"] == [{"pci": "0000:00:1c.0", "acs": None, "sv": None, "rr": None,
			   "cr": None, "uf": None, "error": "config space ends after 256 bytes"}] and
	d["reset_method"] == ["flr"] and d["in_use"] is None and
	d["in_use_error"] == "vfmgr module not loaded" and d["holders"] == [] and
	d["assignable"] is True and d["reason"] is None'
nomod "-j check: one object, unknowns null with their reason"
mkcfg "$port/config" 4 4096 0x1d
run -j check 03:00.0 1
rc_is 1 && json_ok 'd["type"] is None and d["endpoint"] is None and
	d["type_error"] == "reading config space beyond 64 bytes needs root" and
	d["viable"] is False and d["blocker"] == "0000:03:00.0 (vfmgr)" and
	d["upstream"][0]["acs"] is True and d["upstream"][0]["rr"] is True and
	d["reset_method"] == [] and d["driver"] is None and
	d["assignable"] is False and d["reason"] == "group not viable: 0000:03:00.0 (vfmgr)"'
nomod "-j check: not viable, exit 1"
# A VM holding VF 0's group 20, another group 21, and a process with neither.
mkdir -p "$proc/4242/fd" "$proc/4300/fd" "$proc/17/fd"
echo qemu-system-x86 >"$proc/4242/comm"
ln -s /dev/null "$proc/4242/fd/0"
ln -s /dev/vfio/20 "$proc/4242/fd/31"
echo other-vm >"$proc/4300/comm"
ln -s /dev/vfio/21 "$proc/4300/fd/7"
echo bash >"$proc/17/comm"
ln -s /dev/pts/0 "$proc/17/fd/0"
run -j check 03:00.0 0
rc_is 0 && json_ok 'd["holders"] == [{"pid": 4242, "comm": "qemu-system-x86"}] and
	d["in_use"] is None'
nomod "-j check: the process holding the VF's group, from /proc"
run check 03:00.0 0
rc_is 0 && out_has "in_use       unknown (vfmgr module not loaded)"
nomod "check: holders named only when the module says the VF is in use"
rm -rf "${proc:?}"/*
rm "$port/0000:03:10.0/iommu_group"
run check 03:00.0 0
rc_is 1 && out_has "iommu_group  -" && out_has "viable       -" &&
	out_has "verdict: not assignable: no IOMMU group"
nomod "check: no IOMMU group, not assignable"
run check 03:00.0 2
rc_is 1 && err_is "vfctl: 0000:03:00.0: no VF 2 (2 enabled)" && [ -z "$out" ]
check "check: a VF the PF does not have exits 1"
run check 03:00.0 x
rc_is 2 && err_has 'invalid VF "x"' && err_has "Usage: vfctl [-j] check PF VF"
check "check: VF not a number exits 2 with the usage"
run check 03:00.0
rc_is 2 && err_has "check: missing PF VF"
check "check without VF exits 2"
run check help
rc_is 0 && out_has "Usage: vfctl [-j] check PF VF" && out_has "verdict: assignable" &&
	out_has 'processes holding it, from /proc: "in_use yes (COMM pid PID)"'
check "check help, naming the holders"

# hostdev_xml_wrap FILE: the snippet in a minimal domain, for virt-xml-validate.
hostdev_wrap() {
	printf '%s\n' "<domain type='kvm'>" "  <name>vfctl-test</name>" \
		"  <memory>131072</memory>" "  <os><type>hvm</type></os>" "  <devices>"
	printf '%s\n' "$out"
	printf '%s\n' "  </devices>" "</domain>"
}

run hostdev-xml 03:00.0 1
rc_is 0 && [ -z "$err" ] && out_is "<hostdev mode='subsystem' type='pci' managed='yes'>
  <source>
    <address domain='0x0000' bus='0x03' slot='0x10' function='0x2'/>
  </source>
</hostdev>"
check "hostdev-xml: a managed hostdev with the VF's address"
hostdev_plain=$out
run hostdev-xml 03:00.0 0 --interface --mac 52:54:00:12:34:56 --vlan 42
rc_is 0 && out_is "<interface type='hostdev' managed='yes'>
  <mac address='52:54:00:12:34:56'/>
  <source>
    <address type='pci' domain='0x0000' bus='0x03' slot='0x10' function='0x0'/>
  </source>
  <vlan>
    <tag id='42'/>
  </vlan>
</interface>"
check "hostdev-xml --interface --mac --vlan"
hostdev_iface=$out
if command -v virt-xml-validate >/dev/null; then
	for snippet in "$hostdev_plain" "$hostdev_iface"; do
		out=$snippet
		hostdev_wrap >"$tmp/domain.xml"
		virt-xml-validate "$tmp/domain.xml" domain >"$tmp/out" 2>"$tmp/err"
		rc=$?
		out=$(<"$tmp/out")
		err=$(<"$tmp/err")
		rc_is 0
		check "hostdev-xml: virt-xml-validate accepts it in a domain (${snippet:1:9})"
	done
else
	skip "hostdev-xml: virt-xml-validate accepts it in a domain" "no virt-xml-validate"
fi
run hostdev-xml 03:00.0 0 -i
rc_is 0 && out_has "<interface type='hostdev' managed='yes'>" && out_lacks "<mac" &&
	out_lacks "<vlan>"
check "hostdev-xml -i: an interface without MAC or VLAN"

# hostdev_usage ARGS... MESSAGE: exit 2, the message and the usage, no output.
hostdev_usage() {
	local msg=${*: -1}

	run hostdev-xml "${@:1:$#-1}"
	rc_is 2 && err_has "vfctl: $msg" &&
		err_has "Usage: vfctl hostdev-xml PF VF [--interface [--mac MAC] [--vlan VID]]" &&
		[ -z "$out" ]
}
hostdev_usage 03:00.0 0 --mac 02:00:00:00:00:01 'hostdev-xml: "--mac" needs --interface'
check "hostdev-xml: --mac without --interface exits 2"
hostdev_usage 03:00.0 0 --interface --mac 02:00:00:00:01 'hostdev-xml: invalid MAC "02:00:00:00:01" (expected xx:xx:xx:xx:xx:xx)'
check "hostdev-xml: a malformed MAC exits 2"
hostdev_usage 03:00.0 0 --interface --mac 03:00:00:00:00:01 'hostdev-xml: MAC "03:00:00:00:00:01" is multicast'
check "hostdev-xml: a multicast MAC exits 2"
hostdev_usage 03:00.0 0 --interface --vlan 4096 'hostdev-xml: invalid VLAN ID "4096" (expected 1-4095)'
check "hostdev-xml: VLAN 4096 exits 2"
hostdev_usage 03:00.0 0 --interface --vlan 0 'hostdev-xml: invalid VLAN ID "0" (expected 1-4095)'
check "hostdev-xml: VLAN 0 exits 2"
hostdev_usage 09:00.0 0 --vlan 'hostdev-xml: missing value for "--vlan"'
check "hostdev-xml: options are checked before the PF is looked up"
hostdev_usage 03:00.0 0 --frob 'hostdev-xml: unknown option "--frob"'
check "hostdev-xml: an unknown option exits 2"
run hostdev-xml 03:00.0 5
rc_is 1 && err_is "vfctl: 0000:03:00.0: no VF 5 (2 enabled)"
check "hostdev-xml: a VF the PF does not have exits 1"
sys=$sys_main

# ---- the man page describes what the help lists ----

man=$here/../vfctl.8
# The man page's text without its font escapes and hyphen escapes.
man_text=$(sed -e 's/\\f[BIRP]//g' -e 's/\\-/-/g' "$man")
missing=
run help
while read -r opt; do
	grep -qE "^\.BR -${opt:0:1} \", \" \"?-$opt" <<<"$man_text" || missing+=" -$opt"
done < <(sed -n 's/^  -[A-Za-z], -\([A-Za-z]*\).*/\1/p' <<<"$out")
for obj in pf vf; do
	run "$obj" help
	while read -r cmd; do
		grep -qE "^\.B[IR]* \"?$obj $cmd( |\"|$)" <<<"$man_text" || missing+=" $obj-$cmd"
	done < <(sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p' <<<"$out")
done
run help
while read -r obj; do
	grep -qE "^\.SS $obj( |$)" <<<"$man_text" || missing+=" $obj"
done < <(sed -n '/^Objects:/,/^$/s/^  \([a-z][a-z-]*\).*/\1/p' <<<"$out")
[ -z "$missing" ]
check "man page: every option, object and command of the help${missing:+ (missing:$missing)}"

# ---- bash completion ----

# shellcheck source-path=SCRIPTDIR source=../vfctl.bash-completion
. "$here/../vfctl.bash-completion"

# completes LINE: what completion offers at the end of LINE, as bash would
# ask for it (a ':' breaks words there), one space between.
completes() {
	local COMP_LINE=$1 COMP_POINT=${#1} COMP_WORDBREAKS=$' \t\n"\'><=;|&(:'

	VFCTL_SYSFS=$sys _vfctl
	echo "${COMPREPLY[*]}"
}

for pf in 0000:00:05.0 0000:00:06.0; do
	ln -s "../../../../devices/pci0000:00/$pf" "$drivers/vfmgr/$pf"
done

[ "$(completes "vfctl ")" = "pf vf monitor save restore check hostdev-xml help" ]
check "completion: objects"
[ "$(completes "vfctl -")" = "-json -pretty -batch -Version -help" ]
check "completion: options"
[ "$(completes "vfctl -j m")" = "monitor" ]
check "completion: an object after an option"
[ "$(completes "vfctl pf ")" = "list show set claim release help" ] &&
	[ "$(completes "vfctl p s")" = "show set" ]
check "completion: pf commands"
[ "$(completes "vfctl vf ")" = "list show set clear reset bind help" ] &&
	[ "$(completes "vfctl vf r")" = "reset" ]
check "completion: vf commands"
[ "$(completes "vfctl pf show ")" = "0000:00:03.0 eth0 0000:00:04.0 0000:00:05.0 0000:00:06.0" ] &&
	[ "$(completes "vfctl pf claim e")" = "eth0" ]
check "completion: pf show and claim offer every 82576 PF"
[ "$(completes "vfctl pf set ")" = "0000:00:05.0 0000:00:06.0" ] &&
	[ "$(completes "vfctl vf list ")" = "0000:00:05.0 0000:00:06.0" ] &&
	[ "$(completes "vfctl p rel ")" = "0000:00:05.0 0000:00:06.0" ]
check "completion: other PF arguments offer vfmgr's PFs"
[ "$(completes "vfctl vf show 0000:00:0")" = "05.0 06.0" ]
check "completion: a PCI address completes past the colons"
[ "$(completes "vfctl pf set 00:05.0 ")" = "numvfs driver vf_vlan_quota vf_mac_quota vf_mbx_rate" ] &&
	[ "$(completes "vfctl pf set 00:05.0 driver ")" = "vfio-pci igbvf none kernel" ] &&
	[ "$(completes "vfctl pf set 00:05.0 driver v")" = "vfio-pci" ] &&
	[ "$(completes "vfctl pf set 00:05.0 driver none ")" = "numvfs vf_vlan_quota vf_mac_quota vf_mbx_rate" ]
check "completion: pf set keywords and driver words"
[ "$(completes "vfctl pf set 00:05.0 vf_")" = "vf_vlan_quota vf_mac_quota vf_mbx_rate" ] &&
	[ "$(completes "vfctl pf set 00:05.0 vf_mbx_rate 10 vf_m")" = "vf_mac_quota" ] &&
	[ "$(completes "vfctl pf set 00:05.0 vf_mac_quota ")" = "0 1 2 3" ] &&
	[ "$(completes "vfctl pf set 00:05.0 vf_vlan_quota 3")" = "3 30 31 32" ] &&
	[ -z "$(completes "vfctl pf set 00:05.0 vf_mbx_rate ")" ]
check "completion: pf set limits, each once, and their small ranges"
# The keywords are the help's.
run pf help
help_pf=$(sed -n '/^SETTINGS := /,/^[A-Z]* := /p' <<<"$out" | grep -o '\[[a-z_-]* ' | tr -d '[ ' | tr '\n' ' ')
[ "$(completes "vfctl pf set 00:05.0 ")" = "${help_pf% }" ]
check "completion: the pf set keywords are the help's"
[ "$(completes "vfctl pf set 0000:00:05.0 numvfs ")" = "0 1 2 3 4 5 6 7" ]
check "completion: pf set numvfs offers 0 to sriov_totalvfs"
[ "$(completes "vfctl vf show 00:05.0 ")" = "0 1" ] &&
	[ "$(completes "vfctl vf reset 0000:00:05.0 ")" = "0 1" ] &&
	[ -z "$(completes "vfctl vf show 00:06.0 ")" ]
check "completion: VF numbers from sriov_numvfs"
[ "$(completes "vfctl vf set 00:05.0 1 ")" = "mac vlan spoofchk trust state max_tx_rate max_frame" ] &&
	[ "$(completes "vfctl vf set 00:05.0 1 vlan 5 ")" = "mac qos spoofchk trust state max_tx_rate max_frame" ] &&
	[ "$(completes "vfctl vf set 00:05.0 1 trust on m")" = "mac max_tx_rate max_frame" ]
check "completion: vf set keywords, each once, qos after vlan"
[ "$(completes "vfctl vf set 00:05.0 1 trust ")" = "on off" ] &&
	[ "$(completes "vfctl vf set 00:05.0 1 state ")" = "auto enable disable" ] &&
	[ -z "$(completes "vfctl vf set 00:05.0 1 mac ")" ]
check "completion: vf set values"
[ "$(completes "vfctl save $tmp/ok.b")" = "$tmp/ok.batch" ] &&
	[ "$(completes "vfctl -batch $tmp/ok.b")" = "$tmp/ok.batch" ] &&
	[ -z "$(completes "vfctl monitor ")" ] && [ -z "$(completes "vfctl save x ")" ]
check "completion: files for save and -batch, nothing after monitor"
[ "$(completes "vfctl r")" = "restore" ] &&
	[ "$(completes "vfctl restore ")" = "0000:00:05.0 0000:00:06.0" ] &&
	[ "$(completes "vfctl restore 0000:00:0")" = "05.0 06.0" ] &&
	[ "$(completes "vfctl restore 00:05.0 $tmp/ok.b")" = "$tmp/ok.batch" ] &&
	[ -z "$(completes "vfctl restore 00:05.0 x ")" ]
check "completion: restore takes a vfmgr PF, then a file"
[ "$(completes "vfctl vf bind ")" = "0000:00:05.0 0000:00:06.0" ] &&
	[ "$(completes "vfctl vf bind 00:05.0 ")" = "0 1" ] &&
	[ "$(completes "vfctl vf bind 00:05.0 1 ")" = "vfio-pci igbvf none kernel" ] &&
	[ "$(completes "vfctl vf b 00:05.0 1 i")" = "igbvf" ] &&
	[ -z "$(completes "vfctl vf bind 00:05.0 1 none ")" ]
check "completion: vf bind takes a vfmgr PF, a VF, a driver"
# The help's lists come from the spec (the unit tests check them): the
# completion offers the same values, in the same order.
run vf help
help_drivers=$(sed -n 's/^DRIVER := { \(.*\) }$/\1/p' <<<"$out" | head -n 1)
help_states=$(sed -n 's/.*\[state \([^]]*\)\].*/\1/p' <<<"$out")
[ -n "$help_drivers" ] && [ "$(completes "vfctl vf bind 00:05.0 1 ")" = "${help_drivers// | / }" ] &&
	[ -n "$help_states" ] &&
	[ "$(completes "vfctl vf set 00:05.0 1 state ")" = "${help_states//|/ }" ]
check "completion: the drivers and link states are the help's"
[ "$(completes "vfctl c")" = "check" ] && [ "$(completes "vfctl ho")" = "hostdev-xml" ] &&
	[ "$(completes "vfctl check ")" = "0000:00:05.0 0000:00:06.0" ] &&
	[ "$(completes "vfctl -j check 00:05.0 ")" = "0 1" ] &&
	[ -z "$(completes "vfctl check 00:05.0 1 ")" ]
check "completion: check takes a vfmgr PF and a VF"
[ "$(completes "vfctl hostdev-xml 0000:00:0")" = "05.0 06.0" ] &&
	[ "$(completes "vfctl hostdev-xml 00:05.0 ")" = "0 1" ] &&
	[ "$(completes "vfctl hostdev-xml 00:05.0 1 ")" = "--interface" ] &&
	[ "$(completes "vfctl hostdev-xml 00:05.0 1 --interface ")" = "--mac --vlan" ] &&
	[ "$(completes "vfctl hostdev-xml 00:05.0 1 --interface --vlan 5 ")" = "--mac" ] &&
	[ -z "$(completes "vfctl hostdev-xml 00:05.0 1 --interface --mac ")" ]
check "completion: hostdev-xml takes a PF, a VF, then its options"

# ---- the man page covers every command ----

man_page=$here/../vfctl.8
for obj in pf vf; do
	run "$obj" help
	missing=
	while read -r cmd _; do
		grep -q "^\.B[IR]* \"\?$obj $cmd\b" "$man_page" || missing+=" $cmd"
	done < <(grep "^  [a-z]" <<<"$out")
	[ -z "$missing" ] || err="not in vfctl.8:$missing"
	[ -z "$missing" ]
	check "vfctl.8 has an entry for every $obj command"
done
grep -q '^\.B monitor$' "$man_page" && grep -q '^\.BR save ' "$man_page" &&
	grep -q '^\.BR restore ' "$man_page"
check "vfctl.8 has an entry for monitor, save and restore"
grep -q '^\.BR check ' "$man_page" && grep -q '^\.BR hostdev\\-xml ' "$man_page" &&
	grep -q '^\.B opened$' "$man_page" && grep -q '^\.B closed$' "$man_page"
check "vfctl.8 has an entry for check, hostdev-xml and the opened and closed events"
grep -q '^\.B withdrawn$' "$man_page" && grep -q '^\.B quarantined$' "$man_page" &&
	grep -q '^\.B released$' "$man_page"
check "vfctl.8 has an entry for the withdrawn, quarantined and released events"
grep -q '^\.B vf_vlan_quota$' "$man_page" && grep -q '^\.B vf_mac_quota$' "$man_page" &&
	grep -q '^\.B vf_mbx_rate$' "$man_page"
check "vfctl.8 has an entry for each pf set limit"
grep -q '^\.SH PERSISTENCE$' "$man_page"
check "vfctl.8 has a PERSISTENCE section"

# ---- -V ----

run -V
release=$(cat "$here/../../../VERSION")
rc_is 0 && [[ "$(head -n 1 <<<"$out")" =~ ^vfctl\ ${release//./\\.}(\+g[0-9a-f]+(-dirty)?)?$ ]]
check "-V exits 0 and prints the release ($release), then the commit if built from git"
out_has "vfmgr generic netlink family"
check "-V reports the vfmgr genl family"

echo "KTAP version 1"
echo "1..$total"
printf '%s\n' "${results[@]}"
[ "$failed" -eq 0 ]
