#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: ports=2
#
# Claiming a port: vfmgr binds exactly the port named through
# driver_override, reads its station address, gives it back on unload or
# release, and refuses devices that are not 82576 ports.

# shellcheck source=selftests/lib.sh
. "$(dirname "$0")/lib.sh"

test_begin 2
mac_a=$(cat /sys/bus/pci/devices/"$a"/net/*/address)

vfmgr_load
dmesg -C

check "claim port A through driver_override" sysfs_claim "$a"
check_eq "port A bound to vfmgr" vfmgr "$(pf_driver "$a")"
check_eq "port B untouched, still on igb" igb "$(pf_driver "$b")"
check "vfmgr read port A's station address ($mac_a)" \
	grep -q "claimed 82576 port, address $mac_a, interface" <(dmesg)

check "rmmod with a claimed port" rmmod vfmgr
check_eq "port A unbound after rmmod" - "$(pf_driver "$a")"
check "insmod again" insmod "$VFMGR_KO"
echo "$a" >/sys/bus/pci/drivers_probe
check_eq "override kept: reprobe gives port A to vfmgr again" vfmgr "$(pf_driver "$a")"

check "release port A" sysfs_release "$a"
wait_for 30 test -e "/sys/bus/pci/devices/$a/driver"
check_eq "port A back on igb" igb "$(pf_driver "$a")"
check "port A's netdev is back" wait_for 30 test -e "/sys/bus/pci/devices/$a/net"

# A device that is not an 82576 port: the host bridge has no driver.
hb=0000:00:00.0
echo vfmgr >"/sys/bus/pci/devices/$hb/driver_override"
echo "$hb" >/sys/bus/pci/drivers_probe 2>/dev/null
check_eq "driver_override on a non-82576 device does not bind" - "$(pf_driver "$hb")"
check "the refusal is logged" grep -q "$hb: device 8086:29c0 is not an 82576 port" <(dmesg)
echo >"/sys/bus/pci/devices/$hb/driver_override"

# The same through vfctl, naming port B by its interface.
if [ -x "$VFCTL" ]; then
	ifb=$(basename "$(ls -d /sys/bus/pci/devices/"$b"/net/*)")
	check "vfctl pf claim $ifb" "$VFCTL" pf claim "$ifb"
	check_eq "port B bound to vfmgr" vfmgr "$(pf_driver "$b")"
	check_eq "vfctl -j pf show reports vfmgr" vfmgr \
		"$("$VFCTL" -j pf show "$b" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["driver"])')"
	check_fail "vfctl pf claim of a non-82576 device fails" "$VFCTL" pf claim "$hb"
	check "vfctl pf release $b" "$VFCTL" pf release "$b"
	check_eq "port B back on igb" igb "$(pf_driver "$b")"
	check_fail "vfctl pf release of a port vfmgr does not own fails" "$VFCTL" pf release "$b"
else
	skip "vfctl pf claim/release" "vfctl not built"
fi

check "rmmod vfmgr" rmmod vfmgr
ktap_end
