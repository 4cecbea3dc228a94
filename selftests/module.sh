#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: ports=1
#
# Loading and unloading vfmgr: the emulated 82576 is there, the module
# declares no device alias, loading it takes no port from igb, and
# load/unload cycles are clean.

# shellcheck source=selftests/lib.sh
. "$(dirname "$0")/lib.sh"

require_module
ktap_begin

pfs=$(pf_list)
check "emulated 82576 port visible (8086:10c9)" test -n "$pfs"
pf=$(echo "$pfs" | head -n 1)

check_eq "module declares no device alias (no autoload, no autobind)" \
	"" "$(modinfo -F alias "$VFMGR_KO")"
check_eq "module is GPL" "GPL" "$(modinfo -F license "$VFMGR_KO")"

# igb is autoloaded for the port at boot; vfmgr must leave it alone.
wait_for 30 test -e "/sys/bus/pci/devices/$pf/driver"
check_eq "port starts on igb" igb "$(pf_driver "$pf")"

check "insmod vfmgr" insmod "$VFMGR_KO"
check "driver vfmgr registered" test -d /sys/bus/pci/drivers/vfmgr
check_eq "loading vfmgr leaves the port on igb" igb "$(pf_driver "$pf")"

# With no driver bound and no override, neither a reprobe nor an explicit
# bind may give the port to vfmgr.
echo "$pf" >/sys/bus/pci/drivers/igb/unbind
check_eq "port unbound from igb" - "$(pf_driver "$pf")"
rmmod igb
echo "$pf" >/sys/bus/pci/drivers_probe 2>/dev/null
check_eq "reprobe without driver_override leaves the port unbound" - "$(pf_driver "$pf")"
check_fail "explicit bind without driver_override is refused" \
	sh -c "echo $pf >/sys/bus/pci/drivers/vfmgr/bind"
check_eq "port still unbound" - "$(pf_driver "$pf")"

check "rmmod vfmgr" rmmod vfmgr
check "module gone" test ! -d /sys/module/vfmgr

ok=1
for _ in 1 2 3; do
	insmod "$VFMGR_KO" && rmmod vfmgr || ok=0
done
check_eq "three load/unload cycles" 1 "$ok"

# Leave the port as we found it.
modprobe igb
echo "$pf" >/sys/bus/pci/drivers_probe 2>/dev/null
wait_for 30 test -e "/sys/bus/pci/devices/$pf/driver"
check_eq "igb takes the port back" igb "$(pf_driver "$pf")"

ktap_end
