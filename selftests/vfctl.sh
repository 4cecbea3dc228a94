#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: ports=2
#
# vfctl against the real module: pf show, vf list/show/set/clear over the
# vfmgr family, kernel errors printed verbatim with exit 1, usage errors
# with exit 2, batch files, and the same configuration ip link sees.

# shellcheck source=selftests/lib.sh
. "$(dirname "$0")/lib.sh"

require_module
if [ ! -x "$VFCTL" ]; then
	echo "# SKIP: $VFCTL not built"
	exit "$KSFT_SKIP"
fi
ktap_begin

vfctl()
{
	"$VFCTL" "$@"
}

json_get()
{
	python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"
}

ports_init
claim_a_up 10.4.0.254/24
echo 0 >"$sysfs/sriov_drivers_autoprobe"
echo 3 >"$sysfs/sriov_numvfs"

out=$(vfctl -j pf show "$ifa")
check_eq "pf show by interface: genl fields" "$ifa True 1000 3" \
	"$(json_get 'd[0]["ifname"], d[0]["link_up"], d[0]["link_speed"], d[0]["numvfs"]' <<<"$out" | tr -d "(),'")"

check "vf set: several settings in one request" \
	vfctl vf set "$a" 1 mac 02:00:00:00:04:11 vlan 400 qos 5 trust on state disable \
		max_tx_rate 300 max_frame 2000
check "ip link sees it" \
	sh -c "ip link show $ifa | grep -q 'vf 1 .*02:00:00:00:04:11 .*vlan 400, qos 5, .*max_tx_rate 300Mbps, .*link-state disable, trust on'"
out=$(vfctl vf show "$ifa" 1)
check "vf show prints the settings" \
	grep -q "mac 02:00:00:00:04:11 .*vlan 400 qos 5 spoofchk on trust on state disable max_tx_rate 300 max_frame 2000" <<<"$out"
check "vf show names the VF's PCI address" grep -q "^vf 1 pci $(vf_bdf "$a" 1) " <<<"$out"

ip link set "$ifa" vf 2 mac 02:00:00:00:04:12 spoofchk off
out=$(vfctl -j vf show "$a" 2)
check_eq "vfctl sees what ip link set" "02:00:00:00:04:12 False" \
	"$(json_get 'd[0]["mac"], d[0]["spoofchk"]' <<<"$out" | tr -d "(),'")"
check_eq "vf list -j: one object per VF" "0 1 2" \
	"$(vfctl -j vf list "$a" | json_get '" ".join(str(v["id"]) for v in d)')"
check_eq "vf list text: one line per VF" 3 "$(vfctl vf list "$a" | grep -c "^$a ")"

check "vf clear" vfctl vf clear "$a" 1
check_eq "vf clear restores every default" "00:00:00:00:00:00 0 0 True False auto 0 0" \
	"$(vfctl -j vf show "$a" 1 | json_get 'd[0]["mac"], d[0]["vlan"], d[0]["qos"], d[0]["spoofchk"], d[0]["trust"], d[0]["link_state"], d[0]["max_tx_rate"], d[0]["max_frame"]' | tr -d "(),'")"

# Kernel errors: the extack text, exit 1, nothing applied.
out=$(vfctl vf set "$a" 7 trust on 2>&1)
check_eq "VF out of range: exit 1" 1 "$?"
check_eq "VF out of range: the kernel's message" \
	"vfctl: VF 7 does not exist: $a has 3 VFs enabled" "$out"
out=$(vfctl vf set "$a" 0 trust on max_tx_rate 5000 2>&1)
check_eq "rate above the link speed: exit 1" 1 "$?"
check "rate above the link speed: the kernel's message" grep -q "rate above the port's 1000 Mbps" <<<"$out"
check_eq "nothing half-applied: VF 0 not trusted" False \
	"$(vfctl -j vf show "$a" 0 | json_get 'd[0]["trust"]')"
