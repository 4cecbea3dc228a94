#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: ports=2
#
# Persistence across a reboot, simulated: Debian's driverctl claims the
# port for vfmgr and saves the override, the configuration is saved with
# `vfctl save` and the udev rule from udev/ is installed (rendered with
# this tree's vfctl and a test configuration file).  At "shutdown" the
# port goes back to igb (all of vfmgr's state for it is gone) with the
# override kept; at "boot" the command of driverctl's service claims the
# port again; vfmgr's rule must then bring back every setting.

# shellcheck source=selftests/lib.sh
. "$(dirname "$0")/lib.sh"

require_module
RENDER=$VFMGR_ROOT/udev/render-rule.sh
if [ ! -x "$RENDER" ]; then
	echo "# SKIP: $RENDER is missing"
	exit "$KSFT_SKIP"
fi
if ! command -v driverctl >/dev/null; then
	echo "# SKIP: driverctl is not installed (make deps installs Debian's)"
	exit "$KSFT_SKIP"
fi
ktap_begin

tmp=$(mktemp -d)
conf=$tmp/vfmgr.conf
ports_init
# driverctl keeps its overrides in /etc/driverctl.d: a tmpfs here, the
# guest's root being read-only.
mount -t tmpfs driverctl /etc/driverctl.d
vfmgr_load
check "driverctl set-override: the port to vfmgr" driverctl set-override "$a" vfmgr
check_eq "... bound now" vfmgr "$(pf_driver "$a")"
check_eq "... and saved for the next boot" vfmgr "$(cat "/etc/driverctl.d/pci-$a")"
check "... driverctl list-overrides shows it" \
	grep -qx "$a vfmgr" <(driverctl list-overrides)
settle
ifa=$(pf_netdev "$a")
ip addr add 10.7.0.254/24 dev "$ifa"
ip link set "$ifa" up

check "3 VFs, unbound" "$VFCTL" pf set "$a" numvfs 3 driver none
check "VF 0: MAC, VLAN, priority, trust" \
	"$VFCTL" vf set "$a" 0 mac 02:00:00:00:07:00 vlan 70 qos 2 trust on
check "VF 1: spoof checking off, link disabled, rate" \
	"$VFCTL" vf set "$a" 1 spoofchk off state disable max_tx_rate 200
check "VF 2: frame size" "$VFCTL" vf set "$a" 2 max_frame 2000
check "vfctl save" "$VFCTL" save "$conf"
# A line for a port that is not this one is left alone at restore.
echo "vf set 0000:7f:00.0 0 trust on" >>"$conf"

mkdir -p /run/udev/rules.d
check "the udev rule renders" sh -c "'$RENDER' '$VFCTL' '$conf' >/run/udev/rules.d/70-vfmgr.rules"
udevadm control --reload
sed 's/^/# /' /run/udev/rules.d/70-vfmgr.rules

# "Shutdown": the port goes back to igb and vfmgr forgets it; the saved
# override stays.
check "release the port (driverctl --nosave unset-override)" \
	driverctl --nosave unset-override "$a"
settle
check_eq "the port is on igb, its VFs gone" "igb 0" \
	"$(pf_driver "$a") $(cat "$sysfs/sriov_numvfs")"
check_eq "... the override is still saved" vfmgr "$(cat "/etc/driverctl.d/pci-$a")"

# "Boot": the port appears and driverctl's service for it runs
# "driverctl load-override pci/BDF" (the unit's instance name, unescaped).
check "driverctl load-override, as its service at boot, claims the port again" \
	driverctl load-override "pci/$a"
restored() { "$VFCTL" save "$tmp/after.conf" && cmp -s <(grep -v 0000:7f "$conf") "$tmp/after.conf"; }
if wait_for 60 restored; then
	ktap_ok "the rule restored the whole configuration"
else
	ktap_not_ok "the rule restored the whole configuration" \
		"$(diff "$conf" "$tmp/after.conf"; journalctl -b --no-pager 2>/dev/null | grep -i vfctl | tail -5)"
fi
check_eq "VF 1 still has its link disabled (ip link)" 1 \
	"$(ip link show "$(pf_netdev "$a")" | grep -c 'vf 1 .*link-state disable')"

rm -f /run/udev/rules.d/70-vfmgr.rules
udevadm control --reload
check "driverctl unset-override: the port back to igb" driverctl unset-override "$a"
check "... and the override forgotten" test ! -e "/etc/driverctl.d/pci-$a"
umount /etc/driverctl.d
vfmgr_unload
rm -rf "$tmp"
ktap_end
