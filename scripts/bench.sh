#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make bench`: boot one VM with three emulated 82576 ports and compare
# vfmgr (port A) with the in-tree igb driver (port B) on the same boot:
# creating 7 VFs bound to vfio-pci, a VF becoming ready under igbvf, and
# the PF's own packets lost while its VF count changes (port C is the
# peer).  Prints a table of medians and writes .cache/bench.txt and
# .cache/bench.json.  Documentation/benchmarks.rst explains the figures.
#
# The timing is under software emulation (TCG): compare the ratios, not
# the absolute numbers.
set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/vm.sh
. "$ROOT/scripts/vm.sh"

usage()
{
	cat <<USAGE
Usage: scripts/bench.sh [-r REPS] [-k KVER] [-v]
  -r REPS   repetitions of each measurement (default 3)
  -k KVER   boot /boot/vmlinuz-KVER (default: the module's kernel)
  -v        print the VM console
Environment: BENCH_PING_INTERVAL (default 0.01 s) for the loss measurement.
USAGE
}

reps=3
kver=${KVER:-}
verbose=0
while [ $# -gt 0 ]; do
	case $1 in
	-r) reps=${2:?-r needs a number}; shift ;;
	-k) kver=${2:?-k needs a kernel release}; shift ;;
	-v) verbose=1 ;;
	-h|--help) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
	shift
done

if [ ! -f "$ROOT/vfmgr.ko" ] || [ ! -x "$ROOT/tools/vfctl/vfctl" ]; then
	echo "bench: build first (make)" >&2
	exit 1
fi
kver=$(vm_kernel "$ROOT" "$kver")
mkdir -p "$ROOT/.cache"
res=$(mktemp -d "$ROOT/.cache/bench.XXXXXX")
trap 'rm -rf "$res"' EXIT

echo "bench: booting $kver with 3 82576 ports, $reps repetitions (several minutes under TCG)"
vm_run "$kver" 3 $((600 + reps * 300)) "$res" "$res/console.log" \
	"$ROOT/scripts/bench-guest.sh $res $reps"
rc=$?
cp "$res/console.log" "$ROOT/.cache/bench-console.log"
[ $verbose -eq 1 ] && cat "$res/console.log"
if [ ! -f "$res/done" ]; then
	echo "bench: the VM did not finish (status $rc); console:" >&2
	tail -n 40 "$res/console.log" >&2
	exit 1
fi
cp "$res/dmesg" "$ROOT/.cache/bench-dmesg.log"
rm -rf "$ROOT/.cache/bench-ping"
mkdir "$ROOT/.cache/bench-ping"
cp "$res"/ping-* "$ROOT/.cache/bench-ping/"

# values METRIC DRIVER: the repetitions' values, in order.
values()
{
	awk -v m="$1" -v d="$2" '$1 == m && $2 == d { printf "%s ", $4 }' "$res/results"
}

# median METRIC DRIVER: the middle value ("-" if any repetition failed).
median()
{
	awk -v m="$1" -v d="$2" '$1 == m && $2 == d { print $4 }' "$res/results" |
		sort -n | awk '!/^[0-9]+$/ { bad = 1 } { v[NR] = $1 }
			END { print (bad || !NR) ? "-" : v[int((NR + 1) / 2)] }'
}

# ratio A B: A / B with two decimals.
ratio()
{
	awk -v a="$1" -v b="$2" 'BEGIN {
		if (a !~ /^[0-9]+$/ || b !~ /^[0-9]+$/ || b == 0)
			print "-"
		else
			printf "%.2f\n", a / b
	}'
}

# met RATIO GOAL: "yes" when RATIO <= GOAL.
met()
{
	awk -v r="$1" -v g="$2" 'BEGIN { print (r == "-") ? "-" : (r <= g) ? "yes" : "no" }'
}

# Every repetition of vfmgr lost nothing.
none_lost()
{
	local v all

	all=$(values lost vfmgr)
	for v in $all; do
		[ "$v" = 0 ] || { echo no; return; }
	done
	[ -n "$all" ] && echo yes || echo -
}

# within_median "VALUES" SLACK: "yes" when no value exceeds the median by
# more than SLACK.
within_median()
{
	tr ' ' '\n' <<<"$1" | sed '/^$/d' | sort -n | awk -v s="$2" '!/^[0-9]+$/ { bad = 1 } { v[NR] = $1 }
		END { if (bad || !NR) print "-"; else print (v[NR] <= v[int((NR + 1) / 2)] + s) ? "yes" : "no" }'
}

