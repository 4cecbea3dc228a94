#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: ports=2
#
# libvirt end to end on vfmgr VFs: a domain with a managed <hostdev> VF
# starts (libvirt moves the VF from igbvf to vfio-pci) and gives the VF
# back on destroy; while it runs, removing the VFs is refused at once.  A
# domain with <interface type='hostdev'> gets its MAC and VLAN programmed
# through the PF netdev (ip link and vfctl both see them) and libvirt puts
# the previous ones back on destroy.  The node device XML of the PF lists
# its VFs, and a VF's names its PF and its IOMMU group.
#
# In the test VM the root file system is read-only: libvirtd and virtlogd
# are started here with their state directories on tmpfs.  On a server
# where libvirtd already runs, that daemon is used as it is.

# shellcheck source=selftests/lib.sh
. "$(dirname "$0")/lib.sh"

require_module
require_ports 2

missing=
for c in libvirtd virtlogd virsh qemu-system-x86_64 python3; do
	command -v "$c" >/dev/null 2>&1 || missing+=" $c"
done
if [ -n "$missing" ]; then
	echo "# SKIP: libvirt is not installed (missing:$missing); run scripts/deps.sh"
	exit "$KSFT_SKIP"
fi

ktap_begin
echo "# $(virsh --version 2>&1 | sed 's/^/virsh /'), $(libvirtd --version 2>&1)"

LV_STATE=/run/vfmgr-libvirt
LV_LOG=/var/log/libvirt/vfmgr-libvirtd.log
DOM1=vfmgr-hostdev
DOM2=vfmgr-netdev
DOM3=vfmgr-netdev-nomac
MAC3=52:54:00:aa:bb:03
MAC2=52:54:00:aa:bb:01
VLAN2=42
# VF 1's configuration before libvirt takes it: libvirt must restore it.
OLDMAC=02:00:00:00:06:01
OLDVLAN=7
own_daemons=0
mounted=()
cleaned=0