out=$(vfctl vf show "$b" 0 2>&1)
check_eq "a port vfmgr does not drive: exit 1" 1 "$?"
check "a port vfmgr does not drive: the kernel's message" \
	grep -q "no PF with this PCI address is driven by vfmgr" <<<"$out"

# Usage errors: exit 2, before anything reaches the kernel.
vfctl vf set "$a" 0 vlan 4096 2>/dev/null
check_eq "VLAN 4096: usage error, exit 2" 2 "$?"
vfctl vf set "$a" 0 mac 01:00:5e:00:00:01 2>/dev/null
check_eq "multicast MAC: usage error, exit 2" 2 "$?"
vfctl vf set "$a" 0 colour blue 2>/dev/null
check_eq "unknown setting: usage error, exit 2" 2 "$?"

# A batch file applies in order and stops at the first failing line.
cat >/tmp/vfctl.batch <<BATCH
# two VFs on one VLAN
vf set $a 0 mac 02:00:00:00:04:20 vlan 42
vf set $a 2 mac 02:00:00:00:04:22 vlan 42
vf set $a 9 trust on
vf set $a 1 trust on
BATCH
out=$(vfctl -batch /tmp/vfctl.batch 2>&1)
check_eq "batch: a failing line gives exit 1" 1 "$?"
check "batch: the error names the file and line" grep -q "/tmp/vfctl.batch:4:" <<<"$out"
check_eq "batch: lines before it applied, none after" "42 42 False" \
	"$(vfctl -j vf list "$a" | json_get 'd[0]["vlan"], d[2]["vlan"], d[1]["trust"]' | tr -d "(),'")"

# An unprivileged user is told why.
out=$(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$VFCTL" vf show "$a" 0 2>&1)
check_eq "unprivileged: exit 1" 1 "$?"
check "unprivileged: says CAP_NET_ADMIN is needed" grep -q "CAP_NET_ADMIN" <<<"$out"

# A 1000-line batch applies, and vfctl save writes a batch file that
# recreates exactly that state: saved, cleared, applied, saved again.
check "pf set: 7 VFs, unbound" vfctl pf set "$a" numvfs 7 driver none
gen_batch()
{
	local i v states=(auto enable disable) onoff=(off on)

	for ((i = 0; i < 1000; i++)); do
		v=$((i % 7))
		printf 'vf set %s %d mac 02:00:00:%02x:%02x:%02x vlan %d qos %d spoofchk %s trust %s state %s max_tx_rate %d max_frame %d\n' \
			"$a" "$v" $((i / 256)) $((i % 256)) "$v" $((i % 4000 + 1)) $((i % 8)) \
			"${onoff[i % 2]}" "${onoff[(i / 2) % 2]}" "${states[i % 3]}" \
			$((i % 10 * 100)) $((i % 5 == 0 ? 0 : 1500 + i))
	done
}
gen_batch >/tmp/big.batch
start=$(date +%s%N)
check "a 1000-line batch applies" vfctl -batch /tmp/big.batch
echo "# 1000 lines in $(( ($(date +%s%N) - start) / 1000000 )) ms"
{ echo "pf set $a numvfs 7 driver none"; tail -n 7 /tmp/big.batch | sort -k4,4n; } >/tmp/want.batch
check "vfctl save" vfctl save /tmp/saved1.batch
check_eq "the saved file holds the batch's final state" "" \
	"$(diff <(grep -v '^#' /tmp/saved1.batch | sed '/^$/d') /tmp/want.batch)"
for v in 0 1 2 3 4 5 6; do vfctl vf clear "$a" "$v"; done
vfctl pf set "$a" driver kernel
check "the saved file applies with vfctl -batch" vfctl -batch /tmp/saved1.batch
vfctl save /tmp/saved2.batch
check "save, apply, save round-trips exactly" cmp /tmp/saved1.batch /tmp/saved2.batch
vfctl pf set "$a" numvfs 0

rmmod vfmgr
sysfs_release "$a"
ktap_end
