#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Prints vfmgr's udev rule, 70-vfmgr.rules.in next to this script, for a
# vfctl and a saved configuration at the paths given:
#
#   udev/render-rule.sh VFCTL CONF
#   udev/render-rule.sh /usr/local/sbin/vfctl /etc/vfmgr/vfmgr.conf
#
# "make install" installs it this way; a test can point it at its own
# vfctl and file. Both paths must be absolute and made of letters, digits
# and / . _ + - alone: udev splits RUN on blanks and expands % and $.
# Exits 2 on a usage error, with nothing on stdout.

set -eu

if [ "$#" -ne 2 ]; then
	echo "usage: render-rule.sh VFCTL CONF (absolute paths)" >&2
	exit 2
fi
for path in "$1" "$2"; do
	case $path in
	/*) ;;
	*)
		echo "render-rule.sh: \"$path\" is not an absolute path" >&2
		exit 2
		;;
	esac
	case $path in
	*[!/._+[:alnum:]-]*)
		echo "render-rule.sh: \"$path\": only letters, digits and / . _ + - may be used" >&2
		exit 2
		;;
	esac
done

template=$(dirname "$0")/70-vfmgr.rules.in
sed -e "s|@VFCTL@|$1|g" -e "s|@CONF@|$2|g" "$template"