VIRSH=$(command -v virsh)
virsh() { timeout 120 "$VIRSH" -c qemu:///system "$@"; }

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# dir_writable DIR: root can create a file in DIR (a read-only mount says no).
dir_writable()
{
	local f=$1/.vfmgr-rw-test

	mkdir -p "$1" 2>/dev/null && touch "$f" 2>/dev/null && rm -f "$f"
}

# make_writable DIR: DIR's content on tmpfs, bind-mounted over DIR.
make_writable()
{
	local copy=$LV_STATE/${1//\//_}

	dir_writable "$1" && return 0
	mkdir -p "$copy" && cp -a "$1/." "$copy/" && mount --bind "$copy" "$1" &&
	mounted+=("$1")
}

# pidfile_alive FILE: the process named in a pid file runs.
pidfile_alive()
{
	[ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null
}

# start_libvirt: use a running libvirtd, or start virtlogd and libvirtd.
start_libvirt()
{
	if [ -S /run/libvirt/libvirt-sock ] && virsh version >/dev/null 2>&1; then
		echo "# using the libvirtd already running"
		return 0
	fi
	own_daemons=1
	mkdir -p "$LV_STATE" /var/log/libvirt/qemu /var/cache/libvirt/qemu || return 1
	make_writable /etc/libvirt || return 1
	make_writable /var/lib/libvirt || return 1
	# The emulated CPU advertises VT-x/AMD-V, kvm loads and /dev/kvm
	# appears, but it does not work: libvirt would probe it over and over.
	modprobe -r kvm_amd kvm_intel kvm 2>/dev/null
	virtlogd -d || return 1
	LIBVIRT_LOG_OUTPUTS="3:file:$LV_LOG" libvirtd -d || return 1
	wait_for 60 test -S /run/libvirt/libvirt-sock && wait_for 60 virsh version
}

stop_libvirt()
{
	local f

	[ "$own_daemons" = 1 ] || return 0
	for f in /run/libvirtd.pid /run/virtlogd.pid; do
		pidfile_alive "$f" || continue
		kill "$(cat "$f")"
		wait_for 30 sh -c "! kill -0 $(cat "$f") 2>/dev/null" || return 1
	done
	own_daemons=0
}

# nodedev NAME: libvirt's node device name of a PCI address.
nodedev() { echo "pci_$(tr ':.' '__' <<<"$1")"; }

# xml_addr BDF: a PCI address as libvirt's <address> attributes.
xml_addr()
{
	local bdf=$1

	printf "domain='0x%s' bus='0x%s' slot='0x%s' function='0x%s'" \
		"${bdf%%:*}" "$(cut -d: -f2 <<<"$bdf")" \
		"$(cut -d: -f3 <<<"$bdf" | cut -d. -f1)" "${bdf##*.}"
}

# nodedev_query XML EXPR: a Python expression over the parsed node device
# XML (root r); PCI addresses come out as BDFs through addr().
nodedev_query()
{
	python3 -c '
import sys, xml.etree.ElementTree as ET
r = ET.fromstring(sys.stdin.read())
def addr(a):
    return "%04x:%02x:%02x.%x" % tuple(int(a.get(k), 16) for k in ("domain", "bus", "slot", "function"))
print(eval(sys.argv[1]))' "$1"
}

# domain_xml NAME DEVICE_XML: a small TCG domain without a disk.
domain_xml()
{
	cat <<EOF
<domain type='qemu'>
  <name>$1</name>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='q35'>hvm</type></os>
  <features><acpi/></features>
  <devices>
$2
    <controller type='usb' model='none'/>
    <memballoon model='none'/>
  </devices>
</domain>
EOF
}

# vf_line N: the "vf N" line of ip link show for port A.
vf_line() { ip link show "$ifa" | grep -E "^ +vf $1 "; }

# vf_mac_vlan N: "MAC VLAN" of VF N as ip link reports them.
vf_mac_vlan()
{
	local line mac vlan

	line=$(vf_line "$1")
	mac=$(sed -nE 's/.*link\/ether ([0-9a-f:]+).*/\1/p' <<<"$line")
	vlan=$(sed -nE 's/.*, vlan ([0-9]+).*/\1/p' <<<"$line")
	echo "$mac ${vlan:-0}"
}

# vfctl_mac_vlan N: "MAC VLAN" of VF N as vfctl vf show reports them.
vfctl_mac_vlan()
{
	"$VFCTL" vf show "$a" "$1" | sed -nE 's/^  mac ([0-9a-f:]+) .* vlan ([0-9]+) qos.*/\1 \2/p'
}

vf_on() { [ "$(pf_driver "$(vf_bdf "$a" "$1")")" = "$2" ]; }

# timed NAME CMD...: a check, its duration in ms left in took.
timed()
{
	local name=$1 t0 rc
	shift
	t0=$(now_ms)
	check "$name" "$@"
	rc=$?
	took=$(($(now_ms) - t0))
	echo "# $name: $took ms"
	return $rc
}

# diag_domain NAME: what libvirt and QEMU said, after a failure.
diag_domain()
{
	echo "# --- /var/log/libvirt/qemu/$1.log"
	tail -n 20 "/var/log/libvirt/qemu/$1.log" 2>/dev/null | sed 's/^/#   /'
	echo "# --- $LV_LOG (errors)"
	grep -i ' error ' "$LV_LOG" 2>/dev/null | tail -n 10 | sed 's/^/#   /'
}

domain_gone()
{
	local d=$1

	virsh domstate "$d" >/dev/null 2>&1 || return 0
	virsh destroy "$d" >/dev/null 2>&1
	virsh undefine "$d" >/dev/null 2>&1
}

cleanup()
{
	local d

	[ "$cleaned" = 1 ] && return 0
	cleaned=1
	if [ -S /run/libvirt/libvirt-sock ]; then
		domain_gone "$DOM1"
		domain_gone "$DOM2"
	fi
	stop_libvirt
	for d in "${mounted[@]}"; do
		umount "$d"
	done
	[ -n "${a:-}" ] && [ -e "/sys/bus/pci/devices/$a/sriov_numvfs" ] &&
		echo 0 >"/sys/bus/pci/devices/$a/sriov_numvfs" 2>/dev/null
	vfmgr_unload
	rmmod igbvf vfio-pci 2>/dev/null
	[ -n "${a:-}" ] && sysfs_release "$a"
	rm -rf "$LV_STATE"
	return 0
}
trap cleanup EXIT
trap 'exit 1' TERM INT

ports_init
# Not through check: claim_a_up sets ifa, which a subshell would lose.
if claim_a_up 10.6.0.254/24; then
	ktap_ok "port A claimed by vfmgr, interface $ifa up"
else
	ktap_not_ok "port A claimed by vfmgr, interface up"
fi
modprobe igbvf
modprobe vfio-pci
# igbvf takes every new VF, as on a host that uses them itself.
echo 1 >"$sysfs/sriov_drivers_autoprobe"
check "vfctl pf set: 2 VFs, kernel's driver choice" \
	"$VFCTL" pf set "$a" numvfs 2 driver kernel
settle
both_igbvf() { vf_on 0 igbvf && vf_on 1 igbvf; }
check "both VFs on igbvf" wait_for 60 both_igbvf
vf0=$(vf_bdf "$a" 0)
vf1=$(vf_bdf "$a" 1)

t0=$(now_ms)
if ! check "libvirtd runs" start_libvirt; then
	tail -n 20 "$LV_LOG" 2>/dev/null | sed 's/^/# /'
	ktap_end
fi
echo "# libvirtd ready in $(($(now_ms) - t0)) ms"

# Node devices: the PF lists its VFs, a VF names its PF and IOMMU group.
pfxml=$(virsh nodedev-dumpxml "$(nodedev "$a")")
check_eq "nodedev PF: virt_functions lists VF 0 and VF 1" "$vf0 $vf1" \
	"$(nodedev_query '" ".join(addr(x) for x in r.findall("./capability/capability[@type=\"virt_functions\"]/address"))' <<<"$pfxml")"
check_eq "nodedev PF: virt_functions maxCount is sriov_totalvfs" \
	"$(cat "$sysfs/sriov_totalvfs")" \
	"$(nodedev_query 'r.find("./capability/capability[@type=\"virt_functions\"]").get("maxCount")' <<<"$pfxml")"
vfxml=$(virsh nodedev-dumpxml "$(nodedev "$vf0")")
group0=$(basename "$(readlink "/sys/bus/pci/devices/$vf0/iommu_group")")
check_eq "nodedev VF 0: iommuGroup matches sysfs" "$group0" \
	"$(nodedev_query 'r.find("./capability/iommuGroup").get("number")' <<<"$vfxml")"
check_eq "nodedev VF 0: iommuGroup members" "$(ls "/sys/kernel/iommu_groups/$group0/devices")" \
	"$(nodedev_query '"\n".join(addr(x) for x in r.findall("./capability/iommuGroup/address"))' <<<"$vfxml")"
check_eq "nodedev VF 0: phys_function is port A" "$a" \
	"$(nodedev_query 'addr(r.find("./capability/capability[@type=\"phys_function\"]/address"))' <<<"$vfxml")"
# A VF's parent device is the bridge above it, as in sysfs, not the PF.
check_eq "nodedev VF 0: parent is the PF's parent" \
	"$(virsh nodedev-dumpxml "$(nodedev "$a")" | nodedev_query 'r.find("./parent").text')" \
	"$(nodedev_query 'r.find("./parent").text' <<<"$vfxml")"
vf1xml=$(virsh nodedev-dumpxml "$(nodedev "$vf1")")
check_eq "nodedev VF 1: phys_function is port A" "$a" \
	"$(nodedev_query 'addr(r.find("./capability/capability[@type=\"phys_function\"]/address"))' <<<"$vf1xml")"

