#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: ports=2
#
# A VF whose driver unbind is stuck must not hang anything else.  VF 0 of
# port A is held open through VFIO (selftests/vfio-client hold), and
# `echo VF >/sys/bus/pci/drivers/vfio-pci/unbind` then waits for the
# holder with the VF's device lock taken.  Meanwhile every query of
# either port must answer within a second, reporting VF 0 busy, and
# whatever needs VF 0 (releasing port A, vf-bind) must be refused at once
# with EBUSY instead of waiting.  Once the holder lets go, the unbind
# completes and everything is removed cleanly.  Each request runs in the
# background, so one blocked in the kernel fails its check without
# blocking the test; the holder is let go before the test ends, whatever
# happened, so blocked requests and the unbind finish.

# shellcheck source=selftests/lib.sh
. "$(dirname "$0")/lib.sh"

require_module
require_ports 2
require_ynl

tmp=$(mktemp -d)
holder=
unbind=

# let_go: the holder lets VF 0 go; the unbind, then every request that
# was blocked, can finish.
let_go()
{
	[ -n "$holder" ] || return 0
	exec 3>&-
	kill -TERM "$holder" 2>/dev/null
	wait "$holder" 2>/dev/null
	holder=
}

unbind_done() { ! kill -0 "$unbind" 2>/dev/null; }

cleanup()
{
	let_go
	if [ -n "$unbind" ] && ! wait_for 30 unbind_done; then
		echo "# cleanup: the unbind of VF 0 still blocks after its holder left"
		return
	fi
	answer_wait_stuck 30 || echo "# cleanup: requests still blocked: ${answer_stuck[*]}"
	rm -rf "$tmp"
}
trap cleanup EXIT

require_vfio_client "$tmp"
if ! modprobe vfio-pci; then
	echo "# SKIP: the vfio-pci module cannot be loaded"
	exit "$KSFT_SKIP"
fi

ktap_begin
ports_init
vfmgr_load
check "port A claimed" sysfs_claim "$a"
check "port B claimed" sysfs_claim "$b"
check "vfctl pf set A: 2 VFs, no driver" "$VFCTL" pf set "$a" numvfs 2 driver none
check "vfctl pf set B: 2 VFs, no driver" "$VFCTL" pf set "$b" numvfs 2 driver none
settle
check "vfctl vf bind A 0 vfio-pci" "$VFCTL" vf bind "$a" 0 vfio-pci
vf0=$(vf_bdf "$a" 0)
group=$(iommu_group "$vf0")
echo "# VF 0 of $a is $vf0, IOMMU group $group; port B is $b"

# Before anything blocks: how long the requests take here.
answer_within 1 "$tmp/base" "$VFCTL" vf list "$a"
check_answered "before the unbind: vfctl vf list A" 1000 "$tmp/base"
ynl_within 1 "$tmp/base-ynl" vf-get "{\"pf-pci\": \"$b\", \"id\": 0}"
check_answered "before the unbind: YNL vf-get B/0" 1000 "$tmp/base-ynl"

mkfifo "$tmp/hold.in"
"$VFIO_CLIENT_BIN" "$vf0" hold <"$tmp/hold.in" >"$tmp/hold.out" 2>&1 &
holder=$!
exec 3>"$tmp/hold.in"
if ! check "vfio-client holds VF 0 open" wait_for 30 grep -qx ready "$tmp/hold.out"; then
	__ktap_diag "$(cat "$tmp/hold.out")"
	ktap_end
fi
check "the port notices VF 0 opened" \
	wait_for 5 sh -c "dmesg | grep -q '$a: VF 0 opened through VFIO'"

# The unbind waits for the holder, holding VF 0's device lock.
echo "busy.sh: unbinding $vf0 from vfio-pci" >/dev/kmsg
sh -c "echo $vf0 >/sys/bus/pci/drivers/vfio-pci/unbind" >"$tmp/unbind.out" 2>&1 &
unbind=$!
check "vfio-pci asks the holder to let go" wait_for 10 \
	sh -c "dmesg | grep -q '$vf0: .*\(blocked until released by user\|Relaying device request to user\)'"
sleep 1
if ! check "the unbind is blocked, waiting for the holder" kill -0 "$unbind"; then
	__ktap_diag "$(cat "$tmp/unbind.out")"
	ktap_end
fi

answer_within 1 "$tmp/list-a" "$VFCTL" vf list "$a"
if check_answered "vfctl vf list A" 1000 "$tmp/list-a"; then
	__ktap_diag "$(cat "$tmp/list-a")"
	check_eq "... exit 0" 0 "$answer_rc"
	check_eq "... VF 0 busy in the driver column" busy \
		"$(awk '$2 == "0" { print $4 }' "$tmp/list-a")"
	check_eq "... VF 1 listed, no driver" - \
		"$(awk '$2 == "1" { print $4 }' "$tmp/list-a")"
fi

answer_within 1 "$tmp/list-a.json" "$VFCTL" -j vf list "$a"
if check_answered "vfctl -j vf list A" 1000 "$tmp/list-a.json"; then
	check_eq "... VF 0: \"busy\": true" True \
		"$(json_get '[v.get("busy") for v in d if v["id"] == 0]' <"$tmp/list-a.json" | tr -d '[]')"
	check_eq "... VF 1 not busy" ok \
		"$(json_get '"ok" if [v.get("busy") for v in d if v["id"] == 1] in ([False], [None]) else d' \
			<"$tmp/list-a.json")"
