#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: ports=2
#
# Persistence across a reboot, simulated: the configuration is saved
# with `vfctl save`, the udev rule from udev/ is installed (rendered with
# this tree's vfctl and a test configuration file), the port is released
# (all of vfmgr's state for it is gone) and claimed again the way
# driverctl does at boot; the rule must bring back every setting.

# shellcheck source=selftests/lib.sh
. "$(dirname "$0")/lib.sh"

require_module
RENDER=$VFMGR_ROOT/udev/render-rule.sh
if [ ! -x "$RENDER" ]; then
	echo "# SKIP: $RENDER is missing"
	exit "$KSFT_SKIP"
fi
ktap_begin

tmp=$(mktemp -d)
conf=$tmp/vfmgr.conf
ports_init
claim_a_up 10.7.0.254/24

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

# "Reboot": the port goes back to igb and vfmgr forgets it.
check "release the port (unbind, as at shutdown)" sysfs_release "$a"
settle
check_eq "the port is on igb, its VFs gone" "igb 0" \
	"$(pf_driver "$a") $(cat "$sysfs/sriov_numvfs")"

# "Boot": claimed again, as driverctl's override does.
check "claim the port again" sysfs_claim "$a"
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
vfmgr_unload
sysfs_release "$a"
rm -rf "$tmp"
ktap_end