# Domain 1: a managed <hostdev> on VF 0.
xml=$LV_STATE/$DOM1.xml
domain_xml "$DOM1" "    <hostdev mode='subsystem' type='pci' managed='yes'>
      <source><address $(xml_addr "$vf0")/></source>
    </hostdev>" >"$xml"
check "define $DOM1 (<hostdev managed='yes'> on VF 0)" virsh define "$xml"
timed "virsh start $DOM1" virsh start "$DOM1" || diag_domain "$DOM1"
check_eq "$DOM1 running" running "$(virsh domstate "$DOM1" 2>&1)"
check_eq "VF 0 on vfio-pci" vfio-pci "$(pf_driver "$vf0")"
check_eq "VF 1 untouched, on igbvf" igbvf "$(pf_driver "$vf1")"
qpid=$(cat "/run/libvirt/qemu/$DOM1.pid" 2>/dev/null)
check "QEMU holds VF 0's group /dev/vfio/$group0" \
	sh -c "ls -l /proc/$qpid/fd 2>/dev/null | grep -q '/dev/vfio/$group0\$'"
check_eq "vfctl sees VF 0 on vfio-pci" vfio-pci \
	"$("$VFCTL" -j vf show "$a" 0 | json_get 'd[0]["driver"]')"

t0=$(now_ms)
out=$(bash -c "echo 0 >$sysfs/sriov_numvfs" 2>&1)
ms=$(($(now_ms) - t0))
check "sriov_numvfs 0 refused with EBUSY while $DOM1 runs" grep -qi "busy" <<<"$out"
echo "# $out"
echo "# refused after $ms ms"
check "refused at once, within 1 s" test "$ms" -lt 1000
check_eq "both VFs still there" 2 "$(cat "$sysfs/sriov_numvfs")"
out=$("$VFCTL" pf set "$a" numvfs 0 2>&1)
check "vfctl pf set numvfs 0 refused too, naming VF 0" grep -q "VF 0" <<<"$out"
echo "# $out"
check_eq "$DOM1 still running" running "$(virsh domstate "$DOM1" 2>&1)"

