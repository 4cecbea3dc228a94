#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: ports=2
#
# Garbage for the netlink family: random commands, flags and attributes
# (wrong types and lengths, truncated headers, unknown and nested types,
# unterminated strings), as root against a port with running VFs, and as
# an unprivileged user.  Every message must get an answer, the
# unprivileged ones EPERM, and the kernel log must stay clean (the runner
# checks it after the boot).  pf-set is included, on port A only.  The
# fuzzer takes the ops, attributes and limits from the family's YNL spec;
# every limit of every request attribute must be enforced, the refusals
# naming the attribute (NLMSGERR_ATTR_OFFS).

# shellcheck source=selftests/lib.sh
. "$(dirname "$0")/lib.sh"

# shellcheck disable=SC2119 # no port count: it fuzzes whatever ports exist
test_begin
claim_a_up 10.5.0.254/24
modprobe igbvf
echo 2 >"$sysfs/sriov_numvfs"
settle

fuzz()
{
	python3 "$VFMGR_ROOT/selftests/nl-fuzz.py" "$@"
}

check "1000 random messages, each answered; unprivileged, all EPERM" \
	fuzz --seed 1 --count 1000 --pf "$a" --unpriv-uid 65534
check "150 more, pf-set included: each answered" \
	fuzz --seed 2 --count 150 --pf "$a" --allow-pf-set
check "each op refuses what the spec's policy does, at the attribute" \
	fuzz --count 0 --policy --pf "$a"
check "the port still answers pf-get" "$VFCTL" pf show "$a"
check "port A is still claimed and its interface up" \
	sh -c "ip link show $ifa | grep -q 'state UP'"

vfmgr_unload
rmmod igbvf 2>/dev/null
sysfs_release "$a"
ktap_end
