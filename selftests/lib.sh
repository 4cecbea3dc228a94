# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers for vfmgr selftests: KTAP output, module and device handling.
# A test sources this file, calls ktap_begin, runs its checks and ends
# with ktap_end, which exits 0 (all passed), 1 (a check failed) or 4 (every
# check skipped).  Tests run as root inside the test VM, or on a server
# with real 82576 ports.

KSFT_PASS=0
KSFT_FAIL=1
KSFT_SKIP=4

VFMGR_ROOT=${VFMGR_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
VFMGR_KO=${VFMGR_KO:-$VFMGR_ROOT/vfmgr.ko}
VFCTL=${VFCTL:-$VFMGR_ROOT/tools/vfctl/vfctl}
PF_ID=8086:10c9

__ktap_n=0
__ktap_pass=0
__ktap_fail=0
__ktap_skip=0

ktap_begin()
{
	echo "KTAP version 1"
}

# Print a command's captured output as KTAP diagnostics.
__ktap_diag()
{
	[ -n "$1" ] && printf '%s\n' "$1" | sed '/^$/d; s/^/# /'
	return 0
}

ktap_ok()
{
	__ktap_n=$((__ktap_n + 1))
	__ktap_pass=$((__ktap_pass + 1))
	echo "ok $__ktap_n - $1"
}

ktap_not_ok()
{
	__ktap_n=$((__ktap_n + 1))
	__ktap_fail=$((__ktap_fail + 1))
	echo "not ok $__ktap_n - $1"
	shift
	[ $# -gt 0 ] && __ktap_diag "$*"
	return 0
}

# skip NAME REASON
skip()
{
	__ktap_n=$((__ktap_n + 1))
	__ktap_skip=$((__ktap_skip + 1))
	echo "ok $__ktap_n - $1 # SKIP $2"
}

# check NAME CMD...: CMD must succeed.
check()
{
	local name=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	if [ $rc -eq 0 ]; then
		ktap_ok "$name"
	else
		ktap_not_ok "$name" "command: $* (exit $rc)
$out"
	fi
	return $rc
}

# check_fail NAME CMD...: CMD must fail.
check_fail()
{
	local name=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	if [ $rc -ne 0 ]; then
		ktap_ok "$name"
		return 0
	fi
	ktap_not_ok "$name" "command unexpectedly succeeded: $*
$out"
	return 1
}

# check_fail_with NAME PATTERN CMD...: CMD must fail, saying PATTERN
# (a grep basic regular expression).
check_fail_with()
{
	local name=$1 re=$2 out rc
	shift 2
	out=$("$@" 2>&1)
	rc=$?
	if [ $rc -ne 0 ] && grep -q -- "$re" <<<"$out"; then
		ktap_ok "$name"
		return 0
	fi
	ktap_not_ok "$name" "command: $* (exit $rc, want a failure saying '$re')
$out"
	return 1
}

# check_eq NAME EXPECTED ACTUAL
check_eq()
{
	if [ "$2" = "$3" ]; then
		ktap_ok "$1"
		return 0
	fi
	ktap_not_ok "$1" "expected: '$2'
actual:   '$3'"
	return 1
}

ktap_end()
{
	echo "1..$__ktap_n"
	echo "# totals: pass:$__ktap_pass fail:$__ktap_fail skip:$__ktap_skip"
	[ $__ktap_fail -gt 0 ] && exit $KSFT_FAIL
	[ $__ktap_pass -eq 0 ] && [ $__ktap_skip -gt 0 ] && exit $KSFT_SKIP
	exit $KSFT_PASS
}

# wait_for TIMEOUT_S CMD...: poll CMD every 0.2 s until it succeeds.
# Emulated hardware is slow; poll, never sleep a fixed time.
wait_for()
{
	local limit=$1 end
	shift
	end=$(($(date +%s) + limit))
	while ! "$@" >/dev/null 2>&1; do
		[ "$(date +%s)" -ge "$end" ] && return 1
		sleep 0.2
	done
	return 0
}

# The PCI addresses of every 82576 PF, one per line.
pf_list()
{
	local d

	for d in /sys/bus/pci/devices/*; do
		[ "$(cat "$d/vendor"):$(cat "$d/device")" = "0x${PF_ID%:*}:0x${PF_ID#*:}" ] &&
			basename "$d"
	done
	return 0
}

# pf_driver BDF: the name of the driver bound to a device, or "-".
pf_driver()
{
	local link=/sys/bus/pci/devices/$1/driver

	if [ -e "$link" ]; then
		basename "$(readlink "$link")"
	else
		echo -
	fi
}

vfmgr_loaded()
{
	[ -d /sys/module/vfmgr ]
}

vfmgr_load()
{
	vfmgr_loaded || insmod "$VFMGR_KO"
}

vfmgr_unload()
{
	! vfmgr_loaded || rmmod vfmgr
}

# require_ports N: skip the whole test when fewer than N ports exist.
require_ports()
{
	local have

	have=$(pf_list | wc -l)
	if [ "$have" -lt "$1" ]; then
		echo "# SKIP: needs $1 82576 port(s), found $have"
		exit $KSFT_SKIP
	fi
}

# require_module: skip when the module was not built.
require_module()
{
	if [ ! -f "$VFMGR_KO" ]; then
		echo "# SKIP: $VFMGR_KO not built (run make)"
		exit $KSFT_SKIP
	fi
}

# Wait for udev to finish with new devices (interface renames).
settle()
{
	udevadm settle -t 20 2>/dev/null || true
}

# sysfs_claim BDF: give a port to vfmgr the way driverctl and libvirt do.
sysfs_claim()
{
	echo vfmgr >"/sys/bus/pci/devices/$1/driver_override" &&
	{ [ ! -e "/sys/bus/pci/devices/$1/driver" ] ||
	  echo "$1" >"/sys/bus/pci/devices/$1/driver/unbind"; } &&
	echo "$1" >/sys/bus/pci/drivers_probe &&
	settle
}

# sysfs_release BDF: clear the override and let the stock driver probe.
sysfs_release()
{
	echo >"/sys/bus/pci/devices/$1/driver_override" &&
	{ [ ! -e "/sys/bus/pci/devices/$1/driver" ] ||
	  echo "$1" >"/sys/bus/pci/devices/$1/driver/unbind"; } &&
	echo "$1" >/sys/bus/pci/drivers_probe
}

# pf_netdev BDF: the interface name of a port (empty if none).
pf_netdev()
{
	local d

	for d in /sys/bus/pci/devices/"$1"/net/*; do
		[ -e "$d" ] && basename "$d"
	done
	return 0
}

# carrier_up IFNAME [NETNS]
carrier_up()
{
	if [ -n "${2:-}" ]; then
		[ "$(ip netns exec "$2" cat "/sys/class/net/$1/carrier" 2>/dev/null)" = 1 ]
	else
		[ "$(cat "/sys/class/net/$1/carrier" 2>/dev/null)" = 1 ]
	fi
}

# carrier_down IFNAME NETNS
carrier_down()
{
	[ "$(ip netns exec "$2" cat "/sys/class/net/$1/carrier" 2>/dev/null)" = 0 ]
}

# vf_bdf PF N: the PCI address of VF N of a port.
vf_bdf()
{
	basename "$(readlink "/sys/bus/pci/devices/$1/virtfn$2")"
}

# vf_bind BDF DRIVER: bind a VF to DRIVER ("none": leave it unbound) the
# way libvirt and driverctl do, with driver_override.
vf_bind()
{
	local dev=/sys/bus/pci/devices/$1

	[ -e "$dev/driver" ] && echo "$1" >"$dev/driver/unbind"
	if [ "$2" = none ]; then
		echo >"$dev/driver_override"
		return 0
	fi
	echo "$2" >"$dev/driver_override" &&
	echo "$1" >/sys/bus/pci/drivers_probe &&
	settle &&
	[ "$(pf_driver "$1")" = "$2" ]
}

# vf_netdev BDF: the interface of a VF bound to a network driver.
vf_netdev()
{
	pf_netdev "$1"
}

# vf_dbg PF N: the debugfs lines describing VF N.
vf_dbg()
{
	awk -v vf="vf $2" '$0 == vf { on = 1; next } /^vf / { on = 0 } on' \
		"/sys/kernel/debug/vfmgr/$1/vfs"
}

# ns_move IF NS ADDR: move an interface into a (new) namespace, address
# it and bring it up.
ns_move()
{
	ip netns list | grep -qw "$2" || ip netns add "$2"
	ip link set "$1" netns "$2" &&
	ip -n "$2" addr add "$3" dev "$1" &&
	ip -n "$2" link set "$1" up
}

# ns_ping NS ADDR [ping options]: a few pings that must all come back.
ns_ping()
{
	local ns=$1 addr=$2

	shift 2
	ip netns exec "$ns" ping -c 3 -i 0.2 -W 2 "$@" "$addr"
}

# ns_noping NS ADDR: pings that must all be lost.
ns_noping()
{
	! ip netns exec "$1" ping -c 2 -i 0.2 -W 1 "$2"
}

# ns_ifname NS: the first Ethernet interface in namespace NS, lo and the
# tunnels' fallback devices (sit0@NONE, on kernels with them built in)
# aside.
ns_ifname() { ip -n "$1" -br link | awk '$1 != "lo" && length($3) == 17 { print $1; exit }'; }

# ns_mac NS: that interface's MAC address.
ns_mac() { ip -n "$1" -br link | awk '$1 != "lo" && length($3) == 17 { print $3; exit }'; }

# vf_ns_up PF N ADDR/LEN: once VF N of PF has an interface, move it to
# namespace vN with ADDR, bring it up and wait for its carrier.
vf_ns_up()
{
	local bdf

	bdf=$(vf_bdf "$1" "$2")
	wait_for 30 test -e "/sys/bus/pci/devices/$bdf/net" || return 1
	settle
	ns_move "$(vf_netdev "$bdf")" "v$2" "$3" &&
	wait_for 60 carrier_up "$(ns_ifname "v$2")" "v$2"
}

# vf_config IFNAME: the VFs' admin configuration as ip link reports it,
# one line per VF.
vf_config() { ip link show "$1" | sed -n 's/^ *\(vf [0-9].*\)/\1/p'; }

# test_begin [N] [ynl]: the prologue VM tests share.  Skip unless the
# module is built, N ports exist and (with "ynl") the YNL client is
# unpacked; then start the KTAP output and find the ports (ports_init).
test_begin()
{
	local want

	require_module
	for want in "$@"; do
		case $want in
		ynl) require_ynl ;;
		*) require_ports "$want" ;;
		esac
	done
	ktap_begin
	ports_init
}

# ports_init: set a and b to the first two ports (b empty when there is
# one) and sysfs to port A's directory, once the boot gave each port to
# igb with an interface.
ports_init()
{
	local ports p

	mapfile -t ports < <(pf_list)
	# shellcheck disable=SC2034 # for the test that sourced us
	a=${ports[0]:-} b=${ports[1]:-} sysfs=/sys/bus/pci/devices/${ports[0]:-}
	for p in "${ports[@]:0:2}"; do
		wait_for 30 test -e "/sys/bus/pci/devices/$p/net"
	done
}

# claim_a_up ADDR/LEN: vfmgr takes port A, whose interface (ifa) gets
# ADDR and comes up.
claim_a_up()
{
	vfmgr_load && sysfs_claim "$a" && ifa=$(pf_netdev "$a") &&
	ip addr add "$1" dev "$ifa" && ip link set "$ifa" up
}

# require_ynl: skip the test unless the kernel's YNL client is unpacked.
require_ynl()
{
	YNL_CLI=$VFMGR_ROOT/.cache/ksrc/tools/net/ynl/cli.py
	YNL_SPEC=$VFMGR_ROOT/Documentation/netlink/specs/vfmgr.yaml
	if [ ! -f "$YNL_CLI" ]; then
		echo "# SKIP: the YNL client is not unpacked (run scripts/ksrc.sh)"
		exit "$KSFT_SKIP"
	fi
}

# ynl ARGS...: the kernel's YNL client on our spec, JSON output.  The
# spec is checked against the genetlink schema on the host (make check,
# scripts/regen.sh); validating it on every call is slow in the VM.
ynl()
{
	timeout 60 python3 "$YNL_CLI" --spec "$YNL_SPEC" --no-schema --output-json "$@"
}

# json_get EXPR < JSON: print a Python expression over the parsed input d.
json_get()
{
	python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"
}

# vfio_hold GROUP: take IOMMU group GROUP as a VFIO user does (the group
# attached to a container) and hold it until killed.  Prints "ready" once
# it holds the group; run it in the background (the job is the holder
# itself, so killing the job lets the group go).
vfio_hold()
{
	exec python3 - "$1" <<'EOF'
import fcntl, os, signal, struct, sys
VFIO_GROUP_SET_CONTAINER = (ord(';') << 8) | (100 + 4)
container = os.open("/dev/vfio/vfio", os.O_RDWR)
group = os.open("/dev/vfio/" + sys.argv[1], os.O_RDWR)
fcntl.ioctl(group, VFIO_GROUP_SET_CONTAINER, struct.pack("i", container))
print("ready", flush=True)
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
signal.pause()
EOF
}

# iommu_group BDF: the IOMMU group number of a device.
iommu_group()
{
	basename "$(readlink "/sys/bus/pci/devices/$1/iommu_group")"
}

# require_vfio_client DIR: set VFIO_CLIENT_BIN to selftests/vfio-client
# when it is built and current (make -C selftests vfio-client), else build
# it into DIR.  No gcc here: the test skips; the client does not build:
# the test fails (before its KTAP header, as a one-test plan).
require_vfio_client()
{
	local src=$VFMGR_ROOT/selftests/vfio-client.c out

	VFIO_CLIENT_BIN=${VFIO_CLIENT:-$VFMGR_ROOT/selftests/vfio-client}
	[ -n "${VFIO_CLIENT:-}" ] && return 0
	[ -x "$VFIO_CLIENT_BIN" ] && [ ! "$src" -nt "$VFIO_CLIENT_BIN" ] && return 0
	VFIO_CLIENT_BIN=$1/vfio-client
	if ! command -v gcc >/dev/null; then
		echo "# SKIP: selftests/vfio-client is not built and there is no gcc here" \
			"(run make -C selftests vfio-client)"
		exit "$KSFT_SKIP"
	fi
	if ! out=$(gcc -Wall -Wextra -O2 -o "$VFIO_CLIENT_BIN" "$src" 2>&1); then
		ktap_begin
		ktap_not_ok "build vfio-client" "$out"
		ktap_end
	fi
}

# Timed requests.  A request blocked in the kernel may sleep where no
# signal reaches it, so `timeout` alone would wait for it as long as it
# blocks; these run the request in the background and stop waiting for
# it.  Each sets answer_rc (the exit status, 124 when timeout killed it,
# "stuck" when it was still blocked), answer_ms (how long it took, empty
# when stuck) and adds a stuck request's pid to answer_stuck, for the
# test's cleanup to wait for once the cause is gone.
answer_rc=
answer_ms=
answer_stuck=()

# __now_us: the time in microseconds into __now, without a fork (a fork
# of date costs tens of milliseconds in the VM).
__now_us()
{
	__now=${EPOCHREALTIME//[!0-9]/}
}

# __answer_wait PID LIMIT_S: wait for the request until LIMIT_S + 2 s.
__answer_wait()
{
	local pid=$1 end

	__now_us
	end=$((__now + ($2 + 2) * 1000000))
	while kill -0 "$pid" 2>/dev/null && __now_us && [ "$__now" -lt "$end" ]; do
		sleep 0.05
	done
	if kill -0 "$pid" 2>/dev/null; then
		answer_rc=stuck
		answer_ms=
		answer_stuck+=("$pid")
		return 1
	fi
	wait "$pid"
	answer_rc=$?
	return 0
}

# answer_within LIMIT_S OUT CMD...: run `timeout LIMIT_S CMD`, its output
# into the file OUT.
answer_within()
{
	local limit=$1 out=$2 pid
	shift 2

	rm -f "$out" "$out.ms"
	(
		__now_us
		s=$__now
		timeout "$limit" "$@" >"$out" 2>&1
		rc=$?
		__now_us
		echo $(((__now - s) / 1000)) >"$out.ms"
		exit $rc
	) &
	pid=$!
	__answer_wait "$pid" "$limit" || return 1
	answer_ms=$(cat "$out.ms" 2>/dev/null)
}

# ynl_timed OP JSON: one "do" request of the family through the YNL
# library, timed alone: starting Python takes seconds in the VM, which
# is not the kernel's doing.  Prints "sending" once the family is
# resolved, then the reply as JSON or the error as cli.py prints it
# ("Netlink error: ...", "error: -ERRNO", the extack), then "took N ms".
# Exits 0 on a reply, 1 on an error.
ynl_timed()
{
	python3 - "$YNL_CLI" "$YNL_SPEC" "$@" <<'PY'
import json, os, sys, time
sys.path.insert(0, os.path.dirname(sys.argv[1]))
from lib import YnlFamily, NlError
ynl = YnlFamily(sys.argv[2], '')
req = json.loads(sys.argv[4])
print("sending", flush=True)
t = time.monotonic()
rc = 0
try:
    out = json.dumps(ynl.do(sys.argv[3], req, None),
                     default=lambda o: o.hex() if isinstance(o, bytes) else str(o))
except NlError as e:
    out, rc = str(e), 1
ms = int((time.monotonic() - t) * 1000)
print(out)
print("took %d ms" % ms, flush=True)
sys.exit(rc)
PY
}

# ynl_within LIMIT_S OUT OP JSON: ynl_timed into the file OUT; the limit
# counts from "sending", answer_ms is the request's own time.
ynl_within()
{
	local limit=$1 out=$2 pid end
	shift 2

	rm -f "$out"
	ynl_timed "$@" >"$out" 2>&1 &
	pid=$!
	end=$(($(date +%s) + 60))
	while kill -0 "$pid" 2>/dev/null && ! grep -qx sending "$out" &&
	      [ "$(date +%s)" -lt "$end" ]; do
		sleep 0.1
	done
	__answer_wait "$pid" "$limit" || return 1
	answer_ms=$(sed -n 's/^took \([0-9]*\) ms$/\1/p' "$out")
}

# check_answered NAME LIMIT_MS OUT: the last timed request answered (by
# itself, not killed by timeout) within LIMIT_MS; its time goes in the
# check's name and a diagnostic line.
check_answered()
{
	local name=$1 limit=$2 out=$3

	if [ "$answer_rc" = stuck ]; then
		echo "# $name: no answer, still blocked after $((limit / 1000 + 2)) s"
		ktap_not_ok "$name within $((limit / 1000)) s (still blocked)" \
			"$(sed '/^sending$/d' "$out" 2>/dev/null)"
		return 1
	fi
	echo "# $name: exit $answer_rc after ${answer_ms:-?} ms"
	if [ "$answer_rc" != 124 ] && [ -n "$answer_ms" ] && [ "$answer_ms" -lt "$limit" ]; then
		ktap_ok "$name within $((limit / 1000)) s (${answer_ms} ms)"
		return 0
	fi
	ktap_not_ok "$name within $((limit / 1000)) s (exit $answer_rc, ${answer_ms:-?} ms)" \
		"$(sed '/^sending$/d' "$out" 2>/dev/null)"
	return 1
}

# answer_wait_stuck TIMEOUT_S: wait for the stuck requests to end; 1 if
# some are still blocked after TIMEOUT_S.
answer_wait_stuck()
{
	local pid end

	end=$(($(date +%s) + $1))
	for pid in "${answer_stuck[@]}"; do
		while kill -0 "$pid" 2>/dev/null && [ "$(date +%s)" -lt "$end" ]; do
			sleep 0.2
		done
		kill -0 "$pid" 2>/dev/null && return 1
		wait "$pid" 2>/dev/null
	done
	answer_stuck=()
	return 0
}

# vf_restarts PF N: the restarts counter of the VF's mbx line in debugfs
# (PF-initiated restarts of its handshake); empty when there is none.
vf_restarts()
{
	vf_dbg "$1" "$2" | sed -n 's/^  mbx: .* restarts \([0-9][0-9]*\).*/\1/p'
}

# vf_resets PF N: the VF's reset counter in debugfs.
vf_resets()
{
	vf_dbg "$1" "$2" | sed -n 's/^  mbx: .* resets \([0-9][0-9]*\).*/\1/p'
}

# pool_state PF N: what the port holds for VF N, without what is N's by
# design: the VF's debugfs lines without the counters, its hardware lines
# without filter table indexes, and the pool's VMOLR and VMVIR from the
# port's register dump.  The queue registers of that dump (IVAR0, RXDCTL,
# TXDCTL) are left out: the VF's driver programs them, and queue 0 comes
# out of reset unlike the others.  Equal for two VFs configured alike.
pool_state()
{
	vf_dbg "$1" "$2" | sed -e '/^  mbx: /d' \
		-e 's/^\(  hw: RAR\) [0-9]* /\1 /' -e 's/^\(  hw: VLVF\) [0-9]* /\1 /'
	sed -n "s/^pool $2 \(VMOLR [^ ]* VMVIR [^ ]*\) .*/pool \1/p" \
		"/sys/kernel/debug/vfmgr/$1/regs"
}

# switch_regs PF: the switching registers the desired state decides (not
# the rings, which the drivers own, nor counters): global switching,
# receive addresses, VLAN filters (by content: which entry holds a VLAN
# is not part of the state), and each pool's receive policy and VLAN
# insert.
switch_regs()
{
	local regs=/sys/kernel/debug/vfmgr/$1/regs

	sed -n -e '/^\(VT_CTL\|DTXSWC\|VFRE\|VFTE\|RCTL\|RAR\) /p' \
		-e 's/^\(pool [0-9]* VMOLR 0x[0-9a-f]* VMVIR 0x[0-9a-f]*\) .*/\1/p' "$regs"
	sed -n 's/^VLVF [0-9]* /VLVF /p' "$regs" | sort
}

# One YNL client for many requests: starting it takes seconds in the VM.
# ynl_serve_start ERRLOG starts it as a coprocess of the calling shell
# (so not inside $(...) or check); ynl_ask [--dump] OP
# JSON sends one request (JSON on one line) and prints the reply as JSON
# on one line, or the error as cli.py prints it, its lines joined with
# " | " ("Netlink error: ... | error: -22 | extack: {...}"), and fails.
__ynl_serve_py='
import json, os, sys
sys.path.insert(0, os.path.dirname(sys.argv[1]))
from lib import YnlFamily, NlError
ynl = YnlFamily(sys.argv[2], "")
def enc(o):
    if isinstance(o, bytes):
        return o.hex()
    return sorted(o) if isinstance(o, set) else str(o)
print("ready", flush=True)
for line in sys.stdin:
    kind, op, attrs = line.rstrip("\n").split(" ", 2)
    try:
        if kind == "dump":
            r = ynl.dump(op, json.loads(attrs))
        else:
            r = ynl.do(op, json.loads(attrs), None)
        print("ok " + json.dumps(r, default=enc), flush=True)
    except NlError as e:
        print("error " + str(e).replace("\n", " | "), flush=True)
    except Exception as e:
        print("error client: %r" % e, flush=True)
'

ynl_serve_start()
{
	local line

	coproc YNL_SERVE { exec python3 -c "$__ynl_serve_py" "$YNL_CLI" "$YNL_SPEC" 2>"$1"; }
	read -r -t 60 line <&"${YNL_SERVE[0]}" && [ "$line" = ready ]
}

ynl_ask()
{
	local kind="do" line

	[ "$1" = --dump ] && kind=dump && shift
	echo "$kind $1 $2" >&"${YNL_SERVE[1]}" || return 1
	if ! read -r -t 30 line <&"${YNL_SERVE[0]}"; then
		echo "the YNL client did not answer"
		return 1
	fi
	case $line in
	"ok "*) printf '%s\n' "${line#ok }" ;;
	*) printf '%s\n' "${line#error }"; return 1 ;;
	esac
}

ynl_serve_stop()
{
	[ -n "${YNL_SERVE_PID:-}" ] && kill "$YNL_SERVE_PID" 2>/dev/null
	return 0
}
