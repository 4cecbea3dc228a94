#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: ports=2
#
# A VF driver that gave up on its reset reply is brought back.  igbvf
# waits for the PF's answer spinning with preemption off; when every CPU
# of the host is busy that way (two igbvf VFs restarting at once on a
# 2-CPU host, as after a port reset) nothing but interrupts runs, the
# answer comes after igbvf stopped waiting, and igbvf takes it for a
# stray message: it never restarts and its link stays down.  Here one CPU
# spins in each VF's reset while a real-time task holds the other,
# reproducing that; both VFs must come back, one after the other, with
# their admin configuration.

# shellcheck source=selftests/lib.sh
. "$(dirname "$0")/lib.sh"

test_begin 2
claim_a_up 10.3.0.254/24
echo 0 >"$sysfs/sriov_drivers_autoprobe"
echo 2 >"$sysfs/sriov_numvfs"
modprobe igbvf
mac=(02:00:00:00:03:10 02:00:00:00:03:11)
for n in 0 1; do
	ip link set "$ifa" vf "$n" mac "${mac[$n]}"
	vf_bind "$(vf_bdf "$a" "$n")" igbvf
	vf_ns_up "$a" "$n" "10.3.0.$((n + 1))/24"
done
check "VF 0 <-> VF 1 before" wait_for 20 ns_ping v0 10.3.0.2

mbx_count() { vf_dbg "$a" "$1" | sed -n "s/^  mbx:.* $2 \([0-9][0-9]*\).*/\1/p"; }
both_up()
{
	carrier_up "$(ns_ifname v0)" v0 && carrier_up "$(ns_ifname v1)" v1
}

# Real-time tasks may take a CPU whole: no throttling, and (6.12) no
# share reserved for ordinary tasks, which would let the PF's work run.
rt_runtime=$(cat /proc/sys/kernel/sched_rt_runtime_us)
echo -1 >/proc/sys/kernel/sched_rt_runtime_us
fair=(/sys/kernel/debug/sched/fair_server/cpu*/runtime)
fair_saved=()
for f in "${fair[@]}"; do
	[ -e "$f" ] || continue
	fair_saved+=("$f=$(cat "$f")")
	echo 0 >"$f"
done
restore_sched()
{
	local kv

	for kv in "${fair_saved[@]}"; do echo "${kv#*=}" >"${kv%%=*}"; done
	echo "$rt_runtime" >/proc/sys/kernel/sched_rt_runtime_us
}

# A change of MTU makes igbvf reset its VF: each VF in turn, spinning on
# CPU 0 while a task holds CPU 1.
dmesg -C
for n in 0 1; do
	timeout 2.5 chrt -f 50 taskset -c 1 sh -c 'while :; do :; done' &
	sleep 0.5
	echo "late-reset: VF $n MTU change" >/dev/kmsg
	taskset -c 0 ip -n "v$n" link set "$(ns_ifname "v$n")" mtu 1400
	wait
done
restore_sched

__ktap_diag "$(dmesg | grep -E 'igbvf|vfmgr|late-reset')"
# gave_up N: VF N's driver gave up on its reset reply.
gave_up() { dmesg | grep -q "igbvf $(vf_bdf "$a" "$1"): PF still resetting"; }
# prompted N COUNT: VF N was prompted COUNT times.
prompted() { [ "$(mbx_count "$1" nudges)" = "$2" ]; }
stranded=()
for n in 0 1; do gave_up "$n" && stranded+=("$n"); done
if [ ${#stranded[@]} = 0 ]; then
	skip "a VF driver gave up on its reset reply" \
		"the PF's work ran while both CPUs were held: this host could not be starved"
else
	check "the PF saw the replies go out late" \
		sh -c "[ \$(dmesg | grep -c 'VF [01]: reset request answered after') -ge ${#stranded[@]} ]"
	check "both VFs are back" wait_for 60 both_up
	for n in 0 1; do
		if gave_up "$n"; then
			check "VF $n, which gave up, was prompted once" prompted "$n" 1
		else
			check "VF $n, which got its reply, was not prompted" prompted "$n" 0
		fi
	done
fi
if [ ${#stranded[@]} = 2 ]; then
	# One at a time: the second prompt waits for the first VF's restart.
	first=$(dmesg | grep -m1 'prompting its driver' | sed -n 's/.*VF \([01]\):.*/\1/p')
	second=$((1 - ${first:-0}))
	check "the second VF was prompted after the first restarted" sh -c \
		"dmesg | awk '/VF $first: silent since/ { p = 1 } /igbvf.*Link is Up/ && p { u = 1 } /VF $second: silent since/ { exit !u }'"
else
	skip "the second VF was prompted after the first restarted" "only ${#stranded[@]} VF driver gave up"
fi
for n in 0 1; do
	check_eq "VF $n has its admin MAC" "${mac[$n]}" "$(ns_mac "v$n")"
done
check "VF 0 <-> VF 1 after" wait_for 20 ns_ping v0 10.3.0.2
# When each VF was prompted and came back, for the log.
__ktap_diag "$(dmesg | grep -E 'prompting its driver|igbvf.*Link is Up')"
# A VF that restarted is not prompted again.
sleep 6
for n in 0 1; do
	prompted_before=0
	gave_up "$n" && prompted_before=1
	check "VF $n is not prompted again" prompted "$n" "$prompted_before"
done

for n in 0 1; do ip netns del "v$n"; done
rmmod vfmgr
rmmod igbvf
sysfs_release "$a"
ktap_end
