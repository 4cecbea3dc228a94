# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Boot a test VM: a Debian kernel under virtme-ng (QEMU TCG, q35, virtual
# Intel IOMMU) with emulated 82576 ports, each behind its own PCIe root
# port and all joined on one virtual wire.  Sourced by selftests/run and
# scripts/demo.sh.

# vm_kernel [KVER]: print the release to boot.  Default: the release the
# built module was compiled for, else the newest installed 6.12 kernel.
vm_kernel()
{
	local root=$1 kver=${2:-}

	if [ -z "$kver" ] && [ -f "$root/vfmgr.ko" ]; then
		kver=$(modinfo -F vermagic "$root/vfmgr.ko" 2>/dev/null | cut -d' ' -f1)
	fi
	if [ -z "$kver" ]; then
		# shellcheck disable=SC2012 # names are kernel releases, no odd characters
		kver=$(ls /boot/vmlinuz-6.12.*-amd64 2>/dev/null | sort -V | tail -n 1)
		kver=${kver#/boot/vmlinuz-}
	fi
	printf '%s\n' "$kver"
}

# vm_run KVER PORTS TIMEOUT RWDIR LOG CMD: boot, run CMD (an absolute path
# with its arguments, as one string) as root in the guest, write the whole
# console to LOG ("-": the terminal).  PORTS is the number of ports, then
# options after commas: "noacs=K": port K's root port has no ACS, so the
# port and its VFs share one IOMMU group; "cpu=MODEL": QEMU's CPU model
# (DPDK needs SSE4.2: "cpu=max").  Returns vng's status, or 124 when
# TIMEOUT seconds passed.
vm_run()
{
	local kver=$1 ports=${2%%,*} limit=$3 rwdir=$4 log=$5 cmd=$6
	local opts i acs noacs='' cpu=''

	case $2 in *,noacs=*) noacs=${2##*,noacs=}; noacs=${noacs%%,*} ;; esac
	case $2 in *,cpu=*) cpu=${2##*,cpu=}; cpu=${cpu%%,*} ;; esac

	[ "$log" = - ] && log=/dev/stdout
	if [ ! -e "/boot/vmlinuz-$kver" ]; then
		echo "vm: no kernel image /boot/vmlinuz-$kver (run 'make deps')" >"$log"
		return 1
	fi
	opts="-M q35,kernel-irqchip=split -device intel-iommu,intremap=on,caching-mode=on"
	[ -n "$cpu" ] && opts+=" -cpu $cpu"
	for ((i = 1; i <= ports; i++)); do
		acs=
		[ "$i" = "$noacs" ] && acs=",disable-acs=on"
		# A PCIe 2.0 x4 link, as the 82576 has: after a link reset
		# (AER recovery) Linux then waits for the device itself, not
		# for a "link active" bit QEMU's port never sets again.
		opts+=" -device pcie-root-port,id=rp$i,chassis=$i,slot=$i,x-speed=5,x-width=4$acs"
		# Distinct station addresses: QEMU gives every port the same one.
		opts+=" -device igb,bus=rp$i,netdev=n$i,romfile=,mac=52:54:00:76:00:$(printf %02x "$i")"
		opts+=" -netdev hubport,id=n$i,hubid=0"
	done
	# loglevel=5 puts warnings, oopses and panics on the console, where
	# the runner looks for them; panic=-1 with QEMU's -no-reboot makes a
	# crashed guest exit instead of rebooting.
	# vng resolves --rwdir paths relative to the working directory.
	(cd / && timeout -k 10 "$limit" vng --disable-kvm --disable-microvm \
		-r "/boot/vmlinuz-$kver" -m 2G -p 2 --verbose \
		--append "intel_iommu=on iommu=pt loglevel=5" \
		--rwdir "$rwdir" \
		--qemu-opts="$opts -no-reboot" \
		--exec "$cmd" </dev/null >"$log" 2>&1)
}
