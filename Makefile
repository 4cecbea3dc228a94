# SPDX-License-Identifier: GPL-2.0
#
# vfmgr: wrapper around kbuild for the module, plus the tool, the tests
# and the developer targets.  `make help` lists them.

# The release, for DKMS and packages, is the VERSION file; builds from a
# git tree add which commit they are (0.1.0+g1234abc, -dirty when the
# tree has changes).
VERSION := $(shell cat "$(CURDIR)/VERSION")
GIT_REV := $(shell GIT_CEILING_DIRECTORIES="$(CURDIR)/.." git -C "$(CURDIR)" describe --always --dirty --exclude='*' 2>/dev/null)
BUILD_VERSION := $(VERSION)$(if $(GIT_REV),+g$(GIT_REV))

# The kernel tree to build against.  KVER picks an installed kernel;
# KDIR names a build tree directly.  Machines without headers for the
# running kernel fall back to the newest Debian 6.12 build tree.
KVER ?= $(shell uname -r)
ifeq ($(origin KDIR),undefined)
KDIR := /lib/modules/$(KVER)/build
ifeq ($(wildcard $(KDIR)/Makefile),)
KDIR_FALLBACK := $(shell ls -d /usr/src/linux-headers-6.12.*-amd64 2>/dev/null | sort -V | tail -n 1)
ifneq ($(KDIR_FALLBACK),)
ifneq ($(filter all module install check demo,$(or $(MAKECMDGOALS),all)),)
$(info vfmgr: no build tree for $(KVER), using $(KDIR_FALLBACK))
endif
KDIR := $(KDIR_FALLBACK)
endif
endif
endif

PREFIX ?= /usr/local
DESTDIR ?=
DEPMOD ?= depmod
KSRC_CACHE := $(CURDIR)/.cache/ksrc

export VFMGR_VERSION := $(BUILD_VERSION)

