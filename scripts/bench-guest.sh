#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of `make bench` (scripts/bench.sh).  Needs three 82576 ports
# on one wire: port A is given to vfmgr, port B stays on the in-tree igb
# driver, port C (igb, in its own namespace) is the peer both ports ping.
# Every measurement runs on A and B alternately, REPS times each, and
# appends "METRIC DRIVER REP VALUE" lines to RESULTS_DIR/results.
#
# Usage: bench-guest.sh RESULTS_DIR [REPS]

res=$1
reps=${2:-3}

# shellcheck source=selftests/lib.sh
. "$(dirname "$0")/../selftests/lib.sh"
export PATH="$VFMGR_ROOT/tools/vfctl:$PATH"

PING_INTERVAL=${BENCH_PING_INTERVAL:-0.01}
out=$res/results
: >"$out"

# log MSG: to the console (stderr: some callers' stdout is their result)
# and to the kernel log, next to what the drivers say.
log()
{
	echo "bench: $*" >&2
	echo "bench: $*" >/dev/kmsg
}

# record METRIC DRIVER REP VALUE ("-" when the step failed)
record()
{
	echo "$1 $2 $3 ${4:--}" >>"$out"
	log "$1 $2 rep $3: ${4:--}"
}

now() { date +%s%N; }
ms_since() { echo $((($(now) - $1) / 1000000)); }

# all_bound PF N DRIVER: every one of the port's first N VFs is bound to
# DRIVER.  Builtins only, so polling costs little.
all_bound()
{
	local n

	for ((n = 0; n < $2; n++)); do
		[ "/sys/bus/pci/devices/$1/virtfn$n/driver" -ef "/sys/bus/pci/drivers/$3" ] ||
			return 1
	done
}

# poll LIMIT_S CMD...: run CMD every 10 ms until it succeeds; fine grained
# where wait_for's 0.2 s steps would dominate what is measured.
poll()
{
	local end=$((SECONDS + $1))

	shift
	until "$@"; do
		[ $SECONDS -ge $end ] && return 1
		sleep 0.01
	done
}

# set_numvfs PF N
set_numvfs()
{
	echo "$2" >"/sys/bus/pci/devices/$1/sriov_numvfs"
}

# 1. Seven VFs bound to vfio-pci.  vfmgr: one request.  igb: the admin's
# sysfs path, autoprobe off and driver_override for each VF.
create_vfmgr()
{
	local t0

	t0=$(now)
	vfctl pf set "$a" numvfs 7 driver vfio-pci >/dev/null &&
	poll 120 all_bound "$a" 7 vfio-pci &&
	ms_since "$t0"
}

create_igb()
{
	local t0 n vf dev=/sys/bus/pci/devices/$b

	t0=$(now)
	echo 0 >"$dev/sriov_drivers_autoprobe" &&
	echo 7 >"$dev/sriov_numvfs" || return 1
	for ((n = 0; n < 7; n++)); do
		vf=$(basename "$(readlink "$dev/virtfn$n")")
		echo vfio-pci >"/sys/bus/pci/devices/$vf/driver_override" &&
		echo "$vf" >/sys/bus/pci/drivers_probe || return 1
	done
	poll 120 all_bound "$b" 7 vfio-pci &&
	ms_since "$t0"
}

# vf_ready VFDEV MAC: the VF's netdev is up, has carrier and the MAC.
# Brings the netdev up once it exists, as an admin or udev would, and
# notes when in up_at.
vf_ready()
{
	local d ifname="" v

	for d in "$1"/net/*; do
		[ -e "$d" ] && ifname=${d##*/}
	done
	[ -n "$ifname" ] && read -r v 2>/dev/null <"$1/net/$ifname/flags" || return 1
	if [ $((v & 1)) -eq 0 ]; then
		# In the kernel log, to tell this step's cost from igbvf's.
		echo "bench: ip link set $ifname up" >/dev/kmsg
		ip link set "$ifname" up 2>/dev/null && up_at=$(now)
		echo "bench: ip link set $ifname up returned" >/dev/kmsg
		return 1
	fi
	read -r v 2>/dev/null <"$1/net/$ifname/carrier" && [ "$v" = 1 ] &&
	read -r v <"$1/net/$ifname/address" && [ "$v" = "$2" ]
}

