#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: ports=2
#
# A VFIO user of a VF, as a VM would be: selftests/vfio-client opens a
# VF bound to vfio-pci through the group/container API, reads its config
# space, does the reset handshake with vfmgr over the mailbox and
# transmits from DMA memory mapped through the IOMMU; the peer on the
# wire must receive exactly those frames.  While the client holds the
# VF open, removing the VFs is refused with EBUSY at once; after it
# lets go, they can be removed.

# shellcheck source=selftests/lib.sh
. "$(dirname "$0")/lib.sh"

require_module
require_ports 2

tmp=$(mktemp -d)
holder=

cleanup()
{
	[ -n "$holder" ] && kill "$holder" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

require_vfio_client "$tmp"
client=$VFIO_CLIENT_BIN
if ! command -v python3 >/dev/null; then
	echo "# SKIP: python3 is needed to receive the client's frames on the peer"
	exit "$KSFT_SKIP"
fi
if ! modprobe vfio-pci; then
	echo "# SKIP: the vfio-pci module cannot be loaded"
	exit "$KSFT_SKIP"
fi

ktap_begin
echo "# client: $client"

ports_init
claim_a_up 10.7.0.254/24
ifb=$(pf_netdev "$b")
peer_mac=$(cat "/sys/class/net/$ifb/address")
ns_move "$ifb" peer 10.7.0.200/24
wait_for 30 carrier_up "$ifa"
wait_for 30 carrier_up "$ifb" peer

mac0=02:00:00:00:07:10
check "vfctl pf set: 2 VFs bound to vfio-pci" \
	"$VFCTL" pf set "$a" numvfs 2 driver vfio-pci
settle
check "VF 0's MAC set by the admin" ip link set "$ifa" vf 0 mac "$mac0"
vf0=$(vf_bdf "$a" 0)
vf1=$(vf_bdf "$a" 1)
check_eq "both VFs are on vfio-pci" "vfio-pci vfio-pci" \
	"$(pf_driver "$vf0") $(pf_driver "$vf1")"
group=$(basename "$(readlink "/sys/bus/pci/devices/$vf0/iommu_group")")
members=$(ls "/sys/kernel/iommu_groups/$group/devices")
echo "# VF 0 is $vf0, IOMMU group $group"

# run_client NAME WANT_RC GREP_RE ARGS...: the client must exit WANT_RC
# and print a line matching GREP_RE; its output becomes diagnostics.
run_client()
{
	local name=$1 want=$2 re=$3 out rc
	shift 3
	out=$(timeout 60 "$client" "$@" 2>&1)
	rc=$?
	if [ "$rc" = "$want" ] && grep -Eq "$re" <<<"$out"; then
		ktap_ok "$name"
		printf '%s\n' "$out" | sed 's/^/#   /'
		return 0
	fi
	ktap_not_ok "$name" "command: $client $* (exit $rc, want $want)
$out"
	return 1
}

# receiver NETNS IFNAME OUT SRC TAG COUNT: receive frames of the test
# ethertype in the background until COUNT of them came from SRC with a
# payload starting with TAG; exits 1 after 60 s without them.
receiver()
{
	local ns=(ip netns exec "$1")

	[ "$1" = - ] && ns=()
	"${ns[@]}" timeout 90 python3 - "$2" "$4" "$5" "$6" >"$3" 2>&1 <<'EOF' &
import socket, sys, time

ifname, src, tag, count = sys.argv[1], sys.argv[2].lower(), sys.argv[3].encode(), int(sys.argv[4])
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x88b5))
s.bind((ifname, 0))
print("listening on", ifname, flush=True)
seen = set()
end = time.monotonic() + 60
while len(seen) < count and time.monotonic() < end:
    s.settimeout(max(0.1, end - time.monotonic()))
    try:
        frame = s.recv(4096)
    except socket.timeout:
        break
    fsrc = ":".join("%02x" % b for b in frame[6:12])
    text = frame[14:].split(b"\0", 1)[0]
    ok = fsrc == src and text.startswith(tag + b" seq=")
    print("match" if ok else "other", "src", fsrc, "payload", text[:64], flush=True)
    if ok:
        seen.add(text)
print("received %d/%d" % (len(seen), count), flush=True)
sys.exit(0 if len(seen) >= count else 1)
EOF
}

listening() { grep -q '^listening' "$1"; }
# Progress on the console, to tell where a hung VM stopped.
mark() { echo "vfio.sh: $*" >/dev/kmsg; }

if [ "$members" != "$vf0" ]; then
	skip "client reads VF 0's config space" "VF 0 shares IOMMU group $group with: $members"
	skip "the peer receives the VF's frames" "VF 0 is not alone in its IOMMU group"
	skip "numvfs 0 refused while the VF is held" "VF 0 is not alone in its IOMMU group"
elif ! wait_for 10 test -c "/dev/vfio/$group"; then
	ktap_not_ok "/dev/vfio/$group exists for VF 0" "$(ls -l /dev/vfio)"
