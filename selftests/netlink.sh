#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: ports=2
#
# The vfmgr generic netlink family, driven by the kernel's own YNL client
# (tools/net/ynl/cli.py from linux-source) straight from our spec: every
# operation, its errors with extack, permissions, namespaces, and that it
# edits the same per-VF configuration as ip link.

# shellcheck source=selftests/lib.sh
. "$(dirname "$0")/lib.sh"

test_begin ynl
vfmgr_load
check_eq "no PF claimed: the dump is empty" "[]" "$(ynl --dump pf-get)"

claim_a_up 10.3.0.254/24
out=$(ynl --do pf-get --json "{\"pci\": \"$a\"}")
check_eq "pf-get names the PF's interface" "$ifa" "$(json_get 'd["ifname"]' <<<"$out")"
check_eq "pf-get reports 7 VFs at most" 7 "$(json_get 'd["total-vfs"]' <<<"$out")"
check_eq "pf-get reports the link" "1 1000" "$(json_get 'd["link-up"], d["link-speed"]' <<<"$out" | tr -d '(),')"
check_eq "pf-get dump lists the one PF" "$a" \
	"$(ynl --dump pf-get | json_get '" ".join(p["pci"] for p in d)')"

out=$(ynl --do pf-get --json '{"pci": "0000:99:00.0"}' 2>&1)
check "unknown PF: error with the reason" \
	grep -q "no PF with this PCI address is driven by vfmgr" <<<"$out"
out=$(ynl --do pf-get --json '{}' 2>&1)
check "missing PF address: error naming the attribute" grep -q "miss-type" <<<"$out"

echo 0 >"$sysfs/sriov_drivers_autoprobe"
echo 2 >"$sysfs/sriov_numvfs"
check_eq "vf-get dump: one message per VF" "0 1" \
	"$(ynl --dump vf-get --json "{\"pf-pci\": \"$a\"}" | json_get '" ".join(str(v["id"]) for v in d)')"
check_eq "vf-get names the VF's PCI address" "$(vf_bdf "$a" 1)" \
	"$(ynl --do vf-get --json "{\"pf-pci\": \"$a\", \"id\": 1}" | json_get 'd["pci"]')"

# genl and rtnetlink edit one configuration.
check "vf-set: MAC, VLAN, priority, trust, rate, frame size" \
	ynl --do vf-set --json "{\"pf-pci\": \"$a\", \"id\": 0, \"mac\": \"020000000310\",
		\"vlan\": 300, \"qos\": 2, \"trust\": 1, \"max-tx-rate\": 200, \"max-frame\": 1200}"
check "ip link shows what genl set" \
	sh -c "ip link show $ifa | grep -q 'vf 0 .*02:00:00:00:03:10 .*vlan 300, qos 2, .*max_tx_rate 200Mbps, .*trust on'"
check_eq "vf-get shows the admin MAC" 02:00:00:00:03:10 \
	"$(ynl --do vf-get --json "{\"pf-pci\": \"$a\", \"id\": 0}" | json_get 'd["mac"]')"
check "ip link set vf 0 spoofchk off" ip link set "$ifa" vf 0 spoofchk off state disable
out=$(ynl --do vf-get --json "{\"pf-pci\": \"$a\", \"id\": 0}")
check_eq "genl shows what ip link set" "0 disable 1200" \
	"$(json_get 'd["spoofchk"], d["link-state"], d["max-frame"]' <<<"$out" | tr -d "(),'")"

# Errors: extack message and the offending attribute, nothing half-applied.
out=$(ynl --do vf-set --json "{\"pf-pci\": \"$a\", \"id\": 5, \"trust\": 0}" 2>&1)
check "VF out of range: error names the VF and the count" \
	grep -q "VF 5 does not exist: $a has 2 VFs enabled" <<<"$out"
out=$(ynl --do vf-set --json "{\"pf-pci\": \"$a\", \"id\": 0, \"vlan\": 5000}" 2>&1)
check "VLAN 5000 refused by the policy, pointing at the attribute" \
	grep -q "bad-attr" <<<"$out"
out=$(ynl --do vf-set --json "{\"pf-pci\": \"$a\", \"id\": 0, \"mac\": \"01005e000001\"}" 2>&1)
check "multicast MAC refused with the reason" grep -q "MAC must be unicast" <<<"$out"
out=$(ynl --do vf-set --json "{\"pf-pci\": \"$a\", \"id\": 1, \"qos\": 3}" 2>&1)
check "priority without a VLAN refused" grep -q "a priority needs a port VLAN" <<<"$out"
out=$(ynl --do vf-set --json "{\"pf-pci\": \"$a\", \"id\": 0, \"trust\": 0, \"max-frame\": 10}" 2>&1)
check "frame size 10 refused with the range" grep -q "frame size out of range" <<<"$out"
check_eq "nothing half-applied: VF 0 still trusted" 1 \
	"$(ynl --do vf-get --json "{\"pf-pci\": \"$a\", \"id\": 0}" | json_get 'd["trust"]')"

# The admin's frame-size cap reaches a running VF's pool.
modprobe igbvf
vf1=$(vf_bdf "$a" 1)
vf_bind "$vf1" igbvf
vf_cts()
{
	ynl --do vf-get --json "{\"pf-pci\": \"$a\", \"id\": $1}" | json_get 'd["cts"]' | grep -q 1
}
check "VF 1 completes its handshake" wait_for 30 vf_cts 1
out=$(ynl --do vf-get --json "{\"pf-pci\": \"$a\", \"id\": 1}")
check_eq "vf-get reports the bound driver" igbvf "$(json_get 'd["driver"]' <<<"$out")"
check "vf-get counts mailbox requests" test "$(json_get 'd["mbx-requests"]' <<<"$out")" -gt 0
check "vf-set max-frame 1000 on a running VF" \
	ynl --do vf-set --json "{\"pf-pci\": \"$a\", \"id\": 1, \"max-frame\": 1000}"
check "VF 1's pool accepts at most 1000 bytes" \
	sh -c "grep -A2 '^vf 1$' /sys/kernel/debug/vfmgr/$a/vfs | grep -q 'max_frame 1000'"

# Permissions and namespaces.
out=$(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
	python3 "$YNL_CLI" --spec "$YNL_SPEC" --no-schema --dump pf-get 2>&1)
check "an unprivileged caller gets EPERM" grep -qi "operation not permitted\|error.*-1\b" <<<"$out"
ip netns add other
out=$(ip netns exec other python3 "$YNL_CLI" --spec "$YNL_SPEC" --no-schema \
	--dump pf-get 2>&1)
if grep -q '"pci"' <<<"$out" || ! grep -qi "family.*not found\|error" <<<"$out"; then
	ktap_not_ok "the family does not exist in other network namespaces" "$out"
else
	ktap_ok "the family does not exist in other network namespaces"
fi
ip netns del other

rmmod vfmgr
rmmod igbvf
sysfs_release "$a"
ktap_end