# 2. VF ready: with the admin MAC set first, bind igbvf to VF 0 and wait
# until its netdev is up with carrier and that MAC.  Same on both ports;
# the clock starts once the PF has its link again after the VF appeared.
# The netdev is brought up once udev has renamed it: "ip link set eth0
# up" racing the rename fails and costs more than the wait.
# Writes "TOTAL_MS PROBE_MS UP_MS": until drivers_probe returned and
# until the VF's netdev was up, the rest is waiting for its carrier.
ready()
{
	local pf=$1 ifname=$2 mac=$3 vf dev t0 probe ms up_at=""

	echo 0 >"/sys/bus/pci/devices/$pf/sriov_drivers_autoprobe" &&
	set_numvfs "$pf" 1 &&
	ip link set "$ifname" vf 0 mac "$mac" || return 1
	settle
	wait_for 60 carrier_up "$ifname" || log "$ifname: no carrier"
	vf=$(vf_bdf "$pf" 0)
	dev=/sys/bus/pci/devices/$vf
	t0=$(now)
	echo igbvf >"$dev/driver_override" &&
	echo "$vf" >/sys/bus/pci/drivers_probe &&
	probe=$(ms_since "$t0") &&
	settle &&
	poll 120 vf_ready "$dev" "$mac" &&
	ms=$(ms_since "$t0")
	set_numvfs "$pf" 0
	[ -n "$ms" ] && echo "$ms $probe $(((${up_at:-$t0} - t0) / 1000000))"
}

# ns_carrier NS IFNAME: the interface in NS has carrier.
ns_carrier()
{
	carrier_up "$2" "$1"
}

# 3. The PF pings port C every PING_INTERVAL while its VF count goes
# 0 -> 7 -> 0 -> 3 -> 0 through sysfs (the same command on both ports;
# autoprobe off, so no VF driver takes part).  After each change the
# sequence waits for the PF's carrier and half a second; after the last
# one, two more seconds.  Writes "LOST GAP_MS SENT MAX_RTT_MS".
pf_loss()
{
	local pf=$1 ns=$2 ifname=$3 plog=$res/ping-$2-$4 pid n

	echo 0 >"/sys/bus/pci/devices/$pf/sriov_drivers_autoprobe"
	ip netns exec "$ns" ping -D -n -i "$PING_INTERVAL" 10.9.0.3 \
		>"$plog" 2>"$plog.err" &
	pid=$!
	sleep 1
	for n in 7 0 3 0; do
		set_numvfs "$pf" "$n" || log "$ns: sriov_numvfs $n failed"
		poll 60 ns_carrier "$ns" "$ifname" || log "$ns: no carrier after numvfs $n"
		sleep 0.5
	done
	sleep 2
	kill -INT "$pid"
	wait "$pid"
	# Replies are numbered from 1: what is missing below the last one
	# came back is lost; the longest silence between two replies is
	# the outage as the PF's user sees it.
	awk '/bytes from/ {
		t = substr($1, 2, length($1) - 2) + 0
		for (i = 1; i <= NF; i++)
			if ($i ~ /^icmp_seq=/)
				s = substr($i, 10) + 0
			else if ($i ~ /^time=/ && substr($i, 6) + 0 > rtt)
				rtt = substr($i, 6) + 0
		if (!(s in seen)) {
			seen[s] = 1
			got++
		}
		if (s > max)
			max = s
		if (last && t - last > gap)
			gap = t - last
		last = t
	}
	END { printf "%d %d %d %d\n", max - got, gap * 1000, max, rtt }' "$plog"
}