# What DKMS needs to build the module: the source tree minus the tool,
# the tests and the docs.
DKMS_SRC := /usr/src/vfmgr-$(VERSION)
DKMS_FILES := Kbuild Makefile VERSION \
	$(sort $(wildcard driver/*.[ch] driver/*.sh driver/*/*.[ch] uapi/*/*.h))
DKMS ?= dkms

all: module vfctl selftests-progs

module:
	@test -f "$(KDIR)/Makefile" || { echo "vfmgr: no kernel build tree at $(KDIR); run 'make deps' or set KDIR=" >&2; exit 1; }
	$(MAKE) -C "$(KDIR)" M="$(CURDIR)" VFMGR_VERSION="$(BUILD_VERSION)" modules

vfctl:
	$(MAKE) -C tools/vfctl VFCTL_VERSION="$(BUILD_VERSION)"

# Programs the VM tests run (the guest sees the tree read-only).
selftests-progs:
	$(MAKE) -C selftests all

# The module's build products only (DKMS's CLEAN: its tree has no tool).
module-clean:
	@if [ -f "$(KDIR)/Makefile" ]; then $(MAKE) -C "$(KDIR)" M="$(CURDIR)" clean; fi

clean: module-clean
	$(MAKE) -C tools/vfctl clean
	rm -rf selftests/vfio-client .cache/results

install: all
	$(MAKE) -C "$(KDIR)" M="$(CURDIR)" INSTALL_MOD_PATH="$(DESTDIR)" modules_install
	$(DEPMOD) -b "$(or $(DESTDIR),/)" -a "$$($(MAKE) -s -C "$(KDIR)" kernelrelease 2>/dev/null || echo $(KVER))"
	$(MAKE) -C tools/vfctl install PREFIX="$(PREFIX)" DESTDIR="$(DESTDIR)"
	install -d "$(DESTDIR)/usr/lib/udev/rules.d"
	sh udev/render-rule.sh "$(or $(BINDIR),$(PREFIX)/sbin)/vfctl" /etc/vfmgr/vfmgr.conf \
		>"$(DESTDIR)/usr/lib/udev/rules.d/.70-vfmgr.rules.tmp"
	mv -f "$(DESTDIR)/usr/lib/udev/rules.d/.70-vfmgr.rules.tmp" \
		"$(DESTDIR)/usr/lib/udev/rules.d/70-vfmgr.rules"

deps:
	bash scripts/deps.sh

# Register the module's source with DKMS, which then builds it for every
# installed and future kernel in the supported range (dkms.conf).
dkms-install:
	rm -rf "$(DKMS_SRC)"
	install -d "$(DKMS_SRC)"
	tar -cf - $(DKMS_FILES) dkms.conf | tar -xf - -C "$(DKMS_SRC)"
	@if $(DKMS) status -m vfmgr -v "$(VERSION)" | grep -q .; then \
		echo "vfmgr/$(VERSION) is already added to DKMS; its source is updated"; \
	else \
		echo "$(DKMS) add vfmgr/$(VERSION)"; $(DKMS) add "vfmgr/$(VERSION)"; \
	fi
	@echo "build and install for a kernel: $(DKMS) install vfmgr/$(VERSION) -k KERNELRELEASE"

# The list above, for scripts that copy the module's sources.
dkms-files:
	@echo $(DKMS_FILES)

# Remove the module from every kernel DKMS built it for, and its source.
dkms-remove:
	@if $(DKMS) status -m vfmgr -v "$(VERSION)" | grep -q .; then \
		echo "$(DKMS) remove vfmgr/$(VERSION) --all"; \
		$(DKMS) remove "vfmgr/$(VERSION)" --all; \
	fi
	rm -rf "$(DKMS_SRC)"

# Add, build, install and remove with DKMS for Debian's 6.1 and 6.12.
dkms-test:
	bash scripts/dkms-test.sh

# Build against the newest kernel in trixie-backports, in a trixie chroot.
newest:
	bash scripts/build-newest.sh

# The static gate: W=1 and sparse builds for 6.1 and 6.12 with no warning,
# checkpatch, shellcheck and kernel-doc with no finding.
static: ksrc
	bash scripts/static-check.sh

# The README's test command: build, host-side tests, then the VM suite.
# T=name runs one selftest only (VM suite, no host tests).
check: deps all ksrc
ifeq ($(T),)
	selftests/run --all
else
	selftests/run $(addprefix -t ,$(T))
endif

# The VM suite alone, booting the kernel the module was built for
# (make check-vm KVER=6.1.0-...-amd64: the suite on that kernel).
check-vm: all ksrc
	selftests/run

# Tests on a debug kernel (KASAN, lockdep, kmemleak, UBSAN, fault
# injection) built from linux-source-6.12 by scripts/debug-kernel.sh, or
# taken from its cache: DEBUG_TESTS, or T="a.sh b.sh".  Leaves vfmgr.ko
# built for that kernel: run `make` again before the other targets.
DEBUG_TESTS := faults.sh
check-debug: ksrc
	@kver=$$(bash scripts/debug-kernel.sh | tail -n 1) && \
	$(MAKE) --no-print-directory KVER=$$kver all && \
	selftests/run --kernel $$kver --test-timeout 2400 \
		$(addprefix -t ,$(or $(T),$(DEBUG_TESTS)))

# Parts of linux-source-6.12 (checkpatch, the YNL generator and client).
ksrc:
	@bash scripts/ksrc.sh >/dev/null

# Regenerate uapi/linux/vfmgr.h and driver/netlink-gen.[ch] from the spec.
regen:
	bash scripts/regen.sh

demo: deps all
	bash scripts/demo.sh

# vfmgr next to the in-tree igb driver in one VM (not a test: figures).
bench: all
	bash scripts/bench.sh

checkpatch:
	@bash scripts/ksrc.sh >/dev/null
	$(KSRC_CACHE)/scripts/checkpatch.pl --no-tree --strict --show-types \
		--ignore FILE_PATH_CHANGES,SPDX_LICENSE_TAG \
		-f $(sort $(wildcard driver/*.c driver/*.h driver/*/*.c driver/*/*.h))

SHELL_SCRIPTS := .ci/run selftests/run $(wildcard scripts/*.sh driver/*.sh selftests/*.sh \
	selftests/fixtures/*/*.sh tools/vfctl/tests/*.sh udev/*.sh)

shellcheck:
	shellcheck -x $(SHELL_SCRIPTS)

lint: checkpatch shellcheck

help:
	@echo "Targets:"
	@echo "  all (default)  build vfmgr.ko and tools/vfctl/vfctl"
	@echo "  deps           install the Debian packages build, tests and demo need"
	@echo "  check          build, run host tests and the VM suite (T=name: one VM test)"
	@echo "  check-vm       the VM suite alone, on the KVER the module is built for"
	@echo "  check-debug    reliability tests on a KASAN/lockdep/kmemleak/fault-injection kernel"
	@echo "  demo           boot a VM with two emulated 82576 ports and show vfmgr at work"
	@echo "  bench          time vfmgr against the in-tree igb driver in a VM (.cache/bench.json)"
	@echo "  install        install the module (+depmod), vfctl, its man page and the udev rule"
	@echo "  dkms-install   copy the module source to $(DKMS_SRC) and dkms add it"
	@echo "  dkms-remove    dkms remove it from every kernel and delete $(DKMS_SRC)"
	@echo "  dkms-test      dkms add/build/install/remove for the 6.1 and 6.12 kernels"
	@echo "  newest         build against the newest trixie-backports kernel (chroot)"
	@echo "  static         W=1 + sparse builds (6.1, 6.12), checkpatch, shellcheck, kernel-doc"
	@echo "  regen          regenerate the netlink code from the YNL spec"
	@echo "  checkpatch     checkpatch --strict on the driver sources"
	@echo "  shellcheck     shellcheck on every script"
	@echo "  lint           checkpatch and shellcheck"
	@echo "  clean          remove build products"
	@echo "Variables: KVER=, KDIR=, PREFIX=, DESTDIR=, W=1 (extra warnings), C=1 (sparse), V=1"

.PHONY: all module vfctl selftests-progs module-clean clean install deps check check-vm \
	check-debug demo bench \
	ksrc regen checkpatch \
	shellcheck lint dkms-install dkms-files dkms-remove dkms-test newest static help
