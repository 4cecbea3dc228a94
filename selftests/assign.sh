#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: ports=2 noacs=2
#
# Handing VFs to VMs: vf-bind for one VF (vfio-pci, igbvf, none, the
# kernel's choice), remembered per VF index; the IOMMU-group check before
# vfio-pci; and a VF held by a VFIO user: reported in use, opened/closed
# events, and vf-bind, rmmod and releasing the port neither wait nor break.
# Port B sits below a root port without ACS, so it shares one IOMMU group
# with its VFs: those groups are never viable while vfmgr drives the port.

# shellcheck source=selftests/lib.sh
. "$(dirname "$0")/lib.sh"

test_begin 2 ynl
claim_a_up 10.3.0.254/24
check "port B claimed" sysfs_claim "$b"
echo 1 >"$sysfs/sriov_drivers_autoprobe"
modprobe igbvf

req()
{
	printf '{"pf-pci": "%s", "id": %s%s}' "$1" "$2" "${3:+, $3}"
}

vf_bind_op()
{
	ynl --do vf-bind --json "$(req "$1" "$2" "\"vf-driver\": \"$3\"")"
}

vf_get()
{
	ynl --do vf-get --json "$(req "$1" "$2")"
}

# vf_field PF VF KEY: one field of vf-get, "-" when absent.
vf_field()
{
	vf_get "$1" "$2" | json_get "d.get('$3', '-')"
}

pf_set()
{
	ynl --do pf-set --json "{\"pci\": \"$1\", $2}"
}

driver_of()
{
	local l

	l=$(readlink "/sys/bus/pci/devices/$1/driver") || { echo none; return; }
	basename "$l"
}

# Each VF index gets the driver asked for, at once.
pf_set "$a" '"num-vfs": 3, "vf-driver": "none"' >/dev/null
settle
check "vf-bind VF 0 to vfio-pci" vf_bind_op "$a" 0 vfio-pci
check_eq "VF 0 is on vfio-pci" vfio-pci "$(driver_of "$(vf_bdf "$a" 0)")"
check_eq "vf-get: the choice is remembered" vfio-pci "$(vf_field "$a" 0 vf-driver)"
check_eq "vf-get: the group is viable" 1 "$(vf_field "$a" 0 iommu-viable)"
check_eq "vf-get: not in use" 0 "$(vf_field "$a" 0 in-use)"
check "vf-bind VF 1 to igbvf" vf_bind_op "$a" 1 igbvf
check_eq "VF 1 is on igbvf" igbvf "$(driver_of "$(vf_bdf "$a" 1)")"
check "vf-bind VF 1 to none" vf_bind_op "$a" 1 none
check_eq "VF 1 is unbound" none "$(driver_of "$(vf_bdf "$a" 1)")"
check "vf-bind VF 1 to the kernel's choice" vf_bind_op "$a" 1 kernel
check_eq "the kernel gave VF 1 to igbvf" igbvf "$(driver_of "$(vf_bdf "$a" 1)")"
check_eq "VF 2 kept the port's setting" none "$(driver_of "$(vf_bdf "$a" 2)")"
out=$(vf_bind_op "$a" 5 none 2>&1)
check "vf-bind of a missing VF names it" grep -q "VF 5 does not exist" <<<"$out"

# The same through vfctl, and what it tells an admin about the VF.
check "vfctl vf bind VF 2 vfio-pci" "$VFCTL" vf bind "$a" 2 vfio-pci
check_eq "VF 2 is on vfio-pci" vfio-pci "$(driver_of "$(vf_bdf "$a" 2)")"
out=$("$VFCTL" check "$a" 2 2>&1)
check "vfctl check: assignable" grep -q "^verdict: assignable" <<<"$out"
check "vfctl check: an endpoint" grep -q '^type *PCIe endpoint' <<<"$out"
check "vfctl check: reset by FLR" grep -q '^reset *flr' <<<"$out"
check "vfctl check: ACS above the VF" grep -q "^acs .*SV+" <<<"$out"
__ktap_diag "$out"
vf2=$(vf_bdf "$a" 2)
xml=$("$VFCTL" hostdev-xml "$a" 2 --interface --mac 52:54:00:aa:bb:01 --vlan 42)
check "vfctl hostdev-xml names the VF's address" grep -q \
	"bus='0x${vf2:5:2}' slot='0x${vf2:8:2}' function='0x${vf2:11:1}'" <<<"$xml"
if command -v virt-xml-validate >/dev/null; then
	printf "<domain type='qemu'><name>t</name><memory>131072</memory><os><type>hvm</type></os><devices>%s</devices></domain>\n" \
		"$xml" >"/tmp/assign-dom.xml"
	check "the snippet is valid libvirt domain XML" virt-xml-validate /tmp/assign-dom.xml domain
	rm -f /tmp/assign-dom.xml
else
	skip "the snippet is valid libvirt domain XML" "virt-xml-validate is not installed"
fi
"$VFCTL" vf bind "$a" 2 none >/dev/null
ynl --do vf-clear --json "$(req "$a" 2)" >/dev/null

# The choices come back when the VFs are created again.
pf_set "$a" '"num-vfs": 0' >/dev/null
check "numvfs 0 -> 3" pf_set "$a" '"num-vfs": 3'
settle
check_eq "VF 0 back on vfio-pci" vfio-pci "$(driver_of "$(vf_bdf "$a" 0)")"
check_eq "VF 1 back on the kernel's choice" igbvf "$(driver_of "$(vf_bdf "$a" 1)")"
check_eq "VF 2 follows the port" none "$(driver_of "$(vf_bdf "$a" 2)")"
ynl --do vf-clear --json "$(req "$a" 1)" >/dev/null
check_eq "vf-clear forgets the choice" - "$(vf_field "$a" 1 vf-driver)"