mapfile -t ports < <(pf_list)
if [ ${#ports[@]} -lt 3 ]; then
	log "needs 3 82576 ports, found ${#ports[@]}"
	exit 1
fi
a=${ports[0]} b=${ports[1]} c=${ports[2]}
for p in "$a" "$b" "$c"; do
	wait_for 60 test -e "/sys/bus/pci/devices/$p/net" || log "$p has no netdev"
done
modprobe vfio-pci
modprobe igbvf
vfmgr_load && sysfs_claim "$a"
if [ "$(pf_driver "$a")" != vfmgr ] || [ "$(pf_driver "$b")" != igb ]; then
	log "port A on $(pf_driver "$a"), port B on $(pf_driver "$b"): want vfmgr, igb"
	exit 1
fi
ifa=$(pf_netdev "$a")
ifb=$(pf_netdev "$b")
ifc=$(pf_netdev "$c")
ip link set "$ifa" up
ip link set "$ifb" up
wait_for 60 carrier_up "$ifa"
wait_for 60 carrier_up "$ifb"
{
	echo "kernel $(uname -r)"
	echo "port-a $a $ifa vfmgr"
	echo "port-b $b $ifb igb"
	echo "port-c $c $ifc igb"
	echo "ping-interval $PING_INTERVAL"
} >"$res/info"
log "port A $a ($ifa) on vfmgr, port B $b ($ifb) on igb, peer $c ($ifc)"

for ((r = 1; r <= reps; r++)); do
	record create igb "$r" "$(create_igb)"
	set_numvfs "$b" 0
	settle
	record create vfmgr "$r" "$(create_vfmgr)"
	vfctl pf set "$a" numvfs 0 >/dev/null
	settle
done
# Back to the kernel's rules: VFs made through sysfs stay unbound.
vfctl pf set "$a" numvfs 0 driver kernel >/dev/null

for ((r = 1; r <= reps; r++)); do
	for d in igb,"$b","$ifb",0b vfmgr,"$a","$ifa",0a; do
		IFS=, read -r drv pf ifname m <<<"$d"
		read -r ms probe up <<<"$(ready "$pf" "$ifname" "02:00:00:00:$m:0$r")"
		record ready "$drv" "$r" "$ms"
		record ready-probe "$drv" "$r" "$probe"
		record ready-up "$drv" "$r" "$up"
	done
done
settle

# 4. Mailbox service, through VFIO on each port's VF 1 (vfio-client BDF
# rtt N: N frame-size requests, each timed from posting to a readable
# answer), idle and while VF 0 floods the mailbox (vfio-client BDF
# flood).  vfmgr runs with quarantine off (vf_mbx_rate 0) for the idle
# and "flood" figures, so that its service alone is compared; then
# with its default rate, where the flooder is quarantined.  The reset
# request of the client's handshake before them is timed too: its answer
# comes from the PF's slower path (the mailbox work).
# Writes "P50_US P90_US RESET_US".
CLIENT=$VFMGR_ROOT/selftests/vfio-client
RTT_N=${BENCH_RTT_N:-300}
RTT_Q_N=150
vfs_on_vfio()
{
	local pf=$1 n vf dev=/sys/bus/pci/devices/$1

	echo 0 >"$dev/sriov_drivers_autoprobe" && set_numvfs "$pf" 2 || return 1
	for n in 0 1; do
		vf=$(vf_bdf "$pf" "$n")
		echo vfio-pci >"/sys/bus/pci/devices/$vf/driver_override" &&
		echo "$vf" >/sys/bus/pci/drivers_probe || return 1
	done
	poll 60 all_bound "$pf" 2 vfio-pci
}
rtt()
{
	local pf=$1 flood=$2 n=${3:-$RTT_N} fpid="" out

	if [ "$flood" = 1 ]; then
		"$CLIENT" "$(vf_bdf "$pf" 0)" flood 1000000 600000 >/dev/null 2>&1 &
		fpid=$!
		sleep 1
	fi
	out=$("$CLIENT" "$(vf_bdf "$pf" 1)" rtt "$n" 2>&1)
	[ -n "$fpid" ] && kill "$fpid" 2>/dev/null && wait "$fpid" 2>/dev/null
	log "$pf: $(tail -n 1 <<<"$out")"
	printf '%s %s\n' "$(sed -n 's/.* p50 \([0-9]*\) us p90 \([0-9]*\) us .*/\1 \2/p' <<<"$out")" \
		"$(sed -n 's/.*: rtt: reset handshake .*its reset request \([0-9]*\) us.*/\1/p' <<<"$out")"
}
vfctl pf set "$a" numvfs 0 driver none vf_mbx_rate 0 >/dev/null
vfs_on_vfio "$a" || log "port A: VFs not on vfio-pci"
vfs_on_vfio "$b" || log "port B: VFs not on vfio-pci"
for ((r = 1; r <= reps; r++)); do
	for d in igb,"$b" vfmgr,"$a"; do
		IFS=, read -r drv pf <<<"$d"
		for f in 0 1; do
			read -r p50 p90 reset <<<"$(rtt "$pf" "$f")"
			m=mbx; [ "$f" = 1 ] && m=mbx-flood
			record "$m-p50" "$drv" "$r" "$p50"
			record "$m-p90" "$drv" "$r" "$p90"
			[ "$f" = 0 ] && record mbx-reset "$drv" "$r" "$reset"
		done
	done
	# The timed VF is held to the same rate: its back-to-back round
	# trips stay under it (RTT_Q_N in the one-second window).
	vfctl pf set "$a" vf_mbx_rate 200 >/dev/null
	read -r p50 p90 _ <<<"$(rtt "$a" 1 "$RTT_Q_N")"
	record mbx-flood-quarantine-p50 vfmgr "$r" "$p50"
	record mbx-flood-quarantine-p90 vfmgr "$r" "$p90"
	vfctl pf set "$a" vf_mbx_rate 0 >/dev/null
	vfctl vf reset "$a" 0 >/dev/null
	vfctl vf reset "$a" 1 >/dev/null
done
set_numvfs "$b" 0
vfctl pf set "$a" numvfs 0 vf_mbx_rate 200 >/dev/null
settle

# 5. Fifty igbvf binds in a row on VF 0 of each port, each until the
# VF's netdev has carrier; records each one's ms as "bind50".
bind50()
{
	local pf=$1 ifname=$2 i vf dev t0 ms

	echo 0 >"/sys/bus/pci/devices/$pf/sriov_drivers_autoprobe" && set_numvfs "$pf" 1 &&
	ip link set "$ifname" vf 0 mac "$3" || return 1
	settle
	vf=$(vf_bdf "$pf" 0)
	dev=/sys/bus/pci/devices/$vf
	echo igbvf >"$dev/driver_override"
	for ((i = 1; i <= 50; i++)); do
		[ -e "$dev/driver" ] && echo "$vf" >"$dev/driver/unbind"
		t0=$(now)
		up_at=""
		echo "$vf" >/sys/bus/pci/drivers_probe && settle && poll 60 vf_ready "$dev" "$3" &&
			ms=$(ms_since "$t0") || ms=-
		record bind50 "$4" "$i" "$ms"
	done
	set_numvfs "$pf" 0
}
bind50 "$b" "$ifb" 02:00:00:00:0b:50 igb
bind50 "$a" "$ifa" 02:00:00:00:0a:50 vfmgr
settle

# Each port and the peer in a namespace of its own, so that every reply
# comes back through the port under test.
ns_move "$ifc" peer 10.9.0.3/24
ns_move "$ifa" nsa 10.9.0.1/24
ns_move "$ifb" nsb 10.9.0.2/24
for d in peer,"$ifc" nsa,"$ifa" nsb,"$ifb"; do
	wait_for 60 ns_carrier "${d%%,*}" "${d#*,}" || log "no carrier on ${d#*,}"
done
wait_for 30 ns_ping nsa 10.9.0.3 || log "port A cannot reach the peer"
wait_for 30 ns_ping nsb 10.9.0.3 || log "port B cannot reach the peer"

for ((r = 1; r <= reps; r++)); do
	for d in igb,nsb,"$b","$ifb" vfmgr,nsa,"$a","$ifa"; do
		IFS=, read -r drv ns pf ifname <<<"$d"
		read -r lost gap sent rtt <<<"$(pf_loss "$pf" "$ns" "$ifname" "$r")"
		record lost "$drv" "$r" "$lost"
		record gap "$drv" "$r" "$gap"
		record rtt "$drv" "$r" "$rtt"
		record sent "$drv" "$r" "$sent"
	done
done

dmesg >"$res/dmesg"
echo "done" >"$res/done"