fi

ynl_within 1 "$tmp/get-a0" vf-get "{\"pf-pci\": \"$a\", \"id\": 0}"
if check_answered "YNL vf-get A/0" 1000 "$tmp/get-a0"; then
	check_eq "... busy: 1" 1 \
		"$(sed -n '2p' "$tmp/get-a0" | json_get 'd.get("busy", "absent")')"
fi

answer_within 1 "$tmp/pf-list" "$VFCTL" pf list
if check_answered "vfctl pf list" 1000 "$tmp/pf-list"; then
	__ktap_diag "$(cat "$tmp/pf-list")"
	check "... lists both ports" \
		sh -c "grep -q '^$a ' '$tmp/pf-list' && grep -q '^$b ' '$tmp/pf-list'"
fi

answer_within 1 "$tmp/list-b" "$VFCTL" vf list "$b"
if check_answered "vfctl vf list B" 1000 "$tmp/list-b"; then
	check_eq "... both VFs of B" "0 1" "$(awk -v pf="$b" '$1 == pf { print $2 }' "$tmp/list-b" | xargs)"
fi

answer_within 1 "$tmp/show-a1" "$VFCTL" vf show "$a" 1
if check_answered "vfctl vf show A 1" 1000 "$tmp/show-a1"; then
	check "... shows VF 1" grep -q "^vf 1 pci $(vf_bdf "$a" 1) " "$tmp/show-a1"
fi

answer_within 1 "$tmp/release" "$VFCTL" pf release "$a"
if check_answered "vfctl pf release A" 1000 "$tmp/release"; then
	__ktap_diag "$(cat "$tmp/release")"
	check_eq "... refused, exit 1" 1 "$answer_rc"
	check "... naming VF 0 as in use" grep -q "VF 0 is in use through VFIO" "$tmp/release"
	check_eq "... port A still on vfmgr" vfmgr "$(pf_driver "$a")"
fi

# A request that needs VF 0 itself: refused at once, either refusal.
refusal="VF 0 is busy (its driver is being unbound)\|VF 0 is in use through VFIO"
ynl_within 1 "$tmp/bind" vf-bind "{\"pf-pci\": \"$a\", \"id\": 0, \"vf-driver\": \"none\"}"
if check_answered "YNL vf-bind A/0 none" 1000 "$tmp/bind"; then
	__ktap_diag "$(sed '/^sending$/d' "$tmp/bind")"
	check "... refused with EBUSY" grep -q "error: -16$" "$tmp/bind"
	check "... saying VF 0 is busy or in use" grep -q "$refusal" "$tmp/bind"
fi
answer_within 1 "$tmp/vfctl-bind" "$VFCTL" vf bind "$a" 0 none
if check_answered "vfctl vf bind A 0 none" 1000 "$tmp/vfctl-bind"; then
	__ktap_diag "$(cat "$tmp/vfctl-bind")"
	check "... refused" test "$answer_rc" -ne 0
	check "... saying VF 0 is busy or in use" grep -q "$refusal" "$tmp/vfctl-bind"
fi
check "the unbind still waits for the holder" kill -0 "$unbind"

# The holder lets go: the unbind and whatever was blocked finish.
echo "busy.sh: letting VF 0 go" >/dev/kmsg
let_go
if check "the unbind completes once the holder let go" wait_for 30 unbind_done; then
	wait "$unbind"
	rc=$?
	check_eq "... successfully" 0 "$rc"
	unbind=
elif wait_for 120 unbind_done; then
	# Failed above; the log says how late, and the port is still
	# cleaned up so the tests after this one start from a clean VM.
	echo "# the unbind completed only after more than 30 s"
	__ktap_diag "$(dmesg | grep -E 'vfio|vfmgr' | tail -n 20)"
	wait "$unbind"
	unbind=
fi
blocked=${#answer_stuck[@]}
check "the $blocked blocked request(s) finish too" answer_wait_stuck 30
check_eq "VF 0 has no driver" - "$(pf_driver "$vf0")"
answer_within 1 "$tmp/after.json" "$VFCTL" -j vf list "$a"
if check_answered "after: vfctl -j vf list A" 1000 "$tmp/after.json"; then
	check_eq "... VF 0 no longer busy" ok \
		"$(json_get '"ok" if [v.get("busy") for v in d if v["id"] == 0] in ([False], [None]) else d' \
			<"$tmp/after.json")"
fi

# Clean for the next test.
if [ -z "$unbind" ] && [ ${#answer_stuck[@]} -eq 0 ]; then
	"$VFCTL" vf clear "$a" 0 >/dev/null
	check "vfctl pf set A numvfs 0" "$VFCTL" pf set "$a" numvfs 0
	check "vfctl pf set B numvfs 0" "$VFCTL" pf set "$b" numvfs 0
	check "vfctl pf release A" "$VFCTL" pf release "$a"
	check "vfctl pf release B" "$VFCTL" pf release "$b"
	check "rmmod vfmgr" vfmgr_unload
	rmmod vfio-pci 2>/dev/null
fi
ktap_end