else
	run_client "client reads VF 0's config space (8086:10ca)" 0 \
		"vendor 0x8086 device 0x10ca" "$vf0" info

	# VF 1 has no MAC: the PF answers its reset with a refusal.
	run_client "without a MAC from the PF or --src, the client refuses to send" 1 \
		"gave this VF no MAC address" "$vf1" send --dst "$peer_mac"

	# Unicast to the peer: it leaves the port on the wire.
	mark "unicast"
	tag="vfio.sh-$$-$RANDOM"
	receiver peer "$ifb" "$tmp/peer.out" "$mac0" "$tag" 3
	rx=$!
	wait_for 60 listening "$tmp/peer.out"
	run_client "client: reset handshake, 3 frames sent, descriptors done" 0 \
		"descriptor done 3/3" \
		"$vf0" send --src "$mac0" --dst "$peer_mac" --count 3 --payload "$tag"
	if wait "$rx"; then
		ktap_ok "the peer receives the 3 frames from $mac0 with the payload"
	else
		ktap_not_ok "the peer receives the 3 frames from $mac0 with the payload" \
			"$(cat "$tmp/peer.out")"
	fi

	# Broadcast: the port switches it to the PF and sends it on the wire.
	mark "broadcast"
	tag="vfio.sh-bcast-$$-$RANDOM"
	receiver peer "$ifb" "$tmp/peer-b.out" "$mac0" "$tag" 1
	rx=$!
	receiver - "$ifa" "$tmp/pf-b.out" "$mac0" "$tag" 1
	rx_pf=$!
	wait_for 60 listening "$tmp/peer-b.out"
	wait_for 60 listening "$tmp/pf-b.out"
	run_client "client sends a broadcast frame" 0 "descriptor done 1/1" \
		"$vf0" send --dst ff:ff:ff:ff:ff:ff --payload "$tag"
	if wait "$rx"; then
		ktap_ok "the peer receives the VF's broadcast"
	else
		ktap_not_ok "the peer receives the VF's broadcast" "$(cat "$tmp/peer-b.out")"
	fi
	if wait "$rx_pf"; then
		ktap_ok "the vfmgr PF receives the VF's broadcast (switched in the port)"
	else
		ktap_not_ok "the vfmgr PF receives the VF's broadcast (switched in the port)" \
			"$(cat "$tmp/pf-b.out")"
	fi

	# Hold VF 0 open; stdin is a FIFO whose writer is fd 3.
	mark "hold until end of input"
	mkfifo "$tmp/hold.in"
	"$client" "$vf0" hold <"$tmp/hold.in" >"$tmp/hold.out" 2>&1 &
	holder=$!
	exec 3>"$tmp/hold.in"
	if check "vfio-client hold: VF 0 open" wait_for 30 grep -qx ready "$tmp/hold.out"; then
		start=$(date +%s%N)
		out=$(bash -c "echo 0 >$sysfs/sriov_numvfs" 2>&1)
		rc=$?
		ms=$((($(date +%s%N) - start) / 1000000))
		echo "# echo 0 >sriov_numvfs: exit $rc after $ms ms: $out"
		check "numvfs 0 refused while VF 0 is held" test "$rc" -ne 0
		check "... with EBUSY" grep -q "Device or resource busy" <<<"$out"
		check "... within 1 s (${ms} ms)" test "$ms" -lt 1000
		check_eq "both VFs remain" 2 "$(cat "$sysfs/sriov_numvfs")"
		check "the holder still runs" kill -0 "$holder"
	else
		sed 's/^/# /' "$tmp/hold.out"
	fi
	exec 3>&-
	gone() { ! kill -0 "$holder" 2>/dev/null; }
	if check "the client lets go at end of input" wait_for 30 gone; then
		wait "$holder"
		check_eq "... and exits 0" 0 "$?"
	fi
	holder=

	# The same on SIGTERM, with its input still open.
	mark "hold until SIGTERM"
	mkfifo "$tmp/hold2.in"
	"$client" "$vf0" hold <"$tmp/hold2.in" >"$tmp/hold2.out" 2>&1 &
	holder=$!
	exec 3>"$tmp/hold2.in"
	if wait_for 30 grep -qx ready "$tmp/hold2.out"; then
		kill -TERM "$holder"
		check "the client lets go on SIGTERM" wait_for 30 gone
		wait "$holder"
		check_eq "... and exits 0" 0 "$?"
	else
		ktap_not_ok "vfio-client hold opens VF 0 again" "$(cat "$tmp/hold2.out")"
	fi
	exec 3>&-
	holder=
fi

mark "numvfs 0"
check "numvfs 0 once no one holds a VF" sh -c "echo 0 >$sysfs/sriov_numvfs"
check_eq "the VFs are gone" 0 "$(cat "$sysfs/sriov_numvfs")"

ip netns del peer
vfmgr_unload
rmmod vfio-pci 2>/dev/null
sysfs_release "$a"
ktap_end
