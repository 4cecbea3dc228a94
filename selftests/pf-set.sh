#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: ports=2
#
# PF settings and per-VF actions through the family, with the kernel's
# YNL client: creating VFs bound straight to the chosen driver (nothing
# else ever probes them), changing the number of VFs in one request,
# sysfs sriov_numvfs following the same setting, VF reset and VF clear,
# and refusing to remove VFs that a VFIO user holds.

# shellcheck source=selftests/lib.sh
. "$(dirname "$0")/lib.sh"

test_begin ynl
claim_a_up 10.4.0.254/24
modprobe igbvf
modprobe vfio-pci
# The kernel's default, under which igbvf would take every new VF; an
# earlier test in the same boot may have turned it off.
echo 1 >"$sysfs/sriov_drivers_autoprobe"

pf_get() { ynl --do pf-get --json "{\"pci\": \"$a\"}"; }
vf_get() { ynl --do vf-get --json "{\"pf-pci\": \"$a\", \"id\": $1}"; }
pf_set() { ynl --do pf-set --json "{\"pci\": \"$a\", $1}"; }

# drivers_of N: the driver of VFs 0..N-1, "-" for none.
drivers_of()
{
	local v out=""

	for ((v = 0; v < $1; v++)); do
		out+="$(pf_driver "$(vf_bdf "$a" "$v")" || true) "
	done
	echo "${out% }"
}

# igbvf_probed: igbvf probed one of port A's VFs since the mark.
igbvf_probed()
{
	dmesg | sed -n "/vfmgr-test-mark $1/,\$p" | grep -q "igbvf 0000:"
}

echo "vfmgr-test-mark 1" >/dev/kmsg
check "pf-set: 3 VFs bound to vfio-pci in one request" \
	pf_set '"num-vfs": 3, "vf-driver": "vfio-pci"'
settle
check_eq "every new VF is on vfio-pci" "vfio-pci vfio-pci vfio-pci" "$(drivers_of 3)"
if igbvf_probed 1; then
	ktap_not_ok "igbvf never probed them, though loaded and autoprobe on" "$(dmesg | tail -20)"
else
	ktap_ok "igbvf never probed them, though loaded and autoprobe on"
fi
out=$(pf_get)
check_eq "pf-get reports the VF driver and the count" "vfio-pci 3" \
	"$(json_get 'd["vf-driver"], d["num-vfs"]' <<<"$out" | tr -d "(),'")"

vf0=$(vf_bdf "$a" 0)
group=$(iommu_group "$vf0")
check_eq "vf-get reports the VF's IOMMU group" "$group" \
	"$(vf_get 0 | json_get 'd.get("iommu-group")')"
echo "# VF 0 is in IOMMU group $group with: $(ls "/sys/kernel/iommu_groups/$group/devices")"

check "pf-set: 3 -> 5 VFs on igbvf in one request (sysfs cannot)" \
	pf_set '"num-vfs": 5, "vf-driver": "igbvf"'
settle
check_eq "the five VFs are on igbvf" "igbvf igbvf igbvf igbvf igbvf" "$(drivers_of 5)"

check "pf-set: 2 VFs bound to no driver" pf_set '"num-vfs": 2, "vf-driver": "none"'
settle
check_eq "the VFs stay unbound" "- -" "$(drivers_of 2)"

out=$(pf_set '"num-vfs": 9, "vf-driver": "igbvf"' 2>&1)
check "9 VFs refused with the limit" grep -q "at most 7 VFs on this port" <<<"$out"
out=$(pf_get)
check_eq "nothing half-applied: still 2 VFs, driver none" "none 2" \
	"$(json_get 'd["vf-driver"], d["num-vfs"]' <<<"$out" | tr -d "(),'")"
out=$(pf_set '"vf-driver": "bogus"' 2>&1)
check "an unknown driver is refused by the policy" grep -qi "error" <<<"$out"

