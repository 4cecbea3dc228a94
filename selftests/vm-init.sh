#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of selftests/run: runs each test with a timeout, storing its
# output, exit status and duration (seconds) in the shared results
# directory, then the kernel log, the kmemleak report where the kernel
# has kmemleak, and a "done" marker.
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

# On a kernel with kmemleak (the debug kernel), what the boot allocated
# is not the tests' concern: only objects leaked from here on are told.
leaks=/sys/kernel/debug/kmemleak
[ -e "$leaks" ] && echo clear >"$leaks"

for t in "$@"; do
	echo "vfmgr-selftest: start $t" >/dev/kmsg
	start=$SECONDS
	(cd "$dir" && timeout -k 10 "$limit" bash "./$t") >"$res/$t.out" 2>&1 </dev/null
	rc=$?
	echo "vfmgr-selftest: end $t ($rc)" >/dev/kmsg
	echo "$((SECONDS - start))" >"$res/$t.secs"
	echo "$rc" >"$res/$t.rc"
done
if [ -e "$leaks" ]; then
	# Two scans: an object is told only once it was unreferenced in a
	# scan and older than a few seconds.  vfmgr stays loaded, so that
	# the leaked objects' backtraces name its functions.
	echo scan >"$leaks"
	sleep 6
	echo scan >"$leaks"
	cat "$leaks" >"$res/kmemleak"
fi
dmesg >"$res/dmesg"
echo "done" >"$res/done"
