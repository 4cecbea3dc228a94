#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The static gate: the checks that need no VM.  Each must find nothing.
#   build       the module from scratch against each kernel (default:
#               Debian's 6.1 and 6.12 headers) with W=1 and sparse on
#               every file (C=2); any warning or error line fails
#   checkpatch  --strict on the module's C files and headers, generated
#               ones included
#   ShellCheck  every shell script in the tree
#   kernel-doc  -none -Wall on the module's C files and headers
#   regen       the files generated from the netlink spec (uapi header,
#               kernel tables, vfctl's tables, the spec's page) are what
#               the spec makes
#   call graph  no file of the module or of vfctl calls a function of a
#               file that calls back into it (scripts/callgraph.py on the
#               objects just built)
#   dkms.conf   its PACKAGE_VERSION is the VERSION file's
# Every check runs even when an earlier one failed; the exit status is 1
# if any found something.  Build logs are kept in .cache/static/.
#
# Usage: scripts/static-check.sh [KDIR...]
set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/.cache/static
cd "$ROOT" || exit 1

say() { printf 'static: %s\n' "$*"; }
took() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f s", b - a }'; }

failed=()
t0=$EPOCHREALTIME

# result NAME STATUS START: report one check.
result()
{
	if [ "$2" -eq 0 ]; then
		say "$1: ok ($(took "$3"))"
	else
		say "$1: FAILED ($(took "$3"))"
		failed+=("$1")
	fi
}

KSRC=$(bash scripts/ksrc.sh) || exit 1
mkdir -p "$OUT"

# The newest headers of a Debian kernel series: 6.1.0- or 6.12.
newest_headers()
{
	local d best=

	for d in /usr/src/linux-headers-"$1"*-amd64; do
		[ -f "$d/Makefile" ] && best=$(printf '%s\n%s\n' "$best" "$d" | sed '/^$/d' | sort -V | tail -n 1)
	done
	printf '%s\n' "$best"
}

if [ $# -gt 0 ]; then
	kdirs=("$@")
else
	kdirs=()
	for series in 6.1.0- 6.12.; do
		d=$(newest_headers "$series")
		if [ -n "$d" ]; then
			kdirs+=("$d")
		else
			say "no linux-headers-$series*-amd64 in /usr/src (run 'make deps')"
			failed+=("headers $series")
		fi
	done
fi

# Builds run on a copy of the module's sources, so that every file is
# compiled (warnings only show when a file is) and the work tree's own
# build is left alone.
# shellcheck disable=SC2207 # paths without spaces
srcs=($(make -s --no-print-directory dkms-files))
for kdir in "${kdirs[@]}"; do
	t=$EPOCHREALTIME
	name=$(basename "$kdir")
	dir=$OUT/$name
	log=$OUT/$name.log
	rm -rf "$dir"
	mkdir -p "$dir"
	tar -cf - "${srcs[@]}" | tar -xf - -C "$dir"
	make -C "$dir" -j"$(nproc)" module KDIR="$kdir" W=1 C=2 >"$log" 2>&1
	rc=$?
	# gcc, sparse, objtool and modpost findings alike.
	if grep -Eq '(warning|error|WARNING|ERROR)[: ]' "$log"; then
		grep -E '(warning|error|WARNING|ERROR)[: ]' "$log"
		rc=1
	elif [ $rc -ne 0 ]; then
		tail -n 20 "$log"
	fi
	result "build $name W=1 C=2" "$rc" "$t"
	last_build=$dir
done

# One way only: the module's objects from the last build above.
t=$EPOCHREALTIME
if [ -n "${last_build:-}" ]; then
	python3 scripts/callgraph.py "$last_build"/driver/*.o "$last_build"/driver/*/*.o
	result "call graph of driver/" $? "$t"
fi

t=$EPOCHREALTIME
bash scripts/regen.sh --check
result "regen --check" $? "$t"

kernel_files=(driver/*.[ch] driver/*/*.[ch] uapi/linux/*.h)

t=$EPOCHREALTIME
out=$("$KSRC/scripts/checkpatch.pl" --no-tree --strict --show-types --quiet \
	--ignore FILE_PATH_CHANGES -f "${kernel_files[@]}" 2>&1)
rc=$?
[ -n "$out" ] && { printf '%s\n' "$out"; rc=1; }
result checkpatch "$rc" "$t"

# Userspace C: vfctl and the selftests' programs, warnings as errors.
t=$EPOCHREALTIME
rm -rf "$OUT/tree" && mkdir -p "$OUT/tree/tools" &&
	cp -r uapi "$OUT/tree/" && cp -r tools/vfctl "$OUT/tree/tools/" &&
	make -s -C "$OUT/tree/tools/vfctl" clean >/dev/null &&
	make -s -C "$OUT/tree/tools/vfctl" CFLAGS="-O2 -Werror" VFCTL_VERSION=static >/dev/null &&
	gcc -O2 -Wall -Wextra -Werror -o "$OUT/vfio-client" selftests/vfio-client.c &&
	gcc -O2 -Wall -Wextra -Werror -o "$OUT/aer-inject" selftests/aer-inject.c
result "userspace C, -Wall -Wextra -Werror" $? "$t"

t=$EPOCHREALTIME
python3 scripts/callgraph.py "$OUT"/tree/tools/vfctl/*.o
result "call graph of tools/vfctl/" $? "$t"

# Shell scripts: *.sh, and files whose first line starts a shell.
t=$EPOCHREALTIME
if [ -d .git ]; then
	files=$(git ls-files -co --exclude-standard)
else
	files=$(find . -path ./.cache -prune -o -type f -print | sed 's|^\./||')
fi
scripts=()
while IFS= read -r f; do
	[ -f "$f" ] || continue
	case $f in
	*.sh) scripts+=("$f") ;;
	*)
		if head -n 1 "$f" | grep -Eq '^#!.*[/ ](ba|da)?sh( |$)'; then
			scripts+=("$f")
		fi
		;;
	esac
done <<<"$files"
shellcheck -x "${scripts[@]}"
result "shellcheck (${#scripts[@]} scripts)" $? "$t"

t=$EPOCHREALTIME
out=$(perl "$KSRC/scripts/kernel-doc" -none -Wall -Werror "${kernel_files[@]}" 2>&1)
rc=$?
[ -n "$out" ] && { printf '%s\n' "$out"; rc=1; }
result kernel-doc "$rc" "$t"

t=$EPOCHREALTIME
# dkms.conf carries the release itself (DKMS's own install steps do not
# run make), so it must be the VERSION file's.
dkms_version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' dkms.conf)
if [ "$dkms_version" = "$(cat VERSION)" ]; then
	rc=0
else
	say "dkms.conf has PACKAGE_VERSION \"$dkms_version\", VERSION has $(cat VERSION)"
	rc=1
fi
result "dkms.conf version" "$rc" "$t"

if [ ${#failed[@]} -gt 0 ]; then
	say "FAILED: ${failed[*]} ($(took "$t0"))"
	exit 1
fi
say "all clean ($(took "$t0"))"