timed "virsh destroy $DOM1" virsh destroy "$DOM1"
check "VF 0 given back to igbvf" wait_for 30 vf_on 0 igbvf
check_eq "VF 0 driver_override cleared" "(null)" \
	"$(cat "/sys/bus/pci/devices/$vf0/driver_override")"
check "undefine $DOM1" virsh undefine "$DOM1"

# Domain 2: <interface type='hostdev'> with a MAC and a VLAN on VF 1.
# VF 1 is in use on the host first: igbvf notices a new admin MAC only
# while its interface is up (its watchdog reads the PF's notice).
check "VF 1's igbvf interface up" \
	ip link set "$(vf_netdev "$vf1")" up
check "VF 1 preset: mac $OLDMAC vlan $OLDVLAN" \
	ip link set "$ifa" vf 1 mac "$OLDMAC" vlan "$OLDVLAN"
# libvirt saves the address VF 1's host netdev uses, not the admin MAC, and
# restores that one: wait until igbvf has redone its handshake with it
# (it does so at most every 10 s after its last reset).
vf1_netdev_mac() { [ "$(cat /sys/bus/pci/devices/"$vf1"/net/*/address 2>/dev/null)" = "$OLDMAC" ]; }
t0=$(now_ms)
check "igbvf on VF 1 took the preset MAC" wait_for 60 vf1_netdev_mac
echo "# igbvf took the new admin MAC after $(($(now_ms) - t0)) ms"
xml=$LV_STATE/$DOM2.xml
domain_xml "$DOM2" "    <interface type='hostdev' managed='yes'>
      <source><address type='pci' $(xml_addr "$vf1")/></source>
      <mac address='$MAC2'/>
      <vlan><tag id='$VLAN2'/></vlan>
    </interface>" >"$xml"
check "define $DOM2 (<interface type='hostdev'> on VF 1)" virsh define "$xml"
timed "virsh start $DOM2" virsh start "$DOM2" || diag_domain "$DOM2"
check_eq "$DOM2 running" running "$(virsh domstate "$DOM2" 2>&1)"
check_eq "VF 1 on vfio-pci" vfio-pci "$(pf_driver "$vf1")"
echo "# $(vf_line 1)"
check_eq "ip link: VF 1 has the domain's MAC and VLAN" "$MAC2 $VLAN2" "$(vf_mac_vlan 1)"
check_eq "vfctl vf show: same MAC and VLAN" "$MAC2 $VLAN2" "$(vfctl_mac_vlan 1)"
check "VLAN $VLAN2 programmed in the port (VMVIR)" \
	grep -q "VMVIR 0x4000$(printf %04x "$VLAN2")" <(vf_dbg "$a" 1)