# sysfs follows the same setting.
check "pf-set: the driver alone" pf_set '"vf-driver": "vfio-pci"'
echo 0 >"$sysfs/sriov_numvfs"
echo 2 >"$sysfs/sriov_numvfs"
settle
check_eq "VFs made through sysfs go to vfio-pci too" "vfio-pci vfio-pci" "$(drivers_of 2)"
check "pf-set: back to the kernel's behaviour" pf_set '"vf-driver": "kernel", "num-vfs": 0'
echo 1 >"$sysfs/sriov_numvfs"
settle
vf0_on_igbvf() { [ "$(pf_driver "$(vf_bdf "$a" 0)")" = igbvf ]; }
check "with the kernel's behaviour igbvf probes a new VF" wait_for 20 vf0_on_igbvf
echo 0 >"$sysfs/sriov_numvfs"

# VF reset and VF clear.
pf_set '"num-vfs": 2, "vf-driver": "none"' >/dev/null
ynl --do vf-set --json "{\"pf-pci\": \"$a\", \"id\": 1, \"mac\": \"020000000401\", \"vlan\": 40,
	\"trust\": 1, \"spoofchk\": 0, \"max-tx-rate\": 100, \"max-frame\": 1600}" >/dev/null
before=$(vf_get 1 | json_get 'd["resets"]')
check "vf-reset on an unbound VF" ynl --do vf-reset --json "{\"pf-pci\": \"$a\", \"id\": 1}"
vf_resets() { test "$(vf_get 1 | json_get 'd["resets"]')" -gt "$before"; }
check "the port saw the function level reset" wait_for 10 vf_resets
check_eq "the configuration survives the reset" "02:00:00:00:04:01 40 1" \
	"$(vf_get 1 | json_get 'd["mac"], d["vlan"], d["trust"]' | tr -d "(),'")"
check "VF 1's VLAN is still programmed" grep -q "VMVIR 0x40000028" \
	<(vf_dbg "$a" 1)
check "vf-clear" ynl --do vf-clear --json "{\"pf-pci\": \"$a\", \"id\": 1}"
check_eq "every field is back to its default" \
	"00:00:00:00:00:00 0 0 1 0 auto 0 0" \
	"$(vf_get 1 | json_get '" ".join(str(d[k]) for k in ("mac", "vlan", "qos", "spoofchk", "trust", "link-state", "max-tx-rate", "max-frame"))')"
check_eq "ip link agrees" 1 \
	"$(ip link show "$ifa" | grep -c 'vf 1 .*link/ether .*, spoof checking on, link-state auto, trust off')"
out=$(ynl --do vf-reset --json "{\"pf-pci\": \"$a\", \"id\": 4}" 2>&1)
check "vf-reset of a missing VF names it" grep -q "VF 4 does not exist" <<<"$out"

# A VF held by a VFIO user cannot be removed: refused at once.
pf_set '"num-vfs": 0' >/dev/null
pf_set '"num-vfs": 1, "vf-driver": "vfio-pci"' >/dev/null
settle
vf0=$(vf_bdf "$a" 0)
group=$(iommu_group "$vf0")
members=$(ls "/sys/kernel/iommu_groups/$group/devices")
if [ "$members" != "$vf0" ]; then
	skip "VFIO user holds VF 0" "VF 0 shares IOMMU group $group with: $members"
else
	hold=$(mktemp)
	vfio_hold "$group" >"$hold" &
	holder=$!
	wait_for 10 grep -q ready "$hold"
	out=$(pf_set '"num-vfs": 0' 2>&1)
	check "pf-set num-vfs 0 refused: VF 0 in use" grep -q "VF 0 is in use through VFIO" <<<"$out"
	start=$(date +%s%N)
	out=$(bash -c "echo 0 >$sysfs/sriov_numvfs" 2>&1)
	ms=$(( ($(date +%s%N) - start) / 1000000 ))
	check "sysfs sriov_numvfs 0 refused with EBUSY" grep -qi "busy" <<<"$out"
	check "refused at once, not after a wait (${ms} ms)" test "$ms" -lt 1000
	check_eq "the VF is still there" 1 "$(cat "$sysfs/sriov_numvfs")"
	kill "$holder"
	wait "$holder" 2>/dev/null
	rm -f "$hold"
	check "once released, the VFs can go" pf_set '"num-vfs": 0'
fi

vfmgr_unload
rmmod igbvf vfio-pci 2>/dev/null
sysfs_release "$a"
ktap_end
