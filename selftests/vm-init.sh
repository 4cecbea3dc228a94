#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of selftests/run: runs each test with a timeout, storing its
# output and exit status in the shared results directory, then the kernel
# log and a "done" marker.
#
# Usage: vm-init.sh RESULTS_DIR TEST_DIR TIMEOUT_S TEST...

res=$1
dir=$2
limit=$3
shift 3

export VFMGR_ROOT
VFMGR_ROOT=$(cd "$(dirname "$0")/.." && pwd)
export PATH="$VFMGR_ROOT/tools/vfctl:$PATH"

mountpoint -q /sys/kernel/debug || mount -t debugfs debugfs /sys/kernel/debug

for t in "$@"; do
	echo "vfmgr-selftest: start $t" >/dev/kmsg
	(cd "$dir" && timeout -k 10 "$limit" bash "./$t") >"$res/$t.out" 2>&1 </dev/null
	rc=$?
	echo "vfmgr-selftest: end $t ($rc)" >/dev/kmsg
	echo "$rc" >"$res/$t.rc"
done
dmesg >"$res/dmesg"
echo "done" >"$res/done"
