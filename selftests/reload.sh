#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: ports=1
#
# A stock VF driver never trips the mailbox quarantine: igbvf is loaded
# on VF 0 fifty times in a row, each time until it completes its reset
# handshake, and the VF must never have been quarantined (nor, the
# runner checks, any VF anywhere in the suite outside a deliberate
# flood).

# shellcheck source=selftests/lib.sh
. "$(dirname "$0")/lib.sh"

test_begin 1
if ! modprobe igbvf; then
	echo "# SKIP: igbvf cannot be loaded"
	exit "$KSFT_SKIP"
fi
claim_a_up 10.9.1.254/24
check "vfctl pf set: 1 VF, no driver" "$VFCTL" pf set "$a" numvfs 1 driver none ||
	ktap_end
settle
vf0=$(vf_bdf "$a" 0)
mbx_count() { vf_dbg "$a" "$1" | sed -n "s/^  mbx:.* $2 \([0-9][0-9]*\).*/\1/p"; }
vf_cts() { vf_dbg "$a" "$1" | grep -q '^  vf: cts 1'; }

# Fifty loads in a row.
t0=$(date +%s)
ok=0
bound=0
for i in $(seq 1 50); do
	vf_bind "$vf0" none
	if ! vf_bind "$vf0" igbvf; then
		echo "# load $i: igbvf did not bind"
	elif bound=$((bound + 1)) && wait_for 30 vf_cts 0; then
		ok=$((ok + 1))
	else
		echo "# load $i: no handshake within 30 s"
		dmesg | grep -E "igbvf|vfmgr" | tail -n 8 | sed 's/^/#   /'
	fi
done
echo "# 50 igbvf loads took $(($(date +%s) - t0)) s; VF 0 mailbox: $(vf_dbg "$a" 0 | grep mbx:)"
# Whether every handshake completes in time under TCG is the mailbox
# service's speed, measured by make bench (bind50), not asserted here.
echo "# igbvf completed its handshake within 30 s in $ok of 50 loads"
check_eq "igbvf bound to VF 0 in each of the 50 loads" 50 "$bound"
check_eq "VF 0 was never quarantined" 0 "$(mbx_count 0 quarantines)"

echo 0 >"$sysfs/sriov_numvfs"
vfmgr_unload
rmmod igbvf 2>/dev/null
sysfs_release "$a"
ktap_end
