#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: ports=2
#
# Fault-injection sweeps, on a kernel with fault injection (the debug
# kernel of `make check-debug`; stock kernels SKIP): for each netlink
# request that changes a port or a VF, and for creating VFs, the Nth
# slab allocation or driver injection point it meets fails, for every N
# until the request meets no more (selftests/fault-sweep.py).  Each
# injected failure must leave the port's state (netlink view, switching
# registers, VF count) as before, or, when the kernel tolerates it, as
# the request asked.

# shellcheck source=selftests/lib.sh
. "$(dirname "$0")/lib.sh"

dbg=/sys/kernel/debug
if [ ! -e /proc/thread-self/fail-nth ] || [ ! -d "$dbg/failslab" ] ||
   [ ! -d "$dbg/fail_function" ]; then
	echo "# SKIP: this kernel has no fault injection (fail-nth, failslab, fail_function): run make check-debug"
	exit "$KSFT_SKIP"
fi
test_begin 2 ynl
claim_a_up 10.11.0.254/24
check "2 VFs, no driver" "$VFCTL" pf set "$a" numvfs 2 driver none
# New VFs without a driver_override wait: no driver probes inside the
# sweep's pf-set (its allocations would be the driver's, not vfmgr's).
echo 0 >"$sysfs/sriov_drivers_autoprobe"

# Only fail-nth decides; no stack dumps (the runner would take them for
# warnings).  failslab also fails allocations that may sleep.
for f in failslab fail_page_alloc fail_function; do
	echo 0 >"$dbg/$f/probability"
	echo 0 >"$dbg/$f/verbose"
done
echo N >"$dbg/failslab/ignore-gfp-wait"
# Only allocations vfmgr makes, itself or a few calls down (the kernel's
# own netlink buffers for the request and its answer are not its to
# handle): vfmgr's code must be among the first frames of the stack,
# past the slab allocator's own.
sweep() { python3 "$VFMGR_ROOT/selftests/fault-sweep.py" "$@"; }
text=$(sweep --text vfmgr)
check "vfmgr's code found in /proc/kallsyms ($text)" test -n "$text"
echo "${text% *}" >"$dbg/failslab/require-start"
echo "${text#* }" >"$dbg/failslab/require-end"
echo 12 >"$dbg/failslab/stacktrace-depth"
# Except inside the PCI core's creation of the VFs: it does not survive
# an allocation failure (6.12: a WARN in pci_device_add(), then a BUG in
# pci_iov_add_virtfn() on the next VF).  Its failure as a whole is
# injected at vfmgr_pf_enable_vfs() instead.
text=$(sweep --func pci_enable_sriov)
check "pci_enable_sriov found in /proc/kallsyms ($text)" test -n "$text"
echo "${text% *}" >"$dbg/failslab/reject-start"
echo "${text#* }" >"$dbg/failslab/reject-end"
# The driver's own injection points (ALLOW_ERROR_INJECTION).
for fn in vfmgr_pf_enable_vfs vfmgr_hw_82576_reset_wait; do
	check "fail_function takes $fn" sh -c "echo $fn >$dbg/fail_function/inject"
done

mapfile -t cases < <(sweep --list)
for c in "${cases[@]}"; do
	if [ "$c" = vf-bind ]; then
		check "VF 1 on igbvf, with an admin MAC" sh -c "'$VFCTL' vf set '$a' 1 mac 02:00:00:00:11:01 &&
			'$VFCTL' vf bind '$a' 1 igbvf"
	fi
	if out=$(sweep "$(dirname "$YNL_CLI")" "$YNL_SPEC" "$a" "$c" 2>&1); then
		ktap_ok "$c: each injected failure leaves nothing half-applied"
		__ktap_diag "$out"
	else
		ktap_not_ok "$c: each injected failure leaves nothing half-applied" "$out"
	fi
done
echo >"$dbg/fail_function/inject"
echo Y >"$dbg/failslab/ignore-gfp-wait"
echo 0 >"$dbg/failslab/reject-start"
echo 0 >"$dbg/failslab/reject-end"
echo 0 >"$dbg/failslab/require-start"
printf '%u\n' -1 >"$dbg/failslab/require-end"
check "the port still answers" "$VFCTL" pf show "$a"
check "VFs can still be created" "$VFCTL" pf set "$a" numvfs 3 driver none
check_eq "... 3 of them" 3 "$(cat "$sysfs/sriov_numvfs")"
ktap_end
