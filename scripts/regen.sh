#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Check Documentation/netlink/specs/vfmgr.yaml against the kernel's
# genetlink schema and generate the netlink code from it with the
# kernel's YNL generator (tools/net/ynl/ynl-gen-c.py from
# linux-source-6.12): the uapi header, and the kernel policy and ops
# tables.
#
# Usage: scripts/regen.sh           rewrite the generated files
#        scripts/regen.sh --check   fail if they are not what the spec makes
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
KSRC=$(bash "$ROOT/scripts/ksrc.sh")
SPEC=Documentation/netlink/specs/vfmgr.yaml
OUTS=(uapi/linux/vfmgr.h driver/netlink-gen.h driver/netlink-gen.c)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The generator reads the schema from the spec's parent directory and
# looks for MAINTAINERS above it: give it a tree of its own.
mkdir -p "$tmp/tree/Documentation/netlink/specs" "$tmp/out/uapi/linux" "$tmp/out/driver"
cp "$ROOT/MAINTAINERS" "$tmp/tree/"
cp "$KSRC/Documentation/netlink/genetlink.yaml" "$tmp/tree/Documentation/netlink/"
cp "$ROOT/$SPEC" "$tmp/tree/$SPEC"

gen()
{
	python3 "$KSRC/tools/net/ynl/ynl-gen-c.py" --spec "$tmp/tree/$SPEC" "$@"
}

# The generator names the spec by the path it was given; name it by ours.
fix_paths()
{
	sed -i "s|$tmp/tree/||g" "$1"
}

# The spec must be valid against the kernel's genetlink schema.
python3 - "$KSRC/tools/net/ynl" "$tmp/tree/$SPEC" \
	"$tmp/tree/Documentation/netlink/genetlink.yaml" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
from lib import SpecFamily
SpecFamily(sys.argv[2], sys.argv[3])
PY

gen --mode uapi --header -o "$tmp/out/uapi/linux/vfmgr.h"
(cd "$tmp/out/driver" && gen --mode kernel --header -o netlink-gen.h &&
 gen --mode kernel --source -o netlink-gen.c)
for f in "${OUTS[@]}"; do
	fix_paths "$tmp/out/$f"
done

if [ "${1:-}" = --check ]; then
	stale=0
	for f in "${OUTS[@]}"; do
		if ! cmp -s "$tmp/out/$f" "$ROOT/$f"; then
			echo "regen: $f is not what $SPEC generates; run 'make regen'" >&2
			diff -u "$ROOT/$f" "$tmp/out/$f" | head -n 20 >&2 || true
			stale=1
		fi
	done
	exit $stale
fi
for f in "${OUTS[@]}"; do
	cp "$tmp/out/$f" "$ROOT/$f"
done
echo "regen: wrote ${OUTS[*]}"
