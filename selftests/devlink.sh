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

# shellcheck source=selftests/lib.sh
. "$(dirname "$0")/lib.sh"

if ! command -v devlink >/dev/null; then
	echo "# SKIP: the devlink tool (iproute2) is not installed"
	exit "$KSFT_SKIP"
fi

test_begin 1

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