# A VFIO user takes VF 0.
vf0=$(vf_bdf "$a" 0)
tmpd=$(mktemp -d)
"$VFCTL" -j monitor >"$tmpd/events" 2>&1 &
mon=$!
sleep 1
vfio_hold "$(iommu_group "$vf0")" >"$tmpd/hold" &
holder=$!
check "a VFIO user holds VF 0" wait_for 10 grep -q ready "$tmpd/hold"
start=$(date +%s%N)
wait_for 5 sh -c "dmesg | grep -q 'VF 0 opened through VFIO'"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
check "the port notices within 2 s (${ms} ms)" test "$ms" -lt 2000
check_eq "vf-get: in use" 1 "$(vf_field "$a" 0 in-use)"
out=$(vf_bind_op "$a" 0 igbvf 2>&1)
check "vf-bind refused while in use" grep -q "VF 0 is in use through VFIO" <<<"$out"
check_eq "VF 0 stays on vfio-pci" vfio-pci "$(driver_of "$vf0")"
out=$("$VFCTL" vf bind "$a" 0 none 2>&1)
check "vfctl names the holding process" \
	grep -q "VF 0 is in use through VFIO (held by python3 pid $holder)" <<<"$out"
check "vfctl check: in use, by whom" \
	grep -q "^in_use *yes (python3 pid $holder)" <<<"$("$VFCTL" check "$a" 0)"
start=$(date +%s%N)
out=$(rmmod vfmgr 2>&1)
rc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
check "rmmod refused while a VF is open: $out" test "$rc" -ne 0
check "refused at once (${ms} ms)" test "$ms" -lt 1000
check "vfmgr still loaded" vfmgr_loaded
kill "$holder"
wait "$holder" 2>/dev/null
check "the port notices the VF closed" \
	wait_for 5 sh -c "dmesg | grep -q 'VF 0 closed'"
check_eq "vf-get: no longer in use" 0 "$(vf_field "$a" 0 in-use)"
check "vf-bind works again" vf_bind_op "$a" 0 none
kill "$mon"
wait "$mon" 2>/dev/null
check_eq "events: opened, then closed" "opened closed" \
	"$(grep -o '"event":"\(opened\|closed\)"' "$tmpd/events" | cut -d'"' -f4 | xargs)"

# Releasing the port while a VM holds a VF must not hang: the VFs stay.
vf_bind_op "$a" 0 vfio-pci >/dev/null
vfio_hold "$(iommu_group "$vf0")" >"$tmpd/hold2" &
holder=$!
wait_for 10 grep -q ready "$tmpd/hold2"
wait_for 5 sh -c "[ \$(dmesg | grep -c 'VF 0 opened through VFIO') -ge 2 ]"
out=$("$VFCTL" pf release "$a" 2>&1)
check "vfctl pf release refused, naming VF 0 and its holder" \
	grep -q "VF 0 is in use through VFIO (held by python3 pid $holder)" <<<"$out"
start=$(date +%s%N)
check "releasing the port with VF 0 open" \
	timeout 20 sh -c "echo $a >/sys/bus/pci/drivers/vfmgr/unbind"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
check "does not wait for the VFIO user (${ms} ms)" test "$ms" -lt 5000
check_eq "the VFs are left in place" 3 "$(cat "$sysfs/sriov_numvfs")"
kill "$holder"
wait "$holder" 2>/dev/null
check "claiming the port again" sysfs_claim "$a"
check_eq "left-over VFs removed on claim" 0 "$(cat "$sysfs/sriov_numvfs")"

# Port B shares its IOMMU group with its VFs: vfio-pci is refused.
pf_set "$b" '"num-vfs": 2, "vf-driver": "none"' >/dev/null
settle
vfb=$(vf_bdf "$b" 0)
check_eq "port B and its VF share a group" "$(iommu_group "$b")" "$(iommu_group "$vfb")"
check_eq "vf-get: group not viable" 0 "$(vf_field "$b" 0 iommu-viable)"
check_eq "vf-get: the blocker is port B on vfmgr" "$b (vfmgr)" \
	"$(vf_field "$b" 0 iommu-blocker)"
out=$(vf_bind_op "$b" 0 vfio-pci 2>&1)
check "vf-bind to vfio-pci refused, naming group and device" \
	grep -q "IOMMU group $(iommu_group "$vfb") not viable: $b (vfmgr)" <<<"$out"
check_eq "VF stays unbound" none "$(driver_of "$vfb")"
check_eq "nothing remembered" - "$(vf_field "$b" 0 vf-driver)"
out=$("$VFCTL" check "$b" 1 2>&1)
rc=$?
check "vfctl check: not assignable, exit 1" test "$rc" -eq 1
check "vfctl check gives the reason" \
	grep -q "^verdict: not assignable: group not viable: $b (vfmgr)" <<<"$out"
out=$("$VFCTL" vf bind "$b" 1 vfio-pci 2>&1)
check "vfctl vf bind shows the refusal" grep -q "not viable: $b (vfmgr)" <<<"$out"
check "vf-bind to igbvf is fine" vf_bind_op "$b" 0 igbvf

pf_set "$b" '"num-vfs": 0' >/dev/null
pf_set "$a" '"num-vfs": 0' >/dev/null
rm -rf "$tmpd"
check "rmmod once nothing is open" vfmgr_unload
rmmod igbvf vfio-pci 2>/dev/null
sysfs_release "$a"
sysfs_release "$b"
ktap_end
