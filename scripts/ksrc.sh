#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Unpack the parts of Debian's linux-source-6.12 that vfmgr's developer
# targets use (checkpatch, the YNL generator and client, the genetlink
# schema) into .cache/ksrc, once, and print that directory.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DEST=$ROOT/.cache/ksrc
TARBALL=$(find /usr/src -maxdepth 1 -name "linux-source-6.12.tar.*" | head -n 1)
PARTS=(
	scripts/checkpatch.pl
	scripts/spelling.txt
	scripts/const_structs.checkpatch
	scripts/kernel-doc
	tools/net/ynl
	Documentation/netlink
)

if [ ! -f "$DEST/.complete" ]; then
	if [ -z "$TARBALL" ]; then
		echo "ksrc: /usr/src/linux-source-6.12.tar.* not found (run 'make deps')" >&2
		exit 1
	fi
	echo "ksrc: unpacking ${PARTS[*]} from $TARBALL" >&2
	rm -rf "$DEST"
	mkdir -p "$DEST"
	tar -xf "$TARBALL" -C "$DEST" --strip-components=1 \
		"${PARTS[@]/#/linux-source-6.12/}"
	touch "$DEST/.complete"
fi
echo "$DEST"