saved=/run/libvirt/hostdevmgr/${ifa}_vf1
check "libvirt saved VF 1's previous config ($saved)" test -s "$saved"
sed 's/^/# /' "$saved" 2>/dev/null
check "the saved config has the previous MAC" grep -q "$OLDMAC" "$saved"

timed "virsh destroy $DOM2" virsh destroy "$DOM2"
echo "# $(vf_line 1)"
check_eq "ip link: VF 1's previous MAC and VLAN restored" "$OLDMAC $OLDVLAN" "$(vf_mac_vlan 1)"
check_eq "vfctl vf show: previous MAC and VLAN" "$OLDMAC $OLDVLAN" "$(vfctl_mac_vlan 1)"
check "VF 1 given back to igbvf" wait_for 30 vf_on 1 igbvf
check "igbvf on VF 1 has the restored MAC" wait_for 30 vf1_netdev_mac
check "libvirt dropped its saved config" test ! -e "$saved"
check "undefine $DOM2" virsh undefine "$DOM2"

# Domain 3: <interface type='hostdev'> with a MAC on a VF that had none.
# After the domain, the VF has no MAC again at once, and the next user
# never inherits the domain's: a new igbvf picks a random one.
check "VF 0 without a driver" vf_bind "$vf0" none
check "VF 0's admin MAC cleared" ip link set "$ifa" vf 0 mac 00:00:00:00:00:00
check_eq "ip link: VF 0 has no MAC" "00:00:00:00:00:00 0" "$(vf_mac_vlan 0)"
xml=$LV_STATE/$DOM3.xml
domain_xml "$DOM3" "    <interface type='hostdev' managed='yes'>
      <source><address type='pci' $(xml_addr "$vf0")/></source>
      <mac address='$MAC3'/>
    </interface>" >"$xml"
check "define $DOM3 (<interface type='hostdev'> on VF 0, no MAC before)" virsh define "$xml"
timed "virsh start $DOM3" virsh start "$DOM3" || diag_domain "$DOM3"
check_eq "ip link: VF 0 has the domain's MAC" "$MAC3 0" "$(vf_mac_vlan 0)"
timed "virsh destroy $DOM3" virsh destroy "$DOM3"
echo "# $(vf_line 0)"
# libvirt gives the VF back to igbvf at once: the address in use is then
# the one igbvf picked, never the domain's.
check_eq "vfctl vf show: no admin MAC after the domain" "00:00:00:00:00:00 0" \
	"$(vfctl_mac_vlan 0)"
check "VF 0 on igbvf again" wait_for 30 vf_on 0 igbvf
vf0_netdev_mac() { cat /sys/bus/pci/devices/"$vf0"/net/*/address 2>/dev/null; }
check "igbvf on VF 0 has an interface" wait_for 30 vf0_netdev_mac
newmac=$(vf0_netdev_mac)
echo "# igbvf on VF 0 came up with $newmac"
check "... a random one, not the domain's" \
	sh -c "[ -n '$newmac' ] && [ '$newmac' != '$MAC3' ] && [ '$newmac' != 00:00:00:00:00:00 ]"
vf0_shows_new() { [ "$(vf_mac_vlan 0)" = "$newmac 0" ]; }
# igbvf tells the PF its address once its reset handshake is done; when
# that misses igbvf's wait under emulation, its watchdog redoes it ten
# seconds later (make bench measures the handshake, not this test).
t0=$(date +%s)
if check "ip link shows the address igbvf uses" wait_for 30 vf0_shows_new; then
	echo "# ... after $(($(date +%s) - t0)) s"
else
	__ktap_diag "$(dmesg | grep -E 'igbvf|vfmgr' | tail -n 12)"
fi
check "undefine $DOM3" virsh undefine "$DOM3"

check "libvirtd and virtlogd stopped" stop_libvirt
check "VFs removed once libvirt is done" sh -c "echo 0 >$sysfs/sriov_numvfs"
cleanup
check "port A back on igb" wait_for 30 sh -c "[ -e /sys/bus/pci/drivers/igb/$a ]"
ktap_end