metrics="create ready ready-probe ready-up lost gap rtt mbx-p50 mbx-p90 mbx-flood-p50 mbx-flood-p90 mbx-reset bind50"
declare -A title goal verdict
title[create]="create 7 VFs on vfio-pci (ms)"
title[ready]="VF ready under igbvf (ms)"
title[ready-probe]="  until igbvf probe returned (ms)"
title[ready-up]="  until the VF netdev was up (ms)"
title[lost]="PF pings lost, numvfs 0-7-0-3-0"
title[gap]="  longest gap in replies (ms)"
title[rtt]="  longest round trip (ms)"
goal[create]="<= 0.50"
goal[ready]="<= 0.80"
goal[lost]="0 in every rep"
goal[ready-probe]="-"
goal[ready-up]="-"
goal[rtt]="-"
goal[gap]="-"
title[mbx-p50]="mailbox round trip p50 (us)"
title[mbx-p90]="  p90 (us)"
title[mbx-flood-p50]="  p50, a neighbour flooding (us)"
title[mbx-flood-p90]="  p90, a neighbour flooding (us)"
title[mbx-reset]="  reset request round trip (us)"
title[bind50]="igbvf bind to link-up, 50 in a row (ms)"
goal[mbx-p50]="<= 1.00"
goal[mbx-p90]="<= 1.00"
goal[mbx-flood-p50]="<= 1.00"
goal[mbx-flood-p90]="-"
goal[mbx-reset]="-"
goal[bind50]="max <= median+1s"

txt=$ROOT/.cache/bench.txt
json=$ROOT/.cache/bench.json
{
	echo "# vfmgr benchmark $(date -u +%Y-%m-%dT%H:%M:%SZ), $reps repetitions, under QEMU TCG"
	sed 's/^/# /' "$res/info"
	echo "# metric driver rep value"
	cat "$res/results"
} >"$txt"

printf '\n%-34s %10s %10s %7s %16s %5s\n' metric igb vfmgr ratio goal met
printf '%-34s %10s %10s %7s %16s %5s\n' "$(printf '%.0s-' {1..34})" ---------- ---------- \
	------- ---------------- -----
json_rows=()
for m in $metrics; do
	i=$(median "$m" igb)
	v=$(median "$m" vfmgr)
	r=$(ratio "$v" "$i")
	case $m in
	create) verdict[$m]=$(met "$r" 0.5) ;;
	ready) verdict[$m]=$(met "$r" 0.8) ;;
	lost) verdict[$m]=$(none_lost) ;;
	mbx-p50 | mbx-p90 | mbx-flood-p50) verdict[$m]=$(met "$r" 1.0) ;;
	bind50) verdict[$m]=$(within_median "$(values bind50 vfmgr)" 1000) ;;
	*) verdict[$m]=- ;;
	esac
	printf '%-34s %10s %10s %7s %16s %5s\n' "${title[$m]}" "$i" "$v" "$r" \
		"${goal[$m]}" "${verdict[$m]}"
	echo "$m median $i $v ratio $r goal ${goal[$m]// /_} met ${verdict[$m]}" >>"$txt"
	json_rows+=("$(printf '    "%s": {"title": "%s", "igb": [%s], "vfmgr": [%s], "igb_median": %s, "vfmgr_median": %s, "ratio": %s, "goal": "%s", "met": "%s"}' \
		"$m" "${title[$m]#  }" "$(values "$m" igb | sed 's/ $//; s/ /, /g; s/-/null/g')" \
		"$(values "$m" vfmgr | sed 's/ $//; s/ /, /g; s/-/null/g')" \
		"${i/#-/null}" "${v/#-/null}" "${r/#-/null}" "${goal[$m]}" "${verdict[$m]}")")
done
echo
for m in $metrics; do
	printf '%-34s igb: %s  vfmgr: %s\n' "${m}: each rep" "$(values "$m" igb)" "$(values "$m" vfmgr)"
done
printf '%-34s igb: %s  vfmgr: %s\n' "pings sent per rep" "$(values sent igb)" "$(values sent vfmgr)"
printf '%-34s vfmgr: %s / %s\n' "mailbox p50/p90, flooder quarantined (us)" \
	"$(values mbx-flood-quarantine-p50 vfmgr)" "$(values mbx-flood-quarantine-p90 vfmgr)"

{
	echo "{"
	printf '  "kernel": "%s",\n  "repetitions": %s,\n  "ping_interval_s": %s,\n' \
		"$kver" "$reps" "$(awk '$1 == "ping-interval" { print $2 }' "$res/info")"
	echo '  "metrics": {'
	(IFS=$'\n'; printf '%s\n' "${json_rows[*]}") | sed '$!s/$/,/'
	echo "  }"
	echo "}"
} >"$json"
echo
echo "bench: results in .cache/bench.txt and .cache/bench.json, VM console in .cache/bench-console.log,"
echo "       ping logs in .cache/bench-ping/"
if grep -Eq 'BUG:|WARNING:|Oops|Call Trace:' "$res/dmesg"; then
	echo "bench: the guest's kernel log has a warning or oops: see .cache/bench-dmesg.log"
fi
